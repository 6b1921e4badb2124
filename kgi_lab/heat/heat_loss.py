"""Pipe heat losses (above ground and buried) and condensate formation in steam lines.

Three groups of pure, vectorised functions (scalars or numpy arrays, broadcast together):

Above ground
    A multilayer cylinder (pipe wall, insulation layers, jacket) in air:
    :func:`thermal_resistances` gives the breakdown and :func:`above_ground_loss_w_per_m` the loss
    per metre and the jacket surface temperature. The outside coefficient combines natural
    convection (Churchill–Chu, horizontal cylinder), forced convection in cross-wind
    (Churchill–Bernstein) and radiation to the surroundings; it depends on the surface
    temperature, which is solved for with a bracketed, vectorised Newton iteration.
Buried
    :func:`buried_loss_w_per_m` for one pipe and :func:`buried_pair_loss_w_per_m` for a supply and
    return pipe laid side by side (EN 13941 / Wallentén 1991 line-source method with the ground
    surface resistance folded into a corrected depth).
Condensate
    :func:`condensate_rate_kg_s` (loss / latent heat, IAPWS-IF97 through CoolProp) and
    :func:`condensate_along_line` for a line whose inlet state is given.

Geometry convention (all functions)
    ``layers`` is a sequence of ``(thickness_m, conductivity_w_mk)`` pairs from the fluid outward.
    The **first layer is the pipe wall** and lies *inside* ``pipe_outer_diameter_m`` (the steel
    pipe's outside diameter, as in the DN tables); every later layer (insulation, jacket, casing)
    lies outside it. The fluid-side diameter is therefore ``pipe_outer_diameter_m - 2 *
    layers[0][0]``. A pipe without a wall to model can be given a first layer of zero thickness.
    An empty ``layers`` means a bare surface at the fluid temperature.

Thickness and conductivity may be arrays (for sensitivity sweeps); they broadcast with the
temperatures. Conductivities are constant: evaluate them at the layer's mean temperature
(:func:`material_conductivity_w_mk` interpolates the tabulated values of
``datasets/insulation_materials.csv``).

References
----------
.. [1] Incropera, F. P., DeWitt, D. P., Bergman, T. L., Lavine, A. S. (2007). *Fundamentals of
   Heat and Mass Transfer*, 6th ed., Wiley: Eq. 3.27 (cylindrical wall), §3.3.1 critical radius,
   Eq. 7.54 (Churchill–Bernstein), Eq. 9.34 (Churchill–Chu), Eq. 1.9 (linearised radiation),
   §9.9 (mixed convection), Table 4.1 (shape factors), Tables A.1 and A.4 (properties).
.. [2] Churchill, S. W., Chu, H. H. S. (1975). Correlating equations for laminar and turbulent
   free convection from a horizontal cylinder. *Int. J. Heat Mass Transfer* 18, 1049–1053.
   https://doi.org/10.1016/0017-9310(75)90222-7
.. [3] Churchill, S. W., Bernstein, M. (1977). A correlating equation for forced convection from
   gases and liquids to a circular cylinder in crossflow. *J. Heat Transfer* 99, 300–306.
   https://doi.org/10.1115/1.3450685
.. [4] Churchill, S. W. (1977). A comprehensive correlating equation for laminar, assisting,
   forced and free convection. *AIChE J.* 23, 10–16. https://doi.org/10.1002/aic.690230103
.. [5] Wallentén, P. (1991). *Steady-state heat loss from insulated pipes*. Licentiate thesis,
   Lund Institute of Technology, Dept. of Building Physics, Report TVBH-3017.
.. [6] EN 13941-1:2019, *District heating pipes — Design and installation of thermal insulated
   bonded single and twin pipe systems for directly buried hot water networks — Part 1: Design*
   (heat-loss annex: corrected depth H + λ_soil/h_surface with h_surface = 14.6 W/(m²·K)).
.. [7] IAPWS (2007). *Revised Release on the IAPWS Industrial Formulation 1997 for the
   Thermodynamic Properties of Water and Steam* (IAPWS-IF97), via CoolProp's ``IF97`` backend:
   Bell, I. H., Wronski, J., Quoilin, S., Lemort, V. (2014). *Ind. Eng. Chem. Res.* 53,
   2498–2508. https://doi.org/10.1021/ie4033999
.. [8] Lemmon, E. W., Jacobsen, R. T., Penoncello, S. G., Friend, D. G. (2000). Thermodynamic
   properties of air and mixtures of nitrogen, argon and oxygen from 60 to 2000 K at pressures
   to 2000 MPa. *J. Phys. Chem. Ref. Data* 29, 331–385; transport properties: Lemmon, E. W.,
   Jacobsen, R. T. (2004). *Int. J. Thermophys.* 25, 21–69 (CoolProp fluid ``Air``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from kgi_lab.units import STANDARD_PRESSURE_PA

__all__ = [
    "GROUND_SURFACE_HTC_W_M2K",
    "STANDARD_GRAVITY_M_S2",
    "STEFAN_BOLTZMANN_W_M2K4",
    "AirProperties",
    "CondensateResult",
    "ExternalCoefficients",
    "HeatLoss",
    "PairHeatLoss",
    "ThermalResistances",
    "above_ground_loss_w_per_m",
    "air_properties",
    "buried_loss_w_per_m",
    "buried_pair_loss_w_per_m",
    "churchill_bernstein_nusselt",
    "churchill_chu_nusselt",
    "condensate_along_line",
    "condensate_rate_kg_s",
    "external_heat_transfer_coefficients_w_m2k",
    "insulation_thickness_for_outer_diameter",
    "latent_heat_j_per_kg",
    "layer_resistances_m_k_w",
    "material_conductivity_w_mk",
    "mutual_resistance_m_k_w",
    "soil_resistance_m_k_w",
    "thermal_resistances",
]

#: Stefan–Boltzmann constant [W/(m²·K⁴)], CODATA 2018 (exact, derived from h, c and k).
STEFAN_BOLTZMANN_W_M2K4 = 5.670374419e-8
#: Standard acceleration of gravity [m/s²] (exact, 3rd CGPM 1901).
STANDARD_GRAVITY_M_S2 = 9.80665
#: Heat transfer coefficient at the ground surface used by EN 13941 / Wallentén (1991)
#: [W/(m²·K)]; its inverse, 0.0685 m²·K/W, is the surface resistance.
GROUND_SURFACE_HTC_W_M2K = 14.6

_KELVIN = 273.15
# Saturation range of IAPWS-IF97 region 4: triple-point pressure to the critical pressure [Pa].
_P_TRIPLE_PA = 611.213
_P_CRITICAL_PA = 22.064e6
# Film-temperature range of the tabulated air properties [K].
_AIR_T_MIN_K, _AIR_T_MAX_K = 200.0, 1000.0


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------
def _as_float_array(name: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric (got {value!r})") from exc
    if not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)].ravel()[0]
        raise ValueError(f"{name} must be finite (got {bad!r})")
    return arr


def _first_bad(arr: np.ndarray, mask: np.ndarray) -> str:
    bad = np.asarray(arr)[mask]
    idx = np.argwhere(mask)
    where = "" if arr.ndim == 0 else f" at index {tuple(int(i) for i in idx[0])}"
    return f"{float(bad.ravel()[0])!r}{where}"


def _check(
    name: str,
    value: Any,
    *,
    low: float,
    low_open: bool,
    high: float = np.inf,
    high_open: bool = True,
    unit: str = "",
) -> np.ndarray:
    """Return ``value`` as a float array, or raise ValueError naming it and the allowed range."""
    arr = _as_float_array(name, value)
    below = arr <= low if low_open else arr < low
    above = arr >= high if high_open else arr > high
    bad = below | above
    if np.any(bad):
        lo_br = "(" if low_open else "["
        hi_br = ")" if high_open else "]"
        hi_txt = "inf" if np.isinf(high) else f"{high:g}"
        unit_txt = f" {unit}" if unit else ""
        raise ValueError(
            f"{name} = {_first_bad(arr, bad)}{unit_txt} is outside the allowed range "
            f"{lo_br}{low:g}, {hi_txt}{hi_br}{unit_txt}"
        )
    return arr


def _check_temperature(name: str, value: Any) -> np.ndarray:
    return _check(name, value, low=-_KELVIN, low_open=True, unit="degC")


def _check_layers(layers: Sequence[tuple[Any, Any]], name: str = "layers") -> list[tuple]:
    try:
        items = list(layers)
    except TypeError as exc:
        raise ValueError(
            f"{name} must be a sequence of (thickness_m, conductivity_w_mk) pairs (got {layers!r})"
        ) from exc
    checked = []
    for i, layer in enumerate(items):
        try:
            thickness, conductivity = layer
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"{name}[{i}] must be a (thickness_m, conductivity_w_mk) pair (got {layer!r})"
            ) from exc
        t = _check(f"{name}[{i}].thickness_m", thickness, low=0.0, low_open=False, unit="m")
        k = _check(
            f"{name}[{i}].conductivity_w_mk", conductivity, low=0.0, low_open=True, unit="W/(m K)"
        )
        checked.append((t, k))
    return checked


# --------------------------------------------------------------------------------------------
# Conduction through the layers
# --------------------------------------------------------------------------------------------
def _layer_geometry(
    pipe_outer_diameter_m: Any, layers: Sequence[tuple[Any, Any]], name: str = "layers"
) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Return (fluid-side diameter, per-layer resistances [m K/W], outer surface diameter)."""
    d_pipe = _check(
        "pipe_outer_diameter_m", pipe_outer_diameter_m, low=0.0, low_open=True, unit="m"
    )
    checked = _check_layers(layers, name)
    if not checked:
        return d_pipe, [], d_pipe
    wall_t, _ = checked[0]
    r_inner = d_pipe / 2.0 - wall_t
    if np.any(r_inner <= 0):
        raise ValueError(
            f"{name}[0].thickness_m (the pipe wall) = {_first_bad(wall_t, r_inner <= 0)} m "
            f"must be smaller than the pipe's outer radius pipe_outer_diameter_m/2; allowed "
            f"range [0, pipe_outer_diameter_m/2)"
        )
    resistances = []
    r1 = r_inner
    for thickness, conductivity in checked:
        r2 = r1 + thickness
        resistances.append(np.log(r2 / r1) / (2.0 * np.pi * conductivity))
        r1 = r2
    return 2.0 * r_inner, resistances, 2.0 * r1


