"""Exercises of the ``air_quality_network`` notebook: the Japanese evaluation, other standards,
network redundancy and unit conversion.

Every expected answer is computed with the public air API: :func:`kgi_lab.air.standards.evaluate_japan`
and :func:`~kgi_lab.air.standards.evaluate` (the evaluation tables), :func:`kgi_lab.air.network.removal_bias`
(EPA NetAssess removal bias) and :func:`kgi_lab.units.ppm_to_ug_m3`, on the notebook's own data.

References
----------
.. [1] 昭和53年 環境庁告示第38号 (NO2: the annual 98 % value of daily means, 0.04–0.06 ppm or
   below); City of Yokohama, 用語解説 98%値評価 (98evl.html); Fukuoka Prefecture (rank
   round-half-up(0.98 n), 350 days → 343rd). See kawasaki-facts.md §2a.
.. [2] US EPA (2007), EPA-454/D-07-001 (removal bias); NetAssess2020 ``rembiasTable``.
.. [3] WHO global air quality guidelines (2021): 1 ppb NO2 = 1.88 µg/m³ at 25 °C and 1 atm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgi_lab.exercises._core import Exercise, register

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

# The kgi_lab science modules are imported inside the solvers: every exercise module is imported
# when a notebook first calls check(), and this keeps that import light.

__all__ = ["STATION_CODES"]

NOTEBOOK = "air_quality_network"
#: NIES codes of the Kawasaki station master (dataset ``kawasaki_stations``: 18 current and 3
#: historical stations), the answers of the redundancy exercise. Tests check they match the
#: dataset.
STATION_CODES = (
    "14131021",
    "14131020",
    "14131030",
    "14131100",
    "14131010",
    "14132060",
    "14133010",
    "14134010",
    "14136010",
    "14135080",
    "14135070",
    "14131530",
    "14131540",
    "14131550",
    "14131510",
    "14132510",
    "14133520",
    "14134530",
    "14136510",
    "14135540",
    "14135530",
)
#: Reference temperature of the conversion exercise [°C] (WHO 2021 and US EPA).
CONVERSION_TEMPERATURE_C = 25.0


def _solve_no2_98_value(*, data: xr.Dataset, station: str, fiscal_year: int) -> float:
    """The NO2 98 % value [ppm] of ``station`` in ``fiscal_year``, from the official evaluation."""
    from kgi_lab.air.standards import evaluate_japan

    japan = evaluate_japan(data, "no2", int(fiscal_year))
    if station not in japan.index:
        raise KeyError(
            f"context 'station': '{station}' is not in the data; stations: "
            f"{', '.join(map(str, japan.index))}"
        )
    return float(japan.loc[station, "daily_p98_ppm"])


def _attained(table: pd.DataFrame) -> pd.Series:
    return table["attained"].astype("boolean")


def _solve_jp_not_other(
    *, data: xr.Dataset, pollutant: str, fiscal_year: int, standard: str
) -> int:
    """Stations that attain the Japanese standard but not ``standard`` (unknowns not counted)."""
    from kgi_lab.air.standards import evaluate, evaluate_japan

    japan = _attained(evaluate_japan(data, pollutant, int(fiscal_year)))
    other = _attained(evaluate(data, pollutant, int(fiscal_year), standard))
    other = other.reindex(japan.index)
    both_known = japan.notna() & other.notna()
    return int((both_known & japan.fillna(False) & ~other.fillna(True)).sum())


def _solve_most_redundant(*, data: xr.Dataset, pollutant: str) -> str:
    """The station of redundancy rank 1 (smallest |mean removal bias|)."""
    from kgi_lab.air.network import removal_bias

    bias = removal_bias(data, pollutant)
    return str(bias.index[bias["redundancy_rank"] == 1][0])


def _solve_no2_limit_ug_m3() -> float:
    """The upper end of Japan's NO2 standard (0.06 ppm, daily means) in µg/m³ at 25 °C."""
    from kgi_lab.air.standards import limits
    from kgi_lab.units import ppm_to_ug_m3

    table = limits("JP", "no2")
    upper_ppm = float(table.loc[table["statistic"] == "p98_value", "value"].iloc[0])
    return float(ppm_to_ug_m3(upper_ppm, "NO2", temperature_c=CONVERSION_TEMPERATURE_C))


