"""Tests of kgi_lab.air.standards on small hand-built hourly datasets.

Worked examples and rules (cited where they are asserted):
* Fukuoka Prefecture, 大気汚染に係る環境基準: NO2 98 % value with 350 valid days = the 343rd lowest
  (350 × 0.98 = 343, 四捨五入).
* City of Yokohama glossary: 2per.html (2 % exclusion value = 2 % of the days + 1 from the top:
  365 days → 8th highest), 98evl.html / MOE glossary (365 days → 358th lowest), days.html and
  dayave.html (a valid day needs ≥ 20 hourly values), hours.html (< 6,000 h → reference value,
  except Ox and PM2.5; PM2.5 needs ≥ 250 valid days), longterm.html / 2day-05.html (two
  consecutive days above the daily standard fail the long-term evaluation), oxmaxhr.html (Ox
  daytime 5:00-20:00 = stamps 6-20 h), 8hourave.html (CO blocks 0-8, 8-16, 16-24 h).
* kawasaki-facts.md §2a/§2b for the standards' values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from kgi_lab.air.schema import POLLUTANTS
from kgi_lab.air.standards import (
    STANDARD_KEYS,
    daily_means,
    eight_hour_block_means,
    evaluate,
    evaluate_japan,
    exclusion_2pct_value,
    limits,
    rank_2pct_exclusion,
    rank_98_percent,
    round_half_up,
    standards,
    station_day_hour,
    value_98_percent,
)

FY2017 = pd.Timestamp("2017-04-01")  # FY2017 = 2017-04-01 .. 2018-03-31, 365 days


def make_ds(start=FY2017, n_days=365, stations=("A",), **hourly) -> xr.Dataset:
    """Dataset (station, time) from hourly arrays of shape (station, n_days * 24)."""
    t = pd.date_range(start, periods=n_days * 24, freq="h")
    data = {
        name: (
            ("station", "time"),
            np.asarray(v, float).reshape(len(stations), -1),
            {"units": POLLUTANTS[name]["units"]},
        )
        for name, v in hourly.items()
    }
    return xr.Dataset(
        data,
        coords={"station": list(stations), "time": t},
        attrs={"time_zone": "Asia/Tokyo", "interval_label": "beginning", "kind": "synthetic"},
    )


def from_daily(values) -> np.ndarray:
    """Hourly series whose 24 hours all equal each day's value (daily mean = the value)."""
    return np.repeat(np.asarray(values, float), 24)


def spread(n_days: int, special: dict[float, int], base: float, step: int = 17) -> np.ndarray:
    """Daily values = base, with ``count`` days of each special value at spaced positions."""
    days = np.full(n_days, base)
    pos = 3
    for value, count in special.items():
        for _ in range(count):
            days[pos % n_days] = value
            pos += step
    return days


# --- ranks ---------------------------------------------------------------------------------


def test_rank_conventions_published_examples():
    # 365 days: 358th lowest = 8th highest (MOE glossary); 350 days: 343rd (Fukuoka).
    assert rank_98_percent(365) == 358
    assert rank_98_percent(350) == 343
    # 2 % exclusion value with 365 days: 2 % = 7 days, + 1 → the 8th highest (Yokohama 2per).
    assert rank_2pct_exclusion(365) == 8
    # Both point at the same day (Yokohama longvs98: "the 98th point of the distribution"),
    # except when 0.02 n ends in exactly .5 (n = 25, 75, ... 375), where half-up rounding of
    # 0.98 n and of 0.02 n part by one day.
    n = np.arange(1, 400)
    same = n - rank_98_percent(n) + 1 == rank_2pct_exclusion(n)
    assert np.array_equal(~same, n % 50 == 25)
    assert rank_98_percent(0) == 0


@pytest.mark.parametrize("n", [351, 356, 357, 358, 362, 363, 364, 365])
def test_rank_matches_the_derived_method_of_kawasaki_facts_1b(n):
    # kawasaki-facts §1b derived its 98 % values with ascending rank round(0.98 n).
    assert rank_98_percent(n) == round(0.98 * n)


def test_value_98_and_exclusion_on_arrays():
    days = np.arange(1, 366, dtype=float)  # 1..365
    assert value_98_percent(days) == 358.0
    assert exclusion_2pct_value(days) == 358.0  # 8th highest of 1..365
    with_gaps = np.where(np.arange(365) < 15, np.nan, days)  # 350 valid: 16..365
    assert value_98_percent(with_gaps) == 15 + 343
    assert np.isnan(value_98_percent(np.full(10, np.nan)))


