"""Synthetic hourly data for Kawasaki's monitoring network, calibrated to derived statistics.

:func:`generate_network` produces a seeded, reproducible Dataset in the
:mod:`~kgi_lab.air.schema` for any set of stations and fiscal years; the embedded dataset
``kawasaki_air_hourly`` (FY2014–FY2018, the 18 current stations) is built with it by
``datasets/build/build_kawasaki_air.py``. **It is synthetic teaching data, not measurements**:
the values reproduce published/derived annual statistics and typical temporal structure; no
single hour or day is real.

Calibration targets (:data:`CALIBRATION_TARGETS`, kawasaki-facts §1b, DERIVED from Source B daily
means, not official values)
    Per station: NO2 annual mean and 98 % value of daily means (年間98%値), PM2.5 annual mean and
    98 % value, SPM annual mean and 2 % exclusion value (年間2%除外値). FY2017 uses the §1b FY2017
    table; FY2018 uses the calendar-2018 table (the nearest period available); SPM exists only
    for calendar 2018. Other fiscal years are scaled from the nearest anchor with the trends in
    :data:`TREND_PER_YEAR`. After gaps are applied, each station-year's mean and 98 %
    (2 % exclusion) value of *valid* daily means (≥ 20 valid hours) match the targets (embedded
    file: means within 0.1 %, 98 %/2 % values within 0.6 %; the residual is the rounding to the
    NIES reporting resolution; :func:`calibration_report`).
Trends (:data:`TREND_PER_YEAR`)
    PM2.5: −18 % (general) and −22 % (roadside) from FY2013 to FY2017 (kawasaki-facts §1d,
    kanaloco 2018), i.e. ×0.82^(1/4) and ×0.78^(1/4) per year (Source B's own network medians
    give −22 % general and −17 % roadside over the same years: the newspaper's split is kept).
    NO2 −4.0 %/yr (general) and −5.8 %/yr (roadside), SPM −4.0 %/yr (general) and −4.4 %/yr
    (roadside): DERIVED from Source B network medians of annual means (NO2 2014→2018:
    18.6→15.8 ppb general, 24.3→19.2 ppb roadside; SPM 2013→2018: 19.6→16.1 and
    21.9→17.5 µg/m³; recomputed by scripts/validate_air_real_data.py).
Stations without their own target
    14131021 (Daishi, current code since 2021) uses the old Daishi site 14131020; 14131550
    (Fujimi Koen, opened 2021-02) uses the nearby roadside 14131510 (市役所前, inferred name).
    Stations measuring PM2.5 with no PM2.5 target (Tama 14135080, Nakahara Heiwa Koen
    14133520) use the median of their station type. Both are ESTIMATES and are listed in
    ``attrs["calibration_proxies"]``. Stations are simulated for every requested year, even
    before they opened: the network is the current one throughout.
Other pollutants (means only; ESTIMATES)
    NO = NO2 × NO/NO2 ratio by station type and year (:data:`NO_TO_NO2_RATIO`, DERIVED from
    Source B network medians), NOx = NO + NO2 (as the analysers report it). SO2 and CO annual
    means by year from Source B network medians (:data:`SO2_MEAN_PPM`, :data:`CO_MEAN_PPM`);
    SO2 ×1.2 in Kawasaki-ku (industrial coast) and ×0.9 elsewhere (ASSUMPTION). Ox: annual mean
    of hourly values 0.027 ppm (Kawasaki-ku) rising to 0.033 ppm (Asao-ku) inland
    (:data:`OX_MEAN_PPM`, ASSUMPTION: typical Kanto values, not in the dossier), no trend; the
    afternoon maxima exceed the 0.06 ppm standard on some days, as every Kanagawa station did
    in FY2015 (kawasaki-facts §1d: Ox 0/60 attained).

Model (each assumption, its value and where it comes from)
----------------------------------------------------------
Concentration of pollutant p at station s, hour t:
``c = exp(a + D_p(t) + b · X_p,s(t))`` with ``a``, ``b`` solved per station and fiscal year
(``b`` by bisection on the ratio 98 %-value/mean, then ``a`` from the mean; pollutants with a
mean target only keep ``b`` = :data:`STOCHASTIC_SCALE`: NO 1.6 × the station's NO2 ``b``, CO
0.7, SO2 0.9, Ox 0.40).

Deterministic part D (log space, zero-mean shapes)
    * seasonal: the monthly factors of :data:`MONTHLY_FACTORS` (DERIVED: network medians of
      Source B daily means 2013–2018 by month, general and roadside separately; Ox ASSUMED
      with a May maximum), smoothed by a 3-harmonic Fourier fit of their logarithms;
    * weekly: Saturday and Sunday factors of :data:`WEEKEND_FACTORS` (DERIVED from Source B:
      NO2 Sunday/weekday ≈ 0.76 general, 0.74 roadside; NO 0.55/0.58; PM2.5 0.97);
    * diurnal: sums of Gaussian bumps (:data:`DIURNAL_BUMPS`, ASSUMPTION, hour labels =
      beginning of the hour, JST): NO2 morning (8 h) and evening (20 h) peaks with an
      early-afternoon minimum, roadside traffic peaks at 8 h and 18 h; NO a sharp 7–8 h peak;
      Ox an afternoon maximum near 14 h (amplitude ×(1 ± 0.35) from winter to summer); SO2 a
      midday maximum (sea-breeze transport of industrial emissions); PM small.

Stochastic part X (unit-variance AR(1) processes, hourly; time scales τ are e-folding times)
    * stagnation S (τ 36 h), shared by the whole network: raises every primary pollutant,
      lowers the wind speed;
    * regional components per pollutant family (NOx/CO τ 24 h, PM τ 30 h, coarse dust τ 48 h,
      SO2 τ 24 h, Ox τ 48 h);
    * local components per station (NOx τ 6 h, PM τ 12 h, SO2 τ 4 h, Ox τ 6 h) whose
      innovations are correlated between stations as exp(−d / 5 km), d from EPSG:6677
      (JGD2011 / Japan Plane Rectangular CS IX) coordinates;
    * weights (:data:`MIXING_WEIGHTS`): NO2 0.55 S + 0.70 regional + 0.35 local (0.50 at
      roadside stations); Ox carries −0.4 × the NO anomaly (titration), so Ox and NO are
      anti-correlated;
    * upper-tail compression: above 1.2 standard deviations the excess of X is multiplied by
      0.3. A pure lognormal calibrated to the 98 % value gives far too extreme maxima (SPM daily
      means of 0.2 mg/m³, where Source B shows no day above 0.10 mg/m³ in 2018, §1b); with it
      the maximum daily mean is 1.1–1.8 × the 98 % value.
    These reproduce the Source B daily structure approximately (DERIVED 2017–2018: daily log-NO2
    lag-1 autocorrelation ≈ 0.5, inter-station correlation of daily log-NO2 ≈ 0.95 within 3 km
    falling to ≈ 0.85 at 15–25 km).

Meteorology (ASSUMPTIONS)
    * wind: a seasonal prevailing flow (winter monsoon from NNW 2.5 m/s, summer from S 2.2 m/s,
      cosine weights peaking mid-January/mid-July), a sea breeze from the SE (Tokyo Bay) of
      1.6 m/s at 13–14 h in the warm season (0.64 m/s in mid-winter) decaying inland as
      exp(−d/30 km), a night land breeze from the NW (0.8 m/s), synoptic AR(1) perturbations
      (τ 18 h, σ 1.5 m/s per component), the stagnation factor exp(−0.2 S), an afternoon
      mixing maximum ×(1 + 0.25 cos(2π(h − 14.5)/24)); station exposure ×(1.25 − 0.02 d) with
      d the distance [km] from the coast point 35.50 N, 139.76 E (clipped 0.7–1.3), local
      AR(1) noise (τ 3 h: 20° in direction, 20 % in speed). Station means come out 1.9–3.0 m/s,
      calm about 2 % of hours.
      Reported as NIES does: speed to 0.1 m/s, direction to 16 points (22.5°, N = 360°), calm
      (wind speed ≤ 0.4 m/s, the usual Japanese monitoring threshold) → NaN direction.
    * temperature: the Tokyo 1991–2020 monthly normals (``city_monthly_temperature``,
      kawasaki row, JMA 47662) smoothed by a 2-harmonic fit, a diurnal cycle (half-range 3.5 K,
      half cosines: minimum at 5–6 h, maximum at 14–15 h), synoptic AR(1) anomalies (τ 60 h, σ 2.5 K) and local
      ones (τ 6 h, σ 0.4 K), lapse rate −6.5 K/km on the station elevation (ISA).

Gaps (per station, instrument and fiscal year; ASSUMPTIONS tuned so that valid-day counts look
like §1b: mostly 350–365, occasionally ~300)
    annual maintenance: Poisson(1.2) blocks of 1–2 whole days; outages: Poisson(5) of 3–30 h;
    a long failure (10–60 days) with probability 0.05; isolated lost hours with probability
    0.004. Instruments: NOx analyser (NO, NO2, NOx together), Ox, SO2, CO, SPM, PM2.5, wind
    (speed and direction), thermometer.

Resolution
    Values are rounded as NIES reports them: gases 0.001 ppm (1 ppb), CO 0.1 ppm, SPM
    0.001 mg/m³, PM2.5 1 µg/m³, wind 0.1 m/s and 16 points, temperature 0.1 °C.

Not modelled: public holidays, Asian-dust episodes as discrete events, photochemical-smog
episodes beyond the lognormal tail, instrument drift, site moves.
"""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from scipy.signal import lfilter

