"""Tests of :mod:`kgi_lab.weather.synthetic`.

The acceptance test regenerates the Greensboro NC TMY3 bundled with pvlib (USAF 723170) from its
own 12 monthly means and compares the annual AC energy of a PVWatts system on the real file and on
synthetic years. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest
from numpy.testing import assert_allclose
from pvlib.modelchain import ModelChain
from pvlib.pvsystem import PVSystem
from pvlib.temperature import TEMPERATURE_MODEL_PARAMETERS

from kgi_lab.weather.schema import COLUMNS, UNITS
from kgi_lab.weather.synthetic import (
    KT_MIN,
    SyntheticWeatherWarning,
    daily_clearness_index,
    generate_typical_year,
    kt_max_hollands_huget,
    monthly_means,
)

# pvlib calls pandas' deprecated DatetimeIndex.dayofyear internally (ModelChain, clear sky).
pytestmark = pytest.mark.filterwarnings("ignore:DatetimeIndex.dayofyear is deprecated")

TMY3 = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"
#: Seeds of the synthetic years compared with the real file.
SEEDS = range(10)
TILTS = (10, 35)
#: Acceptance: median annual AC energy over seeds within this of the real file's, at each tilt.
ENERGY_TOLERANCE = 0.015
#: Annual DNI: median over seeds within 5 %, every seed within 10 % of the file's.
DNI_MEDIAN_TOLERANCE = 0.05
DNI_SEED_TOLERANCE = 0.10
WEATHER_COLUMNS = ["ghi", "dni", "dhi", "temp_air", "wind_speed"]

# A small made-up site for the fast unit tests (values near Greensboro's).
GHI = [2.4, 3.1, 4.3, 5.5, 6.0, 6.4, 6.1, 5.5, 4.5, 3.6, 2.4, 2.2]
TEMP = [0.3, 5.0, 11.4, 15.0, 20.0, 24.0, 26.0, 25.0, 21.0, 13.1, 10.8, 4.2]
WIND = [3.2, 3.7, 3.8, 3.5, 3.0, 2.8, 2.7, 2.6, 2.8, 3.1, 3.6, 3.3]


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def greensboro():
    """The TMY3 file (hour-ending labels, UTC-5), its metadata and 12 monthly means."""
    data, meta = pvlib.iotools.read_tmy3(TMY3, map_variables=True)
    means = monthly_means(data, interval_label="ending")
    location = pvlib.location.Location(
        meta["latitude"], meta["longitude"], tz="Etc/GMT+5", altitude=meta["altitude"]
    )
    return data, meta, means, location


@pytest.fixture(scope="module")
def synthetic_years(greensboro):
    _, meta, means, _ = greensboro
    return {
        seed: generate_typical_year(
            meta["latitude"],
            meta["longitude"],
            means["ghi_kwh_m2_day"],
            means["temp_air_c"],
            means["wind_speed_m_s"],
            tz="Etc/GMT+5",
            altitude_m=meta["altitude"],
            seed=seed,
            name="Greensboro NC (synthetic)",
        )
        for seed in SEEDS
    }


def annual_ac_kwh(weather: pd.DataFrame, location, tilt: float) -> float:
    """Annual AC energy [kWh] of a 1 kWdc PVWatts system (ModelChain.with_pvwatts).

    PVWatts v5: pdc0 = 1000 W, gamma_pdc = -0.004 1/K; inverter pdc0 = 1000/1.2 W (DC/AC ratio
    1.2, nominal efficiency 0.96, so it clips above ~800 W AC); SAPM cell temperature
    open_rack_glass_polymer; azimuth 180°. ``weather`` must be indexed at interval midpoints.
    """
    system = PVSystem(
        surface_tilt=tilt,
        surface_azimuth=180,
        module_parameters={"pdc0": 1000.0, "gamma_pdc": -0.004},
        inverter_parameters={"pdc0": 1000.0 / 1.2},
        temperature_model_parameters=TEMPERATURE_MODEL_PARAMETERS["sapm"][
            "open_rack_glass_polymer"
        ],
    )
    mc = ModelChain.with_pvwatts(system, location)
    mc.run_model(weather[WEATHER_COLUMNS])
    return float(mc.results.ac.clip(lower=0).sum()) / 1000.0


@pytest.fixture(scope="module")
def validation(greensboro, synthetic_years):
    """Annual AC energy and DNI: real file against each synthetic year."""
    data, _, _, location = greensboro
    real = data[WEATHER_COLUMNS].copy()
    real.index = real.index - pd.Timedelta(minutes=30)  # hour-ending -> midpoints
    real_kwh = {tilt: annual_ac_kwh(real, location, tilt) for tilt in TILTS}
    errors = {tilt: [] for tilt in TILTS}
    dni_errors = []
    for weather in synthetic_years.values():
        mid = weather.copy()
        mid.index = mid.index + pd.Timedelta(minutes=30)  # beginning -> midpoints
        for tilt in TILTS:
            errors[tilt].append(annual_ac_kwh(mid, location, tilt) / real_kwh[tilt] - 1.0)
        dni_errors.append(weather["dni"].sum() / data["dni"].sum() - 1.0)
    errors = {tilt: np.array(e) for tilt, e in errors.items()}
    dni_errors = np.array(dni_errors)
    lines = [f"Greensboro TMY3 regenerated from its monthly means, {len(SEEDS)} seeds:"]
    for tilt in TILTS:
        e = errors[tilt]
        lines.append(
            f"  tilt {tilt:2d}°: real {real_kwh[tilt]:.1f} kWh/kWp; synthetic median error "
            f"{np.median(e):+.2%} (min {e.min():+.2%}, max {e.max():+.2%})"
        )
    lines.append(
        f"  annual DNI: real {data['dni'].sum() / 1000:.0f} kWh/m2; synthetic median error "
        f"{np.median(dni_errors):+.2%} (min {dni_errors.min():+.2%}, max {dni_errors.max():+.2%})"
    )
    summary = "\n".join(lines)
    print("\n" + summary)
    return {"real_kwh": real_kwh, "errors": errors, "dni_errors": dni_errors, "summary": summary}


# --- acceptance -----------------------------------------------------------------------------------


@pytest.mark.parametrize("tilt", TILTS)
def test_pv_energy_median_within_tolerance(validation, tilt):
    median = float(np.median(validation["errors"][tilt]))
    assert abs(median) <= ENERGY_TOLERANCE, validation["summary"]


def test_annual_dni_close_to_file(validation):
    dni = validation["dni_errors"]
    assert abs(np.median(dni)) <= DNI_MEDIAN_TOLERANCE, validation["summary"]
    assert np.abs(dni).max() <= DNI_SEED_TOLERANCE, validation["summary"]


def test_monthly_ghi_equals_inputs(greensboro, synthetic_years):
    _, _, means, _ = greensboro
    days = np.array(pd.date_range("2023-01-01", periods=12, freq="MS").days_in_month)
    for weather in synthetic_years.values():
        monthly_kwh = weather["ghi"].groupby(weather.index.month).sum().to_numpy() / 1000.0
        assert_allclose(monthly_kwh, means["ghi_kwh_m2_day"].to_numpy() * days, rtol=1e-9)


def test_monthly_means_round_trip(greensboro, synthetic_years):
    _, _, means, _ = greensboro
    back = monthly_means(synthetic_years[0])
    assert_allclose(back.to_numpy(), means.to_numpy(), rtol=1e-9)


def test_daily_kt_persistence_plausible(greensboro, synthetic_years):
    """Lag-1 autocorrelation of daily Kt: observed values are about 0.2–0.35 (Aguiar 1988)."""
    _, _, _, location = greensboro
    lag1 = []
    for weather in synthetic_years.values():
        mid = weather.index + pd.Timedelta(minutes=30)
        cos_z = np.cos(np.radians(location.get_solarposition(mid)["zenith"].to_numpy()))
        doy = mid.day_of_year.to_numpy()
        i0h = np.clip(pvlib.irradiance.get_extra_radiation(doy) * cos_z, 0, None)
        kt = weather["ghi"].to_numpy().reshape(-1, 24).sum(1) / i0h.reshape(-1, 24).sum(1)
        lag1.append(np.corrcoef(kt[:-1], kt[1:])[0, 1])
    print(
        f"\ndaily Kt lag-1 autocorrelation: median {np.median(lag1):.3f}, seeds {np.round(lag1, 3)}"
    )
    assert 0.1 <= np.median(lag1) <= 0.45
    assert min(lag1) > -0.05


# --- properties of the frame ----------------------------------------------------------------------


def test_schema_and_attrs(greensboro, synthetic_years):
    _, meta, _, _ = greensboro
    weather = synthetic_years[0]
    assert list(weather.columns) == list(COLUMNS)
    assert weather.index.name == "time"
    assert str(weather.index.tz) == "Etc/GMT+5"
    assert len(weather) == 8760
    assert weather.index[0] == pd.Timestamp("2023-01-01 00:00", tz="Etc/GMT+5")
    assert (weather.index[1:] - weather.index[:-1] == pd.Timedelta(hours=1)).all()
    assert weather.attrs["interval_label"] == "beginning"
    assert weather.attrs["units"] == UNITS
    for key in ("source", "latitude", "longitude", "altitude_m", "name", "seed", "method"):
        assert key in weather.attrs
    assert "seed=0" in weather.attrs["source"]
    assert weather.attrs["repairs"] == []
    assert_allclose(weather["pressure"], pvlib.atmosphere.alt2pres(meta["altitude"]))
    assert not weather.isna().any().any()


def test_closure_nonnegative_and_dark_at_night(greensboro, synthetic_years):
    _, _, _, location = greensboro
    weather = synthetic_years[1]
    mid = weather.index + pd.Timedelta(minutes=30)
    cos_z = np.cos(np.radians(location.get_solarposition(mid)["zenith"].to_numpy()))
    up = cos_z > 0
    ghi, dni, dhi = (weather[c].to_numpy() for c in ("ghi", "dni", "dhi"))
    assert np.abs(ghi - dhi - dni * cos_z)[up].max() < 1e-6
    assert (weather[["ghi", "dni", "dhi"]] >= 0).all().all()
    assert (ghi[~up] == 0).all() and (dni[~up] == 0).all() and (dhi[~up] == 0).all()
    clear = location.get_clearsky(mid)
    assert (ghi <= clear["ghi"].to_numpy() + 1e-9).all()


def test_same_seed_same_frame(greensboro, synthetic_years):
    _, meta, means, _ = greensboro
    again = generate_typical_year(
        meta["latitude"],
        meta["longitude"],
        means["ghi_kwh_m2_day"],
        means["temp_air_c"],
        means["wind_speed_m_s"],
        tz="Etc/GMT+5",
        altitude_m=meta["altitude"],
        seed=0,
        name="Greensboro NC (synthetic)",
    )
    pd.testing.assert_frame_equal(again, synthetic_years[0], check_exact=True)
    assert again.attrs == synthetic_years[0].attrs


def test_different_seeds_differ(synthetic_years):
    a, b = synthetic_years[0], synthetic_years[1]
    for column in ("ghi", "dni", "temp_air", "wind_speed"):
        assert not np.allclose(a[column], b[column]), column


def test_decomposition_changes_only_the_beam_split():
    a = generate_typical_year(36.1, -79.95, GHI, TEMP, WIND, tz="Etc/GMT+5", seed=4)
    b = generate_typical_year(
        36.1, -79.95, GHI, TEMP, WIND, tz="Etc/GMT+5", seed=4, decomposition="erbs"
    )
    for column in ("ghi", "temp_air", "wind_speed", "pressure"):
        pd.testing.assert_series_equal(a[column], b[column])
    assert not np.allclose(a["dni"], b["dni"])
    assert b.attrs["decomposition"] == "erbs" and "erbs" in b.attrs["source"]


def test_one_year_is_fast():
    """Brief: one hourly year in at most 0.5 s (best of three, to ride out a busy machine)."""
    best = np.inf
    for seed in range(3):
        t0 = time.perf_counter()
        generate_typical_year(36.1, -79.95, GHI, TEMP, WIND, tz="Etc/GMT+5", seed=seed)
        best = min(best, time.perf_counter() - t0)
    assert best <= 0.5, f"one synthetic year took {best:.3f} s"


# --- other sites, steps and zones -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "tz", "step", "year", "ghi"),
    [
        (36.1, -79.95, "America/New_York", 60, 2023, GHI),  # civil time with DST
        (36.1, -79.95, "Etc/GMT+5", 30, 2024, GHI),  # leap year, 30-min steps
        (35.69, 139.75, "Asia/Tokyo", 120, 2023, GHI),
        (-33.9, 151.2, "Australia/Sydney", 60, 2023, GHI[6:] + GHI[:6]),
        # Tromsø: polar night in December and January (zero irradiation accepted there).
        (
            69.65,
            18.96,
            "Europe/Oslo",
            60,
            2023,
            [0, 0.3, 1.5, 3.3, 4.5, 5, 4.6, 3.2, 1.6, 0.6, 0.05, 0],
        ),
    ],
)
def test_guarantees_hold_elsewhere(latitude, longitude, tz, step, year, ghi):
    weather = generate_typical_year(
        latitude, longitude, ghi, TEMP, tz=tz, time_step_min=step, year=year, seed=7
    )
    steps_per_year = (366 if year % 4 == 0 else 365) * 1440 // step
    assert len(weather) == steps_per_year
    days = np.array(pd.date_range(f"{year}-01-01", periods=12, freq="MS").days_in_month)
    monthly_kwh = weather["ghi"].groupby(weather.index.month).sum().to_numpy() * step / 60 / 1000
    assert_allclose(monthly_kwh, np.array(ghi) * days, rtol=1e-9, atol=1e-12)
    assert_allclose(weather["wind_speed"].groupby(weather.index.month).mean(), 2.0)
    assert_allclose(weather["temp_air"].groupby(weather.index.month).mean(), TEMP)
    mid = weather.index + pd.Timedelta(minutes=step / 2)
    # altitude=0 as generated: pvlib would otherwise look the altitude up, and the parallax of a
    # few hundred metres moves the zenith by ~1e-7 degrees, enough to show in a 1e-6 W/m2 check.
    site = pvlib.location.Location(latitude, longitude, tz=tz, altitude=0.0)
    zenith = site.get_solarposition(mid)["zenith"]
    cos_z = np.cos(np.radians(zenith.to_numpy()))
    closure = weather["ghi"] - weather["dhi"] - weather["dni"] * cos_z
    assert np.abs(closure.to_numpy()[cos_z > 0]).max() < 1e-6
    assert (weather[["ghi", "dni", "dhi"]] >= 0).all().all()


def test_month_above_clear_sky_is_repaired_with_warning():
    ghi = list(GHI)
    ghi[5] = 9.5  # June: above the clear-sky irradiation, below extraterrestrial
    with pytest.warns(SyntheticWeatherWarning, match="June"):
        weather = generate_typical_year(36.1, -79.95, ghi, TEMP, tz="Etc/GMT+5")
    assert len(weather.attrs["repairs"]) == 1 and "June" in weather.attrs["repairs"][0]
    june_kwh = weather["ghi"][weather.index.month == 6].sum() / 1000
    assert_allclose(june_kwh, 9.5 * 30, rtol=1e-9)


def test_no_warnings_in_normal_use():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        generate_typical_year(36.1, -79.95, GHI, TEMP, WIND, tz="Etc/GMT+5")


# --- bad inputs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ghi", "temp", "wind", "match"),
    [
        (GHI[:11], TEMP, WIND, r"ghi_kwh_m2_day must have 12 monthly values.*got 11"),
        (GHI, TEMP + [1.0], WIND, r"temp_air_c must have 12 monthly values.*got 13"),
        (GHI, TEMP, WIND[:3], r"wind_speed_m_s must have 12 monthly values.*got 3"),
        ([-1.0] + GHI[1:], TEMP, WIND, r"ghi_kwh_m2_day must be >= 0.*January"),
        (GHI[:6] + [40.0] + GHI[7:], TEMP, WIND, r"ghi_kwh_m2_day for July.*extraterrestrial"),
        (GHI, [t + 273.15 for t in TEMP], WIND, r"temp_air_c.*kelvin"),
        (GHI, TEMP, WIND[:2] + [-0.5] + WIND[3:], r"wind_speed_m_s must be >= 0.*March"),
        ([np.nan] + GHI[1:], TEMP, WIND, r"ghi_kwh_m2_day has 1 non-finite"),
    ],
)
def test_bad_inputs_name_the_parameter(ghi, temp, wind, match):
    with pytest.raises(ValueError, match=match):
        generate_typical_year(36.1, -79.95, ghi, temp, wind, tz="Etc/GMT+5")


def test_bad_options():
    with pytest.raises(ValueError, match="decomposition must be one of"):
        generate_typical_year(36.1, -79.95, GHI, TEMP, tz="Etc/GMT+5", decomposition="perez")
    with pytest.raises(ValueError, match="latitude"):
        generate_typical_year(96.1, -79.95, GHI, TEMP, tz="Etc/GMT+5")
    with pytest.raises(ValueError, match="time_step_min"):
        generate_typical_year(36.1, -79.95, GHI, TEMP, tz="Etc/GMT+5", time_step_min=7)


def test_monthly_means_needs_a_label(greensboro):
    data = greensboro[0]
    with pytest.raises(ValueError, match="interval_label"):
        monthly_means(data)


# --- the daily model ------------------------------------------------------------------------------


def test_hollands_huget_kt_max():
    """Kt_max = 0.6313 + 0.267 K - 11.9 (K - 0.75)^8 (Hollands & Huget 1983)."""
    assert_allclose(kt_max_hollands_huget(0.75), 0.6313 + 0.267 * 0.75)
    assert_allclose(kt_max_hollands_huget(0.5), 0.6313 + 0.1335 - 11.9 * 0.25**8)


def test_daily_kt_keeps_monthly_means_and_bounds():
    kt_mean = np.array([0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.5, 0.45, 0.4])
    # Ten years of days, month by month, so that the persistence estimate is tight.
    day_month = np.repeat(
        np.arange(12), 10 * np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    )
    kt, z = daily_clearness_index(kt_mean, day_month, np.random.default_rng(1))
    means = np.bincount(day_month, weights=kt) / np.bincount(day_month)
    assert_allclose(means, kt_mean, rtol=1e-12)
    assert kt.min() >= KT_MIN - 1e-9
    assert (kt <= kt_max_hollands_huget(kt_mean[day_month]) + 1e-3).all()
    assert abs(np.corrcoef(z[:-1], z[1:])[0, 1] - 0.3) < 0.06
    anomaly = kt - kt_mean[day_month]  # without the seasonal cycle
    assert 0.15 < np.corrcoef(anomaly[:-1], anomaly[1:])[0, 1] < 0.35