def test_round_half_up_and_float_noise():
    assert round_half_up(0.0605, 0.001) == 0.061  # 四捨五入, not banker's rounding
    assert round_half_up(0.0455, 0.001) == 0.046  # 0.0455 is stored as 0.045499999…
    assert round_half_up(35.05, 0.1) == 35.1
    assert round_half_up(sum([0.1] * 24) / 24, 0.001) == 0.1
    assert np.isnan(round_half_up(np.nan, 0.001))
    with pytest.raises(ValueError, match="resolution"):
        round_half_up(1.0, 0)


# --- daily means on the full calendar -------------------------------------------------------


def test_day_with_19_hours_is_not_valid_20_is():
    hourly = from_daily(np.full(3, 0.02))
    hourly[:5] = np.nan  # day 1: 19 valid hours
    hourly[24:28] = np.nan  # day 2: 20 valid hours
    ds = make_ds(n_days=3, no2=hourly)
    means, counts = daily_means(ds["no2"], return_counts=True)
    assert counts.values.tolist() == [[19, 20, 24]]
    assert np.isnan(means.values[0, 0])
    np.testing.assert_allclose(means.values[0, 1:], [0.02, 0.02])
    assert means.attrs["n_days_incomplete"] == 1
    assert means.attrs["units"] == "ppm"


def test_absent_rows_count_as_missing_hours():
    # openair pitfall: dropping rows must not make a day look complete.
    ds = make_ds(n_days=2, no2=from_daily([0.02, 0.03]))
    gappy = ds.isel(time=np.r_[0:10, 15:48])  # 5 hours of day 1 absent from the time axis
    means = daily_means(gappy["no2"])
    assert np.isnan(means.values[0, 0])
    assert means.values[0, 1] == pytest.approx(0.03)
    # padding to the requested calendar: days without rows are NaN, not dropped
    padded = daily_means(ds["no2"], start="2017-03-31", end="2017-04-04")
    assert padded.sizes["time"] == 4
    assert np.isnan(padded.values[0, [0, 3]]).all()
    assert padded.attrs["n_days_without_data"] == 2


def test_daily_means_dataset_and_station_day_hour():
    ds = make_ds(
        n_days=2,
        stations=("A", "B"),
        no2=np.tile(from_daily([0.01, 0.02]), 2),
        pm25=np.tile(from_daily([10.0, 20.0]), 2),
    )
    out = daily_means(ds)
    assert set(out.data_vars) == {"no2", "pm25"}
    assert out["pm25"].sel(station="B").values.tolist() == [10.0, 20.0]
    cube = station_day_hour(ds["no2"])
    assert cube.dims == ("station", "date", "hour") and cube.shape == (2, 2, 24)
    with pytest.raises(ValueError, match="min_hours"):
        daily_means(ds, min_hours=0)


# --- NO2: the 98 % value ------------------------------------------------------------------


def test_no2_98_percent_value_with_365_days_is_the_358th_lowest():
    # 357 days at 0.020, one at 0.055 (358th lowest), the 7 highest at 0.070 ppm.
    days = spread(365, {0.055: 1, 0.070: 7}, base=0.020)
    row = evaluate_japan(make_ds(no2=from_daily(days)), "no2", 2017).loc["A"]
    assert row["valid_days"] == 365 and row["valid_hours"] == 8760
    assert row["daily_p98_rank"] == 358
    assert row["daily_p98_ppm"] == 0.055
    assert row["attained"]  # 7 days above 0.06 are within the excluded top 2 %
    assert row["days_above_limit"] == 7 and row["days_above_limit_in_98pct"] == 0
    assert row["no2_zone"] == "within 0.04-0.06"
    # an 8th day above 0.06 ppm reaches the 98 % value: not attained
    days8 = spread(365, {0.070: 8}, base=0.020)
    row8 = evaluate_japan(make_ds(no2=from_daily(days8)), "no2", 2017).loc["A"]
    assert row8["daily_p98_ppm"] == 0.070 and not row8["attained"]
    assert row8["days_above_limit_in_98pct"] == 1
    assert row8["no2_zone"] == "above 0.06"


