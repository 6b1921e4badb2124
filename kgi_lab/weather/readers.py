"""Weather file readers: TMY3, TMY2, EPW, PVGIS TMY and SAM CSV, all to one schema.

Every reader returns the table of :mod:`kgi_lab.weather.schema`: ``ghi``, ``dni``, ``dhi``
[W/m²], ``temp_air`` [°C], ``wind_speed`` [m/s], ``pressure`` [Pa] on a timezone-aware index
named ``time``, with ``attrs`` giving the interval label, units, site, provenance (file name and
SHA-256) and any repairs. Every result passes :func:`~kgi_lab.weather.validate.validate_weather`
with ``repair=False``: a file the checks reject raises :class:`~kgi_lab.weather.validate.WeatherError`
rather than being silently patched.

Interval labels
---------------
TMY3: ``"ending"``
    Irradiance is the energy of the 60 min *before* the time stamp (TMY3 user's manual); the
    first row is 01:00 local standard time.
TMY2: ``"ending"``
    The same convention, hours 1–24 (TMY2 user's manual). ``pvlib.iotools.read_tmy2`` labels
    hour *h* as *h* − 1, so the index is rebuilt from each row's own date and hour fields.
EPW: ``"ending"``
    EnergyPlus hour *h* (1–24) covers *h* − 1 to *h*. ``pvlib.iotools.read_epw`` labels it
    *h* − 1 (an hour-beginning label); one hour is added back so that the index shows the file's
    own hours, as for TMY2/TMY3.
PVGIS TMY: from the file's irradiance time offset
    PVGIS writes every hour at hh:00 UTC. Since December 2024 its files give the offset *o* [h]
    from the label to the time the irradiance belongs to: about 0.5 for ERA5 (hourly means
    centred on hh:30) and about 0.1–0.2 for SARAH (a satellite scan minutes after hh:00). The
    label is the nearest convention: *o* ≈ 0.5 → ``"beginning"``, *o* ≈ 0 → ``"center"``,
    *o* ≈ −0.5 → ``"ending"``; without the field (older files), ``"center"``, i.e. the value is
    taken to represent the hour around its label, as SARAH's near-hh:00 scans do. The residual
    (at most 15 min) is left: *o* is kept in ``attrs["irradiance_time_offset_h"]``, and
    ``interval_label=`` overrides the choice.
SAM CSV: ``"center"`` with a Minute column, else ``"beginning"``
    SAM computes the sun's position at Hour:Minute when the file has a Minute column (NSRDB
    hourly files: minute 30, the middle of the hour) and, without one, at the middle of the hour
    *h*:00–*h* + 1:00 that row *h* covers (SAM help, "Time Convention and Sun Position"). The
    index keeps the file's Hour:Minute.

Time zones
----------
TMY2/TMY3/EPW/SAM CSV files are in local *standard* time with a UTC offset in their header; the
index gets that fixed offset (e.g. ``UTC-05:00``), never a zone with daylight saving time. PVGIS
files are in UTC; ``tz=`` converts them.

Typical years
-------------
Typical-year files take each month from a different year. By default the original years are kept
(``attrs["typical_year"]`` is True, and the checks then ignore the year; pass ``step=`` to
:func:`~kgi_lab.weather.schema.solar_position_times`, which cannot infer it from such an index).
``coerce_year=1990`` puts them all in one year
(:func:`~kgi_lab.weather.schema.typical_year_index`: the closing 1 January 00:00 label of an
hour-ending file moves to the next year, as in pvlib). A leap year is refused for files without
29 February (it would leave a one-day gap).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pvlib

from kgi_lab._io import atomic_write_bytes, atomic_write_json, sha256_file
from kgi_lab.weather.schema import COLUMNS, UNITS, typical_year_index
from kgi_lab.weather.validate import WeatherError, WeatherRepairWarning, validate_weather

__all__ = [
    "FORMATS",
    "PVGIS_URL",
    "fetch_pvgis_tmy",
    "read_epw",
    "read_pvgis_tmy",
    "read_sam_csv",
    "read_tmy2",
    "read_tmy3",
    "read_weather",
]

#: Formats understood by :func:`read_weather`.
FORMATS = ("tmy3", "tmy2", "epw", "pvgis_json", "pvgis_csv", "sam_csv")
#: Base URL of the PVGIS API (``tmy`` is appended), as in pvlib.
PVGIS_URL = "https://re.jrc.ec.europa.eu/api/"

# Missing-value codes of the EnergyPlus weather format (Auxiliary Programs, ch. 2.9.1).
_EPW_MISSING = {
    "temp_air": 99.9,
    "pressure": 999999.0,
    "ghi": 9999.0,
    "dni": 9999.0,
    "dhi": 9999.0,
    "wind_speed": 999.0,
}
_TMY3_MISSING = -9900.0  # TMY3 manual, table 1-2
_PRESSURE_TO_PA = {
    "pa": 1.0,
    "hpa": 100.0,
    "mbar": 100.0,
    "mb": 100.0,
    "millibar": 100.0,
    "millibars": 100.0,
    "kpa": 1000.0,
    "atm": 101325.0,
}
# SAM CSV column labels (case-insensitive) per canonical column: SAM's own short names, the long
# names SAM also accepts, and the NSRDB/PSM names of SAM CSV downloads.
_SAM_ALIASES = {
    "ghi": ("ghi", "global horizontal", "global horizontal irradiance", "global"),
    "dni": ("dni", "direct normal", "direct normal irradiance", "beam", "direct"),
    "dhi": ("dhi", "diffuse horizontal", "diffuse horizontal irradiance", "diffuse"),
    "temp_air": ("tdry", "temperature", "dry bulb", "dry-bulb", "drybulb", "air temperature"),
    "wind_speed": ("wspd", "wind speed", "windspeed", "wind"),
    "pressure": ("pres", "pressure", "atmospheric pressure", "air pressure"),
}


# ---------------------------------------------------------------------------------------------
# shared helpers


def _fixed_offset(hours: float) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=float(hours)))


def _label_from_offset(offset_h: float | None) -> str:
    if offset_h is None:
        return "center"
    nearest = min((-0.5, 0.0, 0.5), key=lambda c: abs(offset_h - c))
    return {-0.5: "ending", 0.0: "center", 0.5: "beginning"}[nearest]


def _fill_pressure(
    frame: pd.DataFrame, altitude_m: float, repairs: list[dict[str, Any]], why: str
) -> None:
    """Fill missing pressure from the site altitude (standard atmosphere), counted and warned."""
    if "pressure" not in frame.columns:
        frame["pressure"] = np.nan
    missing = frame["pressure"].isna().to_numpy()
    if not missing.any():
        return
    value = float(pvlib.atmosphere.alt2pres(altitude_m))
    frame.loc[missing, "pressure"] = value
    detail = (
        f"{why}: filled {int(missing.sum())} values with pvlib.atmosphere.alt2pres("
        f"{altitude_m:g} m) = {value:.0f} Pa (standard atmosphere)"
    )
    repairs.append(
        {
            "repair": "pressure_from_altitude",
            "column": "pressure",
            "count": int(missing.sum()),
            "detail": detail,
        }
    )
    warnings.warn(WeatherRepairWarning("weather.pressure: " + detail), stacklevel=3)


def _finish(
    data: pd.DataFrame,
    path: Path,
    fmt: str,
    *,
    interval_label: str,
    latitude: float,
    longitude: float,
    altitude_m: float,
    name: str,
    time_zone: str,
    typical_year: bool,
    coerce_year: int | None,
    repairs: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Canonical columns and attrs, optional year coercion, then validation (no repairs)."""
    repairs = list(repairs or [])
    frame = pd.DataFrame(
        {c: pd.to_numeric(data[c], errors="coerce").astype(float) for c in COLUMNS if c in data},
        index=data.index,
    )
    _fill_pressure(frame, altitude_m, repairs, f"pressure missing in {path.name}")
    frame = frame[list(COLUMNS)]
    if coerce_year is not None:
        index = frame.index
        has_leap_day = ((index.month == 2) & (index.day == 29)).any()
        spans_feb_end = ((index.month == 2) & (index.day == 28)).any() and (
            (index.month == 3) & (index.day == 1)
        ).any()
        if calendar.isleap(int(coerce_year)) and spans_feb_end and not has_leap_day:
            raise WeatherError(
                f"coerce_year={coerce_year} is a leap year, but {path.name} has no 29 February: "
                "the typical year would have a one-day gap; pick a non-leap year such as 1990",
                column="coerce_year",
            )
        frame.index = typical_year_index(index, int(coerce_year))
    frame.index.name = "time"
    digest = sha256_file(path)
    frame.attrs = {
        "interval_label": interval_label,
        "units": dict(UNITS),
        "source": f"{path.name} ({fmt}, sha256 {digest})",
        "source_file": path.name,
        "format": fmt,
        "sha256": digest,
        "latitude": float(latitude),
        "longitude": float(longitude),
        "altitude_m": float(altitude_m),
        "name": name,
        "time_zone": time_zone,
        "typical_year": bool(typical_year),
        "coerced_year": coerce_year,
        "repairs": repairs,
        **(extra or {}),
    }
    return validate_weather(frame, repair=False)


