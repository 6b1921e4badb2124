"""PV figures. Each takes computed results and returns a matplotlib Figure; nothing recomputes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

__all__ = [
    "plot_fiscal_year_series",
    "plot_loss_waterfall",
    "plot_monthly_energy",
    "plot_sensitivity",
    "plot_validation",
    "plot_ward_map",
]

_GROUP_COLOURS = {
    "irradiance": "#f2a900",
    "dc": "#3b7dd8",
    "inverter": "#8e44ad",
    "ac": "#2e8b57",
}


def _figure(figsize=(8, 4)):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def plot_monthly_energy(monthly_kwh: pd.Series | pd.DataFrame, *, title: str | None = None):
    """Bar chart of monthly AC energy [MWh] (one series, or one column per case)."""
    fig, ax = _figure()
    data = monthly_kwh / 1000.0
    if isinstance(data, pd.Series):
        data = data.to_frame(data.name or "energy")
    labels = [t.strftime("%b") for t in data.index]
    width = 0.8 / data.shape[1]
    x = np.arange(len(data))
    for i, col in enumerate(data.columns):
        ax.bar(x + (i - (data.shape[1] - 1) / 2) * width, data[col].to_numpy(), width, label=col)
    ax.set_xticks(x, labels)
    ax.set_ylabel("AC energy [MWh]")
    if data.shape[1] > 1:
        ax.legend(frameon=False)
    ax.set_title(title or "Monthly AC energy")
    ax.grid(axis="y", alpha=0.3)
    return fig


def plot_loss_waterfall(table: pd.DataFrame, *, title: str | None = None):
    """Waterfall of the staged losses (from :func:`kgi_lab.pv.analysis.loss_waterfall`).

    The first bar is the horizontal irradiation (the reference yield); each following bar is
    the gain or loss of one step, coloured by stage; the last bar is the delivered energy.
    """
    fig, ax = _figure((9, 4.8))
    units = table.attrs.get("units", "")
    rows = table[(table["change"].fillna(1) != 0) | (table.index == 0)].reset_index(drop=True)
    x = np.arange(len(rows) + 1)
    ax.bar(0, rows["energy"].iloc[0], color="#999999")
    level = rows["energy"].iloc[0]
    for i, row in rows.iloc[1:].iterrows():
        change = row["change"]
        bottom = level if change >= 0 else level + change
        colour = _GROUP_COLOURS.get(row["group"], "#666666")
        ax.bar(i, abs(change), bottom=bottom, color=colour, alpha=0.9 if change < 0 else 0.5)
        ax.text(
            i,
            max(level, level + change),
            f"{row['change_pct']:+.1f} %",
            ha="center",
            va="bottom",
            fontsize=7,
        )
        level += change
    ax.bar(len(rows), level, color="#2e8b57")
    ax.set_xticks(x, [*rows["step"], "delivered"], rotation=60, ha="right", fontsize=8)
    ax.set_ylabel(f"energy [{units}]")
    ax.set_title(title or "Loss waterfall")
    handles = [
        __import__("matplotlib.patches", fromlist=["Patch"]).Patch(color=c, label=g)
        for g, c in _GROUP_COLOURS.items()
    ]
    ax.legend(handles=handles, frameon=False, fontsize=8, loc="upper right")
    ax.grid(axis="y", alpha=0.3)
    return fig


def plot_sensitivity(sensitivity: xr.DataArray, *, mark: tuple[float, float] | None = None):
    """Specific yield over tilt × azimuth (from ``tilt_azimuth_sensitivity``).

    ``mark`` = (tilt, azimuth) of the chosen design, drawn as a cross.
    """
    fig, ax = _figure((7, 4.5))
    rel = 100.0 * sensitivity / sensitivity.max()
    mesh = ax.pcolormesh(
        sensitivity["surface_azimuth"],
        sensitivity["surface_tilt"],
        rel.values,
        shading="nearest",
        cmap="viridis",
    )
    cs = ax.contour(
        sensitivity["surface_azimuth"],
        sensitivity["surface_tilt"],
        rel.values,
        levels=[80, 90, 95, 98],
        colors="white",
        linewidths=0.8,
    )
    ax.clabel(cs, fmt="%d %%", fontsize=7)
    best = sensitivity.where(sensitivity == sensitivity.max(), drop=True)
    ax.plot(best["surface_azimuth"].values[0], best["surface_tilt"].values[0], "r*", ms=12)
    if mark is not None:
        ax.plot(mark[1], mark[0], "wx", ms=10, mew=2)
    fig.colorbar(mesh, ax=ax, label="% of the best orientation")
    ax.set_xlabel("azimuth [°] (0 = north, 90 = east, 180 = south, 270 = west)")
    ax.set_ylabel("tilt [°]")
    ax.set_title(f"Specific yield; best {float(sensitivity.max()):.0f} kWh/kWp (red star)")
    return fig


def plot_validation(table: pd.DataFrame):
    """Grouped bars: modelled vs estimated vs measured annual energy per plant [GWh]."""
    fig, ax = _figure((7, 4))
    cols = {
        "modelled_mwh": "modelled",
        "estimate_mwh": "published estimate",
        "first_year_mwh": "first year measured",
        "fiscal_year_mean_mwh": "FY mean measured",
    }
    cols = {k: v for k, v in cols.items() if k in table.columns}
    x = np.arange(len(table))
    width = 0.8 / len(cols)
    for i, (col, label) in enumerate(cols.items()):
        ax.bar(x + (i - (len(cols) - 1) / 2) * width, table[col] / 1000.0, width, label=label)
    ax.set_xticks(x, table.index)
    ax.set_ylabel("annual energy [GWh]")
    ax.legend(frameon=False, fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title("Model vs published figures")
    return fig


def plot_fiscal_year_series(
    energy_mwh: pd.Series, trend: dict | None = None, *, modelled_mwh: float | None = None
):
    """Measured fiscal-year energy with its Theil–Sen trend and the modelled typical year."""
    fig, ax = _figure((7, 4))
    ax.plot(energy_mwh.index, energy_mwh.values / 1000.0, "o-", label="measured (FY, Apr–Mar)")
    if trend is not None:
        x = energy_mwh.index.to_numpy(dtype=float)
        first = x[0]
        base = np.median(energy_mwh.values - trend["theil_sen_mwh_per_year"] * (x - first))
        ax.plot(
            x,
            (base + trend["theil_sen_mwh_per_year"] * (x - first)) / 1000.0,
            "--",
            label=f"Theil–Sen {trend['theil_sen_pct_per_year']:+.2f} %/yr",
        )
    if modelled_mwh is not None:
        ax.axhline(modelled_mwh / 1000.0, color="k", lw=0.8, label="modelled typical year")
    ax.set_xlabel("fiscal year")
    ax.set_ylabel("energy [GWh]")
    ax.legend(frameon=False, fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def plot_ward_map(by_ward, *, column: str = "ac_energy_mwh"):
    """Ward centroids sized and coloured by ``column`` (a GeoDataFrame from
    :func:`kgi_lab.pv.rooftops.aggregate_by_ward`). Positions are centroid estimates."""
    fig, ax = _figure((6.5, 5))
    values = by_ward[column].to_numpy(dtype=float)
    size = 2000.0 * values / np.nanmax(values)
    sc = ax.scatter(
        by_ward.geometry.x, by_ward.geometry.y, s=size, c=values, cmap="YlOrRd", edgecolor="k"
    )
    for (x, y), name in zip(
        zip(by_ward.geometry.x, by_ward.geometry.y, strict=True), by_ward["ward"], strict=True
    ):
        ax.annotate(
            str(name),
            (x, y),
            fontsize=8,
            ha="center",
            va="bottom",
            xytext=(0, 8),
            textcoords="offset points",
        )
    fig.colorbar(sc, ax=ax, label=column)
    ax.set_xlabel("longitude [°E]")
    ax.set_ylabel("latitude [°N]")
    ax.set_aspect(1 / np.cos(np.radians(35.55)))
    ax.set_title("Rooftop PV by ward (centroid estimates, EPSG:4326)")
    return fig
