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
# # Waste to energy and GHG accounting: Kawasaki's incineration plants
#
# **Overview.** Kawasaki burns all of its combustible municipal waste, in four plants (処理センター):
# 浮島 Ukishima, 堤根 Tsutsumine, 橘 Tachibana and 王禅寺 Ozenji. Their turbines make electricity.
# The plants use part of it themselves and sell the rest (売電). The city's 2014 Green Innovation
# Promotion Policy publishes the FY2012 figures. In this module you will:
#
# 1. read the FY2012 table as data, with its sources, its two OCR corrections and its one
#    missing value;
# 2. work out each plant's electricity balance: own use, self-sufficiency and export share;
# 3. compute the **power generation efficiency** (発電効率) and a **capacity factor**, see which
#    inputs are estimates, and how 発電効率 differs from the MOE's energy recovery rate
#    (エネルギー回収率);
# 4. account for the CO2 avoided at a grid emission factor, in Japan and in a partner city;
# 5. make a simple **Kawasaki Mechanism** (川崎メカニズム) calculation of reductions contributed
#    outside the city, with an explicit baseline for the waste.
#
# **For whom.** Waste and energy staff of partner cities looking at waste-to-energy projects;
# trainees learning GHG accounting with real plant data.
#
# **Prerequisites.** Energy vs power, kWh vs MJ (necessary); emission factors (helpful); the
# heat-network module (`heat_network`) for steam and CO2 savings (optional).
#
# **Time to learn.** About 50 minutes.
#
# **Conventions.** Energy in kWh (GWh in figures); fiscal years (年度) run April–March and are
# named by their starting year; 1 kWh = 3.6 MJ; heating values are lower heating values (LHV);
# grid factors in kg-CO2/kWh (= t/MWh). Values marked **ESTIMATE** are not published.

# %% tags=["parameters"]
plant = "ozenji"  # str: ukishima, tsutsumine (set partner_exported_gwh), tachibana or ozenji
fiscal_year = 2012  # int: 2012 (all four plants) or 2015 (Ozenji only; give the throughput)
waste_lhv_mj_per_kg = None  # MJ/kg [3, 20]; None: implied by Tachibana's design (ESTIMATE)
throughput_t_per_year = None  # t/yr [1000, 500000]; None: ESTIMATE from generation + city total
grid = "kawasaki"  # str: partner city id or country code (JP, CN, MY, VN, ID, IN)
grid_factor_kg_per_kwh = None  # kg-CO2/kWh [0, 1.5]; None: the factor of `grid`
plastic_fraction = None  # [0, 1] plastic mass share of the waste; None: fossil CO2 not counted
partner = "mumbai"  # str: partner city (or country code) of the Kawasaki-Mechanism example
partner_exported_gwh = None  # GWh/yr [0, 500]; None: the chosen plant's sales (not for tsutsumine)
mechanism_years = 10  # yr [1, 40]: years of operation counted in the Kawasaki Mechanism

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

from kgi_lab import emit_metrics, wte
from kgi_lab.batch.registry import check_parameters
from kgi_lab.exercises import check
from kgi_lab.wte.plots import plot_efficiency_sensitivity, plot_electricity_balance

# A value that is not allowed stops here, with a one-line reason naming the parameter.
run_parameters = check_parameters("waste_to_energy", globals())

# %% [markdown]
# ## 1. The plants and the FY2012 table
# The policy's table 「平成24年度発電・売電実績」 gives, for each plant, own generation
# (自家発電量), electricity bought (買電量) and electricity sold (売電量), in kWh. The dataset
# `kawasaki_incineration` adds capacities, turbines and commissioning years from other sources.
# Each value carries a quality flag: A = a city document, B = a secondary source quoting one,
# C = a blog.

# %%
plants = wte.load_plants(fiscal_year)
display(plants[["name_ja", "ward", "unit", "commissioned", "capacity_t_per_day", "turbine_kw"]])
display(wte.provenance().loc[plant])

# %% [markdown]
# Two plant names in the seed text are OCR errors, corrected in the data: 堀根 is **堤根**
# (Tsutsumine) and 橋 is **橘** (Tachibana). Tsutsumine's sales are printed '—'. That most
# likely means it sold nothing, but the table does not say so. The value is therefore kept
# **missing**, not 0: a missing value stays visible in every result that depends on it.

