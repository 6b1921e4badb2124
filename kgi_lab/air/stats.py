"""openair-style statistics on the station × time data model: averages, variation, trends, roses.

Every function takes a :class:`xarray.DataArray` cut from the schema Dataset (for example
``ds["no2"]``, dims ``(station, time)`` or just ``(time,)``) and is vectorised over stations and
hours. The conventions, stated once here and again where they matter:

* **Time labels** are naive local standard time labelling the **beginning** of each interval
  (:mod:`kgi_lab.air.schema`): the NIES value stamped "hour 1" (0:00–1:00) carries the label
  00:00. Averages are labelled by the beginning of their period too (a daily mean by the day's
  00:00, a monthly mean by the 1st of the month, a fiscal-year mean by 1 April).
* **Data capture against the full calendar.** Before any averaging the time axis is padded to a
  regular grid covering *whole* periods, so hours that are absent from the data (rows never
  delivered) count as missing exactly like NaN hours. openair's ``timeAverage(data.thresh=)``
  judges capture on the rows present only, so a month with a fortnight of rows absent can pass a
  75 % threshold (openair issue #271). The number of padded labels is reported in ``attrs``.
* **Nothing is dropped silently**: periods that fail a capture threshold are kept as NaN and
  counted in ``attrs``; observations excluded from roses (missing, calm) are counted too.

References
----------
.. [1] Carslaw, D. C. and Ropkins, K. (2012) openair — an R package for air quality data
   analysis. Environmental Modelling & Software 27–28, 52–61.
   https://doi.org/10.1016/j.envsoft.2011.09.008
.. [2] openair issue #271: ``timeAverage`` data capture ignores absent rows
   (shared/reference/domain-notes.md, "Air quality").
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from pandas.tseries.offsets import Tick
from scipy import ndimage, stats

__all__ = [
    "FREQ_ALIASES",
    "MannKendallResult",
    "calendar_matrix",
    "daily_max_8h",
    "mann_kendall",
    "polar_summary",
    "pollution_rose",
    "rolling_mean_8h",
    "sector_index",
    "theil_sen",
    "time_average",
    "variation",
]

#: Readable names for the averaging periods accepted by :func:`time_average` (any pandas offset
#: alias works too, e.g. ``"8h"`` or ``"QS-DEC"``). Fiscal years run April–March (``"YS-APR"``),
#: labelled by 1 April of the year they start in, as in Japanese official statistics.
FREQ_ALIASES = {
    "hour": "h",
    "day": "D",
    "month": "MS",
    "season": "QS-DEC",
    "year": "YS",
    "fiscal_year": "YS-APR",
}

_STATISTICS = ("mean", "median", "min", "max", "sum", "std", "percentile")
_SIXTEEN_POINTS = tuple("N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW".split())
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FLOAT_SLACK = 1e-9  # capture comparisons: 18/24 must pass a 0.75 threshold despite rounding


# --------------------------------------------------------------------------------------------
# input checks and the padded grid


def _check_dataarray(da: Any, name: str = "da") -> None:
    """Raise a clear ValueError unless ``da`` is a DataArray with a proper ``time`` axis."""
    if isinstance(da, xr.Dataset):
        raise ValueError(
            f"{name} is a Dataset; pass one variable of it, e.g. ds['no2'] "
            f"(variables: {', '.join(map(str, da.data_vars))})"
        )
    if not isinstance(da, xr.DataArray):
        raise ValueError(f"{name} must be an xarray.DataArray, got {type(da).__name__}")
    if "time" not in da.dims:
        raise ValueError(
            f"{name} has no 'time' dimension (dims: {da.dims}); pass a variable of the "
            "station × time Dataset of kgi_lab.air.schema, e.g. ds['no2']"
        )
    if not np.issubdtype(da["time"].dtype, np.datetime64):
        raise ValueError(
            f"{name}.time must hold naive datetime64 labels (local standard time, zone in attrs), "
            f"got dtype {da['time'].dtype}"
        )
    times = pd.DatetimeIndex(da["time"].values)
    if times.hasnans:
        raise ValueError(f"{name}.time has {int(times.isna().sum())} NaT label(s)")
    if times.has_duplicates:
        first = times[times.duplicated()][0]
        raise ValueError(
            f"{name}.time has {int(times.duplicated().sum())} duplicated label(s), first {first}"
        )
    if not times.is_monotonic_increasing:
        raise ValueError(f"{name}.time is not sorted; use {name}.sortby('time')")
    label = da.attrs.get("interval_label")
    if label is not None and label != "beginning":
        raise ValueError(
            f"{name}.attrs['interval_label'] is {label!r}; kgi_lab.air expects labels at the "
            "beginning of each interval (NIES hour 1 = 0:00–1:00 → label 00:00)"
        )
    if not np.issubdtype(da.dtype, np.number) or np.issubdtype(da.dtype, np.complexfloating):
        raise ValueError(f"{name} must be numeric, got dtype {da.dtype}")


def _resolve_freq(freq: str) -> pd.DateOffset:
    alias = FREQ_ALIASES.get(freq, freq)
    try:
        return pd.tseries.frequencies.to_offset(alias)
    except ValueError:
        raise ValueError(
            f"freq {freq!r} is not a period; use one of {', '.join(FREQ_ALIASES)} or a pandas "
            "offset alias such as 'D', 'MS', '8h', 'YS-APR'"
        ) from None


def _period_start(t: pd.Timestamp, offset: pd.DateOffset) -> pd.Timestamp:
    if isinstance(offset, Tick):
        return t.floor(offset)
    return offset.rollback(t.normalize())


def _period_edges(first: pd.Timestamp, last: pd.Timestamp, offset) -> pd.DatetimeIndex:
    """Edges of whole periods covering ``[first, last]``: edges[0] ≤ first, last < edges[-1]."""
    start = _period_start(first, offset)
    edges = pd.date_range(start=start, end=last, freq=offset)
    if len(edges) == 0 or edges[0] != start:  # safety: date_range may anchor differently
        edges = pd.DatetimeIndex([start]).append(edges)
    return edges.append(pd.DatetimeIndex([edges[-1] + offset]))


def _pad(da: xr.DataArray, start, end, step: pd.Timedelta) -> tuple[np.ndarray, pd.DatetimeIndex]:
    """Values with time last, on the regular grid ``[start, end)``; absent labels become NaN."""
    grid = pd.date_range(start=start, end=end, freq=step, inclusive="left")
    times = pd.DatetimeIndex(da["time"].values)
    pos = grid.get_indexer(times)
    off = pos < 0
    if off.any():
        raise ValueError(
            f"{da.name or 'da'}.time has {int(off.sum())} label(s) off the {step} grid "
            f"starting {grid[0]} (first {times[off][0]}); labels must mark the beginning of "
            f"regular {step} intervals"
        )
    other = [d for d in da.dims if d != "time"]
    values = da.transpose(*other, "time").values.astype(float)
    padded = np.full((*values.shape[:-1], len(grid)), np.nan)
    padded[..., pos] = values
    return padded, grid


def _template(da: xr.DataArray) -> xr.DataArray:
    """The non-time part of ``da`` (dims and coordinates) to wrap results on."""
    return da.isel(time=0, drop=True)


def _wrap(values: np.ndarray, template: xr.DataArray, dims: tuple, coords: dict, **attrs):
    out = xr.DataArray(
        values,
        dims=(*template.dims, *dims),
        coords={**{k: v for k, v in template.coords.items()}, **coords},
    )
    out.attrs.update(attrs)
    return out


def _name(da: xr.DataArray) -> str:
    return str(da.name) if da.name is not None else "value"


def _check_fraction(value: float, name: str) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a fraction between 0 and 1, got {value}")
    return value


# --------------------------------------------------------------------------------------------
# time averaging


def _ragged(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Gather contiguous segments of the last axis into (..., n_segments, max_len), NaN-padded."""
    width = int(lengths.max()) if len(lengths) else 0
    k = np.arange(width)
    idx = starts[:, None] + k[None, :]
    inside = k[None, :] < lengths[:, None]
    block = values[..., np.where(inside, idx, 0)]
    block[..., ~inside] = np.nan
    return block


def _reduce(block: np.ndarray, statistic: str, percentile: float | None) -> np.ndarray:
    """Statistic over the last axis, ignoring NaN; NaN (no warning) where all are NaN."""
    count = np.sum(~np.isnan(block), axis=-1)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        if statistic == "mean":
            out = np.nansum(block, axis=-1) / count
        elif statistic == "sum":
            out = np.nansum(block, axis=-1)
        elif statistic == "median":
            out = np.nanmedian(block, axis=-1)
        elif statistic == "min":
            out = np.nanmin(block, axis=-1) if block.shape[-1] else np.full(count.shape, np.nan)
        elif statistic == "max":
            out = np.nanmax(block, axis=-1) if block.shape[-1] else np.full(count.shape, np.nan)
        elif statistic == "std":
            out = np.nanstd(block, axis=-1, ddof=1)
        else:  # percentile
            out = np.nanpercentile(block, percentile, axis=-1)
    return np.where(count > 0, out, np.nan)


