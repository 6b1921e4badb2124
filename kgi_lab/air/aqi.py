"""Air-quality indices: the US EPA AQI (2024) and China's HJ 633-2012 IAQI/AQI.

Both map an averaged concentration to a sub-index by linear interpolation inside a breakpoint
table; the overall index is the maximum of the pollutants' sub-indices and the pollutant giving it
is the primary (responsible) pollutant. They differ in the details that decide the integer:

US EPA (Technical Assistance Document, May 2024, EPA-454/B-24-002)
    1. truncate the concentration: O3 to 0.001 ppm, PM2.5 to 0.1 µg/m³, PM10 to 1 µg/m³, CO to
       0.1 ppm, SO2 and NO2 to 1 ppb;
    2. find the band whose breakpoints contain it;
    3. interpolate linearly;
    4. round to the nearest integer (halves up).
    Float noise matters at step 1: the 24-h mean of 24 hourly values of 9.1 µg/m³ is
    9.099999999999998 in binary floating point and would truncate to 9.0 (AQI 50 instead of 51).
    Truncation therefore treats values within 1e-6 of the next step as that step.
China HJ 633-2012
    the individual index (IAQI) is interpolated from the concentration as given and rounded UP to
    the next integer (进位取整).

Concentrations must already be the averages the table asks for (24-h mean, 8-h mean, 1-h value)
in the table's units: µg/m³ except US O3/CO in ppm, US SO2/NO2 in ppb, China's CO in mg/m³.
Convert ppm data with :func:`kgi_lab.units.ppm_to_ug_m3` first where needed. Every function
accepts scalars, numpy arrays, pandas Series and xarray DataArrays (the result has the same type
and coordinates).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

__all__ = [
    "CN_CATEGORIES",
    "CN_IAQI_BREAKPOINTS",
    "US_AQI_BREAKPOINTS",
    "US_CATEGORIES",
    "aqi_category",
    "cn_iaqi",
    "overall_aqi",
    "us_aqi",
    "us_truncate",
]

#: US EPA AQI breakpoints (TAD May 2024, Table 6): per pollutant and averaging time, the units,
#: the truncation decimals and the bands (C_lo, C_hi, I_lo, I_hi). ``above_top`` says what a
#: concentration above the last band gives: ``"cap"`` (500, "beyond the AQI") or ``"nan"`` (the
#: averaging time does not define it: 8-h O3 above 0.200 ppm → use 1-h O3; 1-h SO2 above
#: 304 ppb → use 24-h SO2). 1-h O3 starts at 0.125 ppm and 24-h SO2 at 305 ppb: below, NaN.
US_AQI_BREAKPOINTS: dict[str, dict[str, Any]] = {
    "o3_8h": {
        "units": "ppm",
        "decimals": 3,
        "above_top": "nan",
        "bands": [
            (0.000, 0.054, 0, 50),
            (0.055, 0.070, 51, 100),
            (0.071, 0.085, 101, 150),
            (0.086, 0.105, 151, 200),
            (0.106, 0.200, 201, 300),
        ],
    },
    "o3_1h": {
        "units": "ppm",
        "decimals": 3,
        "above_top": "cap",
        "bands": [
            (0.125, 0.164, 101, 150),
            (0.165, 0.204, 151, 200),
            (0.205, 0.404, 201, 300),
            (0.405, 0.604, 301, 500),
        ],
    },
    "pm25_24h": {
        "units": "ug m-3",
        "decimals": 1,
        "above_top": "cap",
        "bands": [
            (0.0, 9.0, 0, 50),
            (9.1, 35.4, 51, 100),
            (35.5, 55.4, 101, 150),
            (55.5, 125.4, 151, 200),
            (125.5, 225.4, 201, 300),
            (225.5, 325.4, 301, 500),
        ],
    },
    "pm10_24h": {
        "units": "ug m-3",
        "decimals": 0,
        "above_top": "cap",
        "bands": [
            (0, 54, 0, 50),
            (55, 154, 51, 100),
            (155, 254, 101, 150),
            (255, 354, 151, 200),
            (355, 424, 201, 300),
            (425, 604, 301, 500),
        ],
    },
    "co_8h": {
        "units": "ppm",
        "decimals": 1,
        "above_top": "cap",
        "bands": [
            (0.0, 4.4, 0, 50),
            (4.5, 9.4, 51, 100),
            (9.5, 12.4, 101, 150),
            (12.5, 15.4, 151, 200),
            (15.5, 30.4, 201, 300),
            (30.5, 50.4, 301, 500),
        ],
    },
    "so2_1h": {
        "units": "ppb",
        "decimals": 0,
        "above_top": "nan",
        "bands": [(0, 35, 0, 50), (36, 75, 51, 100), (76, 185, 101, 150), (186, 304, 151, 200)],
    },
    "so2_24h": {
        "units": "ppb",
        "decimals": 0,
        "above_top": "cap",
        "bands": [(305, 604, 201, 300), (605, 1004, 301, 500)],
    },
    "no2_1h": {
        "units": "ppb",
        "decimals": 0,
        "above_top": "cap",
        "bands": [
            (0, 53, 0, 50),
            (54, 100, 51, 100),
            (101, 360, 101, 150),
            (361, 649, 151, 200),
            (650, 1249, 201, 300),
            (1250, 2049, 301, 500),
        ],
    },
}

#: US AQI categories (TAD 2024 Table 1): (lowest AQI, name, colour name, hex colour). Hex values
#: from the TAD's RGB formulas as reproduced in public code [C].
US_CATEGORIES = (
    (0, "Good", "Green", "#00E400"),
    (51, "Moderate", "Yellow", "#FFFF00"),
    (101, "Unhealthy for Sensitive Groups", "Orange", "#FF7E00"),
    (151, "Unhealthy", "Red", "#FF0000"),
    (201, "Very Unhealthy", "Purple", "#8F3F97"),
    (301, "Hazardous", "Maroon", "#7E0023"),
)

#: China HJ 633-2012 Table 1: IAQI levels and concentration breakpoints [µg/m³; CO mg/m³].
#: ``above_top`` as for the US table: 1-h SO2 above 800 µg/m³ is not indexed (report the 24-h
#: SO2 IAQI) and 8-h O3 above 800 µg/m³ is not indexed (use 1-h O3).
CN_IAQI_BREAKPOINTS: dict[str, dict[str, Any]] = {
    "so2_24h": {"units": "ug m-3", "bp": [0, 50, 150, 475, 800, 1600, 2100, 2620]},
    "so2_1h": {"units": "ug m-3", "bp": [0, 150, 500, 650, 800], "above_top": "nan"},
    "no2_24h": {"units": "ug m-3", "bp": [0, 40, 80, 180, 280, 565, 750, 940]},
    "no2_1h": {"units": "ug m-3", "bp": [0, 100, 200, 700, 1200, 2340, 3090, 3840]},
    "pm10_24h": {"units": "ug m-3", "bp": [0, 50, 150, 250, 350, 420, 500, 600]},
    "co_24h": {"units": "mg m-3", "bp": [0, 2, 4, 14, 24, 36, 48, 60]},
    "co_1h": {"units": "mg m-3", "bp": [0, 5, 10, 35, 60, 90, 120, 150]},
    "o3_1h": {"units": "ug m-3", "bp": [0, 160, 200, 300, 400, 800, 1000, 1200]},
    "o3_8h": {"units": "ug m-3", "bp": [0, 100, 160, 215, 265, 800], "above_top": "nan"},
    "pm25_24h": {"units": "ug m-3", "bp": [0, 35, 75, 115, 150, 250, 350, 500]},
}
_CN_IAQI_LEVELS = (0, 50, 100, 150, 200, 300, 400, 500)

#: China AQI categories (HJ 633-2012): (lowest AQI, Chinese name, English, colour).
CN_CATEGORIES = (
    (0, "优", "Excellent", "Green"),
    (51, "良", "Good", "Yellow"),
    (101, "轻度污染", "Lightly polluted", "Orange"),
    (151, "中度污染", "Moderately polluted", "Red"),
    (201, "重度污染", "Heavily polluted", "Purple"),
    (301, "严重污染", "Severely polluted", "Maroon"),
)

#: Values within this many units of the last kept decimal are float noise (US truncation).
_TRUNCATION_EPS = 1e-6
#: Margin for the final rounding (US, half up) and ceiling (China) of an index.
_INDEX_EPS = 1e-6


def _apply(func, concentration: Any, name: str, attrs: dict) -> Any:
    """Apply a numpy kernel to scalar / array / Series / DataArray input, keeping the type."""
    if isinstance(concentration, xr.DataArray):
        out = xr.apply_ufunc(func, concentration, dask="parallelized", output_dtypes=[float])
        out.attrs = dict(attrs)
        return out.rename(name)
    if isinstance(concentration, pd.Series):
        return pd.Series(
            func(concentration.to_numpy(dtype=float)), index=concentration.index, name=name
        )
    out = func(np.asarray(concentration, dtype=float))
    return out if np.ndim(out) else float(out)


def _check_non_negative(arr: np.ndarray, what: str) -> None:
    if np.any(arr < 0):
        raise ValueError(
            f"{what}: {int((arr < 0).sum())} negative concentration(s) (first {arr[arr < 0][0]:g}); "
            "clean the data first (kgi_lab.air.io.clean())"
        )


def _us_table(pollutant: str) -> dict[str, Any]:
    try:
        return US_AQI_BREAKPOINTS[pollutant]
    except KeyError:
        raise ValueError(
            f"unknown US AQI pollutant '{pollutant}'; known: {', '.join(US_AQI_BREAKPOINTS)}"
        ) from None


def _truncate(arr: np.ndarray, decimals: int) -> np.ndarray:
    scale = 10**decimals
    return np.floor(arr * scale + _TRUNCATION_EPS) / scale


def us_truncate(concentration: Any, pollutant: str) -> Any:
    """Truncate a concentration as the US EPA AQI requires (step 1 of the calculation).

    Parameters
    ----------
    concentration : scalar, array, Series or DataArray
        The averaged concentration in the table's units (``US_AQI_BREAKPOINTS[p]["units"]``).
    pollutant : str
        A key of :data:`US_AQI_BREAKPOINTS` (``"pm25_24h"``, ``"o3_8h"`` …).

    Returns
    -------
    same type as ``concentration``
        Truncated to the pollutant's decimals; values within 1e-6 of the next step are taken as
        that step (float noise: the mean of 24 × 9.1 is 9.0999…98 and truncates to 9.1).

    References
    ----------
    .. [1] US EPA, Technical Assistance Document for the Reporting of Daily Air Quality - the Air
       Quality Index (AQI), EPA-454/B-24-002, May 2024; AirNow, "The AQI Equation (2024)",
       https://forum.airnowtech.org/t/the-aqi-equation-2024-valid-beginning-may-6th-2024/453 .
    """
    table = _us_table(pollutant)

    def kernel(arr: np.ndarray) -> np.ndarray:
        return _truncate(arr, table["decimals"])

    return _apply(kernel, concentration, pollutant, {"units": table["units"]})


def us_aqi(concentration: Any, pollutant: str) -> Any:
    """US EPA AQI sub-index of one pollutant (2024 breakpoints).

    Parameters
    ----------
    concentration : scalar, array, Series or DataArray
        The concentration averaged as the key says, in the table's units: ``"o3_8h"`` (8-h mean,
        ppm), ``"o3_1h"`` (ppm), ``"pm25_24h"`` and ``"pm10_24h"`` (24-h means, µg/m³),
        ``"co_8h"`` (ppm), ``"so2_1h"``, ``"so2_24h"`` and ``"no2_1h"`` (ppb). NaN stays NaN.
    pollutant : str
        A key of :data:`US_AQI_BREAKPOINTS`.

    Returns
    -------
    same type as ``concentration``
        The integer-valued AQI (as float, NaN where undefined). Above the last band: 500 ("beyond
        the AQI") for most keys; NaN for 8-h O3 above 0.200 ppm (use 1-h O3) and 1-h SO2 above
        304 ppb (use 24-h SO2). NaN below 0.125 ppm for 1-h O3 and below 305 ppb for 24-h SO2.

    Raises
    ------
    ValueError
        Unknown pollutant key, or negative concentrations (clean the data first).

    Notes
    -----
    Truncate (:func:`us_truncate`), find the band, interpolate
    ``I = (I_hi - I_lo) / (C_hi - C_lo) × (C - C_lo) + I_lo``, round half up.
    2024 revision: PM2.5 bands start 0.0–9.0 and 9.1–35.4 µg/m³, and the two "Hazardous" bands
    (301–400, 401–500) are one band 301–500 for every pollutant, as tabulated in public code
    citing the 2024 TAD [C] (the pre-2024 split bands are in kawasaki-facts.md §3d).
    domain-notes.md warns that one of the TAD's own 1-hour O3 examples contradicts its rule; the
    TAD's example text could not be retrieved here, so kgi_lab follows the written rule (1-h O3
    truncated to 0.001 ppm and indexed only from 0.125 ppm; report the higher of the 8-h and 1-h
    O3 sub-indices when both exist).

    References
    ----------
    .. [1] US EPA, EPA-454/B-24-002 (May 2024), Section IV and Table 6; 89 FR 16202 (6 March
       2024) for the PM2.5 breakpoints.
    .. [2] AirNow, "The AQI Equation (2024)" (truncation and rounding).

    Examples
    --------
    >>> us_aqi(35.9, "pm25_24h")
    102.0
    >>> us_aqi(0.07853, "o3_8h")  # truncated to 0.078 ppm; 125.5 rounds up
    126.0
    """
    table = _us_table(pollutant)
    bands = np.asarray(table["bands"], dtype=float)
    c_lo, c_hi, i_lo, i_hi = bands.T

    def kernel(arr: np.ndarray) -> np.ndarray:
        _check_non_negative(arr, f"us_aqi('{pollutant}')")
        c = _truncate(arr, table["decimals"])
        k = np.clip(np.searchsorted(c_lo, c, side="right") - 1, 0, len(bands) - 1)
        index = (i_hi[k] - i_lo[k]) / (c_hi[k] - c_lo[k]) * (c - c_lo[k]) + i_lo[k]
        index = np.floor(index + 0.5 + _INDEX_EPS)
        index = np.where(c < c_lo[0], np.nan, index)
        top = i_hi[-1] if table["above_top"] == "cap" else np.nan
        return np.where(c > c_hi[-1], top, np.where(np.isnan(c), np.nan, index))

    return _apply(
        kernel, concentration, f"aqi_{pollutant}", {"units": "1", "scheme": "US EPA 2024"}
    )


def cn_iaqi(concentration: Any, pollutant: str) -> Any:
    """China HJ 633-2012 individual air quality index (IAQI) of one pollutant.

    Parameters
    ----------
    concentration : scalar, array, Series or DataArray
        ``"so2_24h"``, ``"so2_1h"``, ``"no2_24h"``, ``"no2_1h"``, ``"pm10_24h"``,
        ``"pm25_24h"``, ``"o3_1h"``, ``"o3_8h"`` in µg/m³; ``"co_24h"``, ``"co_1h"`` in mg/m³
        (as GB 3095-2012 states them: gases at 25 °C since the 2018 amendment).
    pollutant : str
        A key of :data:`CN_IAQI_BREAKPOINTS`.

    Returns
    -------
    same type as ``concentration``
        The IAQI, rounded UP to an integer (float; NaN for NaN input). Above the last breakpoint
        the IAQI is 500 (top of the scale) except for 1-h SO2 above 800 µg/m³ and 8-h O3 above
        800 µg/m³, which HJ 633 does not index (NaN: use 24-h SO2 / 1-h O3).

    Notes
    -----
    ``IAQI = (IAQI_hi - IAQI_lo) / (BP_hi - BP_lo) × (C - BP_lo) + IAQI_lo``, then the ceiling;
    a margin of 1e-6 keeps float noise at a breakpoint (35 µg/m³ → exactly 50) from adding 1.

    References
    ----------
    .. [1] HJ 633-2012 环境空气质量指数(AQI)技术规定(试行), Table 1 and formula (1); the table as
       corroborated by >= 8 independent public implementations (kawasaki-facts.md §3c; not read
       from the standard itself). Rounding up: shared/reference/domain-notes.md.

    Examples
    --------
    >>> cn_iaqi(80, "pm25_24h")  # (150-100)/(115-75)*(80-75)+100 = 106.25 -> 107
    107.0
    """
    try:
        table = CN_IAQI_BREAKPOINTS[pollutant]
    except KeyError:
        raise ValueError(
            f"unknown China IAQI pollutant '{pollutant}'; known: {', '.join(CN_IAQI_BREAKPOINTS)}"
        ) from None
    bp = np.asarray(table["bp"], dtype=float)
    levels = np.asarray(_CN_IAQI_LEVELS[: bp.size], dtype=float)

    def kernel(arr: np.ndarray) -> np.ndarray:
        _check_non_negative(arr, f"cn_iaqi('{pollutant}')")
        k = np.clip(np.searchsorted(bp, arr, side="left"), 1, bp.size - 1)
        index = (levels[k] - levels[k - 1]) / (bp[k] - bp[k - 1]) * (arr - bp[k - 1]) + levels[
            k - 1
        ]
        index = np.ceil(index - _INDEX_EPS) + 0.0  # + 0.0 turns -0.0 into 0.0
        top = levels[-1] if table.get("above_top", "cap") == "cap" else np.nan
        return np.where(arr > bp[-1], top, np.where(np.isnan(arr), np.nan, index))

    return _apply(
        kernel, concentration, f"iaqi_{pollutant}", {"units": "1", "scheme": "HJ 633-2012"}
    )


def aqi_category(aqi: Any, scheme: str = "US", language: str = "en") -> Any:
    """Category name of AQI values.

    Parameters
    ----------
    aqi : scalar, array, Series or DataArray
        Integer-valued AQI (NaN → "").
    scheme : {"US", "CN"}
        US EPA (Good … Hazardous) or China HJ 633 (优 … 严重污染).
    language : {"en", "zh", "colour"}
        English name, Chinese name (CN only) or the colour name.

    Returns
    -------
    str or array of str (same container as ``aqi``)

    References
    ----------
    .. [1] US EPA, EPA-454/B-24-002 (May 2024), Table 1.
    .. [2] HJ 633-2012 Table 2, as summarised in kawasaki-facts.md §3c.
    """
    if scheme.upper() == "US":
        table = US_CATEGORIES
        column = {"en": 1, "colour": 2}.get(language)
    elif scheme.upper() == "CN":
        table = CN_CATEGORIES
        column = {"zh": 1, "en": 2, "colour": 3}.get(language)
    else:
        raise ValueError(f"scheme must be 'US' or 'CN', got '{scheme}'")
    if column is None:
        raise ValueError(f"language '{language}' is not available for scheme '{scheme}'")
    lows = np.asarray([row[0] for row in table], dtype=float)
    names = np.asarray([row[column] for row in table] + [""], dtype=object)

    def kernel(arr: np.ndarray) -> np.ndarray:
        k = np.searchsorted(lows, np.where(np.isnan(arr), 0, arr), side="right") - 1
        return names[np.where(np.isnan(arr), len(table), k)]

    if isinstance(aqi, xr.DataArray):
        return xr.apply_ufunc(kernel, aqi, output_dtypes=[object]).rename("category")
    if isinstance(aqi, pd.Series):
        return pd.Series(kernel(aqi.to_numpy(dtype=float)), index=aqi.index, name="category")
    out = kernel(np.asarray(aqi, dtype=float))
    return out if np.ndim(out) else str(out)


def overall_aqi(subindices: Mapping[str, Any] | xr.Dataset, scheme: str = "US") -> tuple[Any, Any]:
    """Overall AQI (maximum of the sub-indices) and the primary pollutant(s).

    Parameters
    ----------
    subindices : mapping of name → sub-index (scalars, arrays, Series or DataArrays of one shape),
        or an xarray.Dataset of sub-indices
        e.g. ``{"pm25_24h": us_aqi(pm25, "pm25_24h"), "o3_8h": us_aqi(o3, "o3_8h")}``.
        NaN sub-indices (undefined or missing) are ignored.
    scheme : {"US", "CN"}
        ``"CN"``: the primary pollutant (首要污染物) is named only when the AQI is above 50
        (HJ 633-2012); ``"US"``: the responsible pollutant is always named.

    Returns
    -------
    aqi, primary
        The maximum sub-index (NaN where every sub-index is NaN) and the name(s) of the
        pollutant(s) reaching it, comma-joined when several tie ("" where none). Same container
        as the inputs (DataArray, Series or ndarray; Python scalars for scalar inputs).

    References
    ----------
    .. [1] US EPA, EPA-454/B-24-002 (May 2024), "How to handle values from multiple pollutants".
    .. [2] HJ 633-2012 §5 (AQI = max IAQI; 首要污染物 when AQI > 50).
    """
    if isinstance(subindices, xr.Dataset):
        subindices = {str(k): subindices[k] for k in subindices.data_vars}
    if not subindices:
        raise ValueError("overall_aqi needs at least one sub-index")
    if scheme.upper() not in ("US", "CN"):
        raise ValueError(f"scheme must be 'US' or 'CN', got '{scheme}'")
    names = list(subindices)
    first = subindices[names[0]]
    if isinstance(first, xr.DataArray):
        aligned = xr.align(*[xr.DataArray(subindices[n]) for n in names], join="exact")
        stack = np.stack([a.values.astype(float) for a in aligned])
    else:
        try:
            stack = np.stack([np.asarray(subindices[n], dtype=float) for n in names])
        except ValueError as exc:
            raise ValueError(f"the sub-indices must all have one shape: {exc}") from None
    finite = ~np.isnan(stack)
    best = np.where(finite, stack, -np.inf).max(axis=0)
    aqi = np.where(np.isneginf(best), np.nan, best)
    primary = np.full(aqi.shape, "", dtype=object)
    for i, name in enumerate(names):  # loop over pollutants only (a handful)
        hit = finite[i] & (stack[i] == aqi)
        primary = np.where(hit, np.where(primary == "", name, primary + "," + name), primary)
    if scheme.upper() == "CN":
        primary = np.where(aqi > 50, primary, "")
    if isinstance(first, xr.DataArray):
        template = aligned[0]
        return (
            template.copy(data=aqi).rename("aqi").assign_attrs(units="1", scheme=scheme),
            template.copy(data=primary).rename("primary_pollutant").assign_attrs({}),
        )
    if isinstance(first, pd.Series):
        return pd.Series(aqi, index=first.index, name="aqi"), pd.Series(
            primary, index=first.index, name="primary_pollutant"
        )
    if aqi.ndim == 0:
        return float(aqi), str(primary)
    return aqi, primary