# %%
display(wte.ocr_corrections())

# %% [markdown]
# **The electricity balance.** What a plant generates and does not sell, it uses itself:
# own use = generation − sold. Its whole consumption is own use + purchases. *Self-sufficiency*
# is the share of that consumption met by the plant's own generation. *Export share* is the
# share of generation sold.

# %%
balance = wte.plant_electricity_balance(fiscal_year)
display(balance.round(3))
plot_electricity_balance(balance)
plt.show()
total_generation_gwh = float(balance["generation_kwh"].sum()) / 1e6
total_sold_gwh = float(balance["sold_kwh"].sum()) / 1e6
print(
    f"FY{fiscal_year}: {total_generation_gwh:,.3f} GWh generated, {total_sold_gwh:,.3f} GWh sold "
    f"by the plants that report sales ({int(balance['sold_kwh'].notna().sum())} of {len(balance)})"
)

# %% [markdown]
# ### Exercise 1: Who sells the most of what it makes?
# In FY2012, which plant sold the largest share of the electricity it generated? Answer with
# the plant id (`"ukishima"`, `"tsutsumine"`, `"tachibana"` or `"ozenji"`).

# %%
largest_share_plant = None  # your answer: a plant id
### BEGIN SOLUTION
largest_share_plant = str(wte.plant_electricity_balance(2012)["export_share"].idxmax())
### END SOLUTION
check("waste_to_energy.largest-export-share", largest_share_plant)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# Ozenji sells about 77 % of what it generates, and Ukishima 58 %. Old Tachibana sells 11 %.
# Ozenji, the newest plant (2012), has the largest turbine for its capacity. It also uses less
# electricity per tonne, so more is left to sell.
# <!-- END SOLUTION -->

# %% [markdown]
# ## 2. Generation efficiency and capacity factor
# The **power generation efficiency** (発電効率) is electricity out over the heat of the waste in:
#
#     η = E [kWh] × 3.6 MJ/kWh ÷ (m [t] × 1000 kg/t × LHV [MJ/kg])
#
# Do not confuse it with the **energy recovery rate** (エネルギー回収率), the criterion of the
# Ministry of the Environment's grants for new plants: that adds a weighted *heat-utilisation
# rate* (熱利用率, heat supplied to users such as Ozenji's pool) to 発電効率. The weighting was not
# retrieved here, so kgi_lab counts electricity only (`wte.energy_recovery_rate` is the
# electricity-only rate, equal to 発電効率). The heat input also leaves out auxiliary fuel, which
# is not published.
#
# The references publish neither the waste's lower heating value (LHV) nor each plant's
# throughput. Both are **estimated** here, and both are parameters:
#
# * **LHV.** The Tachibana new plant is designed for 14,000 kW at 600 t/day and 21.5 % (called
#   エネルギー回収率 in one source; read here as electricity only). The same design point implies
#   LHV = P / (ṁ η). The old plant's 2,200 kW at 6 % implies a much wetter 1974 design waste.
# * **Throughput.** The city burnt about 390,000 t in FY2012, but the plants' shares are not
#   published. Two published facts bound each share. A plant cannot have burnt *less* than its
#   generation divided by its design yield (rating × 24 h ÷ capacity: Ozenji 400 kWh/t; for
#   Ukishima and Tsutsumine, whose turbines are not published, the city's best design, 560 kWh/t),
#   nor *more* than its capacity every day of the year. The estimate gives each plant its minimum
#   and shares the rest of the city total by capacity. Sharing the whole total by capacity (the
#   `capacity_share_t` column) ignores the generation: it gives Ozenji far less than its minimum.

