"""A simple Kawasaki-Mechanism (川崎メカニズム) calculation: CO2 reductions contributed outside the city.

Kawasaki built the Kawasaki Mechanism in FY2012 and started certifying under it in FY2013. It makes
visible the greenhouse-gas reductions that Kawasaki companies' products and technologies achieve
**outside** the city (域外貢献量). Its calculation guideline (「域外貢献量算定ガイドライン」, 2012) was
not retrieved. The calculation here is a simplified one in its spirit (an assumption, not the
guideline's text):

``contribution [t] = (baseline intensity - product intensity) [kg-CO2/unit] x activity [unit/yr]
x years / 1000``

Two worked cases:

* :func:`wte_transfer_contribution`: a Kawasaki-style waste-to-energy plant built in a partner
  city. Its exported electricity displaces that country's grid (baseline intensity = grid
  factor). The fossil CO2 of the plastics burnt depends on the waste's fate without the plant:
  with incineration without energy recovery (default) it is emitted anyway and cancels; with
  landfill it is added by the plant and charged to the exports (landfill methane avoided is not
  counted).
* :func:`efficient_equipment_contribution`: efficient equipment sold elsewhere. The baseline and
  the product deliver the same useful output, with grid electricity at two efficiencies.

Each returns a small table of the inputs and the result, so that the assumptions travel with the
number.

References
----------
.. [1] City of Kawasaki, Green Innovation Promotion Policy (2014), shared/seed lines 520-535 and 689
   (川崎メカニズム認証制度: built FY2012, certification from FY2013; 低CO2川崎ブランド).
.. [2] NIES 環境展望台 news 2012-05-29, 「域外貢献量算定ガイドライン」 策定,
   https://tenbou.nies.go.jp/news-sp/jnews/detail.php?i=8458
.. [3] Grid factors: shared/reference/partner-cities.md §4 (dataset ``japan_fuel_factors``).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from kgi_lab.units import MJ_PER_KWH
from kgi_lab.wte import accounting as _acc
from kgi_lab.wte import plants as _plants

__all__ = [
    "BASELINES",
    "efficient_equipment_contribution",
    "kawasaki_mechanism",
    "wte_exported_kwh",
    "wte_transfer_contribution",
]


def _scalar(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise TypeError(f"parameter '{name}' must be a number, got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"parameter '{name}' must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"parameter '{name}' must be finite, got {value!r}")
    return v


def _non_negative(value: Any, name: str, unit: str) -> float:
    v = _scalar(value, name)
    if v < 0:
        raise ValueError(f"parameter '{name}' must be >= 0 {unit}, got {value!r}")
    return v


def _efficiency(value: Any, name: str) -> float:
    v = _scalar(value, name)
    if not 0 < v <= 1:
        hint = " (is it in %? divide by 100)" if v > 1 else ""
        raise ValueError(f"parameter '{name}' must be a fraction in (0, 1], got {value!r}{hint}")
    return v


def kawasaki_mechanism(
    baseline_kg_per_unit: float,
    product_kg_per_unit: float,
    activity_per_year: float,
    years: float = 1.0,
    *,
    activity_unit: str = "kWh",
    notes: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Reduction contributed outside the city: ``(baseline − product) x activity x years``.

    Parameters
    ----------
    baseline_kg_per_unit : float
        Emission intensity without the Kawasaki product (e.g. the local grid) [kg-CO2/unit] (>= 0).
    product_kg_per_unit : float
        Emission intensity with it [kg-CO2/unit] (>= 0). A product worse than the baseline
        gives a negative contribution (reported, not hidden).
    activity_per_year : float
        Activity [unit/yr] (>= 0): kWh exported, units sold x useful output, ...
    years : float, default 1
        Years counted (> 0).
    activity_unit : str, default "kWh"
        Unit of the activity, used in the table's ``units`` column.
    notes : dict, optional
        Notes by row name, e.g. the source of the baseline.

    Returns
    -------
    pandas.DataFrame
        Rows ``baseline_intensity``, ``product_intensity``, ``intensity_reduction``,
        ``activity_per_year``, ``years``, ``contribution_per_year_co2_t``,
        ``contribution_co2_t``; columns ``value``, ``units``, ``note``.
        ``attrs['contribution_co2_t']`` holds the result.

    Raises
    ------
    ValueError
        For a negative intensity or activity, or ``years`` <= 0 (the message names the
        parameter).

    References
    ----------
    .. [1] City of Kawasaki (2014), 川崎メカニズム (域外貢献量); NIES news 2012-05-29.
    """
    base = _non_negative(baseline_kg_per_unit, "baseline_kg_per_unit", f"kg-CO2/{activity_unit}")
    prod = _non_negative(product_kg_per_unit, "product_kg_per_unit", f"kg-CO2/{activity_unit}")
    activity = _non_negative(activity_per_year, "activity_per_year", f"{activity_unit}/yr")
    n_years = _scalar(years, "years")
    if not n_years > 0:
        raise ValueError(f"parameter 'years' must be > 0 yr, got {years!r}")
    per_year_t = (base - prod) * activity / 1000.0
    total_t = per_year_t * n_years
    notes = dict(notes or {})
    rows = [
        ("baseline_intensity", base, f"kg-CO2/{activity_unit}"),
        ("product_intensity", prod, f"kg-CO2/{activity_unit}"),
        ("intensity_reduction", base - prod, f"kg-CO2/{activity_unit}"),
        ("activity_per_year", activity, f"{activity_unit}/yr"),
        ("years", n_years, "yr"),
        ("contribution_per_year_co2_t", per_year_t, "t/yr"),
        ("contribution_co2_t", total_t, "t"),
    ]
    notes.setdefault("contribution_co2_t", "(baseline - product) x activity x years / 1000")
    table = pd.DataFrame(
        [{"quantity": q, "value": v, "units": u, "note": notes.get(q, "")} for q, v, u in rows]
    ).set_index("quantity")
    table.attrs["contribution_co2_t"] = total_t
    return table


