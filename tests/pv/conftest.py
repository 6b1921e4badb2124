"""Shared fixtures: the Greensboro TMY3 bundled with pvlib, and a clear-sky Kawasaki year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pvlib
import pytest

GREENSBORO = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"


@pytest.fixture(scope="session")
def greensboro():
    """Greensboro NC TMY3 (hour-ending, pressure in Pa, one calendar year) and its Location."""
    data, meta = pvlib.iotools.read_tmy3(GREENSBORO, map_variables=True)
    wx = data[["ghi", "dni", "dhi", "temp_air", "wind_speed", "pressure"]].copy()
    wx = wx.astype(float)
    wx["pressure"] = wx["pressure"] * 100.0
    wx.index = wx.index.map(lambda t: t.replace(year=1990))
    wx = wx.sort_index()
    wx.index.name = "time"
    wx.attrs.update(
        interval_label="ending",
        latitude=meta["latitude"],
        longitude=meta["longitude"],
        altitude_m=meta["altitude"],
    )
    loc = pvlib.location.Location(
        meta["latitude"], meta["longitude"], tz=-5, altitude=meta["altitude"]
    )
    return wx, loc


@pytest.fixture(scope="session")
def greensboro_midpoints(greensboro):
    """The same weather relabelled at interval midpoints, as ModelChain must be given it."""
    wx, loc = greensboro
    mid = wx.copy()
    mid.index = mid.index - pd.Timedelta(minutes=30)
    return mid, loc