# %%
lhv_new = wte.tachibana_design_lhv_mj_per_kg("new plant")
lhv_old = wte.tachibana_design_lhv_mj_per_kg("old plant")
print(f"LHV implied by Tachibana's designs: new {lhv_new:.2f} MJ/kg, old {lhv_old:.2f} MJ/kg")
bounds = wte.throughput_bounds_t(fiscal_year)
display(bounds.drop(columns="yield_basis").round(0))
recovery = wte.plant_energy_recovery(
    plant, fiscal_year, lhv_mj_per_kg=waste_lhv_mj_per_kg, throughput_t=throughput_t_per_year
)
display(recovery)
throughput_t = float(recovery["throughput_t"])
lhv_mj_per_kg = float(recovery["lhv_mj_per_kg"])
generation_kwh = float(recovery["generation_kwh"])
eta_low, eta_high = (
    float(wte.power_generation_efficiency(generation_kwh, recovery[k], lhv_mj_per_kg))
    for k in ("throughput_max_t", "throughput_min_t")
)
print(
    f"{plant}, FY{fiscal_year}: the published figures allow {recovery['throughput_min_t']:,.0f} "
    f"to {recovery['throughput_max_t']:,.0f} t, i.e. a generation efficiency between "
    f"{eta_low:.1%} and {eta_high:.1%} at {lhv_mj_per_kg:.2f} MJ/kg"
)
if np.isfinite(bounds.loc[plant, "normal_operation_t"]):
    normal_t = float(bounds.loc[plant, "normal_operation_t"])
    print(
        f"the furnaces normally running, every day, burn {normal_t:,.0f} t: "
        + (
            "less than the minimum, so the plant ran more furnaces than usual (or burnt richer "
            "waste than its design)"
            if normal_t < recovery["throughput_min_t"]
            else "within the range"
        )
    )

# %% [markdown]
# How sure is this? The figure shows the generation efficiency over the two estimated inputs.
# White lines mark Tachibana's design rates (6 % old, 21.5 % new); dashed lines the plant's
# throughput range. An efficiency above the plant's design value says that the throughput is too
# small: for the same generation, the plant must have burnt more waste.

# %%
plot_efficiency_sensitivity(
    generation_kwh,
    np.linspace(5, 13, 41),
    np.linspace(0.4, 2.0, 41) * throughput_t,
    marker=(lhv_mj_per_kg, throughput_t),
    throughput_range_t=(recovery["throughput_min_t"], recovery["throughput_max_t"]),
    title=f"{plant}, FY{fiscal_year}: generation efficiency [%]",
)
plt.show()
for rate in (0.15, 0.20, 0.25):
    bound = wte.implied_throughput_t(generation_kwh, rate, lhv_mj_per_kg)
    print(f"at {rate:.0%} efficiency the plant would have burnt {bound:,.0f} t")

# %% [markdown]
# ### Exercise 2: Generation efficiency with a wetter waste
# The LHV is the other estimate. Tachibana's *old* design implies a much wetter waste
# (`lhv_old`, printed above). Had `plant`'s waste had that LHV, with the same throughput
# (`throughput_t`) and generation, what fraction of the waste's energy would it have turned into
# electricity in `fiscal_year` (発電効率)? Answer in %, and compare it with the design rates.

# %%
generation_efficiency_pct = None  # your answer, in %
### BEGIN SOLUTION
generation_efficiency_pct = float(
    100 * wte.power_generation_efficiency(generation_kwh, throughput_t, lhv_old)
)
### END SOLUTION
check(
    "waste_to_energy.generation-efficiency",
    generation_efficiency_pct,
    plant=plant,
    fiscal_year=fiscal_year,
    waste_lhv_mj_per_kg=lhv_old,
    throughput_t_per_year=throughput_t_per_year,
)

# %% [markdown]
# **Capacity factor.** A turbine's capacity factor is its energy over what it would make at
# full power all year: E / (P × hours). The energy over the rated power alone gives the
# *full-load hours*. Ozenji's FY2015 figures are published: 54.18 GWh from a 7,500 kW turbine.
# The dossier computes over 8,760 h; FY2015 actually had 8,784 h (29 February 2016).

# %%
ozenji_2015 = wte.load_plants(2015).loc["ozenji"]  # Ozenji's FY2015 figures: Exercise 3
if np.isfinite(recovery["capacity_factor"]):
    print(f"{plant}, FY{fiscal_year}: capacity factor {recovery['capacity_factor']:.1%}")
else:
    print(f"{plant}: turbine rating not published, so no capacity factor")

# %% [markdown]
# ### Exercise 3: Ozenji's capacity factor in FY2015
# Ozenji generated 54.18 GWh in FY2015 with a 7,500 kW turbine. What was its capacity factor
# over a 8,760-hour year, in %?

