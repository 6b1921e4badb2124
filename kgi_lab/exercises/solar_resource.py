"""Exercises of the ``solar_resource`` notebook: the astronomical and clear-sky ceilings.

Every expected answer is computed with :func:`kgi_lab.weather.clearsky_monthly_summary` (FAO-56
extraterrestrial irradiation and day length, Ineichen–Perez clear sky) for the site the notebook
uses, or for a named partner city (:func:`kgi_lab.weather.site`).

References
----------
.. [1] R.G. Allen, L.S. Pereira, D. Raes, M. Smith, "Crop evapotranspiration", FAO Irrigation and
   Drainage Paper 56, Rome, 1998, chapter 3, eqs. 21–25 (H0) and 34 (day length). The monthly H0
   and day-length table of shared/reference/partner-cities.md §8 uses the same method.
.. [2] P. Ineichen, R. Perez, "A new airmass independent formulation for the Linke turbidity
   coefficient", Solar Energy 73(3), 151–157, 2002.
"""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING

from kgi_lab.exercises._core import Exercise, register

if TYPE_CHECKING:
    import pandas as pd
    import pvlib

# The kgi_lab science modules are imported inside the solvers: every exercise module is imported
# when a notebook first calls check(), and this keeps that import light.

__all__ = ["HALF_YEAR_MONTHS", "MONTHS"]

NOTEBOOK = "solar_resource"
#: The answers of the month exercise (English month names, January first).
MONTHS = tuple(calendar.month_name[1:])
#: The months of the half-year exercises: January–March and October–December of one calendar
#: year (the winter half-year in the northern hemisphere). The notebook displays the annual
#: totals and the clear-sky index in its metrics record, so the exercises ask for this half-year.
HALF_YEAR_MONTHS = (1, 2, 3, 10, 11, 12)


def _monthly(location: pvlib.location.Location, year: int, time_step_min: int) -> pd.DataFrame:
    from kgi_lab.weather import clearsky_monthly_summary

    return clearsky_monthly_summary(location, int(year), int(time_step_min))[1]


def _half_year(monthly: pd.DataFrame) -> pd.DataFrame:
    """The rows of the months January–March and October–December of a monthly summary."""
    return monthly.loc[monthly.index.isin(HALF_YEAR_MONTHS)]


def _solve_half_year_h0(
    *, location: pvlib.location.Location, year: int = 2025, time_step_min: int = 60
) -> float:
    """Extraterrestrial horizontal irradiation H0 of October–March at ``location`` [kWh/m²].

    The sum over the months January–March and October–December of ``year``.
    """
    return float(_half_year(_monthly(location, year, time_step_min))["h0_kwh_m2"].sum())


def _solve_half_year_clearsky_index(
    *, location: pvlib.location.Location, year: int = 2025, time_step_min: int = 60
) -> float:
    """Clear-sky index of October–March: clear-sky GHI / H0 over those months (a ratio of sums)."""
    half = _half_year(_monthly(location, year, time_step_min))
    return float(half["clearsky_ghi_kwh_m2"].sum() / half["h0_kwh_m2"].sum())


def _solve_penang_lowest_month(*, year: int = 2025, time_step_min: int = 60) -> str:
    """The month with the lowest clear-sky index at Penang (English month name)."""
    from kgi_lab.weather import site

    monthly = _monthly(site("penang"), year, time_step_min)
    return MONTHS[int(monthly["clearsky_index"].idxmin()) - 1]


def _solve_shenyang_day_length_swing(*, year: int = 2025) -> float:
    """Longest minus shortest monthly-mean day length at Shenyang [h]."""
    from kgi_lab.weather import site

    day_length = _monthly(site("shenyang"), year, 60)["day_length_h"]
    return float(day_length.max() - day_length.min())


register(
    Exercise(
        id=f"{NOTEBOOK}.oct-mar-h0",
        notebook=NOTEBOOK,
        title="The astronomical ceiling from October to March",
        prompt=(
            "How much solar energy reaches a horizontal surface at the top of the atmosphere "
            "above your site in the months January–March and October–December of `year` (the "
            "winter half-year in the northern hemisphere)? Give the extraterrestrial irradiation "
            "H0 of these six months, in kWh/m²."
        ),
        kind="number",
        units="kWh/m2",
        rtol=0.005,
        hints=(
            "The `monthly` table of section 2 has one H0 value per month, already in kWh/m² for "
            "the whole month, indexed by the month number (1 = January).",
            "Select the months 1, 2, 3, 10, 11 and 12 (for example with "
            "`monthly.index.isin([...])`) and add up their H0, six of the twelve months. An "
            "answer in MJ/m² is fine if you say so ('... MJ/m2').",
        ),
        solve=_solve_half_year_h0,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.oct-mar-clearsky-index",
        notebook=NOTEBOOK,
        title="The clear-sky index from October to March",
        prompt=(
            "Over the same six months (January–March and October–December of `year`), what "
            "share of the extraterrestrial irradiation would a cloudless atmosphere let through "
            "at your site? Give the clear-sky index of these months (their clear-sky GHI divided "
            "by their H0) as a fraction, to at least three significant digits."
        ),
        kind="number",
        units="fraction",
        # 0.1 %: rejects the mean of the six monthly indices wherever the months' H0 differ (0.28 %
        # off at Kawasaki, 0.49 % at Shenyang); near the equator the two agree within 0.03 %
        rtol=0.001,
        hints=(
            "Divide two sums over the six months, both from the `monthly` table: the clear-sky "
            "GHI and H0.",
            "A ratio of sums weights each month by its energy; the mean of the six monthly "
            "indices does not. Give a fraction (0–1) to three significant digits or more, or a "
            "string in percent such as '55.5 %' (the format, not the value).",
        ),
        solve=_solve_half_year_clearsky_index,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.penang-lowest-month",
        notebook=NOTEBOOK,
        title="Penang: the haziest month",
        prompt=(
            "At Penang, which month has the lowest clear-sky index? Answer with the English "
            "month name."
        ),
        kind="choice",
        choices=MONTHS,
        hints=(
            "Build Penang's site with `site('penang')` and call `clearsky_monthly_summary` for "
            "the same year and time step as the notebook.",
            "Look for the smallest value of the `clearsky_index` column (not of `h0_kwh_m2`): "
            "the index tracks the atmosphere's turbidity, not the sun's height.",
        ),
        solve=_solve_penang_lowest_month,
    )
)

register(
    Exercise(
        id=f"{NOTEBOOK}.shenyang-day-length-swing",
        notebook=NOTEBOOK,
        title="Shenyang: the swing of the day length",
        prompt=(
            "At Shenyang, by how many hours does the monthly-mean astronomical day length of the "
            "longest-day month exceed that of the shortest-day month (in h)?"
        ),
        kind="number",
        units="h",
        rtol=0.01,
        hints=(
            "The `day_length_h` column of `clearsky_monthly_summary` holds the monthly-mean "
            "astronomical day length (FAO-56 eq. 34).",
            "Take the largest minus the smallest of the twelve monthly values for "
            "`site('shenyang')`; an answer in minutes is fine if you say so ('... min').",
        ),
        solve=_solve_shenyang_day_length_swing,
    )
)
