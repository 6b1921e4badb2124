"""Electricity balance, generation efficiency, capacity factor and CO2 accounting of waste-to-energy plants.

The quantities, per plant and year (``E`` generation, ``S`` sold, ``P`` purchased, all kWh):

=================================  ==============================================================
own use (自家消費)                  ``E - S``: generated and used on site
consumption                        ``E - S + P``: everything the plant used
net export                         ``S - P`` (positive: the plant is a net supplier)
self-sufficiency                   ``(E - S) / (E - S + P)``
export share                       ``S / E``
power generation efficiency        ``E x 3.6 MJ/kWh / (waste [kg] x LHV [MJ/kg])`` (発電効率,
                                   gross; auxiliary fuel not in the heat input)
capacity factor                    ``E / (rating x hours)``; full-load hours ``E / rating``
avoided CO2                        ``kWh x grid factor`` for exports (displaced grid generation)
                                   and for own use (electricity not bought)
fossil CO2 of the waste            ``plastic mass x 2.75 t-CO2/t`` (IPCC 2006 defaults)
=================================  ==============================================================

**Generation efficiency vs energy recovery rate.** Japanese practice keeps two terms apart.
発電効率 (power generation efficiency) is electricity over the heat of the waste (plus any
auxiliary fuel) burnt. エネルギー回収率 (energy recovery rate), the criterion of the Ministry of the
Environment's grants (循環型社会形成推進交付金, エネルギー回収型廃棄物処理施設), adds a heat-utilisation
rate (熱利用率: heat supplied to users, with a weighting) to the generation efficiency. That weighting
was not retrieved for kgi_lab, so :func:`energy_recovery_rate` here counts **electricity only**
(heat use excluded) and equals :func:`power_generation_efficiency`; for a plant that also supplies
heat (Ozenji heats the ヨネッティー王禅寺 pool) it understates the MOE rate.

Two inputs of the efficiency are not published for Kawasaki and are **estimates** here:
the waste's lower heating value (:func:`implied_lhv_mj_per_kg`, from Tachibana's published design
point) and each plant's yearly throughput (:func:`estimate_throughput_t`: each plant burnt at least
what its generation needs at its design yield in kWh per tonne, and the rest of the city total is
shared by capacity; :func:`throughput_bounds_t` gives the feasible range). Both are parameters of
every function that uses them.

Functions accept scalars, numpy arrays and pandas objects alike.

References
----------
.. [1] City of Kawasaki, Green Innovation Promotion Policy (2014), table 平成24年度発電・売電実績;
   shared/reference/kawasaki-facts.md §7 (Tachibana 14,000 kW / 600 t/day / 21.5 %; Ozenji
   7,500 kW, 3 x 150 t/day furnaces, normally 2 running; FY2015 54.18 GWh generated, 39.86 GWh
   sold). Dataset ``kawasaki_incineration``.
.. [2] Grid factors: shared/reference/partner-cities.md §4 (Japan national average FY2024
   0.423 kg-CO2/kWh, MOE/METI 電気事業者別排出係数), dataset ``japan_fuel_factors``.
.. [3] 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 5 (Waste), Ch. 2
   Table 2.4 and Ch. 5 Eq. 5.1 / Table 5.2, https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol5.html
.. [4] BIPM, The International System of Units, 9th ed. (2019): 1 kWh = 3.6 MJ.
.. [5] asao.kanagawanet.jp blog, 2024-02-28 (橘処理センター: "エネルギー回収率 ... 旧炉は6%だったに比べ、
   21.5%"), https://asao.kanagawanet.jp/blog/2024/02/28/4942/ ; mogist.kkc.co.jp glossary
   (エネルギー回収型廃棄物処理施設: エネルギー回収率 24.5 %相当以上, depending on plant size).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kgi_lab.units import MJ_PER_KWH
from kgi_lab.wte import plants as _plants

__all__ = [
    "CO2_PER_C",
    "DEFAULT_GRID",
    "avoided_co2_t",
    "capacity_factor",
    "co2_accounting",
    "design_yield_kwh_per_t",
    "electricity_balance",
    "energy_recovery_rate",
    "estimate_throughput_t",
    "fossil_co2_t",
    "full_load_hours",
    "grid_factor_kg_per_kwh",
    "grid_factors",
    "implied_lhv_mj_per_kg",
    "implied_throughput_t",
    "plant_electricity_balance",
    "plant_energy_recovery",
    "plastic_co2_t_per_t",
    "power_generation_efficiency",
    "resolve_grid_factor",
    "tachibana_design_lhv_mj_per_kg",
    "throughput_bounds_t",
]

#: Mass ratio CO2/C (molar masses 44.01/12.011, conventionally 44/12).
CO2_PER_C = 44.0 / 12.0
#: Default grid: Japan's national average factor (partner-cities.md §4).
DEFAULT_GRID = "JP"
_SECONDS_PER_DAY = 86_400.0


# --------------------------------------------------------------------------------------------------
# validation helpers


def _arr(value: Any, name: str) -> np.ndarray:
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"parameter '{name}' must be numeric, got {value!r}") from None
    return out


def _num(value: Any) -> Any:
    """Lists and tuples become float arrays; scalars, arrays and pandas objects pass through."""
    return np.asarray(value, dtype=float) if isinstance(value, (list, tuple)) else value


def _check_non_negative(value: Any, name: str, unit: str) -> None:
    a = _arr(value, name)
    if np.any(a < 0):
        raise ValueError(f"parameter '{name}' must be >= 0 {unit}, got {value!r}")


def _check_positive(value: Any, name: str, unit: str) -> None:
    a = _arr(value, name)
    if np.any(~(a > 0)):
        raise ValueError(f"parameter '{name}' must be > 0 {unit}, got {value!r}")


def _check_efficiency(value: Any, name: str) -> None:
    a = _arr(value, name)
    if np.any(~((a > 0) & (a <= 1))):
        raise ValueError(
            f"parameter '{name}' must be a fraction in (0, 1], got {value!r}"
            + (" (is it in %? divide by 100)" if np.all(a[np.isfinite(a)] > 1) and a.size else "")
        )


def _check_fraction(value: Any, name: str) -> None:
    a = _arr(value, name)
    if np.any(~((a >= 0) & (a <= 1))):
        raise ValueError(f"parameter '{name}' must be a fraction in [0, 1], got {value!r}")


# --------------------------------------------------------------------------------------------------
# electricity balance


def electricity_balance(
    generation_kwh: Any, sold_kwh: Any, purchased_kwh: Any = 0.0
) -> pd.DataFrame:
    """Own use, consumption, net export, self-sufficiency and export share of plants.

    Parameters
    ----------
    generation_kwh : scalar, array or Series
        Electricity generated (自家発電量) [kWh/yr].
    sold_kwh : scalar, array or Series
        Electricity sold to the grid (売電量) [kWh/yr]; NaN where not reported (the results
        that need it are then NaN too).
    purchased_kwh : scalar, array or Series, default 0
        Electricity bought from the grid (買電量) [kWh/yr].

    Returns
    -------
    pandas.DataFrame
        Columns ``generation_kwh``, ``sold_kwh``, ``purchased_kwh``, ``own_use_kwh``
        (= generation − sold), ``consumption_kwh`` (= own use + purchased), ``net_export_kwh``
        (= sold − purchased), ``self_sufficiency`` (= own use / consumption) and
        ``export_share`` (= sold / generation), as fractions. The index is that of the first
        Series given, else 0..n-1.

    Raises
    ------
    ValueError
        For negative energies, or sales larger than generation.

    Examples
    --------
    Ozenji FY2012 (2014 policy table): 52,385,320 kWh generated, 40,489,728 sold,
    249,930 bought → own use 11,895,592 kWh, export share 77.3 %.
    """
    index = next(
        (x.index for x in (generation_kwh, sold_kwh, purchased_kwh) if isinstance(x, pd.Series)),
        None,
    )
    e, s, p = (
        np.atleast_1d(_arr(x, n)).astype(float)
        for x, n in (
            (generation_kwh, "generation_kwh"),
            (sold_kwh, "sold_kwh"),
            (purchased_kwh, "purchased_kwh"),
        )
    )
    e, s, p = np.broadcast_arrays(e, s, p)
    for a, n in ((e, "generation_kwh"), (s, "sold_kwh"), (p, "purchased_kwh")):
        _check_non_negative(a[np.isfinite(a)], n, "kWh")
    bad = np.isfinite(e) & np.isfinite(s) & (s > e)
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        where = f" (row {index[i]!r})" if index is not None else f" (element {i})"
        raise ValueError(
            f"parameter 'sold_kwh' exceeds 'generation_kwh'{where}: {s[i]:,.0f} > {e[i]:,.0f} kWh; "
            "a plant cannot sell more than it generates"
        )
    own = e - s
    consumption = own + p
    with np.errstate(invalid="ignore", divide="ignore"):
        self_sufficiency = np.where(consumption > 0, own / consumption, np.nan)
        export_share = np.where(e > 0, s / e, np.nan)
    self_sufficiency = np.where(np.isfinite(consumption), self_sufficiency, np.nan)
    export_share = np.where(np.isfinite(s), export_share, np.nan)
    out = pd.DataFrame(
        {
            "generation_kwh": e,
            "sold_kwh": s,
            "purchased_kwh": p,
            "own_use_kwh": own,
            "consumption_kwh": consumption,
            "net_export_kwh": s - p,
            "self_sufficiency": self_sufficiency,
            "export_share": export_share,
        },
        index=index if index is not None and len(index) == len(e) else None,
    )
    out.attrs["units"] = {c: ("kWh" if c.endswith("_kwh") else "1") for c in out.columns}
    return out


def plant_electricity_balance(
    fiscal_year: int = 2012, *, assume_unreported_sold_zero: bool = False
) -> pd.DataFrame:
    """:func:`electricity_balance` of the Kawasaki plants for a published fiscal year.

    Parameters
    ----------
    fiscal_year : int, default 2012
        2012 (all four plants) or 2015 (Ozenji only; purchases not published, so consumption,
        net export and self-sufficiency are NaN).
    assume_unreported_sold_zero : bool, default False
        Read Tsutsumine's '—' (FY2012 sales not reported) as 0 instead of NaN.

    Returns
    -------
    pandas.DataFrame
        Indexed by plant id; plants without data that year are dropped.

    References
    ----------
    .. [1] City of Kawasaki (2014), 平成24年度発電・売電実績; kawasaki-facts.md §7 (FY2015).
    """
    table = _plants.load_plants(
        fiscal_year, assume_unreported_sold_zero=assume_unreported_sold_zero
    )
    table = table[table["generation_kwh"].notna()]
    purchased = table["purchased_kwh"]
    out = electricity_balance(table["generation_kwh"], table["sold_kwh"], purchased)
    out.insert(0, "name_ja", table["name_ja"])
    out.attrs["fiscal_year"] = table.attrs["fiscal_year"]
    out.attrs["source"] = table.attrs["source"]
    return out


# --------------------------------------------------------------------------------------------------
# generation efficiency, throughput and capacity factor


def power_generation_efficiency(generation_kwh: Any, waste_t: Any, lhv_mj_per_kg: Any) -> Any:
    """Power generation efficiency (発電効率): electricity out over the heat of the waste burnt.

    ``eta = E [kWh] x 3.6 [MJ/kWh] / (waste [t] x 1000 [kg/t] x LHV [MJ/kg])``

    Parameters
    ----------
    generation_kwh : scalar or array
        Gross electricity generated (発電端, at the generator terminals) [kWh] over the period.
    waste_t : scalar or array
        Waste incinerated in the same period [t] (> 0).
    lhv_mj_per_kg : scalar or array
        Lower heating value of the waste as fired [MJ/kg] (> 0).

    Returns
    -------
    Same shape as the inputs: efficiency as a fraction.

    Notes
    -----
    * The heat input here is the waste's only: the heat of auxiliary fuel (start-up burners,
      the 助燃 of wet waste) belongs in the denominator too but is not published for Kawasaki,
      so the result slightly overstates the efficiency when fuel was burnt.
    * Heat supplied to users (steam, hot water) is not counted: that is the difference from the
      MOE's energy recovery rate (エネルギー回収率), see :func:`energy_recovery_rate`.
    * Japanese plants quote 発電効率 at the design ("standard") waste; with a yearly
      throughput and LHV this gives the achieved annual value.

    Examples
    --------
    One day of Tachibana's new plant at its design point: 14,000 kW x 24 h = 336,000 kWh from
    600 t at 9.3767 MJ/kg → 0.215.

    References
    ----------
    .. [1] BIPM SI Brochure (2019): 1 kWh = 3.6 MJ.
    """
    generation_kwh, waste_t, lhv_mj_per_kg = map(_num, (generation_kwh, waste_t, lhv_mj_per_kg))
    _check_non_negative(generation_kwh, "generation_kwh", "kWh")
    _check_positive(waste_t, "waste_t", "t")
    _check_positive(lhv_mj_per_kg, "lhv_mj_per_kg", "MJ/kg")
    return generation_kwh * MJ_PER_KWH / (waste_t * 1000.0 * lhv_mj_per_kg)


def energy_recovery_rate(generation_kwh: Any, waste_t: Any, lhv_mj_per_kg: Any) -> Any:
    """Electricity-only energy recovery rate: equal to :func:`power_generation_efficiency`.

    The Ministry of the Environment's energy recovery rate (エネルギー回収率), the criterion of
    its grants for エネルギー回収型廃棄物処理施設, is the power generation efficiency (発電効率)
    **plus** a heat-utilisation rate (熱利用率: heat supplied to users over the heat input, with a
    weighting). The weighting was not retrieved for kgi_lab, so heat use is **excluded** here:
    this function returns the electricity-only part, which is the whole rate for a plant that
    supplies no heat and a lower bound of the MOE rate otherwise (Ozenji heats the ヨネッティー
    王禅寺 pool; that heat is not counted).

    Parameters and returns as :func:`power_generation_efficiency`.

    References
    ----------
    .. [1] mogist.kkc.co.jp glossary, エネルギー回収型廃棄物処理施設 (grant condition: エネルギー
       回収率 24.5 % 相当以上, depending on plant size); the MOE manual itself was not read.
    """
    return power_generation_efficiency(generation_kwh, waste_t, lhv_mj_per_kg)


def implied_lhv_mj_per_kg(
    turbine_kw: Any, capacity_t_per_day: Any, generation_efficiency: Any
) -> Any:
    """Lower heating value implied by a plant's design point: ``P / (m_dot x eta)``.

    ``LHV [MJ/kg] = P [kW] / 1000 / (capacity [t/day] x 1000 / 86400 [kg/s] x eta)``

    Parameters
    ----------
    turbine_kw : scalar or array
        Rated electrical output [kW].
    capacity_t_per_day : scalar or array
        Incineration capacity [t/day].
    generation_efficiency : scalar or array
        Design power generation efficiency, fraction in (0, 1].

    Returns
    -------
    LHV [MJ/kg] (ESTIMATE: assumes the three figures describe the same design point, full
    load at full capacity).

    Notes
    -----
    Tachibana's 21.5 % (old plant 6 %) is called エネルギー回収率 in one source ([ASAO]) and
    発電効率 in another ([IWAHIDE]); kgi_lab reads it as electricity only. Had it included a
    weighted heat use, the electricity-only efficiency would be lower and the implied LHV
    higher: 9.38 MJ/kg is then a lower estimate.

    Examples
    --------
    Tachibana new plant, 14,000 kW, 600 t/day, 21.5 % → 9.38 MJ/kg; old plant 2,200 kW,
    600 t/day, 6 % → 5.28 MJ/kg.

    References
    ----------
    .. [1] kawasaki-facts.md §7 (site-visit report on 橘処理センター); asao.kanagawanet.jp 2024.
    """
    turbine_kw, capacity_t_per_day, generation_efficiency = map(
        _num, (turbine_kw, capacity_t_per_day, generation_efficiency)
    )
    _check_positive(turbine_kw, "turbine_kw", "kW")
    _check_positive(capacity_t_per_day, "capacity_t_per_day", "t/day")
    _check_efficiency(generation_efficiency, "generation_efficiency")
    mass_flow_kg_s = capacity_t_per_day * 1000.0 / _SECONDS_PER_DAY
    return (turbine_kw / 1000.0) / (mass_flow_kg_s * generation_efficiency)


def tachibana_design_lhv_mj_per_kg(unit: str = "new plant") -> float:
    """The waste LHV implied by a Tachibana unit's published design (ESTIMATE), default the new plant.

    Parameters
    ----------
    unit : {"new plant", "old plant"}

    Returns
    -------
    float
        ≈9.38 MJ/kg for the new plant (14,000 kW, 600 t/day, 21.5 %), ≈5.28 MJ/kg for the old one.
    """
    units = {u["label"]: u for u in _plants.plant_record("tachibana")["units"]}
    if unit not in units:
        raise KeyError(
            f"parameter 'unit': unknown Tachibana unit {unit!r}; choose one of {', '.join(units)}"
        )
    u = units[unit]
    return float(
        implied_lhv_mj_per_kg(
            u["turbine_kw"]["value"],
            u["capacity_t_per_day"]["value"],
            u["design_recovery_rate"]["value"],
        )
    )


def implied_throughput_t(
    generation_kwh: Any, generation_efficiency: Any, lhv_mj_per_kg: Any
) -> Any:
    """Waste throughput [t] that would give ``generation_kwh`` at an efficiency and LHV.

    The inverse of :func:`power_generation_efficiency`; useful to bound an unpublished throughput.
    """
    generation_kwh, generation_efficiency, lhv_mj_per_kg = map(
        _num, (generation_kwh, generation_efficiency, lhv_mj_per_kg)
    )
    _check_non_negative(generation_kwh, "generation_kwh", "kWh")
    _check_efficiency(generation_efficiency, "generation_efficiency")
    _check_positive(lhv_mj_per_kg, "lhv_mj_per_kg", "MJ/kg")
    return generation_kwh * MJ_PER_KWH / (generation_efficiency * lhv_mj_per_kg * 1000.0)


def design_yield_kwh_per_t(turbine_kw: Any, capacity_t_per_day: Any) -> Any:
    """Electricity per tonne at a plant's design point: ``rating x 24 h / capacity`` [kWh/t].

    Independent of the waste's heating value: Ozenji 7,500 kW / 450 t/day = 400 kWh/t; old
    Tachibana 2,200 kW / 600 t/day = 88 kWh/t; new Tachibana 14,000 kW / 600 t/day = 560 kWh/t.
    """
    turbine_kw, capacity_t_per_day = _num(turbine_kw), _num(capacity_t_per_day)
    _check_positive(turbine_kw, "turbine_kw", "kW")
    _check_positive(capacity_t_per_day, "capacity_t_per_day", "t/day")
    return turbine_kw * 24.0 / capacity_t_per_day


def _best_design_yield() -> tuple[float, str]:
    """The highest published design yield of any unit in the dataset, with its label."""
    best, label = 0.0, ""
    for pid in _plants.plant_ids():
        for unit in _plants.plant_record(pid)["units"]:
            kw, cap = unit["turbine_kw"].get("value"), unit["capacity_t_per_day"].get("value")
            if kw and cap and float(design_yield_kwh_per_t(kw, cap)) > best:
                best = float(design_yield_kwh_per_t(kw, cap))
                label = f"{pid} {unit['label']} ({kw:,} kW / {cap:,} t/day)"
    return best, label


def _floors_and_caps(fiscal_year: int) -> pd.DataFrame:
    """Design-yield minimum and nameplate maximum throughput of the plants in service [t/yr]."""
    table = _plants.load_plants(fiscal_year)
    table = table[table["capacity_t_per_day"].notna()]
    days = _plants.hours_in_fiscal_year(fiscal_year) / 24.0
    best, best_label = _best_design_yield()
    rated = table["turbine_kw"].notna()
    yields = pd.Series(best, index=table.index, dtype=float)
    yields[rated] = design_yield_kwh_per_t(
        table.loc[rated, "turbine_kw"], table.loc[rated, "capacity_t_per_day"]
    )
    basis = pd.Series(f"best design yield in the city: {best_label}", index=table.index)
    basis[rated] = "the plant's own rating and capacity"
    return pd.DataFrame(
        {
            "capacity_t_per_day": table["capacity_t_per_day"],
            "days": days,
            "design_yield_kwh_per_t": yields,
            "yield_basis": basis,
            "min_t": table["generation_kwh"].fillna(0.0) / yields,
            "max_t": table["capacity_t_per_day"] * days,
            "normal_operation_t": table["normal_operation_t_per_day"] * days,
        }
    )


def throughput_bounds_t(
    fiscal_year: int = 2012, *, city_total_t: float | None = None
) -> pd.DataFrame:
    """The range of each plant's yearly waste throughput that its published figures allow.

    * ``min_t``: the least waste that could have made the year's generation, at the plant's
      design yield (:func:`design_yield_kwh_per_t`: turbine rating x 24 h / capacity). Where the
      rating is not published (Ukishima, Tsutsumine), the best design yield in the city is used
      (Tachibana's new plant, 560 kWh/t), so the bound is looser. A plant running below full
      load, exporting heat or burning waste leaner than its design makes less per tonne, so the
      real throughput is higher; waste richer than the design could make it slightly lower.
    * ``max_t``: all furnaces at nameplate capacity every day of the fiscal year.
    * ``normal_operation_t``: the furnaces normally running, every day (Ozenji: 2 of 3 x 150 t,
      [CITY12553]; not published for the other plants).
    * ``capacity_share_t``: the city total shared by nameplate capacity (the old default: it
      ignores the generation and can fall below ``min_t``).
    * ``estimate_t``: :func:`estimate_throughput_t`, the default used by the notebooks.

    Parameters
    ----------
    fiscal_year : int, default 2012
        A fiscal year with published plant figures (2012; 2015 for Ozenji only).
    city_total_t : float, optional
        City total [t/yr]; default the published total of the year (needed for the last two
        columns; NaN there when none is published).

    Returns
    -------
    pandas.DataFrame
        One row per plant in service, columns ``capacity_t_per_day``, ``days``,
        ``design_yield_kwh_per_t``, ``yield_basis``, ``min_t``, ``max_t``,
        ``normal_operation_t``, ``capacity_share_t`` and ``estimate_t``; ``attrs['method']``.

    References
    ----------
    .. [1] kawasaki-facts.md §7 (capacities, turbines, Ozenji's furnaces); 2014 policy table
       (FY2012 generation); [HARA13] city total ≈390,000 t (FY2012).
    """
    out = _floors_and_caps(fiscal_year)
    try:
        estimate = estimate_throughput_t(fiscal_year, city_total_t=city_total_t)
        share = estimate_throughput_t(fiscal_year, city_total_t=city_total_t, method="capacity")
        out["capacity_share_t"], out["estimate_t"] = share, estimate
        out.attrs["method"] = estimate.attrs["method"]
    except KeyError:
        out["capacity_share_t"] = out["estimate_t"] = np.nan
        out.attrs["method"] = "no city total for the year: give city_total_t"
    out.index.name = "plant"
    out.attrs["fiscal_year"] = int(fiscal_year)
    out.attrs["units"] = {
        "capacity_t_per_day": "t/day",
        "days": "d",
        "design_yield_kwh_per_t": "kWh/t",
        **{c: "t/yr" for c in out.columns if c.endswith("_t")},
    }
    return out


def _share_with_floors(
    total: float, floors: pd.Series, caps: pd.Series, weights: pd.Series
) -> pd.Series:
    """Give each plant its floor, then share the rest by ``weights`` without passing ``caps``."""
    out = floors.astype(float).copy()
    rest = total - float(floors.sum())
    open_ = pd.Series(True, index=floors.index)
    for _ in range(len(floors) + 1):
        if rest <= 1e-9 or not open_.any():
            break
        w = weights[open_]
        add = rest * w / w.sum()
        room = caps[open_] - out[open_]
        full = add >= room
        if not full.any():
            out[open_] += add
            rest = 0.0
            break
        out[full[full].index] = caps[full[full].index]
        rest -= float(room[full].sum())
        open_[full[full].index] = False
    return out


def estimate_throughput_t(
    fiscal_year: int = 2012,
    *,
    city_total_t: float | None = None,
    method: str = "design_floor",
    weights: dict[str, float] | None = None,
) -> pd.Series:
    """Each plant's waste throughput [t/yr], allocating the city total (ESTIMATE).

    Per-plant throughputs are not in the references; the city total of the year is (≈390,000 t
    in FY2012). It is shared among the plants **in service that year**:

    * ``method="design_floor"`` (default): each plant first gets the least waste that could have
      made its generation at its design yield (``min_t`` of :func:`throughput_bounds_t`: Ozenji
      400 kWh/t, old Tachibana 88 kWh/t, Ukishima and Tsutsumine at most the city's best,
      560 kWh/t); the rest of the city total is then shared in proportion to capacity, no plant
      going above its capacity x days. It respects the city total, the generation and the
      capacities at once. FY2012: Ozenji 145,171 t, Ukishima 100,040 t, Tachibana 112,773 t,
      Tsutsumine 32,014 t.
    * ``method="capacity"``: the city total shared by nameplate capacity only (the former
      default). It ignores the generation: FY2012 Ozenji gets 68,824 t, about half the waste its
      52.4 GWh needs at its design yield, and an implausible 29 % efficiency.
    * ``weights={plant: weight}``: the city total shared by user weights (e.g. furnace-days).

    Parameters
    ----------
    fiscal_year : int, default 2012
    city_total_t : float, optional
        City total [t/yr]; default the published total of ``fiscal_year``
        (:func:`kgi_lab.wte.plants.city_incineration_t`).
    method : {"design_floor", "capacity"}, default "design_floor"
        Ignored when ``weights`` is given.
    weights : dict, optional
        ``{plant: weight}`` replacing ``method``.

    Returns
    -------
    pandas.Series
        Throughput by plant [t/yr], named ``throughput_t``; ``attrs['method']`` says how.

    Raises
    ------
    KeyError
        If no city total is published for the year and none is given, or for an unknown plant
        in ``weights``.
    ValueError
        Unknown ``method``; a city total below the plants' minimum or above their capacity.
    """
    if method not in ("design_floor", "capacity"):
        raise ValueError(
            f"parameter 'method': unknown method {method!r}; choose 'design_floor' or 'capacity'"
        )
    table = (
        _plants.load_plants(fiscal_year)
        if fiscal_year in _plants.published_fiscal_years()
        else None
    )
    if city_total_t is None:
        try:
            total = _plants.city_incineration_t(fiscal_year)
        except KeyError as exc:
            raise KeyError(
                f"{exc.args[0]}; give city_total_t (or the plant's throughput_t_per_year directly)"
            ) from None
    else:
        total = float(city_total_t)
    _check_non_negative(total, "city_total_t", "t")
    if weights is None and table is None:
        raise ValueError(
            f"parameter 'weights': give weights for fiscal_year {fiscal_year} "
            "(no plant table for that year)"
        )
    if weights is not None:
        for pid in weights:
            _plants._check_plant(pid, "weights")
        w = pd.Series(weights, dtype=float)
        _check_non_negative(w.to_numpy(), "weights", "")
        if not w.sum() > 0:
            raise ValueError("parameter 'weights': the weights must not all be zero")
        out = total * w / w.sum()
        method_text = f"city total {total:,.0f} t shared by user weights"
    elif method == "capacity":
        w = table["capacity_t_per_day"].dropna()
        out = total * w / w.sum()
        method_text = (
            f"city total {total:,.0f} t shared by capacity of the plants in service in "
            f"FY{fiscal_year} (ignores the generation)"
        )
    else:
        bounds = _floors_and_caps(fiscal_year)
        floors, caps = bounds["min_t"], bounds["max_t"]
        if total < floors.sum():
            raise ValueError(
                f"parameter 'city_total_t' = {total:,.0f} t is below the least waste the plants' "
                f"generation needs at their design yields ({floors.sum():,.0f} t)"
            )
        if total > caps.sum():
            raise ValueError(
                f"parameter 'city_total_t' = {total:,.0f} t is above what the plants in service "
                f"can burn in FY{fiscal_year} ({caps.sum():,.0f} t)"
            )
        out = _share_with_floors(total, floors, caps, bounds["capacity_t_per_day"])
        method_text = (
            f"city total {total:,.0f} t: each plant first the waste its generation needs at its "
            "design yield (rating x 24 h / capacity; the city's best yield where the rating is "
            "not published), the rest shared by capacity"
        )
    out = out.rename("throughput_t")
    out.index.name = "plant"
    out.attrs["method"] = method_text + " (ESTIMATE)"
    return out


def plant_energy_recovery(
    plant: str,
    fiscal_year: int = 2012,
    *,
    lhv_mj_per_kg: float | None = None,
    throughput_t: float | None = None,
) -> pd.Series:
    """Generation efficiency, full-load hours and capacity factor of one Kawasaki plant.

    Parameters
    ----------
    plant : str
        Plant id (``ukishima``, ``tsutsumine``, ``tachibana``, ``ozenji``).
    fiscal_year : int, default 2012
        A year with published generation for the plant (2012; 2015 for Ozenji).
    lhv_mj_per_kg : float, optional
        Waste lower heating value [MJ/kg]; None = the ESTIMATE implied by Tachibana's new-plant
        design (:func:`tachibana_design_lhv_mj_per_kg`, ≈9.38 MJ/kg).
    throughput_t : float, optional
        The plant's waste throughput that year [t/yr]; None = the ESTIMATE of
        :func:`estimate_throughput_t` (design-yield floors, the rest of the city total shared
        by capacity).

    Returns
    -------
    pandas.Series
        ``generation_kwh``, ``throughput_t``, ``throughput_method``, ``throughput_min_t`` and
        ``throughput_max_t`` (the range of :func:`throughput_bounds_t`), ``lhv_mj_per_kg``,
        ``lhv_method``, ``generation_efficiency`` (発電効率, fraction; heat use not counted),
        ``design_recovery_rate`` (the published design rate, where there is one),
        ``turbine_kw``, ``hours``, ``full_load_hours`` and ``capacity_factor`` (NaN where the
        turbine rating is not published).

    Raises
    ------
    KeyError
        Unknown plant; no city total for the year when ``throughput_t`` is None.
    ValueError
        No published generation for the plant in ``fiscal_year``; non-positive inputs.
    """
    _plants._check_plant(plant)
    table = _plants.load_plants(fiscal_year)
    row = table.loc[plant]
    generation = float(row["generation_kwh"])
    if not np.isfinite(generation):
        have = ", ".join(table.index[table["generation_kwh"].notna()])
        raise ValueError(
            f"parameter 'plant': no published generation for {plant!r} in FY{fiscal_year} "
            f"(published: {have})"
        )
    if lhv_mj_per_kg is None:
        lhv = tachibana_design_lhv_mj_per_kg("new plant")
        lhv_method = (
            "ESTIMATE: implied by Tachibana new plant's design (14,000 kW, 600 t/day, 21.5 %)"
        )
    else:
        _check_positive(lhv_mj_per_kg, "lhv_mj_per_kg", "MJ/kg")
        lhv, lhv_method = float(lhv_mj_per_kg), "given"
    if throughput_t is None:
        estimate = estimate_throughput_t(fiscal_year)
        mass, mass_method = float(estimate[plant]), estimate.attrs["method"]
    else:
        _check_positive(throughput_t, "throughput_t", "t/yr")
        mass, mass_method = float(throughput_t), "given"
    bounds = _floors_and_caps(fiscal_year)
    hours = _plants.hours_in_fiscal_year(fiscal_year)
    rating = float(row["turbine_kw"])
    flh = full_load_hours(generation, rating) if rating > 0 else np.nan
    return pd.Series(
        {
            "generation_kwh": generation,
            "throughput_t": mass,
            "throughput_method": mass_method,
            "throughput_min_t": float(bounds.loc[plant, "min_t"]),
            "throughput_max_t": float(bounds.loc[plant, "max_t"]),
            "lhv_mj_per_kg": lhv,
            "lhv_method": lhv_method,
            "generation_efficiency": float(power_generation_efficiency(generation, mass, lhv)),
            "design_recovery_rate": float(row["design_recovery_rate"]),
            "turbine_kw": rating,
            "hours": float(hours),
            "full_load_hours": float(flh),
            "capacity_factor": float(flh / hours),
        },
        name=plant,
    )


def full_load_hours(energy_kwh: Any, rating_kw: Any) -> Any:
    """Full-load hours ``E / P_rated`` [h] (e.g. Ozenji FY2015: 54.18 GWh / 7,500 kW = 7,224 h)."""
    energy_kwh, rating_kw = _num(energy_kwh), _num(rating_kw)
    _check_non_negative(energy_kwh, "energy_kwh", "kWh")
    _check_positive(rating_kw, "rating_kw", "kW")
    return energy_kwh / rating_kw


def capacity_factor(energy_kwh: Any, rating_kw: Any, hours: Any = 8760.0) -> Any:
    """Capacity factor of a generator: ``E / (P_rated x hours)``.

    Parameters
    ----------
    energy_kwh : scalar or array
        Electricity generated in the period [kWh].
    rating_kw : scalar or array
        Rated output [kW].
    hours : scalar or array, default 8760
        Length of the period [h]. kawasaki-facts.md §7 uses 8760 h; a fiscal year holding a
        29 February has 8784 (:func:`kgi_lab.wte.plants.hours_in_fiscal_year`).

    Returns
    -------
    Capacity factor as a fraction.

    Examples
    --------
    Ozenji FY2015: 54,180,000 kWh / (7,500 kW x 8760 h) = 0.825 (82 %, kawasaki-facts.md §7).
    """
    hours = _num(hours)
    _check_positive(hours, "hours", "h")
    return full_load_hours(energy_kwh, rating_kw) / hours


# --------------------------------------------------------------------------------------------------
# grid factors and CO2


def grid_factors() -> pd.DataFrame:
    """Grid CO2 factors usable as ``grid``: one row per country code, with partner cities.

    Returns
    -------
    pandas.DataFrame
        Indexed by country code (JP, CN, MY, VN, ID, IN), columns ``key`` (id in the
        ``japan_fuel_factors`` dataset), ``grid_factor_kg_per_kwh``, ``quality``, ``source``
        and ``cities`` (partner-city ids on that grid).

    References
    ----------
    .. [1] shared/reference/partner-cities.md §4, via datasets/japan_fuel_factors.yaml.
    """
    from kgi_lab import datasets

    factors = datasets.load("japan_fuel_factors")["electricity"]["grid_co2_t_per_mwh"]
    mapping = _plants._doc()["grid_factor_by_country"]
    cities = datasets.load("partner_cities")["country"]
    rows = []
    for country, key in mapping.items():
        f = factors[key]
        rows.append(
            {
                "country": country,
                "key": key,
                "grid_factor_kg_per_kwh": float(f["value"]),
                "quality": f.get("quality"),
                "source": f.get("source"),
                "cities": ", ".join(cities.index[cities == country]),
            }
        )
    return pd.DataFrame(rows).set_index("country")


def grid_factor_kg_per_kwh(grid: str = DEFAULT_GRID) -> float:
    """Grid CO2 factor [kg-CO2/kWh = t/MWh] of a partner city or a country.

    Parameters
    ----------
    grid : str, default "JP"
        A partner-city id (``kawasaki``, ``yokohama``, ``shenyang``, ``shanghai``, ``penang``,
        ``da_nang``, ``bandung``, ``mumbai``; the city's country factor is used), a country
        code (``JP``, ``CN``, ``MY``, ``VN``, ``ID``, ``IN``) or a key of the
        ``japan_fuel_factors`` dataset (e.g. ``tepco_ep_fy2024_adjusted``).

    Returns
    -------
    float
        E.g. 0.423 for Japan (national average, FY2024 results), 0.727 for India (Mumbai),
        0.6592 for Vietnam (Da Nang).

    Notes
    -----
    Each factor has a vintage (Japan's is FY2024). Applied to the FY2012 plant figures it values
    2012 electricity at a 2024 grid: no FY2012 factor is in the references, so give one with
    ``grid_factor_kg_per_kwh`` where a function accepts it.

    Raises
    ------
    KeyError
        For an unknown grid (the message lists the allowed values).

    References
    ----------
    .. [1] partner-cities.md §4: MOE/METI 電気事業者別排出係数 (R6年度実績) 0.423; CEA CO2 Baseline
       Database v20.0 0.727; Vietnam MOE DCC 2023 0.6592; MEE 2022 0.5366; MIDA 2024 0.758;
       Kepmen ESDM 163.K/2021 ≈0.87.
    """
    from kgi_lab import datasets

    table = grid_factors()
    if isinstance(grid, str) and grid in table.index:
        return float(table.loc[grid, "grid_factor_kg_per_kwh"])
    cities = datasets.load("partner_cities")["country"]
    if isinstance(grid, str) and grid in cities.index:
        return float(table.loc[cities[grid], "grid_factor_kg_per_kwh"])
    factors = datasets.load("japan_fuel_factors")["electricity"]["grid_co2_t_per_mwh"]
    if isinstance(grid, str) and grid in factors:
        return float(factors[grid]["value"])
    raise KeyError(
        f"parameter 'grid': unknown grid {grid!r}; use a partner city ({', '.join(cities.index)}), "
        f"a country code ({', '.join(table.index)}) or a factor key ({', '.join(factors)})"
    )


def resolve_grid_factor(
    grid: str = DEFAULT_GRID, override_kg_per_kwh: float | None = None
) -> float:
    """The factor to use: ``override_kg_per_kwh`` when given (checked), else ``grid``'s."""
    if override_kg_per_kwh is None:
        return grid_factor_kg_per_kwh(grid)
    _check_non_negative(override_kg_per_kwh, "grid_factor_kg_per_kwh", "kg/kWh")
    value = float(override_kg_per_kwh)
    if value > 2.0:
        raise ValueError(
            f"parameter 'grid_factor_kg_per_kwh' = {value} kg/kWh is above any grid's (≤ ~1.2); "
            "is it in g/kWh? divide by 1000"
        )
    return value


def avoided_co2_t(energy_kwh: Any, grid_factor_kg_per_kwh: Any) -> Any:
    """CO2 [t] of grid electricity displaced: ``kWh x kg/kWh / 1000``.

    Notes
    -----
    An accounting illustration, not a claimable reduction: the factor's year may differ from
    the electricity's (the examples value FY2012 sales at the FY2024 Japanese factor), and
    electricity sold under the feed-in tariff (FIT; Ozenji sells under it) may have its
    environmental value counted by the buyer or the surcharge payers as well, so a plant
    claiming the same tonnes would double count.

    Examples
    --------
    Ukishima FY2012 sales 23,431,304 kWh x 0.423 kg/kWh (Japan, FY2024 factor) = 9,911.4 t.
    """
    energy_kwh, grid_factor_kg_per_kwh = _num(energy_kwh), _num(grid_factor_kg_per_kwh)
    _check_non_negative(energy_kwh, "energy_kwh", "kWh")
    _check_non_negative(grid_factor_kg_per_kwh, "grid_factor_kg_per_kwh", "kg/kWh")
    return energy_kwh * grid_factor_kg_per_kwh / 1000.0


def plastic_co2_t_per_t(
    dry_matter_fraction: float | None = None,
    carbon_fraction_of_dry_matter: float | None = None,
    fossil_carbon_fraction: float | None = None,
    oxidation_factor: float | None = None,
) -> float:
    """Fossil CO2 per tonne of (wet) plastic burnt, IPCC 2006 Vol. 5 Eq. 5.1 for one component.

    ``dm x CF x FCF x OF x 44/12``; the defaults are IPCC's for plastics (dm 1.0, CF 0.75,
    FCF 1.0, OF 1.0), giving 2.75 t-CO2/t. (A 2003 Japanese guideline draft used 2.6 t/t.)

    Parameters
    ----------
    dry_matter_fraction, carbon_fraction_of_dry_matter, fossil_carbon_fraction, oxidation_factor
        Fractions in [0, 1]; None takes the dataset's IPCC default.

    References
    ----------
    .. [1] 2006 IPCC Guidelines Vol. 5, Ch. 2 Table 2.4, Ch. 5 Eq. 5.1 and Table 5.2 (as
       transcribed in public code; dataset ``kawasaki_incineration``, ``fossil_carbon``).
    """
    d = _plants._doc()["fossil_carbon"]["plastics_ipcc_2006"]
    values = {
        "dry_matter_fraction": dry_matter_fraction,
        "carbon_fraction_of_dry_matter": carbon_fraction_of_dry_matter,
        "fossil_carbon_fraction": fossil_carbon_fraction,
        "oxidation_factor": oxidation_factor,
    }
    product = CO2_PER_C
    for name, value in values.items():
        v = float(d[name]) if value is None else value
        _check_fraction(v, name)
        product *= float(v)
    return product


def fossil_co2_t(
    waste_t: Any, plastic_fraction: Any, co2_t_per_t_plastic: float | None = None
) -> Any:
    """Fossil CO2 [t] from the plastics in burnt waste: ``waste x plastic share x factor``.

    Parameters
    ----------
    waste_t : scalar or array
        Waste incinerated [t] (wet).
    plastic_fraction : scalar or array
        Mass share of plastics in the waste as burnt, in [0, 1]. **No default**: Kawasaki's
        share was not found in the references; give a measured value (ごみ組成調査).
    co2_t_per_t_plastic : float, optional
        Default :func:`plastic_co2_t_per_t` (IPCC 2006, 2.75 t/t).

    Notes
    -----
    Only fossil carbon counts (IPCC; Japan's reporting counts only waste plastics in municipal
    waste); the biogenic CO2 of paper, food and wood is excluded.
    """
    if plastic_fraction is None:
        raise ValueError(
            "parameter 'plastic_fraction' is required: no published plastic share for Kawasaki's "
            "waste; give a fraction in [0, 1] from a waste-composition survey"
        )
    waste_t, plastic_fraction = _num(waste_t), _num(plastic_fraction)
    _check_non_negative(waste_t, "waste_t", "t")
    _check_fraction(plastic_fraction, "plastic_fraction")
    factor = plastic_co2_t_per_t() if co2_t_per_t_plastic is None else float(co2_t_per_t_plastic)
    _check_non_negative(factor, "co2_t_per_t_plastic", "t/t")
    return waste_t * plastic_fraction * factor


def co2_accounting(
    generation_kwh: Any,
    sold_kwh: Any,
    grid_factor_kg_per_kwh: float,
    *,
    waste_t: Any = None,
    plastic_fraction: Any = None,
    co2_t_per_t_plastic: float | None = None,
) -> pd.DataFrame:
    """CO2 account of WtE electricity: avoided by exports and by own use; fossil CO2 if known.

    Parameters
    ----------
    generation_kwh, sold_kwh : scalar, array or Series
        Generation and sales [kWh/yr] (NaN sales give NaN export terms).
    grid_factor_kg_per_kwh : float
        Factor of the grid displaced [kg-CO2/kWh] (:func:`grid_factor_kg_per_kwh`); state its
        year: Japan's default is the FY2024 factor, whatever year the electricity is from.
    waste_t, plastic_fraction : optional
        Waste burnt [t/yr] and its plastic share; both needed for ``fossil_co2_t`` (else NaN).
    co2_t_per_t_plastic : float, optional
        Default IPCC 2.75 t/t.

    Returns
    -------
    pandas.DataFrame
        ``avoided_export_co2_t`` (sold x factor: grid generation displaced elsewhere),
        ``avoided_own_use_co2_t`` ((generation − sold) x factor: electricity not bought),
        ``avoided_total_co2_t`` (generation x factor, defined even without sales),
        ``fossil_co2_t`` and ``net_co2_t`` (= fossil − avoided;
        negative = net reduction; NaN without a plastic share).

    Notes
    -----
    * ``net_co2_t`` is the plant's own account: the fossil CO2 it emits minus the grid CO2 its
      electricity displaces. Against a baseline where the waste would be **landfilled** this is
      the change (landfill methane aside). Against **incineration without energy recovery** the
      fossil CO2 is emitted either way and the change is just ``-avoided_total_co2_t``
      (:func:`kgi_lab.wte.mechanism.wte_transfer_contribution` makes the baseline explicit).
    * The results are an accounting illustration, not claimable reductions: the grid factor's
      year may differ from the electricity's, and electricity sold under the FIT may have its
      environmental value counted by others too (double counting), see :func:`avoided_co2_t`.
    """
    bal = electricity_balance(generation_kwh, sold_kwh)
    factor = resolve_grid_factor(override_kg_per_kwh=grid_factor_kg_per_kwh)
    out = pd.DataFrame(index=bal.index)
    out["avoided_export_co2_t"] = avoided_co2_t(bal["sold_kwh"].to_numpy(), factor)
    out["avoided_own_use_co2_t"] = avoided_co2_t(bal["own_use_kwh"].to_numpy(), factor)
    # the total needs only the generation, so it is defined even where sales are not reported
    out["avoided_total_co2_t"] = avoided_co2_t(bal["generation_kwh"].to_numpy(), factor)
    if waste_t is not None and plastic_fraction is not None:
        waste = np.broadcast_to(np.asarray(waste_t, dtype=float), (len(out),))
        out["fossil_co2_t"] = fossil_co2_t(waste, plastic_fraction, co2_t_per_t_plastic)
    else:
        out["fossil_co2_t"] = np.nan
    out["net_co2_t"] = out["fossil_co2_t"] - out["avoided_total_co2_t"]
    out.attrs["grid_factor_kg_per_kwh"] = factor
    out.attrs["units"] = {c: "t" for c in out.columns}
    return out
