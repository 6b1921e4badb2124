"""Monthly climatology for PV: embedded city normals, and MERRA-2 GHI for any site, offline.

Every monthly value carries its source and a quality flag, in the dossier's vocabulary
(``shared/reference/partner-cities.md``): **A**/**B**/**C** for official, secondary and tertiary
sources, **ESTIMATE** for derived values (method named), **DEFAULT** for a documented placeholder
used where nothing was found, and **USER** for values passed in by the caller.

Where the values come from
--------------------------
* :func:`city_climate` reads the embedded dataset ``city_monthly_climate``
  (``datasets/city_monthly_climate.csv``, built by ``datasets/build/build_city_climate.py``).
* :func:`merra2_monthly_ghi` reads the monthly distributions of daily mean GHI that the PyPI package
  ``gsee-climate-data`` 1.0.0 bundles (MERRA-2 reanalysis 2011–2015 on a 3°×3° land grid) and
  returns their means, raw and bias-corrected.
* :func:`climate_for_site` combines user values with those fallbacks for any latitude/longitude.

Monthly values are *mean daily* values: GHI in kWh/m²/day, so a month's irradiation is the value
times the number of days in the month (non-leap year, :data:`DAYS_IN_MONTH`).

The MERRA-2 bias correction
---------------------------
MERRA-2 reads high at most sites checked (domain-notes.md). The correction is a single
multiplicative factor, :data:`MERRA2_GHI_CORRECTION_FACTOR`, fitted to the three typical-year
files bundled with pvlib (:func:`merra2_reference_sites` recomputes it and the residuals; see that
function for the numbers). Its leave-one-out errors are +5.8 %, +6.5 % and −11.2 %: treat
corrected annual values as ±10 %, and monthly shapes as uncorrected. In the tropics it may
over-correct: sunshine-based cross-checks (see the ``city_monthly_climate`` catalog entry) put
Penang about 20 % higher.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kgi_lab.weather.clearsky import monthly_extraterrestrial_kwh_m2_day

__all__ = [
    "CLIMATE_COLUMNS",
    "DATASET_ID",
    "DAYS_IN_MONTH",
    "DEFAULT_WIND_SOURCE",
    "DEFAULT_WIND_SPEED_M_S",
    "MERRA2_GHI_CORRECTION_FACTOR",
    "ClimateFallbackWarning",
    "city_climate",
    "climate_for_site",
    "merra2_monthly_ghi",
    "merra2_reference_sites",
    "validate_monthly",
]

#: The embedded dataset read by :func:`city_climate`.
DATASET_ID = "city_monthly_climate"

#: Days in each calendar month of a non-leap year (January first).
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: The value columns of :func:`city_climate` and :func:`climate_for_site`, with their units.
CLIMATE_COLUMNS = {
    "ghi_kwh_m2_day": "kWh/m2/day",
    "temp_air_c": "degC",
    "wind_speed_m_s": "m/s",
}

#: Multiplicative bias correction of MERRA-2 (gsee-climate-data) annual GHI [-], by interpolation
#: method: the geometric mean of TMY/MERRA-2 annual GHI at Greensboro NC (0.8935), Sand Point AK
#: (0.8893) and Miami FL (1.0044) with the nearest cell, and 0.9017, 0.9038, 0.9892 with bilinear
#: interpolation. Fitted values 0.9276 and 0.9307, rounded. See :func:`merra2_reference_sites`.
MERRA2_GHI_CORRECTION_FACTOR = {"nearest": 0.928, "bilinear": 0.931}

#: Wind speed used where no wind data exist [m/s]: the default ``wind_speed=1.0`` of pvlib's
#: ``temperature.faiman`` and ``temperature.pvsyst_cell``. It is a placeholder, not a climate
#: value: where real winds are higher, cells modelled with it run too warm.
DEFAULT_WIND_SPEED_M_S = 1.0

#: Source text of :data:`DEFAULT_WIND_SPEED_M_S`, as stored with every defaulted value.
DEFAULT_WIND_SOURCE = (
    "DEFAULT 1.0 m/s: no wind-speed normals found (partner-cities.md §2, kawasaki-facts.md §4e: "
    "NOT FOUND); the value is the default wind_speed of pvlib.temperature.faiman and "
    "pvsyst_cell, a placeholder and not a climate value"
)

#: Dataset column stem of each value column (``<stem>_source``, ``<stem>_quality``).
_SOURCE_STEMS = {"ghi_kwh_m2_day": "ghi", "temp_air_c": "temp_air", "wind_speed_m_s": "wind_speed"}

#: Distance beyond which the nearest embedded city's temperatures trigger a warning [km].
NEAREST_CITY_WARNING_KM = 500.0

_EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius R1
_GRID_STEP_DEG = 3.0

#: Lowest and highest air temperatures on record [degC]: Vostok 1983-07-21 and Furnace Creek
#: (Death Valley) 1913-07-10, WMO World Weather & Climate Extremes Archive, https://wmo.asu.edu/.
#: A monthly mean outside them is a unit or typing error.
_TEMP_RECORD_LOW_C, _TEMP_RECORD_HIGH_C = -89.2, 56.7

_MERRA2_CITATION = (
    "MERRA-2 reanalysis (Gelaro et al. 2017, doi:10.1175/JCLI-D-16-0758.1), 2011-2015 monthly "
    "distributions of daily mean surface GHI on a 3x3 degree land grid, as bundled in the PyPI "
    "package gsee-climate-data (Pfenninger & Staffell 2016, doi:10.1016/j.energy.2016.08.060)"
)

#: The typical-year files bundled with pvlib, used as ground truth for the correction:
#: (site id, file in pvlib/data, reader, description).
_REFERENCE_SITES = (
    (
        "greensboro",
        "723170TYA.CSV",
        "tmy3",
        "Greensboro Piedmont Triad Intl, NC (USAF 723170), TMY3, months from 1980-2003",
    ),
    (
        "sand_point",
        "703165TY.csv",
        "tmy3",
        "Sand Point, AK (USAF 703165), TMY3, months from 1991-2005",
    ),
    (
        "miami",
        "12839.tm2",
        "tmy2",
        "Miami, FL (WBAN 12839), TMY2, months from 1961-1988",
    ),
)


class ClimateFallbackWarning(UserWarning):
    """A fallback value was used that may not represent the site (e.g. a distant city)."""


# --- validation ---------------------------------------------------------------------------------

_UNITS = {"ghi": "kWh/m2/day", "temp_air": "degC", "wind_speed": "m/s"}


def _months(mask: np.ndarray) -> str:
    return ", ".join(str(i + 1) for i in np.flatnonzero(mask))


def _listing(values: np.ndarray, mask: np.ndarray, unit: str) -> str:
    return ", ".join(f"month {i + 1}: {values[i]:g} {unit}" for i in np.flatnonzero(mask)[:4])


def validate_monthly(parameter: str, values: Any, *, latitude: float | None = None) -> np.ndarray:
    """Check 12 user-supplied monthly values and return them as a float array.

    Parameters
    ----------
    parameter : {"ghi", "temp_air", "wind_speed"}
        Which quantity the values are; it decides the checks and names the values in errors.
    values : sequence of 12 numbers
        Calendar order, January first: mean daily GHI [kWh/m²/day], monthly mean air temperature
        [°C] or mean wind speed [m/s].
    latitude : float, optional
        [deg], north positive. For ``ghi``, values above the monthly mean extraterrestrial
        irradiation H0 at this latitude (FAO-56, :func:`monthly_extraterrestrial_kwh_m2_day`) are
        rejected: no surface receives more than the top of the atmosphere, so such a value is in
        another unit (MJ/m²/day, W/m², Wh/m²/day).

    Returns
    -------
    numpy.ndarray
        12 floats.

    Raises
    ------
    ValueError
        If there are not exactly 12 values (the message gives the count), a value is not a finite
        number, GHI or wind speed is negative, GHI exceeds H0, temperatures look like kelvin
        (all 12 at or above 173.15, i.e. -100 °C), or a temperature lies outside the lowest and
        highest air temperatures ever recorded (-89.2 °C and 56.7 °C, WMO archive
        https://wmo.asu.edu/). Each message names the parameter and the month(s).
    """
    if parameter not in _UNITS:
        raise ValueError(f"parameter must be one of {', '.join(_UNITS)}, got '{parameter}'")
    unit = _UNITS[parameter]
    if isinstance(values, str | bytes) or np.ndim(values) == 0:
        raise ValueError(
            f"{parameter} must be 12 monthly values (January to December) in {unit}, "
            f"got a single value {values!r}"
        )
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{parameter} must be 12 numbers in {unit}: {exc}") from None
    if arr.ndim != 1:
        raise ValueError(f"{parameter} must be a flat list of 12 values, got shape {arr.shape}")
    if arr.size != 12:
        raise ValueError(
            f"{parameter} must have 12 monthly values (January to December), got {arr.size}"
        )
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ValueError(
            f"{parameter} has non-finite values (NaN or inf) in month(s) {_months(bad)}; "
            "give a value for every month"
        )
    if parameter in ("ghi", "wind_speed"):
        bad = arr < 0
        if bad.any():
            raise ValueError(
                f"{parameter} must be >= 0 {unit}; negative in {_listing(arr, bad, unit)}"
            )
    if parameter == "ghi" and latitude is not None:
        h0 = monthly_extraterrestrial_kwh_m2_day(latitude)["h0_kwh_m2_day"].to_numpy()
        bad = arr > h0
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"ghi exceeds the extraterrestrial irradiation H0 at latitude {latitude:g} in "
                f"month(s) {_months(bad)} (month {first + 1}: {arr[first]:g} > "
                f"{h0[first]:.2f} kWh/m2/day); give mean daily GHI in kWh/m2/day "
                "(MJ/m2/day / 3.6; mean W/m2 x 0.024)"
            )
    if parameter == "temp_air":
        if np.all(arr >= 173.15):
            raise ValueError(
                f"temp_air looks like kelvin (all 12 values between {arr.min():g} and "
                f"{arr.max():g}); give monthly mean air temperature in degC (subtract 273.15)"
            )
        bad = (arr < _TEMP_RECORD_LOW_C) | (arr > _TEMP_RECORD_HIGH_C)
        if bad.any():
            raise ValueError(
                f"temp_air is outside {_TEMP_RECORD_LOW_C} to {_TEMP_RECORD_HIGH_C} degC, the "
                f"lowest and highest air temperatures on record (WMO), in "
                f"{_listing(arr, bad, unit)}; give monthly means in degC"
            )
    return arr


def _check_coordinates(latitude: float, longitude: float) -> tuple[float, float]:
    for label, value, lo, hi in (
        ("latitude", latitude, -90, 90),
        ("longitude", longitude, -180, 180),
    ):
        if value is None or not np.isfinite(value) or not lo <= value <= hi:
            raise ValueError(f"{label} must be in [{lo}, {hi}] degrees, got {value}")
    return float(latitude), float(longitude)


def _latlon(latitude: float, longitude: float) -> str:
    """'36 N 141 E', '6 S 108 E'."""
    ns = "N" if latitude >= 0 else "S"
    ew = "E" if longitude >= 0 else "W"
    return f"{abs(latitude):g} {ns} {abs(longitude):g} {ew}"


def _great_circle_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Haversine distance on a sphere of the IUGG mean radius [km]."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlam = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlam / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


# --- MERRA-2 via gsee-climate-data ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _merra2_grid() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]:
    """(lat, lon, mean daily GHI [kWh/m2/day] of shape (lat, lon, 12), valid mask, version)."""
    try:
        import gsee_climate_data
    except ImportError as exc:  # pragma: no cover - it is a declared dependency
        raise ImportError(
            "merra2_monthly_ghi needs the package gsee-climate-data (pip install "
            "gsee-climate-data==1.0.0), or pass ghi=[12 monthly values]"
        ) from exc
    with gsee_climate_data.load() as npz:
        xk, pk = npz["xk"], npz["pk"]
        lat, lon = np.asarray(npz["lat"], float), np.asarray(npz["lon"], float)
    weight = np.nansum(pk, axis=-1, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_w_m2 = np.nansum(xk * pk, axis=-1, dtype=np.float64) / weight
    # pk is normalised to 1 per cell and month where a distribution exists; 0 (or NaN) elsewhere.
    valid = np.all(weight > 0.5, axis=-1)
    ghi = mean_w_m2 * 24.0 / 1000.0
    ghi[~valid] = np.nan
    return lat, lon, ghi, valid, str(getattr(gsee_climate_data, "__version__", "unknown"))


def _nearest_cell(latitude: float, longitude: float, max_distance_km: float) -> list[dict]:
    lat, lon, _, valid, _ = _merra2_grid()
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    dist = _great_circle_km(latitude, longitude, la, lo)
    dist[~valid] = np.inf
    i, j = np.unravel_index(np.argmin(dist), dist.shape)
    if not dist[i, j] <= max_distance_km:
        raise ValueError(
            f"no MERRA-2 land cell within {max_distance_km:g} km of ({latitude:g}, "
            f"{longitude:g}): gsee-climate-data covers land and near-land 3x3 degree cells "
            f"between {lat.min():g} and {lat.max():g} N (with all 12 months only to 66 N). Pass "
            "ghi=[12 monthly values], or raise max_distance_km"
        )
    return [{"i": int(i), "j": int(j), "weight": 1.0, "distance_km": float(dist[i, j])}]


def _bilinear_cells(latitude: float, longitude: float) -> list[dict]:
    lat, lon, _, valid, _ = _merra2_grid()
    if not lat[0] <= latitude <= lat[-1]:
        raise ValueError(
            f"latitude {latitude:g} is outside the MERRA-2 grid ({lat[0]:g} to {lat[-1]:g}); "
            "bilinear interpolation needs cells on both sides: use method='nearest' or pass ghi"
        )
    t = (latitude - lat[0]) / _GRID_STEP_DEG
    i0 = min(int(math.floor(t)), lat.size - 2)
    fy = t - i0
    u = (longitude - lon[0]) / _GRID_STEP_DEG  # the grid wraps at 180 degrees
    j0 = int(math.floor(u)) % lon.size
    fx = u - math.floor(u)
    j1 = (j0 + 1) % lon.size
    corners = [
        (i0, j0, (1 - fy) * (1 - fx)),
        (i0 + 1, j0, fy * (1 - fx)),
        (i0, j1, (1 - fy) * fx),
        (i0 + 1, j1, fy * fx),
    ]
    missing = [(lat[i], lon[j]) for i, j, _ in corners if not valid[i, j]]
    if missing:
        where = "; ".join(_latlon(a, b) for a, b in missing)
        raise ValueError(
            f"bilinear interpolation at ({latitude:g}, {longitude:g}) needs all four surrounding "
            f"MERRA-2 cells, but {where} has no data (ocean, or polar night): use "
            "method='nearest'"
        )
    return [
        {
            "i": i,
            "j": j,
            "weight": float(w),
            "distance_km": float(_great_circle_km(latitude, longitude, lat[i], lon[j])),
        }
        for i, j, w in corners
    ]


def merra2_monthly_ghi(
    latitude: float,
    longitude: float,
    *,
    method: str = "nearest",
    max_distance_km: float = 300.0,
) -> pd.DataFrame:
    """Monthly mean daily GHI from MERRA-2 (2011–2015), raw and bias-corrected, for any site.

    Parameters
    ----------
    latitude, longitude : float
        Site [deg], north and east positive.
    method : {"nearest", "bilinear"}, default "nearest"
        ``nearest``: the nearest grid cell (great-circle distance to the cell centre) that holds
        all 12 months. ``bilinear``: bilinear interpolation in latitude/longitude between the four
        surrounding cell centres, which must all hold data (else a ValueError names the missing
        ones).
    max_distance_km : float, default 300
        [km] Largest accepted distance to the nearest cell (``nearest`` only). Half the diagonal
        of a 3° cell is about 236 km at the equator.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` 1–12: ``ghi_raw_kwh_m2_day`` (the MERRA-2 mean) and
        ``ghi_corrected_kwh_m2_day`` (times :data:`MERRA2_GHI_CORRECTION_FACTOR` for ``method``),
        both [kWh/m²/day]. ``attrs``: ``units``; ``method``; ``cells`` (one dict per grid cell
        used: ``latitude``, ``longitude``, ``weight``, ``distance_km``); ``cell`` (a sentence
        naming them); ``correction_factor``; ``correction`` (the method, in words); ``source``;
        ``data_version`` (gsee-climate-data).

    Raises
    ------
    ValueError
        For coordinates out of range, an unknown ``method``, no cell within ``max_distance_km``,
        or (bilinear) a surrounding cell without data.

    Notes
    -----
    The package stores, per 3°×3° cell and month, a kernel-density estimate of the 2011–2015 daily
    mean surface irradiance (MERRA-2 ``SWGDN``, W/m²) evaluated at 128 points ``xk`` with
    normalised weights ``pk``. The weighted mean ``Σ xk·pk`` is the mean of the daily values (a
    Gaussian kernel density has the sample mean; a few bins below zero are part of that
    estimate and are kept). Times 24 h / 1000 gives kWh/m²/day. Cells at 69 N and 72 N lack
    December (polar night) and are not used.

    Correction: MERRA-2 reads high at most sites checked (domain-notes.md). The corrected value
    is ``raw × f`` with one factor for all months and sites, fitted as the geometric mean of the
    annual ratios TMY/MERRA-2 at the three typical-year files bundled with pvlib (Greensboro NC
    TMY3, Sand Point AK TMY3, Miami FL TMY2); ``f = 0.928`` (nearest) and ``0.931`` (bilinear).
    With the nearest cell, the raw errors of MERRA-2 are +11.9 % (Greensboro: 1,753 vs 1,566
    kWh/m²/yr), +12.4 % (Sand Point: 932 vs 829) and −0.4 % (Miami: 1,785 vs 1,793);
    leave-one-out (the factor fitted on the other two sites) the corrected errors are +5.8 %,
    +6.5 % and −11.2 %, in-sample +3.8 %, +4.3 % and −7.6 %. As an independent check, the Tokyo
    cell reads 1,626 raw and 1,508 corrected against the ≈1,392 kWh/m²/yr Ångström–Prescott
    estimate of partner-cities.md §3 (+16.8 % raw, +8.3 % corrected; that estimate is itself
    ±10–15 %). Caveats: three sites, all in the United States; the TMY months come from
    1961–2005 while MERRA-2 covers 2011–2015 (part of the gap may be a trend, not a bias); the
    factor does not fix the seasonal shape (at Miami MERRA-2 is 11–19 % below the TMY2 in
    June–September and 1–14 % above it in the other months). :func:`merra2_reference_sites`
    recomputes every number.

    References
    ----------
    .. [1] R. Gelaro et al., "The Modern-Era Retrospective Analysis for Research and
       Applications, Version 2 (MERRA-2)", J. Climate 30(14), 5419–5454, 2017.
       doi:10.1175/JCLI-D-16-0758.1
    .. [2] S. Pfenninger and I. Staffell, "Long-term patterns of European PV output using 30 years
       of validated hourly reanalysis and satellite data", Energy 114, 1251–1265, 2016.
       doi:10.1016/j.energy.2016.08.060 (GSEE; the gsee-climate-data package, BSD-3-Clause,
       https://github.com/renewables-ninja/gsee)
    .. [3] S. Wilcox and W. Marion, "Users Manual for TMY3 Data Sets", NREL/TP-581-43156, 2008;
       W. Marion and K. Urban, "User's Manual for TMY2s", NREL, 1995.
    """
    latitude, longitude = _check_coordinates(latitude, longitude)
    if method not in MERRA2_GHI_CORRECTION_FACTOR:
        raise ValueError(
            f"method must be one of {', '.join(MERRA2_GHI_CORRECTION_FACTOR)}, got '{method}'"
        )
    if method == "nearest":
        cells = _nearest_cell(latitude, longitude, max_distance_km)
    else:
        cells = _bilinear_cells(latitude, longitude)
    lat, lon, ghi, _, version = _merra2_grid()
    raw = sum(c["weight"] * ghi[c["i"], c["j"]] for c in cells)
    factor = MERRA2_GHI_CORRECTION_FACTOR[method]
    out = pd.DataFrame(
        {"ghi_raw_kwh_m2_day": raw, "ghi_corrected_kwh_m2_day": raw * factor},
        index=pd.RangeIndex(1, 13, name="month"),
    )
    described = [
        {
            "latitude": float(lat[c["i"]]),
            "longitude": float(lon[c["j"]]),
            "weight": c["weight"],
            "distance_km": c["distance_km"],
        }
        for c in cells
    ]
    if method == "nearest":
        c = described[0]
        sentence = (
            f"nearest MERRA-2 3x3 degree cell {_latlon(c['latitude'], c['longitude'])}, "
            f"{c['distance_km']:.0f} km from the site"
        )
    else:
        sentence = "bilinear between the MERRA-2 3x3 degree cells " + ", ".join(
            f"{_latlon(c['latitude'], c['longitude'])} (w={c['weight']:.2f})" for c in described
        )
    out.attrs.update(
        {
            "units": {"ghi_raw_kwh_m2_day": "kWh/m2/day", "ghi_corrected_kwh_m2_day": "kWh/m2/day"},
            "method": method,
            "cells": described,
            "cell": sentence,
            "correction_factor": factor,
            "correction": (
                f"x {factor} (one factor for all months: geometric mean of annual TMY/MERRA-2 at "
                "the pvlib-bundled Greensboro TMY3, Sand Point TMY3 and Miami TMY2 files; "
                "leave-one-out errors +5.8/+6.5/-11.2 %)"
            ),
            "source": _MERRA2_CITATION,
            "data_version": version,
        }
    )
    return out


def _pvlib_data_dir() -> Path:
    import pvlib

    return Path(pvlib.__file__).resolve().parent / "data"


@lru_cache(maxsize=8)
def _reference_monthly_ghi(file: str, reader: str) -> tuple[np.ndarray, float, float]:
    """Mean daily GHI per month [kWh/m2/day] of a pvlib-bundled TMY file, and its lat/lon."""
    import pvlib

    path = _pvlib_data_dir() / file
    if reader == "tmy3":
        data, meta = pvlib.iotools.read_tmy3(path, map_variables=True)
        ghi_wh = data["ghi"]
        # the file's own date column: hour-ending stamps put 24:00 on the next day's 00:00
        month = data["Date (MM/DD/YYYY)"].str.slice(0, 2).astype(int)
    else:
        data, meta = pvlib.iotools.read_tmy2(path)
        ghi_wh = data["GHI"]
        month = data["month"].astype(int)
    totals = ghi_wh.groupby(month.to_numpy()).sum().reindex(range(1, 13)).to_numpy()
    return (
        totals / 1000.0 / np.array(DAYS_IN_MONTH),
        float(meta["latitude"]),
        float(meta["longitude"]),
    )


def merra2_reference_sites(method: str = "nearest") -> pd.DataFrame:
    """MERRA-2 annual GHI against ground truth: the fit and leave-one-out check of the correction.

    Parameters
    ----------
    method : {"nearest", "bilinear"}
        Passed to :func:`merra2_monthly_ghi`.

    Returns
    -------
    pandas.DataFrame
        One row per site: the three pvlib-bundled typical-year files (``used_in_fit`` True) and
        Tokyo (the partner-cities.md §3 Ångström–Prescott ESTIMATE from the ``city_monthly_climate``
        dataset, an independent check, ``used_in_fit`` False). Columns: ``description``,
        ``latitude``, ``longitude`` [deg]; ``ghi_reference_kwh_m2_yr`` and
        ``ghi_merra2_raw_kwh_m2_yr`` [kWh/m²/yr]; ``ratio`` (reference / raw); ``factor_applied``
        (for a fitted site the geometric mean of the *other* fitted sites' ratios, leave-one-out;
        for the check site the factor fitted on all three); ``ghi_corrected_kwh_m2_yr``;
        ``error_raw_pct`` and ``error_corrected_pct`` (MERRA-2 minus reference, in % of the
        reference). ``attrs["factor"]`` is the unrounded factor fitted on all three sites, which
        :data:`MERRA2_GHI_CORRECTION_FACTOR` holds rounded to 3 decimals.

    Notes
    -----
    With ``method="nearest"``: ratios 0.8935 (Greensboro), 0.8893 (Sand Point), 1.0044 (Miami);
    fitted factor 0.9276; leave-one-out errors +5.8 %, +6.5 %, −11.2 %; Tokyo +16.8 % raw,
    +8.3 % corrected. Reading the three files takes well under a second.

    References
    ----------
    .. [1] S. Wilcox and W. Marion, "Users Manual for TMY3 Data Sets", NREL/TP-581-43156, 2008.
    .. [2] W. Marion and K. Urban, "User's Manual for TMY2s", NREL, 1995.
    """
    days = np.array(DAYS_IN_MONTH)
    rows = []
    for site_id, file, reader, description in _REFERENCE_SITES:
        monthly, lat, lon = _reference_monthly_ghi(file, reader)
        merra = merra2_monthly_ghi(lat, lon, method=method)["ghi_raw_kwh_m2_day"].to_numpy()
        rows.append(
            {
                "site": site_id,
                "description": f"{description} (pvlib/data/{file})",
                "latitude": lat,
                "longitude": lon,
                "ghi_reference_kwh_m2_yr": float((monthly * days).sum()),
                "ghi_merra2_raw_kwh_m2_yr": float((merra * days).sum()),
                "used_in_fit": True,
            }
        )
    frame = pd.DataFrame(rows).set_index("site")
    frame["ratio"] = frame["ghi_reference_kwh_m2_yr"] / frame["ghi_merra2_raw_kwh_m2_yr"]
    log_ratio = np.log(frame["ratio"])
    factor = float(np.exp(log_ratio.mean()))
    frame["factor_applied"] = [float(np.exp(log_ratio.drop(s).mean())) for s in frame.index]

    from kgi_lab.datasets import load

    cities = load("partner_cities")
    tokyo = city_climate("kawasaki")
    lat, lon = float(cities.loc["kawasaki", "latitude"]), float(cities.loc["kawasaki", "longitude"])
    merra = merra2_monthly_ghi(lat, lon, method=method)["ghi_raw_kwh_m2_day"].to_numpy()
    reference = float((tokyo["ghi_kwh_m2_day"].to_numpy() * days).sum())
    raw = float((merra * days).sum())
    frame.loc["tokyo"] = {
        "description": "JMA Tokyo 47662 (Kawasaki proxy): "
        + tokyo.attrs["sources"]["ghi_kwh_m2_day"],
        "latitude": lat,
        "longitude": lon,
        "ghi_reference_kwh_m2_yr": reference,
        "ghi_merra2_raw_kwh_m2_yr": raw,
        "used_in_fit": False,
        "ratio": reference / raw,
        "factor_applied": factor,
    }
    frame["used_in_fit"] = frame["used_in_fit"].astype(bool)
    frame["ghi_corrected_kwh_m2_yr"] = frame["ghi_merra2_raw_kwh_m2_yr"] * frame["factor_applied"]
    ref = frame["ghi_reference_kwh_m2_yr"]
    frame["error_raw_pct"] = 100 * (frame["ghi_merra2_raw_kwh_m2_yr"] / ref - 1)
    frame["error_corrected_pct"] = 100 * (frame["ghi_corrected_kwh_m2_yr"] / ref - 1)
    frame.attrs["factor"] = factor
    frame.attrs["method"] = method
    frame.attrs["units"] = {
        "latitude": "degree_north",
        "longitude": "degree_east",
        "ghi_reference_kwh_m2_yr": "kWh/m2/yr",
        "ghi_merra2_raw_kwh_m2_yr": "kWh/m2/yr",
        "ghi_corrected_kwh_m2_yr": "kWh/m2/yr",
        "error_raw_pct": "%",
        "error_corrected_pct": "%",
    }
    return frame


# --- embedded city climatology ------------------------------------------------------------------


def _city_table() -> pd.DataFrame:
    from kgi_lab.datasets import load

    return load(DATASET_ID)


def _frame_for_city(table: pd.DataFrame, city: str) -> pd.DataFrame:
    rows = table[table["city"] == city].set_index("month").sort_index()
    if list(rows.index) != list(range(1, 13)):
        raise ValueError(
            f"dataset {DATASET_ID}: city '{city}' has months {list(rows.index)}, expected 1-12 "
            "once each; rebuild it with datasets/build/build_city_climate.py"
        )
    sources: dict[str, str] = {}
    quality: dict[str, str] = {}
    for column, stem in _SOURCE_STEMS.items():
        sources[column] = " | ".join(dict.fromkeys(rows[f"{stem}_source"].astype(str)))
        quality[column] = " | ".join(dict.fromkeys(rows[f"{stem}_quality"].astype(str)))
    out = rows[list(CLIMATE_COLUMNS)].astype(float).copy()
    out.index = pd.RangeIndex(1, 13, name="month")
    out.attrs.update(
        {
            "city": city,
            "units": dict(CLIMATE_COLUMNS),
            "sources": sources,
            "quality": quality,
            "dataset": table.attrs.get("dataset"),
            "kind": table.attrs.get("kind"),
            "sha256": table.attrs.get("sha256"),
        }
    )
    return out


def city_climate(city: str = "kawasaki") -> pd.DataFrame:
    """Monthly GHI, air temperature and wind speed of a partner city, from the embedded dataset.

    Parameters
    ----------
    city : str, default "kawasaki"
        An id of the ``partner_cities`` dataset: kawasaki, yokohama, shenyang, shanghai, penang,
        da_nang, bandung, mumbai.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` 1–12: ``ghi_kwh_m2_day`` (mean daily GHI [kWh/m²/day]),
        ``temp_air_c`` (monthly mean air temperature [°C]), ``wind_speed_m_s`` ([m/s]).
        ``attrs["sources"]`` and ``attrs["quality"]`` map each column to its source and quality
        flag; ``attrs`` also give ``units``, ``city`` and the dataset id, kind and SHA-256.

    Raises
    ------
    ValueError
        For a city not in the dataset (the message lists the known ones).

    Notes
    -----
    What the dataset holds (``datasets/catalog.yaml``, entry ``city_monthly_climate``): GHI for
    kawasaki and yokohama is the Ångström–Prescott ESTIMATE for JMA Tokyo 47662 (the nearest JMA
    station with a solar estimate; ≈1,392 kWh/m²/yr), for the other cities MERRA-2 × 0.928
    (:func:`merra2_monthly_ghi`). Temperatures come from ``city_monthly_temperature`` where it has
    them, otherwise from labelled ESTIMATEs. Wind speed is :data:`DEFAULT_WIND_SPEED_M_S`
    everywhere (no wind normals were found).

    References
    ----------
    .. [1] shared/reference/partner-cities.md §1–§3 and §8 (sources and quality flags).
    """
    table = _city_table()
    known = list(dict.fromkeys(table["city"]))
    if city not in known:
        raise ValueError(
            f"city '{city}' is not in the {DATASET_ID} dataset; known: {', '.join(known)} "
            "(for other places use climate_for_site(latitude, longitude))"
        )
    return _frame_for_city(table, city)


def _nearest_city(latitude: float, longitude: float) -> tuple[str, float]:
    from kgi_lab.datasets import load

    cities = load("partner_cities")
    dist = _great_circle_km(
        latitude,
        longitude,
        cities["latitude"].to_numpy(float),
        cities["longitude"].to_numpy(float),
    )
    k = int(np.argmin(dist))
    return str(cities.index[k]), float(dist[k])


def climate_for_site(
    latitude: float,
    longitude: float,
    *,
    ghi: Sequence[float] | None = None,
    temp_air: Sequence[float] | None = None,
    wind_speed: Sequence[float] | None = None,
) -> pd.DataFrame:
    """Monthly climate for any site: user values where given, documented fallbacks otherwise.

    Parameters
    ----------
    latitude, longitude : float
        Site [deg], north and east positive.
    ghi : sequence of 12 float, optional
        Mean daily global horizontal irradiation per month, January first [kWh/m²/day].
        Default: MERRA-2 bias-corrected, nearest cell (:func:`merra2_monthly_ghi`).
    temp_air : sequence of 12 float, optional
        Monthly mean air temperature [°C]. Default: the temperatures of the nearest embedded
        partner city (great-circle distance to its station); a :class:`ClimateFallbackWarning` is
        issued when that city is more than 500 km away.
    wind_speed : sequence of 12 float, optional
        Monthly mean wind speed [m/s]. Default: :data:`DEFAULT_WIND_SPEED_M_S` (1.0 m/s, pvlib's
        temperature-model default), labelled DEFAULT.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` 1–12 with ``ghi_kwh_m2_day``, ``temp_air_c``, ``wind_speed_m_s``.
        ``attrs["sources"]`` and ``attrs["quality"]`` (``USER``, ``ESTIMATE``, ``DEFAULT``, or the
        flag of the borrowed city value) per column; ``attrs`` also give ``units``,
        ``latitude``, ``longitude``, and, when a fallback was used, ``merra2_cell`` and
        ``nearest_city`` / ``nearest_city_distance_km``.

    Raises
    ------
    ValueError
        From :func:`validate_monthly` (wrong count, non-finite, negative, kelvin, GHI above the
        extraterrestrial bound) or for coordinates out of range.

    Notes
    -----
    For the partner cities themselves prefer :func:`city_climate`: at Kawasaki this function's
    MERRA-2 fallback gives about 1,510 kWh/m²/yr, the dataset's Tokyo estimate about 1,392.
    """
    latitude, longitude = _check_coordinates(latitude, longitude)
    sources: dict[str, str] = {}
    quality: dict[str, str] = {}
    attrs: dict[str, Any] = {"latitude": latitude, "longitude": longitude}

    if ghi is not None:
        ghi_values = validate_monthly("ghi", ghi, latitude=latitude)
        sources["ghi_kwh_m2_day"], quality["ghi_kwh_m2_day"] = "user-supplied", "USER"
    else:
        merra = merra2_monthly_ghi(latitude, longitude)
        ghi_values = merra["ghi_corrected_kwh_m2_day"].to_numpy()
        sources["ghi_kwh_m2_day"] = (
            f"MERRA-2 2011-2015 via gsee-climate-data {merra.attrs['data_version']}, "
            f"{merra.attrs['cell']}, bias-corrected {merra.attrs['correction']}"
        )
        quality["ghi_kwh_m2_day"] = "ESTIMATE"
        attrs["merra2_cell"] = merra.attrs["cells"][0]

    if temp_air is not None:
        temp_values = validate_monthly("temp_air", temp_air)
        sources["temp_air_c"], quality["temp_air_c"] = "user-supplied", "USER"
    else:
        city, distance_km = _nearest_city(latitude, longitude)
        borrowed = city_climate(city)
        temp_values = borrowed["temp_air_c"].to_numpy()
        sources["temp_air_c"] = (
            f"temperatures of the nearest embedded city '{city}' ({distance_km:.0f} km from the "
            f"site): {borrowed.attrs['sources']['temp_air_c']}"
        )
        quality["temp_air_c"] = (
            f"ESTIMATE (proxy city; its flag: {borrowed.attrs['quality']['temp_air_c']})"
        )
        attrs["nearest_city"], attrs["nearest_city_distance_km"] = city, distance_km
        if distance_km > NEAREST_CITY_WARNING_KM:
            warnings.warn(
                f"temp_air: the nearest embedded city, '{city}', is {distance_km:.0f} km from "
                f"({latitude:g}, {longitude:g}); its temperatures may not represent the site. "
                "Pass temp_air=[12 monthly means in degC]",
                ClimateFallbackWarning,
                stacklevel=2,
            )

    if wind_speed is not None:
        wind_values = validate_monthly("wind_speed", wind_speed)
        sources["wind_speed_m_s"], quality["wind_speed_m_s"] = "user-supplied", "USER"
    else:
        wind_values = np.full(12, DEFAULT_WIND_SPEED_M_S)
        sources["wind_speed_m_s"] = DEFAULT_WIND_SOURCE
        quality["wind_speed_m_s"] = "DEFAULT"

    out = pd.DataFrame(
        {"ghi_kwh_m2_day": ghi_values, "temp_air_c": temp_values, "wind_speed_m_s": wind_values},
        index=pd.RangeIndex(1, 13, name="month"),
    )
    out.attrs.update(attrs)
    out.attrs["units"] = dict(CLIMATE_COLUMNS)
    out.attrs["sources"] = sources
    out.attrs["quality"] = quality
    return out
