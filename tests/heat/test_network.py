"""Tests for kgi_lab.heat.network: analytical checks, steam, diagnostics, pandapipes cross-check."""

from __future__ import annotations

import json
import math

import fluids.friction
import numpy as np
import pandas as pd
import pytest
from CoolProp.CoolProp import PropsSI
from numpy.testing import assert_allclose

from kgi_lab.heat.network import (
    STANDARD_GRAVITY_M_S2,
    DisconnectedNetworkError,
    HeatNetwork,
    InfeasibleNetworkError,
    NetworkInputError,
    NetworkNotConvergedError,
    _friction,
    solve,
    solve_timeseries,
)
from kgi_lab.testing import pandapipes_peer_python, peer_differences, run_pandapipes_peer


def _water(p_pa, t_c):
    return (PropsSI("D", "T", t_c + 273.15, "P", p_pa, "IF97::Water"),
            PropsSI("V", "T", t_c + 273.15, "P", p_pa, "IF97::Water"),
            PropsSI("C", "T", t_c + 273.15, "P", p_pa, "IF97::Water"))  # fmt: skip


def single_pipe(mass_flow=5.0, ua=0.0, length=1000.0, diameter=0.1, dz=0.0, k=0.0, **kw):
    net = HeatNetwork("water", ambient_temperature_c=10.0, **kw)
    net.add_junction("S")
    net.add_junction("C", elevation_m=dz)
    net.add_pipe(
        "P1",
        "S",
        "C",
        length_m=length,
        diameter_m=diameter,
        roughness_m=1e-4,
        k_fittings=k,
        heat_transfer_w_per_m_k=ua,
    )
    net.add_source("src", "S", pressure_pa=5e5, temperature_c=80.0)
    net.add_consumer("c1", "C", mass_flow_kg_s=mass_flow)
    return net


def looped_network(friction_model="colebrook"):
    """A supply loop: one source, a booster pump, 8 ring junctions, 2 cross-links, 7 sinks."""
    net = HeatNetwork("water", ambient_temperature_c=8.0, friction_model=friction_model)
    net.add_junction("S")
    net.add_junction("J0")
    for i, z in enumerate([0, 2, 4, 5, 3, 1, 0, 2], start=1):
        net.add_junction(f"J{i}", elevation_m=z)
    net.add_source("plant", "S", pressure_pa=3.0e5, temperature_c=90.0)
    net.add_pump("pump", "S", "J0", pressure_lift_pa=2.0e5)
    for a, b, L, D in [("J0", "J1", 300, 0.15), ("J1", "J2", 250, 0.125), ("J2", "J3", 400, 0.1),
                       ("J3", "J4", 350, 0.1), ("J4", "J5", 300, 0.1), ("J5", "J6", 280, 0.125),
                       ("J6", "J7", 320, 0.125), ("J7", "J8", 200, 0.15), ("J8", "J0", 260, 0.15),
                       ("J2", "J6", 500, 0.08), ("J3", "J7", 450, 0.065)]:  # fmt: skip
        net.add_pipe(
            f"P_{a}_{b}",
            a,
            b,
            length_m=L,
            diameter_m=D,
            roughness_m=1e-4,
            k_fittings=1.5,
            heat_transfer_w_per_m_k=0.35,
            ambient_temperature_c=8.0,
        )
    for j, m in [("J2", 3.0), ("J3", 2.0), ("J4", 4.0), ("J5", 2.5), ("J6", 1.5), ("J7", 3.5),
                 ("J8", 1.0)]:  # fmt: skip
        net.add_consumer(f"C_{j}", j, mass_flow_kg_s=m)
    return net


def steam_line(t_source=300.0, ua=0.4, mass_flow=3.0, length=3000.0, **kw):
    net = HeatNetwork("steam", ambient_temperature_c=15.0, **kw)
    net.add_junction("plant")
    net.add_junction("factory")
    net.add_pipe(
        "trunk",
        "plant",
        "factory",
        length_m=length,
        diameter_m=0.2,
        roughness_m=4.5e-5,
        heat_transfer_w_per_m_k=ua,
    )
    net.add_source("station", "plant", pressure_pa=1.5e6, temperature_c=t_source)
    net.add_consumer("mill", "factory", mass_flow_kg_s=mass_flow)
    return net