def _is_typical(index: pd.DatetimeIndex) -> bool:
    """Months from several years, out of calendar order: a typical-year file."""
    return index.year.nunique() > 1 and not index.is_monotonic_increasing


# ---------------------------------------------------------------------------------------------
# readers


def read_tmy3(
    path: str | os.PathLike, *, coerce_year: int | None = None, encoding: str | None = None
) -> pd.DataFrame:
    """Read an NSRDB TMY3 file (``*TYA.CSV``) into the kgi_lab weather schema.

    Parameters
    ----------
    path : str or path-like
        The TMY3 file (1991–2005 update format, revised Jan 2015).
    coerce_year : int, optional
        Put the typical year in this year (e.g. 1990); the closing label 1 January 00:00 goes to
        the next year. None keeps the source years of each month (``attrs["typical_year"]``).
    encoding : str, optional
        Passed to pvlib (SolarAnywhere TMY3 files need ``"iso-8859-1"``).

    Returns
    -------
    pandas.DataFrame
        Hourly ``ghi``, ``dni``, ``dhi`` [W/m²] (hourly irradiation [Wh/m²] of the hour *before*
        the label, i.e. its mean irradiance), ``temp_air`` [°C], ``wind_speed`` [m/s] and
        ``pressure`` [Pa, from mbar] on an index in local standard time with the header's fixed
        UTC offset; ``attrs["interval_label"] = "ending"``.

    References
    ----------
    .. [1] S. Wilcox and W. Marion, "Users Manual for TMY3 Data Sets", NREL/TP-581-43156, 2008.
       doi:10.2172/928611
    """
    path = Path(path)
    data, meta = pvlib.iotools.read_tmy3(path, map_variables=True, encoding=encoding)
    data = data.replace(_TMY3_MISSING, np.nan)
    data["pressure"] = data["pressure"] * 100.0  # mbar -> Pa
    return _finish(
        data,
        path,
        "tmy3",
        interval_label="ending",
        latitude=meta["latitude"],
        longitude=meta["longitude"],
        altitude_m=meta["altitude"],
        name=str(meta["Name"]).strip('"'),
        time_zone=f"fixed offset UTC{meta['TZ']:+g} h from the file header (local standard time)",
        typical_year=True,
        coerce_year=coerce_year,
        extra={"station_id": str(meta["USAF"])},
    )


