"""Write the small weather samples of this folder from pvlib's bundled Greensboro TMY3 file.

Run from the repository root: ``.venv/bin/python tests/data/weather/make_samples.py``. The output
is deterministic; the tests read the files, never this script. See README.md for what each file
holds and how its numbers relate to the TMY3 file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

HERE = Path(__file__).parent
TMY3 = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"
LAT, LON, ALT, TZ = 36.1, -79.95, 273.0, -5
JUNE_20 = (171 - 1) * 24  # row of the hour ending 01:00 on 20 June (day of year 171)
SIGMA = 5.670374419e-8  # Stefan-Boltzmann constant [W m-2 K-4]


def tmy3() -> pd.DataFrame:
    data, _ = pvlib.iotools.read_tmy3(TMY3, map_variables=True)
    return data.reset_index(drop=True)


def write_epw(rows: pd.DataFrame, years: list[int]) -> None:
    """48 hours of June in the EnergyPlus format (hour h = the hour ending at h)."""
    head = [
        f"LOCATION,Greensboro Piedmont Triad Intl,NC,USA,TMY3,723170,{LAT:.2f},{LON:.2f},"
        f"{TZ:.1f},{ALT:.1f}",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        "COMMENTS 1,kgi_lab test excerpt of NSRDB TMY3 723170 (pvlib data/723170TYA.CSV)",
        "COMMENTS 2,20-21 June only; fields not in TMY3 carry EPW missing codes",
        "DATA PERIODS,1,1,Data,Tuesday, 6/20, 6/21",
    ]
    lines = []
    for (_, r), year in zip(rows.iterrows(), years, strict=True):
        hour = int(r["Time (HH:MM)"][:2])
        month, day = int(r["Date (MM/DD/YYYY)"][:2]), int(r["Date (MM/DD/YYYY)"][3:5])
        fields = [
            year, month, day, hour, 60, "?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9?9?9?9?9*9*9?9?9?9",
            f"{r['temp_air']:.1f}", f"{r['temp_dew']:.1f}", int(r["relative_humidity"]),
            int(r["pressure"] * 100), int(r["ghi_extra"]), int(r["dni_extra"]), 9999,
            int(r["ghi"]), int(r["dni"]), int(r["dhi"]), 999999, 999999, 999999, 9999,
            int(r["wind_direction"]), f"{r['wind_speed']:.1f}", int(r["TotCld (tenths)"]),
            int(r["OpqCld (tenths)"]), 9999, 99999, 9, 999999999, 999, 0.999, 999, 99, 999,
            999, 99,
        ]  # fmt: skip
        lines.append(",".join(str(f) for f in fields))
    (HERE / "greensboro_48h.epw").write_text("\r\n".join(head + lines) + "\r\n")


def write_sam_csv(rows: pd.DataFrame, years: list[int]) -> None:
    """The same 48 hours in SAM CSV with NSRDB's minute 30 (sun at the middle of the hour)."""
    out = [
        "Source,Location ID,City,State,Country,Latitude,Longitude,Time Zone,Elevation",
        f"TMY3,723170,Greensboro,NC,USA,{LAT},{LON},{TZ},{ALT:g}",
        "Year,Month,Day,Hour,Minute,GHI,DNI,DHI,Tdry,Tdew,RH,Pres,Wspd,Wdir",
    ]
    for (_, r), year in zip(rows.iterrows(), years, strict=True):
        hour = int(r["Time (HH:MM)"][:2]) - 1  # SAM row h covers h:00-h+1:00
        month, day = int(r["Date (MM/DD/YYYY)"][:2]), int(r["Date (MM/DD/YYYY)"][3:5])
        out.append(
            f"{year},{month},{day},{hour},30,{int(r['ghi'])},{int(r['dni'])},{int(r['dhi'])},"
            f"{r['temp_air']:.1f},{r['temp_dew']:.1f},{int(r['relative_humidity'])},"
            f"{int(r['pressure'])},{r['wind_speed']:.1f},{int(r['wind_direction'])}"
        )
    (HERE / "greensboro_48h_sam.csv").write_text("\n".join(out) + "\n")


def pvgis_rows(data: pd.DataFrame, centred: bool) -> list[dict]:
    """The first 48 UTC hours of a PVGIS typical year at Greensboro.

    ``centred=False``: label L (UTC) holds the TMY3 hour L..L+1 h (TMY3 row L - 5 h, as the file
    is in UTC-5 and hour-ending): hourly means belonging to L + 0.5 h, as PVGIS-ERA5.
    ``centred=True``: the mean of the TMY3 hours before and after L, a value belonging to L (as
    a SARAH satellite scan shortly after hh:00).
    """
    rows = []
    n = len(data)
    for hour in range(48):
        after = data.iloc[(hour - 5) % n]
        before = data.iloc[(hour - 6) % n]
        mix = (before[["ghi", "dni", "dhi"]] + after[["ghi", "dni", "dhi"]]) / 2
        irr = mix if centred else after[["ghi", "dni", "dhi"]]
        temp = float(after["temp_air"])
        rows.append(
            {
                "time(UTC)": f"198801{1 + hour // 24:02d}:{hour % 24:02d}00",
                "T2m": round(temp, 2),
                "RH": float(after["relative_humidity"]),
                "G(h)": round(float(irr["ghi"]), 1),
                "Gb(n)": round(float(irr["dni"]), 2),
                "Gd(h)": round(float(irr["dhi"]), 1),
                "IR(h)": round(0.8 * SIGMA * (temp + 273.15) ** 4, 2),
                "WS10m": float(after["wind_speed"]),
                "WD10m": float(after["wind_direction"]),
                "SP": float(after["pressure"] * 100),
            }
        )
    return rows


