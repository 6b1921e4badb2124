"""Weather and solar resource: readers, validation, a synthetic typical year, climatology, sites
and clear sky.

pvlib's names are used throughout: ``ghi``, ``dni``, ``dhi`` [W/m²], ``temp_air`` [°C],
``wind_speed`` [m/s], ``pressure`` [Pa] (:mod:`kgi_lab.weather.schema`). Time indexes are
timezone-aware; naive timestamps are rejected (pvlib would read them as UTC, putting Kawasaki's
noon sun at 03:00). Every table states its interval label (beginning, ending, center).
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
from kgi_lab.weather.climatology import (
    city_climate,
    climate_for_site,
    merra2_monthly_ghi,
    merra2_reference_sites,
    validate_monthly,
)
from kgi_lab.weather.readers import (
    fetch_pvgis_tmy,
    read_epw,
    read_pvgis_tmy,
    read_sam_csv,
    read_tmy2,
    read_tmy3,
    read_weather,
)
from kgi_lab.weather.schema import (
    COLUMNS,
    INTERVAL_LABELS,
    UNITS,
    irradiation_kwh_m2,
    solar_position_times,
)
from kgi_lab.weather.sites import location_from_weather, site
from kgi_lab.weather.synthetic import generate_typical_year, monthly_means
from kgi_lab.weather.typical import greensboro_tmy3, typical_year
from kgi_lab.weather.validate import WeatherError, validate_weather

__all__ = [
    "COLUMNS",
    "INTERVAL_LABELS",
    "UNITS",
    "WeatherError",
    "city_climate",
    "clearsky_irradiance",
    "clearsky_monthly_summary",
    "climate_for_site",
    "day_length_h",
    "extraterrestrial_daily_irradiation_mj_m2",
    "fetch_pvgis_tmy",
    "generate_typical_year",
    "greensboro_tmy3",
    "interval_index",
    "irradiation_kwh_m2",
    "location_from_weather",
    "merra2_monthly_ghi",
    "merra2_reference_sites",
    "monthly_extraterrestrial_kwh_m2_day",
    "monthly_irradiation_kwh_m2",
    "monthly_means",
    "read_epw",
    "read_pvgis_tmy",
    "read_sam_csv",
    "read_tmy2",
    "read_tmy3",
    "read_weather",
    "site",
    "solar_position_times",
    "typical_year",
    "validate_monthly",
    "validate_weather",
]
