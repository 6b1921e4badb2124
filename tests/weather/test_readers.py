"""Weather readers: real TMY2/TMY3 files from pvlib, small samples of EPW, PVGIS and SAM CSV."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest
from numpy.testing import assert_allclose

from kgi_lab._io import sha256_file
from kgi_lab.datasets import DatasetIntegrityError, DownloadNotAllowedError
from kgi_lab.weather import readers
from kgi_lab.weather.readers import (
    fetch_pvgis_tmy,
    read_epw,
    read_pvgis_tmy,
    read_sam_csv,
    read_tmy2,
    read_tmy3,
    read_weather,
)
from kgi_lab.weather.schema import COLUMNS, UNITS, solar_position_times, typical_year_index
from kgi_lab.weather.validate import WeatherError, WeatherRepairWarning

PVLIB_DATA = Path(pvlib.__file__).parent / "data"
GREENSBORO = PVLIB_DATA / "723170TYA.CSV"
SAND_POINT = PVLIB_DATA / "703165TY.csv"
MIAMI = PVLIB_DATA / "12839.tm2"
SAMPLES = Path(__file__).parent.parent / "data" / "weather"
EPW = SAMPLES / "greensboro_48h.epw"
SAM = SAMPLES / "greensboro_48h_sam.csv"
PVGIS_JSON = SAMPLES / "pvgis_tmy_greensboro_48h.json"
PVGIS_CSV = SAMPLES / "pvgis_tmy_greensboro_48h.csv"
EST = pd.Timedelta(hours=-5)


@pytest.fixture(scope="module")
def greensboro() -> pd.DataFrame:
    return read_tmy3(GREENSBORO)


@pytest.fixture(scope="module")
def greensboro_raw() -> pd.DataFrame:
    return pd.read_csv(GREENSBORO, skiprows=1)


@pytest.fixture(scope="module")
def miami() -> pd.DataFrame:
    return read_tmy2(MIAMI)


@pytest.fixture(scope="module")
def miami_raw() -> pd.DataFrame:
    return pvlib.iotools.read_tmy2(str(MIAMI))[0]


def _assert_schema(df: pd.DataFrame) -> None:
    assert list(df.columns) == list(COLUMNS)
    assert df.index.name == "time"
    assert df.index.tz is not None
    assert df.attrs["units"] == UNITS
    for key in ("interval_label", "source", "sha256", "latitude", "longitude", "altitude_m"):
        assert key in df.attrs, key
    assert df.attrs["repairs"] == [] or all("count" in r for r in df.attrs["repairs"])


# --- TMY3 ------------------------------------------------------------------------------------


def test_tmy3_greensboro_values(greensboro, greensboro_raw):
    _assert_schema(greensboro)
    assert len(greensboro) == 8760
    # annual irradiation: the sum of the hourly Wh/m2 column of the file, 1566.2 kWh/m2
    annual_kwh_m2 = greensboro["ghi"].sum() / 1000
    assert annual_kwh_m2 == pytest.approx(greensboro_raw["GHI (W/m^2)"].sum() / 1000)
    assert annual_kwh_m2 == pytest.approx(1566.203)
    assert_allclose(greensboro["pressure"], greensboro_raw["Pressure (mbar)"] * 100)
    assert greensboro["pressure"].median() == pytest.approx(98_700, rel=0.01)
    assert_allclose(greensboro["temp_air"], greensboro_raw["Dry-bulb (C)"])


def test_tmy3_greensboro_time_and_attrs(greensboro):
    first = greensboro.index[0]
    assert first == pd.Timestamp("1988-01-01 01:00", tz="UTC") - EST
    assert first.strftime("%Y-%m-%d %H:%M%z") == "1988-01-01 01:00-0500"
    assert first.utcoffset() == EST
    assert greensboro.attrs["interval_label"] == "ending"
    assert greensboro.attrs["typical_year"] is True
    assert greensboro.attrs["name"] == "GREENSBORO PIEDMONT TRIAD INT"
    assert (greensboro.attrs["latitude"], greensboro.attrs["longitude"]) == (36.1, -79.95)
    assert greensboro.attrs["altitude_m"] == 273.0
    assert greensboro.attrs["sha256"] == sha256_file(GREENSBORO)
    assert "723170TYA.CSV" in greensboro.attrs["source"]
    assert greensboro.attrs["sha256"] in greensboro.attrs["source"]
    assert greensboro.attrs["repairs"] == []


def test_solar_position_times_are_interval_midpoints(greensboro):
    # the source years of a typical year break the index's regularity: give the step
    label = greensboro.attrs["interval_label"]
    mid = solar_position_times(greensboro.index, label, step=pd.Timedelta(hours=1))
    assert mid[0].strftime("%Y-%m-%d %H:%M%z") == "1988-01-01 00:30-0500"
    assert ((greensboro.index - mid) == pd.Timedelta(minutes=30)).all()
    coerced = read_tmy3(GREENSBORO, coerce_year=1990)
    mid = solar_position_times(coerced.index, label)  # regular: the step is inferred
    assert mid[-1].strftime("%Y-%m-%d %H:%M%z") == "1990-12-31 23:30-0500"


def test_tmy3_coerce_year(greensboro):
    coerced = read_tmy3(GREENSBORO, coerce_year=1990)
    assert coerced.index[0] == pd.Timestamp("1990-01-01 06:00", tz="UTC")
    assert coerced.index[-1] == pd.Timestamp("1991-01-01 05:00", tz="UTC")
    assert coerced.index.is_monotonic_increasing
    assert (coerced.index[1:] - coerced.index[:-1] == pd.Timedelta(hours=1)).all()
    assert coerced.attrs["coerced_year"] == 1990
    assert_allclose(coerced.to_numpy(), greensboro.to_numpy())
    # the same relabelling as pvlib's own coerce_year
    theirs, _ = pvlib.iotools.read_tmy3(GREENSBORO, coerce_year=1990)
    assert (coerced.index == theirs.index).all()


def test_coerce_year_refuses_a_leap_year_without_29_february():
    with pytest.raises(WeatherError, match="coerce_year=2000 is a leap year"):
        read_tmy3(GREENSBORO, coerce_year=2000)


def test_typical_year_index_keeps_hours_across_new_year():
    utc = pd.date_range("2018-01-01", periods=8760, freq="h", tz="UTC")
    west = typical_year_index(utc.tz_convert("Etc/GMT+5"), 1990)
    assert west[0] == pd.Timestamp("1989-12-31 19:00", tz="Etc/GMT+5")
    east = typical_year_index(utc.tz_convert("Asia/Tokyo"), 1990)
    assert east[-1] == pd.Timestamp("1991-01-01 08:00", tz="Asia/Tokyo")
    assert west.is_monotonic_increasing and east.is_monotonic_increasing
    with pytest.raises(ValueError, match="29 February"):
        typical_year_index(pd.DatetimeIndex(["2004-02-29 12:00"], tz="UTC"), 1990)


def test_tmy3_sand_point_alaska():
    df = read_tmy3(SAND_POINT)
    assert df.index[0].utcoffset() == pd.Timedelta(hours=-9)
    assert df.attrs["name"] == "SAND POINT"
    assert df["pressure"].min() == pytest.approx(101_200)


# --- TMY2 ------------------------------------------------------------------------------------


def test_tmy2_miami_units_and_hour_ending_labels(miami, miami_raw):
    _assert_schema(miami)
    raw = miami_raw
    assert miami.attrs["interval_label"] == "ending"
    # file hour 1 of 1 January 1962 is the hour ending 01:00 (pvlib labels it 00:00)
    assert miami.index[0].strftime("%Y-%m-%d %H:%M%z") == "1962-01-01 01:00-0500"
    assert raw.index[0].hour == 0
    # each month keeps its own source year (March 1988 in this file); the label 1 March 00:00
    # closes 28 February (1961), as 1 January 00:00 closes the year in TMY3 files
    march = miami.index[miami.index.month == 3]
    assert set(march[1:].year) == {1988} and march[0].year == 1961
    assert_allclose(miami["temp_air"], raw["DryBulb"] / 10)
    assert_allclose(miami["wind_speed"], raw["Wspd"] / 10)
    assert_allclose(miami["pressure"], raw["Pressure"] * 100)
    assert 100_000 < miami["pressure"].median() < 103_000
    assert miami["ghi"].sum() / 1000 == pytest.approx(raw["GHI"].sum() / 1000)
    assert miami["ghi"].sum() / 1000 == pytest.approx(1792.6, abs=0.1)


# --- EPW -------------------------------------------------------------------------------------


def test_epw_sample_equals_the_tmy3_hours(greensboro):
    epw = read_epw(EPW)
    _assert_schema(epw)
    assert len(epw) == 48
    assert epw.attrs["interval_label"] == "ending"
    # EPW hour 1 of 20 June = the hour ending 01:00, as in the TMY3 file it came from
    assert epw.index[0].strftime("%Y-%m-%d %H:%M%z") == "1989-06-20 01:00-0500"
    assert epw.index[-1].strftime("%Y-%m-%d %H:%M%z") == "1989-06-22 00:00-0500"
    pd.testing.assert_frame_equal(epw, greensboro.loc[epw.index], check_freq=False)
    raw = pd.read_csv(EPW, skiprows=8, header=None)
    assert_allclose(epw["pressure"], raw[9])  # Pa in the file already
    assert epw["ghi"].sum() == raw[13].sum() == 9005  # Wh/m2 in two June days


def _rewrite(src: Path, dst: Path, edit) -> Path:
    dst.write_text(edit(src.read_text()))
    return dst


def test_epw_missing_pressure_is_filled_from_altitude(tmp_path):
    def drop_pressure(text: str) -> str:
        lines = text.splitlines()
        out = lines[:8]
        for line in lines[8:]:
            fields = line.split(",")
            fields[9] = "999999"
            out.append(",".join(fields))
        return "\n".join(out) + "\n"

    path = _rewrite(EPW, tmp_path / "no_pressure.epw", drop_pressure)
    with pytest.warns(WeatherRepairWarning, match=r"filled 48 values with pvlib.atmosphere"):
        df = read_epw(path)
    assert_allclose(df["pressure"], pvlib.atmosphere.alt2pres(273.0))
    (repair,) = df.attrs["repairs"]
    assert (repair["repair"], repair["column"], repair["count"]) == (
        "pressure_from_altitude",
        "pressure",
        48,
    )


def test_epw_sub_hourly_is_refused(tmp_path):
    path = _rewrite(
        EPW, tmp_path / "quarter.epw", lambda t: t.replace("DATA PERIODS,1,1,", "DATA PERIODS,1,4,")
    )
    with pytest.raises(WeatherError, match="4 records per hour"):
        read_epw(path)


# --- SAM CSV ---------------------------------------------------------------------------------


def test_sam_csv_minute_column_gives_centred_labels():
    sam = read_sam_csv(SAM)
    epw = read_epw(EPW)
    _assert_schema(sam)
    assert sam.attrs["interval_label"] == "center"
    assert sam.index[0].strftime("%Y-%m-%d %H:%M%z") == "1989-06-20 00:30-0500"
    assert (
        solar_position_times(sam.index, "center") == solar_position_times(epw.index, "ending")
    ).all()
    assert_allclose(sam.to_numpy(), epw.to_numpy())  # mbar in the file, Pa here
    assert sam.attrs["name"] == "Greensboro, NC, USA"


def test_sam_csv_without_minute_is_hour_beginning(tmp_path):
    def drop_minute(text: str) -> str:
        lines = text.splitlines()
        body = [",".join(f for i, f in enumerate(line.split(",")) if i != 4) for line in lines[2:]]
        return "\n".join(lines[:2] + body) + "\n"

    sam = read_sam_csv(_rewrite(SAM, tmp_path / "no_minute.csv", drop_minute))
    assert sam.attrs["interval_label"] == "beginning"
    assert sam.index[0].strftime("%H:%M") == "00:00"
    epw = read_epw(EPW)
    assert (
        solar_position_times(sam.index, "beginning") == solar_position_times(epw.index, "ending")
    ).all()


def test_sam_csv_nsrdb_names_and_units_row(tmp_path):
    def nsrdb(text: str) -> str:
        lines = text.splitlines()
        lines[2] = lines[2].replace("Tdry", "Temperature").replace("Pres", "Pressure")
        lines[2] = lines[2].replace("Wspd", "Wind Speed").replace("GHI", "ghi")
        units = "year,month,day,hour,minute,w/m2,w/m2,w/m2,c,c,%,hPa,m/s,deg"
        return "\n".join(lines[:3] + [units] + lines[3:]) + "\n"

    sam = read_sam_csv(_rewrite(SAM, tmp_path / "nsrdb.csv", nsrdb))
    pd.testing.assert_frame_equal(sam, read_sam_csv(SAM), check_like=True, check_freq=False)


def test_sam_csv_names_missing_site_field(tmp_path):
    path = _rewrite(SAM, tmp_path / "no_elevation.csv", lambda t: t.replace("Elevation", "Height"))
    with pytest.raises(WeatherError, match="Elevation"):
        read_sam_csv(path)


# --- PVGIS -----------------------------------------------------------------------------------


def test_pvgis_json_labels_from_irradiance_time_offset(greensboro):
    df = read_pvgis_tmy(PVGIS_JSON)
    _assert_schema(df)
    assert df.attrs["interval_label"] == "beginning"
    assert df.attrs["irradiance_time_offset_h"] == 0.5
    assert df.index[0] == pd.Timestamp("1988-01-01 00:00", tz="UTC")
    assert df.attrs["months_selected"][5] == {"month": 6, "year": 1989}
    assert df["pressure"].iloc[0] == 98_100.0  # PVGIS SP is in Pa

    local = read_pvgis_tmy(PVGIS_JSON, tz="Etc/GMT+5")
    assert local.index[0].strftime("%Y-%m-%d %H:%M%z") == "1987-12-31 19:00-0500"
    # label L (beginning) holds the TMY3 hour ending at L + 1 h: same interval, same midpoint
    same = local.iloc[5:]
    tmy3 = greensboro.loc[same.index + pd.Timedelta(hours=1)]
    assert_allclose(same[["ghi", "dni", "dhi"]].to_numpy(), tmy3[["ghi", "dni", "dhi"]].to_numpy())
    assert (
        solar_position_times(same.index, "beginning") == solar_position_times(tmy3.index, "ending")
    ).all()


def test_pvgis_csv_excerpt(greensboro):
    df = read_pvgis_tmy(PVGIS_CSV)
    assert df.attrs["interval_label"] == "center"  # 0.1761 h is nearest to 0
    assert df.attrs["irradiance_time_offset_h"] == pytest.approx(0.1761)
    assert len(df) == 48
    assert df.loc["1988-01-01 13:00+00:00", "ghi"] == 27.5  # (9 + 46) / 2 W/m2
    assert df.attrs["latitude"] == 36.1 and df.attrs["altitude_m"] == 273.0


def _full_year(sample_rows: list[str], start: str) -> list[tuple[str, str]]:
    times = pd.date_range(start, periods=8760, freq="h")
    return [(t.strftime("%Y%m%d:%H%M"), sample_rows[i % 48]) for i, t in enumerate(times)]


def test_pvgis_csv_full_year_goes_through_pvlib(tmp_path, monkeypatch):
    lines = PVGIS_CSV.read_text().splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("time(UTC)"))
    values = [line.split(",", 1)[1] for line in lines[head + 1 : head + 49]]
    body = [f"{t},{v}" for t, v in _full_year(values, "1988-01-01")]
    path = tmp_path / "tmy_full.csv"
    path.write_text("\n".join(lines[: head + 1] + body + lines[head + 49 :]) + "\n")
    calls = []
    real = pvlib.iotools.read_pvgis_tmy

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(pvlib.iotools, "read_pvgis_tmy", spy)
    full = read_pvgis_tmy(path)
    assert len(calls) == 1 and len(full) == 8760
    pd.testing.assert_frame_equal(
        full.iloc[:48], read_pvgis_tmy(PVGIS_CSV), check_freq=False, check_like=True
    )


def test_pvgis_roll_to_calendar_year(tmp_path):
    doc = json.loads(PVGIS_JSON.read_text())
    rows = doc["outputs"]["tmy_hourly"]
    times = pd.date_range("1990-01-01", periods=8760, freq="h")
    doc["outputs"]["tmy_hourly"] = [
        {**rows[i % 48], "time(UTC)": t.strftime("%Y%m%d:%H%M")} for i, t in enumerate(times)
    ]
    path = tmp_path / "tmy_full.json"
    path.write_text(json.dumps(doc))
    utc = read_pvgis_tmy(path)
    with pytest.warns(WeatherRepairWarning, match="moved 5 hours"):
        local = read_pvgis_tmy(path, tz="Etc/GMT+5", coerce_year=1990, roll_to_calendar_year=True)
    assert local.index[0] == pd.Timestamp("1990-01-01 00:00", tz="Etc/GMT+5")
    assert local.index[-1] == pd.Timestamp("1990-12-31 23:00", tz="Etc/GMT+5")
    assert len(local) == 8760
    # pvlib's roll_utc_offset: the first five UTC hours become the last local hours of the year
    assert_allclose(local["ghi"].to_numpy(), np.roll(utc["ghi"].to_numpy(), -5))
    assert local.attrs["repairs"][0]["count"] == 5
    assert local.attrs["coerced_year"] == 1990
    with pytest.raises(WeatherError, match="coerce_year"):
        read_pvgis_tmy(path, tz="Etc/GMT+5", roll_to_calendar_year=True)


# --- dispatcher --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (GREENSBORO, "tmy3"),
        (EPW, "epw"),
        (SAM, "sam_csv"),
        (PVGIS_JSON, "pvgis_json"),
        (PVGIS_CSV, "pvgis_csv"),
    ],
)
def test_read_weather_infers_the_format(path, fmt):
    assert read_weather(path).attrs["format"] == fmt


def test_read_weather_tmy2_and_unknown(miami, tmp_path):
    assert miami.attrs["format"] == "tmy2"
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n3,4\n")
    with pytest.raises(WeatherError, match="format="):
        read_weather(odd)
    with pytest.raises(WeatherError, match="format must be one of"):
        read_weather(EPW, format="wea")


# --- fetch -----------------------------------------------------------------------------------


@pytest.fixture
def no_download(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the downloader must not be called")

    monkeypatch.setattr(readers, "_download_pvgis_tmy", refuse)
    monkeypatch.delenv("KGI_LAB_ALLOW_DOWNLOAD", raising=False)


def test_fetch_without_permission_names_the_switch(tmp_path, no_download):
    with pytest.raises(
        DownloadNotAllowedError, match="allow_download=True.*KGI_LAB_ALLOW_DOWNLOAD"
    ):
        fetch_pvgis_tmy(36.1, -79.95, cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_fetch_downloads_once_then_reads_the_cache(tmp_path, monkeypatch):
    calls = []

    def fake(url, params, timeout_s):
        calls.append((url, params))
        return PVGIS_JSON.read_bytes()

    monkeypatch.setattr(readers, "_download_pvgis_tmy", fake)
    monkeypatch.setenv("KGI_LAB_CACHE", str(tmp_path))
    first = fetch_pvgis_tmy(36.1, -79.95, allow_download=True, tz="Etc/GMT+5")
    assert calls == [
        (readers.PVGIS_URL + "tmy", {"lat": 36.1, "lon": -79.95, "outputformat": "json"})
    ]
    (cached,) = [p for p in (tmp_path / "pvgis_tmy").glob("*.json") if ".meta." not in p.name]
    sidecar = json.loads(cached.with_name(cached.name + ".meta.json").read_text())
    assert sidecar["sha256"] == sha256_file(cached) == sha256_file(PVGIS_JSON)
    assert first.attrs["sha256"] == sidecar["sha256"]
    pd.testing.assert_frame_equal(
        first, read_pvgis_tmy(PVGIS_JSON, tz="Etc/GMT+5"), check_freq=False
    )
    again = fetch_pvgis_tmy(36.1, -79.95, allow_download=False, tz="Etc/GMT+5")
    assert len(calls) == 1
    pd.testing.assert_frame_equal(again, first, check_freq=False)


def test_fetch_detects_a_changed_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_download_pvgis_tmy", lambda *a: PVGIS_JSON.read_bytes())
    fetch_pvgis_tmy(36.1, -79.95, cache_dir=tmp_path, allow_download=True)
    (cached,) = [p for p in tmp_path.glob("*.json") if ".meta." not in p.name]
    cached.write_text(cached.read_text().replace('"G(h)": 9.0', '"G(h)": 19.0', 1))
    with pytest.raises(DatasetIntegrityError, match="sha256"):
        fetch_pvgis_tmy(36.1, -79.95, cache_dir=tmp_path)


def test_fetch_keeps_nothing_from_a_bad_answer(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_download_pvgis_tmy", lambda *a: b'{"message": "busy"}')
    with pytest.raises(WeatherError, match="not a TMY JSON"):
        fetch_pvgis_tmy(36.1, -79.95, cache_dir=tmp_path, allow_download=True)
    assert not any(tmp_path.iterdir())