# %%
ozenji_capacity_factor_pct = None  # your answer, in %
### BEGIN SOLUTION
ozenji_capacity_factor_pct = float(
    100 * wte.capacity_factor(ozenji_2015["generation_kwh"], ozenji_2015["turbine_kw"], 8760)
)
print(
    f"Ozenji FY2015: {wte.full_load_hours(ozenji_2015['generation_kwh'], ozenji_2015['turbine_kw']):,.0f} "
    f"full-load hours; capacity factor "
    f"{wte.capacity_factor(ozenji_2015['generation_kwh'], ozenji_2015['turbine_kw']):.1%} over 8,760 h, "
    f"{wte.capacity_factor(ozenji_2015['generation_kwh'], ozenji_2015['turbine_kw'], wte.hours_in_fiscal_year(2015)):.1%} "
    "over 8,784 h"
)
### END SOLUTION
check("waste_to_energy.ozenji-capacity-factor", ozenji_capacity_factor_pct)

# %% [markdown]
# ## 3. CO2 accounting
# A plant's electricity displaces grid electricity in two ways. Exports displace generation
# elsewhere on the grid. Own use replaces electricity the plant would otherwise buy. Both are
# valued at a **grid emission factor**. Japan's national average for FY2024 is 0.423 kg-CO2/kWh
# (MOE/METI). The partner countries' factors come from the same table (partner-cities.md §4).
# The biogenic CO2 of paper, food and wood is not counted. The fossil CO2 of the plastics in the
# waste is counted: about 2.75 t-CO2 per tonne of plastic (IPCC 2006 defaults). Kawasaki's
# plastic share is not published, so `plastic_fraction` has no default.
#
# Three caveats travel with these tonnes:
#
# * **Vintage.** The FY2012 electricity is valued at the **FY2024** factor, the only Japanese
#   national factor in the references (Japan's grid was more carbon-intensive after 2011). Pass
#   a factor of the right year with `grid_factor_kg_per_kwh` if you have one.
# * **FIT.** Ozenji sells under the feed-in tariff (FIT). The environmental value of FIT
#   electricity may be counted by its buyers and the surcharge payers too, so a city that also
#   claimed these tonnes would double count. They are an accounting illustration, not a
#   claimable reduction.
# * **Baseline.** The `net_co2_t` column (fossil − avoided) is the plant's own account: the
#   change against a world where the waste would be *landfilled* (landfill methane aside).
#   Against *incineration without energy recovery* the plastics are burnt anyway, and the change
#   is just the avoided CO2. Section 4 makes this choice explicit.

# %%
display(wte.grid_factors()[["key", "grid_factor_kg_per_kwh", "quality", "cities"]])
factor = wte.resolve_grid_factor(grid, grid_factor_kg_per_kwh)
print(
    f"grid factor used: {factor} kg-CO2/kWh ({grid if grid_factor_kg_per_kwh is None else 'given'})"
)
co2 = wte.co2_accounting(balance["generation_kwh"], balance["sold_kwh"], factor)
# The split into exports and own use is Exercise 4 (instructors see it after the exercise).
display(co2.drop(columns=["avoided_export_co2_t", "avoided_own_use_co2_t"]).round(0))
chosen_waste_t = throughput_t if plastic_fraction is not None else None
plant_co2 = wte.co2_accounting(
    generation_kwh,
    balance.loc[plant, "sold_kwh"],
    factor,
    waste_t=chosen_waste_t,
    plastic_fraction=plastic_fraction,
).iloc[0]
avoided_co2_t = float(plant_co2["avoided_total_co2_t"])
if plastic_fraction is None:
    print(
        f"{plant}: {avoided_co2_t:,.0f} t CO2 avoided; fossil CO2 not counted "
        "(set plastic_fraction to include it)"
    )
else:
    print(
        f"{plant}: {avoided_co2_t:,.0f} t avoided, {plant_co2['fossil_co2_t']:,.0f} t fossil CO2 "
        f"from {plastic_fraction:.0%} plastics ({wte.plastic_co2_t_per_t():.2f} t/t): "
        f"net {plant_co2['net_co2_t']:,.0f} t"
    )

# %% [markdown]
# ### Exercise 4: CO2 avoided by Ukishima's sales
# How much CO2 does the electricity Ukishima sold in FY2012 avoid at Japan's national grid
# factor (the FY2024 factor, as above), in t?

