"""Reading, converting and cleaning air-quality monitoring data into the :mod:`~kgi_lab.air.schema`.

Readers
-------
:func:`read_nies_hourly`
    The hourly files (時間値データ) of the NIES 環境数値データベース (National Institute for
    Environmental Studies, Environmental Numerical Database): one row per station × item × day
    with 24 hour-ending columns. Layout and codes: :data:`NIES_KEY_COLUMNS`, :data:`NIES_ITEMS`,
    :data:`NIES_UNIT_CODES`, :data:`NIES_SENTINELS`.
:func:`read_openair_csv`
    The table style of the R package openair (``date``, ``site``, one column per pollutant;
    or long ``site, date, pollutant, value``), with explicit units.

Both return the schema's Dataset: dims ``(station, time)``, naive local standard time labelling
the **beginning** of each hour, values in the units of :data:`~kgi_lab.air.schema.POLLUTANTS` /
:data:`~kgi_lab.air.schema.MET_VARIABLES`, and ``attrs["cleaning"]``: a list of
``{"step", "station", "variable", "reason", "count"}`` records of every value that was set to
NaN or repaired. Nothing is dropped silently: every such record is also summarised in a
:class:`AirDataWarning`.

Conversions and checks
----------------------
:func:`convert_units` (ppm ↔ ppb ↔ µg/m³ ↔ mg/m³ at a stated reference temperature),
:func:`clean` (sentinels, negative values, duplicated time labels, units), :func:`to_long` /
:func:`from_long` (tidy table round trip), :func:`to_dataframe` (re-exported from the schema),
:func:`add_station_coords` and :func:`require_coordinates`.

Reference temperature for ppm ↔ µg/m³
-------------------------------------
Japan's ambient standards for gases are volume mixing ratios (ppm), so Japanese data need no
conversion. Other jurisdictions differ: WHO 2021 and the US EPA state mass concentrations at
25 °C and 1 atm, and China's GB 3095-2012 (amended 2018) at the reference state of 298.15 K and
1 atm; the EU Directive 2024/2881 states gases at 293 K (20 °C) and 101.3 kPa (see
:func:`kgi_lab.units.ppm_to_ug_m3`). :func:`convert_units` therefore takes the temperature as a
parameter and defaults to **25 °C**; :func:`read_openair_csv` defaults to **20 °C** because
openair's usual inputs (the UK AURN network, via ``importAURN``) report gases in µg/m³ at the
EU reference conditions. NOx is converted "as NO2" and Ox "as O3" (the usual conventions).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from kgi_lab.air.schema import MET_VARIABLES, POLLUTANTS, to_dataframe
from kgi_lab.units import GAS_CONSTANT_J_PER_MOL_K, STANDARD_PRESSURE_PA, ppm_to_ug_m3

__all__ = [
    "AirDataWarning",
    "MOLAR_MASS_KEY",
    "NIES_ITEMS",
    "NIES_KEY_COLUMNS",
    "NIES_SENTINELS",
    "NIES_UNIT_CODES",
    "OPENAIR_NAMES",
    "add_station_coords",
    "clean",
    "convert_units",
    "from_long",
    "read_nies_hourly",
    "read_openair_csv",
    "require_coordinates",
    "to_dataframe",
    "to_long",
]


class AirDataWarning(UserWarning):
    """Values were set to NaN or repaired while reading or cleaning (counts in the message)."""


# --------------------------------------------------------------------------------------------
# units


#: Canonical unit strings (CF style, as in the schema) and their accepted spellings.
_UNIT_ALIASES = {
    "ppm": ("ppm",),
    "ppb": ("ppb",),
    "ug m-3": (
        "ug m-3",
        "ug/m3",
        "µg/m³",
        "µg/m3",
        "μg/m³",
        "μg/m3",
        "ugm-3",
        "ugm3",
        "ug_m3",
        "ug/m^3",
        "ug m^-3",
        "microgram/m3",
    ),
    "mg m-3": ("mg m-3", "mg/m3", "mg/m³", "mgm-3", "mgm3", "mg_m3", "mg/m^3", "mg m^-3"),
}
_UNIT_LOOKUP = {
    alias.lower(): canon for canon, aliases in _UNIT_ALIASES.items() for alias in aliases
}
#: Factors to the family's base unit: ppm for mixing ratios, µg/m³ for mass concentrations.
_VOLUME = {"ppm": 1.0, "ppb": 1e-3}
_MASS = {"ug m-3": 1.0, "mg m-3": 1e3}

#: Variable → key of :data:`kgi_lab.units.MOLAR_MASS_G_PER_MOL` used for ppm ↔ µg/m³.
#: NOx is expressed as NO2 and Ox as O3 (the conventions of WHO, the EU directives and
#: GB 3095-2012).
MOLAR_MASS_KEY = {
    "no2": "NO2",
    "nox": "NO2",
    "no": "NO",
    "so2": "SO2",
    "o3": "O3",
    "ox": "O3",
    "co": "CO",
}
_PARTICLES = ("spm", "pm25", "pm10")


def _canonical_unit(units: str, where: str = "units") -> str:
    key = str(units).strip().lower().replace("μ", "µ")
    key = re.sub(r"\s+", " ", key)
    if key in _UNIT_LOOKUP:
        return _UNIT_LOOKUP[key]
    if key.replace("µ", "u") in _UNIT_LOOKUP:
        return _UNIT_LOOKUP[key.replace("µ", "u")]
    raise ValueError(
        f"{where}: unknown concentration unit {units!r}; use one of ppm, ppb, ug/m3 (µg/m³), mg/m3"
    )


def _schema_units(variable: str) -> str | None:
    if variable in POLLUTANTS:
        return POLLUTANTS[variable]["units"]
    if variable in MET_VARIABLES:
        return MET_VARIABLES[variable]["units"]
    return None


def _conversion_factor(
    from_units: str,
    to_units: str,
    variable: str | None,
    temperature_c: float,
    pressure_pa: float,
    molar_mass_g_per_mol: float | None,
) -> float:
    """Multiplier from ``from_units`` to ``to_units`` (canonical spellings)."""
    if from_units == to_units:
        return 1.0
    if from_units in _VOLUME and to_units in _VOLUME:
        return _VOLUME[from_units] / _VOLUME[to_units]
    if from_units in _MASS and to_units in _MASS:
        return _MASS[from_units] / _MASS[to_units]
    # volume <-> mass: needs a molar mass
    if variable in _PARTICLES:
        raise ValueError(
            f"{variable}: particles have no molar mass, so {from_units} cannot become {to_units}; "
            "particle data must be mass concentrations (ug/m3 or mg/m3)"
        )
    if molar_mass_g_per_mol is not None:
        molar_volume_l = GAS_CONSTANT_J_PER_MOL_K * (temperature_c + 273.15) / pressure_pa * 1000.0
        ug_m3_per_ppm = 1000.0 * float(molar_mass_g_per_mol) / molar_volume_l
    else:
        key = MOLAR_MASS_KEY.get(str(variable))
        if key is None:
            raise ValueError(
                f"{variable!r}: no molar mass is known for converting {from_units} to "
                f"{to_units}; pass pollutant= one of {', '.join(MOLAR_MASS_KEY)} or "
                "molar_mass_g_per_mol="
            )
        ug_m3_per_ppm = float(ppm_to_ug_m3(1.0, key, temperature_c, pressure_pa))
    if from_units in _VOLUME:  # -> mass
        return _VOLUME[from_units] * ug_m3_per_ppm / _MASS[to_units]
    return _MASS[from_units] / ug_m3_per_ppm / _VOLUME[to_units]


def convert_units(
    da: Any,
    to: str,
    *,
    pollutant: str | None = None,
    from_units: str | None = None,
    temperature_c: float = 25.0,
    pressure_pa: float = STANDARD_PRESSURE_PA,
    molar_mass_g_per_mol: float | None = None,
) -> Any:
    """Convert concentrations between ppm, ppb, µg/m³ and mg/m³.

    Parameters
    ----------
    da : xarray.DataArray, numpy array or scalar
        Concentrations. A DataArray carries its units in ``attrs["units"]`` and its pollutant in
        its name (``no2``, ``so2`` …); plain arrays need ``from_units=`` (and ``pollutant=`` for a
        ppm ↔ mass conversion).
    to : str
        Target unit: ``"ppm"``, ``"ppb"``, ``"ug m-3"`` (also ``"ug/m3"``, ``"µg/m³"``) or
        ``"mg m-3"`` (also ``"mg/m3"``).
    pollutant : str, optional
        Schema name of the pollutant (default: the DataArray's name); selects the molar mass
        (:data:`MOLAR_MASS_KEY`; NOx as NO2, Ox as O3).
    from_units : str, optional
        Units of ``da`` (default: ``da.attrs["units"]``).
    temperature_c : float, default 25
        Reference temperature [°C] of the mass concentrations, used only between mixing ratios
        and mass concentrations. 25 °C: WHO 2021, US EPA, GB 3095-2012 (2018 amendment);
        20 °C: EU Directive 2024/2881 (gases); 0 °C: "Nm³" figures.
    pressure_pa : float, default 101325
        Reference pressure [Pa].
    molar_mass_g_per_mol : float, optional
        Overrides the molar mass [g/mol] of :data:`kgi_lab.units.MOLAR_MASS_G_PER_MOL`.

    Returns
    -------
    Same type as ``da``
        Converted values. A DataArray gets ``attrs["units"] = to`` (canonical spelling) and, after
        a mixing-ratio ↔ mass conversion, ``reference_temperature_c`` and
        ``reference_pressure_pa``.

    Raises
    ------
    ValueError
        Unknown units, missing units, a particle asked for a mixing ratio, or no molar mass.

    Notes
    -----
    Ideal gas: c [µg/m³] = x [ppm] × M [g/mol] × 1000 / V\\ :sub:`m` [L/mol], with
    V\\ :sub:`m` = R·T/p; at 25 °C and 1 atm V\\ :sub:`m` = 24.465 L/mol, at 20 °C 24.055 L/mol.

    References
    ----------
    .. [1] WHO global air quality guidelines (2021): 1 ppb NO2 = 1.88 µg/m³ at 25 °C, 1 atm.
    .. [2] Directive (EU) 2024/2881, Annex (reference conditions 293 K, 101.3 kPa for gases).
    .. [3] CODATA 2018 molar gas constant R = 8.314462618 J/(mol K).
    """
    is_da = isinstance(da, xr.DataArray)
    where = f"convert_units({getattr(da, 'name', None) or 'values'})"
    if from_units is None:
        if not is_da or "units" not in da.attrs:
            raise ValueError(f"{where}: the input has no units; pass from_units=")
        from_units = da.attrs["units"]
    variable = pollutant if pollutant is not None else (da.name if is_da else None)
    source = _canonical_unit(from_units, f"{where}: from_units")
    target = _canonical_unit(to, f"{where}: to")
    factor = _conversion_factor(
        source, target, variable, temperature_c, pressure_pa, molar_mass_g_per_mol
    )
    out = da * factor
    if is_da:
        out.attrs = dict(da.attrs)
        out.attrs["units"] = target
        if (source in _VOLUME) != (target in _VOLUME):
            out.attrs["reference_temperature_c"] = float(temperature_c)
            out.attrs["reference_pressure_pa"] = float(pressure_pa)
    return out


# --------------------------------------------------------------------------------------------
# stations


def add_station_coords(ds: xr.Dataset, stations: Any = None) -> xr.Dataset:
    """Attach station metadata (``name``, ``name_ja``, ``station_type``, ``ward``, ``latitude``,
    ``longitude``) as coordinates on the ``station`` dimension.

    Parameters
    ----------
    ds : xarray.Dataset
        A Dataset with a ``station`` dimension of NIES codes (strings).
    stations : geopandas.GeoDataFrame, optional
        Station table with a ``station`` column and point geometries (default: the embedded
        ``kawasaki_stations`` dataset). Latitude/longitude are taken in EPSG:4326.

    Returns
    -------
    xarray.Dataset
        A copy with the coordinates. Stations not in the table get empty strings and NaN
        coordinates (readers accept stations from anywhere in Japan).
    """
    if stations is None:
        from kgi_lab.datasets import load

        stations = load("kawasaki_stations")
    stations = require_coordinates(stations)
    table = stations.to_crs("EPSG:4326").drop_duplicates("station").set_index("station")
    codes = [str(c) for c in ds["station"].values]
    known = table.reindex(codes)
    coords: dict[str, Any] = {}
    for col in ("name", "name_ja", "station_type", "ward"):
        if col in known.columns:
            coords[col] = ("station", known[col].fillna("").astype(str).to_numpy(dtype=object))
    geom = known.geometry
    present = geom.notna().to_numpy()
    lat = np.full(len(codes), np.nan)
    lon = np.full(len(codes), np.nan)
    if present.any():
        lat[present] = geom[present].y.to_numpy()
        lon[present] = geom[present].x.to_numpy()
    coords["latitude"] = ("station", lat, {"units": "degree_north", "crs": "EPSG:4326"})
    coords["longitude"] = ("station", lon, {"units": "degree_east", "crs": "EPSG:4326"})
    return ds.assign_coords(coords)


def require_coordinates(stations: Any) -> Any:
    """Check that a station table has a CRS and a usable point for every station.

    Parameters
    ----------
    stations : geopandas.GeoDataFrame
        One row per station, with a ``station`` column (else the index names the rows).

    Returns
    -------
    geopandas.GeoDataFrame
        ``stations`` itself, unchanged.

    Raises
    ------
    TypeError
        If ``stations`` is not a GeoDataFrame.
    ValueError
        If it has no CRS, or some stations have no geometry, an empty one or non-finite
        coordinates (the message names them).
    """
    import geopandas as gpd

    if not isinstance(stations, gpd.GeoDataFrame):
        raise TypeError(
            f"stations must be a geopandas.GeoDataFrame, got {type(stations).__name__}; build one "
            "with geopandas.points_from_xy(lon, lat, crs='EPSG:4326')"
        )
    if stations.crs is None:
        raise ValueError(
            "stations has no CRS, so its coordinates cannot be placed; set it, e.g. "
            "stations.set_crs('EPSG:4326') for longitude/latitude in degrees"
        )
    geom = stations.geometry
    bad = geom.isna().to_numpy() | geom.is_empty.to_numpy()
    ok = ~bad
    not_point = ok & (geom.geom_type != "Point").to_numpy()
    if not_point.any():
        names = stations["station"] if "station" in stations.columns else stations.index
        raise ValueError(
            "station geometries must be points; not a point: "
            + ", ".join(str(n) for n in np.asarray(names)[not_point][:10])
        )
    if ok.any():
        xy = np.column_stack([geom[ok].x.to_numpy(), geom[ok].y.to_numpy()])
        bad[np.flatnonzero(ok)[~np.isfinite(xy).all(axis=1)]] = True
    if bad.any():
        names = stations["station"] if "station" in stations.columns else stations.index
        listed = ", ".join(str(n) for n in np.asarray(names)[bad][:10])
        raise ValueError(
            f"{int(bad.sum())} station(s) have no coordinates: {listed}; give each a point "
            "geometry (or drop the station before network analysis)"
        )
    return stations


# --------------------------------------------------------------------------------------------
# cleaning records


def _record(step: str, station: Any, variable: str, reason: str, count: int) -> dict[str, Any]:
    return {
        "step": step,
        "station": str(station),
        "variable": str(variable),
        "reason": reason,
        "count": int(count),
    }


def _warn_records(step: str, records: list[dict[str, Any]], verb: str = "set to NaN") -> None:
    if not records:
        return
    totals: dict[str, int] = {}
    for rec in records:
        totals[rec["reason"]] = totals.get(rec["reason"], 0) + rec["count"]
    summary = "; ".join(f"{reason}: {n}" for reason, n in totals.items())
    warnings.warn(
        f"{step}: values {verb} ({summary}); per station and variable in attrs['cleaning']",
        AirDataWarning,
        stacklevel=3,
    )


def _counts_by(station_codes: np.ndarray, variables: np.ndarray, mask: np.ndarray):
    """Counts of True in ``mask`` (rows × hours) grouped by the rows' (station, variable)."""
    per_row = mask.sum(axis=1)
    keep = per_row > 0
    if not keep.any():
        return []
    frame = pd.DataFrame(
        {"station": station_codes[keep], "variable": variables[keep], "n": per_row[keep]}
    )
    grouped = frame.groupby(["station", "variable"], sort=True)["n"].sum()
    return [(s, v, int(n)) for (s, v), n in grouped.items()]


# --------------------------------------------------------------------------------------------
# NIES hourly files

#: Key columns of an NIES hourly file, in order (the header names of the published files),
#: with their meaning. The 24 hour columns follow 測定日.
NIES_KEY_COLUMNS = {
    "測定年度": "fiscal year (April–March) named by its starting year",
    "測定局コード": "station code (国環研局番, 8 digits)",
    "市町村コード": "municipality code",
    "測定項目コード": "item code (text such as NO2, PM25; or the item number 01–42)",
    "測定単位コード": "unit code (PPB, 0.1PPM, UG/M3, 16DIRC …)",
    "測定月": "month (1–12)",
    "測定日": "day (1–31; every month has 31 rows, non-existent days are filled with 9998)",
}
_NIES_KEY_ALIASES = {"市区町村コード": "市町村コード"}

#: NIES item number → (text codes, kgi_lab variable, default unit code). The text code is what
#: the file's 測定項目コード column holds; the number is the item's file/menu number. PM2.5 has
#: three text codes by measurement method (PM25, PMFL, PMBH), SPM and THC two or three.
NIES_ITEMS = {
    "01": (("SO2",), "so2", "PPB"),
    "02": (("NO",), "no", "PPB"),
    "03": (("NO2",), "no2", "PPB"),
    "04": (("NOX",), "nox", "PPB"),
    "05": (("CO",), "co", "0.1PPM"),
    "06": (("OX",), "ox", "PPB"),
    "07": (("NMHC",), "nmhc", "10PPBC"),
    "08": (("CH4",), "ch4", "10PPBC"),
    "09": (("THC", "THCP", "THCM"), "thc", "10PPBC"),
    "10": (("SPM", "SPMP", "SPMB"), "spm", "UG/M3"),
    "11": (("SP",), "sp", "UG/M3"),
    "12": (("PM25", "PMFL", "PMBH"), "pm25", "UG/M3"),
    "21": (("WD",), "wind_dir", "16DIRC"),
    "22": (("WS",), "wind_speed", "0.1M/S"),
    "23": (("TEMP",), "temp_air", "0.1'C"),
    "24": (("HUM",), "relative_humidity", "%"),
    "25": (("SUN",), "ghi", "0.01MJ"),
    "26": (("RAIN",), "precipitation", "MM"),
    "27": (("UV",), "uv_radiation", "0.01MJ"),
    "28": (("PRS",), "pressure", "MB"),
    "29": (("NETR",), "net_radiation", "0.01MJ"),
    "41": (("CO2",), "co2", "0.1PPM"),
    "42": (("O3",), "o3", "PPB"),
}
_NIES_TEXT = {text: num for num, (texts, _, _) in NIES_ITEMS.items() for text in texts}

#: Output units of the variables that are not in the schema tables.
_EXTRA_UNITS = {
    "nmhc": "ppmC",
    "ch4": "ppmC",
    "thc": "ppmC",
    "sp": "ug m-3",
    "relative_humidity": "%",
    "ghi": "W m-2",
    "precipitation": "mm",
    "uv_radiation": "W m-2",
    "pressure": "hPa",
    "net_radiation": "W m-2",
    "co2": "ppm",
}

#: NIES unit code → (unit of the raw value after the factor, factor applied to the raw value).
NIES_UNIT_CODES = {
    "PPB": ("ppb", 1.0),
    "PPM": ("ppm", 1.0),
    "0.1PPM": ("ppm", 0.1),
    "0.01PPM": ("ppm", 0.01),
    "UG/M3": ("ug m-3", 1.0),
    "MG/M3": ("mg m-3", 1.0),
    "0.001MG/M3": ("mg m-3", 0.001),
    "10PPBC": ("ppbC", 10.0),
    "PPBC": ("ppbC", 1.0),
    "PPMC": ("ppmC", 1.0),
    "0.01PPMC": ("ppmC", 0.01),
    "0.1'C": ("degC", 0.1),
    "0.1℃": ("degC", 0.1),
    "'C": ("degC", 1.0),
    "℃": ("degC", 1.0),
    "0.1M/S": ("m s-1", 0.1),
    "M/S": ("m s-1", 1.0),
    "16DIRC": ("16-point code", 1.0),
    "%": ("%", 1.0),
    "0.1%": ("%", 0.1),
    "0.01MJ": ("MJ m-2", 0.01),
    "MJ": ("MJ m-2", 1.0),
    "MM": ("mm", 1.0),
    "0.1MM": ("mm", 0.1),
    "MB": ("hPa", 1.0),
    "HPA": ("hPa", 1.0),
}

#: Linear factors from the unit after the NIES factor to the output unit.
_TO_OUTPUT = {
    ("ppb", "ppm"): 1e-3,
    ("ppm", "ppm"): 1.0,
    ("ug m-3", "ug m-3"): 1.0,
    ("ug m-3", "mg m-3"): 1e-3,
    ("mg m-3", "mg m-3"): 1.0,
    ("mg m-3", "ug m-3"): 1e3,
    ("ppbC", "ppmC"): 1e-3,
    ("ppmC", "ppmC"): 1.0,
    ("degC", "degC"): 1.0,
    ("m s-1", "m s-1"): 1.0,
    ("16-point code", "degree"): 1.0,
    ("%", "%"): 1.0,
    ("MJ m-2", "W m-2"): 1e6 / 3600.0,  # hourly sum [MJ/m²] -> mean irradiance [W/m²]
    ("mm", "mm"): 1.0,
    ("hPa", "hPa"): 1.0,
}

#: Flag values of the raw hourly fields (NIES file-layout manual TJ_manu.pdf, "2. ファイル
#: レイアウト", as quoted in public code): 9999 欠測 (missing), 9998 未測 (not measured; also
#: fills days a month does not have), 9997 エラー (error). Besides these, raw values ≥ 9000 are
#: treated as unknown flags and raw values ≤ −999 as negative flags (both counted).
NIES_SENTINELS = {
    9999: "missing (9999 欠測)",
    9998: "not measured (9998 未測)",
    9997: "error (9997 エラー値)",
}
_UNKNOWN_FLAG_FLOOR = 9000.0
_NEGATIVE_FLAG_CEIL = -999.0
#: 16-point wind direction codes: 1 = NNE … 16 = N (22.5° steps), 17 = calm (静穏).
_WIND_CALM_CODE = 17

_HOUR_COLUMN = re.compile(r"^[hH]?0?(\d{1,2})\s*(h|時|H)?$")


def _decode(raw: bytes, encoding: str | None, name: str) -> str:
    if encoding is not None:
        return raw.decode(encoding)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp932")  # NIES files are Shift_JIS (CP932)
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{name}: neither UTF-8 nor CP932 (Shift_JIS); pass encoding= explicitly"
        ) from exc