def layer_resistances_m_k_w(
    pipe_outer_diameter_m: Any, layers: Sequence[tuple[Any, Any]]
) -> list[np.ndarray]:
    """Conduction resistance of each cylindrical layer per metre of pipe.

    ``R'_i = ln(r_{i+1} / r_i) / (2 π k_i)`` for each layer, with the geometry convention of the
    module (first layer = pipe wall inside ``pipe_outer_diameter_m``).

    Parameters
    ----------
    pipe_outer_diameter_m : float or array
        Outside diameter of the pipe (the first layer's outer diameter) [m].
    layers : sequence of (thickness_m, conductivity_w_mk)
        Layers from the fluid outward [m], [W/(m·K)].

    Returns
    -------
    list of numpy.ndarray
        One resistance per layer [m·K/W].

    References
    ----------
    Incropera et al. (2007), Eq. 3.28 (thermal resistance of a cylindrical wall).
    """
    return _layer_geometry(pipe_outer_diameter_m, layers)[1]


def insulation_thickness_for_outer_diameter(
    pipe_outer_diameter_m: Any, total_outer_diameter_m: Any, jacket_thickness_m: Any = 0.0
) -> np.ndarray:
    """Insulation thickness that fits a pipe into a given overall outer diameter.

    ``(total_outer_diameter_m - pipe_outer_diameter_m) / 2 - jacket_thickness_m``. Used for the
    Kawasaki Steam Net trunk, whose 2006 plan quotes a 64 cm outer diameter *including*
    insulation but neither the steel size nor the insulation thickness
    (``shared/reference/kawasaki-facts.md`` §6, kanaloco 2010-02-01).

    Parameters
    ----------
    pipe_outer_diameter_m : float or array
        Outside diameter of the steel pipe [m] (DN 400 = 0.4064 m, ISO 4200 / ASME B36.10M).
    total_outer_diameter_m : float or array
        Outside diameter of the finished, jacketed line [m].
    jacket_thickness_m : float or array, default 0
        Thickness of the outer jacket (cladding) [m].

    Returns
    -------
    numpy.ndarray
        Insulation thickness [m].

    Raises
    ------
    ValueError
        If a diameter is not positive, the jacket is negative, or nothing is left for insulation.
    """
    d_pipe = _check(
        "pipe_outer_diameter_m", pipe_outer_diameter_m, low=0.0, low_open=True, unit="m"
    )
    d_total = _check(
        "total_outer_diameter_m", total_outer_diameter_m, low=0.0, low_open=True, unit="m"
    )
    jacket = _check("jacket_thickness_m", jacket_thickness_m, low=0.0, low_open=False, unit="m")
    thickness = (d_total - d_pipe) / 2.0 - jacket
    if np.any(thickness <= 0):
        raise ValueError(
            f"total_outer_diameter_m leaves no room for insulation: (total - pipe)/2 - jacket = "
            f"{_first_bad(thickness, thickness <= 0)} m; total_outer_diameter_m must exceed "
            f"pipe_outer_diameter_m + 2 * jacket_thickness_m"
        )
    return thickness


# --------------------------------------------------------------------------------------------
# Air properties and convection correlations
# --------------------------------------------------------------------------------------------
class AirProperties(NamedTuple):
    """Properties of dry air used by the convection correlations (all may be arrays)."""

    thermal_conductivity_w_mk: Any
    kinematic_viscosity_m2_s: Any
    prandtl: Any
    thermal_diffusivity_m2_s: Any
    expansion_coefficient_1_k: Any


@lru_cache(maxsize=1)
def _air_table() -> tuple[np.ndarray, ...]:
    """Air properties at 1 atm on a 1 K grid, 200–1000 K, from CoolProp (computed once)."""
    from CoolProp.CoolProp import PropsSI

    t = np.arange(_AIR_T_MIN_K, _AIR_T_MAX_K + 0.5, 1.0)
    p = np.full_like(t, STANDARD_PRESSURE_PA)
    k = PropsSI("L", "T", t, "P", p, "Air")
    mu = PropsSI("V", "T", t, "P", p, "Air")
    rho = PropsSI("D", "T", t, "P", p, "Air")
    pr = PropsSI("Prandtl", "T", t, "P", p, "Air")
    return t, k, mu / rho, pr


