import numpy as np
import pandas as pd
import pvlib
import pytest
from numpy.testing import assert_allclose

from kgi_lab.pv import PVSystemSpec, cec_inverter, cec_module, plant, plants_table, systems_dataset
from kgi_lab.pv.chain import _detailed_params
from kgi_lab.pv.systems import adr_inverter, custom_system, equator_facing_azimuth, scale_inverter


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
    for name, watts, unit_kw, count in (
        ("ukishima", 198.0, 250.0, 28),
        ("ogishima", 220.0, 500.0, 26),
    ):
        spec = plant(name)
        assert abs(float(cec_module(spec.module)["STC"]) - watts) < 0.5
        assert_allclose(spec.n_inverters, count)
        d = _detailed_params(spec)
        inv = d.inverter  # the library inverter rescaled to the unit rating
        assert_allclose(inv["Paco"] / 1000, unit_kw)
        assert abs(inv["Paco"] / inv["Pdco"] - spec.inverter_efficiency) < 0.006
        string_vmp = float(d.module["V_mp_ref"]) * spec.modules_per_string
        assert inv["Mppt_low"] <= string_vmp <= inv["Mppt_high"]
        assert_allclose(
            d.strings_per_inverter * count * spec.modules_per_string,
            spec.metadata["module"]["count"],
            rtol=2e-3,  # library STC powers 198.08 W and 220.25 W for 198 W and 220 W nameplates
        )


def test_scale_inverter_keeps_the_efficiency_curve():
    lib = cec_inverter("Yaskawa_Solectria_Solar__SGI_250_480__480V_")
    scaled = scale_inverter(lib, 250_000.0)
    k = 250_000.0 / lib["Paco"]
    p_dc = np.linspace(0.05, 1.0, 20) * lib["Pdco"]
    for v in (350.0, 450.0):
        ac = pvlib.inverter.sandia(v, p_dc, lib)
        ac_scaled = pvlib.inverter.sandia(v, p_dc * k, scaled)
        assert_allclose(ac_scaled / (p_dc * k), ac / p_dc, rtol=1e-12)
    adr = scale_inverter(adr_inverter("Yaskawa_Solectria_Solar__SGI_250_480__480V_"), 250_000.0)
    assert_allclose(adr["Pacmax"], 250_000.0)


def test_dc_ac_ratio_acts_on_the_detailed_preset():
    spec = plant("ukishima", dc_ac_ratio=1.6)
    assert_allclose(spec.n_inverters, 7509.348 / 1.6 / 250)
    d = _detailed_params(spec)
    assert_allclose(d.strings_per_inverter * 18 * spec.n_inverters, 37926, rtol=5e-4)


def test_plant_overrides_ignore_none():
    spec = plant("ukishima", surface_tilt=None, dc_capacity_kw=1000.0)
    assert spec.surface_tilt == 10.0
    assert_allclose(spec.dc_ac_ratio, plant("ukishima").dc_ac_ratio)
    assert custom_system(surface_tilt=None).surface_tilt == 20.0
    assert equator_facing_azimuth(-6.9) == 0.0 and equator_facing_azimuth(35.5) == 180.0


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
