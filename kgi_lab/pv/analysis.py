"""Summaries of model results: monthly energy, the loss waterfall, orientation sensitivity, CO2.

All functions take the :class:`xarray.Dataset` returned by :func:`kgi_lab.pv.simulate` or
:func:`kgi_lab.pv.simulate_fleet` and never re-run the model, except
:func:`tilt_azimuth_sensitivity`, which is itself a fleet run over an orientation grid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
import xarray as xr

from kgi_lab.pv.chain import simulate_fleet
from kgi_lab.pv.losses import LOSS_STAGES, LossTree
from kgi_lab.pv.systems import PVSystemSpec
from kgi_lab.weather.schema import solar_position_times

__all__ = [
    "DEFAULT_EMISSION_FACTOR_KG_PER_KWH",
    "co2_avoided_t",
    "loss_waterfall",
    "monthly_energy_kwh",
    "tilt_azimuth_sensitivity",
]

#: Grid emission factor implied by the published Kawasaki plant figures [kg-CO2/kWh]:
#: 3,100 t / 7.4 GWh = 0.419 and 5,800 t / 13.7 GWh = 0.423 (estimates); 7,000 t / 15.1 GWh =
#: 0.464 (Ogishima, first year measured). Source: ``datasets/pv_plants.yaml`` (kawasaki-facts §5).
DEFAULT_EMISSION_FACTOR_KG_PER_KWH = 0.42

_LABELS = {
    "poa_global": "transposition to the plane",
    "poa_after_iam": "reflection (IAM)",
    "dc_module": "temperature & module",
    "ac_unclipped": "inverter efficiency",
    "ac_inverter": "inverter clipping",
    "ac_grid": "delivered to the grid",
}


def monthly_energy_kwh(result: xr.Dataset) -> pd.Series | pd.DataFrame:
    """Monthly AC energy [kWh] from a result holding ``ac_power_w``.

    Each interval counts in the month of its midpoint, in the weather's own time zone (so an
    hour-ending 00:00 label on the 1st belongs to the previous month).
    """
    if "ac_power_w" not in result:
        raise ValueError("result has no 'ac_power_w' series; run simulate(..., keep='ac_power_w')")
    step_h = float(result.attrs["step_h"])
    energy = result["ac_power_w"] * step_h / 1000.0
    times = result.indexes["time"]
    label = result.attrs.get("interval_label", "beginning")
    midpoints = solar_position_times(times, label, pd.Timedelta(hours=step_h))
    energy = energy.assign_coords(time=midpoints.tz_localize(None))
    monthly = energy.resample(time="MS").sum()
    out = monthly.to_pandas()
    if isinstance(out, pd.Series):
        out.name = "ac_energy_kwh"
    return out


def loss_waterfall(result: xr.Dataset, *, per_kwp: bool = True) -> pd.DataFrame:
    """The staged loss waterfall of one system.

    Parameters
    ----------
    result : xarray.Dataset
        From :func:`kgi_lab.pv.simulate` (one system, ``stage_energy_kwh`` along ``stage``).
    per_kwp : bool
        Express energies per kWp of DC capacity, as PVsyst and SAM do (irradiation stages are
        then kWh/m²; the plane-of-array one is the reference yield Yr of IEC 61724-1).
        Otherwise kWh.

    Returns
    -------
    pandas.DataFrame
        One row per step: ``step`` (label), ``energy`` after the step, ``change`` (negative for
        a loss, positive for a gain such as transposition) and ``change_pct`` relative to the
        previous step. The first row is the horizontal irradiation.
    """
    stages = result["stage_energy_kwh"]
    if "system" in stages.dims:
        if stages.sizes["system"] != 1:
            raise ValueError("loss_waterfall takes one system; select it with .isel(system=i)")
        stages = stages.isel(system=0)
    values = stages.to_series()
    if per_kwp:
        values = values / float(result["dc_capacity_kw"])
    rows = [{"step": "horizontal irradiation", "stage": "ghi", "energy": values["ghi"]}]
    skip = {"ghi", "dc_nominal"}
    for stage, energy in values.items():
        if stage in skip:
            continue
        label = _LABELS.get(stage) or stage.replace("after_", "").replace("_", " ")
        rows.append({"step": label, "stage": stage, "energy": energy})
    table = pd.DataFrame(rows)
    prev = table["energy"].shift(1)
    table["change"] = table["energy"] - prev
    # Stages that change nothing (a zero loss, no clipping) differ only by float rounding.
    table.loc[table["change"].abs() <= 1e-12 * prev.abs(), "change"] = 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        table["change_pct"] = 100.0 * table["change"] / prev
    group = {"ghi": "irradiance", "poa_global": "irradiance", "poa_after_iam": "irradiance"}
    for stage_group, names in LOSS_STAGES.items():
        for n in names:
            group[f"after_{n}"] = stage_group
    group.update(
        dc_module="dc",
        ac_unclipped="inverter",
        ac_inverter="inverter",
        after_grid_limit="ac",
        ac_grid="ac",
    )
    table["group"] = table["stage"].map(group)
    table.attrs["units"] = "kWh/kWp" if per_kwp else "kWh"
    return table


def co2_avoided_t(
    energy_kwh: float | np.ndarray | xr.DataArray,
    emission_factor_kg_per_kwh: float = DEFAULT_EMISSION_FACTOR_KG_PER_KWH,
):
    """CO2 avoided [t] by displacing grid electricity: ``energy × factor / 1000``.

    Parameters
    ----------
    energy_kwh : numeric
        Energy delivered [kWh].
    emission_factor_kg_per_kwh : float
        Grid emission factor [kg-CO2/kWh]; default 0.42, the factor implied by the published
        Kawasaki plant estimates (see :data:`DEFAULT_EMISSION_FACTOR_KG_PER_KWH`).

    Returns
    -------
    numeric
        CO2 avoided [t], the same type as ``energy_kwh``.
    """
    if not np.isfinite(emission_factor_kg_per_kwh) or emission_factor_kg_per_kwh < 0:
        raise ValueError(
            f"emission_factor_kg_per_kwh must be >= 0, got {emission_factor_kg_per_kwh!r}"
        )
    return energy_kwh * emission_factor_kg_per_kwh / 1000.0


def tilt_azimuth_sensitivity(
    weather: pd.DataFrame,
    system: PVSystemSpec,
    location: pvlib.location.Location | None = None,
    *,
    tilts: np.ndarray | None = None,
    azimuths: np.ndarray | None = None,
    losses: LossTree | None = None,
) -> xr.DataArray:
    """Specific yield over a grid of tilts and azimuths (one fleet run).

    Parameters
    ----------
    weather : pandas.DataFrame
        Canonical weather.
    system : PVSystemSpec
        Template: capacity, DC/AC ratio, temperature coefficient, inverter, albedo, mounting.
    location : pvlib.location.Location, optional
    tilts : array_like, optional
        Surface tilts [deg]; default 0–60 in 5° steps.
    azimuths : array_like, optional
        Surface azimuths [deg], clockwise from north; default the whole compass in 15° steps.
    losses : LossTree, optional

    Returns
    -------
    xarray.DataArray
        ``specific_yield_kwh_per_kwp`` with dims (``surface_tilt``, ``surface_azimuth``).
    """
    tilts = np.arange(0, 61, 5.0) if tilts is None else np.asarray(tilts, dtype=float)
    # The whole compass by default: south of the equator the best plane faces north (0°).
    azimuths = np.arange(0, 360, 15.0) if azimuths is None else np.asarray(azimuths, float)
    tt, aa = np.meshgrid(tilts, azimuths, indexing="ij")
    frame = pd.DataFrame(
        {
            "surface_tilt": tt.ravel(),
            "surface_azimuth": aa.ravel(),
            "dc_capacity_kw": system.dc_capacity_kw,
            "dc_ac_ratio": system.dc_ac_ratio,
            "gamma_pdc": system.gamma_pdc,
            "inverter_efficiency": system.inverter_efficiency,
            "albedo": system.albedo,
            "mounting": system.mounting,
        }
    )
    res = simulate_fleet(weather, frame, location, losses=losses, keep=())
    values = res["specific_yield_kwh_per_kwp"].to_numpy().reshape(tt.shape)
    return xr.DataArray(
        values,
        dims=("surface_tilt", "surface_azimuth"),
        coords={"surface_tilt": tilts, "surface_azimuth": azimuths},
        name="specific_yield_kwh_per_kwp",
        attrs={"units": "kWh kWp-1", "long_name": "specific yield"},
    )
