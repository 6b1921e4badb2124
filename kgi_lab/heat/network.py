"""Steady-state hydraulic and thermal solver for hot-water and steam networks, trees and loops.

A network is held in a :class:`networkx.MultiDiGraph` (:class:`HeatNetwork`): junctions are the
nodes; pipes, pumps and flow controls are the edges (keyed by their name); sources (fixed pressure
and temperature, pandapipes' "ext grid") and consumers (a mass-flow sink, or a heat demand turned
into a sink with a return temperature or a temperature drop) hang on junctions.

Formulation (:func:`solve`)
---------------------------
Unknowns: the absolute pressure ``p`` at every junction that is not a source, and the mass flow
``m`` in every branch. Equations:

* mass balance at every non-source junction, ``Σ m_in − Σ m_out − demand = 0``;
* momentum per pipe (Darcy–Weisbach with fittings and elevation)::

      p_from − p_to + ρ g (z_from − z_to) − (f L/D + K) · m·√(m² + δ²) / (2 ρ A²) = 0

  where the regularised ``m·√(m² + δ²)`` replaces ``m·|m|`` so that the Jacobian stays regular at
  zero flow (``δ`` is the flow at Re = 1, so the change is below 1e-9 relative at any real flow);
  with the default friction model the laminar law ``f = 64/Re`` makes the friction term exactly
  linear in ``m`` near zero (Hagen–Poiseuille), which is what lets zero-flow branches converge;
* a pump adds a fixed pressure lift, ``p_from − p_to + Δp_lift = 0``;
* a flow control fixes its mass flow (and may extract heat: a substation).

The system is solved by Newton's method on ``(m, p)`` with a backtracking line search. Without
pumps the flow corrections are eliminated and a weighted nodal "Laplacian" of the free junctions is
factorised (the Schur complement of Todini and Pilati's gradient method [1]); with pumps (whose
rows have no flow derivative) the full sparse saddle-point system is factorised (SuperLU). The
friction factor's dependence on the Reynolds number is in the Jacobian, so convergence is
quadratic.

Fluid properties (IAPWS-IF97 through CoolProp's ``IF97::Water`` backend) are taken at each
branch's mean pressure and length-averaged temperature (water) or mean enthalpy (steam). An outer
loop alternates the hydraulic Newton iteration (converged at frozen temperatures; for steam the
density is re-evaluated at every new pressure) with one energy solve, until the hydraulic residual
at fresh properties *and* the temperature update are both below tolerance: the result is a
consistent fixed point of the coupled problem, the same as pandapipes' "bidirectional" mode.
Temperature updates that stop contracting are under-relaxed. Limitation: in meshed networks with
elevation differences, the buoyancy of low-flow loops (thermosiphons) can couple hydraulics and
temperatures so strongly that this iteration (and pandapipes') does not converge; the error then
names the worst pipe.

Energy
------
Temperatures follow the flow direction. For **water**, each pipe's outlet temperature is the
exact solution of ``m c_p dT/dx = −U′ (T − T_a)``::

    T_out = T_a + (T_in − T_a) · exp(−U′ L / (|m| c_p))

(``U′`` = U·A per metre [W/(m K)], ``c_p`` at the pipe's mean temperature), and each junction
mixes its inflows mass-weighted. Together this is a sparse linear system in the junction
temperatures, solved directly, so loops (including circulating flow) need no ordering. Sources
that inject flow fix their junction's temperature; a junction without inflow (stagnant) takes the
ambient temperature, as in pandapipes.

For **steam** the balance is written in specific enthalpy ``h``: each segment loses
``φ (T_in − T_a)`` per kg with ``φ = c_p (1 − exp(−U′ L / (|m| c_p)))`` (``φ → U′L/|m|`` for wet
steam, whose ``c_p`` is infinite), linearised in ``h_in`` around the current state and solved as a
sparse linear system; the states (temperature, quality, density) then come from IF97 at
``(p, h)``. Steam pipes are split into segments (default ≤ 250 m) so that the density can vary
along the pipe; each segment uses the IF97 density at its mean pressure and enthalpy. The
momentum balance omits the acceleration term ``G² Δ(1/ρ)``, which is below 0.1 % of the friction
drop in steam mains (e.g. ~6 Pa against ~13 kPa over 650 m at 14 m/s and 16 bar). Wet steam is
carried homogeneously (condensate formation reported per pipe) when ``allow_condensation=True``;
by default a node that falls to saturation is an error.

Diagnostics
-----------
Every failure raises an exception naming the element: :class:`NetworkInputError` (bad
parameters, unknown names), :class:`DisconnectedNetworkError` (a consumer or junction without a
pressure reference), :class:`InfeasibleNetworkError` (pressure below zero or below saturation,
water flashing, steam condensing, a consumer whose supply is colder than its return: the demand
exceeds what the sources can deliver) and :class:`NetworkNotConvergedError` (with the residual
and the worst element).

References
----------
.. [1] Todini, E. and Pilati, S. (1988). A gradient algorithm for the analysis of pipe networks.
   In *Computer Applications in Water Supply*, Vol. 1, 1–20. Research Studies Press.
   (Newton on (m, p) for looped networks.)
.. [2] Colebrook, C. F. (1939). Turbulent flow in pipes, with particular reference to the
   transition region between the smooth and rough pipe laws. *J. Inst. Civ. Eng.* 11(4),
   133–156. https://doi.org/10.1680/ijoti.1939.13150
.. [3] Churchill, S. W. (1977). Friction-factor equation spans all fluid-flow regimes.
   *Chemical Engineering* 84(24), 91–92.
.. [4] Rossman, L. A. (2000). *EPANET 2 Users Manual*, EPA/600/R-00/057, Appendix D (laminar
   64/Re below Re 2000, cubic interpolation to the turbulent law up to Re 4000).
.. [5] Wagner, W. et al. (2000). The IAPWS Industrial Formulation 1997 for the thermodynamic
   properties of water and steam. *J. Eng. Gas Turbines Power* 122(1), 150–184.
   https://doi.org/10.1115/1.483186 ; IAPWS R12-08 (2008) for the viscosity.
.. [6] Incropera, F. P. et al. (2007). *Fundamentals of Heat and Mass Transfer*, 6th ed., §8.3.3
   (the exponential temperature decay of a pipe flow at constant surface conductance).
.. [7] McAdams, W. H., Woods, W. K. and Heroman, L. C. (1942). Vaporization inside horizontal
   tubes II. *Trans. ASME* 64, 193–200 (two-phase viscosity ``1/μ = x/μ_g + (1 − x)/μ_l``).
.. [8] Lohmeier, D. et al. (2020). Pandapipes: an open-source piping grid calculation package
   for multi-energy grid simulations. *Sustainability* 12(23), 9899.
   https://doi.org/10.3390/su12239899 (the cross-check's peer, whose Colebrook variant with
   ``k/(3.71 D)`` at every Reynolds number is available as ``"colebrook_pandapipes"``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import xarray as xr
from CoolProp.CoolProp import PropsSI
from scipy.sparse.csgraph import connected_components

__all__ = [
    "FLUIDS",
    "FRICTION_MODELS",
    "STANDARD_GRAVITY_M_S2",
    "DisconnectedNetworkError",
    "HeatNetwork",
    "InfeasibleNetworkError",
    "NetworkInputError",
    "NetworkNotConvergedError",
    "NetworkResult",
    "solve",
    "solve_timeseries",
]

#: Standard acceleration of gravity [m/s²] (3rd CGPM, 1901; exact).
STANDARD_GRAVITY_M_S2 = 9.80665
#: Supported working fluids.
FLUIDS = ("water", "steam")
#: Friction models: ``"colebrook"`` (Colebrook 1939 with ``k/(3.7 D)`` and ``2.51`` for
#: Re ≥ 4000, ``64/Re`` below 2000, a C¹ cubic in between as in EPANET), ``"churchill"``
#: (Churchill 1977, all regimes in one smooth formula) and ``"colebrook_pandapipes"`` (the
#: variant pandapipes 0.16 uses: ``k/(3.71 D)``, no laminar branch; for cross-checks only).
FRICTION_MODELS = ("colebrook", "churchill", "colebrook_pandapipes")

_IF97 = "IF97::Water"
_T0 = 273.15  # K at 0 °C
_P_TRIPLE_PA = 611.657  # IF97 lower pressure limit (triple point), IAPWS R7-97
_P_MAX_PA = 100e6  # IF97 upper pressure limit
_RE_LAMINAR = 2000.0
_RE_TURBULENT = 4000.0
_RE_REGULARISATION = 1.0
_LN10 = math.log(10.0)
_DEFAULT_STEAM_SEGMENT_M = 250.0
_UNITS = {
    "elevation_m": "m",
    "pressure_pa": "Pa (absolute)",
    "temperature_c": "degC",
    "enthalpy_j_per_kg": "J/kg",
    "saturation_temperature_c": "degC",
    "superheat_k": "K",
    "quality": "1 (vapour mass fraction; 1 when superheated, 0 when liquid)",
    "density_kg_m3": "kg/m3",
    "mass_flow_kg_s": "kg/s",
    "velocity_m_s": "m/s",
    "pressure_drop_pa": "Pa (p_from - p_to)",
    "friction_pressure_drop_pa": "Pa",
    "heat_loss_w": "W",
    "heat_w": "W",
    "temperature_in_c": "degC",
    "temperature_out_c": "degC",
    "reynolds": "1",
    "friction_factor": "1 (Darcy)",
    "condensate_kg_s": "kg/s",
    "length_m": "m",
    "distance_m": "m",
}


# --------------------------------------------------------------------------------------------
# Exceptions
# --------------------------------------------------------------------------------------------
class NetworkInputError(ValueError):
    """A network element has an invalid parameter or refers to an unknown element."""

    def __init__(self, message: str, element: str | None = None):
        super().__init__(message)
        self.element = element


class DisconnectedNetworkError(NetworkInputError):
    """A consumer or junction has no path to any source (no pressure reference)."""


class InfeasibleNetworkError(NetworkInputError):
    """The network has no physical steady state: the demand exceeds what the sources deliver.

    Raised when a pressure falls below zero or below saturation (water would flash, steam would
    condense), or a consumer's supply temperature is below its return temperature. ``element``
    names the junction or consumer, ``value`` the offending value.
    """

    def __init__(self, message: str, element: str | None = None, value: float | None = None):
        super().__init__(message, element)
        self.value = value


class NetworkNotConvergedError(RuntimeError):
    """Newton's method did not converge; ``element`` is where the residual is largest."""

    def __init__(self, message: str, element: str | None = None, residual: float | None = None):
        super().__init__(message)
        self.element = element
        self.residual = residual


# --------------------------------------------------------------------------------------------
# Properties (private helpers: IAPWS-IF97 via CoolProp; swappable for kgi_lab.heat.properties)
# --------------------------------------------------------------------------------------------
def _props(output: str, name1: str, v1: np.ndarray, name2: str, v2: np.ndarray) -> np.ndarray:
    v1 = np.ascontiguousarray(v1, dtype=float)
    v2 = np.ascontiguousarray(v2, dtype=float)
    if v1.size == 0:
        return np.empty(0)
    return np.asarray(PropsSI(output, name1, v1, name2, v2, _IF97), dtype=float).reshape(v1.shape)


def _saturation_pressure_pa(temperature_c: np.ndarray) -> np.ndarray:
    t = np.clip(np.asarray(temperature_c, float) + _T0, 273.16, 647.096)
    return _props("P", "T", t, "Q", np.ones_like(t))


def _saturation_temperature_c(pressure_pa: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(pressure_pa, float), _P_TRIPLE_PA, 22.064e6)
    return _props("T", "P", p, "Q", np.ones_like(p)) - _T0


def _water_props(pressure_pa: np.ndarray, temperature_c: np.ndarray):
    """Density [kg/m³], dynamic viscosity [Pa s] and c_p [J/(kg K)] of liquid water (IF97)."""
    t = np.asarray(temperature_c, float) + _T0
    p = np.asarray(pressure_pa, float)
    # keep the evaluation in the liquid region during iterations; feasibility is checked after
    t_top = np.clip(t.max(initial=273.16), 273.16, 647.0)
    low = p < float(_props("P", "T", np.array([t_top]), "Q", np.ones(1))[0]) * 1.001 + 10.0
    if low.any():
        p = p.copy()
        psat = _props("P", "T", np.clip(t[low], 273.16, 647.0), "Q", np.ones(low.sum()))
        p[low] = np.maximum(p[low], psat * 1.001 + 10.0)
    p = np.clip(p, _P_TRIPLE_PA, _P_MAX_PA)
    rho = _props("D", "T", t, "P", p)
    mu = _props("V", "T", t, "P", p)
    cp = _props("C", "T", t, "P", p)
    return rho, mu, cp


