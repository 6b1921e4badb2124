"""Tests of the dataset catalog (:mod:`kgi_lab.datasets`): loading, provenance and integrity.

Tests that corrupt or rewrite files work on a copy of ``datasets/`` under ``tmp_path``, found through
``KGI_LAB_HOME``; the checkout's own files are only read.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import xarray as xr
import yaml
from numpy.testing import assert_allclose

from kgi_lab import datasets
from kgi_lab._io import sha256_file
from kgi_lab._paths import datasets_dir

REPO_DATASETS = Path(datasets.__file__).resolve().parent.parent / "datasets"
PARTNER_CITIES = (
    "kawasaki",
    "yokohama",
    "shenyang",
    "shanghai",
    "penang",
    "da_nang",
    "bandung",
    "mumbai",
)
#: The datasets these tests know by name, and the type each loads as.
EXPECTED_TYPES = {
    "partner_cities": pd.DataFrame,
    "kawasaki_stations": gpd.GeoDataFrame,
    "kawasaki_wards": pd.DataFrame,
    "city_monthly_temperature": xr.Dataset,
}
#: Every embedded entry of the shipped catalog (new entries are picked up automatically).
CATALOG_IDS = sorted(i for i, e in datasets.catalog().items() if e.embedded)
TYPE_BY_FORMAT = {
    "csv": pd.DataFrame,
    "geojson": gpd.GeoDataFrame,
    "netcdf": xr.Dataset,
    "yaml": dict,
}


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A KGI_LAB_HOME holding a private copy of datasets/ (returns that datasets folder)."""
    root = tmp_path / "home"
    shutil.copytree(REPO_DATASETS, root / "datasets")
    monkeypatch.setenv("KGI_LAB_HOME", str(root))
    assert datasets_dir() == (root / "datasets").resolve()
    return (root / "datasets").resolve()


def _read_catalog(folder: Path) -> dict:
    return yaml.safe_load((folder / "catalog.yaml").read_text(encoding="utf-8"))


