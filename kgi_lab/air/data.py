"""One entry point for "the monitoring data": the embedded default, or a user's file.

:func:`load_air_data` is what notebooks call; :func:`select_stations` and
:func:`cleaning_report` make station choice and cleaning visible.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import xarray as xr

__all__ = [
    "DEFAULT_DATASET",
    "area_representative_stations",
    "cleaning_report",
    "load_air_data",
    "select_stations",
    "stations_measuring",
]

#: Catalog id of the embedded default (synthetic, FY2014–FY2018, 18 stations).
DEFAULT_DATASET = "kawasaki_air_hourly"


def _looks_like_nies(path: Path) -> bool:
    raw = path.read_bytes()[:4096]
    for encoding in ("utf-8", "cp932"):
        try:
            head = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    return any(key in head for key in ("測定局コード", "測定項目コード", "01時"))


def load_air_data(source: str | Path = "embedded", **reader_options) -> xr.Dataset:
    """Hourly monitoring data in the :mod:`kgi_lab.air.schema` model.

    Parameters
    ----------
    source : "embedded" or path
        ``"embedded"``: the catalogued synthetic network data (:data:`DEFAULT_DATASET`). A path:
        a NIES hourly file or zip (recognised by its Japanese headers) or an openair-style CSV.
    **reader_options
        Passed to :func:`kgi_lab.air.io.read_nies_hourly` or
        :func:`kgi_lab.air.io.read_openair_csv` (e.g. ``units={"no2": "ppb"}``).

    Raises
    ------
    FileNotFoundError
        If ``source`` is neither "embedded" nor an existing file.
    """
    from kgi_lab.air import io

    if str(source) == "embedded":
        from kgi_lab import datasets

        return datasets.load(DEFAULT_DATASET)
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(
            f"data_source {str(source)!r} is neither 'embedded' nor an existing file"
        )
    if path.suffix.lower() == ".zip" or _looks_like_nies(path):
        return io.read_nies_hourly(path, **reader_options)
    return io.read_openair_csv(path, **reader_options)


def select_stations(ds: xr.Dataset, stations: str | list[str] = "all") -> xr.Dataset:
    """Keep ``"all"``, the ``"general"`` or ``"roadside"`` stations, or a list of NIES codes
    (a list or a comma-separated string).

    Raises
    ------
    ValueError
        Naming unknown station codes, or when a type is asked for and the data carry no
        ``station_type``.
    """
    if isinstance(stations, str):
        key = stations.strip().lower()
        if key == "all":
            return ds
        if key in ("general", "roadside"):
            if "station_type" not in ds.coords:
                raise ValueError(f"stations={stations!r} needs a station_type coordinate")
            keep = ds["station_type"].values == key
            if not keep.any():
                raise ValueError(f"no {key} stations in the data")
            return ds.isel(station=keep)
        codes = [c.strip() for c in stations.split(",") if c.strip()]
    else:
        codes = [str(c) for c in stations]
    known = set(map(str, ds["station"].values))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValueError(f"unknown station code(s) {unknown}; the data hold {sorted(known)}")
    return ds.sel(station=codes)


def cleaning_report(ds: xr.Dataset) -> pd.DataFrame:
    """The cleaning steps recorded in ``attrs["cleaning"]`` as a table (station, variable,
    reason, count); empty when nothing was cleaned."""
    records = ds.attrs.get("cleaning", [])
    if isinstance(records, str):
        try:
            records = json.loads(records)
        except json.JSONDecodeError:
            records = []
    if isinstance(records, dict):
        records = [records]
    table = pd.DataFrame(list(records))
    table.attrs["note"] = "counts of values set to missing or removed, by reason"
    return table


def stations_measuring(ds: xr.Dataset, pollutant: str, *, station_type: str | None = None):
    """Codes of the stations with at least one value of ``pollutant`` (optionally of one type).

    Raises
    ------
    ValueError
        If the pollutant is not in the data, or no (selected) station measures it.
    """
    if pollutant not in ds:
        raise ValueError(
            f"pollutant {pollutant!r} is not in the data; it holds {sorted(map(str, ds.data_vars))}"
        )
    has = ds[pollutant].notnull().any("time").values
    if station_type is not None:
        if "station_type" not in ds.coords:
            raise ValueError("the data carry no station_type coordinate")
        has &= ds["station_type"].values == station_type
    codes = [str(c) for c, ok in zip(ds["station"].values, has, strict=True) if ok]
    if not codes:
        which = f"{station_type} " if station_type else ""
        raise ValueError(
            f"no selected {which}station measures {pollutant!r}; choose other stations or "
            "another pollutant"
        )
    return codes


def area_representative_stations(
    ds: xr.Dataset, pollutant: str, *, min_stations: int = 3
) -> list[str]:
    """Stations to use for area statistics (area served, interpolation): the *general*
    stations (一般局) measuring ``pollutant``, or all measuring stations when fewer than
    ``min_stations`` general ones do (or the data carry no station types). Roadside stations
    (自排局) describe their street rather than an area (EPA NetAssess likewise treats near-road
    monitors apart)."""
    measuring = stations_measuring(ds, pollutant)
    if "station_type" not in ds.coords:
        return measuring
    types = dict(zip(map(str, ds["station"].values), ds["station_type"].values, strict=True))
    general = [c for c in measuring if types.get(c) == "general"]
    return general if len(general) >= min_stations else measuring
