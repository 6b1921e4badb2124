"""Cross-check against NREL SAM's PVWatts v8 (PySAM, optional ``sam`` extra).

PySAM ``Pvwattsv8`` is not the PVWatts-v5 equations pvlib implements: its DC side is a fixed
CEC single-diode module, it applies DeSoto cover reflection to all components, an air-mass
modifier, a NOCT cell temperature, a Sandia-form inverter and row self-shading from ``gcr``.
On the same weather and inputs (no losses, ``gcr`` at its minimum so self-shading vanishes), the
annual energies of the two agree within about 1 %, which :mod:`tests.pv.test_sam` asserts.

Weather goes in as a dict with a ``minute`` column of 30: SAM then evaluates the sun at the
interval midpoint, as kgi_lab does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kgi_lab.pv.systems import PVSystemSpec
from kgi_lab.weather.schema import solar_position_times, time_step

__all__ = ["pvwattsv8"]


def pvwattsv8(
    weather: pd.DataFrame,
    system: PVSystemSpec,
    location,
    *,
    losses_pct: float = 0.0,
    gcr: float = 0.01,
    module_type: int = 0,
) -> dict[str, object]:
    """Run PySAM ``Pvwattsv8`` on canonical weather for a fixed open-rack system.

    Parameters
    ----------
    weather : pandas.DataFrame
        Canonical hourly weather (:mod:`kgi_lab.weather.schema`).
    system : PVSystemSpec
        Tilt, azimuth, DC capacity, DC/AC ratio, inverter efficiency and albedo are passed on.
    location : pvlib.location.Location
    losses_pct : float
        PVWatts system losses [%].
    gcr : float
        Ground coverage ratio for SAM's row self-shading; the minimum 0.01 disables it in effect.
    module_type : int
        0 standard, 1 premium, 2 thin film.

    Returns
    -------
    dict
        ``annual_energy_kwh`` and ``ac_power_w`` (a Series on the weather's index).

    References
    ----------
    .. [1] NREL, "PVWatts Version 8", SAM documentation, 2022,
       https://nrel-pysam.readthedocs.io/en/main/modules/Pvwattsv8.html
    """
    try:
        import PySAM.Pvwattsv8 as pvwatts
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError("PySAM is not installed: pip install 'kgi_lab[sam]'") from exc
    step = time_step(weather.index)
    if step != pd.Timedelta(hours=1):
        raise ValueError(f"PVWatts v8 takes hourly weather here, got a step of {step}")
    label = weather.attrs.get("interval_label")
    if label is None:
        raise ValueError("weather has no attrs['interval_label']")
    mid = solar_position_times(weather.index, label, step)
    start = mid - pd.Timedelta(minutes=30)
    offsets = {t.utcoffset() for t in weather.index[:: max(1, len(weather) // 366)]}
    offsets |= {weather.index[-1].utcoffset()}
    if len(offsets) != 1:
        raise ValueError(
            "SAM takes one fixed UTC offset; this weather's time zone has daylight saving "
            f"({sorted(str(o) for o in offsets)}). Convert the index to standard time first"
        )
    offset_h = weather.index[0].utcoffset() / pd.Timedelta(hours=1)
    model = pvwatts.default("PVWattsNone")
    model.SolarResource.solar_resource_data = {
        "lat": float(location.latitude),
        "lon": float(location.longitude),
        "tz": float(offset_h),
        "elev": float(location.altitude),
        "year": [int(v) for v in start.year],
        "month": [int(v) for v in start.month],
        "day": [int(v) for v in start.day],
        "hour": [int(v) for v in start.hour],
        "minute": [30] * len(start),
        "dn": weather["dni"].astype(float).tolist(),
        "df": weather["dhi"].astype(float).tolist(),
        "gh": weather["ghi"].astype(float).tolist(),
        "tdry": weather["temp_air"].astype(float).tolist(),
        "wspd": weather["wind_speed"].astype(float).tolist(),
        "pres": (weather["pressure"].astype(float) / 100.0).tolist()
        if "pressure" in weather
        else [1013.25] * len(start),
        "albedo": [float(system.albedo)] * len(start),
    }
    design = model.SystemDesign
    design.system_capacity = float(system.dc_capacity_kw)
    design.dc_ac_ratio = float(system.dc_ac_ratio)
    design.tilt = float(system.surface_tilt)
    design.azimuth = float(system.surface_azimuth)
    design.inv_eff = 100.0 * float(system.inverter_efficiency)
    design.losses = float(losses_pct)
    design.array_type = 0
    design.module_type = int(module_type)
    design.gcr = float(gcr)
    model.execute()
    ac = pd.Series(
        np.asarray(model.Outputs.ac, dtype=float), index=weather.index, name="ac_power_w"
    )
    return {"annual_energy_kwh": float(model.Outputs.annual_energy), "ac_power_w": ac}