def _nies_texts(path_or_paths: Any, encoding: str | None) -> list[tuple[str, str]]:
    if isinstance(path_or_paths, (str, Path)):
        paths = [Path(path_or_paths)]
    else:
        paths = [Path(p) for p in path_or_paths]
    if not paths:
        raise ValueError("read_nies_hourly: no files given")
    texts = []
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"read_nies_hourly: {path} does not exist")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.namelist() if m.lower().endswith((".csv", ".txt"))]
                if not members:
                    raise ValueError(f"{path}: the zip archive holds no .csv or .txt file")
                for m in sorted(members):
                    texts.append((f"{path.name}:{m}", _decode(zf.read(m), encoding, m)))
        else:
            texts.append((path.name, _decode(path.read_bytes(), encoding, path.name)))
    return texts


def _parse_nies_table(name: str, text: str) -> tuple[pd.DataFrame, np.ndarray]:
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    df.columns = [_NIES_KEY_ALIASES.get(c.strip(), c.strip()) for c in df.columns]
    missing = [c for c in NIES_KEY_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(
            f"{name}: not an NIES hourly file: missing column(s) {', '.join(missing)}; "
            f"expected {', '.join(NIES_KEY_COLUMNS)} then 24 hour columns (01h … 24h)"
        )
    after = list(df.columns[list(df.columns).index("測定日") + 1 :])
    hour_cols = []
    for col in after:
        m = _HOUR_COLUMN.match(col)
        if m and 1 <= int(m.group(1)) <= 24:
            hour_cols.append((int(m.group(1)), col))
    hours = sorted(hour_cols)
    if [h for h, _ in hours] != list(range(1, 25)):
        raise ValueError(
            f"{name}: expected 24 hour columns (01h … 24h, hour-ending) after 測定日, found "
            f"{[c for c in after][:26]}"
        )
    raw = df[[c for _, c in hours]].apply(lambda s: s.str.strip())
    values = raw.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    not_number = np.isnan(values) & (raw.to_numpy() != "")
    if not_number.any():
        r, c = np.argwhere(not_number)[0]
        raise ValueError(
            f"{name}: row {r + 2}, hour {c + 1}: {raw.to_numpy()[r, c]!r} is not a number"
        )
    keys = df[list(NIES_KEY_COLUMNS)].apply(lambda s: s.str.strip())
    return keys, values


def read_nies_hourly(
    path_or_paths: Any,
    *,
    encoding: str | None = None,
    sentinels: Mapping[float, str] | None = None,
    year_is_fiscal: bool = True,
    stations: Any = None,
    time_zone: str = "Asia/Tokyo",
) -> xr.Dataset:
    """Read NIES 環境数値データベース hourly files (時間値データ) into the schema.

    Parameters
    ----------
    path_or_paths : path or iterable of paths
        CSV/TXT files, or the zip archives NIES distributes (every .csv/.txt member is read).
    encoding : str, optional
        Text encoding; default: UTF-8 if the bytes decode as such, else CP932 (Shift_JIS, the
        encoding of the published files).
    sentinels : mapping, optional
        Flag value → reason, replacing :data:`NIES_SENTINELS` (9999, 9998, 9997). Raw values
        ≥ 9000 and ≤ −999 are treated as flags whatever this holds.
    year_is_fiscal : bool, default True
        Whether 測定年度 is the fiscal year (April–March), so that January–March rows belong to
        the next calendar year. NIES files are organised by fiscal year.
    stations : geopandas.GeoDataFrame, optional
        Station table for the coordinates (default: ``kawasaki_stations``); see
        :func:`add_station_coords`.
    time_zone : str, default "Asia/Tokyo"
        Stored in ``attrs["time_zone"]``; NIES times are Japan Standard Time.

    Returns
    -------
    xarray.Dataset
        Dims ``(station, time)``, hourly on the full calendar from the first to the last day
        read. Hour *h* (1–24, hour-ending) of day D gets the label D + (h − 1) h, so hour 1
        (0:00–1:00) is 00:00 and hour 24 is 23:00 of the same day. Variables use the schema
        names and units (gases ppm, ``spm`` mg m-3, ``pm25`` µg m-3, ``wind_speed`` m s-1,
        ``wind_dir`` degrees from north, ``temp_air`` °C); other items keep the names of
        :data:`NIES_ITEMS` (``nmhc`` ppmC, ``relative_humidity`` % …). ``attrs["cleaning"]``
        counts, per station and variable, every value set to NaN and why.

    Raises
    ------
    ValueError
        A file that lacks the NIES columns, a non-numeric field, an unknown unit code, a
        value on a date that does not exist, or two different rows for the same station, item
        and day.

    Warns
    -----
    AirDataWarning
        When flag values were set to NaN, duplicate rows dropped or items skipped (counts).

    Notes
    -----
    Layout (confidence: the seven key columns and the 24 hour columns are as published in the
    header of the files and quoted consistently by independent public readers; the hour
    columns' header text varies, so they are recognised by position and number, ``01h``,
    ``1``, ``01時`` …):

    ``測定年度, 測定局コード, 市町村コード, 測定項目コード, 測定単位コード, 測定月, 測定日, 01h … 24h``

    * 測定項目コード holds a text code (``NO2``, ``OX``, ``PM25``, ``WD`` …, padded with spaces);
      item numbers (``03``) are accepted too. Mapping in :data:`NIES_ITEMS`: 01 SO2, 02 NO,
      03 NO2, 04 NOx, 05 CO, 06 Ox, 07 NMHC, 08 CH4, 09 THC, 10 SPM, 11 SP, 12 PM2.5
      (PM25/PMFL/PMBH by method), 21 wind direction, 22 wind speed, 23 temperature,
      24 humidity, 25 solar radiation, 26 rain, 27 UV, 28 pressure, 29 net radiation, 41 CO2,
      42 O3. Uncertain: items 11 and 25–42 are from secondary sources only; some summaries
      number SPM as 08, which does not match the file numbering used here (08 = CH4).
    * 測定単位コード: PPB (SO2, NO, NO2, NOx, Ox), 0.1PPM (CO), 10PPBC (hydrocarbons),
      UG/M3 (SPM and PM2.5: SPM is converted to the schema's mg m-3), 0.1'C, 0.1M/S, 16DIRC,
      % and 0.01MJ (hourly MJ/m², converted to mean W/m²). A blank unit takes the item's
      default (counted); an unknown one is an error.
    * Wind direction: 16-point codes 1 = NNE … 16 = N → 22.5 × code degrees (N = 360°, the
      meteorological convention); 17 = calm (静穏) → NaN direction, counted as ``calm``.
    * Each month has 31 rows; rows for dates that do not exist (4/31, 2/30 …) carry 9998 and
      are dropped (counted as ``calendar padding``).
    * Small negative values (instrument noise near zero) are kept; see :func:`clean`.

    References
    ----------
    .. [1] 国立環境研究所 環境数値データベース, 大気環境時間値データ, https://tenbou.nies.go.jp/download/
       ; file layout manual TJ_manu.pdf (sentinels 9999/9998/9997, 31 rows per month, item code
       table), as quoted in public readers of these files.
    .. [2] Yokohama City, 測定値の取扱い: hourly values are stamped at the end of their hour
       (the 6 o'clock value covers 5:00–6:00), hours 1–24 (kawasaki-facts §2c).
    """
    step = "read_nies_hourly"
    flags = dict(NIES_SENTINELS if sentinels is None else sentinels)
    texts = _nies_texts(path_or_paths, encoding)
    parts = [_parse_nies_table(name, text) for name, text in texts]
    keys = pd.concat([k for k, _ in parts], ignore_index=True)
    values = np.vstack([v for _, v in parts]) if parts else np.empty((0, 24))
    if len(keys) == 0:
        raise ValueError(f"{step}: the file(s) hold no data rows")
    records: list[dict[str, Any]] = []

    station = keys["測定局コード"].str.zfill(8).to_numpy(dtype=object)
    item_raw = keys["測定項目コード"].str.upper().str.replace(" ", "", regex=False)
    item_num = item_raw.map(
        {u: (u.zfill(2) if u.isdigit() else _NIES_TEXT.get(u)) for u in item_raw.unique()}
    )
    unknown = item_num.isna().to_numpy()
    if unknown.any():
        skipped = pd.Series(item_raw[unknown]).value_counts()
        for code, n in skipped.items():
            records.append(_record(step, "*", str(code), "unknown item code (rows skipped)", n))
        keep = ~unknown
        keys, values, station = keys[keep], values[keep], station[keep]
        item_num, item_raw = item_num[keep], item_raw[keep]
    item_num = item_num.to_numpy(dtype=object)
    bad_num = [n for n in set(item_num) if n not in NIES_ITEMS]
    if bad_num:
        raise ValueError(
            f"{step}: unknown NIES item number(s) {sorted(bad_num)}; known: {', '.join(NIES_ITEMS)}"
        )
    variable = (
        pd.Series(item_num).map({n: v[1] for n, v in NIES_ITEMS.items()}).to_numpy(dtype=object)
    )

    # dates
    try:
        fy = keys["測定年度"].astype(int).to_numpy()
        month = keys["測定月"].astype(int).to_numpy()
        day = keys["測定日"].astype(int).to_numpy()
    except ValueError as exc:
        raise ValueError(f"{step}: 測定年度/測定月/測定日 must be integers: {exc}") from None
    year = fy + (month < 4) if year_is_fiscal else fy
    dates = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
    ).to_numpy()

    # flags on the raw values
    blank = np.isnan(values)
    flag_masks: dict[str, np.ndarray] = {}
    for value, reason in flags.items():
        flag_masks[reason] = values == float(value)
    known_flag = np.zeros_like(blank)
    for m in flag_masks.values():
        known_flag |= m
    flag_masks["unknown flag (raw value >= 9000)"] = (values >= _UNKNOWN_FLAG_FLOOR) & ~known_flag
    flag_masks["negative flag (raw value <= -999)"] = values <= _NEGATIVE_FLAG_CEIL
    any_flag = blank.copy()
    for m in flag_masks.values():
        any_flag |= m

    # rows for dates that do not exist
    padding = np.isnat(dates)
    if padding.any():
        real = padding & ~any_flag.all(axis=1)
        if real.any():
            i = int(np.flatnonzero(real)[0])
            raise ValueError(
                f"{step}: station {station[i]} item {item_raw.iloc[i]} has values on "
                f"{year[i]}-{month[i]:02d}-{day[i]:02d}, a date that does not exist"
            )
        for s, v, n in _counts_by(
            station[padding], variable[padding], np.ones((int(padding.sum()), 1), dtype=bool)
        ):
            records.append(_record(step, s, v, "calendar padding (non-existent date rows)", n))
        keep = ~padding
        keys, values, station, variable = keys[keep], values[keep], station[keep], variable[keep]
        item_num, dates, blank, any_flag = item_num[keep], dates[keep], blank[keep], any_flag[keep]
        flag_masks = {r: m[keep] for r, m in flag_masks.items()}

    # units
    unit_code = (
        keys["測定単位コード"].str.upper().str.replace(" ", "", regex=False).to_numpy(dtype=object)
    )
    no_unit = unit_code == ""
    if no_unit.any():
        for s, v, n in _counts_by(
            station[no_unit], variable[no_unit], np.ones((int(no_unit.sum()), 1), dtype=bool)
        ):
            records.append(_record(step, s, v, "blank unit code (item default assumed; rows)", n))
        defaults = pd.Series(item_num).map({n: v[2] for n, v in NIES_ITEMS.items()})
        unit_code = np.where(no_unit, defaults.to_numpy(dtype=object), unit_code)
    unknown_units = sorted({u for u in unit_code if u not in NIES_UNIT_CODES})
    if unknown_units:
        i = int(np.flatnonzero(unit_code == unknown_units[0])[0])
        raise ValueError(
            f"{step}: unknown unit code {unknown_units[0]!r} (station {station[i]}, item "
            f"{keys['測定項目コード'].iloc[i].strip()}); known: {', '.join(NIES_UNIT_CODES)}"
        )
    codes = pd.Series(unit_code)
    raw_unit = codes.map({u: c[0] for u, c in NIES_UNIT_CODES.items()}).to_numpy(dtype=object)
    raw_factor = codes.map({u: c[1] for u, c in NIES_UNIT_CODES.items()}).to_numpy(dtype=float)
    out_units = (
        pd.Series(variable)
        .map({v: _schema_units(v) or _EXTRA_UNITS[v] for v in set(variable)})
        .to_numpy(dtype=object)
    )
    factor = np.empty(len(variable))
    for ru, ou in set(zip(raw_unit, out_units, strict=True)):
        if (ru, ou) not in _TO_OUTPUT:
            i = int(np.flatnonzero((raw_unit == ru) & (out_units == ou))[0])
            raise ValueError(
                f"{step}: item {keys['測定項目コード'].iloc[i].strip()} at station {station[i]} "
                f"is in {unit_code[i]!r} ({ru}), which cannot become {ou}"
            )
        sel = (raw_unit == ru) & (out_units == ou)
        factor[sel] = _TO_OUTPUT[(ru, ou)] * raw_factor[sel]

    # counts of flags per station / variable
    for reason, mask in flag_masks.items():
        for s, v, n in _counts_by(station, variable, mask):
            records.append(_record(step, s, v, reason, n))
    for s, v, n in _counts_by(station, variable, blank):
        records.append(_record(step, s, v, "blank field", n))

    # Divide by an exact integer where the factor is 1/n (ppb -> ppm is /1000): the quotient is
    # then the double nearest the decimal value (21 ppb -> 0.021, not 0.021000000000000001).
    inverse = np.round(1.0 / factor)
    divide = (factor < 1) & (np.abs(1.0 / factor - inverse) < 1e-9 * inverse)
    clean_values = np.where(any_flag, np.nan, values)
    data = np.where(
        divide[:, None], clean_values / inverse[:, None], clean_values * factor[:, None]
    )

    # wind direction codes
    is_wd = variable == "wind_dir"
    if is_wd.any():
        codes = data[is_wd]
        calm = codes == _WIND_CALM_CODE
        invalid = ~np.isnan(codes) & ~calm & ((codes < 1) | (codes > 16) | (codes % 1 != 0))
        for s, v, n in _counts_by(station[is_wd], variable[is_wd], calm):
            records.append(_record(step, s, v, "calm (code 17; direction undefined)", n))
        for s, v, n in _counts_by(station[is_wd], variable[is_wd], invalid):
            records.append(_record(step, s, v, "invalid wind-direction code", n))
        data[is_wd] = np.where(calm | invalid, np.nan, codes * 22.5)

    # duplicated station × item × day rows
    frame = pd.DataFrame({"station": station, "variable": variable, "date": dates})
    dup = frame.duplicated(keep=False).to_numpy()
    if dup.any():
        first = frame.duplicated(keep="first").to_numpy()
        grp = frame[dup].groupby(["station", "variable", "date"]).ngroup().to_numpy()
        block = data[dup]
        for g in np.unique(grp):
            rows = block[grp == g]
            same = np.all((rows == rows[0]) | (np.isnan(rows) & np.isnan(rows[0])))
            if not same:
                i = np.flatnonzero(dup)[np.flatnonzero(grp == g)[0]]
                raise ValueError(
                    f"{step}: station {station[i]} {variable[i]} on "
                    f"{pd.Timestamp(dates[i]).date()} appears in several rows with different "
                    "values; keep one file per station and year"
                )
        for s, v, n in _counts_by(
            station[first], variable[first], np.ones((int(first.sum()), 1), dtype=bool)
        ):
            records.append(_record(step, s, v, "duplicate identical row (dropped; rows)", n))
        keep = ~first
        station, variable, dates, data = station[keep], variable[keep], dates[keep], data[keep]

    # onto the station × hour grid
    day0 = dates.min()
    n_days = int((dates.max() - day0) / np.timedelta64(1, "D")) + 1
    times = pd.date_range(pd.Timestamp(day0), periods=24 * n_days, freq="h")
    stations_sorted = np.array(sorted(set(station)), dtype=object)
    s_index = pd.Index(stations_sorted).get_indexer(station)
    t_index = ((dates - day0) / np.timedelta64(1, "h")).astype(np.int64)[:, None] + np.arange(24)
    data_vars = {}
    for var in sorted(set(variable)):
        sel = variable == var
        grid = np.full((len(stations_sorted), len(times)), np.nan)
        grid[np.repeat(s_index[sel], 24), t_index[sel].ravel()] = data[sel].ravel()
        meta = POLLUTANTS.get(var) or MET_VARIABLES.get(var) or {}
        attrs = {"units": _schema_units(var) or _EXTRA_UNITS[var]}
        attrs.update({k: meta[k] for k in ("long_name", "name_ja") if k in meta})
        attrs["nies_item"] = next(n for n, (_, v, _) in NIES_ITEMS.items() if v == var)
        data_vars[var] = (("station", "time"), grid, attrs)
    ds = xr.Dataset(
        data_vars,
        coords={"station": stations_sorted.astype(str), "time": times},
        attrs={
            "time_zone": time_zone,
            "interval_label": "beginning",
            "source": "NIES 環境数値データベース hourly data: " + ", ".join(n for n, _ in texts),
            "kind": "measured",
            "cleaning": records,
        },
    )
    ds = add_station_coords(ds, stations)
    _warn_records(step, [r for r in records if not r["reason"].startswith("calendar padding")])
    return ds


