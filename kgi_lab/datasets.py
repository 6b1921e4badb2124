"""The dataset catalog: embedded files, their provenance, and verified loading.

Every file in ``datasets/`` has an entry in ``datasets/catalog.yaml`` giving its source, licence,
*kind* (measured, published, derived, synthetic or estimate), the units of every column and its
SHA-256. :func:`load` checks the hash before it parses anything, so a figure is never computed
from a file that differs from the one that was catalogued.

Optional larger files can be catalogued with a ``url`` instead of an embedded copy. They are fetched
only on request (:func:`fetch`, pooch-style: URL + hash + local cache) and never by the tests or by
the default report, which stay offline.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
import urllib.request
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kgi_lab._io import sha256_file
from kgi_lab._paths import datasets_dir

__all__ = [
    "KINDS",
    "DatasetEntry",
    "DatasetError",
    "DatasetFormatError",
    "DatasetIntegrityError",
    "DatasetNotFoundError",
    "DownloadNotAllowedError",
    "catalog",
    "column_values",
    "fetch",
    "format_catalog",
    "hashes",
    "load",
    "path",
    "verify",
]

#: The kinds of dataset, from most to least direct.
KINDS = ("measured", "published", "derived", "synthetic", "estimate")
FORMATS = ("csv", "geojson", "netcdf", "yaml")
_REQUIRED = ("id", "title", "description", "kind", "licence", "source", "format", "sha256")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class DatasetError(Exception):
    """Base class of the dataset errors."""


class DatasetNotFoundError(DatasetError, FileNotFoundError):
    """An unknown dataset id, or a catalogued file that is missing on disk."""


class DatasetIntegrityError(DatasetError):
    """A file whose SHA-256 differs from the catalogued one."""


class DatasetFormatError(DatasetError, ValueError):
    """A catalog entry, or a file, that cannot be parsed as declared."""


class DownloadNotAllowedError(DatasetError, PermissionError):
    """A download was needed but downloads were not enabled."""


@dataclass(frozen=True)
class DatasetEntry:
    """One catalog entry (see ``datasets/catalog.yaml``)."""

    id: str
    title: str
    description: str
    kind: str
    licence: str
    source: dict[str, Any]
    format: str
    sha256: str
    file: str | None = None
    url: str | None = None
    columns: tuple[dict[str, Any], ...] = ()
    crs: str | None = None
    index: str | None = None
    time_zone: str | None = None
    dims: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def units(self) -> dict[str, str | None]:
        """Units of each column or variable, by name."""
        return {c["name"]: c.get("units") for c in self.columns}

    @property
    def embedded(self) -> bool:
        """True when the file ships in ``datasets/`` (False for opt-in downloads)."""
        return self.file is not None and self.url is None


def _catalog_path() -> Path:
    return datasets_dir() / "catalog.yaml"


def _parse_entry(raw: Any, position: int, catalog_file: Path) -> DatasetEntry:
    where = f"{catalog_file}: datasets[{position}]"
    if not isinstance(raw, dict):
        raise DatasetFormatError(f"{where}: expected a mapping, got {type(raw).__name__}")
    ident = raw.get("id", f"#{position}")
    where = f"{catalog_file}: dataset '{ident}'"
    missing = [k for k in _REQUIRED if not raw.get(k)]
    if missing:
        raise DatasetFormatError(f"{where}: missing field(s) {', '.join(missing)}")
    if raw["kind"] not in KINDS:
        raise DatasetFormatError(f"{where}: kind '{raw['kind']}' is not one of {', '.join(KINDS)}")
    if raw["format"] not in FORMATS:
        raise DatasetFormatError(
            f"{where}: format '{raw['format']}' is not one of {', '.join(FORMATS)}"
        )
    if not _SHA256.match(str(raw["sha256"])):
        raise DatasetFormatError(f"{where}: sha256 must be 64 lower-case hex digits")
    if not raw.get("file") and not raw.get("url"):
        raise DatasetFormatError(f"{where}: give 'file' (embedded) or 'url' (opt-in download)")
    source = raw["source"]
    if not isinstance(source, dict) or not source.get("citation"):
        raise DatasetFormatError(f"{where}: source needs at least a 'citation'")
    if raw["format"] == "geojson" and not raw.get("crs"):
        raise DatasetFormatError(f"{where}: a geojson dataset must declare its crs")
    known = set(DatasetEntry.__dataclass_fields__) - {"extra"}
    columns = tuple(raw.get("columns") or ())
    for i, col in enumerate(columns):
        if not isinstance(col, dict) or "name" not in col:
            raise DatasetFormatError(f"{where}: columns[{i}] needs a 'name'")
    return DatasetEntry(
        id=str(raw["id"]),
        title=str(raw["title"]),
        description=str(raw["description"]).strip(),
        kind=str(raw["kind"]),
        licence=str(raw["licence"]),
        source=dict(source),
        format=str(raw["format"]),
        sha256=str(raw["sha256"]),
        file=raw.get("file"),
        url=raw.get("url"),
        columns=columns,
        crs=raw.get("crs"),
        index=raw.get("index"),
        time_zone=raw.get("time_zone"),
        dims=tuple(raw.get("dims") or ()),
        extra={k: v for k, v in raw.items() if k not in known},
    )


@lru_cache(maxsize=4)
def _read_catalog(catalog_file: Path, mtime_ns: int) -> dict[str, DatasetEntry]:
    import yaml

    try:
        doc = yaml.safe_load(catalog_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DatasetFormatError(f"{catalog_file}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("datasets"), list):
        raise DatasetFormatError(f"{catalog_file}: expected a mapping with a 'datasets' list")
    entries: dict[str, DatasetEntry] = {}
    for i, raw in enumerate(doc["datasets"]):
        entry = _parse_entry(raw, i, catalog_file)
        if entry.id in entries:
            raise DatasetFormatError(f"{catalog_file}: dataset id '{entry.id}' appears twice")
        entries[entry.id] = entry
    return entries


def catalog() -> dict[str, DatasetEntry]:
    """Return the catalog as ``{id: DatasetEntry}`` (re-read when the file changes)."""
    catalog_file = _catalog_path()
    if not catalog_file.exists():
        raise DatasetNotFoundError(f"dataset catalog not found: {catalog_file}")
    return _read_catalog(catalog_file, catalog_file.stat().st_mtime_ns)


def _entry(dataset_id: str) -> DatasetEntry:
    entries = catalog()
    if dataset_id not in entries:
        raise DatasetNotFoundError(
            f"unknown dataset '{dataset_id}'; known datasets: {', '.join(sorted(entries))}"
        )
    return entries[dataset_id]


def _cache_dir() -> Path:
    return Path(os.environ.get("KGI_LAB_CACHE", Path.home() / ".cache" / "kgi_lab")).expanduser()


def path(dataset_id: str) -> Path:
    """Return the local path of a dataset (embedded file, or the download cache)."""
    entry = _entry(dataset_id)
    if entry.embedded:
        return datasets_dir() / entry.file  # type: ignore[operator]
    name = entry.file or Path(entry.url or entry.id).name
    return _cache_dir() / entry.id / name


def verify(dataset_id: str) -> Path:
    """Check that a dataset's file exists and matches its catalogued SHA-256.

    Returns
    -------
    pathlib.Path
        The verified file.

    Raises
    ------
    DatasetNotFoundError
        If the id is unknown or the file is missing (for a download: not fetched yet).
    DatasetIntegrityError
        If the file's hash differs; the message names the file and both hashes.
    """
    entry = _entry(dataset_id)
    file = path(dataset_id)
    if not file.exists():
        hint = (
            "restore it from git (git checkout -- datasets/)"
            if entry.embedded
            else f"fetch it first: kgi_lab.datasets.fetch('{dataset_id}', allow_download=True)"
        )
        raise DatasetNotFoundError(f"dataset '{dataset_id}': file {file} is missing; {hint}")
    actual = sha256_file(file)
    if actual != entry.sha256:
        raise DatasetIntegrityError(
            f"dataset '{dataset_id}': {file} has sha256 {actual}, but the catalog expects "
            f"{entry.sha256}; the file was altered or corrupted (restore it, or, if the change "
            "is intended, update its catalog entry and say why)"
        )
    return file


def _attach(obj: Any, entry: DatasetEntry) -> Any:
    obj.attrs["dataset"] = entry.id
    obj.attrs["kind"] = entry.kind
    obj.attrs["source"] = entry.source.get("citation", "")
    obj.attrs["licence"] = entry.licence
    obj.attrs["sha256"] = entry.sha256
    return obj


def _check_columns(entry: DatasetEntry, present: set[str], file: Path) -> None:
    declared = [c["name"] for c in entry.columns]
    missing = [c for c in declared if c not in present]
    if missing:
        raise DatasetFormatError(
            f"dataset '{entry.id}': {file} lacks declared column(s) {', '.join(missing)}"
        )


def _load_csv(entry: DatasetEntry, file: Path) -> Any:
    import pandas as pd

    try:
        df = pd.read_csv(file, comment=None)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise DatasetFormatError(
            f"dataset '{entry.id}': cannot parse {file} as CSV: {exc}"
        ) from exc
    _check_columns(entry, set(df.columns), file)
    for col in entry.columns:
        if col.get("type") == "datetime":
            tz = col.get("time_zone") or entry.time_zone
            if not tz:
                raise DatasetFormatError(
                    f"dataset '{entry.id}': datetime column '{col['name']}' needs a time_zone"
                )
            df[col["name"]] = pd.to_datetime(df[col["name"]]).dt.tz_localize(tz)
    if entry.index:
        df = df.set_index(entry.index)
    df.attrs["units"] = entry.units
    return _attach(df, entry)


def _load_geojson(entry: DatasetEntry, file: Path) -> Any:
    import geopandas as gpd

    try:
        gdf = gpd.read_file(file)
    except Exception as exc:  # pyogrio raises several error types
        raise DatasetFormatError(
            f"dataset '{entry.id}': cannot read {file} as GeoJSON: {exc}"
        ) from exc
    if gdf.crs is None:
        gdf = gdf.set_crs(entry.crs)
    elif entry.crs and not gdf.crs.equals(entry.crs):
        gdf = gdf.to_crs(entry.crs)
    _check_columns(entry, set(gdf.columns), file)
    if entry.index:
        gdf = gdf.set_index(entry.index)
    gdf.attrs["units"] = entry.units
    return _attach(gdf, entry)


def _load_netcdf(entry: DatasetEntry, file: Path) -> Any:
    import xarray as xr

    try:
        with xr.open_dataset(file, engine="h5netcdf") as ds:
            ds = ds.load()
    except Exception as exc:  # h5netcdf/h5py raise OSError and others
        raise DatasetFormatError(
            f"dataset '{entry.id}': cannot read {file} as NetCDF: {exc}"
        ) from exc
    _check_columns(entry, set(ds.variables), file)
    for col in entry.columns:
        name = col["name"]
        if col.get("units") and "units" not in ds[name].attrs and name not in ds.dims:
            ds[name].attrs["units"] = col["units"]
    return _attach(ds, entry)


def _load_yaml(entry: DatasetEntry, file: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DatasetFormatError(
            f"dataset '{entry.id}': cannot parse {file} as YAML: {exc}"
        ) from exc


_LOADERS = {"csv": _load_csv, "geojson": _load_geojson, "netcdf": _load_netcdf, "yaml": _load_yaml}


def load(dataset_id: str) -> Any:
    """Load a catalogued dataset after verifying its SHA-256.

    Parameters
    ----------
    dataset_id : str
        An id from ``datasets/catalog.yaml`` (see ``kgi-lab datasets list``).

    Returns
    -------
    pandas.DataFrame, geopandas.GeoDataFrame, xarray.Dataset or dict
        By the entry's ``format`` (csv, geojson, netcdf, yaml). ``attrs`` carry the dataset id, kind,
        source, licence and SHA-256; ``attrs["units"]`` (frames) or each variable's ``units``
        attribute (datasets) carry the units. GeoDataFrames have the catalogued CRS; datetime columns
        are timezone-aware.

    Raises
    ------
    DatasetNotFoundError, DatasetIntegrityError, DatasetFormatError
        For an unknown id, a missing file, a hash mismatch, or a file that cannot be parsed or lacks
        a declared column.
    """
    entry = _entry(dataset_id)
    file = verify(dataset_id)
    return _LOADERS[entry.format](entry, file)


def column_values(dataset_id: str, column: str) -> tuple[str, ...]:
    """Values of one column of a CSV dataset, read with the stdlib (no pandas import).

    Used by the batch layer to turn a dataset column into the allowed values of a parameter.
    """
    entry = _entry(dataset_id)
    if entry.format != "csv":
        raise DatasetFormatError(f"dataset '{dataset_id}' is {entry.format}, not csv")
    file = verify(dataset_id)
    with open(file, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or column not in reader.fieldnames:
            raise DatasetFormatError(f"dataset '{dataset_id}' has no column '{column}'")
        return tuple(row[column] for row in reader)


def hashes(check: bool = True) -> dict[str, dict[str, str]]:
    """SHA-256 of every catalogued dataset, for reproducibility stamps.

    With ``check=True`` each embedded file is re-hashed and its status reported as ``ok``,
    ``missing`` or ``MODIFIED``; downloads report ``cached`` or ``not fetched``.
    """
    out: dict[str, dict[str, str]] = {}
    for ident, entry in catalog().items():
        status = "unchecked"
        if check:
            file = path(ident)
            if not file.exists():
                status = "missing" if entry.embedded else "not fetched"
            elif sha256_file(file) != entry.sha256:
                status = "MODIFIED"
            else:
                status = "ok" if entry.embedded else "cached"
        out[ident] = {"sha256": entry.sha256, "kind": entry.kind, "status": status}
    return out


def _downloads_allowed(allow_download: bool | None) -> bool:
    if allow_download is not None:
        return allow_download
    return os.environ.get("KGI_LAB_ALLOW_DOWNLOAD", "").lower() in {"1", "true", "yes"}


def fetch(dataset_id: str, allow_download: bool | None = None, timeout_s: float = 60.0) -> Path:
    """Return the local path of a dataset, downloading it once if it is an opt-in download.

    Embedded datasets are only verified. A download is attempted only when ``allow_download`` is
    True (or the environment variable ``KGI_LAB_ALLOW_DOWNLOAD=1`` is set); it goes to a temporary
    file, is checked against the catalogued SHA-256, and only then moved into the cache
    (``KGI_LAB_CACHE``, default ``~/.cache/kgi_lab``). A cached file is re-verified on every call.

    Raises
    ------
    DownloadNotAllowedError
        If the file is not cached and downloads are not enabled.
    DatasetIntegrityError
        If the downloaded bytes do not match the catalogued hash (nothing is kept).
    """
    entry = _entry(dataset_id)
    target = path(dataset_id)
    if entry.embedded or target.exists():
        return verify(dataset_id)
    if not _downloads_allowed(allow_download):
        raise DownloadNotAllowedError(
            f"dataset '{dataset_id}' is not cached at {target} and downloads are off; "
            "call fetch(..., allow_download=True) or set KGI_LAB_ALLOW_DOWNLOAD=1"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".download-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(entry.url, timeout=timeout_s) as r:
            shutil.copyfileobj(r, out)
        actual = sha256_file(tmp)
        if actual != entry.sha256:
            raise DatasetIntegrityError(
                f"dataset '{dataset_id}': download from {entry.url} has sha256 {actual}, but the "
                f"catalog expects {entry.sha256}; nothing was kept"
            )
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if not target.exists() and not any(target.parent.iterdir()):
            target.parent.rmdir()
    return target


def format_catalog() -> str:
    """The catalog as a plain-text table (``kgi-lab datasets list``)."""
    rows = [("id", "kind", "format", "file", "licence", "title")]
    for entry in catalog().values():
        where = entry.file if entry.embedded else f"(download) {entry.url}"
        licence = entry.licence if len(entry.licence) <= 28 else entry.licence[:27] + "…"
        rows.append((entry.id, entry.kind, entry.format, str(where), licence, entry.title))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for r in rows:
        cells = [c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)] + [r[-1]]
        lines.append("  ".join(cells))
    return "\n".join(lines)