def wte_exported_kwh(
    waste_t_per_year: float, lhv_mj_per_kg: float, generation_efficiency: float, export_share: float
) -> float:
    """Electricity a WtE plant exports [kWh/yr]: ``waste x LHV x eta / 3.6 x export share``.

    Parameters
    ----------
    waste_t_per_year : float
        Waste burnt [t/yr] (>= 0).
    lhv_mj_per_kg : float
        Lower heating value of that waste [MJ/kg] (> 0). Waste with more food and moisture
        (common in the partner cities) has a lower LHV than Kawasaki's.
    generation_efficiency : float
        Power generation efficiency (発電効率), fraction in (0, 1] (Tachibana's new plant
        design: 0.215).
    export_share : float
        Share of generation exported, in [0, 1] (Ozenji FY2012: 0.773).
    """
    waste = _non_negative(waste_t_per_year, "waste_t_per_year", "t/yr")
    lhv = _scalar(lhv_mj_per_kg, "lhv_mj_per_kg")
    if not lhv > 0:
        raise ValueError(f"parameter 'lhv_mj_per_kg' must be > 0 MJ/kg, got {lhv_mj_per_kg!r}")
    eta = _efficiency(generation_efficiency, "generation_efficiency")
    share = _scalar(export_share, "export_share")
    if not 0 <= share <= 1:
        raise ValueError(
            f"parameter 'export_share' must be a fraction in [0, 1], got {export_share!r}"
        )
    return waste * 1000.0 * lhv * eta / MJ_PER_KWH * share


#: Baselines of :func:`wte_transfer_contribution`: what happens to the waste without the plant.
BASELINES = ("incineration_without_recovery", "landfill")


