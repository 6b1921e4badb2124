"""Benchmark: one synthetic typical year against pvlib's clear sky for the same year and site.

The baseline is :meth:`pvlib.location.Location.get_clearsky` (Ineichen, with its own solar
position and Linke turbidity look-up) for the same 8760 hourly interval midpoints at Greensboro NC,
measured in the same run; the generator does this work once and a stochastic model on top. Only
the ratio is meaningful (these machines are noisy). Results go to
``benchmarks/results/synthetic.json``. Nothing is asserted on time: the brief's budget (0.5 s
per hourly year) is reported, not tested.

Usage: ``.venv/bin/pytest benchmarks/bench_synthetic.py``, or
``python benchmarks/bench_synthetic.py``.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

import pandas as pd
import pvlib
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab.weather.clearsky import interval_index  # noqa: E402
from kgi_lab.weather.synthetic import generate_typical_year  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "synthetic.json"
#: Greensboro NC (pvlib's bundled TMY3 723170): site and its 12 monthly means.
SITE = {"latitude": 36.1, "longitude": -79.95, "tz": "Etc/GMT+5", "altitude_m": 273.0}
GHI = [2.414, 2.957, 4.251, 5.410, 5.636, 6.251, 6.083, 5.615, 4.427, 3.589, 2.435, 2.243]
TEMP = [0.33, 5.03, 11.41, 15.26, 20.11, 23.85, 26.14, 25.06, 20.96, 13.12, 10.82, 4.23]
WIND = [3.17, 3.68, 3.80, 3.68, 2.87, 2.92, 2.58, 2.49, 2.74, 3.08, 3.60, 3.28]
ROUNDS = 15

_results: dict = {}


def _clearsky_year() -> pd.DataFrame:
    location = pvlib.location.Location(
        SITE["latitude"], SITE["longitude"], tz=SITE["tz"], altitude=SITE["altitude_m"]
    )
    times = interval_index(2023, 60, SITE["tz"]) + pd.Timedelta(minutes=30)
    return location.get_clearsky(times, model="ineichen")


def _synthetic_year() -> pd.DataFrame:
    return generate_typical_year(
        SITE["latitude"],
        SITE["longitude"],
        GHI,
        TEMP,
        WIND,
        tz=SITE["tz"],
        altitude_m=SITE["altitude_m"],
        seed=0,
    )


def _record(name: str, benchmark) -> None:
    stats = benchmark.stats.stats
    _results[name] = {
        "median_s": stats.median,
        "min_s": stats.min,
        "max_s": stats.max,
        "rounds": stats.rounds,
    }


@pytest.fixture(scope="module", autouse=True)
def _write_results():
    yield
    if {"clearsky_year", "synthetic_year"} <= _results.keys():
        ratio = _results["synthetic_year"]["median_s"] / _results["clearsky_year"]["median_s"]
        out = {
            "machine": {"platform": platform.platform(), "python": platform.python_version()},
            "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "versions": {"pvlib": pvlib.__version__, "pandas": pd.__version__},
            "case": "hourly typical year, Greensboro NC, seed 0",
            "clearsky_year": _results["clearsky_year"],
            "synthetic_year": _results["synthetic_year"],
            "median_ratio_synthetic_to_clearsky": ratio,
        }
        atomic_write_json(OUT, out)
        print(
            f"\nsynthetic year {_results['synthetic_year']['median_s'] * 1e3:.1f} ms, "
            f"clear-sky baseline {_results['clearsky_year']['median_s'] * 1e3:.1f} ms, "
            f"ratio {ratio:.2f}; written {OUT}"
        )


def test_clearsky_year_baseline(benchmark):
    result = benchmark.pedantic(_clearsky_year, rounds=ROUNDS, warmup_rounds=1)
    assert len(result) == 8760
    _record("clearsky_year", benchmark)


def test_synthetic_year(benchmark):
    result = benchmark.pedantic(_synthetic_year, rounds=ROUNDS, warmup_rounds=1)
    assert len(result) == 8760
    _record("synthetic_year", benchmark)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider", "-s"]))
