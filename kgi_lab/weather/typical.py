"""One entry point for "a typical year of weather here": synthetic from monthly climate, or a file.

:func:`typical_year` is what notebooks call. For a partner city it takes the embedded
climatology (:func:`kgi_lab.weather.climatology.city_climate`); for any other site the documented
fallbacks of :func:`~kgi_lab.weather.climatology.climate_for_site`, or the user's 12 monthly
values; then it generates a seeded synthetic year
(:func:`~kgi_lab.weather.synthetic.generate_typical_year`). Given a file path instead, it reads
the file (:func:`~kgi_lab.weather.readers.read_weather`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from kgi_lab.weather.climatology import city_climate, climate_for_site
from kgi_lab.weather.readers import read_weather
from kgi_lab.weather.sites import location_from_weather
from kgi_lab.weather.sites import site as make_site
from kgi_lab.weather.synthetic import generate_typical_year

__all__ = ["greensboro_tmy3", "typical_year"]


def typical_year(
    city: str | None = "kawasaki",
    *,
    source: str | os.PathLike = "synthetic",
    latitude: float | None = None,
    longitude: float | None = None,
    tz: str | None = None,
    elevation_m: float | None = None,
    ghi_kwh_m2_day: Sequence[float] | None = None,
    temp_air_c: Sequence[float] | None = None,
    wind_speed_m_s: Sequence[float] | None = None,
    seed: int = 0,
    year: int = 2023,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """A typical year of weather and the monthly climate it came from.

    Parameters
    ----------
    city : str or None
        A ``partner_cities`` id, or ``None``/``"custom"`` for a site given by ``latitude``,
        ``longitude`` and ``tz``.
    source : "synthetic" or path
        ``"synthetic"`` generates a year from monthly values; a path reads a TMY2/TMY3/EPW/
        PVGIS/SAM file through :func:`~kgi_lab.weather.read_weather`.
    latitude, longitude, tz, elevation_m : optional
        Custom site [deg, deg, IANA zone, m].
    ghi_kwh_m2_day, temp_air_c, wind_speed_m_s : 12 values each, optional
        Replace the embedded or fallback monthly climate (January first).
    seed : int
        Seed of the synthetic generator.
    year : int
        Calendar year of the synthetic index, and the year a typical-year file's mixed source
        years are coerced to.

    Returns
    -------
    weather : pandas.DataFrame
        Canonical weather (:mod:`kgi_lab.weather.schema`).
    climate : pandas.DataFrame or None
        The 12 monthly inputs with ``attrs["sources"]`` (None when read from a file).
    """
    if str(source) != "synthetic":
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(
                f"weather_source {str(source)!r} is neither 'synthetic' nor an existing file"
            )
        # Typical-year files mix source years; put them on one calendar year.
        return read_weather(path, coerce_year=year), None
    custom = city in (None, "custom")
    loc = make_site(
        None if custom else city,
        latitude=latitude,
        longitude=longitude,
        tz=tz,
        elevation_m=elevation_m,
    )
    overrides = {"ghi": ghi_kwh_m2_day, "temp_air": temp_air_c, "wind_speed": wind_speed_m_s}
    if custom or any(v is not None for v in overrides.values()):
        if not custom:
            base = city_climate(city)
            overrides = {
                "ghi": list(base["ghi_kwh_m2_day"]) if ghi_kwh_m2_day is None else ghi_kwh_m2_day,
                "temp_air": list(base["temp_air_c"]) if temp_air_c is None else temp_air_c,
                "wind_speed": (
                    list(base["wind_speed_m_s"]) if wind_speed_m_s is None else wind_speed_m_s
                ),
            }
        climate = climate_for_site(loc.latitude, loc.longitude, **overrides)
    else:
        climate = city_climate(city)
    weather = generate_typical_year(
        loc.latitude,
        loc.longitude,
        climate["ghi_kwh_m2_day"].to_numpy(),
        climate["temp_air_c"].to_numpy(),
        climate["wind_speed_m_s"].to_numpy(),
        tz=str(loc.tz),
        altitude_m=float(loc.altitude),
        year=year,
        seed=seed,
        name=loc.name or (city if not custom else None),
    )
    return weather, climate


def greensboro_tmy3(year: int = 1990) -> tuple[pd.DataFrame, object]:
    """The Greensboro NC TMY3 file bundled with pvlib (``723170TYA.CSV``), read into the
    canonical schema with its years coerced to ``year``, and its pvlib Location.

    It is the reference for the synthetic-year check (:func:`kgi_lab.pv.validation.
    synthetic_year_check`): a real typical year that ships with the software, so the check runs
    offline.
    """
    import pvlib

    path = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"
    weather = read_weather(path, coerce_year=year)
    location = location_from_weather(weather)
    location.name = "Greensboro NC (TMY3 723170)"
    return weather, location
