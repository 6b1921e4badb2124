"""Benchmark: the whole course as a batch, serial against ``--jobs 2``, and the site build.

What ``make report`` does, timed: the default course (every module and parameter set) run
serially (``jobs=1``, the baseline) and with two worker processes, each followed by the course
site build. Optionally the partner-city batch too. Measured in one run on the same machine, so
the ratio against the serial baseline is the figure to quote; nothing is asserted. Results go to
``benchmarks/results/course.json``.

Usage: ``python benchmarks/bench_course.py [--partner-cities] [--jobs 2]``
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

from kgi_lab import curricula  # noqa: E402
from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab._paths import curricula_dir  # noqa: E402
from kgi_lab.batch.runner import run_batch  # noqa: E402
from kgi_lab.site import attach_site  # noqa: E402


def _run(course: curricula.Curriculum, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        summary = run_batch(
            curricula.plan(course),
            tmp,
            name=course.id,
            title=course.title,
            jobs=jobs,
            progress=None,
        )
        t_batch = time.perf_counter() - t0
        t1 = time.perf_counter()
        attach_site(summary.run_dir, course)
        t_site = time.perf_counter() - t1
        by_module: dict[str, list[float]] = {}
        for r in summary.results:
            by_module.setdefault(r.module, []).append(r.duration_s)
        return {
            "jobs": jobs,
            "executions": len(summary.results),
            "failed": [r.key for r in summary.failed],
            "wall_s": round(t_batch + t_site, 2),
            "batch_s": round(t_batch, 2),
            "site_s": round(t_site, 3),
            "mean_notebook_s": {m: round(statistics.mean(v), 2) for m, v in by_module.items()},
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--partner-cities", action="store_true")
    args = parser.parse_args()
    os.environ.pop("MPLBACKEND", None)

    course = curricula.default_curriculum()
    batches = {"course": course}
    if args.partner_cities:
        batches["partner_cities"] = curricula.load_parameters_file(
            curricula_dir() / "partner-cities.yaml", course
        )
    results = {}
    for name, c in batches.items():
        serial = _run(c, 1)
        parallel = _run(c, args.jobs)
        results[name] = {
            "serial": serial,
            "parallel": parallel,
            "speedup_vs_serial": round(serial["wall_s"] / parallel["wall_s"], 2),
            "site_share_of_serial_wall": round(serial["site_s"] / serial["wall_s"], 4),
        }
        print(
            f"{name}: {serial['executions']} executions · serial {serial['wall_s']:.1f} s · "
            f"jobs={args.jobs} {parallel['wall_s']:.1f} s · speed-up "
            f"{results[name]['speedup_vs_serial']:.2f}x · site build {serial['site_s']:.2f} s"
        )
    out = {
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "results": results,
    }
    atomic_write_json(ROOT / "benchmarks" / "results" / "course.json", out)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