register(
    Exercise(
        id=f"{NOTEBOOK}.no2-98-value",
        notebook=NOTEBOOK,
        title="The NO2 98 % value by hand",
        prompt=(
            "For the station `no2_station` and the fiscal year `no2_fiscal_year` (the year "
            "before the notebook's, whose table is on screen), compute the NO2 98 % value "
            "(日平均値の年間98%値) by hand, in ppm: take the valid daily means (≥ 20 hours, "
            "rounded half up to 0.001 ppm), sort them, and pick the one at ascending rank "
            "round-half-up(0.98 n)."
        ),
        kind="number",
        units="ppm",
        rtol=0.0,
        atol=0.0005,
        hints=(
            "`daily_means(da, start=..., end=..., resolution=0.001)` gives the rounded daily "
            "means of the fiscal year (April 1 to the next April 1); drop the NaN days before "
            "counting n.",
            "Python's `round` rounds halves to even, and ranks start at 1 while Python indexes "
            "start at 0. In integers, round-half-up(0.98 n) is (98 n + 50) // 100.",
        ),
        solve=_solve_no2_98_value,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.jp-but-not-other",
        notebook=NOTEBOOK,
        title="Attaining one standard but not the other",
        prompt=(
            "For the notebook's pollutant and year, how many stations attain the Japanese "
            "standard but do not attain the second standard (`standard`)? Count only stations "
            "whose attainment is known in both tables."
        ),
        kind="number",
        rtol=0.0,
        atol=0.0,
        hints=(
            "Both tables (`japan` from section 3, `other` from section 4) have a boolean "
            "`attained` column indexed by station; it is NA where a station is not evaluable.",
            "Align the two columns on the station index and count the stations where the "
            "first is True and the second is False.",
        ),
        solve=_solve_jp_not_other,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.most-redundant-station",
        notebook=NOTEBOOK,
        title="The most redundant station for another pollutant",
        prompt=(
            "Run the removal-bias analysis of section 6 for `redundancy_pollutant` (PM2.5, or "
            "NO2 if the notebook's pollutant is PM2.5). Which station does it call the most "
            "redundant? Answer with its NIES station code (a string such as '14131021')."
        ),
        kind="choice",
        choices=STATION_CODES,
        hints=(
            "A station is redundant when its neighbours estimate it well: a small mean removal "
            "bias.",
            "`network.removal_bias(data, redundancy_pollutant)` gives the same table as `bias`, "
            "for that pollutant; its `redundancy_rank` column ranks the stations (rank 1 is the "
            "most redundant) and its index holds the station codes.",
        ),
        solve=_solve_most_redundant,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.no2-limit-ug-m3",
        notebook=NOTEBOOK,
        title="ppm to µg/m³",
        prompt=(
            "Japan's NO2 standard is a daily mean of 0.04–0.06 ppm or below. Convert its upper "
            "end, 0.06 ppm, to a mass concentration in µg/m³ at 25 °C and 1 atm, so that it can "
            "be compared with WHO's 24-hour guideline of 25 µg/m³."
        ),
        kind="number",
        units="ug/m3",
        rtol=0.005,
        hints=(
            "µg/m³ = ppm × 1000 × M / Vm, with M the molar mass of NO2 [g/mol] and Vm the "
            "molar volume [L/mol] of an ideal gas at the reference temperature and pressure.",
            "Vm = R T / p: at 25 °C (298.15 K) and 101,325 Pa it is about 24.5 L/mol; "
            "`kgi_lab.units.ppm_to_ug_m3` does the whole conversion.",
        ),
        solve=_solve_no2_limit_ug_m3,
    )
)
