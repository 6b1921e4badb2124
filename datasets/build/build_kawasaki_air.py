"""Build ``datasets/kawasaki_air_hourly.nc``: SYNTHETIC hourly air-quality data, FY2014–FY2018.

Run from the checkout (offline, about 10 s):

    .venv/bin/python datasets/build/build_kawasaki_air.py          # write the file, print sha256
    .venv/bin/python datasets/build/build_kawasaki_air.py --check  # regenerate, compare values

After writing, put the printed sha256 into the ``kawasaki_air_hourly`` entry of
``datasets/catalog.yaml``.

The data come from :func:`kgi_lab.air.synthetic.generate_network` for the 18 current stations of
``kawasaki_stations`` with the seed below; every assumption and calibration target is documented
in that module. The file stores each variable as int16 with ``scale_factor`` equal to the NIES
reporting resolution (``RESOLUTION``; wind direction as the 16-point code × 22.5°), zlib-compressed,
``_FillValue`` −32768 for missing hours. Decoded values are exact multiples of the resolution to
within one unit in the last place (0.021 may read 0.021000000000000001): round before truncating
(AQI rules).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import xarray as xr

from kgi_lab._io import sha256_file
from kgi_lab.air.synthetic import RESOLUTION, calibration_report, generate_network

OUT = Path(__file__).resolve().parents[1] / "kawasaki_air_hourly.nc"
SEED = 20140401
FISCAL_YEARS = range(2014, 2019)


def build() -> xr.Dataset:
    """The Dataset exactly as it is written (before encoding)."""
    return generate_network(fiscal_years=FISCAL_YEARS, seed=SEED)


def encoding(ds: xr.Dataset) -> dict[str, dict]:
    enc: dict[str, dict] = {}
    for var in ds.data_vars:
        enc[var] = {
            "dtype": "int16",
            "scale_factor": float(RESOLUTION[var]),
            "_FillValue": np.int16(-32768),
            "zlib": True,
            "complevel": 9,
            "shuffle": True,
            "chunksizes": (1, ds.sizes["time"]),
        }
    enc["time"] = {
        "units": f"hours since {str(ds['time'].values[0])[:19].replace('T', ' ')}",
        "dtype": "int32",
        "calendar": "proleptic_gregorian",
    }
    return enc


def write(ds: xr.Dataset, path: Path) -> None:
    """Write atomically (temporary file in the same folder, then rename)."""
    out = ds.copy()
    out.attrs = {k: v for k, v in ds.attrs.items() if k != "cleaning"}  # nothing was cleaned
    out.attrs["note"] = (
        "SYNTHETIC data for teaching, not measurements. Naive times are Japan Standard Time "
        "(attrs time_zone) labelling the beginning of each hour. attrs['cleaning'] is absent: "
        "nothing was cleaned; the synthetic gaps are counted in gap_hours_json."
    )
    out["time"].attrs["time_zone"] = ds.attrs["time_zone"]
    out["time"].attrs["interval_label"] = ds.attrs["interval_label"]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        out.to_netcdf(tmp, engine="h5netcdf", encoding=encoding(out))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args(argv)
    ds = build()
    if args.check:
        if not OUT.exists():
            print(f"{OUT}: missing")
            return 1
        with xr.open_dataset(OUT, engine="h5netcdf") as old:
            old = old.load()
        same = all(
            np.allclose(
                old[v].values, ds[v].values, rtol=0, atol=RESOLUTION[v] / 10, equal_nan=True
            )
            for v in ds.data_vars
        )
        print(f"{OUT}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    write(ds, OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)\nsha256 {sha256_file(OUT)}")
    report = calibration_report(ds)
    worst = report[["mean_error", "stat_error"]].abs().max()
    print(
        f"calibration: {len(report)} station-year-pollutant rows, worst mean error "
        f"{worst['mean_error']:.2%}, worst 98 %/2 % value error {worst['stat_error']:.2%}"
    )
    print(
        "valid NO2 days per station-year: "
        + json.dumps(
            report[report["variable"] == "no2"]["n_days"]
            .describe()[["min", "50%", "max"]]
            .to_dict()
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
