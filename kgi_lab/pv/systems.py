"""PV system descriptions: one validated record per system, and the Kawasaki plants as data.

A :class:`PVSystemSpec` holds what the two presets need. Sizes are in kW, angles in degrees
(``surface_azimuth`` 180 = south, as pvlib), the temperature coefficient in 1/K.
The Ukishima (浮島) and Ogishima (扇島) plants are read from ``datasets/pv_plants.yaml``
(:func:`plant`), with the library modules and inverters they are matched to.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pvlib
import xarray as xr

__all__ = [
    "MOUNTINGS",
    "PVSystemSpec",
    "adr_inverter",
    "cec_inverter",
    "cec_module",
    "custom_system",
    "equator_facing_azimuth",
    "plant",
    "plant_names",
    "plants_table",
    "scale_inverter",
    "systems_dataset",
]

#: SAPM cell-temperature parameter sets accepted as ``mounting`` (pvlib.temperature).
MOUNTINGS = tuple(pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"])


@dataclass(frozen=True)
class PVSystemSpec:
    """One fixed-tilt PV system.

    Parameters
    ----------
    name : str
    surface_tilt : float
        Module tilt from horizontal [deg], 0–90.
    surface_azimuth : float
        Module azimuth [deg], clockwise from north (180 = south), 0–360.
    dc_capacity_kw : float
        Array nameplate power at STC [kWp], > 0.
    dc_ac_ratio : float
        DC nameplate over AC rating [-], > 0. ``ac_capacity_kw = dc_capacity_kw / dc_ac_ratio``.
    gamma_pdc : float
        Power temperature coefficient [1/K]; PVWatts' standard module −0.0047.
    inverter_efficiency : float
        Nominal inverter efficiency [-] (PVWatts ``eta_inv_nom``), in (0, 1].
    mounting : str
        SAPM temperature-model parameter set (one of :data:`MOUNTINGS`).
    albedo : float
        Ground reflectance [-], 0–1.
    module, inverter : str, optional
        CEC library names (``pvlib.pvsystem.retrieve_sam``) for the detailed preset. The
        inverter's Sandia (or ADR) parameters are rescaled to ``inverter_rating_kw`` (see
        :func:`scale_inverter`).
    modules_per_string : int, optional
        Modules in series (detailed preset).
    inverter_rating_kw : float, optional
        AC rating of one inverter unit [kW] (detailed preset). The number of units is
        ``ac_capacity_kw / inverter_rating_kw`` (fractional counts are allowed: the plant is
        simulated as one average inverter block and scaled), so ``dc_ac_ratio`` acts on the
        detailed preset too.
    ac_limit_kw : float, optional
        Grid-connection limit [kW] ("maximum output"), applied after the transformer and before
        availability (an outage removes a share of the *delivered* energy).
    metadata : dict
        Provenance and free notes; not used in computations.
    """

    name: str = "system"
    surface_tilt: float = 20.0
    surface_azimuth: float = 180.0
    dc_capacity_kw: float = 1.0
    dc_ac_ratio: float = 1.2
    gamma_pdc: float = -0.0047
    inverter_efficiency: float = 0.96
    mounting: str = "open_rack_glass_polymer"
    albedo: float = 0.2
    module: str | None = None
    inverter: str | None = None
    modules_per_string: int | None = None
    inverter_rating_kw: float | None = None
    ac_limit_kw: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        _check_range(self.name, "surface_tilt", self.surface_tilt, 0.0, 90.0, "deg")
        _check_range(self.name, "surface_azimuth", self.surface_azimuth, 0.0, 360.0, "deg")
        _check_positive(self.name, "dc_capacity_kw", self.dc_capacity_kw)
        _check_positive(self.name, "dc_ac_ratio", self.dc_ac_ratio)
        _check_range(self.name, "gamma_pdc", self.gamma_pdc, -0.02, 0.005, "1/K")
        _check_range(self.name, "inverter_efficiency", self.inverter_efficiency, 0.5, 1.0, "-")
        _check_range(self.name, "albedo", self.albedo, 0.0, 1.0, "-")
        if self.inverter_rating_kw is not None:
            _check_positive(self.name, "inverter_rating_kw", self.inverter_rating_kw)
        if self.ac_limit_kw is not None:
            _check_positive(self.name, "ac_limit_kw", self.ac_limit_kw)
        if self.mounting not in MOUNTINGS:
            raise ValueError(
                f"system {self.name!r}: mounting must be one of {list(MOUNTINGS)}, "
                f"got {self.mounting!r}"
            )
        if self.modules_per_string is not None and self.modules_per_string < 1:
            raise ValueError(
                f"system {self.name!r}: modules_per_string must be >= 1, "
                f"got {self.modules_per_string}"
            )

    @property
    def ac_capacity_kw(self) -> float:
        """AC rating [kW] = ``dc_capacity_kw / dc_ac_ratio``."""
        return self.dc_capacity_kw / self.dc_ac_ratio

    @property
    def n_inverters(self) -> float | None:
        """Inverter units, ``ac_capacity_kw / inverter_rating_kw`` (None without a rating)."""
        if self.inverter_rating_kw is None:
            return None
        return self.ac_capacity_kw / self.inverter_rating_kw

    @property
    def temperature_parameters(self) -> dict[str, float]:
        """SAPM cell-temperature parameters ``a``, ``b``, ``deltaT``."""
        return dict(pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"][self.mounting])

    def replace(self, **changes: Any) -> PVSystemSpec:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check_positive(name: str, param: str, value: Any) -> None:
    try:
        ok = float(value) > 0 and math.isfinite(float(value))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"system {name!r}: {param} must be a positive number, got {value!r}")


def _check_range(name: str, param: str, value: Any, lo: float, hi: float, unit: str) -> None:
    try:
        ok = lo <= float(value) <= hi
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"system {name!r}: {param} must lie in [{lo}, {hi}] {unit}, got {value!r}")


@cache
def _cec_modules() -> pd.DataFrame:
    return pvlib.pvsystem.retrieve_sam("CECMod")


@cache
def _cec_inverters() -> pd.DataFrame:
    return pvlib.pvsystem.retrieve_sam("CECInverter")


def cec_module(name: str) -> pd.Series:
    """CEC module parameters from pvlib's bundled SAM library (2019-03-05)."""
    lib = _cec_modules()
    if name not in lib.columns:
        close = [c for c in lib.columns if name.lower()[:8] in c.lower()][:5]
        raise KeyError(f"module {name!r} is not in pvlib's CEC library; similar: {close}")
    return lib[name]


