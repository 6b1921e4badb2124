"""Clear-sky irradiance and extraterrestrial irradiation, offline.

Interval convention
-------------------
Series built here are labelled at the **beginning** of each interval (``08:00`` means 08:00–09:00
for hourly data) and hold the interval's mean irradiance, approximated by the value at the interval
midpoint. The sun's position is therefore computed at ``label + step/2``. Energy per interval is
``irradiance × step``. Other conventions (hour-ending TMY3 files, centred labels) are converted by
``label=`` so that the solar position always refers to the middle of the interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib

from kgi_lab.units import mj_to_kwh, wh_m2_to_kwh_m2

__all__ = [
    "SOLAR_CONSTANT_MJ_M2_MIN",
    "clearsky_irradiance",
    "clearsky_monthly_summary",
    "day_length_h",
    "extraterrestrial_daily_irradiation_mj_m2",
    "interval_index",
    "monthly_extraterrestrial_kwh_m2_day",
    "monthly_irradiation_kwh_m2",
]

#: Solar constant as used by FAO-56 [MJ m-2 min-1] (= 1367 W/m2).
SOLAR_CONSTANT_MJ_M2_MIN = 0.0820
_LABELS = {"beginning": 0.5, "center": 0.0, "ending": -0.5}


def _require_tz(index: pd.DatetimeIndex, what: str) -> None:
    if not isinstance(index, pd.DatetimeIndex):
        raise TypeError(f"{what} must have a DatetimeIndex, got {type(index).__name__}")
    if index.tz is None:
        raise ValueError(
            f"{what} has naive timestamps; pvlib would read them as UTC. Localise them first, "
            "e.g. index.tz_localize('Asia/Tokyo')"
        )


def interval_index(year: int, time_step_min: int, tz: str) -> pd.DatetimeIndex:
    """All interval-beginning labels of a calendar year in local standard time.

    Parameters
    ----------
    year : int
    time_step_min : int
        Interval length [min]; must divide a day evenly.
    tz : str
        IANA time zone. The index is built in that zone's civil time.
    """
    if time_step_min <= 0 or (24 * 60) % time_step_min:
        raise ValueError(f"time_step_min must divide 1440 minutes evenly, got {time_step_min}")
    start = pd.Timestamp(year=year, month=1, day=1, tz=tz)
    end = pd.Timestamp(year=year + 1, month=1, day=1, tz=tz)
    return pd.date_range(start, end, freq=f"{time_step_min}min", inclusive="left", name="time")


def clearsky_irradiance(
    location: pvlib.location.Location,
    times: pd.DatetimeIndex,
    time_step_min: float | None = None,
    label: str = "beginning",
) -> pd.DataFrame:
    """Ineichen–Perez clear-sky irradiance with offline Linke turbidity climatology.

    Parameters
    ----------
    location : pvlib.location.Location
        Site; its ``altitude`` [m] sets the air-mass correction.
    times : pandas.DatetimeIndex
        Timezone-aware interval labels.
    time_step_min : float, optional
        Interval length [min]; inferred from ``times`` when omitted.
    label : {"beginning", "center", "ending"}
        What the labels mark. The solar position is computed at the interval midpoint.

    Returns
    -------
    pandas.DataFrame
        ``ghi``, ``dni``, ``dhi`` [W/m²] and ``solar_elevation`` [deg] at the interval midpoint,
        indexed by ``times``. ``attrs`` give units and the interval convention.

    References
    ----------
    .. [1] P. Ineichen and R. Perez, "A new airmass independent formulation for the Linke turbidity
       coefficient", Solar Energy 73(3), 151–157, 2002. doi:10.1016/S0038-092X(02)00045-2
    .. [2] pvlib-python: ``Location.get_clearsky(model="ineichen")`` with the bundled
       ``LinkeTurbidities.h5`` monthly climatology (Remund et al. 2003).
    """
    _require_tz(times, "times")
    if label not in _LABELS:
        raise ValueError(f"label must be one of {', '.join(_LABELS)}, got '{label}'")
    if time_step_min is None:
        if len(times) < 2:
            raise ValueError("time_step_min is required for fewer than two timestamps")
        time_step_min = (times[1] - times[0]).total_seconds() / 60.0
    midpoints = times + pd.Timedelta(minutes=time_step_min * _LABELS[label])
    solpos = location.get_solarposition(midpoints)
    cs = location.get_clearsky(midpoints, model="ineichen", solar_position=solpos)
    out = pd.DataFrame(
        {
            "ghi": cs["ghi"].to_numpy(),
            "dni": cs["dni"].to_numpy(),
            "dhi": cs["dhi"].to_numpy(),
            "solar_elevation": solpos["apparent_elevation"].to_numpy(),
        },
        index=times,
    )
    out.attrs["units"] = {"ghi": "W/m2", "dni": "W/m2", "dhi": "W/m2", "solar_elevation": "deg"}
    out.attrs["interval_label"] = label
    out.attrs["time_step_min"] = time_step_min
    return out


def monthly_irradiation_kwh_m2(
    irradiance: pd.DataFrame | pd.Series, time_step_min: float
) -> pd.DataFrame:
    """Monthly irradiation [kWh/m²] from interval-mean irradiance [W/m²].

    The index must be timezone-aware and complete: every interval of each month present. Missing
    intervals are an error (naming how many and the first), because a monthly sum over a gap would
    be silently low.
    """
    frame = irradiance.to_frame() if isinstance(irradiance, pd.Series) else irradiance
    _require_tz(frame.index, "irradiance")
    full = pd.date_range(
        frame.index[0].floor("D"),
        frame.index[-1].floor("D") + pd.Timedelta(days=1),
        freq=f"{time_step_min}min",
        inclusive="left",
        tz=frame.index.tz,
    )
    missing = full.difference(frame.index)
    if len(missing):
        raise ValueError(
            f"irradiance has {len(missing)} missing intervals (first at {missing[0]}); "
            "fill or model them before summing"
        )
    years = frame.index.year.unique()
    if len(years) > 1:
        raise ValueError(
            f"irradiance spans the years {years.min()}–{years.max()}; monthly sums would add "
            "the same month of different years: pass one calendar year at a time"
        )
    if frame.isna().any().any():
        bad = frame.isna().sum()
        raise ValueError(f"irradiance has NaN values: {bad[bad > 0].to_dict()}")
    energy = wh_m2_to_kwh_m2(frame * (time_step_min / 60.0))
    monthly = energy.groupby(frame.index.month).sum()
    monthly.index.name = "month"
    monthly.attrs["units"] = "kWh/m2"
    return monthly


def extraterrestrial_daily_irradiation_mj_m2(latitude: float, day_of_year) -> np.ndarray:
    """Daily extraterrestrial irradiation on a horizontal surface, Ra [MJ m-2 day-1].

    Parameters
    ----------
    latitude : float
        [deg], north positive.
    day_of_year : int or array of int
        1–365 (366).

    Returns
    -------
    numpy.ndarray
        Ra [MJ m-2 day-1] (FAO-56 eq. 21, with eqs. 23–25 for dr, δ and ωs; polar day/night handled
        by clipping the sunset-hour-angle argument).

    References
    ----------
    .. [1] R.G. Allen, L.S. Pereira, D. Raes, M. Smith, "Crop evapotranspiration", FAO Irrigation
       and Drainage Paper 56, Rome, 1998, chapter 3, eqs. 21–25; Example 8 gives
       Ra = 32.2 MJ m-2 day-1 at 20° S on 3 September.
    """
    if not -90 <= latitude <= 90:
        raise ValueError(f"latitude must be in [-90, 90] degrees, got {latitude}")
    j = np.asarray(day_of_year, dtype=float)
    phi = np.radians(latitude)
    dr = 1 + 0.033 * np.cos(2 * np.pi * j / 365)
    delta = 0.409 * np.sin(2 * np.pi * j / 365 - 1.39)
    ws = np.arccos(np.clip(-np.tan(phi) * np.tan(delta), -1.0, 1.0))
    return (
        (24 * 60 / np.pi)
        * SOLAR_CONSTANT_MJ_M2_MIN
        * dr
        * (ws * np.sin(phi) * np.sin(delta) + np.cos(phi) * np.cos(delta) * np.sin(ws))
    )


def day_length_h(latitude: float, day_of_year) -> np.ndarray:
    """Astronomical day length N = 24 ωs / π [h] (FAO-56 eq. 34)."""
    if not -90 <= latitude <= 90:
        raise ValueError(f"latitude must be in [-90, 90] degrees, got {latitude}")
    j = np.asarray(day_of_year, dtype=float)
    delta = 0.409 * np.sin(2 * np.pi * j / 365 - 1.39)
    ws = np.arccos(np.clip(-np.tan(np.radians(latitude)) * np.tan(delta), -1.0, 1.0))
    return 24 * ws / np.pi


def monthly_extraterrestrial_kwh_m2_day(latitude: float) -> pd.DataFrame:
    """Monthly means of daily extraterrestrial irradiation and day length (non-leap year).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` 1–12: ``h0_kwh_m2_day`` (mean of the daily FAO-56 Ra, in kWh m-2 day-1)
        and ``day_length_h``. These are the H0 and N of the Ångström–Prescott relation
        H = (a + b S/N) H0.
    """
    days = pd.date_range("2023-01-01", "2023-12-31", freq="D")
    doy = days.day_of_year.to_numpy()
    frame = pd.DataFrame(
        {
            "h0_kwh_m2_day": mj_to_kwh(extraterrestrial_daily_irradiation_mj_m2(latitude, doy)),
            "day_length_h": day_length_h(latitude, doy),
        },
        index=days,
    )
    out = frame.groupby(days.month).mean()
    out.index.name = "month"
    out.attrs["units"] = {"h0_kwh_m2_day": "kWh/m2/day", "day_length_h": "h"}
    return out


def clearsky_monthly_summary(
    location: pvlib.location.Location, year: int, time_step_min: int = 60
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A year of clear-sky irradiance and its monthly comparison with the extraterrestrial bound.

    Parameters
    ----------
    location : pvlib.location.Location
    year : int
    time_step_min : int
        Interval length [min] of the modelled series.

    Returns
    -------
    series : pandas.DataFrame
        The interval series of :func:`clearsky_irradiance` (labels at interval beginning).
    monthly : pandas.DataFrame
        By ``month``: ``clearsky_ghi_kwh_m2`` (monthly clear-sky irradiation), ``h0_kwh_m2``
        (extraterrestrial horizontal irradiation of the month, FAO-56), ``clearsky_index``
        (their ratio: the most a cloudless sky lets through), ``day_length_h`` (mean).
    """
    times = interval_index(year, time_step_min, str(location.tz))
    series = clearsky_irradiance(location, times, time_step_min, label="beginning")
    ghi = monthly_irradiation_kwh_m2(series["ghi"], time_step_min)["ghi"]
    astro = monthly_extraterrestrial_kwh_m2_day(location.latitude)
    days_in_month = pd.Series(
        pd.date_range(f"{year}-01-01", periods=12, freq="MS").days_in_month, index=astro.index
    )
    monthly = pd.DataFrame(
        {
            "clearsky_ghi_kwh_m2": ghi.to_numpy(),
            "h0_kwh_m2": (astro["h0_kwh_m2_day"] * days_in_month).to_numpy(),
            "day_length_h": astro["day_length_h"].to_numpy(),
        },
        index=astro.index,
    )
    monthly["clearsky_index"] = monthly["clearsky_ghi_kwh_m2"] / monthly["h0_kwh_m2"]
    monthly.attrs["units"] = {
        "clearsky_ghi_kwh_m2": "kWh/m2",
        "h0_kwh_m2": "kWh/m2",
        "day_length_h": "h",
        "clearsky_index": "1",
    }
    return series, monthly
