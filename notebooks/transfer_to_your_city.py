# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (kgi_lab)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Capstone: transfer to your city
#
# **Overview.** Kawasaki's 2014 Green Innovation Promotion Policy (川崎市グリーン・イノベーション
# 推進方針) offers the city's environmental technology to partner cities. Its lesson: a transfer
# fails when it ignores the receiving city's conditions. In this capstone you take three
# Kawasaki measures home and re-run them under **your** city's conditions:
#
# 1. a 1 MWp PV plant: your sun and your grid's CO2 factor, beside Kawasaki's;
# 2. air quality: the national standard that applies to you, against Japan's and WHO 2021's,
#    and whether Kawasaki's own monitoring network would attain it;
# 3. a Steam-Net-like heat scheme with the fuel your factories burn and your grid factor;
# 4. then you decide what transfers and what does not.
#
# **For whom.** Staff of the partner cities (Shenyang, Shanghai, Penang, Da Nang, Bandung,
# Mumbai) at the end of the course; instructors comparing the cities (batch run with one
# `city` per report).
#
# **Prerequisites.** The PV-yield module (necessary), the air-quality network module
# (necessary), the heat-network module (necessary): this notebook calls their functions and does
# not re-explain them.
#
# **Time to learn.** 90–120 minutes.
#
# **Conventions.** Energies are AC after all losses [kWh, MWh]; specific yield in kWh/kWp;
# grid factors in kg-CO2/kWh (= t/MWh); air limits in µg/m³ at each jurisdiction's own
# reference temperature (Japan's ppm converted at 25 °C, 1 atm); fuels on the net calorific
# value (NCV) basis of the IPCC 2006 defaults; crude-oil equivalent at 0.0258 kL/GJ. Every
# local condition carries its source and quality flag; the boiler fuel is an explicit
# **assumption** for every city, and **no fuel price was found**: money appears only if you give
# one.

# %% tags=["parameters"]
city = "penang"  # str: kawasaki, shenyang, shanghai, penang, da_nang, bandung or mumbai
seed = 0  # int, 0 or more: seed of the synthetic typical years (your city and Kawasaki)
tilt = None  # deg [0, 90]: tilt of your city's system; None uses the best tilt of the sweep
dc_capacity_kw = 1000.0  # kWp (0, 1e6]: size of the PV system in both cities (1 MWp)
year = 2017  # int [2015, 2018]: Japan's fiscal year, and the local standard's calendar year
steam_t_per_year = 400000.0  # t/yr [10000, 2000000]: steam of the scheme (Kawasaki 2014)
boiler_efficiency = 0.85  # (0, 1], NCV basis: the displaced boilers (assumed, every city)
fuel_price_per_gj = None  # per GJ (NCV) in currency, 0 or more: boiler-fuel price; None: no money
electricity_price_per_mwh = None  # per MWh in currency, 0 or more: lost generation's value, or None
currency = None  # str: ISO 4217 code of the prices, e.g. "MYR" (required with a price)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

from kgi_lab import emit_metrics
from kgi_lab.batch.registry import check_parameters
from kgi_lab.exercises import check
from kgi_lab.heat.plots import plot_savings_waterfall
from kgi_lab.pv.plots import plot_monthly_energy
from kgi_lab.transfer import (
    applicable_standards,
    city_profile,
    compare_cities,
    heat_savings,
    kawasaki_against_local_standard,
    pv_summary,
)

# A value that is not allowed stops here, with a one-line reason naming the parameter.
run_parameters = check_parameters("transfer_to_your_city", globals())

# %% [markdown]
# ## 1. Your city's conditions
# Everything below depends on a handful of local facts. Read their sources and quality flags
# before you trust a result: a **B** value quotes an official one through a secondary source, a
# **C** value is weaker, and an **assumption** is a teaching choice you should replace.

# %%
profile = city_profile(city)
kawasaki = city_profile("kawasaki")
conditions = pd.DataFrame({city: profile, "kawasaki": kawasaki}).loc[
    [
        "station",
        "tz",
        "grid_co2_kg_per_kwh",
        "grid_year",
        "grid_quality",
        "air_standard",
        "boiler_fuel",
        "boiler_fuel_co2_t_per_gj",
        "boiler_fuel_label",
        "fuel_price_status",
    ]
]
display(conditions)
print(f"Grid factor source: {profile['grid_source']}")
print(f"Grid factor note: {profile['grid_note']}")
print(f"Air standard: {profile['air_standard_name']} ({profile['air_standard_note']})")
print(f"Boiler fuel: {profile['boiler_fuel_note']}")