def cec_inverter(name: str) -> pd.Series:
    """Sandia inverter parameters from pvlib's bundled CEC inverter library (2019-03-05)."""
    lib = _cec_inverters()
    if name not in lib.columns:
        close = [c for c in lib.columns if name.lower()[:8] in c.lower()][:5]
        raise KeyError(f"inverter {name!r} is not in pvlib's CEC library; similar: {close}")
    return lib[name]


@cache
def _adr_inverters() -> pd.DataFrame:
    return pvlib.pvsystem.retrieve_sam("ADRInverter")


def adr_inverter(name: str) -> pd.Series:
    """ADR inverter parameters (Driesse 2008) from pvlib's bundled library (2019-03-05)."""
    lib = _adr_inverters()
    if name not in lib.columns:
        close = [c for c in lib.columns if name.lower()[:8] in c.lower()][:5]
        raise KeyError(f"inverter {name!r} is not in pvlib's ADR library; similar: {close}")
    return lib[name]


def scale_inverter(params: pd.Series, rating_w: float) -> pd.Series:
    """Rescale Sandia or ADR inverter parameters to another AC rating, same efficiency curve.

    Sandia (King et al. 2007): ``Paco``, ``Pdco``, ``Pso`` and ``Pnt`` scale by
    ``k = rating / Paco`` and ``C0`` by ``1/k``; the AC output then scales by ``k`` at every
    relative load and voltage, so the efficiency curve is unchanged. ADR (Driesse et al. 2008) is
    normalised by ``Pnom``: ``Pacmax``, ``Pnom`` and ``Pnt`` scale by ``k = rating / Pacmax``.

    References
    ----------
    .. [1] D. L. King et al., "Performance Model for Grid-Connected Photovoltaic Inverters",
       SAND2007-5036, Sandia National Laboratories, 2007.
    .. [2] A. Driesse, P. Jain, S. Harrison, "Beyond the curves: modeling the electrical
       efficiency of photovoltaic inverters", 33rd IEEE PVSC, 2008,
       :doi:`10.1109/PVSC.2008.4922827`.
    """
    out = params.copy()
    if "Paco" in params:
        k = float(rating_w) / float(params["Paco"])
        for key in ("Paco", "Pdco", "Pso", "Pnt"):
            out[key] = float(params[key]) * k
        out["C0"] = float(params["C0"]) / k
    elif "Pacmax" in params:
        k = float(rating_w) / float(params["Pacmax"])
        for key in ("Pacmax", "Pnom", "Pnt"):
            out[key] = float(params[key]) * k
    else:
        raise ValueError("inverter parameters are neither Sandia (Paco) nor ADR (Pacmax)")
    return out


