"""The notebook entry points: load, select, cleaning report; and the notebook's parameter checks."""

import pytest

from kgi_lab.air import cleaning_report, load_air_data, select_stations
from kgi_lab.batch.registry import SCHEMAS
from kgi_lab.batch.schema import ParameterError

NIES_SAMPLE = "tests/data/air/nies_hourly_kawasaki_fy2018.csv"


def test_embedded_default_is_the_synthetic_network():
    ds = load_air_data()
    assert ds.attrs["kind"] == "synthetic"
    assert ds.sizes["station"] == 18
    assert ds.attrs["time_zone"] == "Asia/Tokyo" and ds.attrs["interval_label"] == "beginning"
    # FY2014-FY2018 hourly: 5 fiscal years, one of them (FY2015) with 29 February.
    assert ds.sizes["time"] == 4 * 8760 + 8784
    assert str(ds["time"].values[0])[:13] == "2014-04-01T00"


def test_select_stations():
    ds = load_air_data()
    roadside = select_stations(ds, "roadside")
    assert set(roadside["station_type"].values) == {"roadside"} and roadside.sizes["station"] == 9
    two = select_stations(ds, "14131530, 14135070")
    assert list(two["station"].values) == ["14131530", "14135070"]
    assert select_stations(ds, "all") is ds
    with pytest.raises(ValueError, match="unknown station code"):
        select_stations(ds, "14131530,99999999")


def test_files_are_recognised_and_cleaning_is_reported():
    from kgi_lab.air.io import AirDataWarning

    with pytest.warns(AirDataWarning, match="values set to NaN"):
        ds = load_air_data(NIES_SAMPLE)
    report = cleaning_report(ds)
    assert {"station", "variable", "reason", "count"} <= set(report.columns)
    assert report["count"].sum() > 0  # the sample holds sentinel codes
    with pytest.raises(FileNotFoundError, match="data_source"):
        load_air_data("/no/such/file.csv")


def test_air_notebook_parameter_checks():
    schema = SCHEMAS["air_quality_network"]
    with pytest.raises(ParameterError, match="SPM"):
        schema.validate({"pollutant": "spm", "standard": "WHO"})
    with pytest.raises(ParameterError, match="standard"):
        schema.validate({"standard": "XX"})
    with pytest.raises(ParameterError, match="data_source"):
        schema.validate({"data_source": "/no/such.csv"})


def test_stations_measuring_and_area_representative():
    from kgi_lab.air.data import area_representative_stations, stations_measuring

    ds = load_air_data()
    co = stations_measuring(ds, "co")
    assert 0 < len(co) < 18
    # NO2 is measured everywhere; its area statistics use the 9 general stations.
    no2 = area_representative_stations(ds, "no2")
    assert len(no2) == 9
    assert set(ds["station_type"].sel(station=no2).values) == {"general"}
    # Too few general CO stations: fall back to every station measuring CO.
    assert area_representative_stations(ds, "co") == co
    with pytest.raises(ValueError, match="no selected station measures 'so2'"):
        stations_measuring(select_stations(ds, "roadside"), "so2")
    with pytest.raises(ValueError, match="not in the data"):
        stations_measuring(ds, "benzene")


def test_ox_is_judged_only_by_the_japanese_standard():
    schema = SCHEMAS["air_quality_network"]
    with pytest.raises(ParameterError, match="Ox"):
        schema.validate({"pollutant": "ox", "standard": "WHO"})
    schema.validate({"pollutant": "ox", "standard": "JP"})
