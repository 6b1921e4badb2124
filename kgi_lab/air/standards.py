"""Air-quality standards as data, Japan's official evaluation, and other jurisdictions' limits.

The limits and rules live in ``datasets/air_standards.yaml`` (catalogued as ``air_standards``, loaded
through :func:`kgi_lab.datasets.load`, so its SHA-256 is checked); this module only computes.

Japan (環境基準の評価)
    :func:`evaluate_japan` reproduces the Ministry of the Environment's evaluation of one fiscal
    year (April–March) for SO2, NO2, CO, SPM, Ox and PM2.5: valid days (≥ 20 hourly values), the
    6,000-hour rule (not for Ox and PM2.5), the NO2 98 % value (日平均値の年間98%値), the 2 %
    exclusion value (年間2%除外値) with the two-consecutive-days clause for SO2/CO/SPM, the
    short-term checks (hourly, daily, CO 8-h blocks), PM2.5's annual mean and 98th percentile with
    ≥ 250 valid days, and Ox's daytime hours 05:00–20:00.
Other jurisdictions
    :func:`evaluate` judges the same hourly data against WHO 2021 (AQG and interim targets), China
    GB 3095-2012 grades I/II, EU 2024/2881, US NAAQS, India, Vietnam, Indonesia or (partly)
    Malaysia, converting ppm to µg/m³ with each jurisdiction's reference temperature.

Time convention: hourly values are labelled by the BEGINNING of their hour in naive local standard
time (:mod:`kgi_lab.air.schema`); Japanese documents stamp the END (the "6 o'clock value" covers
5:00–6:00), so Japanese stamp *h* is label *h − 1* here. Days run 00:00–24:00 local. Every
statistic is computed on the FULL calendar of the period: absent hours count as missing (unlike
openair's ``data.thresh``, which only sees the rows present).

Everything is vectorised over stations: the hourly values of the period are laid out as a
``(station, day, hour)`` array and reduced along its axes; there is no loop over hours or days.
"""

from __future__ import annotations

import copy
import math
import warnings
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from kgi_lab import units as _units
from kgi_lab.air.schema import POLLUTANTS, fiscal_year_bounds
from kgi_lab.air.schema import fiscal_year as _fiscal_year_of

__all__ = [
    "STANDARD_KEYS",
    "STATISTIC_IN_FORCE",
    "annual_mean",
    "daily_means",
    "eight_hour_block_means",
    "evaluate",
    "evaluate_japan",
    "exclusion_2pct_value",
    "limits",
    "rank_2pct_exclusion",
    "rank_98_percent",
    "round_half_up",
    "standards",
    "station_day_hour",
    "statistic_in_force",
    "value_98_percent",
]

#: The standards :func:`evaluate` knows (keys of ``datasets/air_standards.yaml``).
STANDARD_KEYS = (
    "JP",
    "WHO",
    "WHO-IT1",
    "WHO-IT2",
    "WHO-IT3",
    "WHO-IT4",
    "CN-I",
    "CN-II",
    "EU",
    "US",
    "IN",
    "IN-ES",
    "VN",
    "ID",
    "MY",
)

_HOUR_NS = 3_600_000_000_000
#: Relative tolerance of every comparison with a limit: float noise of means (e.g. the mean of
#: 24 × 0.1 is 0.10000000000000002) must not turn "equal to the standard" into "above it".
_REL_TOL = 1e-9
#: Molar-mass keys of :data:`kgi_lab.units.MOLAR_MASS_G_PER_MOL` by kgi_lab pollutant name.
_MOLAR_KEY = {"so2": "SO2", "no2": "NO2", "no": "NO", "co": "CO", "o3": "O3"}
_MIXING_IN_PPM = {"ppm": 1.0, "ppb": 1e-3}
_MASS_IN_UG_M3 = {"ug m-3": 1.0, "mg m-3": 1e3}
_UNIT_SLUG = {"ppm": "ppm", "ppb": "ppb", "ug m-3": "ug_m3", "mg m-3": "mg_m3"}


# ----------------------------------------------------------------------------------------------
# the standards file
# ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _standards_cached() -> dict:
    from kgi_lab.datasets import load

    return load("air_standards")


def standards() -> dict:
    """The parsed ``air_standards`` dataset (a copy): ``sources`` and ``jurisdictions``.

    Each jurisdiction has ``name``, ``period`` (``fiscal_year`` or ``calendar_year``),
    ``reference_temperature_c`` (``None`` where none was found), ``limits`` (pollutant,
    averaging, statistic, value, units, source, quality …) and ``missing`` (what was not found).

    References
    ----------
    See ``datasets/air_standards.yaml``: every limit names its source there.
    """
    return copy.deepcopy(_standards_cached())


def _standard_key(standard: str) -> str:
    wanted = str(standard).strip().upper()
    aliases = {
        "WHO-AQG": "WHO",
        "AQG": "WHO",
        "JAPAN": "JP",
        "CHINA-I": "CN-I",
        "CHINA-II": "CN-II",
    }
    wanted = aliases.get(wanted, wanted)
    known = _standards_cached()["jurisdictions"]
    if wanted not in known:
        raise ValueError(f"unknown standard '{standard}'; known standards: {', '.join(known)}")
    return wanted


def _jurisdiction(standard: str) -> dict:
    return _standards_cached()["jurisdictions"][_standard_key(standard)]


def limits(standard: str, pollutant: str | None = None) -> pd.DataFrame:
    """The limits of one standard as a table (one row per limit), e.g. ``limits("WHO", "pm25")``.

    Columns: pollutant, averaging, statistic, value, units, the statistic's parameters
    (percentile, n, allowed_exceedances), evaluation (Japan), statistic_text, source, quality.
    ``attrs`` carry the jurisdiction's name, period, reference temperature and what is missing.
    """
    jur = _jurisdiction(standard)
    rows = [
        dict(lim) for lim in jur["limits"] if pollutant is None or lim["pollutant"] == pollutant
    ]
    if not rows:
        covered = sorted({lim["pollutant"] for lim in jur["limits"]})
        raise ValueError(
            f"standard '{_standard_key(standard)}' has no limit for '{pollutant}'; "
            f"it covers: {', '.join(covered)}"
        )
    df = pd.DataFrame(rows)
    df.attrs.update(
        standard=_standard_key(standard),
        name=jur["name"],
        period=jur["period"],
        reference_temperature_c=jur.get("reference_temperature_c"),
        missing=list(jur.get("missing") or []),
    )
    return df


# ----------------------------------------------------------------------------------------------
# small pure helpers
# ----------------------------------------------------------------------------------------------


def round_half_up(x: Any, resolution: float) -> Any:
    """Round to a multiple of ``resolution``, halves upward (四捨五入 for non-negative values).

    Japanese daily and annual means are rounded this way to the smallest reporting unit before
    they are compared with a standard (0.001 ppm, 0.1 ppm for CO, 0.001 mg/m³ for SPM, 0.1 µg/m³
    for PM2.5). A margin of 1e-9 of the resolution absorbs float noise, so that 0.0455 (stored as
    0.045499999…) rounds to 0.046. NaN stays NaN.

    Parameters
    ----------
    x : scalar or array
        Values to round [any unit].
    resolution : float
        The rounding step [same unit], e.g. 0.001.

    Returns
    -------
    float or ndarray
        For ``resolution = 1/k`` (0.1, 0.001 …) the result is ``integer / k``, which equals the
        decimal literal exactly (``round_half_up(0.06, 0.001) == 0.06``).

    References
    ----------
    .. [1] City of Yokohama, 用語解説: 日平均値 (dayave.html): the daily mean is rounded half up
       below the smallest unit (0.001 ppm etc.); PM2.5 daily means carry one decimal.
    """
    if not resolution > 0:
        raise ValueError(f"resolution must be positive, got {resolution!r}")
    arr = np.asarray(x, dtype=float)
    inverse = 1.0 / resolution
    k = round(inverse)
    if k >= 1 and abs(inverse - k) < 1e-9 * k:
        out = np.floor(arr * k + 0.5 + 1e-9) / k
    else:
        out = np.floor(arr / resolution + 0.5 + 1e-9) * resolution
    return out if out.ndim else float(out)


def rank_98_percent(n_valid_days: Any) -> Any:
    """Ascending rank (1-based) of the Japanese 98 % value among ``n`` valid daily means.

    ``round_half_up(0.98 × n)`` computed in integers: 365 days → 358th lowest (= 8th highest);
    350 days → 343rd (the Fukuoka Prefecture example, 350 × 0.98 = 343). 0 days → 0.

    References
    ----------
    .. [1] Fukuoka Prefecture, 大気汚染に係る環境基準 (98 % value, 四捨五入).
    .. [2] City of Yokohama, 用語解説: 98%値評価 (98evl.html); MOE glossary as quoted by ShinMaywa
       (365 daily means → 358th lowest).
    """
    n = np.asarray(n_valid_days, dtype=np.int64)
    return (98 * n + 50) // 100


