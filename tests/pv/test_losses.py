import pvlib
import pytest
from numpy.testing import assert_allclose

from kgi_lab.pv import LossTree


def test_defaults_reproduce_pvwatts_total():
    # PVWatts v5 defaults combine to 14.08 % (Dobos 2014, Table 3).
    tree = LossTree.pvwatts_defaults()
    assert_allclose(tree.total_percent(), 14.075, atol=5e-3)
    assert_allclose(
        100 * (1 - tree.factor("irradiance") * tree.factor("dc")),
        pvlib.pvsystem.pvwatts_losses(**tree.pvwatts_losses()),
        rtol=1e-12,
    )


def test_stage_factors_multiply():
    tree = LossTree(soiling=5, shading=0, snow=10, transformer=1, availability=2)
    assert_allclose(tree.factor("irradiance"), 0.95 * 0.9)
    assert_allclose(tree.factor("ac"), 0.99 * 0.98)


def test_degradation_is_linear_in_age():
    tree = LossTree(degradation_pct_per_year=0.5)
    assert tree.degradation == 0.0
    assert_allclose(tree.aged(10).degradation, 5.0)
    assert_allclose(tree.aged(10).pvwatts_losses()["age"], 5.0)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("soiling", -1, "soiling"),
        ("availability", 100, "availability"),
        ("wiring", float("nan"), "wiring"),
        ("degradation_pct_per_year", 30, "degradation_pct_per_year"),
        ("years_of_operation", -2, "years_of_operation"),
        ("lid", "a lot", "lid"),
    ],
)
def test_bad_losses_name_the_field(field, value, match):
    with pytest.raises(ValueError, match=match):
        LossTree(**{field: value})


def test_full_degradation_rejected():
    with pytest.raises(ValueError, match="reaches 100"):
        LossTree(degradation_pct_per_year=5, years_of_operation=20)