from kgi_lab.air.io import add_station_coords, require_coordinates
from kgi_lab.air.schema import MET_VARIABLES, POLLUTANTS, fiscal_year_bounds
from kgi_lab.air.standards import daily_means, exclusion_2pct_value, value_98_percent

__all__ = [
    "CALIBRATION_TARGETS",
    "CO_MEAN_PPM",
    "DIURNAL_BUMPS",
    "INSTRUMENTS",
    "MIXING_WEIGHTS",
    "MONTHLY_FACTORS",
    "NO_TO_NO2_RATIO",
    "OX_MEAN_PPM",
    "RESOLUTION",
    "SO2_MEAN_PPM",
    "STOCHASTIC_SCALE",
    "TREND_PER_YEAR",
    "VARIABLES",
    "WEEKEND_FACTORS",
    "calibration_report",
    "calibration_targets",
    "generate_network",
]

# --------------------------------------------------------------------------------------------
# calibration targets: kawasaki-facts §1b (DERIVED from Source B daily means, not official)

_TARGET_TABLE = """\
station|period|no2_n_days|no2_mean_ppm|no2_p98_ppm|spm_n_days|spm_mean_mg_m3|spm_2pct_mg_m3|pm25_n_days|pm25_mean_ug_m3|pm25_p98_ug_m3
14131020|CY2018|351|0.019|0.045|352|0.016|0.040|359|13.3|30.9
14131030|CY2018|363|0.018|0.043|364|0.018|0.040|365|14.2|33.2
14131100|CY2018|364|0.018|0.043|364|0.016|0.050|360|13.5|31.7
14131510|CY2018|364|0.020|0.044|361|0.019|0.047|364|12.7|28.7
14131530|CY2018|364|0.033|0.057|334|0.022|0.064|365|12.7|28.2
14131540|CY2018|362|0.019|0.043|362|0.015|0.039|365|13.9|31.8
14132060|CY2018|364|0.016|0.043|362|0.016|0.043|346|11.7|28.1
14132510|CY2018|362|0.027|0.053|363|0.016|0.044|||
14133010|CY2018|364|0.016|0.044|362|0.016|0.040|361|11.2|28.5
14133520|CY2018|362|0.017|0.043|352|0.018|0.044|||
14134010|CY2018|364|0.016|0.040|350|0.018|0.046|365|12.9|28.0
14134530|CY2018|362|0.029|0.051|359|0.016|0.036|365|13.0|29.7
14135070|CY2018|362|0.011|0.031|363|0.015|0.037|365|9.7|23.5
14135080|CY2018|356|0.013|0.035|354|0.013|0.034|||
14135530|CY2018|357|0.015|0.035|362|0.016|0.048|365|13.1|29.1
14135540|CY2018|358|0.016|0.037|355|0.019|0.044|356|12.2|26.7
14136010|CY2018|364|0.014|0.039|363|0.017|0.052|365|13.1|30.8
14136510|CY2018|364|0.019|0.043|363|0.017|0.042|327|10.4|23.0
14131020|FY2017|365|0.020|0.044||||365|13.2|29.9
14131030|FY2017|363|0.019|0.039||||365|13.7|28.2
14131100|FY2017|365|0.020|0.040||||365|13.1|27.6
14131510|FY2017|363|0.023|0.043||||365|12.9|27.1
14131530|FY2017|365|0.034|0.057||||365|13.6|29.2
14131540|FY2017|365|0.021|0.040||||365|13.0|28.0
14132060|FY2017|365|0.017|0.040||||346|11.8|25.7
14132510|FY2017|365|0.029|0.051||||||
14133010|FY2017|365|0.017|0.040||||293|10.4|22.6
14133520|FY2017|365|0.018|0.040||||||
14134010|FY2017|365|0.016|0.039||||365|12.1|25.8
14134530|FY2017|365|0.031|0.049||||365|12.7|26.1
14135070|FY2017|365|0.012|0.029||||365|10.8|24.1
14135080|FY2017|364|0.014|0.034||||||
14135530|FY2017|364|0.017|0.032||||361|12.6|25.0
14135540|FY2017|365|0.017|0.036||||359|12.1|24.8
14136010|FY2017|313|0.015|0.037||||365|12.4|25.7
14136510|FY2017|365|0.020|0.041||||311|11.0|23.7
"""

#: Per-station annual statistics of daily means, kawasaki-facts §1b: DERIVED from Source B
#: (GitHub AlFontal/environmental-data-japan daily means built from NIES hourly data), calendar
#: 2018 (``period`` "CY2018") and fiscal 2017 ("FY2017"); NOT official values. NO2 98 % value
#: = ascending rank round(0.98 n); SPM 2 % exclusion = descending, drop round(0.02 n), take the
#: next; PM2.5 98 % as NO2. Units in the column names.
CALIBRATION_TARGETS = pd.read_csv(
    io.StringIO(_TARGET_TABLE), sep="|", dtype={"station": str}
).set_index(["station", "period"])

#: Stations whose targets come from another code (ESTIMATE): current code → target code.
_TARGET_PROXIES = {
    "14131021": "14131020",  # Daishi moved to 川崎区役所大師支所 in 2021 (new code)
    "14131550": "14131510",  # Fujimi Koen roadside (2021-) ← nearby 市役所前 roadside
}