# %% [markdown]
# ## 2. PV in your city and in Kawasaki
# The same 1 MWp equator-facing system (DC/AC 1.2, PVWatts, default loss tree) on each city's
# synthetic typical year, generated offline from 12 monthly values (see the PV-yield module; the
# monthly inputs of the partner cities are bias-corrected MERRA-2, about ±10 % a year). A
# 5° sweep of the tilt finds the best one. The CO2 avoided uses each city's **own** grid factor:
# the same kWh avoids more CO2 on a coal-heavy grid.

# %%
pv = pv_summary(city, tilt=tilt, dc_capacity_kw=dc_capacity_kw, seed=seed)
pv_kawasaki = pv_summary("kawasaki", dc_capacity_kw=dc_capacity_kw, seed=seed)
pv_table = pd.DataFrame({city: pv.to_series(), "kawasaki": pv_kawasaki.to_series()})
# The tilt rows are left out: the best tilt is Exercise 1, and the sweep follows it.
display(pv_table.drop(index=["tilt_deg", "best_tilt_deg"]).round(3))
print(
    "tilt: the best of each city's sweep"
    if tilt is None
    else f"tilt: {tilt:g}° in {city}, the best of the sweep in Kawasaki"
)
for column, source in pv.sources.items():
    print(f"{column}: {source}")
monthly = pd.DataFrame({city: pv.monthly_energy_kwh, "kawasaki": pv_kawasaki.monthly_energy_kwh})
plot_monthly_energy(monthly, title=f"Monthly AC energy of {dc_capacity_kw:,.0f} kWp")
plt.show()

# %% [markdown]
# ### Exercise 1: the best tilt for your city
# Sweep the tilt of an equator-facing system from 0° to 60° in 5° steps on your city's typical
# year. Which tilt gives the highest annual specific yield (in deg)? One grid step either side is
# accepted.

# %%
best_tilt_deg = None  # your answer, in deg
### BEGIN SOLUTION
best_tilt_deg = float(pv.tilt_sensitivity.idxmax())
### END SOLUTION
check("transfer_to_your_city.best-tilt", best_tilt_deg, city=city, seed=seed)

# %% [markdown]
# Check your answer on the sweep below. Near the equator the year is flat and the best tilt is
# small (just enough for rain to clean the modules); at Shenyang's 42° N the winter sun is low
# and a steep tilt pays. The curves also show how much (or how little) the choice matters.

# %%
fig, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
for name, summary in ((city, pv), ("kawasaki", pv_kawasaki)):
    curve = summary.tilt_sensitivity
    ax.plot(curve.index, curve.to_numpy(), "o-", label=f"{name} (azimuth {summary.azimuth_deg:g}°)")
ax.set_xlabel("tilt [deg]")
ax.set_ylabel("specific yield [kWh/kWp]")
ax.legend(frameon=False)
ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# ## 3. The air standards that apply to you
# Your national standard beside Japan's and WHO 2021's, per pollutant and averaging period, in
# µg/m³. Missing cells are missing on purpose: the standard sets no such limit, or its value was
# **not found** (the note says which). Japan regulates photochemical oxidants (Ox) and SPM
# instead of O3 and PM10, so those rows cannot be compared with Japan. Read the statistic too: a
# limit on *every* daily mean is stricter than the same number on a 98 % value.

# %%
standards = applicable_standards(city)
# The `local_vs_japan` column is left out here: it marks the answer of Exercise 2, and is shown
# after the exercise.
display(
    standards[
        [
            "limit",
            "local_limit_ug_m3",
            "local_statistic",
            "japan_limit_ug_m3",
            "japan_statistic",
            "who_limit_ug_m3",
            "strictest",
            "note",
        ]
    ].round(1)
)
print(standards.attrs["conversion"])
for item in standards.attrs["local_missing"]:
    print(f"missing in {standards.attrs['local_standard']}: {item}")

