"""Benchmark: Japan's official air-quality evaluation, vectorised against a pandas groupby/apply.

Case: 18 stations × 10 fiscal years (FY2012-FY2021, 87,648 hours) × 6 pollutants (SO2, NO2, CO,
SPM, Ox, PM2.5), random hourly data with realistic gaps: ~1 % isolated missing hours, 1-5-day
outages (about 3 per station, pollutant and year), a station that starts in October 2013 (its
FY2013 falls under 6,000 hours), Ox only at the 9 "general" stations, and 200 hours absent from
the time axis altogether (file gaps, which must count as missing).

* ``kgi_lab``: :func:`kgi_lab.air.standards.evaluate_japan` for every (pollutant, fiscal year):
  60 calls, each vectorised over stations on a (station, day, hour) array.
* ``pandas``: the straightforward way - a long table, ``groupby(["station", "fiscal_year"])
  .apply(...)`` with a per-group function that reindexes to the full hourly calendar, forms
  daily means with ``groupby(date)``, ranks them and applies the same rules.

Both are timed in the same run (median of ``--repeats``); only the ratio is meaningful on these
noisy machines. The two results are compared column by column (they must agree exactly).
Nothing is asserted on time. Results: ``benchmarks/results/air_eval.json``.

Usage: ``python benchmarks/bench_air_eval.py [--repeats 3]``
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab.air.schema import POLLUTANTS, fiscal_year, fiscal_year_bounds  # noqa: E402
from kgi_lab.air.standards import evaluate_japan  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "air_eval.json"
FISCAL_YEARS = list(range(2012, 2022))
POLLUTANT_LIST = ["so2", "no2", "co", "spm", "ox", "pm25"]
N_STATIONS = 18
#: gamma scale (mean / 2) and reporting resolution of the synthetic hourly values
SCALE = {"so2": 0.002, "no2": 0.010, "co": 0.2, "spm": 0.010, "ox": 0.015, "pm25": 6.0}
RESOLUTION = {"so2": 0.001, "no2": 0.001, "co": 0.1, "spm": 0.001, "ox": 0.001, "pm25": 1.0}
DAILY_RES = {"so2": 0.001, "no2": 0.001, "co": 0.1, "spm": 0.001, "ox": 0.001, "pm25": 0.1}


def make_dataset(seed: int = 0) -> xr.Dataset:
    """18 stations × FY2012-FY2021 hourly, with gaps (see the module docstring)."""
    rng = np.random.default_rng(seed)
    start, _ = fiscal_year_bounds(FISCAL_YEARS[0])
    _, end = fiscal_year_bounds(FISCAL_YEARS[-1])
    times = pd.date_range(start, end, freq="h", inclusive="left")
    n = times.size
    hour = times.hour.values
    doy = times.day_of_year.values
    stations = [f"1413{i:04d}" for i in range(N_STATIONS)]
    data = {}
    for p in POLLUTANT_LIST:
        diurnal = 1 + 0.4 * np.sin(2 * np.pi * (hour - 9) / 24)
        seasonal = 1 + 0.3 * np.cos(2 * np.pi * (doy - 30) / 365)
        level = np.linspace(0.6, 1.7, N_STATIONS)[:, None]  # clean to polluted stations
        n_days = n // 24
        day_factor = rng.lognormal(0.0, 0.35, (N_STATIONS, n_days))  # synoptic variability
        episode = rng.random((N_STATIONS, n_days)) < 0.006  # pollution episodes of 1-3 days
        episode |= np.roll(episode, 1, axis=1) & (rng.random((N_STATIONS, n_days)) < 0.5)
        episode |= np.roll(episode, 1, axis=1) & (rng.random((N_STATIONS, n_days)) < 0.3)
        day_factor = np.repeat(day_factor * np.where(episode, 3.0, 1.0), 24, axis=1)
        x = rng.gamma(2.0, SCALE[p], (N_STATIONS, n)) * level * diurnal * seasonal * day_factor
        x = np.round(x / RESOLUTION[p]) * RESOLUTION[p]
        x[rng.random(x.shape) < 0.01] = np.nan  # calibration hours
        n_out = rng.poisson(3 * len(FISCAL_YEARS), N_STATIONS)
        for s in range(N_STATIONS):  # outages (data generation only, not the benchmarked code)
            first = rng.integers(0, n, n_out[s])
            length = rng.integers(24, 5 * 24, n_out[s])
            for a, b in zip(first, first + length, strict=True):
                x[s, a:b] = np.nan
        x[5, : times.get_loc(pd.Timestamp("2013-10-01"))] = np.nan  # late start
        if p == "ox":
            x[9:] = np.nan  # roadside stations do not measure Ox
        data[p] = (("station", "time"), x, {"units": POLLUTANTS[p]["units"]})
    ds = xr.Dataset(
        data,
        coords={"station": stations, "time": times},
        attrs={"time_zone": "Asia/Tokyo", "interval_label": "beginning", "kind": "synthetic"},
    )
    absent = np.sort(rng.choice(n, 200, replace=False))
    return ds.isel(time=np.setdiff1d(np.arange(n), absent))


# --------------------------------------------------------------------------------------------
# the pandas baseline


def _half_up(x, res):
    k = round(1 / res)
    return np.floor(np.asarray(x, float) * k + 0.5 + 1e-9) / k


def _group_stats(g: pd.DataFrame, pollutant: str) -> pd.Series:
    """One station-year: the Japanese statistics, written the plain pandas way."""
    fy = int(g.name[1])
    start, end = fiscal_year_bounds(fy)
    hourly = g.set_index("time")["value"].reindex(
        pd.date_range(start, end, freq="h", inclusive="left")
    )
    by_day = hourly.groupby(hourly.index.normalize())
    count = by_day.count()
    daily = pd.Series(
        _half_up(by_day.mean().where(count >= 20), DAILY_RES[pollutant]), index=count.index
    )
    valid = daily.dropna()
    n = len(valid)
    asc = np.sort(valid.to_numpy())
    out = {"valid_hours": int(hourly.count()), "valid_days": n}
    if pollutant in ("no2", "pm25"):
        r = int(np.floor(0.98 * n + 0.5 + 1e-9))
        out["p98"] = asc[r - 1] if n else np.nan
    if pollutant in ("so2", "co", "spm"):
        m = int(np.floor(0.02 * n + 0.5 + 1e-9))
        out["ex2"] = asc[n - m - 1] if n else np.nan
        limit = {"so2": 0.04, "co": 10.0, "spm": 0.10}[pollutant]
        above = (daily > limit * (1 + 1e-9)).astype(int)
        run = above.groupby((above == 0).cumsum()).cumsum().max()
        out["consecutive"] = bool(run >= 2)
        out["attained"] = bool(out["ex2"] <= limit * (1 + 1e-9) and not out["consecutive"])
        out["evaluable"] = out["valid_hours"] >= 6000 and n > 0
    if pollutant == "no2":
        out["attained"] = bool(out["p98"] <= 0.06 * (1 + 1e-9))
        out["evaluable"] = out["valid_hours"] >= 6000 and n > 0
    if pollutant == "pm25":
        annual = _half_up(valid.mean(), 0.1) if n else np.nan
        out["attained"] = bool(annual <= 15 * (1 + 1e-9) and out["p98"] <= 35 * (1 + 1e-9))
        out["evaluable"] = n >= 250
    if pollutant == "ox":
        day = hourly[(hourly.index.hour >= 5) & (hourly.index.hour <= 19)]
        out["daytime_hours_above"] = int((day > 0.06 * (1 + 1e-9)).sum())
        out["valid_days"] = int(day.groupby(day.index.normalize()).count().gt(0).sum())
        out["attained"] = out["daytime_hours_above"] == 0
        out["evaluable"] = int(day.count()) > 0
    return pd.Series(out)


def pandas_evaluate(ds: xr.Dataset) -> dict[str, pd.DataFrame]:
    results = {}
    for p in POLLUTANT_LIST:
        long = ds[p].to_dataframe(name="value").reset_index()[["station", "time", "value"]]
        long["fiscal_year"] = fiscal_year(long["time"])
        long = long[long["fiscal_year"].isin(FISCAL_YEARS)]
        results[p] = long.groupby(["station", "fiscal_year"]).apply(
            _group_stats, pollutant=p, include_groups=False
        )
    return results


def kgi_evaluate(ds: xr.Dataset) -> dict[str, pd.DataFrame]:
    results = {}
    for p in POLLUTANT_LIST:
        frames = {fy: evaluate_japan(ds, p, fy) for fy in FISCAL_YEARS}
        results[p] = pd.concat(frames, names=["fiscal_year"]).swaplevel().sort_index()
    return results


COMPARE = {
    "valid_hours": "valid_hours",
    "valid_days": "valid_days",
    "p98": {"no2": "daily_p98_ppm", "pm25": "daily_p98_ug_m3"},
    "ex2": {"so2": "exclusion_2pct_ppm", "co": "exclusion_2pct_ppm", "spm": "exclusion_2pct_mg_m3"},
    "consecutive": "consecutive_days_above",
    "daytime_hours_above": "daytime_hours_above",
    "evaluable": "evaluable",
}


def compare(kgi: dict, base: dict) -> dict:
    """Count disagreements between the two implementations, per pollutant and statistic."""
    out = {}
    for p in POLLUTANT_LIST:
        k, b = kgi[p], base[p]
        b.index = b.index.set_names(["station", "fiscal_year"])
        k = k.reindex(b.index)
        rows = {}
        for col in b.columns:
            name = COMPARE.get(col, col)
            name = name.get(p) if isinstance(name, dict) else name
            if col == "attained":
                kv = k["attained"].astype("boolean").fillna(False).to_numpy(bool)
                bv = b["attained"].astype(bool).to_numpy() & b["evaluable"].astype(bool).to_numpy()
                rows[col] = int((kv != bv).sum())
                continue
            kv = k[name].to_numpy(dtype=float)
            bv = b[col].to_numpy(dtype=float)
            rows[col] = int((~((kv == bv) | (np.isnan(kv) & np.isnan(bv)))).sum())
        out[p] = rows
    return out


def _timed(fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t0, result


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    ds = make_dataset()
    evaluate_japan(ds, "no2", FISCAL_YEARS[0])  # warm-up: loads and verifies the standards file
    kgi_s, base_s = [], []
    for _ in range(args.repeats):  # interleaved, so drift hits both alike
        t, kgi = _timed(kgi_evaluate, ds)
        kgi_s.append(t)
        t, base = _timed(pandas_evaluate, ds)
        base_s.append(t)
    mismatches = compare(kgi, base)
    n_eval = len(POLLUTANT_LIST) * len(FISCAL_YEARS)
    result = {
        "machine": {"platform": platform.platform(), "python": platform.python_version()},
        "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "versions": {"numpy": np.__version__, "pandas": pd.__version__, "xarray": xr.__version__},
        "case": (
            f"{N_STATIONS} stations x {len(FISCAL_YEARS)} fiscal years "
            f"(FY{FISCAL_YEARS[0]}-FY{FISCAL_YEARS[-1]}, {ds.sizes['time']} hourly labels, "
            f"200 absent) x {len(POLLUTANT_LIST)} pollutants; seed 0"
        ),
        "kgi_lab_evaluate_japan": {
            "median_s": statistics.median(kgi_s),
            "all_s": kgi_s,
            "per_call_ms": 1e3 * statistics.median(kgi_s) / n_eval,
        },
        "pandas_groupby_apply": {"median_s": statistics.median(base_s), "all_s": base_s},
        "median_ratio_pandas_to_kgi_lab": statistics.median(base_s) / statistics.median(kgi_s),
        "disagreements": mismatches,
        "station_years_compared": int(sum(len(b) for b in base.values())),
        "attained_counts_kgi_lab": {
            p: {str(k): int(v) for k, v in kgi[p]["attained"].value_counts(dropna=False).items()}
            for p in POLLUTANT_LIST
        },
    }
    atomic_write_json(OUT, result)
    print(
        f"kgi_lab {result['kgi_lab_evaluate_japan']['median_s']:.3f} s "
        f"({result['kgi_lab_evaluate_japan']['per_call_ms']:.1f} ms per pollutant-year), "
        f"pandas groupby/apply {result['pandas_groupby_apply']['median_s']:.2f} s, "
        f"ratio {result['median_ratio_pandas_to_kgi_lab']:.0f}x; disagreements {mismatches}; "
        f"written {OUT}"
    )
    return result


if __name__ == "__main__":
    main()
