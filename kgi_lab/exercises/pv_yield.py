"""Exercises of the ``pv_yield`` notebook: yield, losses, clipping and orientation.

Every expected answer is computed with the public PV API: :func:`kgi_lab.pv.simulate` and its
result, :func:`kgi_lab.pv.analysis.loss_waterfall`, and
:func:`kgi_lab.pv.analysis.tilt_azimuth_sensitivity` on a synthetic typical year
(:func:`kgi_lab.weather.typical_year`), with the notebook's own weather, system, losses and seed
passed as context.

References
----------
.. [1] IEC 61724-1:2021, Photovoltaic system performance – Part 1: Monitoring (final yield Yf in
   kWh/kWp).
.. [2] A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641, 2014 (inverter clipping at
   the AC rating, DC/AC ratio).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgi_lab.exercises._core import Exercise, register

if TYPE_CHECKING:
    import pandas as pd
    import pvlib
    import xarray as xr

    from kgi_lab.pv import LossTree, PVSystemSpec

# The kgi_lab science modules are imported inside the solvers: every exercise module is imported
# when a notebook first calls check(), and this keeps that import light.

__all__ = ["COMPASS", "LOSS_STEPS", "PENANG_TILTS_DEG"]

NOTEBOOK = "pv_yield"
#: The steps of :func:`kgi_lab.pv.analysis.loss_waterfall` after the horizontal irradiation (the
#: answers of the largest-loss exercise; tests check they match the waterfall's labels).
LOSS_STEPS = (
    "transposition to the plane",
    "reflection (IAM)",
    "soiling",
    "shading",
    "snow",
    "temperature & module",
    "mismatch",
    "wiring",
    "connections",
    "lid",
    "nameplate",
    "degradation",
    "inverter efficiency",
    "inverter clipping",
    "transformer",
    "grid limit",
    "availability",
    # the energy delivered after every loss: a label of the table, so a valid (wrong) answer
    "delivered to the grid",
)
#: The four directions of the Bandung exercise, clockwise from north (azimuth 0°).
COMPASS = ("north", "east", "south", "west")
#: Tilts searched for Penang's best plane [deg]: 0–60° in 1° steps.
PENANG_TILTS_DEG = tuple(float(t) for t in range(0, 61))
#: DC/AC ratio of the clipping exercise.
CLIPPING_DC_AC_RATIO = 1.6


def _solve_largest_loss(*, result: xr.Dataset) -> str:
    """The waterfall step that removes the most energy (most negative ``change``)."""
    from kgi_lab.pv.analysis import loss_waterfall

    steps = loss_waterfall(result).iloc[1:]
    return str(steps.loc[steps["change"].idxmin(), "step"])


def _system(plant: str, design: dict[str, Any]) -> PVSystemSpec:
    from kgi_lab.pv import plant as plant_spec
    from kgi_lab.pv.systems import custom_system

    return custom_system(**design) if plant == "custom" else plant_spec(plant, **design)


def _solve_clipping_mwh(
    *,
    weather: pd.DataFrame,
    location: pvlib.location.Location,
    plant: str,
    design: dict[str, Any],
    losses: LossTree | None = None,
    preset: str = "pvwatts",
) -> float:
    """Energy removed by inverter clipping at DC/AC 1.6 [MWh/yr] (the notebook's system)."""
    from kgi_lab.pv import simulate

    system = _system(plant, {**design, "dc_ac_ratio": CLIPPING_DC_AC_RATIO})
    result = simulate(weather, system, location, preset=preset, losses=losses, keep=())
    stages = result["stage_energy_kwh"]
    clipped_kwh = float(stages.sel(stage="ac_unclipped") - stages.sel(stage="ac_inverter"))
    return clipped_kwh / 1000.0


def _solve_last_year_specific_yield(
    *,
    weather: pd.DataFrame,
    location: pvlib.location.Location,
    plant: str,
    design: dict[str, Any],
    losses: LossTree | None = None,
    preset: str = "pvwatts",
    years: int = 25,
) -> float:
    """Final yield Yf [kWh/kWp] of the notebook's system in its last year of operation.

    Year ``years`` of :func:`kgi_lab.pv.simulate_lifetime` is the typical year simulated with the
    loss tree aged by ``years - 1`` years; Yf = that year's AC energy / DC nameplate.
    """
    from kgi_lab.pv import LossTree, simulate

    if int(years) < 1:
        raise ValueError(f"years must be >= 1, got {years}")
    system = _system(plant, design)
    aged = (LossTree() if losses is None else losses).aged(int(years) - 1)
    result = simulate(weather, system, location, preset=preset, losses=aged, keep=())
    return float(result["ac_energy_kwh"]) / float(system.dc_capacity_kw)


def _typical_site(city: str, seed: int) -> tuple[pd.DataFrame, pvlib.location.Location]:
    from kgi_lab.weather import location_from_weather, typical_year

    weather, _ = typical_year(city, seed=seed)
    return weather, location_from_weather(weather)


def _solve_penang_best_tilt(*, seed: int = 0, losses: LossTree | None = None) -> float:
    """Tilt [deg] of the highest specific yield at Penang, equator-facing, 1° steps."""
    from kgi_lab.pv.analysis import tilt_azimuth_sensitivity
    from kgi_lab.pv.systems import custom_system, equator_facing_azimuth

    weather, location = _typical_site("penang", seed)
    azimuth = equator_facing_azimuth(location.latitude)
    system = custom_system(surface_azimuth=azimuth)
    yields = tilt_azimuth_sensitivity(
        weather, system, location, tilts=PENANG_TILTS_DEG, azimuths=[azimuth], losses=losses
    ).isel(surface_azimuth=0)
    return float(yields.idxmax("surface_tilt"))


def _solve_bandung_facing(*, seed: int = 0, losses: LossTree | None = None) -> str:
    """Compass direction (north/east/south/west) of Bandung's best plane (default grid)."""
    from kgi_lab.pv.analysis import tilt_azimuth_sensitivity
    from kgi_lab.pv.systems import custom_system, equator_facing_azimuth

    weather, location = _typical_site("bandung", seed)
    system = custom_system(surface_azimuth=equator_facing_azimuth(location.latitude))
    sens = tilt_azimuth_sensitivity(weather, system, location, losses=losses)
    best = sens.where(sens == sens.max(), drop=True)
    azimuth = float(best["surface_azimuth"][0])
    return COMPASS[int(((azimuth + 45.0) % 360.0) // 90.0)]


register(
    Exercise(
        id=f"{NOTEBOOK}.last-year-specific-yield",
        notebook=NOTEBOOK,
        title="Specific yield in the last year of operation",
        prompt=(
            "From the lifetime run of section 5 (`lifetime`), take the AC energy of the last "
            "year of operation (year `years`) and the system's DC nameplate capacity, and "
            "compute that year's specific yield (final yield Yf) in kWh/kWp."
        ),
        kind="number",
        units="kWh/kWp",
        rtol=0.005,
        hints=(
            "Specific yield = annual AC energy / DC capacity; the energy of each year is "
            "`lifetime['ac_energy_kwh']` (along `year_of_operation`), the capacity is "
            "`system.dc_capacity_kw`.",
            "Take the last year (`.isel(year_of_operation=-1)`), not the first or the "
            "cumulative total, and keep the units consistent: MWh per kWp is not kWh per kWp "
            "(MWh/MWp is; say so: '... MWh/MWp').",
        ),
        solve=_solve_last_year_specific_yield,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.largest-loss",
        notebook=NOTEBOOK,
        title="The largest single loss",
        prompt=(
            "In the loss waterfall of section 3, which single step removes the most energy? "
            "Answer with the step's label as printed in the `step` column."
        ),
        kind="choice",
        choices=LOSS_STEPS,
        hints=(
            "Losses are the rows with a negative `change`; gains (such as transposition to a "
            "tilted plane) are positive.",
            "Compare the `change` column in kWh/kWp (or `change_pct`, which is relative to the "
            "previous step), and take the most negative one.",
        ),
        solve=_solve_largest_loss,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.clipping-loss",
        notebook=NOTEBOOK,
        title="Clipping at a DC/AC ratio of 1.6",
        prompt=(
            "Re-run the notebook's system with `dc_ac_ratio = 1.6` (same weather, losses and "
            "preset). How much energy does inverter clipping remove in a year (in MWh)?"
        ),
        kind="number",
        units="MWh",
        rtol=0.01,
        atol=0.05,
        hints=(
            "Build the system as section 2 does, with `{**design, 'dc_ac_ratio': 1.6}`, and "
            "`simulate` it.",
            "The result's `stage_energy_kwh` holds the energy before (`ac_unclipped`) and after "
            "(`ac_inverter`) the inverter's power limit; mind kWh vs MWh.",
        ),
        solve=_solve_clipping_mwh,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.penang-best-tilt",
        notebook=NOTEBOOK,
        title="The best tilt in Penang",
        prompt=(
            "For a custom system in Penang facing the equator, which tilt (0–60° in 1° steps) "
            "maximises the annual specific yield? Use Penang's synthetic typical year with the "
            "notebook's seed and losses."
        ),
        kind="number",
        units="deg",
        rtol=0.0,
        atol=2.5,
        hints=(
            "`penang_weather, _ = typical_year('penang', seed=seed)` gives the weather (new "
            "names keep the notebook's `weather` and `location` intact) and "
            "`location_from_weather(penang_weather)` the site; `custom_system` facing "
            "`equator_facing_azimuth(<Penang's latitude>)` the system; `tilt_azimuth_sensitivity` "
            "the yields over `tilts=range(0, 61)` and that one azimuth.",
            "Near the equator the best tilt is low and the yield curve is flat around it, so "
            "do not guess from the latitude: take the tilt of the largest value on the 1° grid "
            "(`idxmax`).",
        ),
        solve=_solve_penang_best_tilt,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.bandung-facing",
        notebook=NOTEBOOK,
        title="Which way does the best plane face in Bandung?",
        prompt=(
            "Run the tilt × azimuth map of section 4 for Bandung (its synthetic typical year, a "
            "custom system, the notebook's seed and losses). Which way does the best plane "
            "face: north, east, south or west?"
        ),
        kind="choice",
        choices=COMPASS,
        hints=(
            "Bandung is at about 7° S; check the sign of its latitude.",
            "Find the azimuth of the map's maximum (0° is north, 90° east, 180° south) and name "
            "the nearest of the four directions.",
        ),
        solve=_solve_bandung_facing,
    )
)