# %%
fig, ax = plt.subplots(figsize=(8, 0.45 * len(standards) + 1.2), layout="constrained")
y = np.arange(len(standards))
for offset, column, label in (
    (-0.27, "local_limit_ug_m3", f"{standards.attrs['local_standard']} ({city})"),
    (0.0, "japan_limit_ug_m3", "Japan"),
    (0.27, "who_limit_ug_m3", "WHO 2021"),
):
    ax.barh(y + offset, standards[column].fillna(0.0), 0.26, label=label)
ax.set_yticks(y, standards["limit"])
ax.invert_yaxis()
ax.set_xscale("symlog", linthresh=10)
ax.set_xlabel("limit [µg/m³] (no bar: no limit or not found)")
ax.legend(frameon=False, fontsize=8)
ax.grid(axis="x", alpha=0.3)
plt.show()

# %% [markdown]
# ### Exercise 2: which of your limits have a lower number than Japan's?
# Give the set of limits (labels of the `limit` column, such as `"no2 24h"`) whose number in
# your national standard (`local_limit_ug_m3`) is **lower** than Japan's (`japan_limit_ug_m3`)
# for the same averaging period. Compare the numbers only. A limit with the *same* number as
# Japan's but a stricter statistic (on every daily mean instead of the 98 % value) is stricter
# in practice, as section 3 says, but its number is not lower, so it is not in this set: the
# discussion below comes back to it. Rows where either side has no number are not compared. An
# empty set is a valid answer.

# %%
lower_limits = None  # your answer, a set of labels such as {"no2 24h"}
### BEGIN SOLUTION
# a missing number (NaN) compares False, so rows without both numbers drop out
lower = standards["local_limit_ug_m3"] < standards["japan_limit_ug_m3"]
lower_limits = set(standards.loc[lower, "limit"])
### END SOLUTION
check("transfer_to_your_city.stricter-than-japan", lower_limits, city=city)

# %% [markdown]
# Check your answer: the `local_vs_japan` column compares the two numbers ("stricter" means a
# lower number, "equal" the same number within rounding); the statistic columns say how each
# number is applied.

# %%
display(
    standards[
        [
            "limit",
            "local_limit_ug_m3",
            "local_statistic",
            "japan_limit_ug_m3",
            "japan_statistic",
            "local_vs_japan",
        ]
    ].round(1)
)

# %% [markdown]
# **Discuss.** Is any of your limits stricter *in practice* than Japan's although its number is
# not lower, or looser although its number is lower? Read the statistic columns, then look at
# the stations attaining each standard in section 4.
#
# <!-- BEGIN SOLUTION -->
# A number is only half a limit: the statistic says which values must stay under it. A limit
# that every daily mean must meet is stricter than the same number applied to the 98 % value,
# which lets the worst 2 % of days (about seven a year) exceed it. Penang is the clear case:
# Malaysia's PM2.5 24-h limit has Japan's number, 35 µg/m³, but on every daily mean, so its
# number is "equal" while the limit is stricter, and section 4 finds fewer Kawasaki stations
# attaining it than attaining Japan's standard. China's, Vietnam's and Indonesia's 24-h limits
# also apply to every value, so their lower NO2 numbers are stricter still; India's use a 98th
# percentile, close to Japan's 98 % value. The averaging year differs too (calendar against
# fiscal year).
# <!-- END SOLUTION -->

# %% [markdown]
# ## 4. Would Kawasaki's network attain your standard?
# The same hourly data of Kawasaki's 18 stations (the embedded **synthetic** network, calibrated
# to the published statistics), judged once by Japan's rules (fiscal year) and once by your
# national standard (calendar year). A stricter number, or a stricter statistic, turns
# attaining stations into failing ones: the network is the same, the verdict is not.

# %%
attain_pm25 = kawasaki_against_local_standard(city, "pm25", year)
attain_no2 = kawasaki_against_local_standard(city, "no2", year)
summary = pd.DataFrame(
    {"pm25": attain_pm25.attrs["summary"], "no2": attain_no2.attrs["summary"]}
).T[["standard", "year", "stations", "local_evaluable", "local_attained", "japan_attained"]]
display(summary)
for table in (attain_pm25, attain_no2):
    if table.attrs["summary"]["missing"]:
        print(table.attrs["summary"]["missing"])
display(attain_pm25[["name", "station_type", "japan_attained", "local_attained"]])

# %%
fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
x = np.arange(2)
for offset, key, label in ((-0.2, "japan_attained", "Japan (FY)"), (0.2, "local_attained", city)):
    ax.bar(x + offset, summary[key].astype(int), 0.4, label=label)