def air_properties(temperature_c: Any, pressure_pa: Any = STANDARD_PRESSURE_PA) -> AirProperties:
    """Dry-air properties for the external convection correlations.

    Conductivity, kinematic viscosity and Prandtl number come from CoolProp's reference
    equations for air [8]_, tabulated once at 1 atm on a 1 K grid (200–1000 K) and interpolated
    linearly (error < 0.01 %). At other pressures ν scales as 1/p (ideal gas); k and Pr are taken
    as pressure-independent (true within 0.1 % for 0.5–2 bar). The expansion coefficient is the
    ideal-gas value β = 1/T.

    Parameters
    ----------
    temperature_c : float or array
        Air (film) temperature [°C], within [-73.15, 726.85] °C.
    pressure_pa : float or array, default 101325
        Air pressure [Pa].

    Returns
    -------
    AirProperties
        k [W/(m·K)], ν [m²/s], Pr [-], α = ν/Pr [m²/s], β [1/K].

    References
    ----------
    .. [8] Lemmon et al. (2000); Lemmon & Jacobsen (2004), via CoolProp (Bell et al. 2014).
    """
    t_k = _check_temperature("temperature_c", temperature_c) + _KELVIN
    p = _check("pressure_pa", pressure_pa, low=0.0, low_open=True, unit="Pa")
    outside = (t_k < _AIR_T_MIN_K) | (t_k > _AIR_T_MAX_K)
    if np.any(outside):
        raise ValueError(
            f"air temperature = {_first_bad(t_k - _KELVIN, outside)} degC is outside the "
            f"tabulated range [{_AIR_T_MIN_K - _KELVIN:g}, {_AIR_T_MAX_K - _KELVIN:g}] degC"
        )
    grid, k, nu, pr = _air_table()
    k_i = np.interp(t_k, grid, k)
    nu_i = np.interp(t_k, grid, nu) * (STANDARD_PRESSURE_PA / p)
    pr_i = np.interp(t_k, grid, pr)
    return AirProperties(k_i, nu_i, pr_i, nu_i / pr_i, 1.0 / t_k)


def churchill_chu_nusselt(rayleigh: Any, prandtl: Any) -> np.ndarray:
    """Average Nusselt number for free convection from a long horizontal isothermal cylinder.

    ``Nu_D = {0.60 + 0.387 Ra_D^(1/6) / [1 + (0.559/Pr)^(9/16)]^(8/27)}²``, recommended for
    ``Ra_D ≲ 1e12`` [2]_ (Incropera et al. 2007, Eq. 9.34).

    Parameters
    ----------
    rayleigh : float or array
        Rayleigh number on the diameter, ``g β |ΔT| D³ / (ν α)`` [-], ≥ 0.
    prandtl : float or array
        Prandtl number [-], > 0.

    Returns
    -------
    numpy.ndarray
        Nu_D [-].
    """
    ra = _check("rayleigh", rayleigh, low=0.0, low_open=False)
    pr = _check("prandtl", prandtl, low=0.0, low_open=True)
    return (
        0.60 + 0.387 * ra ** (1.0 / 6.0) / (1.0 + (0.559 / pr) ** (9.0 / 16.0)) ** (8.0 / 27.0)
    ) ** 2


def churchill_bernstein_nusselt(reynolds: Any, prandtl: Any) -> np.ndarray:
    """Average Nusselt number for a circular cylinder in cross-flow (Churchill–Bernstein).

    ``Nu_D = 0.3 + 0.62 Re^(1/2) Pr^(1/3) / [1 + (0.4/Pr)^(2/3)]^(1/4)
    · [1 + (Re/282000)^(5/8)]^(4/5)``, for ``Re_D Pr > 0.2`` [3]_ (Incropera et al. 2007,
    Eq. 7.54). Properties at the film temperature.

    Parameters
    ----------
    reynolds : float or array
        Reynolds number on the diameter, ``V D / ν`` [-], ≥ 0.
    prandtl : float or array
        Prandtl number [-], > 0.

    Returns
    -------
    numpy.ndarray
        Nu_D [-].
    """
    re = _check("reynolds", reynolds, low=0.0, low_open=False)
    pr = _check("prandtl", prandtl, low=0.0, low_open=True)
    return 0.3 + (
        0.62
        * np.sqrt(re)
        * pr ** (1.0 / 3.0)
        / (1.0 + (0.4 / pr) ** (2.0 / 3.0)) ** 0.25
        * (1.0 + (re / 282000.0) ** 0.625) ** 0.8
    )


class ExternalCoefficients(NamedTuple):
    """Outside heat transfer coefficients of a pipe surface [W/(m²·K)]."""

    convection_w_m2k: np.ndarray
    radiation_w_m2k: np.ndarray


def _external_coefficients(ts_k, ta_k, tsur_k, d, wind, eps, air, pressure_pa):
    """Unchecked core of :func:`external_heat_transfer_coefficients_w_m2k` (Kelvin inputs)."""
    if air is None:
        air = air_properties(0.5 * (ts_k + ta_k) - _KELVIN, pressure_pa)
    k, nu, pr, alpha, beta = (np.asarray(x, dtype=float) for x in air)
    ra = STANDARD_GRAVITY_M_S2 * beta * np.abs(ts_k - ta_k) * d**3 / (nu * alpha)
    nu_free = (
        0.60 + 0.387 * ra ** (1.0 / 6.0) / (1.0 + (0.559 / pr) ** (9.0 / 16.0)) ** (8.0 / 27.0)
    ) ** 2
    re = wind * d / nu
    nu_forced = 0.3 + (
        0.62
        * np.sqrt(re)
        * pr ** (1.0 / 3.0)
        / (1.0 + (0.4 / pr) ** (2.0 / 3.0)) ** 0.25
        * (1.0 + (re / 282000.0) ** 0.625) ** 0.8
    )
    nu_forced = np.where(wind > 0, nu_forced, 0.0)
    nusselt = np.cbrt(nu_forced**3 + nu_free**3)
    h_conv = nusselt * k / d
    h_rad = eps * STEFAN_BOLTZMANN_W_M2K4 * (ts_k + tsur_k) * (ts_k**2 + tsur_k**2)
    return h_conv, h_rad


def external_heat_transfer_coefficients_w_m2k(
    surface_temperature_c: Any,
    ambient_temperature_c: Any,
    outer_diameter_m: Any,
    *,
    wind_speed_m_s: Any = 0.0,
    emissivity: Any = 0.9,
    surroundings_temperature_c: Any = None,
    air: AirProperties | None = None,
    pressure_pa: Any = STANDARD_PRESSURE_PA,
) -> ExternalCoefficients:
    """Convection and radiation coefficients outside a horizontal pipe in air.

    Convection: free (Churchill–Chu [2]_) and forced cross-flow (Churchill–Bernstein [3]_)
    Nusselt numbers are combined as ``Nu = (Nu_F³ + Nu_N³)^(1/3)`` (Churchill 1977 [4]_;
    Incropera et al. 2007 §9.9, exponent 3). With no wind, ``Nu = Nu_N`` exactly. Air properties
    are taken at the film temperature ``(T_s + T_∞)/2`` unless ``air`` fixes them.

    Radiation: the exact linearisation of grey-body exchange with large surroundings,
    ``h_r = ε σ (T_s + T_sur)(T_s² + T_sur²)`` (Incropera et al. 2007, Eq. 1.9), so that
    ``q'' = h_r (T_s − T_sur)``.

    Parameters
    ----------
    surface_temperature_c : float or array
        Outer (jacket) surface temperature [°C].
    ambient_temperature_c : float or array
        Air temperature far from the pipe [°C].
    outer_diameter_m : float or array
        Outer diameter of the surface [m].
    wind_speed_m_s : float or array, default 0
        Wind speed across the pipe [m/s]; 0 means free convection only.
    emissivity : float or array, default 0.9
        Hemispherical emissivity of the surface [-], in [0, 1] (0.9 suits painted or weathered
        jackets; bright aluminium cladding is ≈ 0.05–0.1).
    surroundings_temperature_c : float or array, optional
        Temperature of the radiating surroundings [°C]; defaults to the air temperature.
    air : AirProperties, optional
        Fixed air properties (e.g. a textbook example's values); by default from
        :func:`air_properties` at the film temperature.
    pressure_pa : float or array, default 101325
        Air pressure [Pa] (only used when ``air`` is None).

    Returns
    -------
    ExternalCoefficients
        ``convection_w_m2k`` and ``radiation_w_m2k`` [W/(m²·K)].
    """
    ts = _check_temperature("surface_temperature_c", surface_temperature_c) + _KELVIN
    ta = _check_temperature("ambient_temperature_c", ambient_temperature_c) + _KELVIN
    tsur = (
        ta
        if surroundings_temperature_c is None
        else _check_temperature("surroundings_temperature_c", surroundings_temperature_c) + _KELVIN
    )
    d = _check("outer_diameter_m", outer_diameter_m, low=0.0, low_open=True, unit="m")
    wind = _check("wind_speed_m_s", wind_speed_m_s, low=0.0, low_open=False, unit="m/s")
    eps = _check("emissivity", emissivity, low=0.0, low_open=False, high=1.0, high_open=False)
    h_conv, h_rad = _external_coefficients(ts, ta, tsur, d, wind, eps, air, pressure_pa)
    return ExternalCoefficients(h_conv, h_rad)


