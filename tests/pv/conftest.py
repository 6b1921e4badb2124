"""Shared fixtures: the Greensboro NC TMY3 bundled with pvlib, read by kgi_lab."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pvlib
import pytest

from kgi_lab.weather import greensboro_tmy3

GREENSBORO = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"


@pytest.fixture(scope="session")
def greensboro():
    """Greensboro TMY3 (hour-ending, UTC−5, years coerced to 1990, floats) and its Location."""
    wx, loc = greensboro_tmy3()
    wx = wx.astype(float)
    return wx, loc


@pytest.fixture(scope="session")
def greensboro_midpoints(greensboro):
    """The same weather relabelled at interval midpoints, as ModelChain must be given it."""
    wx, loc = greensboro
    mid = wx.copy()
    mid.index = mid.index - pd.Timedelta(minutes=30)
    return mid, loc