ax.set_xticks(x, ["PM2.5", "NO2"])
ax.set_ylabel("stations attaining")
ax.legend(frameon=False)
ax.grid(axis="y", alpha=0.3)
plt.show()

# %% [markdown]
# ## 5. A Steam-Net-like scheme at your fuel and grid factor
# In Kawasaki, steam from the power station replaced the factories' gas and heavy-oil boilers.
# In your city it would replace the boilers' **assumed** fuel (section 1). The steam is not free:
# extracting it costs the power station generation, valued here as grid electricity at **your**
# grid factor. The steam states and turbine are Kawasaki's reconstruction (heat-network module).

# %%
scheme = heat_savings(
    city,
    steam_t_per_year,
    boiler_efficiency=boiler_efficiency,
    fuel_price_per_gj=fuel_price_per_gj,
    electricity_price_per_mwh=electricity_price_per_mwh,
    currency=currency,
)
# The break-even grid factor is Exercise 4: its row is left out here.
display(scheme.to_series().drop("breakeven_grid_co2_kg_per_kwh").to_frame(city))
for note in scheme.notes:
    print(f"- {note}")
plot_savings_waterfall(scheme.table, "co2_t", claim=False, title=f"Net CO2 saving in {city}")
plt.show()

# %% [markdown]
# ### Exercise 3: net CO2 saving on a cleaner grid
# The table above gives the net saving at your grid factor today. Suppose your grid's CO2
# factor were halved (more renewables, less coal; a scenario, not a forecast). Compute the net
# CO2 saving of the scheme in your city then (t/yr): the CO2 of the avoided boiler fuel minus
# the CO2 of the lost generation at half your grid factor.

# %%
half_grid_kg_per_kwh = 0.5 * float(profile["grid_co2_kg_per_kwh"])  # the scenario's factor
heat_net_co2_half_grid_t = None  # your answer, in t/yr
### BEGIN SOLUTION
heat_net_co2_half_grid_t = scheme.avoided_co2_t - scheme.lost_generation_mwh * half_grid_kg_per_kwh
### END SOLUTION
check(
    "transfer_to_your_city.heat-net-co2",
    heat_net_co2_half_grid_t,
    city=city,
    steam_t_per_year=steam_t_per_year,
    boiler_efficiency=boiler_efficiency,
    grid_co2_kg_per_kwh=half_grid_kg_per_kwh,
)

# %% [markdown]
# ### Exercise 4: the break-even grid factor
# Above which grid factor (kg-CO2/kWh) would the scheme in your city emit **more** CO2 than the
# boilers it replaces?

# %%
breakeven_kg_per_kwh = None  # your answer, in kg/kWh
### BEGIN SOLUTION
breakeven_kg_per_kwh = scheme.avoided_co2_t / scheme.lost_generation_mwh
### END SOLUTION
check(
    "transfer_to_your_city.breakeven-grid-factor",
    breakeven_kg_per_kwh,
    city=city,
    steam_t_per_year=steam_t_per_year,
    boiler_efficiency=boiler_efficiency,
)

# %% [markdown]
# The net saving depends on the grid: on a cleaner grid the lost generation costs less CO2. The
# line below sweeps the grid factor with your boiler fuel; the dots are the cities' own factors
# with their own fuels. Check your answers to exercises 3 and 4 on it: the line at half your
# grid factor, and where it crosses zero. The energy saving (crude-oil equivalent) does not
# depend on the grid at all: **energy transfers, CO2 does not**.

# %%
factors = np.linspace(0.0, 1.5, 16)
net_by_factor = [
    heat_savings(
        city, steam_t_per_year, boiler_efficiency=boiler_efficiency, grid_co2_kg_per_kwh=f
    ).net_co2_t
    for f in factors
]
fig, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
ax.plot(factors, np.asarray(net_by_factor) / 1000, label=f"{city}: {profile['boiler_fuel']}")
ax.axhline(0, color="k", lw=0.8)
for other in ("kawasaki", "shenyang", "shanghai", "penang", "da_nang", "bandung", "mumbai"):
    s = heat_savings(other, steam_t_per_year, boiler_efficiency=boiler_efficiency)
    ax.plot(s.grid_co2_kg_per_kwh, s.net_co2_t / 1000, "o", color="k" if other == city else "C1")
    ax.annotate(other, (s.grid_co2_kg_per_kwh, s.net_co2_t / 1000), fontsize=7)