def read_tmy2(path: str | os.PathLike, *, coerce_year: int | None = None) -> pd.DataFrame:
    """Read an NSRDB TMY2 file (``*.tm2``) into the kgi_lab weather schema.

    Parameters
    ----------
    path : str or path-like
    coerce_year : int, optional
        See :func:`read_tmy3`.

    Returns
    -------
    pandas.DataFrame
        Hourly data as :func:`read_tmy3`, converted from the TMY2 units (dry-bulb and wind speed
        in tenths, pressure in mbar); ``attrs["interval_label"] = "ending"``.

    Notes
    -----
    ``pvlib.iotools.read_tmy2`` labels file hour *h* (the hour ending at *h*) as *h*−1 and gives
    every row the year of the first one. The index here is rebuilt from each row's own year,
    month, day and hour fields, so that it carries the file's hour-ending labels.

    References
    ----------
    .. [1] W. Marion and K. Urban, "User's Manual for TMY2s", NREL, 1995. doi:10.2172/87130
    """
    path = Path(path)
    raw, meta = pvlib.iotools.read_tmy2(str(path))
    tz = _fixed_offset(meta["TZ"])
    date = pd.to_datetime(
        pd.DataFrame(
            {
                "year": 1900 + raw["year"].astype(int).to_numpy(),
                "month": raw["month"].astype(int).to_numpy(),
                "day": raw["day"].astype(int).to_numpy(),
            }
        )
    )
    index = pd.DatetimeIndex(date + pd.to_timedelta(raw["hour"].to_numpy(), unit="h"))
    data = pd.DataFrame(
        {
            "ghi": raw["GHI"].to_numpy(),
            "dni": raw["DNI"].to_numpy(),
            "dhi": raw["DHI"].to_numpy(),
            "temp_air": raw["DryBulb"].to_numpy() / 10.0,
            "wind_speed": raw["Wspd"].to_numpy() / 10.0,
            "pressure": raw["Pressure"].to_numpy() * 100.0,
        },
        index=index.tz_localize(tz),
    )
    return _finish(
        data,
        path,
        "tmy2",
        interval_label="ending",
        latitude=meta["latitude"],
        longitude=meta["longitude"],
        altitude_m=meta["altitude"],
        name=f"{meta['City']}, {meta['State']}".strip(),
        time_zone=f"fixed offset UTC{meta['TZ']:+g} h from the file header (local standard time)",
        typical_year=True,
        coerce_year=coerce_year,
        extra={"station_id": str(meta["WBAN"])},
    )


