"""Checks (and, on request, documented repairs) of a weather table in the kgi_lab schema.

:func:`validate_weather` either returns the table unchanged or raises :class:`WeatherError`,
whose message names the offending column or parameter, gives the first bad timestamp(s) and says
what would be right. With ``repair=True`` it repairs what can be repaired without guessing:

=============================  ==============================================================
problem                        repair (each one warned about and counted in ``attrs["repairs"]``)
=============================  ==============================================================
duplicate timestamps           keep the first row of each timestamp
timestamps out of order        sort them
missing timestamps             insert them as NaN rows (then filled as NaN below)
NaN irradiance at night        0 W/m² (needs the site: the sun below the horizon all interval)
NaN runs of ≤ 3 steps          linear interpolation between the neighbours
small negative irradiance      values in [-10, 0) W/m² (sensor offset at night) set to 0
=============================  ==============================================================

Everything else stays an error, also with ``repair=True``: longer gaps (the message names the
span), irradiance in the wrong units or above the extraterrestrial bound, temperatures in kelvin,
negative wind speed, pressure in hPa, missing columns, naive timestamps and unknown interval labels.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pvlib

from kgi_lab.weather.schema import (
    COLUMNS,
    INTERVAL_LABELS,
    solar_position_times,
    typical_year_index,
)

__all__ = [
    "MAX_FILL_STEPS",
    "NEGATIVE_CLIP_W_M2",
    "WeatherError",
    "WeatherRepairWarning",
    "check_model_inputs",
    "validate_weather",
]

IRRADIANCE = ("ghi", "dni", "dhi")
#: Longest run of missing steps that ``repair=True`` fills by linear interpolation.
MAX_FILL_STEPS = 3
#: Negative irradiance down to this value [W/m²] is a night-time sensor offset (repairable);
#: below it, the data are wrong.
NEGATIVE_CLIP_W_M2 = -10.0
# Extraterrestrial bound on interval-mean GHI: 1.1 × E0 × cos(zenith at the interval midpoint)
# + 50 W/m², tolerated on at most this many hours (cloud enhancement, the midpoint approximation
# at sunrise and sunset, timing offsets of satellite data).
_ET_FACTOR = 1.1
_ET_MARGIN_W_M2 = 50.0
_ET_ALLOWED_HOURS = 3
_KELVIN_MEDIAN = 150.0
_REF_YEAR = 1990  # reference years for the typical-year checks (1990 as pvlib)
_REF_LEAP_YEAR = 2000


class WeatherError(ValueError):
    """Weather data that cannot be used as given.

    The message names the column or parameter, the first offending timestamp(s) and the fix.
    ``column`` and ``timestamps`` carry the same for programs.
    """

    def __init__(self, message: str, column: str | None = None, timestamps=()) -> None:
        super().__init__(message)
        self.column = column
        self.timestamps = tuple(timestamps)


class WeatherRepairWarning(UserWarning):
    """:func:`validate_weather` (or a reader) changed the data; the message counts the changes."""


def _n(count, noun: str) -> str:
    count = int(count)
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _fmt_times(times, n: int = 3) -> str:
    times = list(times)
    shown = ", ".join(str(t) for t in times[:n])
    return shown + (f" … ({len(times)} in all)" if len(times) > n else "")


def _record(
    repairs: list[dict[str, Any]], repair: str, column: str | None, count: int, detail: str
) -> None:
    repairs.append({"repair": repair, "column": column, "count": int(count), "detail": detail})
    where = f"weather.{column}: " if column else "weather: "
    warnings.warn(WeatherRepairWarning(where + detail), stacklevel=3)


def _check_index(index: Any) -> None:
    if not isinstance(index, pd.DatetimeIndex):
        raise WeatherError(
            f"weather index must be a pandas.DatetimeIndex, got {type(index).__name__}; set the "
            "time column as the index, e.g. df.set_index('time')",
            column="index",
        )
    if index.tz is None:
        first = index[0] if len(index) else "(empty)"
        raise WeatherError(
            f"weather index has naive timestamps (first {first}); pvlib would read them as UTC. "
            "Localise them first, e.g. df.tz_localize('Asia/Tokyo') for Japan Standard Time",
            column="index",
            timestamps=index[:1],
        )
    if len(index) < 2:
        raise WeatherError(
            "weather needs at least two timestamps to define its time step", column="index"
        )


def _typical_key(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The index of a typical year with its source years ignored.

    An index already in one year (increasing, at most two years: the closing label of an
    hour-ending file is in the next) is returned as it is, so that its real gaps (e.g. a missing
    29 February) stay visible.
    """
    if index.is_monotonic_increasing and index.year.nunique() <= 2:
        return index
    leap = ((index.month == 2) & (index.day == 29)).any()
    return typical_year_index(index, _REF_LEAP_YEAR if leap else _REF_YEAR)


