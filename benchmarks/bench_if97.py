"""Benchmark: IAPWS-IF97 property throughput, kgi_lab's vectorised path against CoolProp scalars.

Only ratios are meaningful (these machines are noisy); every figure is measured in the same run.
Results go to ``benchmarks/results/if97.json``; nothing is asserted.

Baseline: a Python loop calling ``CoolProp.CoolProp.PropsSI(q, "P", p, "T", T, "IF97::Water")``
once per state and quantity, for the six quantities :func:`kgi_lab.heat.properties.props_pt`
returns by default (density, enthalpy, entropy, c_p, viscosity, conductivity).

Measured:

1. ``pt_scalar_loop``: the baseline, on 5,000 distinct (p, T) states (liquid and superheated
   steam, 0.1–10 MPa, 20–600 °C).
2. ``pt_coolprop_arrays``: CoolProp's own array interface (six ``PropsSI`` calls on arrays), no
   checks, on 100,000 distinct states.
3. ``pt_props_pt``: :func:`props_pt` on the same 100,000 states (range and saturation checks,
   region and phase included).
4. ``pt_props_pt_density_only``: :func:`props_pt` asking for the density alone.
5. ``pt_hourly_series``: an 8,760-hour series with 24 distinct states (a source cycling through
   daily set points): :func:`props_pt` with and without de-duplication.
6. ``ph_scalar_loop`` vs ``ph_props_ph``: (p, h) states, wet and superheated, CoolProp scalar
   ``PropsSI(q, "P", p, "H", h)`` loop against :func:`props_ph` (which also refines T to the
   forward equations).

iapws (the pure-Python IAPWS package) is not installed in this environment, so it is not
measured; the domain notes quote about 6 k calls/s for ``iapws.IAPWS97``.

Usage: ``python benchmarks/bench_if97.py [--repeats 3]``
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import CoolProp  # noqa: E402
import CoolProp.CoolProp as CP  # noqa: E402
import numpy as np  # noqa: E402

from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab.heat.properties import DEFAULT_OUTPUTS, PT_OUTPUTS, props_ph, props_pt  # noqa: E402

BACKEND = "IF97::Water"
CODES = [PT_OUTPUTS[k] for k in DEFAULT_OUTPUTS]


def timed(fn, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def pt_states(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.1e6, 10e6, n)
    t = rng.uniform(20.0, 600.0, n)
    tsat = np.asarray(CP.PropsSI("T", "P", p, "Q", np.zeros(n), BACKEND)) - 273.15
    near = np.abs(t - tsat) < 0.01  # keep clear of the saturation line
    t[near] += 0.1
    return p, t


def ph_states(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.2e6, 4e6, n)
    h = rng.uniform(1.0e6, 3.3e6, n)  # wet steam and superheated steam
    return p, h


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    r = args.repeats
    results: dict = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "versions": {"CoolProp": CoolProp.__version__, "numpy": np.__version__},
        "quantities_per_state": len(CODES),
        "iapws": "not installed (not measured)"
        if importlib.util.find_spec("iapws") is None
        else "installed but not measured",
    }

    # 1. baseline: CoolProp scalar loop
    n_scalar = 5_000
    ps, ts = pt_states(n_scalar, 1)
    tk = ts + 273.15

    def scalar_loop():
        for i in range(n_scalar):
            for code in CODES:
                CP.PropsSI(code, "P", float(ps[i]), "T", float(tk[i]), BACKEND)

    t_scalar = timed(scalar_loop, r)
    base = n_scalar / t_scalar

    # 2-4. vectorised
    n = 100_000
    p, t = pt_states(n, 2)

    def coolprop_arrays():
        for code in CODES:
            CP.PropsSI(code, "P", p, "T", t + 273.15, BACKEND)

    t_arrays = timed(coolprop_arrays, r)
    t_props = timed(lambda: props_pt(p, t), r)
    t_density = timed(lambda: props_pt(p, t, outputs=["density_kg_m3"]), r)

    # 5. hourly series with repeated states
    rng = np.random.default_rng(3)
    set_p = rng.uniform(0.8e6, 1.2e6, 24)
    set_t = rng.uniform(200.0, 260.0, 24)
    hours = np.arange(8760) % 24
    hp, ht = set_p[hours], set_t[hours]
    t_series_dedup = timed(lambda: props_pt(hp, ht), r)
    t_series_plain = timed(lambda: props_pt(hp, ht, deduplicate=False), r)

    def per_state(seconds: float, count: int) -> dict:
        states = count / seconds
        return {
            "seconds": seconds,
            "states_per_s": states,
            "property_values_per_s": states * len(CODES),
            "speedup_vs_scalar_loop": states / base,
        }

    results["pt_scalar_loop"] = per_state(t_scalar, n_scalar)
    results["pt_coolprop_arrays"] = per_state(t_arrays, n)
    results["pt_props_pt"] = per_state(t_props, n)
    results["pt_props_pt_density_only"] = {
        "seconds": t_density,
        "states_per_s": n / t_density,
        "note": "one quantity per state; compare with one sixth of the baseline's cost",
        "speedup_vs_scalar_density_calls": (n / t_density) / (base * len(CODES)),
    }
    results["pt_hourly_series"] = {
        "hours": 8760,
        "distinct_states": 24,
        "deduplicated": per_state(t_series_dedup, 8760),
        "not_deduplicated": per_state(t_series_plain, 8760),
        "dedup_gain": t_series_plain / t_series_dedup,
    }

    # 6. (p, h)
    n_ph_scalar = 5_000
    php, phh = ph_states(n_ph_scalar, 4)
    ph_codes = ["T", "D", "Q"]

    def ph_loop():
        for i in range(n_ph_scalar):
            for code in ph_codes:
                CP.PropsSI(code, "P", float(php[i]), "H", float(phh[i]), BACKEND)

    t_ph_scalar = timed(ph_loop, r)
    n_ph = 50_000
    pv, hv = ph_states(n_ph, 5)
    outs = ["temperature_c", "density_kg_m3", "quality"]
    t_ph = timed(lambda: props_ph(pv, hv, outputs=outs), r)
    ph_base = n_ph_scalar / t_ph_scalar
    results["ph_scalar_loop"] = {
        "seconds": t_ph_scalar,
        "states_per_s": ph_base,
        "quantities": ph_codes,
    }
    results["ph_props_ph"] = {
        "seconds": t_ph,
        "states_per_s": n_ph / t_ph,
        "quantities": outs,
        "speedup_vs_scalar_loop": (n_ph / t_ph) / ph_base,
        "note": "props_ph also refines T by Newton steps on the forward (p, T) equations",
    }

    for key in ("pt_scalar_loop", "pt_coolprop_arrays", "pt_props_pt"):
        v = results[key]
        print(
            f"{key:22s} {v['states_per_s'] / 1e3:8.1f} k states/s "
            f"({v['property_values_per_s'] / 1e3:8.1f} k values/s), "
            f"{v['speedup_vs_scalar_loop']:.1f}x the scalar loop"
        )
    print(f"density only           {n / t_density / 1e3:8.1f} k states/s")
    s = results["pt_hourly_series"]
    print(
        f"8760-h series, 24 states: {s['deduplicated']['seconds'] * 1e3:.1f} ms deduplicated, "
        f"{s['not_deduplicated']['seconds'] * 1e3:.1f} ms not ({s['dedup_gain']:.1f}x)"
    )
    print(
        f"(p, h): scalar loop {ph_base / 1e3:.1f} k states/s, props_ph {n_ph / t_ph / 1e3:.1f} k "
        f"states/s ({results['ph_props_ph']['speedup_vs_scalar_loop']:.1f}x)"
    )
    print(f"iapws: {results['iapws']}")

    out = ROOT / "benchmarks" / "results" / "if97.json"
    atomic_write_json(out, results)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
