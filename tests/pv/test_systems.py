import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from kgi_lab.pv import PVSystemSpec, cec_inverter, cec_module, plant, plants_table, systems_dataset


def test_ukishima_facts():
    spec = plant("ukishima")
    # 37,926 × 198 W = 7,509.3 kWp; 28 × 250 kW = 7,000 kW (2014 policy table).
    assert_allclose(spec.dc_capacity_kw, 7509.348)
    assert_allclose(spec.ac_capacity_kw, 7000.0)
    assert spec.surface_tilt == 10.0
    assert spec.modules_per_string == 18
    assert spec.inverter_efficiency == 0.975
    assert spec.metadata["measured"]["fiscal_year_energy_mwh"]["values"][2012] == 9690.0


def test_ogishima_facts():
    spec = plant("Ogishima")
    assert_allclose(spec.dc_capacity_kw, 63792 * 0.220)
    assert_allclose(spec.ac_capacity_kw, 13000.0)
    assert spec.inverter_efficiency == 0.97


def test_plants_match_library_ratings():
    for name, watts in (("ukishima", 198.0), ("ogishima", 220.0)):
        spec = plant(name)
        assert abs(float(cec_module(spec.module)["STC"]) - watts) < 0.5
        inv = cec_inverter(spec.inverter)
        assert abs(inv["Paco"] / 1000 - spec.ac_capacity_kw / spec.n_inverters) < 1e-6
        assert abs(inv["Paco"] / inv["Pdco"] - spec.inverter_efficiency) < 0.006


def test_plants_table():
    table = plants_table()
    assert list(table.index) == ["ogishima", "ukishima"]
    assert table.loc["ukishima", "estimate_mwh"] == 7400.0
    assert table.loc["ogishima", "first_year_measured_mwh"] == 15100.0


def test_unknown_plant():
    with pytest.raises(ValueError, match="plant must be one of"):
        plant("yokohama")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("surface_tilt", 95.0),
        ("surface_tilt", -1.0),
        ("dc_capacity_kw", -5.0),
        ("dc_capacity_kw", 0.0),
        ("dc_ac_ratio", 0.0),
        ("dc_ac_ratio", -1.2),
        ("inverter_efficiency", 1.2),
        ("albedo", 2.0),
        ("mounting", "on the moon"),
    ],
)
def test_bad_system_names_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        PVSystemSpec(name="roof", **{field: value})


def test_systems_dataset_from_frame_and_errors():
    frame = pd.DataFrame(
        {"surface_tilt": [10.0, 30.0], "surface_azimuth": [180.0, 200.0], "dc_capacity_kw": [4, 5]},
        index=pd.Index(["a", "b"], name="system"),
    )
    ds = systems_dataset(frame)
    assert list(ds["system"].values) == ["a", "b"]
    assert_allclose(ds["dc_ac_ratio"], 1.2)
    assert ds["surface_tilt"].attrs["units"] == "degree"
    assert np.all(ds["temp_a"] == -3.56)  # SAPM open_rack_glass_polymer (King et al. 2004)
    frame.loc["b", "surface_tilt"] = 120.0
    with pytest.raises(ValueError, match=r"surface_tilt .*system 'b'"):
        systems_dataset(frame)
    with pytest.raises(ValueError, match="missing column"):
        systems_dataset(frame.drop(columns="dc_capacity_kw"))
