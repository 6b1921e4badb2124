"""Tests of kgi_lab.wte.accounting against hand calculations from the published figures.

Figures: 2014 policy table 平成24年度発電・売電実績 (FY2012, kWh); kawasaki-facts.md §7 (Tachibana
14,000 kW / 600 t/day / 21.5 %, old plant 2,200 kW / 6 %; Ozenji 7,500 kW, FY2015 54.18 GWh
generated and 39.86 GWh sold; "Derived: 7,224 h, 82 %, self-use ≈14.3 GWh"); partner-cities.md §4
(grid factors: Japan 0.423, India 0.727, Vietnam 0.6592 kg-CO2/kWh).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from kgi_lab import wte
from kgi_lab.wte import accounting

# --------------------------------------------------------------------------------------------------
# electricity balance


def test_own_use_per_plant_fy2012():
    bal = wte.plant_electricity_balance(2012)
    # own use = generation - sold (hand subtraction of the printed table)
    assert bal.loc["ukishima", "own_use_kwh"] == 40_109_636 - 23_431_304 == 16_678_332
    assert bal.loc["tachibana", "own_use_kwh"] == 8_256_976 - 925_020 == 7_331_956
    assert bal.loc["ozenji", "own_use_kwh"] == 52_385_320 - 40_489_728 == 11_895_592
    assert math.isnan(bal.loc["tsutsumine", "own_use_kwh"])  # sales not reported
    # consumption = own use + purchased; net export = sold - purchased
    assert bal.loc["ukishima", "consumption_kwh"] == 17_898_972
    assert bal.loc["tachibana", "consumption_kwh"] == 9_092_554
    assert bal.loc["ozenji", "consumption_kwh"] == 12_145_522
    assert bal.loc["tachibana", "net_export_kwh"] == -835_578  # a net importer
    assert bal.loc["ozenji", "net_export_kwh"] == 40_239_798
    # shares
    assert bal.loc["ozenji", "export_share"] == pytest.approx(40_489_728 / 52_385_320)
    assert bal.loc["ozenji", "export_share"] == pytest.approx(0.7729, abs=1e-4)
    assert bal.loc["ukishima", "export_share"] == pytest.approx(0.5842, abs=1e-4)
    assert bal.loc["tachibana", "export_share"] == pytest.approx(0.1120, abs=1e-4)
    assert bal.loc["ozenji", "self_sufficiency"] == pytest.approx(11_895_592 / 12_145_522)
    assert bal["export_share"].idxmax() == "ozenji"


def test_tsutsumine_with_zero_sales_assumption():
    bal = wte.plant_electricity_balance(2012, assume_unreported_sold_zero=True)
    # the dataset's plausibility note: 7,318,975 + 3,265,630 = 10,584,605 kWh consumed
    assert bal.loc["tsutsumine", "consumption_kwh"] == 10_584_605
    assert bal.loc["tsutsumine", "self_sufficiency"] == pytest.approx(7_318_975 / 10_584_605)


def test_ozenji_fy2015_self_use():
    bal = wte.plant_electricity_balance(2015)
    assert list(bal.index) == ["ozenji"]
    # §7 Derived: self-use ≈ 14.3 GWh (54.18 - 39.86)
    assert bal.loc["ozenji", "own_use_kwh"] == pytest.approx(14_320_000)
    assert math.isnan(bal.loc["ozenji", "consumption_kwh"])  # purchases not published


def test_balance_is_vectorised_and_scalar_friendly():
    arr = wte.electricity_balance(np.array([100.0, 50.0]), np.array([60.0, 0.0]), 10.0)
    assert_allclose(arr["own_use_kwh"], [40.0, 50.0])
    assert_allclose(arr["self_sufficiency"], [0.8, 50 / 60])
    one = wte.electricity_balance(100.0, 25.0)
    assert one["export_share"].iloc[0] == 0.25
    s = wte.electricity_balance(pd.Series([10.0], index=["x"]), 5.0)
    assert list(s.index) == ["x"]


def test_balance_rejects_sales_above_generation():
    with pytest.raises(ValueError, match="'sold_kwh' exceeds 'generation_kwh'.*'b'"):
        wte.electricity_balance(pd.Series([10.0, 5.0], index=["a", "b"]), [5.0, 6.0])
    with pytest.raises(ValueError, match="'purchased_kwh' must be >= 0"):
        wte.electricity_balance(10.0, 5.0, -1.0)


# --------------------------------------------------------------------------------------------------
# generation efficiency, LHV, throughput, capacity factor


def test_tachibana_implied_lhv():
    # 14 MW / (600 t/day = 6.944 kg/s x 0.215) = 14 x 86,400 / (600,000 x 0.215) MJ/kg
    assert wte.tachibana_design_lhv_mj_per_kg() == pytest.approx(1_209_600 / 129_000, rel=1e-12)
    assert wte.tachibana_design_lhv_mj_per_kg() == pytest.approx(9.3767, abs=1e-4)
    # old plant: 2.2 x 86,400 / (600,000 x 0.06) = 5.28 MJ/kg
    assert wte.tachibana_design_lhv_mj_per_kg("old plant") == pytest.approx(5.28, rel=1e-12)
    assert_allclose(
        wte.implied_lhv_mj_per_kg(np.array([14000, 2200]), 600, [0.215, 0.06]), [9.376744186, 5.28]
    )
    with pytest.raises(KeyError, match="parameter 'unit'"):
        wte.tachibana_design_lhv_mj_per_kg("middle plant")


def test_generation_efficiency_round_trip_at_design_point():
    # one day at full load: 14,000 kW x 24 h = 336,000 kWh from 600 t at the implied LHV -> 21.5 %
    lhv = wte.tachibana_design_lhv_mj_per_kg()
    assert wte.power_generation_efficiency(336_000, 600, lhv) == pytest.approx(0.215, rel=1e-12)
    assert wte.implied_throughput_t(336_000, 0.215, lhv) == pytest.approx(600, rel=1e-12)
    # the electricity-only energy recovery rate: heat use not counted, so equal to 発電効率
    assert wte.energy_recovery_rate(336_000, 600, lhv) == wte.power_generation_efficiency(
        336_000, 600, lhv
    )
    assert "heat" in wte.energy_recovery_rate.__doc__ and "excluded" in (
        wte.energy_recovery_rate.__doc__
    )


def test_design_yields_kwh_per_t():
    # rating x 24 h / capacity: 7,500 x 24 / 450; 2,200 x 24 / 600; 14,000 x 24 / 600
    assert_allclose(
        wte.design_yield_kwh_per_t(np.array([7500, 2200, 14000]), [450, 600, 600]),
        [400.0, 88.0, 560.0],
    )


# FY2012 hand calculation of the default throughput (design floors, rest by capacity)
_FLOORS_2012 = {
    "ukishima": 40_109_636 / 560,  # rating not found: the city's best design yield
    "tsutsumine": 7_318_975 / 560,
    "tachibana": 8_256_976 / 88,  # old plant 2,200 kW / 600 t/day
    "ozenji": 52_385_320 / 400,  # 7,500 kW / 450 t/day
}
_CAPACITY = {"ukishima": 900, "tsutsumine": 600, "tachibana": 600, "ozenji": 450}
_REST_2012 = 390_000 - sum(_FLOORS_2012.values())  # 80,513.5 t shared by capacity (2,550 t/day)


def test_throughput_bounds_fy2012():
    b = wte.throughput_bounds_t(2012)
    for pid, floor in _FLOORS_2012.items():
        assert b.loc[pid, "min_t"] == pytest.approx(floor)
        assert b.loc[pid, "max_t"] == _CAPACITY[pid] * 365  # FY2012 has 365 days
    assert b.loc["ozenji", "min_t"] == pytest.approx(130_963.3, abs=0.1)
    assert b.loc["ozenji", "max_t"] == 164_250
    # Ozenji normally runs 2 of its 3 furnaces: 300 t/day x 365 = 109,500 t, BELOW its minimum
    assert b.loc["ozenji", "normal_operation_t"] == 109_500
    assert b.loc["ozenji", "normal_operation_t"] < b.loc["ozenji", "min_t"]
    assert b["normal_operation_t"].drop("ozenji").isna().all()
    # the old capacity share gives Ozenji about half its minimum
    assert b.loc["ozenji", "capacity_share_t"] == pytest.approx(390_000 * 450 / 2550)
    assert b.loc["ozenji", "capacity_share_t"] < 0.53 * b.loc["ozenji", "min_t"]
    assert (b["min_t"] <= b["estimate_t"]).all() and (b["estimate_t"] <= b["max_t"]).all()
    assert "own rating" in b.loc["ozenji", "yield_basis"]
    assert "best design yield" in b.loc["ukishima", "yield_basis"]
    # FY2015 (leap year, 366 days), Ozenji only: 54.18 GWh / 400 kWh/t = 135,450 t
    b15 = wte.throughput_bounds_t(2015)
    assert b15.loc["ozenji", "min_t"] == pytest.approx(135_450.0)
    assert b15.loc["ozenji", "max_t"] == 450 * 366
    assert "tachibana" not in b15.index  # the old plant closed after FY2014
    assert b15["estimate_t"].isna().all()  # no city total for FY2015


def test_throughput_estimate_design_floor_fy2012():
    est = wte.estimate_throughput_t(2012)
    for pid, floor in _FLOORS_2012.items():
        assert est[pid] == pytest.approx(floor + _REST_2012 * _CAPACITY[pid] / 2550), pid
    assert est["ozenji"] == pytest.approx(145_171.6, abs=0.1)
    assert est["ukishima"] == pytest.approx(100_040.9, abs=0.1)
    assert est["tachibana"] == pytest.approx(112_773.6, abs=0.1)
    assert est["tsutsumine"] == pytest.approx(32_014.0, abs=0.1)
    assert est.sum() == pytest.approx(390_000)
    assert "ESTIMATE" in est.attrs["method"] and "design yield" in est.attrs["method"]


def test_throughput_estimate_other_methods_and_caps():
    cap = wte.estimate_throughput_t(2012, method="capacity")
    # 390,000 t x capacity / 2,550 t/day (the former default)
    assert cap["ukishima"] == pytest.approx(390_000 * 900 / 2550)
    assert cap["ozenji"] == pytest.approx(68_823.53, abs=0.01)
    custom = wte.estimate_throughput_t(
        2012, city_total_t=100.0, weights={"ozenji": 1, "ukishima": 3}
    )
    assert custom.to_dict() == {"ozenji": 25.0, "ukishima": 75.0}
    # FY2015 with a given total: Ozenji's floor 135,450 t, its share of the rest would pass its
    # capacity (164,700 t), so it stops there and the other two plants share the rest
    est15 = wte.estimate_throughput_t(2015, city_total_t=300_000)
    assert est15["ozenji"] == 450 * 366
    assert est15["ukishima"] == pytest.approx((300_000 - 164_700) * 900 / 1500)
    assert est15.sum() == pytest.approx(300_000)
    with pytest.raises(KeyError, match="'fiscal_year'.*give city_total_t"):
        wte.estimate_throughput_t(2015)
    with pytest.raises(KeyError, match="parameter 'weights': unknown plant 'x'"):
        wte.estimate_throughput_t(2012, weights={"x": 1.0})
    with pytest.raises(ValueError, match="parameter 'method'"):
        wte.estimate_throughput_t(2012, method="furnaces")
    with pytest.raises(ValueError, match="'city_total_t' = 200,000 t is below the least waste"):
        wte.estimate_throughput_t(2012, city_total_t=200_000)
    with pytest.raises(ValueError, match="'city_total_t' = 1,000,000 t is above"):
        wte.estimate_throughput_t(2012, city_total_t=1_000_000)


def test_plant_energy_recovery_ozenji_fy2012():
    r = wte.plant_energy_recovery("ozenji", 2012)
    lhv = 1_209_600 / 129_000
    waste_t = _FLOORS_2012["ozenji"] + _REST_2012 * 450 / 2550
    # eta = 52,385,320 kWh x 3.6 MJ/kWh / (145,171.6 t x 1000 kg/t x 9.3767 MJ/kg)
    assert r["throughput_t"] == pytest.approx(waste_t)
    assert r["generation_efficiency"] == pytest.approx(52_385_320 * 3.6 / (waste_t * 1000 * lhv))
    assert r["generation_efficiency"] == pytest.approx(0.13854, abs=1e-5)
    # plausible: below Ozenji's design-point efficiency at this LHV, 7.5 MW / (450 t/day x LHV),
    # which is where the design-yield minimum would put it, and above the all-furnaces maximum
    design_eta = 7_500 * 86_400 / (450_000 * lhv * 1000)
    assert design_eta == pytest.approx(0.1536, abs=1e-4)
    assert r["generation_efficiency"] < 0.91 * design_eta
    eta_at = {
        k: wte.power_generation_efficiency(52_385_320, r[k], lhv)
        for k in ("throughput_min_t", "throughput_max_t")
    }
    assert eta_at["throughput_min_t"] == pytest.approx(design_eta)
    assert eta_at["throughput_max_t"] == pytest.approx(0.1224, abs=1e-4)
    assert eta_at["throughput_max_t"] < r["generation_efficiency"] < eta_at["throughput_min_t"]
    # FY2012 has 8,760 h: 52,385,320 / 7,500 = 6,984.7 h -> 79.7 %
    assert r["full_load_hours"] == pytest.approx(6984.709, abs=1e-3)
    assert r["capacity_factor"] == pytest.approx(0.7973, abs=1e-4)
    given = wte.plant_energy_recovery("ozenji", 2012, lhv_mj_per_kg=10.0, throughput_t=100_000)
    assert given["generation_efficiency"] == pytest.approx(52_385_320 * 3.6 / 1e9)
    assert given["throughput_method"] == given["lhv_method"] == "given"
    assert math.isnan(wte.plant_energy_recovery("ukishima")["capacity_factor"])  # rating not found
    # every plant's default efficiency stays below the new Tachibana design (21.5 %)
    for pid in _FLOORS_2012:
        assert wte.plant_energy_recovery(pid)["generation_efficiency"] < 0.215, pid


def test_plant_energy_recovery_errors():
    with pytest.raises(KeyError, match="parameter 'plant': unknown plant 'nope'"):
        wte.plant_energy_recovery("nope")
    with pytest.raises(
        ValueError, match="parameter 'plant': no published generation for 'ukishima'"
    ):
        wte.plant_energy_recovery("ukishima", 2015, throughput_t=1000)
    with pytest.raises(ValueError, match="'throughput_t' must be > 0"):
        wte.plant_energy_recovery("ozenji", throughput_t=0)


def test_ozenji_fy2015_capacity_factor_82_percent():
    # kawasaki-facts §7 Derived: 54.18 GWh / 7.5 MW = 7,224 h -> 82 %
    assert wte.full_load_hours(54_180_000, 7_500) == pytest.approx(7224.0)
    assert wte.capacity_factor(54_180_000, 7_500) == pytest.approx(7224 / 8760)
    assert round(100 * wte.capacity_factor(54_180_000, 7_500)) == 82
    # FY2015 really had 8,784 h (29 Feb 2016): 82.2 %
    r = wte.plant_energy_recovery("ozenji", 2015, throughput_t=100_000)
    assert r["hours"] == 8784 and r["capacity_factor"] == pytest.approx(7224 / 8784)
    assert_allclose(wte.capacity_factor(np.array([8760.0, 4380.0]), 1.0), [1.0, 0.5])


def test_energy_inputs_validated():
    with pytest.raises(ValueError, match="'waste_t' must be > 0"):
        wte.power_generation_efficiency(1.0, 0.0, 9.0)
    with pytest.raises(ValueError, match="'lhv_mj_per_kg' must be > 0"):
        wte.energy_recovery_rate(1.0, 1.0, -9.0)
    with pytest.raises(
        ValueError, match=r"'generation_efficiency' must be a fraction in \(0, 1\].*%"
    ):
        wte.implied_lhv_mj_per_kg(14000, 600, 21.5)
    with pytest.raises(ValueError, match="'rating_kw' must be > 0"):
        wte.capacity_factor(1.0, 0.0)


# --------------------------------------------------------------------------------------------------
# grid factors and CO2


def test_grid_factors_partner_cities_section_4():
    assert wte.grid_factor_kg_per_kwh() == 0.423
    assert wte.grid_factor_kg_per_kwh("JP") == 0.423
    assert wte.grid_factor_kg_per_kwh("kawasaki") == 0.423
    assert wte.grid_factor_kg_per_kwh("mumbai") == 0.727
    assert wte.grid_factor_kg_per_kwh("da_nang") == 0.6592
    assert wte.grid_factor_kg_per_kwh("shanghai") == 0.5366
    assert wte.grid_factor_kg_per_kwh("penang") == 0.758
    assert wte.grid_factor_kg_per_kwh("bandung") == 0.87
    assert wte.grid_factor_kg_per_kwh("tepco_ep_fy2024_adjusted") == 0.421
    table = wte.grid_factors()
    assert table.loc["IN", "cities"] == "mumbai"
    with pytest.raises(KeyError, match="parameter 'grid': unknown grid 'mars'"):
        wte.grid_factor_kg_per_kwh("mars")
    with pytest.raises(ValueError, match="g/kWh"):
        accounting.resolve_grid_factor("JP", 423.0)
    assert accounting.resolve_grid_factor("JP", 0.5) == 0.5


def test_ukishima_export_avoided_co2_hand_calculation():
    # 23,431,304 kWh x 0.423 kg/kWh = 9,911,441.592 kg
    assert wte.avoided_co2_t(23_431_304, 0.423) == pytest.approx(9_911.441592, rel=1e-12)
    # the same sales in Mumbai (0.727) and Da Nang (0.6592)
    assert wte.avoided_co2_t(23_431_304, wte.grid_factor_kg_per_kwh("mumbai")) == pytest.approx(
        17_034.558, abs=1e-3
    )
    assert wte.avoided_co2_t(23_431_304, wte.grid_factor_kg_per_kwh("da_nang")) == pytest.approx(
        15_445.916, abs=1e-3
    )


def test_co2_accounting_fy2012():
    bal = wte.plant_electricity_balance(2012)
    co2 = wte.co2_accounting(bal["generation_kwh"], bal["sold_kwh"], 0.423)
    assert co2.loc["ozenji", "avoided_export_co2_t"] == pytest.approx(40_489_728 * 0.423 / 1000)
    assert co2.loc["ozenji", "avoided_own_use_co2_t"] == pytest.approx(11_895_592 * 0.423 / 1000)
    assert co2.loc["ozenji", "avoided_total_co2_t"] == pytest.approx(22_158.99, abs=0.01)
    # Tsutsumine: the split is unknown but the total needs only its generation
    assert math.isnan(co2.loc["tsutsumine", "avoided_export_co2_t"])
    assert co2.loc["tsutsumine", "avoided_total_co2_t"] == pytest.approx(7_318_975 * 0.423 / 1000)
    # all four plants' generation: 108,070,907 kWh x 0.423 = 45,714 t
    assert co2["avoided_total_co2_t"].sum() == pytest.approx(108_070_907 * 0.423 / 1000)
    assert co2["fossil_co2_t"].isna().all() and co2["net_co2_t"].isna().all()


def test_fossil_co2_of_plastics():
    # IPCC 2006: dm 1.0 x CF 0.75 x FCF 1.0 x OF 1.0 x 44/12 = 2.75 t-CO2/t plastic
    assert wte.plastic_co2_t_per_t() == pytest.approx(2.75, rel=1e-12)
    assert wte.plastic_co2_t_per_t(carbon_fraction_of_dry_matter=0.85) == pytest.approx(
        0.85 * 44 / 12
    )
    assert wte.fossil_co2_t(1000.0, 0.1) == pytest.approx(275.0)
    assert wte.fossil_co2_t(1000.0, 0.1, co2_t_per_t_plastic=2.6) == pytest.approx(260.0)
    net = wte.co2_accounting(52_385_320, 40_489_728, 0.423, waste_t=100_000, plastic_fraction=0.1)
    assert net["fossil_co2_t"].iloc[0] == pytest.approx(27_500.0)
    assert net["net_co2_t"].iloc[0] == pytest.approx(27_500.0 - 52_385_320 * 0.423 / 1000)
    with pytest.raises(ValueError, match="parameter 'plastic_fraction' is required"):
        wte.fossil_co2_t(1000.0, None)
    with pytest.raises(ValueError, match=r"'plastic_fraction' must be a fraction in \[0, 1\]"):
        wte.fossil_co2_t(1000.0, 12.0)
