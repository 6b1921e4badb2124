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
    """CO2 avoided by Ukishima's FY2012 sales at Japan's national grid factor [t].

    The factor is the FY2024 one (0.423 kg-CO2/kWh, the only Japanese national factor in the
    references): an accounting illustration, not the FY2012 reduction.
    """
    sold = load_plants(2012).loc["ukishima", "sold_kwh"]
    return float(avoided_co2_t(sold, grid_factor_kg_per_kwh("JP")))


def _solve_partner_export_co2(*, partner: str = "mumbai") -> float:
    """CO2 the same Ukishima FY2012 sales would avoid on the grid of ``partner`` [t]."""
    sold = load_plants(2012).loc["ukishima", "sold_kwh"]
    return float(avoided_co2_t(sold, grid_factor_kg_per_kwh(partner)))


def _solve_generation_efficiency(
    *,
    plant: str = "ozenji",
    fiscal_year: int = 2012,
    waste_lhv_mj_per_kg: float | None = None,
    throughput_t_per_year: float | None = None,
) -> float:
    """Power generation efficiency (発電効率) [%] of ``plant`` with the notebook's LHV and
    throughput (heat use not counted)."""
    result = plant_energy_recovery(
        plant, fiscal_year, lhv_mj_per_kg=waste_lhv_mj_per_kg, throughput_t=throughput_t_per_year
    )
    return float(100 * result["generation_efficiency"])


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
            "`wte.plant_electricity_balance(2012)` (the `balance` table of section 1 with the "
            "default `fiscal_year`).",
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
        # 0.2 %: the value over FY2015's actual 8,784 h (82.2 %) is not accepted
        rtol=0.002,
        hints=(
            "Capacity factor = energy / (rated power x hours in the period). Keep the units "
            "consistent: kWh and kW, or GWh and GW.",
            "`wte.capacity_factor(energy_kwh, rating_kw, hours)` returns a fraction; multiply by "
            "100 for %. `ozenji_2015` holds the FY2015 figures.",
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
            "grid factor (the FY2024 factor, the only one in the references; in t)?"
        ),
        kind="number",
        units="t",
        rtol=0.01,
        hints=(
            "Avoided CO2 = electricity sold x grid factor; Ukishima's FY2012 sales are in "
            "`wte.load_plants(2012)` (`sold_kwh`), Japan's factor is "
            "`wte.grid_factor_kg_per_kwh('JP')` in kg-CO2/kWh.",
            "kWh x kg/kWh gives kg: divide by 1000 for tonnes (or use `wte.avoided_co2_t`).",
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
        # 0.3 %: Ukishima's total avoided CO2 at Japan's factor (16,966 t, displayed in section 3)
        # is 0.4 % from the default answer (Mumbai) and must not pass
        rtol=0.003,
        hints=(
            "Same electricity as the previous exercise, different grid factor: "
            "`wte.grid_factor_kg_per_kwh(partner)` maps the city to its country's grid.",
            "The ratio of the two answers is the ratio of the two grid factors.",
        ),
        solve=_solve_partner_export_co2,
    )
)

# The notebook asks for the efficiency at the old design's LHV: the efficiency at its own inputs
# is displayed in section 2 and is a headline of the metrics record.
register(
    Exercise(
        id=f"{NOTEBOOK}.generation-efficiency",
        notebook=NOTEBOOK,
        title="Power generation efficiency with a wetter waste",
        prompt=(
            "Had the chosen plant's (`plant`) waste had the LHV implied by Tachibana's old "
            "design (`waste_lhv_mj_per_kg` in the check; the notebook passes `lhv_old`), with the "
            "throughput used in the notebook, what fraction of the waste's energy would it have "
            "turned into electricity in `fiscal_year` (power generation efficiency, 発電効率, "
            "in %)?"
        ),
        kind="number",
        units="%",
        rtol=0.01,
        hints=(
            "Energy in = throughput [t] x 1000 kg/t x LHV [MJ/kg]; energy out = generation [kWh] "
            "x 3.6 MJ/kWh.",
            "`wte.power_generation_efficiency(generation_kwh, waste_t, lhv_mj_per_kg)` returns a "
            "fraction; use the generation and throughput of section 2 (`generation_kwh`, "
            "`throughput_t`) with the old design's LHV (`lhv_old`).",
        ),
        solve=_solve_generation_efficiency,
    )
)
