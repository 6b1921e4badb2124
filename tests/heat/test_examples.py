"""The Ōzenji (王禅寺) hot-water example: energy balance, and the supply ring against pandapipes."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from kgi_lab.heat.examples import OZENJI_LOADS_KW, ozenji_network, ozenji_supply_network
from kgi_lab.heat.network import solve
from kgi_lab.heat.properties import props_pt
from kgi_lab.testing import pandapipes_peer_python, peer_differences, run_pandapipes_peer


def test_ozenji_supply_and_return_balance():
    res = solve(ozenji_network())
    assert res.info["converged"]
    src = res.sources
    # What the plant sends out comes back through the return pressurisation.
    assert_allclose(src["mass_flow_kg_s"].sum(), 0.0, atol=1e-9)
    sub = res.branches[res.branches.index.str.startswith("substation_")]
    assert_allclose(sub["heat_loss_w"].sum(), 1000 * sum(OZENJI_LOADS_KW.values()), rtol=1e-9)
    # Heat from the plant = loads + pipe losses (enthalpy balance with IF97 at both ends).
    m = float(src.loc["ozenji_heat_exchanger", "mass_flow_kg_s"])
    t_supply = float(res.junctions.loc["S", "temperature_c"])
    t_return = float(res.junctions.loc["R", "temperature_c"])
    h_s = props_pt(3.0e5, t_supply)["enthalpy_j_kg"]
    h_r = props_pt(1.5e5, t_return)["enthalpy_j_kg"]
    pipes = res.branches[res.branches["kind"] == "pipe"]
    assert_allclose(
        m * (h_s - h_r), sub["heat_loss_w"].sum() + pipes["heat_loss_w"].sum(), rtol=5e-3
    )
    # Supply cools a little along the ring; every substation returns near 50 °C.
    assert (res.junctions.loc[["J1", "J2", "J3", "J4"], "temperature_c"] < 80).all()
    assert np.all(np.abs(sub["temperature_out_c"] - 49.0) < 1.5)


def test_ozenji_supply_ring_against_pandapipes(tmp_path):
    if pandapipes_peer_python() is None:
        pytest.skip("pandapipes peer venv (.venv-peer) not installed")
    net = ozenji_supply_network("colebrook_pandapipes")
    diff = peer_differences(solve(net), run_pandapipes_peer(net, tmp_path, timeout_s=120))
    assert diff["pressure_pa"] < 1e-3 * 1e5, diff  # 1e-3 bar
    assert diff["temperature_k"] < 0.05, diff  # K