# --------------------------------------------------------------------------------------------
# openair-style tables

#: openair column names (and a few common variants) → schema names.
OPENAIR_NAMES = {
    "no2": "no2",
    "nox": "nox",
    "no": "no",
    "o3": "o3",
    "ox": "ox",
    "so2": "so2",
    "co": "co",
    "pm10": "pm10",
    "pm25": "pm25",
    "pm2.5": "pm25",
    "pm2_5": "pm25",
    "spm": "spm",
    "ws": "wind_speed",
    "wind_speed": "wind_speed",
    "wd": "wind_dir",
    "wind_dir": "wind_dir",
    "air_temp": "temp_air",
    "temp": "temp_air",
    "temp_air": "temp_air",
}
_MET_DEFAULT_UNITS = {"wind_speed": "m s-1", "wind_dir": "degree", "temp_air": "degC"}
_MET_UNIT_ALIASES = {
    "wind_speed": {"m/s": "m s-1", "m s-1": "m s-1", "ms-1": "m s-1", "m_s": "m s-1"},
    "wind_dir": {"degree": "degree", "deg": "degree", "degrees": "degree", "°": "degree"},
    "temp_air": {"degc": "degC", "c": "degC", "°c": "degC", "celsius": "degC"},
}
_HEADER_UNIT = re.compile(r"^(?P<name>.+?)\s*[\(\[](?P<unit>[^\)\]]+)[\)\]]\s*$")
_SUFFIX_UNITS = ("ppb", "ppm", "ugm3", "ug_m3", "mgm3", "mg_m3")