# --------------------------------------------------------------------------------------------
# Above ground
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ThermalResistances:
    """Resistance network of an above-ground pipe, per metre of pipe [m·K/W].

    The network is in series from the fluid to the surface (``inner_film``, then ``layers``),
    then the surface resistance, which is convection and radiation in parallel.
    ``heat_loss_w_per_m = (T_fluid − T_ambient) / total`` holds exactly when the radiating
    surroundings are at the air temperature (the default).
    """

    inner_film_m_k_w: np.ndarray
    layers_m_k_w: tuple[np.ndarray, ...]
    conduction_m_k_w: np.ndarray
    convection_m_k_w: np.ndarray
    radiation_m_k_w: np.ndarray
    surface_m_k_w: np.ndarray
    total_m_k_w: np.ndarray
    convection_htc_w_m2k: np.ndarray
    radiation_htc_w_m2k: np.ndarray
    inner_diameter_m: np.ndarray
    surface_diameter_m: np.ndarray
    surface_temperature_c: np.ndarray
    heat_loss_w_per_m: np.ndarray
    iterations: int


class HeatLoss(NamedTuple):
    """Loss per metre of an above-ground pipe and its outer surface temperature."""

    heat_loss_w_per_m: np.ndarray
    surface_temperature_c: np.ndarray


def _solve_surface_temperature(
    tf, ta, tsur, r_in, d_s, wind, eps, air, pressure_pa, tol_k=1e-9, max_iter=100
):
    """Solve f(Ts) = (Tf − Ts) − R_in q'_out(Ts) = 0 elementwise (all temperatures in K).

    f is strictly decreasing in Ts and changes sign on [min(Tf, Ta, Tsur), max(Tf, Ta, Tsur)],
    so a Newton step that leaves the shrinking bracket is replaced by bisection: the iteration
    always converges (typically 3–6 steps).
    """

    def q_out(ts):
        h_c, h_r = _external_coefficients(ts, ta, tsur, d_s, wind, eps, air, pressure_pa)
        return np.pi * d_s * (h_c * (ts - ta) + h_r * (ts - tsur))

    def f(ts):
        return (tf - ts) - r_in * q_out(ts)

    lo = np.minimum(np.minimum(tf, ta), tsur)
    hi = np.maximum(np.maximum(tf, ta), tsur)
    # Start from a surface coefficient of 10 W/(m² K).
    g = np.pi * d_s * 10.0
    ts = (tf + r_in * g * ta) / (1.0 + r_in * g)
    ts = np.clip(ts, lo, hi)
    for iteration in range(1, max_iter + 1):
        fx = f(ts)
        lo = np.where(fx > 0, ts, lo)
        hi = np.where(fx <= 0, ts, hi)
        dx = 1e-4
        slope = (f(ts + dx) - f(ts - dx)) / (2 * dx)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = ts - fx / slope
        newton = np.where(fx == 0, ts, newton)
        inside = np.isfinite(newton) & (newton >= lo) & (newton <= hi)
        ts_new = np.where(inside, newton, 0.5 * (lo + hi))
        done = (inside & (np.abs(newton - ts) <= tol_k)) | (hi - lo <= tol_k)
        ts = ts_new
        if np.all(done):
            return ts, iteration
    raise RuntimeError(  # pragma: no cover - the bracketed iteration cannot fail to converge
        f"surface temperature did not converge in {max_iter} iterations"
    )