#: Relative change per fiscal year (−0.04 = −4 %/yr) by variable and station type.
TREND_PER_YEAR = {
    "no2": {"general": -0.040, "roadside": -0.058},
    "pm25": {"general": 0.82**0.25 - 1.0, "roadside": 0.78**0.25 - 1.0},
    "spm": {"general": -0.040, "roadside": -0.044},
}

#: NO/NO2 ratio of annual means by station type and (calendar ≈ fiscal) year, DERIVED from
#: Source B network medians (e.g. 2018: 3.83/15.75 general, 10.0/19.19 roadside); outside
#: 2014–2018 the ratio changes by ×1.05 (general) and ×1.09 (roadside) per year.
NO_TO_NO2_RATIO = {
    "general": {2014: 0.30, 2015: 0.26, 2016: 0.26, 2017: 0.26, 2018: 0.24},
    "roadside": {2014: 0.73, 2015: 0.65, 2016: 0.64, 2017: 0.54, 2018: 0.52},
}
_NO_RATIO_STEP = {"general": 1.05, "roadside": 1.09}

#: SO2 annual mean [ppm] at general stations by year, DERIVED from Source B network medians
#: (1.34, 1.36, 1.24, 1.13, 1.01 ppb); ×1.2 in Kawasaki-ku, ×0.9 elsewhere (ASSUMPTION).
SO2_MEAN_PPM = {2014: 0.00134, 2015: 0.00136, 2016: 0.00124, 2017: 0.00113, 2018: 0.00101}
_SO2_WARD_FACTOR = {"Kawasaki-ku": 1.2}
_SO2_OTHER_FACTOR = 0.9

#: CO annual mean [ppm] by station type and year, DERIVED from Source B network medians (CO in
#: 0.1 ppm in those files).
CO_MEAN_PPM = {
    "general": {2014: 0.21, 2015: 0.21, 2016: 0.18, 2017: 0.15, 2018: 0.22},
    "roadside": {2014: 0.38, 2015: 0.36, 2016: 0.32, 2017: 0.33, 2018: 0.33},
}

#: Ox annual mean of hourly values [ppm] by ward (ASSUMPTION, typical Kanto levels rising
#: inland where less NO titrates ozone; not from the dossier).
OX_MEAN_PPM = {
    "Kawasaki-ku": 0.027,
    "Saiwai-ku": 0.029,
    "Nakahara-ku": 0.029,
    "Takatsu-ku": 0.031,
    "Miyamae-ku": 0.031,
    "Tama-ku": 0.031,
    "Asao-ku": 0.033,
}

#: Monthly factors (January … December, mean 1) of daily means. DERIVED from Source B
#: 2013–2018 (network median by month), except Ox (ASSUMPTION: spring maximum).
MONTHLY_FACTORS = {
    "no2": {
        "general": [1.32, 1.16, 1.04, 0.85, 0.74, 0.80, 0.77, 0.68, 0.88, 1.00, 1.34, 1.43],
        "roadside": [1.17, 1.08, 1.01, 0.97, 0.90, 0.92, 0.87, 0.73, 0.89, 1.00, 1.22, 1.25],
    },
    "no": {
        "general": [2.13, 1.19, 0.67, 0.40, 0.30, 0.37, 0.48, 0.42, 0.57, 0.67, 1.85, 2.95],
        "roadside": [1.52, 1.19, 0.88, 0.65, 0.52, 0.62, 0.63, 0.64, 0.88, 1.08, 1.51, 1.87],
    },
    "co": {
        "general": [1.35, 1.14, 1.09, 0.96, 0.89, 0.82, 0.69, 0.59, 0.76, 0.86, 1.37, 1.48],
        "roadside": [1.24, 1.05, 1.01, 0.95, 0.94, 0.87, 0.82, 0.75, 0.86, 0.94, 1.24, 1.35],
    },
    "so2": {
        "general": [0.91, 0.89, 0.97, 1.02, 1.06, 1.31, 1.41, 1.10, 0.98, 0.75, 0.80, 0.80],
    },
    "spm": {
        "general": [0.71, 0.89, 0.89, 1.01, 0.96, 0.94, 1.63, 1.64, 0.90, 0.76, 0.94, 0.74],
        "roadside": [0.72, 0.88, 0.88, 1.03, 0.97, 0.91, 1.58, 1.64, 0.85, 0.79, 0.97, 0.76],
    },
    "pm25": {
        "general": [0.87, 1.00, 1.11, 1.11, 1.17, 1.00, 1.15, 0.94, 0.76, 0.87, 1.05, 0.98],
        "roadside": [0.87, 1.03, 1.16, 1.10, 1.14, 0.95, 1.11, 0.89, 0.79, 0.89, 1.08, 0.98],
    },
    "ox": {
        "general": [0.75, 0.85, 1.05, 1.25, 1.30, 1.15, 1.00, 0.95, 0.90, 0.85, 0.80, 0.75],
    },
}

#: (Saturday, Sunday) factors relative to the weekday mean, DERIVED from Source B 2013–2018
#: (Ox: ASSUMPTION, the weekend effect of less titration).
WEEKEND_FACTORS = {
    "no2": {"general": (0.86, 0.76), "roadside": (0.84, 0.74)},
    "no": {"general": (0.71, 0.55), "roadside": (0.78, 0.58)},
    "co": {"general": (1.00, 0.95), "roadside": (0.99, 0.96)},
    "so2": {"general": (0.94, 0.94)},
    "spm": {"general": (0.93, 0.95), "roadside": (0.92, 0.92)},
    "pm25": {"general": (0.97, 0.97), "roadside": (0.98, 0.96)},
    "ox": {"general": (1.03, 1.06)},
}

#: Diurnal log-shapes: (amplitude, centre hour (label = beginning of hour, JST), width [h]).
DIURNAL_BUMPS = {
    "no2": {
        "general": [(0.20, 8.0, 1.5), (0.25, 20.0, 2.5), (-0.30, 14.0, 2.5)],
        "roadside": [(0.25, 8.0, 1.5), (0.15, 18.0, 2.0), (-0.25, 3.0, 2.0), (-0.10, 14.0, 2.0)],
    },
    "no": {
        "general": [(0.90, 8.0, 1.5), (-0.70, 14.0, 3.0), (0.20, 21.0, 3.0)],
        "roadside": [(0.60, 7.5, 1.5), (-0.40, 14.0, 3.0), (-0.20, 2.0, 2.0)],
    },
    "co": {
        "general": [(0.12, 8.0, 1.5), (0.10, 19.0, 2.5), (-0.12, 4.0, 2.0)],
        "roadside": [(0.15, 8.0, 1.5), (0.10, 18.0, 2.0), (-0.15, 3.0, 2.0)],
    },
    "so2": {"general": [(0.30, 12.0, 3.0), (-0.15, 2.0, 3.0)]},
    "spm": {
        "general": [(0.12, 11.0, 3.0), (-0.10, 4.0, 2.0)],
        "roadside": [(0.15, 10.0, 3.0), (-0.12, 3.0, 2.0)],
    },
    "pm25": {
        "general": [(0.08, 9.0, 2.0), (0.08, 21.0, 3.0), (-0.08, 4.0, 2.0)],
        "roadside": [(0.10, 8.0, 2.0), (0.08, 20.0, 3.0), (-0.10, 3.0, 2.0)],
    },
    "ox": {"general": [(0.55, 14.0, 3.0), (-0.45, 5.0, 3.0)]},
}