def _split_header(column: str) -> tuple[str, str | None]:
    """``"no2 (ppb)"`` / ``"no2 [ug/m3]"`` / ``"no2_ppb"`` → (name, unit)."""
    m = _HEADER_UNIT.match(column.strip())
    if m:
        return m.group("name").strip().lower(), m.group("unit").strip()
    low = column.strip().lower()
    for suffix in _SUFFIX_UNITS:
        if low.endswith("_" + suffix) and low[: -len(suffix) - 1] in OPENAIR_NAMES:
            return low[: -len(suffix) - 1], suffix
    return low, None


def _to_schema_units(
    values: np.ndarray, variable: str, units: str, column: str, temperature_c: float
) -> tuple[np.ndarray, str]:
    if variable in _MET_DEFAULT_UNITS:
        canon = _MET_UNIT_ALIASES[variable].get(str(units).strip().lower())
        if canon is None:
            raise ValueError(
                f"column {column!r}: unit {units!r} is not supported for {variable}; use "
                f"{_MET_DEFAULT_UNITS[variable]}"
            )
        return values, canon
    target = _schema_units(variable)
    source = _canonical_unit(units, f"column {column!r}")
    factor = _conversion_factor(source, target, variable, temperature_c, STANDARD_PRESSURE_PA, None)
    return values * factor, target


