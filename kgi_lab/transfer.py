"""Transfer to your city: Kawasaki's measures under a partner city's own conditions.

The City of Kawasaki's 2014 Green Innovation Promotion Policy offers its environmental technology
to partner cities (Shenyang, Shanghai, Penang, Da Nang, Bandung, Mumbai); its lesson is that a
transfer fails when it ignores the receiving city's conditions. This module re-runs three of the
workbench's analyses with those conditions:

* **PV** (:func:`pv_summary`): a 1 MWp equator-facing system on the city's synthetic typical
  year (:func:`kgi_lab.weather.typical_year`), its best tilt, and the CO2 it avoids at the
  LOCAL grid factor;
* **air quality** (:func:`applicable_standards`, :func:`kawasaki_against_local_standard`): the
  national standard that applies, beside Japan's and WHO 2021's, and how Kawasaki's (synthetic)
  monitoring network would fare under it;
* **heat** (:func:`heat_savings`): a Steam-Net-like scheme burning the city's assumed boiler fuel
  (IPCC 2006 factors) and losing generation valued at the local grid factor.

:func:`city_profile` gathers the conditions and :func:`compare_cities` puts the headline numbers
of several cities in one table. The conditions live in ``datasets/partner_city_factors.yaml``
(catalogued as ``partner_city_factors``, loaded through :func:`kgi_lab.datasets.load`): grid
factors with their year, citation and quality flag, the air-standard key, and the boiler fuel,
which is an explicit ASSUMPTION for every city. Fuel prices were NOT FOUND: money is computed
only from a price the user gives, never from an invented one.

Everything here calls the public APIs of :mod:`kgi_lab.weather`, :mod:`kgi_lab.pv`,
:mod:`kgi_lab.air` and :mod:`kgi_lab.heat`; nothing is re-implemented.

References
----------
.. [1] City of Kawasaki, 川崎市グリーン・イノベーション推進方針 (Green Innovation Promotion
   Policy), 2014 (shared/seed).
.. [2] Grid emission factors: shared/reference/partner-cities.md §4 (MOE/METI FY2024; MEE 2022;
   MIDA 2024; Vietnam MONRE 2023; Kepmen ESDM 163.K/2021; CEA CO2 Baseline Database v20.0).
.. [3] Ambient air-quality standards: datasets/air_standards.yaml (partner-cities.md §5;
   kawasaki-facts.md §2-§3), evaluated by :mod:`kgi_lab.air.standards`.
.. [4] 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2, Ch. 1, Tables
   1.2-1.4 (partner-cities.md §6), through :func:`kgi_lab.heat.savings.fuel_factors`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "AIR_POLLUTANTS",
    "CONVERSION_TEMPERATURE_C",
    "DATASET",
    "DEFAULT_BOILER_EFFICIENCY",
    "DEFAULT_POLLUTANTS",
    "HeatSchemeSummary",
    "PVSummary",
    "applicable_standards",
    "city_ids",
    "city_profile",
    "compare_cities",
    "heat_savings",
    "kawasaki_against_local_standard",
    "pv_summary",
]

#: Catalogue id of the local-conditions table.
DATASET = "partner_city_factors"

#: Pollutants :func:`applicable_standards` compares by default.
DEFAULT_POLLUTANTS = ("no2", "pm25", "pm10", "so2", "o3")
_COMPARABLE = ("no2", "pm25", "pm10", "so2", "o3", "co")

#: Pollutants that Kawasaki's network measures AND every non-Japanese standard knows
#: (the network measures Ox and SPM, Japanese metrics, instead of O3 and PM10).
AIR_POLLUTANTS = ("pm25", "no2", "so2", "co")

#: Efficiency of the displaced industrial boilers [-], NCV basis (the IPCC 2006 factors are net
#: calorific values). ASSUMPTION, the same in every city so that the comparison isolates the fuel
#: and the grid; give the local value when it is known.
DEFAULT_BOILER_EFFICIENCY = 0.85

#: Temperature [°C] at which ppm limits of standards stating none (Japan states gases in ppm;
#: India, Vietnam, Malaysia: no reference found) are converted to µg/m³: 25 °C, 1 atm, the
#: reference of WHO 2021, PP 22/2021 (Indonesia) and GB 3095 gases since 2018.
CONVERSION_TEMPERATURE_C = 25.0

_PERIOD = {
    "annual": "annual",
    "24h": "24h",
    "8h_block": "8h",
    "8h_daily_max": "8h",
    "1h": "1h",
    "1h_daily_max": "1h",
    "daytime_1h": "1h",
    "peak_season": "peak season",
}
_PERIOD_ORDER = ("annual", "peak season", "24h", "8h", "1h")
_MOLAR_KEY = {"no2": "NO2", "so2": "SO2", "o3": "O3", "co": "CO"}
#: Japan regulates these instead of O3 and PM10: shown for reference, never compared.
_JAPAN_SUBSTITUTE = {
    "o3": (
        "ox",
        "Japan regulates photochemical oxidants (Ox, 光化学オキシダント: every daytime hourly "
        "value <= 0.06 ppm), not O3: not compared",
    ),
    "pm10": (
        "spm",
        "Japan has no PM10 standard: it regulates SPM (浮遊粒子状物質, particles <= 10 µm: daily "
        "mean <= 0.10 mg/m3, hourly <= 0.20 mg/m3), a different size definition: not compared",
    ),
}
_REL_TOL = 1e-6

#: net_savings keywords that heat_savings passes through (the steam states and the turbine).
_SCHEME_KEYS = (
    "supply_pressure_mpa",
    "supply_temperature_c",
    "return_condensate_fraction",
    "condensate_return_temperature_c",
    "feedwater_temperature_c",
    "extraction_pressure_mpa",
    "extraction_temperature_c",
    "condenser_pressure_kpa",
    "turbine_isentropic_efficiency",
    "generator_efficiency",
    "grid_primary_energy_gj_per_mwh",
    "transport_loss_gj",
)


# --------------------------------------------------------------------------------------------------
# the local conditions


@lru_cache(maxsize=1)
def _doc() -> dict[str, Any]:
    from kgi_lab import datasets

    return datasets.load(DATASET)


def city_ids() -> tuple[str, ...]:
    """City ids of the local-conditions table: ``kawasaki`` and the six partner cities."""
    return tuple(_doc()["cities"])


def _check_city(city: Any, name: str = "city") -> str:
    known = city_ids()
    if not isinstance(city, str) or city not in known:
        extra = (
            " (yokohama is a second weather station for Kawasaki, not a partner city)"
            if city == "yokohama"
            else ""
        )
        raise ValueError(
            f"parameter '{name}': unknown city {city!r}{extra}; choose one of {', '.join(known)}"
        )
    return city


def _entry(city: str) -> dict[str, Any]:
    return _doc()["cities"][_check_city(city)]


def _grid_factor(city: str) -> float:
    return float(_entry(city)["grid"]["co2_kg_per_kwh"])


def _citation(key: str) -> str:
    return str(_doc()["sources"][key]["citation"])


def _mix_label(mix: dict[str, float]) -> str:
    if len(mix) == 1:
        return next(iter(mix))
    return " + ".join(f"{share * 100:g} % {fuel}" for fuel, share in mix.items())


def _check_fraction(value: Any, name: str, *, open_low: bool = True) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"parameter '{name}': expected a number, got {value!r}") from None
    if not ((0.0 < x if open_low else 0.0 <= x) and x <= 1.0):
        bounds = "(0, 1]" if open_low else "[0, 1]"
        raise ValueError(f"parameter '{name}' = {x:g} is outside the allowed range {bounds}")
    return x


def _check_non_negative(value: Any, name: str, unit: str, *, strict: bool = False) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"parameter '{name}': expected a number, got {value!r}") from None
    ok = x > 0 if strict else x >= 0
    if not (math.isfinite(x) and ok):
        sign = "> 0" if strict else ">= 0"
        raise ValueError(f"parameter '{name}' = {x:g} {unit} must be {sign} (and finite)")
    return x


def city_profile(city: str) -> pd.Series:
    """The local conditions of one city, with the source of each.

    Parameters
    ----------
    city : str
        ``kawasaki`` or a partner city (``shenyang``, ``shanghai``, ``penang``, ``da_nang``,
        ``bandung``, ``mumbai``); see :func:`city_ids`.

    Returns
    -------
    pandas.Series
        ``city``, ``name``, ``country``, ``station``, ``wmo_id``, ``latitude`` [deg],
        ``longitude`` [deg], ``elevation_m``, ``tz`` (from the ``partner_cities`` dataset);
        ``grid_co2_kg_per_kwh`` with ``grid_year``, ``grid_scope``, ``grid_source`` (citation),
        ``grid_quality`` and ``grid_note``; ``air_standard`` (a key of ``air_standards``),
        ``air_standard_name``, ``air_standard_note``; ``boiler_fuel`` (label),
        ``boiler_fuel_mix`` (energy shares of IPCC 2006 fuels), ``boiler_fuel_co2_t_per_gj``
        (share-weighted IPCC factor, NCV basis), ``boiler_fuel_label`` (``"assumption"``),
        ``boiler_fuel_note``, ``boiler_fuel_sources``; ``fuel_price_per_gj`` (None: NOT FOUND)
        and ``fuel_price_status``.

    Raises
    ------
    ValueError
        For an unknown city, naming the parameter and the valid ids.

    References
    ----------
    .. [1] datasets/partner_city_factors.yaml; partner-cities.md §1 (stations, time zones), §4
       (grid factors), §5 (air standards), §6 (IPCC 2006 fuel factors), §7 (prices NOT FOUND).
    """
    from kgi_lab import datasets
    from kgi_lab.air.standards import standards
    from kgi_lab.heat.savings import fuel_factors

    entry = _entry(city)
    station = datasets.load("partner_cities").loc[city]
    grid = entry["grid"]
    fuel = entry["boiler_fuel"]
    mix = {k: float(v) for k, v in fuel["fuel_mix"].items()}
    ipcc = fuel_factors("ipcc_2006")
    co2 = sum(share * float(ipcc.loc[name, "co2_t_per_gj"]) for name, share in mix.items())
    std = entry["air_standard"]
    profile = pd.Series(
        {
            "city": city,
            "name": str(station["name"]),
            "country": entry["country"],
            "station": str(station["station"]),
            "wmo_id": str(station["wmo_id"]),
            "latitude": float(station["latitude"]),
            "longitude": float(station["longitude"]),
            "elevation_m": float(station["elevation_m"]),
            "tz": str(station["tz"]),
            "grid_co2_kg_per_kwh": float(grid["co2_kg_per_kwh"]),
            "grid_year": str(grid["year"]),
            "grid_scope": str(grid["scope"]),
            "grid_source": _citation(grid["source"]),
            "grid_quality": str(grid["quality"]),
            "grid_note": str(grid.get("note", "")),
            "air_standard": std,
            "air_standard_name": standards()["jurisdictions"][std]["name"],
            "air_standard_note": str(entry["air_standard_note"]),
            "boiler_fuel": _mix_label(mix),
            "boiler_fuel_mix": mix,
            "boiler_fuel_co2_t_per_gj": co2,
            "boiler_fuel_label": str(fuel["label"]),
            "boiler_fuel_note": str(fuel["note"]),
            "boiler_fuel_sources": [_citation(k) for k in fuel.get("sources") or []],
            "fuel_price_per_gj": entry["fuel_price"]["value_per_gj"],
            "fuel_price_status": str(entry["fuel_price"]["status"]),
        },
        name=city,
        dtype=object,
    )
    profile.attrs["units"] = {
        "latitude": "deg",
        "longitude": "deg",
        "elevation_m": "m",
        "grid_co2_kg_per_kwh": "kg-CO2/kWh",
        "boiler_fuel_co2_t_per_gj": "t-CO2/GJ (NCV)",
    }
    return profile


# --------------------------------------------------------------------------------------------------
# PV


@dataclass(frozen=True)
class PVSummary:
    """Result of :func:`pv_summary`. Energies are AC, after all losses, per year.

    Attributes
    ----------
    city : str
    tilt_deg, azimuth_deg : float
        Orientation simulated [deg] (azimuth 180 = south, 0 = north).
    dc_capacity_kw : float
        [kWp].
    ac_energy_mwh : float
        Annual AC energy [MWh/yr].
    specific_yield_kwh_per_kwp : float
        [kWh/kWp/yr].
    performance_ratio : float
        IEC 61724-1 PR [-].
    annual_ghi_kwh_m2 : float
        Horizontal irradiation of the typical year [kWh/m²/yr].
    best_tilt_deg : float
        Tilt of the highest yield on the coarse grid [deg].
    grid_co2_kg_per_kwh : float
        Local grid factor [kg-CO2/kWh].
    co2_avoided_t : float
        ``energy x local factor`` [t-CO2/yr].
    co2_avoided_t_per_mwp : float
        The same per MWp of DC capacity [t-CO2/yr/MWp].
    monthly_energy_kwh : pandas.Series
        Monthly AC energy [kWh].
    tilt_sensitivity : pandas.Series
        Specific yield [kWh/kWp] by tilt [deg], at ``azimuth_deg``.
    sources : dict
        Where the weather inputs and the grid factor come from.
    """

    city: str
    tilt_deg: float
    azimuth_deg: float
    dc_capacity_kw: float
    ac_energy_mwh: float
    specific_yield_kwh_per_kwp: float
    performance_ratio: float
    annual_ghi_kwh_m2: float
    best_tilt_deg: float
    grid_co2_kg_per_kwh: float
    co2_avoided_t: float
    co2_avoided_t_per_mwp: float
    monthly_energy_kwh: pd.Series = field(repr=False)
    tilt_sensitivity: pd.Series = field(repr=False)
    sources: dict[str, str] = field(default_factory=dict, repr=False)

    def to_series(self) -> pd.Series:
        """The scalar results as a Series."""
        names = (
            "tilt_deg",
            "azimuth_deg",
            "dc_capacity_kw",
            "ac_energy_mwh",
            "specific_yield_kwh_per_kwp",
            "performance_ratio",
            "annual_ghi_kwh_m2",
            "best_tilt_deg",
            "grid_co2_kg_per_kwh",
            "co2_avoided_t",
            "co2_avoided_t_per_mwp",
        )
        return pd.Series({n: getattr(self, n) for n in names}, name=self.city)


def pv_summary(
    city: str,
    *,
    tilt: float | None = None,
    dc_capacity_kw: float = 1000.0,
    seed: int = 0,
    preset: str = "pvwatts",
    losses: Any = None,
    tilt_step_deg: float = 5.0,
) -> PVSummary:
    """Yield and avoided CO2 of an equator-facing PV system in ``city``, at its grid factor.

    The weather is the seeded synthetic typical year generated from the city's embedded monthly
    climate (:func:`kgi_lab.weather.typical_year`; about ±10 % on the annual irradiation, see
    its sources). A coarse tilt sweep (0-60° in ``tilt_step_deg`` steps, equator-facing,
    :func:`kgi_lab.pv.analysis.tilt_azimuth_sensitivity`) finds the best tilt; the system is then
    simulated (:func:`kgi_lab.pv.simulate`) at ``tilt`` or, if None, at that best tilt.

    Parameters
    ----------
    city : str
        A city id of :func:`city_ids`.
    tilt : float, optional
        Module tilt [deg], 0-90; None = the best tilt of the sweep.
    dc_capacity_kw : float, default 1000
        DC nameplate [kWp] (> 0); DC/AC ratio 1.2 (the :func:`kgi_lab.pv.systems.custom_system`
        defaults).
    seed : int, default 0
        Seed of the synthetic year.
    preset : {"pvwatts"}
        Model-chain preset; the generic system has no CEC module or inverter, so only
        ``"pvwatts"`` applies.
    losses : kgi_lab.pv.LossTree, optional
        Default: :class:`kgi_lab.pv.LossTree` (PVWatts defaults).
    tilt_step_deg : float, default 5
        Step of the tilt sweep [deg], in (0, 30].

    Returns
    -------
    PVSummary

    Raises
    ------
    ValueError
        Unknown city, tilt outside [0, 90], non-positive capacity, a step outside (0, 30], or a
        preset other than "pvwatts"; the message names the parameter.

    Notes
    -----
    CO2 avoided = AC energy x the LOCAL grid factor (:func:`kgi_lab.pv.analysis.co2_avoided_t`),
    i.e. the electricity is assumed to displace grid-average generation. A combined-margin
    factor (Vietnam's official one is) would be the better choice for a carbon project.

    References
    ----------
    .. [1] A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641, 2014.
    .. [2] IEC 61724-1:2021 (performance ratio).
    .. [3] Grid factors: partner-cities.md §4 via datasets/partner_city_factors.yaml.
    """
    from kgi_lab.pv import LossTree, simulate
    from kgi_lab.pv.analysis import co2_avoided_t, monthly_energy_kwh, tilt_azimuth_sensitivity
    from kgi_lab.pv.systems import custom_system, equator_facing_azimuth
    from kgi_lab.weather import irradiation_kwh_m2, location_from_weather, typical_year

    _check_city(city)
    if tilt is not None:
        t = _check_non_negative(tilt, "tilt", "deg")
        if t > 90:
            raise ValueError(f"parameter 'tilt' = {t:g} deg must be in [0, 90] (or None)")
    capacity = _check_non_negative(dc_capacity_kw, "dc_capacity_kw", "kWp", strict=True)
    step = _check_non_negative(tilt_step_deg, "tilt_step_deg", "deg", strict=True)
    if step > 30:
        raise ValueError(f"parameter 'tilt_step_deg' = {step:g} deg must be in (0, 30]")
    if preset != "pvwatts":
        raise ValueError(
            f"parameter 'preset': {preset!r} is not available for the generic system (it has no "
            "CEC module or inverter); use 'pvwatts'"
        )
    losses = LossTree() if losses is None else losses
    weather, climate = typical_year(city, seed=int(seed))
    location = location_from_weather(weather)
    azimuth = equator_facing_azimuth(location.latitude)
    template = custom_system(dc_capacity_kw=capacity, surface_azimuth=azimuth)
    tilts = np.arange(0.0, 60.0 + 1e-9, step)
    sweep = tilt_azimuth_sensitivity(
        weather, template, location, tilts=tilts, azimuths=[azimuth], losses=losses
    )
    curve = sweep.sel(surface_azimuth=azimuth).to_series()
    curve.name = "specific_yield_kwh_per_kwp"
    best_tilt = float(curve.idxmax())
    use_tilt = best_tilt if tilt is None else float(tilt)
    system = template.replace(surface_tilt=use_tilt, name=f"{city} {capacity:g} kWp")
    result = simulate(weather, system, location, preset=preset, losses=losses)
    energy_kwh = float(result["ac_energy_kwh"])
    factor = _grid_factor(city)
    co2_t = float(co2_avoided_t(energy_kwh, factor))
    sources = {"grid_co2_kg_per_kwh": _citation(_entry(city)["grid"]["source"])}
    if climate is not None:
        sources.update({k: str(v) for k, v in climate.attrs.get("sources", {}).items()})
    return PVSummary(
        city=city,
        tilt_deg=use_tilt,
        azimuth_deg=azimuth,
        dc_capacity_kw=capacity,
        ac_energy_mwh=energy_kwh / 1000.0,
        specific_yield_kwh_per_kwp=float(result["specific_yield_kwh_per_kwp"]),
        performance_ratio=float(result["performance_ratio"]),
        annual_ghi_kwh_m2=float(irradiation_kwh_m2(weather)),
        best_tilt_deg=best_tilt,
        grid_co2_kg_per_kwh=factor,
        co2_avoided_t=co2_t,
        co2_avoided_t_per_mwp=co2_t / (capacity / 1000.0),
        monthly_energy_kwh=monthly_energy_kwh(result),
        tilt_sensitivity=curve,
        sources=sources,
    )


# --------------------------------------------------------------------------------------------------
# air-quality standards


def _check_pollutants(pollutants: Any, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    if isinstance(pollutants, str):
        pollutants = (pollutants,)
    try:
        items = tuple(str(p).lower() for p in pollutants)
    except TypeError:
        raise ValueError(
            f"parameter '{name}': expected a sequence of pollutant names, got {pollutants!r}"
        ) from None
    if not items:
        raise ValueError(f"parameter '{name}' is empty; choose from {', '.join(allowed)}")
    bad = [p for p in items if p not in allowed]
    if bad:
        hint = ""
        if any(p in ("ox", "spm") for p in bad):
            hint = (
                " (Ox and SPM are Japanese metrics with no counterpart abroad; see the "
                "air_quality_network module)"
            )
        raise ValueError(
            f"parameter '{name}': unknown pollutant(s) {', '.join(map(repr, bad))}{hint}; "
            f"choose from {', '.join(allowed)}"
        )
    return items


_STATISTIC = {
    "mean": "mean",
    "max": "every value",
    "exceedances": "exceedances",
    "nth_highest": "nth highest",
    "peak_season_mean": "peak-season mean",
    "p98_value": "98 % value of daily means",
    "exclusion_2pct": "2 % exclusion value",
    "mean_of_daily_means": "mean of daily means",
}


def _statistic_label(lim: dict[str, Any]) -> str:
    stat = lim["statistic"]
    if stat == "percentile":
        return f"{float(lim['percentile']):g}th percentile"
    if stat == "nth_highest":
        return f"{int(lim['n'])}th highest"
    if stat == "exceedances":
        n = lim.get("allowed_exceedances")
        return "exceedances (allowance not retrieved)" if n is None else f"<= {n} exceedance(s)"
    label = _STATISTIC.get(stat, stat)
    if lim["averaging"] in ("1h_daily_max", "8h_daily_max"):
        label += " of daily maxima"
    if lim["averaging"] == "daytime_1h":
        label += " (daytime hours)"
    return label


def _to_ug_m3(value: float, units: str, pollutant: str, temperature_c: float) -> float:
    from kgi_lab.units import ppm_to_ug_m3

    if units == "ug m-3":
        return float(value)
    if units == "mg m-3":
        return float(value) * 1000.0
    ppm = {"ppm": 1.0, "ppb": 1e-3}[units] * float(value)
    return float(ppm_to_ug_m3(ppm, _MOLAR_KEY[pollutant], temperature_c))


def _limits_by_period(standard: str, pollutants: tuple[str, ...]) -> dict[tuple[str, str], dict]:
    """{(pollutant, period): {value_ug_m3, original, statistic, source, quality}} (the lowest
    value where a standard has several limits for one period)."""
    from kgi_lab.air.standards import standards

    jur = standards()["jurisdictions"][standard]
    t_ref = jur.get("reference_temperature_c")
    t_conv = CONVERSION_TEMPERATURE_C if t_ref is None else float(t_ref)
    out: dict[tuple[str, str], dict] = {}
    for lim in jur["limits"]:
        pollutant = lim["pollutant"]
        if pollutant not in pollutants:
            continue
        key = (pollutant, _PERIOD[lim["averaging"]])
        ug = _to_ug_m3(lim["value"], lim["units"], pollutant, t_conv)
        units = lim["units"].replace(" m-3", "/m3").replace("ug", "µg")
        entry = {
            "value_ug_m3": ug,
            "original": f"{float(lim['value']):g} {units}",
            "statistic": _statistic_label(lim),
            "source": lim.get("source", ""),
            "quality": lim.get("quality", ""),
            "converted": lim["units"] in ("ppm", "ppb"),
        }
        if key in out:
            old = out[key]
            if entry["statistic"] not in old["statistic"]:
                old["statistic"] += " / " + entry["statistic"]
            if ug < old["value_ug_m3"] * (1 - _REL_TOL):
                old.update({k: v for k, v in entry.items() if k != "statistic"})
        else:
            out[key] = entry
    return out


def _missing_reason(standard: str, pollutant: str, period: str, covered: set[str]) -> str:
    """Why ``standard`` has no ``period`` limit for ``pollutant`` (short, for a table cell)."""
    from kgi_lab.air.standards import standards

    jur = standards()["jurisdictions"][standard]
    if standard == "JP" and pollutant in _JAPAN_SUBSTITUTE:
        return _JAPAN_SUBSTITUTE[pollutant][1]
    if standard == "JP":
        return f"Japan sets no {period} {pollutant} standard"
    partial = "PARTIAL" in str(jur["name"]).upper()
    where = f"see kgi_lab.air.standards.limits('{standard}').attrs['missing']"
    if pollutant not in covered or partial:
        what = pollutant if pollutant not in covered else f"{period} {pollutant}"
        label = f"{standard} (a PARTIAL standard)" if partial else standard
        return f"{label}: {what} limit NOT FOUND; {where}"
    return f"{standard} sets no {period} {pollutant} limit (as retrieved)"


def _verdict(local: float, japan: float) -> str:
    if math.isnan(local):
        return "no local limit"
    if math.isnan(japan):
        return "no Japanese limit"
    if abs(local - japan) <= _REL_TOL * max(abs(local), abs(japan)):
        return "equal"
    return "stricter" if local < japan else "looser"


def applicable_standards(
    city: str, pollutants: tuple[str, ...] | list[str] = DEFAULT_POLLUTANTS
) -> pd.DataFrame:
    """The national air-quality limits that apply in ``city``, beside Japan's and WHO 2021's.

    One row per pollutant and averaging period (annual, peak season, 24 h, 8 h, 1 h) that at
    least one of the three sets. Every limit is shown in µg/m³ **at its own jurisdiction's
    reference temperature**: limits stated in µg/m³ are used as stated (WHO 2021, PP 22/2021 and
    GB 3095 gases since 2018: 25 °C, 1 atm; India, Vietnam (µg/Nm³) and Malaysia state no
    reference that was retrieved); limits stated in ppm (Japan's gases) are converted at
    :data:`CONVERSION_TEMPERATURE_C` = 25 °C, 1 atm (:func:`kgi_lab.units.ppm_to_ug_m3`).
    Particles are at ambient conditions everywhere.

    Parameters
    ----------
    city : str
        A city id of :func:`city_ids`; its standard is ``city_profile(city)["air_standard"]``.
    pollutants : sequence of str, default ("no2", "pm25", "pm10", "so2", "o3")
        Any of no2, pm25, pm10, so2, o3, co.

    Returns
    -------
    pandas.DataFrame
        Columns: ``pollutant``, ``averaging``, ``limit`` (``"<pollutant> <averaging>"``, the
        label used by the exercises), ``local_standard``, ``local_limit_ug_m3``,
        ``local_original`` (value and units as published), ``local_statistic``,
        ``local_reference_temperature_c`` (NaN where none was found), ``local_source``,
        ``local_quality``, ``japan_limit_ug_m3``, ``japan_original``, ``japan_statistic``,
        ``who_limit_ug_m3``, ``who_statistic``, ``strictest`` (the jurisdiction(s) with the
        lowest number), ``local_vs_japan`` (``"stricter"``, ``"looser"``, ``"equal"``, ``"no
        local limit"``, ``"no Japanese limit"``) and ``note`` (why a value is missing; the
        statistics that differ). Missing limits are NaN, never guessed. ``attrs`` carry the
        standards' names, the conversion convention and each standard's list of what is missing.

    Raises
    ------
    ValueError
        Unknown city or pollutant (naming the parameter).

    Notes
    -----
    The comparison is of the NUMBERS at the same averaging period. The statistics can differ
    (Japan's NO2 daily limit is a 98 % value, Vietnam's and Indonesia's every daily mean, WHO's
    the 99th percentile), which makes a limit of the same number stricter or looser in
    practice; the statistic columns say which. Japan's O3 and PM10 cells are empty by design:
    Japan regulates Ox and SPM instead. Vietnam's µg/Nm³ would be about 9 % lower in µg/m³ at
    25 °C if its normal conditions are 0 °C (not retrieved).

    References
    ----------
    .. [1] datasets/air_standards.yaml: WHO 2021 (ISBN 9789240034228), GB 3095-2012 and its 2018
       amendment, CPCB NAAQS 2009, QCVN 05:2023/05:2013, PP 22/2021, MAAQS 2020 (partial),
       Japan 環境庁告示 25/38 and the 2009 PM2.5 notice; partner-cities.md §5,
       kawasaki-facts.md §2-§3.
    """
    from kgi_lab.air.standards import limits

    _check_city(city)
    items = _check_pollutants(pollutants, _COMPARABLE, "pollutants")
    local_key = _entry(city)["air_standard"]
    # Japan's Ox and SPM are not O3 and PM10: they only appear in the notes
    tables = {
        "local": _limits_by_period(local_key, items),
        "JP": _limits_by_period("JP", items),
        "WHO": _limits_by_period("WHO", items),
    }
    covered = {
        name: {lim["pollutant"] for lim in limits(key).to_dict("records")}
        for name, key in (("local", local_key), ("JP", "JP"), ("WHO", "WHO"))
    }
    keys = set().union(*tables.values())
    order = sorted(keys, key=lambda k: (items.index(k[0]), _PERIOD_ORDER.index(k[1])))
    local_t = limits(local_key).attrs.get("reference_temperature_c")
    rows = []
    for pollutant, period in order:
        loc = tables["local"].get((pollutant, period))
        jp = tables["JP"].get((pollutant, period))
        who = tables["WHO"].get((pollutant, period))
        nan = float("nan")
        local_v = loc["value_ug_m3"] if loc else nan
        jp_v = jp["value_ug_m3"] if jp else nan
        who_v = who["value_ug_m3"] if who else nan
        notes = []
        if loc is None:
            notes.append(_missing_reason(local_key, pollutant, period, covered["local"]))
        if jp is None and local_key != "JP":
            notes.append(_missing_reason("JP", pollutant, period, covered["JP"]))
        if jp is not None and jp["converted"]:
            notes.append(f"Japan's {jp['original']} converted at 25 °C, 1 atm")
        if loc and jp and local_key != "JP" and loc["statistic"] != jp["statistic"]:
            notes.append(
                f"statistics differ ({local_key}: {loc['statistic']}; JP: {jp['statistic']})"
            )
        candidates = {local_key: local_v, "JP": jp_v, "WHO": who_v}
        finite = {k: v for k, v in candidates.items() if not math.isnan(v)}
        low = min(finite.values())
        strictest = " = ".join(
            k for k, v in finite.items() if abs(v - low) <= _REL_TOL * max(abs(low), 1e-12)
        )
        rows.append(
            {
                "pollutant": pollutant,
                "averaging": period,
                "limit": f"{pollutant} {period}",
                "local_standard": local_key,
                "local_limit_ug_m3": local_v,
                "local_original": loc["original"] if loc else None,
                "local_statistic": loc["statistic"] if loc else None,
                "local_reference_temperature_c": nan if local_t is None else float(local_t),
                "local_source": loc["source"] if loc else None,
                "local_quality": loc["quality"] if loc else None,
                "japan_limit_ug_m3": jp_v,
                "japan_original": jp["original"] if jp else None,
                "japan_statistic": jp["statistic"] if jp else None,
                "who_limit_ug_m3": who_v,
                "who_statistic": who["statistic"] if who else None,
                "strictest": strictest,
                "local_vs_japan": _verdict(local_v, jp_v),
                "note": "; ".join(notes),
            }
        )
    table = pd.DataFrame(rows)
    local_meta = limits(local_key).attrs
    table.attrs.update(
        {
            "city": city,
            "local_standard": local_key,
            "local_name": local_meta["name"],
            "local_missing": list(local_meta.get("missing") or []),
            "japan_name": limits("JP").attrs["name"],
            "who_name": limits("WHO").attrs["name"],
            "units": "ug m-3",
            "conversion": (
                "Limits stated in µg/m³ are shown as stated, at their jurisdiction's reference "
                f"temperature (local {local_key}: "
                + ("not retrieved" if local_t is None else f"{float(local_t):g} °C")
                + "; WHO 25 °C). Japan's ppm limits are converted at 25 °C, 1 atm "
                "(kgi_lab.units.ppm_to_ug_m3). Particles at ambient conditions."
            ),
        }
    )
    return table


# --------------------------------------------------------------------------------------------------
# Kawasaki's network under the local standard


def kawasaki_against_local_standard(
    city: str,
    pollutant: str = "pm25",
    year: int = 2017,
    *,
    data: Any = None,
) -> pd.DataFrame:
    """How many of Kawasaki's monitoring stations would attain ``city``'s national standard.

    A teaching link between the two cities: the same (synthetic) hourly data of Kawasaki's
    network, judged once by Japan's standard (:func:`kgi_lab.air.standards.evaluate_japan`,
    fiscal year) and once by the local one (:func:`kgi_lab.air.standards.evaluate`, calendar
    year). A stricter number, or a stricter statistic (every daily mean rather than a 98 % value),
    turns attaining stations into failing ones.

    Parameters
    ----------
    city : str
        A city id of :func:`city_ids`.
    pollutant : {"pm25", "no2", "so2", "co"}, default "pm25"
        Pollutants measured by the network that the non-Japanese standards know (the network
        measures Ox and SPM, not O3 and PM10).
    year : int, default 2017
        The FISCAL year (April-March) for Japan's evaluation and the CALENDAR year of the same
        number for the local standard, as :func:`kgi_lab.air.standards.evaluate` reads it. The
        embedded data cover FY2014-FY2018, so the calendar years 2015-2018 are complete.
    data : xarray.Dataset, optional
        Hourly network data; default the embedded synthetic Kawasaki network
        (:func:`kgi_lab.air.load_air_data` ``("embedded")``).

    Returns
    -------
    pandas.DataFrame
        One row per station: ``name``, ``station_type``, ``japan_attained`` (fiscal year),
        ``local_standard``, ``local_evaluable``, ``local_reason``, ``local_attained`` (NA where
        undecided or where the local standard has no limit for the pollutant) and the local
        evaluation's statistic columns. ``attrs["summary"]``: ``stations`` (with data),
        ``local_evaluable``, ``local_attained``, ``japan_attained`` (counts), ``missing`` (why no
        local limit, or None); ``attrs["local"]``: the local evaluation's attrs.

    Raises
    ------
    ValueError
        Unknown city, or a pollutant not in ``AIR_POLLUTANTS`` (naming the parameter).

    References
    ----------
    .. [1] :mod:`kgi_lab.air.standards` and datasets/air_standards.yaml (sources of every
       limit); the data: datasets/kawasaki_air_hourly.nc (SYNTHETIC, calibrated to the
       published Kawasaki statistics, kawasaki-facts.md §1).
    """
    from kgi_lab.air import load_air_data
    from kgi_lab.air.standards import evaluate, evaluate_japan, limits

    _check_city(city)
    (pollutant,) = _check_pollutants(pollutant, AIR_POLLUTANTS, "pollutant")
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise ValueError(f"parameter 'year': expected an integer year, got {year!r}")
    ds = load_air_data("embedded") if data is None else data
    key = _entry(city)["air_standard"]
    japan = evaluate_japan(ds, pollutant, int(year))
    covered = {lim["pollutant"] for lim in limits(key).to_dict("records")}
    meta_cols = [c for c in ("name", "station_type") if c in japan.columns]
    out = japan[meta_cols].copy()
    out["japan_attained"] = japan["attained"]
    out["local_standard"] = key
    missing = None
    local_attrs: dict[str, Any] = {}
    if pollutant in covered:
        local = evaluate(ds, pollutant, int(year), key)
        local_attrs = dict(local.attrs)
        out["local_evaluable"] = local["evaluable"]
        out["local_reason"] = local["reason"]
        out["local_attained"] = local["attained"]
        skip = set(japan.columns) | {"evaluable", "reason", "attained", "standard", "period"}
        for column in local.columns:
            if column not in skip:
                out[column] = local[column]
    else:
        missing = _missing_reason(key, pollutant, "any", covered)
        out["local_evaluable"] = False
        out["local_reason"] = missing
        out["local_attained"] = pd.array([pd.NA] * len(out), dtype="boolean")
    has_data = japan["valid_hours"] > 0
    out.attrs["summary"] = {
        "city": city,
        "standard": key,
        "pollutant": pollutant,
        "year": int(year),
        "stations": int(has_data.sum()),
        "local_evaluable": int(out["local_evaluable"].astype(bool).sum()),
        "local_attained": int(out["local_attained"].fillna(False).astype(bool).sum()),
        "japan_attained": int(out["japan_attained"].fillna(False).astype(bool).sum()),
        "missing": missing,
    }
    out.attrs["local"] = local_attrs
    return out


# --------------------------------------------------------------------------------------------------
# heat


@dataclass(frozen=True)
class HeatSchemeSummary:
    """Result of :func:`heat_savings`; energies in GJ/yr (NCV basis for fuels), CO2 in t/yr.

    Attributes
    ----------
    city : str
    steam_t_per_year : float
    fuel_mix : dict
        Energy shares of the displaced boilers' fuels (IPCC 2006 names).
    boiler_efficiency : float
        [-], NCV basis.
    grid_co2_kg_per_kwh : float
        Factor valuing the lost generation [kg-CO2/kWh].
    heat_delivered_gj : float
        Useful heat delivered [GJ/yr].
    avoided_fuel_gj, avoided_co2_t : float
        Boiler fuel no longer burnt (net of network heat loss) and its CO2.
    lost_generation_mwh : float
        Electricity the power station no longer generates [MWh/yr].
    makeup_gj, makeup_co2_t : float
        Primary energy and CO2 of that electricity from the grid.
    net_gj, net_crude_oil_kl, net_co2_t : float
        Net saving [GJ/yr, kL/yr crude-oil equivalent at 0.0258 kL/GJ, t-CO2/yr].
    breakeven_grid_co2_kg_per_kwh : float
        Grid factor at which the net CO2 saving is zero [kg-CO2/kWh].
    currency : str or None
    avoided_fuel_cost, lost_electricity_value, net_money : float or None
        Money per year, in ``currency``, only from prices the user gave.
    table : pandas.DataFrame
        The :func:`kgi_lab.heat.savings.net_savings` table.
    notes : tuple of str
    """

    city: str
    steam_t_per_year: float
    fuel_mix: dict[str, float]
    boiler_efficiency: float
    grid_co2_kg_per_kwh: float
    heat_delivered_gj: float
    avoided_fuel_gj: float
    avoided_co2_t: float
    lost_generation_mwh: float
    makeup_gj: float
    makeup_co2_t: float
    net_gj: float
    net_crude_oil_kl: float
    net_co2_t: float
    breakeven_grid_co2_kg_per_kwh: float
    currency: str | None = None
    avoided_fuel_cost: float | None = None
    lost_electricity_value: float | None = None
    net_money: float | None = None
    table: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    notes: tuple[str, ...] = field(default=(), repr=False)

    def to_series(self) -> pd.Series:
        """The scalar results as a Series (the fuel mix as its label)."""
        names = (
            "steam_t_per_year",
            "boiler_efficiency",
            "grid_co2_kg_per_kwh",
            "heat_delivered_gj",
            "avoided_fuel_gj",
            "avoided_co2_t",
            "lost_generation_mwh",
            "makeup_gj",
            "makeup_co2_t",
            "net_gj",
            "net_crude_oil_kl",
            "net_co2_t",
            "breakeven_grid_co2_kg_per_kwh",
            "currency",
            "avoided_fuel_cost",
            "lost_electricity_value",
            "net_money",
        )
        data = {"boiler_fuel": _mix_label(self.fuel_mix)}
        data.update({n: getattr(self, n) for n in names})
        return pd.Series(data, name=self.city, dtype=object)


def heat_savings(
    city: str,
    steam_t_per_year: float = 400_000.0,
    *,
    boiler_efficiency: float = DEFAULT_BOILER_EFFICIENCY,
    fuel_mix: dict[str, float] | None = None,
    grid_co2_kg_per_kwh: float | None = None,
    fuel_price_per_gj: float | None = None,
    electricity_price_per_mwh: float | None = None,
    currency: str | None = None,
    **scheme: Any,
) -> HeatSchemeSummary:
    """A Steam-Net-like scheme in ``city``: avoided boiler fuel minus lost generation.

    Kawasaki's Steam Net pipes power-station steam to factories that raised it in their own
    boilers. Here the displaced boilers burn the city's ASSUMED fuel (``city_profile(city)
    ["boiler_fuel_mix"]``) with IPCC 2006 factors, and the generation lost by extracting the
    steam is valued as grid electricity at the LOCAL grid factor
    (:func:`kgi_lab.heat.savings.net_savings` with ``factor_set="ipcc_2006"``,
    ``makeup="grid"``). The steam states and turbine are those of the Kawasaki reconstruction
    (1.5 MPa / 280 °C supply, 3.0 MPa / 380 °C extraction; all assumptions, see
    :func:`~kgi_lab.heat.savings.net_savings`), unless given in ``scheme``.

    Parameters
    ----------
    city : str
        A city id of :func:`city_ids`.
    steam_t_per_year : float, default 400,000
        Steam supplied [t/yr] (> 0); Kawasaki's 2014 figure.
    boiler_efficiency : float, default 0.85
        Efficiency of the displaced boilers [-] in (0, 1], NCV basis (ASSUMPTION, the same for
        every city: :data:`DEFAULT_BOILER_EFFICIENCY`).
    fuel_mix : dict, optional
        Energy shares of IPCC 2006 fuels (``natural_gas``, ``residual_fuel_oil``,
        ``gas_diesel_oil``, ``lpg``, ``other_bituminous_coal``) replacing the city's assumed mix.
    grid_co2_kg_per_kwh : float, optional
        Replaces the city's grid factor [kg-CO2/kWh] (e.g. a provincial value you found).
    fuel_price_per_gj : float, optional
        Price of the boiler fuel [currency/GJ, NCV]. No price was found for any city
        (partner-cities.md §7): without one, no money figure is computed.
    electricity_price_per_mwh : float, optional
        Value of the lost generation [currency/MWh]; with ``fuel_price_per_gj`` it gives the net.
    currency : str, optional
        The currency of the prices (e.g. ``"MYR"``); required with a price.
    **scheme
        Passed to :func:`kgi_lab.heat.savings.net_savings`: ``supply_pressure_mpa``,
        ``supply_temperature_c``, ``return_condensate_fraction``,
        ``condensate_return_temperature_c``, ``feedwater_temperature_c``,
        ``extraction_pressure_mpa``, ``extraction_temperature_c``, ``condenser_pressure_kpa``,
        ``turbine_isentropic_efficiency``, ``generator_efficiency``,
        ``grid_primary_energy_gj_per_mwh``, ``transport_loss_gj``.

    Returns
    -------
    HeatSchemeSummary

    Raises
    ------
    ValueError
        Unknown city, non-positive or negative steam, an efficiency outside (0, 1], a negative
        price or grid factor, a price without ``currency``, an unknown fuel or ``scheme``
        keyword; the message names the parameter.

    Notes
    -----
    * Net CO2 = avoided fuel x IPCC factor - lost generation x grid factor; it falls to zero at
      ``breakeven_grid_co2_kg_per_kwh`` = (avoided CO2) / (lost generation): on a grid dirtier
      than that, taking steam from the power station emits more than the boilers did.
    * Energies mix bases as the Japanese convention does: fuels on NCV (IPCC), the lost
      electricity at the 省エネ法 primary-energy factor 9.97 GJ/MWh (HHV-based, a Japanese
      convention applied to every city here: an assumption); crude-oil equivalents apply
      0.0258 kL/GJ and read about 5-10 % low for NCV energy.
    * Money: ``avoided_fuel_cost`` = avoided GJ x fuel price; ``lost_electricity_value`` = lost
      MWh x electricity price; ``net_money`` = their difference, only when both are given.

    References
    ----------
    .. [1] 2006 IPCC Guidelines, Vol. 2, Ch. 1, Tables 1.2-1.4 (partner-cities.md §6).
    .. [2] Grid factors: partner-cities.md §4; boiler fuels: datasets/partner_city_factors.yaml.
    .. [3] The Steam Net model and its assumptions: :mod:`kgi_lab.heat.savings`.
    """
    from kgi_lab.heat.savings import net_savings

    _check_city(city)
    steam = _check_non_negative(steam_t_per_year, "steam_t_per_year", "t/yr", strict=True)
    eta = _check_fraction(boiler_efficiency, "boiler_efficiency")
    unknown = sorted(set(scheme) - set(_SCHEME_KEYS))
    if unknown:
        raise ValueError(
            f"unknown scheme parameter(s) {', '.join(unknown)}; heat_savings passes on "
            f"{', '.join(_SCHEME_KEYS)} (fuel_mix, boiler_efficiency and the grid factor are its "
            "own parameters)"
        )
    mix = dict(_entry(city)["boiler_fuel"]["fuel_mix"]) if fuel_mix is None else dict(fuel_mix)
    factor = (
        _grid_factor(city)
        if grid_co2_kg_per_kwh is None
        else _check_non_negative(grid_co2_kg_per_kwh, "grid_co2_kg_per_kwh", "kg/kWh")
    )
    prices = {
        "fuel_price_per_gj": fuel_price_per_gj,
        "electricity_price_per_mwh": electricity_price_per_mwh,
    }
    for name, value in prices.items():
        if value is not None:
            _check_non_negative(value, name, "per unit")
            if not currency:
                raise ValueError(
                    f"parameter 'currency' is required with {name} (e.g. currency='MYR'); "
                    "prices without a currency cannot be compared"
                )
    try:
        table = net_savings(
            steam,
            boiler_efficiency=eta,
            fuel_mix=mix,
            factor_set="ipcc_2006",
            makeup="grid",
            grid_co2_t_per_mwh=factor,
            **scheme,
        )
    except ValueError as exc:
        if "fuel_mix" in str(exc):
            raise ValueError(f"parameter 'fuel_mix': {exc}") from None
        raise
    avoided_gj = float(table.loc["avoided_boiler_fuel", "energy_gj"]) + float(
        table.loc["network_heat_loss", "energy_gj"]
    )
    avoided_t = float(table.loc["avoided_boiler_fuel", "co2_t"]) + float(
        table.loc["network_heat_loss", "co2_t"]
    )
    lost = float(table.attrs["lost_generation_mwh"])
    net = table.loc["net_saving"]
    fuel_cost = None if fuel_price_per_gj is None else avoided_gj * float(fuel_price_per_gj)
    elec_value = (
        None if electricity_price_per_mwh is None else lost * float(electricity_price_per_mwh)
    )
    net_money = None if fuel_cost is None or elec_value is None else fuel_cost - elec_value
    notes = [
        "Boiler fuel: " + str(_entry(city)["boiler_fuel"]["note"])
        if fuel_mix is None
        else "Boiler fuel given by the user.",
        f"Boiler efficiency {eta:g} (NCV basis): "
        + ("ASSUMPTION, the same in every city." if eta == DEFAULT_BOILER_EFFICIENCY else "given."),
        "Lost generation valued as grid electricity: 9.97 GJ/MWh primary energy (Japanese "
        "省エネ法 convention, applied to every city: an assumption) and the local grid factor.",
    ]
    if fuel_cost is None:
        notes.append(
            "No money figure: no fuel price was found for any city (partner-cities.md §7); "
            "give fuel_price_per_gj and currency."
        )
    elif elec_value is None:
        notes.append(
            "Only the avoided fuel cost: the lost generation is not valued "
            "(give electricity_price_per_mwh for the net)."
        )
    return HeatSchemeSummary(
        city=city,
        steam_t_per_year=steam,
        fuel_mix={k: float(v) for k, v in mix.items()},
        boiler_efficiency=eta,
        grid_co2_kg_per_kwh=factor,
        heat_delivered_gj=float(table.attrs["heat_delivered_gj"]),
        avoided_fuel_gj=avoided_gj,
        avoided_co2_t=avoided_t,
        lost_generation_mwh=lost,
        makeup_gj=-float(table.loc["power_station_makeup", "energy_gj"]),
        makeup_co2_t=-float(table.loc["power_station_makeup", "co2_t"]),
        net_gj=float(net["energy_gj"]),
        net_crude_oil_kl=float(net["crude_oil_kl"]),
        net_co2_t=float(net["co2_t"]),
        breakeven_grid_co2_kg_per_kwh=avoided_t / lost if lost > 0 else float("inf"),
        currency=currency if (fuel_cost is not None or elec_value is not None) else None,
        avoided_fuel_cost=fuel_cost,
        lost_electricity_value=elec_value,
        net_money=net_money,
        table=table,
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------------------------------
# comparison


def compare_cities(
    cities: list[str] | tuple[str, ...] | None = None,
    *,
    seed: int = 0,
    year: int = 2017,
    dc_capacity_kw: float = 1000.0,
    steam_t_per_year: float = 400_000.0,
    boiler_efficiency: float = DEFAULT_BOILER_EFFICIENCY,
) -> pd.DataFrame:
    """The headline numbers of several cities in one tidy table (one row per city).

    Parameters
    ----------
    cities : sequence of str, optional
        City ids (default all of :func:`city_ids`, Kawasaki first).
    seed : int, default 0
        Seed of the synthetic weather years (:func:`pv_summary`).
    year : int, default 2017
        Year of the air-quality evaluation (:func:`kawasaki_against_local_standard`).
    dc_capacity_kw, steam_t_per_year, boiler_efficiency
        See :func:`pv_summary` and :func:`heat_savings`.

    Returns
    -------
    pandas.DataFrame
        Columns ``city``, ``name``, ``country``; PV: ``specific_yield_kwh_per_kwp``,
        ``best_tilt_deg``, ``pv_co2_avoided_t_per_mwp``; grid: ``grid_factor_kg_per_kwh``,
        ``grid_factor_year``, ``grid_factor_quality``, ``grid_factor_source``; air:
        ``air_standard``, ``pm25_annual_limit_ug_m3``, ``no2_annual_limit_ug_m3`` (NaN where the
        standard sets none or it was not found), ``standards_stricter_than_japan`` (count of
        limits of :func:`applicable_standards` whose number is below Japan's),
        ``kawasaki_stations_attaining_local_pm25``; heat: ``boiler_fuel``, ``boiler_fuel_label``
        (``"assumption"``), ``heat_net_co2_t``, ``heat_net_crude_oil_kl``,
        ``heat_breakeven_grid_co2_kg_per_kwh``. ``attrs["units"]`` gives the units.

    Raises
    ------
    ValueError
        An empty list or an unknown city (naming the parameter ``cities``).
    """
    if cities is None:
        chosen = city_ids()
    else:
        chosen = (cities,) if isinstance(cities, str) else tuple(cities)
        if not chosen:
            raise ValueError(f"parameter 'cities' is empty; choose from {', '.join(city_ids())}")
        for c in chosen:
            _check_city(c, "cities")
    rows = []
    for city in chosen:
        profile = city_profile(city)
        pv = pv_summary(city, seed=seed, dc_capacity_kw=dc_capacity_kw)
        table = applicable_standards(city)
        annual = table.set_index("limit")["local_limit_ug_m3"]
        air = kawasaki_against_local_standard(city, "pm25", year).attrs["summary"]
        heat = heat_savings(city, steam_t_per_year, boiler_efficiency=boiler_efficiency)
        rows.append(
            {
                "city": city,
                "name": profile["name"],
                "country": profile["country"],
                "specific_yield_kwh_per_kwp": pv.specific_yield_kwh_per_kwp,
                "best_tilt_deg": pv.best_tilt_deg,
                "pv_co2_avoided_t_per_mwp": pv.co2_avoided_t_per_mwp,
                "grid_factor_kg_per_kwh": profile["grid_co2_kg_per_kwh"],
                "grid_factor_year": profile["grid_year"],
                "grid_factor_quality": profile["grid_quality"],
                "grid_factor_source": profile["grid_source"],
                "air_standard": profile["air_standard"],
                "pm25_annual_limit_ug_m3": float(annual.get("pm25 annual", float("nan"))),
                "no2_annual_limit_ug_m3": float(annual.get("no2 annual", float("nan"))),
                "standards_stricter_than_japan": int((table["local_vs_japan"] == "stricter").sum()),
                "kawasaki_stations_attaining_local_pm25": air["local_attained"],
                "boiler_fuel": profile["boiler_fuel"],
                "boiler_fuel_label": profile["boiler_fuel_label"],
                "heat_net_co2_t": heat.net_co2_t,
                "heat_net_crude_oil_kl": heat.net_crude_oil_kl,
                "heat_breakeven_grid_co2_kg_per_kwh": heat.breakeven_grid_co2_kg_per_kwh,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["units"] = {
        "specific_yield_kwh_per_kwp": "kWh/kWp/yr",
        "best_tilt_deg": "deg",
        "pv_co2_avoided_t_per_mwp": "t-CO2/yr per MWp",
        "grid_factor_kg_per_kwh": "kg-CO2/kWh",
        "pm25_annual_limit_ug_m3": "ug/m3",
        "no2_annual_limit_ug_m3": "ug/m3",
        "kawasaki_stations_attaining_local_pm25": "stations",
        "heat_net_co2_t": "t-CO2/yr",
        "heat_net_crude_oil_kl": "kL/yr crude-oil equivalent",
        "heat_breakeven_grid_co2_kg_per_kwh": "kg-CO2/kWh",
    }
    out.attrs["settings"] = {
        "seed": seed,
        "year": year,
        "dc_capacity_kw": dc_capacity_kw,
        "steam_t_per_year": steam_t_per_year,
        "boiler_efficiency": boiler_efficiency,
    }
    return out