#: Weights of the stochastic components in X (stagnation S, regional, local …).
MIXING_WEIGHTS = {
    "no2": {"S": 0.55, "nox_regional": 0.70, "local_nox": {"general": 0.35, "roadside": 0.50}},
    "no": {"S": 0.55, "nox_regional": 0.70, "local_nox": 0.60, "local_no": 0.40},
    "co": {"S": 0.50, "nox_regional": 0.60, "local_nox": 0.40, "local_co": 0.40},
    "pm25": {"S": 0.45, "pm_regional": 0.80, "local_pm": 0.35},
    "spm": {
        "S": 0.40,
        "pm_regional": 0.60,
        "coarse_regional": 0.50,
        "local_pm": 0.28,
        "local_spm": 0.28,
    },
    "so2": {"S": 0.30, "pm_regional": 0.40, "so2_regional": 0.60, "local_so2": 0.70},
    "ox": {"ox_regional": 0.80, "local_ox": 0.30, "no_titration": -0.40},
}

#: e-folding time scales [h] of the AR(1) processes.
_TAU_H = {
    "S": 36.0,
    "nox_regional": 24.0,
    "pm_regional": 30.0,
    "coarse_regional": 48.0,
    "so2_regional": 24.0,
    "ox_regional": 48.0,
    "local_nox": 6.0,
    "local_no": 3.0,
    "local_co": 6.0,
    "local_pm": 12.0,
    "local_spm": 12.0,
    "local_so2": 4.0,
    "local_ox": 6.0,
}
#: Correlation length [km] of local innovations between stations.
_SPATIAL_LENGTH_KM = 5.0

#: ``b`` for pollutants calibrated on the mean only (for NO: relative to the station's NO2 ``b``,
#: since NO varies more than NO2 — Source B daily log-sd ≈ 1.07 against 0.52 at general
#: stations).
STOCHASTIC_SCALE = {"no": 1.6, "co": 0.7, "so2": 0.9, "ox": 0.40}

#: Reporting resolution (NIES hourly files) in the schema units.
RESOLUTION = {
    "no2": 0.001,
    "no": 0.001,
    "nox": 0.001,
    "so2": 0.001,
    "ox": 0.001,
    "co": 0.1,
    "spm": 0.001,
    "pm25": 1.0,
    "wind_speed": 0.1,
    "wind_dir": 22.5,
    "temp_air": 0.1,
}

#: Instruments (each with its own gaps) and the variables they report.
INSTRUMENTS = {
    "nox": ("no", "no2", "nox"),
    "ox": ("ox",),
    "so2": ("so2",),
    "co": ("co",),
    "spm": ("spm",),
    "pm25": ("pm25",),
    "wind": ("wind_speed", "wind_dir"),
    "thermometer": ("temp_air",),
}
#: Variable → the item name in kawasaki_stations ``pollutants`` / ``met_items``.
_ITEM = {
    "so2": "SO2",
    "no": "NO",
    "no2": "NO2",
    "nox": "NOx",
    "co": "CO",
    "ox": "Ox",
    "spm": "SPM",
    "pm25": "PM2.5",
    "wind_speed": "WS",
    "wind_dir": "WD",
    "temp_air": "TEMP",
}
#: Variables the generator can produce.
VARIABLES = tuple(_ITEM)

_GAPS = {
    "maintenance_per_year": 1.2,
    "maintenance_days": (1, 2),
    "outages_per_year": 5.0,
    "outage_hours": (3, 30),
    "long_failure_probability": 0.05,
    "long_failure_days": (10, 60),
    "isolated_hour_probability": 0.004,
}
_CALM_M_S = 0.4
_COAST_LATLON = (35.50, 139.76)
_MIN_VALID_HOURS = 20

# stable sub-seeds: adding a component never changes the others
_STREAM = {
    name: i
    for i, name in enumerate(
        [
            *_TAU_H,
            "gaps",
            "wind_u",
            "wind_v",
            "wind_dir_local",
            "wind_speed_local",
            "temp_synoptic",
            "temp_local",
        ]
    )
}


# --------------------------------------------------------------------------------------------
# daily statistics (the §1b method, from kgi_lab.air.standards)

#: 98 % value (ascending rank round(0.98 n)) and 2 % exclusion value (drop round(0.02 n) from
#: the top, take the next) of valid daily means, as in kawasaki-facts §1b/§2b.
_STATISTICS = {"p98": value_98_percent, "2pct": exclusion_2pct_value}
#: statistic used for each calibrated pollutant, and the target columns
_CALIBRATED = {
    "no2": ("p98", "no2_mean_ppm", "no2_p98_ppm"),
    "pm25": ("p98", "pm25_mean_ug_m3", "pm25_p98_ug_m3"),
    "spm": ("2pct", "spm_mean_mg_m3", "spm_2pct_mg_m3"),
}


# --------------------------------------------------------------------------------------------
# targets


def _station_table(stations: Any) -> pd.DataFrame:
    if stations is None:
        from kgi_lab.datasets import load

        stations = load("kawasaki_stations")
        stations = stations[stations["current"].astype(bool)]
    stations = require_coordinates(stations)
    need = ["station", "station_type", "ward", "pollutants"]
    missing = [c for c in need if c not in stations.columns]
    if missing:
        raise ValueError(
            f"stations lacks column(s) {', '.join(missing)} (see the kawasaki_stations dataset)"
        )
    table = stations.copy()
    table["station"] = table["station"].astype(str)
    if table["station"].duplicated().any():
        raise ValueError(
            f"stations lists {sorted(set(table['station'][table['station'].duplicated()]))} twice"
        )
    bad_type = ~table["station_type"].isin(["general", "roadside"])
    if bad_type.any():
        raise ValueError(
            f"station_type must be general or roadside; station {table['station'][bad_type].iloc[0]} "
            f"has {table['station_type'][bad_type].iloc[0]!r}"
        )
    return table.sort_values("station").reset_index(drop=True)


def _anchor(fiscal_year: int, variable: str) -> str:
    if variable == "spm":
        return "CY2018"
    return "FY2017" if fiscal_year <= 2017 else "CY2018"


