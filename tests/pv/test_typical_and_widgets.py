import numpy as np
import pytest
from numpy.testing import assert_allclose

from kgi_lab.pv import PVSystemSpec, simulate
from kgi_lab.weather import typical_year


def test_typical_year_for_kawasaki_matches_the_climatology():
    weather, climate = typical_year("kawasaki", seed=1)
    assert str(weather.index.tz) == "Asia/Tokyo"
    assert weather.attrs["interval_label"] == "beginning"
    # Tokyo sunshine-based estimate, partner-cities §3: ≈1,392 kWh/m²/yr.
    assert_allclose(weather["ghi"].sum() / 1000, 1392, atol=1.0)
    assert (
        "Tokyo" in climate.attrs["sources"]["ghi_kwh_m2_day"]
        or "47662" in (climate.attrs["sources"]["ghi_kwh_m2_day"])
    )
    # A PVWatts system at Kawasaki: ~1,100–1,350 kWh/kWp (JPEA rule of thumb ~1,000 for roofs).
    res = simulate(weather, PVSystemSpec(surface_tilt=30), keep=())
    assert 1050 < float(res["specific_yield_kwh_per_kwp"]) < 1400


def test_typical_year_overrides_and_errors():
    ghi = [3.0] * 12
    weather, climate = typical_year("penang", ghi_kwh_m2_day=ghi, seed=0)
    assert_allclose(weather["ghi"].sum() / 1000, 3.0 * 365, rtol=1e-9)
    assert climate.attrs["quality"]["ghi_kwh_m2_day"] == "USER"
    with pytest.raises(ValueError, match="12"):
        typical_year("penang", ghi_kwh_m2_day=[3.0] * 11)
    with pytest.raises(FileNotFoundError, match="weather_source"):
        typical_year("kawasaki", source="/no/such/file.epw")


def test_pv_explorer_builds_and_updates():
    pytest.importorskip("ipywidgets")
    from kgi_lab.widgets import interactive_session, pv_explorer

    weather, _ = typical_year("kawasaki")
    box = pv_explorer(weather, PVSystemSpec(surface_tilt=10))
    sliders = {c.description: c for c in box.children[:-1]}
    assert set(sliders) == {
        "tilt [°]",
        "azimuth [°]",
        "DC/AC ratio [-]",
        "soiling [%]",
        "availability [%]",
    }
    before = float(box.state["result"]["specific_yield_kwh_per_kwp"])
    sliders["tilt [°]"].value = 30
    after = float(box.state["result"]["specific_yield_kwh_per_kwp"])
    # At 35.7 N a 30° tilt collects more than 10° over the year.
    assert after > before > 900
    assert float(box.state["result"]["surface_tilt"]) == 30
    assert isinstance(interactive_session(), bool)
    assert np.isfinite(sliders["tilt [°]"].value)


def test_typical_year_reads_real_files_and_numpy_overrides():
    from kgi_lab.pv.systems import PVSystemSpec as Spec
    from kgi_lab.weather import location_from_weather
    from tests.pv.conftest import GREENSBORO

    weather, climate = typical_year(source=str(GREENSBORO), year=2001)
    assert climate is None
    assert weather.index[0].year == 2001 and weather.attrs["interval_label"] == "ending"
    loc = location_from_weather(weather)
    assert_allclose([loc.latitude, loc.longitude], [36.1, -79.95], atol=0.01)
    res = simulate(weather, Spec(), keep=())  # the location comes from the file
    assert 1200 < float(res["specific_yield_kwh_per_kwp"]) < 1600
    weather, _ = typical_year("penang", ghi_kwh_m2_day=np.full(12, 4.0))
    assert_allclose(weather["ghi"].sum() / 1000, 4.0 * 365, rtol=1e-9)


def test_pvwattsv8_rejects_daylight_saving():
    pytest.importorskip("PySAM.Pvwattsv8")
    from kgi_lab.pv.sam import pvwattsv8
    from kgi_lab.weather import generate_typical_year, site

    loc = site(None, latitude=-33.9, longitude=151.2, tz="Australia/Sydney", elevation_m=10)
    ghi = [7.5, 6.6, 5.3, 4.0, 3.0, 2.6, 2.8, 3.6, 4.8, 6.0, 6.9, 7.4]  # kWh/m²/day, plausible
    wx = generate_typical_year(-33.9, 151.2, ghi, [20.0] * 12, tz="Australia/Sydney")
    with pytest.raises(ValueError, match="daylight saving"):
        pvwattsv8(wx, PVSystemSpec(), loc)