def thermal_resistances(
    fluid_temperature_c: Any,
    ambient_temperature_c: Any,
    layers: Sequence[tuple[Any, Any]],
    *,
    pipe_outer_diameter_m: Any,
    wind_speed_m_s: Any = 0.0,
    inner_htc_w_m2k: Any = None,
    emissivity: Any = 0.9,
    surroundings_temperature_c: Any = None,
    outer_htc_w_m2k: Any = None,
    air: AirProperties | None = None,
    pressure_pa: Any = STANDARD_PRESSURE_PA,
) -> ThermalResistances:
    """Resistance breakdown, surface temperature and loss of an above-ground insulated pipe.

    The loss per metre is ``q' = (T_f − T_s) / (R'_in + Σ R'_layer)`` = ``π D_s [h_c (T_s − T_∞)
    + h_r (T_s − T_sur)]``, where ``R'_layer = ln(r_{i+1}/r_i)/(2π k_i)`` (Incropera et al. 2007,
    Eq. 3.28), ``R'_in = 1/(π D_i h_in)`` and the outside coefficients come from
    :func:`external_heat_transfer_coefficients_w_m2k`. Because those depend on the surface
    temperature ``T_s``, it is solved for with a bracketed Newton iteration, vectorised over all
    elements (tolerance 1e-9 K).

    Parameters
    ----------
    fluid_temperature_c : float or array
        Fluid (bulk) temperature [°C]; for saturated steam, the saturation temperature.
    ambient_temperature_c : float or array
        Air temperature [°C].
    layers : sequence of (thickness_m, conductivity_w_mk)
        From the fluid outward: pipe wall (inside ``pipe_outer_diameter_m``), insulation
        layer(s), jacket [m], [W/(m·K)]. Thickness ≥ 0, conductivity > 0.
    pipe_outer_diameter_m : float or array
        Outside diameter of the pipe wall [m].
    wind_speed_m_s : float or array, default 0
        Wind speed across the pipe [m/s].
    inner_htc_w_m2k : float or array, optional
        Fluid-side film coefficient [W/(m²·K)]. None neglects the inner film, which is fair for
        condensing steam (h ≈ 5–20 kW/(m²·K)) and turbulent water.
    emissivity : float or array, default 0.9
        Emissivity of the outer surface [-].
    surroundings_temperature_c : float or array, optional
        Radiant surroundings [°C]; default: the air temperature.
    outer_htc_w_m2k : float or array, optional
        Fixed combined outside coefficient [W/(m²·K)] (convection + radiation), replacing the
        correlations, e.g. for textbook examples that state ``h``. It is then reported as
        convection, with zero radiation.
    air : AirProperties, optional
        Fixed air properties instead of CoolProp air at the film temperature.
    pressure_pa : float or array, default 101325
        Air pressure [Pa].

    Returns
    -------
    ThermalResistances
        All resistances [m·K/W], the outside coefficients [W/(m²·K)], diameters [m], the surface
        temperature [°C], the loss [W/m] and the number of iterations.

    Raises
    ------
    ValueError
        For a non-positive diameter or conductivity, a negative thickness, a wall thicker than
        the pipe radius, an emissivity outside [0, 1], a negative wind speed or inner/outer
        coefficient ≤ 0; the message names the parameter and its allowed range.

    References
    ----------
    Incropera et al. (2007) §3.3.1 and Eq. 3.28; Churchill & Chu (1975); Churchill & Bernstein
    (1977); Churchill (1977). See the module docstring.
    """
    tf = _check_temperature("fluid_temperature_c", fluid_temperature_c) + _KELVIN
    ta = _check_temperature("ambient_temperature_c", ambient_temperature_c) + _KELVIN
    tsur = (
        ta
        if surroundings_temperature_c is None
        else _check_temperature("surroundings_temperature_c", surroundings_temperature_c) + _KELVIN
    )
    wind = _check("wind_speed_m_s", wind_speed_m_s, low=0.0, low_open=False, unit="m/s")
    eps = _check("emissivity", emissivity, low=0.0, low_open=False, high=1.0, high_open=False)
    d_in, r_layers, d_s = _layer_geometry(pipe_outer_diameter_m, layers)
    if inner_htc_w_m2k is None:
        r_film = np.zeros_like(d_in)
    else:
        h_in = _check("inner_htc_w_m2k", inner_htc_w_m2k, low=0.0, low_open=True, unit="W/(m2 K)")
        r_film = 1.0 / (np.pi * d_in * h_in)
    r_cond = sum(r_layers, np.zeros_like(d_in))
    r_in = r_film + r_cond
    tf, ta, tsur, r_in, d_s, wind, eps = np.broadcast_arrays(tf, ta, tsur, r_in, d_s, wind, eps)

    if outer_htc_w_m2k is not None:
        h_out = _check("outer_htc_w_m2k", outer_htc_w_m2k, low=0.0, low_open=True, unit="W/(m2 K)")
        h_conv = np.broadcast_to(h_out, tf.shape).astype(float)
        h_rad = np.zeros_like(h_conv)
        r_out = 1.0 / (np.pi * d_s * h_conv)
        ts = ta + (tf - ta) * r_out / (r_in + r_out)
        iterations = 0
    else:
        ts, iterations = _solve_surface_temperature(
            tf, ta, tsur, r_in, d_s, wind, eps, air, pressure_pa
        )
        h_conv, h_rad = _external_coefficients(ts, ta, tsur, d_s, wind, eps, air, pressure_pa)
    with np.errstate(divide="ignore"):
        r_conv = 1.0 / (np.pi * d_s * h_conv)
        r_rad = np.where(h_rad > 0, 1.0 / (np.pi * d_s * np.where(h_rad > 0, h_rad, 1.0)), np.inf)
    r_surface = 1.0 / (np.pi * d_s * (h_conv + h_rad))
    # Loss from the inner side when there is a resistance, else from the outer balance.
    q_out = np.pi * d_s * (h_conv * (ts - ta) + h_rad * (ts - tsur))
    with np.errstate(divide="ignore", invalid="ignore"):
        q_in = (tf - ts) / r_in
    q = np.where(r_in > 0, q_in, q_out)
    return ThermalResistances(
        inner_film_m_k_w=r_film,
        layers_m_k_w=tuple(r_layers),
        conduction_m_k_w=r_cond,
        convection_m_k_w=r_conv,
        radiation_m_k_w=r_rad,
        surface_m_k_w=r_surface,
        total_m_k_w=r_in + r_surface,
        convection_htc_w_m2k=h_conv,
        radiation_htc_w_m2k=h_rad,
        inner_diameter_m=d_in,
        surface_diameter_m=d_s,
        surface_temperature_c=ts - _KELVIN,
        heat_loss_w_per_m=q,
        iterations=iterations,
    )


def above_ground_loss_w_per_m(
    fluid_temperature_c: Any,
    ambient_temperature_c: Any,
    layers: Sequence[tuple[Any, Any]],
    *,
    pipe_outer_diameter_m: Any,
    wind_speed_m_s: Any = 0.0,
    inner_htc_w_m2k: Any = None,
    emissivity: Any = 0.9,
    surroundings_temperature_c: Any = None,
    outer_htc_w_m2k: Any = None,
    air: AirProperties | None = None,
    pressure_pa: Any = STANDARD_PRESSURE_PA,
) -> HeatLoss:
    """Heat loss per metre of an insulated pipe in air, and its surface temperature.

    Multilayer cylinder conduction plus outside convection (free: Churchill–Chu; forced:
    Churchill–Bernstein; combined with exponent 3) and radiation, solved for the surface
    temperature. See :func:`thermal_resistances` for the parameters, the method and the
    resistance breakdown.

    Returns
    -------
    HeatLoss
        ``heat_loss_w_per_m`` [W/m] (negative when the pipe gains heat) and
        ``surface_temperature_c`` [°C].

    Examples
    --------
    DN 400 steam pipe at 200 °C with 116 mm of rock wool (k = 0.044 W/(m·K)) under a 0.8 mm
    jacket (ε = 0.9), in still air at 15 °C:

    >>> layers = [(0.0095, 50.0), (0.116, 0.044), (0.0008, 160.0)]
    >>> loss = above_ground_loss_w_per_m(200.0, 15.0, layers, pipe_outer_diameter_m=0.4064)
    >>> round(float(loss.heat_loss_w_per_m)), round(float(loss.surface_temperature_c), 1)
    (109, 21.9)
    """
    res = thermal_resistances(
        fluid_temperature_c,
        ambient_temperature_c,
        layers,
        pipe_outer_diameter_m=pipe_outer_diameter_m,
        wind_speed_m_s=wind_speed_m_s,
        inner_htc_w_m2k=inner_htc_w_m2k,
        emissivity=emissivity,
        surroundings_temperature_c=surroundings_temperature_c,
        outer_htc_w_m2k=outer_htc_w_m2k,
        air=air,
        pressure_pa=pressure_pa,
    )
    return HeatLoss(res.heat_loss_w_per_m, res.surface_temperature_c)


# --------------------------------------------------------------------------------------------
# Buried pipes
# --------------------------------------------------------------------------------------------
def _corrected_depth(depth, soil_k, surface_resistance):
    return depth + soil_k * surface_resistance