def calibration_targets(stations: Any = None, fiscal_years: Iterable[int] = range(2014, 2019)):
    """Targets of the generator: annual mean and 98 % (2 %) value per station, year, pollutant.

    Parameters
    ----------
    stations : geopandas.GeoDataFrame, optional
        As for :func:`generate_network` (default: the 18 current stations).
    fiscal_years : iterable of int
        Fiscal years (April–March, named by the start year).

    Returns
    -------
    pandas.DataFrame
        Columns ``station``, ``fiscal_year``, ``variable`` (no2, pm25, spm), ``statistic``
        (``p98`` or ``2pct``), ``mean_target``, ``stat_target`` (schema units), ``source``
        (the §1b period and station the target came from, the trend factor applied, or the
        proxy used).
    """
    table = _station_table(stations)
    rows = []
    for fy in fiscal_years:
        for _, st in table.iterrows():
            code, kind = st["station"], st["station_type"]
            measured = _measured_items(st)
            for var, (stat, mean_col, stat_col) in _CALIBRATED.items():
                if _ITEM[var] not in measured:
                    continue
                period = _anchor(int(fy), var)
                anchor_year = 2017 if period == "FY2017" else 2018
                source_code = _TARGET_PROXIES.get(code, code)
                note = f"§1b {period} {source_code}"
                if source_code != code:
                    note += f" (proxy for {code})"
                key = (source_code, period)
                have = key in CALIBRATION_TARGETS.index and np.isfinite(
                    CALIBRATION_TARGETS.loc[key, mean_col]
                )
                if have:
                    mean = float(CALIBRATION_TARGETS.loc[key, mean_col])
                    value = float(CALIBRATION_TARGETS.loc[key, stat_col])
                else:  # median of the same station type in that period
                    same = [
                        (c, period)
                        for c, t in zip(table["station"], table["station_type"], strict=True)
                        if t == kind and (c, period) in CALIBRATION_TARGETS.index
                    ]
                    sub = CALIBRATION_TARGETS.loc[same, [mean_col, stat_col]].dropna()
                    mean, value = (float(v) for v in sub.median())
                    note = f"§1b {period} median of {kind} stations (no target for {code})"
                factor = (1.0 + TREND_PER_YEAR[var][kind]) ** (int(fy) - anchor_year)
                if factor != 1.0:
                    note += f" × trend {factor:.3f}"
                rows.append(
                    {
                        "station": code,
                        "fiscal_year": int(fy),
                        "variable": var,
                        "statistic": stat,
                        "mean_target": mean * factor,
                        "stat_target": value * factor,
                        "source": note,
                    }
                )
    return pd.DataFrame(rows)


def _measured_items(st: pd.Series) -> set[str]:
    items = set()
    for col in ("pollutants", "met_items"):
        value = st.get(col)
        if isinstance(value, str) and value:
            items |= {s.strip() for s in value.split(",")}
    return items


# --------------------------------------------------------------------------------------------
# building blocks


def _ar1(rng: np.random.Generator, n_time: int, n_series: int, tau_h: float, chol=None):
    """Unit-variance AR(1) series (n_time × n_series), stationary from the first hour."""
    phi = float(np.exp(-1.0 / tau_h))
    eps = rng.standard_normal((n_time, n_series))
    if chol is not None:
        eps = eps @ chol.T
    x0 = rng.standard_normal(n_series)
    if chol is not None:
        x0 = chol @ x0
    return lfilter([np.sqrt(1.0 - phi * phi)], [1.0, -phi], eps, axis=0, zi=(phi * x0)[None, :])[0]


def _fourier_daily(monthly: Sequence[float], day_of_year: np.ndarray, harmonics: int):
    """Smooth periodic curve through 12 monthly values (least squares on mid-month days)."""
    mid = (np.arange(12) + 0.5) * 365.25 / 12.0

    def design(d):
        cols = [np.ones_like(d, dtype=float)]
        for k in range(1, harmonics + 1):
            w = 2 * np.pi * k * d / 365.25
            cols += [np.cos(w), np.sin(w)]
        return np.column_stack(cols)

    coef, *_ = np.linalg.lstsq(design(mid), np.asarray(monthly, dtype=float), rcond=None)
    return design(np.asarray(day_of_year, dtype=float)) @ coef


def _bumps(hour: np.ndarray, spec: Sequence[tuple[float, float, float]]) -> np.ndarray:
    """Zero-mean diurnal log-shape: sum of periodic Gaussian bumps (amplitude, centre, width)."""
    h24 = np.arange(24.0)
    shape = np.zeros(24)
    for amp, centre, width in spec:
        dist = (h24 - centre + 12.0) % 24.0 - 12.0
        shape += amp * np.exp(-0.5 * (dist / width) ** 2)
    shape -= shape.mean()
    return shape[hour]


def _pick(table: dict, kind: str):
    return table[kind] if kind in table else table["general"]


#: Upper-tail compression of the stochastic term: above ``knee`` standard deviations the excess is
#: multiplied by ``slope``. A pure lognormal calibrated to the 98 % value gives far too extreme
#: maxima (SPM daily means of 0.2 mg/m³ where Source B shows no day above 0.10 in 2018, §1b).
_TAIL_KNEE_SLOPE = (1.2, 0.3)


def _compress_upper_tail(x: np.ndarray, knee: float, slope: float) -> np.ndarray:
    """Piecewise-linear compression of values above ``knee`` × std (per column)."""
    limit = knee * x.std(axis=0, keepdims=True)
    return np.where(x > limit, limit + slope * (x - limit), x)


def _quantize(x: np.ndarray, resolution: float) -> np.ndarray:
    if resolution < 1:
        inv = round(1.0 / resolution)
        return np.round(x * inv) / inv
    return np.round(x / resolution) * resolution


def _gap_mask(rng: np.random.Generator, n_units: int, fy_starts: np.ndarray, fy_hours: np.ndarray):
    """Missing-hour mask (n_units × total hours) from maintenance, outages, failures, singles."""
    total = int(fy_hours.sum())
    diff = np.zeros((n_units, total + 1), dtype=np.int32)
    g = _GAPS
    for start, hours in zip(fy_starts, fy_hours, strict=True):
        days = hours // 24
        events = []  # (count per unit, start hour sampler, duration sampler)
        n = rng.poisson(g["maintenance_per_year"], n_units)
        unit = np.repeat(np.arange(n_units), n)
        d0 = rng.integers(0, days, unit.size) * 24
        dur = rng.integers(g["maintenance_days"][0], g["maintenance_days"][1] + 1, unit.size) * 24
        events.append((unit, d0, dur))
        n = rng.poisson(g["outages_per_year"], n_units)
        unit = np.repeat(np.arange(n_units), n)
        events.append(
            (
                unit,
                rng.integers(0, hours, unit.size),
                rng.integers(g["outage_hours"][0], g["outage_hours"][1] + 1, unit.size),
            )
        )
        unit = np.flatnonzero(rng.random(n_units) < g["long_failure_probability"])
        events.append(
            (
                unit,
                rng.integers(0, days, unit.size) * 24,
                rng.integers(g["long_failure_days"][0], g["long_failure_days"][1] + 1, unit.size)
                * 24,
            )
        )
        for unit, s0, dur in events:
            a = start + s0
            b = np.minimum(a + dur, start + hours)
            np.add.at(diff, (unit, a), 1)
            np.add.at(diff, (unit, b), -1)
    mask = np.cumsum(diff, axis=1)[:, :total] > 0
    mask |= rng.random((n_units, total)) < g["isolated_hour_probability"]
    return mask


