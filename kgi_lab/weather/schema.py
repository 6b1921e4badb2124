"""The one weather schema every reader and generator in kgi_lab returns.

A weather table is a :class:`pandas.DataFrame` with

* columns ``ghi``, ``dni``, ``dhi`` [W/m²], ``temp_air`` [°C], ``wind_speed`` [m/s] and
  ``pressure`` [Pa] (pvlib's names);
* a timezone-aware :class:`~pandas.DatetimeIndex` named ``time`` with a regular step;
* ``attrs`` holding at least ``interval_label`` (one of :data:`INTERVAL_LABELS`), ``units``
  (column → unit), ``source`` (a human-readable provenance string) and, when known, the site
  (``latitude``, ``longitude``, ``altitude_m``, ``name``) and ``repairs`` (what was changed, with
  counts: a list of ``{"repair", "column", "count", "detail"}`` dicts, oldest first).

Readers also set ``typical_year`` (True for typical-year files such as TMY2/TMY3/EPW/PVGIS TMY,
whose months come from different years; see :func:`typical_year_index`), ``time_zone`` (how the
index's zone was obtained) and ``sha256`` (of the file read).

Interval labels
---------------
``"beginning"``: the label is the start of the interval (``08:00`` = 08:00–09:00);
``"ending"``: the label is the end (TMY2/TMY3 files: ``09:00`` = 08:00–09:00);
``"center"``: the label is the middle of the interval;
``"instantaneous"``: a sample at the label time.
Values are interval means. The sun's position is computed at the interval midpoint
(:func:`solar_position_times`), which is what every function in :mod:`kgi_lab.pv` uses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "COLUMNS",
    "INTERVAL_LABELS",
    "UNITS",
    "solar_position_times",
    "time_step",
    "typical_year_index",
]

#: Canonical weather columns, in order.
COLUMNS = ("ghi", "dni", "dhi", "temp_air", "wind_speed", "pressure")

#: Units of the canonical columns.
UNITS = {
    "ghi": "W m-2",
    "dni": "W m-2",
    "dhi": "W m-2",
    "temp_air": "degC",
    "wind_speed": "m s-1",
    "pressure": "Pa",
}

#: Allowed interval labels and the fraction of a step to add to reach the interval midpoint.
INTERVAL_LABELS = {"beginning": 0.5, "center": 0.0, "ending": -0.5, "instantaneous": 0.0}


def time_step(index: pd.DatetimeIndex) -> pd.Timedelta:
    """The regular step of ``index``.

    Raises
    ------
    ValueError
        If the index has fewer than two entries or its step is not constant.
    """
    if len(index) < 2:
        raise ValueError("a weather index needs at least two timestamps to define its step")
    steps = index[1:] - index[:-1]
    step = steps[0]
    if (steps != step).any():
        bad = index[1:][steps != step][0]
        raise ValueError(
            f"weather index has an irregular step (first break at {bad}); typical-year files "
            "(TMY, EPW, PVGIS) mix years: read them with coerce_year=, and repair gaps with "
            "kgi_lab.weather.validate_weather(repair=True)"
        )
    return pd.Timedelta(step)


def solar_position_times(
    index: pd.DatetimeIndex, interval_label: str, step: pd.Timedelta | None = None
) -> pd.DatetimeIndex:
    """Times at which to evaluate the sun's position for interval-mean data.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Timezone-aware interval labels.
    interval_label : {"beginning", "ending", "center", "instantaneous"}
    step : pandas.Timedelta, optional
        Interval length; inferred from ``index`` when omitted.

    Returns
    -------
    pandas.DatetimeIndex
        The interval midpoints (or the labels themselves for ``"center"`` and
        ``"instantaneous"``).
    """
    if interval_label not in INTERVAL_LABELS:
        raise ValueError(
            f"interval_label must be one of {sorted(INTERVAL_LABELS)}, got {interval_label!r}"
        )
    if index.tz is None:
        raise ValueError(
            "weather index has naive timestamps; pvlib would read them as UTC. Localise them "
            "first, e.g. index.tz_localize('Asia/Tokyo')"
        )
    shift = INTERVAL_LABELS[interval_label]
    if shift == 0.0:
        return index
    if step is None:
        step = time_step(index)
    return index + shift * step


def typical_year_index(index: pd.DatetimeIndex, year: int) -> pd.DatetimeIndex:
    """Relabel a typical-year index, whose months come from different years, onto one year.

    Every timestamp keeps its month, day, wall-clock time and UTC offset and takes the year
    ``year``. The sequence is split where December is followed by January (New Year); the longest
    part gets ``year``, parts before it ``year - 1`` and parts after it ``year + 1``. So the
    closing label ``1 Jan 00:00`` of an hour-ending TMY3/EPW file moves to the next year, as
    ``pvlib.iotools.read_tmy3(coerce_year=)`` does, and hours that a time-zone conversion pushed
    across New Year stay on their own side. Nothing is sorted: timestamps out of order stay out of
    order.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Timezone-aware timestamps of a typical year (any order of the source years).
    year : int
        The year to put the typical year in. A non-leap year (pvlib uses 1990) unless the data
        hold 29 February.

    Returns
    -------
    pandas.DatetimeIndex
        The relabelled index, in the zone of ``index``, named like it.

    Raises
    ------
    ValueError
        If ``index`` is naive, or holds 29 February and ``year`` is not a leap year.
    """
    if index.tz is None:
        raise ValueError(
            "typical_year_index needs timezone-aware timestamps; localise them first, "
            "e.g. index.tz_localize('Asia/Tokyo')"
        )
    if len(index) == 0:
        return index
    wall = index.tz_localize(None)
    offset = wall - index.tz_convert("UTC").tz_localize(None)
    leap = (wall.month == 2) & (wall.day == 29)
    if leap.any() and not pd.Timestamp(year=year, month=1, day=1).is_leap_year:
        raise ValueError(
            f"the index holds 29 February (first at {index[leap][0]}); pick a leap year "
            f"instead of {year}"
        )

    def relabel(years: np.ndarray) -> pd.DatetimeIndex:
        dates = pd.to_datetime(
            pd.DataFrame({"year": years, "month": wall.month, "day": wall.day})
        ).to_numpy()
        return pd.DatetimeIndex(dates + (wall - wall.normalize()).to_numpy())

    month = wall.month.to_numpy()
    new_year = (month[1:] == 1) & (month[:-1] == 12)
    run = np.concatenate([[0], np.cumsum(new_year)])
    longest = np.bincount(run).argmax()
    new_wall = relabel(year + (run - longest))
    utc = (new_wall - offset).tz_localize("UTC")
    return utc.tz_convert(index.tz).rename(index.name)


def irradiation_kwh_m2(weather, column: str = "ghi") -> float:
    """Total irradiation of an irradiance column [kWh/m²]: Σ mean irradiance × step.

    Works for any regular step (hourly, 15-minute …); for a typical year this is the annual
    irradiation.
    """
    step_h = time_step(weather.index) / pd.Timedelta(hours=1)
    return float(weather[column].sum()) * step_h / 1000.0
