"""Sites: a city from the catalog, or any latitude/longitude, as a :class:`pvlib.location.Location`."""

from __future__ import annotations

import zoneinfo

import pvlib

__all__ = ["location_from_weather", "site"]


def site(
    city: str | None = "kawasaki",
    *,
    latitude: float | None = None,
    longitude: float | None = None,
    tz: str | None = None,
    elevation_m: float | None = None,
    name: str | None = None,
) -> pvlib.location.Location:
    """Return a pvlib ``Location`` for a catalogued city or for explicit coordinates.

    Parameters
    ----------
    city : str or None, default "kawasaki"
        An id of the ``partner_cities`` dataset (its main weather station), or None / ``"custom"``
        to use the coordinates given.
    latitude, longitude : float
        [deg], north and east positive (custom sites only).
    tz : str
        IANA time zone, e.g. ``"Asia/Jakarta"`` (custom sites only).
    elevation_m : float, optional
        [m]. For a custom site, None looks the altitude up offline in pvlib's bundled map; values
        below 0 (the map gives -30 m on Tokyo Bay water cells) are clamped to 0.

    Raises
    ------
    ValueError
        Naming the parameter that is missing or out of range, or the unknown city.
    """
    if city not in (None, "custom"):
        from kgi_lab.datasets import load

        cities = load("partner_cities")
        if city not in cities.index:
            raise ValueError(
                f"city '{city}' is not in the partner_cities dataset; known: "
                f"{', '.join(cities.index)} (or use city='custom' with latitude/longitude/tz)"
            )
        given = {"latitude": latitude, "longitude": longitude, "tz": tz, "elevation_m": elevation_m}
        extra = [k for k, v in given.items() if v is not None]
        if extra:
            raise ValueError(f"{', '.join(extra)} apply only to custom sites (city is '{city}')")
        row = cities.loc[city]
        return pvlib.location.Location(
            float(row["latitude"]),
            float(row["longitude"]),
            tz=str(row["tz"]),
            altitude=float(row["elevation_m"]),
            name=name or str(row["name"]),
        )
    for label, value, lo, hi in (
        ("latitude", latitude, -90, 90),
        ("longitude", longitude, -180, 180),
    ):
        if value is None:
            raise ValueError(f"{label} is required for a custom site")
        if not lo <= value <= hi:
            raise ValueError(f"{label} must be in [{lo}, {hi}] degrees, got {value}")
    if not tz:
        raise ValueError(
            "tz (an IANA time zone such as 'Asia/Tokyo') is required for a custom site"
        )
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"tz '{tz}' is not an IANA time zone name (e.g. 'Asia/Tokyo')") from None
    if elevation_m is None:
        elevation_m = max(0.0, float(pvlib.location.lookup_altitude(latitude, longitude)))
    return pvlib.location.Location(
        latitude,
        longitude,
        tz=tz,
        altitude=elevation_m,
        name=name or f"{latitude:.3f}, {longitude:.3f}",
    )


def location_from_weather(weather) -> pvlib.location.Location:
    """The pvlib ``Location`` a weather table describes (``attrs`` ``latitude``,
    ``longitude``, ``altitude_m``, ``name``; the index's time zone).

    A fixed UTC offset (TMY and EPW files carry offsets, not zones) becomes whole hours, as pvlib
    accepts them.

    Raises
    ------
    ValueError
        If the attrs lack the coordinates, the index is naive, or the offset is not whole hours.
    """
    import pandas as pd

    attrs = weather.attrs
    missing = [k for k in ("latitude", "longitude") if attrs.get(k) is None]
    if missing:
        raise ValueError(
            f"weather attrs lack {', '.join(missing)}; pass a location, e.g. "
            "kgi_lab.weather.site('kawasaki')"
        )
    index = weather.index
    if getattr(index, "tz", None) is None:
        raise ValueError("weather has naive timestamps; localise the index first")
    tz = index.tz
    key = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if not key:
        hours = index[0].utcoffset() / pd.Timedelta(hours=1)
        if hours != int(hours):
            raise ValueError(f"UTC offset of {hours} h is not whole hours; pass a location")
        key = int(hours)
    altitude = attrs.get("altitude_m")
    return pvlib.location.Location(
        float(attrs["latitude"]),
        float(attrs["longitude"]),
        tz=key,
        altitude=0.0 if altitude is None else float(altitude),
        name=attrs.get("name"),
    )