def time_average(
    da: xr.DataArray,
    freq: str = "D",
    *,
    data_threshold: float = 0.75,
    statistic: str = "mean",
    percentile: float | None = None,
    step: str = "1h",
    start: Any = None,
    end: Any = None,
) -> xr.Dataset:
    """Capture-aware averages over calendar periods (openair ``timeAverage``, done right).

    The time axis is first padded to the regular ``step`` grid spanning *whole* periods, so an
    hour absent from the data counts as missing just like a NaN hour. A period's statistic is
    kept only if its capture fraction (valid values ÷ values in the full calendar period) is at
    least ``data_threshold``; otherwise it is NaN and counted in ``attrs``.

    Parameters
    ----------
    da : xarray.DataArray
        Values on ``(…, time)``, e.g. ``ds["no2"]`` [ppm] with dims ``(station, time)``; time
        labels naive local standard time at the beginning of each ``step``.
    freq : str, default "D"
        The averaging period: ``"day"``, ``"month"``, ``"season"`` (DJF, MAM, JJA, SON; December
        counts with the following year's winter), ``"year"``, ``"fiscal_year"`` (April–March) or
        any pandas offset alias (``"D"``, ``"MS"``, ``"YS-APR"``, ``"8h"``). ``"8h"`` gives
        the fixed blocks 0–8, 8–16 and 16–24 h that Japan uses for the CO 8-hour standard.
    data_threshold : float, default 0.75
        Minimum capture fraction [0–1] judged against the full calendar period. 0.75 is the
        common 75 % rule (openair examples; EU 8-hour aggregates, Directive 2008/50/EC Annex VII
        A.2); the Japanese valid day (有効測定日) needs ≥ 20 hours: ``data_threshold=20/24``.
    statistic : {"mean", "median", "min", "max", "sum", "std", "percentile"}
        Statistic of the valid values in each period (``std`` with ddof = 1).
    percentile : float, optional
        Percentile [%] when ``statistic="percentile"`` (numpy "linear", = R type 7 as openair).
    step : str, default "1h"
        Native interval of the data; every label must lie on this grid.
    start, end : datetime-like, optional
        Extend the calendar beyond the data (e.g. a whole fiscal year for a station that opened
        in June): periods between ``start`` and ``end`` are reported even without data.

    Returns
    -------
    xarray.Dataset
        On the input's dims with ``time`` = period starts:

        * ``<name>`` — the statistic, in the input's units (NaN where capture failed);
        * ``capture_fraction`` [1] — valid ÷ expected values in the full period;
        * ``n_valid``, ``n_expected`` [count of ``step`` values].

        ``attrs`` record ``freq``, ``statistic``, ``data_threshold``, ``interval_label``
        (``"beginning"``), ``n_padded_labels`` (labels absent from the data, counted missing)
        and ``n_periods_below_threshold``.

    References
    ----------
    .. [1] Carslaw & Ropkins (2012), openair ``timeAverage``; issue #271 (capture on present
       rows only).
    .. [2] Directive 2008/50/EC, Annex VII A.2 (criteria for aggregating data: 75 %),
       https://legislation.gov.uk/eudr/2008/50/annex/VII/division/A
    .. [3] Yokohama City, 測定値の取扱い (hours.html): a daily mean needs ≥ 20 valid hours
       (shared/reference/kawasaki-facts.md §2c).
    """
    _check_dataarray(da)
    threshold = _check_fraction(data_threshold, "data_threshold")
    if statistic not in _STATISTICS:
        raise ValueError(f"statistic {statistic!r} is not one of {', '.join(_STATISTICS)}")
    if statistic == "percentile" and (percentile is None or not 0 <= percentile <= 100):
        raise ValueError(f"statistic='percentile' needs percentile= in [0, 100], got {percentile}")
    offset = _resolve_freq(freq)
    step_td = pd.Timedelta(step)
    times = pd.DatetimeIndex(da["time"].values)
    first = min(times[0], pd.Timestamp(start)) if start is not None else times[0]
    last = max(times[-1], pd.Timestamp(end) - step_td) if end is not None else times[-1]
    edges = _period_edges(first, last, offset)
    values, grid = _pad(da, edges[0], edges[-1], step_td)
    n_padded = int(values.shape[-1] - len(times)) * int(np.prod(values.shape[:-1], dtype=int))

    bounds = grid.searchsorted(edges)
    starts, lengths = bounds[:-1], np.diff(bounds)
    block = _ragged(values, starts, lengths)
    n_valid = np.sum(~np.isnan(block), axis=-1)
    expected = np.broadcast_to(lengths, n_valid.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        capture = np.where(expected > 0, n_valid / expected, np.nan)
    result = _reduce(block, statistic, percentile)
    ok = n_valid >= threshold * expected - _FLOAT_SLACK
    ok &= n_valid > 0
    result = np.where(ok, result, np.nan)

    template = _template(da)
    tcoord = {"time": edges[:-1]}
    name = _name(da)
    units = da.attrs.get("units")
    out = xr.Dataset(
        {
            name: _wrap(
                result,
                template,
                ("time",),
                tcoord,
                units=units,
                long_name=f"{freq} {statistic} of {da.attrs.get('long_name', name)}",
            ),
            "capture_fraction": _wrap(capture, template, ("time",), tcoord, units="1"),
            "n_valid": _wrap(n_valid, template, ("time",), tcoord, units=f"count of {step}"),
            "n_expected": _wrap(
                np.array(expected), template, ("time",), tcoord, units=f"count of {step}"
            ),
        }
    )
    if units is None:
        del out[name].attrs["units"]
    out["time"].attrs["interval_label"] = "beginning"
    out.attrs.update(
        {
            "freq": freq,
            "statistic": statistic if statistic != "percentile" else f"p{percentile:g}",
            "data_threshold": threshold,
            "capture_rule": "valid values / values in the full calendar period (absent rows "
            "count as missing)",
            "interval_label": "beginning",
            "step": step,
            "n_padded_labels": n_padded,
            "n_periods_below_threshold": int(np.sum(~ok)),
        }
    )
    if "time_zone" in da.attrs:
        out.attrs["time_zone"] = da.attrs["time_zone"]
    return out


# --------------------------------------------------------------------------------------------
# 8-hour running means and the maximum daily 8-hour mean


def _rolling_8h(values: np.ndarray, min_hours: int) -> tuple[np.ndarray, np.ndarray]:
    """Right-aligned 8-hour means on a padded hourly grid: window at i covers i-7 … i."""
    length = values.shape[-1]
    ext = np.concatenate([np.full((*values.shape[:-1], 7), np.nan), values], axis=-1)
    total = np.zeros(values.shape)
    count = np.zeros(values.shape, dtype=int)
    for k in range(8):  # the eight offsets of the window, each a whole-array operation
        part = ext[..., k : k + length]
        good = ~np.isnan(part)
        total += np.where(good, part, 0.0)
        count += good
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count >= min_hours, total / count, np.nan)
    return mean, count


def _check_min(value: int, low: int, high: int, name: str) -> int:
    if int(value) != value or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, got {value}")
    return int(value)


def rolling_mean_8h(da: xr.DataArray, min_hours: int = 6) -> xr.DataArray:
    """Running 8-hour means of hourly values, right-aligned, updated every hour.

    The value labelled ``t`` is the mean of the hourly values labelled ``t − 7 h`` … ``t``: with
    beginning-of-hour labels it covers the 8 hours from ``t − 7 h`` to ``t + 1 h`` and **ends at
    t + 1 h** (so the window labelled 00:00 is 17:00 of the previous day to 01:00). This is
    openair ``rollingMean(align="right")`` on beginning labels, and it makes the EU rule "assign
    each 8-hour mean to the day on which it ends" the same as "the labels within that day".

    Parameters
    ----------
    da : xarray.DataArray
        Hourly values on ``(…, time)`` [any units].
    min_hours : int, default 6
        Valid hours needed in a window (6 of 8 = 75 %, EU and US rule); otherwise NaN.

    Returns
    -------
    xarray.DataArray
        8-hour means on the regular hourly grid from the first to the last label (absent hours
        padded as missing), units as the input. ``attrs`` give the window convention,
        ``n_padded_labels`` and ``n_windows_invalid``.

    References
    ----------
    .. [1] Directive 2008/50/EC, Annex VII A.2 (eight-hour values need 75 % = 6 hours) and
       Annex VII B footnote 2 (each 8-hour mean is assigned to the day on which it ends; the
       first window of a day is 17:00 (previous day)–01:00, the last 16:00–24:00). The same
       wording for CO: SSI 2003/428 (Scotland), Schedule 1 para 6.2.
    .. [2] 40 CFR Part 50, Appendix U (2015 O3 NAAQS): 8-hour averages need ≥ 6 hours.
    """
    _check_dataarray(da)
    min_hours = _check_min(min_hours, 1, 8, "min_hours")
    times = pd.DatetimeIndex(da["time"].values)
    values, grid = _pad(da, times[0], times[-1] + pd.Timedelta("1h"), pd.Timedelta("1h"))
    mean, _ = _rolling_8h(values, min_hours)
    out = _wrap(mean, _template(da), ("time",), {"time": grid})
    out.name = f"{_name(da)}_8h" if da.name is not None else None
    out.attrs.update(
        {
            "long_name": f"running 8-hour mean of {da.attrs.get('long_name', _name(da))}",
            "window": "right-aligned: label t = mean of hours labelled t-7h … t "
            "(covers t-7h to t+1h)",
            "min_hours": min_hours,
            "n_padded_labels": int((len(grid) - len(times)) * np.prod(values.shape[:-1])),
            "n_windows_invalid": int(np.isnan(mean).sum()),
        }
    )
    if "units" in da.attrs:
        out.attrs["units"] = da.attrs["units"]
    return out


