"""Tests of :func:`kgi_lab.weather.site`."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from kgi_lab.weather import site


def test_kawasaki_is_the_tokyo_47662_station():
    """JMA amedastable.json: Tokyo 47662 at 35°41.5' N, 139°45.0' E, 25 m (partner-cities.md §1)."""
    loc = site("kawasaki")
    assert_allclose([loc.latitude, loc.longitude, loc.altitude], [35.6917, 139.75, 25.0])
    assert str(loc.tz) == "Asia/Tokyo"
    assert site().latitude == loc.latitude  # kawasaki is the default


def test_bandung_is_south_and_high():
    """WMO list: Bandung-Husein 96781 at 6.90 S, 107.58 E, 740 m; tzdb Asia/Jakarta."""
    loc = site("bandung")
    assert_allclose([loc.latitude, loc.longitude, loc.altitude], [-6.90, 107.58, 740.0])
    assert str(loc.tz) == "Asia/Jakarta"


def test_unknown_city_lists_the_known_ones():
    with pytest.raises(ValueError, match="nowhere") as info:
        site("nowhere")
    for known in ("kawasaki", "shenyang", "penang", "bandung", "mumbai"):
        assert known in str(info.value)


def test_custom_site():
    loc = site("custom", latitude=-6.9, longitude=107.6, tz="Asia/Jakarta", elevation_m=768.0)
    assert_allclose([loc.latitude, loc.longitude, loc.altitude], [-6.9, 107.6, 768.0])
    assert str(loc.tz) == "Asia/Jakarta"
    loc = site(None, latitude=35.5, longitude=139.7, tz="Asia/Tokyo", elevation_m=10.0)
    assert loc.altitude == 10.0


@pytest.mark.parametrize("missing", ["latitude", "longitude", "tz"])
def test_custom_site_requires_each_coordinate(missing):
    kwargs = {"latitude": 35.5, "longitude": 139.7, "tz": "Asia/Tokyo", "elevation_m": 0.0}
    del kwargs[missing]
    with pytest.raises(ValueError, match=f"{missing}.*required"):
        site(None, **kwargs)


def test_custom_site_rejects_out_of_range_latitude_and_unknown_tz():
    with pytest.raises(ValueError, match="latitude.*95"):
        site(None, latitude=95.0, longitude=139.7, tz="Asia/Tokyo")
    with pytest.raises(ValueError, match="longitude.*200"):
        site(None, latitude=35.0, longitude=200.0, tz="Asia/Tokyo")
    with pytest.raises(ValueError, match="Mars/Olympus"):
        site(None, latitude=35.0, longitude=139.7, tz="Mars/Olympus")


def test_elevation_lookup_on_tokyo_bay_water_is_clamped():
    """pvlib's Altitude.h5 gives -30 m on Tokyo Bay water cells (domain-notes.md); clamp to 0."""
    loc = site(None, latitude=35.47, longitude=139.80, tz="Asia/Tokyo")
    assert loc.altitude >= 0.0
    assert loc.altitude == 0.0


def test_coordinates_are_rejected_for_a_catalogued_city():
    with pytest.raises(ValueError, match="latitude.*custom"):
        site("penang", latitude=5.3)
    with pytest.raises(ValueError, match="tz"):
        site("penang", tz="Asia/Kuala_Lumpur")