#: The time "24:00" (optionally "24:00:00") after a date, before the end, a space or an offset.
_HOUR_24 = r"(^|[ T])24:00((?::00)?)(?=$|\s|Z|[+-]\d)"
_HOUR_24_FIND = r"(?:^|[ T])24:00(?::00)?(?=$|\s|Z|[+-]\d)"
#: Cells that mean "no value" in an openair-style CSV (compared case-insensitively).
_NA_TOKENS = ("", "na", "nan", "null", "none", "n/a", "#n/a", "<na>")


def _openair_flags(sentinels: Any) -> dict[float, str]:
    """Sentinel code → reason for :func:`read_openair_csv` (default: :data:`NIES_SENTINELS`)."""
    if sentinels is None:
        return {float(k): v for k, v in NIES_SENTINELS.items()}
    if isinstance(sentinels, Mapping):
        return {float(k): str(v) for k, v in sentinels.items()}
    return {float(v): f"sentinel {float(v):g}" for v in sentinels}


def _parse_cells(raw: pd.Series, flags: Mapping[float, str]) -> tuple[np.ndarray, dict]:
    """Numbers of the raw cells, NaN where a cell is empty, text or a flag; and the masks.

    The masks (reason → boolean per cell) cover the cells set to NaN that held something:
    each flag code, raw values ≤ −999 and non-numeric text. Empty and NA cells are missing
    values already and are not in them.
    """
    text = raw.fillna("").astype(str).str.strip()
    number = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    empty = text.str.lower().isin(_NA_TOKENS).to_numpy()
    finite = np.isfinite(number)
    masks: dict[str, np.ndarray] = {}
    known = np.zeros(len(number), dtype=bool)
    for code, reason in flags.items():
        masks[reason] = finite & (number == code)
        known |= masks[reason]
    masks["negative flag (raw value <= -999)"] = finite & (number <= _NEGATIVE_FLAG_CEIL) & ~known
    bad_text = ~finite & ~empty
    if bad_text.any():
        examples = ", ".join(repr(t) for t in sorted(set(text[bad_text]))[:5])
        masks[f"non-numeric cell (e.g. {examples})"] = bad_text
    removed = np.zeros(len(number), dtype=bool)
    for m in masks.values():
        removed |= m
    return np.where(finite & ~removed, number, np.nan), masks


