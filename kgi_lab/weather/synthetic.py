"""Synthetic typical-year weather from 12 monthly means, offline and seeded.

:func:`generate_typical_year` turns twelve monthly means (daily global horizontal irradiation,
air temperature, wind speed) into a year of interval-mean weather in the canonical schema of
:mod:`kgi_lab.weather.schema`. It chains published stochastic models:

1. **Daily clearness index** Kt = H / H0. Each month's daily values follow the generalised
   exponential distribution of Bendt, Collares-Pereira & Rabl (1981), bounded by Kt_min = 0.05
   (Bendt et al.) and the Kt_max of Hollands & Huget (1983), and are linked from day to day by a
   lag-1 autoregressive Gaussian process mapped through that distribution (a Gaussian copula, the
   construction of Graham, Hollands & Unny 1988). This is a documented *equivalent* of the Markov
   transition-matrix library of Aguiar, Collares-Pereira & Conde (1988): the published matrices
   are not reproduced here; what they encode, the distribution of daily Kt for a given monthly
   mean and a day-to-day persistence (lag-1 autocorrelation of daily Kt typically 0.2–0.35), is.
2. **Hourly clearness index** kt, given the day's Kt: the TAG model of Aguiar & Collares-Pereira
   (1992), a mean diurnal profile plus a first-order autoregressive Gaussian residual whose
   variance depends on Kt and the solar elevation, bounded by the clear-sky limit. The limit used
   here is the Ineichen–Perez clear sky with the offline Linke turbidity climatology (as in
   :func:`kgi_lab.weather.clearsky.clearsky_irradiance`), not TAG's generic 0.88 envelope.
3. **Exact monthly totals**: each day is rescaled to its Kt, then each month to its input, both
   capped at clear sky with the excess redistributed over the unclipped intervals ("water
   filling"), so monthly irradiation equals the input to rounding error.
4. **Beam and diffuse**: GHI is split into DNI and DHI by a published decomposition model from
   :mod:`pvlib.irradiance`, by default Louche et al. (1991), with DHI = GHI − DNI·cos(zenith)
   closing exactly. Louche was chosen because it reproduced the beam best of the eight pvlib
   models on the acceptance case (Greensboro NC TMY3, see ``tests/weather/test_synthetic.py``):
   annual DNI within about 1.5 % of the file's, both when applied to the file's own GHI
   (−1.4 %) and to synthetic years (median −1.0 % over 10 seeds); Erbs, DIRINT, DISC and
   Orgill–Hollands came out 5–10 % low and Boland about 20 % low, DIRINDEX 6–12 % high. Louche is
   a kt-only fit from one sunny site (Ajaccio); pass ``decomposition=`` to use another model.
5. **Air temperature**: the monthly mean, interpolated through the year, plus a daily anomaly
   (AR(1), partly correlated with the daily-Kt driver so that clearer days are warmer), plus the
   diurnal profile of Erbs, Klein & Beckman (1983) whose amplitude grows with the day's Kt;
   monthly means are then restored exactly.
6. **Wind speed**: a Weibull distribution (shape k = 2, Rayleigh) around the monthly mean with
   hourly persistence, monthly means restored exactly. **Pressure**: the standard atmosphere at
   the site altitude (:func:`pvlib.atmosphere.alt2pres`), constant.

Interval convention: labels mark the **beginning** of each interval and values are interval
means; the sun's position is evaluated at the interval midpoint
(:func:`kgi_lab.weather.schema.solar_position_times`).

Do not scale a clear-sky year month by month instead: that keeps every hour cloud-free in shape,
so the beam fraction comes out far too high. For the Greensboro TMY3 of the acceptance test it
gives annual DNI +44 % and the yield of a 35°-tilted array +8 % (this generator: about −1 % and
+0.7 %).
"""

from __future__ import annotations

import contextlib
import math
import warnings
import zoneinfo

import numpy as np
import pandas as pd
import pvlib
from scipy.signal import lfilter
from scipy.special import ndtr

from kgi_lab.weather.clearsky import interval_index
from kgi_lab.weather.schema import COLUMNS, INTERVAL_LABELS, UNITS, solar_position_times

__all__ = [
    "DECOMPOSITION_MODELS",
    "KT_MIN",
    "METHOD",
    "SyntheticWeatherWarning",
    "daily_clearness_index",
    "erbs_temperature_profile",
    "generate_typical_year",
    "kt_max_hollands_huget",
    "monthly_means",
    "tag_parameters",
]

#: Identifier of the method, stored in ``attrs["method"]``; bump when the output for a given seed
#: changes.
METHOD = "kgi_lab.synthetic/1: Bendt-AR1 daily Kt + TAG hourly kt + clear-sky cap"