MONTHS = [
    {"month": m, "year": y}
    for m, y in zip(
        range(1, 13),
        [1988, 1996, 1990, 1980, 1986, 1989, 1981, 2001, 2003, 1980, 1994, 1980],
        strict=True,
    )
]  # the source years of Greensboro's TMY3 months


def write_pvgis_json(data: pd.DataFrame) -> None:
    doc = {
        "inputs": {
            "location": {
                "latitude": LAT,
                "longitude": LON,
                "elevation": ALT,
                "irradiance_time_offset": 0.5,
            },
            "meteo_data": {
                "radiation_db": "PVGIS-ERA5",
                "meteo_db": "ERA5",
                "year_min": 1980,
                "year_max": 2003,
                "use_horizon": True,
                "horizon_db": "DEM-calculated",
            },
        },
        "outputs": {"months_selected": MONTHS, "tmy_hourly": pvgis_rows(data, centred=False)},
        "meta": {
            "inputs": {
                "location": {
                    "description": "Selected location",
                    "variables": {
                        "latitude": {"description": "Latitude", "units": "decimal degree"},
                        "longitude": {"description": "Longitude", "units": "decimal degree"},
                        "elevation": {"description": "Elevation", "units": "m"},
                    },
                },
                "meteo_data": {"description": "Sources of meteorological data"},
            },
            "outputs": {
                "months_selected": {
                    "type": "time series",
                    "timestamp": "monthly",
                    "description": "months selected for the TMY",
                },
                "tmy_hourly": {
                    "type": "time series",
                    "timestamp": "hourly",
                    "variables": {
                        "T2m": {"description": "2-m air temperature", "units": "degree Celsius"},
                        "RH": {"description": "relative humidity", "units": "%"},
                        "G(h)": {"description": "Global irradiance on the horizontal plane",
                                 "units": "W/m2"},
                        "Gb(n)": {"description": "Beam/direct irradiance on a plane always "
                                  "normal to sun rays", "units": "W/m2"},
                        "Gd(h)": {"description": "Diffuse irradiance on the horizontal plane",
                                  "units": "W/m2"},
                        "IR(h)": {"description": "Surface infrared (thermal) irradiance on a "
                                  "horizontal plane", "units": "W/m2"},
                        "WS10m": {"description": "10-m total wind speed", "units": "m/s"},
                        "WD10m": {"description": "10-m wind direction (0 = N, 90 = E)",
                                  "units": "degree"},
                        "SP": {"description": "Surface (air) pressure", "units": "Pa"},
                    },
                },
            },
        },
    }  # fmt: skip
    (HERE / "pvgis_tmy_greensboro_48h.json").write_text(json.dumps(doc))


def write_pvgis_csv(data: pd.DataFrame) -> None:
    rows = pvgis_rows(data, centred=True)
    cols = list(rows[0])
    out = [
        f"Latitude (decimal degrees): {LAT:.3f}",
        f"Longitude (decimal degrees): {LON:.3f}",
        f"Elevation (m): {ALT:.1f}",
        "Irradiance Time Offset (h): 0.1761",
        "month,year",
        *[f"{m['month']},{m['year']}" for m in MONTHS],
        ",".join(cols),
        *[",".join(str(r[c]) for c in cols) for r in rows],
        "",
        "T2m: 2-m air temperature (degree Celsius)",
        "RH: relative humidity (%)",
        "G(h): Global irradiance on the horizontal plane (W/m2)",
        "Gb(n): Beam/direct irradiance on a plane always normal to sun rays (W/m2)",
        "Gd(h): Diffuse irradiance on the horizontal plane (W/m2)",
        "IR(h): Surface infrared (thermal) irradiance on a horizontal plane (W/m2)",
        "WS10m: 10-m total wind speed (m/s)",
        "WD10m: 10-m wind direction (0 = N, 90 = E) (degree)",
        "SP: Surface (air) pressure (Pa)",
        "",
        "PVGIS (c) European Union, 2001-2025",
    ]
    (HERE / "pvgis_tmy_greensboro_48h.csv").write_text("\n".join(out) + "\n")


def main() -> None:
    data = tmy3()
    june = data.iloc[JUNE_20 : JUNE_20 + 48]
    years = [int(d[-4:]) for d in june["Date (MM/DD/YYYY)"]]
    write_epw(june, years)
    write_sam_csv(june, years)
    write_pvgis_json(data)
    write_pvgis_csv(data)
    assert np.isfinite(june[["ghi", "dni", "dhi"]].to_numpy(dtype=float)).all()


if __name__ == "__main__":
    main()