def rank_2pct_exclusion(n_valid_days: Any) -> Any:
    """Descending rank (1-based, from the highest) of the 2 % exclusion value among ``n`` days.

    "2 % of the valid days + 1 from the top": 365 days → 2 % is 7 (7.3) → the 8th highest.
    The rounding of 0.02 n is not stated in the retrieved texts; it is rounded half up here.
    0 days → 1 (and no value).

    The 2 % exclusion value and the 98 % value (:func:`rank_98_percent`) usually pick the same
    day (Yokohama's longvs98 page calls both "the 98th point of the distribution of daily
    means"), but NOT when 0.02 n ends in exactly .5 (n = 25, 75, …, 325, 375): both 0.02 n and
    0.98 n are then rounded up, so the 2 % exclusion value is one day lower. With n = 325:
    0.02 × 325 = 6.5 → 7 days excluded → the 8th highest, while 0.98 × 325 = 318.5 → the
    319th lowest = the 7th highest.

    References
    ----------
    .. [1] City of Yokohama, 用語解説: 日平均値の2%除外値 (2per.html).
    """
    n = np.asarray(n_valid_days, dtype=np.int64)
    return (2 * n + 50) // 100 + 1


def _take_sorted(sorted_values: np.ndarray, index: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Value at 0-based ``index`` of each row of NaN-last sorted values (NaN where invalid)."""
    ok = (n > 0) & (index >= 0) & (index < n)
    safe = np.clip(index, 0, max(sorted_values.shape[-1] - 1, 0))
    if sorted_values.shape[-1] == 0:
        return np.full(n.shape, np.nan)
    picked = np.take_along_axis(sorted_values, safe[..., None], axis=-1)[..., 0]
    return np.where(ok, picked, np.nan)


def value_98_percent(daily: Any, axis: int = -1) -> np.ndarray:
    """Japanese 98 % value (日平均値の年間98%値) of daily means along ``axis`` (NaN = missing day).

    The valid daily means are sorted ascending and the one at rank :func:`rank_98_percent` is
    taken. Used for NO2 (standard 0.06 ppm) and for the PM2.5 short-term standard (35 µg/m³).

    Parameters
    ----------
    daily : array
        Daily means [any unit], NaN for days without a valid daily mean.
    axis : int
        The day axis.

    Returns
    -------
    ndarray
        The 98 % value per row [same unit]; NaN when there is no valid day.
    """
    arr = np.moveaxis(np.asarray(daily, dtype=float), axis, -1)
    n = (~np.isnan(arr)).sum(-1)
    return _take_sorted(np.sort(arr, axis=-1), rank_98_percent(n) - 1, n)


def exclusion_2pct_value(daily: Any, axis: int = -1) -> np.ndarray:
    """Japanese annual 2 % exclusion value (年間2%除外値) of daily means along ``axis``.

    The highest ``round_half_up(0.02 n)`` valid daily means are excluded and the next one is
    taken (:func:`rank_2pct_exclusion`); used for SO2, CO and SPM (long-term evaluation).

    Returns
    -------
    ndarray
        The 2 % exclusion value per row [unit of ``daily``]; NaN when there is no valid day.
    """
    arr = np.moveaxis(np.asarray(daily, dtype=float), axis, -1)
    n = (~np.isnan(arr)).sum(-1)
    return _take_sorted(np.sort(arr, axis=-1), n - rank_2pct_exclusion(n), n)


def _exceeds(x: np.ndarray, limit: float) -> np.ndarray:
    """``x > limit`` with a relative tolerance (NaN → False)."""
    return np.asarray(x) > limit + _REL_TOL * abs(limit)


def _within(x: np.ndarray, limit: float) -> np.ndarray:
    """``x <= limit`` with a relative tolerance (NaN → False)."""
    return np.asarray(x) <= limit + _REL_TOL * abs(limit)


def _nanmax_rows(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """NaN-ignoring maximum without the all-NaN warning (NaN where a row has no value)."""
    filled = np.where(np.isnan(x), -np.inf, x)
    out = filled.max(axis=axis) if x.shape[axis] else np.full(np.delete(x.shape, axis), -np.inf)
    return np.where(np.isneginf(out), np.nan, out)


def _longest_run(flags: np.ndarray) -> np.ndarray:
    """Longest run of consecutive True values along the last axis (vectorised run length)."""
    if flags.shape[-1] == 0:
        return np.zeros(flags.shape[:-1], dtype=np.int64)
    count = np.cumsum(flags, axis=-1)
    reset = np.maximum.accumulate(np.where(flags, 0, count), axis=-1)
    return (count - reset).max(axis=-1)


def _mean_with_min(values: np.ndarray, min_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean over the last axis where at least ``min_count`` values are valid, and the counts."""
    valid = ~np.isnan(values)
    count = valid.sum(-1)
    total = np.where(valid, values, 0.0).sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count
    return np.where(count >= min_count, mean, np.nan), count


# ----------------------------------------------------------------------------------------------
# hourly data on the full calendar: (…, day, hour)
# ----------------------------------------------------------------------------------------------


def _time_values(da: xr.DataArray) -> np.ndarray:
    if "time" not in da.dims:
        raise ValueError(f"'{da.name}' has no 'time' dimension (dims {da.dims})")
    t = da["time"].values
    if not np.issubdtype(t.dtype, np.datetime64):
        raise ValueError(
            f"'{da.name}': time must be naive local standard time (datetime64), got dtype "
            f"{t.dtype}; convert time-zone-aware times with .tz_convert(zone).tz_localize(None) "
            "and keep the zone in attrs['time_zone'] (see kgi_lab.air.schema)"
        )
    return t.astype("datetime64[ns]", copy=False)


def _grid(da: xr.DataArray, start: pd.Timestamp, n_days: int) -> np.ndarray:
    """Hourly values on the full calendar from ``start`` (midnight): shape (…, n_days, 24).

    Absent hours are NaN; hours outside the window are ignored. Times must be whole hours
    (beginning labels) and unique.
    """
    t = _time_values(da)
    vals = da.transpose(..., "time").values
    lead = vals.shape[:-1]
    flat = vals.reshape(-1, vals.shape[-1]).astype(float, copy=False)
    n_hours = n_days * 24
    out = np.full((flat.shape[0], n_hours), np.nan)
    start64 = np.datetime64(pd.Timestamp(start).to_datetime64(), "ns")
    sorted_ = t.size < 2 or bool(np.all(t[1:] > t[:-1]))
    if sorted_:
        lo, hi = np.searchsorted(t, [start64, start64 + np.timedelta64(n_hours, "h")])
        t_in, vals_in = t[lo:hi], flat[:, lo:hi]
    else:
        if np.unique(t).size != t.size:
            dup = pd.Index(t)[pd.Index(t).duplicated()][0]
            raise ValueError(f"'{da.name}': time has duplicate labels (first {dup})")
        keep = (t >= start64) & (t < start64 + np.timedelta64(n_hours, "h"))
        t_in, vals_in = t[keep], flat[:, keep]
    offset = (t_in - start64).astype(np.int64)
    if np.any(offset % _HOUR_NS):
        bad = t_in[(offset % _HOUR_NS) != 0][0]
        raise ValueError(
            f"'{da.name}': time must be whole hours labelling the beginning of each hour; "
            f"found {pd.Timestamp(bad)} (resample to hourly first)"
        )
    out[:, offset // _HOUR_NS] = vals_in
    return out.reshape(*lead, n_days, 24)


def _day_window(da: xr.DataArray, start: Any, end: Any) -> tuple[pd.Timestamp, int]:
    t = _time_values(da)
    if t.size == 0 and (start is None or end is None):
        raise ValueError(f"'{da.name}' has no time steps")
    first = pd.Timestamp(start) if start is not None else pd.Timestamp(t.min()).normalize()
    last = (
        pd.Timestamp(end)
        if end is not None
        else pd.Timestamp(t.max()).normalize() + pd.Timedelta(days=1)
    )
    if first != first.normalize() or last != last.normalize():
        raise ValueError(f"start and end must be midnights (whole days), got {first} and {last}")
    n_days = (last - first) // pd.Timedelta(days=1)
    if n_days <= 0:
        raise ValueError(f"end ({last}) must be after start ({first})")
    return first, int(n_days)


def station_day_hour(da: xr.DataArray, start: Any = None, end: Any = None) -> xr.DataArray:
    """Lay hourly values out on the full calendar as ``(…, date, hour)``.

    Parameters
    ----------
    da : xarray.DataArray
        Hourly values with a ``time`` dimension (naive local time labelling the beginning of each
        hour) and any other dimensions (usually ``station``).
    start, end : datetime-like, optional
        First day (midnight) and the exclusive end day; default: the days spanned by the data.

    Returns
    -------
    xarray.DataArray
        Dimensions ``(…, date, hour)``: ``hour`` 0–23 is the beginning label (Japanese stamp
        ``hour + 1``); absent hours are NaN. ``attrs`` keep the units.
    """
    first, n_days = _day_window(da, start, end)
    cube = _grid(da, first, n_days)
    other = [d for d in da.dims if d != "time"]
    coords = {d: da[d].values for d in other if d in da.coords}
    coords["date"] = pd.date_range(first, periods=n_days, freq="D").values
    coords["hour"] = np.arange(24)
    return xr.DataArray(cube, dims=(*other, "date", "hour"), coords=coords, attrs=dict(da.attrs))


def daily_means(
    obj: xr.DataArray | xr.Dataset,
    min_hours: int = 20,
    *,
    start: Any = None,
    end: Any = None,
    resolution: float | None = None,
    return_counts: bool = False,
) -> Any:
    """Daily means of hourly values, capture-aware on the full calendar.

    Every day from ``start`` to ``end`` gets a value: the mean of its valid hourly values when it
    has at least ``min_hours`` of them, NaN otherwise. Hours absent from the time axis count as
    missing (the series is padded to complete days first), unlike openair's ``data.thresh``.

    Parameters
    ----------
    obj : xarray.DataArray or xarray.Dataset
        Hourly values, ``time`` = naive local standard time labelling the beginning of each hour
        (:mod:`kgi_lab.air.schema`). For a Dataset every variable with a ``time`` dimension is
        averaged.
    min_hours : int, default 20
        Valid hourly values needed for a daily mean. 20 is the Japanese rule (a day with 5 or more
        missing hours has no daily mean and is not a valid day, 有効測定日).
    start, end : datetime-like, optional
        First day and exclusive end (midnights). Default: the days spanned by the data.
    resolution : float, optional
        Round the daily means half up to this step (Japanese practice: 0.001 ppm …). Default: no
        rounding.
    return_counts : bool, default False
        Also return the number of valid hours of each day.

    Returns
    -------
    xarray.DataArray or xarray.Dataset (and the counts when ``return_counts``)
        Dimension ``time`` holds each day's midnight (the day's beginning, ``interval_label =
        "beginning"``). ``attrs``: ``units`` as in the input, ``min_hours``, ``n_days``,
        ``n_days_incomplete`` (days with some data but fewer than ``min_hours`` hours: data
        discarded, counted here) and ``n_days_without_data`` (station-days summed).

    References
    ----------
    .. [1] City of Yokohama, 用語解説: 有効測定日数 (days.html) and 日平均値 (dayave.html).
    .. [2] openair issue #271 (capture judged only on the rows present), see
       shared/reference/domain-notes.md.
    """
    if not (isinstance(min_hours, (int, np.integer)) and 1 <= min_hours <= 24):
        raise ValueError(f"min_hours must be an integer from 1 to 24, got {min_hours!r}")
    if isinstance(obj, xr.Dataset):
        names = [v for v in obj.data_vars if "time" in obj[v].dims]
        if not names:
            raise ValueError("the dataset has no variable with a 'time' dimension")
        parts = {
            v: daily_means(
                obj[v].assign_attrs(time_zone=obj.attrs.get("time_zone", "Asia/Tokyo")),
                min_hours,
                start=start,
                end=end,
                resolution=resolution,
                return_counts=True,
            )
            for v in names
        }
        means = xr.Dataset({v: m for v, (m, _) in parts.items()}, attrs=dict(obj.attrs))
        means.attrs.update(interval="1 day", interval_label="beginning", min_hours=min_hours)
        if return_counts:
            return means, xr.Dataset({v: c for v, (_, c) in parts.items()})
        return means
    da = obj
    first, n_days = _day_window(da, start, end)
    cube = _grid(da, first, n_days)
    mean, count = _mean_with_min(cube, min_hours)
    if resolution is not None:
        mean = round_half_up(mean, resolution)
    other = [d for d in da.dims if d != "time"]
    coords = {d: da[d].values for d in other if d in da.coords}
    coords["time"] = pd.date_range(first, periods=n_days, freq="D").values
    attrs = {k: v for k, v in da.attrs.items() if k in ("units", "long_name", "name_ja")}
    attrs.update(
        cell_methods="time: mean (of hourly values, daily)",
        interval="1 day",
        interval_label="beginning",
        time_zone=da.attrs.get("time_zone", "Asia/Tokyo"),
        min_hours=int(min_hours),
        n_days=int(n_days),
        n_days_incomplete=int(((count > 0) & (count < min_hours)).sum()),
        n_days_without_data=int((count == 0).sum()),
    )
    if resolution is not None:
        attrs["rounding"] = f"half up to {resolution}"
    dims = (*other, "time")
    out = xr.DataArray(mean, dims=dims, coords=coords, name=da.name, attrs=attrs)
    if return_counts:
        counts = xr.DataArray(count, dims=dims, coords=coords, name=f"{da.name}_valid_hours")
        counts.attrs.update(units="h", long_name="valid hourly values in the day")
        return out, counts
    return out


def eight_hour_block_means(
    obj: xr.DataArray, min_hours: int = 6, *, start: Any = None, end: Any = None
) -> xr.DataArray:
    """Japan's CO 8-hour values: means of the fixed blocks 0–8, 8–16 and 16–24 h of each day.

    Parameters
    ----------
    obj : xarray.DataArray
        Hourly CO [ppm] (beginning labels; block 0–8 h = labels 00:00–07:00 = Japanese stamps
        1–8).
    min_hours : int, default 6
        Valid hours needed in a block. ASSUMPTION: the official minimum was not retrieved; 6 of 8
        (75 %) is kgi_lab's choice.

    Returns
    -------
    xarray.DataArray
        Dimensions ``(…, time)`` with one value per block, labelled by the block's start.

    References
    ----------
    .. [1] City of Yokohama, 用語解説: 8時間平均値 (8hourave.html): CO 8-h values are the three fixed
       blocks 0–8, 8–16, 16–24 h.
    """
    first, n_days = _day_window(obj, start, end)
    cube = _grid(obj, first, n_days)
    blocks, _ = _mean_with_min(cube.reshape(*cube.shape[:-1], 3, 8), min_hours)
    blocks = blocks.reshape(*cube.shape[:-2], n_days * 3)
    other = [d for d in obj.dims if d != "time"]
    coords = {d: obj[d].values for d in other if d in obj.coords}
    coords["time"] = pd.date_range(first, periods=n_days * 3, freq="8h").values
    attrs = {k: v for k, v in obj.attrs.items() if k == "units"}
    attrs.update(interval="8 h (fixed blocks)", interval_label="beginning", min_hours=min_hours)
    return xr.DataArray(blocks, dims=(*other, "time"), coords=coords, name=obj.name, attrs=attrs)


# ----------------------------------------------------------------------------------------------
# checks shared by the evaluations
# ----------------------------------------------------------------------------------------------


def _pollutant_array(ds: xr.Dataset, pollutant: str) -> xr.DataArray:
    if not isinstance(ds, xr.Dataset):
        raise ValueError(
            f"expected an xarray.Dataset with dims (station, time), got {type(ds).__name__}"
        )
    if pollutant not in ds.data_vars:
        have = [v for v in ds.data_vars if v in POLLUTANTS] or list(ds.data_vars)
        raise ValueError(
            f"pollutant '{pollutant}' is not in the dataset; it has: {', '.join(map(str, have))}"
        )
    da = ds[pollutant]
    if set(da.dims) != {"station", "time"}:
        raise ValueError(f"ds.{pollutant} must have dims (station, time), got {da.dims}")
    label = ds.attrs.get("interval_label", "beginning")
    if label != "beginning":
        raise ValueError(
            f"ds.attrs['interval_label'] is '{label}'; kgi_lab labels the beginning of each hour "
            "(Japanese 'hour 1' = 0:00-1:00 → 00:00); convert the time axis first"
        )
    expected = POLLUTANTS.get(pollutant, {}).get("units")
    got = da.attrs.get("units")
    if got is None:
        raise ValueError(
            f"ds.{pollutant} has no 'units' attribute; set it "
            f"(kgi_lab uses '{expected}' for {pollutant})"
        )
    if expected is not None and got != expected:
        raise ValueError(
            f"ds.{pollutant} is in '{got}', but kgi_lab expects '{expected}' for {pollutant} "
            "(kgi_lab.air.schema.POLLUTANTS); convert it first"
        )
    return da.transpose("station", "time")


def _period(jur: dict, year: Any) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise ValueError(f"the year must be an integer, got {year!r}") from None
    if y != year:
        raise ValueError(f"the year must be an integer, got {year!r}")
    if jur["period"] == "fiscal_year":
        start, end = fiscal_year_bounds(y)
        return start, end, f"FY{y}"
    return pd.Timestamp(year=y, month=1, day=1), pd.Timestamp(year=y + 1, month=1, day=1), str(y)


def _check_overlap(da: xr.DataArray, start: pd.Timestamp, end: pd.Timestamp, label: str) -> None:
    t = _time_values(da)
    if t.size == 0:
        raise ValueError(f"ds.{da.name} has no time steps")
    t0, t1 = pd.Timestamp(t.min()), pd.Timestamp(t.max())
    if t1 < start or t0 >= end:
        fy0, fy1 = _fiscal_year_of([t0, t1])
        raise ValueError(
            f"{label} ({start:%Y-%m-%d} to {end - pd.Timedelta(hours=1):%Y-%m-%d %H:%M}) is outside "
            f"the data of ds.{da.name}: {t0:%Y-%m-%d %H:%M} to {t1:%Y-%m-%d %H:%M} "
            f"(fiscal years FY{fy0}-FY{fy1}, calendar years {t0.year}-{t1.year})"
        )


#: Lowest hourly PM2.5 value [µg/m³] the evaluations accept as a measurement. Japanese practice
#: keeps negative hourly PM2.5 values as measured (Nagasaki City, 長崎市のPM2.5の測定結果:
#: values near zero come out negative from the automatic monitors' measurement error and are
#: used as they are, daily means included), with no lower bound stated. This floor is a
#: kgi_lab plausibility screen, NOT an official rule: far below zero a value is more likely an
#: unremoved flag (e.g. -99) than noise. (US AQS accepts negatives only down to minus the
#: method detection limit: AQS notice "Negative values in AQS", 2011.)
PM25_NEGATIVE_FLOOR_UG_M3 = -10.0


def _check_negative(
    cube: np.ndarray, stations: np.ndarray, pollutant: str, start: pd.Timestamp, label: str
) -> np.ndarray:
    """Refuse negative hourly values; for PM2.5 keep those ≥ :data:`PM25_NEGATIVE_FLOOR_UG_M3`.

    Returns the number of negative hourly values kept per station (zeros except for PM2.5).
    """
    kept = np.zeros(cube.shape[0], dtype=np.int64)
    if pollutant == "pm25":
        negative = cube < 0
        neg = cube < PM25_NEGATIVE_FLOOR_UG_M3
        kept = (negative & ~neg).sum(axis=tuple(range(1, cube.ndim)))
        what = (
            f"hourly value(s) below {PM25_NEGATIVE_FLOOR_UG_M3:g} ug m-3 (small negative PM2.5 "
            "values are kept as measured, as in Japanese practice; values this low are not "
            "plausible noise)"
        )
    else:
        neg = cube < 0
        what = "negative hourly value(s)"
    if not neg.any():
        return kept
    s, d, h = (int(i[0]) for i in np.nonzero(neg))
    where = start + pd.Timedelta(days=d, hours=h)
    bad_stations = [str(stations[i]) for i in np.flatnonzero(neg.any(axis=(1, 2)))]
    raise ValueError(
        f"{pollutant} has {int(neg.sum())} {what} in {label} at "
        f"{len(bad_stations)} station(s) ({', '.join(bad_stations[:5])}"
        f"{' …' if len(bad_stations) > 5 else ''}; first: station {stations[s]} at "
        f"{where:%Y-%m-%d %H:%M}, {cube[s, d, h]:g}); clean the data first with "
        "kgi_lab.air.io.clean(), which removes or repairs them and records the counts in "
        "attrs['cleaning']"
    )


def _station_frame(da: xr.DataArray, ds: xr.Dataset, columns: dict) -> pd.DataFrame:
    stations = pd.Index(np.asarray(da["station"].values).astype(str), name="station")
    meta = {}
    for name in ("name", "name_ja", "station_type", "ward"):
        if name in ds.coords and ds[name].dims == ("station",):
            meta[name] = np.asarray(ds[name].values)
    return pd.DataFrame({**meta, **columns}, index=stations)


def _masked_bool(values: np.ndarray, known: np.ndarray) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(np.asarray(values, dtype=bool), ~np.asarray(known, dtype=bool))


# ----------------------------------------------------------------------------------------------
# Japan
# ----------------------------------------------------------------------------------------------


def evaluate_japan(ds: xr.Dataset, pollutant: str, fiscal_year: int) -> pd.DataFrame:
    """Evaluate one fiscal year against Japan's environmental quality standard, per station.

    Parameters
    ----------
    ds : xarray.Dataset
        Hourly data, dims ``(station, time)``, naive local standard time labelling the beginning
        of each hour (:mod:`kgi_lab.air.schema`); ``ds[pollutant].attrs["units"]`` as in
        :data:`~kgi_lab.air.schema.POLLUTANTS` (ppm for gases, mg/m³ SPM, µg/m³ PM2.5).
    pollutant : {"so2", "no2", "co", "spm", "ox", "pm25"}
        The pollutant.
    fiscal_year : int
        Fiscal year (April to March) named by its start year: 2017 = 2017-04-01 to 2018-03-31.

    Returns
    -------
    pandas.DataFrame
        One row per station (index ``station``; name columns when ``ds`` has them). Always:
        ``standard`` ("JP"), ``pollutant``, ``period`` ("FY2017"), ``valid_hours`` (測定時間),
        ``valid_days`` (有効測定日数; for Ox the daytime measured days, 昼間測定日数),
        ``days_incomplete`` (days with data but fewer than 20 hours, discarded; not for Ox,
        which has no daily means), ``evaluable``,
        ``reason`` (why not), ``annual_mean_<unit>`` and ``attained`` (boolean, NA when not
        evaluable). Then, by pollutant:

        * no2: ``daily_p98_ppm`` (98 % value) and its ``daily_p98_rank``, ``days_above_limit``
          (daily means > 0.06 ppm), ``days_above_limit_in_98pct`` (those within the 98 % of
          days, Yokohama 98evlday), ``no2_zone`` ("below 0.04", "within 0.04-0.06",
          "above 0.06").
        * so2, co, spm: ``exclusion_2pct_<unit>`` and ``exclusion_2pct_rank_from_top``,
          ``days_above_daily_limit``, ``longest_run_days_above``, ``consecutive_days_above``
          (≥ 2 consecutive days above the daily standard), ``attained_long_term``;
          short term: ``hours_above_hourly_limit`` (so2, spm), ``blocks_above_8h_limit`` (co),
          ``attained_short_term``. ``attained`` is the long-term evaluation, as in the official
          attainment figures.
        * pm25: ``daily_p98_ug_m3`` and rank, ``attained_long_term`` (annual mean ≤ 15),
          ``attained_short_term`` (98 % value ≤ 35); ``attained`` needs both;
          ``negative_hours_kept`` (negative hourly values used as measured, see Notes).
        * ox: ``daytime_valid_hours``, ``daytime_hours_above`` (hourly values > 0.06 ppm stamped
          6–20 h = labels 05:00–19:00), ``daytime_days_above``, ``daytime_max_ppm``;
          ``annual_mean_ppm`` is the daytime mean.

        ``attrs``: standard, pollutant, fiscal_year, units, period start/end, the limits used,
        the rules and sources (from ``air_standards``).

    Notes
    -----
    Rules (``datasets/air_standards.yaml``, ``JP.rules``):

    * a valid day has ≥ 20 valid hourly values; daily means are rounded half up to the
      reporting unit (0.001 ppm; CO 0.1 ppm; SPM 0.001 mg/m³; PM2.5 0.1 µg/m³) before ranking;
    * a station with < 6,000 valid hours in the year is a reference value (参考値), not
      evaluated — except Ox and PM2.5; PM2.5 needs ≥ 250 valid days;
    * NO2: the 98 % value (ascending rank round_half_up(0.98 n)) ≤ 0.06 ppm;
    * SO2/CO/SPM: the 2 % exclusion value (rank round_half_up(0.02 n) + 1 from the top) ≤ the
      daily standard AND no two consecutive days above it (days are consecutive calendar days;
      a missing day breaks a run; runs are counted within the fiscal year);
    * PM2.5: the annual mean of daily means ≤ 15 µg/m³ AND the 98 % value ≤ 35 µg/m³;
    * Ox: every daytime hourly value (05:00–20:00) ≤ 0.06 ppm;
    * "attains" = ≤ the standard, "exceeds" = > it (with a 1e-9 relative float tolerance);
    * a station without any value in the fiscal year gets the reason "no data" (before the
      6,000-hour and 250-day rules);
    * negative hourly values are refused (clean them first with :func:`kgi_lab.air.io.clean`),
      except for PM2.5: Japanese practice keeps negative hourly PM2.5 values as measured,
      daily means included, because concentrations near zero come out slightly negative from
      the automatic monitors' measurement error [5]_. They are kept down to
      :data:`PM25_NEGATIVE_FLOOR_UG_M3` (a kgi_lab plausibility screen; lower values are
      refused) and counted in ``negative_hours_kept``. Negative daily means are rounded half
      up towards +∞ like the others (−0.15 → −0.1); how the official figures round a negative
      half was not found.

    References
    ----------
    .. [1] 昭和48年 環境庁告示第25号 (SO2, CO, SPM, Ox); 昭和53年 環境庁告示第38号 (NO2); PM2.5
       環境省告示 (2009) and 環水大総発第090909001号 (kawasaki-facts.md §2a).
    .. [2] 昭和48年6月12日 環境庁通知 (long-term evaluation); 環境白書 H17 glossary
       https://www.env.go.jp/policy/hakusyo/h17/22549.html.
    .. [3] City of Yokohama, 測定値の取扱い及び評価方法 and glossary (hours, days, dayave, 2per,
       98evl, longterm, 8hourave, oxmaxhr, pm25, geppo2).
    .. [4] Fukuoka Prefecture: 98 % value rank with 350 days = 343rd (四捨五入).
    .. [5] Nagasaki City, 長崎市のPM2.5の測定結果, "PM2.5のマイナスの値について"
       (https://www.city.nagasaki.lg.jp/page/3249.html): negative hourly values are treated as
       they are, including when daily means are computed, and read as "too low to measure".
    """
    jur = _jurisdiction("JP")
    rules = jur["rules"]
    lims = [lim for lim in jur["limits"] if lim["pollutant"] == pollutant]
    da = _pollutant_array(ds, pollutant)
    if not lims:
        covered = sorted({lim["pollutant"] for lim in jur["limits"]})
        raise ValueError(
            f"pollutant '{pollutant}' is not covered by standard 'JP' (Japan's 環境基準); "
            f"JP covers: {', '.join(covered)}"
        )
    start, end, label = _period(jur, fiscal_year)
    _check_overlap(da, start, end, label)
    n_days = int((end - start) // pd.Timedelta(days=1))
    stations = np.asarray(da["station"].values)
    cube = _grid(da, start, n_days)
    negative_kept = _check_negative(cube, stations, pollutant, start, label)
    units = da.attrs["units"]
    slug = _UNIT_SLUG.get(units, units.replace(" ", "_"))
    resolution = float(rules["daily_mean_resolution"][pollutant])
    min_hours = int(rules["min_hours_per_day"])

    valid = ~np.isnan(cube)
    hours_per_day = valid.sum(-1)
    valid_hours = hours_per_day.sum(-1)
    day_sum = np.where(valid, cube, 0.0).sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        daily = np.where(hours_per_day >= min_hours, day_sum / hours_per_day, np.nan)
    daily = round_half_up(daily, resolution)
    is_day = ~np.isnan(daily)
    valid_days = is_day.sum(-1)
    days_incomplete = ((hours_per_day > 0) & (hours_per_day < min_hours)).sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if pollutant == "pm25":
            annual = np.where(is_day, daily, 0.0).sum(-1) / valid_days
        else:
            annual = day_sum.sum(-1) / valid_hours

    cols: dict[str, Any] = {
        "standard": "JP",
        "pollutant": pollutant,
        "period": label,
        "valid_hours": valid_hours,
        "valid_days": valid_days,
        "days_incomplete": days_incomplete,
    }
    by = {(lim["averaging"], lim["statistic"]): lim for lim in lims}
    reason = np.full(stations.size, "", dtype=object)
    evaluable = np.ones(stations.size, dtype=bool)

    if pollutant not in rules["min_hours_per_year_exempt"]:
        need = int(rules["min_hours_per_year"])
        short = valid_hours < need
        evaluable &= ~short
        reason = np.where(
            short,
            [f"reference value only (参考値): {h:,} valid hours < {need:,}" for h in valid_hours],
            reason,
        )

    extra: dict[str, Any] = {}
    attained = np.zeros(stations.size, dtype=bool)
    long_ok = short_ok = None

    if pollutant == "no2":
        lim = by[("24h", "p98_value")]
        p98 = value_98_percent(daily)
        rank = rank_98_percent(valid_days)
        above = _exceeds(daily, lim["value"]).sum(-1)
        zone = np.select(
            [np.isnan(p98), _within(p98, lim["zone_lower"]), _within(p98, lim["value"])],
            ["", f"below {lim['zone_lower']:g}", f"within {lim['zone_lower']:g}-{lim['value']:g}"],
            f"above {lim['value']:g}",
        )
        extra = {
            f"daily_p98_{slug}": p98,
            "daily_p98_rank": rank,
            "days_above_limit": above,
            "days_above_limit_in_98pct": np.maximum(above - (valid_days - rank), 0),
            "no2_zone": zone,
        }
        attained = _within(p98, lim["value"])
    elif pollutant in ("so2", "co", "spm"):
        lim = by[("24h", "exclusion_2pct")]
        daily_limit = lim["value"]
        ex2 = exclusion_2pct_value(daily)
        over = _exceeds(daily, daily_limit)
        run = _longest_run(over)
        consecutive = run >= int(lim.get("consecutive_days", rules["consecutive_days"]))
        long_ok = _within(ex2, daily_limit) & ~consecutive
        extra = {
            f"exclusion_2pct_{slug}": ex2,
            "exclusion_2pct_rank_from_top": rank_2pct_exclusion(valid_days),
            "days_above_daily_limit": over.sum(-1),
            "longest_run_days_above": run,
            "consecutive_days_above": consecutive,
        }
        short_ok = ~_exceeds(daily, by[("24h", "max")]["value"]).any(-1)
        if ("1h", "max") in by:
            hours_above = _exceeds(cube, by[("1h", "max")]["value"]).sum(axis=(-2, -1))
            extra["hours_above_hourly_limit"] = hours_above
            short_ok &= hours_above == 0
        if ("8h_block", "max") in by:
            blocks, _ = _mean_with_min(
                cube.reshape(*cube.shape[:-1], 3, 8), int(rules["co_8h_min_hours"])
            )
            blocks = round_half_up(blocks, resolution)
            blocks_above = _exceeds(blocks, by[("8h_block", "max")]["value"]).sum(axis=(-2, -1))
            extra["blocks_above_8h_limit"] = blocks_above
            short_ok &= blocks_above == 0
        attained = long_ok
    elif pollutant == "pm25":
        lim_year = by[("annual", "mean_of_daily_means")]
        lim_day = by[("24h", "p98_value")]
        need_days = int(rules["pm25_min_valid_days"])
        few = valid_days < need_days
        evaluable &= ~few
        reason = np.where(few, [f"{d} valid days < {need_days}" for d in valid_days], reason)
        p98 = value_98_percent(daily)
        annual = round_half_up(annual, resolution)
        long_ok = _within(annual, lim_year["value"])
        short_ok = _within(p98, lim_day["value"])
        extra = {
            f"daily_p98_{slug}": p98,
            "daily_p98_rank": rank_98_percent(valid_days),
            "negative_hours_kept": negative_kept,
        }
        attained = long_ok & short_ok
    elif pollutant == "ox":
        lim = by[("daytime_1h", "max")]
        h0, h1 = rules["ox_daytime_label_hours"]
        day = cube[..., int(h0) : int(h1) + 1]
        day_valid = ~np.isnan(day)
        daytime_hours = day_valid.sum(axis=(-2, -1))
        above = _exceeds(day, lim["value"])
        with np.errstate(invalid="ignore", divide="ignore"):
            annual = np.where(day_valid, day, 0.0).sum(axis=(-2, -1)) / daytime_hours
        valid_days = day_valid.any(-1).sum(-1)
        cols["valid_days"] = valid_days
        del cols["days_incomplete"]  # Ox has no daily means (Yokohama days.html)
        extra = {
            "daytime_valid_hours": daytime_hours,
            "daytime_hours_above": above.sum(axis=(-2, -1)),
            "daytime_days_above": above.any(-1).sum(-1),
            f"daytime_max_{slug}": _nanmax_rows(day.reshape(stations.size, -1)),
        }
        attained = above.sum(axis=(-2, -1)) == 0
    else:  # pragma: no cover - the YAML lists only the six pollutants above
        raise ValueError(f"no Japanese evaluation rule for '{pollutant}'")

    no_valid_day = (valid_days == 0) & evaluable
    evaluable &= ~no_valid_day
    reason = np.where(no_valid_day, "no valid data in the fiscal year", reason)
    # a station without a single value: "no data", whatever rule would have refused it first
    no_data = valid_hours == 0
    evaluable &= ~no_data
    reason = np.where(no_data, "no data", reason)
    if pollutant != "pm25":
        annual = round_half_up(annual, resolution)
    cols.update(evaluable=evaluable, reason=reason, **{f"annual_mean_{slug}": annual})
    cols.update(extra)
    if long_ok is not None:
        cols["attained_long_term"] = _masked_bool(long_ok, evaluable)
        cols["attained_short_term"] = _masked_bool(short_ok, evaluable)
    cols["attained"] = _masked_bool(attained, evaluable)
    df = _station_frame(da, ds, cols)
    df.attrs.update(
        standard="JP",
        name=jur["name"],
        pollutant=pollutant,
        fiscal_year=int(fiscal_year),
        period_start=str(start),
        period_end=str(end),
        units=units,
        time_zone=ds.attrs.get("time_zone", "Asia/Tokyo"),
        limits=[dict(lim) for lim in lims],
        rules={k: v for k, v in rules.items()},
        sources={k: _standards_cached()["sources"][k]["citation"] for k in jur["sources"]},
    )
    return df


# ----------------------------------------------------------------------------------------------
# other jurisdictions
# ----------------------------------------------------------------------------------------------


def _convert(
    x: np.ndarray,
    from_units: str,
    to_units: str,
    pollutant: str,
    temperature_c: float,
    pressure_pa: float,
) -> np.ndarray:
    """Convert concentrations between ppm/ppb and µg/m³/mg/m³ (ideal gas, kgi_lab.units)."""
    if from_units == to_units:
        return x
    if from_units in _MIXING_IN_PPM and to_units in _MIXING_IN_PPM:
        return x * (_MIXING_IN_PPM[from_units] / _MIXING_IN_PPM[to_units])
    if from_units in _MASS_IN_UG_M3 and to_units in _MASS_IN_UG_M3:
        return x * (_MASS_IN_UG_M3[from_units] / _MASS_IN_UG_M3[to_units])
    known = set(_MIXING_IN_PPM) | set(_MASS_IN_UG_M3)
    if from_units not in known or to_units not in known:
        raise ValueError(f"cannot convert {pollutant} from '{from_units}' to '{to_units}'")
    key = _MOLAR_KEY.get(pollutant)
    if key is None or key not in _units.MOLAR_MASS_G_PER_MOL:
        raise ValueError(
            f"cannot convert {pollutant} from '{from_units}' to '{to_units}': kgi_lab has no "
            f"molar mass for '{pollutant}' (kgi_lab.units.MOLAR_MASS_G_PER_MOL has "
            f"{', '.join(_units.MOLAR_MASS_G_PER_MOL)})"
        )
    if from_units in _MIXING_IN_PPM:
        ug = _units.ppm_to_ug_m3(x * _MIXING_IN_PPM[from_units], key, temperature_c, pressure_pa)
        return ug / _MASS_IN_UG_M3[to_units]
    ppm = _units.ug_m3_to_ppm(x * _MASS_IN_UG_M3[from_units], key, temperature_c, pressure_pa)
    return ppm / _MIXING_IN_PPM[to_units]


def _us_daily_max_8h(c: np.ndarray, first_day: pd.Timestamp) -> np.ndarray:
    """US (40 CFR 50 App. U) daily maximum 8-h means of the period days of ``c``.

    ``c`` is (station, day, 24) starting one day before the period and ending one day after it
    (the 17 windows of a day start 07:00 … 23:00, so the last ones reach 06:00 of the next day).
    Reuses :func:`kgi_lab.air.stats.daily_max_8h` (``convention="us"``: each window from ≥ 6 of
    8 hours, a day valid with ≥ 13 of its 17 windows).
    """
    from kgi_lab.air.stats import daily_max_8h  # lazy: stats pulls in scipy

    flat = c.reshape(c.shape[0], -1)
    times = pd.date_range(first_day, periods=flat.shape[1], freq="h")
    da = xr.DataArray(flat, dims=("station", "time"), coords={"time": times}, name="value")
    return daily_max_8h(da, convention="us")["value"].values[:, 1:-1]


def _averaged(
    c: np.ndarray,
    averaging: str,
    min_hours: int,
    dates: pd.DatetimeIndex,
    windows: str = "eu",
) -> np.ndarray:
    """Values of one averaging period, shape (station, k).

    ``c`` is (station, day, 24) and runs from one day BEFORE the period to one day AFTER it
    (8-h windows reach into both); ``dates`` are the period's days. ``windows`` selects the
    daily maximum 8-h convention: ``"eu"`` (the 24 windows ending in the day, ≥ ``min_hours``
    valid) or ``"us"`` (the 17 windows starting 07:00-23:00, ≥ 13 valid; App. U).
    """
    n_station = c.shape[0]
    period = c[:, 1:-1]
    if averaging in ("1h", "annual"):
        return period.reshape(n_station, -1)
    if averaging == "24h":
        return _mean_with_min(period, min_hours)[0]
    if averaging == "1h_daily_max":
        count = (~np.isnan(period)).sum(-1)
        return np.where(count >= min_hours, _nanmax_rows(period), np.nan)
    if averaging in ("8h_daily_max", "peak_season"):
        if windows == "us":
            dmax = _us_daily_max_8h(c, dates[0] - pd.Timedelta(days=1))
        else:
            flat = c.reshape(n_station, -1)
            win = np.lib.stride_tricks.sliding_window_view(flat, 8, axis=-1)
            means, _ = _mean_with_min(win, 6)  # 8-h mean from >= 6 of 8 hours (75 %)
            means = np.concatenate([np.full((n_station, 7), np.nan), means], axis=-1)
            per_day = means.reshape(c.shape)[:, 1:-1]  # windows ENDING in each hour of the day
            count = (~np.isnan(per_day)).sum(-1)
            dmax = np.where(count >= min_hours, _nanmax_rows(per_day), np.nan)
        if averaging == "8h_daily_max":
            return dmax
        month = dates.month.values - 1
        onehot = np.eye(12)[month]
        ok = ~np.isnan(dmax)
        sums = np.where(ok, dmax, 0.0) @ onehot
        counts = ok.astype(float) @ onehot
        zero = np.zeros((n_station, 1))
        cum_sum = np.concatenate([zero, np.cumsum(sums, axis=-1)], axis=-1)
        cum_n = np.concatenate([zero, np.cumsum(counts, axis=-1)], axis=-1)
        win_sum = cum_sum[:, 6:] - cum_sum[:, :-6]  # 7 windows: Jan-Jun ... Jul-Dec
        win_n = cum_n[:, 6:] - cum_n[:, :-6]
        with np.errstate(invalid="ignore", divide="ignore"):
            win_mean = np.where(win_n > 0, win_sum / win_n, np.nan)
        return _nanmax_rows(win_mean)[:, None]
    raise ValueError(f"averaging '{averaging}' is not supported outside Japan's evaluation")


def _truncate(x: np.ndarray, step: float) -> np.ndarray:
    """Truncate (towards −∞) to a multiple of ``step``; values within 1e-6 of a step below the
    next multiple are float noise and count as that multiple (as :func:`kgi_lab.air.aqi.us_truncate`).
    """
    k = round(1.0 / step)
    return np.floor(np.asarray(x, dtype=float) * k + 1e-6) / k


#: How :func:`evaluate` with ``standard="US"`` rounds the statistic it compares with a NAAQS
#: level, by (pollutant, averaging): (kind, step, description). Sources: 40 CFR 50 App. U (O3:
#: 8-h averages and the design value in ppm to three decimals, further digits truncated; the
#: same rule as App. I §2.1.1 of the 1997 standard) and App. N (PM2.5: the annual design value
#: rounded to the nearest 0.1 µg/m³ and the 24-h design value to the nearest 1 µg/m³, halves
#: up). The appendices' own text was not read here: the rules are taken from App. I §2.1.1 and
#: from secondary summaries (Missouri DNR, "National Ambient Air Quality Standards"; A.S.L. &
#: Associates, "The PM-10 and PM-2.5 standards"). The other US limits are compared UNROUNDED
#: (a screening; their appendices' conventions were not sourced).
US_COMPARISON_ROUNDING = {
    ("o3", "8h_daily_max"): ("truncate", 0.001, "truncated to 0.001 ppm (40 CFR 50 App. U)"),
    ("pm25", "annual"): ("round", 0.1, "rounded half up to 0.1 ug m-3 (40 CFR 50 App. N)"),
    ("pm25", "24h"): ("round", 1.0, "rounded half up to 1 ug m-3 (40 CFR 50 App. N)"),
}
_UNROUNDED = "unrounded (screening value: no rounding convention applied)"


def _limit_label(lim: dict) -> str:
    stat = lim["statistic"]
    if stat == "peak_season_mean":
        return "peak_season_mean"
    if stat == "percentile":
        name = f"p{lim['percentile']:g}"
    elif stat == "nth_highest":
        n = int(lim["n"])
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n if n < 20 else n % 10, "th")
        name = f"{n}{suffix}_highest"
    else:
        name = stat
    return f"{lim['averaging']}_{name}"


def _statistic(
    values: np.ndarray, lim: dict, rounding: tuple | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(statistic, count above the limit, ok, ok-is-known) per station.

    ``rounding`` = (kind, step, …) from :data:`US_COMPARISON_ROUNDING`: the statistic is rounded
    ("round", half up) or truncated ("truncate") before the comparison. Both are monotone, so
    for order statistics the values themselves are rounded (the n-th highest of the rounded
    values is the rounded n-th highest, and ``n_above`` counts rounded values); a mean is
    rounded after averaging.
    """
    limit = float(lim["value"])
    stat = lim["statistic"]

    def adjust(x):
        if rounding is None:
            return x
        kind, step = rounding[0], float(rounding[1])
        return _truncate(x, step) if kind == "truncate" else round_half_up(x, step)

    if stat not in ("mean", "peak_season_mean"):
        values = adjust(values)
    valid = ~np.isnan(values)
    n = valid.sum(-1)
    above = _exceeds(values, limit).sum(-1)
    known = n > 0
    if stat in ("mean", "peak_season_mean"):
        with np.errstate(invalid="ignore", divide="ignore"):
            value = adjust(np.where(valid, values, 0.0).sum(-1) / n)
    elif stat == "max":
        value = _nanmax_rows(values)
    else:
        asc = np.sort(values, axis=-1)
        if stat == "percentile":
            q = float(lim["percentile"])
            k = (int(q) * n) // 100 + 1 if q == int(q) else np.floor(q * n / 100).astype(int) + 1
            value = _take_sorted(asc, np.minimum(k, n) - 1, n)
        elif stat == "nth_highest":
            value = _take_sorted(asc, n - int(lim["n"]), n)
        elif stat == "exceedances":
            allowed = lim.get("allowed_exceedances")
            if allowed is None:
                value = _nanmax_rows(values)
                ok = above == 0
                return value, above, ok, known & ok
            value = _take_sorted(asc, n - int(allowed) - 1, n)
            ok = above <= int(allowed)
            return value, above, ok, known
        else:
            raise ValueError(f"statistic '{stat}' is not supported outside Japan's evaluation")
    ok = _within(value, limit)
    return value, above, ok, known & ~np.isnan(value)


_QUARTER_NAMES = ("Q1 (Jan-Mar)", "Q2 (Apr-Jun)", "Q3 (Jul-Sep)", "Q4 (Oct-Dec)")


def _coverage_reasons(
    da: xr.DataArray,
    valid_day: np.ndarray,
    dates: pd.DatetimeIndex,
    label: str,
) -> list[list[str]]:
    """Why each station's year is only partly covered (empty lists where it is fully covered).

    Dataset level: the time axis must reach from the first to the last day of the year.
    Station level: every calendar quarter needs at least one valid day.
    """
    n_station = valid_day.shape[0]
    first_day, last_day = dates[0], dates[-1]
    t = _time_values(da)
    t0 = pd.Timestamp(t.min()).normalize()
    t1 = pd.Timestamp(t.max()).normalize()
    if t0 > first_day or t1 < last_day:
        cover = (
            f"data cover {max(t0, first_day):%Y-%m-%d} to {min(t1, last_day):%Y-%m-%d} only "
            f"(the year {label} runs {first_day:%Y-%m-%d} to {last_day:%Y-%m-%d})"
        )
        return [[cover] for _ in range(n_station)]
    quarter = np.eye(4, dtype=bool)[dates.quarter.values - 1]  # (day, 4)
    has_quarter = (valid_day.astype(np.int64) @ quarter.astype(np.int64)) > 0  # (station, 4)
    any_day = valid_day.any(-1)
    first = np.argmax(valid_day, axis=-1)
    last = valid_day.shape[-1] - 1 - np.argmax(valid_day[:, ::-1], axis=-1)
    out = []
    for i in range(n_station):  # string assembly only
        missing = [_QUARTER_NAMES[q] for q in range(4) if not has_quarter[i, q]]
        if not any_day[i] or not missing:
            out.append([])
            continue
        text = f"no valid day in {', '.join(missing)}"
        if first[i] > 0 or last[i] < len(dates) - 1:
            span = f"{dates[first[i]]:%Y-%m-%d} to {dates[last[i]]:%Y-%m-%d}"
            text += f"; station data cover {span} only"
        out.append([text])
    return out


def _ox_is_not_o3(key: str, jur: dict) -> ValueError:
    has_o3 = any(lim["pollutant"] == "o3" for lim in jur["limits"])
    what = (
        "sets its limits for ozone, so it needs O3 data: a variable 'o3' in ppm (e.g. NIES "
        "item 42 O3) evaluated with pollutant='o3'"
        if has_o3
        else "has no ozone limit at all (it covers: "
        + ", ".join(sorted({lim["pollutant"] for lim in jur["limits"]}))
        + ")"
    )
    return ValueError(
        "pollutant 'ox' (photochemical oxidants, 光化学オキシダント) is a Japanese metric: only "
        f"standard 'JP' evaluates it. Standard '{key}' ({jur['name']}) {what}. Ox is not O3; "
        "renaming deliberately (ds.rename(ox='o3')) compares Ox as an approximation only."
    )


def evaluate(
    ds: xr.Dataset,
    pollutant: str,
    year: int,
    standard: str = "JP",
    *,
    min_hours: int = 18,
    min_capture: float = 0.75,
) -> pd.DataFrame:
    """Evaluate one year of hourly data against a jurisdiction's standard, per station.

    Parameters
    ----------
    ds : xarray.Dataset
        Hourly data as for :func:`evaluate_japan`.
    pollutant : str
        kgi_lab pollutant name (``"pm25"``, ``"no2"``, ``"o3"`` …). Japan's ``"ox"``
        (photochemical oxidants) is a Japanese metric, NOT ozone: every standard but ``"JP"``
        refuses it with a ValueError that asks for O3 data (variable ``o3``).
    year : int
        The fiscal year for ``"JP"`` (April–March, named by its start year); the CALENDAR year
        (January–December) for every other standard (WHO, EU, US and the national standards
        here are calendar-year statistics).
    standard : str, default "JP"
        ``"JP"`` (delegates to :func:`evaluate_japan`), ``"WHO"`` (2021 AQG levels),
        ``"WHO-IT1"`` … ``"WHO-IT4"``, ``"CN-I"``, ``"CN-II"`` (GB 3095-2012 grades),
        ``"EU"`` (2024/2881, 2030 limits), ``"US"`` (NAAQS), ``"IN"``, ``"IN-ES"`` (India,
        ecologically sensitive areas), ``"VN"``, ``"ID"``, ``"MY"`` (PM2.5 only).
    min_hours : int, default 18
        Valid hours for a daily mean or a daily maximum, and valid 8-h means (of 24) for a
        day's maximum 8-h mean (75 %). Not used for ``"JP"`` (20 h, the Japanese rule) nor for
        US O3 (13 of its 17 windows, App. U). kgi_lab convention for the other standards; their
        own completeness rules were not retrieved.
    min_capture : float, default 0.75
        Fraction of the FULL calendar year's days (365 or 366) that must be valid days for the
        station to be evaluable. kgi_lab convention, as ``min_hours``.

    Returns
    -------
    pandas.DataFrame
        One row per station: ``standard``, ``pollutant``, ``period``, ``valid_hours``,
        ``valid_days``, ``days_incomplete``, ``evaluable``, ``reason``, ``annual_mean_<unit>``
        (data units), then for every limit of the standard for that pollutant the columns
        ``<averaging>_<statistic>_<unit>`` (the statistic, in the limit's units), ``…_n_above``
        (values above the limit; not for means) and ``…_ok`` (boolean, NA when undecided), and
        ``attained`` (all limits met; False if any fails; NA if not evaluable or undecided).
        PM2.5 also gets ``negative_hours_kept``. ``attrs`` list the limits with their sources,
        the unit conversion, the period and ``rounding`` (how each limit column was rounded
        before the comparison, or "unrounded").

    Raises
    ------
    ValueError
        Unknown standard, a pollutant the standard does not cover (``"ox"`` outside Japan:
        see above), data outside the year, wrong units, or negative hourly values (PM2.5:
        below :data:`PM25_NEGATIVE_FLOOR_UG_M3`).

    Notes
    -----
    * Evaluable: a year the data only partly cover is NOT evaluable, whatever its capture:
      the reason names the coverage ("data cover 2014-04-01 to 2014-12-31 only" when the time
      axis starts or ends inside the year; "no valid day in Q1 (Jan-Mar)" for a station
      without data in a whole calendar quarter; the US PM2.5 rules likewise judge completeness
      quarter by quarter, 40 CFR 50 App. N). Otherwise at least ``min_capture`` of the full
      year's days must be valid. A station without any value gets the reason "no data".
    * Averaging: ``24h`` = daily means (≥ ``min_hours``); ``1h_daily_max`` = each day's highest
      hour; ``8h_daily_max`` = each day's highest 8-h running mean, each from ≥ 6 of 8 hours:
      for ``standard="US"`` and O3 the 17 windows STARTING 07:00–23:00 (the last one ends
      07:00 the next day), a day valid with ≥ 13 of them (40 CFR 50 App. U;
      :func:`kgi_lab.air.stats.daily_max_8h` with ``convention="us"``); otherwise the 24
      windows ENDING in the day (EU convention, also used for US CO, whose window rule was not
      sourced), a day valid with ≥ ``min_hours`` of them; ``annual`` = all valid hourly
      values; ``peak_season`` (WHO O3) = mean of the daily max 8-h means of the 6 consecutive
      calendar months (within the year) with the highest mean.
    * Statistics: ``percentile`` q = the (⌊q·n/100⌋ + 1)-th lowest of n values (40 CFR 50
      App. N form, used for every jurisdiction); ``nth_highest``; ``exceedances`` with N allowed =
      the (N + 1)-th highest must be within the limit; with the allowance unknown (EU 2024) the
      limit is met only when nothing exceeds, otherwise undecided (NA); ``max`` = every value.
    * Rounding (US only, :data:`US_COMPARISON_ROUNDING`): the O3 4th-highest daily maximum 8-h
      mean is truncated to 0.001 ppm (App. U), the PM2.5 annual mean rounded half up to
      0.1 µg/m³ and the PM2.5 24-h 98th percentile to 1 µg/m³ (App. N) before the comparison,
      and the columns hold the rounded values. The other US limits (NO2, SO2, CO, PM10) and
      every other standard's limits are compared UNROUNDED: screening values, labelled so in
      ``attrs["rounding"]``.
    * Units: data in ppm are converted to the limit's µg/m³ or mg/m³ with
      :func:`kgi_lab.units.ppm_to_ug_m3` at the jurisdiction's reference temperature (WHO, US,
      ID, CN (gases, since the 2018 amendment) 25 °C; EU 20 °C). Where the jurisdiction defines
      none (IN, VN, MY) 25 °C is used with a warning and recorded in ``attrs["conversion"]``.
      A pollutant without a molar mass (e.g. ``nox``) cannot be converted: ValueError.
    * Negative hourly values are refused, except small negative PM2.5 values, kept as measured
      (see :func:`evaluate_japan`) and counted in ``negative_hours_kept``.
    * US NAAQS forms are 3-year averages (design values); this is ONE year's statistic, a
      screening.

    References
    ----------
    .. [1] ``datasets/air_standards.yaml``: the source of every limit (WHO 2021, GB 3095-2012 and
       its 2018 amendment, EU 2024/2881, 40 CFR 50 / 89 FR 16202, CPCB 2009, QCVN 05:2023 and
       05:2013, PP 22/2021, MAAQS 2020).
    .. [2] 40 CFR Part 50, Appendix U (2015 O3 NAAQS, 80 FR 65292): 17 daily 8-h windows
       starting 07:00-23:00, ≥ 13 valid, values truncated to 0.001 ppm; Appendix I §2.1.1 (the
       1997 8-h O3 rule: hourly and 8-h values in ppm to three decimals, "additional digits to
       the right being truncated").
    .. [3] 40 CFR Part 50, Appendix N (PM2.5): daily values midnight to midnight local standard
       time, 98th percentile rank, quarterly completeness; design values rounded to 0.1 µg/m³
       (annual) and 1 µg/m³ (24-h), as summarised by A.S.L. & Associates, "The PM-10 and
       PM-2.5 standards" (http://asl-associates.com/pm1.htm).
    """
    key = _standard_key(standard)
    if key == "JP":
        return evaluate_japan(ds, pollutant, year)
    jur = _jurisdiction(key)
    if pollutant == "ox":
        raise _ox_is_not_o3(key, jur)
    da = _pollutant_array(ds, pollutant)
    lims = [lim for lim in jur["limits"] if lim["pollutant"] == pollutant]
    if not lims:
        covered = sorted({lim["pollutant"] for lim in jur["limits"]})
        raise ValueError(
            f"pollutant '{pollutant}' is not covered by standard '{key}' ({jur['name']}); "
            f"it covers: {', '.join(covered)}"
        )
    if not (isinstance(min_hours, (int, np.integer)) and 1 <= min_hours <= 24):
        raise ValueError(f"min_hours must be an integer from 1 to 24, got {min_hours!r}")
    if not 0 < min_capture <= 1:
        raise ValueError(f"min_capture must be in (0, 1], got {min_capture!r}")
    start, end, label = _period(jur, year)
    _check_overlap(da, start, end, label)
    n_days = int((end - start) // pd.Timedelta(days=1))
    stations = np.asarray(da["station"].values)
    # one day before and one after the period, for 8-h windows that reach into them
    cube_full = _grid(da, start - pd.Timedelta(days=1), n_days + 2)
    cube = cube_full[:, 1:-1]
    _check_negative(
        cube_full,
        stations,
        pollutant,
        start - pd.Timedelta(days=1),
        f"{label} (or the days before and after, used by 8-h windows)",
    )
    negative_kept = (cube < 0).sum(axis=(-2, -1)) if pollutant == "pm25" else None
    data_units = da.attrs["units"]
    dates = pd.date_range(start, periods=n_days, freq="D")

    valid = ~np.isnan(cube)
    hours_per_day = valid.sum(-1)
    valid_hours = hours_per_day.sum(-1)
    valid_day = hours_per_day >= min_hours
    valid_days = valid_day.sum(-1)
    need_days = math.ceil(min_capture * n_days - 1e-9)
    reasons = _coverage_reasons(da, valid_day, dates, label)
    for i, d in enumerate(valid_days):
        if d < need_days:
            reasons[i].append(f"{d} valid days < {need_days} ({min_capture:.0%} of {n_days})")
    reason = np.array(
        ["no data" if h == 0 else "; ".join(r) for h, r in zip(valid_hours, reasons, strict=True)],
        dtype=object,
    )
    evaluable = reason == ""
    with np.errstate(invalid="ignore", divide="ignore"):
        annual = np.where(valid, cube, 0.0).sum(axis=(-2, -1)) / valid_hours
    slug = _UNIT_SLUG.get(data_units, data_units.replace(" ", "_"))
    cols: dict[str, Any] = {
        "standard": key,
        "pollutant": pollutant,
        "period": label,
        "valid_hours": valid_hours,
        "valid_days": valid_days,
        "days_incomplete": ((hours_per_day > 0) & (hours_per_day < min_hours)).sum(-1),
        "evaluable": evaluable,
        "reason": reason,
        f"annual_mean_{slug}": annual,
    }
    if negative_kept is not None:
        cols["negative_hours_kept"] = negative_kept

    temperature = jur.get("reference_temperature_c")
    pressure = float(jur.get("reference_pressure_pa") or _units.STANDARD_PRESSURE_PA)
    conversion = "none"
    converted: dict[str, np.ndarray] = {}
    any_false = np.zeros(stations.size, dtype=bool)
    all_known = np.ones(stations.size, dtype=bool)
    used = []
    rounding_used: dict[str, str] = {}
    windows = "us" if key == "US" and pollutant == "o3" else "eu"
    for lim in lims:
        lim_units = lim["units"]
        if lim_units not in converted:
            needs_t = (data_units in _MIXING_IN_PPM) != (lim_units in _MIXING_IN_PPM)
            t_c = temperature
            if needs_t and t_c is None:
                t_c = 25.0
                warnings.warn(
                    f"standard '{key}' states no reference temperature; {pollutant} converted "
                    f"from {data_units} to {lim_units} at 25 °C, {pressure:.0f} Pa (assumption)",
                    UserWarning,
                    stacklevel=2,
                )
                conversion = (
                    f"{data_units} -> {lim_units} at 25 °C, {pressure:.0f} Pa "
                    "(ASSUMPTION: the standard states no reference temperature)"
                )
            elif needs_t:
                conversion = f"{data_units} -> {lim_units} at {t_c:g} °C, {pressure:.0f} Pa"
            elif data_units != lim_units:
                conversion = f"{data_units} -> {lim_units}"
            converted[lim_units] = _convert(
                cube_full,
                data_units,
                lim_units,
                pollutant,
                t_c if t_c is not None else 25.0,
                pressure,
            )
        values = _averaged(converted[lim_units], lim["averaging"], min_hours, dates, windows)
        rounding = (
            US_COMPARISON_ROUNDING.get((pollutant, lim["averaging"])) if key == "US" else None
        )
        value, above, ok, known = _statistic(values, lim, rounding)
        name = _limit_label(lim)
        unit_slug = _UNIT_SLUG.get(lim_units, lim_units.replace(" ", "_"))
        column = f"{name}_{unit_slug}"
        cols[column] = value
        rounding_used[column] = rounding[2] if rounding else _UNROUNDED
        if lim["statistic"] not in ("mean", "peak_season_mean"):
            cols[f"{name}_n_above"] = above
        cols[f"{name}_ok"] = _masked_bool(ok, known & evaluable)
        any_false |= known & ~ok
        all_known &= known
        used.append({**lim, "column": column})
    attained = ~any_false
    cols["attained"] = _masked_bool(attained, evaluable & (any_false | all_known))
    df = _station_frame(da, ds, cols)
    sources = _standards_cached()["sources"]
    df.attrs.update(
        standard=key,
        name=jur["name"],
        pollutant=pollutant,
        year=int(year),
        period_start=str(start),
        period_end=str(end),
        period_note=(
            "calendar year (January-December), naive local standard time of the data; "
            "the jurisdiction's own time zone is not applied"
        ),
        units=data_units,
        conversion=conversion,
        min_hours=int(min_hours),
        min_capture=float(min_capture),
        eight_hour_windows=(
            "17 windows starting 07:00-23:00, >= 13 valid (40 CFR 50 App. U)"
            if windows == "us"
            else f"24 windows ending in the day, >= {int(min_hours)} valid (EU convention)"
        ),
        rounding=rounding_used,
        limits=used,
        notes=[n for n in (jur.get("evaluation_note"), jur.get("reference_note")) if n],
        missing=list(jur.get("missing") or []),
        sources={k: sources[k]["citation"] for k in jur["sources"]},
    )
    return df


#: The statistic each Japanese evaluation turns on, by pollutant (column of :func:`evaluate_japan`).
STATISTIC_IN_FORCE = {
    "no2": "daily_p98_ppm",
    "so2": "exclusion_2pct_ppm",
    "co": "exclusion_2pct_ppm",
    "spm": "exclusion_2pct_mg_m3",
    "pm25": "daily_p98_ug_m3",
    "ox": "daytime_max_ppm",
}


def statistic_in_force(table: pd.DataFrame) -> str:
    """Column of an :func:`evaluate_japan` table holding the statistic the standard is judged
    on (98 % value, 2 % exclusion value, daytime maximum)."""
    pollutant = str(table["pollutant"].iloc[0])
    column = STATISTIC_IN_FORCE.get(pollutant)
    if column is None or column not in table.columns:
        raise ValueError(f"no statistic in force known for pollutant {pollutant!r}")
    return column


def annual_mean(table: pd.DataFrame) -> pd.Series:
    """The ``annual_mean_<units>`` column of an evaluation table, with its units in attrs."""
    columns = [c for c in table.columns if c.startswith("annual_mean_")]
    if len(columns) != 1:
        raise ValueError(f"expected one annual_mean_* column, found {columns}")
    out = table[columns[0]].astype(float)
    out.attrs["units"] = columns[0].removeprefix("annual_mean_").replace("_", "/")
    return out
