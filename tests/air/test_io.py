"""Readers, unit conversion, cleaning and the long/wide round trip of :mod:`kgi_lab.air.io`.

Sample files (tests/data/air/):

* ``nies_hourly_kawasaki_fy2018.csv`` — NIES 環境数値データベース hourly layout, CP932, two
  stations (14131530 池上 roadside, 14135070 麻生 general), FY2018, with the flags 9999/9998/9997,
  a blank field, a −9999 flag, a small negative value, a padding row (4/31), wind calm (17) and an
  identical duplicate row. Hour columns ``01h … 24h`` are hour-ending.
* ``openair_wide.csv`` / ``openair_long.csv`` — openair-style tables.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from kgi_lab.air import schema
from kgi_lab.air.io import (
    AirDataWarning,
    clean,
    convert_units,
    from_long,
    read_nies_hourly,
    read_openair_csv,
    require_coordinates,
    to_dataframe,
    to_long,
)
from kgi_lab.units import GAS_CONSTANT_J_PER_MOL_K, MOLAR_MASS_G_PER_MOL

DATA = Path(__file__).resolve().parents[1] / "data" / "air"
NIES = DATA / "nies_hourly_kawasaki_fy2018.csv"
IKEGAMI, ASAO = "14131530", "14135070"
HEADER = (
    "測定年度,測定局コード,市町村コード,測定項目コード,測定単位コード,測定月,測定日,"
    + ",".join(f"{h:02d}h" for h in range(1, 25))
)


def _molar_volume_l(temperature_c: float) -> float:
    """Ideal-gas molar volume [L/mol] at 1 atm (R = 8.314462618 J/(mol K), CODATA 2018)."""
    return GAS_CONSTANT_J_PER_MOL_K * (temperature_c + 273.15) / 101_325.0 * 1000.0


def _read_quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AirDataWarning)
        return read_nies_hourly(*args, **kwargs)


@pytest.fixture(scope="module")
def nies() -> xr.Dataset:
    return _read_quiet(NIES)


def _count(ds: xr.Dataset, station: str, variable: str, reason_start: str) -> int:
    return sum(
        r["count"]
        for r in ds.attrs["cleaning"]
        if r["station"] == station
        and r["variable"] == variable
        and r["reason"].startswith(reason_start)
    )


# --------------------------------------------------------------------------------------------
# NIES hourly files


def test_nies_layout_and_schema(nies):
    assert nies["no2"].dims == ("station", "time")
    assert list(nies["station"].values) == [IKEGAMI, ASAO]
    times = pd.DatetimeIndex(nies["time"].values)
    # FY2018: the April rows and the March rows (calendar 2019) span the whole fiscal year
    assert times[0] == pd.Timestamp("2018-04-01 00:00")
    assert times[-1] == pd.Timestamp("2019-03-31 23:00")
    assert len(times) == 365 * 24
    assert nies.attrs["time_zone"] == "Asia/Tokyo"
    assert nies.attrs["interval_label"] == "beginning"
    for var in ("no2", "ox", "co"):
        assert nies[var].attrs["units"] == schema.POLLUTANTS[var]["units"]
    assert nies["spm"].attrs["units"] == "mg m-3"
    assert nies["pm25"].attrs["units"] == "ug m-3"
    assert nies["wind_dir"].attrs["units"] == "degree"
    assert nies["name"].sel(station=IKEGAMI).item() == "Ikegami"
    assert nies["station_type"].sel(station=IKEGAMI).item() == "roadside"
    assert nies["latitude"].sel(station=IKEGAMI).item() == pytest.approx(35.52139, abs=1e-4)


def test_nies_hour_ending_becomes_beginning(nies):
    no2 = nies["no2"].sel(station=IKEGAMI)
    # hour 1 (0:00-1:00) = 21 ppb -> label 00:00; hour 24 (23:00-24:00) = 50 ppb -> 23:00 same day
    assert no2.sel(time="2018-04-01 00:00").item() == 0.021
    assert no2.sel(time="2018-04-01 23:00").item() == 0.050
    assert no2.sel(time="2018-04-01 01:00").item() == 0.022
    # FY2018 month 3 is March 2019; hour 23 = 32 ppb -> 22:00, hour 24 = 9997 -> NaN at 23:00
    assert no2.sel(time="2019-03-31 22:00").item() == 0.032
    assert np.isnan(no2.sel(time="2019-03-31 23:00").item())
    assert no2.sel(time="2018-04-02 00:00").item() == 0.025


def test_nies_units_converted(nies):
    assert nies["spm"].sel(station=IKEGAMI, time="2018-04-01 00:00").item() == 0.020  # 20 ug/m3
    assert nies["co"].sel(station=IKEGAMI, time="2018-04-01 00:00").item() == 0.4  # 4 × 0.1 ppm
    assert nies["ox"].sel(station=ASAO, time="2018-04-01 14:00").item() == 0.065
    assert nies["wind_speed"].sel(station=IKEGAMI, time="2018-04-01 16:00").item() == 0.3
    # small negative values are measurements, kept for clean() to judge
    assert nies["pm25"].sel(station=IKEGAMI, time="2018-04-01 00:00").item() == -1.0


def test_nies_wind_direction_codes(nies):
    wd = nies["wind_dir"].sel(station=IKEGAMI, time=slice("2018-04-01 00:00", "2018-04-01 23:00"))
    values = wd.values
    np.testing.assert_array_equal(values[:16], 22.5 * np.arange(1, 17))  # 1 = NNE … 16 = N = 360
    assert np.isnan(values[16]) and np.isnan(values[17])  # code 17 = calm
    assert values[18] == 180.0  # code 8 = S
    assert np.isnan(values[21])  # 9999
    assert _count(nies, IKEGAMI, "wind_dir", "calm") == 2
    assert _count(nies, IKEGAMI, "wind_dir", "missing") == 1


def test_nies_sentinel_counts_per_station_and_variable(nies):
    assert _count(nies, IKEGAMI, "no2", "missing (9999") == 1
    assert _count(nies, IKEGAMI, "no2", "not measured (9998") == 5
    assert _count(nies, IKEGAMI, "no2", "error (9997") == 1
    assert _count(nies, IKEGAMI, "no2", "calendar padding") == 1  # the 4/31 row
    assert _count(nies, IKEGAMI, "spm", "negative flag") == 1
    assert _count(nies, IKEGAMI, "pm25", "blank field") == 1
    assert _count(nies, ASAO, "no2", "duplicate identical row") == 1
    assert _count(nies, ASAO, "no2", "missing") == 0
    # flagged hours are NaN, the rest of the day kept
    day2 = nies["no2"].sel(station=IKEGAMI, time="2018-04-02").values
    assert np.isnan(day2).sum() == 5 and np.nanmax(day2) == 0.025


def test_nies_warns_with_counts():
    with pytest.warns(AirDataWarning, match=r"not measured \(9998 未測\): 5"):
        read_nies_hourly(NIES)


def test_nies_zip_and_item_numbers_and_utf8(tmp_path):
    archive = tmp_path / "j14_2018.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(NIES, "j14_2018.csv")
    from_zip = _read_quiet(archive)
    xr.testing.assert_equal(from_zip["no2"], _read_quiet(NIES)["no2"])
    # item number 03 (NO2) instead of the text code, UTF-8 file, header 1..24 without "h"
    text = (
        HEADER.replace("h,", ",").removesuffix("h")
        + "\n2018,14131530,14131,03,PPB,4,1,"
        + ",".join(["12"] * 24)
        + "\n"
    )
    path = tmp_path / "numbers.csv"
    path.write_text(text, encoding="utf-8")
    ds = read_nies_hourly(path)
    assert float(ds["no2"].sel(time="2018-04-01 12:00").squeeze()) == 0.012


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2018,14131530,14131,NO2,XYZ,4,1," + ",".join(["1"] * 24), "unknown unit code 'XYZ'"),
        ("2018,14131530,14131,NO2,PPB,2,30," + ",".join(["7"] * 24), "does not exist"),
        ("2018,14131530,14131,NO2,PPB,4,1," + ",".join(["abc"] + ["1"] * 23), "not a number"),
    ],
)
def test_nies_bad_rows(tmp_path, row, message):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_nies_hourly(path)


def test_nies_unknown_item_skipped_and_counted(tmp_path):
    path = tmp_path / "hcl.csv"
    rows = [
        f"2018,14131530,14131,{item},PPB,4,1," + ",".join(["3"] * 24) for item in ("HCL", "NO2")
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    with pytest.warns(AirDataWarning, match=r"unknown item code \(rows skipped\): 1"):
        ds = read_nies_hourly(path)
    assert list(ds.data_vars) == ["no2"]
    assert _count(ds, "*", "HCL", "unknown item code") == 1


def test_nies_conflicting_duplicates_and_missing_columns(tmp_path):
    rows = [f"2018,14131530,14131,NO2,PPB,4,1,{','.join([v] * 24)}" for v in ("10", "11")]
    path = tmp_path / "dup.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="several rows with different values"):
        read_nies_hourly(path)
    path.write_text("year,station\n2018,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column.*測定年度"):
        read_nies_hourly(path)


# --------------------------------------------------------------------------------------------
# openair tables


def test_openair_wide_units_and_hour_ending(recwarn):
    ds = read_openair_csv(
        DATA / "openair_wide.csv",
        units={"no2": "ug/m3", "pm25": "ug/m3"},
        interval_label="ending",
    )
    assert any("nv2.5" in str(w.message) for w in recwarn.list)  # unread column reported
    times = pd.DatetimeIndex(ds["time"].values)
    assert times[0] == pd.Timestamp("2018-04-01 00:00")  # "01:00" hour-ending -> 00:00
    assert times[-1] == pd.Timestamp("2018-04-01 23:00")  # "2018-04-02 00:00" -> 23:00 same day
    # 38.25 ug/m3 NO2 at 20 °C, 1 atm: x = c × Vm / (M × 1000)
    expected = 38.25 * _molar_volume_l(20.0) / (MOLAR_MASS_G_PER_MOL["NO2"] * 1000.0)
    no2 = ds["no2"].sel(station="14131530")
    assert no2.sel(time="2018-04-01 00:00").item() == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(0.02, rel=1e-3)  # 1 ppm NO2 ≈ 1912.7 ug/m3 at 20 °C
    assert no2.sel(time="2018-04-01 23:00").item() == pytest.approx(2 * expected, rel=1e-12)
    assert ds["no2"].attrs["reference_temperature_c"] == 20.0
    assert ds["o3"].sel(station="14131530", time="2018-04-01 00:00").item() == 0.04  # 40 ppb
    assert ds["wind_dir"].attrs["units"] == "degree"
    assert np.isnan(ds["pm25"].sel(station="14131530", time="2018-04-01 02:00").item())


def test_openair_long_with_utc_offsets():
    ds = read_openair_csv(DATA / "openair_long.csv", format="long")
    # 2018-03-31T16:00Z is 2018-04-01 01:00 JST
    assert ds["no2"].sel(station=ASAO, time="2018-04-01 01:00").item() == 0.011
    assert ds["no2"].sel(station=IKEGAMI, time="2018-04-01 00:00").item() == 0.020
    so2 = ds["so2"].sel(station=ASAO, time="2018-04-01 01:00").item()
    assert so2 == pytest.approx(
        2.6 * _molar_volume_l(20.0) / (MOLAR_MASS_G_PER_MOL["SO2"] * 1000.0), rel=1e-12
    )
    assert ds["pm25"].sel(station=IKEGAMI, time="2018-04-01 01:00").item() == 14.0


@pytest.mark.filterwarnings("ignore::kgi_lab.air.io.AirDataWarning")
def test_openair_unit_errors(tmp_path):
    with pytest.raises(ValueError, match=r"column 'no2'.*has no unit"):
        read_openair_csv(DATA / "openair_wide.csv", units={"pm25": "ug/m3"})
    with pytest.raises(ValueError, match="says 'ppb' but units= gives 'ug/m3'"):
        read_openair_csv(
            DATA / "openair_wide.csv", units={"no2": "ug/m3", "pm25": "ug/m3", "o3": "ug/m3"}
        )
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        "site,date,pollutant,value,units\n"
        "A,2018-04-01 00:00,no2,20,ppb\nA,2018-04-01 01:00,no2,0.02,ppm\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"column 'no2' \(no2\) mixes units"):
        read_openair_csv(mixed, format="long")
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("date,no2\n2018-04-01 00:00,20\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown concentration unit 'furlongs'"):
        read_openair_csv(unknown, units={"no2": "furlongs"})
    particles = tmp_path / "pm.csv"
    particles.write_text("date,site,pm25\n2018-04-01 00:00,A,12\n", encoding="utf-8")
    with pytest.raises(ValueError, match="particles have no molar mass"):
        read_openair_csv(particles, units={"pm25": "ppb"})


def test_openair_daylight_saving_zone_rejected(tmp_path):
    path = tmp_path / "uk.csv"
    stamps = pd.date_range("2018-03-24 00:00", "2018-03-26 00:00", freq="h")
    path.write_text(
        "date,site,no2\n" + "\n".join(f"{t:%Y-%m-%d %H:%M},MY1,40" for t in stamps) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="daylight saving"):
        read_openair_csv(path, units={"no2": "ug/m3"}, time_zone="Europe/London")
    ds = read_openair_csv(path, units={"no2": "ug/m3"}, time_zone="Etc/GMT")
    assert ds.sizes["time"] == len(stamps) and ds.attrs["time_zone"] == "Etc/GMT"


def test_openair_duplicate_times_error(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("date,site,no2\n2018-04-01 00:00,A,1\n2018-04-01 00:00,A,2\n")
    with pytest.raises(ValueError, match="duplicated time"):
        read_openair_csv(path, units={"no2": "ppb"})


# --------------------------------------------------------------------------------------------
# unit conversion


def test_convert_units_no2_worked_values():
    # 1 ppm NO2 with M = 46.0055 g/mol: 1000 × M / Vm; Vm = RT/p = 24.0551 L/mol at 20 °C and
    # 24.4654 L/mol at 25 °C (1 atm) -> 1912.5 and 1880.4 ug/m3. WHO 2021: 1 ppb = 1.88 ug/m3
    # at 25 °C.
    assert _molar_volume_l(20.0) == pytest.approx(24.0551, abs=1e-4)
    assert _molar_volume_l(25.0) == pytest.approx(24.4654, abs=1e-4)
    for temperature_c, expected in ((20.0, 1912.5), (25.0, 1880.4)):
        exact = convert_units(
            1.0,
            "ug/m3",
            from_units="ppm",
            pollutant="no2",
            temperature_c=temperature_c,
            molar_mass_g_per_mol=46.0055,
        )
        assert exact == pytest.approx(1000 * 46.0055 / _molar_volume_l(temperature_c), rel=1e-12)
        assert exact == pytest.approx(expected, abs=0.05)
        # the package's molar mass (46.01, IUPAC rounded to 0.01) is within 1e-4
        default = convert_units(
            1.0, "ug m-3", from_units="ppm", pollutant="no2", temperature_c=temperature_c
        )
        assert default == pytest.approx(exact, rel=1.5e-4)
    who = convert_units(1.0, "ug/m3", from_units="ppb", pollutant="no2", temperature_c=25.0)
    assert who == pytest.approx(1.88, rel=1e-3)


def test_convert_units_dataarray_and_families():
    da = xr.DataArray([20.0, 40.0], dims="time", name="no2", attrs={"units": "ppb"})
    ppm = convert_units(da, "ppm")
    np.testing.assert_allclose(ppm.values, [0.02, 0.04])
    assert ppm.attrs["units"] == "ppm" and "reference_temperature_c" not in ppm.attrs
    mass = convert_units(ppm, "µg/m³", temperature_c=20.0)
    assert mass.attrs["units"] == "ug m-3" and mass.attrs["reference_temperature_c"] == 20.0
    back = convert_units(mass, "ppb", temperature_c=20.0)
    np.testing.assert_allclose(back.values, da.values, rtol=1e-12)
    spm = xr.DataArray([0.02], dims="time", name="spm", attrs={"units": "mg m-3"})
    assert convert_units(spm, "ug/m3").item() == pytest.approx(20.0)
    nox = convert_units(1.0, "ug/m3", from_units="ppm", pollutant="nox")  # expressed as NO2
    assert nox == convert_units(1.0, "ug/m3", from_units="ppm", pollutant="no2")
    with pytest.raises(ValueError, match="particles have no molar mass"):
        convert_units(spm, "ppm")
    with pytest.raises(ValueError, match="no units; pass from_units"):
        convert_units(xr.DataArray([1.0], dims="time", name="no2"), "ppm")
    with pytest.raises(ValueError, match="no molar mass is known"):
        convert_units(1.0, "ppm", from_units="ug/m3", pollutant="benzene_x")


# --------------------------------------------------------------------------------------------
# clean, coordinates, long <-> wide


def test_clean_negative_values(nies):
    with pytest.raises(ValueError, match=r"pm25 has 1 negative value.*14131530.*negative='nan'"):
        clean(nies)
    with pytest.warns(AirDataWarning, match="negative value: 1"):
        out, report = clean(nies, negative="nan")
    assert report.to_dict("records") == [
        {"station": IKEGAMI, "variable": "pm25", "reason": "negative value", "count": 1}
    ]
    assert np.isnan(out["pm25"].sel(station=IKEGAMI, time="2018-04-01 00:00").item())
    assert out.attrs["cleaning"][-1]["step"] == "clean"
    assert len(out.attrs["cleaning"]) == len(nies.attrs["cleaning"]) + 1


def _tiny() -> xr.Dataset:
    times = pd.date_range("2018-04-01", periods=4, freq="h")
    return xr.Dataset(
        {"no2": (("station", "time"), [[0.01, 9999.0, 0.02, 0.03]], {"units": "ppm"})},
        coords={"station": ["A"], "time": times},
        attrs={"cleaning": []},
    )


def test_clean_sentinels_duplicates_units():
    with pytest.warns(AirDataWarning, match="sentinel 9999: 1"):
        out, report = clean(_tiny())
    assert report["reason"].tolist() == ["sentinel 9999"]
    assert np.isnan(out["no2"].values[0, 1])
    dup = _tiny().isel(time=[0, 1, 1, 2])
    with pytest.raises(ValueError, match="1 duplicated time label"):
        clean(dup)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AirDataWarning)
        out, report = clean(dup, duplicates="first", sentinels=())
    assert out.sizes["time"] == 3
    assert report.loc[report["reason"].str.startswith("duplicated"), "count"].tolist() == [1]
    shuffled = _tiny().isel(time=[2, 0, 1, 3])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AirDataWarning)
        out, report = clean(shuffled)
    assert pd.DatetimeIndex(out["time"].values).is_monotonic_increasing
    assert "time labels not sorted (sorted)" in report["reason"].tolist()
    wrong = _tiny()
    wrong["no2"].attrs["units"] = "ppb"
    with pytest.raises(ValueError, match="no2 is in 'ppb', the schema needs 'ppm'"):
        clean(wrong)


def test_require_coordinates():
    gdf = gpd.GeoDataFrame(
        {"station": ["A", "B"]},
        geometry=gpd.points_from_xy([139.7, None], [35.5, None]),
        crs="EPSG:4326",
    )
    with pytest.raises(ValueError, match="1 station.*no coordinates: B"):
        require_coordinates(gdf)
    ok = gdf.iloc[:1]
    assert require_coordinates(ok) is ok
    with pytest.raises(ValueError, match="has no CRS"):
        require_coordinates(ok.set_crs(None, allow_override=True))
    with pytest.raises(TypeError, match="GeoDataFrame"):
        require_coordinates(pd.DataFrame({"station": ["A"]}))


def test_long_round_trip(nies):
    long = to_long(nies)
    assert list(long.columns) == ["station", "time", "value", "variable", "units"]
    assert str(long["time"].dt.tz) == "Asia/Tokyo"
    xr.testing.assert_identical(from_long(long), nies)
    # the schema's to_dataframe is re-exported
    assert to_dataframe is schema.to_dataframe
    # naive times need a zone; "ending" labels move back one hour
    naive = long.assign(time=long["time"].dt.tz_localize(None))
    naive.attrs = {}
    with pytest.raises(ValueError, match="naive times and no time zone"):
        from_long(naive)
    shifted = from_long(
        naive.assign(time=naive["time"] + pd.Timedelta(hours=1)),
        time_zone="Asia/Tokyo",
        interval_label="ending",
    )
    xr.testing.assert_equal(shifted["no2"], nies["no2"])
    with pytest.raises(ValueError, match="duplicated row"):
        from_long(pd.concat([long.iloc[:2], long.iloc[:1]]))


# --------------------------------------------------------------------------------------------
# openair: sentinels, text cells and 24:00 on the raw values


def _openair_file(tmp_path, rows: list[str], header: str = "date,site,no2,pm25") -> Path:
    path = tmp_path / "flags.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_openair_sentinels_and_text_cells_are_flagged_on_raw_values(tmp_path):
    # NO2 in ppb: 9999 must not survive as 9.999 ppm. The NIES codes (TJ_manu.pdf, see
    # NIES_SENTINELS) 9999/9998/9997 and raw values <= -999 are flags; "-" and "calib" are text.
    rows = [
        "2018-04-01 00:00,A,20,12",
        "2018-04-01 01:00,A,9999,9997",
        "2018-04-01 02:00,A,9998,-",
        "2018-04-01 03:00,A,-9999,13",
        "2018-04-01 04:00,A,-,NA",
        "2018-04-01 05:00,A,calib,",
        "2018-04-01 00:00,B,9999,10",
        "2018-04-01 01:00,B,30,11",
    ]
    path = _openair_file(tmp_path, rows)
    with pytest.warns(AirDataWarning, match=r"missing \(9999 欠測\): 2.*non-numeric cell"):
        ds = read_openair_csv(path, units={"no2": "ppb", "pm25": "ug/m3"})
    no2 = ds["no2"].sel(station="A").values
    assert no2[0] == pytest.approx(0.020)
    assert np.isnan(no2[1:]).all()  # no 9.999 / 9.998 ppm left
    assert np.nanmax(ds["no2"].values) == pytest.approx(0.030)
    assert ds["pm25"].sel(station="A").values[[0, 3]].tolist() == [12.0, 13.0]
    # per station and variable, in the NIES reader's record format
    assert _count(ds, "A", "no2", "missing (9999") == 1
    assert _count(ds, "B", "no2", "missing (9999") == 1
    assert _count(ds, "A", "no2", "not measured (9998") == 1
    assert _count(ds, "A", "no2", "negative flag") == 1
    assert _count(ds, "A", "no2", "non-numeric cell") == 2
    assert _count(ds, "A", "pm25", "error (9997") == 1
    assert _count(ds, "A", "pm25", "non-numeric cell") == 1
    assert _count(ds, "A", "pm25", "empty") == 0  # NA and "" are missing values, not cleaning
    rec = next(r for r in ds.attrs["cleaning"] if r["reason"].startswith("non-numeric"))
    assert set(rec) == {"step", "station", "variable", "reason", "count"}
    assert rec["step"] == "read_openair_csv" and "'-'" in rec["reason"]
    # clean() afterwards finds nothing more to remove
    with warnings.catch_warnings():
        warnings.simplefilter("error", AirDataWarning)
        _, report = clean(ds)
    assert report.empty


def test_openair_sentinels_parameter(tmp_path):
    path = _openair_file(tmp_path, ["2018-04-01 00:00,A,-1,5", "2018-04-01 01:00,A,-999,6"])
    with pytest.warns(AirDataWarning, match=r"analyser off: 1.*negative flag"):
        ds = read_openair_csv(
            path, units={"no2": "ppb", "pm25": "ug/m3"}, sentinels={-1: "analyser off"}
        )
    assert np.isnan(ds["no2"].values).all()
    assert _count(ds, "A", "no2", "analyser off") == 1
    assert _count(ds, "A", "no2", "negative flag") == 1  # <= -999 whatever sentinels= holds
    # plain codes REPLACE the default ones: 9999 is then an ordinary value (9.999 ppm)
    path = _openair_file(tmp_path, ["2018-04-01 00:00,A,9999,5", "2018-04-01 01:00,A,10,6"])
    with pytest.warns(AirDataWarning, match="sentinel 5: 1"):
        ds = read_openair_csv(path, units={"no2": "ppb", "pm25": "ug/m3"}, sentinels=[5.0])
    assert _count(ds, "A", "pm25", "sentinel 5") == 1
    pm25 = ds["pm25"].sel(station="A").values
    assert np.isnan(pm25[0]) and pm25[1] == 6.0
    assert ds["no2"].sel(station="A").values[0] == pytest.approx(9.999)


def test_openair_hour_24_stamps(tmp_path):
    # Hour-ending exports write the last hour of a day as "24:00": 24:00 of day D is 00:00 of
    # D + 1, and the "ending" label shift puts it at 23:00 of day D.
    rows = [f"2018-04-01 {h:02d}:00,A,{h},1" for h in range(1, 25)]
    rows += ["2018-04-02 01:00,A,25,1"]
    path = _openair_file(tmp_path, rows)
    ds = read_openair_csv(path, units={"no2": "ppb", "pm25": "ug/m3"}, interval_label="ending")
    times = pd.DatetimeIndex(ds["time"].values)
    assert times[0] == pd.Timestamp("2018-04-01 00:00") and len(times) == 25
    assert ds["no2"].sel(station="A", time="2018-04-01 23:00").item() == pytest.approx(0.024)
    assert ds["no2"].sel(station="A", time="2018-04-02 00:00").item() == pytest.approx(0.025)
    # with a date format, seconds and a UTC offset
    other = _openair_file(
        tmp_path,
        ["01/04/2018 23:00:00+09:00,A,23,1", "01/04/2018 24:00:00+09:00,A,24,1"],
    )
    ds = read_openair_csv(
        other,
        units={"no2": "ppb", "pm25": "ug/m3"},
        interval_label="ending",
        date_format="%d/%m/%Y %H:%M:%S%z",
    )
    assert pd.DatetimeIndex(ds["time"].values).tolist() == [
        pd.Timestamp("2018-04-01 22:00"),
        pd.Timestamp("2018-04-01 23:00"),
    ]


def test_clean_negative_keep(nies):
    # Japanese practice keeps negative PM2.5 hourly values as measured (Nagasaki City page 3249)
    with warnings.catch_warnings():
        warnings.simplefilter("error", AirDataWarning)  # kept values are reported, not warned
        kept, report = clean(nies, negative="keep")
    assert kept["pm25"].sel(station=IKEGAMI, time="2018-04-01 00:00").item() == -1.0
    assert report.to_dict("records") == [
        {
            "station": IKEGAMI,
            "variable": "pm25",
            "reason": "negative value (kept as measured)",
            "count": 1,
        }
    ]
    same, _ = clean(nies, negative={"pm25": "keep"})
    xr.testing.assert_identical(same["pm25"], kept["pm25"])
    with pytest.raises(ValueError, match=r"pm25 has 1 negative.*negative='keep'"):
        clean(nies, negative={"no2": "keep"})  # pm25 not listed: "error"
    with pytest.raises(ValueError, match="negative must be one of error, nan, keep"):
        clean(nies, negative="drop")
    from kgi_lab.air.standards import evaluate_japan

    row = evaluate_japan(kept, "pm25", 2018).loc[IKEGAMI]
    assert row["negative_hours_kept"] == 1