def _regular_step(key: pd.DatetimeIndex, index: pd.DatetimeIndex) -> pd.Timedelta:
    diffs = pd.TimedeltaIndex(key[1:] - key[:-1])
    step = pd.Timedelta(diffs.value_counts().index[0])
    ratio = diffs / step
    odd = np.asarray(ratio != np.round(ratio))
    if odd.any():
        pos = int(np.flatnonzero(odd)[0])
        raise WeatherError(
            f"weather index has an irregular step: most steps are {step}, but {index[pos]} → "
            f"{index[pos + 1]} is {diffs[pos]} ({_n(odd.sum(), 'such step')}); resample to a "
            "regular step first",
            column="index",
            timestamps=index[pos : pos + 2],
        )
    return step


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) positions of the runs of True in ``mask`` (stop exclusive)."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _site(attrs: dict, latitude: float | None, longitude: float | None):
    lat = latitude if latitude is not None else attrs.get("latitude")
    lon = longitude if longitude is not None else attrs.get("longitude")
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def _elevation(times: pd.DatetimeIndex, site) -> np.ndarray:
    lat, lon = site
    # SPA (pvlib's default algorithm, numpy implementation): about 60 ms for a year of hours.
    pos = pvlib.solarposition.get_solarposition(times, lat, lon, method="nrel_numpy")
    return pos["elevation"].to_numpy()


def _sun(index: pd.DatetimeIndex, label: str, step: pd.Timedelta, site) -> dict[str, Any]:
    """Sun elevation and extraterrestrial irradiance E0 at the interval midpoints."""
    mid = solar_position_times(index, label, step)
    doy = mid.tz_convert("UTC").day_of_year.to_numpy()
    e0 = np.asarray(pvlib.irradiance.get_extra_radiation(doy), dtype=float)
    return {"mid": mid, "elevation": _elevation(mid, site), "dni_extra": e0}


def _night(sun: dict[str, Any], label: str, step: pd.Timedelta, site) -> np.ndarray:
    """True where the sun is below the horizon at the start, middle and end of the interval."""
    night = sun["elevation"] < 0
    if label != "instantaneous":
        mid = sun["mid"]
        night &= (_elevation(mid - step / 2, site) < 0) & (_elevation(mid + step / 2, site) < 0)
    return night