def soil_resistance_m_k_w(
    depth_m: Any,
    outer_diameter_m: Any,
    soil_conductivity_w_mk: Any = 1.5,
    *,
    surface_resistance_m2k_w: Any = 1.0 / GROUND_SURFACE_HTC_W_M2K,
) -> np.ndarray:
    """Soil resistance of one buried pipe per metre [m·K/W].

    ``R'_s = arcosh(H_c / r) / (2π λ_s) = ln(H_c/r + sqrt((H_c/r)² − 1)) / (2π λ_s)`` with the
    corrected depth ``H_c = H + λ_s R_0``: the ground surface resistance ``R_0`` (EN 13941,
    Wallentén 1991: ``1/14.6 = 0.0685 m²·K/W``) is replaced by an equivalent soil layer. With
    ``R_0 = 0`` it is the exact conduction shape factor of an isothermal cylinder under an
    isothermal surface, ``S' = 2π / arcosh(2z/D)`` (Incropera et al. 2007, Table 4.1, horizontal
    cylinder in a semi-infinite medium). For ``H_c ≫ r`` it tends to EN 13941's
    ``ln(4 H_c / D) / (2π λ_s)``.

    Parameters
    ----------
    depth_m : float or array
        Depth of the pipe *centre* below the ground surface [m]; must exceed the radius.
    outer_diameter_m : float or array
        Outer diameter of the buried surface (casing) [m].
    soil_conductivity_w_mk : float or array, default 1.5
        Soil thermal conductivity [W/(m·K)] (moist sandy soil ≈ 1.5; dry ≈ 0.5–1).
    surface_resistance_m2k_w : float or array, default 0.0685
        Ground surface resistance [m²·K/W]; 0 for an isothermal surface.

    Returns
    -------
    numpy.ndarray
        R'_s [m·K/W].
    """
    depth = _check("depth_m", depth_m, low=0.0, low_open=True, unit="m")
    d = _check("outer_diameter_m", outer_diameter_m, low=0.0, low_open=True, unit="m")
    lam = _check(
        "soil_conductivity_w_mk", soil_conductivity_w_mk, low=0.0, low_open=True, unit="W/(m K)"
    )
    r0 = _check(
        "surface_resistance_m2k_w", surface_resistance_m2k_w, low=0.0, low_open=False, unit="m2 K/W"
    )
    return _soil_resistance(depth, d, lam, r0)


def _soil_resistance(depth, d, lam, r0):
    too_shallow = depth <= d / 2.0
    if np.any(too_shallow):
        raise ValueError(
            f"depth_m = {_first_bad(np.broadcast_to(depth, too_shallow.shape), too_shallow)} m "
            f"is not below the pipe's outer radius ({float(np.max(d)) / 2:g} m); depth_m is the "
            f"depth of the pipe centre and must exceed outer_diameter_m / 2"
        )
    hc = _corrected_depth(depth, lam, r0)
    return np.arccosh(2.0 * hc / d) / (2.0 * np.pi * lam)


def mutual_resistance_m_k_w(
    depth_m: Any,
    spacing_m: Any,
    soil_conductivity_w_mk: Any = 1.5,
    *,
    surface_resistance_m2k_w: Any = 1.0 / GROUND_SURFACE_HTC_W_M2K,
) -> np.ndarray:
    """Interaction (mutual) soil resistance of two parallel buried pipes per metre [m·K/W].

    ``R'_m = ln(1 + (2 H_c / E)²) / (4π λ_s)`` (Wallentén 1991; EN 13941), the temperature rise
    at one pipe per W/m emitted by the other, from a line source and its image in the corrected
    ground surface.

    Parameters
    ----------
    depth_m : float or array
        Depth of the pipe centres [m].
    spacing_m : float or array
        Horizontal centre-to-centre distance E [m].
    soil_conductivity_w_mk : float or array, default 1.5
        Soil conductivity [W/(m·K)].
    surface_resistance_m2k_w : float or array, default 0.0685
        Ground surface resistance [m²·K/W].

    Returns
    -------
    numpy.ndarray
        R'_m [m·K/W].
    """
    depth = _check("depth_m", depth_m, low=0.0, low_open=True, unit="m")
    spacing = _check("spacing_m", spacing_m, low=0.0, low_open=True, unit="m")
    lam = _check(
        "soil_conductivity_w_mk", soil_conductivity_w_mk, low=0.0, low_open=True, unit="W/(m K)"
    )
    r0 = _check(
        "surface_resistance_m2k_w", surface_resistance_m2k_w, low=0.0, low_open=False, unit="m2 K/W"
    )
    hc = _corrected_depth(depth, lam, r0)
    return np.log1p((2.0 * hc / spacing) ** 2) / (4.0 * np.pi * lam)


def _pipe_resistance(pipe_outer_diameter_m, layers, inner_htc_w_m2k, name):
    d_in, r_layers, d_out = _layer_geometry(pipe_outer_diameter_m, layers, name)
    r = sum(r_layers, np.zeros_like(d_in))
    if inner_htc_w_m2k is not None:
        h_in = _check("inner_htc_w_m2k", inner_htc_w_m2k, low=0.0, low_open=True, unit="W/(m2 K)")
        r = r + 1.0 / (np.pi * d_in * h_in)
    return r, d_out


def buried_loss_w_per_m(
    fluid_temperature_c: Any,
    ground_temperature_c: Any,
    *,
    depth_m: Any,
    pipe_outer_diameter_m: Any,
    layers: Sequence[tuple[Any, Any]],
    soil_conductivity_w_mk: Any = 1.5,
    surface_resistance_m2k_w: Any = 1.0 / GROUND_SURFACE_HTC_W_M2K,
    inner_htc_w_m2k: Any = None,
) -> np.ndarray:
    """Heat loss per metre of a single buried pipe.

    ``q' = (T_f − T_g) / (R'_in + Σ R'_layer + R'_s)`` with the soil resistance of
    :func:`soil_resistance_m_k_w` (EN 13941 / Wallentén 1991; Incropera Table 4.1 when the
    surface resistance is 0). Steady state, homogeneous soil, undisturbed ground temperature
    ``T_g`` at the surface.

    Parameters
    ----------
    fluid_temperature_c : float or array
        Fluid temperature [°C].
    ground_temperature_c : float or array
        Undisturbed ground (surface) temperature [°C].
    depth_m : float or array
        Depth of the pipe centre [m] (EN 13941's H); must exceed the casing radius.
    pipe_outer_diameter_m : float or array
        Outside diameter of the steel (service) pipe [m].
    layers : sequence of (thickness_m, conductivity_w_mk)
        Pipe wall (inside ``pipe_outer_diameter_m``), insulation, casing [m], [W/(m·K)]; e.g.
        EN 253 bonded pipe: steel, PUR (λ50 ≤ 0.029), PE casing.
    soil_conductivity_w_mk : float or array, default 1.5
        Soil conductivity [W/(m·K)].
    surface_resistance_m2k_w : float or array, default 0.0685
        Ground surface resistance [m²·K/W] (1/14.6); 0 for an isothermal surface.
    inner_htc_w_m2k : float or array, optional
        Fluid-side coefficient [W/(m²·K)]; None neglects the inner film.

    Returns
    -------
    numpy.ndarray
        Heat loss [W/m].
    """
    tf = _check_temperature("fluid_temperature_c", fluid_temperature_c)
    tg = _check_temperature("ground_temperature_c", ground_temperature_c)
    depth = _check("depth_m", depth_m, low=0.0, low_open=True, unit="m")
    lam = _check(
        "soil_conductivity_w_mk", soil_conductivity_w_mk, low=0.0, low_open=True, unit="W/(m K)"
    )
    r0 = _check(
        "surface_resistance_m2k_w", surface_resistance_m2k_w, low=0.0, low_open=False, unit="m2 K/W"
    )
    r_pipe, d_out = _pipe_resistance(pipe_outer_diameter_m, layers, inner_htc_w_m2k, "layers")
    r_soil = _soil_resistance(depth, d_out, lam, r0)
    return (tf - tg) / (r_pipe + r_soil)


class PairHeatLoss(NamedTuple):
    """Heat losses of a buried supply/return pair [W/m]."""

    supply_w_per_m: np.ndarray
    return_w_per_m: np.ndarray