def test_no2_98_percent_value_with_350_days_fukuoka_example():
    # 350 valid days (15 days ABSENT from the time axis): 98 % value = the 343rd lowest.
    days = spread(365, {0.055: 1, 0.070: 7}, base=0.020, step=11)
    ds = make_ds(no2=from_daily(days))
    keep = np.ones(365, bool)
    keep[330:345] = False  # 15 days of base values removed (no special day there)
    assert np.sort(days[keep])[342] == 0.055
    ds = ds.isel(time=np.repeat(keep, 24))
    row = evaluate_japan(ds, "no2", 2017).loc["A"]
    assert row["valid_days"] == 350
    assert row["daily_p98_rank"] == 343
    assert row["daily_p98_ppm"] == 0.055


def test_daily_means_are_rounded_half_up_before_ranking():
    # hourly 0.060/0.061 alternating: mean 0.0605 → 0.061 ppm (Yokohama dayave.html) > 0.06
    day = np.tile([0.060, 0.061], 12)
    hourly = np.tile(day, 365)
    row = evaluate_japan(make_ds(no2=hourly), "no2", 2017).loc["A"]
    assert row["daily_p98_ppm"] == 0.061 and not row["attained"]


# --- 6,000 hours and 250 days ---------------------------------------------------------------


def _hours_pattern(valid_hours: int) -> np.ndarray:
    """Hourly mask for FY2017: the first ``valid_hours`` hours valid, the rest NaN."""
    mask = np.zeros(365 * 24, bool)
    mask[:valid_hours] = True
    return mask


def test_5999_hours_reference_only_for_no2_but_not_for_ox_or_pm25():
    mask = _hours_pattern(5999)  # 249 full days + one day of 23 h = 250 valid days
    ds = make_ds(
        no2=np.where(mask, 0.02, np.nan),
        ox=np.where(mask, 0.03, np.nan),
        pm25=np.where(mask, 12.0, np.nan),
        spm=np.where(mask, 0.02, np.nan),
    )
    no2 = evaluate_japan(ds, "no2", 2017).loc["A"]
    assert no2["valid_hours"] == 5999
    assert not no2["evaluable"] and "参考値" in no2["reason"] and "5,999" in no2["reason"]
    assert pd.isna(no2["attained"])
    assert no2["daily_p98_ppm"] == 0.02  # still computed, as a reference value
    assert not evaluate_japan(ds, "spm", 2017).loc["A", "evaluable"]
    ox = evaluate_japan(ds, "ox", 2017).loc["A"]
    assert ox["evaluable"] and ox["attained"]
    pm = evaluate_japan(ds, "pm25", 2017).loc["A"]
    assert pm["valid_days"] == 250 and pm["evaluable"] and pm["attained"]
    ds6000 = make_ds(no2=np.where(_hours_pattern(6000), 0.02, np.nan))
    assert evaluate_japan(ds6000, "no2", 2017).loc["A", "evaluable"]


def test_pm25_with_249_valid_days_is_not_evaluable():
    ds = make_ds(pm25=np.where(_hours_pattern(249 * 24), 12.0, np.nan))
    row = evaluate_japan(ds, "pm25", 2017).loc["A"]
    assert row["valid_days"] == 249 and not row["evaluable"]
    assert row["reason"] == "249 valid days < 250"
    assert pd.isna(row["attained"])


def test_pm25_long_and_short_term():
    # annual mean of daily means 15.0 (attains, ≤ 15) but 8 days at 40 → 98 % value 40 > 35.
    days = spread(365, {40.0: 8}, base=(15.0 * 365 - 8 * 40.0) / 357)
    days = round_half_up(days, 0.1)
    row = evaluate_japan(make_ds(pm25=from_daily(days)), "pm25", 2017).loc["A"]
    assert row["daily_p98_ug_m3"] == 40.0
    # 357 days at 14.4 and 8 at 40.0: mean 14.96 → 15.0 µg/m3 (rounded like the daily means)
    assert row["annual_mean_ug_m3"] == 15.0 and row["attained_long_term"]
    assert not row["attained_short_term"] and not row["attained"]


# --- SO2 / SPM / CO: 2 % exclusion, consecutive days, short term ----------------------------


