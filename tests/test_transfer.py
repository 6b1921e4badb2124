"""kgi_lab.transfer: the capstone's local conditions, hand-checked against the published figures.

Published values come from shared/reference/partner-cities.md (§4 grid factors, §5 national air
standards, §6 IPCC 2006 fuel factors) and kawasaki-facts.md §2 (Japan's standards).
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest

from kgi_lab import datasets, transfer
from kgi_lab.air.standards import STANDARD_KEYS

PARTNERS = ("shenyang", "shanghai", "penang", "da_nang", "bandung", "mumbai")

# partner-cities.md §4, the headline value of each country/grid [kg-CO2/kWh]
GRID = {
    "kawasaki": 0.423,
    "shenyang": 0.5366,
    "shanghai": 0.5366,
    "penang": 0.758,
    "da_nang": 0.6592,
    "bandung": 0.87,
    "mumbai": 0.727,
}
# partner-cities.md §6: IPCC 2006 default CO2 factors [t-CO2/GJ NCV]
IPCC_T_PER_GJ = {
    "natural_gas": 0.0561,
    "residual_fuel_oil": 0.0774,
    "gas_diesel_oil": 0.0741,
    "lpg": 0.0631,
    "other_bituminous_coal": 0.0946,
}
# 25 °C, 1 atm molar volume [L/mol] = R T / p (kgi_lab.units constants)
VM_25C = 8.314462618 * 298.15 / 101325.0 * 1000.0


@pytest.fixture(scope="module")
def comparison():
    return transfer.compare_cities()


@pytest.fixture(scope="module")
def air_data():
    from kgi_lab.air import load_air_data

    return load_air_data("embedded")


# ------------------------------------------------------------------------------------------ data


def test_dataset_grid_factors_match_the_dossier_and_the_heat_factors():
    doc = datasets.load("partner_city_factors")
    heat = datasets.load("japan_fuel_factors")["electricity"]["grid_co2_t_per_mwh"]
    assert set(doc["cities"]) == set(GRID)
    for city, entry in doc["cities"].items():
        grid = entry["grid"]
        assert grid["co2_kg_per_kwh"] == pytest.approx(GRID[city], abs=0)
        # the same number is catalogued once more for kgi_lab.heat.savings: they must agree
        assert heat[grid["heat_factor_key"]]["value"] == pytest.approx(GRID[city], abs=0)
        assert grid["source"] in doc["sources"] and grid["year"] and grid["quality"]
        assert entry["air_standard"] in STANDARD_KEYS
        fuel = entry["boiler_fuel"]
        assert fuel["label"] == "assumption" and "ASSUMPTION" in fuel["note"]
        assert set(fuel["fuel_mix"]) <= set(IPCC_T_PER_GJ)
        assert sum(fuel["fuel_mix"].values()) == pytest.approx(1.0)
        assert all(k in doc["sources"] for k in fuel["sources"])
        # partner-cities.md §7: prices NOT FOUND, never filled in
        assert entry["fuel_price"]["value_per_gj"] is None
        assert entry["fuel_price"]["status"] == "NOT FOUND"
    # China: the provincial factors were not found and the file says so
    assert "NOT FOUND" in doc["cities"]["shenyang"]["grid"]["scope"]
    assert "NOT FOUND" in doc["cities"]["shanghai"]["grid"]["scope"]


def test_city_profile_penang():
    p = transfer.city_profile("penang")
    assert p["tz"] == "Asia/Kuala_Lumpur"
    assert p["wmo_id"] == "48601"
    assert p["grid_co2_kg_per_kwh"] == 0.758
    assert "MIDA" in p["grid_source"]
    assert p["air_standard"] == "MY" and "PARTIAL" in p["air_standard_name"]
    assert p["boiler_fuel"] == "natural_gas" and p["boiler_fuel_label"] == "assumption"
    assert p["boiler_fuel_co2_t_per_gj"] == pytest.approx(0.0561)
    assert p["fuel_price_per_gj"] is None


def test_city_profile_kawasaki_mix_factor():
    p = transfer.city_profile("kawasaki")
    # 60 % natural gas + 40 % gas/diesel oil (the heat module's mix in IPCC categories)
    assert p["boiler_fuel_co2_t_per_gj"] == pytest.approx(0.6 * 0.0561 + 0.4 * 0.0741)
    assert p["tz"] == "Asia/Tokyo" and p["air_standard"] == "JP"


@pytest.mark.parametrize("bad", ["osaka", "yokohama", None, 3])
def test_unknown_city_names_the_parameter(bad):
    with pytest.raises(ValueError, match="parameter 'city'.*penang"):
        transfer.city_profile(bad)


# -------------------------------------------------------------------------------------------- PV


@pytest.fixture(scope="module")
def pv_penang():
    return transfer.pv_summary("penang")


def test_pv_co2_is_energy_times_local_factor(pv_penang):
    pv = pv_penang
    # t = MWh x kg/kWh (1 MWh x 1 kg/kWh = 1 t)
    assert pv.co2_avoided_t == pytest.approx(pv.ac_energy_mwh * 0.758, rel=1e-12)
    assert pv.co2_avoided_t_per_mwp == pytest.approx(pv.co2_avoided_t, rel=1e-12)  # 1 MWp
    assert pv.ac_energy_mwh * 1000 == pytest.approx(pv.specific_yield_kwh_per_kwp * 1000.0)
    assert pv.monthly_energy_kwh.sum() / 1000 == pytest.approx(pv.ac_energy_mwh, rel=1e-3)
    assert len(pv.monthly_energy_kwh) == 12


def test_pv_best_tilt_is_the_maximum_of_the_sweep(pv_penang):
    pv = pv_penang
    curve = pv.tilt_sensitivity
    assert list(curve.index) == list(np.arange(0.0, 61.0, 5.0))
    assert pv.best_tilt_deg == curve.idxmax()
    assert pv.tilt_deg == pv.best_tilt_deg  # tilt=None simulates the best tilt
    assert pv.azimuth_deg == 180.0  # 5.30 N faces south
    # near the equator the best tilt is low
    assert pv.best_tilt_deg <= 15
    assert 0.6 < pv.performance_ratio < 0.9


def test_pv_south_of_the_equator_faces_north_and_tilt_is_respected():
    pv = transfer.pv_summary("bandung", tilt=30.0, dc_capacity_kw=500.0)
    assert pv.azimuth_deg == 0.0 and pv.tilt_deg == 30.0
    assert pv.co2_avoided_t_per_mwp == pytest.approx(2 * pv.co2_avoided_t)
    assert pv.co2_avoided_t == pytest.approx(pv.ac_energy_mwh * 0.87)
    # 30 deg is off the optimum: the yield is below the sweep's maximum
    assert pv.specific_yield_kwh_per_kwp < pv.tilt_sensitivity.max()


def test_pv_is_fast():
    transfer.pv_summary("da_nang")  # warm imports and caches
    start = time.perf_counter()
    transfer.pv_summary("mumbai")
    assert time.perf_counter() - start < 5.0


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"tilt": 95.0}, "tilt"),
        ({"tilt": -1.0}, "tilt"),
        ({"dc_capacity_kw": 0.0}, "dc_capacity_kw"),
        ({"preset": "detailed"}, "preset"),
        ({"tilt_step_deg": 45.0}, "tilt_step_deg"),
    ],
)
def test_pv_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=f"parameter '{name}'"):
        transfer.pv_summary("penang", **kwargs)


# -------------------------------------------------------------------------------- air standards


def _local(table, limit):
    return table.set_index("limit").loc[limit, "local_limit_ug_m3"]


POLLUTANTS_ALL = ("no2", "pm25", "pm10", "so2", "o3", "co")


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        # partner-cities.md §5.1, India NAAQS 2009 (industrial, residential, rural, other areas)
        (
            "mumbai",
            {
                "pm25 annual": 40,
                "pm25 24h": 60,
                "pm10 annual": 60,
                "pm10 24h": 100,
                "no2 annual": 40,
                "no2 24h": 80,
                "so2 annual": 50,
                "so2 24h": 80,
                "o3 8h": 100,
                "o3 1h": 180,
                "co 8h": 2000,  # 2 mg/m3
                "co 1h": 4000,
            },
        ),
        # §5.2, QCVN 05:2023 gases, 05:2013 particles
        (
            "da_nang",
            {
                "so2 1h": 350,
                "so2 24h": 125,
                "so2 annual": 50,
                "co 1h": 30000,
                "co 8h": 10000,
                "no2 1h": 200,
                "no2 24h": 100,
                "no2 annual": 40,
                "o3 1h": 200,
                "o3 8h": 120,
                "pm10 24h": 150,
                "pm10 annual": 50,
                "pm25 24h": 50,
                "pm25 annual": 25,
            },
        ),
        # §5.3, PP 22/2021 Lampiran VII
        (
            "bandung",
            {
                "pm25 24h": 55,
                "pm25 annual": 15,
                "pm10 24h": 75,
                "pm10 annual": 40,
                "so2 1h": 150,
                "so2 24h": 75,
                "so2 annual": 45,
                "no2 1h": 200,
                "no2 24h": 65,
                "no2 annual": 50,
                "o3 1h": 150,
                "o3 8h": 100,
                "o3 annual": 35,
                "co 1h": 10000,
                "co 8h": 4000,
            },
        ),
    ],
)
def test_national_limits_match_the_dossier(city, expected):
    table = transfer.applicable_standards(city, POLLUTANTS_ALL)
    got = table.dropna(subset=["local_limit_ug_m3"]).set_index("limit")["local_limit_ug_m3"]
    assert got.to_dict() == pytest.approx({k: float(v) for k, v in expected.items()})


def test_japan_and_who_columns_by_hand():
    table = transfer.applicable_standards("bandung").set_index("limit")
    # Japan's ppm standards at 25 °C, 1 atm: ppm x M / Vm (NO2 46.01, SO2 64.07 g/mol)
    assert table.loc["no2 24h", "japan_limit_ug_m3"] == pytest.approx(0.06 * 46.01 / VM_25C * 1e3)
    assert table.loc["no2 24h", "japan_limit_ug_m3"] == pytest.approx(112.84, abs=0.01)
    assert table.loc["so2 24h", "japan_limit_ug_m3"] == pytest.approx(0.04 * 64.07 / VM_25C * 1e3)
    assert table.loc["so2 1h", "japan_limit_ug_m3"] == pytest.approx(261.88, abs=0.01)
    assert table.loc["pm25 annual", "japan_limit_ug_m3"] == 15.0
    assert table.loc["pm25 24h", "japan_limit_ug_m3"] == 35.0
    # WHO 2021 AQG levels (kawasaki-facts.md §3a)
    assert table.loc["pm25 annual", "who_limit_ug_m3"] == 5.0
    assert table.loc["no2 annual", "who_limit_ug_m3"] == 10.0
    assert table.loc["no2 24h", "who_limit_ug_m3"] == 25.0
    assert table.loc["so2 24h", "who_limit_ug_m3"] == 40.0
    # Japan sets no O3 or PM10 standard: missing with the reason, never compared
    for limit in ("o3 8h", "pm10 24h", "pm10 annual"):
        assert math.isnan(table.loc[limit, "japan_limit_ug_m3"])
        assert table.loc[limit, "local_vs_japan"] == "no Japanese limit"
    assert "Ox" in table.loc["o3 8h", "note"] and "SPM" in table.loc["pm10 24h", "note"]
    assert table.loc["no2 24h", "strictest"] == "WHO"


@pytest.mark.parametrize(
    ("city", "stricter"),
    [
        ("bandung", {"no2 24h", "so2 24h", "so2 1h"}),  # 65 < 112.8; 75 < 104.8; 150 < 261.9
        ("mumbai", {"no2 24h", "so2 24h"}),  # 80 < 112.8; 80 < 104.8
        ("da_nang", {"no2 24h"}),  # 100 < 112.8 (SO2 125 > 104.8)
        ("shenyang", {"no2 24h"}),  # GB 3095 grade II 80 (SO2 150 > 104.8)
        ("penang", set()),  # MAAQS 2020: only PM2.5 24-h 35 = Japan's 35
        ("kawasaki", set()),
    ],
)
def test_stricter_than_japan(city, stricter):
    table = transfer.applicable_standards(city)
    assert set(table.loc[table["local_vs_japan"] == "stricter", "limit"]) == stricter


def test_verdicts_equal_looser_and_missing():
    bandung = transfer.applicable_standards("bandung").set_index("limit")
    assert bandung.loc["pm25 annual", "local_vs_japan"] == "equal"  # 15 = 15
    assert bandung.loc["pm25 24h", "local_vs_japan"] == "looser"  # 55 > 35
    penang = transfer.applicable_standards("penang").set_index("limit")
    assert penang.loc["pm25 24h", "local_vs_japan"] == "equal"  # 35 = 35
    assert penang.loc["pm25 24h", "strictest"] == "WHO"
    assert math.isnan(penang.loc["pm25 annual", "local_limit_ug_m3"])
    assert penang.loc["no2 24h", "local_vs_japan"] == "no local limit"
    assert "NOT FOUND" in penang.loc["no2 24h", "note"]
    assert "NOT FOUND" in penang.loc["pm25 annual", "note"]
    assert any("MAAQS" in m for m in transfer.applicable_standards("penang").attrs["local_missing"])


def test_chinese_cities_use_grade_two():
    table = transfer.applicable_standards("shanghai").set_index("limit")
    assert table["local_standard"].iloc[0] == "CN-II"
    assert table.loc["pm25 annual", "local_limit_ug_m3"] == 35.0  # GB 3095-2012 grade II
    assert table.loc["pm25 24h", "local_limit_ug_m3"] == 75.0


@pytest.mark.parametrize("bad", [("no2", "nox"), ("ox",), (), "benzene"])
def test_unknown_pollutant_names_the_parameter(bad):
    with pytest.raises(ValueError, match="parameter 'pollutants'"):
        transfer.applicable_standards("mumbai", bad)


# ---------------------------------------------------------------- Kawasaki under local standards


def test_kawasaki_network_under_malaysia(air_data):
    from kgi_lab.air.standards import evaluate, evaluate_japan

    table = transfer.kawasaki_against_local_standard("penang", "pm25", 2017, data=air_data)
    summary = table.attrs["summary"]
    # MAAQS 2020 PM2.5: every daily mean <= 35 ug/m3
    evaluable = table["local_evaluable"].astype(bool)
    by_hand = (table.loc[evaluable, "24h_max_ug_m3"] <= 35.0).sum()
    assert summary["local_attained"] == by_hand
    direct = evaluate(air_data, "pm25", 2017, "MY")
    assert summary["local_attained"] == int(direct["attained"].fillna(False).sum())
    japan = evaluate_japan(air_data, "pm25", 2017)
    assert summary["japan_attained"] == int(japan["attained"].fillna(False).sum())
    assert summary["local_attained"] < summary["japan_attained"]
    assert summary["stations"] == int((japan["valid_hours"] > 0).sum())


def test_kawasaki_network_under_japan_is_japan(air_data):
    table = transfer.kawasaki_against_local_standard("kawasaki", "no2", 2016, data=air_data)
    pd.testing.assert_series_equal(
        table["local_attained"], table["japan_attained"], check_names=False
    )


def test_missing_local_limit_is_shown_not_raised(air_data):
    table = transfer.kawasaki_against_local_standard("penang", "no2", 2017, data=air_data)
    assert table["local_attained"].isna().all()
    assert "NOT FOUND" in table.attrs["summary"]["missing"]
    assert table.attrs["summary"]["local_attained"] == 0


@pytest.mark.parametrize("bad", ["o3", "ox", "pm10", "xyz"])
def test_unknown_network_pollutant_names_the_parameter(bad, air_data):
    with pytest.raises(ValueError, match="parameter 'pollutant'"):
        transfer.kawasaki_against_local_standard("mumbai", bad, data=air_data)


# ------------------------------------------------------------------------------------------ heat


def test_heat_savings_shenyang_by_hand():
    from kgi_lab.heat.savings import extracted_steam_t_per_year

    s = transfer.heat_savings("shenyang")
    # heat module docstring: 1.5 MPa / 280 °C steam from 20 °C water carries 2.908 GJ/t
    assert s.heat_delivered_gj == pytest.approx(400_000 * 2.908, rel=1e-3)
    avoided_gj = s.heat_delivered_gj / 0.85
    assert s.avoided_fuel_gj == pytest.approx(avoided_gj)
    # IPCC 2006 other bituminous coal 94.6 kg CO2/GJ (partner-cities.md §6)
    assert s.avoided_co2_t == pytest.approx(avoided_gj * 0.0946)
    # 1 t extracted at 3.0 MPa / 380 °C would have made 0.255 MWh (heat module docstring)
    extracted = extracted_steam_t_per_year(400_000, 1.5, 280.0, 3.0, 380.0)
    assert s.lost_generation_mwh == pytest.approx(extracted * 0.255, rel=5e-3)
    # lost generation at China's national factor 0.5366 t/MWh, 9.97 GJ/MWh primary energy
    assert s.makeup_co2_t == pytest.approx(s.lost_generation_mwh * 0.5366)
    assert s.makeup_gj == pytest.approx(s.lost_generation_mwh * 9.97)
    assert s.net_co2_t == pytest.approx(avoided_gj * 0.0946 - s.lost_generation_mwh * 0.5366)
    net_gj = avoided_gj - s.lost_generation_mwh * 9.97
    assert s.net_crude_oil_kl == pytest.approx(net_gj * 0.0258)
    assert s.breakeven_grid_co2_kg_per_kwh == pytest.approx(
        avoided_gj * 0.0946 / s.lost_generation_mwh
    )
    # no price was found: no money
    assert s.avoided_fuel_cost is None and s.net_money is None and s.currency is None


def test_heat_energy_transfers_co2_does_not():
    penang = transfer.heat_savings("penang")
    bandung = transfer.heat_savings("bandung")
    assert penang.net_crude_oil_kl == pytest.approx(bandung.net_crude_oil_kl)
    # gas boilers displaced on a 0.758 grid save little; coal boilers on a 0.87 grid save more
    assert penang.net_co2_t < 0.2 * bandung.net_co2_t
    assert penang.net_co2_t == pytest.approx(
        penang.avoided_fuel_gj * 0.0561 - penang.lost_generation_mwh * 0.758
    )
    # a clean grid (0 kg/kWh): the whole avoided CO2 is saved
    clean = transfer.heat_savings("penang", grid_co2_kg_per_kwh=0.0)
    assert clean.net_co2_t == pytest.approx(clean.avoided_co2_t)


def test_heat_money_only_from_given_prices():
    s = transfer.heat_savings("mumbai", fuel_price_per_gj=10.0, currency="INR")
    assert s.avoided_fuel_cost == pytest.approx(10.0 * s.avoided_fuel_gj)
    assert s.net_money is None and s.currency == "INR"
    s2 = transfer.heat_savings(
        "mumbai", fuel_price_per_gj=10.0, electricity_price_per_mwh=50.0, currency="INR"
    )
    assert s2.net_money == pytest.approx(10.0 * s2.avoided_fuel_gj - 50.0 * s2.lost_generation_mwh)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"steam_t_per_year": -1.0}, "steam_t_per_year"),
        ({"steam_t_per_year": 0.0}, "steam_t_per_year"),
        ({"boiler_efficiency": 1.2}, "boiler_efficiency"),
        ({"fuel_price_per_gj": 5.0}, "currency"),
        ({"fuel_price_per_gj": -5.0, "currency": "USD"}, "fuel_price_per_gj"),
        ({"grid_co2_kg_per_kwh": -0.1}, "grid_co2_kg_per_kwh"),
        ({"fuel_mix": {"peat": 1.0}}, "fuel_mix"),
    ],
)
def test_heat_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=f"parameter '{name}'"):
        transfer.heat_savings("penang", **kwargs)


def test_heat_unknown_scheme_keyword():
    with pytest.raises(ValueError, match="makeup"):
        transfer.heat_savings("penang", makeup="plant")


# ------------------------------------------------------------------------------------ comparison


def test_compare_every_city(comparison):
    assert list(comparison["city"]) == list(GRID)
    assert comparison["grid_factor_kg_per_kwh"].tolist() == list(GRID.values())
    row = comparison.set_index("city")
    for city in PARTNERS:
        assert row.loc[city, "pv_co2_avoided_t_per_mwp"] == pytest.approx(
            row.loc[city, "specific_yield_kwh_per_kwp"] * GRID[city]
        )
        assert np.isfinite(row.loc[city, "heat_net_co2_t"])
        assert row.loc[city, "boiler_fuel_label"] == "assumption"
    assert row.loc["bandung", "standards_stricter_than_japan"] == 3
    assert row.loc["penang", "standards_stricter_than_japan"] == 0
    assert math.isnan(row.loc["penang", "pm25_annual_limit_ug_m3"])  # MAAQS: not found
    assert row.loc["mumbai", "pm25_annual_limit_ug_m3"] == 40.0
    assert math.isnan(row.loc["kawasaki", "no2_annual_limit_ug_m3"])  # Japan has none
    assert row.loc["kawasaki", "pm25_annual_limit_ug_m3"] == 15.0
    pv = transfer.pv_summary("shenyang")
    assert row.loc["shenyang", "specific_yield_kwh_per_kwp"] == pv.specific_yield_kwh_per_kwp


def test_compare_subset_and_errors():
    two = transfer.compare_cities(["penang", "mumbai"])
    assert list(two["city"]) == ["penang", "mumbai"]
    with pytest.raises(ValueError, match="parameter 'cities'"):
        transfer.compare_cities(["penang", "osaka"])
    with pytest.raises(ValueError, match="parameter 'cities'"):
        transfer.compare_cities([])


# ------------------------------------------------------------------------------- exercises, schema


def test_exercises_accept_the_computed_answers():
    from kgi_lab.exercises import check

    pv = transfer.pv_summary("bandung")
    assert check("transfer_to_your_city.best-tilt", pv.best_tilt_deg, city="bandung").correct
    assert check("transfer_to_your_city.best-tilt", pv.best_tilt_deg + 5, city="bandung").correct
    assert not check("transfer_to_your_city.best-tilt", pv.best_tilt_deg + 15, city="bandung")
    assert check("transfer_to_your_city.stricter-than-japan", set(), city="penang").correct
    assert check(
        "transfer_to_your_city.stricter-than-japan", ["no2 24h", "so2 24h"], city="mumbai"
    ).correct
    s = transfer.heat_savings("da_nang")
    assert check("transfer_to_your_city.heat-net-co2", s.net_co2_t, city="da_nang").correct
    assert check(
        "transfer_to_your_city.breakeven-grid-factor",
        f"{s.breakeven_grid_co2_kg_per_kwh * 1000:.1f} g/kWh",
        city="da_nang",
    ).correct


def test_schema_requires_a_currency_with_a_price():
    from kgi_lab.batch.registry import SCHEMAS
    from kgi_lab.batch.schema import ParameterError

    schema = SCHEMAS["transfer_to_your_city"]
    schema.validate(schema.defaults())
    with pytest.raises(ParameterError, match="currency"):
        schema.validate({**schema.defaults(), "fuel_price_per_gj": 12.0})


def test_notebook_checks_every_registered_exercise_once():
    import re

    from kgi_lab._paths import notebooks_dir
    from kgi_lab.exercises import exercises

    source = (notebooks_dir() / "transfer_to_your_city.py").read_text(encoding="utf-8")
    ids = [e.id for e in exercises("transfer_to_your_city")]
    assert sorted(re.findall(r'check\(\s*"([^"]+)"', source)) == sorted(ids)
    assert 3 <= len(ids) <= 6 and all(len(e.hints) == 2 for e in exercises("transfer_to_your_city"))
    headings = re.findall(r"^# ### Exercise (\d+): ", source, flags=re.M)
    assert [int(h) for h in headings] == list(range(1, len(ids) + 1))
