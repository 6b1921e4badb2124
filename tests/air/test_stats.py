"""openair-style statistics (kgi_lab.air.stats) and their figures, on series with known answers.

Peer check: the Mann–Kendall test against pyMannKendall 1.4 (Hussain & Mahmud 2019, JOSS 4(39)
1556), to 1e-9. Hand-computable references: Mann (1945) / Kendall (1975) S and Var(S) as given
by Gilbert (1987), Statistical Methods for Environmental Pollution Monitoring, eqs 16.3–16.5.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pymannkendall as pmk
import pytest
import xarray as xr
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats as sstats

from kgi_lab.air import plots, stats


def hourly(values, start="2019-01-01", name="no2", units="ppm", stations=None):
    """A schema-like DataArray: hour-beginning labels, naive local standard time."""
    values = np.asarray(values, dtype=float)
    t = pd.date_range(start, periods=values.shape[-1], freq="h")
    if stations is None:
        return xr.DataArray(
            values, dims=("time",), coords={"time": t}, name=name, attrs={"units": units}
        )
    return xr.DataArray(
        values,
        dims=("station", "time"),
        coords={"station": stations, "time": t, "name": ("station", [s.upper() for s in stations])},
        name=name,
        attrs={"units": units},
    )


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------------------------
# time_average: capture against the full calendar


def test_capture_counts_absent_rows_18_of_24_passes_and_17_fails():
    da = hourly(np.arange(48.0))
    # day 1: 6 rows absent (not NaN: missing from the file) → 18/24 = 0.75, passes 0.75
    # day 2: 7 rows absent → 17/24, fails. openair would see 18/18 and 17/17 = 100 % (#271).
    keep = np.r_[0:18, 24:41]
    res = stats.time_average(da.isel(time=keep), "day")
    assert_allclose(res["capture_fraction"].values, [18 / 24, 17 / 24])
    assert_array_equal(res["n_valid"].values, [18, 17])
    assert_array_equal(res["n_expected"].values, [24, 24])
    assert_allclose(res["no2"].values[0], np.mean(np.arange(18.0)))
    assert np.isnan(res["no2"].values[1])
    assert res.attrs["n_periods_below_threshold"] == 1
    assert res.attrs["n_padded_labels"] == 6 + 7
    assert res["no2"].attrs["units"] == "ppm"
    assert pd.Timestamp(res["time"].values[1]) == pd.Timestamp("2019-01-02")


def test_japanese_valid_day_needs_20_hours():
    # Yokohama City glossary (hours.html): a daily mean needs ≥ 20 valid hours (kawasaki-facts §2c)
    values = np.ones(48)
    values[:4] = np.nan  # day 1: 20 hours → valid
    values[24:29] = np.nan  # day 2: 19 hours → missing day
    res = stats.time_average(hourly(values), "day", data_threshold=20 / 24)
    assert_allclose(res["no2"].values, [1.0, np.nan])


def test_whole_period_absent_and_partial_months():
    jan = pd.date_range("2019-01-01", "2019-01-10 23:00", freq="h")  # 240 of 744 hours
    mar = pd.date_range("2019-03-01", "2019-03-31 23:00", freq="h")  # complete; February absent
    t = jan.append(mar)
    da = xr.DataArray(np.full(len(t), 0.02), dims="time", coords={"time": t}, name="no2")
    res = stats.time_average(da, "month")
    assert list(pd.DatetimeIndex(res["time"].values).month) == [1, 2, 3]
    assert_allclose(res["capture_fraction"].values, [240 / 744, 0.0, 1.0])
    assert_array_equal(res["n_expected"].values, [744, 672, 744])
    assert np.isnan(res["no2"].values[:2]).all()
    assert_allclose(res["no2"].values[2], 0.02)
    assert res.attrs["n_periods_below_threshold"] == 2


def test_fiscal_year_calendar_and_start_end_extension():
    # FY2019 = April 2019 – March 2020 includes 29 Feb 2020: 8,784 hours
    t = pd.date_range("2019-06-01", "2020-03-31 23:00", freq="h")
    da = xr.DataArray(np.ones(len(t)), dims="time", coords={"time": t})
    res = stats.time_average(da, "fiscal_year", data_threshold=0)
    assert pd.Timestamp(res["time"].values[0]) == pd.Timestamp("2019-04-01")
    assert int(res["n_expected"].values[0]) == 8784
    assert_allclose(res["capture_fraction"].values[0], len(t) / 8784)
    daily = stats.time_average(da, "day", start="2019-04-01", end="2020-04-01")
    assert daily.sizes["time"] == 366
    assert int(daily["n_valid"].values[:61].sum()) == 0  # April and May reported, empty


def test_statistics_other_than_mean_and_stations_kept():
    values = np.vstack([np.arange(24.0), 2 * np.arange(24.0)])
    da = hourly(values, stations=["a", "b"])
    assert_allclose(stats.time_average(da, "day", statistic="max")["no2"].values[:, 0], [23, 46])
    p = stats.time_average(da, "day", statistic="percentile", percentile=50)["no2"].values
    assert_allclose(p[:, 0], [11.5, 23.0])
    res = stats.time_average(da, "8h")  # Japanese CO blocks 0–8, 8–16, 16–24 h
    assert_allclose(res["no2"].sel(station="a").values, [3.5, 11.5, 19.5])
    assert list(res["name"].values) == ["A", "B"]


# --------------------------------------------------------------------------------------------
# 8-hour running means and the maximum daily 8-hour mean


def test_rolling_mean_8h_ramp_gaps_and_absent_rows():
    da = hourly(np.arange(30.0))
    r = stats.rolling_mean_8h(da)
    # label t: mean of hours t-7 … t; ramp value = index, so the mean is t - 3.5
    assert_allclose(r.values[7:], np.arange(7, 30) - 3.5)
    assert_allclose(r.values[5:7], [2.5, 3.0])  # 6 and 7 hours available at the series start
    assert np.isnan(r.values[:5]).all()
    # two hours NaN in the window ending at label 20 → mean of the 6 remaining
    v = np.arange(30.0)
    v[[14, 15]] = np.nan
    assert_allclose(stats.rolling_mean_8h(hourly(v)).values[20], np.mean([13, 16, 17, 18, 19, 20]))
    # three rows absent (not NaN) in that window → only 5 hours → invalid; the grid is restored
    r3 = stats.rolling_mean_8h(hourly(np.arange(30.0)).drop_isel(time=[14, 15, 16]))
    assert r3.sizes["time"] == 30 and np.isnan(r3.values[20])
    assert r3.attrs["n_padded_labels"] == 3


def test_daily_max_8h_eu_and_us_windows_on_a_ramp():
    # 3 days, value = hour of day (0…23)
    da = hourly(np.tile(np.arange(24.0), 3), units="ppm")
    eu = stats.daily_max_8h(da)
    # EU: highest window ending in the day = hours 16…23 → 19.5
    assert_allclose(eu["no2"].values, [19.5, 19.5, 19.5])
    # first day: windows labelled 00…04 reach into the absent previous day (< 6 hours)
    assert_array_equal(eu["n_valid_windows"].values, [19, 24, 24])
    us = stats.daily_max_8h(da, convention="us")
    assert_allclose(us["no2"].values[:2], [19.5, 19.5])
    # last day: windows beginning 19:00…23:00 need the absent next day → 12 of 17 < 13
    assert_array_equal(us["n_valid_windows"].values, [17, 17, 12])
    assert np.isnan(us["no2"].values[2])
    assert us.attrs["n_days_invalid"] == 1


def test_daily_max_8h_assigns_windows_by_convention():
    # one 80 ppb-like pulse at 03:00 on day 2: EU windows ending 03:00–10:00 of day 2 see it;
    # the US window beginning 23:00 on day 1 (to 07:00 day 2) sees it and belongs to day 1.
    v = np.zeros(72)
    v[24 + 3] = 0.080
    da = hourly(v)
    assert_allclose(stats.daily_max_8h(da)["no2"].values[:2], [0.0, 0.010])
    assert_allclose(stats.daily_max_8h(da, convention="us")["no2"].values[:2], [0.010, 0.0])


# --------------------------------------------------------------------------------------------
# variation and calendar


def test_variation_t_interval_matches_the_textbook_formula():
    # hour 0 values 1, 2, 3, 4: mean 2.5, s = 1.2910, t(0.975, 3) = 3.1824 → ± 2.0543
    v = np.full(4 * 24, np.nan)
    v[::24] = [1, 2, 3, 4]
    res = stats.variation(hourly(v), "hour", method="t")
    half = sstats.t.ppf(0.975, 3) * np.std([1, 2, 3, 4], ddof=1) / 2
    assert_allclose(half, 2.0543, atol=1e-4)
    assert_allclose([res["lower"].values[0], res["upper"].values[0]], [2.5 - half, 2.5 + half])
    assert int(res["n"].values[0]) == 4 and int(res["n"].values[1]) == 0


def test_variation_bootstrap_interval_contains_the_truth():
    rng = np.random.default_rng(0)
    t = pd.date_range("2019-05-01", periods=40 * 24, freq="h")
    truth = 10 + 5 * np.sin(2 * np.pi * np.arange(24) / 24)
    da = hourly(truth[t.hour] + rng.normal(0, 1, len(t)), start=t[0], units="ug m-3")
    boot = stats.variation(da, "hour", n_boot=200, seed=0)
    tci = stats.variation(da, "hour", method="t")
    inside = (boot["lower"].values <= truth) & (truth <= boot["upper"].values)
    assert inside.sum() >= 21  # 95 % intervals: ~1 of 24 may miss
    assert_allclose(boot["mean"].values, tci["mean"].values)
    ratio = (boot["upper"] - boot["lower"]).values / (tci["upper"] - tci["lower"]).values
    assert 0.8 < np.median(ratio) < 1.1  # percentile bootstrap ≈ t interval for n = 40
    again = stats.variation(da, "hour", n_boot=200, seed=0)
    assert_array_equal(again["lower"].values, boot["lower"].values)  # reproducible


def test_variation_weekday_month_pooled_and_hour_labels():
    t = pd.date_range("2019-01-07", periods=14 * 24, freq="h")  # 7 Jan 2019 is a Monday
    da = hourly(np.vstack([t.day_of_week, 10 + t.day_of_week]), start=t[0], stations=["a", "b"])
    wd = stats.variation(da, "weekday", method="t")
    assert_allclose(wd["mean"].sel(station="a").values, np.arange(7))
    assert list(wd["weekday_name"].values[:2]) == ["Mon", "Tue"]
    pooled = stats.variation(da, "weekday", method="t", pooled=True)
    assert "station" not in pooled.dims
    assert_allclose(pooled["mean"].values, np.arange(7) + 5)
    hw = stats.variation(da, "hour_weekday", n_boot=20)
    assert hw["mean"].dims == ("station", "weekday", "hour")
    norm = stats.variation(da.sel(station=["b"]), "weekday", method="t", normalise=True)
    assert_allclose(norm["mean"].values[0], (10 + np.arange(7)) / 13)
    # label 00:00 is NIES "hour 1" (0:00–1:00): an hour-1 spike lands in class 0
    v = np.zeros(48)
    v[[0, 24]] = 1.0
    assert_allclose(stats.variation(hourly(v), "hour", method="t")["mean"].values[:2], [1, 0])


def test_calendar_matrix_layout():
    t = pd.date_range("2019-01-01", "2019-12-31 23:00", freq="h")
    da = hourly(t.day_of_year.to_numpy()[None, :], start=t[0], stations=["a"])
    cal = stats.calendar_matrix(da, 2019)
    # 1 Jan 2019 is a Tuesday: week 0, column 1 with Monday first
    assert int(cal["day"].sel(month=1).values[0, 1]) == 1
    assert_allclose(cal["no2"].sel(month=1).values[0, 1], 1.0)
    # September 2019 starts on a Sunday and needs a sixth row: 30 Sept is Monday of week 5
    assert int(cal["day"].sel(month=9).values[5, 0]) == 30
    assert int((cal["day"].values > 0).sum()) == 365
    sunday_first = stats.calendar_matrix(da, 2019, first_weekday=6)
    assert int(sunday_first["day"].sel(month=1).values[0, 2]) == 1
    assert list(sunday_first["weekday_name"].values[:2]) == ["Sun", "Mon"]
    fy = stats.calendar_matrix(da, 2019, fiscal_year=True)
    assert list(fy["month"].values[:2]) == [4, 5] and int(fy["calendar_year"].values[-1]) == 2020
    assert np.isnan(fy["no2"].sel(month=1).values).all()  # January 2020 has no data


# --------------------------------------------------------------------------------------------
# Mann–Kendall and Theil–Sen


def test_mann_kendall_by_hand():
    # 1…5: S = 10, Var(S) = 5·4·15/18 = 50/3, Z = (10 − 1)/√(50/3) = 2.2045, p = 0.0275
    r = stats.mann_kendall([1, 2, 3, 4, 5])
    assert (r.s, r.tau) == (10.0, 1.0)
    assert_allclose(r.var_s, 50 / 3)
    assert_allclose(r.z, 9 / np.sqrt(50 / 3))
    assert_allclose(r.p, 0.02749, atol=1e-5)
    # one tie pair in (1, 1, 2): S = 2, Var(S) = (3·2·11 − 2·1·9)/18 = 48/18
    r = stats.mann_kendall([1, 1, 2])
    assert r.s == 2.0
    assert_allclose(r.var_s, 48 / 18)


@pytest.mark.parametrize(
    ("correction", "peer"),
    [
        (None, pmk.original_test),
        ("hamed_rao", pmk.hamed_rao_modification_test),
        ("yue_wang", pmk.yue_wang_modification_test),
    ],
)
@pytest.mark.parametrize("series", ["random_walk", "tied_ppm"])
def test_mann_kendall_agrees_with_pymannkendall(correction, peer, series):
    rng = np.random.default_rng(7)
    if series == "random_walk":
        x = rng.normal(size=80).cumsum()
    else:  # monthly NO2 means reported to 0.001 ppm: many ties, a weak downward trend
        x = np.round(0.025 - 0.0001 * np.arange(96) + rng.normal(0, 0.002, 96), 3)
    ours = stats.mann_kendall(x, correction=correction)
    theirs = peer(x)
    assert ours.s == theirs.s
    assert_allclose(ours.var_s, theirs.var_s, rtol=1e-12)
    assert_allclose(ours.z, theirs.z, atol=1e-9)
    assert_allclose(ours.p, theirs.p, atol=1e-9)
    assert_allclose(ours.tau, theirs.Tau, atol=1e-12)
    assert ours.trend == theirs.trend


def test_theil_sen_recovers_a_linear_trend_with_noise():
    rng = np.random.default_rng(42)
    t = pd.date_range("2012-04-01", periods=8 * 8760, freq="h")
    years = np.asarray((t - t[0]) / pd.Timedelta("1D")) / 365.25
    da = hourly(0.030 - 0.0012 * years + rng.normal(0, 0.002, len(t)), start=t[0])
    r = stats.theil_sen(da)
    slope = float(r["slope"])
    assert_allclose(slope, -0.0012, rtol=0.01)
    assert float(r["slope_lower"]) < -0.0012 < float(r["slope_upper"])
    assert r["slope"].attrs["units"] == "ppm yr-1"
    assert_allclose(float(r["slope_percent"]), 100 * slope / float(r["intercept"]))
    assert_allclose(float(r["slope_percent"]), -4.0, atol=0.05)  # −0.0012 / 0.030 per year
    assert int(r["n_periods"]) == 96 and str(r["stars"].values) == "***"
    peer = pmk.original_test(r["series_used"].values)
    assert float(r["mk_s"]) == peer.s
    assert_allclose(float(r["mk_z"]), peer.z)


def test_deseasonalising_removes_a_pure_seasonal_cycle():
    t = pd.date_range("2015-01-01", "2020-12-31 23:00", freq="h")
    season = 0.02 + 0.01 * np.cos(2 * np.pi * (t.month.to_numpy() - 1) / 12)
    da = hourly(season, start=t[0])
    clim = stats.theil_sen(da, deseasonalise=True)
    assert float(clim["slope"]) == 0.0 and float(clim["mk_s"]) == 0.0
    assert_allclose(clim["series_used"].values, 0.02, atol=1e-12)
    harm = stats.theil_sen(da, deseasonalise="harmonic")
    assert abs(float(harm["slope"])) < 1e-5  # < 0.05 % of the mean per year
    # with a trend added, the harmonic model keeps the trend and removes the season
    years = np.asarray((t - t[0]) / pd.Timedelta("1D")) / 365.25
    trended = stats.theil_sen(hourly(season - 0.0012 * years, start=t[0]), deseasonalise="harmonic")
    assert_allclose(float(trended["slope"]), -0.0012, rtol=0.01)


def test_theil_sen_too_short_is_counted_not_dropped():
    t = pd.date_range("2019-01-01", "2019-04-30 23:00", freq="h")  # 4 months < 6
    v = np.vstack([np.ones(len(t)), np.ones(len(t))])
    r = stats.theil_sen(hourly(v, start=t[0], stations=["a", "b"]))
    assert np.isnan(r["slope"].values).all()
    assert r.attrs["n_series_too_short"] == 2


# --------------------------------------------------------------------------------------------
# pollution roses and polar summaries


def test_sector_boundaries():
    # 16 sectors of 22.5°: N = [348.75, 11.25); boundaries belong to the clockwise sector
    wd = [0, 359, 360, 348.75, 348.7, 11.2, 11.25, 22.5, 180]
    assert_array_equal(stats.sector_index(wd), [0, 0, 0, 0, 15, 0, 1, 1, 8])
    # 8 sectors of 45°: N = [337.5, 22.5), so 22.5° is NE
    assert_array_equal(stats.sector_index([22.4, 22.5, 337.5, np.nan], 8), [0, 1, 0, -1])


def test_pollution_rose_table():
    conc = np.array([5, 15, 25, 35, 12, np.nan, 8, 40])
    wd = np.array([0, 359, 90, 91, 180, 10, 200, 5])
    ws = np.array([1, 2, 3, 4, 0.2, 1, 2, 3])
    rose = stats.pollution_rose(conc, wd, ws, bins=[0, 10, 20, 50], calm_below_m_s=0.5)
    assert rose.attrs["n_missing"] == 1 and rose.attrs["n_calm"] == 1
    assert rose.attrs["n_valid"] == 7
    n = rose["count"]
    assert_array_equal(n.sel(sector=0).values, [1, 1, 1])  # 5, 15, 40 from N (0°, 359°, 5°)
    assert_array_equal(n.sel(sector=4).values, [0, 0, 2])  # 25 and 35 from E
    assert_array_equal(n.sel(sector=9).values, [1, 0, 0])  # 8 from 200° = SSW
    assert_allclose(rose["frequency"].sum() + rose.attrs["calm_fraction"], 1.0)
    assert_allclose(rose["mean_concentration"].sel(sector=0), 20.0)
    assert_allclose(rose["concentration_share"].sel(sector=0), 60 / 140)
    assert list(rose["sector_name"].values[[0, 4, 9]]) == ["N", "E", "SSW"]
    wind = stats.pollution_rose(conc, wd, ws, classes="wind_speed", bins=[0, 2, 5])
    assert_array_equal(wind["count"].sum("sector").values, [2, 5])  # 2 m/s opens class 2–5


def test_polar_summary_grid_and_smoothing():
    conc = np.array([10.0, 20.0, 30.0, 50.0])
    wd = np.array([0.0, 3.0, 90.0, 90.0])
    ws = np.array([0.5, 0.7, 2.5, 2.5])
    p = stats.polar_summary(conc, wd, ws)
    assert p.sizes["speed_class"] == 3  # 0–1, 1–2, 2–3 m/s
    assert_allclose(p["mean"].sel(sector=0, speed_class=0), 15.0)
    assert_allclose(p["mean"].sel(sector=9, speed_class=2), 40.0)
    assert int(p["count"].sum()) == 4
    masked = stats.polar_summary(conc, wd, ws, min_count=2, smooth=True)
    assert masked.attrs["n_cells_masked"] == 0 and int(np.isfinite(masked["mean"]).sum()) == 2
    flat = stats.polar_summary(np.full(4, 7.0), wd, ws, smooth=True)
    finite = np.isfinite(flat["mean_smoothed"].values)
    assert_allclose(flat["mean_smoothed"].values[finite], 7.0)  # a constant field stays put


# --------------------------------------------------------------------------------------------
# bad input


def test_bad_inputs_raise_clear_errors():
    no_time = xr.DataArray([1.0, 2.0], dims="x")
    for call in (stats.time_average, stats.rolling_mean_8h, stats.variation, stats.theil_sen):
        with pytest.raises(ValueError, match="no 'time' dimension"):
            call(no_time)
    with pytest.raises(ValueError, match="is a Dataset"):
        stats.time_average(hourly(np.ones(24)).to_dataset())
    with pytest.raises(ValueError, match="outside 0–360"):
        stats.pollution_rose([1.0, 2.0], [10.0, 361.0])
    with pytest.raises(ValueError, match="outside 0–360"):
        stats.sector_index([-5.0])
    with pytest.raises(ValueError, match="differ in shape"):
        stats.pollution_rose([1.0, 2.0, 3.0], [10.0, 20.0])
    a = hourly(np.ones(24))
    with pytest.raises(ValueError, match="not aligned on 'time'"):
        stats.polar_summary(a, a.assign_coords(time=a.time + pd.Timedelta("1h")) * 10, a)
    with pytest.raises(ValueError, match="negative"):
        stats.polar_summary([1.0], [10.0], [-1.0])
    off_grid = a.assign_coords(time=a.time + pd.Timedelta("30min"))
    off_grid = xr.concat([a.isel(time=[0]), off_grid.isel(time=[1])], "time")
    with pytest.raises(ValueError, match="off the"):
        stats.time_average(off_grid)
    with pytest.raises(ValueError, match="duplicated"):
        stats.time_average(xr.concat([a.isel(time=[0]), a.isel(time=[0])], "time"))
    with pytest.raises(ValueError, match="one station"):
        stats.calendar_matrix(hourly(np.ones((2, 24)), stations=["a", "b"]), 2019)
    with pytest.raises(ValueError, match="period='month'"):
        stats.theil_sen(a, deseasonalise=True, period="year")
    with pytest.raises(ValueError, match="data_threshold"):
        stats.time_average(a, data_threshold=75)
    with pytest.raises(ValueError, match="interval_label"):
        stats.time_average(a.assign_attrs(interval_label="ending"))


# --------------------------------------------------------------------------------------------
# figures draw the results they are given


def test_figures_draw_the_results():
    rng = np.random.default_rng(3)
    t = pd.date_range("2017-01-01", "2019-12-31 23:00", freq="h")
    years = np.asarray((t - t[0]) / pd.Timedelta("1D")) / 365.25
    v = 0.02 - 0.001 * years + rng.normal(0, 0.003, (2, len(t)))
    da = hourly(v, start=t[0], stations=["14131530", "14133010"])

    trend = stats.theil_sen(da)
    fig = plots.plot_trend(trend)
    line = [ln for ln in fig.axes[0].lines if ln.get_label() == "Theil–Sen"][0]
    expected = float(trend["intercept"][0]) + float(trend["slope"][0]) * trend["x_years"].values
    assert_allclose(line.get_ydata(), expected)

    var = stats.variation(da.isel(time=slice(0, 24 * 60)), "hour", method="t")
    fig = plots.plot_variation(var)
    assert_allclose(fig.axes[0].lines[1].get_ydata(), var["mean"].isel(station=1).values)

    wd = rng.uniform(0, 360, len(t))
    rose = stats.pollution_rose(da.isel(station=0).values, wd, bins=4)
    fig = plots.plot_pollution_rose(rose)
    heights = np.array([p.get_height() for p in fig.axes[0].patches]).reshape(-1, 16)
    assert_allclose(heights.sum(axis=0), rose["frequency_sector"].values * 100)

    polar = stats.polar_summary(da.isel(station=0).values, wd, rng.gamma(2, 1.5, len(t)))
    fig = plots.plot_polar(polar)
    mesh = fig.axes[0].collections[0].get_array()
    assert_allclose(
        np.ma.filled(mesh, np.nan).ravel(), polar["mean"].transpose().values.ravel(), equal_nan=True
    )

    cal = stats.calendar_matrix(da.isel(station=[0]), 2019)
    fig = plots.plot_calendar(cal)
    assert sum(len(ax.texts) for ax in fig.axes) == 365

    fig = plots.plot_timeseries(stats.time_average(da, "month"))
    assert len(fig.axes[0].lines) == 2
    assert fig.axes[0].get_legend().get_texts()[0].get_text() == "14131530 (14131530)"