def _check_units(out: pd.DataFrame, index: pd.DatetimeIndex) -> None:
    for col in IRRADIANCE:
        values = out[col].to_numpy(dtype=float)
        peak = np.nanmax(values) if np.isfinite(values).any() else 0.0
        if 0 < peak <= 5:
            first = index[int(np.nanargmax(values))]
            guess = (
                "kW/m2 (multiply by 1000) or MJ/m2 per hour (multiply by 1e6/3600 = 277.8)"
                if peak < 2
                else "MJ/m2 per hour (multiply by 1e6/3600 = 277.8) or kW/m2 (multiply by 1000)"
            )
            raise WeatherError(
                f"weather.{col} peaks at {peak:g} (at {first}), far too low for W/m2; it looks "
                f"like {guess}",
                column=col,
                timestamps=[first],
            )
        if peak > 1e4:
            first = index[int(np.nanargmax(values))]
            raise WeatherError(
                f"weather.{col} peaks at {peak:g} (at {first}), far above any irradiance in "
                "W/m2; it looks like J/m2 per interval (divide by the interval length in s)",
                column=col,
                timestamps=[first],
            )
    temp = out["temp_air"].to_numpy(dtype=float)
    median = np.nanmedian(temp) if np.isfinite(temp).any() else 0.0
    if median > _KELVIN_MEDIAN:
        raise WeatherError(
            f"weather.temp_air has a median of {median:.1f}, which looks like kelvin; "
            "convert to degC with temp_air - 273.15",
            column="temp_air",
        )
    wind = out["wind_speed"].to_numpy(dtype=float)
    negative = wind < 0
    if negative.any():
        bad = index[negative]
        raise WeatherError(
            f"weather.wind_speed has {_n(negative.sum(), 'negative value')} (first at {bad[0]}: "
            f"{wind[negative][0]:g} m/s); wind speed is a magnitude ≥ 0 in m/s",
            column="wind_speed",
            timestamps=bad[:3],
        )
    pressure = out["pressure"].to_numpy(dtype=float)
    median = np.nanmedian(pressure) if np.isfinite(pressure).any() else 101325.0
    if 300 <= median <= 1100:
        raise WeatherError(
            f"weather.pressure has a median of {median:g}, which looks like hPa (mbar); "
            "convert to Pa with pressure * 100",
            column="pressure",
        )
    if 30 <= median <= 110:
        raise WeatherError(
            f"weather.pressure has a median of {median:g}, which looks like kPa; convert to Pa "
            "with pressure * 1000",
            column="pressure",
        )
    if not 30_000 <= median <= 110_000:
        raise WeatherError(
            f"weather.pressure has a median of {median:g} Pa, outside 30,000–110,000 Pa (sea "
            "level is about 101,325 Pa); check its unit",
            column="pressure",
        )


def _check_negative(out: pd.DataFrame, index: pd.DatetimeIndex, repair: bool, repairs) -> None:
    for col in IRRADIANCE:
        values = out[col].to_numpy(dtype=float)
        worse = values < NEGATIVE_CLIP_W_M2
        if worse.any():
            bad = index[worse]
            raise WeatherError(
                f"weather.{col} has {_n(worse.sum(), 'value')} below {NEGATIVE_CLIP_W_M2:g} W/m2 "
                f"(first at {bad[0]}: {values[worse][0]:g} W/m2); irradiance cannot be negative "
                "beyond a small sensor offset: check the column and its sign",
                column=col,
                timestamps=bad[:3],
            )
        small = values < 0
        if small.any():
            bad = index[small]
            if not repair:
                raise WeatherError(
                    f"weather.{col} has {_n(small.sum(), 'small negative value')} (first at "
                    f"{bad[0]}: {values[small][0]:g} W/m2); pass repair=True to set values in "
                    f"[{NEGATIVE_CLIP_W_M2:g}, 0) W/m2 to 0",
                    column=col,
                    timestamps=bad[:3],
                )
            out.loc[small, col] = 0.0
            _record(
                repairs,
                "clip_small_negative",
                col,
                int(small.sum()),
                f"set {_n(small.sum(), 'small negative value')} (≥ {NEGATIVE_CLIP_W_M2:g} W/m2, "
                "a night-time sensor offset) to 0",
            )


def _check_extraterrestrial(
    out: pd.DataFrame, index: pd.DatetimeIndex, step: pd.Timedelta, sun
) -> None:
    allowed = max(_ET_ALLOWED_HOURS, math.ceil(pd.Timedelta(hours=_ET_ALLOWED_HOURS) / step))
    e0 = sun["dni_extra"]
    cosz = np.clip(np.sin(np.radians(sun["elevation"])), 0.0, None)
    limits = {
        "ghi": _ET_FACTOR * e0 * cosz + _ET_MARGIN_W_M2,
        "dni": _ET_FACTOR * e0,
    }
    what = {
        "ghi": f"extraterrestrial horizontal irradiance (bound {_ET_FACTOR:g} × E0 × "
        f"cos(zenith) + {_ET_MARGIN_W_M2:g} W/m2 at the interval midpoint)",
        "dni": f"extraterrestrial irradiance (bound {_ET_FACTOR:g} × E0)",
    }
    for col, limit in limits.items():
        values = out[col].to_numpy(dtype=float)
        above = values > limit
        if above.sum() > allowed:
            bad = index[above]
            first = int(np.flatnonzero(above)[0])
            raise WeatherError(
                f"weather.{col} has {_n(above.sum(), 'value')} above {what[col]}; first at "
                f"{bad[0]}: {values[first]:.0f} W/m2 against {limit[first]:.0f} W/m2. Is it in "
                f"W/m2, and are the time zone and interval_label "
                f"({out.attrs.get('interval_label')!r}) right?",
                column=col,
                timestamps=bad[:3],
            )


