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
  city. Its exported electricity displaces that country's grid (baseline = grid factor; product =
  0 kg/kWh by default, the electricity from biogenic waste, or the fossil share if you give it).
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
    waste_t_per_year: float, lhv_mj_per_kg: float, recovery_rate: float, export_share: float
) -> float:
    """Electricity a WtE plant exports [kWh/yr]: ``waste x LHV x eta / 3.6 x export share``.

    Parameters
    ----------
    waste_t_per_year : float
        Waste burnt [t/yr] (>= 0).
    lhv_mj_per_kg : float
        Lower heating value of that waste [MJ/kg] (> 0). Waste with more food and moisture
        (common in the partner cities) has a lower LHV than Kawasaki's.
    recovery_rate : float
        Energy recovery rate, fraction in (0, 1] (Tachibana's new plant: 0.215).
    export_share : float
        Share of generation exported, in [0, 1] (Ozenji FY2012: 0.773).
    """
    waste = _non_negative(waste_t_per_year, "waste_t_per_year", "t/yr")
    lhv = _scalar(lhv_mj_per_kg, "lhv_mj_per_kg")
    if not lhv > 0:
        raise ValueError(f"parameter 'lhv_mj_per_kg' must be > 0 MJ/kg, got {lhv_mj_per_kg!r}")
    eta = _efficiency(recovery_rate, "recovery_rate")
    share = _scalar(export_share, "export_share")
    if not 0 <= share <= 1:
        raise ValueError(
            f"parameter 'export_share' must be a fraction in [0, 1], got {export_share!r}"
        )
    return waste * 1000.0 * lhv * eta / MJ_PER_KWH * share


def wte_transfer_contribution(
    grid: str = "mumbai",
    *,
    plant: str | None = None,
    fiscal_year: int = 2012,
    exported_kwh_per_year: float | None = None,
    years: float = 1.0,
    product_kg_per_kwh: float = 0.0,
    grid_factor_kg_per_kwh: float | None = None,
) -> pd.DataFrame:
    """Kawasaki Mechanism contribution of a Kawasaki-style WtE plant built in a partner city.

    The plant's exported electricity displaces the partner's grid electricity: baseline =
    grid factor of ``grid``; product = ``product_kg_per_kwh`` (0: electricity from the biogenic
    part of waste; give the fossil CO2 per exported kWh to count the plastics).

    Parameters
    ----------
    grid : str, default "mumbai"
        Partner city or country code (:func:`kgi_lab.wte.accounting.grid_factor_kg_per_kwh`).
    plant : str, optional
        A Kawasaki plant id: its sales in ``fiscal_year`` are the exported electricity ("the same
        plant, transferred"). Ignored for the activity when ``exported_kwh_per_year`` is given.
    fiscal_year : int, default 2012
    exported_kwh_per_year : float, optional
        Exported electricity [kWh/yr] (e.g. from :func:`wte_exported_kwh`).
    years : float, default 1
        Years of operation counted.
    product_kg_per_kwh : float, default 0
        Emission intensity of the exported electricity [kg-CO2/kWh].
    grid_factor_kg_per_kwh : float, optional
        Overrides the factor of ``grid``.

    Returns
    -------
    pandas.DataFrame
        The :func:`kawasaki_mechanism` table, with rows ``grid`` and ``plant`` noted.

    Raises
    ------
    KeyError
        Unknown ``plant`` or ``grid``.
    ValueError
        Neither ``plant`` nor ``exported_kwh_per_year`` given, or the plant's sales are not
        published for ``fiscal_year``.

    Examples
    --------
    Ukishima's FY2012 sales (23,431,304 kWh) displacing India's grid (0.727 kg/kWh) for one
    year: 17,034.6 t.
    """
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
    source = (
        "given" if grid_factor_kg_per_kwh is not None else f"grid {grid!r}, partner-cities.md §4"
    )
    return kawasaki_mechanism(
        factor,
        product_kg_per_kwh,
        activity,
        years,
        activity_unit="kWh",
        notes={
            "baseline_intensity": f"grid factor displaced ({source})",
            "product_intensity": "electricity from waste (0 = biogenic; fossil share not counted)"
            if product_kg_per_kwh == 0
            else "given",
            "activity_per_year": f"exported electricity: {activity_note}",
        },
    )


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