# ------------------------------------------------------------------------------ friction
def test_friction_matches_fluids():
    # Colebrook (1939) as solved exactly by fluids.friction.Colebrook (Lambert W); Churchill (1977)
    re = np.array([5e3, 1e5, 1e7])
    rr = np.array([1e-5, 1e-3, 5e-3])
    f, _ = _friction(re, rr, "colebrook")
    with np.errstate(over="ignore"):  # inside fluids' Lambert-W form at high Re
        ref = [fluids.friction.Colebrook(r, e) for r, e in zip(re, rr, strict=True)]
    assert_allclose(f, ref, rtol=1e-12)
    f, _ = _friction(np.array([500.0, *re]), np.array([1e-3, *rr]), "churchill")
    ref = [
        fluids.friction.Churchill_1977(r, e) for r, e in zip([500.0, *re], [1e-3, *rr], strict=True)
    ]
    assert_allclose(f, ref, rtol=1e-12)
    # laminar 64/Re, and a continuous transition
    f, _ = _friction(np.array([1000.0, 2000.0, 3999.999, 4000.0]), np.full(4, 1e-3), "colebrook")
    assert_allclose(f[:2], [0.064, 0.032], rtol=1e-14)
    assert_allclose(f[2], f[3], rtol=1e-6)


def test_friction_derivative():
    re = np.array([900.0, 3000.0, 2e4, 3e6])
    rr = np.full(4, 2e-4)
    for model in ("colebrook", "churchill", "colebrook_pandapipes"):
        f, df = _friction(re, rr, model)
        h = re * 1e-6
        fd = (_friction(re + h, rr, model)[0] - _friction(re - h, rr, model)[0]) / (2 * h)
        assert_allclose(df, fd, rtol=1e-5)


# ------------------------------------------------------------------------------ hydraulics
def test_single_pipe_darcy_weisbach():
    """Δp = f L/D ρ v²/2 + K ρ v²/2 + ρ g Δz, with f from fluids' Colebrook at the same Re."""
    net = single_pipe(mass_flow=5.0, dz=-3.0, k=2.5)
    r = solve(net)
    b = r.branches.loc["P1"]
    p_in, p_out = r.junctions["pressure_pa"]
    rho, mu, _ = _water(0.5 * (p_in + p_out), 80.0)
    area = math.pi * 0.1**2 / 4
    v = 5.0 / (rho * area)
    re = rho * v * 0.1 / mu
    f = fluids.friction.Colebrook(re, 1e-4 / 0.1)
    dp = (f * 1000.0 / 0.1 + 2.5) * rho * v**2 / 2 + rho * STANDARD_GRAVITY_M_S2 * (-3.0)
    assert_allclose(b["pressure_drop_pa"], dp, rtol=1e-9)
    assert_allclose(b["friction_factor"], f, rtol=1e-9)
    assert_allclose(b["velocity_m_s"], v, rtol=1e-9)
    assert r.info["iterations"] <= 6


def test_single_pipe_laminar_hagen_poiseuille():
    """Δp = 128 μ L Q / (π D⁴) (Hagen–Poiseuille) in laminar flow."""
    net = single_pipe(mass_flow=0.005, diameter=0.02, length=50.0)
    r = solve(net)
    p_in, p_out = r.junctions["pressure_pa"]
    rho, mu, _ = _water(0.5 * (p_in + p_out), 80.0)
    assert r.branches.at["P1", "reynolds"] < 2000
    q = 0.005 / rho
    assert_allclose(p_in - p_out, 128 * mu * 50.0 * q / (math.pi * 0.02**4), rtol=1e-8)


