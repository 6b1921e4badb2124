"""Benchmark: the Kawasaki Steam Net case over 8760 hours (kgi_lab.heat.case + solve_timeseries).

The baseline, measured in the same run, is the same solver without warm starts on the first
500 hours. Only the ratio is meaningful (noisy machines). Results:
``benchmarks/results/steam_net_8760.json``; nothing is asserted.

Usage: ``python benchmarks/bench_steam_net.py [--hours 8760]`` (a full year takes ~20 min on a
2-core machine; with fewer hours the full-year time is extrapolated and marked as such).
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab.heat.case import steam_net_network  # noqa: E402
from kgi_lab.heat.network import solve_timeseries  # noqa: E402
from kgi_lab.heat.steamnet import hourly_demand, load_case  # noqa: E402


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=int, default=8760)
    args = ap.parse_args()
    case = load_case(400_000)
    demand = hourly_demand(400_000)
    demand.columns = [f"demand_{c}" for c in demand.columns]
    window = demand.iloc[: min(250, args.hours)]
    demand = demand.iloc[: args.hours]
    t0 = time.perf_counter()
    cold = solve_timeseries(steam_net_network(case), window, warm_start=False,
                            allow_condensation=True)  # fmt: skip
    cold_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    warm_window = solve_timeseries(steam_net_network(case), window, warm_start=True,
                                   allow_condensation=True)  # fmt: skip
    warm_window_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    full = solve_timeseries(steam_net_network(case), demand, warm_start=True,
                            allow_condensation=True)  # fmt: skip
    full_s = time.perf_counter() - t0
    results = {
        "machine": {"python": platform.python_version()},
        "case": "kawasaki_steam_net, 400,000 t/yr, 10 consumers, hourly industrial profile",
        "hours": len(demand),
        "total_s": full_s,
        "per_hour_ms": 1000 * full_s / len(demand),
        "full_year_s": full_s * 8760 / len(demand),
        "full_year_extrapolated": len(demand) < 8760,
        "iterations_mean": float(full["iterations"].mean()),
        "window_hours": len(window),
        "window_cold_s": cold_s,
        "window_warm_s": warm_window_s,
        "warm_over_cold_speedup": cold_s / warm_window_s,
        "window_cold_iterations_mean": float(cold["iterations"].mean()),
        "window_warm_iterations_mean": float(warm_window["iterations"].mean()),
    }
    out = ROOT / "benchmarks" / "results" / "steam_net_8760.json"
    atomic_write_json(out, results)
    print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in results.items()})


if __name__ == "__main__":
    main()
