"""The vectorised PV model chain: one system or thousands, on (time × system) arrays.

Two presets:

``"pvwatts"``
    pvlib's PVWatts-v5 chain (``ModelChain.with_pvwatts``): Perez transposition (1990
    all-sites coefficients), physical (Fresnel) IAM on beam, no spectral loss, SAPM cell
    temperature, ``pvwatts_dc`` and the PVWatts inverter.
``"detailed"``
    CEC single-diode module (``calcparams_cec`` + Lambert-W), Sandia inverter, SAPM cell
    temperature, physical IAM, Perez transposition; modules in strings from the CEC library.

Both presets call the same pvlib functions that :class:`pvlib.modelchain.ModelChain` calls, in
the same order, but on 2-D arrays: the sun's position, extraterrestrial irradiance and air mass
are computed once per site and time index and broadcast over the ``system`` axis. The result
equals a loop of ``ModelChain`` over the systems (asserted to ≤ 1e-9 relative in the tests) and
is 20–50× faster. Systems are processed in blocks (``block_size``) so memory stays bounded.

Losses follow the staged :class:`~kgi_lab.pv.losses.LossTree`: irradiance losses act on the
effective irradiance, DC losses on DC power, then the inverter, then AC losses and the plant's
grid limit. The energy after every stage is summed per system (``stage_energy_kwh``), which is
what the loss waterfall shows.

Time convention: weather values are interval means; the sun is evaluated at the interval
midpoint (:func:`kgi_lab.weather.schema.solar_position_times`); energy = mean power × step.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pvlib
import xarray as xr

from kgi_lab.pv.losses import LOSS_STAGES, LossTree
from kgi_lab.pv.systems import (
    PVSystemSpec,
    adr_inverter,
    cec_inverter,
    cec_module,
    scale_inverter,
    systems_dataset,
)
from kgi_lab.weather.schema import solar_position_times, time_step
from kgi_lab.weather.sites import location_from_weather
from kgi_lab.weather.validate import check_model_inputs

__all__ = [
    "INVERTER_MODELS",
    "PRESETS",
    "STAGES",
    "TEMPERATURE_MODELS",
    "SolarGeometry",
    "simulate",
    "simulate_fleet",
    "simulate_lifetime",
    "solar_geometry",
]

PRESETS = ("pvwatts", "detailed")

#: Energy stages summed per system, in order (all in kWh except the irradiation stages, which
#: are per kWp of DC capacity, i.e. kWh/m² × 1 kWp/(1 kW/m²)).
STAGES = (
    "ghi",
    "poa_global",
    "poa_after_iam",
    *(f"after_{name}" for name in LOSS_STAGES["irradiance"]),
    "dc_nominal",
    "dc_module",
    *(f"after_{name}" for name in LOSS_STAGES["dc"]),
    "ac_unclipped",
    "ac_inverter",
    "after_transformer",
    "after_grid_limit",
    "after_availability",
    "ac_grid",
)

_WEATHER_REQUIRED = ("ghi", "dni", "dhi", "temp_air", "wind_speed")


@dataclass(frozen=True)
class SolarGeometry:
    """Sun-related inputs shared by every system at one site and time index."""

    times: pd.DatetimeIndex  #: the weather's own labels
    interval_label: str  #: what the labels mark
    solar_times: pd.DatetimeIndex  #: where the sun was evaluated (interval midpoints)
    step_h: float  #: interval length [h]
    apparent_zenith: np.ndarray  #: [deg]
    azimuth: np.ndarray  #: [deg]
    dni_extra: np.ndarray  #: [W/m²]
    airmass_relative: np.ndarray  #: [-]
    location: pvlib.location.Location


def _check_weather(weather: pd.DataFrame, interval_label: str | None) -> str:
    if not isinstance(weather, pd.DataFrame):
        raise TypeError(f"weather must be a DataFrame, got {type(weather).__name__}")
    missing = [c for c in _WEATHER_REQUIRED if c not in weather.columns]
    if missing:
        raise ValueError(f"weather is missing column(s) {missing}; required {_WEATHER_REQUIRED}")
    if not isinstance(weather.index, pd.DatetimeIndex):
        raise TypeError("weather must have a DatetimeIndex")
    if weather.index.tz is None:
        raise ValueError(
            "weather has naive timestamps; pvlib would read them as UTC (Kawasaki's noon sun at "
            "03:00). Localise the index, e.g. weather.tz_localize('Asia/Tokyo')"
        )
    label = interval_label or weather.attrs.get("interval_label")
    if label is None:
        raise ValueError(
            "the weather does not state its interval label; set weather.attrs['interval_label'] "
            "or pass interval_label= ('beginning', 'ending', 'center' or 'instantaneous')"
        )
    for col in _WEATHER_REQUIRED:
        values = weather[col].to_numpy(dtype=float)
        if np.isnan(values).any():
            first = weather.index[np.flatnonzero(np.isnan(values))[0]]
            raise ValueError(
                f"weather column {col!r} has {int(np.isnan(values).sum())} NaN value(s), first at "
                f"{first}; repair it with kgi_lab.weather.validate_weather(repair=True)"
            )
    return label


def solar_geometry(
    weather: pd.DataFrame,
    location: pvlib.location.Location | None = None,
    *,
    interval_label: str | None = None,
    solar_position_method: str = "nrel_numpy",
    airmass_model: str = "kastenyoung1989",
) -> SolarGeometry:
    """Solar position, extraterrestrial DNI and relative air mass, once per site and index.

    Parameters are those of :func:`simulate`. The solar position uses the weather's pressure
    and air temperature for refraction, as ``ModelChain`` does.
    """
    label = _check_weather(weather, interval_label)
    location = location if location is not None else location_from_weather(weather)
    check_model_inputs(weather)  # index order, units, kelvin, signs: before the step check
    step = time_step(weather.index)
    solar_times = solar_position_times(weather.index, label, step)
    kwargs = {"temperature": weather["temp_air"].to_numpy(dtype=float)}
    if "pressure" in weather.columns:
        kwargs["pressure"] = weather["pressure"].to_numpy(dtype=float)
    with warnings.catch_warnings():
        # pandas 3 deprecates DatetimeIndex.dayofyear, which pvlib 0.16 still calls.
        warnings.filterwarnings("ignore", message=r"DatetimeIndex\.dayofyear is deprecated")
        solpos = location.get_solarposition(solar_times, method=solar_position_method, **kwargs)
        airmass = location.get_airmass(solar_position=solpos, model=airmass_model)
        dni_extra = pvlib.irradiance.get_extra_radiation(solar_times)
    check_model_inputs(
        weather,
        solar_elevation_deg=solpos["apparent_elevation"].to_numpy(),
        dni_extra=np.asarray(dni_extra, dtype=float),
    )
    return SolarGeometry(
        times=weather.index,
        interval_label=label,
        solar_times=solar_times,
        step_h=step / pd.Timedelta(hours=1),
        apparent_zenith=solpos["apparent_zenith"].to_numpy(),
        azimuth=solpos["azimuth"].to_numpy(),
        dni_extra=np.asarray(dni_extra, dtype=float),
        airmass_relative=airmass["airmass_relative"].to_numpy(),
        location=location,
    )


# --------------------------------------------------------------------------------------------
# numpy kernels on one block of systems


def _col(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=float)[:, None]


def _row(a: Any) -> np.ndarray:
    return np.atleast_1d(np.asarray(a, dtype=float))[None, :]


_POA_KEYS = ("poa_global", "poa_direct", "poa_diffuse")


def _irradiance_block(
    sun: dict[str, np.ndarray],
    wx: dict[str, np.ndarray],
    p: dict[str, np.ndarray],
    temperature_model: str = "sapm",
) -> dict[str, np.ndarray]:
    """Plane-of-array irradiance, reflection losses and cell temperature.

    The calls are those of :func:`pvlib.irradiance.get_total_irradiance` (sky diffuse, ground
    diffuse, angle of incidence, components), with the angle of incidence computed once and
    shared with the IAM, as ModelChain computes the same quantity twice.
    """
    tilt, azim = _row(p["surface_tilt"]), _row(p["surface_azimuth"])
    zen, sun_az = _col(sun["apparent_zenith"]), _col(sun["azimuth"])
    dni, ghi = _col(wx["dni"]), _col(wx["ghi"])
    sky = pvlib.irradiance.get_sky_diffuse(
        tilt,
        azim,
        zen,
        sun_az,
        dni,
        ghi,
        _col(wx["dhi"]),
        dni_extra=_col(sun["dni_extra"]),
        airmass=_col(sun["airmass_relative"]),
        model="perez",
        model_perez="allsitescomposite1990",
    )
    ground = pvlib.irradiance.get_ground_diffuse(tilt, ghi, _row(p["albedo"]), None)
    aoi = pvlib.irradiance.aoi(tilt, azim, zen, sun_az)
    irr = pvlib.irradiance.poa_components(aoi, dni, sky, ground)
    # Perez returns NaN where the relative air mass is undefined (sun below the horizon);
    # ModelChain carries the NaN and zero-fills the AC power. Zero-filling here gives the same AC.
    irr = {k: np.nan_to_num(np.asarray(irr[k], dtype=float), nan=0.0) for k in _POA_KEYS}
    iam = pvlib.iam.physical(aoi)
    poa_after_iam = 1 * (irr["poa_direct"] * iam + 1.0 * irr["poa_diffuse"])
    if temperature_model == "sapm":
        temp_cell = pvlib.temperature.sapm_cell(
            irr["poa_global"],
            _col(wx["temp_air"]),
            _col(wx["wind_speed"]),
            _row(p["temp_a"]),
            _row(p["temp_b"]),
            _row(p["temp_deltaT"]),
        )
    else:  # Faiman (2008) with pvlib's default coefficients u0 = 25, u1 = 6.84
        temp_cell = pvlib.temperature.faiman(
            irr["poa_global"], _col(wx["temp_air"]), _col(wx["wind_speed"])
        )
    shape = np.broadcast_shapes(zen.shape, tilt.shape)
    return {
        "poa_global": np.broadcast_to(irr["poa_global"], shape),
        "poa_direct": np.broadcast_to(irr["poa_direct"], shape),
        "poa_diffuse": np.broadcast_to(irr["poa_diffuse"], shape),
        "poa_after_iam": np.broadcast_to(poa_after_iam, shape),
        "temp_cell": np.broadcast_to(temp_cell, shape),
    }


def _pvwatts_inverter_unclipped(pdc: np.ndarray, pdc0: np.ndarray, eta_nom: np.ndarray):
    """PVWatts inverter output before the AC limit (pvlib.inverter.pvwatts without min)."""
    zeta = pdc / pdc0
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = eta_nom / 0.9637 * (-0.0162 * zeta - np.where(pdc != 0, 0.0059 / zeta, 0) + 0.9858)
    return np.maximum(0, eta * pdc)


def _dc_pvwatts(eff: np.ndarray, temp_cell: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    return pvlib.pvsystem.pvwatts_dc(
        eff, temp_cell, _row(p["dc_capacity_kw"]) * 1000.0, _row(p["gamma_pdc"])
    )


def _ac_pvwatts(dc: np.ndarray, p: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    eta = _row(p["inverter_efficiency"])
    pdc0_inv = _row(p["dc_capacity_kw"]) * 1000.0 / _row(p["dc_ac_ratio"]) / eta
    ac = pvlib.inverter.pvwatts(dc, pdc0_inv, eta_inv_nom=eta)
    return _pvwatts_inverter_unclipped(dc, pdc0_inv, eta), ac


@dataclass(frozen=True)
class _Detailed:
    """Module and inverter parameters for the detailed preset (one system)."""

    module: pd.Series
    inverter: pd.Series
    inverter_model: str
    modules_per_string: int
    strings_per_inverter: float
    n_inverters: float


INVERTER_MODELS = ("sandia", "adr")
TEMPERATURE_MODELS = ("sapm", "faiman")


def _detailed_params(spec: PVSystemSpec, inverter_model: str = "sandia") -> _Detailed:
    """Library module and inverter for the detailed preset, the inverter rescaled to the unit
    rating, and the strings per inverter that make up ``dc_capacity_kw``."""
    if inverter_model not in INVERTER_MODELS:
        raise ValueError(f"inverter_model must be one of {INVERTER_MODELS}, got {inverter_model!r}")
    missing = [
        f
        for f in ("module", "inverter", "modules_per_string", "inverter_rating_kw")
        if getattr(spec, f) is None
    ]
    if missing:
        raise ValueError(
            f"system {spec.name!r}: the detailed preset needs {', '.join(missing)} (CEC library "
            "names, string length and unit rating); use preset='pvwatts' otherwise"
        )
    module = cec_module(spec.module)
    library = cec_inverter if inverter_model == "sandia" else adr_inverter
    inverter = scale_inverter(library(spec.inverter), spec.inverter_rating_kw * 1000.0)
    n_inverters = float(spec.n_inverters)
    n_modules = spec.dc_capacity_kw * 1000.0 / float(module["STC"])
    strings = n_modules / spec.modules_per_string / n_inverters
    if inverter_model == "sandia":
        eta = float(inverter["Paco"] / inverter["Pdco"])
        if abs(eta - spec.inverter_efficiency) > 0.01:
            warnings.warn(
                f"system {spec.name!r}: the detailed preset uses the library inverter's own "
                f"efficiency curve (Paco/Pdco = {eta:.3f}); inverter_efficiency = "
                f"{spec.inverter_efficiency} is not used",
                stacklevel=3,
            )
        low, high = float(inverter["Mppt_low"]), float(inverter["Mppt_high"])
        v_mp = float(module["V_mp_ref"]) * spec.modules_per_string
        if not low <= v_mp <= high:
            warnings.warn(
                f"system {spec.name!r}: the string's STC maximum-power voltage ({v_mp:.0f} V) is "
                f"outside the inverter's MPPT window ({low:.0f}–{high:.0f} V); the Sandia "
                "voltage terms are then extrapolated",
                stacklevel=3,
            )
    return _Detailed(
        module, inverter, inverter_model, spec.modules_per_string, strings, n_inverters
    )


def _dc_detailed(eff: np.ndarray, temp_cell: np.ndarray, d: _Detailed) -> dict[str, np.ndarray]:
    m = d.module
    il, io, rs, rsh, nnsvth = pvlib.pvsystem.calcparams_cec(
        eff,
        temp_cell,
        alpha_sc=m["alpha_sc"],
        a_ref=m["a_ref"],
        I_L_ref=m["I_L_ref"],
        I_o_ref=m["I_o_ref"],
        R_sh_ref=m["R_sh_ref"],
        R_s=m["R_s"],
        Adjust=m["Adjust"],
    )
    shape = eff.shape
    args = [np.broadcast_to(np.asarray(a, dtype=float), shape).ravel() for a in (il, io, rs, rsh)]
    args.append(np.broadcast_to(np.asarray(nnsvth, dtype=float), shape).ravel())
    with warnings.catch_warnings():
        # scipy's bracketing solver warns on the night-time rows (zero photocurrent).
        warnings.simplefilter("ignore", RuntimeWarning)
        out = pvlib.pvsystem.singlediode(*args, method="lambertw")
    v_mp = out["v_mp"].to_numpy().reshape(shape) * d.modules_per_string
    p_mp = out["p_mp"].to_numpy().reshape(shape) * (d.modules_per_string * d.strings_per_inverter)
    v_mp = np.nan_to_num(v_mp, nan=0.0)
    p_mp = np.nan_to_num(p_mp, nan=0.0)
    return {"v_mp": v_mp, "p_mp": p_mp}


def _ac_adr(p_dc: np.ndarray, v_dc: np.ndarray, inverter: pd.Series):
    """ADR inverter (Driesse et al. 2008). pvlib's ``adr`` contracts its coefficient vector
    with ``np.dot``, which needs 1-D inputs: the (time × system) arrays are flattened."""
    shape = np.broadcast_shapes(np.shape(p_dc), np.shape(v_dc))
    p1 = np.broadcast_to(p_dc, shape).ravel()
    v1 = np.broadcast_to(v_dc, shape).ravel()
    unlimited = inverter.copy()
    unlimited["Pacmax"] = np.inf
    with np.errstate(invalid="ignore", divide="ignore"):  # zero voltage at night
        ac = pvlib.inverter.adr(v1, p1, inverter)
        unclipped = pvlib.inverter.adr(v1, p1, unlimited)
    # ADR gives NaN where the DC voltage is outside its range (±10 %): no output there.
    ac = np.nan_to_num(ac, nan=0.0).reshape(shape)
    unclipped = np.where(np.isnan(unclipped), 0.0, unclipped).reshape(shape)
    return unclipped, ac


def _ac_sandia(p_dc: np.ndarray, v_dc: np.ndarray, inverter: pd.Series):
    ac = pvlib.inverter.sandia(v_dc, p_dc, inverter)
    c = inverter
    a = c["Pdco"] * (1 + c["C1"] * (v_dc - c["Vdco"]))
    b = c["Pso"] * (1 + c["C2"] * (v_dc - c["Vdco"]))
    cc = c["C0"] * (1 + c["C3"] * (v_dc - c["Vdco"]))
    unclipped = (c["Paco"] / (a - b) - cc * (a - b)) * (p_dc - b) + cc * (p_dc - b) ** 2
    unclipped = np.where(p_dc < c["Pso"], ac, unclipped)
    return unclipped, ac


def _run_block(
    geo: SolarGeometry,
    wx: dict[str, np.ndarray],
    p: dict[str, np.ndarray],
    losses: LossTree,
    preset: str,
    keep: tuple[str, ...],
    detailed: _Detailed | None = None,
    temperature_model: str = "sapm",
) -> dict[str, np.ndarray]:
    """Run the chain for one block of systems. Returns kept time series (time × system) and
    ``stage_energy_kwh`` (stage × system).

    Only the intervals with some irradiance are computed; in the others every plane-of-array
    quantity and DC power is exactly zero, the cell is at air temperature (SAPM and Faiman
    with zero irradiance) and the inverter gives 0 (PVWatts) or its night tare −Pnt (Sandia,
    ADR), which is what the element-wise pvlib functions return there. Results are therefore
    identical to a computation over all intervals, at about half the cost.

    The AC side runs: inverter (efficiency, clipping) → transformer loss → grid limit
    (``ac_limit_kw``) → availability. Availability is a share of time, so it scales what the
    grid limit lets through.
    """
    n_t, n_s = len(geo.times), len(np.atleast_1d(p["surface_tilt"]))
    active = np.flatnonzero((wx["ghi"] > 0) | (wx["dni"] > 0) | (wx["dhi"] > 0))
    sun = {
        "apparent_zenith": geo.apparent_zenith[active],
        "azimuth": geo.azimuth[active],
        "dni_extra": geo.dni_extra[active],
        "airmass_relative": geo.airmass_relative[active],
    }
    wx_day = {k: v[active] for k, v in wx.items()}
    irr = _irradiance_block(sun, wx_day, p, temperature_model)
    k_irr = losses.factor("irradiance")
    k_dc = losses.factor("dc")
    k_tr = 1.0 - losses.transformer / 100.0
    k_av = 1.0 - losses.availability / 100.0
    eff = irr["poa_after_iam"] * k_irr
    if preset == "pvwatts":
        dc_module = _dc_pvwatts(eff, irr["temp_cell"], p)
        dc = dc_module * k_dc
        ac_unclipped, ac_inv = _ac_pvwatts(dc, p)
        night_ac = 0.0
    else:
        assert detailed is not None
        dcd = _dc_detailed(eff, irr["temp_cell"], detailed)
        dc_module = dcd["p_mp"]
        dc = dc_module * k_dc
        inverter_fn = _ac_sandia if detailed.inverter_model == "sandia" else _ac_adr
        ac_unclipped, ac_inv = inverter_fn(dc, dcd["v_mp"], detailed.inverter)
        n_inv = detailed.n_inverters
        dc_module, dc = dc_module * n_inv, dc * n_inv
        ac_unclipped, ac_inv = ac_unclipped * n_inv, ac_inv * n_inv
        night_ac = -abs(float(detailed.inverter["Pnt"])) * n_inv

    ac_inv = np.nan_to_num(ac_inv, nan=0.0)
    limit_w = np.nan_to_num(_row(p["ac_limit_kw"]) * 1000.0, nan=np.inf)
    ac_limited = np.minimum(ac_inv * k_tr, limit_w)
    night_limited = np.minimum(night_ac * k_tr, limit_w)
    ac = ac_limited * k_av
    night_grid = night_limited * k_av
    day_series = {
        "poa_global": (irr["poa_global"], 0.0),
        "poa_direct": (irr["poa_direct"], 0.0),
        "poa_diffuse": (irr["poa_diffuse"], 0.0),
        "poa_after_iam": (irr["poa_after_iam"], 0.0),
        "effective_irradiance": (eff, 0.0),
        "temp_cell": (irr["temp_cell"], _col(wx["temp_air"])),
        "dc_module": (dc_module, 0.0),
        "dc_power_w": (dc, 0.0),
        "ac_unclipped": (ac_unclipped, night_ac),
        "ac_inverter": (ac_inv, night_ac),
        "ac_limited": (ac_limited, night_limited),
        "ac_power_w": (ac, night_grid),
    }
    hours = geo.step_h
    n_night = n_t - len(active)
    dc_kw = _row(p["dc_capacity_kw"])[0]

    def total(name):  # kWh per system, the night intervals included
        day, night = day_series[name]
        night_sum = np.broadcast_to(night, (1, n_s))[0] * n_night if n_night else 0.0
        return (np.sum(day, axis=0) + night_sum) * hours / 1000.0

    poa_iam = total("poa_after_iam") * dc_kw
    stages = {
        "ghi": np.broadcast_to(np.sum(wx["ghi"]) * hours / 1000.0 * dc_kw, dc_kw.shape),
        "poa_global": total("poa_global") * dc_kw,
        "poa_after_iam": poa_iam,
    }
    running = poa_iam
    for name, value in losses.items("irradiance").items():
        running = running * (1 - value / 100.0)
        stages[f"after_{name}"] = running
    stages["dc_nominal"] = running
    stages["dc_module"] = total("dc_module")
    running = stages["dc_module"]
    for name, value in losses.items("dc").items():
        running = running * (1 - value / 100.0)
        stages[f"after_{name}"] = running
    stages["ac_unclipped"] = total("ac_unclipped")
    stages["ac_inverter"] = total("ac_inverter")
    stages["after_transformer"] = stages["ac_inverter"] * k_tr
    stages["after_grid_limit"] = total("ac_limited")
    stages["after_availability"] = total("ac_power_w")
    stages["ac_grid"] = stages["after_availability"]
    out: dict[str, np.ndarray] = {
        "stage_energy_kwh": np.stack([np.asarray(stages[s], dtype=float) for s in STAGES]),
        "poa_global_kwh_m2": total("poa_global"),
    }
    for name in keep:
        day, night = day_series[name]
        series = np.empty((n_t, n_s), dtype=float)
        series[:] = night
        series[active] = day
        out[name] = series
    return out


_SERIES_ATTRS = {
    "ac_power_w": {"units": "W", "long_name": "AC power delivered (after AC losses)"},
    "dc_power_w": {"units": "W", "long_name": "DC power at the inverter input"},
    "effective_irradiance": {"units": "W m-2", "long_name": "effective POA irradiance"},
    "temp_cell": {"units": "degC", "long_name": "cell temperature (SAPM)"},
    "poa_global": {"units": "W m-2", "long_name": "plane-of-array global irradiance"},
    "poa_direct": {"units": "W m-2", "long_name": "plane-of-array beam irradiance"},
    "poa_diffuse": {"units": "W m-2", "long_name": "plane-of-array diffuse irradiance"},
}
SERIES = tuple(_SERIES_ATTRS)


def _weather_arrays(weather: pd.DataFrame) -> dict[str, np.ndarray]:
    return {c: weather[c].to_numpy(dtype=float) for c in _WEATHER_REQUIRED}


def _check_keep(keep) -> tuple[str, ...]:
    keep = (keep,) if isinstance(keep, str) else tuple(keep)
    bad = [k for k in keep if k not in _SERIES_ATTRS]
    if bad:
        raise ValueError(f"keep: unknown series {bad}; choose from {list(_SERIES_ATTRS)}")
    return keep


def _check_preset(preset: str) -> str:
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {PRESETS}, got {preset!r}")
    return preset


def _finish(
    blocks: list[dict[str, np.ndarray]],
    systems: xr.Dataset,
    geo: SolarGeometry,
    keep: tuple[str, ...],
    losses: LossTree,
    preset: str,
) -> xr.Dataset:
    def cat(name, axis=-1):
        parts = [b[name] for b in blocks]
        return parts[0] if len(parts) == 1 else _concat(parts, axis)

    data = {name: (("time", "system"), cat(name), _SERIES_ATTRS[name]) for name in keep}
    stage = cat("stage_energy_kwh")
    poa = cat("poa_global_kwh_m2")
    energy = stage[STAGES.index("ac_grid")]
    dc_kw = systems["dc_capacity_kw"].data
    data["stage_energy_kwh"] = (
        ("stage", "system"),
        stage,
        {"units": "kWh", "long_name": "energy after each stage (irradiation stages × kWp)"},
    )
    data["poa_global_kwh_m2"] = ("system", poa, {"units": "kWh m-2"})
    data["ac_energy_kwh"] = ("system", energy, {"units": "kWh", "long_name": "AC energy"})
    data["specific_yield_kwh_per_kwp"] = (
        "system",
        energy / dc_kw,
        {"units": "kWh kWp-1", "long_name": "final yield Yf (IEC 61724-1)"},
    )
    # IEC 61724-1: PR = Yf / Yr, with the reference yield Yr = H_poa / G_stc (1 kW/m²).
    data["performance_ratio"] = (
        "system",
        energy / dc_kw / poa,
        {"units": "1", "long_name": "performance ratio Yf/Yr (IEC 61724-1)"},
    )
    coords = {"time": geo.times, "stage": list(STAGES)}
    coords.update({k: v.variable for k, v in systems.coords.items()})
    coords.update({k: v.variable for k, v in systems.data_vars.items()})
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(
        {
            "preset": preset,
            "losses": str(losses.to_dict()),
            "interval_label": geo.interval_label,
            "interval_label_note": "values are interval means; sun at the interval midpoint",
            "step_h": geo.step_h,
            "latitude": geo.location.latitude,
            "longitude": geo.location.longitude,
            "altitude_m": geo.location.altitude,
            "tz": str(geo.times.tz),
        }
    )
    return ds


def _concat(parts, axis):
    if any(hasattr(p, "dask") for p in parts):
        import dask.array as da

        return da.concatenate(parts, axis=axis)
    return np.concatenate(parts, axis=axis)


def simulate_fleet(
    weather: pd.DataFrame,
    systems: xr.Dataset | pd.DataFrame | list[PVSystemSpec],
    location: pvlib.location.Location | None = None,
    *,
    losses: LossTree | None = None,
    keep: tuple[str, ...] | str = ("ac_power_w",),
    block_size: int = 250,
    chunks: int | None = None,
    interval_label: str | None = None,
    solar_position_method: str = "nrel_numpy",
    temperature_model: str = "sapm",
) -> xr.Dataset:
    """Simulate many fixed-tilt systems at one site with the PVWatts preset.

    Parameters
    ----------
    weather : pandas.DataFrame
        Canonical weather (:mod:`kgi_lab.weather.schema`) with a tz-aware index and
        ``attrs["interval_label"]`` (or ``interval_label=``).
    systems : xarray.Dataset, DataFrame or list of PVSystemSpec
        See :func:`kgi_lab.pv.systems_dataset`. Dataset variables along ``system``.
    location : pvlib.location.Location, optional
        Defaults to the weather's ``latitude``/``longitude``/``altitude_m`` attrs.
    losses : LossTree, optional
        One loss tree for all systems (default :class:`LossTree`).
    keep : tuple of str
        Time series to return (time × system), from :data:`SERIES`. ``()`` returns only the
        per-system energies, which is what a 10⁵-rooftop sweep needs.
    block_size : int
        Systems per numpy block (bounds memory: each block holds ~10 arrays of time × block).
    chunks : int, optional
        Systems per dask task. When given (or when ``systems`` is dask-backed) the result is
        lazy and computed by the active dask scheduler (threads, processes or a
        ``dask.distributed`` client); each task runs numpy blocks of ``block_size``.
    interval_label, solar_position_method, temperature_model : see :func:`simulate`.

    Returns
    -------
    xarray.Dataset
        ``ac_power_w`` etc. (time × system), ``stage_energy_kwh`` (stage × system),
        ``ac_energy_kwh``, ``specific_yield_kwh_per_kwp``, ``performance_ratio``,
        ``poa_global_kwh_m2`` (system). System parameters are coordinates.

    Notes
    -----
    Equal to a loop of ``pvlib.modelchain.ModelChain.with_pvwatts`` (``losses_model='pvwatts'``
    with :meth:`LossTree.pvwatts_losses`, AC losses zero) to ≤ 1e-9 relative; see the tests.

    References
    ----------
    .. [1] A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641, 2014.
    .. [2] W. F. Holmgren, C. W. Hansen, M. A. Mikofski, "pvlib python: a python package for
       modeling solar energy systems", JOSS 3(29), 884, 2018, :doi:`10.21105/joss.00884`.
    """
    losses = LossTree() if losses is None else losses
    keep = _check_keep(keep)
    _check_choice("temperature_model", temperature_model, TEMPERATURE_MODELS)
    if block_size < 1:
        raise ValueError(f"block_size must be >= 1, got {block_size}")
    if not isinstance(systems, xr.Dataset):
        systems = systems_dataset(systems)
    geo = solar_geometry(
        weather,
        location,
        interval_label=interval_label,
        solar_position_method=solar_position_method,
    )
    wx = _weather_arrays(weather)
    is_dask = chunks is not None or any(
        getattr(v.data, "chunks", None) is not None for v in systems.data_vars.values()
    )
    if is_dask:
        return _fleet_dask(geo, wx, systems, losses, keep, block_size, chunks, temperature_model)
    params = {k: systems[k].to_numpy() for k in systems.data_vars}
    blocks = _numpy_blocks(geo, wx, params, losses, keep, block_size, temperature_model)
    return _finish(blocks, systems, geo, keep, losses, "pvwatts")


def _numpy_blocks(geo, wx, params, losses, keep, block_size, temperature_model="sapm"):
    """Run the PVWatts chain on consecutive blocks of ``block_size`` systems."""
    n = len(next(iter(params.values())))
    return [
        _run_block(
            geo,
            wx,
            {k: v[i : i + block_size] for k, v in params.items()},
            losses,
            "pvwatts",
            keep,
            temperature_model=temperature_model,
        )
        for i in range(0, n, block_size)
    ]


def _numpy_blocks_joined(geo, wx, params, losses, keep, block_size, temperature_model="sapm"):
    """:func:`_numpy_blocks` concatenated along ``system`` (one dask task's result)."""
    blocks = _numpy_blocks(geo, wx, params, losses, keep, block_size, temperature_model)
    return {k: np.concatenate([b[k] for b in blocks], axis=-1) for k in blocks[0]}


def _fleet_dask(geo, wx, systems, losses, keep, block_size, chunks, temperature_model):
    import dask
    import dask.array as da

    systems = systems.load() if chunks is not None else systems
    n = systems.sizes["system"]
    if chunks is None:
        first = next(iter(systems.data_vars.values()))
        bounds = np.cumsum((0, *first.chunks[0]))
    else:
        if chunks < 1:
            raise ValueError(f"chunks must be >= 1, got {chunks}")
        bounds = np.unique(np.r_[np.arange(0, n, chunks), n])
    params = {k: np.asarray(systems[k].values) for k in systems.data_vars}
    run = dask.delayed(_numpy_blocks_joined, pure=True)
    geo_d = dask.delayed(geo)
    wx_d = dask.delayed(wx)
    n_t = len(geo.times)
    pieces: dict[str, list] = {k: [] for k in (*keep, "stage_energy_kwh", "poa_global_kwh_m2")}
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        part = {k: v[lo:hi] for k, v in params.items()}
        res = run(geo_d, wx_d, part, losses, keep, block_size, temperature_model)
        m = int(hi - lo)
        for k in keep:
            pieces[k].append(da.from_delayed(res[k], shape=(n_t, m), dtype=float))
        pieces["stage_energy_kwh"].append(
            da.from_delayed(res["stage_energy_kwh"], shape=(len(STAGES), m), dtype=float)
        )
        pieces["poa_global_kwh_m2"].append(
            da.from_delayed(res["poa_global_kwh_m2"], shape=(m,), dtype=float)
        )
    blocks = [{k: da.concatenate(v, axis=-1) for k, v in pieces.items()}]
    return _finish(blocks, systems, geo, keep, losses, "pvwatts")


def simulate(
    weather: pd.DataFrame,
    system: PVSystemSpec,
    location: pvlib.location.Location | None = None,
    *,
    preset: str = "pvwatts",
    losses: LossTree | None = None,
    keep: tuple[str, ...] | str = SERIES,
    interval_label: str | None = None,
    solar_position_method: str = "nrel_numpy",
    temperature_model: str = "sapm",
    inverter_model: str = "sandia",
    geometry: SolarGeometry | None = None,
) -> xr.Dataset:
    """Simulate one PV system.

    Parameters
    ----------
    weather : pandas.DataFrame
        Canonical weather: ``ghi``, ``dni``, ``dhi`` [W/m²], ``temp_air`` [°C],
        ``wind_speed`` [m/s], optional ``pressure`` [Pa]; tz-aware index; interval means.
    system : PVSystemSpec
        Orientation, sizes, temperature coefficient, mounting; for the detailed preset also the
        CEC module and inverter names, string length and unit rating.
    location : pvlib.location.Location, optional
        Defaults to the weather's site attrs.
    preset : {"pvwatts", "detailed"}
        ``"pvwatts"``: PVWatts v5 DC and inverter models [1]_. ``"detailed"``: CEC
        single-diode module [2]_ with Lambert-W solution, Sandia [3]_ or ADR [4]_ inverter.
        Both: Perez transposition [5]_, Fresnel IAM on beam, SAPM [6]_ or Faiman [7]_ cell
        temperature.
    losses : LossTree, optional
        Default :class:`LossTree` (PVWatts defaults, availability on the AC side).
    keep : tuple of str
        Time series to return (default all of :data:`SERIES`).
    interval_label : str, optional
        Overrides ``weather.attrs["interval_label"]``.
    solar_position_method : str
        pvlib solar-position method; ``"nrel_numpy"`` (SPA) as ModelChain.
    temperature_model : {"sapm", "faiman"}
        SAPM with the system's ``mounting`` parameters, or Faiman with u0 = 25 W/m²K,
        u1 = 6.84 W·s/m³K (pvlib's defaults).
    inverter_model : {"sandia", "adr"}
        Detailed preset only; the library inverter of the same name, rescaled to
        ``system.inverter_rating_kw``.
    geometry : SolarGeometry, optional
        Precomputed :func:`solar_geometry` for the same weather and site (reuse across calls).

    Returns
    -------
    xarray.Dataset
        Time series along ``time``; ``stage_energy_kwh`` along ``stage``; scalars
        ``ac_energy_kwh``, ``specific_yield_kwh_per_kwp``, ``performance_ratio``,
        ``poa_global_kwh_m2``.

    Notes
    -----
    AC power includes the inverter's night tare (−Pnt, Sandia and ADR) as a small negative
    value, as ModelChain does; AC energies are therefore net of night consumption.

    References
    ----------
    .. [1] A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641, 2014.
    .. [2] W. De Soto, S. A. Klein, W. A. Beckman, "Improvement and validation of a model for
       photovoltaic array performance", Solar Energy 80(1), 78–88, 2006,
       :doi:`10.1016/j.solener.2005.06.010`.
    .. [3] D. L. King et al., "Performance Model for Grid-Connected Photovoltaic Inverters",
       SAND2007-5036, 2007.
    .. [4] A. Driesse, P. Jain, S. Harrison, "Beyond the curves: modeling the electrical
       efficiency of photovoltaic inverters", 33rd IEEE PVSC, 2008.
    .. [5] R. Perez et al., "Modeling daylight availability and irradiance components from
       direct and global irradiance", Solar Energy 44(5), 271–289, 1990,
       :doi:`10.1016/0038-092X(90)90055-H`.
    .. [6] D. L. King, W. E. Boyson, J. A. Kratochvil, "Photovoltaic Array Performance Model",
       SAND2004-3535, 2004.
    .. [7] D. Faiman, "Assessing the outdoor operating temperature of photovoltaic modules",
       Progress in Photovoltaics 16(4), 307–315, 2008, :doi:`10.1002/pip.813`.
    .. [8] IEC 61724-1:2021, Photovoltaic system performance – Part 1: Monitoring.
    """
    preset = _check_preset(preset)
    losses = LossTree() if losses is None else losses
    keep = _check_keep(keep)
    _check_choice("temperature_model", temperature_model, TEMPERATURE_MODELS)
    if not isinstance(system, PVSystemSpec):
        raise TypeError(f"system must be a PVSystemSpec, got {type(system).__name__}")
    systems = systems_dataset([system])
    if geometry is not None and not geometry.times.equals(weather.index):
        raise ValueError("geometry was computed for another time index than this weather")
    geo = geometry or solar_geometry(
        weather,
        location,
        interval_label=interval_label,
        solar_position_method=solar_position_method,
    )
    wx = _weather_arrays(weather)
    params = {k: systems[k].to_numpy() for k in systems.data_vars}
    detailed = _detailed_params(system, inverter_model) if preset == "detailed" else None
    block = _run_block(
        geo, wx, params, losses, preset, keep, detailed, temperature_model=temperature_model
    )
    ds = _finish([block], systems, geo, keep, losses, preset).isel(system=0)
    ds.attrs["system"] = system.name
    ds.attrs["temperature_model"] = temperature_model
    if preset == "detailed":
        ds.attrs["inverter_model"] = inverter_model
    return ds


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")


def simulate_lifetime(
    weather: pd.DataFrame,
    system: PVSystemSpec,
    location: pvlib.location.Location | None = None,
    *,
    years: int = 25,
    preset: str = "pvwatts",
    losses: LossTree | None = None,
    interval_label: str | None = None,
    **model_options: Any,
) -> xr.Dataset:
    """Annual energy over a system's life with linear DC degradation.

    The same weather year is repeated (a typical year); in year ``k`` (1-based) the DC loss
    ``degradation_pct_per_year × (k − 1)`` is added to the DC stage, and the inverter and AC
    stages are re-evaluated, so clipping shrinks as the array degrades.

    Parameters
    ----------
    weather, system, location, preset, interval_label
        As for :func:`simulate`.
    years : int
        Years of operation to simulate (≥ 1).
    losses : LossTree, optional
        Its ``degradation_pct_per_year`` sets the rate; its ``years_of_operation`` is replaced
        by 0, 1, …, ``years − 1``.
    **model_options
        ``temperature_model``, ``inverter_model``, ``solar_position_method`` (see
        :func:`simulate`).

    Returns
    -------
    xarray.Dataset
        Along ``year_of_operation`` (1..years): ``ac_energy_kwh``,
        ``specific_yield_kwh_per_kwp``, ``performance_ratio``, ``degradation_pct`` and
        ``cumulative_ac_energy_kwh``.
    """
    if int(years) < 1:
        raise ValueError(f"years must be >= 1, got {years}")
    losses = LossTree() if losses is None else losses
    solar_kwargs = {}
    if "solar_position_method" in model_options:
        solar_kwargs["solar_position_method"] = model_options.pop("solar_position_method")
    geo = solar_geometry(weather, location, interval_label=interval_label, **solar_kwargs)
    rows = []
    for k in range(1, int(years) + 1):
        res = simulate(
            weather,
            system,
            preset=preset,
            losses=losses.aged(k - 1),
            keep=(),
            geometry=geo,
            **model_options,
        )
        rows.append(res[["ac_energy_kwh", "specific_yield_kwh_per_kwp", "performance_ratio"]])
    ds = xr.concat(rows, dim=pd.Index(np.arange(1, int(years) + 1), name="year_of_operation"))
    ds = ds.drop_vars([c for c in ds.coords if c not in ("year_of_operation",)])
    ds["degradation_pct"] = (
        "year_of_operation",
        losses.degradation_pct_per_year * np.arange(int(years)),
        {"units": "%"},
    )
    ds["cumulative_ac_energy_kwh"] = ds["ac_energy_kwh"].cumsum("year_of_operation")
    ds["cumulative_ac_energy_kwh"].attrs["units"] = "kWh"
    ds.attrs.update({"system": system.name, "preset": preset, "losses": str(losses.to_dict())})
    return ds