def validate_weather(
    weather: pd.DataFrame,
    *,
    repair: bool = False,
    latitude: float | None = None,
    longitude: float | None = None,
) -> pd.DataFrame:
    """Check a weather table against the kgi_lab schema and return a (possibly repaired) copy.

    Parameters
    ----------
    weather : pandas.DataFrame
        Columns ``ghi``, ``dni``, ``dhi`` [W/m²], ``temp_air`` [°C], ``wind_speed`` [m/s],
        ``pressure`` [Pa]; a timezone-aware DatetimeIndex; ``attrs["interval_label"]`` (see
        :mod:`kgi_lab.weather.schema`). ``attrs["typical_year"]`` = True allows months from
        different years (checked in the order of :func:`~kgi_lab.weather.schema.typical_year_index`).
    repair : bool, default False
        False: the data are returned unchanged or an error is raised. True: apply the repairs
        listed in the module docstring, each warned about (:class:`WeatherRepairWarning`, with its
        count) and appended to ``attrs["repairs"]``.
    latitude, longitude : float, optional
        Site [deg], north and east positive; default ``attrs["latitude"]``/``["longitude"]``.
        With a site, GHI is checked against the extraterrestrial bound and night is known (for
        filling NaN irradiance with 0). Without one those two steps are skipped.

    Returns
    -------
    pandas.DataFrame
        A copy (with ``attrs``), repaired when ``repair=True``.

    Raises
    ------
    WeatherError
        Missing columns; a non-DatetimeIndex; naive timestamps; an unknown interval label;
        duplicate, unsorted or missing timestamps (unless repaired); an irregular step; NaN values
        (unless repaired; gaps longer than :data:`MAX_FILL_STEPS` steps always, naming the span);
        irradiance peaking at ≤ 5 (kW/m² or MJ/m² per hour) or above 10⁴ (J/m²); GHI above
        1.1 × extraterrestrial horizontal + 50 W/m² (or DNI above 1.1 × extraterrestrial) on more
        than 3 hours; irradiance below -10 W/m² (or small negatives unless repaired); a median
        temperature above 150 (kelvin); negative wind speed; pressure in hPa or kPa.

    Notes
    -----
    The extraterrestrial bound uses pvlib's ``get_extra_radiation`` (Spencer 1971) and the solar
    position at the interval midpoints (:func:`~kgi_lab.weather.schema.solar_position_times`), so
    a wrong time zone or interval label shows up as GHI before sunrise: that is why the message
    asks about both. Night (for NaN → 0) means the sun below the horizon at the start, middle and
    end of the interval.

    References
    ----------
    .. [1] J.W. Spencer, "Fourier series representation of the position of the sun", Search 2(5),
       172, 1971 (extraterrestrial irradiance, via ``pvlib.irradiance.get_extra_radiation``).
    .. [2] C.N. Long and Y. Shi, "An automated quality assessment and control algorithm for surface
       radiation measurements", The Open Atmospheric Science Journal 2, 23–37, 2008.
       doi:10.2174/1874282300802010023 (physically-possible limits of the same form,
       a × S0 × cos(SZA)^1.2 + 50 W/m², of which the bound here is a looser variant).
    """
    if not isinstance(weather, pd.DataFrame):
        raise WeatherError(
            f"weather must be a pandas.DataFrame, got {type(weather).__name__}", column="weather"
        )
    attrs = dict(weather.attrs)
    repairs: list[dict[str, Any]] = [dict(r) for r in attrs.get("repairs", [])]
    _check_index(weather.index)
    label = attrs.get("interval_label")
    if label not in INTERVAL_LABELS:
        raise WeatherError(
            f"weather.attrs['interval_label'] is {label!r}; it must be one of "
            f"{', '.join(INTERVAL_LABELS)} (TMY2/TMY3/EPW files are 'ending')",
            column="interval_label",
        )
    missing = [c for c in COLUMNS if c not in weather.columns]
    if missing:
        raise WeatherError(
            f"weather lacks the required column(s) {', '.join(missing)}; the schema needs "
            f"{', '.join(COLUMNS)} (pvlib names, W/m2, degC, m/s, Pa)",
            column=missing[0],
        )
    for col in COLUMNS:
        if not pd.api.types.is_numeric_dtype(weather[col]):
            raise WeatherError(
                f"weather.{col} is not numeric (dtype {weather[col].dtype}); convert it, e.g. "
                f"pd.to_numeric(df['{col}'], errors='coerce')",
                column=col,
            )
    out = weather.copy()
    index = out.index
    key = _typical_key(index) if attrs.get("typical_year") else index
    relabelled = not key.equals(index)

    def needs_coerce(what: str) -> WeatherError:
        return WeatherError(
            f"weather index: {what} in a typical year whose months keep their source years; "
            "coerce the years first (the readers' coerce_year=1990, or "
            "kgi_lab.weather.schema.typical_year_index) and repair that",
            column="index",
        )

    duplicated = np.asarray(key.duplicated(keep="first"))
    if duplicated.any():
        bad = index[duplicated]
        if not repair:
            raise WeatherError(
                f"weather index has {_n(duplicated.sum(), 'duplicate timestamp')} (first "
                f"{_fmt_times(bad)}); pass repair=True to keep the first row of each",
                column="index",
                timestamps=bad[:3],
            )
        if relabelled:
            raise needs_coerce("duplicate timestamps")
        out = out[~duplicated]
        key = index = out.index
        _record(
            repairs,
            "drop_duplicates",
            None,
            int(duplicated.sum()),
            f"dropped {_n(duplicated.sum(), 'row')} with duplicate timestamps (kept the first)",
        )
    if not key.is_monotonic_increasing:
        back = np.flatnonzero(np.diff(key.asi8) < 0)
        bad = index[back + 1]
        if not repair:
            raise WeatherError(
                f"weather index is not in increasing order ({_n(len(back), 'step')} back in time, "
                f"first at {bad[0]}, after {index[back[0]]}); pass repair=True to sort it",
                column="index",
                timestamps=bad[:3],
            )
        if relabelled:
            raise needs_coerce("timestamps out of order")
        order = np.argsort(key.asi8, kind="stable")
        moved = int((order != np.arange(len(order))).sum())
        out = out.iloc[order]
        key = index = out.index
        _record(repairs, "sort", None, moved, f"sorted the timestamps ({_n(moved, 'row')} moved)")
    step = _regular_step(key, index)
    full = pd.date_range(key[0], key[-1], freq=step, name=index.name)
    if len(full) != len(key):
        absent = full.difference(key)
        if not repair:
            gaps = np.flatnonzero(np.asarray((key[1:] - key[:-1]) > step))
            raise WeatherError(
                f"weather index has {_n(len(absent), 'missing timestamp')} in "
                f"{_n(len(gaps), 'gap')} vs its {step} step (first gap after {index[gaps[0]]}: {_fmt_times(absent)}); pass "
                f"repair=True to fill gaps of ≤ {MAX_FILL_STEPS} steps"
                + (
                    " (a typical year whose months keep their source years: coerce the years first)"
                    if attrs.get("typical_year") and index.year.nunique() > 2
                    else ""
                ),
                column="index",
                timestamps=absent[:3],
            )
        if relabelled:
            raise needs_coerce("missing timestamps")
        out = out.reindex(full)
        key = index = out.index
        _record(
            repairs,
            "insert_missing_timestamps",
            None,
            len(absent),
            f"inserted {_n(len(absent), 'missing timestamp')} as NaN rows (first {absent[0]})",
        )
    site = _site(attrs, latitude, longitude)
    sun = _sun(index, label, step, site) if site is not None else None
    nan = out[list(COLUMNS)].isna()
    if nan.to_numpy().any():
        if not repair:
            col = next(c for c in COLUMNS if nan[c].any())
            bad = index[nan[col].to_numpy()]
            raise WeatherError(
                f"weather.{col} has {_n(len(bad), 'NaN value')} (first {_fmt_times(bad)}); pass "
                f"repair=True to fill gaps of ≤ {MAX_FILL_STEPS} steps and night irradiance",
                column=col,
                timestamps=bad[:3],
            )
        night = None if sun is None else _night(sun, label, step, site)
        for col in COLUMNS:
            mask = out[col].isna().to_numpy().copy()
            if not mask.any():
                continue
            if col in IRRADIANCE and night is not None:
                dark = mask & night
                if dark.any():
                    out.loc[dark, col] = 0.0
                    mask &= ~dark
                    _record(
                        repairs,
                        "night_irradiance_zero",
                        col,
                        int(dark.sum()),
                        f"set {_n(dark.sum(), 'NaN value')} at night (sun below the horizon "
                        "all interval) to 0 W/m2",
                    )
            runs = _runs(mask)
            short = [(a, b) for a, b in runs if b - a <= MAX_FILL_STEPS and a > 0 and b < len(mask)]
            long = [r for r in runs if r not in short]
            if long:
                a, b = long[0]
                raise WeatherError(
                    f"weather.{col} has a gap of {_n(b - a, 'step')} from {index[a]} to {index[b - 1]} "
                    f"({_n(len(long), 'such gap')}: longer than {MAX_FILL_STEPS} steps or at an "
                    "end); repair fills only short interior gaps: supply data for it or drop "
                    "the period",
                    column=col,
                    timestamps=[index[a], index[b - 1]],
                )
            if short:
                filled = out[col].interpolate(method="linear", limit_area="inside")
                fill = np.zeros(len(mask), dtype=bool)
                for a, b in short:
                    fill[a:b] = True
                out.loc[fill, col] = filled[fill]
                _record(
                    repairs,
                    "interpolate",
                    col,
                    int(fill.sum()),
                    f"filled {_n(fill.sum(), 'NaN value')} in {_n(len(short), 'gap')} of ≤ "
                    f"{MAX_FILL_STEPS} steps by linear interpolation",
                )
    _check_units(out, index)
    _check_negative(out, index, repair, repairs)
    if sun is not None:
        _check_extraterrestrial(out, index, step, sun)
    attrs["repairs"] = repairs
    out.attrs = attrs
    return out


