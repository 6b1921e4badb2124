"""Tests of :mod:`kgi_lab.weather.clearsky` against FAO-56, the partner-city dossier and pvlib."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
import pytest
from numpy.testing import assert_allclose

from kgi_lab.weather import (
    clearsky_irradiance,
    clearsky_monthly_summary,
    day_length_h,
    extraterrestrial_daily_irradiation_mj_m2,
    interval_index,
    monthly_extraterrestrial_kwh_m2_day,
    monthly_irradiation_kwh_m2,
    site,
)

# Monthly mean daily extraterrestrial irradiation H0 [kWh m-2 day-1], Jan..Dec, FAO-56 eqs. 21-25
# averaged per calendar month of a non-leap year: shared/reference/partner-cities.md §8 (table
# "Computed astronomy (ESTIMATE, deterministic)"), rounded to 0.01 there.
H0_TABLE_KWH_M2_DAY = {
    # Tokyo 47662 (35.69 N)
    35.69: [4.98, 6.32, 8.16, 9.93, 11.10, 11.54, 11.28, 10.31, 8.71, 6.82, 5.25, 4.56],
    # Bandung 96781 (6.90 S)
    -6.90: [10.72, 10.78, 10.51, 9.80, 8.97, 8.50, 8.69, 9.41, 10.19, 10.62, 10.68, 10.65],
    # Shenyang 54342 (41.73 N)
    41.73: [3.95, 5.38, 7.42, 9.50, 10.99, 11.59, 11.26, 10.00, 8.08, 5.93, 4.24, 3.52],
}
# Day length N [h] for Tokyo (35.69 N), same section of partner-cities.md §8, rounded to 0.1 h.
TOKYO_DAY_LENGTH_H = [9.9, 10.7, 11.8, 12.9, 13.9, 14.4, 14.1, 13.3, 12.2, 11.0, 10.1, 9.6]


@pytest.fixture(scope="module")
def tokyo():
    """JMA Tokyo 47662, the Kawasaki proxy (partner-cities.md §1): 35.6917 N, 139.75 E, 25 m."""
    return pvlib.location.Location(35.6917, 139.75, "Asia/Tokyo", 25)


@pytest.fixture(scope="module")
def kawasaki_2025():
    return clearsky_monthly_summary(site("kawasaki"), 2025, time_step_min=60)


# --- FAO-56 extraterrestrial radiation --------------------------------------------------------


def test_fao56_example_8():
    """Allen et al. (1998), FAO-56 ch. 3, Example 8: Ra at 20° S on 3 September (J = 246)."""
    ra = extraterrestrial_daily_irradiation_mj_m2(-20.0, 246)
    assert_allclose(ra, 32.2, atol=0.05)


def test_fao56_example_8_day_length():
    """FAO-56 Example 9 (same site and day): N = 11.7 h at 20° S on 3 September."""
    assert_allclose(day_length_h(-20.0, 246), 11.7, atol=0.05)


def test_extraterrestrial_is_vectorised_and_zero_in_polar_night():
    days = np.array([1, 172, 355])
    ra = extraterrestrial_daily_irradiation_mj_m2(80.0, days)
    assert ra.shape == (3,)
    assert_allclose(ra[[0, 2]], 0.0, atol=1e-9)  # polar night at 80 N in late December
    assert_allclose(day_length_h(80.0, days), [0.0, 24.0, 0.0], atol=1e-9)
    with pytest.raises(ValueError, match="latitude"):
        extraterrestrial_daily_irradiation_mj_m2(91.0, 1)


@pytest.mark.parametrize("latitude", sorted(H0_TABLE_KWH_M2_DAY))
def test_monthly_h0_matches_dossier_table(latitude):
    got = monthly_extraterrestrial_kwh_m2_day(latitude)
    assert list(got.index) == list(range(1, 13))
    assert_allclose(got["h0_kwh_m2_day"], H0_TABLE_KWH_M2_DAY[latitude], rtol=0, atol=0.011)


def test_tokyo_day_length_matches_dossier_table():
    got = monthly_extraterrestrial_kwh_m2_day(35.69)["day_length_h"]
    assert_allclose(got, TOKYO_DAY_LENGTH_H, rtol=0, atol=0.06)


# --- clear-sky irradiance against pvlib ---------------------------------------------------------


def test_clearsky_equals_pvlib_at_interval_midpoints(tokyo):
    times = interval_index(2025, 60, "Asia/Tokyo")
    ours = clearsky_irradiance(tokyo, times)  # label="beginning"
    ref = tokyo.get_clearsky(times + pd.Timedelta(minutes=30), model="ineichen")
    assert ours.index.equals(times)
    assert_allclose(ours["ghi"].to_numpy(), ref["ghi"].to_numpy(), rtol=1e-12)
    assert_allclose(ours["dni"].to_numpy(), ref["dni"].to_numpy(), rtol=1e-12)
    assert ours.attrs["interval_label"] == "beginning"
    assert ours.attrs["units"]["ghi"] == "W/m2"
    # 11:00-12:00 local on 21 June: the sun is high and GHI is large
    assert ours.loc["2025-06-21 11:00", "ghi"] > 800.0
    assert ours.loc["2025-06-21 11:00", "solar_elevation"] > 70.0


def test_clearsky_label_ending_and_center(tokyo):
    times = pd.date_range("2025-03-20", periods=48, freq="h", tz="Asia/Tokyo")
    ending = clearsky_irradiance(tokyo, times, label="ending")
    ref = tokyo.get_clearsky(times - pd.Timedelta(minutes=30), model="ineichen")
    assert_allclose(ending["ghi"].to_numpy(), ref["ghi"].to_numpy(), rtol=1e-12)
    center = clearsky_irradiance(tokyo, times, label="center")
    ref = tokyo.get_clearsky(times, model="ineichen")
    assert_allclose(center["ghi"].to_numpy(), ref["ghi"].to_numpy(), rtol=1e-12)
    with pytest.raises(ValueError, match="label"):
        clearsky_irradiance(tokyo, times, label="middle")


def test_naive_timestamps_are_rejected(tokyo):
    naive = pd.date_range("2025-01-01", periods=24, freq="h")
    with pytest.raises(ValueError, match="tz_localize"):
        clearsky_irradiance(tokyo, naive)
    with pytest.raises(ValueError, match="tz_localize"):
        monthly_irradiation_kwh_m2(pd.Series(0.0, index=naive), 60)


# --- monthly summary ------------------------------------------------------------------------


def test_kawasaki_annual_clearsky_and_h0(kawasaki_2025):
    """domain-notes.md: offline clear-sky Ineichen GHI at 35.5 N, 139.75 E is about 2,100 kWh/m²/yr."""
    series, monthly = kawasaki_2025
    assert len(series) == 8760
    assert list(monthly.index) == list(range(1, 13))
    assert 2050.0 < monthly["clearsky_ghi_kwh_m2"].sum() < 2150.0
    # partner-cities.md §8: Tokyo annual mean H0 8.25 kWh/m²/day × 365 ≈ 3,011 kWh/m²
    assert 3000.0 < monthly["h0_kwh_m2"].sum() < 3030.0
    assert ((monthly["clearsky_index"] > 0.6) & (monthly["clearsky_index"] < 0.8)).all()
    assert_allclose(
        monthly["clearsky_index"], monthly["clearsky_ghi_kwh_m2"] / monthly["h0_kwh_m2"]
    )
    # January H0 = 31 days × 4.98 kWh/m²/day (§8 table)
    assert_allclose(monthly.loc[1, "h0_kwh_m2"], 31 * 4.98, atol=31 * 0.011)


def test_monthly_irradiation_sums_energy(kawasaki_2025):
    series, monthly = kawasaki_2025
    got = monthly_irradiation_kwh_m2(series["ghi"], 60)
    january = series.loc["2025-01", "ghi"].sum() / 1000.0  # W/m² × 1 h → kWh/m²
    assert_allclose(got.loc[1, "ghi"], january, rtol=1e-12)
    assert_allclose(got["ghi"].to_numpy(), monthly["clearsky_ghi_kwh_m2"].to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("n_dropped", [1, 3])
def test_monthly_irradiation_rejects_gaps(kawasaki_2025, n_dropped):
    series, _ = kawasaki_2025
    gappy = series["ghi"].drop(series.index[1000 : 1000 + n_dropped])
    with pytest.raises(ValueError, match=f"{n_dropped} missing intervals"):
        monthly_irradiation_kwh_m2(gappy, 60)


def test_monthly_irradiation_rejects_nan(kawasaki_2025):
    series, _ = kawasaki_2025
    ghi = series["ghi"].copy()
    ghi.iloc[5] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        monthly_irradiation_kwh_m2(ghi, 60)


# --- interval index -----------------------------------------------------------------------------


def test_interval_index_leap_year():
    idx = interval_index(2024, 60, "Asia/Tokyo")
    assert len(idx) == 8784  # 366 × 24
    assert str(idx.tz) == "Asia/Tokyo"
    assert idx[0] == pd.Timestamp("2024-01-01 00:00", tz="Asia/Tokyo")
    assert idx[0].isoformat() == "2024-01-01T00:00:00+09:00"
    assert idx[-1] == pd.Timestamp("2024-12-31 23:00", tz="Asia/Tokyo")
    assert len(interval_index(2025, 10, "Asia/Jakarta")) == 365 * 144


@pytest.mark.parametrize("step", [7, 0, -60])
def test_interval_index_rejects_uneven_steps(step):
    with pytest.raises(ValueError, match="time_step_min"):
        interval_index(2025, step, "Asia/Tokyo")


def test_monthly_irradiation_rejects_several_years():
    from kgi_lab.weather import monthly_irradiation_kwh_m2

    times = pd.date_range(
        "2024-01-01", "2026-01-01", freq="60min", inclusive="left", tz="Asia/Tokyo"
    )
    with pytest.raises(ValueError, match="spans the years 2024–2025"):
        monthly_irradiation_kwh_m2(pd.Series(1000.0, index=times, name="ghi"), 60)


def test_day_length_rejects_bad_latitude():
    from kgi_lab.weather import day_length_h

    with pytest.raises(ValueError, match="latitude must be in"):
        day_length_h(95, 1)