def _epw_records_per_hour(path: Path) -> int:
    with open(path, encoding="utf-8", errors="replace") as fh:
        for _, line in zip(range(8), fh, strict=False):
            if line.upper().startswith("DATA PERIODS"):
                fields = [f.strip() for f in line.split(",")]
                try:
                    return int(fields[2])
                except (IndexError, ValueError):
                    return 1
    return 1


def read_epw(path: str | os.PathLike, *, coerce_year: int | None = None) -> pd.DataFrame:
    """Read an EnergyPlus weather file (``*.epw``) into the kgi_lab weather schema.

    Parameters
    ----------
    path : str or path-like
        An hourly EPW file (one record per hour).
    coerce_year : int, optional
        See :func:`read_tmy3`. EPW typical years (TMY3/IWEC/TMYx/PVGIS EPW) mix source years.

    Returns
    -------
    pandas.DataFrame
        Hourly data as :func:`read_tmy3`; ``attrs["interval_label"] = "ending"`` (EPW hour *h*,
        1–24, is the hour ending at *h*). EPW missing codes (99.9 °C, 999999 Pa, 9999 W/m²,
        999 m/s) become NaN; missing pressure is filled from the altitude (counted in
        ``attrs["repairs"]``), other NaNs are an error.

    References
    ----------
    .. [1] U.S. DOE, "EnergyPlus Auxiliary Programs", ch. 2.9 "Weather Data File (EPW) Format".
       https://energyplus.readthedocs.io/en/latest/
    """
    path = Path(path)
    per_hour = _epw_records_per_hour(path)
    if per_hour != 1:
        raise WeatherError(
            f"{path.name}: DATA PERIODS gives {per_hour} records per hour; only hourly EPW files "
            "are read (resample the sub-hourly data first)",
            column="DATA PERIODS",
        )
    raw, meta = pvlib.iotools.read_epw(str(path))
    data = raw.rename(columns={"atmospheric_pressure": "pressure"})
    for col, code in _EPW_MISSING.items():
        data[col] = data[col].where(data[col] < code)
    data.index = pd.DatetimeIndex(data.index) + pd.Timedelta(hours=1)  # back to hour-ending
    name = ", ".join(p for p in (meta.get("city"), meta.get("country")) if p and p != "-")
    return _finish(
        data,
        path,
        "epw",
        interval_label="ending",
        latitude=meta["latitude"],
        longitude=meta["longitude"],
        altitude_m=meta["altitude"],
        name=name,
        time_zone=f"fixed offset UTC{meta['TZ']:+g} h from the LOCATION line (standard time)",
        typical_year=_is_typical(data.index),
        coerce_year=coerce_year,
        extra={"station_id": str(meta.get("WMO_code", ""))},
    )


def _pvgis_format(path: Path, pvgis_format: str | None) -> str:
    if pvgis_format is not None:
        fmt = pvgis_format.lower()
    else:
        fmt = path.suffix[1:].lower()
    if fmt not in ("json", "csv"):
        raise WeatherError(
            f"{path.name}: PVGIS TMY format {fmt!r} is not read here; pass pvgis_format='json' "
            "or 'csv' (for PVGIS EPW output use read_epw)",
            column="pvgis_format",
        )
    return fmt