def test_so2_2pct_exclusion_value_is_the_8th_highest():
    days = spread(365, {0.030: 1, 0.050: 7}, base=0.010)  # 7 days above 0.04, never adjacent
    row = evaluate_japan(make_ds(so2=from_daily(days)), "so2", 2017).loc["A"]
    assert row["exclusion_2pct_rank_from_top"] == 8
    assert row["exclusion_2pct_ppm"] == 0.030
    assert row["days_above_daily_limit"] == 7 and not row["consecutive_days_above"]
    assert row["attained_long_term"] and row["attained"]
    assert not row["attained_short_term"]  # daily means above 0.04 ppm on 7 days
    assert row["hours_above_hourly_limit"] == 0


def test_spm_two_consecutive_days_fail_even_if_2pct_value_passes():
    days = np.full(365, 0.020)
    days[100:102] = 0.120  # two consecutive days above 0.10 mg/m3
    row = evaluate_japan(make_ds(spm=from_daily(days)), "spm", 2017).loc["A"]
    assert row["exclusion_2pct_mg_m3"] == 0.020  # passes on its own
    assert row["longest_run_days_above"] == 2 and row["consecutive_days_above"]
    assert not row["attained"] and not row["attained_long_term"]
    # the same two days apart: attained
    days[101], days[200] = 0.020, 0.120
    assert evaluate_japan(make_ds(spm=from_daily(days)), "spm", 2017).loc["A", "attained"]


def test_missing_day_breaks_a_run_of_days_above():
    days = np.full(365, 0.020)
    days[[100, 102]] = 0.120
    hourly = from_daily(days)
    hourly[101 * 24 : 101 * 24 + 5] = np.nan  # day 101 has 19 hours: no daily mean
    row = evaluate_japan(make_ds(spm=hourly), "spm", 2017).loc["A"]
    assert row["valid_days"] == 364 and not row["consecutive_days_above"]


def test_spm_mean_of_24_values_at_the_standard_is_not_above():
    days = np.full(365, 0.020)
    days[10:14] = 0.1  # mean of 24 × 0.1 is 0.10000000000000002 in floating point
    row = evaluate_japan(make_ds(spm=from_daily(days)), "spm", 2017).loc["A"]
    assert row["days_above_daily_limit"] == 0 and row["attained"]


def test_spm_hourly_short_term_check():
    hourly = from_daily(np.full(365, 0.020))
    hourly[5000] = 0.21  # one hourly value above 0.20 mg/m3
    row = evaluate_japan(make_ds(spm=hourly), "spm", 2017).loc["A"]
    assert row["hours_above_hourly_limit"] == 1
    assert not row["attained_short_term"] and row["attained"]


def test_co_8_hour_blocks():
    hourly = from_daily(np.full(365, 1.0))
    hourly[24 * 50 + 8 : 24 * 50 + 16] = 21.0  # block 8-16 h of day 50: mean 21 > 20 ppm
    hourly[24 * 60 + 4 : 24 * 60 + 12] = 21.0  # straddles blocks 0-8 and 8-16: means 11, 11
    ds = make_ds(co=hourly)
    row = evaluate_japan(ds, "co", 2017).loc["A"]
    assert row["blocks_above_8h_limit"] == 1
    assert row["days_above_daily_limit"] == 0  # daily means (8×21 + 16×1)/24 = 7.7 ≤ 10
    assert row["attained"] and not row["attained_short_term"]
    blocks = eight_hour_block_means(ds["co"].sel(station="A"))
    assert blocks.sizes["time"] == 365 * 3
    np.testing.assert_allclose(blocks.values[[50 * 3 + 1, 60 * 3, 60 * 3 + 1]], [21.0, 11.0, 11.0])
    assert pd.Timestamp(blocks.time.values[50 * 3 + 1]) == FY2017 + pd.Timedelta(days=50, hours=8)


# --- Ox daytime -----------------------------------------------------------------------------


def test_ox_daytime_is_stamps_6_to_20():
    hourly = from_daily(np.full(365, 0.030))
    for day, label_hour in [(10, 4), (11, 5), (12, 19), (13, 20)]:
        hourly[day * 24 + label_hour] = 0.070
    row = evaluate_japan(make_ds(ox=hourly), "ox", 2017).loc["A"]
    # label 04:00 = stamp 5 (outside), 05:00 = stamp 6 (in), 19:00 = stamp 20 (in), 20:00 = 21 (out)
    assert row["daytime_hours_above"] == 2 and row["daytime_days_above"] == 2
    assert row["daytime_valid_hours"] == 365 * 15
    assert row["daytime_max_ppm"] == 0.070 and not row["attained"]
    assert "days_incomplete" not in row.index