#: Decomposition models accepted by ``decomposition=`` (all from :mod:`pvlib.irradiance`).
DECOMPOSITION_MODELS = (
    "louche",
    "erbs",
    "erbs_driesse",
    "dirint",
    "dirindex",
    "disc",
    "orgill_hollands",
    "boland",
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: Lower bound of daily Kt, Bendt, Collares-Pereira & Rabl (1981).
KT_MIN = 0.05
#: Default wind speed when none is given [m/s] (the same for every month).
DEFAULT_WIND_SPEED_M_S = 2.0
#: Lag-1 correlation of the Gaussian variable behind daily Kt (Graham et al. 1988 model the
#: transformed daily Kt as AR(1)). Through the Bendt transform 0.3 becomes a lag-1
#: autocorrelation of daily Kt of about 0.25, inside the 0.2–0.35 typical of observed series.
DAILY_KT_LAG1 = 0.3
#: Diurnal temperature profile of Erbs, Klein & Beckman (1983): amplitudes and phases [rad] of the
#: four harmonics of t* = 2π(t − 1)/24, t the hour of the day (1–24).
_ERBS_TEMP_HARMONICS = ((0.4632, 3.805), (0.0984, 0.360), (0.0168, 0.822), (0.0138, 3.513))
#: Erbs et al. (1983): daily temperature amplitude A = 25.8 Kt − 5.21 [K], here with the day's Kt.
_ERBS_AMPLITUDE = (25.8, -5.21)
#: Smallest diurnal temperature amplitude used on overcast days [K] (a floor of this module: the
#: Erbs correlation reaches zero at Kt = 0.2).
MIN_TEMP_AMPLITUDE_K = 2.0
#: Daily-mean temperature anomaly: standard deviation [K] and lag-1 correlation (day to day).
#: Generic synoptic values of this module, not fitted to any station; monthly means are restored
#: exactly afterwards.
TEMP_ANOMALY_SD_K = 2.0
TEMP_ANOMALY_LAG1 = 0.7
#: Correlation of that anomaly with the Gaussian driver of daily Kt (clearer days warmer). A module
#: assumption: positive in most climates by day, it can reverse in high-latitude winters.
TEMP_ANOMALY_KT_CORRELATION = 0.3
#: Weibull shape of hourly wind speed (k = 2, the Rayleigh distribution used when only the mean
#: is known, e.g. IEC 61400-1 class definitions) and lag-1 correlation of its Gaussian driver
#: per hour.
WIND_WEIBULL_SHAPE = 2.0
WIND_LAG1_PER_HOUR = 0.9
#: Rejection draws per interval in the TAG model before clipping to [0, clear sky].
_TAG_MAX_DRAWS = 10


class SyntheticWeatherWarning(UserWarning):
    """A documented repair was made while generating synthetic weather (``attrs["repairs"]``)."""


# --- inputs -------------------------------------------------------------------------------------


def _monthly(values, name: str) -> np.ndarray:
    """Twelve finite floats, or a ValueError naming ``name`` and the count given."""
    arr = np.asarray(values, dtype=float).ravel()
    if arr.size != 12:
        raise ValueError(
            f"{name} must have 12 monthly values (January to December), got {arr.size}"
        )
    bad = ~np.isfinite(arr)
    if bad.any():
        month = _MONTHS[int(np.flatnonzero(bad)[0])]
        raise ValueError(f"{name} has {int(bad.sum())} non-finite values (first in {month})")
    return arr


def _validate_temperature(temp: np.ndarray) -> None:
    hot = temp > 60.0
    if hot.any():
        i = int(np.argmax(temp))
        raise ValueError(
            f"temp_air_c has {int(hot.sum())} monthly means above 60 °C (max {temp[i]:g} in "
            f"{_MONTHS[i]}); these look like kelvin: pass degrees Celsius (K − 273.15)"
        )
    cold = temp < -90.0
    if cold.any():
        i = int(np.argmin(temp))
        raise ValueError(
            f"temp_air_c has a monthly mean below -90 °C ({temp[i]:g} in {_MONTHS[i]}); pass "
            "degrees Celsius"
        )


def _validate_nonnegative(values: np.ndarray, name: str, unit: str) -> None:
    neg = values < 0
    if neg.any():
        i = int(np.flatnonzero(neg)[0])
        raise ValueError(
            f"{name} must be >= 0 {unit}; {_MONTHS[i]} is {values[i]:g} "
            f"({int(neg.sum())} negative month(s))"
        )


def _ar1(eps: np.ndarray, lag1: float) -> np.ndarray:
    """Stationary unit-variance AR(1) series z_i = ρ z_{i−1} + √(1 − ρ²) ε_i from innovations ε."""
    out = np.empty_like(eps)
    out[0] = eps[0]
    if eps.size > 1:
        out[1:], _ = lfilter([math.sqrt(1.0 - lag1**2)], [1.0, -lag1], eps[1:], zi=[lag1 * eps[0]])
    return out


# --- daily clearness index: Bendt et al. (1981) distribution, AR(1) Gaussian copula ------------


def kt_max_hollands_huget(kt_mean):
    """Upper bound of daily Kt for a monthly mean Kt, Hollands & Huget (1983).

    Kt_max = 0.6313 + 0.267 K̄t − 11.9 (K̄t − 0.75)^8 [-]; used here as the upper bound of the
    Bendt et al. (1981) distribution (whose lower bound is Kt_min = 0.05).
    """
    kt_mean = np.asarray(kt_mean, dtype=float)
    return 0.6313 + 0.267 * kt_mean - 11.9 * (kt_mean - 0.75) ** 8


def _truncated_exp_mean(u: np.ndarray) -> np.ndarray:
    """Mean of the density ∝ exp(u x) on [0, 1]: 1/(1 − e^−u) − 1/u (→ 1/2 + u/12 at u → 0)."""
    u = np.asarray(u, dtype=float)
    small = np.abs(u) < 1e-4
    safe = np.where(small, 1.0, u)
    exact = -1.0 / np.expm1(-safe) - 1.0 / safe
    return np.where(small, 0.5 + u / 12.0, exact)


def _bendt_shape(kt_mean: np.ndarray, kt_min, kt_max) -> np.ndarray:
    """u = γ (Kt_max − Kt_min) such that the Bendt distribution has mean ``kt_mean``.

    The mean of f(Kt) ∝ exp(γ Kt) on [Kt_min, Kt_max] is Kt_min + (Kt_max − Kt_min) m(u) with m the
    truncated-exponential mean; m is increasing, so bisection on u converges.
    """
    target = (kt_mean - kt_min) / (kt_max - kt_min)
    lo = np.full_like(target, -700.0)
    hi = np.full_like(target, 700.0)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        above = _truncated_exp_mean(mid) > target
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    return 0.5 * (lo + hi)


def _bendt_quantile(p, u, kt_min, kt_max):
    """Inverse CDF of the Bendt et al. (1981) distribution: Kt at cumulative probability ``p``.

    F(Kt) = (e^{γ Kt} − e^{γ Kt_min}) / (e^{γ Kt_max} − e^{γ Kt_min}), so with u = γ (Kt_max −
    Kt_min) and x = (Kt − Kt_min)/(Kt_max − Kt_min): x = ln(1 + p (e^u − 1)) / u.
    """
    small = np.abs(u) < 1e-8
    safe = np.where(small, 1.0, u)
    x = np.where(small, p, np.log1p(p * np.expm1(safe)) / safe)
    return kt_min + (kt_max - kt_min) * np.clip(x, 0.0, 1.0)


def daily_clearness_index(
    kt_monthly_mean: np.ndarray,
    day_month: np.ndarray,
    rng: np.random.Generator,
    lag1: float = DAILY_KT_LAG1,
) -> tuple[np.ndarray, np.ndarray]:
    """A sequence of daily clearness indices Kt with given monthly means.

    Parameters
    ----------
    kt_monthly_mean : numpy.ndarray
        12 monthly means of daily Kt = H/H0 [-].
    day_month : numpy.ndarray of int
        Month index 0–11 of each day of the sequence.
    rng : numpy.random.Generator
    lag1 : float
        Lag-1 correlation of the Gaussian driver z [-].

    Returns
    -------
    kt : numpy.ndarray
        Daily Kt [-]; the mean over each month's days equals ``kt_monthly_mean`` (to 1e-12).
    z : numpy.ndarray
        The standard-normal AR(1) driver (returned so that temperature can be correlated with it).

    Notes
    -----
    z is a stationary AR(1) process, z_d = ρ z_{d−1} + √(1 − ρ²) ε_d. Day d of month m gets
    Kt_d = F_m⁻¹(Φ(z_d + δ_m)), with F_m the Bendt et al. (1981) distribution for the month's mean
    (Kt_min = 0.05, Kt_max of Hollands & Huget 1983) and δ_m the shift that makes the sample mean of
    the month equal the target exactly. The shift replaces the "regenerate until the monthly mean
    is met" step of Aguiar et al. (1988) and keeps every value inside [Kt_min, Kt_max]. Months
    whose mean is outside (Kt_min, Kt_max) get Kt = mean on every day.
    """
    z = _ar1(rng.standard_normal(day_month.size), lag1)
    kbar = kt_monthly_mean[day_month]
    kmax = kt_max_hollands_huget(kbar)
    ok = (kbar > KT_MIN + 1e-3) & (kbar < kmax - 1e-3)
    u = _bendt_shape(np.where(ok, kbar, 0.5 * (KT_MIN + kmax)), KT_MIN, kmax)
    counts = np.bincount(day_month, minlength=12)
    lo = np.full(12, -10.0)
    hi = np.full(12, 10.0)
    target = np.where(counts > 0, kt_monthly_mean, 0.0)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        kt = _bendt_quantile(ndtr(z + mid[day_month]), u, KT_MIN, kmax)
        mean = np.bincount(day_month, weights=kt, minlength=12) / np.maximum(counts, 1)
        above = mean > target
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    kt = _bendt_quantile(ndtr(z + (0.5 * (lo + hi))[day_month]), u, KT_MIN, kmax)
    # Remove the last bisection residual (< 1e-12 relative) so the month's mean is exact.
    mean = np.bincount(day_month, weights=kt, minlength=12) / np.maximum(counts, 1)
    scale = np.divide(target, mean, out=np.ones(12), where=mean > 0)
    kt = np.where(ok, kt * scale[day_month], kbar)
    return kt, z


# --- hourly clearness index: TAG (Aguiar & Collares-Pereira 1992) ---------------------------------


def tag_parameters(kt_day, sin_elevation):
    """Mean hourly kt, residual standard deviation and lag-1 correlation of the TAG model.

    Parameters
    ----------
    kt_day : array_like
        Daily clearness index Kt [-], broadcastable against ``sin_elevation``.
    sin_elevation : array_like
        Sine of the solar elevation at the interval midpoint [-], > 0.

    Returns
    -------
    ktm, sigma, phi : numpy.ndarray
        ktm = λ + ε exp(−κ / sin α) with λ = −0.19 + 1.12 Kt + 0.24 exp(−8 Kt),
        ε = 0.32 − 1.6 (Kt − 0.5)², κ = 0.19 + 2.27 Kt² − 2.51 Kt³;
        σ = A exp(B (1 − sin α)) with A = 0.14 exp(−20 (Kt − 0.35)²),
        B = 3 (Kt − 0.45)² + 16 Kt⁵; φ = 0.38 + 0.06 cos(7.4 Kt − 2.5).

    Notes
    -----
    In TAG the normalised residual y = (kt − ktm)/σ follows y_h = φ y_{h−1} + r with
    r ~ N(0, 1 − φ²); draws that put kt outside [0, kt_clear-sky] are redrawn. The coefficients
    above are the 1992 paper's as transcribed in independent reimplementations (they could not be
    checked against the paper itself here). The Meteonorm handbook describes a modified TAG with
    φ = 0.148 + 2.356 Kt − 5.195 Kt² + 3.758 Kt³ and σ = 0.32 exp(−50 (Kt − 0.4)²) + 0.002;
    that variant is not implemented.

    References
    ----------
    .. [1] R. Aguiar and M. Collares-Pereira, "TAG: a time-dependent, autoregressive, Gaussian
       model for generating synthetic hourly radiation", Solar Energy 49(3), 167–174, 1992.
       doi:10.1016/0038-092X(92)90068-L
    """
    kt = np.asarray(kt_day, dtype=float)
    sin_a = np.asarray(sin_elevation, dtype=float)
    lam = -0.19 + 1.12 * kt + 0.24 * np.exp(-8.0 * kt)
    eps = 0.32 - 1.6 * (kt - 0.5) ** 2
    kappa = 0.19 + 2.27 * kt**2 - 2.51 * kt**3
    with np.errstate(divide="ignore", over="ignore"):
        ktm = lam + eps * np.exp(-kappa / np.maximum(sin_a, 1e-6))
    a = 0.14 * np.exp(-20.0 * (kt - 0.35) ** 2)
    b = 3.0 * (kt - 0.45) ** 2 + 16.0 * kt**5
    sigma = a * np.exp(b * (1.0 - sin_a))
    phi = 0.38 + 0.06 * np.cos(7.4 * kt - 2.5)
    return ktm, sigma, np.broadcast_to(phi, ktm.shape)


def _tag_kt(kt_day, sin_a, kt_clear, step_h, rng):
    """Hourly kt for a (days, steps) grid with the TAG model, bounded by [0, kt_clear]."""
    n_days, n_steps = sin_a.shape
    day = sin_a > 0
    ktm, sigma, phi = tag_parameters(kt_day[:, None], np.where(day, sin_a, 1e-6))
    ktm = np.clip(ktm, 0.0, kt_clear)  # the mean profile itself must respect the bounds
    phi_step = phi[:, 0] ** step_h  # AR(1) correlation over one interval
    gain = np.sqrt(1.0 - phi_step**2)
    y = rng.standard_normal(n_days)  # stationary start
    kt = np.zeros((n_days, n_steps))
    for j in range(n_steps):
        prev = phi_step * y
        y = prev + gain * rng.standard_normal(n_days)
        live = day[:, j]
        if not live.any():
            continue
        val = ktm[:, j] + sigma[:, j] * y
        bad = live & ((val < 0.0) | (val > kt_clear[:, j]))
        for _ in range(_TAG_MAX_DRAWS):
            if not bad.any():
                break
            y = np.where(bad, prev + gain * rng.standard_normal(n_days), y)
            val = ktm[:, j] + sigma[:, j] * y
            bad = live & ((val < 0.0) | (val > kt_clear[:, j]))
        kt[:, j] = np.where(live, np.clip(val, 0.0, kt_clear[:, j]), 0.0)
    return kt


# --- exact totals under a cap ---------------------------------------------------------------------


def _fill_to_targets(values, caps, groups, targets, fallback):
    """Scale each group's uncapped values so the group sums to its target, never above ``caps``.

    Water filling: find per group the factor f with sum(min(f v, cap)) = target. Values are scaled,
    those exceeding their cap are fixed at it, the rest rescaled, and so on until nothing changes
    (at most as many rounds as intervals; in practice a handful). Groups whose values sum to zero
    are filled in proportion to ``fallback``. Groups whose caps sum to less than the target end at
    their caps.
    """
    n = targets.size
    out = np.minimum(values, caps)
    weights_zero = np.bincount(groups, weights=out, minlength=n) <= 0
    if weights_zero.any():
        use_fb = weights_zero[groups]
        out = np.where(use_fb, np.minimum(fallback, caps), out)
    # Start with nothing capped: f0 = target / sum is a lower bound of the group's factor, and each
    # round only adds intervals that the true factor also caps, so the factor rises to the exact
    # solution of sum(min(f v, cap)) = target in finitely many rounds.
    capped = np.zeros(out.shape, dtype=bool)
    for _ in range(values.size + 1):
        at_cap = np.bincount(groups, weights=np.where(capped, caps, 0.0), minlength=n)
        free = np.bincount(groups, weights=np.where(capped, 0.0, out), minlength=n)
        factor = np.divide(targets - at_cap, free, out=np.ones(n), where=free > 0)
        factor = np.maximum(factor, 0.0)
        new = np.where(capped, caps, out * factor[groups])
        over = (~capped) & (new > caps)
        out = np.minimum(new, caps)
        if not over.any():
            break
        capped |= over
    return out


@contextlib.contextmanager
def _quiet_pvlib_dayofyear():
    """Silence pandas' "DatetimeIndex.dayofyear is deprecated" raised inside pvlib (only that)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"DatetimeIndex\.dayofyear is deprecated")
        yield


# --- decomposition --------------------------------------------------------------------------------


def _decompose(model, ghi, zenith, times, doy, pressure, clear):
    irr = pvlib.irradiance
    if model == "dirindex":
        dni = irr.dirindex(ghi, clear["ghi"], clear["dni"], zenith, times, pressure=pressure)
    elif model == "dirint":
        dni = irr.dirint(ghi, zenith, times, pressure=pressure)
    elif model == "disc":
        dni = irr.disc(ghi, zenith, doy, pressure=pressure)["dni"]
    elif model == "erbs":
        dni = irr.erbs(ghi, zenith, doy)["dni"]
    elif model == "erbs_driesse":
        dni = irr.erbs_driesse(ghi, zenith, doy)["dni"]
    elif model == "orgill_hollands":
        dni = irr.orgill_hollands(ghi, zenith, doy)["dni"]
    elif model == "boland":
        dni = irr.boland(ghi, zenith, doy)["dni"]
    elif model == "louche":
        dni = irr.louche(ghi, zenith, doy)["dni"]
    else:  # pragma: no cover - validated by the caller
        raise ValueError(model)
    return np.nan_to_num(np.asarray(dni, dtype=float), nan=0.0)


# --- temperature and wind -------------------------------------------------------------------------


def erbs_temperature_profile(solar_hour):
    """Normalised diurnal temperature profile of Erbs, Klein & Beckman (1983).

    Parameters
    ----------
    solar_hour : array_like
        Hour of the day [h], 0–24 (here: apparent solar time at the interval midpoint).

    Returns
    -------
    numpy.ndarray
        Σ a_i cos(i t* − b_i) with t* = 2π (t − 1)/24 (t the hour of the day ending the
        averaging hour); multiply by the daily amplitude A [K] and add the daily mean.
    """
    t = np.asarray(solar_hour, dtype=float) + 0.5  # hour-ending numbering of the original fit
    t_star = 2.0 * np.pi * (t - 1.0) / 24.0
    return sum(a * np.cos(i * t_star - b) for i, (a, b) in enumerate(_ERBS_TEMP_HARMONICS, 1))


def _month_index(index: pd.DatetimeIndex) -> np.ndarray:
    return index.month.to_numpy() - 1


def _restore_monthly_mean(values, months, target):
    mean = np.bincount(months, weights=values, minlength=12) / np.bincount(months, minlength=12)
    return values + (target - mean)[months]


# --- main -----------------------------------------------------------------------------------------


def generate_typical_year(
    latitude: float,
    longitude: float,
    ghi_kwh_m2_day,
    temp_air_c,
    wind_speed_m_s=None,
    *,
    tz: str,
    altitude_m: float = 0.0,
    year: int = 2023,
    seed: int = 0,
    time_step_min: int = 60,
    name: str | None = None,
    decomposition: str = "louche",
) -> pd.DataFrame:
    """Generate a synthetic year of weather from 12 monthly means.

    Parameters
    ----------
    latitude, longitude : float
        Site [deg], north and east positive.
    ghi_kwh_m2_day : array_like of 12 floats
        Monthly means of daily global horizontal irradiation, January to December [kWh/m²/day].
        Each must be >= 0 and below the month's extraterrestrial horizontal irradiation.
    temp_air_c : array_like of 12 floats
        Monthly mean air temperature [°C]. Values above 60 °C are rejected as kelvin.
    wind_speed_m_s : array_like of 12 floats, optional
        Monthly mean wind speed [m/s], >= 0. Default: 2.0 m/s in every month
        (:data:`DEFAULT_WIND_SPEED_M_S`).
    tz : str
        IANA time zone of the index, e.g. ``"Asia/Tokyo"`` or ``"Etc/GMT+5"`` (UTC−5 all year).
    altitude_m : float, default 0
        Site altitude [m]; sets the pressure and the clear-sky air mass.
    year : int, default 2023
        Calendar year of the index (2023: not a leap year).
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`; the same seed and inputs give an identical frame.
    time_step_min : int, default 60
        Interval length [min], dividing 1440. TAG is an hourly model: for other steps its lag-1
        correlation φ is applied as φ^(step/60 min) and its variance is unchanged, so sub-hourly
        steps do not gain sub-hourly variability.
    name : str, optional
        Site name stored in ``attrs["name"]``.
    decomposition : str, default "louche"
        GHI → DNI model from :mod:`pvlib.irradiance`, one of :data:`DECOMPOSITION_MODELS`
        (why Louche: see the module docstring). ``"dirindex"`` uses the same Ineichen clear sky
        that caps GHI.

    Returns
    -------
    pandas.DataFrame
        Columns ``ghi``, ``dni``, ``dhi`` [W/m²], ``temp_air`` [°C], ``wind_speed`` [m/s],
        ``pressure`` [Pa], interval means on a timezone-aware index named ``time`` whose labels
        mark the interval beginning. ``attrs``: ``interval_label`` ("beginning"), ``units``,
        ``source``, ``method``, ``seed``, ``latitude``, ``longitude``, ``altitude_m``, ``name``,
        ``decomposition``, ``time_step_min`` and ``repairs`` (a list, empty unless a month's
        input exceeded its clear-sky irradiation).

    Raises
    ------
    ValueError
        Naming the parameter (and month) that is wrong: not 12 finite values, negative
        irradiation or wind, irradiation at or above the extraterrestrial value, temperatures that
        look like kelvin, an unknown decomposition model.

    Warns
    -----
    SyntheticWeatherWarning
        When a month's input irradiation exceeds what the clear-sky model allows; that month is
        then capped at the extraterrestrial irradiance instead (counted in ``attrs["repairs"]``).

    Notes
    -----
    Guarantees: the monthly GHI totals equal the input (relative error ~1e-15);
    GHI ≤ clear sky (except in repaired months, ≤ extraterrestrial); DNI, DHI >= 0;
    GHI = DHI + DNI·cos(zenith) with the true zenith at the interval midpoint; all irradiance is
    zero when the sun is below the horizon at the interval midpoint. Monthly mean temperature and
    wind speed also equal the inputs.

    The daily and hourly models are described in the module docstring and in
    :func:`daily_clearness_index` and :func:`tag_parameters`. Extraterrestrial irradiance is
    Spencer's (1971) via :func:`pvlib.irradiance.get_extra_radiation`; daily and monthly H0 are the
    sums of the interval-midpoint values, so Kt, the TAG kt and the validation bound are mutually
    consistent. The order of work per interval grid is: daily Kt → TAG kt → each day rescaled to
    its Kt under the clear-sky cap → each month rescaled to its input under the same cap →
    decomposition → temperature and wind. Random numbers are drawn in that order from one
    generator, so changing ``decomposition`` leaves GHI, temperature and wind unchanged.

    Temperature and wind use module constants that are not from a cited source and were not
    fitted to any station: daily-mean anomaly σ = :data:`TEMP_ANOMALY_SD_K`, lag-1
    :data:`TEMP_ANOMALY_LAG1`, correlation with the daily-Kt driver
    :data:`TEMP_ANOMALY_KT_CORRELATION`, a floor :data:`MIN_TEMP_AMPLITUDE_K` on the Erbs
    amplitude, hourly wind lag-1 :data:`WIND_LAG1_PER_HOUR`. Wind has no diurnal cycle.

    References
    ----------
    .. [1] R.J. Aguiar, M. Collares-Pereira and J.P. Conde, "Simple procedure for generating
       sequences of daily radiation values using a library of Markov transition matrices",
       Solar Energy 40(3), 269–279, 1988. doi:10.1016/0038-092X(88)90049-7
    .. [2] R. Aguiar and M. Collares-Pereira, "TAG: a time-dependent, autoregressive, Gaussian
       model for generating synthetic hourly radiation", Solar Energy 49(3), 167–174, 1992.
       doi:10.1016/0038-092X(92)90068-L
    .. [3] P. Bendt, M. Collares-Pereira and A. Rabl, "The frequency distribution of daily
       insolation values", Solar Energy 27(1), 1–5, 1981. doi:10.1016/0038-092X(81)90013-X
    .. [4] K.G.T. Hollands and R.G. Huget, "A probability density function for the clearness
       index, with applications", Solar Energy 30(3), 195–209, 1983.
    .. [5] V.A. Graham, K.G.T. Hollands and T.E. Unny, "A time series model for Kt with
       application to global synthetic weather generation", Solar Energy 40(2), 83–92, 1988.
    .. [6] A. Louche, G. Notton, P. Poggi and G. Simonnot, "Correlations for direct normal and
       global horizontal irradiation on a French Mediterranean site", Solar Energy 46(4),
       261–266, 1991. doi:10.1016/0038-092X(91)90072-5
    .. [7] D.G. Erbs, S.A. Klein and J.A. Duffie, "Estimation of the diffuse radiation fraction for
       hourly, daily and monthly-average global radiation", Solar Energy 28(4), 293–302, 1982.
       doi:10.1016/0038-092X(82)90302-4
    .. [8] D.G. Erbs, S.A. Klein and W.A. Beckman, "Estimation of degree-days and ambient
       temperature bin data from monthly-average temperatures", ASHRAE Journal 25(6), 60–65,
       1983.
    .. [9] P. Ineichen and R. Perez, "A new airmass independent formulation for the Linke
       turbidity coefficient", Solar Energy 73(3), 151–157, 2002.
       doi:10.1016/S0038-092X(02)00045-2
    .. [10] J.W. Spencer, "Fourier series representation of the position of the sun", Search
       2(5), 172, 1971 (extraterrestrial irradiance, via pvlib).

    See Also
    --------
    monthly_means : the inverse summary (12 monthly means of a weather frame).
    kgi_lab.weather.clearsky.clearsky_irradiance : the clear-sky model and time convention used.
    """
    if not -90.0 <= latitude <= 90.0:
        raise ValueError(f"latitude must be in [-90, 90] degrees, got {latitude}")
    if not -180.0 <= longitude <= 180.0:
        raise ValueError(f"longitude must be in [-180, 180] degrees, got {longitude}")
    if not isinstance(tz, str) or not tz:
        raise ValueError(
            f"tz must be an IANA time zone name such as 'Asia/Tokyo' or 'Etc/GMT+5', got {tz!r}"
        )
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"tz {tz!r} is not an IANA time zone name (e.g. 'Asia/Tokyo'; fixed UTC-5 is "
            "'Etc/GMT+5')"
        ) from None
    if decomposition not in DECOMPOSITION_MODELS:
        raise ValueError(
            f"decomposition must be one of {', '.join(DECOMPOSITION_MODELS)}, got {decomposition!r}"
        )
    ghi_in = _monthly(ghi_kwh_m2_day, "ghi_kwh_m2_day")
    temp_in = _monthly(temp_air_c, "temp_air_c")
    wind_in = (
        np.full(12, DEFAULT_WIND_SPEED_M_S)
        if wind_speed_m_s is None
        else _monthly(wind_speed_m_s, "wind_speed_m_s")
    )
    _validate_nonnegative(ghi_in, "ghi_kwh_m2_day", "kWh/m2/day")
    _validate_temperature(temp_in)
    _validate_nonnegative(wind_in, "wind_speed_m_s", "m/s")

    index = interval_index(year, time_step_min, tz)  # validates time_step_min and tz
    step_h = time_step_min / 60.0
    n_steps = 1440 // time_step_min
    if len(index) % n_steps:
        raise ValueError(
            f"time zone {tz!r} does not give whole days in {year} ({len(index)} intervals)"
        )
    n_days = len(index) // n_steps
    months = _month_index(index)
    # Calendar days (not intervals / steps per day: a month with a DST change has one hour more or
    # less, and its total is still mean daily irradiation × days).
    days_in_month = pd.date_range(f"{year}-01-01", periods=12, freq="MS").days_in_month.to_numpy()

    # --- geometry at the interval midpoints ---------------------------------------------------
    location = pvlib.location.Location(latitude, longitude, tz=tz, altitude=altitude_m)
    mid = solar_position_times(index, "beginning", pd.Timedelta(minutes=time_step_min))
    solpos = location.get_solarposition(mid)
    zenith = solpos["zenith"].to_numpy()
    cos_z = np.cos(np.radians(zenith))
    sun_up = cos_z > 0.0
    # Day of year (UTC) rather than timestamps: the same values, without pandas' dayofyear
    # deprecation inside pvlib.
    doy = mid.tz_convert("UTC").day_of_year.to_numpy()
    i0 = np.asarray(pvlib.irradiance.get_extra_radiation(doy), dtype=float)
    i0h = np.where(sun_up, i0 * cos_z, 0.0)
    with _quiet_pvlib_dayofyear():
        clear = location.get_clearsky(
            mid, model="ineichen", solar_position=solpos, dni_extra=pd.Series(i0, index=mid)
        )
    ghi_clear = np.where(sun_up, np.minimum(clear["ghi"].to_numpy(), i0h), 0.0)

    # --- validation against the extraterrestrial irradiation ----------------------------------
    h0_month = np.bincount(months, weights=i0h, minlength=12) * step_h / 1000.0 / days_in_month
    too_high = (ghi_in >= h0_month) & (ghi_in > 0)
    if too_high.any():
        i = int(np.flatnonzero(too_high)[0])
        raise ValueError(
            f"ghi_kwh_m2_day for {_MONTHS[i]} is {ghi_in[i]:g} kWh/m2/day, not below the "
            f"extraterrestrial horizontal irradiation of that month at latitude {latitude:g}° "
            f"({h0_month[i]:.3g} kWh/m2/day); is it in kWh/m2/day (MJ/m2/day ÷ 3.6, "
            "Wh/m2/day ÷ 1000)?"
        )
    rng = np.random.default_rng(seed)

    # --- daily Kt ------------------------------------------------------------------------------
    grid = (n_days, n_steps)
    i0h_d = i0h.reshape(grid)
    h0_day = i0h_d.sum(axis=1)
    day_month = months.reshape(grid)[:, n_steps // 2]
    kt_mean = np.divide(ghi_in, h0_month, out=np.zeros(12), where=h0_month > 0)
    kt_day, z_day = daily_clearness_index(kt_mean, day_month, rng)

    # --- hourly kt (TAG), day totals, month totals --------------------------------------------
    sin_a = np.where(sun_up, cos_z, 0.0).reshape(grid)
    kt_clear = np.divide(ghi_clear, i0h, out=np.zeros_like(i0h), where=i0h > 0).reshape(grid)
    kt = _tag_kt(kt_day, sin_a, kt_clear, step_h, rng)
    ghi = (kt * i0h_d).ravel()
    day_id = np.repeat(np.arange(n_days), n_steps)
    ghi = _fill_to_targets(ghi, ghi_clear, day_id, kt_day * h0_day, fallback=ghi_clear)

    target = ghi_in * days_in_month * 1000.0 / step_h  # Σ W/m2 over the month's intervals
    cap = ghi_clear.copy()
    clear_sum = np.bincount(months, weights=ghi_clear, minlength=12)
    repairs = []
    short = target > clear_sum * (1.0 - 1e-12)
    for i in np.flatnonzero(short):
        cap[months == i] = i0h[months == i]
        repairs.append(
            f"{_MONTHS[i]}: input {ghi_in[i]:g} kWh/m2/day exceeds the clear-sky irradiation "
            f"({clear_sum[i] * step_h / 1000 / days_in_month[i]:.3g} kWh/m2/day); GHI capped "
            "at extraterrestrial instead of clear sky in that month"
        )
    if repairs:
        warnings.warn(
            f"{len(repairs)} month(s) above clear sky: " + "; ".join(repairs),
            SyntheticWeatherWarning,
            stacklevel=2,
        )
    ghi = _fill_to_targets(ghi, cap, months, target, fallback=cap)

    # --- beam and diffuse ---------------------------------------------------------------------
    pressure = float(pvlib.atmosphere.alt2pres(altitude_m))
    ghi_s = pd.Series(ghi, index=mid)
    with _quiet_pvlib_dayofyear():
        dni = _decompose(decomposition, ghi_s, solpos["zenith"], mid, doy, pressure, clear)
    dni_max = np.divide(ghi, cos_z, out=np.zeros_like(ghi), where=sun_up)
    dni = np.where(sun_up & (ghi > 0), np.clip(dni, 0.0, np.minimum(dni_max, i0)), 0.0)
    dhi = np.where(sun_up, np.maximum(ghi - dni * cos_z, 0.0), 0.0)

    # --- temperature --------------------------------------------------------------------------
    doy_mid = index[n_steps // 2 :: n_steps].day_of_year.to_numpy().astype(float)
    month_centre = (
        pd.date_range(f"{year}-01-01", periods=12, freq="MS").day_of_year.to_numpy()
        + days_in_month / 2.0
        - 0.5
    )
    period = float(n_days)
    base = np.interp(
        doy_mid,
        np.concatenate([month_centre - period, month_centre, month_centre + period]),
        np.tile(temp_in, 3),
    )
    rho = TEMP_ANOMALY_KT_CORRELATION
    anomaly = TEMP_ANOMALY_SD_K * (
        rho * z_day + math.sqrt(1.0 - rho**2) * _ar1(rng.standard_normal(n_days), TEMP_ANOMALY_LAG1)
    )
    amplitude = np.maximum(_ERBS_AMPLITUDE[0] * kt_day + _ERBS_AMPLITUDE[1], MIN_TEMP_AMPLITUDE_K)
    utc = mid.tz_convert("UTC")
    utc_minutes = (utc.hour * 60 + utc.minute + utc.second / 60.0).to_numpy()
    eot_minutes = solpos["equation_of_time"].to_numpy()
    solar_hour = ((utc_minutes + 4.0 * longitude + eot_minutes) / 60.0) % 24.0
    temp = np.repeat(base + anomaly, n_steps) + np.repeat(
        amplitude, n_steps
    ) * erbs_temperature_profile(solar_hour)
    temp = _restore_monthly_mean(temp, months, temp_in)

    # --- wind ---------------------------------------------------------------------------------
    zw = _ar1(rng.standard_normal(len(index)), WIND_LAG1_PER_HOUR**step_h)
    weibull = (-np.log1p(-ndtr(zw) * (1 - 1e-16))) ** (1.0 / WIND_WEIBULL_SHAPE)
    wmean = np.bincount(months, weights=weibull, minlength=12) / np.bincount(months, minlength=12)
    wind = weibull * (wind_in / wmean)[months]

    frame = pd.DataFrame(
        {
            "ghi": ghi,
            "dni": dni,
            "dhi": dhi,
            "temp_air": temp,
            "wind_speed": wind,
            "pressure": np.full(len(index), pressure),
        },
        index=index,
    )[list(COLUMNS)]
    frame.attrs.update(
        {
            "interval_label": "beginning",
            "units": dict(UNITS),
            "source": (
                f"kgi_lab synthetic typical year ({METHOD}; decomposition {decomposition}); "
                f"seed={seed}; inputs: GHI {ghi_in.min():.3g}–{ghi_in.max():.3g} kWh/m2/day "
                f"(mean {ghi_in @ days_in_month / days_in_month.sum():.3g}), "
                f"temp_air {temp_in.min():.3g}–{temp_in.max():.3g} degC, wind "
                f"{wind_in.min():.3g}–{wind_in.max():.3g} m/s"
                + (" (default)" if wind_speed_m_s is None else "")
            ),
            "method": METHOD,
            "seed": seed,
            "latitude": float(latitude),
            "longitude": float(longitude),
            "altitude_m": float(altitude_m),
            "name": name,
            "decomposition": decomposition,
            "time_step_min": time_step_min,
            "repairs": repairs,
        }
    )
    return frame


def monthly_means(
    weather: pd.DataFrame,
    interval_label: str | None = None,
    time_step_min: float | None = None,
) -> pd.DataFrame:
    """The 12 monthly means a synthetic year is generated from, measured on a weather frame.

    Parameters
    ----------
    weather : pandas.DataFrame
        Interval-mean weather with ``ghi`` [W/m²], ``temp_air`` [°C] and ``wind_speed`` [m/s] on a
        timezone-aware index. Several years may be mixed (as in TMY files); months are pooled.
    interval_label : {"beginning", "ending", "center", "instantaneous"}, optional
        What the labels mark; defaults to ``weather.attrs["interval_label"]``. Each interval is
        assigned to the month of its midpoint, so hour-ending files (TMY3: ``01:00`` of 1 January
        is 00:00–01:00) count their last interval in December.
    time_step_min : float, optional
        Interval length [min]; default: the most common step between consecutive labels.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` 1–12: ``ghi_kwh_m2_day`` (the month's irradiation divided by the
        number of whole days its intervals cover), ``temp_air_c`` and ``wind_speed_m_s`` (means
        over the month's intervals).
    """
    if interval_label is None:
        interval_label = weather.attrs.get("interval_label")
        if interval_label is None:
            raise ValueError(
                "weather has no attrs['interval_label']; pass interval_label= (TMY2/TMY3 files "
                "are 'ending')"
            )
    if interval_label not in INTERVAL_LABELS:
        raise ValueError(
            f"interval_label must be one of {sorted(INTERVAL_LABELS)}, got {interval_label!r}"
        )
    missing = [c for c in ("ghi", "temp_air", "wind_speed") if c not in weather.columns]
    if missing:
        raise ValueError(f"weather lacks the column(s) {', '.join(missing)}")
    if time_step_min is None:
        steps = pd.Series(weather.index[1:] - weather.index[:-1])
        steps = steps[steps > pd.Timedelta(0)]
        if steps.empty:
            raise ValueError("cannot infer the time step; pass time_step_min=")
        step = steps.mode().iloc[0]
    else:
        step = pd.Timedelta(minutes=time_step_min)
    mid = solar_position_times(weather.index, interval_label, step)
    month = pd.Index(mid.month, name="month")
    cols = weather[["ghi", "temp_air", "wind_speed"]]
    if cols.isna().any().any():
        bad = cols.isna().sum()
        raise ValueError(f"weather has NaN values: {bad[bad > 0].to_dict()}")
    grouped = cols.groupby(month).mean()
    # Irradiation per day: the month's total over the whole days its intervals cover, rounded so
    # that a month with a DST change (743 or 745 hours) still counts 31 days. (Counting distinct
    # dates instead would fail on TMY files, whose leap-year February can end on a "29th".)
    hours = step / pd.Timedelta(hours=1)
    total_kwh = cols["ghi"].groupby(month).sum() * hours / 1000.0
    n_days = (cols["ghi"].groupby(month).size() * hours / 24.0).round()
    out = pd.DataFrame(
        {
            "ghi_kwh_m2_day": total_kwh / n_days,
            "temp_air_c": grouped["temp_air"],
            "wind_speed_m_s": grouped["wind_speed"],
        }
    )
    out.attrs["units"] = {
        "ghi_kwh_m2_day": "kWh m-2 day-1",
        "temp_air_c": "degC",
        "wind_speed_m_s": "m s-1",
    }
    return out