def _plants_doc() -> dict[str, Any]:
    from kgi_lab import datasets

    return datasets.load("pv_plants")


def plant_names() -> list[str]:
    """Ids of the plants in ``datasets/pv_plants.yaml``."""
    return sorted(_plants_doc()["plants"])


def plant(name: str, **overrides: Any) -> PVSystemSpec:
    """One of the Kawasaki mega-solar plants as a :class:`PVSystemSpec`.

    The DC capacity is modules × module power; the DC/AC ratio is that over inverters × unit
    rating; ``ac_limit_kw`` is the published maximum output. ``metadata`` carries the site, the
    published estimates and measurements, and every source.

    Parameters
    ----------
    name : {"ukishima", "ogishima"}
    **overrides
        Fields to change (``surface_tilt=20``, ``dc_ac_ratio=1.3`` …). ``None`` values are
        ignored, so notebook parameters can be passed straight through. Changing
        ``dc_capacity_kw`` keeps the plant's DC/AC ratio unless that is given too.
    """
    doc = _plants_doc()["plants"]
    key = str(name).lower()
    if key not in doc:
        raise ValueError(f"plant must be one of {sorted(doc)}, got {name!r}")
    p = doc[key]
    dc_kw = p["module"]["count"] * p["module"]["power_w"] / 1000.0
    ac_kw = p["inverters"]["count"] * p["inverters"]["power_kw"]
    return PVSystemSpec(
        name=key,
        surface_tilt=float(p["surface_tilt"]),
        surface_azimuth=float(p["surface_azimuth"]),
        dc_capacity_kw=dc_kw,
        dc_ac_ratio=dc_kw / ac_kw,
        gamma_pdc=float(p["module"]["gamma_pdc_per_k"]),
        inverter_efficiency=float(p["inverters"]["efficiency"]),
        mounting=p["mounting"],
        albedo=float(p["albedo"]),
        module=p["module"]["cec_match"],
        inverter=p["inverters"]["cec_match"],
        modules_per_string=int(p["modules_per_string"]),
        inverter_rating_kw=float(p["inverters"]["power_kw"]),
        ac_limit_kw=float(p["ac_limit_kw"]),
        metadata=p,
    ).replace(**{k: v for k, v in overrides.items() if v is not None})


def equator_facing_azimuth(latitude: float) -> float:
    """Azimuth of a plane facing the equator [deg]: 180 (south) north of it, 0 (north) south."""
    return 180.0 if latitude >= 0 else 0.0


def custom_system(**fields: Any) -> PVSystemSpec:
    """A :class:`PVSystemSpec` named "custom" from fields given as notebook parameters
    (``None`` values take the defaults: 1,000 kWp, tilt 20°, DC/AC 1.2, azimuth 180°)."""
    defaults = {"name": "custom", "dc_capacity_kw": 1000.0, "surface_tilt": 20.0}
    defaults.update({k: v for k, v in fields.items() if v is not None})
    return PVSystemSpec(**defaults)


def plants_table() -> pd.DataFrame:
    """Summary of the embedded plants: capacities, estimates and first-year measurements."""
    rows = []
    for key in plant_names():
        spec = plant(key)
        meta = spec.metadata
        rows.append(
            {
                "plant": key,
                "name_ja": meta["name_ja"],
                "modules": meta["module"]["count"],
                "module_power_w": meta["module"]["power_w"],
                "dc_capacity_kw": spec.dc_capacity_kw,
                "ac_capacity_kw": spec.ac_capacity_kw,
                "dc_ac_ratio": spec.dc_ac_ratio,
                "surface_tilt": spec.surface_tilt,
                "estimate_mwh": meta["estimate"]["annual_energy_mwh"],
                "first_year_measured_mwh": meta["measured"]["first_year"]["energy_mwh"],
            }
        )
    return pd.DataFrame(rows).set_index("plant")


_SYSTEM_VARS = {
    "surface_tilt": "degree",
    "surface_azimuth": "degree",
    "dc_capacity_kw": "kW",
    "dc_ac_ratio": "1",
    "gamma_pdc": "K-1",
    "inverter_efficiency": "1",
    "albedo": "1",
    "ac_limit_kw": "kW",
}