# --- errors ---------------------------------------------------------------------------------


def test_errors_name_the_problem():
    ds = make_ds(no2=from_daily(np.full(365, 0.02)))
    with pytest.raises(ValueError, match=r"'spm' is not in the dataset; it has: no2"):
        evaluate_japan(ds, "spm", 2017)
    with pytest.raises(ValueError, match=r"FY2030 .* outside the data .* FY2017-FY2017"):
        evaluate_japan(ds, "no2", 2030)
    bad = ds.copy()
    bad["no2"][0, 100] = -0.002
    with pytest.raises(ValueError, match=r"1 negative .* kgi_lab\.air\.io\.clean\(\)"):
        evaluate_japan(bad, "no2", 2017)
    ppb = ds.copy()
    ppb["no2"].attrs["units"] = "ppb"
    with pytest.raises(ValueError, match="expects 'ppm'"):
        evaluate_japan(ppb, "no2", 2017)
    ds_pm10 = make_ds(pm10=from_daily(np.full(365, 20.0)))
    with pytest.raises(ValueError, match=r"'pm10' is not covered by standard 'JP'"):
        evaluate(ds_pm10, "pm10", 2017, "JP")
    ds_ox = make_ds(ox=from_daily(np.full(365, 0.03)))
    with pytest.raises(
        ValueError, match=r"'ox' \(photochemical oxidants.*Japanese metric.*'WHO'.*variable 'o3'"
    ):
        evaluate(ds_ox, "ox", 2017, "WHO")
    with pytest.raises(ValueError, match="unknown standard 'XX'"):
        evaluate(ds, "no2", 2017, "XX")


# --- other jurisdictions --------------------------------------------------------------------

CAL2017 = pd.Timestamp("2017-01-01")


def test_who_pm25_annual_mean_and_99th_percentile():
    # 99th percentile of 365 daily means = the (⌊0.99·365⌋ + 1) = 362nd lowest = 4th highest:
    # WHO's "3-4 exceedance days per year".
    days = spread(365, {14.0: 1, 30.0: 3}, base=4.0)
    row = evaluate(make_ds(CAL2017, pm25=from_daily(days)), "pm25", 2017, "WHO").loc["A"]
    assert row["period"] == "2017" and row["evaluable"]
    assert row["24h_p99_ug_m3"] == 14.0 and row["24h_p99_ok"]  # ≤ 15 despite 3 days at 30
    assert row["annual_mean_ug_m3"] == pytest.approx(days.mean())
    assert row["annual_mean_ok"] == (days.mean() <= 5.0)
    it1 = evaluate(make_ds(CAL2017, pm25=from_daily(days)), "pm25", 2017, "WHO-IT1").loc["A"]
    assert it1["attained"]


def test_who_no2_converts_ppm_at_25_c():
    ds = make_ds(CAL2017, no2=from_daily(np.full(365, 0.010)))
    df = evaluate(ds, "no2", 2017, "WHO")
    # WHO 2021: 1 ppb NO2 = 1.88 ug/m3 at 25 °C, 1 atm → 10 ppb ≈ 18.8 ug/m3 (> AQG 10)
    assert df.loc["A", "annual_mean_ug_m3"] == pytest.approx(18.8, abs=0.05)
    assert not df.loc["A", "attained"]
    assert "25 °C" in df.attrs["conversion"]


def test_us_ozone_fourth_highest_daily_max_8h():
    hourly = from_daily(np.full(365, 0.030))
    for k, level in enumerate([0.080, 0.075, 0.072, 0.068, 0.065]):
        day = 50 + 20 * k
        hourly[day * 24 + 10 : day * 24 + 18] = level  # one 8-h plateau, 10:00-18:00
    ds = make_ds(CAL2017, o3=hourly)
    row = evaluate(ds, "o3", 2017, "US").loc["A"]
    assert row["8h_daily_max_4th_highest_ppm"] == pytest.approx(0.068)
    assert row["attained"]  # the 4th highest (0.068) ≤ 0.070 ppm