def _write_catalog(folder: Path, doc: dict) -> None:
    (folder / "catalog.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def _raw_entry(doc: dict, dataset_id: str) -> dict:
    return next(e for e in doc["datasets"] if e["id"] == dataset_id)


# --- the shipped catalog ------------------------------------------------------------------------


@pytest.mark.parametrize("dataset_id", CATALOG_IDS)
def test_every_entry_loads_with_provenance(dataset_id):
    entry = datasets.catalog()[dataset_id]
    obj = datasets.load(dataset_id)
    assert isinstance(obj, EXPECTED_TYPES.get(dataset_id, TYPE_BY_FORMAT[entry.format]))
    if entry.format == "yaml":
        return
    assert obj.attrs["dataset"] == dataset_id
    assert obj.attrs["kind"] == entry.kind
    assert obj.attrs["sha256"] == entry.sha256
    assert obj.attrs["source"] == entry.source["citation"]


def test_catalog_lists_exactly_the_shipped_files():
    entries = datasets.catalog()
    assert set(entries) >= set(EXPECTED_TYPES)
    on_disk = {
        p.name for p in REPO_DATASETS.iterdir() if p.is_file() and not p.name.startswith(".")
    } - {"catalog.yaml"}
    catalogued = {e.file for e in entries.values() if e.embedded}
    assert on_disk == catalogued


@pytest.mark.parametrize("dataset_id", CATALOG_IDS)
def test_every_entry_has_kind_licence_and_citation(dataset_id):
    entry = datasets.catalog()[dataset_id]
    assert entry.kind in datasets.KINDS
    assert entry.licence.strip()
    assert entry.source["citation"].strip()
    if entry.format != "yaml":
        assert entry.columns, "every column needs declared units (None for text)"
    assert sha256_file(REPO_DATASETS / entry.file) == entry.sha256


def test_partner_cities():
    """partner-cities.md §1: eight station rows; Kawasaki is the JMA Tokyo 47662 station."""
    df = datasets.load("partner_cities")
    assert df.index.name == "city"
    assert tuple(df.index) == PARTNER_CITIES
    assert df.attrs["units"]["latitude"] == "degree_north"
    assert df.attrs["units"]["elevation_m"] == "m"
    assert df.attrs["kind"] == "published"
    assert_allclose(
        df.loc["kawasaki", ["latitude", "longitude", "elevation_m"]], [35.6917, 139.75, 25]
    )
    assert df.loc["bandung", "latitude"] < 0  # 6.90 S
    assert df.loc["da_nang", "tz"] == "Asia/Ho_Chi_Minh"


def test_kawasaki_stations():
    """kawasaki-facts.md §1a: 18 current stations (9 general 一般局, 9 roadside 自排局) + 3 historical."""
    gdf = datasets.load("kawasaki_stations")
    assert gdf.crs is not None and gdf.crs.equals("EPSG:4326")
    current = gdf[gdf["current"]]
    assert len(current) == 18
    assert current["station_type"].value_counts().to_dict() == {"general": 9, "roadside": 9}
    historical = set(gdf.loc[~gdf["current"], "station"])
    assert historical == {"14131020", "14131010", "14131510"}
    assert gdf["station"].map(type).eq(str).all()  # NIES codes stay strings
    # lon/lat order: every station lies inside Kawasaki City (about 139.45-139.80 E, 35.50-35.65 N)
    assert gdf.geometry.x.between(139.40, 139.85).all()
    assert gdf.geometry.y.between(35.45, 35.65).all()
    assert set(gdf["ward_code"]) <= set(range(14131, 14138))


def test_kawasaki_wards():
    """2015 census (final): the seven wards total 1,475,213 people (kawasaki-facts.md §8)."""
    df = datasets.load("kawasaki_wards")
    assert df.index.name == "ward_code"
    assert len(df) == 7
    assert int(df["population_2015"].sum()) == 1_475_213
    assert df["population_2020"].isna().sum() == 2  # Tama-ku and Asao-ku not retrieved
    assert df.attrs["units"]["area_km2"] == "km2"
    # the description: ward areas sum to 142.70 km²
    assert_allclose(df["area_km2"].sum(), 142.70, atol=0.005)


def test_city_monthly_temperature():
    """JMA 1991-2020 normals for Tokyo 47662 (partner-cities.md §2.1): Jan 5.4 °C, Aug 26.9 °C."""
    ds = datasets.load("city_monthly_temperature")
    assert ds["temp_air"].attrs["units"] == "degC"
    assert ds["temp_air"].dims == ("city", "month")
    assert tuple(ds["city"].values) == PARTNER_CITIES
    assert list(ds["month"].values) == list(range(1, 13))
    tokyo = ds["temp_air"].sel(city="kawasaki")
    assert_allclose(tokyo.sel(month=1), 5.4)
    assert_allclose(tokyo.sel(month=8), 26.9)
    assert_allclose(float(tokyo.mean()), 15.8, atol=0.05)  # "Year (mean of 12, derived)"
    for not_found in ("bandung", "yokohama", "shanghai"):
        assert np.isnan(ds["temp_air"].sel(city=not_found)).all()


def test_column_values_and_hashes():
    assert datasets.column_values("partner_cities", "city") == PARTNER_CITIES
    with pytest.raises(datasets.DatasetFormatError, match="nope"):
        datasets.column_values("partner_cities", "nope")
    with pytest.raises(datasets.DatasetFormatError, match="netcdf"):
        datasets.column_values("city_monthly_temperature", "city")
    report = datasets.hashes()
    assert set(report) >= set(EXPECTED_TYPES)
    assert {report[i]["status"] for i in CATALOG_IDS} == {"ok"}
    assert report["partner_cities"]["sha256"] == datasets.catalog()["partner_cities"].sha256


def test_format_catalog_lists_every_id():
    text = datasets.format_catalog()
    for dataset_id in datasets.catalog():
        assert dataset_id in text


# --- integrity and errors (on a tmp copy) -------------------------------------------------------


@pytest.mark.parametrize("dataset_id", CATALOG_IDS)
def test_corrupted_file_is_refused(home, dataset_id):
    entry = datasets.catalog()[dataset_id]
    file = home / entry.file
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0x01  # flip one bit of one byte
    file.write_bytes(bytes(data))
    actual = hashlib.sha256(bytes(data)).hexdigest()
    with pytest.raises(datasets.DatasetIntegrityError) as info:
        datasets.load(dataset_id)
    message = str(info.value)
    assert str(file) in message
    assert entry.sha256 in message
    assert actual in message
    assert datasets.hashes()[dataset_id]["status"] == "MODIFIED"


def test_missing_file(home):
    (home / "kawasaki_wards.csv").unlink()
    with pytest.raises(datasets.DatasetNotFoundError, match="kawasaki_wards.csv"):
        datasets.load("kawasaki_wards")
    assert datasets.hashes()["kawasaki_wards"]["status"] == "missing"


def test_unknown_id_lists_known_ids():
    with pytest.raises(datasets.DatasetNotFoundError, match="no_such_dataset") as info:
        datasets.load("no_such_dataset")
    for dataset_id in datasets.catalog():
        assert dataset_id in str(info.value)


def test_bad_kind_in_catalog(home):
    doc = _read_catalog(home)
    _raw_entry(doc, "kawasaki_wards")["kind"] = "rumour"
    _write_catalog(home, doc)
    with pytest.raises(datasets.DatasetFormatError, match="kawasaki_wards.*kind 'rumour'"):
        datasets.catalog()


def test_missing_sha256_in_catalog(home):
    doc = _read_catalog(home)
    del _raw_entry(doc, "partner_cities")["sha256"]
    _write_catalog(home, doc)
    with pytest.raises(datasets.DatasetFormatError, match="partner_cities.*sha256"):
        datasets.load("kawasaki_wards")


def test_csv_missing_declared_column(home):
    file = home / "kawasaki_wards.csv"
    df = pd.read_csv(file, dtype=str, keep_default_na=False)
    df.drop(columns="area_km2").to_csv(file, index=False)
    doc = _read_catalog(home)
    _raw_entry(doc, "kawasaki_wards")["sha256"] = sha256_file(file)
    _write_catalog(home, doc)
    with pytest.raises(datasets.DatasetFormatError, match="area_km2") as info:
        datasets.load("kawasaki_wards")
    assert "kawasaki_wards" in str(info.value)


# --- opt-in downloads (file:// URL, no network) -------------------------------------------------


def _add_download_entry(home: Path, url: str, sha256: str) -> None:
    doc = _read_catalog(home)
    doc["datasets"].append(
        {
            "id": "remote_demo",
            "url": url,
            "format": "csv",
            "title": "A tiny opt-in download",
            "description": "Two rows served from a file:// URL for the tests.",
            "kind": "synthetic",
            "licence": "CC0-1.0",
            "source": {"citation": "kgi_lab test suite"},
            "index": "city",
            "columns": [{"name": "city", "units": None}, {"name": "value", "units": "m"}],
            "sha256": sha256,
        }
    )
    _write_catalog(home, doc)


@pytest.fixture
def remote(tmp_path, home, monkeypatch):
    """A 'remote' CSV on disk, and an empty download cache in KGI_LAB_CACHE."""
    source = tmp_path / "server" / "remote.csv"
    source.parent.mkdir()
    source.write_text("city,value\nkawasaki,1.5\nbandung,2.5\n", encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("KGI_LAB_CACHE", str(cache))
    monkeypatch.delenv("KGI_LAB_ALLOW_DOWNLOAD", raising=False)
    return source, cache


def test_fetch_downloads_verifies_and_caches(home, remote):
    source, cache = remote
    _add_download_entry(home, source.as_uri(), sha256_file(source))
    assert datasets.hashes()["remote_demo"]["status"] == "not fetched"
    with pytest.raises(datasets.DatasetNotFoundError, match="fetch"):
        datasets.load("remote_demo")
    with pytest.raises(datasets.DownloadNotAllowedError):
        datasets.fetch("remote_demo")
    with pytest.raises(datasets.DownloadNotAllowedError):
        datasets.fetch("remote_demo", allow_download=False)
    assert not cache.exists() or not any(p.is_file() for p in cache.rglob("*"))

    got = datasets.fetch("remote_demo", allow_download=True)
    assert got == cache / "remote_demo" / "remote.csv"
    assert got.read_bytes() == source.read_bytes()
    assert [p.name for p in cache.rglob("*") if p.is_file()] == ["remote.csv"]
    assert datasets.hashes()["remote_demo"]["status"] == "cached"

    source.unlink()  # cached now: no second download is needed
    assert datasets.fetch("remote_demo") == got
    df = datasets.load("remote_demo")
    assert_allclose(df.loc["bandung", "value"], 2.5)
    assert df.attrs["units"] == {"city": None, "value": "m"}


def test_fetch_with_wrong_hash_keeps_nothing(home, remote):
    source, cache = remote
    wrong = "0" * 64
    _add_download_entry(home, source.as_uri(), wrong)
    with pytest.raises(datasets.DatasetIntegrityError) as info:
        datasets.fetch("remote_demo", allow_download=True)
    assert wrong in str(info.value)
    assert sha256_file(source) in str(info.value)
    assert [p for p in cache.rglob("*") if p.is_file()] == []
    assert datasets.hashes()["remote_demo"]["status"] == "not fetched"


def test_fetch_of_an_embedded_dataset_only_verifies(home):
    assert datasets.fetch("partner_cities") == home / "partner_cities.csv"
