"""Benchmark: kgi_lab's heat-network solver against pandapipes, and an 8760-hour steam series.

1. **Water mesh, 1,000 junctions** (a 40 × 25 grid of 1,975 pipes, 80–150 m, DN100 with DN250
   cross mains, U′ = 0.3 W/(m K), one 85 °C / 6 bar source in the middle, 999 sinks of
   0.05–0.15 kg/s). Flat: with random elevations the buoyancy of low-flow loops couples the
   hydraulics to the temperatures so strongly that pandapipes' bidirectional mode does not
   converge (nor does our under-relaxed iteration; see the module's notes).
   ``kgi_lab.heat.network.solve`` (from the ``HeatNetwork`` object: compilation, Newton,
   energy, result tables) is timed in this process; pandapipes 0.16 ``pipeflow(mode=
   "bidirectional", friction_model="colebrook")`` is timed inside the peer venv by
   ``tests/heat/peer_pandapipes.py`` itself (pipeflow only; interpreter start-up, imports and
   building the pandapipes net excluded). Both use the same Colebrook variant
   (``"colebrook_pandapipes"``: ``k/(3.71 D)``, no laminar branch); agreement is reported in bar
   and K.
2. **Steam tree, 10 consumers, 8760 hours** (the Kawasaki Steam Net case is built elsewhere;
   this is a synthetic stand-in: a 6.5 km trunk of ten 650 m pipes, DN400 then DN300, ten
   150–400 m DN150 branches, 1.6 MPa / 320 °C at the source, design flows 0.8–1.6 kg/s per
   consumer, about 350 kt/yr). ``solve_timeseries`` with warm start over 8760 hours;
   warm against cold start on the first ``--cold-hours`` hours.

Only ratios are meaningful (these machines are noisy). Results go to
``benchmarks/results/heat_network.json``; nothing is asserted.

Usage: ``python benchmarks/bench_heat_network.py [--repeats 5] [--hours 8760] [--cold-hours 500]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import CoolProp  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy  # noqa: E402

from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab.heat.network import HeatNetwork, solve, solve_timeseries  # noqa: E402
from kgi_lab.testing import peer_differences, run_pandapipes_peer  # noqa: E402

NX, NY = 40, 25


def water_mesh(friction_model: str = "colebrook_pandapipes") -> HeatNetwork:
    rng = np.random.default_rng(1)
    net = HeatNetwork("water", ambient_temperature_c=10.0, friction_model=friction_model,
                      name="mesh-1000")  # fmt: skip
    for i in range(NX):
        for j in range(NY):
            net.add_junction(f"N{i}_{j}")
    k = 0
    for i in range(NX):
        for j in range(NY):
            for a, b in ((i + 1, j), (i, j + 1)):
                if a < NX and b < NY:
                    main = j == NY // 2 or i == NX // 2
                    net.add_pipe(f"P{k}", f"N{i}_{j}", f"N{a}_{b}",
                                 length_m=float(rng.uniform(80, 150)),
                                 diameter_m=0.25 if main else 0.1, roughness_m=1e-4,
                                 heat_transfer_w_per_m_k=0.3)  # fmt: skip
                    k += 1
    centre = f"N{NX // 2}_{NY // 2}"
    net.add_source("plant", centre, pressure_pa=6e5, temperature_c=85.0)
    for i in range(NX):
        for j in range(NY):
            if f"N{i}_{j}" != centre:
                net.add_consumer(
                    f"C{i}_{j}", f"N{i}_{j}", mass_flow_kg_s=float(rng.uniform(0.05, 0.15))
                )
    return net


def steam_tree() -> HeatNetwork:
    rng = np.random.default_rng(0)
    net = HeatNetwork("steam", ambient_temperature_c=15.0, name="synthetic-steam-tree")
    net.add_junction("plant")
    prev = "plant"
    for i in range(10):
        net.add_junction(f"T{i}")
        net.add_junction(f"F{i}")
        net.add_pipe(f"trunk{i}", prev, f"T{i}", length_m=650.0,
                     diameter_m=0.4 if i < 5 else 0.3, roughness_m=4.5e-5,
                     heat_transfer_w_per_m_k=0.3)  # fmt: skip
        net.add_pipe(
            f"branch{i}",
            f"T{i}",
            f"F{i}",
            length_m=float(rng.uniform(150, 400)),
            diameter_m=0.15,
            roughness_m=4.5e-5,
            heat_transfer_w_per_m_k=0.25,
        )
        net.add_consumer(f"factory{i}", f"F{i}", mass_flow_kg_s=float(rng.uniform(0.8, 1.6)))
        prev = f"T{i}"
    net.add_source("power_station", "plant", pressure_pa=1.6e6, temperature_c=320.0)
    return net


def steam_demands(net: HeatNetwork, hours: int) -> pd.DataFrame:
    """Design flow × (daily and weekly cycle, a seasonal swing and noise), floored at 45 %."""
    rng = np.random.default_rng(2)
    idx = pd.date_range("2025-04-01", periods=hours, freq="h", tz="Asia/Tokyo")
    h = np.arange(hours)
    daily = 0.12 * np.sin(2 * np.pi * (h % 24 - 8) / 24)
    weekly = np.where(idx.day_of_week >= 5, -0.15, 0.0)
    season = 0.08 * np.cos(2 * np.pi * (h - 24 * 280) / 8760)
    base = np.array([c["value"] for c in net.consumers.values()])
    noise = 0.04 * rng.standard_normal((hours, len(base)))
    shape = np.clip(0.85 + (daily + weekly + season)[:, None] + noise, 0.45, 1.2)
    return pd.DataFrame(base * shape, index=idx, columns=list(net.consumers))


def run_peer(net: HeatNetwork, repeats: int) -> dict | None:
    with tempfile.TemporaryDirectory() as d:
        try:
            return run_pandapipes_peer(net, d, repeats=repeats)
        except RuntimeError as exc:
            return {"error": str(exc)}


def bench_mesh(repeats: int) -> dict:
    net = water_mesh()
    times, r = [], None
    for _ in range(repeats + 1):  # the first round warms caches
        t0 = time.perf_counter()
        r = solve(net)
        times.append(time.perf_counter() - t0)
    ours = statistics.median(times[1:])
    default = water_mesh("colebrook")
    t0 = time.perf_counter()
    r_default = solve(default)
    t_default = time.perf_counter() - t0
    peer = run_peer(net, repeats)
    out = {
        "case": {"junctions": NX * NY, "pipes": net.graph.number_of_edges(),
                 "consumers": len(net.consumers), "loops": net.graph.number_of_edges()
                 - NX * NY + 1, "fluid": "water", "source": "85 °C, 6 bar",
                 "heat_transfer_w_per_m_k": 0.3, "friction_model": "colebrook_pandapipes"},
        "kgi_lab_s": ours,
        "kgi_lab_min_s": min(times[1:]),
        "kgi_lab_newton_iterations": r.info["iterations"],
        "kgi_lab_outer_iterations": r.info["outer_iterations"],
        "kgi_lab_solver_only_s": r.info["solve_time_s"],
        "kgi_lab_default_colebrook_s": t_default,
        "min_temperature_c": float(r.junctions["temperature_c"].min()),
        "min_pressure_pa": float(r.junctions["pressure_pa"].min()),
        "timing_note": "median of repeats after one warm-up; ours from the HeatNetwork object "
        "(compile + solve + result tables), pandapipes pipeflow() only, timed in the peer venv",
    }  # fmt: skip
    if peer is None:
        out["pandapipes"] = "peer venv not installed"
        return out
    if "error" in peer:
        out["pandapipes"] = peer
        return out
    diff = peer_differences(r, peer)
    diff_default = peer_differences(r_default, peer)
    out.update({
        "pandapipes_version": peer["pandapipes"],
        "pandapipes_converged": peer["converged"],
        "pandapipes_s": peer["pipeflow_s"],
        "pandapipes_min_s": peer["pipeflow_min_s"],
        "speedup_vs_pandapipes": peer["pipeflow_s"] / ours,
        "speedup_vs_pandapipes_min": peer["pipeflow_min_s"] / min(times[1:]),
        "max_abs_dp_bar": diff["pressure_pa"] / 1e5,
        "max_abs_dt_k": diff["temperature_k"],
        "max_abs_dm_kg_s": diff["mass_flow_kg_s"],
        "default_colebrook_max_abs_dp_bar": diff_default["pressure_pa"] / 1e5,
        "default_colebrook_max_abs_dt_k": diff_default["temperature_k"],
    })  # fmt: skip
    return out


def bench_steam(hours: int, cold_hours: int) -> dict:
    net = steam_tree()
    demands = steam_demands(net, hours)
    t0 = time.perf_counter()
    ds = solve_timeseries(net, demands, warm_start=True, allow_condensation=True)
    warm_total = time.perf_counter() - t0
    window = demands.iloc[:cold_hours]
    t0 = time.perf_counter()
    cold = solve_timeseries(net, window, warm_start=False, allow_condensation=True)
    cold_total = time.perf_counter() - t0
    warm_window = ds.isel(time=slice(0, cold_hours))
    sup = ds["superheat_k"].sel(junction=[f"F{i}" for i in range(10)])
    steam_t = float(ds["source_mass_flow_kg_s"].sum()) * 3600 / 1000
    return {
        "case": {"consumers": 10, "trunk_km": 6.5, "hours": hours, "source": "1.6 MPa, 320 °C",
                 "steam_t_per_period": steam_t},
        "total_s": warm_total,
        "per_hour_ms": 1e3 * warm_total / hours,
        "iterations_mean": float(ds["iterations"].mean()),
        "iterations_max": int(ds["iterations"].max()),
        "iterations_p95": float(np.percentile(ds["iterations"], 95)),
        "cold_window_hours": cold_hours,
        "warm_window_s": float(warm_window["solve_time_s"].sum()),
        "cold_window_s": float(cold["solve_time_s"].sum()),
        "cold_window_total_s": cold_total,
        "warm_window_iterations_mean": float(warm_window["iterations"].mean()),
        "cold_window_iterations_mean": float(cold["iterations"].mean()),
        "speedup_warm_vs_cold": float(cold["solve_time_s"].sum())
        / float(warm_window["solve_time_s"].sum()),
        "consumer_superheat_min_k": float(sup.min()),
        "hours_with_condensate": int((ds["condensate_kg_s"].sum("branch") > 0).sum()),
        "trunk_heat_loss_mean_kw": float(
            ds["heat_loss_w"].sel(branch=[f"trunk{i}" for i in range(10)]).sum("branch").mean()
        ) / 1e3,
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--hours", type=int, default=8760)
    ap.add_argument("--cold-hours", type=int, default=500)
    args = ap.parse_args()
    mesh = bench_mesh(args.repeats)
    print(json.dumps({k: v for k, v in mesh.items() if k != "case"}, indent=1, default=str))
    steam = bench_steam(args.hours, min(args.cold_hours, args.hours))
    print(json.dumps(steam, indent=1))
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                     "coolprop": CoolProp.__version__},
        "water_mesh_vs_pandapipes": mesh,
        "steam_tree_timeseries": steam,
    }  # fmt: skip
    out = ROOT / "benchmarks" / "results" / "heat_network.json"
    atomic_write_json(out, results)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