def test_eu_unknown_exceedance_allowance_is_undecided():
    days = np.full(365, 8.0)
    ds = make_ds(CAL2017, pm25=from_daily(days))
    row = evaluate(ds, "pm25", 2017, "EU").loc["A"]
    assert row["24h_exceedances_ok"] and row["attained"]  # nothing exceeds 25
    days[[10, 40]] = 30.0
    row = evaluate(make_ds(CAL2017, pm25=from_daily(days)), "pm25", 2017, "EU").loc["A"]
    assert row["24h_exceedances_n_above"] == 2
    assert pd.isna(row["24h_exceedances_ok"]) and pd.isna(row["attained"])


def test_national_standards_and_capture():
    ds = make_ds(CAL2017, pm25=from_daily(np.full(365, 40.0)))
    assert not evaluate(ds, "pm25", 2017, "CN-I").loc["A", "attained"]  # annual 15
    assert evaluate(ds, "pm25", 2017, "CN-II").loc["A", "24h_max_ok"]  # 24-h 75
    assert not evaluate(ds, "pm25", 2017, "ID").loc["A", "attained"]  # annual 15
    assert not evaluate(ds, "pm25", 2017, "MY").loc["A", "attained"]  # its only limit: 24-h 35
    short = ds.isel(time=slice(0, 200 * 24))
    row = evaluate(short, "pm25", 2017, "WHO").loc["A"]
    assert not row["evaluable"] and pd.isna(row["attained"])


def test_conversion_needs_a_molar_mass_and_warns_without_reference_temperature():
    ds = make_ds(CAL2017, nox=from_daily(np.full(365, 0.03)), so2=from_daily(np.full(365, 0.002)))
    with pytest.raises(ValueError, match="no molar mass for 'nox'"):
        evaluate(ds, "nox", 2017, "CN-II")
    with pytest.warns(UserWarning, match="no reference temperature"):
        df = evaluate(ds, "so2", 2017, "IN")
    assert "ASSUMPTION" in df.attrs["conversion"]


def test_standards_file_and_limits_table():
    doc = standards()
    assert tuple(doc["jurisdictions"]) == STANDARD_KEYS
    assert doc["jurisdictions"]["JP"]["rules"]["min_hours_per_day"] == 20
    for key, jur in doc["jurisdictions"].items():  # every limit names a known source
        assert {lim["source"] for lim in jur["limits"]} <= set(doc["sources"]), key
    who = limits("WHO", "pm25")
    assert who.set_index("averaging").loc["annual", "value"] == 5.0
    assert limits("US", "pm25").set_index("averaging").loc["annual", "value"] == 9.0
    assert "MAAQS" in limits("MY").attrs["name"] and limits("MY").attrs["missing"]
    with pytest.raises(ValueError, match="has no limit for 'so2'"):
        limits("MY", "so2")


# --- the 2 % exclusion value and the 98 % value part when 0.02 n is a half ------------------


def test_2pct_exclusion_and_98_percent_value_differ_for_325_days():
    # Yokohama 2per.html: exclude 2 % of the days, take the next (rank 2 % + 1 from the top);
    # 98evl.html / Fukuoka: the 98 % value is rank 0.98 n from the lowest, 四捨五入.
    # n = 325: 0.02 × 325 = 6.5 → 7 excluded → the 8th highest; 0.98 × 325 = 318.5 → the 319th
    # lowest = 325 − 319 + 1 = the 7th highest. Not the same day.
    assert rank_2pct_exclusion(325) == 8
    assert rank_98_percent(325) == 319
    days = np.arange(1, 326, dtype=float)  # 1 … 325
    assert value_98_percent(days) == 319.0  # 7th highest
    assert exclusion_2pct_value(days) == 318.0  # 8th highest


# --- partly covered years, stations without data --------------------------------------------

CAL2014 = pd.Timestamp("2014-01-01")


