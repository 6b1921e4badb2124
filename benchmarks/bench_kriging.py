"""Benchmark: kgi_lab's ordinary kriging against PyKrige, measured in one run.

Ordinary kriging of 20 stations onto a 200 × 200 grid (40,000 cells of 100 m, a 20 km square in
EPSG:6677 over Kawasaki), spherical variogram with the same fixed parameters for both:

* ``kgi_lab.air.network.ordinary_kriging`` on a :func:`~kgi_lab.air.network.make_grid` grid
  (prediction and kriging variance, wrapped as an xarray Dataset);
* ``pykrige.ok.OrdinaryKriging(...).execute("grid", ...)`` with its default ``vectorized``
  backend (prediction and variance as numpy arrays); the ``loop`` backend is timed once too.

Only ratios are meaningful (these machines are noisy). The largest relative differences of the
predictions and variances are recorded as a check that both computed the same thing. Results go
to ``benchmarks/results/kriging.json``; nothing is asserted.

Usage: ``python benchmarks/bench_kriging.py [--repeats 9]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pykrige  # noqa: E402
import scipy  # noqa: E402
import shapely  # noqa: E402
from pykrige.ok import OrdinaryKriging  # noqa: E402

from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab.air.network import make_grid, ordinary_kriging  # noqa: E402

N_STATIONS = 20
N_CELLS = 200
CELL_M = 100.0
X0, Y0 = -30_000.0, -60_000.0  # south-west corner [m, EPSG:6677], Kawasaki's west
PARAMS = {"psill": 2.0e-5, "range": 8000.0, "nugget": 1.0e-6}  # ppm², m, ppm²


def setup():
    rng = np.random.default_rng(0)
    side = N_CELLS * CELL_M
    xy = np.column_stack([X0, Y0]) + rng.uniform(0.05, 0.95, (N_STATIONS, 2)) * side
    z = (
        0.02
        + 2e-7 * (xy[:, 0] - X0)
        + 0.004 * np.sin(xy[:, 1] / 3000.0)
        + 0.002 * rng.standard_normal(N_STATIONS)
    )  # NO2-like values [ppm]
    codes = [f"B{i:02d}" for i in range(N_STATIONS)]
    stations = gpd.GeoDataFrame(
        index=pd.Index(codes, name="station"),
        geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]),
        crs="EPSG:6677",
    )
    square = gpd.GeoSeries([shapely.box(X0, Y0, X0 + side, Y0 + side)], crs="EPSG:6677")
    grid = make_grid(square, cell_m=CELL_M)
    assert grid.sizes == {"y": N_CELLS, "x": N_CELLS}, grid.sizes
    return xy, pd.Series(z, index=codes), stations, grid


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=9)
    args = ap.parse_args()
    xy, values, stations, grid = setup()
    gx, gy = grid["x"].values, grid["y"].values

    def ours():
        return ordinary_kriging(values, stations, grid, "spherical", PARAMS)

    def theirs(backend="vectorized"):
        ok = OrdinaryKriging(
            xy[:, 0],
            xy[:, 1],
            values.to_numpy(),
            variogram_model="spherical",
            variogram_parameters=dict(PARAMS),
        )
        return ok.execute("grid", gx, gy, backend=backend)

    kgi_s, pk_s = [], []
    for _ in range(args.repeats + 1):  # interleaved; the first round warms caches
        t, res_k = timed(ours)
        kgi_s.append(t)
        t, res_p = timed(theirs)
        pk_s.append(t)
    loop_s, _ = timed(lambda: theirs("loop"))
    kgi_t, pk_t = statistics.median(kgi_s[1:]), statistics.median(pk_s[1:])
    zp, ssp = (np.asarray(a) for a in res_p)
    pred, var = res_k["prediction"].values, res_k["variance"].values
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "versions": {
            "pykrige": pykrige.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "case": {
            "stations": N_STATIONS,
            "grid": [N_CELLS, N_CELLS],
            "cell_m": CELL_M,
            "variogram": {"model": "spherical", **PARAMS},
            "repeats": args.repeats,
        },
        "kgi_lab_s": kgi_t,
        "pykrige_vectorized_s": pk_t,
        "pykrige_loop_s": loop_s,
        "kgi_over_pykrige": kgi_t / pk_t,
        "speedup_vs_pykrige": pk_t / kgi_t,
        "kgi_lab_min_s": min(kgi_s[1:]),
        "pykrige_vectorized_min_s": min(pk_s[1:]),
        "speedup_vs_pykrige_min": min(pk_s[1:]) / min(kgi_s[1:]),
        "timing_note": "medians (and minima) of interleaved runs after one warm-up round",
        "max_rel_diff_prediction": float(np.max(np.abs(pred - zp) / np.abs(zp))),
        "max_rel_diff_variance": float(np.max(np.abs(var - ssp) / np.abs(ssp))),
    }
    print(
        f"20 stations -> 200x200 grid: kgi_lab {kgi_t * 1e3:.1f} ms, PyKrige vectorized "
        f"{pk_t * 1e3:.1f} ms ({pk_t / kgi_t:.1f}x), PyKrige loop {loop_s * 1e3:.0f} ms; "
        f"max rel diff prediction {results['max_rel_diff_prediction']:.1e}, "
        f"variance {results['max_rel_diff_variance']:.1e}"
    )
    out = ROOT / "benchmarks" / "results" / "kriging.json"
    atomic_write_json(out, results)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