def check_model_inputs(
    weather: pd.DataFrame,
    *,
    solar_elevation_deg: np.ndarray | None = None,
    dni_extra: np.ndarray | None = None,
) -> None:
    """The non-repairing checks a model runs on its input, reusing a sun it already computed.

    :func:`kgi_lab.pv.simulate` calls this instead of :func:`validate_weather` so that the sun's
    position is not computed twice. Without ``solar_elevation_deg`` the extraterrestrial check
    is skipped; the index, unit, sign and kelvin checks always run.

    Parameters
    ----------
    weather : pandas.DataFrame
        Canonical weather (a ``pressure`` column is optional here).
    solar_elevation_deg : numpy.ndarray, optional
        Apparent solar elevation at the interval midpoints [deg].
    dni_extra : numpy.ndarray, optional
        Extraterrestrial normal irradiance at the same times [W/m²].

    Raises
    ------
    WeatherError
        Naming the column and the first offending timestamp(s).
    """
    index = weather.index
    _check_index(index)
    if index.has_duplicates:
        dup = index[index.duplicated()]
        raise WeatherError(
            f"weather index has {_n(len(dup), 'duplicate timestamp')} (first {dup[0]}); "
            "drop them, or use validate_weather(repair=True), which keeps the first of each",
            column="index",
            timestamps=dup[:3],
        )
    if not index.is_monotonic_increasing:
        pos = int(np.flatnonzero(np.diff(index.asi8) < 0)[0])
        raise WeatherError(
            f"weather index is not in time order ({index[pos]} is followed by "
            f"{index[pos + 1]}); sort it, or use validate_weather(repair=True)",
            column="index",
            timestamps=index[pos : pos + 2],
        )
    frame = weather.copy()
    if "pressure" not in frame:
        frame["pressure"] = 101325.0
    _check_units(frame, index)
    _check_negative(frame, index, False, [])
    if solar_elevation_deg is not None and dni_extra is not None:
        step = pd.Timedelta(index[1] - index[0])
        sun = {"elevation": np.asarray(solar_elevation_deg), "dni_extra": np.asarray(dni_extra)}
        _check_extraterrestrial(frame, index, step, sun)