def systems_dataset(
    systems: list[PVSystemSpec] | pd.DataFrame,
    *,
    mounting: str | None = None,
) -> xr.Dataset:
    """Many systems as an :class:`xarray.Dataset` with a ``system`` dimension.

    Parameters
    ----------
    systems : list of PVSystemSpec, or DataFrame
        A DataFrame needs the columns ``surface_tilt``, ``surface_azimuth``, ``dc_capacity_kw``;
        ``dc_ac_ratio`` (1.2), ``gamma_pdc`` (−0.0047), ``inverter_efficiency`` (0.96),
        ``albedo`` (0.2) and ``mounting`` default as in :class:`PVSystemSpec`; an optional
        ``ac_limit_kw`` (NaN = no grid limit). Extra columns
        (``ward`` …) become coordinates. Its index names the systems.
    mounting : str, optional
        Overrides the mounting of every system.

    Returns
    -------
    xarray.Dataset
        Data variables of :data:`_SYSTEM_VARS` plus SAPM ``temp_a``, ``temp_b``,
        ``temp_deltaT``, each along ``system``.
    """
    if isinstance(systems, pd.DataFrame):
        frame = pd.DataFrame(systems).copy()
        geometry = getattr(systems, "_geometry_column_name", None)
        if geometry is not None and geometry in frame.columns:
            frame = frame.drop(columns=geometry)
        required = ("surface_tilt", "surface_azimuth", "dc_capacity_kw")
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise ValueError(f"systems table is missing column(s) {missing}")
        defaults = PVSystemSpec()
        for col in ("dc_ac_ratio", "gamma_pdc", "inverter_efficiency", "albedo", "mounting"):
            if col not in frame.columns:
                frame[col] = getattr(defaults, col)
        if "ac_limit_kw" not in frame.columns:
            frame["ac_limit_kw"] = np.nan
        if mounting is not None:
            frame["mounting"] = mounting
        _validate_frame(frame)
        names = frame.index.astype(str) if frame.index.name else None
        extra = [c for c in frame.columns if c not in _SYSTEM_VARS and c != "mounting"]
    else:
        specs = list(systems)
        if not specs:
            raise ValueError("systems is empty")
        if mounting is not None:
            specs = [s.replace(mounting=mounting) for s in specs]
        frame = pd.DataFrame(
            [{k: getattr(s, k) for k in (*_SYSTEM_VARS, "mounting")} for s in specs]
        )
        frame["ac_limit_kw"] = pd.to_numeric(frame["ac_limit_kw"]).astype(float)
        names = pd.Index([s.name for s in specs])
        extra = []
    n = len(frame)
    sys_index = np.arange(n) if names is None else np.asarray(names)
    data = {
        k: ("system", frame[k].to_numpy(dtype=float), {"units": u}) for k, u in _SYSTEM_VARS.items()
    }
    params = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]
    for key, unit in (("a", "1"), ("b", "s m-1"), ("deltaT", "K")):
        values = frame["mounting"].map(lambda m, key=key: params[m][key]).to_numpy(dtype=float)
        data[f"temp_{key}"] = ("system", values, {"units": unit})
    coords = {"system": sys_index}
    for col in extra:
        coords[col] = ("system", frame[col].to_numpy())
    coords["mounting"] = ("system", frame["mounting"].to_numpy(dtype=str))
    ds = xr.Dataset(data, coords=coords)
    ds.attrs["n_systems"] = n
    return ds


def _validate_frame(frame: pd.DataFrame) -> None:
    """Row-wise validation with the offending system and field named."""
    checks = {
        "surface_tilt": (0.0, 90.0),
        "surface_azimuth": (0.0, 360.0),
        "dc_ac_ratio": (1e-9, np.inf),
        "dc_capacity_kw": (1e-12, np.inf),
        "inverter_efficiency": (0.5, 1.0),
        "albedo": (0.0, 1.0),
        "gamma_pdc": (-0.02, 0.005),
    }
    limit = pd.to_numeric(frame["ac_limit_kw"], errors="coerce").to_numpy(dtype=float)
    bad_limit = ~(np.isnan(limit) | (limit > 0))
    if bad_limit.any():
        first = frame.index[np.flatnonzero(bad_limit)[0]]
        raise ValueError(
            f"systems: ac_limit_kw must be > 0 or NaN (no limit); system {first!r} has "
            f"{frame['ac_limit_kw'].loc[first]!r}"
        )
    for col, (lo, hi) in checks.items():
        values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
        bad = ~((values >= lo) & (values <= hi))
        if bad.any():
            first = frame.index[np.flatnonzero(bad)[0]]
            raise ValueError(
                f"systems: {col} out of range [{lo}, {hi}] for {int(bad.sum())} system(s); "
                f"first: system {first!r} = {frame[col].loc[first]!r}"
            )
    bad_mount = ~frame["mounting"].isin(MOUNTINGS)
    if bad_mount.any():
        first = frame.index[np.flatnonzero(bad_mount.to_numpy())[0]]
        raise ValueError(
            f"systems: mounting must be one of {list(MOUNTINGS)}; system {first!r} has "
            f"{frame['mounting'].loc[first]!r}"
        )
