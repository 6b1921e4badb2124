"""Build ``datasets/city_monthly_climate.csv``: monthly GHI, air temperature and wind per city.

Run from the checkout (offline; needs gsee-climate-data):

    .venv/bin/python datasets/build/build_city_climate.py          # write the CSV, print sha256
    .venv/bin/python datasets/build/build_city_climate.py --check  # rebuild in memory, compare

After writing, put the printed sha256 into the ``city_monthly_climate`` entry of
``datasets/catalog.yaml``.

Where each value comes from (the CSV carries a source and a quality flag for every value):

* GHI, kawasaki and yokohama: the Ångström–Prescott ESTIMATE for JMA Tokyo 47662 transcribed from
  shared/reference/partner-cities.md §3 (checked here against its recomputation from the §3
  sunshine fractions and FAO-56 H0). Tokyo is the nearest JMA station with a solar estimate;
  Kawasaki has no JMA station, Yokohama's solar data were not found.
* GHI, other cities: MERRA-2 2011-2015 from gsee-climate-data at the station coordinates of
  partner_cities.csv, nearest cell, times the documented bias correction 0.928
  (``kgi_lab.weather.climatology.merra2_monthly_ghi``).
* Air temperature: the ``city_monthly_temperature`` dataset where it has values. Yokohama: the Tokyo
  normals as a proxy. Shanghai: the 1971-2000 monthly mean maxima (§2.4) minus 3.5 K, the half
  diurnal range of January and February from the same table. Bandung: Penang's annual mean lowered
  by the ISA lapse rate for the 736 m height difference.
* Wind speed: nowhere found; the labelled pvlib default of 1.0 m/s.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import numpy as np

from kgi_lab._io import atomic_write_text, sha256_file
from kgi_lab.datasets import load
from kgi_lab.weather.clearsky import day_length_h, monthly_extraterrestrial_kwh_m2_day
from kgi_lab.weather.climatology import (
    DAYS_IN_MONTH,
    DEFAULT_WIND_SOURCE,
    DEFAULT_WIND_SPEED_M_S,
    MERRA2_GHI_CORRECTION_FACTOR,
    merra2_monthly_ghi,
)

OUT = Path(__file__).resolve().parents[1] / "city_monthly_climate.csv"
DAYS = np.array(DAYS_IN_MONTH)

COLUMNS = (
    "city",
    "month",
    "ghi_kwh_m2_day",
    "ghi_quality",
    "ghi_source",
    "temp_air_c",
    "temp_air_quality",
    "temp_air_source",
    "wind_speed_m_s",
    "wind_speed_quality",
    "wind_speed_source",
    "ghi_merra2_raw_kwh_m2_day",
)

# --- transcriptions from shared/reference/partner-cities.md -------------------------------------

#: §3, Tokyo 1961-2012 sunshine fraction S/N per month (blog analysis of JMA data [C]).
TOKYO_SUNSHINE_FRACTION = (
    0.608, 0.543, 0.466, 0.444, 0.422, 0.295, 0.341, 0.437, 0.339, 0.394, 0.482, 0.583,
)  # fmt: skip
#: §3, "ESTIMATE — Tokyo monthly mean daily GHI" [kWh/m2/day]: H = (0.25 + 0.50 S/N) H0.
TOKYO_GHI_ESTIMATE = (2.76, 3.30, 3.94, 4.69, 5.12, 4.59, 4.74, 4.83, 3.65, 3.05, 2.58, 2.47)
#: §3, the Ångström–Prescott coefficients used (FAO-56 defaults).
ANGSTROM_A, ANGSTROM_B = 0.25, 0.50
#: §3/§8, the latitude of JMA Tokyo 47662 used for H0 [deg].
TOKYO_LATITUDE = 35.69

TOKYO_GHI_SOURCE = (
    "partner-cities.md §3 Ångström–Prescott ESTIMATE for JMA Tokyo 47662: H = (0.25 + 0.50 S/N) "
    "H0, S/N = 1961-2012 dekadal sunshine from a blog analysis of JMA data "
    "(http://okatabi.hill-in-biei.com/archives/22120253.html) [C], H0 = FAO-56 eqs. 21-25 (§8); "
    "uncalibrated, about ±10-15 % per month; 1,392 kWh/m2/yr"
)

#: §2.4, Shanghai 1971-2000 monthly mean daily maximum [degC] (liquisearch mirror of Wikipedia [C]).
SHANGHAI_MEAN_MAX_C = (8.1, 9.2, 12.8, 19.1, 24.1, 27.6, 31.8, 31.3, 27.2, 22.6, 17.0, 11.1)
#: §2.4, the only mean minima captured: January and February [degC].
SHANGHAI_MEAN_MIN_JAN_FEB_C = (1.1, 2.2)

#: Temperature lapse rate of the ICAO/ISO standard atmosphere below 11 km [K/m] (ISO 2533:1975).
ISA_LAPSE_RATE_K_PER_M = 0.0065

#: Annual sunshine hours quoted in §2 (for the printed cross-check only).
ANNUAL_SUNSHINE_H = {
    "kawasaki": (1933.3, "Tokyo 1991-2020 mean of yearly totals, blog [C] (§3); method check"),
    "yokohama": (2018.3, "1991-2020 mean of yearly totals, blog [C] (§2.2)"),
    "shenyang": (2468.0, "period not stated [C] (§2.3)"),
    "shanghai": (1525.6, "2015 only, Xujiahui [B] (§2.4)"),
    "penang": (2138.0, "app constant citing Wikipedia [C] (§2.5)"),
    "da_nang": (2163.0, "app constant citing Wikipedia [C] (§2.6)"),
}


def _tokyo_ghi() -> np.ndarray:
    h0 = monthly_extraterrestrial_kwh_m2_day(TOKYO_LATITUDE)["h0_kwh_m2_day"].to_numpy()
    recomputed = (ANGSTROM_A + ANGSTROM_B * np.array(TOKYO_SUNSHINE_FRACTION)) * h0
    published = np.array(TOKYO_GHI_ESTIMATE)
    worst = float(np.abs(recomputed - published).max())
    if worst > 0.011:  # the table is rounded to 0.01 from unrounded S/N
        raise SystemExit(f"Tokyo §3 transcription differs from its recomputation by {worst:.3f}")
    annual = float((published * DAYS).sum())
    if abs(annual - 1392) > 1:
        raise SystemExit(f"Tokyo §3 estimate sums to {annual:.1f}, not ≈1,392 kWh/m2/yr")
    return published


def _quality_flag(nc_quality: str) -> str:
    head = nc_quality.split(":", 1)[0].strip()
    if head not in {"A", "B", "C", "ESTIMATE"}:
        raise SystemExit(f"unexpected quality in city_monthly_temperature: {nc_quality!r}")
    return head


def _temperatures(cities) -> dict[str, tuple[np.ndarray, str, str]]:
    """(12 values [degC], quality, source) per city."""
    nc = load("city_monthly_temperature")
    out: dict[str, tuple[np.ndarray, str, str]] = {}
    for city in cities.index:
        values = nc["temp_air"].sel(city=city).to_numpy().astype(float)
        if np.isfinite(values).all():
            quality = str(nc["quality"].sel(city=city).values)
            source = str(nc["source"].sel(city=city).values)
            out[city] = (
                values,
                _quality_flag(quality),
                f"city_monthly_temperature dataset, {quality}; {source}",
            )
    tokyo_values, tokyo_quality, tokyo_source = out["kawasaki"]
    out["yokohama"] = (
        tokyo_values,
        "ESTIMATE",
        "proxy: the JMA Tokyo 47662 1991-2020 normals of the kawasaki row "
        f"({tokyo_quality}); Yokohama 47670 monthly normals NOT FOUND (partner-cities.md §2.2); "
        "Tokyo is 30 km NNE; older annual means are alike (Yokohama 1971-2000 15.5 degC, Tokyo "
        "1981-2010 15.4 degC, kawasaki-facts.md §4a-b)",
    )
    jan_feb_max = np.array(SHANGHAI_MEAN_MAX_C[:2])
    half_range = float(np.mean((jan_feb_max - np.array(SHANGHAI_MEAN_MIN_JAN_FEB_C)) / 2))
    out["shanghai"] = (
        np.round(np.array(SHANGHAI_MEAN_MAX_C) - half_range, 1),
        "ESTIMATE",
        f"1971-2000 monthly mean daily maximum minus {half_range:.1f} K, the half diurnal range "
        "of January (8.1/1.1) and February (9.2/2.2), the only months whose mean minimum was "
        "captured; mirror of the English-Wikipedia 'Geography of Shanghai' climate box "
        "https://www.liquisearch.com/geography_of_shanghai/climate [C] (partner-cities.md §2.4); "
        "annual 16.7 degC vs single years 17.4 (2015, Xujiahui) and 18.4 (2006)",
    )
    penang_values, _, _ = out["penang"]
    drop = ISA_LAPSE_RATE_K_PER_M * (
        float(cities.loc["bandung", "elevation_m"]) - float(cities.loc["penang", "elevation_m"])
    )
    bandung = round(float(penang_values.mean()) - drop, 1)
    out["bandung"] = (
        np.full(12, bandung),
        "ESTIMATE",
        f"no monthly normals found (partner-cities.md §2.7): the annual mean of the nearest "
        f"embedded city with temperatures, Penang ({penang_values.mean():.1f} degC, itself an "
        f"ESTIMATE [C]), lowered by {drop:.1f} K for the 736 m height difference (Bandung-Husein "
        "740 m, Penang/Bayan Lepas 4 m) at the ISA lapse rate 6.5 K/km (ISO 2533:1975); the "
        "same value in every month (no seasonal cycle)",
    )
    return out


def build() -> tuple[str, list[dict]]:
    """Return the CSV text and a per-city summary."""
    cities = load("partner_cities")
    tokyo_ghi = _tokyo_ghi()
    temps = _temperatures(cities)
    factor = MERRA2_GHI_CORRECTION_FACTOR["nearest"]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    summary = []
    for city in cities.index:
        lat, lon = float(cities.loc[city, "latitude"]), float(cities.loc[city, "longitude"])
        station = f"{cities.loc[city, 'station']} ({cities.loc[city, 'wmo_id']})"
        merra = merra2_monthly_ghi(lat, lon)
        raw = merra["ghi_raw_kwh_m2_day"].to_numpy()
        if city in ("kawasaki", "yokohama"):
            ghi_values = [f"{v:.2f}" for v in tokyo_ghi]
            ghi_source = (
                TOKYO_GHI_SOURCE + "; Tokyo is the nearest JMA station with a solar estimate "
                "(Kawasaki has no JMA station)"
                if city == "kawasaki"
                else TOKYO_GHI_SOURCE + "; proxy for Yokohama 47670 (30 km SSW, solar data NOT "
                "FOUND); Yokohama's 1991-2020 mean annual sunshine is 4 % above Tokyo's "
                "(2,018.3 vs 1,933.3 h, blog [C], §2.2), so this may read about 2 % low"
            )
            ghi_numbers = tokyo_ghi
        else:
            corrected = merra["ghi_corrected_kwh_m2_day"].to_numpy()
            ghi_values = [f"{v:.3f}" for v in corrected]
            ghi_source = (
                f"MERRA-2 2011-2015 via gsee-climate-data {merra.attrs['data_version']} at "
                f"station {station}, {lat:g}/{lon:g}: {merra.attrs['cell']}; "
                f"bias-corrected x {factor} (kgi_lab.weather.climatology: geometric mean of "
                "annual TMY/MERRA-2 at the pvlib-bundled Greensboro TMY3, Sand Point TMY3 and "
                "Miami TMY2 files; leave-one-out errors +5.8/+6.5/-11.2 %, so about ±10 %)"
            )
            ghi_numbers = np.round(corrected, 3)
        temp_values, temp_quality, temp_source = temps[city]
        for m in range(12):
            writer.writerow(
                (
                    city,
                    m + 1,
                    ghi_values[m],
                    "ESTIMATE",
                    ghi_source,
                    f"{temp_values[m]:.1f}",
                    temp_quality,
                    temp_source,
                    f"{DEFAULT_WIND_SPEED_M_S:.1f}",
                    "DEFAULT",
                    DEFAULT_WIND_SOURCE,
                    f"{raw[m]:.3f}",
                )
            )
        summary.append(
            {
                "city": city,
                "ghi_kwh_m2_yr": float((np.asarray(ghi_numbers, float) * DAYS).sum()),
                "merra2_raw_kwh_m2_yr": float((np.round(raw, 3) * DAYS).sum()),
                "cell": merra.attrs["cell"],
                "temp_mean_c": float(np.mean(temp_values)),
                "temp_quality": temp_quality,
            }
        )
    return buffer.getvalue(), summary


def _angstrom_cross_check(cities) -> list[str]:
    lines = []
    doy = np.arange(1, 366)
    for city, (hours, note) in ANNUAL_SUNSHINE_H.items():
        lat = float(cities.loc[city, "latitude"])
        possible = float(day_length_h(lat, doy).sum())
        fraction = hours / possible
        h0 = monthly_extraterrestrial_kwh_m2_day(lat)["h0_kwh_m2_day"].to_numpy()
        annual = float(((ANGSTROM_A + ANGSTROM_B * fraction) * h0 * DAYS).sum())
        lines.append(
            f"  {city:9s} S={hours:7.1f} h ({note}), S/N={fraction:.3f} -> {annual:6.0f} kWh/m2/yr"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args(argv)
    text, summary = build()
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    atomic_write_text(OUT, text)
    print(f"wrote {OUT}\nsha256 {sha256_file(OUT)}")
    print("annual GHI [kWh/m2/yr] (dataset / MERRA-2 raw), mean temperature:")
    for row in summary:
        print(
            f"  {row['city']:9s} {row['ghi_kwh_m2_yr']:7.1f} / {row['merra2_raw_kwh_m2_yr']:7.1f}"
            f"   {row['temp_mean_c']:5.1f} degC ({row['temp_quality']})   {row['cell']}"
        )
    print("Ångström–Prescott cross-check from annual sunshine only (uniform S/N, a=0.25, b=0.50):")
    print("\n".join(_angstrom_cross_check(load("partner_cities"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
