import numpy as np
import pytest

from kgi_lab.testing import assert_max_relative_difference, max_relative_difference


def test_max_relative_difference():
    assert max_relative_difference([1.0, 2.0, 0.0], [1.0, 2.0 * (1 + 1e-12), 0.0]) == pytest.approx(
        1e-12 / (1 + 1e-12)
    )
    # near-zero expected values must agree absolutely
    assert max_relative_difference([1e-10], [0.0]) == 0.0
    assert np.isinf(max_relative_difference([1e-3], [0.0]))
    with pytest.raises(ValueError, match="shapes differ"):
        max_relative_difference([1.0], [1.0, 2.0])
    assert_max_relative_difference([1.0], [1.0])
    with pytest.raises(AssertionError, match="max relative difference"):
        assert_max_relative_difference([1.1], [1.0])