ax.set_xlabel("grid factor [kg-CO2/kWh]")
ax.set_ylabel("net CO2 saving [kt/yr]")
ax.legend(frameon=False)
ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# ## 6. All cities side by side
# The headline numbers of every city with the default settings. The batch comparison page is
# built from the same numbers, one report per city. The best tilts and the break-even grid
# factors are left out: they are the answers of exercises 1 and 4, and cities at a similar
# latitude or with the same boiler fuel share them.

# %%
comparison = compare_cities(
    seed=seed,
    year=year,
    dc_capacity_kw=dc_capacity_kw,
    steam_t_per_year=steam_t_per_year,
    boiler_efficiency=boiler_efficiency,
)
answers = ["best_tilt_deg", "heat_breakeven_grid_co2_kg_per_kwh"]  # exercises 1 and 4
display(comparison.drop(columns=["grid_factor_source", *answers]).set_index("city").round(2).T)

# %% tags=["instructor"]
# Instructor edition only: the answers of exercises 1 and 4 for every city.
display(comparison.set_index("city")[answers].round(2).T)

# %% [markdown]
# ## 7. What transfers and what does not
# Discuss with your group, using your own numbers:
#
# 1. Which of the three measures would you propose first in your city, and which local fact
#    (sun, grid, standard, fuel, price) decides it?
# 2. Which of your city's conditions is weakest in its evidence (look at the quality flags and
#    the assumptions), and how would you get a better value?
# 3. What would have to change for the heat scheme to pay, and which number is missing to say
#    so?
#
# <!-- BEGIN SOLUTION -->
# Points a good answer makes:
#
# - **A lower latitude does not mean more energy**: with the default data Penang's typical
#   year (MERRA-2 based) has less irradiation than Kawasaki's estimate and yields *less* per kWp,
#   while Shenyang and Mumbai yield more; the best tilt changes with latitude (about the
#   latitude in Shenyang, almost flat in Penang and Bandung, where the plane faces north). Every
#   kWh avoids more CO2 on the partner grids (0.54–0.87 kg/kWh) than on Japan's (0.42), so the
#   CO2 avoided per MWp is larger in every partner city.
# - **Standards do not transfer one to one**: the same synthetic Kawasaki data attain Japan's
#   PM2.5 standard at every station but fail Malaysia's (every daily mean ≤ 35 µg/m³) at some;
#   Indonesia's NO2 daily limit (65 µg/m³) is far below Japan's 0.06 ppm (≈ 113 µg/m³). And
#   Malaysia's standard is mostly *not found*: a gap to close before any comparison.
# - **The heat scheme's energy saving transfers, its CO2 saving does not**: with the same steam
#   the crude-oil equivalent is identical in every city, but the CO2 saving is large where coal
#   boilers are displaced (Shenyang, Da Nang, Bandung) and nearly zero where gas boilers are
#   displaced on a dirty grid (Penang: break-even at about 0.81 kg/kWh against a grid of 0.76).
# - **Evidence**: the boiler fuels are assumptions; the Chinese provincial grid factors and all
#   fuel prices were not found; Malaysia's MAAQS 2020 is partial. Money cannot be judged until
#   fuel and electricity prices are collected (the notebook computes it as soon as both are
#   given).
# <!-- END SOLUTION -->

# %% [markdown] tags=["instructor"]
# **For instructors.** Run the notebook once per city in batch (`city` parameter) and compare the
# metrics on the comparison page. Points that usually come up: (1) the synthetic typical years
# are seeded and bias-corrected MERRA-2, ±10 % a year — the ranking of the cities is more robust
# than the numbers; (2) Vietnam's grid factor is a combined margin, the others are averages;
# (3) the scheme's energy figure applies the Japanese 9.97 GJ/MWh primary-energy convention to
# every grid, which is why it does not vary; ask the group what their national convention is;
# (4) ask each city to bring one price (fuel or electricity) to the next session and re-run
# section 5 with it. (5) Exercise 1 accepts one 5° step either side, so the latitude rule of
# thumb passes in all seven cities: it lands on the best tilt in Kawasaki, Shenyang, Shanghai
# and Mumbai and one step off in Penang, Da Nang and Bandung (seeds 0 and 1). That is accepted
# on purpose: the lesson is how flat the curve is (less than 0.5 % of yield between the two),
# so ask trainees who guessed to read the curve below. (6) Exercise 2 compares numbers only
# (Penang: the empty set); its discussion is where the statistic comes in, with section 4's
# stations as the evidence.