def wte_transfer_contribution(
    grid: str = "mumbai",
    *,
    plant: str | None = None,
    fiscal_year: int = 2012,
    exported_kwh_per_year: float | None = None,
    years: float = 1.0,
    baseline: str = "incineration_without_recovery",
    plastic_fraction: float | None = None,
    waste_t_per_year: float | None = None,
    co2_t_per_t_plastic: float | None = None,
    grid_factor_kg_per_kwh: float | None = None,
) -> pd.DataFrame:
    """Kawasaki Mechanism contribution of a Kawasaki-style WtE plant built in a partner city.

    The credit is the partner's grid electricity that the plant's **exports** displace:
    baseline intensity = grid factor of ``grid``. What the product intensity holds depends on
    what would happen to the waste without the plant (``baseline``):

    * ``"incineration_without_recovery"`` (default): the waste is burnt anyway, in an
      incinerator without energy recovery. The fossil CO2 of its plastics is emitted in both
      cases and cancels: product intensity 0, whatever ``plastic_fraction`` is.
    * ``"landfill"``: without the plant the waste is landfilled, where the carbon of plastics
      stays (it does not degrade). Burning it adds fossil CO2, charged to the exports: product
      intensity = fossil CO2 / exported kWh (:func:`kgi_lab.wte.accounting.fossil_co2_t`), when
      ``plastic_fraction`` is given. Without it, nothing is subtracted and the result is an
      **upper bound**. The landfill methane that burning avoids (from food, paper and wood) is
      **not counted** either; it would raise the contribution, and needs a first-order-decay
      model (IPCC 2006 Vol. 5 Ch. 3) with local data.

    Parameters
    ----------
    grid : str, default "mumbai"
        Partner city or country code (:func:`kgi_lab.wte.accounting.grid_factor_kg_per_kwh`).
    plant : str, optional
        A Kawasaki plant id: its sales in ``fiscal_year`` are the exported electricity ("the same
        plant, transferred") and its estimated throughput (:func:`kgi_lab.wte.accounting.
        estimate_throughput_t`) the waste burnt. Ignored for the activity when
        ``exported_kwh_per_year`` is given.
    fiscal_year : int, default 2012
    exported_kwh_per_year : float, optional
        Exported electricity [kWh/yr] (e.g. from :func:`wte_exported_kwh`).
    years : float, default 1
        Years of operation counted.
    baseline : {"incineration_without_recovery", "landfill"}
        What happens to the waste without the plant (see above).
    plastic_fraction : float, optional
        Plastic mass share of the waste, in [0, 1]; used with ``baseline="landfill"`` only.
    waste_t_per_year : float, optional
        Waste burnt [t/yr]; default the estimated throughput of ``plant`` (required with
        ``plastic_fraction`` and ``exported_kwh_per_year`` when no plant is given).
    co2_t_per_t_plastic : float, optional
        Default IPCC 2006, 2.75 t-CO2 per t of plastic.
    grid_factor_kg_per_kwh : float, optional
        Overrides the factor of ``grid``.

    Returns
    -------
    pandas.DataFrame
        The :func:`kawasaki_mechanism` table, plus rows ``waste_t_per_year`` and
        ``fossil_co2_per_year_t`` when the fossil CO2 is counted. ``attrs`` hold
        ``contribution_co2_t``, ``baseline``, ``fossil_co2_counted`` (bool) and ``upper_bound``
        (True for a landfill baseline without a plastic share).

    Raises
    ------
    KeyError
        Unknown ``plant`` or ``grid``.
    ValueError
        Unknown ``baseline``; neither ``plant`` nor ``exported_kwh_per_year`` given; the plant's
        sales not published for ``fiscal_year``; no waste mass for the fossil CO2; zero exports
        with fossil CO2 to charge.

    Notes
    -----
    The grid factor is the partner's current one (partner-cities.md §4), applied to Kawasaki's
    FY2012 sales; the result is an illustration of the method, not a certified reduction.

    Examples
    --------
    Ukishima's FY2012 sales (23,431,304 kWh) displacing India's grid (0.727 kg/kWh) for one
    year: 17,034.6 t. With a landfill baseline and a 10 % plastic share of Ukishima's estimated
    100,041 t: 17,034.6 - 100,041 x 0.10 x 2.75 = -10,476.7 t (burning the plastics emits more
    than the exports displace).
    """
    if baseline not in BASELINES:
        raise ValueError(
            f"parameter 'baseline': unknown baseline {baseline!r}; choose one of "
            f"{', '.join(BASELINES)}"
        )
    factor = _acc.resolve_grid_factor(grid, grid_factor_kg_per_kwh)
    if exported_kwh_per_year is None:
        if plant is None:
            raise ValueError(
                "give parameter 'plant' (a Kawasaki plant whose sales are transferred) or "
                "'exported_kwh_per_year'"
            )
        _plants._check_plant(plant)
        table = _plants.load_plants(fiscal_year)
        sold = table.loc[plant, "sold_kwh"]
        if not math.isfinite(sold):
            raise ValueError(
                f"parameter 'plant': {plant!r} has no published sales in FY{fiscal_year}; "
                "give exported_kwh_per_year instead"
            )
        activity = float(sold)
        activity_note = f"{plant} FY{fiscal_year} sales (売電量), City of Kawasaki"
    else:
        if plant is not None:
            _plants._check_plant(plant)
        activity = _non_negative(exported_kwh_per_year, "exported_kwh_per_year", "kWh/yr")
        activity_note = "given"
    count_fossil = baseline == "landfill" and plastic_fraction is not None
    waste = fossil = None
    if count_fossil:
        if waste_t_per_year is not None:
            waste = _non_negative(waste_t_per_year, "waste_t_per_year", "t/yr")
            waste_note = "given"
        elif plant is not None:
            try:
                waste = float(_acc.estimate_throughput_t(fiscal_year)[plant])
            except KeyError as exc:
                raise ValueError(
                    f"parameter 'waste_t_per_year' is required: no throughput estimate for "
                    f"{plant!r} in FY{fiscal_year} ({exc.args[0]})"
                ) from None
            waste_note = f"{plant} FY{fiscal_year} throughput (ESTIMATE, estimate_throughput_t)"
        else:
            raise ValueError(
                "parameter 'waste_t_per_year' is required to count the fossil CO2 of "
                "plastic_fraction when no plant is given"
            )
        fossil = float(_acc.fossil_co2_t(waste, plastic_fraction, co2_t_per_t_plastic))
        if activity == 0 and fossil > 0:
            raise ValueError(
                "parameter 'exported_kwh_per_year' is 0: the fossil CO2 cannot be charged per "
                "exported kWh"
            )
        product = fossil * 1000.0 / activity if activity > 0 else 0.0
        product_note = (
            f"fossil CO2 of {plastic_fraction:g} plastics in {waste:,.0f} t waste "
            f"({fossil:,.0f} t/yr) per exported kWh (landfill baseline)"
        )
    elif baseline == "landfill":
        product = 0.0
        product_note = (
            "0: fossil CO2 not counted (no plastic_fraction): UPPER BOUND for a landfill baseline"
        )
    else:
        product = 0.0
        product_note = (
            "0: the waste is burnt anyway in the baseline, so its fossil CO2 cancels "
            "(incineration without recovery)"
        )
    source = (
        "given" if grid_factor_kg_per_kwh is not None else f"grid {grid!r}, partner-cities.md §4"
    )
    result = kawasaki_mechanism(
        factor,
        product,
        activity,
        years,
        activity_unit="kWh",
        notes={
            "baseline_intensity": f"grid factor displaced ({source})",
            "product_intensity": product_note,
            "activity_per_year": f"exported electricity: {activity_note}",
            "contribution_co2_t": (
                f"(baseline - product) x activity x years / 1000; baseline: {baseline}; "
                "landfill methane avoided not counted"
                if baseline == "landfill"
                else f"(baseline - product) x activity x years / 1000; baseline: {baseline}"
            ),
        },
    )
    if count_fossil:
        extra = pd.DataFrame(
            [
                {
                    "quantity": "waste_t_per_year",
                    "value": waste,
                    "units": "t/yr",
                    "note": waste_note,
                },
                {
                    "quantity": "fossil_co2_per_year_t",
                    "value": fossil,
                    "units": "t/yr",
                    "note": "waste x plastic share x 2.75 t-CO2/t (IPCC 2006), unless given",
                },
            ]
        ).set_index("quantity")
        attrs = dict(result.attrs)
        result = pd.concat([result, extra])
        result.attrs.update(attrs)
    result.attrs.update(
        baseline=baseline,
        fossil_co2_counted=count_fossil,
        upper_bound=baseline == "landfill" and not count_fossil,
    )
    return result