def _local_naive_times(
    stamps: pd.Series, time_zone: str, where: str, date_format: str | None
) -> pd.DatetimeIndex:
    text = stamps.astype(str).str.strip()
    # "24:00" (hour-ending exports: the end of day D) is 00:00 of day D + 1
    is_24 = text.str.contains(_HOUR_24_FIND, regex=True).to_numpy()
    if is_24.any():
        text = text.str.replace(_HOUR_24, r"\g<1>00:00\g<2>", regex=True)
    has_offset = text.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True).to_numpy()
    if has_offset.any() and not has_offset.all():
        i = int(np.flatnonzero(~has_offset)[0])
        raise ValueError(
            f"{where}: some dates carry a UTC offset and others do not (row {i + 2}: "
            f"{text.iloc[i]!r}); give all of them an offset or none"
        )
    try:
        times = pd.to_datetime(text, format=date_format, utc=bool(has_offset.any()))
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"{where}: cannot parse the date column: {exc}; pass date_format="
        ) from None
    times = pd.DatetimeIndex(times)
    if times.isna().any():
        i = int(np.flatnonzero(times.isna())[0])
        raise ValueError(f"{where}: row {i + 2} has no date ({stamps.iloc[i]!r})")
    if is_24.any():
        times = times + pd.to_timedelta(is_24.astype(np.int64), unit="D")
    if times.tz is not None:
        times = times.tz_convert(time_zone).tz_localize(None)
    dst = (
        f"{where}: {time_zone} changes its UTC offset within the data (daylight saving); the "
        "schema needs local *standard* time: pass a fixed-offset zone such as 'Etc/GMT' or "
        "'Etc/GMT-1' and timestamps in that zone"
    )
    try:
        aware = times.tz_localize(time_zone, ambiguous="raise", nonexistent="raise")
    except Exception as exc:  # pytz/zoneinfo ambiguous or non-existent local times
        raise ValueError(f"{dst} ({exc})") from None
    offsets = (times - aware.tz_convert("UTC").tz_localize(None)).unique()
    if len(offsets) > 1:
        raise ValueError(dst)
    return times


