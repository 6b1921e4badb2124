"""Exercises of the ``heat_network`` notebook: trunk sizing and the Steam Net savings claim.

Every expected answer is computed with the public heat API: the case of
:func:`kgi_lab.heat.steamnet.load_case` and :func:`kgi_lab.heat.pipes.select_by_velocity` (the
standard sizes of ``datasets/pipe_sizes.csv``), :func:`kgi_lab.heat.savings.net_savings`, and
:func:`kgi_lab.heat.savings.sensitivity` / :func:`~kgi_lab.heat.savings.reproducing_sets` over
the same grid as the notebook's section 4.

References
----------
.. [1] Spirax Sarco, Steam Engineering Tutorials, block 10.2 "Pipes and pipe sizing" (velocity
   limits for steam mains, 25–40 m/s); Crane TP-410 (2009) chapter 3.
.. [2] 川崎市グリーン・イノベーション推進方針 (2014): Steam Net savings of about 11,000 kL
   crude-oil equivalent and 25,000 t CO2 per year (kawasaki-facts.md §6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgi_lab.exercises._core import Exercise, register

if TYPE_CHECKING:
    import xarray as xr

# The kgi_lab science modules are imported inside the functions: every exercise module is
# imported when a notebook first calls check(), and this keeps that import light.

__all__ = ["GRID_ASSUMPTIONS", "steam_net_grid"]

NOTEBOOK = "heat_network"
#: Velocity limit of the trunk-sizing exercise [m/s].
TRUNK_VELOCITY_LIMIT_M_S = 25.0
#: Steam volume of the 2006 plan [t/yr] (kawasaki-facts.md §6), used by two exercises.
PLAN_2006_STEAM_T_PER_YEAR = 300_000.0
#: The assumptions varied in the notebook's sensitivity grid (section 4), in its order.
GRID_ASSUMPTIONS = (
    "steam_t_per_year",
    "extraction_pressure_mpa",
    "marginal_efficiency",
    "gas_fraction",
    "boiler_efficiency",
)


def steam_net_grid(
    *,
    supply_pressure_mpa: float = 1.5,
    supply_temperature_c: float = 280.0,
    gas_fraction: float = 0.6,
    boiler_efficiency: float = 0.90,
    factor_set: str = "japan",
) -> xr.Dataset:
    """The sensitivity grid of the notebook's section 4 (net savings over the assumptions).

    Parameters
    ----------
    supply_pressure_mpa, supply_temperature_c : float
        Steam state at the power station [MPa absolute, °C] (notebook parameters).
    gas_fraction, boiler_efficiency : float
        The notebook's values, added to the grid's 0.6/0.8/1.0 and 0.80/0.85/0.90.
    factor_set : str
        Heating values and CO2 factors (notebook parameter ``emission_factors``).

    Returns
    -------
    xarray.Dataset
        :func:`kgi_lab.heat.savings.sensitivity` over :data:`GRID_ASSUMPTIONS`.
    """
    from kgi_lab.heat.savings import claim_grid, sensitivity

    return sensitivity(
        claim_grid(gas_fraction, boiler_efficiency),
        supply_pressure_mpa=supply_pressure_mpa,
        supply_temperature_c=supply_temperature_c,
        factor_set=factor_set,
    )


def _solve_trunk_dn(*, case: dict[str, Any]) -> int:
    """DN [mm] of the smallest standard pipe keeping the design flow at or below 25 m/s."""
    from kgi_lab.heat.pipes import select_by_velocity

    source = case["source"]
    size = select_by_velocity(
        source["design_mass_flow_kg_s"],
        source["density_kg_m3"],
        TRUNK_VELOCITY_LIMIT_M_S,
        schedule=str(case["assumptions"]["pipe_schedule"]),
    )
    return int(size.dn_mm)


def _solve_most_influential(
    *,
    supply_pressure_mpa: float,
    supply_temperature_c: float,
    gas_fraction: float,
    boiler_efficiency: float,
    factor_set: str,
) -> str:
    """The grid assumption whose values spread the net CO2 saving most (mean over the others)."""
    net_t = steam_net_grid(
        supply_pressure_mpa=supply_pressure_mpa,
        supply_temperature_c=supply_temperature_c,
        gas_fraction=gas_fraction,
        boiler_efficiency=boiler_efficiency,
        factor_set=factor_set,
    )["net_t"]
    spread = {name: float((net_t.max(name) - net_t.min(name)).mean()) for name in GRID_ASSUMPTIONS}
    return max(spread, key=spread.get)


def _solve_net_co2_2006(
    *,
    supply_pressure_mpa: float,
    supply_temperature_c: float,
    boiler_efficiency: float,
    fuel_mix: dict[str, float],
    extraction_pressure_mpa: float,
    marginal_efficiency: float,
    transport_loss_gj: float,
    factor_set: str,
) -> float:
    """Net CO2 saving [t/yr] at the 2006 plan's 300,000 t/yr, other assumptions as given."""
    from kgi_lab.heat.savings import net_savings

    table = net_savings(
        PLAN_2006_STEAM_T_PER_YEAR,
        supply_pressure_mpa=supply_pressure_mpa,
        supply_temperature_c=supply_temperature_c,
        boiler_efficiency=boiler_efficiency,
        fuel_mix=fuel_mix,
        extraction_pressure_mpa=extraction_pressure_mpa,
        marginal_efficiency=marginal_efficiency,
        transport_loss_gj=transport_loss_gj,
        factor_set=factor_set,
    )
    return float(table.loc["net_saving", "co2_t"])