# %%
ukishima_export_co2_t = None  # your answer, in t
### BEGIN SOLUTION
ukishima_export_co2_t = float(
    wte.avoided_co2_t(
        wte.load_plants(2012).loc["ukishima", "sold_kwh"], wte.grid_factor_kg_per_kwh("JP")
    )
)
### END SOLUTION
check("waste_to_energy.ukishima-export-co2", ukishima_export_co2_t)

# %% tags=["instructor"]
# Instructor edition only: the split of the CO2 table of section 3, at the factor of `grid`
# (Japan's with the defaults: Ukishima's exports are then the answer of Exercise 4).
display(co2.round(0))

# %% [markdown]
# ## 4. The Kawasaki Mechanism: reductions outside the city
# Kawasaki built the **Kawasaki Mechanism** (川崎メカニズム) in FY2012 and began certifying under
# it in FY2013. It makes visible the reductions that Kawasaki companies' products and
# technologies achieve *outside* the city (域外貢献量). The calculation here is a simplified one
# in its spirit (the city's guideline text was not retrieved):
#
# contribution = (baseline intensity − product intensity) × activity × years.
#
# Example: a Kawasaki-style plant is built in `partner` and exports as much as `plant` sells. Its
# electricity displaces that country's grid: that is the credit. What else counts depends on the
# **baseline**, what would happen to the waste without the plant:
#
# * **incineration without energy recovery** (the default here): the plastics are burnt either
#   way, so their fossil CO2 cancels and only the displaced grid electricity counts;
# * **landfill**: burning adds the plastics' fossil CO2 (in a landfill their carbon stays), so it
#   is subtracted when `plastic_fraction` is set (otherwise the result is an upper bound). The
#   landfill methane that burning avoids would add to the credit, but is not counted here: it
#   needs a landfill-gas model and local data.

# %%
mechanism = wte.wte_transfer_contribution(
    partner,
    plant=plant,
    fiscal_year=fiscal_year,
    exported_kwh_per_year=None if partner_exported_gwh is None else partner_exported_gwh * 1e6,
    years=mechanism_years,
)
# The per-year row is left out: with plant = "ukishima" it is the answer of Exercise 5.
display(mechanism.drop(index="contribution_per_year_co2_t"))
mechanism_t = float(mechanism.attrs["contribution_co2_t"])
baselines = {}
for baseline in wte.BASELINES:
    variant = wte.wte_transfer_contribution(
        partner,
        plant=plant,
        fiscal_year=fiscal_year,
        exported_kwh_per_year=None if partner_exported_gwh is None else partner_exported_gwh * 1e6,
        years=mechanism_years,
        baseline=baseline,
        plastic_fraction=plastic_fraction,
        waste_t_per_year=throughput_t,
    )
    baselines[baseline] = {
        "contribution_co2_t": variant.attrs["contribution_co2_t"],
        "fossil CO2 counted": variant.attrs["fossil_co2_counted"],
        "upper bound": variant.attrs["upper_bound"],
        "product intensity": variant.loc["product_intensity", "note"],
    }
display(pd.DataFrame(baselines).T)
exported = float(mechanism.loc["activity_per_year", "value"])
per_city = {
    city: float(wte.avoided_co2_t(exported, wte.grid_factor_kg_per_kwh(city)))
    for city in ("kawasaki", "shanghai", "penang", "da_nang", "bandung", "mumbai")
}
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.bar(list(per_city), list(per_city.values()), color="#2e8b57")
ax.set_ylabel("CO2 avoided per year [t]")
ax.set_title(f"The same exports ({exported / 1e6:,.1f} GWh/yr) on each partner grid")
plt.show()

# %% [markdown]
# The same method applies to efficient equipment sold elsewhere, for example 1,000 motors, each
# delivering 100 MWh/yr, replacing 90 %-efficient ones with 95 %-efficient ones on the partner's
# grid:

# %%
display(
    wte.efficient_equipment_contribution(partner, 100_000, 1_000, 0.90, 0.95, years=mechanism_years)
)

# %% [markdown]
# ### Exercise 5: The same plant in a partner city
# A plant sells as much as Ukishima did in FY2012, but runs in the partner city of this notebook
# (`partner`). How much CO2 would its sales avoid in a year on that city's grid, in t?

