"""Validate kgi_lab's air statistics and the synthetic network against REAL daily data.

Reads the real daily means of Kawasaki's stations (Source B: GitHub
AlFontal/environmental-data-japan, MIT, built from NIES hourly data; one CSV per NIES station
code) from ``/work/shared/data/kawasaki-aq-daily`` (or ``--data DIR`` / the environment variable
``KGI_LAB_AQ_DAILY``). The files are read in place, never copied into the project. When they are
absent the script says so and exits 0.

What it checks
--------------
1. Per-station annual statistics computed with kgi_lab's daily-based functions
   (:func:`kgi_lab.air.standards.value_98_percent`, :func:`~kgi_lab.air.standards.exclusion_2pct_value`)
   against the DERIVED table of kawasaki-facts §1b (``kgi_lab.air.synthetic.CALIBRATION_TARGETS``):
   NO2 mean and 98 % value, SPM mean and 2 % exclusion value, PM2.5 mean and 98 % value, for
   calendar 2018 and fiscal 2017, after rounding to the table's precision.
2. The network medians behind the synthetic generator's DERIVED constants (NO/NO2 ratios, SO2
   and CO means, NO2/SPM trends) recomputed from the files.
3. The structure of the embedded synthetic dataset (``kawasaki_air_hourly``) against the real
   daily means: daily log-sd, lag-1 autocorrelation, Sunday/weekday ratio and inter-station
   correlation by distance, for NO2 and PM2.5 (calendar 2017–2018 real, FY2017–FY2018 synthetic).

Units found in the files (kawasaki-facts §1b, not the repository README): NO, NO2, NOX in ppb,
SPM and PM2.5 in µg/m³, CO in 0.1 ppm, SO2 in ppb. Whether the source enforced the 20-hour
valid-day rule is not documented; every row present is taken as a valid day.

Writes ``benchmarks/results/air_real_data_validation.json``.

Usage: ``.venv/bin/python scripts/validate_air_real_data.py [--data DIR]``
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kgi_lab._io import atomic_write_json  # noqa: E402
from kgi_lab.air import synthetic  # noqa: E402
from kgi_lab.air.standards import exclusion_2pct_value, value_98_percent  # noqa: E402

DEFAULT_DATA = Path("/work/shared/data/kawasaki-aq-daily")
OUT = ROOT / "benchmarks" / "results" / "air_real_data_validation.json"

#: Source B column → (kgi_lab name, divisor to the schema units).
COLUMNS = {
    "NO2_mean": ("no2", 1000.0),  # ppb -> ppm
    "NO_mean": ("no", 1000.0),
    "SO2_mean": ("so2", 1000.0),
    "CO_mean": ("co", 10.0),  # 0.1 ppm -> ppm
    "SPM_mean": ("spm", 1000.0),  # ug/m3 -> mg/m3
    "PM25_mean": ("pm25", 1.0),  # ug/m3
}
PERIODS = {
    "CY2018": (pd.Timestamp("2018-01-01"), pd.Timestamp("2019-01-01")),
    "FY2017": (pd.Timestamp("2017-04-01"), pd.Timestamp("2018-04-01")),
}
#: §1b statistics: (variable, table column of the mean, of the statistic, statistic, decimals).
CHECKS = (
    ("no2", "no2_mean_ppm", "no2_p98_ppm", "p98", 3),
    ("spm", "spm_mean_mg_m3", "spm_2pct_mg_m3", "2pct", 3),
    ("pm25", "pm25_mean_ug_m3", "pm25_p98_ug_m3", "p98", 1),
)
STAT = {"p98": value_98_percent, "2pct": exclusion_2pct_value}


def read_daily(folder: Path) -> dict[str, pd.DataFrame]:
    """One frame per station (index = date, columns = kgi_lab names in schema units)."""
    frames = {}
    for path in sorted(folder.glob("*.csv")):
        if not path.stem.isdigit():
            continue
        raw = pd.read_csv(path, parse_dates=["date"]).set_index("date")
        cols = {c: COLUMNS[c] for c in raw.columns if c in COLUMNS}
        frames[path.stem] = pd.DataFrame(
            {name: raw[c] / div for c, (name, div) in cols.items()}, index=raw.index
        )
    return frames


def full_days(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    """Daily values on the full calendar of [start, end) (absent days = NaN, as in the rules)."""
    days = pd.date_range(start, end, freq="D", inclusive="left")
    return series.reindex(days).to_numpy(dtype=float)


def section_1b(frames: dict[str, pd.DataFrame]) -> list[dict]:
    targets = synthetic.CALIBRATION_TARGETS
    rows = []
    for (station, period), target in targets.iterrows():
        if station not in frames:
            continue
        start, end = PERIODS[period]
        for var, mean_col, stat_col, stat, decimals in CHECKS:
            if not np.isfinite(target[mean_col]) or var not in frames[station]:
                continue
            daily = full_days(frames[station][var], start, end)
            n = int(np.isfinite(daily).sum())
            if n == 0:
                continue
            mean = float(np.nanmean(daily))
            value = float(STAT[stat](daily))
            rows.append(
                {
                    "station": station,
                    "period": period,
                    "variable": var,
                    "statistic": stat,
                    "n_days": n,
                    "n_days_table": int(target[f"{var}_n_days"]),
                    "mean": mean,
                    "mean_table": float(target[mean_col]),
                    "stat": value,
                    "stat_table": float(target[stat_col]),
                    "mean_matches": bool(
                        round(mean, decimals) == round(target[mean_col], decimals)
                    ),
                    "stat_matches": bool(
                        round(value, decimals) == round(target[stat_col], decimals)
                    ),
                }
            )
    return rows


def network_medians(frames: dict[str, pd.DataFrame], roadside: set[str]) -> dict:
    """Median over stations of annual means (≥ 250 days) per calendar year and station type."""
    out: dict = {}
    for var in ("no2", "no", "so2", "co", "spm", "pm25"):
        table = {}
        for station, df in frames.items():
            if var not in df:
                continue
            s = df[var]
            annual = s.groupby(s.index.year).agg(
                lambda x: x.mean() if x.notna().sum() >= 250 else np.nan
            )
            table[station] = annual
        wide = pd.DataFrame(table)
        out[var] = {
            kind: {
                int(y): (None if pd.isna(v) else float(v))
                for y, v in wide[
                    [c for c in wide.columns if (c in roadside) == (kind == "roadside")]
                ]
                .median(axis=1)
                .items()
            }
            for kind in ("general", "roadside")
        }
    return out


def _structure(daily: pd.DataFrame, lat: np.ndarray, lon: np.ndarray) -> dict:
    """Daily log-sd, lag-1 autocorrelation, Sunday/weekday ratio, correlation by distance."""
    logs = np.log(daily.clip(lower=1e-4))
    index = pd.DatetimeIndex(daily.index)
    by_dow = daily.groupby(index.day_of_week).mean()
    corr = logs.corr().to_numpy()
    dy = (lat[:, None] - lat[None, :]) * 111.0
    dx = (lon[:, None] - lon[None, :]) * 111.0 * np.cos(np.radians(35.55))
    dist = np.hypot(dx, dy)
    iu = np.triu_indices(len(lat), 1)
    bins = {}
    for lo, hi in ((0, 3), (3, 6), (6, 10), (10, 15), (15, 30)):
        sel = (dist[iu] >= lo) & (dist[iu] < hi)
        bins[f"{lo}-{hi} km"] = float(np.nanmedian(corr[iu][sel])) if sel.any() else None
    return {
        "daily_log_sd": float(logs.std().median()),
        "lag1_autocorrelation": float(logs.apply(lambda s: s.autocorr(1)).median()),
        "sunday_to_weekday": float((by_dow.loc[6] / by_dow.loc[0:4].mean()).median()),
        "correlation_by_distance": bins,
    }


def structure(frames: dict[str, pd.DataFrame]) -> dict:
    from kgi_lab.air.standards import daily_means
    from kgi_lab.datasets import load

    stations = load("kawasaki_stations").set_index("station")
    ds = load("kawasaki_air_hourly")
    out = {}
    for var in ("no2", "pm25"):
        real = pd.DataFrame(
            {c: df[var] for c, df in frames.items() if var in df and c in stations.index}
        ).loc["2017-01-01":"2018-12-31"]
        real = real.dropna(axis=1, thresh=500)
        geo = stations.loc[real.columns].geometry
        synth_daily = daily_means(ds[var].sel(time=slice("2017-04-01", "2019-03-31")), 20)
        synth = pd.DataFrame(
            synth_daily.values.T,
            index=pd.DatetimeIndex(synth_daily["time"].values),
            columns=ds["station"].values,
        ).dropna(axis=1, how="all")
        out[var] = {
            "real (Source B, CY2017-2018)": _structure(real, geo.y.to_numpy(), geo.x.to_numpy()),
            "synthetic (kawasaki_air_hourly, FY2017-2018)": _structure(
                synth,
                ds["latitude"].sel(station=synth.columns).values,
                ds["longitude"].sel(station=synth.columns).values,
            ),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="folder of the daily CSV files")
    args = parser.parse_args(argv)
    folder = args.data or Path(os.environ.get("KGI_LAB_AQ_DAILY", DEFAULT_DATA))
    if not folder.is_dir() or not any(folder.glob("*.csv")):
        print(f"real daily data not found in {folder}; nothing to validate (this is fine)")
        return 0
    frames = read_daily(folder)
    roadside = {
        "14131510",
        "14131530",
        "14131540",
        "14132510",
        "14133520",
        "14134530",
        "14135530",
        "14135540",
        "14136510",
    }  # station_type in kawasaki_stations (14131510 is not a current station)

    rows = section_1b(frames)
    table = pd.DataFrame(rows)
    print("1. Annual statistics from real daily means vs kawasaki-facts §1b (DERIVED table)")
    show = table.assign(mean=table["mean"].round(4), stat=table["stat"].round(4))[
        [
            "station",
            "period",
            "variable",
            "n_days",
            "n_days_table",
            "mean",
            "mean_table",
            "stat",
            "stat_table",
            "mean_matches",
            "stat_matches",
        ]
    ]
    print(show.to_string(index=False))
    n = len(table)
    matched = int((table["mean_matches"] & table["stat_matches"]).sum())
    print(
        f"   {matched}/{n} station-period-pollutant rows equal the table after rounding; "
        f"n_days equal in {int((table['n_days'] == table['n_days_table']).sum())}/{n}"
    )

    medians = network_medians(frames, roadside)
    checks = {
        "no_to_no2_ratio": {
            kind: {
                y: medians["no"][kind][y] / medians["no2"][kind][y]
                for y in range(2014, 2019)
                if medians["no"][kind].get(y) and medians["no2"][kind].get(y)
            }
            for kind in ("general", "roadside")
        },
        "no_to_no2_ratio_in_generator": synthetic.NO_TO_NO2_RATIO,
        "so2_mean_ppm_general": {y: medians["so2"]["general"].get(y) for y in range(2014, 2019)},
        "so2_mean_ppm_in_generator": synthetic.SO2_MEAN_PPM,
        "co_mean_ppm": {
            k: {y: medians["co"][k].get(y) for y in range(2014, 2019)}
            for k in ("general", "roadside")
        },
        "co_mean_ppm_in_generator": synthetic.CO_MEAN_PPM,
        "no2_trend_per_year_2014_2018": {
            k: (medians["no2"][k][2018] / medians["no2"][k][2014]) ** 0.25 - 1
            for k in ("general", "roadside")
        },
        "spm_trend_per_year_2013_2018": {
            k: (medians["spm"][k][2018] / medians["spm"][k][2013]) ** 0.2 - 1
            for k in ("general", "roadside")
        },
        "pm25_change_2013_2017": {
            k: medians["pm25"][k][2017] / medians["pm25"][k][2013] - 1
            for k in ("general", "roadside")
        },
        "trend_per_year_in_generator": synthetic.TREND_PER_YEAR,
    }
    print("\n2. Source B network medians behind the generator's DERIVED constants")
    for key in (
        "no2_trend_per_year_2014_2018",
        "spm_trend_per_year_2013_2018",
        "pm25_change_2013_2017",
    ):
        print(f"   {key}: " + ", ".join(f"{k} {v:+.1%}" for k, v in checks[key].items()))
    for kind in ("general", "roadside"):
        ratio = checks["no_to_no2_ratio"][kind]
        print(
            f"   NO/NO2 {kind}: "
            + ", ".join(
                f"{y} {ratio[y]:.2f} (gen {synthetic.NO_TO_NO2_RATIO[kind][y]:.2f})" for y in ratio
            )
        )

    struct = structure(frames)
    print("\n3. Structure of daily means: real vs synthetic")
    for var, sides in struct.items():
        for side, s in sides.items():
            bins = ", ".join(f"{k} {v:.2f}" for k, v in s["correlation_by_distance"].items() if v)
            print(
                f"   {var} {side}: log-sd {s['daily_log_sd']:.2f}, lag-1 r "
                f"{s['lag1_autocorrelation']:.2f}, Sunday/weekday "
                f"{s['sunday_to_weekday']:.2f}; correlation {bins}"
            )

    atomic_write_json(
        OUT,
        {
            "data": str(folder),
            "source": "GitHub AlFontal/environmental-data-japan daily means (MIT), read in place",
            "section_1b": {"rows": rows, "n_rows": n, "n_equal_after_rounding": matched},
            "network_medians": medians,
            "generator_constants": checks,
            "structure": struct,
        },
    )
    print(f"\nwrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
