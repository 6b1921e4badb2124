"""Fuel, crude-oil and CO2 savings of supplying power-station steam instead of on-site boilers.

The Kawasaki Steam Net (川崎スチームネット) sends steam from the TEPCO Kawasaki combined-cycle
station to ten factories that used to raise it in their own gas and heavy-oil boilers. The city
reports ~11,000 kL crude-oil equivalent and ~25,000 t CO2 saved a year. This module rebuilds that
figure from physics and states every assumption, so that one can see which assumptions it rests on.

The model, per year (``m`` = steam mass):

==============================  ==============================================================
heat delivered                  ``Q = m (h_supply - h_feed)``, IF97 enthalpies
avoided boiler fuel             ``F_b = Q / eta_boiler``, split by ``fuel_mix`` (energy shares)
network heat loss               ``F_l = Q_loss / eta_boiler``: boiler fuel no longer avoided
lost generation                 ``W = m eta_is (h_ext - h_s(p_cond, s_ext)) eta_gen``
make-up fuel at the station     ``F_m = W / eta_marginal`` (x HHV/LHV for an LHV efficiency)
net saving                      ``F_b - F_l - F_m``; x 0.0258 kL/GJ; CO2 with each fuel's factor
==============================  ==============================================================

Avoided boiler fuel alone is two to three times the claim: the steam was not free, because the
power station loses the work that the extracted steam would have done in its low-pressure turbine,
and other plant must burn fuel to make that electricity up (shared/reference/domain-notes.md, Heat
networks). Which extraction state, marginal efficiency, boiler efficiency and fuel mix bring the
net figure to the claim is what :func:`sensitivity` and :func:`reproducing_sets` explore.

Conventions: energies in GJ on the **higher** heating value (HHV) basis of the Japanese statutory
factors (``factor_set="japan"``); boiler efficiencies on the same basis as the factor set; the
marginal plant efficiency on the basis given by ``efficiency_basis`` (Japanese utilities quote
combined-cycle efficiencies on the LHV basis). Factors come from ``datasets/japan_fuel_factors.yaml``
through :func:`kgi_lab.datasets.load`, so their SHA-256 is checked.

References
----------
.. [1] W. Wagner et al., "The IAPWS Industrial Formulation 1997 for the Thermodynamic Properties of
   Water and Steam", J. Eng. Gas Turbines Power 122 (2000) 150-184, doi:10.1115/1.483186.
.. [2] I. H. Bell, J. Wronski, S. Quoilin, V. Lemort, "Pure and Pseudo-pure Fluid Thermophysical
   Property Evaluation and the Open-Source Thermophysical Property Library CoolProp", Ind. Eng.
   Chem. Res. 53 (2014) 2498-2508, doi:10.1021/ie4033999 (IF97 backend).
.. [3] Japanese statutory heating values and carbon factors (省エネ法施行規則 別表第1; 算定省令
   別表第1, 2010 edition), crude-oil equivalent 0.0258 kL/GJ: see the dataset header and
   shared/reference/kawasaki-facts.md §6b.
.. [4] Kawasaki Steam Net facts and the claim: datasets/kawasaki_steam_net.yaml (facts section),
   shared/reference/kawasaki-facts.md §6; City of Kawasaki, Green Innovation Promotion Policy
   (2014).
.. [5] R. Kehlhofer, F. Hannemann, F. Stirnimann, B. Rukes, Combined-Cycle Gas & Steam Turbine
   Power Plants, 3rd ed., PennWell (2009): typical condenser pressures, steam-turbine and generator
   efficiencies (the defaults here are assumptions within those typical ranges).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from kgi_lab.units import KL_CRUDE_OIL_PER_GJ, MJ_PER_KWH

__all__ = [
    "SPRAY_WATER_TEMPERATURE_C",
    "extracted_steam_t_per_year",
    "CLAIM",
    "DEFAULT_FUEL_MIX",
    "DEFAULT_GRID",
    "FACTOR_DATASET",
    "RECONSTRUCTION_SETS",
    "FuelUse",
    "avoided_boiler_fuel",
    "claim_grid",
    "electricity_factors",
    "fuel_factors",
    "grid_makeup",
    "known_fuels",
    "lost_generation_mwh",
    "makeup_fuel",
    "net_savings",
    "reconstruction_table",
    "reproducing_sets",
    "savings_waterfall",
    "sensitivity",
    "steam_heat_delivered_gj",
]

#: Catalogue id of the fuel-factor table.
FACTOR_DATASET = "japan_fuel_factors"

#: The published claim (kawasaki-facts §6; 2014 Green Innovation Promotion Policy): the same
#: totals were given for the 2006 plan (300,000 t/yr) and the 2014 volume (400,000 t/yr).
CLAIM = {"crude_oil_kl": 11_000.0, "co2_t": 25_000.0, "steam_t_per_year": (300_000, 400_000)}

#: Default boiler fuel mix (energy shares) of the customers' former boilers: "gas or heavy oil"
#: (kawasaki-facts §6, trims); the split itself is an assumption.
DEFAULT_FUEL_MIX = {"city_gas_13a": 0.6, "heavy_oil_a": 0.4}

_WATER = "IF97::Water"
_TRIPLE_POINT_PA = 611.657  # IAPWS-IF97 lower pressure limit of the saturation line [1]
_GJ_PER_MWH = MJ_PER_KWH  # 1 MWh = 3.6 GJ

# --------------------------------------------------------------------------------------------------
# factors


def _factors_doc() -> dict[str, Any]:
    from kgi_lab import datasets

    return datasets.load(FACTOR_DATASET)


@lru_cache(maxsize=8)
def _fuel_table(factor_set: str) -> pd.DataFrame:
    doc = _factors_doc()
    sets = doc["factor_sets"]
    if factor_set not in sets:
        raise ValueError(f"factor_set '{factor_set}' is unknown; known sets: {', '.join(sets)}")
    entry = sets[factor_set]
    rows = []
    for name, fuel in entry["fuels"].items():
        rows.append(
            {
                "fuel": name,
                "name": fuel.get("name", name),
                "name_ja": fuel.get("name_ja", ""),
                "unit": fuel["unit"],
                "heating_value_gj_per_unit": float(fuel["heating_value_gj_per_unit"]),
                "carbon_t_per_gj": float(fuel["carbon_t_per_gj"]),
                "co2_t_per_gj": float(fuel["co2_t_per_gj"]),
                "hhv_per_lhv": float(fuel.get("hhv_per_lhv", math.nan)),
                "basis": entry["basis"],
                "quality": fuel.get("quality", ""),
                "source": fuel.get("carbon_source") or fuel.get("source", ""),
            }
        )
    table = pd.DataFrame(rows).set_index("fuel")
    table["co2_t_per_unit"] = table["co2_t_per_gj"] * table["heating_value_gj_per_unit"]
    table.attrs["factor_set"] = factor_set
    table.attrs["basis"] = entry["basis"]
    table.attrs["description"] = " ".join(str(entry.get("description", "")).split())
    return table


def fuel_factors(factor_set: str = "japan") -> pd.DataFrame:
    """Heating values and CO2 factors of one factor set, one row per fuel.

    Parameters
    ----------
    factor_set : {"japan", "japan_current", "ipcc_2006"}
        ``"japan"``: statutory factors in force around 2006-2010 (HHV basis; default).
        ``"japan_current"``: the current 算定省令 table (HHV; quality C, see the dataset).
        ``"ipcc_2006"``: IPCC 2006 defaults for the partner cities (NCV basis).

    Returns
    -------
    pandas.DataFrame
        Index ``fuel``; columns ``name``, ``name_ja``, ``unit``, ``heating_value_gj_per_unit``
        [GJ/unit], ``carbon_t_per_gj`` [t-C/GJ], ``co2_t_per_gj`` [t-CO2/GJ], ``co2_t_per_unit``
        [t-CO2/unit], ``hhv_per_lhv`` [-], ``basis`` (HHV or NCV), ``quality``, ``source``.

    References
    ----------
    .. [1] datasets/japan_fuel_factors.yaml (sources per value); kawasaki-facts.md §6b;
       partner-cities.md §6 (IPCC 2006 Vol. 2 Ch. 1 Tables 1.2-1.4).
    """
    return _fuel_table(factor_set).copy()


def known_fuels(factor_set: str = "japan") -> tuple[str, ...]:
    """Fuel names accepted by :func:`avoided_boiler_fuel` and :func:`makeup_fuel`."""
    return tuple(_fuel_table(factor_set).index)


def electricity_factors() -> dict[str, Any]:
    """Primary-energy and grid-CO2 factors of electricity (the dataset's ``electricity`` section).

    Returns a dict with ``primary_energy_gj_per_mwh`` (daytime 9.97, night 9.28 GJ/MWh, 省エネ法)
    and ``grid_co2_t_per_mwh`` (``{key: {value, quality, source}}``, e.g. ``japan_national_fy2024``
    = 0.423 t-CO2/MWh).
    """
    return _factors_doc()["electricity"]


def _fuel_row(fuel: str, factor_set: str, what: str) -> pd.Series:
    table = _fuel_table(factor_set)
    if fuel not in table.index:
        raise ValueError(
            f"unknown fuel '{fuel}' in {what}; known fuels ({factor_set}): {', '.join(table.index)}"
        )
    return table.loc[fuel]


# --------------------------------------------------------------------------------------------------
# validation


def _as_float_array(value: Any, name: str) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from None


def _check_efficiency(value: Any, name: str) -> None:
    arr = _as_float_array(value, name)
    bad = ~((arr > 0.0) & (arr <= 1.0))
    if np.any(bad):
        first = arr[bad].flat[0] if arr.ndim else float(arr)
        raise ValueError(f"{name} = {first:g} is outside the allowed range (0, 1]")


def _check_non_negative(value: Any, name: str, unit: str) -> None:
    arr = _as_float_array(value, name)
    bad = ~(arr >= 0.0)
    if np.any(bad):
        first = arr[bad].flat[0] if arr.ndim else float(arr)
        raise ValueError(f"{name} = {first:g} {unit} must be >= 0 (and not NaN)")


def _check_positive(value: Any, name: str, unit: str) -> None:
    arr = _as_float_array(value, name)
    bad = ~(arr > 0.0)
    if np.any(bad):
        first = arr[bad].flat[0] if arr.ndim else float(arr)
        raise ValueError(f"{name} = {first:g} {unit} must be > 0")


def _check_fraction(value: Any, name: str) -> None:
    arr = _as_float_array(value, name)
    bad = ~((arr >= 0.0) & (arr <= 1.0))
    if np.any(bad):
        first = arr[bad].flat[0] if arr.ndim else float(arr)
        raise ValueError(f"{name} = {first:g} is outside the allowed range [0, 1]")


# --------------------------------------------------------------------------------------------------
# IF97 helpers (numpy broadcasting; CoolProp evaluates flat arrays)


def _props(output: str, name1: str, value1: Any, name2: str, value2: Any) -> np.ndarray:
    import CoolProp.CoolProp as CP

    a, b = np.broadcast_arrays(np.asarray(value1, dtype=float), np.asarray(value2, dtype=float))
    if a.size == 0:
        return np.empty(a.shape)
    ok = np.isfinite(a) & np.isfinite(b)
    out = np.full(a.shape, np.nan)
    if np.any(ok):
        vals = CP.PropsSI(output, name1, a[ok], name2, b[ok], _WATER)
        out[ok] = np.asarray(vals, dtype=float)
    out[~np.isfinite(out)] = np.nan
    return out


def _saturation_temperature_c(pressure_pa: Any) -> np.ndarray:
    return _props("T", "P", pressure_pa, "Q", 1.0) - 273.15


def _steam_enthalpy(pressure_pa: Any, temperature_c: Any) -> np.ndarray:
    """Specific enthalpy [J/kg] of steam; NaN temperature means dry saturated vapour."""
    p, t = np.broadcast_arrays(np.asarray(pressure_pa, float), np.asarray(temperature_c, float))
    sat = np.isnan(t)
    h = _props("H", "P", p, "T", np.where(sat, np.nan, t + 273.15))
    if np.any(sat):
        h = np.where(sat, _props("H", "P", p, "Q", 1.0), h)
    return h


def _none_to_nan(value: Any) -> Any:
    return np.nan if value is None else value


def _check_steam_state(pressure_pa: Any, temperature_c: Any, p_name: str, t_name: str) -> None:
    t = _as_float_array(temperature_c, t_name)
    t_sat = _saturation_temperature_c(pressure_pa)
    t_b, t_sat_b = np.broadcast_arrays(t, t_sat)
    below = np.isfinite(t_b) & (t_b < t_sat_b - 1e-9)
    if np.any(below):
        i = np.flatnonzero(below)[0]
        p_b = np.broadcast_to(np.asarray(pressure_pa, float), t_b.shape).flat[i]
        raise ValueError(
            f"{t_name} = {t_b.flat[i]:g} °C is below the saturation temperature "
            f"{t_sat_b.flat[i]:.1f} °C at {p_name} = {p_b / 1e6:g} MPa: the steam must be saturated "
            f"or superheated (>= {t_sat_b.flat[i]:.1f} °C; pass None for dry saturated steam)"
        )


def _check_liquid(pressure_pa: Any, temperature_c: Any, name: str) -> None:
    t = _as_float_array(temperature_c, name)
    t_sat = _saturation_temperature_c(pressure_pa)
    t_b, t_sat_b = np.broadcast_arrays(t, t_sat)
    bad = ~((t_b > 0.0) & (t_b < t_sat_b))
    if np.any(bad):
        i = np.flatnonzero(bad)[0]
        raise ValueError(
            f"{name} = {t_b.flat[i]:g} °C is outside the liquid range (0, {t_sat_b.flat[i]:.1f}) °C "
            "at the supply pressure"
        )


# --------------------------------------------------------------------------------------------------
# heat delivered


def _feed_enthalpy(p_pa, fraction, t_cond_c, t_fw_c):
    fraction = np.asarray(fraction, float)
    h_cond = _props("H", "P", p_pa, "T", np.asarray(t_cond_c, float) + 273.15)
    h_fw = _props("H", "P", p_pa, "T", np.asarray(t_fw_c, float) + 273.15)
    # a stream with zero weight contributes nothing, even where its state is not liquid
    return np.where(fraction > 0, fraction * h_cond, 0.0) + np.where(
        fraction < 1, (1.0 - fraction) * h_fw, 0.0
    )


def _heat_gj(m_t, p_mpa, t_c, fraction, t_cond_c, t_fw_c):
    p_pa = np.asarray(p_mpa, float) * 1e6
    dh = _steam_enthalpy(p_pa, t_c) - _feed_enthalpy(p_pa, fraction, t_cond_c, t_fw_c)
    return np.asarray(m_t, float) * dh / 1e6  # t x 1000 kg/t x J/kg / 1e9 J/GJ


def steam_heat_delivered_gj(
    steam_t_per_year: Any,
    supply_pressure_mpa: Any,
    supply_temperature_c: Any = None,
    return_condensate_fraction: Any = 0.0,
    condensate_return_temperature_c: Any = 80.0,
    feedwater_temperature_c: Any = 20.0,
) -> Any:
    """Useful heat of the supplied steam: what the customers' own boilers would have had to add.

    ``Q = m (h(p, T) - h_feed)`` with ``h_feed = r h_l(p, T_cond) + (1 - r) h_l(p, T_fw)``: the
    customer's former boiler raised the same steam from a feed of returned condensate (fraction
    ``r``) and make-up water, both compressed to the supply pressure. IAPWS-IF97 enthalpies [1]_
    through CoolProp [2]_. Broadcasts over numpy arrays.

    Parameters
    ----------
    steam_t_per_year : float or array
        Steam supplied [t/yr] (>= 0).
    supply_pressure_mpa : float or array
        Absolute steam pressure [MPa].
    supply_temperature_c : float, array or None
        Steam temperature [°C], at or above saturation; ``None`` (or NaN) = dry saturated steam.
    return_condensate_fraction : float or array, default 0
        Fraction of the steam mass the customer returned as condensate to its boiler [-], in
        [0, 1]. 0 = all feed is make-up water (the largest avoided heat).
    condensate_return_temperature_c : float, default 80
        Temperature of returned condensate [°C] (assumed: vented atmospheric return).
    feedwater_temperature_c : float, default 20
        Make-up water temperature [°C] (reference state; kawasaki-facts §6 uses ~20 °C).

    Returns
    -------
    float or numpy.ndarray
        Heat [GJ/yr].

    Raises
    ------
    ValueError
        Negative steam, non-positive pressure, a supply temperature below saturation, a fraction
        outside [0, 1], or a feed temperature outside the liquid range.

    Notes
    -----
    The reference is the feed water, not 0 °C: with 20 °C make-up water, 1.5 MPa / 280 °C steam
    carries 2.908 GJ/t of useful heat. Heat lost in the network is not subtracted here (see
    :func:`net_savings`).

    References
    ----------
    .. [1] Wagner et al. (2000), IAPWS-IF97, doi:10.1115/1.483186.
    .. [2] Bell et al. (2014), CoolProp, doi:10.1021/ie4033999.
    """
    _check_non_negative(steam_t_per_year, "steam_t_per_year", "t/yr")
    _check_positive(supply_pressure_mpa, "supply_pressure_mpa", "MPa")
    _check_fraction(return_condensate_fraction, "return_condensate_fraction")
    t_s = _none_to_nan(supply_temperature_c)
    p_pa = _as_float_array(supply_pressure_mpa, "supply_pressure_mpa") * 1e6
    _check_steam_state(p_pa, t_s, "supply_pressure_mpa", "supply_temperature_c")
    if np.any(np.asarray(return_condensate_fraction, float) > 0):
        _check_liquid(p_pa, condensate_return_temperature_c, "condensate_return_temperature_c")
    if np.any(np.asarray(return_condensate_fraction, float) < 1):
        _check_liquid(p_pa, feedwater_temperature_c, "feedwater_temperature_c")
    q = _heat_gj(
        steam_t_per_year,
        supply_pressure_mpa,
        t_s,
        np.asarray(return_condensate_fraction, float),
        condensate_return_temperature_c,
        feedwater_temperature_c,
    )
    return float(q) if np.ndim(q) == 0 else q


# --------------------------------------------------------------------------------------------------
# fuel use


@dataclass(frozen=True)
class FuelUse:
    """Fuel burnt (or avoided), by fuel, with its crude-oil equivalent and CO2.

    Attributes
    ----------
    fuel_gj : dict
        Energy per fuel [GJ/yr] on the factor set's basis (HHV for the Japanese sets).
    fuel_quantity : dict
        Physical quantity per fuel, in ``fuel_units`` (kL, t, thousand Nm3 ...).
    fuel_units : dict
        Unit of each quantity.
    co2_t : float or array
        CO2 [t/yr].
    basis : str
        ``"HHV"`` or ``"NCV"``.
    """

    fuel_gj: dict[str, Any]
    fuel_quantity: dict[str, Any]
    fuel_units: dict[str, str]
    co2_t: Any
    basis: str
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def total_gj(self) -> Any:
        """Total fuel energy [GJ/yr]."""
        return sum(self.fuel_gj.values())

    @property
    def crude_oil_kl(self) -> Any:
        """Crude-oil equivalent [kL/yr] = total GJ x 0.0258 kL/GJ (省エネ法)."""
        return self.total_gj * KL_CRUDE_OIL_PER_GJ

    def to_series(self) -> pd.Series:
        """Scalar results as a Series (total GJ, kL, t-CO2, and the GJ of each fuel)."""
        data = {"energy_gj": self.total_gj, "crude_oil_kl": self.crude_oil_kl, "co2_t": self.co2_t}
        data.update({f"{k}_gj": v for k, v in self.fuel_gj.items()})
        return pd.Series({k: float(np.asarray(v)) for k, v in data.items()})


def _check_mix(fuel_mix: dict[str, float], factor_set: str) -> dict[str, float]:
    if not isinstance(fuel_mix, dict) or not fuel_mix:
        raise ValueError(
            f"fuel_mix must be a non-empty dict {{fuel: energy share}}, got {fuel_mix!r}"
        )
    for name, share in fuel_mix.items():
        _fuel_row(name, factor_set, "fuel_mix")
        if not (0.0 <= float(share) <= 1.0):
            raise ValueError(f"fuel_mix['{name}'] = {share:g} is outside the allowed range [0, 1]")
    total = float(sum(fuel_mix.values()))
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"fuel_mix shares sum to {total:g}; they must sum to 1")
    return {k: float(v) for k, v in fuel_mix.items()}


def avoided_boiler_fuel(
    heat_gj: Any,
    boiler_efficiency: Any,
    fuel_mix: dict[str, float] | None = None,
    *,
    factor_set: str = "japan",
) -> FuelUse:
    """Fuel the customers' own boilers would have burnt to raise ``heat_gj``.

    Parameters
    ----------
    heat_gj : float or array
        Useful heat [GJ/yr] (from :func:`steam_heat_delivered_gj`).
    boiler_efficiency : float or array
        Boiler efficiency [-] in (0, 1], on the basis of the factor set (HHV for ``"japan"``).
        Industrial gas/oil boilers: about 0.80-0.90 (HHV), assumed.
    fuel_mix : dict, default ``{"city_gas_13a": 0.6, "heavy_oil_a": 0.4}``
        Energy shares of the boiler fuels; names from :func:`known_fuels`; shares sum to 1.
    factor_set : str, default "japan"
        See :func:`fuel_factors`.

    Returns
    -------
    FuelUse
        GJ and physical quantity per fuel, CO2 [t], ``crude_oil_kl`` (x 0.0258 kL/GJ).

    Raises
    ------
    ValueError
        Unknown fuel name (the message lists the known ones), shares outside [0, 1] or not
        summing to 1, efficiency outside (0, 1], negative heat.

    References
    ----------
    .. [1] 省エネ法 heating values and 算定省令 carbon factors: datasets/japan_fuel_factors.yaml;
       kawasaki-facts.md §6b.
    """
    mix = _check_mix(DEFAULT_FUEL_MIX if fuel_mix is None else fuel_mix, factor_set)
    _check_efficiency(boiler_efficiency, "boiler_efficiency")
    _check_non_negative(heat_gj, "heat_gj", "GJ")
    fuel_total = np.asarray(heat_gj, float) / np.asarray(boiler_efficiency, float)
    fuel_gj, quantity, units, co2 = {}, {}, {}, 0.0
    for name, share in mix.items():
        row = _fuel_row(name, factor_set, "fuel_mix")
        gj = fuel_total * share
        fuel_gj[name] = _scalar(gj)
        quantity[name] = _scalar(gj / row["heating_value_gj_per_unit"])
        units[name] = row["unit"]
        co2 = co2 + gj * row["co2_t_per_gj"]
    return FuelUse(fuel_gj, quantity, units, _scalar(co2), _fuel_table(factor_set).attrs["basis"])


def _scalar(x: Any) -> Any:
    return float(x) if np.ndim(x) == 0 else x


# --------------------------------------------------------------------------------------------------
# lost generation and make-up


def _lost_work_j_per_kg(p_ext_mpa, t_ext_c, p_cond_kpa, eta_is, eta_gen):
    p_ext = np.asarray(p_ext_mpa, float) * 1e6
    h_ext = _steam_enthalpy(p_ext, t_ext_c)
    s_ext = _props("S", "P", p_ext, "H", h_ext)
    h_s = _props("H", "P", np.asarray(p_cond_kpa, float) * 1e3, "S", s_ext)
    return (h_ext - h_s) * np.asarray(eta_is, float) * np.asarray(eta_gen, float)


#: Temperature of the spray water that desuperheats extracted steam to the supply state [°C]
#: (boiler feedwater after the deaerator, typically 100-150 °C; assumed).
SPRAY_WATER_TEMPERATURE_C = 105.0


def extracted_steam_t_per_year(
    steam_t_per_year: Any,
    supply_pressure_mpa: Any,
    supply_temperature_c: Any,
    extraction_pressure_mpa: Any,
    extraction_temperature_c: Any,
    *,
    spray_water_temperature_c: float = SPRAY_WATER_TEMPERATURE_C,
) -> Any:
    """Steam that must be extracted from the turbine to supply ``steam_t_per_year`` [t/yr].

    The extraction state must be at least the supply state (pressure and enthalpy): steam cannot
    gain pressure or energy on its way out of the plant. Extracted steam hotter than the supply is
    desuperheated by spraying feedwater, which adds mass, so the energy balance
    ``m_ext (h_ext − h_w) = m_sup (h_sup − h_w)`` gives ``m_ext ≤ m_sup``.

    Raises
    ------
    ValueError
        Naming the extraction pressure or temperature when the extraction state lies below the
        supply state.
    """
    p_sup = np.asarray(supply_pressure_mpa, float) * 1e6
    p_ext = np.asarray(extraction_pressure_mpa, float) * 1e6
    if np.any(p_ext < p_sup - 1e-6):
        raise ValueError(
            f"extraction_pressure_mpa = {np.min(p_ext) / 1e6:g} MPa is below the supply pressure "
            f"{np.max(p_sup) / 1e6:g} MPa: steam cannot gain pressure on its way to the customers"
        )
    h_sup = _steam_enthalpy(p_sup, _none_to_nan(supply_temperature_c))
    h_ext = _steam_enthalpy(p_ext, _none_to_nan(extraction_temperature_c))
    if np.any(h_ext < h_sup - 1.0):
        raise ValueError(
            "extraction_temperature_c gives an enthalpy below that of the supplied steam "
            f"({np.min(h_ext) / 1e3:.0f} < {np.max(h_sup) / 1e3:.0f} kJ/kg): the extraction "
            "state must be at least the supply state"
        )
    h_w = _props("H", "P", p_sup, "T", np.asarray(spray_water_temperature_c, float) + 273.15)
    ratio = (h_sup - h_w) / (h_ext - h_w)
    return _scalar(np.asarray(steam_t_per_year, float) * ratio)


def lost_generation_mwh(
    steam_t_per_year: Any,
    extraction_pressure_mpa: Any,
    extraction_temperature_c: Any = None,
    *,
    condenser_pressure_kpa: Any = 5.0,
    turbine_isentropic_efficiency: Any = 0.85,
    generator_efficiency: Any = 0.985,
) -> Any:
    """Electricity the power station no longer generates because the steam is extracted.

    Extracted steam no longer expands from the extraction state to the condenser. The lost work is
    ``eta_is (h_ext - h_s(p_cond, s_ext))`` per kg (isentropic end point on the condenser isobar,
    IF97 [1]_ [2]_), times the generator efficiency.

    Parameters
    ----------
    steam_t_per_year : float or array
        Steam extracted [t/yr] (>= 0); taken equal to the steam supplied (no desuperheating
        spray or make-up water is modelled).
    extraction_pressure_mpa : float or array
        Absolute pressure at the extraction point [MPa]; must exceed the condenser pressure.
    extraction_temperature_c : float, array or None
        Temperature at the extraction point [°C], at or above saturation. ``None`` (or NaN) =
        dry saturated vapour, the least superheated state and so the lower bound of the lost work
        at that pressure. The extraction point of the Steam Net was NOT published ("steam after it
        has been used for power generation", TEPCO 2009).
    condenser_pressure_kpa : float, default 5
        Condenser pressure [kPa] (sea-water cooled; typical 4-8 kPa [3]_, assumed).
    turbine_isentropic_efficiency : float, default 0.85
        Isentropic efficiency of the expansion from the extraction point to the condenser [-],
        including exhaust losses (typical 0.85-0.90 [3]_, assumed).
    generator_efficiency : float, default 0.985
        Generator efficiency [-] (typical 0.985-0.99 for large units [3]_, assumed).

    Returns
    -------
    float or numpy.ndarray
        Lost generation [MWh/yr].

    Notes
    -----
    Example: 1 t of steam extracted at 3.0 MPa / 380 °C would have produced 0.255 MWh; at 1.0 MPa
    saturated, 0.179 MWh.

    References
    ----------
    .. [1] Wagner et al. (2000), IAPWS-IF97, doi:10.1115/1.483186.
    .. [2] Bell et al. (2014), CoolProp, doi:10.1021/ie4033999.
    .. [3] Kehlhofer et al. (2009), Combined-Cycle Gas & Steam Turbine Power Plants, 3rd ed.
    """
    _check_non_negative(steam_t_per_year, "steam_t_per_year", "t/yr")
    _check_efficiency(turbine_isentropic_efficiency, "turbine_isentropic_efficiency")
    _check_efficiency(generator_efficiency, "generator_efficiency")
    p_cond = _as_float_array(condenser_pressure_kpa, "condenser_pressure_kpa")
    if np.any(~(p_cond * 1e3 > _TRIPLE_POINT_PA)):
        raise ValueError(
            f"condenser_pressure_kpa = {p_cond.flat[0]:g} kPa must be above the triple-point "
            f"pressure {_TRIPLE_POINT_PA / 1e3:.4f} kPa"
        )
    p_ext = _as_float_array(extraction_pressure_mpa, "extraction_pressure_mpa")
    p_ext_b, p_cond_b = np.broadcast_arrays(p_ext * 1e3, p_cond)
    if np.any(~(p_ext_b > p_cond_b)):
        i = np.flatnonzero(~(p_ext_b > p_cond_b))[0]
        raise ValueError(
            f"extraction_pressure_mpa = {p_ext_b.flat[i] / 1e3:g} MPa must exceed the condenser "
            f"pressure ({p_cond_b.flat[i]:g} kPa)"
        )
    t_ext = _none_to_nan(extraction_temperature_c)
    _check_steam_state(p_ext * 1e6, t_ext, "extraction_pressure_mpa", "extraction_temperature_c")
    w = _lost_work_j_per_kg(
        p_ext, t_ext, p_cond, turbine_isentropic_efficiency, generator_efficiency
    )
    mwh = np.asarray(steam_t_per_year, float) * w / 3.6e6  # t x 1000 kg/t x J/kg / 3.6e9 J/MWh
    return _scalar(mwh)


def _basis_factor(efficiency_basis: str, set_basis: str, hhv_per_lhv: float) -> float:
    basis = str(efficiency_basis).upper()
    if basis not in ("LHV", "HHV"):
        raise ValueError(f"efficiency_basis = '{efficiency_basis}' must be 'LHV' or 'HHV'")
    set_is_hhv = set_basis.upper() == "HHV"
    if basis == "LHV" and set_is_hhv:
        return hhv_per_lhv
    if basis == "HHV" and not set_is_hhv:
        return 1.0 / hhv_per_lhv
    return 1.0


def _hhv_per_lhv(row: pd.Series, given: float | None, fuel: str) -> float:
    ratio = float(row["hhv_per_lhv"]) if given is None else float(given)
    if not (ratio >= 1.0):
        raise ValueError(
            f"no HHV/LHV ratio for fuel '{fuel}' in the factor set; pass hhv_per_lhv (>= 1)"
        )
    return ratio


def makeup_fuel(
    lost_generation_mwh: Any,
    marginal_efficiency: Any = 0.59,
    *,
    efficiency_basis: str = "LHV",
    fuel: str = "lng",
    factor_set: str = "japan",
    hhv_per_lhv: float | None = None,
) -> FuelUse:
    """Fuel burnt elsewhere to make up the lost generation, at the marginal plant's efficiency.

    ``F = W x 3.6 GJ/MWh / eta_marginal``, converted to the factor set's heating-value basis.

    Parameters
    ----------
    lost_generation_mwh : float or array
        Lost generation [MWh/yr] (from :func:`lost_generation_mwh`).
    marginal_efficiency : float or array, default 0.59
        Net efficiency of the plant that makes up the electricity [-]. Default: the Kawasaki MACC
        unit series 1 itself, 59 % (TEPCO 2009; LHV basis per Wikipedia "58.6 % (LHV)"). A
        conventional LNG steam unit is about 0.59/1.4 = 0.42 (TEPCO 2009: MACC ~40 % better).
    efficiency_basis : {"LHV", "HHV"}, default "LHV"
        Heating-value basis of ``marginal_efficiency``.
    fuel : str, default "lng"
        Make-up fuel (a name from :func:`known_fuels`).
    factor_set : str, default "japan"
    hhv_per_lhv : float, optional
        HHV/LHV ratio of the fuel; default from the dataset (LNG: 1.1095, methane, Çengel Table
        A-27).

    Returns
    -------
    FuelUse

    References
    ----------
    .. [1] TEPCO press release 2009-02-05 (MACC 59 %); Wikipedia 川崎火力発電所 (58.6 % LHV):
       datasets/kawasaki_steam_net.yaml facts.source_plant.
    """
    _check_efficiency(marginal_efficiency, "marginal_efficiency")
    _check_non_negative(lost_generation_mwh, "lost_generation_mwh", "MWh")
    row = _fuel_row(fuel, factor_set, "makeup fuel")
    set_basis = _fuel_table(factor_set).attrs["basis"]
    basis_upper = str(efficiency_basis).upper()
    needs_ratio = (basis_upper == "LHV") == (set_basis.upper() == "HHV")
    ratio = _hhv_per_lhv(row, hhv_per_lhv, fuel) if needs_ratio else 1.0
    factor = _basis_factor(efficiency_basis, set_basis, ratio)
    gj = (
        np.asarray(lost_generation_mwh, float)
        * _GJ_PER_MWH
        / np.asarray(marginal_efficiency, float)
        * factor
    )
    return FuelUse(
        {fuel: _scalar(gj)},
        {fuel: _scalar(gj / row["heating_value_gj_per_unit"])},
        {fuel: row["unit"]},
        _scalar(gj * row["co2_t_per_gj"]),
        set_basis,
        {"basis_factor": factor},
    )


def grid_makeup(
    lost_generation_mwh: Any,
    *,
    primary_energy_gj_per_mwh: float | None = None,
    co2_t_per_mwh: float | None = None,
) -> FuelUse:
    """Lost generation valued as purchased grid electricity (the 省エネ法 / 温対法 convention).

    Energy: ``W x 9.97 GJ/MWh`` (省エネ法 daytime primary-energy factor, i.e. ~36 % generating
    efficiency); CO2: ``W x grid factor`` (default Japan national average FY2024, 0.423 t/MWh;
    the FY2006-2010 factors were not retrieved).

    Parameters
    ----------
    lost_generation_mwh : float or array
        [MWh/yr].
    primary_energy_gj_per_mwh : float, optional
        [GJ/MWh]; default from the dataset (daytime 9.97).
    co2_t_per_mwh : float, optional
        [t-CO2/MWh]; default ``japan_national_fy2024`` from the dataset.

    References
    ----------
    .. [1] datasets/japan_fuel_factors.yaml, ``electricity`` (SHOENE2; partner-cities.md §4).
    """
    _check_non_negative(lost_generation_mwh, "lost_generation_mwh", "MWh")
    elec = electricity_factors()
    pe = (
        float(elec["primary_energy_gj_per_mwh"]["daytime"])
        if primary_energy_gj_per_mwh is None
        else float(primary_energy_gj_per_mwh)
    )
    ef = (
        float(elec["grid_co2_t_per_mwh"]["japan_national_fy2024"]["value"])
        if co2_t_per_mwh is None
        else float(co2_t_per_mwh)
    )
    _check_positive(pe, "primary_energy_gj_per_mwh", "GJ/MWh")
    _check_non_negative(ef, "co2_t_per_mwh", "t/MWh")
    w = np.asarray(lost_generation_mwh, float)
    return FuelUse(
        {"grid_electricity": _scalar(w * pe)},
        {"grid_electricity": _scalar(w)},
        {"grid_electricity": "MWh"},
        _scalar(w * ef),
        "HHV",
        {"primary_energy_gj_per_mwh": pe, "co2_t_per_mwh": ef},
    )


# --------------------------------------------------------------------------------------------------
# net savings


_STEP_LABELS = {
    "avoided_boiler_fuel": "avoided boiler fuel",
    "network_heat_loss": "network heat loss (boiler fuel not avoided)",
    "power_station_makeup": "make-up fuel for lost generation",
    "net_saving": "net saving",
}

#: Defaults of :func:`net_savings` (the "cold-reheat extraction, MACC make-up" reference set).
_DEFAULTS: dict[str, Any] = {
    "steam_t_per_year": 400_000.0,
    "supply_pressure_mpa": 1.5,
    "supply_temperature_c": 280.0,
    "return_condensate_fraction": 0.0,
    "condensate_return_temperature_c": 80.0,
    "feedwater_temperature_c": 20.0,
    "boiler_efficiency": 0.90,
    "extraction_pressure_mpa": 3.0,
    "extraction_temperature_c": 380.0,
    "condenser_pressure_kpa": 5.0,
    "turbine_isentropic_efficiency": 0.85,
    "generator_efficiency": 0.985,
    "marginal_efficiency": 0.59,
    "transport_loss_gj": 0.0,
}


def net_savings(
    steam_t_per_year: float = 400_000.0,
    *,
    supply_pressure_mpa: float = 1.5,
    supply_temperature_c: float | None = 280.0,
    return_condensate_fraction: float = 0.0,
    condensate_return_temperature_c: float = 80.0,
    feedwater_temperature_c: float = 20.0,
    boiler_efficiency: float = 0.90,
    fuel_mix: dict[str, float] | None = None,
    extraction_pressure_mpa: float = 3.0,
    extraction_temperature_c: float | None = 380.0,
    condenser_pressure_kpa: float = 5.0,
    turbine_isentropic_efficiency: float = 0.85,
    generator_efficiency: float = 0.985,
    makeup: str = "plant",
    marginal_efficiency: float = 0.59,
    efficiency_basis: str = "LHV",
    makeup_fuel_name: str = "lng",
    grid_co2_t_per_mwh: float | None = None,
    grid_primary_energy_gj_per_mwh: float | None = None,
    transport_loss_gj: float = 0.0,
    factor_set: str = "japan",
) -> pd.DataFrame:
    """The savings reconstruction as a table: avoided fuel minus losses minus make-up = net.

    Parameters
    ----------
    steam_t_per_year : float, default 400,000
        Steam supplied [t/yr] (2014 policy; the 2006 plan: 300,000).
    supply_pressure_mpa, supply_temperature_c : float
        Steam state at the power-station boundary [MPa absolute, °C] (NOT published; assumed
        1.5 MPa / 280 °C). ``supply_temperature_c=None``: dry saturated.
    return_condensate_fraction, condensate_return_temperature_c, feedwater_temperature_c
        Feed of the customers' former boilers (see :func:`steam_heat_delivered_gj`).
    boiler_efficiency : float, default 0.90
        Former boilers' efficiency [-] (HHV basis with the Japanese factors).
    fuel_mix : dict, default ``{"city_gas_13a": 0.6, "heavy_oil_a": 0.4}``
        Energy shares of the former boilers' fuels.
    extraction_pressure_mpa, extraction_temperature_c : float, default 3.0 MPa / 380 °C
        Extraction state (assumed cold-reheat-like: the exhaust of the high-pressure turbine of a
        three-pressure reheat combined cycle; NOT published).
    condenser_pressure_kpa, turbine_isentropic_efficiency, generator_efficiency
        See :func:`lost_generation_mwh`.
    makeup : {"plant", "grid"}, default "plant"
        ``"plant"``: lost generation made up by a plant of ``marginal_efficiency`` burning
        ``makeup_fuel_name`` (:func:`makeup_fuel`). ``"grid"``: valued as purchased electricity
        with the 省エネ法 primary-energy factor and a grid CO2 factor (:func:`grid_makeup`).
    marginal_efficiency : float, default 0.59
        [-], on ``efficiency_basis`` (default LHV).
    efficiency_basis : {"LHV", "HHV"}
    makeup_fuel_name : str, default "lng"
    grid_co2_t_per_mwh, grid_primary_energy_gj_per_mwh : float, optional
        Overrides for ``makeup="grid"``.
    transport_loss_gj : float, default 0
        Heat lost by the network [GJ/yr] (e.g. :func:`kgi_lab.heat.steamnet.heat_loss_estimate_gj`
        or the network solver); the customers receive that much less heat, so that much less
        boiler fuel (``/ boiler_efficiency``, at the boiler fuel mix) is avoided.
    factor_set : str, default "japan"

    Returns
    -------
    pandas.DataFrame
        Index ``step`` = avoided_boiler_fuel, network_heat_loss, power_station_makeup,
        net_saving; columns ``label``, ``energy_gj`` [GJ/yr], ``crude_oil_kl`` [kL/yr],
        ``co2_t`` [t-CO2/yr]. Deductions are negative; the last row is the sum. ``attrs`` carry
        ``heat_delivered_gj``, ``lost_generation_mwh``, ``fuel_gj`` (per fuel), ``assumptions``,
        ``claim`` and ``units``.

    Examples
    --------
    With the defaults at 300,000 t/yr (the 2006 plan) the net is about 12,590 kL (+14 % on the
    11,000 kL claim) and 32,040 t CO2 (+28 %: a 60/40 gas/oil mix is too oil-heavy for the claimed
    CO2/energy ratio); at 400,000 t/yr it is about 16,780 kL and 42,720 t.
    (``tests/heat/test_savings.py`` checks these figures.)

    References
    ----------
    .. [1] See the module references; the claim: datasets/kawasaki_steam_net.yaml.
    """
    heat = steam_heat_delivered_gj(
        steam_t_per_year,
        supply_pressure_mpa,
        supply_temperature_c,
        return_condensate_fraction,
        condensate_return_temperature_c,
        feedwater_temperature_c,
    )
    avoided = avoided_boiler_fuel(heat, boiler_efficiency, fuel_mix, factor_set=factor_set)
    _check_non_negative(transport_loss_gj, "transport_loss_gj", "GJ")
    if transport_loss_gj > heat:
        raise ValueError(
            f"transport_loss_gj = {transport_loss_gj:g} GJ exceeds the heat delivered ({heat:.0f} GJ)"
        )
    loss = avoided_boiler_fuel(
        transport_loss_gj, boiler_efficiency, fuel_mix, factor_set=factor_set
    )
    extracted = extracted_steam_t_per_year(
        steam_t_per_year,
        supply_pressure_mpa,
        supply_temperature_c,
        extraction_pressure_mpa,
        extraction_temperature_c,
    )
    lost = lost_generation_mwh(
        extracted,
        extraction_pressure_mpa,
        extraction_temperature_c,
        condenser_pressure_kpa=condenser_pressure_kpa,
        turbine_isentropic_efficiency=turbine_isentropic_efficiency,
        generator_efficiency=generator_efficiency,
    )
    if makeup == "plant":
        made_up = makeup_fuel(
            lost,
            marginal_efficiency,
            efficiency_basis=efficiency_basis,
            fuel=makeup_fuel_name,
            factor_set=factor_set,
        )
    elif makeup == "grid":
        made_up = grid_makeup(
            lost,
            primary_energy_gj_per_mwh=grid_primary_energy_gj_per_mwh,
            co2_t_per_mwh=grid_co2_t_per_mwh,
        )
    else:
        raise ValueError(f"makeup = '{makeup}' must be 'plant' or 'grid'")

    rows = {
        "avoided_boiler_fuel": (avoided.total_gj, avoided.co2_t),
        "network_heat_loss": (0.0 - loss.total_gj, 0.0 - loss.co2_t),
        "power_station_makeup": (0.0 - made_up.total_gj, 0.0 - made_up.co2_t),
    }
    table = pd.DataFrame(
        {
            "label": [_STEP_LABELS[k] for k in rows],
            "energy_gj": [float(v[0]) for v in rows.values()],
            "co2_t": [float(v[1]) for v in rows.values()],
        },
        index=pd.Index(list(rows), name="step"),
    )
    net = table[["energy_gj", "co2_t"]].sum()
    table.loc["net_saving"] = [_STEP_LABELS["net_saving"], net["energy_gj"], net["co2_t"]]
    table["crude_oil_kl"] = table["energy_gj"] * KL_CRUDE_OIL_PER_GJ
    table = table[["label", "energy_gj", "crude_oil_kl", "co2_t"]]
    assumptions = {
        "steam_t_per_year": steam_t_per_year,
        "supply_pressure_mpa": supply_pressure_mpa,
        "supply_temperature_c": supply_temperature_c,
        "return_condensate_fraction": return_condensate_fraction,
        "condensate_return_temperature_c": condensate_return_temperature_c,
        "feedwater_temperature_c": feedwater_temperature_c,
        "boiler_efficiency": boiler_efficiency,
        "fuel_mix": dict(DEFAULT_FUEL_MIX if fuel_mix is None else fuel_mix),
        "extraction_pressure_mpa": extraction_pressure_mpa,
        "extraction_temperature_c": extraction_temperature_c,
        "condenser_pressure_kpa": condenser_pressure_kpa,
        "turbine_isentropic_efficiency": turbine_isentropic_efficiency,
        "generator_efficiency": generator_efficiency,
        "makeup": makeup,
        "marginal_efficiency": marginal_efficiency if makeup == "plant" else None,
        "efficiency_basis": efficiency_basis if makeup == "plant" else None,
        "makeup_fuel_name": makeup_fuel_name if makeup == "plant" else "grid_electricity",
        "transport_loss_gj": transport_loss_gj,
        "factor_set": factor_set,
    }
    table.attrs.update(
        {
            "heat_delivered_gj": float(heat),
            "lost_generation_mwh": float(lost),
            "fuel_gj": {k: float(v) for k, v in avoided.fuel_gj.items()},
            "fuel_quantity": {
                k: (float(v), avoided.fuel_units[k]) for k, v in avoided.fuel_quantity.items()
            },
            "makeup": {k: float(v) for k, v in made_up.fuel_gj.items()},
            "assumptions": assumptions,
            "claim": {"crude_oil_kl": CLAIM["crude_oil_kl"], "co2_t": CLAIM["co2_t"]},
            "units": {"energy_gj": "GJ/yr", "crude_oil_kl": "kL/yr", "co2_t": "t-CO2/yr"},
        }
    )
    return table


def savings_waterfall(table: pd.DataFrame, quantity: str = "crude_oil_kl") -> pd.DataFrame:
    """The steps of a waterfall figure from a :func:`net_savings` table.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`net_savings`.
    quantity : {"crude_oil_kl", "co2_t", "energy_gj"}

    Returns
    -------
    pandas.DataFrame
        One row per bar: ``step``, ``label``, ``change`` (signed), ``start``, ``end`` (bar bottom
        and top along the running total) and ``kind`` ("total" or "decrease"/"increase").
        ``attrs["units"]`` and ``attrs["claim"]`` (the published figure, for a reference line).
    """
    if quantity not in ("crude_oil_kl", "co2_t", "energy_gj"):
        raise ValueError(f"quantity = '{quantity}' must be crude_oil_kl, co2_t or energy_gj")
    rows = []
    level = 0.0
    for step, row in table.iterrows():
        value = float(row[quantity])
        if step == "avoided_boiler_fuel":
            rows.append((step, row["label"], value, 0.0, value, "total"))
            level = value
        elif step == "net_saving":
            rows.append((step, row["label"], value, 0.0, value, "total"))
        else:
            kind = "decrease" if value < 0 else "increase"
            rows.append((step, row["label"], value, level, level + value, kind))
            level += value
    steps = pd.DataFrame(rows, columns=["step", "label", "change", "start", "end", "kind"])
    steps.attrs["units"] = table.attrs.get("units", {}).get(quantity, "")
    steps.attrs["quantity"] = quantity
    claim_key = {"crude_oil_kl": "crude_oil_kl", "co2_t": "co2_t"}.get(quantity)
    steps.attrs["claim"] = CLAIM.get(claim_key) if claim_key else None
    return steps


# --------------------------------------------------------------------------------------------------
# sensitivity


#: The default assumption grid of :func:`reproducing_sets` (5,760 sets). Extraction temperature
#: NaN = dry saturated; ``makeup`` "grid" ignores ``marginal_efficiency``.
DEFAULT_GRID: dict[str, list[Any]] = {
    "steam_t_per_year": [300_000.0, 400_000.0],
    "boiler_efficiency": [0.80, 0.85, 0.90],
    "gas_fraction": [1.0, 0.8, 0.6, 0.4],
    "return_condensate_fraction": [0.0, 0.5],
    "extraction_pressure_mpa": [1.0, 1.5, 2.0, 3.0, 4.0],
    "extraction_temperature_c": [math.nan, 300.0, 350.0, 400.0],
    "marginal_efficiency": [0.59, 0.50, 0.42],
    "makeup": ["plant", "grid"],
}


def claim_grid(gas_fraction: float = 0.6, boiler_efficiency: float = 0.90) -> dict[str, list[Any]]:
    """The compact grid of the teaching notebook: the five assumptions the claim rests on.

    Steam volume (2006 plan and 2014 figure), extraction pressure, make-up efficiency, gas share
    and boiler efficiency; the given ``gas_fraction`` and ``boiler_efficiency`` are added to
    their lists, so the grid always contains the user's own case. Pass it to
    :func:`sensitivity`.
    """
    return {
        "steam_t_per_year": [300_000, 400_000],
        "extraction_pressure_mpa": [1.5, 2.0, 3.0, 4.0],
        "marginal_efficiency": [0.42, 0.50, 0.59],
        "gas_fraction": sorted({0.6, 0.8, 1.0, float(gas_fraction)}),
        "boiler_efficiency": sorted({0.80, 0.85, 0.90, float(boiler_efficiency)}),
    }


_GRID_NUMERIC = set(_DEFAULTS) | {"gas_fraction"}
_GRID_KEYS = _GRID_NUMERIC | {"makeup"}


def _mix_factors(factor_set: str, mix: dict[str, float]) -> float:
    return float(
        sum(_fuel_row(k, factor_set, "fuel_mix")["co2_t_per_gj"] * v for k, v in mix.items())
    )


def sensitivity(
    param_grid: dict[str, Any] | None = None,
    *,
    fuel_pair: tuple[str, str] = ("city_gas_13a", "heavy_oil_a"),
    fuel_mix: dict[str, float] | None = None,
    efficiency_basis: str = "LHV",
    makeup_fuel_name: str = "lng",
    grid_co2_t_per_mwh: float | None = None,
    grid_primary_energy_gj_per_mwh: float | None = None,
    factor_set: str = "japan",
    **fixed: Any,
) -> xr.Dataset:
    """Net savings over a grid of assumptions, as an xarray Dataset (one dimension per parameter).

    Parameters
    ----------
    param_grid : dict, optional
        ``{parameter: list of values}``; default :data:`DEFAULT_GRID`. Parameters: any numeric
        argument of :func:`net_savings` (``steam_t_per_year``, ``boiler_efficiency``,
        ``supply_pressure_mpa``, ``extraction_pressure_mpa``, ``extraction_temperature_c`` (NaN =
        saturated), ``marginal_efficiency``, ``return_condensate_fraction``,
        ``transport_loss_gj`` ...), plus ``gas_fraction`` (energy share of ``fuel_pair[0]``, the
        rest ``fuel_pair[1]``) and ``makeup`` (``"plant"``/``"grid"``).
    fuel_pair : tuple, default ("city_gas_13a", "heavy_oil_a")
        The two boiler fuels mixed by ``gas_fraction``.
    fuel_mix : dict, optional
        A fixed boiler mix, used when ``gas_fraction`` is not in the grid (default
        :data:`DEFAULT_FUEL_MIX`).
    efficiency_basis, makeup_fuel_name, grid_co2_t_per_mwh, grid_primary_energy_gj_per_mwh,
    factor_set
        As in :func:`net_savings` (fixed over the grid).
    **fixed
        Values of the numeric parameters not in the grid (defaults: :func:`net_savings`).

    Returns
    -------
    xarray.Dataset
        Dimensions = the grid keys in order. Variables [per year]: ``heat_delivered_gj``,
        ``avoided_gj``, ``avoided_kl``, ``avoided_t``, ``transport_loss_kl``,
        ``transport_loss_t``, ``lost_generation_mwh``, ``makeup_gj``, ``makeup_kl``,
        ``makeup_t``, ``net_gj``, ``net_kl``, ``net_t``, ``valid`` (False where a steam state is
        below saturation or the extraction pressure is not above the condenser pressure; those
        points are NaN instead of raising; so are feed temperatures that are not liquid at the
        supply pressure). ``attrs``: the claim, the fixed parameters, units.
    """
    grid = dict(DEFAULT_GRID if param_grid is None else param_grid)
    unknown = [k for k in list(grid) + list(fixed) if k not in _GRID_KEYS]
    if unknown:
        raise ValueError(
            f"unknown sensitivity parameter(s) {', '.join(unknown)}; known: "
            f"{', '.join(sorted(_GRID_KEYS))}"
        )
    overlap = set(grid) & set(fixed)
    if overlap:
        raise ValueError(
            f"parameter(s) {', '.join(sorted(overlap))} given both in the grid and fixed"
        )
    if not grid:
        raise ValueError("param_grid is empty; give at least one parameter with a list of values")
    dims = list(grid)
    shape = [len(grid[d]) for d in dims]
    if any(n == 0 for n in shape):
        raise ValueError("every parameter in param_grid needs at least one value")

    def axis(name: str) -> Any:
        if name in grid:
            values = np.asarray(grid[name], dtype=object if name == "makeup" else float)
            new_shape = [1] * len(dims)
            new_shape[dims.index(name)] = len(values)
            return values.reshape(new_shape)
        if name in fixed:
            return np.asarray(fixed[name], dtype=object if name == "makeup" else float)
        if name == "makeup":
            return np.asarray("plant", dtype=object)
        if name == "gas_fraction":
            return None
        value = _DEFAULTS[name]
        return np.asarray(np.nan if value is None else value, dtype=float)

    p = {name: axis(name) for name in sorted(_GRID_KEYS)}

    # validate the parameters that have hard limits (grid values included)
    for name in (
        "boiler_efficiency",
        "marginal_efficiency",
        "turbine_isentropic_efficiency",
        "generator_efficiency",
    ):
        _check_efficiency(p[name], name)
    for name, unit in (("steam_t_per_year", "t/yr"), ("transport_loss_gj", "GJ")):
        _check_non_negative(p[name], name, unit)
    _check_fraction(p["return_condensate_fraction"], "return_condensate_fraction")
    _check_positive(p["supply_pressure_mpa"], "supply_pressure_mpa", "MPa")
    _check_positive(p["extraction_pressure_mpa"], "extraction_pressure_mpa", "MPa")
    makeup_values = set(np.asarray(p["makeup"], dtype=object).ravel().tolist())
    if not makeup_values <= {"plant", "grid"}:
        raise ValueError(f"makeup values {sorted(makeup_values)} must be 'plant' or 'grid'")

    # boiler fuel CO2 factor [t/GJ]
    if p["gas_fraction"] is not None:
        _check_fraction(p["gas_fraction"], "gas_fraction")
        f_a = _fuel_row(fuel_pair[0], factor_set, "fuel_pair")["co2_t_per_gj"]
        f_b = _fuel_row(fuel_pair[1], factor_set, "fuel_pair")["co2_t_per_gj"]
        boiler_co2 = p["gas_fraction"] * f_a + (1.0 - p["gas_fraction"]) * f_b
    else:
        mix = _check_mix(DEFAULT_FUEL_MIX if fuel_mix is None else fuel_mix, factor_set)
        boiler_co2 = np.asarray(_mix_factors(factor_set, mix))

    # physics, broadcasting over the grid axes
    t_sup = p["supply_temperature_c"]
    p_sup_pa = p["supply_pressure_mpa"] * 1e6
    t_sat_sup = _saturation_temperature_c(p_sup_pa)
    frac = p["return_condensate_fraction"]
    valid_supply = (
        (np.isnan(t_sup) | (t_sup >= t_sat_sup - 1e-9))
        & ((frac >= 1) | (p["feedwater_temperature_c"] < t_sat_sup))
        & ((frac <= 0) | (p["condensate_return_temperature_c"] < t_sat_sup))
    )
    heat = _heat_gj(
        p["steam_t_per_year"],
        p["supply_pressure_mpa"],
        np.where(valid_supply, t_sup, np.nan),
        p["return_condensate_fraction"],
        p["condensate_return_temperature_c"],
        p["feedwater_temperature_c"],
    )
    heat = np.where(valid_supply, heat, np.nan)

    t_ext = p["extraction_temperature_c"]
    p_ext_pa = p["extraction_pressure_mpa"] * 1e6
    t_sat_ext = _saturation_temperature_c(p_ext_pa)
    valid_ext = (np.isnan(t_ext) | (t_ext >= t_sat_ext - 1e-9)) & (
        p_ext_pa > p["condenser_pressure_kpa"] * 1e3
    )
    # The extraction state must be at least the supply state (pressure and enthalpy);
    # superheat above the supply state is sprayed off with feedwater (see
    # extracted_steam_t_per_year), which reduces the mass extracted.
    h_sup_grid = _steam_enthalpy(p_sup_pa, np.where(valid_supply, t_sup, np.nan))
    h_ext_grid = _steam_enthalpy(p_ext_pa, np.where(valid_ext, t_ext, np.nan))
    valid_ext = valid_ext & (p_ext_pa >= p_sup_pa - 1e-6) & (h_ext_grid >= h_sup_grid - 1.0)
    h_w_grid = _props("H", "P", p_sup_pa, "T", SPRAY_WATER_TEMPERATURE_C + 273.15)
    spray_ratio = (h_sup_grid - h_w_grid) / (h_ext_grid - h_w_grid)
    w = _lost_work_j_per_kg(
        p["extraction_pressure_mpa"],
        np.where(valid_ext, t_ext, np.nan),
        p["condenser_pressure_kpa"],
        p["turbine_isentropic_efficiency"],
        p["generator_efficiency"],
    )
    lost = np.where(valid_ext, p["steam_t_per_year"] * spray_ratio * w / 3.6e6, np.nan)

    avoided_gj = heat / p["boiler_efficiency"]
    avoided_t = avoided_gj * boiler_co2
    loss_gj = p["transport_loss_gj"] / p["boiler_efficiency"]
    loss_t = loss_gj * boiler_co2

    # make-up: plant and grid variants, selected per point
    row = _fuel_row(makeup_fuel_name, factor_set, "makeup fuel")
    set_basis = _fuel_table(factor_set).attrs["basis"]
    needs_ratio = (str(efficiency_basis).upper() == "LHV") == (set_basis.upper() == "HHV")
    ratio = _hhv_per_lhv(row, None, makeup_fuel_name) if needs_ratio else 1.0
    factor = _basis_factor(efficiency_basis, set_basis, ratio)
    plant_gj = lost * _GJ_PER_MWH / p["marginal_efficiency"] * factor
    plant_t = plant_gj * row["co2_t_per_gj"]
    elec = grid_makeup(
        1.0,
        primary_energy_gj_per_mwh=grid_primary_energy_gj_per_mwh,
        co2_t_per_mwh=grid_co2_t_per_mwh,
    ).notes
    grid_gj = lost * elec["primary_energy_gj_per_mwh"]
    grid_t = lost * elec["co2_t_per_mwh"]
    is_grid = np.asarray(p["makeup"] == "grid", dtype=bool)
    makeup_gj = np.where(is_grid, grid_gj, plant_gj)
    makeup_t = np.where(is_grid, grid_t, plant_t)

    net_gj = avoided_gj - loss_gj - makeup_gj
    net_t = avoided_t - loss_t - makeup_t

    full = tuple(shape)

    def arr(x: Any) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=float), full).copy()

    coords = {d: np.asarray(grid[d], dtype=object if d == "makeup" else float) for d in dims}
    kl = KL_CRUDE_OIL_PER_GJ
    variables = {
        "heat_delivered_gj": (heat, "GJ/yr", "heat delivered to the customers"),
        "avoided_gj": (avoided_gj, "GJ/yr", "avoided boiler fuel"),
        "avoided_kl": (avoided_gj * kl, "kL/yr", "avoided boiler fuel, crude-oil equivalent"),
        "avoided_t": (avoided_t, "t-CO2/yr", "CO2 of the avoided boiler fuel"),
        "transport_loss_kl": (loss_gj * kl, "kL/yr", "boiler fuel not avoided (network heat loss)"),
        "transport_loss_t": (loss_t, "t-CO2/yr", "CO2 of the network heat loss"),
        "lost_generation_mwh": (lost, "MWh/yr", "generation lost by extracting the steam"),
        "makeup_gj": (makeup_gj, "GJ/yr", "make-up fuel for the lost generation"),
        "makeup_kl": (makeup_gj * kl, "kL/yr", "make-up fuel, crude-oil equivalent"),
        "makeup_t": (makeup_t, "t-CO2/yr", "CO2 of the make-up fuel"),
        "net_gj": (net_gj, "GJ/yr", "net primary-energy saving"),
        "net_kl": (net_gj * kl, "kL/yr", "net saving, crude-oil equivalent"),
        "net_t": (net_t, "t-CO2/yr", "net CO2 saving"),
    }
    ds = xr.Dataset(
        {
            name: xr.DataArray(arr(v), dims=dims, attrs={"units": u, "long_name": ln})
            for name, (v, u, ln) in variables.items()
        },
        coords=coords,
    )
    ds["valid"] = xr.DataArray(
        np.broadcast_to(valid_supply & valid_ext, full).copy(),
        dims=dims,
        attrs={"long_name": "steam states feasible (at or above saturation)"},
    )
    fixed_all = {k: v for k, v in _DEFAULTS.items() if k not in grid}
    fixed_all.update(fixed)
    ds.attrs.update(
        {
            "claim_crude_oil_kl": CLAIM["crude_oil_kl"],
            "claim_co2_t": CLAIM["co2_t"],
            "fixed": repr(fixed_all),
            "fuel_pair": ",".join(fuel_pair)
            if "gas_fraction" in grid or "gas_fraction" in fixed
            else "",
            "fuel_mix": ""
            if ("gas_fraction" in grid or "gas_fraction" in fixed)
            else repr(DEFAULT_FUEL_MIX if fuel_mix is None else fuel_mix),
            "efficiency_basis": efficiency_basis,
            "factor_set": factor_set,
            "makeup_fuel": makeup_fuel_name,
        }
    )
    return ds


def reproducing_sets(
    target_kl: float = CLAIM["crude_oil_kl"],
    target_t: float = CLAIM["co2_t"],
    tol: float = 0.1,
    *,
    param_grid: dict[str, Any] | None = None,
    result: xr.Dataset | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """Assumption sets whose net saving is within ``tol`` of both targets.

    Parameters
    ----------
    target_kl, target_t : float, default 11,000 kL and 25,000 t
        The published claim.
    tol : float, default 0.1
        Relative tolerance (0.1 = ±10 %) applied to both.
    param_grid : dict, optional
        Grid for :func:`sensitivity` (default :data:`DEFAULT_GRID`, which covers 300,000 and
        400,000 t/yr).
    result : xarray.Dataset, optional
        A :func:`sensitivity` result to filter instead of computing one.
    **kwargs
        Passed to :func:`sensitivity`.

    Returns
    -------
    pandas.DataFrame
        One row per reproducing set: the grid parameters, ``avoided_kl``, ``avoided_t``,
        ``lost_generation_mwh``, ``makeup_kl``, ``makeup_t``, ``net_kl``, ``net_t``,
        ``error_kl`` and ``error_t`` (relative), sorted by the larger error. With the ``makeup``
        dimension, ``marginal_efficiency`` is NaN on "grid" rows (it does not apply) and
        duplicates are dropped. ``attrs["count_by_steam"]`` counts the sets per steam volume
        (zero included), ``attrs["grid_size"]`` the sets examined.
    """
    if not (0 < tol < 1):
        raise ValueError(f"tol = {tol:g} must be in (0, 1)")
    ds = sensitivity(param_grid, **kwargs) if result is None else result
    err_kl = ds["net_kl"] / target_kl - 1.0
    err_t = ds["net_t"] / target_t - 1.0
    keep = ds["valid"] & (abs(err_kl) <= tol) & (abs(err_t) <= tol)
    columns = [
        "avoided_kl",
        "avoided_t",
        "lost_generation_mwh",
        "makeup_kl",
        "makeup_t",
        "net_kl",
        "net_t",
    ]
    frame = ds[columns].assign(error_kl=err_kl, error_t=err_t).where(keep).to_dataframe()
    frame = frame.dropna(subset=["net_kl"]).reset_index()
    dims = list(ds.sizes)
    if "makeup" in frame and "marginal_efficiency" in frame:
        frame.loc[frame["makeup"] == "grid", "marginal_efficiency"] = np.nan
        frame = frame.drop_duplicates(subset=dims)
    frame["max_abs_error"] = np.maximum(frame["error_kl"].abs(), frame["error_t"].abs())
    frame = frame.sort_values("max_abs_error").reset_index(drop=True)
    if "steam_t_per_year" in ds.sizes:
        counts = {
            float(v): int((frame["steam_t_per_year"] == v).sum())
            for v in ds["steam_t_per_year"].values
        }
    else:
        counts = {}
    frame.attrs.update(
        {
            "target_kl": target_kl,
            "target_t": target_t,
            "tol": tol,
            "count_by_steam": counts,
            "grid_size": int(np.prod(list(ds.sizes.values()))),
        }
    )
    return frame


# --------------------------------------------------------------------------------------------------
# documented reconstruction


#: Named assumption sets for the reconstruction table (every other argument: the defaults of
#: :func:`net_savings`). The avoided boiler fuel alone is the first row of each table.
RECONSTRUCTION_SETS: dict[str, dict[str, Any]] = {
    "2006 plan, MACC make-up (defaults)": {"steam_t_per_year": 300_000.0},
    "2006 plan, MACC make-up, 80 % gas, half the condensate returned, 4.0 MPa / 400 °C": {
        "steam_t_per_year": 300_000.0,
        "fuel_mix": {"city_gas_13a": 0.8, "heavy_oil_a": 0.2},
        "return_condensate_fraction": 0.5,
        "extraction_pressure_mpa": 4.0,
        "extraction_temperature_c": 400.0,
    },
    "2014 volume, MACC make-up (defaults)": {"steam_t_per_year": 400_000.0},
    "2014 volume, conventional-LNG make-up (42 %), 80 % gas, 3.0 MPa / 300 °C": {
        "steam_t_per_year": 400_000.0,
        "fuel_mix": {"city_gas_13a": 0.8, "heavy_oil_a": 0.2},
        "marginal_efficiency": 0.42,
        "extraction_temperature_c": 300.0,
    },
    "2006 plan, 省エネ法 grid convention, boiler 80 %, 2.0 MPa / 350 °C extraction, all gas": {
        "steam_t_per_year": 300_000.0,
        "boiler_efficiency": 0.80,
        "fuel_mix": {"city_gas_13a": 1.0},
        "extraction_pressure_mpa": 2.0,
        "extraction_temperature_c": 350.0,
        "makeup": "grid",
    },
    "2014 volume, 省エネ法 grid convention, 2.0 MPa / 300 °C extraction, all gas": {
        "steam_t_per_year": 400_000.0,
        "fuel_mix": {"city_gas_13a": 1.0},
        "extraction_pressure_mpa": 2.0,
        "extraction_temperature_c": 300.0,
        "makeup": "grid",
    },
}


def reconstruction_table(
    sets: dict[str, dict[str, Any]] | None = None, tol: float = 0.1
) -> pd.DataFrame:
    """Run :func:`net_savings` for named assumption sets and summarise against the claim.

    Parameters
    ----------
    sets : dict, optional
        ``{name: net_savings keyword arguments}``; default :data:`RECONSTRUCTION_SETS`.
    tol : float, default 0.1
        Relative tolerance for ``reproduces`` (both kL and t within it).

    Returns
    -------
    pandas.DataFrame
        Index ``set``; columns ``steam_t_per_year``, ``avoided_kl``, ``avoided_t``,
        ``avoided_over_claim`` (avoided kL / 11,000), ``lost_generation_mwh``, ``makeup_kl``,
        ``makeup_t``, ``net_kl``, ``net_t``, ``reproduces``.
    """
    rows = []
    for name, kwargs in (RECONSTRUCTION_SETS if sets is None else sets).items():
        t = net_savings(**kwargs)
        net_kl = t.loc["net_saving", "crude_oil_kl"]
        net_t = t.loc["net_saving", "co2_t"]
        rows.append(
            {
                "set": name,
                "steam_t_per_year": t.attrs["assumptions"]["steam_t_per_year"],
                "avoided_kl": t.loc["avoided_boiler_fuel", "crude_oil_kl"],
                "avoided_t": t.loc["avoided_boiler_fuel", "co2_t"],
                "avoided_over_claim": t.loc["avoided_boiler_fuel", "crude_oil_kl"]
                / CLAIM["crude_oil_kl"],
                "lost_generation_mwh": t.attrs["lost_generation_mwh"],
                "makeup_kl": -t.loc["power_station_makeup", "crude_oil_kl"],
                "makeup_t": -t.loc["power_station_makeup", "co2_t"],
                "net_kl": net_kl,
                "net_t": net_t,
                "reproduces": bool(
                    abs(net_kl / CLAIM["crude_oil_kl"] - 1) <= tol
                    and abs(net_t / CLAIM["co2_t"] - 1) <= tol
                ),
            }
        )
    return pd.DataFrame(rows).set_index("set")