def _read_pvgis_csv(path: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """pvlib for the published 8760-row file; a same-layout parser for excerpts."""
    lines = path.read_bytes().splitlines()
    head = next((i for i, line in enumerate(lines) if line.startswith(b"time(UTC)")), None)
    if head is None:
        raise WeatherError(f"{path.name}: no 'time(UTC)' header line; is it a PVGIS TMY CSV?")
    stop = head + 1
    while stop < len(lines) and lines[stop][:1].isdigit():
        stop += 1
    if stop - head - 1 == 8760:
        return pvlib.iotools.read_pvgis_tmy(str(path), pvgis_format="csv", map_variables=True)
    # pvlib's parser reads exactly 8760 rows; an excerpt (as in the tests) is read the same way
    meta: dict[str, Any] = {"inputs": {}}
    for line in lines[:head]:
        text = line.decode("utf-8", "replace")
        if ":" not in text:
            continue
        field, value = (s.strip() for s in text.split(":", 1))
        keys = {
            "Latitude (decimal degrees)": "latitude",
            "Longitude (decimal degrees)": "longitude",
            "Elevation (m)": "elevation",
            "Irradiance Time Offset (h)": "irradiance time offset",
        }
        if field in keys:
            meta["inputs"][keys[field]] = float(value)
    header = [h.decode("utf-8").strip() for h in lines[head].split(b",")]
    rows = [line.decode("utf-8").split(",") for line in lines[head + 1 : stop]]
    data = pd.DataFrame(rows, columns=header)
    index = pd.to_datetime(data.pop("time(UTC)"), format="%Y%m%d:%H%M", utc=True)
    data = data.astype(float)
    data.index = pd.DatetimeIndex(index)
    return data.rename(columns=pvlib.iotools.pvgis.VARIABLE_MAP), meta


def read_pvgis_tmy(
    path: str | os.PathLike,
    *,
    tz: str | None = None,
    coerce_year: int | None = None,
    roll_to_calendar_year: bool = False,
    pvgis_format: str | None = None,
    interval_label: str | None = None,
) -> pd.DataFrame:
    """Read a PVGIS typical-year file (JSON or CSV output of the ``tmy`` tool).

    Parameters
    ----------
    path : str or path-like
        ``*.json`` or ``*.csv`` as downloaded from PVGIS (PVGIS EPW output: :func:`read_epw`).
    tz : str, optional
        Convert the UTC index to this zone, e.g. ``"Asia/Tokyo"``. Default: stay in UTC.
    coerce_year : int, optional
        Put the typical year in this year, after the time-zone conversion (see
        :func:`~kgi_lab.weather.schema.typical_year_index`). None keeps the source years.
    roll_to_calendar_year : bool, default False
        With ``coerce_year`` and a ``tz`` east or west of UTC, the hours that the conversion
        pushed into the neighbouring year are moved to the other end of ``coerce_year`` so that
        the table covers 1 January 00:00 to 31 December 23:00 local time, as
        ``pvlib.iotools.get_pvgis_tmy(roll_utc_offset=...)`` does. The moved hours are counted
        in ``attrs["repairs"]`` and warned about (their dates change by one year).
    pvgis_format : {"json", "csv"}, optional
        Default: from the file extension.
    interval_label : str, optional
        Override the label derived from the file's irradiance time offset (table in the module
        docstring).

    Returns
    -------
    pandas.DataFrame
        Hourly data in the kgi_lab schema. PVGIS gives ``SP`` in Pa and ``WS10m`` (10-m wind)
        in m/s; ``attrs["irradiance_time_offset_h"]`` holds the file's offset (None if absent),
        ``attrs["months_selected"]`` the source year of each month.

    References
    ----------
    .. [1] European Commission JRC, "PVGIS TMY generator" user manual.
       https://joint-research-centre.ec.europa.eu/photovoltaic-geographical-information-system-pvgis_en
    .. [2] pvlib-python, ``pvlib.iotools.read_pvgis_tmy`` and ``get_pvgis_tmy`` (0.16).
    """
    path = Path(path)
    fmt = _pvgis_format(path, pvgis_format)
    if fmt == "json":
        data, meta = pvlib.iotools.read_pvgis_tmy(str(path), pvgis_format="json")
        location = meta["inputs"]["location"]
        latitude, longitude = location["latitude"], location["longitude"]
        altitude = location["elevation"]
        offset = location.get("irradiance_time_offset")
    else:
        data, meta = _read_pvgis_csv(path)
        inputs = meta["inputs"]
        latitude, longitude, altitude = inputs["latitude"], inputs["longitude"], inputs["elevation"]
        offset = inputs.get("irradiance time offset")
    offset = None if offset is None else float(offset)
    label = interval_label or _label_from_offset(offset)
    data.index = pd.DatetimeIndex(data.index)
    time_zone = "UTC (as written by PVGIS)"
    if tz is not None:
        data.index = data.index.tz_convert(tz)
        time_zone = f"{tz} (converted from the file's UTC)"
    repairs: list[dict[str, Any]] = []
    coerced = coerce_year
    if roll_to_calendar_year:
        if coerce_year is None:
            raise WeatherError(
                "roll_to_calendar_year=True needs coerce_year (the calendar year to fill)",
                column="coerce_year",
            )
        year = int(coerce_year)
        index = typical_year_index(data.index, year)
        outside = np.asarray(index.year != year)
        if outside.any():
            other = sorted(set(index.year[outside].tolist()))
            data.index = pd.DatetimeIndex(
                [t.replace(year=year) if o else t for t, o in zip(index, outside, strict=True)]
            )
            data = data.sort_index()
            detail = (
                f"moved {int(outside.sum())} hours that the conversion to {tz} put in "
                f"{', '.join(map(str, other))} to the other end of {year}, so that the table "
                "covers that calendar year in local time (as pvlib's roll_utc_offset)"
            )
            repairs.append(
                {
                    "repair": "roll_to_calendar_year",
                    "column": None,
                    "count": int(outside.sum()),
                    "detail": detail,
                }
            )
            warnings.warn(WeatherRepairWarning("weather: " + detail), stacklevel=2)
        else:
            data.index = index
        coerce_year = None  # done
    months = meta.get("months_selected")
    return _finish(
        data,
        path,
        f"pvgis_{fmt}",
        interval_label=label,
        latitude=latitude,
        longitude=longitude,
        altitude_m=altitude,
        name=f"PVGIS TMY {latitude:.3f}, {longitude:.3f}",
        time_zone=time_zone,
        typical_year=True,
        coerce_year=coerce_year,
        repairs=repairs,
        extra={
            "irradiance_time_offset_h": offset,
            "months_selected": [dict(m) for m in months] if months else None,
            "coerced_year": coerced,
        },
    )


def _sam_lookup(labels: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [label.strip().lower() for label in labels]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def read_sam_csv(path: str | os.PathLike, *, coerce_year: int | None = None) -> pd.DataFrame:
    """Read a weather file in NREL SAM's CSV format (also NSRDB "SAM CSV" downloads).

    The format: row 1 names the site fields (at least Latitude, Longitude, Time Zone and
    Elevation, any order and case), row 2 holds their values, row 3 labels the data columns
    (Year, Month, Day, Hour, optional Minute, GHI, DNI, DHI, Tdry, Wspd, Pres, ... in any order;
    the long names SAM and the NSRDB use, e.g. "Temperature", "Wind Speed", "Pressure", are also
    accepted) and the data follow, in local standard time. An optional units row right under the
    labels is skipped.

    Parameters
    ----------
    path : str or path-like
    coerce_year : int, optional
        See :func:`read_tmy3` (for typical-year SAM CSV files such as NSRDB TMY downloads).

    Returns
    -------
    pandas.DataFrame
        Data in the kgi_lab schema on an index with the header's fixed UTC offset. Pressure is in
        mbar in SAM files (converted to Pa) unless a ``Pressure Units`` header field or the
        units row says otherwise. ``attrs["interval_label"]`` follows SAM's sun-position rule:
        ``"center"`` at Hour:Minute when there is a Minute column, else ``"beginning"`` (row *h*
        covers *h*:00 to *h*+1:00, the sun at its middle).

    Raises
    ------
    WeatherError
        Missing site fields or data columns (named), or sub-hourly data without a Minute column.

    References
    ----------
    .. [1] NREL, System Advisor Model help: "SAM CSV Format for Solar" and "Time Convention and
       Sun Position". https://samrepo.nrelcloud.org/help/weather_format_sam_csv_solar.html
    .. [2] NREL, "Standard Time Series Data File Format" (wfcsv.pdf), 2016.
    """
    path = Path(path)
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    if len(rows) < 4:
        raise WeatherError(f"{path.name}: a SAM CSV file needs 3 header rows and data")
    fields = {k.strip().lower(): v.strip() for k, v in zip(rows[0], rows[1], strict=False)}
    site = {}
    for key in ("latitude", "longitude", "time zone", "elevation"):
        if key not in fields or fields[key] == "":
            raise WeatherError(
                f"{path.name}: SAM CSV header lacks the site field {key.title()!r} (row 1 must "
                "name Latitude, Longitude, Time Zone and Elevation; row 2 gives their values)",
                column=key,
            )
        site[key] = float(fields[key])
    labels = [label.strip() for label in rows[2]]
    first_data = 3
    units_row = None
    year_col = _sam_lookup(labels, ("year",))
    if year_col is None:
        raise WeatherError(f"{path.name}: SAM CSV data labels (row 3) lack 'Year'", column="Year")
    try:
        float(rows[3][year_col])
    except (ValueError, IndexError):
        units_row = [u.strip().lower() for u in rows[3]]
        first_data = 4
    body = [r for r in rows[first_data:] if any(cell.strip() for cell in r)]
    table = pd.DataFrame([r[: len(labels)] for r in body], columns=labels)
    time_cols = {}
    for part in ("year", "month", "day", "hour", "minute"):
        col = _sam_lookup(labels, (part,))
        if col is None and part != "minute":
            raise WeatherError(
                f"{path.name}: SAM CSV data labels lack {part.title()!r}", column=part.title()
            )
        time_cols[part] = col
    numbers = {
        part: pd.to_numeric(table.iloc[:, col]).astype(int).to_numpy()
        for part, col in time_cols.items()
        if col is not None
    }
    has_minute = "minute" in numbers
    stamp = pd.to_datetime(
        pd.DataFrame({k: numbers[k] for k in ("year", "month", "day", "hour")})
    ) + pd.to_timedelta(numbers.get("minute", 0), unit="min")
    index = pd.DatetimeIndex(stamp).tz_localize(_fixed_offset(site["time zone"]))
    step = pd.Series(index[1:] - index[:-1]).mode()
    if not has_minute and len(step) and step.iloc[0] < pd.Timedelta(hours=1):
        raise WeatherError(
            f"{path.name}: sub-hourly SAM CSV data need a Minute column (SAM requires it to "
            "place each row in the hour)",
            column="Minute",
        )
    data = {}
    for col, names in _SAM_ALIASES.items():
        pos = _sam_lookup(labels, names)
        if pos is None:
            if col == "pressure":
                continue
            raise WeatherError(
                f"{path.name}: SAM CSV data labels lack a {col} column (one of "
                f"{', '.join(repr(n) for n in names[:3])})",
                column=col,
            )
        data[col] = pd.to_numeric(table.iloc[:, pos], errors="coerce").to_numpy(dtype=float)
        if col == "pressure":
            unit = fields.get("pressure units") or (units_row[pos] if units_row else "mbar")
            factor = _PRESSURE_TO_PA.get(unit.strip().lower())
            if factor is None:
                raise WeatherError(
                    f"{path.name}: pressure unit {unit!r} is not one of "
                    f"{', '.join(_PRESSURE_TO_PA)}",
                    column="pressure",
                )
            data[col] = data[col] * factor
    frame = pd.DataFrame(data, index=index)
    name = ", ".join(
        fields[k] for k in ("city", "state", "country") if fields.get(k) not in (None, "", "-")
    )
    return _finish(
        frame,
        path,
        "sam_csv",
        interval_label="center" if has_minute else "beginning",
        latitude=site["latitude"],
        longitude=site["longitude"],
        altitude_m=site["elevation"],
        name=name or str(fields.get("location id", "")),
        time_zone=(
            f"fixed offset UTC{site['time zone']:+g} h from the Time Zone header field "
            "(local standard time)"
        ),
        typical_year=_is_typical(index),
        coerce_year=coerce_year,
        extra={"station_id": fields.get("location id")},
    )


# ---------------------------------------------------------------------------------------------
# dispatcher


def _sniff(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".tm2":
        return "tmy2"
    if suffix == ".epw":
        return "epw"
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            head = [fh.readline() for _ in range(3)]
    except OSError as exc:
        raise WeatherError(f"cannot read {path}: {exc}") from exc
    if suffix == ".json" or head[0].lstrip().startswith("{"):
        return "pvgis_json"
    if head[0].startswith("LOCATION,"):
        return "epw"
    if head[0].startswith("Latitude (decimal degrees)"):
        return "pvgis_csv"
    if head[1].startswith("Date (MM/DD/YYYY)"):
        return "tmy3"
    first = [f.strip().lower() for f in head[0].split(",")]
    third = [f.strip().lower() for f in head[2].split(",")]
    if {"latitude", "longitude"} <= set(first) and "year" in third:
        return "sam_csv"
    raise WeatherError(
        f"cannot tell the weather format of {path.name}; pass format= one of {', '.join(FORMATS)}",
        column="format",
    )


def read_weather(path: str | os.PathLike, format: str | None = None, **kwargs) -> pd.DataFrame:
    """Read any supported weather file, inferring its format from the extension and contents.

    Parameters
    ----------
    path : str or path-like
    format : {"tmy3", "tmy2", "epw", "pvgis_json", "pvgis_csv", "sam_csv"}, optional
        Default: ``.tm2`` → TMY2, ``.epw`` → EPW, ``.json`` → PVGIS; a ``.csv`` by its first
        lines (PVGIS "Latitude (decimal degrees)", TMY3 "Date (MM/DD/YYYY)" on line 2, SAM CSV
        site labels with "Year" on line 3).
    **kwargs
        Passed to the reader (``coerce_year=``; ``tz=`` for PVGIS).

    Returns
    -------
    pandas.DataFrame
        The kgi_lab weather schema (see the reader of each format).
    """
    path = Path(path)
    fmt = format.lower() if format else _sniff(path)
    if fmt not in FORMATS:
        raise WeatherError(
            f"format must be one of {', '.join(FORMATS)}, got {format!r}", column="format"
        )
    if fmt.startswith("pvgis"):
        return read_pvgis_tmy(path, pvgis_format=fmt.split("_")[1], **kwargs)
    readers: dict[str, Callable[..., pd.DataFrame]] = {
        "tmy3": read_tmy3,
        "tmy2": read_tmy2,
        "epw": read_epw,
        "sam_csv": read_sam_csv,
    }
    return readers[fmt](path, **kwargs)


# ---------------------------------------------------------------------------------------------
# opt-in download


def _download_pvgis_tmy(url: str, params: dict[str, Any], timeout_s: float) -> bytes:
    """GET the PVGIS ``tmy`` endpoint; PVGIS's own error message on HTTP 400."""
    import requests

    response = requests.get(url, params=params, timeout=timeout_s)
    if not response.ok:
        try:
            message = response.json()["message"]
        except Exception:  # not JSON: let requests say what happened
            response.raise_for_status()
            raise
        raise WeatherError(f"PVGIS refused the request {params}: {message}")
    return response.content


def fetch_pvgis_tmy(
    latitude: float,
    longitude: float,
    *,
    cache_dir: str | os.PathLike | None = None,
    allow_download: bool | None = None,
    tz: str | None = None,
    coerce_year: int | None = None,
    roll_to_calendar_year: bool = False,
    startyear: int | None = None,
    endyear: int | None = None,
    usehorizon: bool = True,
    url: str = PVGIS_URL,
    timeout_s: float = 60.0,
) -> pd.DataFrame:
    """A PVGIS typical year for a site, downloaded once (on permission) and cached.

    The raw JSON answer of the PVGIS ``tmy`` tool is cached as
    ``<cache>/pvgis_tmy/tmy_<lat>_<lon>_<years>_<horizon>.json``, written atomically, with a
    sidecar ``.json.meta.json`` recording its SHA-256, the request and the time of download. Every
    call (also the first) reads the cached file through :func:`read_pvgis_tmy` after checking its
    hash, so a cached year is byte-for-byte what was downloaded.

    Parameters
    ----------
    latitude, longitude : float
        [deg], north and east positive.
    cache_dir : str or path-like, optional
        Default: ``$KGI_LAB_CACHE`` or ``~/.cache/kgi_lab`` (as :func:`kgi_lab.datasets.fetch`).
    allow_download : bool, optional
        Permission to download when the file is not cached. Default: the environment variable
        ``KGI_LAB_ALLOW_DOWNLOAD=1``. Without permission nothing touches the network.
    tz, coerce_year, roll_to_calendar_year
        Passed to :func:`read_pvgis_tmy`.
    startyear, endyear : int, optional
        Years PVGIS picks the typical months from (default: its whole database).
    usehorizon : bool, default True
        Let PVGIS shade the sun by the terrain horizon.
    url : str
        PVGIS API base URL (``tmy`` is appended).
    timeout_s : float
        [s].

    Raises
    ------
    kgi_lab.datasets.DownloadNotAllowedError
        If the file is not cached and downloads are not enabled.
    kgi_lab.datasets.DatasetIntegrityError
        If a cached file no longer matches the SHA-256 in its sidecar.

    References
    ----------
    .. [1] European Commission JRC, PVGIS non-interactive service, ``tmy`` tool.
       https://joint-research-centre.ec.europa.eu/photovoltaic-geographical-information-system-pvgis_en
    """
    from kgi_lab.datasets import (
        DatasetIntegrityError,
        DownloadNotAllowedError,
        _cache_dir,
        _downloads_allowed,
    )

    if not -90 <= latitude <= 90:
        raise WeatherError(f"latitude must be in [-90, 90] deg, got {latitude}", "latitude")
    if not -180 <= longitude <= 180:
        raise WeatherError(f"longitude must be in [-180, 180] deg, got {longitude}", "longitude")
    folder = Path(cache_dir) if cache_dir is not None else _cache_dir() / "pvgis_tmy"
    years = f"{startyear or 'first'}-{endyear or 'last'}"
    target = folder / (
        f"tmy_{latitude:.4f}_{longitude:.4f}_{years}_{'horizon' if usehorizon else 'flat'}.json"
    )
    sidecar = target.with_name(target.name + ".meta.json")
    if not target.exists():
        if not _downloads_allowed(allow_download):
            raise DownloadNotAllowedError(
                f"the PVGIS typical year for ({latitude}, {longitude}) is not cached at {target} "
                "and downloads are off; call fetch_pvgis_tmy(..., allow_download=True) or set "
                "KGI_LAB_ALLOW_DOWNLOAD=1"
            )
        params: dict[str, Any] = {"lat": latitude, "lon": longitude, "outputformat": "json"}
        if not usehorizon:
            params["usehorizon"] = 0
        if startyear is not None:
            params["startyear"] = startyear
        if endyear is not None:
            params["endyear"] = endyear
        content = _download_pvgis_tmy(url + "tmy", params, timeout_s)
        try:
            parsed = json.loads(content)
            parsed["outputs"]["tmy_hourly"]
        except (ValueError, KeyError, TypeError) as exc:
            raise WeatherError(
                f"PVGIS answered {params} with something that is not a TMY JSON "
                f"({content[:80]!r}); nothing was cached"
            ) from exc
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, content)
        atomic_write_json(
            sidecar,
            {
                "sha256": sha256_file(target),
                "url": url + "tmy",
                "params": params,
                "downloaded_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "pvlib_version": pvlib.__version__,
            },
        )
    if sidecar.exists():
        expected = json.loads(sidecar.read_text(encoding="utf-8"))["sha256"]
        actual = sha256_file(target)
        if actual != expected:
            raise DatasetIntegrityError(
                f"cached PVGIS file {target} has sha256 {actual}, but its sidecar {sidecar.name} "
                f"records {expected}; delete both to download again"
            )
    return read_pvgis_tmy(
        target, tz=tz, coerce_year=coerce_year, roll_to_calendar_year=roll_to_calendar_year
    )
