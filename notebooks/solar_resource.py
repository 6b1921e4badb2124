# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
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
latitude = None  # deg [-90, 90], north positive: custom city only
longitude = None  # deg [-180, 180], east positive: custom city only
elevation_m = None  # m: custom city only; None looks it up offline
tz = None  # IANA time zone such as "Asia/Jakarta": custom city only

# %%
import matplotlib.pyplot as plt

from kgi_lab import emit_metrics
from kgi_lab.datasets import load
from kgi_lab.weather import clearsky_monthly_summary, site
from kgi_lab.weather.plots import plot_clearsky_heatmap, plot_monthly_resource

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
        "clearsky_ghi_kwh_m2": {"value": annual_ghi, "units": "kWh/m2/yr", "label": "clear-sky GHI"},
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
