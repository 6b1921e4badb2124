"""Waste-to-energy (ごみ発電) and GHG accounting: Kawasaki's four incineration plants.

Submodules:

* :mod:`~kgi_lab.wte.plants` — the plants as data (浮島 Ukishima, 堤根 Tsutsumine, 橘 Tachibana,
  王禅寺 Ozenji): capacities, turbines, FY2012 generation / purchases / sales, city totals, with
  sources and quality flags (dataset ``kawasaki_incineration``);
* :mod:`~kgi_lab.wte.accounting` — electricity balance, power generation efficiency (発電効率;
  the MOE's energy recovery rate エネルギー回収率 would add weighted heat use, not counted here),
  implied waste LHV, throughput bounds and estimates, capacity factor, grid factors and CO2
  accounting;
* :mod:`~kgi_lab.wte.mechanism` — a simple Kawasaki Mechanism (川崎メカニズム) calculation of
  reductions contributed outside the city, with an explicit baseline for the waste;
* :mod:`~kgi_lab.wte.plots` — figures.
"""

from kgi_lab.wte.accounting import (
    avoided_co2_t,
    capacity_factor,
    co2_accounting,
    design_yield_kwh_per_t,
    electricity_balance,
    energy_recovery_rate,
    estimate_throughput_t,
    fossil_co2_t,
    full_load_hours,
    grid_factor_kg_per_kwh,
    grid_factors,
    implied_lhv_mj_per_kg,
    implied_throughput_t,
    plant_electricity_balance,
    plant_energy_recovery,
    plastic_co2_t_per_t,
    power_generation_efficiency,
    resolve_grid_factor,
    tachibana_design_lhv_mj_per_kg,
    throughput_bounds_t,
)
from kgi_lab.wte.mechanism import (
    BASELINES,
    efficient_equipment_contribution,
    kawasaki_mechanism,
    wte_exported_kwh,
    wte_transfer_contribution,
)
from kgi_lab.wte.plants import (
    city_incineration_t,
    hours_in_fiscal_year,
    load_plants,
    ocr_corrections,
    plant_ids,
    provenance,
)

__all__ = [
    "BASELINES",
    "avoided_co2_t",
    "capacity_factor",
    "city_incineration_t",
    "co2_accounting",
    "design_yield_kwh_per_t",
    "efficient_equipment_contribution",
    "electricity_balance",
    "energy_recovery_rate",
    "estimate_throughput_t",
    "fossil_co2_t",
    "full_load_hours",
    "grid_factor_kg_per_kwh",
    "grid_factors",
    "hours_in_fiscal_year",
    "implied_lhv_mj_per_kg",
    "implied_throughput_t",
    "kawasaki_mechanism",
    "load_plants",
    "ocr_corrections",
    "plant_electricity_balance",
    "plant_energy_recovery",
    "plant_ids",
    "plastic_co2_t_per_t",
    "power_generation_efficiency",
    "provenance",
    "resolve_grid_factor",
    "tachibana_design_lhv_mj_per_kg",
    "throughput_bounds_t",
    "wte_exported_kwh",
    "wte_transfer_contribution",
]
