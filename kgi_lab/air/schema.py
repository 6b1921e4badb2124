"""The data model shared by every part of :mod:`kgi_lab.air`.

Hourly monitoring data is an :class:`xarray.Dataset` with dimensions ``(station, time)``:

* ``station``: the NIES station code as a string (``"14131530"``), with coordinates taken from
  the ``kawasaki_stations`` dataset where known (``name``, ``name_ja``, ``station_type``
  general/roadside, ``ward``, ``latitude``, ``longitude``).
* ``time``: **naive local standard time** labelling the **beginning** of each hour. NIES and
  Japanese practice stamp the *end* of the hour ("hour 1" = 0:00–1:00): readers convert, so
  hour 1 becomes the label 00:00 and every hour of a day carries that day's date. The zone is in
  ``attrs["time_zone"]`` (``"Asia/Tokyo"``; Japan has no daylight saving). xarray cannot group
  or store timezone-aware times, hence naive values plus an explicit zone (the CF approach);
  :func:`to_dataframe` returns timezone-aware times.
* data variables named by :data:`POLLUTANTS` / :data:`MET_VARIABLES` (``no2``, ``pm25``,
  ``wind_dir`` …) with ``attrs["units"]`` exactly as in those tables.
* ``attrs``: ``time_zone``, ``interval_label`` (``"beginning"``), ``source``, ``kind`` and
  ``cleaning`` (a list of dicts: what was removed or repaired, with counts).

Fiscal years run April–March and are named by the year they start in (FY2017 = April 2017 to
March 2018), as in Japanese official statistics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

__all__ = [
    "MET_VARIABLES",
    "POLLUTANTS",
    "fiscal_year",
    "fiscal_year_bounds",
    "to_dataframe",
]

#: Pollutants: canonical name → units used in kgi_lab, English and Japanese names.
POLLUTANTS = {
    "so2": {"units": "ppm", "long_name": "sulphur dioxide", "name_ja": "二酸化硫黄"},
    "no": {"units": "ppm", "long_name": "nitric oxide", "name_ja": "一酸化窒素"},
    "no2": {"units": "ppm", "long_name": "nitrogen dioxide", "name_ja": "二酸化窒素"},
    "nox": {"units": "ppm", "long_name": "nitrogen oxides", "name_ja": "窒素酸化物"},
    "co": {"units": "ppm", "long_name": "carbon monoxide", "name_ja": "一酸化炭素"},
    "ox": {"units": "ppm", "long_name": "photochemical oxidants", "name_ja": "光化学オキシダント"},
    "spm": {
        "units": "mg m-3",
        "long_name": "suspended particulate matter (≤10 µm, 100 % cut)",
        "name_ja": "浮遊粒子状物質",
    },
    "pm25": {
        "units": "ug m-3",
        "long_name": "fine particulate matter PM2.5",
        "name_ja": "微小粒子状物質",
    },
    "pm10": {"units": "ug m-3", "long_name": "particulate matter PM10", "name_ja": "PM10"},
    "o3": {"units": "ppm", "long_name": "ozone", "name_ja": "オゾン"},
}

#: Meteorological variables measured at some stations.
MET_VARIABLES = {
    "wind_speed": {"units": "m s-1", "long_name": "wind speed", "name_ja": "風速"},
    "wind_dir": {
        "units": "degree",
        "long_name": "wind direction (from, clockwise from north)",
        "name_ja": "風向",
    },
    "temp_air": {"units": "degC", "long_name": "air temperature", "name_ja": "気温"},
}


def fiscal_year(times) -> np.ndarray:
    """Japanese fiscal year (April–March) of each time, named by its starting year."""
    t = pd.DatetimeIndex(times)
    return np.where(t.month >= 4, t.year, t.year - 1).astype(int)


def fiscal_year_bounds(fy: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First hour label and the (exclusive) end of fiscal year ``fy``, naive local time."""
    return pd.Timestamp(year=int(fy), month=4, day=1), pd.Timestamp(
        year=int(fy) + 1, month=4, day=1
    )


def to_dataframe(ds: xr.Dataset, variables=None) -> pd.DataFrame:
    """Tidy long table (``station``, ``time`` tz-aware, ``variable``, ``value``, ``units``)."""
    variables = list(ds.data_vars) if variables is None else list(variables)
    tz = ds.attrs.get("time_zone", "Asia/Tokyo")
    frames = []
    for var in variables:
        df = ds[var].to_dataframe(name="value").reset_index()[["station", "time", "value"]]
        df["variable"] = var
        df["units"] = ds[var].attrs.get("units")
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out["time"] = pd.DatetimeIndex(out["time"]).tz_localize(tz)
    out.attrs["interval_label"] = ds.attrs.get("interval_label", "beginning")
    return out