def _solve_reproducing_efficiencies(
    *,
    supply_pressure_mpa: float,
    supply_temperature_c: float,
    gas_fraction: float,
    boiler_efficiency: float,
    factor_set: str,
) -> set[float]:
    """Make-up efficiencies of the grid's sets that reproduce the claim at 300,000 t/yr."""
    from kgi_lab.heat.savings import reproducing_sets

    grid = steam_net_grid(
        supply_pressure_mpa=supply_pressure_mpa,
        supply_temperature_c=supply_temperature_c,
        gas_fraction=gas_fraction,
        boiler_efficiency=boiler_efficiency,
        factor_set=factor_set,
    )
    matches = reproducing_sets(result=grid)
    plan = matches[matches["steam_t_per_year"] == PLAN_2006_STEAM_T_PER_YEAR]
    return {float(x) for x in plan["marginal_efficiency"].unique()}


register(
    Exercise(
        id=f"{NOTEBOOK}.trunk-dn-25",
        notebook=NOTEBOOK,
        title="Size the steam trunk for 25 m/s",
        prompt=(
            "The case sizes its pipes for 30 m/s. Size the main trunk for 25 m/s instead: which "
            "is the smallest standard DN (ASME B36.10M, the case's schedule, "
            "datasets/pipe_sizes.csv) whose mean velocity at the design flow, at the supply "
            "state, is at most 25 m/s?"
        ),
        kind="number",
        units="mm",
        rtol=0.0,
        atol=0.0,
        hints=(
            "The design flow and the steam density at the supply state are in `case['source']` "
            "(`design_mass_flow_kg_s`, `density_kg_m3`).",
            "`kgi_lab.heat.pipes.select_by_velocity` returns the smallest pipe of the table "
            "under a velocity limit; answer with its DN (`dn_mm`), not its inside diameter.",
        ),
        solve=_solve_trunk_dn,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.most-influential-assumption",
        notebook=NOTEBOOK,
        title="Which assumption moves the savings most?",
        prompt=(
            "In the sensitivity grid of section 4, which assumption moves the net CO2 saving "
            "most? For each assumption, take the spread (max − min) of `net_t` across its "
            "values, average it over all combinations of the other assumptions, and give the "
            "name of the one with the largest mean spread."
        ),
        kind="choice",
        choices=GRID_ASSUMPTIONS,
        hints=(
            "The grid is an xarray Dataset with one dimension per assumption: "
            "`grid['net_t'].max(name) - grid['net_t'].min(name)` is the spread along one.",
            "Average each spread with `.mean()` and compare the five numbers; the steam volume "
            "is one of the candidates.",
        ),
        solve=_solve_most_influential,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.net-co2-2006-plan",
        notebook=NOTEBOOK,
        title="Net CO2 saving of the 2006 plan",
        prompt=(
            "Recompute the savings table of section 3 for the 2006 plan's 300,000 t/yr of "
            "steam, keeping every other assumption (the network heat loss of section 2 "
            "included). What is the net CO2 saving, in t/yr?"
        ),
        kind="number",
        units="t/yr",
        rtol=0.005,
        hints=(
            "Call `net_savings` again with the same keyword arguments as section 3; only the "
            "first argument changes.",
            "The net saving is the last row of the table (`net_saving`), column `co2_t`; give "
            "t/yr (or kt/yr, saying so).",
        ),
        solve=_solve_net_co2_2006,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.reproducing-efficiencies-2006",
        notebook=NOTEBOOK,
        title="Which make-up plant reproduces the claim in 2006?",
        prompt=(
            "Among the assumption sets of section 4 that reproduce the claim (within ±10 % of "
            "both 11,000 kL and 25,000 t), which make-up efficiencies (`marginal_efficiency`) "
            "occur for 300,000 t/yr? Give them as a set of numbers, e.g. {0.42} (an empty set "
            "if none does)."
        ),
        kind="set",
        hints=(
            "`matches` (section 4) lists the reproducing sets, one row each, with a "
            "`steam_t_per_year` and a `marginal_efficiency` column.",
            "Keep the rows for 300,000 t/yr and collect the distinct efficiencies with "
            "`set(...unique())`.",
        ),
        solve=_solve_reproducing_efficiencies,
    )
)
