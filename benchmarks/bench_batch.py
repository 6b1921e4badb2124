"""Benchmark: the cost of kgi_lab's batch layer against bare papermill, and parallel speed-up.

Measured in one run on the same machine, so only the ratios are meaningful (these machines are
noisy). Results go to ``benchmarks/results/batch.json``; nothing is asserted.

1. Per-notebook overhead: ``kgi-lab run NOTEBOOK`` (parameter validation, execution, HTML
   rendering, metrics, index, reproducibility stamp) against ``papermill NOTEBOOK OUT`` for the same
   notebook, both as command-line calls (what users type), and in-process
   (``run_batch`` against ``papermill.execute_notebook``).
2. ``--jobs 2`` against serial on 8 notebook executions.

Usage: ``python benchmarks/bench_batch.py [--repeats 3]``
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab.batch.runner import PlannedExecution, run_batch  # noqa: E402

BIN = Path(sys.executable).parent
NOTEBOOKS = {
    "trivial": ROOT / "tests" / "data" / "notebooks" / "ok.ipynb",
    "solar_resource": ROOT / "notebooks" / "solar_resource.ipynb",
}


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _cli_pair(nb: Path, tmp: Path, repeats: int) -> dict:
    papermill_s, kgi_s = [], []
    for i in range(repeats):  # interleaved, so drift hits both alike
        out = tmp / f"pm-{nb.stem}-{i}.ipynb"
        papermill_s.append(
            _timed(
                lambda out=out: subprocess.run(
                    [
                        str(BIN / "papermill"),
                        str(nb),
                        str(out),
                        "--no-progress-bar",
                        "-k",
                        "python3",
                    ],
                    check=True,
                    capture_output=True,
                )
            )
        )
        kgi_s.append(
            _timed(
                lambda: subprocess.run(
                    [str(BIN / "kgi-lab"), "run", str(nb), "--out", str(tmp / "cli"), "--quiet"],
                    check=True,
                    capture_output=True,
                )
            )
        )
    pm, kg = statistics.median(papermill_s), statistics.median(kgi_s)
    return {"papermill_cli_s": papermill_s, "kgi_lab_run_cli_s": kgi_s, "median_ratio": kg / pm}


def _inprocess_pair(nb: Path, tmp: Path, repeats: int) -> dict:
    import papermill

    papermill_s, kgi_s = [], []
    for i in range(repeats):
        out = tmp / f"ip-{nb.stem}-{i}.ipynb"
        papermill_s.append(
            _timed(
                lambda out=out: papermill.execute_notebook(
                    str(nb), str(out), kernel_name="python3", progress_bar=False
                )
            )
        )
        plan = [PlannedExecution(nb.stem, f"r{i}", nb, {})]
        kgi_s.append(
            _timed(lambda plan=plan: run_batch(plan, tmp / "ip", name=nb.stem, progress=None))
        )
    pm, kg = statistics.median(papermill_s), statistics.median(kgi_s)
    return {
        "papermill_execute_notebook_s": papermill_s,
        "kgi_lab_run_batch_s": kgi_s,
        "median_ratio": kg / pm,
        "median_overhead_s": kg - pm,
    }


def _parallel(tmp: Path) -> dict:
    cities = [
        "kawasaki",
        "shenyang",
        "shanghai",
        "penang",
        "da_nang",
        "bandung",
        "mumbai",
        "yokohama",
    ]
    nb = NOTEBOOKS["solar_resource"]
    plan = [PlannedExecution("solar", c, nb, {"city": c}) for c in cities]
    serial = run_batch(plan, tmp / "par", name="serial", jobs=1, progress=None)
    par = run_batch(plan, tmp / "par", name="jobs2", jobs=2, progress=None)
    assert serial.ok and par.ok
    return {
        "executions": len(plan),
        "serial_wall_s": serial.wall_time_s,
        "jobs2_wall_s": par.wall_time_s,
        "speedup": serial.wall_time_s / par.wall_time_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    results: dict = {
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for name, nb in NOTEBOOKS.items():
            results[f"cli_{name}"] = _cli_pair(nb, tmp, args.repeats)
            results[f"inprocess_{name}"] = _inprocess_pair(nb, tmp, args.repeats)
            print(
                name,
                json.dumps(
                    {k: results[f"{k}_{name}"]["median_ratio"] for k in ("cli", "inprocess")}
                ),
            )
        results["parallel_8"] = _parallel(tmp)
    out = ROOT / "benchmarks" / "results" / "batch.json"
    atomic_write_json(out, results)
    print(json.dumps(results["parallel_8"], indent=1))
    print(f"written {out}")


if __name__ == "__main__":
    main()
