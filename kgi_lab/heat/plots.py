"""Heat-network figures. Each takes computed results and returns a matplotlib Figure.

* :func:`plot_savings_waterfall`: avoided boiler fuel -> losses -> make-up fuel -> net, with the
  published claim (kgi_lab.heat.savings.net_savings).
* :func:`plot_sensitivity_heatmap`: net saving over two assumptions, cells within the tolerance of
  the claim outlined (kgi_lab.heat.savings.sensitivity).
* :func:`plot_network_map`: schematic map of a case (kgi_lab.heat.steamnet.load_case).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

__all__ = ["plot_network_map", "plot_savings_waterfall", "plot_sensitivity_heatmap"]

_COLOURS = {"total": "#4d4d4d", "net": "#2e8b57", "decrease": "#c0392b", "increase": "#2980b9"}
_QUANTITY_LABELS = {
    "crude_oil_kl": "crude-oil equivalent [kL/yr]",
    "co2_t": "CO2 [t/yr]",
    "energy_gj": "primary energy [GJ/yr]",
    "net_kl": "net saving, crude-oil equivalent [kL/yr]",
    "net_t": "net CO2 saving [t/yr]",
}


def _figure(figsize=(8, 4.5)):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def plot_savings_waterfall(
    table: pd.DataFrame,
    quantity: str = "crude_oil_kl",
    *,
    claim: float | bool | None = True,
    tol: float = 0.1,
    title: str | None = None,
):
    """Waterfall of a :func:`~kgi_lab.heat.savings.net_savings` table.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of ``net_savings``.
    quantity : {"crude_oil_kl", "co2_t", "energy_gj"}
    claim : float, bool or None, default True
        Reference line: True = the published claim (11,000 kL or 25,000 t), a number = that
        value, False/None = none. A band of ``tol`` is shaded around it.
    tol : float, default 0.1
    title : str, optional
    """
    from kgi_lab.heat.savings import savings_waterfall

    steps = savings_waterfall(table, quantity)
    steps = steps[(steps["change"] != 0) | (steps["kind"] == "total")].reset_index(drop=True)
    fig, ax = _figure()
    x = np.arange(len(steps))
    for i, row in steps.iterrows():
        if row["kind"] == "total":
            colour = _COLOURS["net"] if row["step"] == "net_saving" else _COLOURS["total"]
        else:
            colour = _COLOURS[row["kind"]]
        bottom, top = sorted((row["start"], row["end"]))
        ax.bar(i, top - bottom, bottom=bottom, color=colour, width=0.6)
        ax.text(
            i,
            top,
            f"{row['change']:+,.0f}" if row["kind"] != "total" else f"{top:,.0f}",
            ha="center",
            va="bottom",
            fontsize=8,
        )
        if i + 1 < len(steps) and steps.loc[i + 1, "kind"] != "total":
            ax.plot([i + 0.3, i + 0.7], [row["end"]] * 2, color="#999999", lw=0.8)
    ref = steps.attrs.get("claim") if claim is True else (claim or None)
    if ref:
        ax.axhline(ref, color="#8e44ad", ls="--", lw=1, label=f"claim {ref:,.0f}")
        ax.axhspan(
            ref * (1 - tol), ref * (1 + tol), color="#8e44ad", alpha=0.1, label=f"±{tol:.0%}"
        )
        ax.legend(frameon=False, fontsize=8, loc="upper right")
    ax.set_xticks(x, steps["label"], rotation=15, ha="right", fontsize=8)
    ax.set_ylabel(_QUANTITY_LABELS.get(quantity, quantity))
    a = table.attrs.get("assumptions", {})
    subtitle = ""
    if a:
        subtitle = (
            f"{a['steam_t_per_year']:,.0f} t/yr, boiler {a['boiler_efficiency']:.0%}, "
            f"extraction {a['extraction_pressure_mpa']} MPa, make-up: {a['makeup']}"
        )
    ax.set_title(title or f"Steam Net savings waterfall\n{subtitle}", fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    return fig


def _labels(values: np.ndarray) -> list[str]:
    out = []
    for v in values:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, float | np.floating) and np.isnan(v):
            out.append("sat.")
        else:
            out.append(f"{v:g}")
    return out


def plot_sensitivity_heatmap(
    result: xr.Dataset,
    x: str = "extraction_pressure_mpa",
    y: str = "marginal_efficiency",
    variable: str = "net_kl",
    *,
    select: dict[str, Any] | None = None,
    target: float | None = None,
    tol: float = 0.1,
    title: str | None = None,
):
    """Heat map of one result variable over two assumptions of a sensitivity study.

    Parameters
    ----------
    result : xarray.Dataset
        Output of :func:`~kgi_lab.heat.savings.sensitivity`.
    x, y : str
        Dimensions on the axes.
    variable : str, default "net_kl"
    select : dict, optional
        Values of the other dimensions (``{"steam_t_per_year": 400000, ...}``); dimensions not
        given take their first value, and the title says which.
    target : float, optional
        Claim to compare with; default the claim for ``net_kl``/``net_t``. Cells within ``tol``
        of it are outlined.
    tol : float, default 0.1
    title : str, optional
    """
    for dim in (x, y):
        if dim not in result.dims:
            raise ValueError(f"'{dim}' is not a dimension of the result; dims: {list(result.dims)}")
    if variable not in result:
        raise ValueError(f"'{variable}' is not in the result; variables: {list(result.data_vars)}")
    select = dict(select or {})
    chosen = {}
    for dim in result.dims:
        if dim in (x, y):
            continue
        if dim in select:
            chosen[dim] = select[dim]
        else:
            chosen[dim] = result[dim].values[0]
    da = result[variable]
    for dim, value in chosen.items():
        coord = result[dim].values
        if isinstance(value, float) and np.isnan(value):
            idx = int(np.flatnonzero(pd.isna(coord))[0])
        else:
            matches = np.flatnonzero(coord == value)
            if not len(matches):
                raise ValueError(f"{dim} = {value!r} is not in the grid; values: {list(coord)}")
            idx = int(matches[0])
        da = da.isel({dim: idx})
    da = da.transpose(y, x)
    if target is None:
        target = {
            "net_kl": result.attrs.get("claim_crude_oil_kl"),
            "net_t": result.attrs.get("claim_co2_t"),
        }.get(variable)
    fig, ax = _figure((7.5, 4.8))
    values = da.values.astype(float)
    mesh = ax.imshow(values, origin="lower", aspect="auto", cmap="viridis")
    fig.colorbar(mesh, ax=ax, label=_QUANTITY_LABELS.get(variable, variable))
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            ax.text(
                j,
                i,
                f"{v:,.0f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if v < np.nanmean(values) else "black",
            )
            if target and abs(v / target - 1) <= tol:
                ax.add_patch(
                    __import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
                        (j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#e74c3c", lw=2
                    )
                )
    ax.set_xticks(range(len(da[x])), _labels(da[x].values))
    ax.set_yticks(range(len(da[y])), _labels(da[y].values))
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    fixed = ", ".join(f"{k}={_labels(np.asarray([v], dtype=object))[0]}" for k, v in chosen.items())
    note = f"red: within ±{tol:.0%} of {target:,.0f}" if target else ""
    ax.set_title(title or f"{variable}  ({fixed})\n{note}", fontsize=9)
    return fig


def plot_network_map(case: dict[str, Any], *, annotate: bool = True, title: str | None = None):
    """Schematic map of a :func:`~kgi_lab.heat.steamnet.load_case` network (EPSG:4326).

    Line width follows the pipe DN; the source is a star, consumers are circles sized by their
    share. Positions are schematic (see the dataset), not the real route.
    """
    fig, ax = _figure((7.5, 6))
    nodes = case["nodes"]
    pipes = case["pipes"]
    roles = {"main": "#c0392b", "submain": "#e67e22", "service": "#7f8c8d"}
    for _, row in pipes.iterrows():
        a, b = nodes.loc[row["from_node"]], nodes.loc[row["to_node"]]
        ax.plot(
            [a["longitude"], b["longitude"]],
            [a["latitude"], b["latitude"]],
            color=roles.get(row["role"], "k"),
            lw=0.5 + row["dn"] / 80,
            solid_capstyle="round",
        )
    src = nodes[nodes["kind"] == "source"]
    ax.plot(
        src["longitude"],
        src["latitude"],
        "*",
        color="#f1c40f",
        mec="k",
        ms=18,
        label="source (power station)",
    )
    cons = case["consumers"].join(nodes, on="node")
    ax.scatter(
        cons["longitude"],
        cons["latitude"],
        s=2000 * cons["share"],
        color="#3498db",
        edgecolor="k",
        zorder=3,
        label="consumers (area ∝ share)",
    )
    if annotate:
        for cid, row in cons.iterrows():
            ax.annotate(
                f"{cid} {row['share']:.0%}",
                (row["longitude"], row["latitude"]),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=8,
            )
        for _, row in pipes[pipes["role"] != "service"].iterrows():
            a, b = nodes.loc[row["from_node"]], nodes.loc[row["to_node"]]
            ax.text(
                (a["longitude"] + b["longitude"]) / 2,
                (a["latitude"] + b["latitude"]) / 2,
                f"DN{row['dn']}",
                fontsize=7,
                color="#555555",
            )
    for role, colour in roles.items():
        ax.plot([], [], color=colour, lw=2, label=role)
    lat0 = float(nodes["latitude"].mean())
    ax.set_aspect(1.0 / np.cos(np.radians(lat0)))
    ax.set_xlabel("longitude [°E]")
    ax.set_ylabel("latitude [°N]")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    trunk = pipes.loc[pipes["role"] != "service", "length_m"].sum()
    ax.set_title(
        title
        or f"{case.get('name', 'network')}\ntrunk {trunk / 1000:.2f} km; "
        "SCHEMATIC positions (±1 km)",
        fontsize=10,
    )
    ax.grid(alpha=0.3)
    return fig