def efficient_equipment_contribution(
    grid: str,
    useful_output_kwh_per_unit_year: float,
    units: float,
    efficiency_baseline: float,
    efficiency_product: float,
    years: float = 1.0,
    *,
    grid_factor_kg_per_kwh: float | None = None,
) -> pd.DataFrame:
    """Kawasaki Mechanism contribution of efficient electric equipment sold outside the city.

    Per kWh of useful output, the baseline uses ``1 / efficiency_baseline`` kWh of grid
    electricity and the product ``1 / efficiency_product`` kWh. The intensities are therefore
    ``factor / efficiency`` [kg-CO2 per kWh useful], and the activity is
    ``useful_output x units``.

    Parameters
    ----------
    grid : str
        Partner city or country code where the equipment runs.
    useful_output_kwh_per_unit_year : float
        Useful output of one unit [kWh/yr] (>= 0), e.g. shaft work of a motor.
    units : float
        Number of units sold (>= 0).
    efficiency_baseline, efficiency_product : float
        Efficiencies in (0, 1] of the equipment replaced and of the product.
    years : float, default 1
        Years of operation counted.
    grid_factor_kg_per_kwh : float, optional
        Overrides the factor of ``grid``.

    Examples
    --------
    1,000 motors delivering 100 MWh/yr each, 90 % → 95 % efficient, in Da Nang (0.6592 kg/kWh):
    ``(1/0.90 − 1/0.95) x 0.6592 x 1e8 kWh / 1000`` = 3,855 t/yr.
    """
    factor = _acc.resolve_grid_factor(grid, grid_factor_kg_per_kwh)
    output = _non_negative(
        useful_output_kwh_per_unit_year, "useful_output_kwh_per_unit_year", "kWh/yr"
    )
    n_units = _non_negative(units, "units", "")
    eta_base = _efficiency(efficiency_baseline, "efficiency_baseline")
    eta_prod = _efficiency(efficiency_product, "efficiency_product")
    return kawasaki_mechanism(
        factor / eta_base,
        factor / eta_prod,
        output * n_units,
        years,
        activity_unit="kWh useful",
        notes={
            "baseline_intensity": f"grid {factor:g} kg/kWh / efficiency {eta_base:g}",
            "product_intensity": f"grid {factor:g} kg/kWh / efficiency {eta_prod:g}",
            "activity_per_year": f"{n_units:g} units x {output:g} kWh/yr useful output",
        },
    )