def daily_max_8h(
    da: xr.DataArray,
    *,
    convention: str = "eu",
    min_hours: int = 6,
    min_windows: int | None = None,
) -> xr.Dataset:
    """Maximum daily 8-hour mean (ozone, CO): EU/WHO or US EPA window conventions.

    ``convention="eu"`` (also used here for the WHO 2021 AQG, which does not prescribe windows)
        The 24 running 8-hour means **ending** in the day: from 17:00 (previous day)–01:00 to
        16:00–24:00, i.e. the windows labelled 00:00 … 23:00 by :func:`rolling_mean_8h`. A day
        is valid with ≥ 18 valid 8-hour means (75 %).
    ``convention="us"``
        The 17 running 8-hour means **beginning** 07:00 … 23:00 of the day (the last one runs
        to 07:00 the next day), 40 CFR 50 Appendix U (2015). A day is valid with ≥ 13 of 17
        (75 %). Appendix U also accepts days with fewer windows whose maximum exceeds the
        standard; that rule needs the standard's level and is not applied here.

    Every 8-hour mean needs ``min_hours`` valid hours (6 of 8). Absent hours count as missing.

    Parameters
    ----------
    da : xarray.DataArray
        Hourly values on ``(…, time)``, e.g. ``ds["ox"]`` [ppm].
    convention : {"eu", "us"}
    min_hours : int, default 6
        Valid hours needed for one 8-hour mean.
    min_windows : int, optional
        Valid 8-hour means needed for a valid day (default 18 for EU, 13 for US).

    Returns
    -------
    xarray.Dataset
        Daily (``time`` = the day's 00:00) ``<name>`` [input units] (NaN on invalid days),
        ``n_valid_windows``, ``n_expected_windows`` and ``capture_fraction``; ``attrs`` count
        ``n_days_invalid``.

    References
    ----------
    .. [1] Directive 2008/50/EC, Annex VII B footnote 2 (windows assigned to the day on which
       they end, 17:00–01:00 … 16:00–24:00) and Annex VII A.2 (75 % of the hourly running
       8-hour averages, i.e. 18 per day; 6 of 8 hours per window),
       https://legislation.gov.uk/eudr/2008/50/annex/VII/division/A . The recast Directive
       (EU) 2024/2881 keeps the O3 target as a max daily 8-h mean (kawasaki-facts §3e); its
       annex text was not checked here.
    .. [2] 40 CFR Part 50, Appendix U (2015 O3 NAAQS, 80 FR 65292): 17 windows 07:00–23:00,
       ≥ 13 valid; summarised by AirNow-Tech "Daily and hourly AQI – ozone"
       (https://forum.airnowtech.org/t/daily-and-hourly-aqi-ozone/170).
    .. [3] WHO global air quality guidelines (2021), O3 8-hour AQG 100 µg/m³ as the maximum
       daily 8-hour mean (kawasaki-facts §3a).
    """
    _check_dataarray(da)
    if convention not in ("eu", "us"):
        raise ValueError(f"convention must be 'eu' or 'us', got {convention!r}")
    min_hours = _check_min(min_hours, 1, 8, "min_hours")
    n_windows = 24 if convention == "eu" else 17
    min_windows = (18 if convention == "eu" else 13) if min_windows is None else min_windows
    min_windows = _check_min(min_windows, 1, n_windows, "min_windows")
    times = pd.DatetimeIndex(da["time"].values)
    day0 = times[0].floor("D")
    n_days = int((times[-1].floor("D") - day0) / pd.Timedelta("1D")) + 1
    # the US windows of the last day reach 06:00 of the next day (their last hour's label)
    extra = pd.Timedelta("1D") if convention == "us" else pd.Timedelta(0)
    values, grid = _pad(da, day0, day0 + n_days * pd.Timedelta("1D") + extra, pd.Timedelta("1h"))
    mean, _ = _rolling_8h(values, min_hours)
    # right-aligned label of the window = its last hour: EU 00…23 h; US start 07…23 h → 14…30 h
    first = 0 if convention == "eu" else 14
    windows = mean[..., first : first + n_days * 24].reshape(*mean.shape[:-1], n_days, 24)
    windows = windows[..., :n_windows]
    n_valid = np.sum(~np.isnan(windows), axis=-1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        best = np.nanmax(windows, axis=-1)
    ok = n_valid >= min_windows
    best = np.where(ok, best, np.nan)
    template = _template(da)
    days = pd.date_range(day0, periods=n_days, freq="D")
    tc = {"time": days}
    name = _name(da)
    out = xr.Dataset(
        {
            name: _wrap(
                best,
                template,
                ("time",),
                tc,
                long_name=f"maximum daily 8-hour mean of {da.attrs.get('long_name', name)}",
            ),
            "n_valid_windows": _wrap(n_valid, template, ("time",), tc, units="count"),
            "n_expected_windows": _wrap(
                np.full(n_valid.shape, n_windows), template, ("time",), tc, units="count"
            ),
            "capture_fraction": _wrap(n_valid / n_windows, template, ("time",), tc, units="1"),
        }
    )
    if "units" in da.attrs:
        out[name].attrs["units"] = da.attrs["units"]
    out["time"].attrs["interval_label"] = "beginning"
    out.attrs.update(
        {
            "convention": convention,
            "windows": (
                "24 running 8-h means ending in the day (labels 00:00-23:00, right-aligned)"
                if convention == "eu"
                else "17 running 8-h means beginning 07:00-23:00 of the day"
            ),
            "min_hours": min_hours,
            "min_windows": min_windows,
            "interval_label": "beginning",
            "n_padded_labels": int((len(grid) - len(times)) * np.prod(values.shape[:-1])),
            "n_days_invalid": int(np.sum(~ok)),
        }
    )
    if "time_zone" in da.attrs:
        out.attrs["time_zone"] = da.attrs["time_zone"]
    return out


# --------------------------------------------------------------------------------------------
# temporal variation (openair timeVariation) and calendar


_BY = ("hour", "weekday", "month", "hour_weekday")


def _group_keys(times: pd.DatetimeIndex, by: str) -> tuple[np.ndarray, dict, tuple]:
    hour, weekday, month = (
        times.hour.to_numpy(),
        times.day_of_week.to_numpy(),
        times.month.to_numpy(),
    )
    hour_attrs = {
        "long_name": "hour of day (label at the beginning of the hour)",
        "description": "0 = 00:00-01:00 local standard time = NIES 'hour 1'",
    }
    if by == "hour":
        return hour, {"hour": ("hour", np.arange(24), hour_attrs)}, (24,)
    if by == "weekday":
        coords = {
            "weekday": ("weekday", np.arange(7), {"long_name": "day of week, 0 = Monday"}),
            "weekday_name": ("weekday", list(_WEEKDAY_NAMES)),
        }
        return weekday, coords, (7,)
    if by == "month":
        return month - 1, {"month": ("month", np.arange(1, 13))}, (12,)
    coords = {
        "weekday": ("weekday", np.arange(7), {"long_name": "day of week, 0 = Monday"}),
        "weekday_name": ("weekday", list(_WEEKDAY_NAMES)),
        "hour": ("hour", np.arange(24), hour_attrs),
    }
    return weekday * 24 + hour, coords, (7, 24)


def _bootstrap_means(
    sorted_values: np.ndarray,
    starts: np.ndarray,
    counts: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
    budget: int = 2**22,
) -> np.ndarray:
    """Bootstrap means (cells × n_boot) of contiguous cells, vectorised in memory-bounded blocks."""
    out = np.full((len(counts), n_boot), np.nan)
    cells = np.flatnonzero(counts > 0)
    cells = cells[np.argsort(counts[cells], kind="stable")]  # similar sizes share a block
    i = 0
    while i < len(cells):
        per_cell = max(1, budget // (n_boot * int(counts[cells[i]])))
        block = cells[i : i + per_cell]
        width = int(counts[block[-1]])  # the largest: cells are sorted by size
        if len(block) * width * n_boot > budget:
            block = block[: max(1, budget // (n_boot * width))]
            width = int(counts[block[-1]])
        boots_per_chunk = max(1, budget // max(1, len(block) * width))
        n = counts[block][:, None, None].astype(float)
        s = starts[block][:, None, None]
        k = np.arange(width)[None, None, :]
        for b0 in range(0, n_boot, boots_per_chunk):
            nb = min(boots_per_chunk, n_boot - b0)
            u = rng.random((len(block), nb, width))
            idx = s + (u * n).astype(np.int64)
            draws = np.where(k < n, sorted_values[np.minimum(idx, len(sorted_values) - 1)], 0.0)
            out[block, b0 : b0 + nb] = draws.sum(axis=-1) / n[:, :, 0]
        i += len(block)
    return out


def variation(
    da: xr.DataArray,
    by: str = "hour",
    ci: float = 0.95,
    method: str = "bootstrap",
    n_boot: int = 200,
    seed: int = 0,
    *,
    pooled: bool = False,
    normalise: bool = False,
) -> xr.Dataset:
    """Mean by hour of day, day of week, month or weekday × hour, with confidence intervals.

    openair ``timeVariation``: the mean of all valid values falling in each class (hour labels
    are beginnings of hours, so class 0 is 00:00–01:00, NIES "hour 1"; weekday 0 is Monday),
    per station or pooled over stations, and a confidence interval of that mean.

    Parameters
    ----------
    da : xarray.DataArray
        Values on ``(…, time)`` [any units], typically hourly ``(station, time)``.
    by : {"hour", "weekday", "month", "hour_weekday"}
    ci : float, default 0.95
        Confidence level of the interval (0–1).
    method : {"bootstrap", "t"}
        ``"bootstrap"``: percentile interval of ``n_boot`` bootstrap means (resampling the
        values of each class with replacement; openair's default ``B`` is 100). ``"t"``:
        mean ± t(1 − (1 − ci)/2, n − 1)·s/√n, assuming independent values.
    n_boot : int, default 200
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng` (results are reproducible).
    pooled : bool, default False
        Pool the values of all stations (all non-time dims) into one set per class.
    normalise : bool, default False
        Divide mean and limits by each station's overall mean (openair ``normalise``), unit 1.

    Returns
    -------
    xarray.Dataset
        ``mean``, ``lower``, ``upper`` [input units, or 1 if normalised] and ``n`` [count] on
        the non-time dims (unless pooled) plus ``hour`` / ``weekday`` / ``month``.

    Notes
    -----
    Hourly values are autocorrelated, so both intervals are narrower than an honest interval
    for "a typical day"; they describe sampling scatter, as in openair.

    References
    ----------
    .. [1] Carslaw & Ropkins (2012), openair ``timeVariation`` (bootstrap intervals, ``B``).
    .. [2] Efron, B. and Tibshirani, R. J. (1993) An Introduction to the Bootstrap, ch. 13
       (percentile interval). Chapman & Hall.
    """
    _check_dataarray(da)
    if by not in _BY:
        raise ValueError(f"by must be one of {', '.join(_BY)}, got {by!r}")
    if method not in ("bootstrap", "t"):
        raise ValueError(f"method must be 'bootstrap' or 't', got {method!r}")
    if not 0 < ci < 1:
        raise ValueError(f"ci must be a confidence level between 0 and 1, got {ci}")
    if method == "bootstrap" and (int(n_boot) != n_boot or n_boot < 10):
        raise ValueError(f"n_boot must be an integer ≥ 10, got {n_boot}")
    times = pd.DatetimeIndex(da["time"].values)
    keys, coords, shape = _group_keys(times, by)
    n_groups = int(np.prod(shape))
    other = [d for d in da.dims if d != "time"]
    values = da.transpose(*other, "time").values.astype(float).reshape(-1, len(times))
    if pooled:
        values = values.reshape(1, -1)
        keys = np.tile(keys, values.size // len(keys))
    n_series = values.shape[0]
    cell = (np.arange(n_series)[:, None] * n_groups + keys[None, :]).ravel()
    flat = values.ravel()
    good = ~np.isnan(flat)
    cell, flat = cell[good], flat[good]
    n_cells = n_series * n_groups
    n = np.bincount(cell, minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(cell, weights=flat, minlength=n_cells) / n
        if method == "t":
            ss = np.bincount(cell, weights=(flat - mean[cell]) ** 2, minlength=n_cells)
            sd = np.sqrt(ss / (n - 1))
            half = stats.t.ppf(0.5 + ci / 2, np.maximum(n - 1, 1)) * sd / np.sqrt(n)
            half = np.where(n >= 2, half, np.nan)
            lower, upper = mean - half, mean + half
        else:
            order = np.argsort(cell, kind="stable")
            starts = np.concatenate([[0], np.cumsum(n)[:-1]])
            boots = _bootstrap_means(
                flat[order], starts, n, int(n_boot), np.random.default_rng(seed)
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                lower, upper = np.nanquantile(boots, [0.5 - ci / 2, 0.5 + ci / 2], axis=1)
            lower = np.where(n >= 2, lower, np.nan)
            upper = np.where(n >= 2, upper, np.nan)
    units = da.attrs.get("units")
    if normalise:
        with np.errstate(invalid="ignore", divide="ignore"):
            overall = np.nansum(values, axis=1) / np.sum(~np.isnan(values), axis=1)
        scale = np.repeat(overall, n_groups)
        mean, lower, upper = mean / scale, lower / scale, upper / scale
        units = "1"

    if pooled:
        lead_dims, lead_coords, lead_shape = (), {}, ()
    else:
        template = _template(da)
        lead_dims, lead_shape = template.dims, template.shape
        lead_coords = dict(template.coords.items())
    group_dims = tuple(c for c in ("weekday", "month", "hour") if c in coords)
    full_shape = (*lead_shape, *shape)

    def wrap(a, **attrs):
        return xr.DataArray(
            a.reshape(full_shape),
            dims=(*lead_dims, *group_dims),
            coords={**lead_coords, **coords},
            attrs=attrs,
        )

    uattrs = {"units": units} if units is not None else {}
    out = xr.Dataset(
        {
            "mean": wrap(mean, **uattrs, long_name=f"mean by {by}"),
            "lower": wrap(lower, **uattrs, long_name=f"lower {ci:.0%} confidence limit"),
            "upper": wrap(upper, **uattrs, long_name=f"upper {ci:.0%} confidence limit"),
            "n": wrap(n.astype(int), units="count"),
        }
    )
    out.attrs.update(
        {
            "variable": _name(da),
            "long_name": da.attrs.get("long_name", _name(da)),
            "by": by,
            "ci": ci,
            "method": method,
            "n_boot": int(n_boot) if method == "bootstrap" else 0,
            "seed": seed,
            "pooled": pooled,
            "normalised": normalise,
            "hour_label": "beginning of the hour (0 = 00:00-01:00 = NIES hour 1)",
            "n_missing_values": int((~good).sum()),
        }
    )
    return out


def calendar_matrix(
    da: xr.DataArray,
    year: int,
    *,
    data_threshold: float = 0.75,
    fiscal_year: bool = False,
    first_weekday: int = 0,
    step: str = "1h",
) -> xr.Dataset:
    """Daily means laid out as calendar pages (openair ``calendarPlot``) for one station.

    Parameters
    ----------
    da : xarray.DataArray
        Hourly values of **one** station: dims ``(time,)`` or a ``station`` dim of length 1.
    year : int
        Calendar year, or the fiscal year (April ``year`` – March ``year + 1``) if
        ``fiscal_year``.
    data_threshold : float, default 0.75
        Capture needed for a daily mean (use 20/24 for the Japanese 有効測定日 rule).
    fiscal_year : bool, default False
    first_weekday : int, default 0
        Weekday of the first column: 0 = Monday (ISO 8601) … 6 = Sunday (Japanese wall
        calendars).
    step : str, default "1h"
        Native interval of the data (``"1D"`` if ``da`` already holds daily means).

    Returns
    -------
    xarray.Dataset
        On dims ``(month, week, weekday)`` (12 × 6 × 7): ``<name>`` daily means [input units],
        ``capture_fraction``, ``day`` (day of month; 0 where the cell is not a date) and
        ``date``. Coordinates ``month`` (1–12 in page order), ``calendar_year`` per page,
        ``weekday`` (0 = Monday) and ``weekday_name`` in column order.

    References
    ----------
    .. [1] Carslaw & Ropkins (2012), openair ``calendarPlot``.
    """
    _check_dataarray(da)
    if "station" in da.dims:
        if da.sizes["station"] != 1:
            raise ValueError(
                f"calendar_matrix shows one station; da has {da.sizes['station']} — select one, "
                "e.g. da.sel(station='14131530')"
            )
        da = da.isel(station=0)
    if da.ndim != 1:
        raise ValueError(f"calendar_matrix needs a (time,) series, got dims {da.dims}")
    first_weekday = _check_min(first_weekday, 0, 6, "first_weekday")
    year = int(year)
    start = pd.Timestamp(year, 4 if fiscal_year else 1, 1)
    end = pd.Timestamp(year + 1, 4 if fiscal_year else 1, 1)
    sel = da.sel(time=slice(start, end - pd.Timedelta("1ns")))
    if sel.sizes["time"] == 0:
        raise ValueError(
            f"da has no data in {'FY' if fiscal_year else ''}{year} "
            f"({start:%Y-%m-%d} to {end:%Y-%m-%d}); data span "
            f"{pd.Timestamp(da.time.values[0])} to {pd.Timestamp(da.time.values[-1])}"
        )
    daily = time_average(sel, "D", data_threshold=data_threshold, start=start, end=end, step=step)
    days = pd.DatetimeIndex(daily["time"].values)
    name = _name(da)
    month_order = np.roll(np.arange(1, 13), -3) if fiscal_year else np.arange(1, 13)
    page = (days.month.to_numpy() - month_order[0]) % 12
    col = (days.day_of_week.to_numpy() - first_weekday) % 7
    first_col = (days.to_period("M").start_time.day_of_week.to_numpy() - first_weekday) % 7
    row = (days.day.to_numpy() - 1 + first_col) // 7
    shape = (12, 6, 7)
    value = np.full(shape, np.nan)
    capture = np.full(shape, np.nan)
    day = np.zeros(shape, dtype=int)
    date = np.full(shape, np.datetime64("NaT"), dtype="datetime64[ns]")
    value[page, row, col] = daily[name].values
    capture[page, row, col] = daily["capture_fraction"].values
    day[page, row, col] = days.day
    date[page, row, col] = days.values.astype("datetime64[ns]")
    weekdays = (np.arange(7) + first_weekday) % 7
    coords = {
        "month": ("month", month_order),
        "calendar_year": ("month", np.where(month_order >= start.month, year, year + 1)),
        "week": ("week", np.arange(6)),
        "weekday": ("weekday", weekdays),
        "weekday_name": ("weekday", [_WEEKDAY_NAMES[i] for i in weekdays]),
    }
    dims = ("month", "week", "weekday")
    out = xr.Dataset(
        {
            name: (dims, value, {k: v for k, v in daily[name].attrs.items()}),
            "capture_fraction": (dims, capture, {"units": "1"}),
            "day": (dims, day, {"long_name": "day of month (0 = no date)"}),
            "date": (dims, date),
        },
        coords=coords,
    )
    for key in ("station", "name", "name_ja"):
        if key in da.coords and da.coords[key].ndim == 0:
            out.attrs[key] = str(da.coords[key].values)
    out.attrs.update(
        {
            "variable": name,
            "year": year,
            "fiscal_year": fiscal_year,
            "data_threshold": daily.attrs["data_threshold"],
            "n_days_below_threshold": daily.attrs["n_periods_below_threshold"],
        }
    )
    return out


# --------------------------------------------------------------------------------------------
# Mann–Kendall and Theil–Sen


@dataclass(frozen=True)
class MannKendallResult:
    """Mann–Kendall trend test (two-sided) of one series."""

    s: float  #: Kendall's S = Σ_{i<j} sign(x_j − x_i)
    var_s: float  #: variance of S (tie-corrected, and autocorrelation-corrected if asked)
    z: float  #: continuity-corrected standard normal score
    p: float  #: two-sided p-value
    tau: float  #: Kendall's tau = S / (n(n − 1)/2)
    n: int  #: number of valid values
    trend: str  #: "increasing", "decreasing" or "no trend" at level alpha
    correction: str  #: "none", "hamed_rao" or "yue_wang"


def _acf(x: np.ndarray, nlags: int) -> np.ndarray:
    y = x - x.mean()
    n = len(x)
    acov = np.correlate(y, y, "full")[n - 1 :] / n
    return acov[: nlags + 1] / acov[0]


def mann_kendall(
    values: Any,
    *,
    alpha: float = 0.05,
    correction: str | None = None,
    lag: int | None = None,
) -> MannKendallResult:
    """Mann–Kendall test for a monotonic trend, with tie correction and optional
    autocorrelation corrections (Hamed & Rao 1998, Yue & Wang 2004).

    Parameters
    ----------
    values : array-like
        The series in time order (equally spaced; NaN values are dropped, as pyMannKendall does).
    alpha : float, default 0.05
        Significance level of the ``trend`` verdict (two-sided).
    correction : {None, "hamed_rao", "yue_wang"}
        Variance correction for serial correlation. Both detrend with Sen's slope per time step
        first. ``"hamed_rao"``: n/n* = 1 + 2/(n(n−1)(n−2)) Σ (n−i)(n−i−1)(n−i−2) ρ_i over the
        lags whose rank autocorrelation ρ_i is significant at ``alpha``. ``"yue_wang"``:
        n/n* = 1 + 2 Σ (1 − i/n) ρ_i of the detrended values.
    lag : int, optional
        Number of lags considered by a correction (default all, n − 1).

    Returns
    -------
    MannKendallResult

    Notes
    -----
    S = Σ_{i<j} sign(x_j − x_i); Var(S) = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)]/18 over tie groups
    of size t; Z = (S − 1)/√Var(S) if S > 0, (S + 1)/√Var(S) if S < 0, else 0; p = 2·(1 − Φ(|Z|)).
    Matches ``pymannkendall.original_test``, ``hamed_rao_modification_test`` and
    ``yue_wang_modification_test`` (1.4) on series without NaN. With NaN, this function
    detrends on the true time positions, pyMannKendall on the compacted index.

    References
    ----------
    .. [1] Mann, H. B. (1945) Nonparametric tests against trend. Econometrica 13, 245–259.
    .. [2] Kendall, M. G. (1975) Rank Correlation Methods, 4th ed. Griffin, London.
    .. [3] Gilbert, R. O. (1987) Statistical Methods for Environmental Pollution Monitoring,
       ch. 16. Van Nostrand Reinhold.
    .. [4] Hamed, K. H. and Rao, A. R. (1998) A modified Mann-Kendall trend test for
       autocorrelated data. J. Hydrol. 204, 182–196.
       https://doi.org/10.1016/S0022-1694(97)00125-X
    .. [5] Yue, S. and Wang, C. Y. (2004) The Mann-Kendall test modified by effective sample
       size to detect trend in serially correlated hydrological series. Water Resour. Manage.
       18, 201–218. https://doi.org/10.1023/B:WARM.0000043140.61082.60
    .. [6] Hussain, M. and Mahmud, I. (2019) pyMannKendall. JOSS 4(39), 1556.
       https://doi.org/10.21105/joss.01556
    """
    if correction not in (None, "none", "hamed_rao", "yue_wang"):
        raise ValueError(f"correction must be None, 'hamed_rao' or 'yue_wang', got {correction!r}")
    x_all = np.asarray(values, dtype=float)
    if x_all.ndim != 1:
        raise ValueError(f"mann_kendall needs a 1-D series, got shape {x_all.shape}")
    position = np.flatnonzero(~np.isnan(x_all))
    x = x_all[position]
    n = len(x)
    if n < 3:
        raise ValueError(f"mann_kendall needs at least 3 valid values, got {n}")
    _, ties = np.unique(x, return_counts=True)
    if n <= 3000:  # exact pairwise signs
        s = float(np.triu(np.sign(x[None, :] - x[:, None]), k=1).sum())
    else:  # O(n log n): S = P - Q = tau_b · sqrt(n0 (n0 - n_x)), times untied
        n0 = n * (n - 1) / 2
        n_x = np.sum(ties * (ties - 1) / 2)
        tau_b = stats.kendalltau(np.arange(n), x).statistic
        s = float(np.round(tau_b * np.sqrt(n0 * (n0 - n_x))))
    var_s = (n * (n - 1) * (2 * n + 5) - np.sum(ties * (ties - 1) * (2 * ties + 5))) / 18.0
    tau = s / (0.5 * n * (n - 1))
    label = "none" if correction in (None, "none") else correction
    if label != "none":
        nlag = n - 1 if lag is None else min(int(lag), n - 1)
        slope = stats.theilslopes(x, position).slope
        # 1-based positions as pyMannKendall: ranks of ties then agree to the last bit
        detrended = x - (position + 1) * slope
        i = np.arange(1, nlag + 1)
        if label == "hamed_rao":
            rho = _acf(stats.rankdata(detrended), nlag)[1:]
            bound = stats.norm.ppf(1 - alpha / 2) / np.sqrt(n)
            rho = np.where(np.abs(rho) > bound, rho, 0.0)
            factor = 1 + 2 / (n * (n - 1) * (n - 2)) * np.sum(
                (n - i) * (n - i - 1) * (n - i - 2) * rho
            )
        else:
            rho = _acf(detrended, nlag)[1:]
            factor = 1 + 2 * np.sum((1 - i / n) * rho)
        var_s = var_s * factor
    with np.errstate(invalid="ignore"):
        sd = np.sqrt(var_s)
        z = (s - np.sign(s)) / sd if s != 0 else 0.0
    p = float(2 * stats.norm.sf(abs(z))) if np.isfinite(z) else np.nan
    significant = np.isfinite(z) and abs(z) > stats.norm.ppf(1 - alpha / 2)
    trend = ("increasing" if z > 0 else "decreasing") if significant else "no trend"
    return MannKendallResult(
        s=s,
        var_s=float(var_s),
        z=float(z),
        p=p,
        tau=float(tau),
        n=n,
        trend=trend,
        correction=label,
    )


def _deseasonalise(y: np.ndarray, months: np.ndarray, x: np.ndarray, method: str, n_harm: int):
    """Remove the seasonal cycle from one monthly series (NaN kept), keeping its level."""
    good = ~np.isnan(y)
    if method == "climatology":
        clim = np.full(13, np.nan)
        sums = np.bincount(months[good], weights=y[good], minlength=13)
        counts = np.bincount(months[good], minlength=13)
        with np.errstate(invalid="ignore", divide="ignore"):
            clim = sums / counts
        anomaly = y - clim[months]
        return anomaly + np.nanmean(clim[counts > 0])
    # harmonic: least-squares y = a + b·x + Σ_k c_k cos(2πkx) + s_k sin(2πkx); remove the Σ
    k = np.arange(1, n_harm + 1)
    harmonics = np.concatenate(
        [np.cos(2 * np.pi * np.outer(x, k)), np.sin(2 * np.pi * np.outer(x, k))], axis=1
    )
    design = np.column_stack([np.ones_like(x), x, harmonics])
    coef, *_ = np.linalg.lstsq(design[good], y[good], rcond=None)
    return y - harmonics @ coef[2:]


def _round_noise(y: np.ndarray, digits: int = 10) -> np.ndarray:
    """Round to ``digits`` significant digits of the largest |y|, so that float noise from
    arithmetic (1e-18 differences) does not decide Mann–Kendall signs or ties."""
    scale = np.nanmax(np.abs(y)) if np.any(np.isfinite(y)) else 0.0
    if not np.isfinite(scale) or scale == 0:
        return y
    return np.round(y, digits - int(np.ceil(np.log10(scale))))


def _stars(p: float) -> str:
    if not np.isfinite(p):
        return ""
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else "+" if p < 0.1 else ""


_TS_SCALARS = (
    "slope",
    "slope_lower",
    "slope_upper",
    "intercept",
    "intercept_lower",
    "intercept_upper",
    "slope_percent",
    "slope_percent_lower",
    "slope_percent_upper",
    "mk_s",
    "mk_var_s",
    "mk_z",
    "mk_p",
    "mk_tau",
    "n_periods",
)


def theil_sen(
    da: xr.DataArray,
    *,
    deseasonalise: bool | str = False,
    period: str = "month",
    alpha: float = 0.05,
    data_threshold: float = 0.75,
    correction: str | None = None,
    n_harmonics: int = 2,
    min_periods: int = 6,
    step: str = "1h",
) -> xr.Dataset:
    """Theil–Sen trend of monthly (or yearly) means with a Mann–Kendall test (openair TheilSen).

    1. Capture-aware means per ``period`` (:func:`time_average`, full-calendar capture).
    2. Optionally remove the seasonal cycle (monthly means only; STL is not available here):
       ``"climatology"`` (or ``True``) subtracts each calendar month's mean over the record and
       adds back the mean of the 12 (anomalies keep the series' level; a month missing from the
       record has no climatology and its anomalies stay NaN); ``"harmonic"`` fits intercept +
       linear trend + ``n_harmonics`` annual harmonics by least squares and subtracts the
       harmonic part only (robust to uneven gaps between months).
       The series used for the trend is rounded to 10 significant digits of its largest value,
       so float noise (a mean of 744 × 0.02 is not exactly 0.02; domain notes) cannot create
       Mann–Kendall signs between equal values.
    3. Theil–Sen slope (median of pairwise slopes) against time in years (x = days since the
       first period start ÷ 365.25; openair uses days ÷ 365, 0.07 % different) and its
       ``1 − alpha`` confidence interval from :func:`scipy.stats.theilslopes` (Sen 1968).
       Intercepts follow Conover: median(y) − slope·median(x), so ``intercept`` is the trend
       line's value at the first period.
    4. Percent per year as openair: 100·(C_end/C_start − 1)/duration of the trend line, which
       for a straight line equals 100·slope/C_start (C_start = line value at the first
       period; the limits use their own slope and intercept).
    5. Significance: the **Mann–Kendall** test (:func:`mann_kendall`; optional
       ``correction="hamed_rao"`` / ``"yue_wang"`` for autocorrelation). openair's p-value is a
       block-bootstrap of the Theil–Sen slope instead, so the two can differ for autocorrelated
       series.

    Parameters
    ----------
    da : xarray.DataArray
        Hourly values on ``(…, time)`` [any units].
    deseasonalise : bool or {"climatology", "harmonic"}, default False
    period : {"month", "year", "fiscal_year"}, default "month"
    alpha : float, default 0.05
        1 − confidence level of the slope interval and the MK verdict.
    data_threshold : float, default 0.75
        Capture needed for a period mean.
    correction : {None, "hamed_rao", "yue_wang"}
        Autocorrelation correction of the MK variance.
    n_harmonics : int, default 2
    min_periods : int, default 6
        Valid periods needed for a trend (openair: 6); otherwise the station's trend is NaN and
        counted in ``attrs["n_series_too_short"]``.
    step : str, default "1h"
        Native interval of the data (``"1D"`` for daily means).

    Returns
    -------
    xarray.Dataset
        Per station (the non-time dims): ``slope``, ``slope_lower``, ``slope_upper`` [units/yr],
        ``intercept*`` [units], ``slope_percent*`` [%/yr], ``mk_s``, ``mk_var_s``, ``mk_z``,
        ``mk_p``, ``mk_tau``, ``n_periods``, ``stars`` (openair's p notation: *** < 0.001, **
        < 0.01, * < 0.05, + < 0.1); and on ``time`` (period starts): ``series`` (the period
        means), ``series_used`` (deseasonalised if asked) and ``capture_fraction``; coordinate
        ``x_years`` [yr] on ``time``.

    References
    ----------
    .. [1] Theil, H. (1950) A rank-invariant method of linear and polynomial regression
       analysis. Proc. KNAW 53, 386–392, 521–525, 1397–1412.
    .. [2] Sen, P. K. (1968) Estimates of the regression coefficient based on Kendall's tau.
       JASA 63, 1379–1389. https://doi.org/10.1080/01621459.1968.10480934
    .. [3] Carslaw & Ropkins (2012), openair ``TheilSen`` (R/TheilSen.R: percent change and
       block-bootstrap p).
    .. [4] Hirsch, R. M., Slack, J. R. and Smith, R. A. (1982) Techniques of trend analysis for
       monthly water quality data. Water Resour. Res. 18(1), 107–121 (monthly anomalies).
    .. [5] Weatherhead, E. C. et al. (1998) Factors affecting the detection of trends.
       J. Geophys. Res. 103(D14), 17149–17161 (trend + harmonic seasonal model).
    """
    _check_dataarray(da)
    if period not in ("month", "year", "fiscal_year"):
        raise ValueError(f"period must be 'month', 'year' or 'fiscal_year', got {period!r}")
    method = "climatology" if deseasonalise is True else deseasonalise or None
    if method not in (None, "climatology", "harmonic"):
        raise ValueError(
            f"deseasonalise must be False, True, 'climatology' or 'harmonic', got {deseasonalise!r}"
        )
    if method and period != "month":
        raise ValueError("deseasonalise needs period='month' (annual means have no season)")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    means = time_average(da, period, data_threshold=data_threshold, step=step)
    name = _name(da)
    times = pd.DatetimeIndex(means["time"].values)
    x = ((times - times[0]) / pd.Timedelta("1D")).to_numpy() / 365.25
    months = times.month.to_numpy()
    other = [d for d in da.dims if d != "time"]
    series = means[name].transpose(*other, "time").values
    flat = series.reshape(-1, len(times))
    used = np.empty_like(flat)
    results = {k: np.full(flat.shape[0], np.nan) for k in _TS_SCALARS}
    too_short = 0
    for i, y in enumerate(flat):  # one robust fit per station (not per hour)
        used[i] = _round_noise(_deseasonalise(y, months, x, method, n_harmonics) if method else y)
        good = ~np.isnan(used[i])
        if good.sum() < max(min_periods, 3):
            too_short += 1
            continue
        yy, xx = used[i][good], x[good]
        fit = stats.theilslopes(yy, xx, alpha=1 - alpha)
        mk = mann_kendall(used[i], alpha=alpha, correction=correction)
        ymed, xmed = np.median(yy), np.median(xx)
        row = {
            "slope": fit.slope,
            "slope_lower": fit.low_slope,
            "slope_upper": fit.high_slope,
            "intercept": fit.intercept,
            "intercept_lower": ymed - fit.low_slope * xmed,
            "intercept_upper": ymed - fit.high_slope * xmed,
            "mk_s": mk.s,
            "mk_var_s": mk.var_s,
            "mk_z": mk.z,
            "mk_p": mk.p,
            "mk_tau": mk.tau,
            "n_periods": good.sum(),
        }
        with np.errstate(invalid="ignore", divide="ignore"):
            row["slope_percent"] = 100 * row["slope"] / row["intercept"]
            row["slope_percent_lower"] = 100 * row["slope_lower"] / row["intercept_lower"]
            row["slope_percent_upper"] = 100 * row["slope_upper"] / row["intercept_upper"]
        for k, v in row.items():
            results[k][i] = v

    template = _template(da)
    lead_shape = template.shape
    units = da.attrs.get("units")
    u = {"units": units} if units else {}
    per_year = {"units": f"{units} yr-1"} if units else {}
    attrs_of = {
        "slope": {**per_year, "long_name": "Theil-Sen slope"},
        "slope_lower": {**per_year, "long_name": f"lower {1 - alpha:.0%} limit of the slope"},
        "slope_upper": {**per_year, "long_name": f"upper {1 - alpha:.0%} limit of the slope"},
        "intercept": {**u, "long_name": "trend line at the first period (Conover)"},
        "intercept_lower": u,
        "intercept_upper": u,
        "slope_percent": {"units": "% yr-1", "long_name": "slope / trend value at start"},
        "slope_percent_lower": {"units": "% yr-1"},
        "slope_percent_upper": {"units": "% yr-1"},
        "mk_s": {"long_name": "Mann-Kendall S"},
        "mk_var_s": {"long_name": "variance of S"},
        "mk_z": {"long_name": "Mann-Kendall Z"},
        "mk_p": {"long_name": "Mann-Kendall two-sided p-value (not openair's bootstrap p)"},
        "mk_tau": {"long_name": "Kendall tau"},
        "n_periods": {"units": "count"},
    }
    data_vars = {
        k: _wrap(v.reshape(lead_shape), template, (), {}, **attrs_of[k]) for k, v in results.items()
    }
    stars_arr = np.array([_stars(p) for p in results["mk_p"]], dtype=object)
    data_vars["stars"] = _wrap(stars_arr.reshape(lead_shape), template, (), {})
    tc = {"time": times, "x_years": ("time", x, {"units": "yr"})}
    data_vars["series"] = _wrap(series, template, ("time",), tc, **u)
    data_vars["series_used"] = _wrap(used.reshape(series.shape), template, ("time",), tc, **u)
    data_vars["capture_fraction"] = means["capture_fraction"]
    out = xr.Dataset(data_vars)
    out.attrs.update(
        {
            "variable": name,
            "long_name": da.attrs.get("long_name", name),
            "period": period,
            "deseasonalise": method or "none",
            "alpha": alpha,
            "data_threshold": means.attrs["data_threshold"],
            "significance": "Mann-Kendall"
            + (f" ({correction} correction)" if correction else " (no autocorrelation correction)"),
            "n_periods_below_threshold": means.attrs["n_periods_below_threshold"],
            "n_series_too_short": too_short,
        }
    )
    return out


# --------------------------------------------------------------------------------------------
# pollution roses and polar summaries


def _as_array(x: Any, name: str) -> np.ndarray:
    if isinstance(x, xr.Dataset):
        raise ValueError(f"{name} is a Dataset; pass one variable, e.g. ds['{name}']")
    arr = np.asarray(x.values if hasattr(x, "values") else x, dtype=float)
    return arr


def _paired(**inputs: Any) -> dict[str, np.ndarray]:
    """Flatten paired inputs after checking they match in shape (and coordinates if labelled)."""
    items = {k: v for k, v in inputs.items() if v is not None}
    labelled = {k: v for k, v in items.items() if isinstance(v, xr.DataArray)}
    if len(labelled) > 1:
        names = list(labelled)
        ref = labelled[names[0]]
        for k in names[1:]:
            other = labelled[k]
            if set(other.dims) != set(ref.dims):
                raise ValueError(f"{k} has dims {other.dims} but {names[0]} has {ref.dims}")
            for d in ref.dims:
                if not ref[d].to_index().equals(other[d].to_index()):
                    raise ValueError(
                        f"{names[0]} and {k} are not aligned on {d!r}; align them first, e.g. "
                        "xr.align(conc, wind_dir, join='inner')"
                    )
            labelled[k] = other.transpose(*ref.dims)
        items.update(labelled)
    arrays = {k: _as_array(v, k) for k, v in items.items()}
    shapes = {k: a.shape for k, a in arrays.items()}
    if len(set(shapes.values())) > 1:
        raise ValueError(f"inputs differ in shape: {shapes}; pass values paired in time")
    return {k: a.ravel() for k, a in arrays.items()}


def sector_index(wind_dir: Any, n_sectors: int = 16) -> np.ndarray:
    """Direction sector of each wind direction, sectors centred on north.

    Sector ``k`` (``k = 0`` is N) covers ``[k·w − w/2, k·w + w/2)`` with ``w = 360/n_sectors``
    degrees: closed on the anticlockwise side, open on the clockwise side. So with 16 sectors
    N is [348.75°, 11.25°) and 11.25° is NNE; with 8 sectors 22.5° is NE. 0° and 360° are N.

    Parameters
    ----------
    wind_dir : array-like
        Direction the wind blows **from** [degrees clockwise from north, 0–360] (WMO-No. 8).
        NaN gives −1.
    n_sectors : int, default 16

    Returns
    -------
    numpy.ndarray of int
    """
    wd = np.asarray(wind_dir, dtype=float)
    _check_directions(wd, "wind_dir")
    width = 360.0 / n_sectors
    with np.errstate(invalid="ignore"):
        k = np.floor(np.mod(wd + width / 2, 360.0) / width)
    k = np.where(np.isnan(k), -1, np.minimum(k, n_sectors - 1))
    return k.astype(int)


def _check_directions(wd: np.ndarray, name: str) -> None:
    bad = np.isfinite(wd) & ((wd < 0) | (wd > 360)) | np.isinf(wd)
    if bad.any():
        first = wd[bad].ravel()[0]
        raise ValueError(
            f"{name} has {int(bad.sum())} value(s) outside 0–360 degrees (first: {first}); "
            "wind direction is degrees clockwise from north the wind blows from"
        )


def _sector_coords(n_sectors: int) -> dict:
    width = 360.0 / n_sectors
    centre = np.arange(n_sectors) * width
    if n_sectors in (4, 8, 16):
        names = [_SIXTEEN_POINTS[i * (16 // n_sectors)] for i in range(n_sectors)]
    else:
        names = [f"{c:g}°" for c in centre]
    return {
        "sector": ("sector", np.arange(n_sectors)),
        "direction_deg": ("sector", centre, {"units": "degree", "long_name": "sector centre"}),
        "sector_name": ("sector", names),
        "lower_deg": ("sector", np.mod(centre - width / 2, 360.0), {"units": "degree"}),
        "upper_deg": ("sector", centre + width / 2, {"units": "degree"}),
    }


def _nice_edges(values: np.ndarray, n_bins: int) -> np.ndarray:
    """About ``n_bins`` equal classes with round edges (1, 2, 2.5, 5 × 10^k) covering values."""
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi <= lo:
        hi = lo + (abs(lo) if lo else 1.0)
    raw = (hi - lo) / n_bins
    mag = 10 ** np.floor(np.log10(raw))
    step = mag * min(m for m in (1, 2, 2.5, 5, 10) if m * mag >= raw * (1 - 1e-12))
    start = np.floor(lo / step) * step
    edges = start + step * np.arange(int(np.ceil((hi - start) / step - 1e-9)) + 1)
    if edges[-1] < hi:
        edges = np.append(edges, edges[-1] + step)
    return np.round(edges, 12)


def _class_index(values: np.ndarray, edges: np.ndarray, name: str) -> np.ndarray:
    """Class of each value: [e_i, e_{i+1}), the last class closed on the right."""
    edges = np.asarray(edges, dtype=float)
    if edges.ndim != 1 or len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError(f"bins for {name} must be ≥ 2 increasing edges, got {edges}")
    outside = (values < edges[0]) | (values > edges[-1])
    if outside.any():
        raise ValueError(
            f"{int(outside.sum())} {name} value(s) lie outside the class edges "
            f"[{edges[0]:g}, {edges[-1]:g}] (first {values[outside][0]:g}); widen bins "
            "(np.inf is allowed as the last edge)"
        )
    idx = np.searchsorted(edges, values, side="right") - 1
    return np.minimum(idx, len(edges) - 2)


def pollution_rose(
    conc: Any,
    wind_dir: Any,
    wind_speed: Any = None,
    *,
    bins: int | Any = 6,
    n_sectors: int = 16,
    classes: str = "concentration",
    calm_below_m_s: float | None = None,
) -> xr.Dataset:
    """Frequency of concentration (or wind-speed) classes by wind-direction sector.

    openair ``pollutionRose`` / ``windRose`` as a table. Observations are (conc, wind_dir
    [, wind_speed]) triples at the same times; any NaN drops the triple (counted). Sectors are
    centred on N with half-open boundaries, see :func:`sector_index` (16 sectors: N is
    [348.75°, 11.25°); 11.25° is NNE).

    Parameters
    ----------
    conc : array-like or xarray.DataArray
        Concentrations [units of the pollutant].
    wind_dir : array-like or xarray.DataArray
        Wind direction the wind blows from [degrees clockwise from north, 0–360].
    wind_speed : array-like or xarray.DataArray, optional
        Wind speed [m s-1]; needed for ``classes="wind_speed"`` and calms.
    bins : int or sequence, default 6
        Number of round-edged classes spanning the data, or the class edges (``[e_i, e_i+1)``,
        last class closed; ``np.inf`` allowed as the last edge).
    n_sectors : int, default 16
    classes : {"concentration", "wind_speed"}
        Variable that defines the classes (a pollution rose or a wind rose).
    calm_below_m_s : float, optional
        Observations with wind speed below this [m s-1] are calms: counted apart, not in any
        sector (openair ``windRose`` counts ws = 0 as calm). None: no calm class.

    Returns
    -------
    xarray.Dataset
        Dims ``(sector, class)``: ``count``, ``frequency`` [1] (of all valid observations,
        calms included, so frequencies + ``calm_fraction`` = 1); per sector ``frequency_sector``,
        ``mean_concentration`` and ``concentration_share`` [1] (Σ conc in the sector ÷ Σ conc
        of all valid observations; openair ``statistic="prop.mean"``). Coordinates give sector
        centres/boundaries/names and class edges. ``attrs`` count ``n_valid``, ``n_missing``,
        ``n_calm``.

    References
    ----------
    .. [1] Carslaw & Ropkins (2012), openair ``pollutionRose``/``windRose``.
    .. [2] WMO (2018) Guide to Instruments and Methods of Observation (WMO-No. 8), vol. I,
       ch. 5: wind direction is the direction from which the wind blows, clockwise from north.
    """
    if classes not in ("concentration", "wind_speed"):
        raise ValueError(f"classes must be 'concentration' or 'wind_speed', got {classes!r}")
    if classes == "wind_speed" and wind_speed is None:
        raise ValueError("classes='wind_speed' needs wind_speed")
    if calm_below_m_s is not None and wind_speed is None:
        raise ValueError("calm_below_m_s needs wind_speed")
    n_sectors = _check_min(n_sectors, 4, 360, "n_sectors")
    units = conc.attrs.get("units") if isinstance(conc, xr.DataArray) else None
    arr = _paired(conc=conc, wind_dir=wind_dir, wind_speed=wind_speed)
    c, wd = arr["conc"], arr["wind_dir"]
    ws = arr.get("wind_speed")
    _check_directions(wd, "wind_dir")
    missing = np.isnan(c) | np.isnan(wd)
    if ws is not None:
        if np.any(ws[~np.isnan(ws)] < 0):
            raise ValueError(f"wind_speed has {int(np.sum(ws < 0))} negative value(s) [m s-1]")
        missing |= np.isnan(ws)
    c, wd = c[~missing], wd[~missing]
    ws = ws[~missing] if ws is not None else None
    if len(c) == 0:
        raise ValueError("no valid (conc, wind_dir[, wind_speed]) observations")
    calm = ws < calm_below_m_s if calm_below_m_s is not None else np.zeros(len(c), bool)
    class_values = c if classes == "concentration" else ws
    edges = (
        _nice_edges(class_values, int(bins))
        if np.ndim(bins) == 0
        else np.asarray(bins, dtype=float)
    )
    cls = _class_index(class_values, edges, classes)
    sec = sector_index(wd, n_sectors)
    n_classes = len(edges) - 1
    keep = ~calm
    cell = sec[keep] * n_classes + cls[keep]
    count = np.bincount(cell, minlength=n_sectors * n_classes).reshape(n_sectors, n_classes)
    total = len(c)
    sec_count = count.sum(axis=1)
    sec_sum = np.bincount(sec[keep], weights=c[keep], minlength=n_sectors)
    with np.errstate(invalid="ignore", divide="ignore"):
        sec_mean = sec_sum / sec_count
        share = sec_sum / c.sum()
    class_units = units if classes == "concentration" else "m s-1"
    labels = [
        f"{lo:g}–{hi:g}" if np.isfinite(hi) else f"≥ {lo:g}"
        for lo, hi in zip(edges[:-1], edges[1:], strict=True)
    ]
    coords = {
        **_sector_coords(n_sectors),
        "class": ("class", np.arange(n_classes)),
        "class_lower": ("class", edges[:-1], {"units": class_units} if class_units else {}),
        "class_upper": ("class", edges[1:], {"units": class_units} if class_units else {}),
        "class_label": ("class", labels),
    }
    cu = {"units": units} if units else {}
    out = xr.Dataset(
        {
            "count": (("sector", "class"), count, {"units": "count"}),
            "frequency": (("sector", "class"), count / total, {"units": "1"}),
            "frequency_sector": ("sector", sec_count / total, {"units": "1"}),
            "mean_concentration": ("sector", sec_mean, cu),
            "concentration_share": ("sector", share, {"units": "1"}),
        },
        coords=coords,
    )
    out.attrs.update(
        {
            "classes": classes,
            "class_units": class_units or "",
            "concentration_units": units or "",
            "n_sectors": n_sectors,
            "sector_rule": "sectors centred on N; [centre - w/2, centre + w/2), 360° = N",
            "n_valid": int(total),
            "n_missing": int(missing.sum()),
            "n_calm": int(calm.sum()),
            "calm_fraction": float(calm.sum() / total),
            "calm_below_m_s": calm_below_m_s if calm_below_m_s is not None else "none",
            "calm_mean_concentration": float(c[calm].mean()) if calm.any() else float("nan"),
        }
    )
    return out


def polar_summary(
    conc: Any,
    wind_dir: Any,
    wind_speed: Any,
    *,
    n_sectors: int = 36,
    speed_bins: Any = None,
    min_count: int = 1,
    smooth: bool = False,
    smooth_sigma: tuple[float, float] = (1.0, 1.0),
) -> xr.Dataset:
    """Mean concentration on a (wind direction × wind speed) grid (openair ``polarPlot``-like).

    Parameters
    ----------
    conc, wind_dir, wind_speed : array-like or xarray.DataArray
        Paired values: concentration [pollutant units], direction the wind blows from [degrees
        clockwise from north, 0–360], wind speed [m s-1].
    n_sectors : int, default 36
        Direction sectors (10° for 36), centred on N as in :func:`sector_index`.
    speed_bins : sequence, optional
        Wind-speed class edges [m s-1]; default 0, 1, 2, … up to the maximum speed.
    min_count : int, default 1
        Cells with fewer observations are NaN (counted in ``attrs["n_cells_masked"]``);
        openair's ``min.bin`` is 1 by default.
    smooth : bool, default False
        Add ``mean_smoothed``: a Gaussian kernel smoother of the cell means weighted by their
        counts (normalised convolution), wrapping around in direction and not beyond the speed
        edges. It stands in for openair's GAM surface (mgcv), which is not reproduced.
    smooth_sigma : (float, float), default (1, 1)
        Kernel standard deviations in cells (direction, speed).

    Returns
    -------
    xarray.Dataset
        Dims ``(sector, speed_class)``: ``mean`` [conc units], ``count``, optionally
        ``mean_smoothed``; coordinates ``direction_deg``, ``lower_deg``, ``upper_deg``,
        ``speed_lower``, ``speed_upper`` [m s-1].

    References
    ----------
    .. [1] Carslaw, D. C., Beevers, S. D., Ropkins, K. and Bell, M. C. (2006) Detecting and
       quantifying aircraft and other on-airport contributions to ambient nitrogen oxides in
       the vicinity of a large international airport. Atmos. Environ. 40, 5424–5434
       (bivariate polar plots). https://doi.org/10.1016/j.atmosenv.2006.04.062
    .. [2] Knutsson, H. and Westin, C.-F. (1993) Normalized and differential convolution.
       Proc. IEEE CVPR, 515–523.
    """
    if wind_speed is None:
        raise ValueError("polar_summary needs wind_speed [m s-1]")
    n_sectors = _check_min(n_sectors, 4, 360, "n_sectors")
    min_count = _check_min(min_count, 1, 10**9, "min_count")
    units = conc.attrs.get("units") if isinstance(conc, xr.DataArray) else None
    arr = _paired(conc=conc, wind_dir=wind_dir, wind_speed=wind_speed)
    c, wd, ws = arr["conc"], arr["wind_dir"], arr["wind_speed"]
    _check_directions(wd, "wind_dir")
    if np.any(ws[~np.isnan(ws)] < 0):
        raise ValueError(f"wind_speed has {int(np.sum(ws < 0))} negative value(s) [m s-1]")
    missing = np.isnan(c) | np.isnan(wd) | np.isnan(ws)
    c, wd, ws = c[~missing], wd[~missing], ws[~missing]
    if len(c) == 0:
        raise ValueError("no valid (conc, wind_dir, wind_speed) observations")
    if speed_bins is None:
        top = max(1.0, float(np.ceil(ws.max())))
        edges = np.arange(0.0, top + 0.5)
    else:
        edges = np.asarray(speed_bins, dtype=float)
    sp = _class_index(ws, edges, "wind_speed")
    sec = sector_index(wd, n_sectors)
    n_speed = len(edges) - 1
    cell = sec * n_speed + sp
    count = np.bincount(cell, minlength=n_sectors * n_speed).reshape(n_sectors, n_speed)
    total = np.bincount(cell, weights=c, minlength=n_sectors * n_speed).reshape(count.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count >= min_count, total / count, np.nan)
    cu = {"units": units} if units else {}
    coords = {
        **_sector_coords(n_sectors),
        "speed_class": ("speed_class", np.arange(n_speed)),
        "speed_lower": ("speed_class", edges[:-1], {"units": "m s-1"}),
        "speed_upper": ("speed_class", edges[1:], {"units": "m s-1"}),
    }
    data = {
        "mean": (("sector", "speed_class"), mean, cu),
        "count": (("sector", "speed_class"), count, {"units": "count"}),
    }
    if smooth:
        used = count >= min_count
        w = np.where(used, count, 0).astype(float)
        sums = np.where(used, total, 0.0)
        kw = {"sigma": smooth_sigma, "mode": ["wrap", "constant"], "cval": 0.0}
        num, den = ndimage.gaussian_filter(sums, **kw), ndimage.gaussian_filter(w, **kw)
        with np.errstate(invalid="ignore", divide="ignore"):
            data["mean_smoothed"] = (
                ("sector", "speed_class"),
                np.where(den > 1e-9 * max(den.max(), 1e-300), num / den, np.nan),
                {**cu, "method": f"normalised Gaussian convolution, sigma={smooth_sigma} cells"},
            )
    out = xr.Dataset(data, coords=coords)
    out.attrs.update(
        {
            "n_sectors": n_sectors,
            "sector_rule": "sectors centred on N; [centre - w/2, centre + w/2), 360° = N",
            "n_valid": int(len(c)),
            "n_missing": int(missing.sum()),
            "min_count": min_count,
            "n_cells_masked": int(np.sum((count > 0) & (count < min_count))),
            "concentration_units": units or "",
        }
    )
    return out
