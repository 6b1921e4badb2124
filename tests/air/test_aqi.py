"""Tests of kgi_lab.air.aqi: US EPA AQI (TAD May 2024) and China HJ 633-2012 IAQI.

The expected values are worked by hand from the breakpoint tables and the calculation rules:
US EPA, Technical Assistance Document for the Reporting of Daily Air Quality - the AQI,
EPA-454/B-24-002 (May 2024), Table 6 and the four steps (truncate, find the band, interpolate,
round); AirNow "The AQI Equation (2024)" for the truncation; HJ 633-2012 Table 1 and formula (1)
with the IAQI rounded up (shared/reference/kawasaki-facts.md §3c-§3d, domain-notes.md). The TAD's
own example pages could not be retrieved offline, so each value below shows its arithmetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from kgi_lab.air.aqi import aqi_category, cn_iaqi, overall_aqi, us_aqi, us_truncate

# --- US EPA ---------------------------------------------------------------------------------


def test_us_pm25_interpolation():
    # 35.9 in 35.5-55.4 → 101-150: 49/19.9 × 0.4 + 101 = 101.98 → 102
    assert us_aqi(35.9, "pm25_24h") == 102.0
    # 2024 bands: 9.0 is the top of "Good", 9.1 the bottom of "Moderate"
    got = us_aqi(np.array([0.0, 9.0, 9.05, 9.1, 35.4, 35.45, 55.5, 125.4, 225.5]), "pm25_24h")
    np.testing.assert_array_equal(got, [0, 50, 50, 51, 100, 100, 151, 200, 301])


def test_us_truncation_survives_float_noise():
    # domain-notes: the 24-h mean of 24 × 9.1 is 9.0999…96 in floating point; it must truncate
    # to 9.1 (AQI 51), not 9.0 (AQI 50).
    mean_of_24 = sum([9.1] * 24) / 24
    assert mean_of_24 < 9.1
    assert us_truncate(mean_of_24, "pm25_24h") == 9.1
    assert us_aqi(mean_of_24, "pm25_24h") == 51.0
    assert us_truncate(0.07853, "o3_8h") == 0.078
    assert us_truncate(154.9, "pm10_24h") == 154.0


def test_us_ozone_8h_and_rounding_half_up():
    # 0.07853 ppm → 0.078 → 49/0.014 × 0.007 + 101 = 125.5 → 126
    assert us_aqi(0.07853, "o3_8h") == 126.0
    # 0.076 → 49/0.014 × 0.005 + 101 = 118.5 → 119 (half up; banker's rounding would give 118)
    assert us_aqi(0.076, "o3_8h") == 119.0
    # 8-h O3 does not define AQI above 0.200 ppm (use 1-h O3)
    assert np.isnan(us_aqi(0.201, "o3_8h"))


def test_us_ozone_1h_only_from_0125_ppm():
    assert np.isnan(us_aqi(0.124, "o3_1h"))
    assert us_aqi(0.125, "o3_1h") == 101.0
    # 0.200 in 0.165-0.204 → 151-200: 49/0.039 × 0.035 + 151 = 194.97 → 195
    assert us_aqi(0.200, "o3_1h") == 195.0


def test_us_other_pollutants_and_the_top_of_the_scale():
    # CO 8.4 ppm in 4.5-9.4 → 51-100: 49/4.9 × 3.9 + 51 = 90
    assert us_aqi(8.4, "co_8h") == 90.0
    # NO2 100 ppb = the top of "Moderate"
    assert us_aqi(100, "no2_1h") == 100.0
    # SO2: 1-h defines up to 304 ppb; 24-h from 305 ppb
    assert np.isnan(us_aqi(305, "so2_1h")) and np.isnan(us_aqi(304, "so2_24h"))
    assert us_aqi(305, "so2_24h") == 201.0
    # 2024 single "Hazardous" band 301-500: PM2.5 225.5-325.4; beyond it "beyond the AQI" = 500
    assert us_aqi(325.4, "pm25_24h") == 500.0 and us_aqi(600.0, "pm25_24h") == 500.0
    assert np.isnan(us_aqi(np.nan, "pm25_24h"))


def test_us_input_types_and_errors():
    series = pd.Series([9.1, 35.9], index=["a", "b"])
    out = us_aqi(series, "pm25_24h")
    assert isinstance(out, pd.Series) and out.tolist() == [51.0, 102.0]
    da = xr.DataArray([[9.1, 35.9]], dims=("station", "time"), coords={"station": ["A"]})
    out = us_aqi(da, "pm25_24h")
    assert isinstance(out, xr.DataArray) and out.dims == ("station", "time")
    assert out.values.tolist() == [[51.0, 102.0]] and out.attrs["units"] == "1"
    with pytest.raises(ValueError, match="unknown US AQI pollutant 'pm25'"):
        us_aqi(10.0, "pm25")
    with pytest.raises(ValueError, match="negative concentration"):
        us_aqi(np.array([5.0, -1.0]), "pm25_24h")


def test_us_overall_aqi_and_category():
    sub = {
        "pm25_24h": us_aqi(54.4, "pm25_24h"),  # 49/19.9 × 18.9 + 101 = 147.5 → 148
        "o3_8h": us_aqi(0.077, "o3_8h"),  # 3500 × 0.006 + 101 = 122
        "co_8h": us_aqi(8.4, "co_8h"),  # 90
    }
    assert sub["pm25_24h"] == 148.0 and sub["o3_8h"] == 122.0
    aqi, primary = overall_aqi(sub)
    assert aqi == 148.0 and primary == "pm25_24h"
    assert aqi_category(aqi) == "Unhealthy for Sensitive Groups"
    assert aqi_category(aqi, language="colour") == "Orange"
    aqi, primary = overall_aqi(
        {"a": np.array([40.0, np.nan, 60.0]), "b": np.array([40.0, np.nan, np.nan])}
    )
    assert np.isnan(aqi[1]) and aqi[0] == 40.0 and aqi[2] == 60.0
    assert primary.tolist() == ["a,b", "", "a"]  # ties named together; US names even ≤ 50
    cats = aqi_category(np.array([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500, np.nan]))
    assert cats.tolist() == [
        "Good",
        "Good",
        "Moderate",
        "Moderate",
        "Unhealthy for Sensitive Groups",
        "Unhealthy for Sensitive Groups",
        "Unhealthy",
        "Unhealthy",
        "Very Unhealthy",
        "Very Unhealthy",
        "Hazardous",
        "Hazardous",
        "",
    ]


# --- China HJ 633 ---------------------------------------------------------------------------


def test_cn_iaqi_rounds_up():
    # PM2.5 80 in 75-115 → 100-150: 50/40 × 5 + 100 = 106.25 → 107 (rounded UP)
    assert cn_iaqi(80, "pm25_24h") == 107.0
    # PM10 160 in 150-250 → 100-150: 50/100 × 10 + 100 = 105
    assert cn_iaqi(160, "pm10_24h") == 105.0
    # CO 3 mg/m3 in 2-4 → 50-100: 25 × 1 + 50 = 75
    assert cn_iaqi(3, "co_24h") == 75.0
    # NO2 1-h 150 in 100-200 → 50-100: 0.5 × 50 + 50 = 75; NO2 24-h 41 → 51.25 → 52
    assert cn_iaqi(150, "no2_1h") == 75.0 and cn_iaqi(41, "no2_24h") == 52.0


def test_cn_breakpoints_are_exact_and_special_cases():
    got = cn_iaqi(np.array([0.0, 35.0, 75.0, 115.0, 150.0, 250.0, 350.0, 500.0]), "pm25_24h")
    np.testing.assert_array_equal(got, [0, 50, 100, 150, 200, 300, 400, 500])
    assert cn_iaqi(35.0 + 1e-12, "pm25_24h") == 50.0  # float noise does not add 1
    assert cn_iaqi(35.1, "pm25_24h") == 51.0  # 50/40 × 0.1 + 50 = 50.125 → 51
    assert cn_iaqi(600.0, "pm25_24h") == 500.0  # above the table: top of the scale
    # HJ 633: 1-h SO2 above 800 and 8-h O3 above 800 ug/m3 are not indexed
    assert np.isnan(cn_iaqi(801.0, "so2_1h")) and np.isnan(cn_iaqi(801.0, "o3_8h"))
    assert cn_iaqi(800.0, "so2_1h") == 200.0
    assert cn_iaqi(160.0, "o3_8h") == 100.0 and cn_iaqi(160.0, "o3_1h") == 50.0


def test_cn_overall_aqi_primary_pollutant_and_category():
    sub = {
        "pm25_24h": cn_iaqi(80, "pm25_24h"),
        "pm10_24h": cn_iaqi(160, "pm10_24h"),
        "co_24h": cn_iaqi(3, "co_24h"),
    }
    aqi, primary = overall_aqi(sub, scheme="CN")
    assert aqi == 107.0 and primary == "pm25_24h"
    assert aqi_category(aqi, "CN", "zh") == "轻度污染"
    assert aqi_category(aqi, "CN", "en") == "Lightly polluted"
    # 首要污染物 only when AQI > 50
    aqi, primary = overall_aqi({"pm25_24h": cn_iaqi(30, "pm25_24h")}, scheme="CN")
    assert aqi == 43.0 and primary == ""
    cats = aqi_category(np.array([50, 51, 101, 151, 201, 301]), "CN", "zh")
    assert cats.tolist() == ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"]


def test_overall_aqi_on_xarray():
    pm = xr.DataArray([80.0, 20.0], dims="station", coords={"station": ["A", "B"]})
    co = xr.DataArray([3.0, 3.0], dims="station", coords={"station": ["A", "B"]})
    ds = xr.Dataset({"pm25_24h": cn_iaqi(pm, "pm25_24h"), "co_24h": cn_iaqi(co, "co_24h")})
    aqi, primary = overall_aqi(ds, scheme="CN")
    assert aqi.values.tolist() == [107.0, 75.0]
    assert primary.values.tolist() == ["pm25_24h", "co_24h"]
    assert aqi.dims == ("station",)
    with pytest.raises(ValueError, match="scheme"):
        overall_aqi(ds, scheme="EU")


# --- HJ 633-2012 worked examples: breakpoints, interpolation, overall AQI ---------------------
# Table 1 as in kawasaki-facts.md §3c; formula (1): IAQI = (IAQI_hi − IAQI_lo) / (BP_hi − BP_lo)
# × (C − BP_lo) + IAQI_lo, rounded UP (进位取整); AQI = max IAQI; 首要污染物 only when AQI > 50.

_HJ633_TABLE = {
    "so2_24h": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "so2_1h": [0, 150, 500, 650, 800],
    "no2_24h": [0, 40, 80, 180, 280, 565, 750, 940],
    "no2_1h": [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    "pm10_24h": [0, 50, 150, 250, 350, 420, 500, 600],
    "co_24h": [0, 2, 4, 14, 24, 36, 48, 60],
    "co_1h": [0, 5, 10, 35, 60, 90, 120, 150],
    "o3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "o3_8h": [0, 100, 160, 215, 265, 800],
    "pm25_24h": [0, 35, 75, 115, 150, 250, 350, 500],
}


@pytest.mark.parametrize("key", sorted(_HJ633_TABLE))
def test_hj633_every_breakpoint_gives_its_iaqi_level(key):
    bp = np.asarray(_HJ633_TABLE[key], dtype=float)
    levels = [0, 50, 100, 150, 200, 300, 400, 500][: bp.size]
    np.testing.assert_array_equal(cn_iaqi(bp, key), levels)


@pytest.mark.parametrize(
    ("key", "c", "expected"),
    [
        ("so2_24h", 100, 75),  # 50/100 × (100 − 50) + 50 = 75 (exact)
        ("so2_24h", 200, 108),  # 50/325 × (200 − 150) + 100 = 107.69 → 108
        ("so2_1h", 600, 134),  # 50/150 × (600 − 500) + 100 = 133.33 → 134
        ("no2_24h", 100, 110),  # 50/100 × (100 − 80) + 100 = 110
        ("no2_24h", 300, 208),  # 100/285 × (300 − 280) + 200 = 207.02 → 208
        ("no2_1h", 1000, 180),  # 50/500 × (1000 − 700) + 150 = 180
        ("pm10_24h", 300, 175),  # 50/100 × (300 − 250) + 150 = 175
        ("pm10_24h", 430, 313),  # 100/80 × (430 − 420) + 300 = 312.5 → 313
        ("co_24h", 2.5, 63),  # 50/2 × (2.5 − 2) + 50 = 62.5 → 63
        ("co_24h", 5, 105),  # 50/10 × (5 − 4) + 100 = 105
        ("co_1h", 20, 120),  # 50/25 × (20 − 10) + 100 = 120
        ("o3_1h", 180, 75),  # 50/40 × (180 − 160) + 50 = 75
        ("o3_1h", 250, 125),  # 50/100 × (250 − 200) + 100 = 125
        ("o3_8h", 120, 67),  # 50/60 × (120 − 100) + 50 = 66.67 → 67
        ("o3_8h", 240, 175),  # 50/50 × (240 − 215) + 150 = 175
        ("pm25_24h", 10, 15),  # 50/35 × 10 = 14.29 → 15
        ("pm25_24h", 50, 69),  # 50/40 × (50 − 35) + 50 = 68.75 → 69
        ("pm25_24h", 120, 158),  # 50/35 × (120 − 115) + 150 = 157.14 → 158
        ("pm25_24h", 200, 250),  # 100/100 × (200 − 150) + 200 = 250
        ("pm25_24h", 400, 434),  # 100/150 × (400 − 350) + 400 = 433.33 → 434
    ],
)
def test_hj633_interpolation_between_breakpoints_rounds_up(key, c, expected):
    assert cn_iaqi(c, key) == float(expected)
    bp = _HJ633_TABLE[key]
    k = int(np.searchsorted(bp, c))  # the band (BP_lo, BP_hi] holding c
    lo, hi = [0, 50, 100, 150, 200, 300, 400, 500][k - 1 : k + 1]
    exact = (hi - lo) / (bp[k] - bp[k - 1]) * (c - bp[k - 1]) + lo
    assert expected == np.ceil(exact - 1e-9)  # formula (1), then 进位取整


def test_hj633_overall_aqi_and_primary_pollutant_rule():
    # Day 1: IAQIs from the worked values above: PM2.5 50 → 69, PM10 300 → 175, NO2 100 → 110,
    #        SO2 100 → 75, CO 2.5 → 63, O3-8h 120 → 67: AQI 175 (中度污染), primary PM10.
    # Day 2: PM2.5 35 → 50, PM10 50 → 50, the rest below: AQI 50 → no primary pollutant (优).
    # Day 3: PM2.5 75 → 100 and PM10 150 → 100 tie: both are primary (良).
    # Day 4: PM2.5 35.1 → 50.125 → 51: AQI 51 just above 50, PM2.5 primary.
    conc = {
        "pm25_24h": [50.0, 35.0, 75.0, 35.1],
        "pm10_24h": [300.0, 50.0, 150.0, 20.0],
        "no2_24h": [100.0, 20.0, 20.0, 20.0],
        "so2_24h": [100.0, 10.0, 10.0, 10.0],
        "co_24h": [2.5, 0.5, 0.5, 0.5],
        "o3_8h": [120.0, 60.0, 60.0, 60.0],
    }
    days = pd.RangeIndex(4, name="day")
    sub = {k: cn_iaqi(pd.Series(v, index=days), k) for k, v in conc.items()}
    assert sub["pm10_24h"].tolist() == [175.0, 50.0, 100.0, 20.0]
    aqi, primary = overall_aqi(sub, scheme="CN")
    assert aqi.tolist() == [175.0, 50.0, 100.0, 51.0]
    assert primary.tolist() == ["pm10_24h", "", "pm25_24h,pm10_24h", "pm25_24h"]
    assert aqi_category(aqi, "CN", "zh").tolist() == ["中度污染", "优", "良", "良"]
    # the US scheme names the responsible pollutant at any level
    _, us_primary = overall_aqi(sub, scheme="US")
    assert us_primary.iloc[1] == "pm25_24h,pm10_24h"
