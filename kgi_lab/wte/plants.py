"""Kawasaki's waste incineration plants (処理センター) as data: capacities, turbines, electricity.

The four plants — 浮島 Ukishima, 堤根 Tsutsumine, 橘 Tachibana and 王禅寺 Ozenji — are read from
``datasets/kawasaki_incineration.yaml`` through :func:`kgi_lab.datasets.load` (SHA-256 checked).
:func:`load_plants` gives one row per plant for a fiscal year, with the unit (old or new plant)
in service that year and the published generation, purchases and sales; :func:`provenance` gives
every value with its quality flag and source.

Two OCR errors of the 2014 policy table are corrected in the data (堀根 → 堤根, 橋 → 橘, see
:func:`ocr_corrections`), and Tsutsumine's '—' for sales is kept missing, not 0.

References
----------
.. [1] City of Kawasaki, 川崎市グリーン・イノベーション推進方針 (Green Innovation Promotion Policy),
   May 2014, table 「平成24年度発電・売電実績」 (shared/seed/000_3b626d0430bae411.txt lines 803-811).
.. [2] shared/reference/kawasaki-facts.md §7 (capacities, turbines, commissioning years, city
   incineration totals), with the original sources listed in the dataset header.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "DATASET",
    "PLANT_IDS",
    "city_incineration_t",
    "grid_factor_key",
    "hours_in_fiscal_year",
    "load_plants",
    "ocr_corrections",
    "plant_ids",
    "plant_record",
    "provenance",
    "published_fiscal_years",
]

#: Catalogue id of the plant dataset.
DATASET = "kawasaki_incineration"
#: Plant ids in the order of the 2014 policy table.
PLANT_IDS = ("ukishima", "tsutsumine", "tachibana", "ozenji")

_COLUMNS_UNITS = {
    "name": None,
    "name_ja": None,
    "ward": None,
    "ward_ja": None,
    "unit": None,
    "commissioned": "year",
    "capacity_t_per_day": "t/day",
    "normal_operation_t_per_day": "t/day",
    "turbine_kw": "kW",
    "design_recovery_rate": "1",
    "generation_kwh": "kWh",
    "purchased_kwh": "kWh",
    "sold_kwh": "kWh",
    "sold_reported": None,
}


@lru_cache(maxsize=2)
def _doc_cached(sha: str) -> dict[str, Any]:
    from kgi_lab import datasets

    return datasets.load(DATASET)


def _doc() -> dict[str, Any]:
    from kgi_lab import datasets

    return _doc_cached(datasets.catalog()[DATASET].sha256)


def plant_ids() -> tuple[str, ...]:
    """The plant ids of the dataset (``ukishima``, ``tsutsumine``, ``tachibana``, ``ozenji``)."""
    return tuple(_doc()["plants"])


def _check_plant(plant: str, name: str = "plant") -> str:
    known = plant_ids()
    if not isinstance(plant, str) or plant not in known:
        raise KeyError(
            f"parameter '{name}': unknown plant {plant!r}; choose one of {', '.join(known)}"
        )
    return plant


def published_fiscal_years() -> tuple[int, ...]:
    """Fiscal years with published plant electricity figures (2012 for all four plants, 2015 for
    Ozenji only)."""
    return tuple(sorted(int(k) for k in _doc()["electricity"]))


def _check_fiscal_year(fiscal_year: int) -> int:
    years = published_fiscal_years()
    if isinstance(fiscal_year, bool) or int(fiscal_year) != fiscal_year or fiscal_year not in years:
        raise ValueError(
            f"parameter 'fiscal_year': no published plant electricity for {fiscal_year!r}; "
            f"choose one of {', '.join(map(str, years))}"
        )
    return int(fiscal_year)


def plant_record(plant: str) -> dict[str, Any]:
    """The raw dataset record of one plant (every value with its ``quality`` and ``source``).

    Raises
    ------
    KeyError
        For an unknown plant id (the message names the parameter and the known ids).
    """
    return _doc()["plants"][_check_plant(plant)]


def _unit_in_service(plant: str, fiscal_year: int) -> dict[str, Any] | None:
    for unit in plant_record(plant)["units"]:
        start, end = unit["in_service_fiscal_years"]
        if start <= fiscal_year and (end is None or fiscal_year <= end):
            return unit
    return None


def _value(field: dict[str, Any] | None) -> float:
    if field is None or field.get("value") is None:
        return np.nan
    return float(field["value"])


def load_plants(
    fiscal_year: int = 2012, *, assume_unreported_sold_zero: bool = False
) -> pd.DataFrame:
    """One row per plant for a fiscal year: names, capacity, turbine and published electricity.

    Parameters
    ----------
    fiscal_year : int, default 2012
        Fiscal year (年度, April-March, named by its starting year). Published electricity exists
        for 2012 (all four plants, the 2014 policy table) and 2015 (Ozenji only).
    assume_unreported_sold_zero : bool, default False
        Tsutsumine's FY2012 sales are printed '—' (not reported). False keeps them missing (NaN);
        True reads '—' as "nothing sold" (0), which the dataset's plausibility note supports but
        the table does not state.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``plant`` (id), columns ``name``, ``name_ja``, ``ward``, ``ward_ja``,
        ``unit`` (which plant generation was in service, e.g. Tachibana's "old plant" in 2012),
        ``commissioned`` [year], ``capacity_t_per_day`` [t/day], ``normal_operation_t_per_day``
        [t/day] (the furnaces normally running; published for Ozenji only), ``turbine_kw`` [kW],
        ``design_recovery_rate`` [fraction], ``generation_kwh``, ``purchased_kwh``,
        ``sold_kwh`` [kWh/yr] and ``sold_reported`` (bool). A plant not in service that year
        has NaN capacity and turbine; unpublished values are NaN. ``attrs`` hold ``units``,
        ``fiscal_year``, ``source`` and ``quality``.

    Raises
    ------
    ValueError
        If ``fiscal_year`` has no published figures.

    References
    ----------
    .. [1] City of Kawasaki (2014), table 平成24年度発電・売電実績; kawasaki-facts.md §7.
    """
    fy = _check_fiscal_year(fiscal_year)
    doc = _doc()
    elec = doc["electricity"][fy]
    rows = []
    for pid, rec in doc["plants"].items():
        unit = _unit_in_service(pid, fy)
        e = elec["plants"].get(pid, {})
        sold = e.get("sold_kwh")
        reported = sold is not None
        if not reported and assume_unreported_sold_zero and e.get("generation_kwh") is not None:
            sold = 0.0
        rows.append(
            {
                "plant": pid,
                "name": rec["name"],
                "name_ja": rec["name_ja"],
                "ward": rec["ward"],
                "ward_ja": rec["ward_ja"],
                "unit": unit["label"] if unit else "not in service",
                "commissioned": _value(unit["commissioned"]) if unit else np.nan,
                "capacity_t_per_day": _value(unit["capacity_t_per_day"]) if unit else np.nan,
                "normal_operation_t_per_day": _value(unit.get("normal_operation_t_per_day"))
                if unit
                else np.nan,
                "turbine_kw": _value(unit["turbine_kw"]) if unit else np.nan,
                "design_recovery_rate": _value(unit["design_recovery_rate"]) if unit else np.nan,
                "generation_kwh": float(e["generation_kwh"])
                if e.get("generation_kwh") is not None
                else np.nan,
                "purchased_kwh": float(e["purchased_kwh"])
                if e.get("purchased_kwh") is not None
                else np.nan,
                "sold_kwh": float(sold) if sold is not None else np.nan,
                "sold_reported": reported,
            }
        )
    df = pd.DataFrame(rows).set_index("plant")
    df.attrs.update(
        dataset=DATASET,
        fiscal_year=fy,
        units=dict(_COLUMNS_UNITS),
        source=elec["source"],
        quality=elec["quality"],
        assume_unreported_sold_zero=bool(assume_unreported_sold_zero),
    )
    return df


def ocr_corrections() -> pd.DataFrame:
    """The corrections applied to the seed table's plant names (堀根 → 堤根, 橋 → 橘)."""
    return pd.DataFrame(_doc()["ocr_corrections"]).set_index("plant")


def city_incineration_t(fiscal_year: int | None = None) -> Any:
    """Incineration of the whole city [t/yr] by fiscal year (≈500,000 t FY2003 ... ≈390,000 t FY2012).

    Parameters
    ----------
    fiscal_year : int, optional
        One year; None returns the whole table (``value``, ``approximate``, ``quality``,
        ``source``).

    Raises
    ------
    KeyError
        If no total is published for ``fiscal_year`` (the message lists the years that are).

    References
    ----------
    .. [1] kawasaki-facts.md §7: 原典之 blog 2013 (≈, FY2003 and FY2012); City of Kawasaki
       事務事業評価 (FY2005 466,034 t, FY2006 458,541 t).
    """
    table = pd.DataFrame.from_dict(_doc()["city"]["incineration_t"], orient="index")
    table.index.name = "fiscal_year"
    if fiscal_year is None:
        return table
    if fiscal_year not in table.index:
        raise KeyError(
            f"parameter 'fiscal_year': no published city incineration total for {fiscal_year!r}; "
            f"published: {', '.join(map(str, table.index))}"
        )
    return float(table.loc[fiscal_year, "value"])


def hours_in_fiscal_year(fiscal_year: int) -> int:
    """Hours from 1 April of ``fiscal_year`` to 31 March of the next year (8784 when it holds a
    29 February, e.g. FY2015, else 8760)."""
    start = pd.Timestamp(f"{int(fiscal_year)}-04-01")
    end = pd.Timestamp(f"{int(fiscal_year) + 1}-04-01")
    return int((end - start) / pd.Timedelta(hours=1))


def grid_factor_key(country: str) -> str:
    """Key of a country's grid factor in ``japan_fuel_factors`` (``JP`` → ``japan_national_fy2024``)."""
    mapping = _doc()["grid_factor_by_country"]
    if country not in mapping:
        raise KeyError(
            f"parameter 'grid': no grid factor for country {country!r}; "
            f"known countries: {', '.join(mapping)}"
        )
    return mapping[country]


def _flatten(prefix: str, obj: Any, out: list[dict[str, Any]], plant: str) -> None:
    if isinstance(obj, dict) and "value" in obj and ("source" in obj or "quality" in obj):
        out.append(
            {
                "plant": plant,
                "field": prefix,
                "value": obj.get("value"),
                "quality": obj.get("quality"),
                "source": obj.get("source"),
            }
        )


def provenance() -> pd.DataFrame:
    """Every plant value with its quality flag and source, one row per (plant, field).

    Covers names, capacities, turbines, design recovery rates, commissioning years and each
    published electricity figure; city totals are in :func:`city_incineration_t`.
    """
    doc = _doc()
    rows: list[dict[str, Any]] = []
    for pid, rec in doc["plants"].items():
        rows.append(
            {
                "plant": pid,
                "field": "name_ja",
                "value": rec["name_ja"],
                "quality": "A",
                "source": "[SEED]; OCR-corrected, see ocr_corrections",
            }
        )
        _flatten("furnace", rec.get("furnace"), rows, pid)
        for unit in rec["units"]:
            for key in (
                "commissioned",
                "capacity_t_per_day",
                "normal_operation_t_per_day",
                "turbine_kw",
                "design_recovery_rate",
            ):
                _flatten(f"{unit['label']}: {key}", unit.get(key), rows, pid)
    for fy, block in doc["electricity"].items():
        for pid, values in block["plants"].items():
            for key, value in values.items():
                rows.append(
                    {
                        "plant": pid,
                        "field": f"FY{fy}: {key}",
                        "value": value,
                        "quality": block["quality"] if value is not None else "NOT REPORTED",
                        "source": block["source"],
                    }
                )
    return pd.DataFrame(rows).set_index(["plant", "field"])
