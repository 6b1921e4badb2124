import numpy as np
import pytest
from numpy.testing import assert_allclose

from kgi_lab.pv.analysis import co2_avoided_t
from kgi_lab.pv.validation import fiscal_year_energy, fiscal_year_trend, plant_validation_table


def test_ukishima_series_and_trend():
    fy = fiscal_year_energy("ukishima")
    assert list(fy.index) == list(range(2012, 2023))
    assert fy[2012] == 9690.0 and fy[2022] == 7300.0
    trend = fiscal_year_trend(fy, last=2021)
    # kawasaki-facts §5: least-squares trend FY2012-2021 ≈ -73 MWh/yr (≈ -0.8 %/yr).
    assert_allclose(trend["ols_mwh_per_year"], -73, atol=1.0)
    assert_allclose(trend["ols_pct_per_year"], -0.78, atol=0.05)
    assert trend["theil_sen_low"] <= trend["theil_sen_mwh_per_year"] <= trend["theil_sen_high"]
    # FY2013-2021 only: about -0.6 %/yr.
    assert_allclose(
        fiscal_year_trend(fy, first=2013, last=2021)["ols_pct_per_year"], -0.6, atol=0.1
    )
    with pytest.raises(ValueError, match="no fiscal-year series"):
        fiscal_year_energy("ogishima")
    with pytest.raises(ValueError, match="at least 3"):
        fiscal_year_trend(fy, first=2021)


def test_validation_table_ratios():
    table = plant_validation_table({"ukishima": 9000.0, "ogishima": 15000.0})
    assert_allclose(table.loc["ukishima", "model_over_estimate"], 9000 / 7400)
    assert_allclose(table.loc["ogishima", "model_over_first_year"], 15000 / 15100)
    assert np.isnan(table.loc["ogishima", "fiscal_year_mean_mwh"])
    # Ukishima first year: 9,450 MWh / 7,509 kWp = 1,258 kWh/kWp.
    assert_allclose(table.loc["ukishima", "first_year_kwh_per_kwp"], 1258.4, atol=0.1)


def test_co2_matches_published_estimates():
    # 7.4 GWh at the default 0.42 kg/kWh ≈ the published 3,100 t.
    assert_allclose(co2_avoided_t(7.4e6), 3108.0)
    assert abs(co2_avoided_t(13.7e6) - 5800) / 5800 < 0.01
    with pytest.raises(ValueError, match="emission_factor"):
        co2_avoided_t(1.0, -0.1)


def test_synthetic_year_check_on_greensboro():
    from kgi_lab.pv.validation import synthetic_year_check
    from kgi_lab.weather import greensboro_tmy3

    reference, loc = greensboro_tmy3()
    table = synthetic_year_check(reference, loc, seeds=range(3))
    assert len(table) == 6
    summary = table.attrs["summary"]
    assert list(summary.index) == [10.0, 35.0]
    # Acceptance criterion of the generator: median within ±1.5 % at tilts 10° and 35°.
    assert (summary["median"].abs() <= 1.5).all(), summary
    # Reference energies come from the real file, once per tilt.
    assert table.groupby("tilt")["reference_kwh"].nunique().eq(1).all()


def test_sensitivity_finds_north_facing_optimum_south_of_the_equator():
    from kgi_lab.pv import PVSystemSpec
    from kgi_lab.pv.analysis import tilt_azimuth_sensitivity
    from kgi_lab.weather import site, typical_year

    weather, _ = typical_year("bandung", seed=0)  # 6.9 S
    sens = tilt_azimuth_sensitivity(weather, PVSystemSpec(), site("bandung"))
    best = sens.where(sens == sens.max(), drop=True)
    assert float(best["surface_azimuth"][0]) in (0.0, 345.0, 15.0)
    assert 0 < float(best["surface_tilt"][0]) <= 15
    weather, _ = typical_year("kawasaki", seed=0)  # 35.7 N
    sens = tilt_azimuth_sensitivity(weather, PVSystemSpec(), site("kawasaki"))
    best = sens.where(sens == sens.max(), drop=True)
    assert float(best["surface_azimuth"][0]) in (165.0, 180.0, 195.0)
    assert 25 <= float(best["surface_tilt"][0]) <= 40


def test_monthly_energy_uses_interval_midpoints(greensboro):
    from kgi_lab.pv import PVSystemSpec, simulate
    from kgi_lab.pv.analysis import monthly_energy_kwh

    wx, loc = greensboro
    res = simulate(wx, PVSystemSpec(), loc, keep=("ac_power_w",))
    monthly = monthly_energy_kwh(res)
    assert len(monthly) == 12  # the hour-ending 00:00 of 1 Jan 1991 falls in December 1990
    assert_allclose(monthly.sum(), float(res["ac_energy_kwh"]), rtol=1e-12)


def test_validation_table_fiscal_year_mean_excludes_fy2022_by_default():
    table = plant_validation_table({"ukishima": 9000.0})
    # FY2012-2021 mean of the published series: 91,670 / 10 = 9,167 MWh.
    assert_allclose(table.loc["ukishima", "fiscal_year_mean_mwh"], 9167.0)
    full = plant_validation_table({"ukishima": 9000.0}, fiscal_years=(2012, 2022))
    assert_allclose(full.loc["ukishima", "fiscal_year_mean_mwh"], 98970.0 / 11)