def buried_pair_loss_w_per_m(
    supply_temperature_c: Any,
    return_temperature_c: Any,
    ground_temperature_c: Any,
    *,
    depth_m: Any,
    spacing_m: Any,
    pipe_outer_diameter_m: Any,
    layers: Sequence[tuple[Any, Any]],
    soil_conductivity_w_mk: Any = 1.5,
    surface_resistance_m2k_w: Any = 1.0 / GROUND_SURFACE_HTC_W_M2K,
    return_pipe_outer_diameter_m: Any = None,
    return_layers: Sequence[tuple[Any, Any]] | None = None,
    inner_htc_w_m2k: Any = None,
) -> PairHeatLoss:
    """Heat losses of two parallel buried pipes (supply and return) with their interaction.

    With ``R_1 = R'_pipe,1 + R'_s,1``, ``R_2`` likewise and the mutual resistance ``R_m``
    (:func:`mutual_resistance_m_k_w`), superposition of the two line sources gives (Wallentén
    1991; EN 13941)::

        q'_1 = [R_2 (T_1 − T_g) − R_m (T_2 − T_g)] / (R_1 R_2 − R_m²)
        q'_2 = [R_1 (T_2 − T_g) − R_m (T_1 − T_g)] / (R_1 R_2 − R_m²)

    For identical pipes at equal temperatures each loses ``(T − T_g) / (R + R_m)``: the warm
    neighbour reduces the loss. Two separate pipes in one trench, not a twin pipe (two service
    pipes in one casing, EN 15698), whose insulation geometry needs Wallentén's multipole
    formulas.

    Parameters
    ----------
    supply_temperature_c, return_temperature_c : float or array
        Fluid temperatures of the two pipes [°C].
    ground_temperature_c : float or array
        Undisturbed ground temperature [°C].
    depth_m : float or array
        Depth of both pipe centres [m].
    spacing_m : float or array
        Horizontal centre-to-centre distance [m]; the casings must not overlap.
    pipe_outer_diameter_m : float or array
        Steel outside diameter of the supply pipe (and of the return pipe unless given) [m].
    layers : sequence of (thickness_m, conductivity_w_mk)
        Layers of the supply pipe (and of the return pipe unless given).
    soil_conductivity_w_mk : float or array, default 1.5
        Soil conductivity [W/(m·K)].
    surface_resistance_m2k_w : float or array, default 0.0685
        Ground surface resistance [m²·K/W].
    return_pipe_outer_diameter_m : float or array, optional
        Steel outside diameter of the return pipe [m].
    return_layers : sequence of (thickness_m, conductivity_w_mk), optional
        Layers of the return pipe.
    inner_htc_w_m2k : float or array, optional
        Fluid-side coefficient of both pipes [W/(m²·K)].

    Returns
    -------
    PairHeatLoss
        ``supply_w_per_m`` and ``return_w_per_m`` [W/m].
    """
    t1 = _check_temperature("supply_temperature_c", supply_temperature_c)
    t2 = _check_temperature("return_temperature_c", return_temperature_c)
    tg = _check_temperature("ground_temperature_c", ground_temperature_c)
    depth = _check("depth_m", depth_m, low=0.0, low_open=True, unit="m")
    spacing = _check("spacing_m", spacing_m, low=0.0, low_open=True, unit="m")
    lam = _check(
        "soil_conductivity_w_mk", soil_conductivity_w_mk, low=0.0, low_open=True, unit="W/(m K)"
    )
    r0 = _check(
        "surface_resistance_m2k_w", surface_resistance_m2k_w, low=0.0, low_open=False, unit="m2 K/W"
    )
    r_pipe1, d1 = _pipe_resistance(pipe_outer_diameter_m, layers, inner_htc_w_m2k, "layers")
    if return_pipe_outer_diameter_m is None and return_layers is None:
        r_pipe2, d2 = r_pipe1, d1
    else:
        r_pipe2, d2 = _pipe_resistance(
            pipe_outer_diameter_m
            if return_pipe_outer_diameter_m is None
            else return_pipe_outer_diameter_m,
            layers if return_layers is None else return_layers,
            inner_htc_w_m2k,
            "return_layers",
        )
    overlap = spacing < (d1 + d2) / 2.0
    if np.any(overlap):
        raise ValueError(
            f"spacing_m = {_first_bad(np.broadcast_to(spacing, overlap.shape), overlap)} m is "
            f"smaller than the sum of the two casing radii "
            f"({float(np.max((d1 + d2) / 2.0)):g} m); the pipes would overlap"
        )
    r1 = r_pipe1 + _soil_resistance(depth, d1, lam, r0)
    r2 = r_pipe2 + _soil_resistance(depth, d2, lam, r0)
    rm = np.log1p((2.0 * _corrected_depth(depth, lam, r0) / spacing) ** 2) / (4.0 * np.pi * lam)
    det = r1 * r2 - rm**2
    dt1, dt2 = t1 - tg, t2 - tg
    return PairHeatLoss((r2 * dt1 - rm * dt2) / det, (r1 * dt2 - rm * dt1) / det)


# --------------------------------------------------------------------------------------------
# Condensate
# --------------------------------------------------------------------------------------------
def _check_saturation_pressure(pressure_pa: Any) -> np.ndarray:
    return _check(
        "pressure_pa",
        pressure_pa,
        low=_P_TRIPLE_PA,
        low_open=False,
        high=_P_CRITICAL_PA,
        high_open=True,
        unit="Pa",
    )