def _enthalpy_pt(pressure_pa: np.ndarray, temperature_c: np.ndarray) -> np.ndarray:
    return _props("H", "T", np.asarray(temperature_c, float) + _T0, "P", pressure_pa)


def _steam_density_viscosity(pressure_pa: np.ndarray, enthalpy_j_per_kg: np.ndarray):
    """Density [kg/m³] and viscosity [Pa s] at (p, h): the hydraulic subset of
    :func:`_steam_state` (fewer IF97 calls when every state is superheated)."""
    p = np.clip(np.asarray(pressure_pa, float), _P_TRIPLE_PA, 22.0e6)
    h = np.asarray(enthalpy_j_per_kg, float)
    hg = _props("H", "P", p, "Q", np.ones(p.size))
    sup = h >= hg
    if not sup.all():
        rho, mu = np.empty(p.size), np.empty(p.size)
        s = _steam_state(p[~sup], h[~sup])
        rho[~sup], mu[~sup] = s["density_kg_m3"], s["viscosity_pa_s"]
        if sup.any():
            rho[sup], mu[sup] = _steam_density_viscosity(p[sup], h[sup])
        return rho, mu
    t = _props("T", "P", p, "H", h)
    t = t - (_props("H", "T", t, "P", p) - h) / _props("C", "T", t, "P", p)
    return _props("D", "T", t, "P", p), _props("V", "T", t, "P", p)


def _steam_temperature_cp(pressure_pa: np.ndarray, enthalpy_j_per_kg: np.ndarray):
    """Temperature [°C] and c_p [J/(kg K)] at (p, h) (``inf`` when wet): the energy-balance
    subset of :func:`_steam_state`."""
    p = np.clip(np.asarray(pressure_pa, float), _P_TRIPLE_PA, 22.0e6)
    h = np.asarray(enthalpy_j_per_kg, float)
    hg = _props("H", "P", p, "Q", np.ones(p.size))
    sup = h > hg
    if not sup.all():
        t, cp = np.empty(p.size), np.empty(p.size)
        s = _steam_state(p[~sup], h[~sup])
        t[~sup], cp[~sup] = s["temperature_c"], s["cp_j_per_kg_k"]
        if sup.any():
            t[sup], cp[sup] = _steam_temperature_cp(p[sup], h[sup])
        return t, cp
    t = _props("T", "P", p, "H", h)
    cp = _props("C", "T", t, "P", p)
    t = t - (_props("H", "T", t, "P", p) - h) / cp
    return t - _T0, cp


def _steam_state(pressure_pa: np.ndarray, enthalpy_j_per_kg: np.ndarray) -> dict[str, np.ndarray]:
    """IF97 state at (p, h): temperature, density, viscosity, c_p, quality, saturation data.

    Superheated and subcooled temperatures come from the IF97 backward equation T(p, h) refined
    by one Newton step on the forward h(p, T) (the backward equations alone are only consistent
    to ~25 mK, IF97 §5.2.1). Wet states use the homogeneous model (density from the specific
    volume mixture, viscosity by McAdams) and ``c_p = inf``.
    """
    p = np.clip(np.asarray(pressure_pa, float), _P_TRIPLE_PA, 22.0e6)
    h = np.asarray(enthalpy_j_per_kg, float)
    n = p.size
    ones = np.ones(n)
    tsat = _props("T", "P", p, "Q", ones)
    hf = _props("H", "P", p, "Q", 0 * ones)
    hg = _props("H", "P", p, "Q", ones)
    x = np.clip((h - hf) / (hg - hf), 0.0, 1.0)
    wet = (h > hf) & (h < hg)
    single = ~wet
    t = tsat.copy()
    rho = np.empty(n)
    mu = np.empty(n)
    cp = np.full(n, np.inf)
    if single.any():
        ps, hs = p[single], h[single]
        ts = _props("T", "P", ps, "H", hs)
        vap = hs >= hg[single]
        # stay on the right side of the saturation line during the refinement
        ts = np.where(vap, np.maximum(ts, tsat[single] + 1e-9), np.minimum(ts, tsat[single] - 1e-9))
        hh = _props("H", "T", ts, "P", ps)
        cc = _props("C", "T", ts, "P", ps)
        ts = ts - (hh - hs) / cc
        ts = np.where(vap, np.maximum(ts, tsat[single] + 1e-9), np.minimum(ts, tsat[single] - 1e-9))
        t[single] = ts
        rho[single] = _props("D", "T", ts, "P", ps)
        mu[single] = _props("V", "T", ts, "P", ps)
        cp[single] = _props("C", "T", ts, "P", ps)
    if wet.any():
        pw, tw, xw = p[wet], tsat[wet], x[wet]
        rf = _props("D", "T", tw - 1e-6, "P", pw)
        rg = _props("D", "T", tw + 1e-6, "P", pw)
        mf = _props("V", "T", tw - 1e-6, "P", pw)
        mg = _props("V", "T", tw + 1e-6, "P", pw)
        rho[wet] = 1.0 / (xw / rg + (1.0 - xw) / rf)
        mu[wet] = 1.0 / (xw / mg + (1.0 - xw) / mf)
    quality = np.where(h <= hf, (h - hf) / (hg - hf), np.where(h >= hg, 1.0, x))
    return {
        "temperature_c": t - _T0,
        "density_kg_m3": rho,
        "viscosity_pa_s": mu,
        "cp_j_per_kg_k": cp,
        "quality": quality,
        "saturation_temperature_c": tsat - _T0,
        "hf": hf,
        "hg": hg,
    }


# --------------------------------------------------------------------------------------------
# Friction
# --------------------------------------------------------------------------------------------
def _colebrook(re: np.ndarray, rr: np.ndarray, divisor: float = 3.7):
    """Colebrook–White ``1/√f = −2 log10(2.51/(Re √f) + rr/divisor)`` and ``df/dRe``.

    Solved for ``x = 1/√f`` by safeguarded Newton from the Swamee–Jain estimate (converges to
    machine precision in 3–6 steps); ``df/dRe`` by implicit differentiation.
    """
    b = rr / divisor
    f0 = 0.25 / np.log10(b + 5.74 / re**0.9) ** 2
    x = 1.0 / np.sqrt(np.clip(f0, 1e-4, None))
    for _ in range(30):
        arg = 2.51 * x / re + b
        g = x + 2.0 * np.log10(arg)
        gx = 1.0 + 2.0 / _LN10 * (2.51 / re) / arg
        xn = x - g / gx
        xn = np.where(xn <= 0.0, 0.5 * x, xn)
        done = np.max(np.abs(xn - x) / xn) < 1e-14
        x = xn
        if done:
            break
    arg = 2.51 * x / re + b
    gx = 1.0 + 2.0 / _LN10 * (2.51 / re) / arg
    g_re = 2.0 / _LN10 * (-2.51 * x / re**2) / arg
    dx_dre = -g_re / gx
    return x**-2, -2.0 * x**-3 * dx_dre


def _churchill(re: np.ndarray, rr: np.ndarray) -> np.ndarray:
    a = (2.457 * np.log(1.0 / ((7.0 / re) ** 0.9 + 0.27 * rr))) ** 16
    b = (37530.0 / re) ** 16
    return 8.0 * ((8.0 / re) ** 12 + (a + b) ** -1.5) ** (1.0 / 12.0)


def _friction(re: np.ndarray, rr: np.ndarray, model: str):
    """Darcy friction factor and its derivative with respect to the Reynolds number."""
    re = np.asarray(re, float)
    rr = np.asarray(rr, float) * np.ones_like(re)
    if model == "churchill":
        eps = 1e-6
        f = _churchill(re, rr)
        df = (_churchill(re * (1 + eps), rr) - _churchill(re * (1 - eps), rr)) / (2 * eps * re)
        return f, df
    if model == "colebrook_pandapipes":
        return _colebrook(re, rr, 3.71)
    if model != "colebrook":
        raise NetworkInputError(f"friction_model must be one of {FRICTION_MODELS}, got {model!r}")
    f = 64.0 / re
    df = -64.0 / re**2
    turb = re > _RE_LAMINAR
    if turb.any():
        rt = np.maximum(re[turb], _RE_TURBULENT)
        ft, dft = _colebrook(rt, rr[turb])
        trans = re[turb] < _RE_TURBULENT
        if trans.any():
            # C¹ cubic Hermite between 64/Re at 2000 and Colebrook at 4000 (cf. EPANET [4])
            w = _RE_TURBULENT - _RE_LAMINAR
            t = (re[turb][trans] - _RE_LAMINAR) / w
            f0, m0 = 64.0 / _RE_LAMINAR, -64.0 / _RE_LAMINAR**2 * w
            f1, m1 = ft[trans], dft[trans] * w
            h00, h10 = 2 * t**3 - 3 * t**2 + 1, t**3 - 2 * t**2 + t
            h01, h11 = -2 * t**3 + 3 * t**2, t**3 - t**2
            d00, d10 = 6 * t**2 - 6 * t, 3 * t**2 - 4 * t + 1
            d01, d11 = -6 * t**2 + 6 * t, 3 * t**2 - 2 * t
            ft[trans] = h00 * f0 + h10 * m0 + h01 * f1 + h11 * m1
            dft[trans] = (d00 * f0 + d10 * m0 + d01 * f1 + d11 * m1) / w
        f[turb] = ft
        df[turb] = dft
    return f, df


# --------------------------------------------------------------------------------------------
# The network
# --------------------------------------------------------------------------------------------
def _positive(element: str, name: str, value: Any, upper: float | None = None) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise NetworkInputError(
            f"{element}: {name} must be a number, got {value!r}", element
        ) from None
    if not np.isfinite(v) or v <= 0.0 or (upper is not None and v >= upper):
        rng = f"(0, {upper:g})" if upper is not None else "(0, inf)"
        raise NetworkInputError(
            f"{element}: {name} = {value!r} is outside the allowed range {rng}", element
        )
    return v