def test_calendar_year_partly_covered_by_the_data_is_not_evaluable():
    # Data start 2014-04-01: 275 valid days would pass 75 % of 365 (274), but Q1 is absent.
    april = pd.Timestamp("2014-04-01")
    hourly = np.r_[from_daily(np.full(275, 10.0)), np.full(275 * 24, np.nan)]
    ds = make_ds(april, n_days=275, stations=("A", "B"), pm25=hourly)
    df = evaluate(ds, "pm25", 2014, "WHO")
    a = df.loc["A"]
    assert a["valid_days"] == 275 and 275 >= np.ceil(0.75 * 365)
    assert not a["evaluable"] and pd.isna(a["attained"])
    assert a["reason"].startswith("data cover 2014-04-01 to 2014-12-31 only")
    assert df.loc["B", "reason"] == "no data"  # no value at all
    # the same station inside a dataset whose time axis spans the year: Q1 without a valid day
    full = make_ds(CAL2014, pm25=np.r_[np.full(90 * 24, np.nan), from_daily(np.full(275, 10.0))])
    row = evaluate(full, "pm25", 2014, "US").loc["A"]
    assert not row["evaluable"]
    assert row["reason"] == (
        "no valid day in Q1 (Jan-Mar); station data cover 2014-04-01 to 2014-12-31 only"
    )


def test_capture_is_judged_against_the_full_leap_year():
    # 2016 has 366 days: 75 % needs ceil(274.5) = 275 valid days; 274 fail.
    hourly = from_daily(np.full(366, 8.0))
    gaps = np.zeros(366, bool)
    gaps[np.arange(1, 366, 4)] = True  # 92 days spread over every quarter → 274 valid
    hourly[np.repeat(gaps, 24)] = np.nan
    row = evaluate(make_ds(pd.Timestamp("2016-01-01"), 366, pm25=hourly), "pm25", 2016, "WHO")
    assert row.loc["A", "valid_days"] == 274
    assert row.loc["A", "reason"] == "274 valid days < 275 (75% of 366)"


def test_japan_station_without_data_says_no_data():
    # Previously the 6,000-hour rule answered first ("参考値: 0 valid hours < 6,000").
    hourly = np.r_[from_daily(np.full(365, 0.02)), np.full(365 * 24, np.nan)]
    df = evaluate_japan(make_ds(stations=("A", "B"), no2=hourly), "no2", 2017)
    assert df.loc["B", "reason"] == "no data" and not df.loc["B", "evaluable"]
    assert df.loc["A", "evaluable"] and df.loc["A", "reason"] == ""
    pm = evaluate_japan(make_ds(stations=("A", "B"), pm25=hourly * 500), "pm25", 2017)
    assert pm.loc["B", "reason"] == "no data"


# --- negative PM2.5 hourly values are kept as measured --------------------------------------


def test_negative_pm25_hourly_values_enter_the_daily_means():
    # Nagasaki City (長崎市のPM2.5の測定結果, page 3249): negative hourly PM2.5 values are used as
    # they are, daily means included. Day 5: 6 hours at -3 and 18 at +1 → mean 0.0 (with the
    # negatives dropped it would have 18 hours: no daily mean). Day 6: 24 hours at -0.5 → -0.5.
    hourly = from_daily(np.full(365, 10.0))
    hourly[5 * 24 : 5 * 24 + 6] = -3.0
    hourly[5 * 24 + 6 : 6 * 24] = 1.0
    hourly[6 * 24 : 7 * 24] = -0.5
    row = evaluate_japan(make_ds(pm25=hourly), "pm25", 2017).loc["A"]
    assert row["negative_hours_kept"] == 30
    assert row["valid_days"] == 365
    # annual mean of daily means: (363 × 10 + 0.0 − 0.5) / 365 = 9.9438… → 9.9 µg/m3
    assert row["annual_mean_ug_m3"] == 9.9 and row["attained"]
    cal = evaluate(make_ds(CAL2017, pm25=hourly), "pm25", 2017, "WHO").loc["A"]
    assert cal["negative_hours_kept"] == 30
    # far below zero is not noise: refused (kgi_lab floor -10 ug/m3), as are negative NO2 values
    hourly[100] = -20.0
    with pytest.raises(ValueError, match=r"pm25 has 1 hourly value\(s\) below -10 ug m-3"):
        evaluate_japan(make_ds(pm25=hourly), "pm25", 2017)


# --- US forms: App. U windows and truncation, App. N rounding --------------------------------


