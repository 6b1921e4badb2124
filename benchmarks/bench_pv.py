"""Benchmark: kgi_lab's vectorised PV chain against pvlib ModelChain, measured in one run.

Only ratios are meaningful (these machines are noisy). Results go to
``benchmarks/results/pv.json``; nothing is asserted.

1. One system-year (8,760 h, PVWatts preset) end to end: ``kgi_lab.pv.simulate`` against
   ``ModelChain.with_pvwatts(...).run_model`` on the same weather (target ≤ 1×).
2. Fleets of 200 and 2,000 systems × 8,760 h: ``simulate_fleet`` against a loop of
   ``ModelChain`` (targets ≥ 20× faster, ≥ 3 M system-hours/s). The loop over 2,000 systems is
   timed on its first 200 systems and scaled by 10 (ModelChain's cost is linear in systems).
3. Peak resident memory of a 2,000-system fleet run (keeping the AC series), in a fresh child
   process, against a child that only imports and loads the weather (target < 2 GB).

Usage: ``python benchmarks/bench_pv.py [--repeats 3]``
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pvlib  # noqa: E402

from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab.pv import LossTree, PVSystemSpec, simulate, simulate_fleet  # noqa: E402
from kgi_lab.pv.rooftops import synthetic_rooftops  # noqa: E402
from kgi_lab.testing import pvwatts_modelchain  # noqa: E402

GREENSBORO = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"


def greensboro():
    data, meta = pvlib.iotools.read_tmy3(GREENSBORO, map_variables=True)
    wx = data[["ghi", "dni", "dhi", "temp_air", "wind_speed", "pressure"]].copy()
    wx["pressure"] *= 100.0
    wx.index = wx.index.map(lambda t: t.replace(year=1990))
    wx = wx.sort_index()
    wx.attrs["interval_label"] = "ending"
    loc = pvlib.location.Location(
        meta["latitude"], meta["longitude"], tz=-5, altitude=meta["altitude"]
    )
    mid = wx.copy()
    mid.index = mid.index - pd.Timedelta(minutes=30)
    return wx, mid, loc


def specs_from(roofs) -> list[PVSystemSpec]:
    return [
        PVSystemSpec(
            name=str(i),
            surface_tilt=float(r.surface_tilt),
            surface_azimuth=float(r.surface_azimuth),
            dc_capacity_kw=float(r.dc_capacity_kw),
            dc_ac_ratio=float(r.dc_ac_ratio),
            mounting=r.mounting,
        )
        for i, r in roofs.iterrows()
    ]


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _child_peak_mb(code: str) -> float:
    # VmHWM (peak RSS of this address space) resets at exec; ru_maxrss would inherit the
    # parent's RSS at fork time.
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        f"{code}\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(int(hwm.split()[1]) / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    wx, mid, loc = greensboro()
    tree = LossTree(transformer=0, availability=0)
    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "versions": {"pvlib": pvlib.__version__, "numpy": np.__version__},
    }

    # 1. one system-year
    spec = PVSystemSpec(surface_tilt=30, dc_capacity_kw=5)
    mc = pvwatts_modelchain(spec, loc, tree)
    mc_s, kgi_s = [], []
    for _ in range(args.repeats + 1):  # interleaved; the first round warms caches
        mc_s.append(timed(lambda: mc.run_model(mid)))
        kgi_s.append(timed(lambda: simulate(wx, spec, loc, losses=tree)))
    mc_t, kgi_t = statistics.median(mc_s[1:]), statistics.median(kgi_s[1:])
    results["one_system_year"] = {
        "modelchain_s": mc_t,
        "kgi_lab_s": kgi_t,
        "kgi_over_modelchain": kgi_t / mc_t,
    }
    print(
        f"one system-year: ModelChain {mc_t * 1e3:.0f} ms, kgi_lab {kgi_t * 1e3:.0f} ms "
        f"({kgi_t / mc_t:.2f}x the time)"
    )

    # 2. fleets
    for n in (200, 2000):
        roofs = synthetic_rooftops(n, seed=0)
        specs = specs_from(roofs.iloc[:200])
        loop_s = timed(
            lambda specs=specs: [pvwatts_modelchain(s, loc, tree).run_model(mid) for s in specs]
        )
        loop_s *= n / len(specs)
        fleet_runs = [
            timed(
                lambda roofs=roofs: simulate_fleet(
                    wx, roofs, loc, losses=tree, keep=("ac_power_w",)
                )
            )
            for _ in range(max(1, args.repeats - 1))
        ]
        fleet_s = statistics.median(fleet_runs)
        rate = n * len(wx) / fleet_s
        results[f"fleet_{n}"] = {
            "modelchain_loop_s": loop_s,
            "modelchain_loop_note": "timed on 200 systems, scaled linearly" if n > 200 else "",
            "fleet_s": fleet_s,
            "speedup": loop_s / fleet_s,
            "system_hours_per_s": rate,
        }
        print(
            f"{n} systems: loop {loop_s:.1f} s, fleet {fleet_s:.2f} s, "
            f"{loop_s / fleet_s:.0f}x, {rate / 1e6:.1f} M system-h/s"
        )

    # 3. peak memory of a 2,000-system run (fresh processes)
    setup = (
        "from benchmarks.bench_pv import greensboro\n"
        "from kgi_lab.pv import simulate_fleet\n"
        "from kgi_lab.pv.rooftops import synthetic_rooftops\n"
        "wx, mid, loc = greensboro(); roofs = synthetic_rooftops(2000, seed=0)\n"
    )
    base_mb = _child_peak_mb(setup)
    run_mb = _child_peak_mb(setup + "simulate_fleet(wx, roofs, loc, keep=('ac_power_w',))\n")
    results["memory_2000"] = {
        "baseline_peak_mb": base_mb,
        "fleet_peak_mb": run_mb,
        "fleet_increment_mb": run_mb - base_mb,
        "ac_series_mb": 2000 * len(wx) * 8 / 2**20,
    }
    print(f"peak RSS: baseline {base_mb:.0f} MB, 2,000-system fleet {run_mb:.0f} MB")

    out = ROOT / "benchmarks" / "results" / "pv.json"
    atomic_write_json(out, results)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
