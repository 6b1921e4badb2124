"""Plots of the solar resource. They take computed results and return figures; they never compute."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

__all__ = ["plot_clearsky_heatmap", "plot_monthly_resource"]

_MONTHS = "J F M A M J J A S O N D".split()


def plot_monthly_resource(monthly: pd.DataFrame, title: str = "") -> plt.Figure:
    """Bars of monthly clear-sky GHI against the extraterrestrial bound, with day length.

    ``monthly`` is the second result of :func:`kgi_lab.weather.clearsky_monthly_summary`.
    """
    fig, ax = plt.subplots(figsize=(8, 4))
    x = np.arange(1, 13)
    ax.bar(x - 0.2, monthly["h0_kwh_m2"], width=0.4, color="#f4c542", label="extraterrestrial H0")
    ax.bar(
        x + 0.2, monthly["clearsky_ghi_kwh_m2"], width=0.4, color="#e07b00", label="clear-sky GHI"
    )
    ax.set_xticks(x, _MONTHS)
    ax.set_ylabel("irradiation on a horizontal plane [kWh/m²/month]")
    ax2 = ax.twinx()
    ax2.plot(x, monthly["day_length_h"], "k.-", label="day length")
    ax2.set_ylabel("day length [h]")
    ax2.set_ylim(0, 24)
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], loc="lower center", ncols=3, fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_clearsky_heatmap(series: pd.DataFrame, column: str = "ghi", title: str = "") -> plt.Figure:
    """Day-of-year × time-of-day map of an irradiance column [W/m²] (local standard time)."""
    values = series[column]
    idx = values.index
    minutes = idx.hour * 60 + idx.minute
    table = pd.DataFrame({"day": idx.dayofyear, "minute": minutes, "v": values.to_numpy()})
    grid = table.pivot_table(index="minute", columns="day", values="v", aggfunc="mean")
    fig, ax = plt.subplots(figsize=(8, 3.5))
    mesh = ax.pcolormesh(
        grid.columns, grid.index / 60.0, grid.to_numpy(), shading="auto", cmap="inferno"
    )
    fig.colorbar(mesh, ax=ax, label=f"{column} [W/m²]")
    ax.set_xlabel("day of year")
    ax.set_ylabel(f"local time [h] ({idx.tz})")
    ax.set_title(title)
    fig.tight_layout()
    return fig
