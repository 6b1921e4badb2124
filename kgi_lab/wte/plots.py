"""Waste-to-energy figures. Each takes computed results and returns a matplotlib Figure.

* :func:`plot_electricity_balance`: generation, own use and sales per plant (GWh), from
  :func:`kgi_lab.wte.accounting.plant_electricity_balance`.
* :func:`plot_efficiency_sensitivity`: power generation efficiency (発電効率) of one plant over
  the two estimated inputs (waste LHV and throughput).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["plot_efficiency_sensitivity", "plot_electricity_balance"]

_BARS = (
    ("generation_kwh", "generation", "#4d4d4d"),
    ("own_use_kwh", "own use (generation - sold)", "#2980b9"),
    ("sold_kwh", "sold", "#2e8b57"),
    ("purchased_kwh", "purchased", "#c0392b"),
)


def plot_electricity_balance(balance: pd.DataFrame, *, title: str | None = None):
    """Grouped bars of generation, own use, sales and purchases per plant [GWh/yr].

    Parameters
    ----------
    balance : pandas.DataFrame
        Output of :func:`~kgi_lab.wte.accounting.plant_electricity_balance` (or
        :func:`~kgi_lab.wte.accounting.electricity_balance`). Missing values (e.g. Tsutsumine's
        unreported sales) are labelled "n/r" (not reported), not drawn as zero.
    title : str, optional
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    x = np.arange(len(balance))
    width = 0.2
    for i, (col, label, colour) in enumerate(_BARS):
        values = balance[col].to_numpy(dtype=float) / 1e6
        pos = x + (i - 1.5) * width
        ax.bar(pos, np.nan_to_num(values), width, label=label, color=colour)
        for p, v in zip(pos, values, strict=True):
            if not np.isfinite(v):
                ax.text(p, 0.5, "n/r", ha="center", va="bottom", rotation=90, fontsize=8)
    # romanised names only: the default matplotlib fonts have no CJK glyphs
    ax.set_xticks(x, [str(pid).capitalize() for pid in balance.index])
    ax.set_ylabel("electricity [GWh/yr]")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    fy = balance.attrs.get("fiscal_year")
    ax.set_title(
        title or (f"Kawasaki incineration plants, FY{fy}" if fy else "Electricity balance")
    )
    return fig


def plot_efficiency_sensitivity(
    generation_kwh: float,
    lhv_mj_per_kg: Any,
    throughput_t: Any,
    *,
    marker: tuple[float, float] | None = None,
    throughput_range_t: tuple[float, float] | None = None,
    title: str | None = None,
):
    """Contours of the power generation efficiency (発電効率) [%] over waste LHV and throughput.

    Parameters
    ----------
    generation_kwh : float
        The plant's generation [kWh/yr].
    lhv_mj_per_kg, throughput_t : array-like
        Axes: waste lower heating value [MJ/kg] and yearly throughput [t/yr].
    marker : (lhv, throughput), optional
        The estimate used, drawn as a point.
    throughput_range_t : (min, max), optional
        The feasible throughput range (:func:`~kgi_lab.wte.accounting.throughput_bounds_t`),
        drawn as dashed horizontal lines.
    """
    import matplotlib.pyplot as plt

    from kgi_lab.wte.accounting import power_generation_efficiency

    lhv = np.asarray(lhv_mj_per_kg, dtype=float)
    mass = np.asarray(throughput_t, dtype=float)
    grid_lhv, grid_mass = np.meshgrid(lhv, mass)
    rate_pct = 100 * power_generation_efficiency(generation_kwh, grid_mass, grid_lhv)
    fig, ax = plt.subplots(figsize=(6.5, 4.5), layout="constrained")
    # 0-40 %: real plants reach about 10-25 %; higher values flag a throughput that is too small
    cs = ax.contourf(
        grid_lhv,
        grid_mass / 1000,
        rate_pct,
        levels=np.linspace(0, 40, 17),
        cmap="viridis",
        extend="max",
    )
    lines = ax.contour(
        grid_lhv, grid_mass / 1000, rate_pct, levels=[6, 21.5], colors="w", linewidths=1
    )
    ax.clabel(lines, fmt="%g %%", fontsize=8)
    fig.colorbar(cs, ax=ax, label="power generation efficiency [%]")
    if throughput_range_t is not None:
        for bound, label in zip(throughput_range_t, ("min", "max"), strict=True):
            ax.axhline(bound / 1000, color="#f39c12", ls="--", lw=1)
            ax.annotate(
                f"{label} throughput",
                (lhv[0], bound / 1000),
                fontsize=7,
                color="#f39c12",
                xytext=(2, 2),
                textcoords="offset points",
            )
    if marker is not None:
        ax.plot(marker[0], marker[1] / 1000, "o", color="#c0392b", label="estimate used")
        ax.legend(frameon=False, loc="upper right")
    ax.set_xlabel("waste lower heating value [MJ/kg]")
    ax.set_ylabel("throughput [kt/yr]")
    ax.set_title(title or "Generation efficiency vs the two estimated inputs")
    return fig