def _nonnegative(element: str, name: str, value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise NetworkInputError(
            f"{element}: {name} must be a number, got {value!r}", element
        ) from None
    if not np.isfinite(v) or v < 0.0:
        raise NetworkInputError(
            f"{element}: {name} = {value!r} is outside the allowed range [0, inf)", element
        )
    return v


def _finite(element: str, name: str, value: Any, lo: float = -np.inf, hi: float = np.inf) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise NetworkInputError(
            f"{element}: {name} must be a number, got {value!r}", element
        ) from None
    if not np.isfinite(v) or v < lo or v > hi:
        raise NetworkInputError(
            f"{element}: {name} = {value!r} is outside the allowed range [{lo:g}, {hi:g}]", element
        )
    return v


class HeatNetwork:
    """A hot-water or steam network held in a :class:`networkx.MultiDiGraph`.

    Junctions are graph nodes (attribute ``elevation_m``); pipes, pumps and flow controls are
    edges keyed by their unique name (attribute ``kind``). Sources and consumers are kept in
    :attr:`sources` and :attr:`consumers` and refer to junctions. Element names are unique across
    all element types, so every diagnostic can name one element.

    Parameters
    ----------
    fluid : {"water", "steam"}
        ``"water"``: liquid water, incompressible per pipe with IF97 properties at the pipe's mean
        state. ``"steam"``: compressible; pipes are split into segments.
    ambient_temperature_c : float
        Default ambient temperature of pipes [°C]; also the temperature of stagnant water.
    friction_model : str
        One of :data:`FRICTION_MODELS`.
    steam_segment_length_m : float
        Largest segment of a steam pipe [m] when the pipe does not set ``segments``.
    name : str
        A label.
    """

    def __init__(
        self,
        fluid: str = "water",
        *,
        ambient_temperature_c: float = 10.0,
        friction_model: str = "colebrook",
        steam_segment_length_m: float = _DEFAULT_STEAM_SEGMENT_M,
        name: str = "",
    ):
        if fluid not in FLUIDS:
            raise NetworkInputError(f"fluid must be one of {FLUIDS}, got {fluid!r}")
        if friction_model not in FRICTION_MODELS:
            raise NetworkInputError(
                f"friction_model must be one of {FRICTION_MODELS}, got {friction_model!r}"
            )
        self.fluid = fluid
        self.ambient_temperature_c = _finite(
            "network", "ambient_temperature_c", ambient_temperature_c, -60.0, 80.0
        )
        self.friction_model = friction_model
        self.steam_segment_length_m = _positive(
            "network", "steam_segment_length_m", steam_segment_length_m
        )
        self.name = name
        self.graph = nx.MultiDiGraph(name=name)
        self.sources: dict[str, dict[str, Any]] = {}
        self.consumers: dict[str, dict[str, Any]] = {}
        self._names: set[str] = set()

    # ---------------------------------------------------------------- building
    def _new_name(self, name: Any) -> str:
        if not isinstance(name, str) or not name:
            raise NetworkInputError(f"element names must be non-empty strings, got {name!r}")
        if name in self._names:
            raise NetworkInputError(f"element name {name!r} is already used", name)
        return name

    def _junction(self, element: str, junction: Any) -> str:
        if junction not in self.graph:
            raise NetworkInputError(f"{element}: unknown junction {junction!r}", element)
        return junction

    def add_junction(self, name: str, *, elevation_m: float = 0.0) -> str:
        """Add a junction at ``elevation_m`` [m] above the datum."""
        name = self._new_name(name)
        z = _finite(name, "elevation_m", elevation_m, -1e4, 1e4)
        self.graph.add_node(name, elevation_m=z)
        self._names.add(name)
        return name

    def add_pipe(
        self,
        name: str,
        from_junction: str,
        to_junction: str,
        *,
        length_m: float,
        diameter_m: float,
        roughness_m: float = 4.5e-5,
        k_fittings: float = 0.0,
        heat_transfer_w_per_m_k: float = 0.0,
        heat_loss_w_per_m: Callable[[np.ndarray], np.ndarray] | None = None,
        ambient_temperature_c: float | None = None,
        segments: int | None = None,
    ) -> str:
        """Add a pipe from ``from_junction`` to ``to_junction`` (the sign convention of its flow).

        Parameters
        ----------
        length_m, diameter_m : float
            Length and inner diameter [m], > 0.
        roughness_m : float
            Absolute (sand-grain) roughness [m], in (0, diameter/2). 4.5e-5 m is commercial
            steel (Moody 1944).
        k_fittings : float
            Sum of the fittings' loss coefficients K [-] (e.g. Crane TP-410), ≥ 0.
        heat_transfer_w_per_m_k : float
            U·A per metre of pipe [W/(m K)], ≥ 0 (0: adiabatic). pandapipes'
            ``u_w_per_m2k`` equals this divided by π·D.
        heat_loss_w_per_m : callable, optional
            Instead of a constant U·A: a function of the fluid temperature [°C] (numpy array)
            returning the heat loss [W/m] (e.g. a buried-pipe model). The solver uses the
            equivalent ``U′ = q(T_mean)/(T_mean − T_a)`` of each segment, iterated to a fixed
            point.
        ambient_temperature_c : float, optional
            Ambient (or soil) temperature [°C]; defaults to the network's.
        segments : int, optional
            Number of internal segments (default 1 for water, ``ceil(L / steam_segment_length_m)``
            for steam).
        """
        name = self._new_name(name)
        fj = self._junction(name, from_junction)
        tj = self._junction(name, to_junction)
        if fj == tj:
            raise NetworkInputError(f"pipe {name!r} connects junction {fj!r} to itself", name)
        L = _positive(f"pipe {name!r}", "length_m", length_m)
        D = _positive(f"pipe {name!r}", "diameter_m", diameter_m, 10.0)
        eps = _positive(f"pipe {name!r}", "roughness_m", roughness_m, D / 2)
        K = _nonnegative(f"pipe {name!r}", "k_fittings", k_fittings)
        ua = _nonnegative(f"pipe {name!r}", "heat_transfer_w_per_m_k", heat_transfer_w_per_m_k)
        if heat_loss_w_per_m is not None and not callable(heat_loss_w_per_m):
            raise NetworkInputError(f"pipe {name!r}: heat_loss_w_per_m must be callable", name)
        ta = (
            self.ambient_temperature_c
            if ambient_temperature_c is None
            else _finite(
                f"pipe {name!r}", "ambient_temperature_c", ambient_temperature_c, -60.0, 200.0
            )
        )
        if segments is not None:
            if int(segments) != segments or segments < 1:
                raise NetworkInputError(
                    f"pipe {name!r}: segments = {segments!r} must be an integer ≥ 1", name
                )
            segments = int(segments)
        self.graph.add_edge(
            fj, tj, key=name, kind="pipe", length_m=L, diameter_m=D, roughness_m=eps,
            k_fittings=K, heat_transfer_w_per_m_k=ua, heat_loss_w_per_m=heat_loss_w_per_m,
            ambient_temperature_c=ta, segments=segments,
        )  # fmt: skip
        self._names.add(name)
        return name

    def add_pump(
        self, name: str, from_junction: str, to_junction: str, *, pressure_lift_pa: float
    ) -> str:
        """Add a pump lifting the pressure by a fixed ``pressure_lift_pa`` [Pa] from → to."""
        name = self._new_name(name)
        fj = self._junction(name, from_junction)
        tj = self._junction(name, to_junction)
        if fj == tj:
            raise NetworkInputError(f"pump {name!r} connects junction {fj!r} to itself", name)
        lift = _finite(f"pump {name!r}", "pressure_lift_pa", pressure_lift_pa, 0.0, 1e8)
        self.graph.add_edge(fj, tj, key=name, kind="pump", pressure_lift_pa=lift)
        self._names.add(name)
        return name

    def add_flow_control(
        self,
        name: str,
        from_junction: str,
        to_junction: str,
        *,
        mass_flow_kg_s: float,
        heat_w: float = 0.0,
    ) -> str:
        """Add a branch that fixes its mass flow [kg/s] (≥ 0, from → to).

        With ``heat_w`` > 0 it is a consumer substation between a supply and a return junction:
        it extracts ``heat_w`` [W] from the stream (pandapipes' ``heat_consumer`` with a
        controlled mass flow).
        """
        name = self._new_name(name)
        fj = self._junction(name, from_junction)
        tj = self._junction(name, to_junction)
        if fj == tj:
            raise NetworkInputError(f"flow control {name!r} connects {fj!r} to itself", name)
        m = _nonnegative(f"flow control {name!r}", "mass_flow_kg_s", mass_flow_kg_s)
        q = _nonnegative(f"flow control {name!r}", "heat_w", heat_w)
        if q > 0 and m == 0:
            raise NetworkInputError(
                f"flow control {name!r}: heat_w = {q:g} W needs mass_flow_kg_s > 0", name
            )
        self.graph.add_edge(fj, tj, key=name, kind="flow_control", mass_flow_kg_s=m, heat_w=q)
        self._names.add(name)
        return name

    def add_source(
        self, name: str, junction: str, *, pressure_pa: float, temperature_c: float
    ) -> str:
        """Add a source fixing the absolute pressure [Pa] and supply temperature [°C].

        For steam the state must be superheated or saturated vapour: ``temperature_c`` ≥ the
        saturation temperature at ``pressure_pa`` (to 1 mK).
        """
        name = self._new_name(name)
        j = self._junction(name, junction)
        p = _finite(f"source {name!r}", "pressure_pa", pressure_pa, _P_TRIPLE_PA, _P_MAX_PA)
        if self.fluid == "water":
            t = _finite(f"source {name!r}", "temperature_c", temperature_c, 0.01, 350.0)
            psat = float(_saturation_pressure_pa(np.array([t]))[0])
            if p <= psat:
                raise InfeasibleNetworkError(
                    f"source {name!r}: pressure_pa = {p:g} Pa is at or below the saturation "
                    f"pressure {psat:.6g} Pa of water at {t:g} °C; hot water needs p > p_sat(T)",
                    name,
                    p,
                )
        else:
            t = _finite(f"source {name!r}", "temperature_c", temperature_c, 0.01, 800.0)
            if p >= 22.064e6:
                raise NetworkInputError(
                    f"source {name!r}: pressure_pa = {p:g} is above the critical pressure "
                    "22.064e6 Pa; steam sources must be subcritical", name,
                )  # fmt: skip
            tsat = float(_saturation_temperature_c(np.array([p]))[0])
            if t < tsat - 1e-3:
                raise InfeasibleNetworkError(
                    f"source {name!r}: temperature_c = {t:g} °C is below the saturation "
                    f"temperature {tsat:.3f} °C at {p:g} Pa; steam at the inlet must be saturated "
                    f"or superheated (temperature_c ≥ {tsat:.3f})", name, t,
                )  # fmt: skip
            t = max(t, tsat)
        self.sources[name] = {"junction": j, "pressure_pa": p, "temperature_c": t}
        self._names.add(name)
        return name

    def add_consumer(
        self,
        name: str,
        junction: str,
        *,
        mass_flow_kg_s: float | None = None,
        heat_w: float | None = None,
        delta_t_k: float | None = None,
        return_temperature_c: float | None = None,
    ) -> str:
        """Add a consumer drawing fluid out of the network at ``junction`` (a sink).

        Give either ``mass_flow_kg_s`` [kg/s], or ``heat_w`` [W] with one of ``delta_t_k`` [K]
        (water only: ``m = Q / (c_p ΔT)``) or ``return_temperature_c`` [°C] (water:
        ``m = Q / (c_p (T_node − T_return))``; steam: the steam condenses and leaves as
        condensate at that temperature, ``m = Q / (h_node − h_liquid(T_return))``).
        """
        name = self._new_name(name)
        j = self._junction(name, junction)
        el = f"consumer {name!r}"
        spec: dict[str, Any] = {"junction": j}
        if (mass_flow_kg_s is None) == (heat_w is None):
            raise NetworkInputError(f"{el}: give exactly one of mass_flow_kg_s or heat_w", name)
        if mass_flow_kg_s is not None:
            spec.update(mode="mass_flow", value=_nonnegative(el, "mass_flow_kg_s", mass_flow_kg_s))
        else:
            q = _nonnegative(el, "heat_w", heat_w)
            if (delta_t_k is None) == (return_temperature_c is None):
                raise NetworkInputError(
                    f"{el}: with heat_w give exactly one of delta_t_k or return_temperature_c", name
                )
            if delta_t_k is not None:
                if self.fluid == "steam":
                    raise NetworkInputError(
                        f"{el}: delta_t_k is for hot water; a steam consumer needs "
                        "return_temperature_c (its condensate temperature)", name,
                    )  # fmt: skip
                spec.update(
                    mode="heat_dt", value=q, delta_t_k=_positive(el, "delta_t_k", delta_t_k, 300.0)
                )
            else:
                spec.update(
                    mode="heat_return",
                    value=q,
                    return_temperature_c=_finite(
                        el, "return_temperature_c", return_temperature_c, 0.01, 370.0
                    ),
                )
        self.consumers[name] = spec
        self._names.add(name)
        return name

    # ---------------------------------------------------------------- views
    @property
    def junctions(self) -> pd.DataFrame:
        """Junctions as a DataFrame (index: name)."""
        return pd.DataFrame(
            {"elevation_m": [d["elevation_m"] for _, d in self.graph.nodes(data=True)]},
            index=pd.Index(list(self.graph.nodes), name="junction"),
        )

    @property
    def branches(self) -> pd.DataFrame:
        """Pipes, pumps and flow controls as a DataFrame (index: name)."""
        rows = []
        for u, v, k, d in self.graph.edges(keys=True, data=True):
            rows.append(
                {
                    "name": k,
                    "from_junction": u,
                    "to_junction": v,
                    **{key: val for key, val in d.items() if key != "heat_loss_w_per_m"},
                }
            )
        return pd.DataFrame(rows).set_index("name") if rows else pd.DataFrame()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable description (pipes with a heat-loss callback are refused)."""
        out: dict[str, Any] = {
            "fluid": self.fluid,
            "ambient_temperature_c": self.ambient_temperature_c,
            "friction_model": self.friction_model,
            "steam_segment_length_m": self.steam_segment_length_m,
            "name": self.name,
            "junctions": [{"name": n, "elevation_m": d["elevation_m"]}
                          for n, d in self.graph.nodes(data=True)],
            "pipes": [], "pumps": [], "flow_controls": [],
            "sources": [{"name": k, **v} for k, v in self.sources.items()],
            "consumers": [{"name": k, **v} for k, v in self.consumers.items()],
        }  # fmt: skip
        for u, v, k, d in self.graph.edges(keys=True, data=True):
            row = {"name": k, "from_junction": u, "to_junction": v}
            if d["kind"] == "pipe":
                if d["heat_loss_w_per_m"] is not None:
                    raise NetworkInputError(
                        f"pipe {k!r}: a heat-loss callback cannot be "
                        "serialised; use heat_transfer_w_per_m_k",
                        k,
                    )
                row.update(
                    {
                        key: d[key]
                        for key in (
                            "length_m",
                            "diameter_m",
                            "roughness_m",
                            "k_fittings",
                            "heat_transfer_w_per_m_k",
                            "ambient_temperature_c",
                            "segments",
                        )
                    }
                )
                out["pipes"].append(row)
            elif d["kind"] == "pump":
                out["pumps"].append({**row, "pressure_lift_pa": d["pressure_lift_pa"]})
            else:
                out["flow_controls"].append(
                    {**row, "mass_flow_kg_s": d["mass_flow_kg_s"], "heat_w": d["heat_w"]}
                )
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HeatNetwork:
        """Rebuild a network from :meth:`to_dict`'s output."""
        net = cls(data.get("fluid", "water"),
                  ambient_temperature_c=data.get("ambient_temperature_c", 10.0),
                  friction_model=data.get("friction_model", "colebrook"),
                  steam_segment_length_m=data.get("steam_segment_length_m",
                                                  _DEFAULT_STEAM_SEGMENT_M),
                  name=data.get("name", ""))  # fmt: skip
        for j in data["junctions"]:
            net.add_junction(j["name"], elevation_m=j.get("elevation_m", 0.0))
        for p in data.get("pipes", []):
            p = dict(p)
            net.add_pipe(p.pop("name"), p.pop("from_junction"), p.pop("to_junction"), **p)
        for p in data.get("pumps", []):
            net.add_pump(
                p["name"],
                p["from_junction"],
                p["to_junction"],
                pressure_lift_pa=p["pressure_lift_pa"],
            )
        for p in data.get("flow_controls", []):
            net.add_flow_control(
                p["name"],
                p["from_junction"],
                p["to_junction"],
                mass_flow_kg_s=p["mass_flow_kg_s"],
                heat_w=p.get("heat_w", 0.0),
            )
        for s in data.get("sources", []):
            net.add_source(
                s["name"],
                s["junction"],
                pressure_pa=s["pressure_pa"],
                temperature_c=s["temperature_c"],
            )
        for c in data.get("consumers", []):
            c = dict(c)
            mode = c.pop("mode")
            kw: dict[str, Any] = {}
            if mode == "mass_flow":
                kw["mass_flow_kg_s"] = c["value"]
            else:
                kw["heat_w"] = c["value"]
                if mode == "heat_dt":
                    kw["delta_t_k"] = c["delta_t_k"]
                else:
                    kw["return_temperature_c"] = c["return_temperature_c"]
            net.add_consumer(c["name"], c["junction"], **kw)
        return net

    def __repr__(self) -> str:
        kinds = [d["kind"] for *_, d in self.graph.edges(keys=True, data=True)]
        return (
            f"HeatNetwork({self.fluid!r}, junctions={self.graph.number_of_nodes()}, "
            f"pipes={kinds.count('pipe')}, pumps={kinds.count('pump')}, "
            f"flow_controls={kinds.count('flow_control')}, sources={len(self.sources)}, "
            f"consumers={len(self.consumers)})"
        )


# --------------------------------------------------------------------------------------------
# Compilation to arrays
# --------------------------------------------------------------------------------------------
_PIPE, _PUMP, _FC = 0, 1, 2


@dataclass
class _Model:
    fluid: str
    friction_model: str
    ambient_c: float
    node_names: list[str]
    n_junctions: int
    z: np.ndarray
    node_pipe: np.ndarray  # element index of the pipe an internal node belongs to (-1: junction)
    node_dist: np.ndarray  # distance of internal nodes from the pipe's from-junction
    # branches (pipe segments, pumps, flow controls)
    kind: np.ndarray
    fr: np.ndarray
    to: np.ndarray
    L: np.ndarray
    D: np.ndarray
    A: np.ndarray
    rr: np.ndarray
    K: np.ndarray
    ua: np.ndarray
    ta: np.ndarray
    lift: np.ndarray
    m_set: np.ndarray
    q_set: np.ndarray
    elem: np.ndarray  # element index per branch
    callbacks: list[tuple[np.ndarray, Callable]]
    # elements
    elem_names: list[str]
    elem_kind: list[str]
    elem_first: np.ndarray
    elem_last: np.ndarray
    elem_fj: np.ndarray
    elem_tj: np.ndarray
    # sources / consumers
    src_names: list[str]
    src_node: np.ndarray
    src_p: np.ndarray
    src_t: np.ndarray
    src_h: np.ndarray
    con_names: list[str]
    con_node: np.ndarray
    con_mode: np.ndarray  # 0 mass flow, 1 heat with ΔT, 2 heat with return temperature
    con_value: np.ndarray
    con_dt: np.ndarray
    con_tret: np.ndarray
    # solver structure
    fixed: np.ndarray  # bool per node
    free_nodes: np.ndarray
    col_of_node: np.ndarray  # -1 for fixed nodes
    jac: dict[str, Any] = field(default_factory=dict)


def _compile(net: HeatNetwork) -> _Model:
    if not isinstance(net, HeatNetwork):
        raise NetworkInputError(f"expected a HeatNetwork, got {type(net).__name__}")
    g = net.graph
    if not net.sources:
        raise DisconnectedNetworkError(
            "the network has no source: add_source() fixes the pressure and temperature somewhere"
        )
    junctions = list(g.nodes)
    index = {n: i for i, n in enumerate(junctions)}
    z = [g.nodes[n]["elevation_m"] for n in junctions]
    node_names = list(junctions)
    node_pipe = [-1] * len(junctions)
    node_dist = [0.0] * len(junctions)
    cols: dict[str, list] = {
        k: []
        for k in (
            "kind",
            "fr",
            "to",
            "L",
            "D",
            "rr",
            "K",
            "ua",
            "ta",
            "lift",
            "m_set",
            "q_set",
            "elem",
        )
    }
    callbacks = []
    elem_names, elem_kind, first, last, efj, etj = [], [], [], [], [], []
    for u, v, key, d in g.edges(keys=True, data=True):
        e = len(elem_names)
        elem_names.append(key)
        elem_kind.append(d["kind"])
        efj.append(index[u])
        etj.append(index[v])
        first.append(len(cols["kind"]))
        if d["kind"] == "pipe":
            Lp, Dp = d["length_m"], d["diameter_m"]
            # re-validate: attributes may have been edited on the graph directly
            _positive(f"pipe {key!r}", "length_m", Lp)
            _positive(f"pipe {key!r}", "diameter_m", Dp, 10.0)
            _positive(f"pipe {key!r}", "roughness_m", d["roughness_m"], Dp / 2)
            nseg = d["segments"] or (
                max(1, math.ceil(Lp / net.steam_segment_length_m - 1e-9))
                if net.fluid == "steam" else 1)  # fmt: skip
            chain = [index[u]]
            for s in range(1, nseg):
                node_names.append(f"{key}#{s}")
                node_pipe.append(e)
                node_dist.append(Lp * s / nseg)
                z.append(z[index[u]] + (z[index[v]] - z[index[u]]) * s / nseg)
                chain.append(len(node_names) - 1)
            chain.append(index[v])
            segs = []
            for s in range(nseg):
                segs.append(len(cols["kind"]))
                for k2, val in (
                    ("kind", _PIPE),
                    ("fr", chain[s]),
                    ("to", chain[s + 1]),
                    ("L", Lp / nseg),
                    ("D", Dp),
                    ("rr", d["roughness_m"] / Dp),
                    ("K", d["k_fittings"] / nseg),
                    ("ua", d["heat_transfer_w_per_m_k"]),
                    ("ta", d["ambient_temperature_c"]),
                    ("lift", 0.0),
                    ("m_set", 0.0),
                    ("q_set", 0.0),
                    ("elem", e),
                ):
                    cols[k2].append(val)
            if d["heat_loss_w_per_m"] is not None:
                callbacks.append((np.array(segs), d["heat_loss_w_per_m"]))
        else:
            is_pump = d["kind"] == "pump"
            for k2, val in (
                ("kind", _PUMP if is_pump else _FC),
                ("fr", index[u]),
                ("to", index[v]),
                ("L", 0.0),
                ("D", 1.0),
                ("rr", 0.0),
                ("K", 0.0),
                ("ua", 0.0),
                ("ta", net.ambient_temperature_c),
                ("lift", d.get("pressure_lift_pa", 0.0)),
                ("m_set", d.get("mass_flow_kg_s", 0.0)),
                ("q_set", d.get("heat_w", 0.0)),
                ("elem", e),
            ):
                cols[k2].append(val)
        last.append(len(cols["kind"]) - 1)
    arr = {k: np.asarray(v, dtype=int if k in ("kind", "fr", "to", "elem") else float)
           for k, v in cols.items()}  # fmt: skip
    n_nodes = len(node_names)
    fixed = np.zeros(n_nodes, bool)
    src_node = np.array([index[s["junction"]] for s in net.sources.values()], int)
    for name, s in net.sources.items():
        j = index[s["junction"]]
        if fixed[j]:
            raise NetworkInputError(
                f"source {name!r}: junction {s['junction']!r} already has a "
                "source; one source per junction",
                name,
            )
        fixed[j] = True
    src_p = np.array([s["pressure_pa"] for s in net.sources.values()])
    src_t = np.array([s["temperature_c"] for s in net.sources.values()])
    src_h = _enthalpy_pt(src_p, src_t) if net.fluid == "steam" else np.zeros(len(src_p))
    for e, kind in enumerate(elem_kind):
        if kind == "pump" and fixed[efj[e]] and fixed[etj[e]]:
            raise NetworkInputError(
                f"pump {elem_names[e]!r} connects two sources; its flow would be undetermined",
                elem_names[e],
            )
    modes = {"mass_flow": 0, "heat_dt": 1, "heat_return": 2}
    cons = net.consumers
    model = _Model(
        fluid=net.fluid, friction_model=net.friction_model, ambient_c=net.ambient_temperature_c,
        node_names=node_names, n_junctions=len(junctions), z=np.asarray(z, float),
        node_pipe=np.asarray(node_pipe, int), node_dist=np.asarray(node_dist, float),
        kind=arr["kind"], fr=arr["fr"], to=arr["to"], L=arr["L"], D=arr["D"],
        A=np.pi * arr["D"] ** 2 / 4, rr=arr["rr"], K=arr["K"], ua=arr["ua"], ta=arr["ta"],
        lift=arr["lift"], m_set=arr["m_set"], q_set=arr["q_set"], elem=arr["elem"],
        callbacks=callbacks, elem_names=elem_names, elem_kind=elem_kind,
        elem_first=np.asarray(first, int), elem_last=np.asarray(last, int),
        elem_fj=np.asarray(efj, int), elem_tj=np.asarray(etj, int),
        src_names=list(net.sources), src_node=src_node, src_p=src_p, src_t=src_t, src_h=src_h,
        con_names=list(cons), con_node=np.array([index[c["junction"]] for c in cons.values()], int),
        con_mode=np.array([modes[c["mode"]] for c in cons.values()], int),
        con_value=np.array([c["value"] for c in cons.values()], float),
        con_dt=np.array([c.get("delta_t_k", np.nan) for c in cons.values()], float),
        con_tret=np.array([c.get("return_temperature_c", np.nan) for c in cons.values()], float),
        fixed=fixed, free_nodes=np.flatnonzero(~fixed),
        col_of_node=np.full(n_nodes, -1, int),
    )  # fmt: skip
    model.col_of_node[model.free_nodes] = np.arange(len(model.free_nodes))
    _check_connectivity(net, model)
    _build_jacobian_structure(model)
    return model


def _check_connectivity(net: HeatNetwork, model: _Model) -> None:
    """Every junction needs a path of pipes/pumps to a source (its pressure reference).

    The components are found with :func:`scipy.sparse.csgraph.connected_components` (fast); the
    isolated part named in a message comes from networkx on the network's own graph.
    """
    nn = len(model.node_names)

    def reached(mask: np.ndarray) -> set[int]:
        adj = sp.coo_matrix((np.ones(mask.sum()), (model.fr[mask], model.to[mask])),
                            shape=(nn, nn))  # fmt: skip
        _, label = connected_components(adj, directed=False)
        return set(np.flatnonzero(np.isin(label, label[model.src_node])).tolist())

    reach = reached(np.ones(len(model.kind), bool))  # all branches carry flow
    reach_p = reached(model.kind != _FC)  # flow controls give no pressure reference
    g = net.graph.to_undirected(as_view=True)
    for cname, node in zip(model.con_names, model.con_node, strict=True):
        if int(node) not in reach:
            comp = sorted(nx.node_connected_component(g, model.node_names[node]))
            raise DisconnectedNetworkError(
                f"consumer {cname!r} at junction {model.node_names[node]!r} is not connected to "
                f"any source (its isolated part of the network: {', '.join(comp[:8])}"
                f"{', …' if len(comp) > 8 else ''}); connect it with a pipe or remove it", cname,
            )  # fmt: skip
    lost = [i for i in range(model.n_junctions) if i not in reach]
    if lost:
        names = [model.node_names[i] for i in lost]
        raise DisconnectedNetworkError(
            f"junction {names[0]!r} is not connected to any source"
            + (f" (nor are {len(names) - 1} more: {', '.join(names[1:6])}…)" if len(names) > 1
               else "") + "; connect it or remove it", names[0])  # fmt: skip
    lost = [i for i in range(model.n_junctions) if i not in reach_p]
    if lost:
        name = model.node_names[lost[0]]
        raise DisconnectedNetworkError(
            f"junction {name!r} reaches the sources only through flow controls, so its pressure "
            "is undetermined; add a pipe (or a source) that gives it a pressure reference",
            name,
        )


def _build_jacobian_structure(model: _Model) -> None:
    nb = len(model.kind)
    nf = len(model.free_nodes)
    cf = model.col_of_node[model.fr]
    ct = model.col_of_node[model.to]
    mf, mt = cf >= 0, ct >= 0
    k = np.arange(nb)
    rows = np.concatenate([k, k[mf], k[mt], nb + cf[mf], nb + ct[mt]])
    cols = np.concatenate([k, nb + cf[mf], nb + ct[mt], k[mf], k[mt]])
    n = nb + nf
    probe = sp.csc_matrix((np.arange(1, rows.size + 1, dtype=float), (rows, cols)), shape=(n, n))
    probe.sort_indices()
    order = probe.data.astype(int) - 1
    model.jac = {
        "n": n, "nb": nb, "nf": nf, "mf": mf, "mt": mt, "order": order,
        "indices": probe.indices.copy(), "indptr": probe.indptr.copy(),
        "mass_data": np.concatenate([-np.ones(mf.sum()), np.ones(mt.sum())]),
        "cf": cf, "ct": ct, "has_pump": bool((model.kind == _PUMP).any()),
    }  # fmt: skip


# --------------------------------------------------------------------------------------------
# The solver
# --------------------------------------------------------------------------------------------
@dataclass
class _State:
    m: np.ndarray  # branch mass flows [kg/s]
    p: np.ndarray  # node pressures [Pa]
    t: np.ndarray  # node temperatures [°C]
    h: np.ndarray  # node enthalpies [J/kg] (steam)
    t_out: np.ndarray  # branch outlet temperatures [°C]
    h_out: np.ndarray  # branch outlet enthalpies (steam)
    ua: np.ndarray  # effective U·A per metre of each branch
    avg: np.ndarray  # branch length-averaged temperature [°C] (water) or enthalpy (steam)
    stagnant: np.ndarray  # nodes without inflow
    node_cp: np.ndarray | None = None  # steam: c_p at the nodes from the last energy solve

    def copy(self) -> _State:
        return _State(
            *(
                None if a is None else a.copy()
                for a in (
                    self.m,
                    self.p,
                    self.t,
                    self.h,
                    self.t_out,
                    self.h_out,
                    self.ua,
                    self.avg,
                    self.stagnant,
                    self.node_cp,
                )
            )
        )


def _upstream(model: _Model, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos = m >= 0
    return np.where(pos, model.fr, model.to), np.where(pos, model.to, model.fr)


def _branch_properties(model: _Model, st: _State) -> dict[str, np.ndarray]:
    """Density, viscosity, c_p (and dρ/dp for steam) of each branch at its mean state.

    The mean state is the mean pressure of the branch's ends and the length-averaged
    temperature (water) or mean enthalpy (steam) of the last energy solve, so the properties do
    not jump when a near-zero flow changes direction during the Newton iteration.
    """
    p_mean = 0.5 * (st.p[model.fr] + st.p[model.to])
    if model.fluid == "water":
        rho, mu, cp = _water_props(p_mean, st.avg)
        return {"rho": rho, "mu": mu, "cp": cp, "drho_dp": np.zeros_like(rho), "t_mean": st.avg}
    rho, mu = _steam_density_viscosity(p_mean, st.avg)
    # dρ/dp for the Jacobian only: the ideal-gas estimate ρ/p (the residual uses IF97 exactly,
    # so this affects the convergence rate, not the result)
    return {
        "rho": rho,
        "mu": mu,
        "cp": np.full_like(rho, np.nan),
        "drho_dp": rho / p_mean,
        "t_mean": np.full_like(rho, np.nan),
    }


def _hydraulic_residual(model: _Model, m, p, props, demand, want_jacobian: bool):
    """Momentum residual per branch and mass residual per free node (+ Jacobian data)."""
    fr, to, kind = model.fr, model.to, model.kind
    rho, mu = props["rho"], props["mu"]
    pipe = kind == _PIPE
    dz = model.z[fr] - model.z[to]
    F = p[fr] - p[to] + rho * STANDARD_GRAVITY_M_S2 * dz + model.lift
    jmm = np.zeros_like(m)
    R = np.zeros_like(m)
    re = np.zeros_like(m)
    f = np.zeros_like(m)
    if pipe.any():
        A, D, L = model.A[pipe], model.D[pipe], model.L[pipe]
        mp = m[pipe]
        delta = _RE_REGULARISATION * mu[pipe] * A / D
        s = np.sqrt(mp * mp + delta * delta)
        rep = s * D / (mu[pipe] * A)
        fp, dfp = _friction(rep, model.rr[pipe], model.friction_model)
        coef = (fp * L / D + model.K[pipe]) / (2.0 * rho[pipe] * A * A)
        Rp = coef * mp * s
        R[pipe] = Rp
        re[pipe], f[pipe] = rep, fp
        if want_jacobian:
            jmm[pipe] = -(
                coef * (s + mp * mp / s)
                + L * dfp * mp * mp / (mu[pipe] * A * 2.0 * rho[pipe] * A * A)
            )
    F = F - R
    fc = kind == _FC
    F[fc] = m[fc] - model.m_set[fc]
    # mass balance at free nodes: inflow - outflow - demand
    nn = len(model.node_names)
    G = np.bincount(to, weights=m, minlength=nn) - np.bincount(fr, weights=m, minlength=nn)
    G = G - demand
    G = G[model.free_nodes]
    if not want_jacobian:
        return F, G, R, re, f, None
    jmm[fc] = 1.0
    # dF/dp: 1 and -1, plus the density's pressure dependence (steam)
    dF_drho = STANDARD_GRAVITY_M_S2 * dz + np.where(pipe, R / rho, 0.0)
    half = 0.5 * props["drho_dp"] * dF_drho
    # Beyond half = 1 the linearised pipe would gain flow when its outlet pressure rises (the
    # choking limit of compressible flow, R ≥ 2 p_mean): keep the Newton direction physical so
    # that an infeasible demand drives the pressures down to the diagnosable floor
    half = np.clip(half, -0.5, 0.5)
    a = np.where(fc, 0.0, 1.0 + half)
    b = np.where(fc, 0.0, -1.0 + half)
    return F, G, R, re, f, (jmm, a, b)


def _newton_step(model: _Model, F: np.ndarray, G: np.ndarray, jac) -> np.ndarray:
    """Solve the linearised system for (dm, dp_free).

    Without pumps every branch row has ``∂F/∂m ≠ 0`` and the flows are eliminated (Schur
    complement, a weighted nodal "Laplacian" of the free junctions, Todini–Pilati [1]); with
    pumps the full sparse saddle-point system is factorised.
    """
    jmm, a, b = jac
    jm = model.jac
    nf = jm["nf"]
    if jm["has_pump"]:
        data = np.concatenate([jmm, a[jm["mf"]], b[jm["mt"]], jm["mass_data"]])
        J = sp.csc_matrix((data[jm["order"]], jm["indices"], jm["indptr"]),
                          shape=(jm["n"], jm["n"]))  # fmt: skip
        return np.asarray(spla.spsolve(J, -np.concatenate([F, G])))
    cf, ct, mf, mt = jm["cf"], jm["ct"], jm["mf"], jm["mt"]
    # dm_k = -(F_k + a_k dp_from + b_k dp_to) / jmm_k ;  mass rows: G + B dm = 0, where
    # B[n, k] = -1 at the from-junction and +1 at the to-junction
    # → S dp = G - B (F / jmm)  with  S = B diag(1/jmm) [a at from, b at to]
    inv = 1.0 / jmm
    wa, wb = a * inv, b * inv
    # B[n,k] = -1 at from, +1 at to
    rows = np.concatenate([cf[mf & mf], cf[mf & mt], ct[mt & mf], ct[mt & mt]])
    cols = np.concatenate([cf[mf & mf], ct[mf & mt], cf[mt & mf], ct[mt & mt]])
    vals = np.concatenate([-wa[mf & mf], -wb[mf & mt], wa[mt & mf], wb[mt & mt]])
    S = sp.csc_matrix((vals, (rows, cols)), shape=(nf, nf))
    bf = F * inv
    rhs = G.copy()
    rhs += np.bincount(cf[mf], weights=bf[mf], minlength=nf)  # B = -1 at the from-junction
    rhs -= np.bincount(ct[mt], weights=bf[mt], minlength=nf)  # B = +1 at the to-junction
    dp = np.asarray(spla.spsolve(S, rhs))
    dpf = np.where(mf, dp[np.maximum(cf, 0)], 0.0)
    dpt = np.where(mt, dp[np.maximum(ct, 0)], 0.0)
    dm = -(F + a * dpf + b * dpt) * inv
    return np.concatenate([dm, dp])


def _demands(model: _Model, st: _State) -> np.ndarray:
    """Consumer mass flows [kg/s] at the current state (heat demands depend on temperature)."""
    vals = model.con_value.copy()
    mode = model.con_mode
    if (mode != 0).any():
        sel = mode != 0
        node = model.con_node[sel]
        if model.fluid == "water":
            t_node = st.t[node]
            t_ret = np.where(mode[sel] == 1, t_node - model.con_dt[sel], model.con_tret[sel])
            bad = t_node - t_ret <= 0.0
            if bad.any():
                i = np.flatnonzero(sel)[np.argmax(bad)]
                raise InfeasibleNetworkError(
                    f"consumer {model.con_names[i]!r}: supply temperature "
                    f"{st.t[model.con_node[i]]:.3f} °C at junction "
                    f"{model.node_names[model.con_node[i]]!r} is not above its return temperature "
                    f"{model.con_tret[i]:g} °C; it cannot draw heat (the network cannot deliver "
                    "this demand at this temperature)", model.con_names[i],
                    float(st.t[model.con_node[i]]))  # fmt: skip
            t_m = 0.5 * (t_node + t_ret)
            _, _, cp = _water_props(st.p[node], t_m)
            vals[sel] = model.con_value[sel] / (cp * (t_node - t_ret))
        else:
            h_liq = _enthalpy_pt(np.clip(st.p[node], 1e4, None), model.con_tret[sel])
            dh = st.h[node] - h_liq
            if (dh <= 0).any():
                i = np.flatnonzero(sel)[np.argmax(dh <= 0)]
                raise InfeasibleNetworkError(
                    f"consumer {model.con_names[i]!r}: the steam at its junction carries no "
                    "usable heat above its condensate return",
                    model.con_names[i],
                )
            vals[sel] = model.con_value[sel] / dh
    return np.bincount(model.con_node, weights=vals, minlength=len(model.node_names)), vals


def _thermal_water(model: _Model, st: _State, props, omega: float = 1.0) -> None:
    """Junction temperatures from mixing and exponential pipe losses (sparse linear solve)."""
    nn = len(model.node_names)
    m = st.m
    am = np.abs(m)
    up, dn = _upstream(model, m)
    m_eps = 1e-12 * max(am.max(initial=0.0), 1e-9)
    flowing = am > m_eps
    cp = props["cp"]
    pipe = model.kind == _PIPE
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        ntu = np.where(flowing, st.ua * model.L / (np.where(flowing, am, 1.0) * cp), np.inf)
        e = np.where(pipe, np.exp(-ntu), 1.0)
        # length average of the exponential profile: (1 - e)/NTU (→ 1 as NTU → 0)
        frac = np.where(ntu > 1e-12, -np.expm1(-ntu) / ntu, 1.0)
    e = np.where(flowing, e, 0.0)
    # fixed temperature at injecting sources
    inj = _source_injection(model, st)
    fixed_t = np.zeros(nn, bool)
    fixed_val = np.zeros(nn)
    fixed_t[model.src_node[inj > 0]] = True
    fixed_val[model.src_node] = model.src_t
    use = flowing & ~fixed_t[dn]
    inflow = np.bincount(dn[use], weights=am[use], minlength=nn)
    stagnant = (inflow <= 0) & ~fixed_t
    diag = np.where(fixed_t | stagnant, 1.0, inflow)
    rhs = np.zeros(nn)
    rhs[fixed_t] = fixed_val[fixed_t]
    rhs[stagnant] = model.ambient_c
    fc = model.kind == _FC
    contrib = am * (1.0 - e) * model.ta - np.where(fc, model.q_set / cp, 0.0)
    rhs += np.bincount(dn[use], weights=contrib[use], minlength=nn)
    rows = np.concatenate([np.arange(nn), dn[use]])
    cols = np.concatenate([np.arange(nn), up[use]])
    vals = np.concatenate([diag, -am[use] * e[use]])
    M = sp.csc_matrix((vals, (rows, cols)), shape=(nn, nn))
    t = np.asarray(spla.spsolve(M, rhs))
    t_up = t[up]
    t_out = np.where(pipe, model.ta + (t_up - model.ta) * e, t_up)
    avg = np.where(pipe, model.ta + (t_up - model.ta) * frac, t_up)
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = np.where(flowing & fc, model.q_set / (am * cp), 0.0)
    t_out = np.where(fc, t_up - drop, t_out)
    avg = np.where(fc, t_up - 0.5 * drop, avg)
    still = ~flowing
    ends = 0.5 * (t[model.fr] + t[model.to])
    t_out = np.where(still, ends, t_out)
    avg = np.where(still, np.where(pipe & (st.ua > 0), model.ta, ends), avg)
    if omega < 1.0:
        t = st.t + omega * (t - st.t)
        t_out = st.t_out + omega * (t_out - st.t_out)
        avg = st.avg + omega * (avg - st.avg)
    st.t, st.t_out, st.avg, st.stagnant = t, t_out, avg, stagnant


def _thermal_steam(model: _Model, st: _State, props, omega: float = 1.0) -> None:
    """Node enthalpies with heat losses linearised in the inlet enthalpy (sparse solve)."""
    nn = len(model.node_names)
    m = st.m
    am = np.abs(m)
    up, dn = _upstream(model, m)
    m_eps = 1e-12 * max(am.max(initial=0.0), 1e-9)
    flowing = am > m_eps
    if st.node_cp is None:
        st.t, st.node_cp = _steam_temperature_cp(st.p, st.h)
    # linearise around the node states of the last energy solve (at the fixed point the
    # pressures no longer change, so this is exact there)
    t_u = st.t[up]
    cp_u = st.node_cp[up]
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        ua_l = st.ua * model.L
        amf = np.where(flowing, am, 1.0)
        phi = np.where(np.isfinite(cp_u), cp_u * -np.expm1(-ua_l / (amf * cp_u)), ua_l / amf)
        dt_dh = np.where(np.isfinite(cp_u), 1.0 / cp_u, 0.0)
    phi = np.where(flowing & (model.kind == _PIPE), phi, 0.0)
    # h_out = h_u (1 - phi dT/dh) - phi (T_u0 - h_u0 dT/dh - Ta) - q_fc/|m|
    a = 1.0 - phi * dt_dh
    c = -phi * (t_u - st.h[up] * dt_dh - model.ta)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = c - np.where((model.kind == _FC) & flowing, model.q_set / amf, 0.0)
    inj = _source_injection(model, st)
    fixed_h = np.zeros(nn, bool)
    fixed_h[model.src_node[inj > 0]] = True
    fixed_val = np.zeros(nn)
    fixed_val[model.src_node] = model.src_h
    use = flowing & ~fixed_h[dn]
    inflow = np.bincount(dn[use], weights=am[use], minlength=nn)
    stagnant = (inflow <= 0) & ~fixed_h
    diag = np.where(fixed_h | stagnant, 1.0, inflow)
    rhs = np.zeros(nn)
    rhs[fixed_h] = fixed_val[fixed_h]
    rhs[stagnant] = st.h[stagnant]
    rhs += np.bincount(dn[use], weights=(am * c)[use], minlength=nn)
    rows = np.concatenate([np.arange(nn), dn[use]])
    cols = np.concatenate([np.arange(nn), up[use]])
    vals = np.concatenate([diag, -(am * a)[use]])
    M = sp.csc_matrix((vals, (rows, cols)), shape=(nn, nn))
    h = np.asarray(spla.spsolve(M, rhs))
    ends = 0.5 * (h[model.fr] + h[model.to])
    h_out = np.where(flowing, a * h[up] + c, ends)
    avg = np.where(flowing, 0.5 * (h[up] + h_out), ends)
    if omega < 1.0:
        h = st.h + omega * (h - st.h)
        h_out = st.h_out + omega * (h_out - st.h_out)
        avg = st.avg + omega * (avg - st.avg)
    st.h, st.h_out, st.avg, st.stagnant = h, h_out, avg, stagnant
    st.t, st.node_cp = _steam_temperature_cp(st.p, st.h)


def _source_injection(model: _Model, st: _State, demand: np.ndarray | None = None) -> np.ndarray:
    """Net mass flow each source injects [kg/s] (outflow through branches + local demand)."""
    nn = len(model.node_names)
    out = np.bincount(model.fr, weights=st.m, minlength=nn) - np.bincount(
        model.to, weights=st.m, minlength=nn
    )
    inj = out[model.src_node]
    if demand is not None:
        inj = inj + demand[model.src_node]
    return inj


def _update_ua(model: _Model, st: _State, props) -> None:
    for segs, fn in model.callbacks:
        tm = (
            props["t_mean"][segs]
            if model.fluid == "water"
            else 0.5 * (st.t[model.fr[segs]] + st.t[model.to[segs]])
        )
        dt = tm - model.ta[segs]
        q = np.asarray(fn(tm), dtype=float) * np.ones_like(tm)
        with np.errstate(divide="ignore", invalid="ignore"):
            ua = np.where(np.abs(dt) > 1e-9, q / dt, st.ua[segs])
        if np.any(~np.isfinite(ua)) or np.any(ua < 0):
            raise NetworkInputError(
                f"pipe {model.elem_names[model.elem[segs[0]]]!r}: heat_loss_w_per_m returned "
                f"{q!r} W/m at {tm!r} °C; losses must have the sign of T − T_ambient",
                model.elem_names[model.elem[segs[0]]],
            )
        st.ua[segs] = ua


def _initial_state(model: _Model, initial: Any) -> _State:
    nn, nb = len(model.node_names), len(model.kind)
    if isinstance(initial, NetworkResult):
        initial = initial._state
    if isinstance(initial, _State):
        if initial.m.shape != (nb,) or initial.p.shape != (nn,):
            raise NetworkInputError("initial: the warm-start state belongs to another network")
        st = initial.copy()
        st.p[model.src_node] = model.src_p
        st.ua = model.ua.copy()
        return st
    if initial is not None:
        raise NetworkInputError(f"initial must be None or a NetworkResult, got {type(initial)}")
    p0 = np.full(nn, model.src_p.max())
    p0[model.src_node] = model.src_p
    t_src = model.src_t.max() if model.fluid == "water" else model.src_t[np.argmax(model.src_h)]
    t0 = np.full(nn, t_src)
    h0 = np.full(nn, model.src_h.max()) if model.fluid == "steam" else np.zeros(nn)
    avg = h0[model.to].copy() if model.fluid == "steam" else t0[model.to].copy()
    st = _State(
        m=np.zeros(nb),
        p=p0,
        t=t0,
        h=h0,
        t_out=t0[model.to].copy(),
        h_out=h0[model.to].copy(),
        ua=model.ua.copy(),
        avg=avg,
        stagnant=np.zeros(nn, bool),
    )
    st.m = _initial_flows(model, st)
    return st


def _initial_flows(model: _Model, st: _State, m_start: np.ndarray | None = None) -> np.ndarray:
    """Flows that satisfy the mass balance: ``m_start`` (or zero) plus the weighted
    minimum-norm correction (weights ~ turbulent conductance D^2.5/√L). For a warm start this
    carries the previous hour's flow pattern over to the new demands (exactly, in a tree)."""
    nb = len(model.kind)
    demand, _ = _demands(model, st)
    fc = model.kind == _FC
    m = np.where(fc, model.m_set, 0.0 if m_start is None else m_start)
    w = np.where(model.kind == _PIPE, model.D**2.5 / np.sqrt(np.maximum(model.L, 1e-3)), 0.0)
    w = np.where(model.kind == _PUMP, max(w.max(initial=1.0), 1.0) * 10.0, w)
    w = np.where(fc, 0.0, np.maximum(w, 1e-12))
    nn = len(model.node_names)
    # residual demand after fixed flows: inflow - outflow - d = 0  ->  A m = -d'
    d = demand - (
        np.bincount(model.to, weights=m, minlength=nn)
        - np.bincount(model.fr, weights=m, minlength=nn)
    )
    cf, ct = model.col_of_node[model.fr], model.col_of_node[model.to]
    nf = len(model.free_nodes)
    if nf == 0:
        return m
    k = np.arange(nb)
    mf, mt = cf >= 0, ct >= 0
    # incidence restricted to free nodes: +1 at from (outflow), -1 at to
    Af = sp.csc_matrix((np.concatenate([np.ones(mf.sum()), -np.ones(mt.sum())]),
                        (np.concatenate([cf[mf], ct[mt]]), np.concatenate([k[mf], k[mt]]))),
                       shape=(nf, nb))  # fmt: skip
    lap = (Af @ sp.diags(w) @ Af.T).tocsc()
    lam = spla.spsolve(lap, -d[model.free_nodes])
    return m + w * (Af.T @ lam)


def _solve_model(
    model: _Model, st: _State, *, tol: float, max_iter: int, allow_condensation: bool
) -> tuple[_State, dict[str, Any]]:
    """Newton on (m, p) at frozen temperatures, alternating with the energy balance.

    Outer loop: properties and heat-dependent demands from the current temperatures; inner loop:
    Newton with line search until the hydraulic residual is below tolerance (for steam the
    density is re-evaluated at the new pressures in every inner step, its pressure derivative is
    in the Jacobian); then one energy solve. Stops when the hydraulic residual at fresh
    properties *and* the last temperature update are below tolerance. If the temperature updates
    stop contracting (strong buoyancy/viscosity coupling in low-flow loops) they are
    under-relaxed.
    """
    t_start = time.perf_counter()
    jm = model.jac
    nb = jm["nb"]
    free = model.free_nodes
    steam = model.fluid == "steam"
    p_ref = float(model.src_p.max())
    thermal = _thermal_steam if steam else _thermal_water
    not_fc = model.kind != _FC
    props = _branch_properties(model, st)
    _update_ua(model, st, props)
    thermal(model, st, props)
    dT, dT_prev, omega = np.inf, np.inf, 1.0
    it = outer = 0
    history: list[float] = []
    res_p = res_m = np.inf
    while True:
        outer += 1
        props = _branch_properties(model, st)
        demand, _ = _demands(model, st)
        m_ref = max(float(np.abs(demand).sum()), float(model.m_set.sum()), 1e-6)
        inner = 0
        pr = props
        while True:
            if steam and inner > 0:
                props = pr  # the properties at the accepted line-search point
            F, G, _, _, _, data = _hydraulic_residual(model, st.m, st.p, props, demand, True)
            res_p = float(np.abs(F[not_fc]).max(initial=0.0))
            res_m = float(np.abs(G).max(initial=0.0))
            norm = max(res_p / p_ref, res_m / m_ref)
            history.append(norm)
            if norm <= tol:
                break
            if it >= max_iter:
                _raise_not_converged(model, st, F, G, it, res_p, res_m, dT)
            it += 1
            inner += 1
            dx = _newton_step(model, F, G, data)
            if not np.all(np.isfinite(dx)):
                _raise_not_converged(model, st, F, G, it, res_p, res_m, dT, "singular Jacobian")
            dm, dp = dx[:nb], dx[nb:]
            alpha = 1.0
            if steam:
                # keep pressures positive: at most a 70 % fall per step
                pf = st.p[free]
                with np.errstate(divide="ignore", invalid="ignore"):
                    lim = np.where(dp < 0, -0.7 * pf / dp, np.inf)
                alpha = min(1.0, float(lim.min(initial=np.inf)))
            m0, p0 = st.m.copy(), st.p.copy()
            for _ in range(10):
                st.m = m0 + alpha * dm
                st.p = p0.copy()
                st.p[free] = p0[free] + alpha * dp
                pr = _branch_properties(model, st) if steam else props
                F2, G2, *_ = _hydraulic_residual(model, st.m, st.p, pr, demand, False)
                n2 = max(
                    float(np.abs(F2[not_fc]).max(initial=0.0)) / p_ref,
                    float(np.abs(G2).max(initial=0.0)) / m_ref,
                )
                if n2 < norm or n2 <= tol:
                    break
                alpha *= 0.5
            else:
                if steam and norm > 0.05:
                    _raise_steam_infeasible(model, st, F)
            if steam and st.p[free].min(initial=np.inf) <= 1.01 * _P_TRIPLE_PA:
                _raise_low_pressure(model, st, demand)
        if inner == 0 and dT <= tol * 1e3:
            break
        if it >= max_iter or outer > max_iter:
            _raise_not_converged(model, st, F, G, it, res_p, res_m, dT, "temperatures")
        # the properties of this outer step (c_p at the length-averaged temperature) are reused:
        # the energy solve does not depend on the new pressures for water, and the steam energy
        # solve evaluates its own node states
        _update_ua(model, st, props)
        t_prev = st.t.copy()
        thermal(model, st, props, omega)
        dT_prev, dT = dT, float(np.abs(st.t - t_prev).max(initial=0.0))
        if outer > 2 and dT > 0.7 * dT_prev and omega > 0.05:
            omega *= 0.5
    info = {"iterations": it, "outer_iterations": outer, "residual_pa": res_p,
            "residual_kg_s": res_m, "temperature_change_k": dT, "relaxation": omega,
            "solve_time_s": time.perf_counter() - t_start, "converged": True,
            "residual_history": history}  # fmt: skip
    node_state = _check_feasible(model, st, allow_condensation)
    if node_state is not None:
        info["node_state"] = node_state
    return st, info


def _worst(model: _Model, F, G) -> tuple[str, float, str]:
    fa = np.abs(np.where(model.kind != _FC, F, 0.0))
    ga = np.abs(G)
    kf = int(np.argmax(fa)) if fa.size else 0
    kg = int(np.argmax(ga)) if ga.size else 0
    if ga.size and (not fa.size or ga[kg] * 1e5 > fa[kf]):
        return model.node_names[model.free_nodes[kg]], float(G[kg]), "kg/s mass imbalance"
    return model.elem_names[model.elem[kf]], float(F[kf]), "Pa momentum residual"


def _raise_steam_infeasible(model: _Model, st: _State, F: np.ndarray) -> None:
    """The Newton iteration stalled with momentum residuals of the order of the pressures."""
    fa = np.where(model.kind == _PIPE, np.abs(F), 0.0)
    k = int(np.argmax(fa))
    e = model.elem[k]
    dn = model.to[k] if st.m[k] >= 0 else model.fr[k]
    raise InfeasibleNetworkError(
        f"the steam demand exceeds what the source(s) {', '.join(model.src_names)} can deliver: "
        f"carrying {abs(st.m[k]):.4g} kg/s through pipe {model.elem_names[e]!r} needs more "
        f"pressure than is available (momentum residual {F[k]:.4g} Pa at inlet pressures of "
        f"{model.src_p.max():.4g} Pa); the pressure at junction {_node_label(model, dn)} would fall "
        "below zero. Reduce the demand, raise the source pressure or enlarge the pipe",
        _node_name(model, dn),
        float(F[k]),
    )


def _raise_not_converged(model, st, F, G, it, res_p, res_m, dT, why="") -> None:
    name, val, what = _worst(model, F, G)
    free = model.free_nodes
    if model.fluid == "steam" and len(free):
        k = free[np.argmin(st.p[free])]
        if st.p[k] < 0.05 * model.src_p.max():
            _raise_low_pressure(model, st, None)
        if res_p > 0.05 * model.src_p.max():
            _raise_steam_infeasible(model, st, F)
    raise NetworkNotConvergedError(
        f"no convergence after {it} iterations{' (' + why + ')' if why else ''}: max momentum "
        f"residual {res_p:.3g} Pa, max mass residual {res_m:.3g} kg/s, last temperature update "
        f"{dT:.3g} K; worst element {name!r} ({val:.3g} {what}). Check the demands against the "
        "source pressures, or raise max_iter",
        name,
        val,
    )


def _raise_low_pressure(model, st, demand) -> None:
    free = model.free_nodes
    k = int(free[np.argmin(st.p[free])])
    total = float(np.sum(model.con_value[model.con_mode == 0])) if len(model.con_value) else 0.0
    raise InfeasibleNetworkError(
        f"the pressure at junction {_node_label(model, k)} falls towards zero "
        f"({st.p[k]:.4g} Pa during the iteration): the demand (mass-flow consumers "
        f"{total:.4g} kg/s) exceeds what the source(s) {', '.join(model.src_names)} can deliver "
        "through this network; reduce the demand, raise the source pressure or enlarge the pipes",
        _node_name(model, k),
        float(st.p[k]),
    )


def _node_name(model: _Model, k: int) -> str:
    if k < model.n_junctions:
        return model.node_names[k]
    return model.elem_names[model.node_pipe[k]]


def _node_label(model: _Model, k: int) -> str:
    if k < model.n_junctions:
        return repr(model.node_names[k])
    e = model.node_pipe[k]
    return f"inside pipe {model.elem_names[e]!r} at {model.node_dist[k]:.0f} m"


def _check_feasible(model: _Model, st: _State, allow_condensation: bool) -> dict | None:
    free = model.free_nodes
    stagnant = st.stagnant
    if model.fluid == "water":
        psat = _saturation_pressure_pa(st.t)
        bad = (st.p < psat) & ~stagnant
        if bad.any():
            k = int(np.flatnonzero(bad)[np.argmin((st.p - psat)[bad])])
            raise InfeasibleNetworkError(
                f"pressure at junction {_node_label(model, k)} is {st.p[k]:.6g} Pa (absolute), "
                f"below the saturation pressure {psat[k]:.6g} Pa of water at {st.t[k]:.2f} °C "
                f"(allowed: p ≥ p_sat(T)); the water would flash: the demand exceeds what the "
                "source(s) can deliver at this pressure",
                _node_name(model, k),
                float(st.p[k]),
            )
        return None
    if (st.p[free] <= _P_TRIPLE_PA * 1.01).any():
        _raise_low_pressure(model, st, None)
    s = _steam_state(st.p, st.h)
    x = s["quality"]
    sub = (x <= 0.0) & ~stagnant
    wet = (x < 1.0) & ~stagnant
    bad = sub | (wet if not allow_condensation else np.zeros_like(wet))
    if bad.any():
        # the most upstream offender: the one with the highest pressure
        cand = np.flatnonzero(bad)
        k = int(cand[np.argmax(st.p[cand])])
        sh = s["temperature_c"][k] - s["saturation_temperature_c"][k]
        what = (
            "has condensed completely (subcooled liquid)"
            if x[k] <= 0
            else f"is wet steam (quality {x[k]:.4f})"
        )
        hint = (
            ""
            if allow_condensation
            else ("; pass allow_condensation=True to carry wet steam and report the condensate")
        )
        raise InfeasibleNetworkError(
            f"steam at junction {_node_label(model, k)} {what}: it fell below saturation "
            f"(superheat {sh:.3f} K at {st.p[k]:.6g} Pa, saturation "
            f"{s['saturation_temperature_c'][k]:.3f} °C; allowed: superheat ≥ 0){hint}. More "
            "flow, more insulation or a higher source temperature keeps it superheated",
            _node_name(model, k),
            float(sh),
        )
    return s


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------
@dataclass
class NetworkResult:
    """The steady state of a network.

    Attributes
    ----------
    junctions : DataFrame
        Per junction: ``elevation_m``, ``pressure_pa`` (absolute), ``temperature_c``,
        ``stagnant`` (no inflow), for steam also ``enthalpy_j_per_kg``,
        ``saturation_temperature_c``, ``superheat_k``, ``quality``, ``density_kg_m3``.
    branches : DataFrame
        Per pipe, pump and flow control: ``kind``, ``from_junction``, ``to_junction``,
        ``mass_flow_kg_s`` (signed, + from → to), ``velocity_m_s`` (mean), ``pressure_drop_pa``
        (``p_from − p_to``), ``friction_pressure_drop_pa``, ``heat_loss_w`` (heat extracted for a
        flow control), ``temperature_in_c``/``temperature_out_c`` (flow direction),
        ``reynolds`` and ``friction_factor`` (first segment); for steam also
        ``superheat_out_k``, ``quality_out``, ``condensate_kg_s`` (condensate formed in the pipe).
    sources, consumers : DataFrame
        Mass flow [kg/s] and heat [W] per source and consumer.
    internal_nodes : DataFrame
        The states inside segmented pipes (for profiles along a trunk).
    info : dict
        ``iterations``, residuals, ``solve_time_s``, ``converged``.

    Every DataFrame carries ``attrs["units"]``.
    """

    junctions: pd.DataFrame
    branches: pd.DataFrame
    sources: pd.DataFrame
    consumers: pd.DataFrame
    internal_nodes: pd.DataFrame
    info: dict[str, Any]
    _state: _State = field(repr=False)

    def profile(self, pipes: list[str] | str) -> pd.DataFrame:
        """Pressure and temperature along a chain of pipes (e.g. a trunk), by distance [m]."""
        pipes = [pipes] if isinstance(pipes, str) else list(pipes)
        rows, offset = [], 0.0
        for name in pipes:
            if name not in self.branches.index or self.branches.at[name, "kind"] != "pipe":
                raise NetworkInputError(f"profile: {name!r} is not a pipe of this network", name)
            b = self.branches.loc[name]
            start = self.junctions.loc[b["from_junction"]]
            inner = self.internal_nodes[self.internal_nodes["pipe"] == name]
            end = self.junctions.loc[b["to_junction"]]
            pts = (
                [(0.0, start)]
                + [(r["distance_m"], r) for _, r in inner.iterrows()]
                + [(b["length_m"], end)]
            )
            for i, (d, r) in enumerate(pts):
                if rows and i == 0:
                    continue
                rows.append(
                    {
                        "pipe": name,
                        "distance_m": offset + d,
                        **{
                            k: r[k]
                            for k in r.index
                            if k in self.junctions.columns and k != "stagnant"
                        },
                    }
                )
            offset += b["length_m"]
        out = pd.DataFrame(rows)
        out.attrs["units"] = _UNITS
        return out


def _results(model: _Model, st: _State, info: dict[str, Any]) -> NetworkResult:
    props = _branch_properties(model, st)
    demand, con_m = _demands(model, st)
    _, _, R, re, f, _ = _hydraulic_residual(model, st.m, st.p, props, demand, False)
    nn = len(model.node_names)
    nj = model.n_junctions
    stagnant = st.stagnant
    nodes = pd.DataFrame({
        "elevation_m": model.z, "pressure_pa": st.p, "temperature_c": st.t, "stagnant": stagnant,
    }, index=pd.Index(model.node_names, name="junction"))  # fmt: skip
    up, _ = _upstream(model, st.m)
    am = np.abs(st.m)
    steam = model.fluid == "steam"
    if steam:
        s = _steam_state(st.p, st.h)
        nodes["enthalpy_j_per_kg"] = st.h
        nodes["saturation_temperature_c"] = s["saturation_temperature_c"]
        nodes["superheat_k"] = s["temperature_c"] - s["saturation_temperature_c"]
        nodes["quality"] = s["quality"]
        nodes["density_kg_m3"] = s["density_kg_m3"]
        loss = am * (st.h[up] - st.h_out)
        xo = _steam_state(st.p[np.where(st.m >= 0, model.to, model.fr)], st.h_out)["quality"]
        cond = am * np.clip(s["quality"][up] - np.clip(xo, 0, 1), 0.0, None)
        t_out = _steam_state(st.p[np.where(st.m >= 0, model.to, model.fr)], st.h_out)[
            "temperature_c"
        ]
    else:
        loss = am * props["cp"] * (st.t[up] - st.t_out)
        t_out = st.t_out
    vel = st.m / (props["rho"] * model.A)
    # aggregate segments per element
    ne = len(model.elem_names)
    first, last = model.elem_first, model.elem_last
    m_e = st.m[first]
    flow_pos = m_e >= 0
    in_b = np.where(flow_pos, first, last)
    out_b = np.where(flow_pos, last, first)
    branches = pd.DataFrame({
        "kind": model.elem_kind,
        "from_junction": [model.node_names[i] for i in model.elem_fj],
        "to_junction": [model.node_names[i] for i in model.elem_tj],
        "length_m": np.bincount(model.elem, weights=model.L, minlength=ne),
        "diameter_m": np.where(np.array(model.elem_kind) == "pipe", model.D[first], np.nan),
        "mass_flow_kg_s": m_e,
        "velocity_m_s": np.bincount(model.elem, weights=vel * model.L, minlength=ne)
        / np.maximum(np.bincount(model.elem, weights=model.L, minlength=ne), 1e-300),
        "pressure_drop_pa": st.p[model.elem_fj] - st.p[model.elem_tj],
        "friction_pressure_drop_pa": np.bincount(model.elem, weights=R, minlength=ne),
        "heat_loss_w": np.bincount(model.elem, weights=loss, minlength=ne),
        "temperature_in_c": st.t[up][in_b],
        "temperature_out_c": t_out[out_b],
        "reynolds": re[first],
        "friction_factor": f[first],
    }, index=pd.Index(model.elem_names, name="branch"))  # fmt: skip
    nonpipe = np.array(model.elem_kind) != "pipe"
    branches.loc[nonpipe, ["velocity_m_s", "reynolds", "friction_factor"]] = np.nan
    if steam:
        ss = _steam_state(st.p[np.where(st.m >= 0, model.to, model.fr)], st.h_out)
        branches["superheat_out_k"] = (ss["temperature_c"] - ss["saturation_temperature_c"])[out_b]
        branches["quality_out"] = ss["quality"][out_b]
        branches["condensate_kg_s"] = np.bincount(model.elem, weights=cond, minlength=ne)
    inj = _source_injection(model, st, demand)
    if steam:
        src_heat = inj * model.src_h
    else:
        src_heat = np.full(len(inj), np.nan)
    sources = pd.DataFrame({
        "junction": [model.node_names[i] for i in model.src_node],
        "pressure_pa": model.src_p, "temperature_c": model.src_t, "mass_flow_kg_s": inj,
    }, index=pd.Index(model.src_names, name="source"))  # fmt: skip
    if steam:
        sources["enthalpy_flow_w"] = src_heat
    cons = pd.DataFrame({
        "junction": [model.node_names[i] for i in model.con_node],
        "mass_flow_kg_s": con_m,
        "pressure_pa": st.p[model.con_node],
        "temperature_c": st.t[model.con_node],
    }, index=pd.Index(model.con_names, name="consumer"))  # fmt: skip
    if steam:
        cons["superheat_k"] = nodes["superheat_k"].to_numpy()[model.con_node]
        cons["quality"] = nodes["quality"].to_numpy()[model.con_node]
    heat = np.where(model.con_mode == 0, np.nan, model.con_value)
    cons["heat_w"] = heat
    for df in (nodes, branches, sources, cons):
        df.attrs["units"] = _UNITS
    internal = nodes.iloc[nj:].copy()
    internal.insert(0, "distance_m", model.node_dist[nj:])
    internal.insert(0, "pipe", [model.elem_names[e] for e in model.node_pipe[nj:]])
    info = {k: v for k, v in info.items() if k != "node_state"}
    info = dict(
        info,
        fluid=model.fluid,
        friction_model=model.friction_model,
        n_nodes=nn,
        n_branches=len(model.kind),
    )
    return NetworkResult(nodes.iloc[:nj].copy(), branches, sources, cons, internal, info, st.copy())


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------
def solve(
    network: HeatNetwork,
    *,
    tol: float = 1e-10,
    max_iter: int = 100,
    initial: NetworkResult | None = None,
    allow_condensation: bool = False,
) -> NetworkResult:
    """Steady state of a water or steam network (trees and loops).

    Parameters
    ----------
    network : HeatNetwork
    tol : float
        Relative tolerance [-]: converged when the largest momentum residual ≤ ``tol × p_ref``
        (``p_ref`` the highest source pressure [Pa]), the largest mass residual ≤
        ``tol × m_ref`` (``m_ref`` the total demand [kg/s]) and the last temperature update ≤
        ``tol × 1000`` K. The default 1e-10 gives ~5e-5 Pa, ~1e-10 kg/s and 1e-7 K on a 5-bar
        network.
    max_iter : int
        Newton iterations before :class:`NetworkNotConvergedError`.
    initial : NetworkResult, optional
        A previous result of the same network to start from (warm start).
    allow_condensation : bool
        Steam only: carry wet steam (and report condensate) instead of raising when a node falls
        to saturation.

    Returns
    -------
    NetworkResult

    Raises
    ------
    NetworkInputError, DisconnectedNetworkError, InfeasibleNetworkError,
    NetworkNotConvergedError
        Each names the element at fault.
    """
    if not (0 < tol < 1e-2):
        raise NetworkInputError(f"tol = {tol!r} is outside the allowed range (0, 0.01)")
    if int(max_iter) < 1:
        raise NetworkInputError(f"max_iter = {max_iter!r} must be ≥ 1")
    model = _compile(network)
    st = _initial_state(model, initial)
    st, info = _solve_model(
        model, st, tol=tol, max_iter=int(max_iter), allow_condensation=allow_condensation
    )
    return _results(model, st, info)


def solve_timeseries(
    network: HeatNetwork,
    demands: pd.DataFrame,
    *,
    warm_start: bool = True,
    tol: float = 1e-10,
    max_iter: int = 100,
    allow_condensation: bool = False,
) -> xr.Dataset:
    """Solve one steady state per row of ``demands`` (e.g. 8760 hours), warm-starting each.

    Parameters
    ----------
    network : HeatNetwork
    demands : DataFrame
        Index: time; columns: consumer names (a subset is allowed; the others keep their
        values). Each value is in the consumer's own unit: mass flow [kg/s] for mass-flow
        consumers, heat [W] for heat-demand consumers.
    warm_start : bool
        Start each step from the previous solution (else from the cold initial guess).
    tol, max_iter, allow_condensation
        As in :func:`solve`.

    Returns
    -------
    xarray.Dataset
        Dimensions ``time``, ``junction``, ``branch``, ``consumer``, ``source``. Variables:
        ``pressure_pa`` and ``temperature_c`` (time × junction), ``mass_flow_kg_s``,
        ``heat_loss_w``, ``pressure_drop_pa`` (time × branch), ``consumer_mass_flow_kg_s``,
        ``source_mass_flow_kg_s``, ``iterations`` and ``solve_time_s`` per time; for steam also
        ``superheat_k``, ``quality`` (time × junction) and ``condensate_kg_s`` (time × branch).
        ``attrs``: ``total_time_s``, ``mean_iterations``.

    Raises
    ------
    As :func:`solve`; the message starts with the time step.
    """
    if not isinstance(demands, pd.DataFrame):
        raise NetworkInputError("demands must be a DataFrame (time × consumer)")
    unknown = [c for c in demands.columns if c not in network.consumers]
    if unknown:
        raise NetworkInputError(
            f"demands: unknown consumer(s) {unknown[:5]}; the network has "
            f"{list(network.consumers)[:10]}",
            unknown[0],
        )
    values = demands.to_numpy(dtype=float)
    if not np.all(np.isfinite(values)) or (values < 0).any():
        r, c = np.argwhere(~np.isfinite(values) | (values < 0))[0]
        raise NetworkInputError(
            f"demands: consumer {demands.columns[c]!r} at {demands.index[r]} is {values[r, c]!r};"
            " allowed range [0, inf)",
            demands.columns[c],
        )
    t0 = time.perf_counter()
    model = _compile(network)
    base = model.con_value.copy()
    col = np.array([model.con_names.index(c) for c in demands.columns], int)
    nt, nj, ne = len(demands), model.n_junctions, len(model.elem_names)
    out = {k: np.empty((nt, nj)) for k in ("pressure_pa", "temperature_c")}
    out.update(
        {k: np.empty((nt, ne)) for k in ("mass_flow_kg_s", "heat_loss_w", "pressure_drop_pa")}
    )
    steam = model.fluid == "steam"
    if steam:
        out.update(
            {
                "superheat_k": np.empty((nt, nj)),
                "quality": np.empty((nt, nj)),
                "condensate_kg_s": np.empty((nt, ne)),
            }
        )
    con_m = np.empty((nt, len(model.con_names)))
    src_m = np.empty((nt, len(model.src_names)))
    iters = np.empty(nt, int)
    times = np.empty(nt)
    st0 = _initial_state(model, None)
    st = st0
    for i in range(nt):
        model.con_value = base.copy()
        model.con_value[col] = values[i]
        if i == 0 or not warm_start:
            st = _initial_state(model, None)
        else:
            st = st.copy()
            st.ua = model.ua.copy()
            st.m = _initial_flows(model, st, st.m)
        try:
            st, info = _solve_model(
                model, st, tol=tol, max_iter=max_iter, allow_condensation=allow_condensation
            )
        except (NetworkInputError, NetworkNotConvergedError) as exc:
            exc.args = (f"at {demands.index[i]}: {exc.args[0]}",) + exc.args[1:]
            raise
        iters[i] = info["iterations"]
        times[i] = info["solve_time_s"]
        out["pressure_pa"][i] = st.p[:nj]
        out["temperature_c"][i] = st.t[:nj]
        first = model.elem_first
        out["mass_flow_kg_s"][i] = st.m[first]
        out["pressure_drop_pa"][i] = st.p[model.elem_fj] - st.p[model.elem_tj]
        demand, cm = _demands(model, st)
        con_m[i] = cm
        src_m[i] = _source_injection(model, st, demand)
        if steam:
            up, dn = _upstream(model, st.m)
            am = np.abs(st.m)
            ns = info["node_state"]
            out["heat_loss_w"][i] = np.bincount(
                model.elem, weights=am * (st.h[up] - st.h_out), minlength=ne
            )
            out["superheat_k"][i] = (ns["temperature_c"] - ns["saturation_temperature_c"])[:nj]
            out["quality"][i] = ns["quality"][:nj]
            if allow_condensation:
                xo = np.clip(_steam_state(st.p[dn], st.h_out)["quality"], 0.0, 1.0)
                cond = am * np.clip(ns["quality"][up] - xo, 0.0, None)
            else:
                cond = np.zeros_like(am)  # every node is superheated (checked)
            out["condensate_kg_s"][i] = np.bincount(model.elem, weights=cond, minlength=ne)
        else:
            props = _branch_properties(model, st)
            up, _ = _upstream(model, st.m)
            loss = np.abs(st.m) * props["cp"] * (st.t[up] - st.t_out)
            out["heat_loss_w"][i] = np.bincount(model.elem, weights=loss, minlength=ne)
    total = time.perf_counter() - t0
    model.con_value = base
    time_index = pd.Index(demands.index, name="time")
    jn = model.node_names[:nj]
    coords = {
        "time": time_index,
        "junction": jn,
        "branch": model.elem_names,
        "consumer": model.con_names,
        "source": model.src_names,
    }
    data = {}
    for k, v in out.items():
        dim = (
            "junction"
            if v.shape[1] == nj and k in ("pressure_pa", "temperature_c", "superheat_k", "quality")
            else "branch"
        )
        data[k] = (("time", dim), v, {"units": _UNITS.get(k, "1")})
    data["consumer_mass_flow_kg_s"] = (("time", "consumer"), con_m, {"units": "kg/s"})
    data["source_mass_flow_kg_s"] = (("time", "source"), src_m, {"units": "kg/s"})
    data["iterations"] = (("time",), iters, {"units": "1"})
    data["solve_time_s"] = (("time",), times, {"units": "s"})
    return xr.Dataset(
        data,
        coords=coords,
        attrs={
            "fluid": model.fluid,
            "total_time_s": total,
            "mean_iterations": float(iters.mean()),
            "warm_start": int(warm_start),
        },
    )
