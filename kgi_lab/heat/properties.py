"""IAPWS-IF97 water and steam properties, vectorised over numpy arrays.

The equations are those of the IAPWS Industrial Formulation 1997 (IF97), evaluated by CoolProp's
``IF97`` backend (``CoolProp.CoolProp.PropsSI(..., "IF97::Water")``, the C++ implementation by
Henning and Bell). This module adds what a network model needs around it:

- numpy arrays in, arrays out (scalars give scalars), with broadcasting;
- one call gives every property (density, enthalpy, entropy, c_p, viscosity, conductivity, the
  IF97 region and a phase label);
- clear errors, naming the element and the value, for states outside IF97's range of validity
  and for the ambiguous case of a (p, T) state exactly on the saturation line;
- a pressure–enthalpy entry (:func:`props_ph`) that handles wet steam (quality, homogeneous
  mixture density), and whose temperature is made consistent with the forward (p, T) equations
  to ~1e-9 K by Newton iteration (CoolProp's IF97 p–h path uses the IF97 backward equations
  alone, which are consistent with the forward equations only to about 25 mK, and it fails for
  some states in region 3);
- a fast path: duplicate states are evaluated once (:func:`numpy.unique` on the input pairs),
  which matters for hourly series in which a source state repeats.

Transport properties come from the same backend: viscosity from IAPWS R12-08 (2008) and thermal
conductivity from IAPWS R15-11 (2011), with the IF97 density. The tests reproduce the R12-08 and
R15-11 check values that lie inside IF97's range to their published digits.

Ranges (IAPWS R7-97(2012), section 1): 273.15 K ≤ T ≤ 1073.15 K at 0 < p ≤ 100 MPa (regions 1–3)
and 1073.15 K < T ≤ 2273.15 K at 0 < p ≤ 50 MPa (region 5). Saturation (region 4): 273.15 K to
the critical point, 647.096 K and 22.064 MPa. CoolProp's IF97 backend refuses pressures below
611.213 Pa (p_s at 273.15 K), so that is this module's lower limit too (:data:`MIN_PRESSURE_PA`).

Units: SI throughout (Pa, J/kg, J/(kg K), kg/m³, Pa s, W/(m K)), but temperatures in °C in names
ending ``_c`` (converted with T [K] = t [°C] + 273.15), as elsewhere in kgi_lab.

References
----------
.. [1] IAPWS R7-97(2012), Revised Release on the IAPWS Industrial Formulation 1997 for the
   Thermodynamic Properties of Water and Steam. http://www.iapws.org/relguide/IF97-Rev.html
.. [2] IAPWS R12-08, Release on the IAPWS Formulation 2008 for the Viscosity of Ordinary Water
   Substance (2008). http://www.iapws.org/relguide/viscosity.html
.. [3] IAPWS R15-11, Release on the IAPWS Formulation 2011 for the Thermal Conductivity of
   Ordinary Water Substance (2011). http://www.iapws.org/relguide/ThCond.html
.. [4] I. H. Bell, J. Wronski, S. Quoilin, V. Lemort, "Pure and Pseudo-pure Fluid Thermophysical
   Property Evaluation and the Open-Source Thermophysical Property Library CoolProp",
   Ind. Eng. Chem. Res. 53 (2014) 2498–2508, doi:10.1021/ie4033999 (IF97 backend: CoolProp
   ``IF97.h``, J. Henning).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import CoolProp.CoolProp as CP
import numpy as np

__all__ = [
    "CRITICAL_PRESSURE_PA",
    "CRITICAL_TEMPERATURE_K",
    "DEFAULT_OUTPUTS",
    "MAX_PRESSURE_PA",
    "MAX_PRESSURE_REGION5_PA",
    "MAX_TEMPERATURE_K",
    "MAX_TEMPERATURE_REGION5_K",
    "MIN_PRESSURE_PA",
    "MIN_SATURATION_PRESSURE_PA",
    "MIN_TEMPERATURE_K",
    "PH_OUTPUTS",
    "PT_OUTPUTS",
    "AmbiguousSaturationError",
    "IF97RangeError",
    "b23_pressure_pa",
    "if97_region",
    "props_ph",
    "props_pt",
    "saturation_pressure_pa",
    "saturation_temperature_c",
    "steam_quality",
    "superheat_k",
]

_BACKEND = "IF97::Water"
_KELVIN = 273.15

#: Critical temperature [K], IAPWS R7-97(2012) Eq. (2).
CRITICAL_TEMPERATURE_K = 647.096
#: Critical pressure [Pa] (22.064 MPa), IAPWS R7-97(2012) Eq. (3).
CRITICAL_PRESSURE_PA = 22.064e6
#: Lower temperature limit of IF97 [K] (R7-97(2012) section 1).
MIN_TEMPERATURE_K = 273.15
#: Upper temperature limit of regions 1–3 [K] (800 °C).
MAX_TEMPERATURE_K = 1073.15
#: Upper temperature limit of region 5 [K] (2000 °C).
MAX_TEMPERATURE_REGION5_K = 2273.15
#: Lowest pressure accepted [Pa]. IF97 region 2 extends to p → 0, but CoolProp's IF97 backend
#: rejects p < 611.213 Pa (the saturation pressure at 273.15 K), so this module does too.
MIN_PRESSURE_PA = 611.213
#: Upper pressure limit of regions 1–3 [Pa] (100 MPa).
MAX_PRESSURE_PA = 100e6
#: Upper pressure limit of region 5 [Pa] (50 MPa).
MAX_PRESSURE_REGION5_PA = 50e6
#: Lowest pressure of the saturation line [Pa]: p_s(273.15 K), where the IF97 backward saturation
#: equation (Eq. 31) starts (R7-97(2012) section 8.2).
MIN_SATURATION_PRESSURE_PA = 611.213

# Boundary between regions 2 and 3, R7-97(2012) Eqs. (5)-(6), Table 1 (p in MPa, T in K).
_B23_N = (
    0.34805185628969e3,
    -0.11671859879975e1,
    0.10192970039326e-2,
    0.57254459862746e3,
    0.13918839778870e2,
)
_T_REGION13_K = 623.15
_T_B23_MAX_K = 863.15

#: Quantities available from :func:`props_pt`, with their CoolProp output codes.
PT_OUTPUTS = {
    "density_kg_m3": "D",
    "enthalpy_j_kg": "H",
    "entropy_j_kgk": "S",
    "cp_j_kgk": "C",
    "viscosity_pa_s": "V",
    "conductivity_w_mk": "L",
    "internal_energy_j_kg": "U",
    "speed_of_sound_m_s": "A",
}
#: What :func:`props_pt` returns by default (``region`` and ``phase`` are always added).
DEFAULT_OUTPUTS = (
    "density_kg_m3",
    "enthalpy_j_kg",
    "entropy_j_kgk",
    "cp_j_kgk",
    "viscosity_pa_s",
    "conductivity_w_mk",
)
#: Quantities available from :func:`props_ph` (``region`` and ``phase`` are always added).
PH_OUTPUTS = ("temperature_c", "quality", *PT_OUTPUTS)
_PH_DEFAULT = ("temperature_c", "quality", *DEFAULT_OUTPUTS)
# Quantities with no single-phase meaning in the two-phase region (NaN there).
_NOT_TWO_PHASE = ("cp_j_kgk", "viscosity_pa_s", "conductivity_w_mk", "speed_of_sound_m_s")

_RANGE_TEXT = (
    "IAPWS-IF97 is valid for 0 °C ≤ t ≤ 800 °C at p ≤ 100 MPa and for 800 °C < t ≤ 2000 °C "
    "at p ≤ 50 MPa, and CoolProp's IF97 backend needs p ≥ 611.213 Pa"
)


class IF97RangeError(ValueError):
    """A state outside the range of validity of IAPWS-IF97 (or of the function asked)."""


class AmbiguousSaturationError(ValueError):
    """A (p, T) state on the saturation line, where p and T do not fix the phase."""


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _flat(func: str, **arrays: Any) -> tuple[tuple[int, ...], list[np.ndarray]]:
    """Broadcast the named inputs to float arrays, flatten them, and reject NaN/inf."""
    try:
        values = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in arrays.values()))
    except ValueError as exc:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"{func}: inputs cannot be broadcast together: {shapes}") from exc
    shape = values[0].shape
    flat = [np.ascontiguousarray(v).ravel() for v in values]
    for name, v in zip(arrays, flat, strict=True):
        bad = ~np.isfinite(v)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(
                f"{func}: {name}{_where(shape, i)} is {float(v[i])}; a finite number is required"
            )
    return shape, flat


def _where(shape: tuple[int, ...], i: int) -> str:
    if shape == () or (len(shape) == 1 and shape[0] == 1):
        return ""
    return f"[{', '.join(str(int(j)) for j in np.unravel_index(i, shape))}]"


def _count(mask: np.ndarray) -> str:
    n = int(mask.sum())
    return "" if mask.size <= 1 else f" ({n} of {mask.size} elements)"


def _shape_out(values: np.ndarray, shape: tuple[int, ...]) -> Any:
    out = values.reshape(shape)
    return out[()] if shape == () else out


def _coolprop(output: str, name1: str, value1: np.ndarray, name2: str, value2: np.ndarray):
    """CoolProp IF97 on 1-D arrays; failures come back as inf, which callers check."""
    if value1.size == 0:
        return np.empty(0)
    try:
        return np.asarray(CP.PropsSI(output, name1, value1, name2, value2, _BACKEND), dtype=float)
    except ValueError:  # CoolProp raises (instead of returning inf) for 1-element inputs
        return np.full(value1.shape, np.inf)


def _unique_pairs(a: np.ndarray, b: np.ndarray, deduplicate: bool):
    """Unique (a, b) pairs and the inverse index (identity when not deduplicating)."""
    if not deduplicate or a.size < 2:
        return a, b, None
    u, inverse = np.unique(a + 1j * b, return_inverse=True)
    if u.size == a.size:
        return a, b, None
    return np.ascontiguousarray(u.real), np.ascontiguousarray(u.imag), inverse


def _expand(values: np.ndarray, inverse: np.ndarray | None) -> np.ndarray:
    return values if inverse is None else values[inverse]


def _check_outputs(outputs: Sequence[str] | None, allowed: Sequence[str], default, func: str):
    if outputs is None:
        return tuple(default)
    if isinstance(outputs, str):
        outputs = ("all",) if outputs == "all" else (outputs,)
    if tuple(outputs) == ("all",):
        return tuple(allowed)
    unknown = [o for o in outputs if o not in allowed]
    if unknown:
        raise ValueError(
            f"{func}: unknown output(s) {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(allowed)} (or 'all')"
        )
    return tuple(outputs)


def _tsat_k(p: np.ndarray) -> np.ndarray:
    """Saturation temperature [K]; -inf below the triple-point pressure, nan at p ≥ p_c."""
    out = np.full(p.shape, np.nan)
    below = p < MIN_SATURATION_PRESSURE_PA
    out[below] = -np.inf
    sat = ~below & (p < CRITICAL_PRESSURE_PA)
    out[sat] = _coolprop("T", "P", p[sat], "Q", np.zeros(int(sat.sum())))
    return out


def b23_pressure_pa(temperature_k: Any) -> Any:
    """Pressure on the boundary between IF97 regions 2 and 3, p_B23(T) [Pa].

    Parameters
    ----------
    temperature_k : scalar or array
        Temperature [K], meaningful for 623.15 K ≤ T ≤ 863.15 K.

    Returns
    -------
    scalar or array
        Pressure [Pa].

    References
    ----------
    IAPWS R7-97(2012), Eq. (5) and Table 1 (check value p = 16.5291643 MPa at T = 623.15 K).
    """
    n1, n2, n3, _, _ = _B23_N
    t = np.asarray(temperature_k, dtype=float)
    return (n1 + n2 * t + n3 * t * t) * 1e6


def _region_from(p: np.ndarray, t_k: np.ndarray, tsat_k: np.ndarray) -> np.ndarray:
    liquid_side = (p >= CRITICAL_PRESSURE_PA) | (t_k < tsat_k)
    region = np.full(p.shape, 2, dtype=np.int8)
    region[(t_k <= _T_REGION13_K) & liquid_side] = 1
    mid = (t_k > _T_REGION13_K) & (t_k <= _T_B23_MAX_K)
    region[mid & (p > b23_pressure_pa(t_k))] = 3
    region[t_k > MAX_TEMPERATURE_K] = 5
    return region


def _phase_from(p: np.ndarray, t_k: np.ndarray, tsat_k: np.ndarray) -> np.ndarray:
    supercritical_p = p >= CRITICAL_PRESSURE_PA
    return np.where(
        supercritical_p,
        np.where(t_k >= CRITICAL_TEMPERATURE_K, "supercritical", "liquid"),
        np.where(t_k < tsat_k, "liquid", "vapour"),
    )


def _check_pt_range(func: str, shape, p: np.ndarray, t_k: np.ndarray) -> None:
    ok = (
        (p >= MIN_PRESSURE_PA)
        & (p <= MAX_PRESSURE_PA)
        & (t_k >= MIN_TEMPERATURE_K)
        & (t_k <= MAX_TEMPERATURE_REGION5_K)
        & ((t_k <= MAX_TEMPERATURE_K) | (p <= MAX_PRESSURE_REGION5_PA))
    )
    if not ok.all():
        bad = ~ok
        i = int(np.argmax(bad))
        raise IF97RangeError(
            f"{func}: the state{_where(shape, i)} at pressure_pa={p[i]:.6g} Pa and "
            f"temperature_c={t_k[i] - _KELVIN:.6g} °C is outside the range of validity"
            f"{_count(bad)}: {_RANGE_TEXT}"
        )


def _check_p_range(func: str, shape, p: np.ndarray) -> None:
    ok = (p >= MIN_PRESSURE_PA) & (p <= MAX_PRESSURE_PA)
    if not ok.all():
        bad = ~ok
        i = int(np.argmax(bad))
        raise IF97RangeError(
            f"{func}: pressure_pa{_where(shape, i)}={p[i]:.6g} Pa is outside the range of "
            f"validity{_count(bad)}: 611.213 Pa ≤ p ≤ 100 MPa ({_RANGE_TEXT})"
        )


# --------------------------------------------------------------------------------------------
# saturation
# --------------------------------------------------------------------------------------------


def saturation_temperature_c(pressure_pa: Any) -> Any:
    """Saturation temperature t_s(p) [°C] (IF97 region 4).

    Parameters
    ----------
    pressure_pa : scalar or array
        Pressure [Pa], 611.213 Pa ≤ p ≤ 22.064 MPa.

    Returns
    -------
    scalar or array
        Saturation temperature [°C].

    Raises
    ------
    IF97RangeError
        For a pressure outside the saturation line; the message names the element.

    References
    ----------
    IAPWS R7-97(2012), Eq. (31) (backward saturation-temperature equation); check values in
    Table 36.
    """
    shape, (p,) = _flat("saturation_temperature_c", pressure_pa=pressure_pa)
    bad = (p < MIN_SATURATION_PRESSURE_PA) | (p > CRITICAL_PRESSURE_PA)
    if bad.any():
        i = int(np.argmax(bad))
        raise IF97RangeError(
            f"saturation_temperature_c: pressure_pa{_where(shape, i)}={p[i]:.6g} Pa is outside "
            f"the saturation line{_count(bad)}: allowed {MIN_SATURATION_PRESSURE_PA} Pa ≤ p ≤ "
            f"{CRITICAL_PRESSURE_PA:.6g} Pa (triple point to critical point)"
        )
    return _shape_out(_coolprop("T", "P", p, "Q", np.zeros(p.size)) - _KELVIN, shape)


def saturation_pressure_pa(temperature_c: Any) -> Any:
    """Saturation pressure p_s(t) [Pa] (IF97 region 4).

    Parameters
    ----------
    temperature_c : scalar or array
        Temperature [°C], 0 °C ≤ t ≤ 373.946 °C (273.15 K to the critical 647.096 K).

    Returns
    -------
    scalar or array
        Saturation pressure [Pa].

    References
    ----------
    IAPWS R7-97(2012), Eq. (30) (basic saturation-pressure equation); check values in Table 35.
    """
    shape, (t_c,) = _flat("saturation_pressure_pa", temperature_c=temperature_c)
    t_k = t_c + _KELVIN
    bad = (t_k < MIN_TEMPERATURE_K) | (t_k > CRITICAL_TEMPERATURE_K)
    if bad.any():
        i = int(np.argmax(bad))
        raise IF97RangeError(
            f"saturation_pressure_pa: temperature_c{_where(shape, i)}={t_c[i]:.6g} °C is outside "
            f"the saturation line{_count(bad)}: allowed 0 °C ≤ t ≤ "
            f"{CRITICAL_TEMPERATURE_K - _KELVIN:.3f} °C"
        )
    return _shape_out(_coolprop("P", "T", t_k, "Q", np.zeros(t_k.size)), shape)


def superheat_k(pressure_pa: Any, temperature_c: Any) -> Any:
    """Degree of superheat t − t_s(p) [K]; negative values are subcooling.

    Parameters
    ----------
    pressure_pa : scalar or array
        Pressure [Pa], 611.213 Pa ≤ p < 22.064 MPa (no saturation above the critical pressure).
    temperature_c : scalar or array
        Temperature [°C].

    Returns
    -------
    scalar or array
        Superheat [K].

    References
    ----------
    IAPWS R7-97(2012), Eq. (31).
    """
    shape, (p, t_c) = _flat("superheat_k", pressure_pa=pressure_pa, temperature_c=temperature_c)
    tsat_c = saturation_temperature_c(p)
    return _shape_out(t_c - np.asarray(tsat_c), shape)


def _saturation_props(p: np.ndarray, names: Sequence[str]) -> dict[str, np.ndarray]:
    """Saturated liquid (…_f) and vapour (…_g) properties for 1-D p in the saturation range."""
    out: dict[str, np.ndarray] = {}
    for q, suffix in ((0.0, "f"), (1.0, "g")):
        quality = np.full(p.size, q)
        for name in names:
            out[f"{name}_{suffix}"] = _coolprop(PT_OUTPUTS[name], "P", p, "Q", quality)
    return out


def steam_quality(pressure_pa: Any, enthalpy_j_kg: Any) -> Any:
    """Thermodynamic (equilibrium) quality x = (h − h') / (h'' − h') [-].

    Not clipped: x < 0 means subcooled liquid and x > 1 superheated vapour, so the value also
    measures how far a state is from saturation. Clip to [0, 1] for the vapour mass fraction of
    a wet mixture (as :func:`props_ph` does).

    Parameters
    ----------
    pressure_pa : scalar or array
        Pressure [Pa], 611.213 Pa ≤ p < 22.064 MPa.
    enthalpy_j_kg : scalar or array
        Specific enthalpy [J/kg].

    Returns
    -------
    scalar or array
        Quality [-].

    References
    ----------
    IAPWS R7-97(2012): h' and h'' from regions 1 and 2 at the saturation temperature (Eq. 31).
    """
    shape, (p, h) = _flat("steam_quality", pressure_pa=pressure_pa, enthalpy_j_kg=enthalpy_j_kg)
    bad = (p < MIN_SATURATION_PRESSURE_PA) | (p >= CRITICAL_PRESSURE_PA)
    if bad.any():
        i = int(np.argmax(bad))
        raise IF97RangeError(
            f"steam_quality: pressure_pa{_where(shape, i)}={p[i]:.6g} Pa has no liquid–vapour "
            f"equilibrium{_count(bad)}: allowed {MIN_SATURATION_PRESSURE_PA} Pa ≤ p < "
            f"{CRITICAL_PRESSURE_PA:.6g} Pa"
        )
    sat = _saturation_props(p, ("enthalpy_j_kg",))
    hf, hg = sat["enthalpy_j_kg_f"], sat["enthalpy_j_kg_g"]
    return _shape_out((h - hf) / (hg - hf), shape)


def if97_region(pressure_pa: Any, temperature_c: Any) -> Any:
    """IF97 region (1 liquid, 2 vapour, 3 near-critical, 5 high-temperature) of (p, T) states.

    Region 4 (two-phase) is reported by :func:`props_ph`; a (p, T) pair exactly on the
    saturation line is classed as region 1 here (CoolProp's convention).

    References
    ----------
    IAPWS R7-97(2012), section 4 and Figure 1; region 2/3 boundary Eq. (5).
    """
    shape, (p, t_c) = _flat("if97_region", pressure_pa=pressure_pa, temperature_c=temperature_c)
    t_k = t_c + _KELVIN
    _check_pt_range("if97_region", shape, p, t_k)
    return _shape_out(_region_from(p, t_k, _tsat_k(p)), shape)


# --------------------------------------------------------------------------------------------
# (p, T) and (p, h) entries
# --------------------------------------------------------------------------------------------


def props_pt(
    pressure_pa: Any,
    temperature_c: Any,
    *,
    outputs: Sequence[str] | str | None = None,
    saturation_tolerance_k: float = 1e-6,
    deduplicate: bool = True,
) -> dict[str, Any]:
    """Single-phase water and steam properties at given pressure and temperature (IF97).

    Parameters
    ----------
    pressure_pa : scalar or array
        Pressure [Pa].
    temperature_c : scalar or array
        Temperature [°C]; broadcast against ``pressure_pa``.
    outputs : sequence of str, 'all' or None
        Which quantities to compute (keys of :data:`PT_OUTPUTS`); default
        :data:`DEFAULT_OUTPUTS`. Thermal conductivity is the slowest (≈ 0.2 M states/s); leave it
        out when it is not needed.
    saturation_tolerance_k : float
        A state within this distance [K] of the saturation temperature at its pressure is
        ambiguous (liquid or vapour?) and raises :class:`AmbiguousSaturationError`.
    deduplicate : bool
        Evaluate repeated (p, T) pairs once (a large saving on series with repeated states; the
        sort costs a few per cent on all-distinct inputs).

    Returns
    -------
    dict
        ``density_kg_m3`` [kg/m³], ``enthalpy_j_kg`` [J/kg], ``entropy_j_kgk`` [J/(kg K)],
        ``cp_j_kgk`` [J/(kg K)], ``viscosity_pa_s`` [Pa s], ``conductivity_w_mk`` [W/(m K)]
        (optionally ``internal_energy_j_kg``, ``speed_of_sound_m_s``), plus ``region`` (IF97
        region 1, 2, 3 or 5) and ``phase`` ('liquid', 'vapour' or 'supercritical'; compressed
        liquid above the critical pressure is 'liquid'). Arrays have the broadcast shape of the
        inputs; scalar inputs give scalars.

    Raises
    ------
    IF97RangeError
        For a state outside IF97's range; the message names the first such element, its value,
        and how many elements are out of range.
    AmbiguousSaturationError
        For a state on the saturation line (use :func:`props_ph`, where the enthalpy fixes the
        quality).
    ValueError
        For NaN/inf inputs or unknown outputs.

    References
    ----------
    IAPWS R7-97(2012) (thermodynamic properties), R12-08 (viscosity), R15-11 (thermal
    conductivity); evaluated by CoolProp's IF97 backend (Bell et al. 2014).
    """
    func = "props_pt"
    names = _check_outputs(outputs, tuple(PT_OUTPUTS), DEFAULT_OUTPUTS, func)
    shape, (p, t_c) = _flat(func, pressure_pa=pressure_pa, temperature_c=temperature_c)
    t_k = t_c + _KELVIN
    _check_pt_range(func, shape, p, t_k)
    pu, tu, inverse = _unique_pairs(p, t_k, deduplicate)
    tsat = _tsat_k(pu)
    on_line = np.abs(tu - tsat) <= saturation_tolerance_k
    if on_line.any():
        j = int(np.argmax(on_line))
        i = j if inverse is None else int(np.argmax(inverse == j))
        raise AmbiguousSaturationError(
            f"{func}: the state{_where(shape, i)} at pressure_pa={pu[j]:.6g} Pa and "
            f"temperature_c={tu[j] - _KELVIN:.9g} °C lies on the saturation line (t_s = "
            f"{tsat[j] - _KELVIN:.9g} °C, within {saturation_tolerance_k:g} K), where pressure "
            "and temperature do not fix the phase; use props_ph (the enthalpy fixes the "
            "quality) or move the temperature off t_s"
        )
    out: dict[str, Any] = {}
    for name in names:
        values = _coolprop(PT_OUTPUTS[name], "P", pu, "T", tu)
        bad = ~np.isfinite(values)
        if bad.any():
            j = int(np.argmax(bad))
            raise IF97RangeError(
                f"{func}: CoolProp's IF97 backend could not evaluate {name} at "
                f"pressure_pa={pu[j]:.6g} Pa, temperature_c={tu[j] - _KELVIN:.6g} °C"
            )
        out[name] = _shape_out(_expand(values, inverse), shape)
    out["region"] = _shape_out(_expand(_region_from(pu, tu, tsat), inverse), shape)
    out["phase"] = _shape_out(_expand(_phase_from(pu, tu, tsat), inverse), shape)
    return out


def _h_pt(p: np.ndarray, t_k: np.ndarray) -> np.ndarray:
    return _coolprop("H", "P", p, "T", t_k)


def _invert_h(p, h, t_lo, t_hi, guess) -> np.ndarray:
    """Solve h(p, T) = h for T in [t_lo, t_hi] (1-D arrays), consistent with the forward
    equations: Newton steps on the (p, T) equations from ``guess``, with bisection where the
    guess is missing or Newton does not converge."""
    t = np.where(np.isfinite(guess) & (guess >= t_lo) & (guess <= t_hi), guess, np.nan)
    todo = np.isnan(t)
    if todo.any():  # vectorised bisection for elements without a usable guess
        lo, hi = t_lo[todo].copy(), t_hi[todo].copy()
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            above = _h_pt(p[todo], mid) > h[todo]
            hi = np.where(above, mid, hi)
            lo = np.where(above, lo, mid)
        t[todo] = 0.5 * (lo + hi)
    tol = 1e-11 * np.maximum(np.abs(h), 1e5)
    for _ in range(8):
        hv = _h_pt(p, t)
        cp = _coolprop("C", "P", p, "T", t)
        err = hv - h
        if np.all(np.abs(err) <= tol):
            break
        t = np.clip(t - err / cp, t_lo, t_hi)
    return t


def props_ph(
    pressure_pa: Any,
    enthalpy_j_kg: Any,
    *,
    outputs: Sequence[str] | str | None = None,
    deduplicate: bool = True,
) -> dict[str, Any]:
    """Water and steam properties at given pressure and enthalpy, including wet steam (IF97).

    In the two-phase region (IF97 region 4) the state is a homogeneous mixture at the
    saturation temperature: quality x = (h − h') / (h'' − h'), specific volume
    v = x v'' + (1 − x) v' (so ``density_kg_m3`` is the mixture density), s = s' + x (s'' − s'),
    u = h − p v. c_p, viscosity, conductivity and the speed of sound have no single-phase
    meaning there and are NaN.

    Outside the two-phase region the temperature is found from the IF97 backward equation
    T(p, h) (CoolProp) and refined by Newton iteration on the forward (p, T) equations until
    h(p, T) matches to ~1e-11 relative, so the result equals :func:`props_pt` at that
    temperature (the backward equations alone are consistent only to ≈ 25 mK; R7-97(2012)
    section 5.2.3). Where the backward equation fails (some region-3 states) the temperature
    is bracketed by bisection first.

    Parameters
    ----------
    pressure_pa : scalar or array
        Pressure [Pa], 611.213 Pa ≤ p ≤ 100 MPa.
    enthalpy_j_kg : scalar or array
        Specific enthalpy [J/kg], between h(p, 0 °C) and h(p, 800 °C) (h(p, 2000 °C) where
        p ≤ 50 MPa).
    outputs : sequence of str, 'all' or None
        Subset of :data:`PH_OUTPUTS`; default ``temperature_c``, ``quality`` and
        :data:`DEFAULT_OUTPUTS`.
    deduplicate : bool
        Evaluate repeated (p, h) pairs once.

    Returns
    -------
    dict
        ``temperature_c`` [°C]; ``quality`` [-] (0 for liquid, 1 for vapour, the vapour mass
        fraction in between, NaN above the critical pressure); the requested properties as in
        :func:`props_pt`; ``region`` (4 for two-phase states) and ``phase`` ('liquid',
        'two_phase', 'vapour', 'supercritical').

    Raises
    ------
    IF97RangeError
        For a pressure or enthalpy outside IF97's range; the message names the element and the
        enthalpy bounds at its pressure.

    References
    ----------
    IAPWS R7-97(2012): regions 1, 2, 3, 5 and the saturation line (region 4), backward
    equations T(p, h) (Eqs. 11, 22–24); IAPWS SR3-03(2014) for T(p, h) in region 3.
    """
    func = "props_ph"
    names = _check_outputs(outputs, PH_OUTPUTS, _PH_DEFAULT, func)
    shape, (p, h) = _flat(func, pressure_pa=pressure_pa, enthalpy_j_kg=enthalpy_j_kg)
    _check_p_range(func, shape, p)
    pu, hu, inverse = _unique_pairs(p, h, deduplicate)
    n = pu.size

    t_max = np.where(pu <= MAX_PRESSURE_REGION5_PA, MAX_TEMPERATURE_REGION5_K, MAX_TEMPERATURE_K)
    t_min = np.full(n, MIN_TEMPERATURE_K)
    h_min, h_max = _h_pt(pu, t_min), _h_pt(pu, t_max)
    bad = (hu < h_min) | (hu > h_max)
    if bad.any():
        j = int(np.argmax(bad))
        i = j if inverse is None else int(np.argmax(inverse == j))
        raise IF97RangeError(
            f"{func}: enthalpy_j_kg{_where(shape, i)}={hu[j]:.9g} J/kg at pressure_pa="
            f"{pu[j]:.6g} Pa is outside the range of validity{_count(bad)}: allowed "
            f"{h_min[j]:.9g} J/kg (0 °C) ≤ h ≤ {h_max[j]:.9g} J/kg "
            f"({t_max[j] - _KELVIN:.0f} °C) at that pressure"
        )

    sat_p = (pu >= MIN_SATURATION_PRESSURE_PA) & (pu < CRITICAL_PRESSURE_PA)
    tsat = np.full(n, np.nan)
    hf = np.full(n, np.nan)
    hg = np.full(n, np.nan)
    sp = pu[sat_p]
    tsat[sat_p] = _coolprop("T", "P", sp, "Q", np.zeros(sp.size))
    hf[sat_p] = _coolprop("H", "P", sp, "Q", np.zeros(sp.size))
    hg[sat_p] = _coolprop("H", "P", sp, "Q", np.ones(sp.size))
    two = sat_p & (hu >= hf) & (hu <= hg)
    liquid = sat_p & (hu < hf)
    vapour = sat_p & (hu > hg)
    single = ~two

    # single phase: T consistent with the forward equations
    t_k = np.full(n, np.nan)
    if single.any():
        lo, hi = t_min.copy(), t_max.copy()
        # stay strictly on the state's side of the saturation line
        hi[liquid] = tsat[liquid] * (1 - 1e-10)
        lo[vapour] = tsat[vapour] * (1 + 1e-10)
        ps, hs = pu[single], hu[single]
        guess = _coolprop("T", "P", ps, "H", hs)
        t_k[single] = _invert_h(ps, hs, lo[single], hi[single], guess)
    t_k[two] = tsat[two]

    quality = np.where(liquid, 0.0, np.where(vapour, 1.0, np.nan))
    xw = (hu[two] - hf[two]) / (hg[two] - hf[two])
    quality[two] = xw
    quality[~sat_p & (pu < MIN_SATURATION_PRESSURE_PA)] = 1.0

    out: dict[str, Any] = {}
    props = [nm for nm in names if nm in PT_OUTPUTS]
    sat_needed = [nm for nm in ("density_kg_m3", "entropy_j_kgk") if nm in props]
    if "internal_energy_j_kg" in props and "density_kg_m3" not in sat_needed:
        sat_needed.append("density_kg_m3")
    satv = _saturation_props(pu[two], sat_needed) if two.any() else {}
    for name in names:
        if name == "temperature_c":
            values = t_k - _KELVIN
        elif name == "quality":
            values = quality
        else:
            values = np.full(n, np.nan)
            if single.any():
                values[single] = _coolprop(PT_OUTPUTS[name], "P", pu[single], "T", t_k[single])
            if two.any():
                if name == "enthalpy_j_kg":
                    values[two] = hu[two]
                elif name == "density_kg_m3":
                    values[two] = 1.0 / (
                        xw / satv["density_kg_m3_g"] + (1 - xw) / satv["density_kg_m3_f"]
                    )
                elif name == "entropy_j_kgk":
                    sf, sg = satv["entropy_j_kgk_f"], satv["entropy_j_kgk_g"]
                    values[two] = sf + xw * (sg - sf)
                elif name == "internal_energy_j_kg":
                    v_mix = xw / satv["density_kg_m3_g"] + (1 - xw) / satv["density_kg_m3_f"]
                    values[two] = hu[two] - pu[two] * v_mix
            bad = single & ~np.isfinite(values)
            if bad.any():
                j = int(np.argmax(bad))
                raise IF97RangeError(
                    f"{func}: CoolProp's IF97 backend could not evaluate {name} at "
                    f"pressure_pa={pu[j]:.6g} Pa, temperature_c={t_k[j] - _KELVIN:.6g} °C"
                )
        out[name] = _shape_out(_expand(values, inverse), shape)

    tsat_for_phase = np.where(pu < MIN_SATURATION_PRESSURE_PA, -np.inf, tsat)
    region = _region_from(pu, t_k, tsat_for_phase)
    region[two] = 4
    phase = _phase_from(pu, t_k, tsat_for_phase).astype("<U13")
    phase[liquid] = "liquid"
    phase[vapour] = "vapour"
    phase[two] = "two_phase"
    out["region"] = _shape_out(_expand(region, inverse), shape)
    out["phase"] = _shape_out(_expand(phase, inverse), shape)
    return out