def test_parallel_pipes_split_by_conductance():
    net = HeatNetwork("water")
    net.add_junction("A")
    net.add_junction("B")
    net.add_pipe("short", "A", "B", length_m=100.0, diameter_m=0.02, roughness_m=1e-5)
    net.add_pipe("long", "A", "B", length_m=300.0, diameter_m=0.02, roughness_m=1e-5)
    net.add_source("s", "A", pressure_pa=3e5, temperature_c=60.0)
    net.add_consumer("c", "B", mass_flow_kg_s=0.004)
    b = solve(net).branches
    # laminar: Δp ∝ L m, so the split is exactly the inverse length ratio
    assert (b["reynolds"] < 2000).all()
    assert_allclose(
        b.at["short", "mass_flow_kg_s"] / b.at["long", "mass_flow_kg_s"], 3.0, rtol=1e-9
    )
    # turbulent: equal Δp, m ∝ conductance √(2 ρ A² D / (f L)) with each pipe's own f
    net.consumers["c"]["value"] = 0.5
    b = solve(net).branches
    assert (b["reynolds"] > 4000).all()
    ratio = math.sqrt(
        b.at["long", "friction_factor"] * 300.0 / (b.at["short", "friction_factor"] * 100.0)
    )
    assert_allclose(
        b.at["short", "mass_flow_kg_s"] / b.at["long", "mass_flow_kg_s"], ratio, rtol=1e-9
    )
    assert_allclose(b["mass_flow_kg_s"].sum(), 0.5, rtol=1e-12)


def test_loop_with_zero_flow_branch_by_symmetry():
    """A bridge between two mirror-image paths carries no flow; pandapipes fails on such
    branches, the regularised m·√(m²+δ²) form keeps the Jacobian regular."""
    net = HeatNetwork("water", ambient_temperature_c=10.0)
    for j in "SABCD":
        net.add_junction(j)
    net.add_pipe("SA", "S", "A", length_m=200, diameter_m=0.15, heat_transfer_w_per_m_k=0.3)
    for a, b in [("A", "B"), ("A", "C"), ("B", "D"), ("C", "D")]:
        net.add_pipe(a + b, a, b, length_m=300, diameter_m=0.1, heat_transfer_w_per_m_k=0.3)
    net.add_pipe("bridge", "B", "C", length_m=150, diameter_m=0.08, heat_transfer_w_per_m_k=0.3)
    net.add_source("s", "S", pressure_pa=4e5, temperature_c=85.0)
    net.add_consumer("c", "D", mass_flow_kg_s=6.0)
    r = solve(net)
    b = r.branches
    assert abs(b.at["bridge", "mass_flow_kg_s"]) < 1e-9
    assert_allclose(b.at["AB", "mass_flow_kg_s"], 3.0, rtol=1e-9)
    assert_allclose(
        r.junctions.at["B", "temperature_c"], r.junctions.at["C", "temperature_c"], atol=1e-9
    )
    assert r.info["residual_kg_s"] < 1e-9


def test_mass_conservation_looped():
    net = looped_network()
    r = solve(net)
    b = r.branches
    demand = r.consumers.groupby("junction")["mass_flow_kg_s"].sum()
    for j in r.junctions.index:
        if j == "S":
            continue
        inflow = b.loc[b["to_junction"] == j, "mass_flow_kg_s"].sum()
        outflow = b.loc[b["from_junction"] == j, "mass_flow_kg_s"].sum()
        assert abs(inflow - outflow - demand.get(j, 0.0)) < 1e-9, j
    assert_allclose(r.sources.at["plant", "mass_flow_kg_s"], 17.5, atol=1e-9)
    # the pump lifts by exactly its head
    assert_allclose(
        r.junctions.at["J0", "pressure_pa"] - r.junctions.at["S", "pressure_pa"], 2.0e5, atol=1e-6
    )


# ------------------------------------------------------------------------------ energy
def test_exponential_temperature_decay():
    """T(L) = Ta + (T0 − Ta) exp(−U π D L / (m c_p)) (Incropera et al. 2007, eq. 8.45b)."""
    u_w_m2k, d = 1.2, 0.1
    net = single_pipe(mass_flow=0.8, ua=u_w_m2k * math.pi * d, diameter=d, length=2000.0)
    r = solve(net)
    t_avg_guess = r.junctions["temperature_c"].mean()
    p_mean = r.junctions["pressure_pa"].mean()
    # the solver takes c_p at the pipe's length-averaged temperature: rebuild it exactly
    t_out = r.junctions.at["C", "temperature_c"]
    for _ in range(5):
        cp = _water(p_mean, t_avg_guess)[2]
        ntu = u_w_m2k * math.pi * d * 2000.0 / (0.8 * cp)
        t_avg_guess = 10.0 + (80.0 - 10.0) * (-math.expm1(-ntu)) / ntu
    expected = 10.0 + (80.0 - 10.0) * math.exp(-ntu)
    assert abs(t_out - expected) < 1e-6
    loss = r.branches.at["P1", "heat_loss_w"]
    assert_allclose(loss, 0.8 * cp * (80.0 - t_out), rtol=1e-9)
    # the profile along a segmented pipe follows the same exponential to the c_p variation
    # (each segment takes c_p at its own mean temperature: 0.1 % over 80 → 66 °C)
    net = single_pipe(mass_flow=0.8, ua=u_w_m2k * math.pi * d, diameter=d, length=2000.0)
    net.graph.edges["S", "C", "P1"]["segments"] = 10
    prof = solve(net).profile("P1")
    x = prof["distance_m"].to_numpy()
    assert_allclose(prof["temperature_c"], 10 + 70 * np.exp(-ntu * x / 2000.0), atol=6e-3)


