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
# # The solar resource of a city: sun, sky and the upper bound on PV yield
#
# **Overview.** Before any PV plant is sized, a trainee should know how much sunlight can reach
# the ground where they live. In this module you will:
#
# 1. place a site (Kawasaki or your own city) and see where its sun is, hour by hour;
# 2. compute the **extraterrestrial** irradiation on a horizontal surface, the astronomical ceiling;
# 3. compute **clear-sky** irradiance (Ineichen–Perez, offline Linke turbidity), the cloudless ceiling;
# 4. compare months and cities: day length, clear-sky index, and why latitude is not the whole story.
#
# **For whom.** International trainees starting the PV track; researchers checking the resource
# model behind kgi_lab's PV yields.
#
# **Prerequisites.** Basic Python and pandas (helpful); the idea of W/m² (power) vs kWh/m² (energy)
# (necessary). Next module: PV yield for the Ukishima and Ogishima plants.
#
# **Time to learn.** About 45 minutes.
#
# **Conventions.** Times are local standard time with an explicit time zone. Each label marks the
# *beginning* of its interval, and the sun's position is computed at the interval *midpoint*.

# %% tags=["parameters"]
city = "kawasaki"  # str: a city id of the partner_cities dataset, or "custom"
year = 2025  # int [1901, 2099]: calendar year
time_step_min = 60  # min, one of 10, 15, 30, 60: interval length (labels mark the start)
latitude = None  # deg [-90, 90], north positive: required with city "custom", else None
longitude = None  # deg [-180, 180], east positive: required with city "custom", else None
elevation_m = None  # m: city "custom" only (else None); None looks it up offline
tz = None  # IANA time zone such as "Asia/Jakarta": required with city "custom", else None

# %%
import matplotlib.pyplot as plt

from kgi_lab import emit_metrics
from kgi_lab.batch.registry import check_parameters
from kgi_lab.datasets import load
from kgi_lab.exercises import check
from kgi_lab.weather import clearsky_monthly_summary, site
from kgi_lab.weather.plots import plot_clearsky_heatmap, plot_monthly_resource

# A value that is not allowed stops here, with a one-line reason naming the parameter.
run_parameters = check_parameters("solar_resource", globals())

# %% [markdown]
# ## 1. The site
# Cities come from the `partner_cities` dataset: each city's main weather station, with its
# coordinates, elevation and IANA time zone, and a quality flag for the source. Every value has
# a citation in the dataset catalog (`kgi-lab datasets list`).

# %%
cities = load("partner_cities")
cities[["name", "station", "latitude", "longitude", "elevation_m", "tz", "quality"]]

# %%
location = site(
    None if city == "custom" else city,
    latitude=latitude,
    longitude=longitude,
    tz=tz,
    elevation_m=elevation_m,
)
print(location)

# %% [markdown]
# ## 2. Clear sky and the extraterrestrial bound
# One call builds the year: clear-sky irradiance at every interval and, per month, the clear-sky
# irradiation against the extraterrestrial irradiation H0 (FAO-56 eq. 21). Their ratio, the
# *clear-sky index*, is the share a cloudless atmosphere lets through: air mass, water vapour
# and aerosols (the Linke turbidity) take the rest.

# %%
series, monthly = clearsky_monthly_summary(location, year, time_step_min)
monthly.round(3)

# %%
fig = plot_monthly_resource(monthly, title=f"{location.name}: monthly solar resource, {year}")
plt.show()

# %% [markdown]
# ## 3. When the sun shines
# The map below shows clear-sky GHI by day of the year and time of day. Note the tilt of the
# sunrise and sunset edges: that is the equation of time, plus the offset between the city's
# longitude and its time zone's meridian.

# %%
fig = plot_clearsky_heatmap(series, title=f"Clear-sky GHI at {location.name}")
plt.show()