# %% [markdown]
# ## Words used in this module
# The terms of this notebook in English, Japanese (with its reading) and Chinese. Look up any
# other term in any of the three languages with `glossary.lookup("2%除外値")`, or, in
# JupyterLab, type it in the box below.

# %%
from IPython.display import HTML, display

from kgi_lab import glossary
from kgi_lab.widgets import interactive_session

if interactive_session():
    display(glossary.glossary_widget("transfer_to_your_city"))
display(HTML(glossary.to_html("transfer_to_your_city")))

# %% [markdown]
# ## Summary
# You re-ran three of Kawasaki's measures under your city's conditions: the same PV plant yields
# differently and avoids more CO2 on a partner grid; the same air-quality data can attain one
# national standard and fail another; the same steam scheme saves the same energy everywhere
# but very different CO2, depending on the fuel it displaces and the grid that makes up the
# lost generation. Every one of those conditions came with a source or an explicit assumption,
# and some (fuel prices, Malaysia's standard, provincial grid factors) are still missing.
#
# **What's next.** Replace the assumptions with your city's data: a typical-year file for
# `kgi_lab.weather.typical_year(source=...)`, your monitoring network's hourly data for
# `kgi_lab.air.load_air_data(...)`, your industrial boilers' fuel and efficiency, and prices.
#
# **Resources.** 川崎市グリーン・イノベーション推進方針 (2014); WHO global air quality
# guidelines (2021); 2006 IPCC Guidelines Vol. 2 Ch. 1; the IGES grid emission factor database
# (https://www.iges.or.jp/en/pub/list-grid-emission-factor/en); `datasets/partner_city_factors.yaml`
# for every source used here.

# %%
emit_metrics(
    {
        "specific_yield_kwh_per_kwp": {
            "value": pv.specific_yield_kwh_per_kwp,
            "units": "kWh/kWp",
            "label": "PV specific yield, your city",
        },
        "kawasaki_specific_yield_kwh_per_kwp": {
            "value": pv_kawasaki.specific_yield_kwh_per_kwp,
            "units": "kWh/kWp",
            "label": "PV specific yield, Kawasaki (same system)",
        },
        "grid_factor_kg_per_kwh": {
            "value": float(profile["grid_co2_kg_per_kwh"]),
            "units": "kg-CO2/kWh",
            "label": "grid CO2 factor of your city",
        },
        "pv_co2_avoided_t_per_mwp": {
            "value": pv.co2_avoided_t_per_mwp,
            "units": "t/yr per MWp",
            "label": "PV CO2 avoided at the local grid factor",
        },
        "pm25_annual_limit_ug_m3": {
            "value": float(
                standards.set_index("limit")["local_limit_ug_m3"].get("pm25 annual", np.nan)
            ),
            "units": "ug/m3",
            "label": "national PM2.5 annual limit (null: none or not found)",
        },
        "no2_annual_limit_ug_m3": {
            "value": float(
                standards.set_index("limit")["local_limit_ug_m3"].get("no2 annual", np.nan)
            ),
            "units": "ug/m3",
            "label": "national NO2 annual limit (null: none or not found)",
        },
        "standards_stricter_than_japan": {
            "value": int((standards["local_vs_japan"] == "stricter").sum()),
            "label": "national limits with a lower number than Japan's (same period)",
        },
        "kawasaki_stations_attaining_local_pm25": {
            "value": int(attain_pm25.attrs["summary"]["local_attained"]),
            "units": "stations",
            "label": "Kawasaki stations attaining your national PM2.5 limits",
        },
        "heat_net_co2_t": {
            "value": scheme.net_co2_t,
            "units": "t/yr",
            "label": "Steam-Net-like scheme, net CO2 saving",
        },
        "heat_net_crude_oil_kl": {
            "value": scheme.net_crude_oil_kl,
            "units": "kL/yr",
            "label": "Steam-Net-like scheme, net crude-oil equivalent",
        },
    }
)
