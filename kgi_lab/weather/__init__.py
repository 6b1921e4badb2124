"""Weather and solar resource: sites, clear-sky irradiance and extraterrestrial irradiation.

pvlib's names are used throughout: ``ghi``, ``dni``, ``dhi`` [W/m²], ``temp_air`` [°C],
``wind_speed`` [m/s], ``pressure`` [Pa]. Time indexes are timezone-aware; naive timestamps are
rejected (pvlib would read them as UTC, putting Kawasaki's noon sun at 03:00).
"""

from kgi_lab.weather.clearsky import (
    clearsky_irradiance,
    clearsky_monthly_summary,
    day_length_h,
    extraterrestrial_daily_irradiation_mj_m2,
    interval_index,
    monthly_extraterrestrial_kwh_m2_day,
    monthly_irradiation_kwh_m2,
)
from kgi_lab.weather.sites import site

__all__ = [
    "clearsky_irradiance",
    "clearsky_monthly_summary",
    "day_length_h",
    "extraterrestrial_daily_irradiation_mj_m2",
    "interval_index",
    "monthly_extraterrestrial_kwh_m2_day",
    "monthly_irradiation_kwh_m2",
    "site",
]