# %% [markdown]
# ## 4. Discussion
# * Clear-sky GHI is an **upper bound**. Real annual GHI in Tokyo is estimated at about
#   1,300–1,400 kWh/m², roughly two thirds of the clear-sky value: clouds, not astronomy, set the
#   yield.
# * Near the equator (Penang, Bandung) H0 hardly changes through the year. At Shenyang it swings
#   by a factor of three, and winter PV output falls accordingly.
#
# **Try it.**
# 1. Re-run with `city = "penang"`. Which month has the *lowest* clear-sky index, and why is it
#    not the month with the lowest H0?
# 2. Re-run with `city = "custom"`, `latitude = 41.73`, `longitude = 123.52`,
#    `tz = "Asia/Shanghai"`. Do you get Shenyang's numbers? What does `elevation_m = None` do?
# 3. Change `time_step_min` to 10. How much does the annual clear-sky total change? What does
#    that tell you about hourly data?

# %% [markdown]
# ## Exercises
# Each exercise asks for one value. Write your answer in place of `None` and run the cell: the
# check says whether it is right (within the stated tolerance) and, after a wrong try, gives a
# hint. You may give a number in the units asked, or a string with its own units
# (for example `"5000 MJ/m2"`); the checker converts compatible units.

# %% [markdown] tags=["instructor"]
# **For instructors.** Exercises 1–2 use this notebook's own `monthly` table, so they follow
# `city`, `year` and `time_step_min`; exercises 3–4 build Penang and Shenyang explicitly.
# Exercises 1–2 ask for the October–March half-year because the annual H0 and clear-sky index
# are printed by the metrics record at the end. The `monthly` table holds monthly *totals*
# (kWh/m² per month), so exercise 1 is a plain sum; the usual slips are summing all twelve
# months (the annual value of the metrics record) or, with a kWh/m²/day table such as
# partner-cities.md §8, forgetting to multiply by the days. In exercise 2 the usual slip is
# averaging the six monthly indices instead of dividing the sums. The tolerance (0.1 %) rejects
# that mean wherever the months' H0 differ much: it is 0.28 % low at Kawasaki and Yokohama,
# 0.49 % at Shenyang, 0.16 % at Shanghai. Near the equator (Penang, Da Nang, Bandung, Mumbai)
# every month has about the same H0, so the mean of the indices lands within 0.03 % of the
# ratio of sums and is accepted on purpose: the weights hardly differ there, which is itself
# worth pointing out. In exercise 3 the slip is reading the H0 column instead of the index.
# Worth discussing after exercise 2: at Kawasaki the October–March index is *higher* than the
# annual one although the sun is lower, because the winter air is drier and clearer (a lower
# Linke turbidity).

# %% [markdown]
# ### Exercise 1: The astronomical ceiling from October to March
# PV output is lowest in the winter half-year. How much solar energy reaches a horizontal
# surface at the top of the atmosphere above your site in the six months January–March and
# October–December of `year`? Give the extraterrestrial irradiation H0 of these months in kWh/m².

# %%
half_year_h0_kwh_m2 = None  # your answer, in kWh/m2
### BEGIN SOLUTION
half_year = monthly.loc[monthly.index.isin([1, 2, 3, 10, 11, 12])]
half_year_h0_kwh_m2 = float(half_year["h0_kwh_m2"].sum())
### END SOLUTION
check(
    "solar_resource.oct-mar-h0",
    half_year_h0_kwh_m2,
    location=location,
    year=year,
    time_step_min=time_step_min,
)

# %% [markdown]
# ### Exercise 2: The clear-sky index from October to March
# Over the same six months, what share of the extraterrestrial irradiation would a cloudless
# atmosphere let through at your site? Give their clear-sky index (the clear-sky GHI of the six
# months divided by their H0) as a fraction, to at least three significant digits (the
# tolerance is 0.1 %).

# %%
half_year_clearsky_index = None  # your answer, a fraction between 0 and 1
### BEGIN SOLUTION
half_year = monthly.loc[monthly.index.isin([1, 2, 3, 10, 11, 12])]
half_year_clearsky_index = float(
    half_year["clearsky_ghi_kwh_m2"].sum() / half_year["h0_kwh_m2"].sum()
)
### END SOLUTION
check(
    "solar_resource.oct-mar-clearsky-index",
    half_year_clearsky_index,
    location=location,
    year=year,
    time_step_min=time_step_min,
)