# %%
partner_export_co2_t = None  # your answer, in t
### BEGIN SOLUTION
partner_export_co2_t = float(
    wte.avoided_co2_t(
        wte.load_plants(2012).loc["ukishima", "sold_kwh"], wte.grid_factor_kg_per_kwh(partner)
    )
)
### END SOLUTION
check("waste_to_energy.partner-export-co2", partner_export_co2_t, partner=partner)

# %% [markdown] tags=["instructor"]
# **Notes for instructors.** (1) Exercise 2 asks for the old design's LHV because the
# efficiency at the notebook's own inputs is printed in section 2 and in the metrics record.
# With the defaults Ozenji comes out near 25 %, above any design rate here: that wet-waste LHV
# does not fit a modern plant's waste. The efficiency depends on two estimates. Ask trainees
# to move `throughput_t_per_year` across the printed range and `waste_lhv_mj_per_kg` between 8
# and 11 MJ/kg. Sharing the city total by capacity alone gives Ozenji ≈69,000 t and an impossible
# ≈29 %; "2 furnaces every day" (109,500 t) is still below the minimum its generation needs at
# its design yield. (2) 発電効率 is not the MOE's エネルギー回収率, which adds weighted heat use:
# ask what Ozenji's pool heat would add. (3) Discuss whether exported electricity displaces the
# *average* grid factor or the *marginal* plant, and the FY2024 factor applied to FY2012. (4) The
# Kawasaki Mechanism contribution is not a credit: the same tonnes may also appear in the
# partner country's inventory, and FIT electricity's environmental value may be counted by
# others. Ask trainees to set `plastic_fraction` to 0.1 and compare the two baselines. (5) With
# `plant = "ukishima"` the example of section 4 is Exercise 5's calculation: its per-year row is
# hidden, but the total over `mechanism_years` still gives the answer after one division, so
# ask those trainees to explain the division rather than accept a bare number.

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
    display(glossary.glossary_widget("waste_to_energy"))
display(HTML(glossary.to_html("waste_to_energy")))

# %% [markdown]
# ## Summary
# You read the city's FY2012 table as data, with two OCR corrections and one honest gap
# (Tsutsumine's sales). Together the four plants generated about 108 GWh, and they sold very
# different shares of what they made (Exercise 1). The generation efficiency (発電効率,
# electricity only; the MOE's energy recovery rate would add heat use) rests on two
# unpublished inputs, the waste LHV and the throughput;
# the published generation and capacities bound the throughput, and the efficiency moves within
# that range. The same kilowatt-hours avoid more CO2 on the partner cities' grids than on
# Japan's, and the Kawasaki Mechanism counts that as a contribution outside the city, as long as
# the baseline (what would happen to the waste) is stated.
#
# **What's next.** The heat-network module (`heat_network`) puts waste heat to work. Try a
# measured plastic share (ごみ組成調査) in section 3.
#
# **Resources.** 川崎市グリーン・イノベーション推進方針 (2014); 2006 IPCC Guidelines, Vol. 5
# (Waste), Ch. 5; MOE/METI 電気事業者別排出係数; catalog entry `kawasaki_incineration`.

# %%
emit_metrics(
    {
        "total_generation_gwh": {
            "value": total_generation_gwh,
            "units": "GWh/yr",
            "label": f"generation of the plants, FY{fiscal_year}",
        },
        "total_sold_gwh": {
            "value": total_sold_gwh,
            "units": "GWh/yr",
            "label": "sold, plants that report sales",
        },
        "generation_efficiency_pct": {
            "value": float(100 * recovery["generation_efficiency"]),
            "units": "%",
            "label": f"power generation efficiency (発電効率) of {plant} (estimated inputs)",
        },
        "avoided_co2_t": {
            "value": avoided_co2_t,
            "units": "t/yr",
            "label": f"CO2 avoided by {plant}'s FY{fiscal_year} generation at {factor} kg/kWh",
        },
        "kawasaki_mechanism_t": {
            "value": mechanism_t,
            "units": "t",
            "label": f"contribution in {partner} over {mechanism_years} yr "
            "(baseline: incineration without recovery)",
        },
    }
)