def test_us_ozone_daily_max_8h_uses_the_app_u_windows():
    # A plateau of 0.080 ppm at labels 01:00-08:00 (8 hours) on 5 days, 0.030 otherwise.
    # EU windows end in the day: the one ending 09:00 is all plateau → 0.080 on those days.
    # App. U windows start 07:00-23:00: the day itself sees at most 2 plateau hours
    # ((2×0.080 + 6×0.030)/8 = 0.0425), the day before (window 23:00-07:00) 6 of them:
    # (6×0.080 + 2×0.030)/8 = 0.0675 → truncated 0.067 ppm ≤ 0.070: attained.
    from kgi_lab.air.stats import daily_max_8h

    hourly = from_daily(np.full(365, 0.030))
    for day in (50, 70, 90, 110, 130):
        hourly[day * 24 + 1 : day * 24 + 9] = 0.080
    ds = make_ds(CAL2017, o3=hourly)
    row = evaluate(ds, "o3", 2017, "US").loc["A"]
    assert row["8h_daily_max_4th_highest_ppm"] == 0.067
    assert row["attained"]
    eu = daily_max_8h(ds["o3"].sel(station="A"), convention="eu")["o3"].values
    assert np.sort(eu)[-4] == pytest.approx(0.080)  # the EU form would fail the NAAQS level
    df = evaluate(ds, "o3", 2017, "US")
    assert "App. U" in df.attrs["eight_hour_windows"]
    assert "truncated" in df.attrs["rounding"]["8h_daily_max_4th_highest_ppm"]


@pytest.mark.parametrize(
    ("level", "fourth", "attained"), [(0.0709, 0.070, True), (0.071, 0.071, False)]
)
def test_us_ozone_fourth_highest_is_truncated_to_0001_ppm(level, fourth, attained):
    # App. U: 8-h values in ppm to three decimals, further digits truncated: 0.0709 → 0.070.
    hourly = from_daily(np.full(365, 0.030))
    for day in (50, 70, 90, 110):
        hourly[day * 24 + 10 : day * 24 + 18] = level  # window starting 10:00 is all plateau
    row = evaluate(make_ds(CAL2017, o3=hourly), "o3", 2017, "US").loc["A"]
    assert row["8h_daily_max_4th_highest_ppm"] == fourth
    assert row["8h_daily_max_4th_highest_n_above"] == (0 if attained else 4)
    assert row["attained"] == attained


def test_us_pm25_design_value_rounding_app_n():
    # App. N: annual mean rounded to 0.1 ug/m3 (9.04 → 9.0 ≤ 9.0; 9.05 → 9.1 > 9.0) and the
    # 98th percentile of daily means to 1 ug/m3 (35.4 → 35 ≤ 35; 35.5 → 36 > 35).
    for mean, rounded, ok in ((9.04, 9.0, True), (9.05, 9.1, False)):
        row = evaluate(make_ds(CAL2017, pm25=np.full(8760, mean)), "pm25", 2017, "US").loc["A"]
        assert row["annual_mean_ug_m3"] == rounded and row["annual_mean_ok"] == ok
    for top, p98, ok in ((35.4, 35.0, True), (35.5, 36.0, False)):
        days = spread(365, {top: 8}, base=5.0)  # the 8th highest of 365 is the 98th percentile
        df = evaluate(make_ds(CAL2017, pm25=from_daily(days)), "pm25", 2017, "US")
        assert df.loc["A", "24h_p98_ug_m3"] == p98 and df.loc["A", "24h_p98_ok"] == ok
    assert "App. N" in df.attrs["rounding"]["24h_p98_ug_m3"]
    # NO2's convention (App. S) was not sourced: compared unrounded and labelled so
    no2 = evaluate(make_ds(CAL2017, no2=from_daily(np.full(365, 0.0304))), "no2", 2017, "US")
    assert no2.loc["A", "annual_mean_ppb"] == pytest.approx(30.4)
    assert no2.attrs["rounding"]["annual_mean_ppb"].startswith("unrounded (screening")


def test_ox_outside_japan_asks_for_o3_data():
    ds = make_ds(CAL2017, ox=from_daily(np.full(365, 0.03)), no2=from_daily(np.full(365, 0.02)))
    with pytest.raises(ValueError, match=r"Japanese metric.*'US'.*variable 'o3'.*pollutant='o3'"):
        evaluate(ds, "ox", 2017, "US")
    with pytest.raises(ValueError, match=r"'MY'.*has no ozone limit at all \(it covers: pm25\)"):
        evaluate(ds, "ox", 2017, "MY")
    with pytest.raises(ValueError, match="Japanese metric"):  # even without an 'ox' variable
        evaluate(ds.drop_vars("ox"), "ox", 2017, "WHO")
    assert evaluate(ds, "ox", 2017, "JP").loc["A", "attained"]  # Japan's own Ox rule still works