def _saturation_enthalpies(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from CoolProp.CoolProp import PropsSI

    flat = np.atleast_1d(p).astype(float).ravel()
    hf = PropsSI("H", "P", flat, "Q", np.zeros_like(flat), "IF97::Water")
    hg = PropsSI("H", "P", flat, "Q", np.ones_like(flat), "IF97::Water")
    return np.reshape(hf, p.shape), np.reshape(hg, p.shape)


def latent_heat_j_per_kg(pressure_pa: Any) -> np.ndarray:
    """Latent heat of vaporisation of water at saturation pressure (IAPWS-IF97).

    ``h_fg = h(p, x=1) − h(p, x=0)`` with CoolProp's ``IF97::Water`` [7]_.

    Parameters
    ----------
    pressure_pa : float or array
        Saturation pressure [Pa], in [611.213 Pa, 22.064 MPa).

    Returns
    -------
    numpy.ndarray
        h_fg [J/kg] (e.g. 2 014 kJ/kg at 1 MPa).
    """
    p = _check_saturation_pressure(pressure_pa)
    hf, hg = _saturation_enthalpies(p)
    return hg - hf


def condensate_rate_kg_s(heat_loss_w: Any, pressure_pa: Any) -> np.ndarray:
    """Condensate formed by a heat loss from saturated steam.

    ``ṁ_c = Q / h_fg(p)``: every joule lost by dry saturated steam condenses vapour at constant
    pressure. For superheated steam use :func:`condensate_along_line`, which first removes the
    superheat.

    Parameters
    ----------
    heat_loss_w : float or array
        Heat lost by the steam [W], ≥ 0 (a pipe loss per metre gives kg/(s·m)).
    pressure_pa : float or array
        Steam (saturation) pressure [Pa].

    Returns
    -------
    numpy.ndarray
        Condensate [kg/s] (or [kg/(s·m)] for a loss per metre).

    References
    ----------
    IAPWS-IF97 through CoolProp (see module references).
    """
    q = _check("heat_loss_w", heat_loss_w, low=0.0, low_open=False, unit="W")
    return q / latent_heat_j_per_kg(pressure_pa)


class CondensateResult(NamedTuple):
    """Result of :func:`condensate_along_line` (all arrays broadcast together)."""

    condensate_kg_s: np.ndarray
    heat_loss_w: np.ndarray
    superheat_removed_w: np.ndarray
    saturated_length_m: np.ndarray
    outlet_enthalpy_j_per_kg: np.ndarray
    outlet_quality: np.ndarray


def condensate_along_line(
    heat_loss_w_per_m: Any,
    length_m: Any,
    pressure_pa: Any,
    mass_flow_kg_s: Any,
    *,
    inlet_enthalpy_j_per_kg: Any = None,
) -> CondensateResult:
    """Condensate formed along a steam line with a given loss per metre.

    A deliberately simple energy balance at constant pressure, for one line segment:

    1. the caller gives the inlet state as a specific enthalpy (default: dry saturated steam
       at ``pressure_pa``);
    2. the line loses ``Q = q' L``;
    3. superheat is lost first: ``Q_sh = ṁ (h_in − h_g)`` (0 for saturated or wet inlet steam);
       no condensate forms until then, over the first ``Q_sh / q'`` metres;
    4. the rest condenses vapour: ``ṁ_c = (Q − Q_sh)/h_fg``.

    Pressure drop along the segment is not coupled here (the network solver segments the line
    and updates ``p``); a constant ``q'`` is the caller's choice, strictly valid only while the
    steam temperature, hence ``q'``, is nearly constant (saturated steam). The condensate is
    assumed to stay in the line and travel with the steam (drained at traps downstream); the
    outlet state is ``h_out = h_in − Q/ṁ``.

    Parameters
    ----------
    heat_loss_w_per_m : float or array
        Loss per metre of line [W/m], ≥ 0.
    length_m : float or array
        Segment length [m], > 0.
    pressure_pa : float or array
        Steam pressure [Pa] (saturation range of IF97).
    mass_flow_kg_s : float or array
        Steam mass flow [kg/s], > 0.
    inlet_enthalpy_j_per_kg : float or array, optional
        Inlet specific enthalpy [J/kg] (IF97 reference state); superheated if above ``h_g(p)``,
        wet if between ``h_f`` and ``h_g``. Default: ``h_g(p)``.

    Returns
    -------
    CondensateResult
        ``condensate_kg_s`` formed in the segment, ``heat_loss_w`` = q' L, ``superheat_removed_w``,
        ``saturated_length_m`` (distance from the inlet at which the steam becomes saturated;
        0 for saturated inlet steam, ``length_m`` if it never does), ``outlet_enthalpy_j_per_kg``
        and ``outlet_quality`` (vapour mass fraction; 1 for steam that is still superheated).

    Raises
    ------
    ValueError
        If the inlet is below saturation (subcooled water: "steam below saturation at the
        inlet"), if the loss would condense all the steam, or for out-of-range inputs.
    """
    q_per_m = _check("heat_loss_w_per_m", heat_loss_w_per_m, low=0.0, low_open=False, unit="W/m")
    length = _check("length_m", length_m, low=0.0, low_open=True, unit="m")
    p = _check_saturation_pressure(pressure_pa)
    m = _check("mass_flow_kg_s", mass_flow_kg_s, low=0.0, low_open=True, unit="kg/s")
    hf, hg = _saturation_enthalpies(p)
    if inlet_enthalpy_j_per_kg is None:
        h_in = hg
    else:
        h_in = _as_float_array("inlet_enthalpy_j_per_kg", inlet_enthalpy_j_per_kg)
        below = h_in < hf
        if np.any(below):
            hf_b = np.broadcast_to(hf, np.broadcast(h_in, hf).shape)
            raise ValueError(
                f"steam below saturation at the inlet: inlet_enthalpy_j_per_kg = "
                f"{_first_bad(np.broadcast_to(h_in, below.shape), below)} J/kg is below the "
                f"saturated-liquid enthalpy h_f = {float(hf_b[below].ravel()[0]):.6g} J/kg at "
                f"pressure_pa; allowed range [h_f(p), inf)"
            )
    h_fg = hg - hf
    q_total = q_per_m * length
    q_sh = m * np.maximum(h_in - hg, 0.0)
    q_cond = np.maximum(q_total - q_sh, 0.0)
    condensate = q_cond / h_fg
    h_out = h_in - q_total / m
    all_condensed = h_out < hf
    if np.any(all_condensed):
        shape = all_condensed.shape
        raise ValueError(
            f"the line condenses all the steam: heat_loss_w_per_m * length_m = "
            f"{_first_bad(np.broadcast_to(q_total, shape), all_condensed)} W exceeds "
            f"mass_flow_kg_s * (h_in - h_f); shorten the segment or raise the flow"
        )
    x_len = np.where(q_per_m > 0, q_sh / np.where(q_per_m > 0, q_per_m, 1.0), np.inf)
    x_len = np.where(q_sh > 0, x_len, 0.0)
    saturated_length = np.minimum(x_len, length)
    quality = np.clip((h_out - hf) / h_fg, 0.0, 1.0)
    return CondensateResult(
        condensate,
        np.broadcast_to(q_total, condensate.shape) * 1.0,
        np.minimum(q_sh, q_total),
        saturated_length,
        h_out,
        quality,
    )


# --------------------------------------------------------------------------------------------
# Material data
# --------------------------------------------------------------------------------------------
def material_conductivity_w_mk(material_id: str, mean_temperature_c: Any = None) -> np.ndarray:
    """Thermal conductivity of a pipe, insulation or jacket material from the dataset.

    Reads ``datasets/insulation_materials.csv`` (catalog id ``insulation_materials``). Where
    the table holds several mean temperatures for a material, the value is interpolated
    linearly in ``mean_temperature_c`` (required then, within the tabulated range). Where it
    holds one, that value is returned and ``mean_temperature_c`` is ignored: no temperature
    dependence is known, so check the row's ``mean_temperature_c`` and ``value_type`` (several
    values are specification maxima, not typical values).

    Parameters
    ----------
    material_id : str
        A ``material_id`` of the dataset, e.g. ``"pur_foam_en253"``.
    mean_temperature_c : float or array, optional
        Mean temperature of the layer [°C].

    Returns
    -------
    numpy.ndarray
        Conductivity [W/(m·K)].

    Raises
    ------
    ValueError
        For an unknown material (the message lists the known ones), or a mean temperature
        missing or outside the tabulated range of a temperature-dependent material.
    """
    from kgi_lab import datasets

    table = datasets.load("insulation_materials")
    rows = table[table["material_id"] == material_id]
    if rows.empty:
        known = ", ".join(sorted(table["material_id"].unique()))
        raise ValueError(f"unknown material_id {material_id!r}; known materials: {known}")
    rows = rows.sort_values("mean_temperature_c")
    k = rows["conductivity_w_mk"].to_numpy(dtype=float)
    t = rows["mean_temperature_c"].to_numpy(dtype=float)
    if len(rows) == 1:
        if mean_temperature_c is None:
            return np.asarray(k[0])
        return np.full(np.shape(mean_temperature_c), k[0])
    if mean_temperature_c is None:
        raise ValueError(
            f"material {material_id!r} is tabulated at {t.tolist()} degC; give "
            f"mean_temperature_c within [{t[0]:g}, {t[-1]:g}] degC"
        )
    tm = _check(
        f"mean_temperature_c (material {material_id!r})",
        mean_temperature_c,
        low=t[0],
        low_open=False,
        high=t[-1],
        high_open=False,
        unit="degC",
    )
    return np.interp(tm, t, k)