def read_openair_csv(
    path: str | Path,
    *,
    format: str = "wide",
    time_zone: str = "Asia/Tokyo",
    interval_label: str = "beginning",
    units: Mapping[str, str] | None = None,
    reference_temperature_c: float = 20.0,
    site: str | None = None,
    date_format: str | None = None,
    stations: Any = None,
    sentinels: Mapping[float, str] | Iterable[float] | None = None,
) -> xr.Dataset:
    """Read an openair-style CSV (wide or long) into the schema.

    Parameters
    ----------
    path : path
        CSV file. Wide: ``date``, ``site`` (or ``code``) and one column per variable (``no2``,
        ``o3``, ``pm25``, ``ws``, ``wd`` …; :data:`OPENAIR_NAMES`). Long: ``site``, ``date``,
        ``pollutant`` (or ``variable``), ``value`` and optionally ``units``.
    format : {"wide", "long"}
    time_zone : str, default "Asia/Tokyo"
        Zone of naive timestamps; aware ones (``+09:00``) are converted to it. It must keep one
        UTC offset over the data (local *standard* time); use ``"Etc/GMT"`` for UK data in GMT.
    interval_label : {"beginning", "ending"}, default "beginning"
        What the file's time stamps mark. openair's own convention is the beginning of the
        hour; "ending" (Japanese and most agency exports) moves every label back one hour.
    units : mapping, optional
        Units per column or variable, e.g. ``{"no2": "ppb", "pm25": "ug/m3"}``. Units may also
        be in the headers (``"no2 (ppb)"``, ``"no2 [ug/m3]"``, ``"no2_ppb"``) or, in the long
        format, in a ``units`` column. Wind speed (m/s), direction (degrees) and temperature (°C)
        default to those units; every pollutant needs a stated unit.
    reference_temperature_c : float, default 20
        Reference temperature [°C] for µg/m³ → ppm of gases (EU/UK reporting conditions; use
        25 for US EPA/WHO data). See :func:`convert_units`.
    site : str, optional
        Station code to use when the file has no ``site``/``code`` column (default: the file
        name without extension).
    date_format : str, optional
        strftime format of ``date`` (default: inferred; ISO 8601 recommended). A time of
        ``24:00`` (hour-ending exports write the last hour of day D so) is read as 00:00 of
        day D + 1, before ``interval_label="ending"`` moves it back to 23:00 of day D.
    stations : geopandas.GeoDataFrame, optional
        Station table for coordinates (default ``kawasaki_stations``).
    sentinels : mapping or iterable of float, optional
        Codes that mean "no value" in the value cells: a mapping code → reason, or plain codes.
        Default: the NIES codes :data:`NIES_SENTINELS` (9999 missing, 9998 not measured, 9997
        error). Raw values ≤ −999 are flags whatever this holds. They are matched on the RAW
        cell values, before any unit conversion (9999 ppb would otherwise become 9.999 ppm,
        which no later check recognises). Unlike :func:`read_nies_hourly`, other values ≥ 9000
        are kept: CO in µg/m³ or ppb can legitimately reach them.

    Returns
    -------
    xarray.Dataset
        In the schema (hourly, beginning labels, naive local standard time, schema units; gases
        converted with ``reference_temperature_c`` recorded in each variable's attrs).
        ``attrs["cleaning"]`` holds one ``{"step", "station", "variable", "reason", "count"}``
        record (the format of :func:`read_nies_hourly`) per station, variable and reason for
        the cells set to NaN: each sentinel code, ``negative flag (raw value <= -999)`` and
        ``non-numeric cell (e.g. '-', …)`` (text such as "-", "calib" or "<5"). Empty and NA
        cells (``""``, ``NA``, ``NaN``, ``null`` …) are how these files write a missing value:
        they stay missing and are not counted as cleaning.

    Raises
    ------
    ValueError
        A pollutant without units, an unknown unit, mixed units for one pollutant, a unit
        stated twice differently, an unparsable date, times that are not whole hours, or
        duplicated (site, time) rows; each message names the column or row.

    Warns
    -----
    AirDataWarning
        Columns not read, and the counts of the cells set to NaN (sentinels, flags, text).

    References
    ----------
    .. [1] Carslaw, D. C. and Ropkins, K. (2012) openair — an R package for air quality data
       analysis. Environmental Modelling & Software 27–28, 52–61,
       doi:10.1016/j.envsoft.2011.09.008 (the ``date``/``site``/pollutant layout).
    """
    path = Path(path)
    where = f"read_openair_csv({path.name})"
    if format not in ("wide", "long"):
        raise ValueError(f"{where}: format must be 'wide' or 'long', got {format!r}")
    if interval_label not in ("beginning", "ending"):
        raise ValueError(
            f"{where}: interval_label must be 'beginning' or 'ending', got {interval_label!r}"
        )
    step = "read_openair_csv"
    flags = _openair_flags(sentinels)
    # every cell as text: sentinels and text cells are judged on the raw values
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.columns = [str(c).strip() for c in df.columns]
    lower = {c.lower(): c for c in df.columns}
    if "date" not in lower:
        raise ValueError(f"{where}: no 'date' column (columns: {', '.join(df.columns)})")
    site_col = lower.get("site") or lower.get("code")
    given_units = {str(k).strip().lower(): v for k, v in (units or {}).items()}

    if format == "wide":
        skip = {"date", "site", "code"}
        long_parts, unused = [], []
        for col in df.columns:
            if col.lower() in skip:
                continue
            name, header_unit = _split_header(col)
            var = OPENAIR_NAMES.get(name)
            if var is None:
                unused.append(col)
                continue
            stated = given_units.get(col.lower(), given_units.get(name, given_units.get(var)))
            if header_unit and stated and header_unit.lower() != str(stated).lower():
                raise ValueError(
                    f"{where}: column {col!r} says {header_unit!r} but units= gives {stated!r}"
                )
            unit = header_unit or stated
            long_parts.append(
                pd.DataFrame(
                    {
                        "site": df[site_col].astype(str) if site_col else (site or path.stem),
                        "date": df[lower["date"]],
                        "variable": var,
                        "column": col,
                        "unit": unit,
                        "raw": df[col],
                    }
                )
            )
        if unused:
            warnings.warn(
                f"{where}: column(s) not read (not a known variable): {', '.join(unused)}",
                AirDataWarning,
                stacklevel=2,
            )
        if not long_parts:
            raise ValueError(
                f"{where}: no variable columns found (known: {', '.join(OPENAIR_NAMES)})"
            )
        long = pd.concat(long_parts, ignore_index=True)
    else:
        pol_col = lower.get("pollutant") or lower.get("variable")
        if pol_col is None or "value" not in lower or site_col is None:
            raise ValueError(
                f"{where}: a long file needs columns site, date, pollutant (or variable) and "
                f"value; found {', '.join(df.columns)}"
            )
        names = df[pol_col].astype(str).str.strip()
        split = names.map(_split_header)
        base = split.map(lambda t: t[0])
        var = base.map(OPENAIR_NAMES)
        if var.isna().any():
            bad = sorted(set(names[var.isna()]))
            raise ValueError(
                f"{where}: unknown pollutant(s) {bad}; known: {', '.join(OPENAIR_NAMES)}"
            )
        unit_col = lower.get("units") or lower.get("unit")
        unit = split.map(lambda t: t[1])
        if unit_col:
            file_units = df[unit_col].str.strip()
            file_units = file_units.where(file_units != "", None)
            unit = unit.where(unit.notna(), file_units)
        stated = var.map(lambda v: given_units.get(v))
        conflict = (
            unit.notna()
            & stated.notna()
            & (unit.astype(str).str.lower() != stated.astype(str).str.lower())
        )
        if conflict.any():
            i = int(np.flatnonzero(conflict.to_numpy())[0])
            raise ValueError(
                f"{where}: pollutant {names.iloc[i]!r} is in {unit.iloc[i]!r} in "
                f"the file but units= gives {stated.iloc[i]!r}"
            )
        unit = unit.where(unit.notna(), stated)
        long = pd.DataFrame(
            {
                "site": df[site_col].astype(str),
                "date": df[lower["date"]],
                "variable": var,
                "column": names,
                "unit": unit,
                "raw": df[lower["value"]],
            }
        )

    # sentinel codes, flags and text cells, judged on the RAW values (before any conversion)
    values, masks = _parse_cells(long["raw"], flags)
    long = long.drop(columns="raw").assign(value=values)
    site_codes = long["site"].astype(str).to_numpy(dtype=object)
    variables = long["variable"].astype(str).to_numpy(dtype=object)
    records: list[dict[str, Any]] = []
    for reason, mask in masks.items():
        for s_code, var_name, n in _counts_by(site_codes, variables, mask[:, None]):
            records.append(_record(step, s_code, var_name, reason, n))

    # units: one per variable, stated for every pollutant
    converted, extra_attrs = [], {}
    for var, part in long.groupby("variable", sort=True):
        col = ", ".join(sorted(set(part["column"])))
        stated = part["unit"].dropna().astype(str).str.strip()
        kinds = sorted(set(stated))
        if var in _MET_DEFAULT_UNITS and not kinds:
            kinds = [_MET_DEFAULT_UNITS[var]]
        if not kinds or part["unit"].isna().any() and var not in _MET_DEFAULT_UNITS:
            raise ValueError(
                f"{where}: column {col!r} ({var}) has no unit; state it with units={{'{var}': "
                "'ppb'}} (or 'ppm', 'ug/m3', 'mg/m3') or in the header, e.g. 'no2 (ppb)'"
            )
        if len(kinds) > 1:
            canon = {
                k: _canonical_unit(k, f"column {col!r}") if var not in _MET_DEFAULT_UNITS else k
                for k in kinds
            }
            if len(set(canon.values())) > 1:
                raise ValueError(
                    f"{where}: column {col!r} ({var}) mixes units {kinds}; split or convert "
                    "the rows so that each pollutant has one unit"
                )
        values, out_units = _to_schema_units(
            part["value"].to_numpy(dtype=float), var, kinds[0], col, reference_temperature_c
        )
        converted.append(part.assign(value=values, unit=out_units))
        if var not in _MET_DEFAULT_UNITS:
            source = _canonical_unit(kinds[0], f"column {col!r}")
            extra_attrs[var] = {"units_in_file": source}
            if (source in _VOLUME) != (out_units in _VOLUME):
                extra_attrs[var]["reference_temperature_c"] = float(reference_temperature_c)
                extra_attrs[var]["reference_pressure_pa"] = STANDARD_PRESSURE_PA
    long = pd.concat(converted, ignore_index=True)

    times = _local_naive_times(long["date"], time_zone, where, date_format)
    if ((times - times.floor("h")) != pd.Timedelta(0)).any():
        i = int(np.flatnonzero(times != times.floor("h"))[0])
        raise ValueError(f"{where}: time {times[i]} is not a whole hour; the schema is hourly")
    if interval_label == "ending":
        times = times - pd.Timedelta(hours=1)
    long["time"] = times
    dup = long.duplicated(["site", "variable", "time"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise ValueError(
            f"{where}: site {long['site'].iloc[i]} has {int(dup.sum())} duplicated time(s) for "
            f"{long['variable'].iloc[i]}, first {long['time'].iloc[i]}; remove the repeats"
        )
    ds = _grid_from_long(long.rename(columns={"site": "station"}), extra_attrs)
    ds.attrs.update(
        {
            "time_zone": time_zone,
            "interval_label": "beginning",
            "source": f"openair-style CSV {path.name} (labels were {interval_label})",
            "kind": "measured",
            "cleaning": records,
        }
    )
    ds = add_station_coords(ds, stations)
    _warn_records(step, records)
    return ds


def _grid_from_long(long: pd.DataFrame, extra_attrs: Mapping[str, Mapping] | None) -> xr.Dataset:
    """Tidy (station, time, variable, value, unit) → Dataset on the full hourly calendar."""
    stations = np.array(sorted(set(long["station"].astype(str))), dtype=object)
    t0, t1 = long["time"].min(), long["time"].max()
    times = pd.date_range(t0, t1, freq="h")
    s_idx = pd.Index(stations).get_indexer(long["station"].astype(str))
    t_idx = ((pd.DatetimeIndex(long["time"]) - t0) / pd.Timedelta(hours=1)).to_numpy()
    t_idx = t_idx.astype(np.int64)
    data_vars = {}
    for var, part in long.groupby("variable", sort=True):
        sel = (long["variable"] == var).to_numpy()
        grid = np.full((len(stations), len(times)), np.nan)
        grid[s_idx[sel], t_idx[sel]] = part["value"].to_numpy(dtype=float)
        meta = POLLUTANTS.get(var) or MET_VARIABLES.get(var) or {}
        attrs = {"units": str(part["unit"].iloc[0])}
        attrs.update({k: meta[k] for k in ("long_name", "name_ja") if k in meta})
        attrs.update((extra_attrs or {}).get(str(var), {}))
        data_vars[str(var)] = (("station", "time"), grid, attrs)
    return xr.Dataset(data_vars, coords={"station": stations.astype(str), "time": times})


# --------------------------------------------------------------------------------------------
# long <-> wide


def to_long(
    ds: xr.Dataset, variables: Iterable[str] | None = None, *, dropna: bool = False
) -> pd.DataFrame:
    """Tidy table ``station, time (tz-aware), variable, value, units`` of a schema Dataset.

    Parameters
    ----------
    ds : xarray.Dataset
        A Dataset in the schema.
    variables : iterable of str, optional
        Variables to include (default: all data variables).
    dropna : bool, default False
        Drop rows whose value is NaN. :func:`from_long` rebuilds the full hourly calendar either
        way; without NaN rows it cannot restore missing hours at the very start or end.

    Returns
    -------
    pandas.DataFrame
        As :func:`kgi_lab.air.schema.to_dataframe`; ``attrs`` carry the Dataset's
        ``time_zone``, ``interval_label``, ``source``, ``kind`` and ``cleaning``, and each
        variable's attributes (``variable_attrs``), so that :func:`from_long` restores them.
    """
    out = to_dataframe(ds, variables)
    if dropna:
        out = out.dropna(subset=["value"]).reset_index(drop=True)
    for key in ("time_zone", "interval_label", "source", "kind", "cleaning"):
        if key in ds.attrs:
            out.attrs[key] = ds.attrs[key]
    out.attrs["variable_attrs"] = {str(v): dict(ds[v].attrs) for v in set(out["variable"])}
    return out


def from_long(
    df: pd.DataFrame,
    *,
    time_zone: str | None = None,
    interval_label: str | None = None,
    stations: Any = None,
) -> xr.Dataset:
    """Rebuild a schema Dataset from a tidy table (the inverse of :func:`to_long`).

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``station``, ``time``, ``variable``, ``value`` and ``units``. Timezone-aware times
        are converted to ``time_zone``; naive ones are taken as local standard time in it.
    time_zone : str, optional
        Default: ``df.attrs["time_zone"]``, else the zone of aware times; naive times without
        either are an error.
    interval_label : {"beginning", "ending"}, optional
        What ``time`` marks (default ``df.attrs["interval_label"]`` or "beginning"); "ending"
        labels are moved back one hour.
    stations : geopandas.GeoDataFrame, optional
        Station table for coordinates (default ``kawasaki_stations``).

    Returns
    -------
    xarray.Dataset
        In the schema, on the full hourly calendar between the first and last time.

    Raises
    ------
    ValueError
        Missing columns, several units for one variable, duplicated (station, variable, time)
        rows, naive times without a zone, or times that are not whole hours.
    """
    need = ["station", "time", "variable", "value", "units"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"from_long: missing column(s) {', '.join(missing)}; need {need}")
    times = pd.DatetimeIndex(df["time"])
    zone = time_zone or df.attrs.get("time_zone") or (str(times.tz) if times.tz else None)
    if zone is None:
        raise ValueError("from_long: naive times and no time zone; pass time_zone='Asia/Tokyo'")
    if times.tz is not None:
        times = times.tz_convert(zone).tz_localize(None)
    if (times != times.floor("h")).any():
        raise ValueError("from_long: times must be whole hours (the schema is hourly)")
    label = interval_label or df.attrs.get("interval_label", "beginning")
    if label not in ("beginning", "ending"):
        raise ValueError(
            f"from_long: interval_label must be 'beginning' or 'ending', got {label!r}"
        )
    if label == "ending":
        times = times - pd.Timedelta(hours=1)
    long = pd.DataFrame(
        {
            "station": df["station"].astype(str).to_numpy(),
            "time": times,
            "variable": df["variable"].astype(str).to_numpy(),
            "value": pd.to_numeric(df["value"], errors="coerce").to_numpy(dtype=float),
            "unit": df["units"].to_numpy(),
        }
    )
    n_units = long.groupby("variable")["unit"].nunique(dropna=False)
    if (n_units > 1).any():
        var = n_units.index[n_units > 1][0]
        raise ValueError(
            f"from_long: variable {var!r} has several units "
            f"{sorted(map(str, set(long.loc[long['variable'] == var, 'unit'])))}; convert first"
        )
    dup = long.duplicated(["station", "variable", "time"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise ValueError(
            f"from_long: {int(dup.sum())} duplicated row(s), first station {long['station'][i]} "
            f"{long['variable'][i]} at {long['time'][i]}"
        )
    ds = _grid_from_long(long, df.attrs.get("variable_attrs"))
    ds.attrs.update(
        {
            "time_zone": zone,
            "interval_label": "beginning",
            "source": df.attrs.get("source", "from_long"),
            "kind": df.attrs.get("kind", "unknown"),
            "cleaning": list(df.attrs.get("cleaning", [])),
        }
    )
    return add_station_coords(ds, stations)


# --------------------------------------------------------------------------------------------
# clean

#: Variables that cannot be negative (temperature can).
_NON_NEGATIVE = tuple(POLLUTANTS) + (
    "wind_speed",
    "wind_dir",
    "nmhc",
    "ch4",
    "thc",
    "sp",
    "relative_humidity",
    "ghi",
    "precipitation",
    "co2",
)


_NEGATIVE_ACTIONS = ("error", "nan", "keep")
_NEGATIVE_KEPT = "negative value (kept as measured)"


def clean(
    ds: xr.Dataset,
    *,
    negative: str | Mapping[str, str] = "error",
    sentinels: Iterable[float] = (9999.0, 9998.0, 9997.0, -9999.0, -999.0),
    duplicates: str = "error",
) -> tuple[xr.Dataset, pd.DataFrame]:
    """Check and clean a schema Dataset; report every value removed, per station and variable.

    Parameters
    ----------
    ds : xarray.Dataset
        Dims ``(station, time)``; schema variables must carry the schema units.
    negative : {"error", "nan", "keep"} or mapping, default "error"
        What to do with negative values of quantities that cannot be negative (all pollutants,
        wind speed and direction; not temperature):

        * ``"error"``: raise;
        * ``"nan"``: set them to NaN (counted). Real analysers report small negatives near
          zero; removing them biases annual means slightly upward; say so when you use it;
        * ``"keep"``: keep them as measured (counted in the report as "negative value (kept as
          measured)", not warned about). This is Japanese practice for PM2.5: hourly values
          near zero come out negative from the automatic monitors' measurement error and are
          used as they are, daily means included [1]_; :func:`kgi_lab.air.standards.evaluate_japan`
          accepts them for PM2.5 (down to −10 µg/m³) but refuses negative values of the other
          pollutants;
        * a mapping variable → one of these, e.g. ``{"pm25": "keep", "no2": "nan"}``;
          variables not in it use ``"error"``.
    sentinels : iterable of float
        Values that mean "no data" (exact matches become NaN, counted). They are compared with
        the values as stored, i.e. in schema units: the readers already flag the codes of the
        files on the RAW values (a 9999 ppb code would be 9.999 ppm here).
    duplicates : {"error", "first"}, default "error"
        Duplicated time labels: raise, or keep the first occurrence (values dropped are counted
        per station and variable).

    Returns
    -------
    clean_ds : xarray.Dataset
        A cleaned copy, sorted by time; ``attrs["cleaning"]`` extended with this step's records.
    report : pandas.DataFrame
        Columns ``station``, ``variable``, ``reason``, ``count`` (only non-zero counts),
        including the negative values kept with ``negative="keep"``.

    Raises
    ------
    ValueError
        Missing dimensions, duplicated stations, schema variables in other units, negative
        values with ``negative="error"``, or duplicated times with ``duplicates="error"``.

    References
    ----------
    .. [1] Nagasaki City, 長崎市のPM2.5の測定結果, "PM2.5のマイナスの値について"
       (https://www.city.nagasaki.lg.jp/page/3249.html).
    """
    step = "clean"
    actions = dict(negative) if isinstance(negative, Mapping) else None
    for action in actions.values() if actions is not None else [negative]:
        if action not in _NEGATIVE_ACTIONS:
            raise ValueError(
                f"clean: negative must be one of {', '.join(_NEGATIVE_ACTIONS)} (or a mapping "
                f"variable -> one of them), got {action!r}"
            )
    if duplicates not in ("error", "first"):
        raise ValueError(f"clean: duplicates must be 'error' or 'first', got {duplicates!r}")
    for dim in ("station", "time"):
        if dim not in ds.dims:
            raise ValueError(f"clean: the Dataset has no {dim!r} dimension (dims: {dict(ds.dims)})")
    stations = pd.Index(ds["station"].values)
    if stations.has_duplicates:
        raise ValueError(
            f"clean: station(s) listed twice: {sorted(set(stations[stations.duplicated()]))}"
        )
    for var in ds.data_vars:
        expected = _schema_units(str(var))
        if expected is not None and ds[var].attrs.get("units") != expected:
            raise ValueError(
                f"clean: {var} is in {ds[var].attrs.get('units')!r}, the schema needs "
                f"{expected!r}; convert it first (kgi_lab.air.io.convert_units)"
            )
    records: list[dict[str, Any]] = []
    out = ds.copy()
    times = pd.DatetimeIndex(out["time"].values)
    if times.has_duplicates:
        dup = times.duplicated(keep="first")
        if duplicates == "error":
            raise ValueError(
                f"clean: {int(dup.sum())} duplicated time label(s), first {times[dup][0]}; pass "
                "duplicates='first' to keep the first of each"
            )
        for var in out.data_vars:
            lost = np.isfinite(out[var].isel(time=np.flatnonzero(dup)).values).sum(axis=-1)
            for s, n in zip(out["station"].values, np.atleast_1d(lost), strict=True):
                if n:
                    records.append(_record(step, s, str(var), "duplicated time label (dropped)", n))
        out = out.isel(time=np.flatnonzero(~dup))
    if not pd.DatetimeIndex(out["time"].values).is_monotonic_increasing:
        out = out.sortby("time")
        records.append(_record(step, "*", "*", "time labels not sorted (sorted)", 1))
    sentinel_values = np.asarray(list(sentinels), dtype=float)
    for var in list(out.data_vars):
        da = out[var]
        if da.dims != ("station", "time"):
            da = da.transpose("station", "time")
        values = np.array(da.values, dtype=float)
        codes = out["station"].values
        masks = {}
        for sv in sentinel_values:
            masks[f"sentinel {sv:g}"] = values == sv
        if var in _NON_NEGATIVE:
            neg = values < 0
            for m in masks.values():
                neg &= ~m
            action = negative if actions is None else actions.get(str(var), "error")
            if neg.any() and action == "error":
                s_i, t_i = np.argwhere(neg)[0]
                raise ValueError(
                    f"clean: {var} has {int(neg.sum())} negative value(s), first at station "
                    f"{codes[s_i]} {pd.Timestamp(out['time'].values[t_i])}: {values[s_i, t_i]:g} "
                    f"{da.attrs.get('units', '')}; pass negative='nan' to remove them (counted) "
                    f"or negative='keep' to keep them as measured (e.g. {{'{var}': 'keep'}})"
                )
            if action == "keep":
                for s, n in zip(codes, neg.sum(axis=1), strict=True):
                    if n:
                        records.append(_record(step, s, str(var), _NEGATIVE_KEPT, n))
            else:
                masks["negative value"] = neg
        if var == "wind_dir":
            masks["wind direction outside 0-360"] = (values > 360) & ~np.isnan(values)
        removed = np.zeros_like(values, dtype=bool)
        for reason, m in masks.items():
            for s, n in zip(codes, m.sum(axis=1), strict=True):
                if n:
                    records.append(_record(step, s, str(var), reason, n))
            removed |= m
        if removed.any():
            out[var] = (("station", "time"), np.where(removed, np.nan, values), da.attrs)
    out.attrs = dict(ds.attrs)
    out.attrs["cleaning"] = list(ds.attrs.get("cleaning", [])) + records
    report = pd.DataFrame(records, columns=["step", "station", "variable", "reason", "count"])
    report = report.drop(columns="step").reset_index(drop=True)
    quiet = ("time labels not sorted (sorted)", _NEGATIVE_KEPT)
    _warn_records(step, [r for r in records if r["reason"] not in quiet])
    return out, report