def _calibrate(
    det: np.ndarray,
    sto: np.ndarray,
    valid: np.ndarray,
    mean_target: np.ndarray,
    stat_target: np.ndarray | None,
    statistic: str,
    b_fixed: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Solve a, b of exp(a + det + b·sto) per station (arrays station × day × 24)."""

    def daily(b):
        h = np.exp(det + b[:, None, None] * sto)
        h = np.where(valid, h, 0.0)
        n = valid.sum(axis=-1)
        return np.where(n >= _MIN_VALID_HOURS, h.sum(axis=-1) / np.maximum(n, 1), np.nan)

    stat_fn = _STATISTICS[statistic]
    if b_fixed is not None:
        b = np.asarray(b_fixed, dtype=float)
    else:
        ratio_target = stat_target / mean_target
        lo = np.zeros(det.shape[0])
        hi = np.full(det.shape[0], 3.0)
        for _ in range(40):
            mid = 0.5 * (lo + hi)
            d = daily(mid)
            ratio = stat_fn(d) / np.nanmean(d, axis=-1)
            up = ratio < ratio_target
            lo = np.where(up, mid, lo)
            hi = np.where(up, hi, mid)
        b = 0.5 * (lo + hi)
    a = np.log(mean_target / np.nanmean(daily(b), axis=-1))
    return a, b


# --------------------------------------------------------------------------------------------
# the generator


def generate_network(
    stations: Any = None,
    fiscal_years: Iterable[int] = range(2014, 2019),
    seed: int = 20140401,
    *,
    gaps: bool = True,
    variables: Iterable[str] | None = None,
) -> xr.Dataset:
    """Seeded synthetic hourly data for a monitoring network, calibrated per station and year.

    Parameters
    ----------
    stations : geopandas.GeoDataFrame, optional
        Stations with ``station``, ``station_type`` (general/roadside), ``ward``, ``pollutants``,
        ``met_items``, ``elevation_m`` and point geometries with a CRS (default: the 18 current
        stations of ``kawasaki_stations``). Each station gets the variables its ``pollutants``
        and ``met_items`` list (NaN elsewhere).
    fiscal_years : iterable of int, default FY2014–FY2018
        Consecutive fiscal years (April–March, named by the start year).
    seed : int
        Seed of every random stream; the same inputs and seed give the same Dataset.
    gaps : bool, default True
        Insert realistic gaps (maintenance days, outages, failures, isolated hours).
    variables : iterable of str, optional
        Subset of ``no2, no, nox, so2, co, ox, spm, pm25, wind_speed, wind_dir, temp_air``
        (default all; ``nox`` needs ``no`` and ``no2``).

    Returns
    -------
    xarray.Dataset
        In the schema: dims ``(station, time)``, hourly, naive JST labelling the beginning of
        each hour, schema units, station coordinates; ``attrs["kind"] = "synthetic"``, the seed,
        the calibration proxies, calm counts and gap counts; each variable's ``measured_at``
        lists the stations that report it.

    Raises
    ------
    ValueError
        Non-consecutive fiscal years, unknown variables, or a station table without the needed
        columns, coordinates or CRS.

    Notes
    -----
    See the module docstring for every assumption and its source. Calibration: per station and
    fiscal year the NO2 and PM2.5 annual means and 98 % values of valid daily means, and the SPM
    mean and 2 % exclusion value, equal :func:`calibration_targets` before rounding to the
    reporting resolution (:data:`RESOLUTION`); :func:`calibration_report` shows the residual.
    """
    table = _station_table(stations)
    years = sorted({int(y) for y in fiscal_years})
    if not years or years != list(range(years[0], years[-1] + 1)):
        raise ValueError(f"fiscal_years must be consecutive years, got {years}")
    wanted = list(VARIABLES) if variables is None else [str(v) for v in variables]
    unknown = [v for v in wanted if v not in VARIABLES]
    if unknown:
        raise ValueError(f"unknown variable(s) {unknown}; choose from {', '.join(VARIABLES)}")
    if "nox" in wanted:
        wanted = sorted(set(wanted) | {"no", "no2"}, key=VARIABLES.index)

    start, _ = fiscal_year_bounds(years[0])
    _, end = fiscal_year_bounds(years[-1])
    times = pd.date_range(start, end, freq="h", inclusive="left")
    n_t, n_s = len(times), len(table)
    hour = times.hour.to_numpy()
    doy = times.day_of_year.to_numpy() - 1 + hour / 24.0
    dow = times.day_of_week.to_numpy()
    fy_starts = np.array(
        [int((fiscal_year_bounds(y)[0] - start) / pd.Timedelta(hours=1)) for y in years]
    )
    fy_hours = np.diff(np.append(fy_starts, n_t))

    codes = table["station"].to_numpy()
    kinds = table["station_type"].to_numpy()
    wards = table["ward"].to_numpy()
    measured = {
        v: np.array([_ITEM[v] in _measured_items(st) for _, st in table.iterrows()])
        for v in VARIABLES
    }
    # metric coordinates (JGD2011 / Japan Plane Rectangular CS IX) for the spatial structure
    metric = table.to_crs("EPSG:6677").geometry
    xy_km = np.column_stack([metric.x.to_numpy(), metric.y.to_numpy()]) / 1000.0
    dist_km = np.hypot(*(xy_km[:, None, :] - xy_km[None, :, :]).transpose(2, 0, 1))
    chol = np.linalg.cholesky(np.exp(-dist_km / _SPATIAL_LENGTH_KM) + 1e-9 * np.eye(n_s))
    import geopandas as gpd

    coast = gpd.GeoSeries(
        gpd.points_from_xy([_COAST_LATLON[1]], [_COAST_LATLON[0]]), crs="EPSG:4326"
    ).to_crs("EPSG:6677")
    coast_km = np.hypot(xy_km[:, 0] - coast.x.iloc[0] / 1000, xy_km[:, 1] - coast.y.iloc[0] / 1000)

    def rng_for(name: str) -> np.random.Generator:
        return np.random.default_rng([int(seed), _STREAM[name]])

    # latent processes
    shared = {
        k: _ar1(rng_for(k), n_t, 1, _TAU_H[k])[:, 0] for k in _TAU_H if not k.startswith("local")
    }
    local = {
        k: _ar1(rng_for(k), n_t, n_s, _TAU_H[k], chol) for k in _TAU_H if k.startswith("local")
    }

    # gaps
    units = [(inst, s) for inst in INSTRUMENTS for s in range(n_s)]
    if gaps:
        gap = _gap_mask(rng_for("gaps"), len(units), fy_starts, fy_hours)
    else:
        gap = np.zeros((len(units), n_t), dtype=bool)
    gap_of = {inst: gap[i * n_s : (i + 1) * n_s] for i, inst in enumerate(INSTRUMENTS)}
    instrument_of = {v: inst for inst, vs in INSTRUMENTS.items() for v in vs}

    def deterministic(var: str, kind: str) -> np.ndarray:
        season = _fourier_daily(np.log(_pick(MONTHLY_FACTORS[var], kind)), doy, 3)
        sat, sun = _pick(WEEKEND_FACTORS[var], kind)
        week = np.select([dow == 5, dow == 6], [np.log(sat), np.log(sun)], 0.0)
        diurnal = _bumps(hour, _pick(DIURNAL_BUMPS[var], kind))
        if var == "ox":
            diurnal = diurnal * (1.0 + 0.35 * np.cos(2 * np.pi * (doy - 196.0) / 365.25))
        return season + week + diurnal

    def stochastic(var: str) -> np.ndarray:
        w = MIXING_WEIGHTS[var]
        out = np.zeros((n_t, n_s))
        for comp, weight in w.items():
            if comp == "no_titration":
                continue
            if isinstance(weight, dict):
                weight = np.array([weight[k] for k in kinds])
            if comp in shared:
                out += np.multiply.outer(shared[comp], np.ones(n_s)) * weight
            else:
                out += local[comp] * weight
        return _compress_upper_tail(out, *_TAIL_KNEE_SLOPE)

    targets = calibration_targets(table, years)
    results: dict[str, np.ndarray] = {}

    def fit(var, mean_target, stat_target=None, statistic="p98", b_fixed=None, extra=None):
        """Calibrate ``var`` per fiscal year for all stations: (n_t × n_s) values and b."""
        det = np.column_stack([deterministic(var, k) for k in kinds])
        sto = stochastic(var) if extra is None else stochastic(var) + extra
        valid = ~gap_of[instrument_of[var]].T
        out = np.full((n_t, n_s), np.nan)
        b_used = np.empty((len(years), n_s))
        for i in range(len(years)):
            sl = slice(fy_starts[i], fy_starts[i] + fy_hours[i])
            n_days = fy_hours[i] // 24

            def cube(x, sl=sl, n_days=n_days):
                return x[sl].T.reshape(n_s, n_days, 24)

            a, b = _calibrate(
                cube(det),
                cube(sto),
                cube(valid),
                mean_target[i],
                None if stat_target is None else stat_target[i],
                statistic,
                None if b_fixed is None else b_fixed[i],
            )
            out[sl] = np.exp(a[None, :] + det[sl] + b[None, :] * sto[sl])
            b_used[i] = b
            stuck = (b <= 1e-3) | (b >= 2.999)
            if stat_target is not None and (stuck & measured[var]).any():
                warnings.warn(
                    f"{var} FY{years[i]}: the 98 %/2 % value target cannot be reached at "
                    f"{', '.join(codes[stuck & measured[var]])} (ratio to the mean outside the "
                    "model's range); the mean is still matched",
                    RuntimeWarning,
                    stacklevel=3,
                )
        return out, b_used

    def target_matrix(var: str, column: str) -> np.ndarray:
        sub = targets[targets["variable"] == var].set_index(["fiscal_year", "station"])[column]
        return np.array([[sub.get((fy, c), np.nan) for c in codes] for fy in years])

    def fill(x: np.ndarray) -> np.ndarray:
        return np.where(np.isfinite(x), x, np.nanmedian(x) if np.isfinite(x).any() else 1.0)

    # NO2 (and the b used to scale NO)
    no2_b = None
    if "no2" in wanted:
        m, p = target_matrix("no2", "mean_target"), target_matrix("no2", "stat_target")
        results["no2"], no2_b = fit("no2", fill(m), fill(p), "p98")
    for var in ("pm25", "spm"):
        if var in wanted:
            stat = _CALIBRATED[var][0]
            m, p = target_matrix(var, "mean_target"), target_matrix(var, "stat_target")
            results[var], _ = fit(var, fill(m), fill(p), stat)
    if "no" in wanted:
        no2_mean = target_matrix("no2", "mean_target") if "no2" in wanted else None
        if no2_mean is None:
            no2_mean = np.full((len(years), n_s), 0.018)
        ratio = np.array([[_no_ratio(k, fy) for k in kinds] for fy in years])
        b = (no2_b if no2_b is not None else np.ones((len(years), n_s))) * STOCHASTIC_SCALE["no"]
        results["no"], _ = fit("no", fill(no2_mean) * ratio, b_fixed=b)
    if "co" in wanted:
        m = np.array([[_by_year(CO_MEAN_PPM[k], fy) for k in kinds] for fy in years])
        results["co"], _ = fit("co", m, b_fixed=np.full((len(years), n_s), STOCHASTIC_SCALE["co"]))
    if "so2" in wanted:
        f = np.array([_SO2_WARD_FACTOR.get(w, _SO2_OTHER_FACTOR) for w in wards])
        m = np.array([_by_year(SO2_MEAN_PPM, fy) * f for fy in years])
        results["so2"], _ = fit(
            "so2", m, b_fixed=np.full((len(years), n_s), STOCHASTIC_SCALE["so2"])
        )
    if "ox" in wanted:
        no_sto = stochastic("no")
        no_sto = (no_sto - no_sto.mean()) / no_sto.std()
        m = np.array([[OX_MEAN_PPM.get(w, 0.030) for w in wards] for _ in years])
        results["ox"], _ = fit(
            "ox",
            m,
            b_fixed=np.full((len(years), n_s), STOCHASTIC_SCALE["ox"]),
            extra=MIXING_WEIGHTS["ox"]["no_titration"] * no_sto,
        )

    # meteorology
    wind_speed = wind_dir = temp = None
    calm_counts = np.zeros(n_s, dtype=int)
    if {"wind_speed", "wind_dir"} & set(wanted):
        wind_speed, wind_dir = _wind(rng_for, n_t, n_s, hour, doy, shared["S"], coast_km)
    if "temp_air" in wanted:
        temp = _temperature(rng_for, n_t, n_s, hour, doy, table)

    # quantise, gaps, measured-only
    data_vars = {}
    final: dict[str, np.ndarray] = {}
    for var in VARIABLES:
        if var not in wanted:
            continue
        if var == "nox":
            values = _quantize(final["no"] + final["no2"], RESOLUTION["nox"])
        elif var == "wind_speed":
            values = _quantize(wind_speed, RESOLUTION[var])
        elif var == "wind_dir":
            ws = _quantize(wind_speed, RESOLUTION["wind_speed"])
            code = np.round(wind_dir / 22.5) % 16
            values = np.where(code == 0, 16, code) * 22.5
            calm = ws <= _CALM_M_S
            values = np.where(calm, np.nan, values)
        elif var == "temp_air":
            values = _quantize(temp, RESOLUTION[var])
        else:
            values = _quantize(results[var], RESOLUTION[var])
        final[var] = values
        inst = instrument_of[var]
        keep = measured[var][None, :] & ~gap_of[inst].T
        if var == "wind_dir":
            calm_counts = (np.isnan(values) & keep).sum(axis=0)
        values = np.where(keep, values, np.nan).T
        meta = POLLUTANTS.get(var) or MET_VARIABLES[var]
        attrs = {
            "units": meta["units"],
            "long_name": meta["long_name"],
            "name_ja": meta["name_ja"],
            "resolution": RESOLUTION[var],
            "measured_at": ",".join(codes[measured[var]]),
            "instrument": inst,
        }
        data_vars[var] = (("station", "time"), values, attrs)

    gap_counts = {
        inst: {
            str(codes[s]): int(gap_of[inst][s].sum())
            for s in range(n_s)
            if any(measured[v][s] for v in INSTRUMENTS[inst] if v in wanted)
        }
        for inst in INSTRUMENTS
    }
    proxied = targets[targets["source"].str.contains("proxy|median")]
    proxies = sorted(
        {f"{r.station} {r.variable}: {r.source.split(' × trend')[0]}" for r in proxied.itertuples()}
    )
    ds = xr.Dataset(
        data_vars,
        coords={"station": codes.astype(str), "time": times},
        attrs={
            "title": "Synthetic hourly air-quality data for the Kawasaki monitoring network",
            "time_zone": "Asia/Tokyo",
            "interval_label": "beginning",
            "source": f"kgi_lab.air.synthetic.generate_network(seed={int(seed)}, "
            f"fiscal_years={years[0]}-{years[-1]})",
            "kind": "synthetic",
            "cleaning": [],
            "seed": int(seed),
            "fiscal_years": f"{years[0]}-{years[-1]}",
            "calibration_targets": "kawasaki-facts §1b (DERIVED from Source B daily means; "
            "FY2017 and calendar 2018), trends §1d and Source B network medians",
            "calibration_proxies": json.dumps(proxies, ensure_ascii=False),
            "gap_hours_json": json.dumps(gap_counts),
            "calm_hours_json": json.dumps(
                {str(codes[s]): int(calm_counts[s]) for s in range(n_s) if measured["wind_dir"][s]}
            ),
            "calm_threshold_m_s": _CALM_M_S,
        },
    )
    return add_station_coords(ds, table)


def _by_year(table: dict[int, float], fy: int) -> float:
    years = sorted(table)
    return table[min(max(fy, years[0]), years[-1])]


def _no_ratio(kind: str, fy: int) -> float:
    table = NO_TO_NO2_RATIO[kind]
    years = sorted(table)
    clipped = min(max(fy, years[0]), years[-1])
    return table[clipped] * _NO_RATIO_STEP[kind] ** (clipped - fy)


def _wind(rng_for, n_t, n_s, hour, doy, stagnation, coast_km):
    """Wind speed [m/s] and direction [deg from north] per station (n_t × n_s)."""

    def toward(speed, from_deg):
        rad = np.radians(from_deg)
        return -speed * np.sin(rad), -speed * np.cos(rad)

    winter = 0.5 + 0.5 * np.cos(2 * np.pi * (doy - 15.0) / 365.25)
    u_w, v_w = toward(2.5, 337.5)
    u_s, v_s = toward(2.2, 180.0)
    u = winter * u_w + (1 - winter) * u_s
    v = winter * v_w + (1 - winter) * v_s
    du = 1.5 * _ar1(rng_for("wind_u"), n_t, 1, 18.0)[:, 0]
    dv = 1.5 * _ar1(rng_for("wind_v"), n_t, 1, 18.0)[:, 0]
    damp = np.exp(-0.2 * stagnation)
    u, v = (u + du) * damp, (v + dv) * damp
    day = np.clip(np.sin(np.pi * (hour + 0.5 - 9.0) / 9.0), 0, None) * (hour >= 9) * (hour < 18)
    night = np.clip(np.cos(np.pi * (hour + 0.5 - 3.0) / 8.0), 0, None) * (hour < 7)
    sea = 1.6 * (1.0 - 0.6 * winter) * day
    u_sea, v_sea = toward(1.0, 150.0)
    u_land, v_land = toward(0.8, 315.0)
    decay = np.exp(-coast_km / 30.0)
    U = u[:, None] + (sea[:, None] * u_sea) * decay[None, :] + (night * u_land)[:, None]
    V = v[:, None] + (sea[:, None] * v_sea) * decay[None, :] + (night * v_land)[:, None]
    exposure = np.clip(1.25 - 0.02 * coast_km, 0.7, 1.3)
    mixing = 1.0 + 0.25 * np.cos(2 * np.pi * (hour + 0.5 - 14.5) / 24.0)  # afternoon maximum
    speed = np.hypot(U, V) * exposure[None, :] * mixing[:, None]
    speed = speed * np.exp(0.2 * _ar1(rng_for("wind_speed_local"), n_t, n_s, 3.0) - 0.02)
    direction = np.degrees(np.arctan2(-U, -V)) % 360.0
    direction = (direction + 20.0 * _ar1(rng_for("wind_dir_local"), n_t, n_s, 3.0)) % 360.0
    return speed, direction


def _temperature_diurnal(half_range_k: float = 3.5) -> np.ndarray:
    """24 hourly offsets [K]: minimum at 5–6 h, maximum at 14–15 h (hour labels = beginning).

    Half cosines: warming over 9 h from the minimum to the maximum, cooling over 15 h.
    """
    h = np.arange(24) + 0.5
    warming = (h >= 5.5) & (h < 14.5)
    shape = np.where(
        warming, -np.cos(np.pi * (h - 5.5) / 9.0), np.cos(np.pi * ((h - 14.5) % 24.0) / 15.0)
    )
    return half_range_k * (shape - shape.mean())


_TEMP_DIURNAL_K = _temperature_diurnal()


def _temperature(rng_for, n_t, n_s, hour, doy, table):
    """Air temperature [°C] per station (n_t × n_s)."""
    from kgi_lab.datasets import load

    normals = load("city_monthly_temperature")["temp_air"].sel(city="kawasaki").values
    clim = _fourier_daily(normals, doy, 2)
    diurnal = _TEMP_DIURNAL_K[hour]
    synoptic = 2.5 * _ar1(rng_for("temp_synoptic"), n_t, 1, 60.0)[:, 0]
    elevation = (
        table["elevation_m"].fillna(0.0).to_numpy(dtype=float)
        if "elevation_m" in table
        else np.zeros(n_s)
    )
    local = 0.4 * _ar1(rng_for("temp_local"), n_t, n_s, 6.0)
    return (clim + diurnal + synoptic)[:, None] - 0.0065 * elevation[None, :] + local


# --------------------------------------------------------------------------------------------
# report


def calibration_report(ds: xr.Dataset, stations: Any = None) -> pd.DataFrame:
    """Compare a generated Dataset with its calibration targets.

    Parameters
    ----------
    ds : xarray.Dataset
        Output of :func:`generate_network` (or the embedded ``kawasaki_air_hourly``).
    stations : geopandas.GeoDataFrame, optional
        The station table used to generate it (default: the 18 current stations).

    Returns
    -------
    pandas.DataFrame
        One row per station, fiscal year and pollutant (no2, pm25, spm): ``n_days`` (valid
        days), ``mean``, ``mean_target``, ``stat`` (98 % value or 2 % exclusion value),
        ``stat_target``, ``mean_error`` and ``stat_error`` (relative), ``source``.
    """
    times = pd.DatetimeIndex(ds["time"].values)
    years = sorted(set(np.where(times.month >= 4, times.year, times.year - 1)))
    codes = [str(c) for c in ds["station"].values]
    if stations is None:
        from kgi_lab.datasets import load

        stations = load("kawasaki_stations")
        stations = stations[stations["station"].astype(str).isin(codes)]
    targets = calibration_targets(stations, years)
    rows = []
    for var, (stat, _, _) in _CALIBRATED.items():
        if var not in ds:
            continue
        daily = daily_means(ds[var].transpose("station", "time"), _MIN_VALID_HOURS)
        dates = pd.DatetimeIndex(daily["time"].values)
        fy = np.where(dates.month >= 4, dates.year, dates.year - 1)
        for year in years:
            d = daily.values[:, fy == year]
            n = np.isfinite(d).sum(axis=1)
            mean = np.where(n > 0, np.nansum(d, axis=1) / np.maximum(n, 1), np.nan)
            value = _STATISTICS[stat](d)
            for s, code in enumerate(codes):
                t = targets[
                    (targets["station"] == code)
                    & (targets["fiscal_year"] == year)
                    & (targets["variable"] == var)
                ]
                if t.empty or n[s] == 0:
                    continue
                t = t.iloc[0]
                rows.append(
                    {
                        "station": code,
                        "fiscal_year": int(year),
                        "variable": var,
                        "statistic": stat,
                        "n_days": int(n[s]),
                        "mean": float(mean[s]),
                        "mean_target": float(t["mean_target"]),
                        "stat": float(value[s]),
                        "stat_target": float(t["stat_target"]),
                        "mean_error": float(mean[s] / t["mean_target"] - 1.0),
                        "stat_error": float(value[s] / t["stat_target"] - 1.0),
                        "source": t["source"],
                    }
                )
    return pd.DataFrame(rows)