# %% [markdown]
# **Discuss.** Compare your answer with the annual clear-sky index (`clearsky_index` in the
# metrics record at the end of the notebook). Is the October–March index higher or lower, and
# why?
#
# <!-- BEGIN SOLUTION -->
# Two effects pull in opposite directions. A lower sun means a longer path through the
# atmosphere (a larger air mass), which lowers the index. But the clear-sky model's Linke
# turbidity (water vapour and aerosols, a monthly climatology) is lower in the dry winter
# months, which raises it. At Kawasaki, with the defaults, the drier air wins: about 0.71 from
# October to March against 0.70 over the year. South of the equator (Bandung) October–March is
# the humid, high-sun half and the index comes out slightly lower than the annual one. Compare
# `monthly["clearsky_index"]` month by month.
# <!-- END SOLUTION -->

# %% [markdown]
# ### Exercise 3: Penang, the haziest month
# At Penang (George Town), which month has the *lowest* clear-sky index? Answer with the English
# month name. Use the same `year` and `time_step_min` as above.

# %%
penang_lowest_month = None  # your answer: an English month name such as "March"
### BEGIN SOLUTION
import calendar

_, penang_monthly = clearsky_monthly_summary(site("penang"), year, time_step_min)
penang_lowest_month = calendar.month_name[int(penang_monthly["clearsky_index"].idxmin())]
### END SOLUTION
check(
    "solar_resource.penang-lowest-month",
    penang_lowest_month,
    year=year,
    time_step_min=time_step_min,
)

# %% [markdown]
# **Discuss.** Why is the month with the lowest clear-sky index not the month with the lowest H0?
#
# <!-- BEGIN SOLUTION -->
# H0 is astronomy. In the `penang_monthly` table H0 is a monthly *total* (kWh/m² per month):
# with the default year the lowest total is February's, simply because February has only 28
# days. Per day (divide each month by its number of days) H0 is lowest in December, around the
# solstice, when the sun stands furthest south of Penang's 5° N. Neither is the haziest month.
# The clear-sky index is the atmosphere, a ratio within each month, so the number of days
# cancels: it falls when the Linke turbidity (water vapour and aerosols, a monthly climatology
# in pvlib) rises, and with air mass. Near the equator the sun's height hardly changes through
# the year, so the turbidity cycle (humid, hazy months) decides which month lets the least
# light through. Compare `penang_monthly["h0_kwh_m2"]` and `penang_monthly["clearsky_index"]`
# month by month.
# <!-- END SOLUTION -->

# %% [markdown]
# ### Exercise 4: Shenyang, the swing of the day length
# At Shenyang, by how many hours is the monthly-mean astronomical day length of the
# longest-day month longer than that of the shortest-day month?

# %%
shenyang_swing_h = None  # your answer, in h
### BEGIN SOLUTION
_, shenyang_monthly = clearsky_monthly_summary(site("shenyang"), year, time_step_min)
shenyang_swing_h = float(
    shenyang_monthly["day_length_h"].max() - shenyang_monthly["day_length_h"].min()
)
### END SOLUTION
check("solar_resource.shenyang-day-length-swing", shenyang_swing_h, year=year)

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
    display(glossary.glossary_widget("solar_resource"))
display(HTML(glossary.to_html("solar_resource")))

# %% [markdown]
# ## Summary
# You placed a site, computed its astronomical and clear-sky ceilings, and saw how latitude
# and atmosphere shape the solar resource. **Next:** the PV yield module turns irradiance into
# kWh for the Ukishima and Ogishima plants. **Resources:** FAO-56 chapter 3; Ineichen & Perez
# (2002); pvlib's `clearsky` documentation.

# %%
annual_ghi = float(monthly["clearsky_ghi_kwh_m2"].sum())
annual_h0 = float(monthly["h0_kwh_m2"].sum())
emit_metrics(
    {
        "clearsky_ghi_kwh_m2": {
            "value": annual_ghi,
            "units": "kWh/m2/yr",
            "label": "clear-sky GHI",
        },
        "h0_kwh_m2": {"value": annual_h0, "units": "kWh/m2/yr", "label": "extraterrestrial H0"},
        "clearsky_index": {"value": annual_ghi / annual_h0, "label": "clear-sky index"},
        "max_solar_elevation_deg": {
            "value": float(series["solar_elevation"].max()),
            "units": "deg",
            "label": "max solar elevation",
        },
        "day_length_range_h": {
            "value": float(monthly["day_length_h"].max() - monthly["day_length_h"].min()),
            "units": "h",
            "label": "day-length swing",
        },
    }
)
