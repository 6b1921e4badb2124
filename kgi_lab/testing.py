"""Assert helpers and peer-tool builders for tests, validation scripts and benchmarks
(as ``xarray.testing``): one place for the comparisons kgi_lab makes against its peers."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["assert_max_relative_difference", "max_relative_difference", "pvwatts_modelchain"]


def max_relative_difference(actual: Any, expected: Any, *, zero_w: float = 1e-6) -> float:
    """Largest ``|actual − expected| / |expected|`` over the elements where ``|expected|`` >
    ``zero_w``; elsewhere the two must agree to 1e-9 absolute (else ``inf`` is returned)."""
    a, b = np.asarray(actual, float), np.asarray(expected, float)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    big = np.abs(b) > zero_w
    if not np.all(np.abs(a[~big] - b[~big]) <= 1e-9):
        return float("inf")
    if not big.any():
        return 0.0
    return float(np.max(np.abs(a[big] - b[big]) / np.abs(b[big])))


def assert_max_relative_difference(actual: Any, expected: Any, rtol: float = 1e-9) -> None:
    """Assert :func:`max_relative_difference` ≤ ``rtol`` with a message giving the value."""
    value = max_relative_difference(actual, expected)
    assert value <= rtol, f"max relative difference {value:.3e} > {rtol:.1e}"


def pvwatts_modelchain(spec, location, losses):
    """pvlib ``ModelChain.with_pvwatts`` for a :class:`~kgi_lab.pv.PVSystemSpec`, the peer the
    vectorised PVWatts chain must equal (losses as :meth:`LossTree.pvwatts_losses`)."""
    import pvlib
    from pvlib.modelchain import ModelChain

    system = pvlib.pvsystem.PVSystem(
        surface_tilt=spec.surface_tilt,
        surface_azimuth=spec.surface_azimuth,
        module_parameters={"pdc0": spec.dc_capacity_kw * 1000, "gamma_pdc": spec.gamma_pdc},
        inverter_parameters={
            "pdc0": spec.ac_capacity_kw * 1000 / spec.inverter_efficiency,
            "eta_inv_nom": spec.inverter_efficiency,
        },
        temperature_model_parameters=spec.temperature_parameters,
        albedo=spec.albedo,
        losses_parameters=losses.pvwatts_losses(),
    )
    return ModelChain.with_pvwatts(system, location)