def test_mixing_heat_demand_and_substation():
    net = HeatNetwork("water", ambient_temperature_c=10.0)
    for j in ("S", "A", "R"):
        net.add_junction(j)
    net.add_pipe("supply", "S", "A", length_m=100, diameter_m=0.1)
    net.add_flow_control("substation", "A", "R", mass_flow_kg_s=2.0, heat_w=2.0e5)
    net.add_junction("S2")
    net.add_pipe("ret", "R", "S2", length_m=100, diameter_m=0.1)
    net.add_source("plant", "S", pressure_pa=4e5, temperature_c=80.0)
    net.add_source("return_header", "S2", pressure_pa=3e5, temperature_c=40.0)
    net.add_consumer("hx", "A", heat_w=1.0e5, delta_t_k=30.0)
    r = solve(net)
    cp_sub = _water(r.junctions["pressure_pa"].mean(), 80.0 - 2.0e5 / (2.0 * 4190) / 2)[2]
    assert_allclose(r.junctions.at["R", "temperature_c"], 80.0 - 2.0e5 / (2.0 * cp_sub), atol=2e-3)
    cp = _water(r.junctions.at["A", "pressure_pa"], 80.0 - 15.0)[2]  # c_p at the mean of 80/50 °C
    assert_allclose(r.consumers.at["hx", "mass_flow_kg_s"], 1.0e5 / (cp * 30.0), rtol=1e-9)
    # the return header absorbs the substation's flow
    assert_allclose(r.sources.at["return_header", "mass_flow_kg_s"], -2.0, atol=1e-9)


# ------------------------------------------------------------------------------ steam
def test_steam_line_pressure_and_superheat_fall():
    r = solve(steam_line())
    prof = r.profile("trunk")
    assert len(prof) == 13  # 3 km in 250 m segments
    assert (np.diff(prof["pressure_pa"]) < 0).all()
    assert (np.diff(prof["superheat_k"]) < 0).all()
    assert (prof["superheat_k"] > 0).all()
    b = r.branches.loc["trunk"]
    assert b["condensate_kg_s"] == 0.0
    # energy balance in enthalpy: m h_in = m h_out + losses
    h_in, h_out = r.junctions["enthalpy_j_per_kg"]
    assert_allclose(3.0 * (h_in - h_out), b["heat_loss_w"], rtol=1e-9)
    # density from IF97 varies along the pipe; finer segments change little
    fine = steam_line(steam_segment_length_m=50.0)
    dp_fine = solve(fine).branches.at["trunk", "pressure_drop_pa"]
    assert_allclose(b["pressure_drop_pa"], dp_fine, rtol=2e-3)


def test_steam_below_saturation():
    net = steam_line(t_source=205.0, ua=1.5, mass_flow=0.5)
    with pytest.raises(InfeasibleNetworkError, match="below saturation") as err:
        solve(net)
    assert err.value.element in ("trunk", "factory")
    r = solve(net, allow_condensation=True)
    assert r.branches.at["trunk", "condensate_kg_s"] > 0
    assert r.junctions.at["factory", "quality"] < 1.0
    # the inlet must be saturated or superheated
    with pytest.raises(InfeasibleNetworkError, match="source 'station'.*saturation"):
        steam_line(t_source=150.0)


def test_steam_demand_beyond_source():
    net = steam_line(mass_flow=40.0)
    with pytest.raises(InfeasibleNetworkError, match="factory|trunk") as err:
        solve(net)
    assert "exceeds" in str(err.value) or "below" in str(err.value)


