"""Waste-to-energy figures. Each takes computed results and returns a matplotlib Figure.

* :func:`plot_electricity_balance`: generation, own use and sales per plant (GWh), from
  :func:`kgi_lab.wte.accounting.plant_electricity_balance`.
* :func:`plot_recovery_sensitivity`: recovery rate of one plant over the two estimated inputs
  (waste LHV and throughput).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["plot_electricity_balance", "plot_recovery_sensitivity"]

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


def plot_recovery_sensitivity(
    generation_kwh: float,
    lhv_mj_per_kg: Any,
    throughput_t: Any,
    *,
    marker: tuple[float, float] | None = None,
    title: str | None = None,
):
    """Contours of the energy recovery rate [%] over waste LHV and throughput.

    Parameters
    ----------
    generation_kwh : float
        The plant's generation [kWh/yr].
    lhv_mj_per_kg, throughput_t : array-like
        Axes: waste lower heating value [MJ/kg] and yearly throughput [t/yr].
    marker : (lhv, throughput), optional
        The estimate used, drawn as a point.
    """
    import matplotlib.pyplot as plt

    from kgi_lab.wte.accounting import energy_recovery_rate

    lhv = np.asarray(lhv_mj_per_kg, dtype=float)
    mass = np.asarray(throughput_t, dtype=float)
    grid_lhv, grid_mass = np.meshgrid(lhv, mass)
    rate_pct = 100 * energy_recovery_rate(generation_kwh, grid_mass, grid_lhv)
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
    fig.colorbar(cs, ax=ax, label="energy recovery rate [%]")
    if marker is not None:
        ax.plot(marker[0], marker[1] / 1000, "o", color="#c0392b", label="estimate used")
        ax.legend(frameon=False, loc="upper right")
    ax.set_xlabel("waste lower heating value [MJ/kg]")
    ax.set_ylabel("throughput [kt/yr]")
    ax.set_title(title or "Recovery rate vs the two estimated inputs")
    return fig
