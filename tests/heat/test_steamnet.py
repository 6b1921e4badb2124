"""Tests of kgi_lab.heat.steamnet: the Kawasaki Steam Net case data, sizing, demand, heat loss.

Published facts (kawasaki-facts.md §6; City of Kawasaki 2014 policy): ~6.5 km, 10 customers,
64 cm outer diameter including insulation (2006 plan), steam from the Kawasaki power station
(Wikipedia: 35°30'43.5"N 139°45'45.0"E).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from kgi_lab.heat import steamnet


@pytest.fixture(scope="module")
def case():
    return steamnet.load_case()


def test_published_facts_are_in_the_case(case):
    facts = case["facts"]
    assert facts["policy_2014"]["steam_t_per_year"] == 400_000
    assert facts["plan_2006"]["outer_diameter_incl_insulation_m"] == 0.64
    assert facts["claimed_savings"]["crude_oil_kl_per_year"] == 11_000
    src = case["nodes"].loc["S"]
    assert (src["latitude"], src["longitude"]) == (35.51208, 139.76250)


def test_trunk_length_consumers_and_shares(case):
    pipes, consumers = case["pipes"], case["consumers"]
    trunk = pipes[pipes["role"] != "service"]
    assert trunk["length_m"].sum() == pytest.approx(6500.0)  # ~6.5 km (2014 policy)
    assert len(consumers) == 10  # 10 customers
    assert consumers["share"].sum() == pytest.approx(1.0, abs=1e-12)
    assert consumers["steam_t_per_year"].sum() == pytest.approx(400_000)
    # every route is at least as long as the straight line between its end nodes
    assert (pipes["length_m"] >= pipes["straight_length_m"]).all()


def test_trunk_length_override_scales_the_trunk():
    c = steamnet.load_case(trunk_length_m=5290)
    trunk = c["pipes"][c["pipes"]["role"] != "service"]
    assert trunk["length_m"].sum() == pytest.approx(5290.0)


def test_network_is_a_tree_fed_from_the_source(case):
    g = steamnet.to_networkx(case)
    assert nx.is_arborescence(g)
    assert set(nx.descendants(g, "S")) >= set(case["consumers"]["node"])


def test_mass_balance_at_every_junction(case):
    pipes, consumers = case["pipes"], case["consumers"]
    assert pipes.loc["P01", "mass_flow_kg_s"] == pytest.approx(case["source"]["mass_flow_kg_s"])
    # 400,000 t/yr = 12.684 kg/s on average
    assert case["source"]["mass_flow_kg_s"] == pytest.approx(400_000e3 / 8760 / 3600)
    demand = consumers.set_index("node")["mass_flow_kg_s"]
    for node in case["nodes"].index[case["nodes"]["kind"] == "junction"]:
        inflow = pipes.loc[pipes["to_node"] == node, "mass_flow_kg_s"].sum()
        outflow = pipes.loc[pipes["from_node"] == node, "mass_flow_kg_s"].sum()
        assert inflow == pytest.approx(outflow + demand.get(node, 0.0))


def test_pipe_sizes_meet_the_velocity_limit(case):
    pipes = case["pipes"]
    v_max = case["assumptions"]["max_velocity_m_s"]
    assert pipes["meets_velocity_limit"].all()
    assert (pipes["design_velocity_m_s"] <= v_max).all()
    # the design velocity follows from the design flow, the IF97 density and the inside diameter
    rho = case["source"]["density_kg_m3"]
    area = math.pi * pipes["inner_diameter_m"] ** 2 / 4
    np.testing.assert_allclose(
        pipes["design_velocity_m_s"], pipes["design_mass_flow_kg_s"] / rho / area, rtol=1e-12
    )
    # one size smaller would break the limit for every pipe sized by the criterion (not the
    # uniform main downstream of P01)
    sized = pipes.index.difference(pipes.index[(pipes["role"] == "main")][1:])
    for pid in sized:
        row = pipes.loc[pid]
        smaller = [dn for dn in steamnet.DN_BY_NPS.values() if dn < row["dn"] and dn != 90]
        if not smaller:
            continue
        from fluids.piping import nearest_pipe

        nps = {v: k for k, v in steamnet.DN_BY_NPS.items()}[max(smaller)]
        di = nearest_pipe(NPS=nps, schedule="40")[1]
        assert row["design_mass_flow_kg_s"] / rho / (math.pi * di**2 / 4) > 30.0


def test_main_matches_the_published_64_cm_outer_diameter(case):
    main = case["pipes"][case["pipes"]["role"] == "main"]
    assert (main["dn"] == 400).all()
    # DN400 (406.4 mm) + 2 x 115 mm insulation + 2 x 1 mm jacket = 638.4 mm ~ 64 cm (2006 plan)
    assert main["jacket_outer_diameter_m"].iloc[0] == pytest.approx(0.6384, abs=1e-6)
    assert abs(main["jacket_outer_diameter_m"].iloc[0] - 0.64) < 0.01


def test_size_pipe_example():
    # 400,000 t/yr / 8760 h x 1.3 = 16.49 kg/s at 1.5 MPa / 280 °C (IF97 6.144 kg/m3): DN350
    # Sch 40 (333.3 mm) would run at 30.7 m/s, so DN400 (381 mm) at 23.5 m/s
    size = steamnet.size_pipe(16.489, 6.1443)
    assert size["dn"] == 400
    assert size["inner_diameter_m"] == pytest.approx(0.381)
    assert size["velocity_m_s"] == pytest.approx(23.54, abs=0.01)
    # DN90 is skipped: a flow needing 85 mm inside diameter gets DN100
    assert steamnet.size_pipe(1.154, 6.1443)["dn"] == 100


def test_source_state_is_superheated(case):
    src = case["source"]
    assert src["saturation_temperature_c"] == pytest.approx(198.295, abs=0.01)  # IF97 at 1.5 MPa
    assert src["superheat_k"] > 50


def test_lower_supply_pressure_needs_larger_pipes():
    c = steamnet.load_case(supply_pressure_mpa=1.0, supply_temperature_c=250.0)
    assert c["pipes"].loc["P01", "dn"] > 400
    assert c["pipes"]["meets_velocity_limit"].all()


def test_forced_trunk_dn_reports_the_velocity():
    c = steamnet.load_case(trunk_dn=350)
    assert c["pipes"].loc["P01", "dn"] == 350
    assert not c["pipes"].loc["P01", "meets_velocity_limit"]


def test_load_case_bad_input():
    with pytest.raises(ValueError, match="unknown load_case override.*supply_pressure_mpa"):
        steamnet.load_case(supply_pressure=1.0)
    with pytest.raises(ValueError, match=r"below the saturation temperature 198\.3 °C"):
        steamnet.load_case(supply_temperature_c=180.0)
    with pytest.raises(ValueError, match="shares sum to"):
        steamnet.load_case(shares={f"C{i:02d}": 0.2 for i in range(1, 11)})
    with pytest.raises(ValueError, match="trunk_length_m = 0"):
        steamnet.load_case(trunk_length_m=0)
    with pytest.raises(ValueError, match="steam_t_per_year"):
        steamnet.load_case(-1)


def test_hourly_demand_sums_and_pattern():
    d = steamnet.hourly_demand(400_000)
    assert d.shape == (8760, 10)
    assert str(d.index.tz) == "Asia/Tokyo"
    annual_t = d.sum() * 3600 / 1000
    shares = steamnet.load_case()["consumers"]["share"]
    np.testing.assert_allclose(annual_t, shares * 400_000, rtol=1e-12)
    total = d.sum(axis=1)
    assert total.max() / total.mean() <= 1.3  # below the design peak factor
    weekday = total[total.index.day_of_week < 5].mean()
    weekend = total[total.index.day_of_week >= 5].mean()
    assert weekend < weekday
    assert total[total.index.month == 1].mean() > total[total.index.month == 7].mean()
    # reproducible with the seed, different with another
    assert d.equals(steamnet.hourly_demand(400_000, seed=0))
    assert not d.equals(steamnet.hourly_demand(400_000, seed=1))


def test_hourly_demand_flat_and_bad_input():
    d = steamnet.hourly_demand(300_000, profile="flat")
    assert np.allclose(d.std(), 0.0, atol=1e-12)
    assert d.sum().sum() * 3600 / 1000 == pytest.approx(300_000)
    with pytest.raises(ValueError, match="profile 'weekly' is unknown.*industrial, flat"):
        steamnet.hourly_demand(300_000, profile="weekly")
    with pytest.raises(ValueError, match="steam_t_per_year"):
        steamnet.hourly_demand(-1)


def test_heat_loss_estimate(case):
    loss = steamnet.heat_loss_estimate_gj(case)
    # Incropera et al. (2007) eq. 3.27, radial conduction: q' = 2 pi k dT / ln(r2/r1) on DN400,
    # k = 0.055 W/(m K), 280 - 15.8 K, r2/r1 = 636.4/406.4 -> 203.6 W/m
    expected = 2 * math.pi * 0.055 * (280 - 15.8) / math.log(0.6364 / 0.4064)
    assert loss.loc["P01", "heat_loss_w_per_m"] == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(203.6, abs=0.1)
    # ~1.3 MW, about 3.5 % of the heat delivered at 400,000 t/yr
    assert loss.attrs["total_w"] == pytest.approx(1.283e6, rel=2e-3)
    from kgi_lab.heat.savings import steam_heat_delivered_gj

    share = loss.attrs["total_gj"] / steam_heat_delivered_gj(400_000, 1.5, 280.0)
    assert 0.02 < share < 0.05


def test_network_map_smoke(case):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kgi_lab.heat.plots import plot_network_map

    assert plot_network_map(case).axes
    plt.close("all")


def test_zero_share_consumer_gets_the_minimum_size():
    shares = {f"C{i:02d}": 0.1 for i in range(1, 11)}
    shares.update({"C01": 0.0, "C02": 0.2})
    c = steamnet.load_case(shares=shares)
    assert c["pipes"].loc["S01", "dn"] == 25
    assert c["pipes"].loc["S01", "mass_flow_kg_s"] == 0.0
    assert c["consumers"].loc["C02", "steam_t_per_year"] == pytest.approx(80_000)
