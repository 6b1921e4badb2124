"""Exercises of the ``waste_to_energy`` notebook: Kawasaki's incineration plants and their CO2.

Every expected answer is computed with :mod:`kgi_lab.wte` from the published figures (the 2014
policy table 平成24年度発電・売電実績 and kawasaki-facts.md §7) and the grid factors of
partner-cities.md §4; nothing is stored here.

References
----------
.. [1] City of Kawasaki, Green Innovation Promotion Policy (2014), table 平成24年度発電・売電実績.
.. [2] shared/reference/kawasaki-facts.md §7; shared/reference/partner-cities.md §4.
"""

from __future__ import annotations

from kgi_lab.exercises._core import Exercise, register
from kgi_lab.wte import (
    avoided_co2_t,
    capacity_factor,
    grid_factor_kg_per_kwh,
    load_plants,
    plant_electricity_balance,
    plant_energy_recovery,
)
from kgi_lab.wte.plants import PLANT_IDS

NOTEBOOK = "waste_to_energy"


def _solve_largest_export_share() -> str:
    """The plant that sold the largest share of its FY2012 generation."""
    return str(plant_electricity_balance(2012)["export_share"].idxmax())


def _solve_ozenji_capacity_factor() -> float:
    """Ozenji's FY2015 capacity factor [%] over 8760 h (as kawasaki-facts.md §7)."""
    row = load_plants(2015).loc["ozenji"]
    return float(100 * capacity_factor(row["generation_kwh"], row["turbine_kw"], 8760.0))


def _solve_ukishima_export_co2() -> float:
    """CO2 avoided by Ukishima's FY2012 sales at Japan's national grid factor [t]."""
    sold = load_plants(2012).loc["ukishima", "sold_kwh"]
    return float(avoided_co2_t(sold, grid_factor_kg_per_kwh("JP")))


def _solve_partner_export_co2(*, partner: str = "mumbai") -> float:
    """CO2 the same Ukishima FY2012 sales would avoid on the grid of ``partner`` [t]."""
    sold = load_plants(2012).loc["ukishima", "sold_kwh"]
    return float(avoided_co2_t(sold, grid_factor_kg_per_kwh(partner)))


def _solve_recovery_rate(
    *,
    plant: str = "ozenji",
    fiscal_year: int = 2012,
    waste_lhv_mj_per_kg: float | None = None,
    throughput_t_per_year: float | None = None,
) -> float:
    """Energy recovery rate [%] of ``plant`` with the notebook's LHV and throughput."""
    result = plant_energy_recovery(
        plant, fiscal_year, lhv_mj_per_kg=waste_lhv_mj_per_kg, throughput_t=throughput_t_per_year
    )
    return float(100 * result["recovery_rate"])


register(
    Exercise(
        id=f"{NOTEBOOK}.largest-export-share",
        notebook=NOTEBOOK,
        title="Who sells the most of what it makes?",
        prompt=(
            "In FY2012, which plant sold the largest share of the electricity it generated "
            "(sold / generated)? Answer with the plant id."
        ),
        kind="choice",
        choices=PLANT_IDS,
        hints=(
            "The share is sold_kwh / generation_kwh: the `export_share` column of "
            "`plant_electricity_balance(2012)`.",
            "Tsutsumine's sales are not reported ('—'): its share is unknown, not zero, and it "
            "cannot be the answer. Compare the other three.",
        ),
        solve=_solve_largest_export_share,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.ozenji-capacity-factor",
        notebook=NOTEBOOK,
        title="Ozenji's capacity factor in FY2015",
        prompt=(
            "Ozenji generated 54.18 GWh in FY2015 with a 7,500 kW turbine. What was its capacity "
            "factor (in %, over a 8,760-hour year)?"
        ),
        kind="number",
        units="%",
        rtol=0.01,
        hints=(
            "Capacity factor = energy / (rated power x hours in the period). Keep the units "
            "consistent: kWh and kW, or GWh and GW.",
            "`capacity_factor(energy_kwh, rating_kw, hours)` returns a fraction; multiply by 100 "
            "for %.",
        ),
        solve=_solve_ozenji_capacity_factor,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.ukishima-export-co2",
        notebook=NOTEBOOK,
        title="CO2 avoided by Ukishima's sales",
        prompt=(
            "How much CO2 does the electricity Ukishima sold in FY2012 avoid at Japan's national "
            "grid factor (in t)?"
        ),
        kind="number",
        units="t",
        rtol=0.01,
        hints=(
            "Avoided CO2 = electricity sold x grid factor; Japan's factor is "
            "`grid_factor_kg_per_kwh('JP')` in kg-CO2/kWh.",
            "kWh x kg/kWh gives kg: divide by 1000 for tonnes (or use `avoided_co2_t`).",
        ),
        solve=_solve_ukishima_export_co2,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.partner-export-co2",
        notebook=NOTEBOOK,
        title="The same plant in a partner city",
        prompt=(
            "If a plant selling as much as Ukishima did in FY2012 ran in the partner city of the "
            "notebook (`partner`), how much CO2 would its sales avoid in a year on that city's "
            "grid (in t)?"
        ),
        kind="number",
        units="t",
        rtol=0.01,
        hints=(
            "Same electricity as the previous exercise, different grid factor: "
            "`grid_factor_kg_per_kwh(partner)` maps the city to its country's grid.",
            "The ratio of the two answers is the ratio of the two grid factors.",
        ),
        solve=_solve_partner_export_co2,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.recovery-rate",
        notebook=NOTEBOOK,
        title="Energy recovery rate of the chosen plant",
        prompt=(
            "With the LHV and the throughput used in the notebook, what fraction of the waste's "
            "energy did the chosen plant (`plant`) turn into electricity in `fiscal_year` "
            "(energy recovery rate, in %)?"
        ),
        kind="number",
        units="%",
        rtol=0.01,
        hints=(
            "Energy in = throughput [t] x 1000 kg/t x LHV [MJ/kg]; energy out = generation [kWh] "
            "x 3.6 MJ/kWh.",
            "`energy_recovery_rate(generation_kwh, waste_t, lhv_mj_per_kg)` returns a fraction; "
            "use the throughput and LHV printed in section 2.",
        ),
        solve=_solve_recovery_rate,
    )
)
