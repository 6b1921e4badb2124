"""Pipe hydraulics: standard sizes, friction, fittings, and compressible steam lines.

- Standard steel pipe sizes (ASME B36.10M schedules 40, 80 and STD; JIS G 3454 schedules 40 and
  80) from the catalogued table ``pipe_sizes`` (:func:`pipe_size`, :func:`select_by_velocity`).
- Darcy friction factors (:func:`friction_factor`): the Colebrook (1939) equation solved to
  machine precision with Clamond's (2009) algorithm, or Churchill's (1977) all-regime
  correlation; both are numpy ports of the ``fluids`` functions (C. Bell) and are tested against
  them element by element; laminar flow is 64/Re.
- Fitting loss coefficients by the Crane TP-410 method (:func:`fittings_k`), from
  ``fluids.fittings`` and ``fluids.friction.ft_Crane``.
- Incompressible pressure drop (:func:`pressure_drop_pa`): Darcy–Weisbach + fittings +
  hydrostatic head, signed for reverse flow.
- Compressible steam lines (:func:`steam_line`): the pipe is marched segment by segment on
  pressure and enthalpy with IAPWS-IF97 properties (:mod:`kgi_lab.heat.properties`), so density,
  velocity and temperature vary along the line; heat loss lowers the enthalpy, and once the steam
  is saturated it forms condensate.

References
----------
.. [1] Crane Co., *Flow of Fluids Through Valves, Fittings and Pipe*, Technical Paper No. 410
   (TP-410), 2009 edition (metric edition TP-410M). Fitting K = multiple × f_T (Appendix A,
   "Representative resistance coefficient K for valves and fittings"); reasonable steam
   velocities (chapter 3).
.. [2] C. F. Colebrook, "Turbulent flow in pipes, with particular reference to the transition
   region between the smooth and rough pipe laws", J. ICE 11 (1939) 133–156.
.. [3] D. Clamond, "Efficient resolution of the Colebrook equation", Ind. Eng. Chem. Res. 48
   (2009) 3665–3671, doi:10.1021/ie801626g.
.. [4] S. W. Churchill, "Friction-factor equation spans all fluid-flow regimes", Chem. Eng. 84
   (1977) 91–92.
.. [5] C. Bell et al., fluids: fluid dynamics component of the Chemical Engineering Design
   Library (ChEDL), version 1.3.1, https://github.com/CalebBell/fluids (MIT licence).
.. [6] ASME B36.10M-2004, Welded and Seamless Wrought Steel Pipe; JIS G 3454 配管用炭素鋼鋼管
   (carbon steel pipes for pressure service, STPG 370/410).
.. [7] Spirax Sarco, "Pipes and pipe sizing", Steam Engineering Tutorials (The Steam and
   Condensate Loop, block 10.2): dry saturated steam mains 25–40 m/s.
.. [8] W. H. McAdams, W. K. Woods, L. C. Heroman, "Vaporization inside horizontal tubes II",
   Trans. ASME 64 (1942) 193–200 (homogeneous two-phase viscosity 1/μ = x/μ'' + (1 − x)/μ').
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import xarray as xr
from fluids import fittings as _ff
from fluids.friction import LAMINAR_TRANSITION_PIPE, ft_Crane
from scipy.optimize import brentq

from kgi_lab.heat import properties as _props
from kgi_lab.units import STANDARD_PRESSURE_PA

__all__ = [
    "COMMERCIAL_STEEL_ROUGHNESS_M",
    "FITTINGS",
    "LAMINAR_TRANSITION_REYNOLDS",
    "STANDARD_GRAVITY_M_S2",
    "STANDARDS",
    "VELOCITY_LIMITS_M_S",
    "InsufficientPressureError",
    "PipeSize",
    "fittings_k",
    "friction_factor",
    "pipe_size",
    "pipe_sizes",
    "pressure_drop_pa",
    "reynolds_number",
    "select_by_velocity",
    "steam_line",
    "velocity_m_s",
]

#: Standard acceleration of gravity [m/s²] (exact; 3rd CGPM 1901, SI Brochure 9th ed.).
STANDARD_GRAVITY_M_S2 = 9.80665
#: Absolute roughness of clean commercial steel pipe [m]: 0.0018 in (Crane TP-410; the basis of
#: its f_T values). Moody (1944) gives 0.00015 ft = 4.57e-5 m.
COMMERCIAL_STEEL_ROUGHNESS_M = 0.0018 * 0.0254
#: Reynolds number below which flow is laminar (f = 64/Re), as in ``fluids.friction``:
#: Re = 2040 (Avila et al., Science 333 (2011) 192–196).
LAMINAR_TRANSITION_REYNOLDS = float(LAMINAR_TRANSITION_PIPE)
#: Typical design velocity ranges [m/s] (lower, upper) for sizing:
#: saturated steam mains 25–40 m/s (Spirax Sarco, Steam Engineering Tutorials, block 10.2;
#: Crane TP-410 p. 3-14, as quoted in the Eng-Tips piping FAQ 378-152, gives 6,000–10,000 ft/min
#: = 30–51 m/s for saturated steam above 25 psig); water in general service 1–3 m/s (Crane
#: TP-410's "reasonable velocities" for water, 4–10 ft/s = 1.2–3.0 m/s, as commonly quoted; not
#: checked against the book).
VELOCITY_LIMITS_M_S = {"saturated_steam": (25.0, 40.0), "water": (1.0, 3.0)}
#: Pipe standards in the ``pipe_sizes`` table and their schedules.
STANDARDS = {"ASME B36.10M": ("40", "80", "STD"), "JIS G 3454": ("40", "80")}


class InsufficientPressureError(ValueError):
    """A steam line cannot carry the flow: the pressure falls below the minimum, or chokes."""


class PipeSize(NamedTuple):
    """One standard pipe size (lengths in metres)."""

    standard: str
    schedule: str
    dn_mm: int
    nps: float
    outside_diameter_m: float
    wall_thickness_m: float
    inside_diameter_m: float

    @property
    def flow_area_m2(self) -> float:
        """Inside cross-section π d²/4 [m²]."""
        return math.pi * self.inside_diameter_m**2 / 4.0


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------


def _arr(name: str, value: Any, func: str) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    bad = ~np.isfinite(a)
    if bad.any():
        raise ValueError(f"{func}: {name}={_first(a, bad)} is not a finite number")
    return a


def _first(a: np.ndarray, bad: np.ndarray) -> str:
    if a.ndim == 0:
        return f"{float(a):g}"
    i = np.unravel_index(int(np.argmax(bad)), a.shape)
    return f"{float(a[i]):g} (at index {', '.join(map(str, i))}; {int(bad.sum())} such)"


def _positive(name: str, value: Any, func: str, unit: str, hint: str = "") -> np.ndarray:
    a = _arr(name, value, func)
    bad = a <= 0
    if bad.any():
        raise ValueError(
            f"{func}: {name}={_first(a, bad)} {unit} is not allowed; it must be > 0 {unit}{hint}"
        )
    return a


def _non_negative(name: str, value: Any, func: str, unit: str) -> np.ndarray:
    a = _arr(name, value, func)
    bad = a < 0
    if bad.any():
        raise ValueError(f"{func}: {name}={_first(a, bad)} {unit} must be ≥ 0 {unit}")
    return a


_ROUGHNESS_HINT = (
    " (e.g. 4.572e-5 m for clean commercial steel, 1.5e-6 m for drawn tubing or plastic)"
)


def _out(a: np.ndarray) -> Any:
    return a[()] if a.ndim == 0 else a


# --------------------------------------------------------------------------------------------
# sizes
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _table():
    from kgi_lab import datasets

    df = datasets.load("pipe_sizes")
    df["schedule"] = df["schedule"].astype(str)
    return df


def pipe_sizes(standard: str | None = None, schedule: str | None = None):
    """The standard pipe sizes table (dataset ``pipe_sizes``), optionally filtered.

    Parameters
    ----------
    standard : str, optional
        'ASME B36.10M' or 'JIS G 3454'.
    schedule : str, optional
        '40', '80' or 'STD' (ASME only).

    Returns
    -------
    pandas.DataFrame
        Columns standard, schedule, dn_mm, nps, outside_diameter_mm, wall_thickness_mm,
        inside_diameter_mm, source (all lengths in mm), sorted by DN.

    References
    ----------
    ASME B36.10M-2004 as bundled in fluids 1.3.1 (``fluids.piping``); JIS G 3454 (see the
    catalog entry of ``pipe_sizes`` for the reproductions used).
    """
    df = _table()
    if standard is not None:
        _check_standard(standard, schedule, "pipe_sizes")
        df = df[df["standard"] == standard]
    if schedule is not None:
        df = df[df["schedule"] == str(schedule)]
    return df.sort_values(["standard", "schedule", "dn_mm"]).reset_index(drop=True)


def _check_standard(standard: str, schedule: str | None, func: str) -> None:
    if standard not in STANDARDS:
        raise ValueError(
            f"{func}: unknown standard {standard!r}; choose from {', '.join(STANDARDS)}"
        )
    if schedule is not None and str(schedule) not in STANDARDS[standard]:
        raise ValueError(
            f"{func}: schedule {schedule!r} is not in the {standard} table; choose from "
            f"{', '.join(STANDARDS[standard])}"
        )


def _row_to_size(row) -> PipeSize:
    return PipeSize(
        standard=str(row["standard"]),
        schedule=str(row["schedule"]),
        dn_mm=int(row["dn_mm"]),
        nps=float(row["nps"]),
        outside_diameter_m=float(row["outside_diameter_mm"]) / 1000.0,
        wall_thickness_m=float(row["wall_thickness_mm"]) / 1000.0,
        inside_diameter_m=float(row["inside_diameter_mm"]) / 1000.0,
    )


def pipe_size(dn_mm: int, schedule: str = "40", standard: str = "ASME B36.10M") -> PipeSize:
    """Dimensions of one standard steel pipe.

    Parameters
    ----------
    dn_mm : int
        Nominal diameter DN [mm] (JIS: the "A" size, e.g. 100 for 100A).
    schedule : str
        '40', '80' or 'STD'.
    standard : str
        'ASME B36.10M' (default) or 'JIS G 3454' (STPG 370/410 圧力配管用炭素鋼鋼管).

    Returns
    -------
    PipeSize
        Outside diameter, wall thickness and inside diameter in metres.

    Examples
    --------
    >>> pipe_size(100).inside_diameter_m   # DN100 (NPS 4) Sch 40: 114.3 − 2 × 6.02 mm
    0.10226

    References
    ----------
    ASME B36.10M-2004 (via fluids 1.3.1); JIS G 3454.
    """
    _check_standard(standard, schedule, "pipe_size")
    df = pipe_sizes(standard, str(schedule))
    hit = df[df["dn_mm"] == dn_mm]
    if hit.empty:
        raise ValueError(
            f"pipe_size: DN {dn_mm!r} is not in {standard} schedule {schedule}; available DN: "
            f"{', '.join(str(int(d)) for d in df['dn_mm'])}"
        )
    return _row_to_size(hit.iloc[0])


def velocity_m_s(mass_flow_kg_s: Any, density_kg_m3: Any, diameter_m: Any) -> Any:
    """Mean velocity v = ṁ / (ρ π d²/4) [m/s] (signed like the mass flow)."""
    func = "velocity_m_s"
    m = _arr("mass_flow_kg_s", mass_flow_kg_s, func)
    rho = _positive("density_kg_m3", density_kg_m3, func, "kg/m³")
    d = _positive("diameter_m", diameter_m, func, "m")
    return _out(m / (rho * np.pi * d * d / 4.0))


def select_by_velocity(
    mass_flow_kg_s: float,
    density_kg_m3: float,
    max_velocity_m_s: float,
    schedule: str = "40",
    standard: str = "ASME B36.10M",
) -> PipeSize:
    """The smallest standard pipe whose mean velocity does not exceed a limit.

    Parameters
    ----------
    mass_flow_kg_s : float
        Design mass flow [kg/s] (its magnitude is used).
    density_kg_m3 : float
        Fluid density [kg/m³] (for steam, the IF97 density at the design state).
    max_velocity_m_s : float
        Velocity limit [m/s]; typical values in :data:`VELOCITY_LIMITS_M_S` (saturated steam
        25–40 m/s, water 1–3 m/s).
    schedule, standard : str
        As in :func:`pipe_size`.

    Returns
    -------
    PipeSize

    Raises
    ------
    ValueError
        If even the largest pipe in the table is too fast (the message gives its velocity).

    References
    ----------
    Spirax Sarco, Steam Engineering Tutorials, block 10.2 "Pipes and pipe sizing"; Crane
    TP-410 (2009) chapter 3 (reasonable velocities).
    """
    func = "select_by_velocity"
    m = abs(float(_arr("mass_flow_kg_s", mass_flow_kg_s, func)))
    rho = float(_positive("density_kg_m3", density_kg_m3, func, "kg/m³"))
    vmax = float(_positive("max_velocity_m_s", max_velocity_m_s, func, "m/s"))
    _check_standard(standard, schedule, func)
    df = pipe_sizes(standard, str(schedule))
    d = df["inside_diameter_mm"].to_numpy() / 1000.0
    v = m / (rho * np.pi * d * d / 4.0)
    ok = np.flatnonzero(v <= vmax)
    if ok.size == 0:
        raise ValueError(
            f"{func}: no {standard} schedule {schedule} pipe keeps {m:g} kg/s at "
            f"{rho:g} kg/m³ at or below {vmax:g} m/s; the largest, DN "
            f"{int(df['dn_mm'].iloc[-1])}, gives {v[-1]:.3g} m/s (use parallel lines or "
            "a higher density, i.e. a higher pressure)"
        )
    return _row_to_size(df.iloc[int(ok[0])])


# --------------------------------------------------------------------------------------------
# friction
# --------------------------------------------------------------------------------------------


def reynolds_number(mass_flow_kg_s: Any, diameter_m: Any, viscosity_pa_s: Any) -> Any:
    """Reynolds number Re = 4 |ṁ| / (π d μ) [-] for a full circular pipe."""
    func = "reynolds_number"
    m = _arr("mass_flow_kg_s", mass_flow_kg_s, func)
    d = _positive("diameter_m", diameter_m, func, "m")
    mu = _positive("viscosity_pa_s", viscosity_pa_s, func, "Pa s")
    return _out(4.0 * np.abs(m) / (np.pi * d * mu))


def _clamond(re: np.ndarray, ed: np.ndarray) -> np.ndarray:
    """Colebrook equation solved by Clamond (2009), as ``fluids.friction.Clamond(fast=False)``."""
    x1 = ed * re * 0.1239681863354175460160858261654858382699  # ln(10)/18.574
    x2 = np.log(re) - 0.7793974884556819406441139701653776731705  # ln(ln(10)/5.02)
    f = x2 - 0.2
    x1f = x1 + f
    x1f1 = 1.0 + x1f
    e = (np.log(x1f) - 0.2) / x1f1
    f = f - (x1f1 + 0.5 * e) * e * x1f / (x1f1 + e * (1.0 + e / 3.0))
    x1f = x1 + f
    x1f1 = 1.0 + x1f
    e = (np.log(x1f) + f - x2) / x1f1
    b = x1f1 + e * (1.0 + e / 3.0)
    f = b / (b * f - (x1f1 + 0.5 * e) * e * x1f)
    return 1.325474527619599502640416597148504422899 * f * f  # (ln(10)/2)^2


def _churchill(re: np.ndarray, ed: np.ndarray) -> np.ndarray:
    """Churchill (1977), as ``fluids.friction.Churchill_1977``."""
    with np.errstate(over="ignore"):
        a3 = (37530.0 / re) ** 16
        a2 = (2.457 * np.log((7.0 / re) ** 0.9 + 0.27 * ed)) ** 16
        return 8.0 * ((8.0 / re) ** 12 + 1.0 / (a2 + a3) ** 1.5) ** (1.0 / 12.0)


_METHODS = ("colebrook", "churchill")


def friction_factor(reynolds: Any, relative_roughness: Any = 0.0, method: str = "colebrook"):
    """Darcy friction factor of fully developed flow in a circular pipe.

    Parameters
    ----------
    reynolds : scalar or array
        Reynolds number [-], ≥ 0.
    relative_roughness : scalar or array
        Absolute roughness / inside diameter [-], ≥ 0 (0 = hydraulically smooth).
    method : {'colebrook', 'churchill'}
        'colebrook': 64/Re below Re = 2040 (:data:`LAMINAR_TRANSITION_REYNOLDS`), above it the
        Colebrook–White equation solved to machine precision (Clamond 2009; equals
        ``fluids.friction.Colebrook`` to ~1e-15). 'churchill': Churchill (1977), one formula
        for laminar, transitional and turbulent flow.

    Returns
    -------
    scalar or array
        Darcy friction factor [-] (inf at Re = 0, the laminar limit 64/Re).

    References
    ----------
    Colebrook (1939); Clamond (2009); Churchill (1977); ``fluids.friction`` (Bell) for the
    reference implementations these numpy versions are tested against.
    """
    func = "friction_factor"
    if method not in _METHODS:
        raise ValueError(f"{func}: unknown method {method!r}; choose from {', '.join(_METHODS)}")
    re = _arr("reynolds", reynolds, func)
    ed = _arr("relative_roughness", relative_roughness, func)
    if (re < 0).any():
        raise ValueError(f"{func}: reynolds={_first(re, re < 0)} must be ≥ 0")
    if (ed < 0).any():
        raise ValueError(f"{func}: relative_roughness={_first(ed, ed < 0)} must be ≥ 0")
    re, ed = np.broadcast_arrays(re, ed)
    f = np.full(re.shape, np.inf)
    pos = re > 0
    if method == "churchill":
        f[pos] = _churchill(re[pos], ed[pos])
    else:
        lam = pos & (re < LAMINAR_TRANSITION_REYNOLDS)
        turb = re >= LAMINAR_TRANSITION_REYNOLDS
        f[lam] = 64.0 / re[lam]
        f[turb] = _clamond(re[turb], ed[turb])
    return _out(f)


# --------------------------------------------------------------------------------------------
# fittings
# --------------------------------------------------------------------------------------------


def _ft(d: float) -> float:
    return ft_Crane(d)


#: Fittings known to :func:`fittings_k`: name → (description, K(d) in terms of Crane's f_T).
FITTINGS: dict[str, tuple[str, Callable[[float], float]]] = {
    "elbow_90": ("standard 90° elbow, threaded (30 f_T)", lambda d: 30.0 * _ft(d)),
    "elbow_45": ("standard 45° elbow, threaded (16 f_T)", lambda d: 16.0 * _ft(d)),
    "long_radius_elbow_90": (
        "90° butt-welding elbow / pipe bend, r/d = 1.5 (14 f_T; fluids.bend_rounded_Crane)",
        lambda d: _ff.bend_rounded_Crane(d, 90.0, bend_diameters=1.5),
    ),
    "miter_90": (
        "90° mitre bend (60 f_T; fluids.bend_miter method='Crane')",
        lambda d: _ff.bend_miter(90.0, Di=d, method="Crane"),
    ),
    "return_bend_180": ("180° close-pattern return bend (50 f_T)", lambda d: 50.0 * _ft(d)),
    "tee_run": ("standard tee, flow through run (20 f_T)", lambda d: 20.0 * _ft(d)),
    "tee_branch": ("standard tee, flow through branch (60 f_T)", lambda d: 60.0 * _ft(d)),
    "gate_valve": (
        "gate valve, full bore, fully open (8 f_T; fluids.K_gate_valve_Crane)",
        lambda d: _ff.K_gate_valve_Crane(d, d, 0.0),
    ),
    "globe_valve": (
        "globe valve, full bore, fully open (340 f_T; fluids.K_globe_valve_Crane)",
        lambda d: _ff.K_globe_valve_Crane(d, d),
    ),
    "angle_valve": (
        "angle valve, fully open (fluids.K_angle_valve_Crane, style 0)",
        lambda d: _ff.K_angle_valve_Crane(d, d),
    ),
    "ball_valve": (
        "ball valve, full bore (3 f_T; fluids.K_ball_valve_Crane)",
        lambda d: _ff.K_ball_valve_Crane(d, d, 0.0),
    ),
    "butterfly_valve": (
        "centric butterfly valve (45/35/25 f_T by size; fluids.K_butterfly_valve_Crane)",
        lambda d: _ff.K_butterfly_valve_Crane(d),
    ),
    "plug_valve": (
        "plug valve, straight-through (18 f_T; fluids.K_plug_valve_Crane)",
        lambda d: _ff.K_plug_valve_Crane(d, d, 0.0),
    ),
    "swing_check_valve": (
        "swing check valve (100 f_T; fluids.K_swing_check_valve_Crane)",
        lambda d: _ff.K_swing_check_valve_Crane(d),
    ),
    "lift_check_valve": (
        "lift check valve, straight (600 f_T; fluids.K_lift_check_valve_Crane)",
        lambda d: _ff.K_lift_check_valve_Crane(d, d, angled=False),
    ),
    "entrance_sharp": ("sharp-edged pipe entrance (K = 0.5)", lambda d: 0.5),
    "exit": ("pipe exit into a large volume (K = 1.0)", lambda d: 1.0),
}


def fittings_k(fittings: Mapping[str, float], diameter_m: Any) -> Any:
    """Total loss coefficient of a set of fittings, Crane TP-410 method.

    Each K is referred to the velocity in a pipe of inside diameter ``diameter_m``; valves and
    fittings are full-bore (same size as the pipe). Crane expresses K as a multiple of f_T, the
    fully turbulent friction factor of clean commercial steel pipe (roughness 0.0018 in) of that
    size (``fluids.friction.ft_Crane``).

    Parameters
    ----------
    fittings : mapping of str to number
        Fitting name → count, e.g. ``{"elbow_90": 4, "gate_valve": 2}``; names in
        :data:`FITTINGS`.
    diameter_m : scalar or array
        Inside diameter [m].

    Returns
    -------
    scalar or array
        Sum of count × K [-].

    References
    ----------
    Crane TP-410 (2009), Appendix A (K values, f_T table); ``fluids.fittings`` (Bell) for the
    valve and bend correlations.
    """
    func = "fittings_k"
    d = _positive("diameter_m", diameter_m, func, "m")
    unknown = [k for k in fittings if k not in FITTINGS]
    if unknown:
        raise ValueError(
            f"{func}: unknown fitting(s) {', '.join(map(repr, unknown))}; known: "
            f"{', '.join(FITTINGS)}"
        )
    total = np.zeros(d.shape)
    for name, count in fittings.items():
        if not np.isfinite(count) or count < 0:
            raise ValueError(f"{func}: count of {name!r} is {count!r}; it must be ≥ 0")
        if count:
            k = np.vectorize(FITTINGS[name][1], otypes=[float])(d)
            total = total + count * k
    return _out(total)


# --------------------------------------------------------------------------------------------
# incompressible pressure drop
# --------------------------------------------------------------------------------------------


def pressure_drop_pa(
    mass_flow_kg_s: Any,
    diameter_m: Any,
    length_m: Any,
    density_kg_m3: Any,
    viscosity_pa_s: Any,
    roughness_m: Any,
    k_fittings: Any = 0.0,
    elevation_change_m: Any = 0.0,
    *,
    method: str = "colebrook",
    darcy_friction_factor: Any = None,
) -> Any:
    """Pressure drop p_in − p_out of a pipe at constant density (Darcy–Weisbach).

    Δp = (f L / d + ΣK) · ṁ|ṁ| / (2 ρ A²) + ρ g Δz

    Parameters
    ----------
    mass_flow_kg_s : scalar or array
        Mass flow [kg/s], positive from inlet to outlet; negative for reverse flow (the
        friction term changes sign, the hydrostatic term does not); zero gives only ρ g Δz.
    diameter_m, length_m : scalar or array
        Inside diameter and length [m], > 0.
    density_kg_m3 : scalar or array
        Density [kg/m³], > 0.
    viscosity_pa_s : scalar or array
        Dynamic viscosity [Pa s], > 0.
    roughness_m : scalar or array
        Absolute wall roughness [m], > 0 (:data:`COMMERCIAL_STEEL_ROUGHNESS_M` = 4.572e-5 m).
    k_fittings : scalar or array
        Sum of fitting loss coefficients [-], ≥ 0 (see :func:`fittings_k`).
    elevation_change_m : scalar or array
        z_out − z_in [m].
    method : {'colebrook', 'churchill'}
        Friction-factor correlation (:func:`friction_factor`).
    darcy_friction_factor : scalar or array, optional
        Use this friction factor instead of a correlation (e.g. a worked example's f).

    Returns
    -------
    scalar or array
        p_in − p_out [Pa].

    Raises
    ------
    ValueError
        For a non-positive length, diameter, roughness, density or viscosity, or a negative K;
        the message names the parameter and the value.

    References
    ----------
    Darcy–Weisbach equation, e.g. Crane TP-410 (2009) chapter 1, Eq. 1-4; K method, chapter 2.
    """
    func = "pressure_drop_pa"
    m = _arr("mass_flow_kg_s", mass_flow_kg_s, func)
    d = _positive("diameter_m", diameter_m, func, "m")
    length = _positive("length_m", length_m, func, "m")
    rho = _positive("density_kg_m3", density_kg_m3, func, "kg/m³")
    mu = _positive("viscosity_pa_s", viscosity_pa_s, func, "Pa s")
    eps = _positive("roughness_m", roughness_m, func, "m", _ROUGHNESS_HINT)
    k = _non_negative("k_fittings", k_fittings, func, "")
    dz = _arr("elevation_change_m", elevation_change_m, func)
    area = np.pi * d * d / 4.0
    re = 4.0 * np.abs(m) / (np.pi * d * mu)
    if darcy_friction_factor is None:
        f = np.asarray(friction_factor(re, eps / d, method))
    else:
        f = _positive("darcy_friction_factor", darcy_friction_factor, func, "")
    f, m, area = np.broadcast_arrays(f, m, area)
    dynamic = m * np.abs(m) / (2.0 * rho * area * area)
    friction = np.where(m == 0, 0.0, (np.where(m == 0, 0.0, f) * length / d + k) * dynamic)
    return _out(np.asarray(friction + rho * STANDARD_GRAVITY_M_S2 * dz, dtype=float))


# --------------------------------------------------------------------------------------------
# compressible steam line
# --------------------------------------------------------------------------------------------

_LINE_OUTPUTS = (
    "temperature_c",
    "quality",
    "density_kg_m3",
    "viscosity_pa_s",
    "speed_of_sound_m_s",
)


class _State(NamedTuple):
    pressure_pa: float
    enthalpy_j_kg: float
    temperature_c: float
    density_kg_m3: float
    viscosity_pa_s: float
    quality: float
    speed_of_sound_m_s: float
    saturation_temperature_c: float


def _line_state(p: float, h: float) -> _State:
    r = _props.props_ph(p, h, outputs=_LINE_OUTPUTS, deduplicate=False)
    mu = float(r["viscosity_pa_s"])
    x = float(r["quality"])
    tsat = float(_props.saturation_temperature_c(p))
    if r["phase"] == "two_phase":
        mu_f, mu_g = (
            float(_props._coolprop("V", "P", np.array([p]), "Q", np.array([q]))[0])
            for q in (0.0, 1.0)
        )
        mu = 1.0 / (x / mu_g + (1.0 - x) / mu_f)  # McAdams et al. (1942)
    return _State(
        p,
        h,
        float(r["temperature_c"]),
        float(r["density_kg_m3"]),
        mu,
        x,
        float(r["speed_of_sound_m_s"]),
        tsat,
    )


class _Segment:
    """Outlet state of one steam-line segment: solves p₂ = p₁ − Δp(p₂, h₂) with
    h₂ = e − w₂²/2 (energy) and w₂ = G/ρ(p₂, h₂)."""

    def __init__(self, s1, big_g, energy, f_fixed, method, eps, d, dx, k_seg, dz):
        self.s1, self.big_g, self.energy = s1, big_g, energy
        self.f_fixed, self.method, self.eps, self.d = f_fixed, method, eps, d
        self.dx, self.k_seg, self.dz = dx, k_seg, dz

    def dp(self, s2: _State) -> float:
        s1, big_g, d = self.s1, self.big_g, self.d
        v1, v2 = 1.0 / s1.density_kg_m3, 1.0 / s2.density_kg_m3
        if self.f_fixed is None:
            re = big_g * d / (0.5 * (s1.viscosity_pa_s + s2.viscosity_pa_s))
            f = float(friction_factor(re, self.eps / d, self.method))
        else:
            f = self.f_fixed
        return (
            (f * self.dx / d + self.k_seg) * big_g * big_g * 0.25 * (v1 + v2)
            + big_g * big_g * (v2 - v1)
            + STANDARD_GRAVITY_M_S2 * self.dz * 0.5 * (s1.density_kg_m3 + s2.density_kg_m3)
        )

    def state_at(self, p2: float, guess: _State) -> _State:
        s2 = guess
        for _ in range(100):
            w2 = self.big_g / s2.density_kg_m3
            s_new = _line_state(p2, self.energy - 0.5 * w2 * w2)
            if abs(s_new.enthalpy_j_kg - s2.enthalpy_j_kg) <= 1e-12 * abs(s2.enthalpy_j_kg):
                return s_new
            s2 = s_new
        return s2

    def residual(self, p2: float, guess: _State) -> tuple[float, _State]:
        s2 = self.state_at(p2, guess)
        return self.s1.pressure_pa - self.dp(s2) - p2, s2

    def solve(self, guess_pa, p_min, where, m_in, p_in) -> tuple[float, _State]:
        p1 = self.s1.pressure_pa
        p_floor = max(p_min, _props.MIN_PRESSURE_PA)
        # fast path: fixed point p ← p1 − Δp(p) (a contraction while the flow is subsonic)
        p2, s2 = guess_pa, self.s1
        try:
            for _ in range(100):
                w2 = self.big_g / s2.density_kg_m3
                s2 = _line_state(p2, self.energy - 0.5 * w2 * w2)
                p_new = p1 - self.dp(s2)
                if not p_new >= p_floor:
                    break
                done = abs(p_new - p2) <= 1e-10 * p1 + 1e-6
                p2 = p_new
                if done:
                    return p2, self.state_at(p2, s2)
        except _props.IF97RangeError:
            pass
        # robust path: scan the outlet pressure downwards for the subsonic root, then Brent
        previous, s_prev, top_mach = p1, self.s1, 0.0
        for p_try in p1 - (p1 - p_floor) * np.linspace(0.0, 1.0, 41)[1:]:
            try:
                r, s_try = self.residual(float(p_try), s_prev)
            except _props.IF97RangeError:
                break
            mach = self.big_g / s_try.density_kg_m3 / s_try.speed_of_sound_m_s
            top_mach = max(top_mach, mach) if np.isfinite(mach) else top_mach
            if r >= 0:
                root = brentq(
                    lambda x, s=s_try: self.residual(x, s)[0],
                    float(p_try),
                    previous,
                    xtol=1e-10 * p1,
                    rtol=1e-13,
                )
                return root, self.state_at(root, s_try)
            previous, s_prev = float(p_try), s_try
        if top_mach >= 1.0:
            raise InsufficientPressureError(
                f"steam_line: the flow chokes in {where}: no subsonic outlet state exists (the "
                "velocity reaches the speed of sound before the momentum balance closes); the "
                f"line cannot carry {m_in:g} kg/s from {p_in:g} Pa (raise the inlet pressure or "
                "the diameter, or shorten the line)"
            )
        raise InsufficientPressureError(
            f"steam_line: the pressure would fall below min_pressure_pa={p_floor:g} Pa in "
            f"{where}; the line cannot carry {m_in:g} kg/s from {p_in:g} Pa (raise the inlet "
            "pressure or the diameter, or shorten the line)"
        )


def _saturated_vapour(p: float) -> float:
    return float(_props._coolprop("H", "P", np.array([p]), "Q", np.array([1.0]))[0])


def steam_line(
    pressure_in_pa: float,
    temperature_in_c: float,
    mass_flow_kg_s: float,
    diameter_m: float,
    length_m: float,
    roughness_m: float,
    *,
    segments: int = 50,
    heat_loss_w_per_m: float | Callable[[float], float] = 0.0,
    k_fittings: float = 0.0,
    elevation_change_m: float = 0.0,
    min_pressure_pa: float = STANDARD_PRESSURE_PA,
    method: str = "colebrook",
    darcy_friction_factor: float | None = None,
    drain_condensate: bool = False,
    saturation_tolerance_k: float = 1e-6,
) -> xr.Dataset:
    """Steady compressible steam flow along a pipe, with IF97 properties and heat loss.

    The pipe is divided into ``segments`` equal parts and marched from the inlet. Over each
    segment, with G = ṁ/A and v = 1/ρ:

    - momentum: p₂ = p₁ − (f Δx/d + K/n) G² v̄ / 2 − G² (v₂ − v₁) − g Δz ρ̄ (friction with
      the mean specific volume, acceleration, hydrostatic head);
    - energy: h₂ + w₂²/2 + g z₂ = h₁ + w₁²/2 + g z₁ − q′ Δx / ṁ (w the velocity, q′ the heat
      loss per metre);
    - state: (p₂, h₂) → T, ρ, μ, quality by :func:`kgi_lab.heat.properties.props_ph`.

    The outlet state of each segment is found by fixed-point iteration (it converges as long as
    the flow is subsonic). Once the enthalpy falls below that of saturated vapour, the steam is
    wet: by default the condensate travels with the steam as a homogeneous mixture (mixture
    density, McAdams viscosity); with ``drain_condensate=True`` ideal traps remove it at the end
    of every segment, so the vapour flow decreases and the steam stays saturated.

    Parameters
    ----------
    pressure_in_pa : float
        Inlet pressure [Pa], below the critical pressure (22.064 MPa).
    temperature_in_c : float
        Inlet temperature [°C], ≥ the saturation temperature at the inlet pressure; equal to it
        (within ``saturation_tolerance_k``) means dry saturated steam.
    mass_flow_kg_s : float
        Mass flow [kg/s], > 0 (the inlet defines the direction).
    diameter_m, length_m, roughness_m : float
        Inside diameter, length and absolute roughness [m], all > 0.
    segments : int
        Number of segments (≥ 1); 50 resolves a line losing 10 % of its pressure to ~1e-5.
    heat_loss_w_per_m : float or callable
        Heat loss per metre of pipe [W/m], ≥ 0, or a function of the steam temperature [°C]
        returning W/m (evaluated at each segment's inlet).
    k_fittings : float
        Total fitting loss coefficient [-], spread evenly along the line.
    elevation_change_m : float
        z_out − z_in [m], spread evenly.
    min_pressure_pa : float
        Lowest acceptable pressure [Pa] (default atmospheric, 101,325 Pa).
    method : {'colebrook', 'churchill'}
        Friction-factor correlation.
    darcy_friction_factor : float, optional
        Fixed Darcy friction factor (as in hand calculations), instead of a correlation.
    drain_condensate : bool
        Remove the condensate at the end of each segment (ideal steam traps).
    saturation_tolerance_k : float
        Tolerance [K] for treating the inlet as dry saturated steam.

    Returns
    -------
    xarray.Dataset
        Dimension ``distance_m`` (segments + 1 nodes, inlet to outlet) with pressure_pa,
        temperature_c, enthalpy_j_kg, density_kg_m3, velocity_m_s, mach_number, quality
        (1 for dry or superheated steam), superheat_k (0 when wet), saturation_temperature_c,
        mass_flow_kg_s (the flow still in the pipe), condensate_kg_s (condensate formed
        upstream of the node: carried along, or drained so far) and heat_loss_w (cumulative).
        ``attrs`` give pressure_drop_pa, the inputs and the model.

    Raises
    ------
    ValueError
        For bad inputs (non-positive length, diameter, roughness or flow; an inlet below
        saturation, naming the value and t_s).
    InsufficientPressureError
        If the pressure would fall below ``min_pressure_pa`` or the flow chokes (Mach ≥ 1);
        the message names the segment and its position.

    References
    ----------
    One-dimensional steady compressible pipe flow (e.g. Shapiro, *The Dynamics and
    Thermodynamics of Compressible Fluid Flow*, 1953, ch. 6), integrated numerically;
    Crane TP-410 (2009) chapter 1 (Darcy with mean density for compressible flow);
    IAPWS-IF97 via :mod:`kgi_lab.heat.properties`; McAdams et al. (1942) for the two-phase
    viscosity.
    """
    func = "steam_line"
    p_in = float(_positive("pressure_in_pa", pressure_in_pa, func, "Pa"))
    t_in = float(_arr("temperature_in_c", temperature_in_c, func))
    m_in = float(_arr("mass_flow_kg_s", mass_flow_kg_s, func))
    if m_in <= 0:
        raise ValueError(
            f"{func}: mass_flow_kg_s={m_in:g} kg/s must be > 0 (the inlet defines the flow "
            "direction; for reverse flow swap the ends)"
        )
    d = float(_positive("diameter_m", diameter_m, func, "m"))
    length = float(_positive("length_m", length_m, func, "m"))
    eps = float(_positive("roughness_m", roughness_m, func, "m", _ROUGHNESS_HINT))
    k_total = float(_non_negative("k_fittings", k_fittings, func, ""))
    dz_total = float(_arr("elevation_change_m", elevation_change_m, func))
    p_min = float(_non_negative("min_pressure_pa", min_pressure_pa, func, "Pa"))
    if int(segments) != segments or segments < 1:
        raise ValueError(f"{func}: segments={segments!r} must be an integer ≥ 1")
    n = int(segments)
    if method not in _METHODS:
        raise ValueError(f"{func}: unknown method {method!r}; choose from {', '.join(_METHODS)}")
    f_fixed = None
    if darcy_friction_factor is not None:
        f_fixed = float(_positive("darcy_friction_factor", darcy_friction_factor, func, ""))
    if callable(heat_loss_w_per_m):
        heat_loss = heat_loss_w_per_m
    else:
        q_const = float(_non_negative("heat_loss_w_per_m", heat_loss_w_per_m, func, "W/m"))

        def heat_loss(_t: float) -> float:
            return q_const

    if not p_in < _props.CRITICAL_PRESSURE_PA:
        raise ValueError(
            f"{func}: pressure_in_pa={p_in:g} Pa must be below the critical pressure "
            f"{_props.CRITICAL_PRESSURE_PA:g} Pa (there is no steam/condensate distinction above)"
        )
    if p_in <= p_min:
        raise InsufficientPressureError(
            f"{func}: pressure_in_pa={p_in:g} Pa is not above min_pressure_pa={p_min:g} Pa"
        )
    tsat_in = float(_props.saturation_temperature_c(p_in))
    if t_in < tsat_in - saturation_tolerance_k:
        raise ValueError(
            f"{func}: inlet temperature_in_c={t_in:.6g} °C is below the saturation temperature "
            f"{tsat_in:.6g} °C at pressure_in_pa={p_in:.6g} Pa, so the inlet is subcooled water, "
            f"not steam; allowed: temperature_in_c ≥ {tsat_in:.6g} °C (equal means dry "
            "saturated steam)"
        )
    if t_in <= tsat_in + saturation_tolerance_k:
        h_in = _saturated_vapour(p_in)
    else:
        h_in = float(_props.props_pt(p_in, t_in, outputs=["enthalpy_j_kg"])["enthalpy_j_kg"])

    area = math.pi * d * d / 4.0
    dx = length / n
    dz = dz_total / n
    k_seg = k_total / n
    g = STANDARD_GRAVITY_M_S2

    states = [_line_state(p_in, h_in)]
    mass = [m_in]
    condensate = [0.0]
    heat = [0.0]
    drained = 0.0
    dp_previous = 0.0
    m = m_in
    for i in range(n):
        s1 = states[-1]
        big_g = m / area
        v1 = 1.0 / s1.density_kg_m3
        w1 = big_g * v1
        q_seg = float(heat_loss(s1.temperature_c)) * dx
        if not np.isfinite(q_seg) or q_seg < 0:
            raise ValueError(
                f"{func}: heat_loss_w_per_m returned {q_seg / dx!r} W/m at "
                f"{s1.temperature_c:.6g} °C (segment {i + 1}); it must be a number ≥ 0"
            )
        energy = s1.enthalpy_j_kg + 0.5 * w1 * w1 - g * dz - q_seg / m
        where = f"segment {i + 1} of {n} ({i * dx:.6g}–{(i + 1) * dx:.6g} m from the inlet)"
        segment = _Segment(s1, big_g, energy, f_fixed, method, eps, d, dx, k_seg, dz)
        guess = max(s1.pressure_pa - dp_previous, 0.5 * (s1.pressure_pa + p_min))
        p2, s2 = segment.solve(guess, p_min, where, m_in, p_in)
        dp_previous = s1.pressure_pa - p2
        mach = big_g / s2.density_kg_m3 / s2.speed_of_sound_m_s
        if np.isfinite(mach) and mach >= 1.0:
            raise InsufficientPressureError(
                f"{func}: the flow chokes in {where}: Mach {mach:.3g} ≥ 1 at "
                f"{p2:.6g} Pa; raise the inlet pressure or the diameter"
            )
        heat.append(heat[-1] + q_seg)
        if drain_condensate and s2.quality < 1.0:
            drained += (1.0 - s2.quality) * m
            m = s2.quality * m
            if m <= 0:
                raise InsufficientPressureError(
                    f"{func}: all the steam has condensed by the end of {where}"
                )
            s2 = _line_state(p2, _saturated_vapour(p2))
        states.append(s2)
        mass.append(m)
        condensate.append(drained if drain_condensate else (1.0 - s2.quality) * m_in)

    return _line_dataset(
        states,
        mass,
        condensate,
        heat,
        length,
        n,
        area,
        attrs={
            "pressure_in_pa": p_in,
            "temperature_in_c": t_in,
            "mass_flow_in_kg_s": m_in,
            "diameter_m": d,
            "length_m": length,
            "roughness_m": eps,
            "k_fittings": k_total,
            "elevation_change_m": dz_total,
            "segments": n,
            "friction": method if f_fixed is None else f"fixed f = {f_fixed:g}",
            "two_phase_model": "drained at segment ends" if drain_condensate else "homogeneous",
        },
    )


_LINE_VARS = {
    "pressure_pa": ("Pa", "Static pressure"),
    "temperature_c": ("degC", "Temperature"),
    "enthalpy_j_kg": ("J kg-1", "Specific enthalpy (static)"),
    "density_kg_m3": ("kg m-3", "Density (mixture density when wet)"),
    "velocity_m_s": ("m s-1", "Mean velocity"),
    "mach_number": ("1", "Mach number (NaN when wet)"),
    "quality": ("1", "Vapour mass fraction (1 for dry or superheated steam)"),
    "superheat_k": ("K", "Temperature above saturation (0 when wet)"),
    "saturation_temperature_c": ("degC", "Saturation temperature at the local pressure"),
    "mass_flow_kg_s": ("kg s-1", "Mass flow still in the pipe"),
    "condensate_kg_s": ("kg s-1", "Condensate formed upstream of this point"),
    "heat_loss_w": ("W", "Heat lost upstream of this point"),
}


def _line_dataset(states, mass, condensate, heat, length, n, area, attrs) -> xr.Dataset:
    p = np.array([s.pressure_pa for s in states])
    rho = np.array([s.density_kg_m3 for s in states])
    m = np.array(mass)
    velocity = m / (rho * area)
    temp = np.array([s.temperature_c for s in states])
    tsat = np.array([s.saturation_temperature_c for s in states])
    quality = np.array([s.quality for s in states])
    data = {
        "pressure_pa": p,
        "temperature_c": temp,
        "enthalpy_j_kg": np.array([s.enthalpy_j_kg for s in states]),
        "density_kg_m3": rho,
        "velocity_m_s": velocity,
        "mach_number": velocity / np.array([s.speed_of_sound_m_s for s in states]),
        "quality": quality,
        "superheat_k": np.where(quality < 1.0, 0.0, np.maximum(temp - tsat, 0.0)),
        "saturation_temperature_c": tsat,
        "mass_flow_kg_s": m,
        "condensate_kg_s": np.array(condensate),
        "heat_loss_w": np.array(heat),
    }
    ds = xr.Dataset(
        {
            k: ("distance_m", v, {"units": _LINE_VARS[k][0], "long_name": _LINE_VARS[k][1]})
            for k, v in data.items()
        },
        coords={
            "distance_m": (
                "distance_m",
                np.linspace(0.0, length, n + 1),
                {"units": "m", "long_name": "Distance from the inlet"},
            )
        },
    )
    ds.attrs.update(attrs)
    ds.attrs["pressure_drop_pa"] = float(p[0] - p[-1])
    ds.attrs["model"] = (
        "kgi_lab.heat.pipes.steam_line: 1-D steady compressible flow marched on (p, h) with "
        "IAPWS-IF97 properties (CoolProp IF97 backend)"
    )
    return ds