# ------------------------------------------------------------------------------ diagnostics
def test_disconnected_consumer_is_named():
    net = single_pipe()
    net.add_junction("island")
    net.add_consumer("lonely", "island", mass_flow_kg_s=1.0)
    with pytest.raises(DisconnectedNetworkError, match="consumer 'lonely'"):
        solve(net)


def test_excessive_water_demand_names_node():
    net = single_pipe(mass_flow=60.0)
    with pytest.raises(InfeasibleNetworkError, match="junction 'C'.*saturation") as err:
        solve(net)
    assert err.value.element == "C"


@pytest.mark.parametrize(
    ("field", "value"), [("length_m", 0.0), ("diameter_m", -0.1), ("roughness_m", 0.0)]
)
def test_invalid_pipe_inputs(field, value):
    net = HeatNetwork()
    net.add_junction("a")
    net.add_junction("b")
    kw = {"length_m": 10.0, "diameter_m": 0.1, "roughness_m": 1e-4, field: value}
    with pytest.raises(NetworkInputError, match=f"pipe 'p'.*{field}.*allowed range"):
        net.add_pipe("p", "a", "b", **kw)


def test_not_converged_reports_residual():
    with pytest.raises(NetworkNotConvergedError, match="residual.*worst element 'P"):
        solve(looped_network(), max_iter=1)


def test_roundtrip_dict():
    net = looped_network()
    again = HeatNetwork.from_dict(json.loads(json.dumps(net.to_dict())))
    a, b = solve(net), solve(again)
    assert_allclose(a.junctions["pressure_pa"], b.junctions["pressure_pa"], rtol=1e-14)


# ------------------------------------------------------------------------------ time series
def test_timeseries_warm_start_matches_single_solves():
    net = looped_network()
    idx = pd.date_range("2025-01-01", periods=6, freq="h", tz="Asia/Tokyo")
    scale = np.linspace(0.6, 1.2, 6)[:, None]
    base = np.array([c["value"] for c in net.consumers.values()])
    demands = pd.DataFrame(base * scale, index=idx, columns=list(net.consumers))
    ds = solve_timeseries(net, demands)
    assert ds["pressure_pa"].dims == ("time", "junction")
    assert (ds["iterations"] > 0).all() and ds.attrs["total_time_s"] > 0
    for c, v in zip(demands.columns, demands.iloc[-1], strict=True):
        net.consumers[c]["value"] = float(v)
    r = solve(net)
    assert_allclose(ds["pressure_pa"].isel(time=-1), r.junctions["pressure_pa"], atol=1e-3)
    assert_allclose(ds["temperature_c"].isel(time=-1), r.junctions["temperature_c"], atol=1e-6)
    with pytest.raises(NetworkInputError, match="unknown consumer"):
        solve_timeseries(net, demands.rename(columns={"C_J2": "nobody"}))


def test_steam_timeseries():
    net = steam_line()
    idx = pd.date_range("2025-01-01", periods=4, freq="h", tz="Asia/Tokyo")
    ds = solve_timeseries(net, pd.DataFrame({"mill": [3.0, 2.5, 2.0, 3.5]}, index=idx))
    sh = ds["superheat_k"].sel(junction="factory").to_numpy()
    assert (np.diff(sh[:3]) < 0).all()  # less flow, more cooling
    assert_allclose(ds["source_mass_flow_kg_s"].sel(source="station"), [3.0, 2.5, 2.0, 3.5])


# ------------------------------------------------------------------------------ pandapipes
def test_cross_check_pandapipes(tmp_path):
    """pandapipes 0.16 (bidirectional, Colebrook) on a looped hot-water network ≤ 95 °C."""
    if pandapipes_peer_python() is None:
        pytest.skip("pandapipes peer venv (.venv-peer) not installed")
    for model in ("colebrook_pandapipes", "colebrook"):
        net = looped_network(model)
        ours = solve(net)
        peer = run_pandapipes_peer(net, tmp_path, timeout_s=120)
        assert peer["converged"]
        diff = peer_differences(ours, peer)
        assert diff["pressure_pa"] < 1e-3 * 1e5, (model, diff)  # 1e-3 bar
        assert diff["temperature_k"] < 0.05, (model, diff)
        assert diff["mass_flow_kg_s"] < 1e-3, (model, diff)
