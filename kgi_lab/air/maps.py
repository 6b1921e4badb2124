"""Maps and charts of a monitoring network. Each function takes computed results (from
:mod:`kgi_lab.air.network`) and returns a matplotlib Figure; nothing is recomputed.

Maps are drawn in EPSG:4326 (longitude/latitude) with the aspect set for the map's latitude, so
distances look right at Kawasaki (35.5° N). Ward polygons from the ``kawasaki_wards_approx``
dataset are APPROXIMATE (see its catalog entry); the figures say so when they are used.
:func:`folium_map` gives an interactive Leaflet map when folium is installed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

__all__ = [
    "STATION_TYPE_STYLE",
    "folium_map",
    "plot_area_served",
    "plot_correlation_distance",
    "plot_kriging",
    "plot_network_map",
    "plot_removal_bias",
]

#: Marker style per station type: general (一般局) and roadside (自排局) stations. Labels are
#: English only: the default matplotlib fonts have no Japanese glyphs.
STATION_TYPE_STYLE = {
    "general": {"color": "#1f77b4", "marker": "o", "label": "general"},
    "roadside": {"color": "#d62728", "marker": "^", "label": "roadside"},
    None: {"color": "#555555", "marker": "s", "label": "station"},
}


def _figure(figsize=(7.5, 5.5), ncols=1):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, ncols, figsize=figsize, layout="constrained")
    return fig, axes


def _geographic(gdf, what: str):
    if gdf.crs is None:
        raise ValueError(f"{what} has no CRS; set it (gdf.set_crs(...)) before plotting")
    return gdf.to_crs("EPSG:4326")


def _set_map_axes(ax, lat0: float) -> None:
    ax.set_aspect(1.0 / np.cos(np.radians(lat0)))
    ax.set_xlabel("longitude [°E]")
    ax.set_ylabel("latitude [°N]")


def _draw_boundary(ax, boundary, *, labels: bool = True) -> None:
    b = _geographic(boundary, "boundary")
    b.boundary.plot(ax=ax, color="0.45", linewidth=0.8)
    if labels and "ward" in b.columns:
        for geom, name in zip(b.geometry, b["ward"], strict=True):
            p = geom.representative_point()
            ax.annotate(str(name), (p.x, p.y), ha="center", fontsize=7, color="0.35")


def _draw_stations(ax, stations, *, labels: bool, values=None, cmap="viridis"):
    pts = stations.to_crs("EPSG:4326")
    types = pts["station_type"] if "station_type" in pts.columns else pd.Series(None, pts.index)
    mappable = None
    for kind, style in STATION_TYPE_STYLE.items():
        sel = (types == kind) if kind is not None else ~types.isin(["general", "roadside"])
        if not sel.any():
            continue
        sub = pts[sel.to_numpy()]
        kw = {"marker": style["marker"], "edgecolor": "k", "s": 45, "zorder": 3}
        if values is not None:
            v = values.reindex(sub.index).to_numpy(float)
            mappable = ax.scatter(sub.geometry.x, sub.geometry.y, c=v, cmap=cmap, **kw)
            mappable.set_label(style["label"])
        else:
            ax.scatter(
                sub.geometry.x, sub.geometry.y, color=style["color"], label=style["label"], **kw
            )
    if labels:
        names = pts["name"] if "name" in pts.columns else pd.Series(pts.index, pts.index)
        for x, y, name in zip(pts.geometry.x, pts.geometry.y, names, strict=True):
            ax.annotate(str(name), (x, y), xytext=(3, 3), textcoords="offset points", fontsize=6.5)
    return mappable


def plot_network_map(stations, boundary, *, column: str | None = None, labels: bool = True):
    """Stations (general/roadside markers) over ward boundaries.

    Parameters
    ----------
    stations : GeoDataFrame
        From :func:`kgi_lab.air.network.stations_gdf` or the ``kawasaki_stations`` dataset
        (``station_type``, ``name`` used when present).
    boundary : GeoDataFrame
        Ward or city polygons with a CRS.
    column : str, optional
        A numeric column of ``stations`` to colour the markers by (e.g. an annual mean).
    labels : bool, default True
        Station names beside the markers, ward names inside the wards.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from kgi_lab.air.network import stations_gdf

    pts = stations_gdf(stations)
    fig, ax = _figure()
    _draw_boundary(ax, boundary, labels=labels)
    values = None
    if column is not None:
        if column not in pts.columns:
            raise ValueError(f"stations has no column '{column}'")
        values = pd.to_numeric(pts[column], errors="coerce")
    m = _draw_stations(ax, pts, labels=labels, values=values)
    if m is not None:
        fig.colorbar(m, ax=ax, label=column, shrink=0.7)
    ax.legend(loc="lower right", fontsize=8)
    _set_map_axes(ax, float(pts.geometry.y.mean()))
    approx = boundary.attrs.get("dataset") == "kawasaki_wards_approx"
    ax.set_title(
        "Monitoring stations" + (" (ward boundaries APPROXIMATE)" if approx else ""), fontsize=10
    )
    return fig


def plot_area_served(area, *, column: str = "area_km2", boundary=None, labels: bool = True):
    """Voronoi cells of :func:`~kgi_lab.air.network.area_served` (or
    :func:`~kgi_lab.air.network.population_served`) coloured by ``column``.

    Parameters
    ----------
    area : GeoDataFrame
        Cells indexed by station with ``column`` (``area_km2`` [km²], ``population`` …).
    column : str, default "area_km2"
    boundary : GeoDataFrame, optional
        Ward polygons drawn on top.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if column not in area.columns:
        raise ValueError(f"area has no column '{column}' (columns: {', '.join(area.columns)})")
    cells = _geographic(area, "area")
    fig, ax = _figure()
    cells.plot(
        ax=ax, column=column, cmap="YlGnBu", edgecolor="k", linewidth=0.6, legend=True,
        legend_kwds={"label": column, "shrink": 0.7},
    )  # fmt: skip
    if boundary is not None:
        _draw_boundary(ax, boundary, labels=False)
    if labels:
        names = cells["name"] if "name" in cells.columns else pd.Series(cells.index, cells.index)
        for geom, name, v in zip(cells.geometry, names, cells[column], strict=True):
            if geom is None or geom.is_empty:
                continue
            p = geom.representative_point()
            text = f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"
            ax.annotate(f"{name}\n{text}", (p.x, p.y), ha="center", fontsize=6)
    _set_map_axes(ax, float(cells.geometry.representative_point().y.mean()))
    ax.set_title(f"Area served (Voronoi cells): {column}", fontsize=10)
    return fig


def plot_kriging(grid_prediction, grid_variance=None, stations=None, suggested=None):
    """Kriging prediction and kriging standard deviation side by side.

    Parameters
    ----------
    grid_prediction : xarray.Dataset or DataArray
        From :func:`~kgi_lab.air.network.ordinary_kriging` (a Dataset also supplies the
        variance) or its ``prediction``; on a :func:`~kgi_lab.air.network.make_grid` grid
        (2-D ``lon``/``lat`` coordinates).
    grid_variance : xarray.DataArray, optional
        Kriging variance [(units)²]; plotted as its square root [units].
    stations : GeoDataFrame, optional
        Station points to overlay.
    suggested : GeoDataFrame, optional
        From :func:`~kgi_lab.air.network.suggest_new_site`, marked with a star.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from kgi_lab.air.network import stations_gdf

    if isinstance(grid_prediction, xr.Dataset):
        if grid_variance is None and "variance" in grid_prediction:
            grid_variance = grid_prediction["variance"]
        grid_prediction = grid_prediction["prediction"]
    panels = [("prediction", grid_prediction, "viridis")]
    if grid_variance is not None:
        sd = np.sqrt(grid_variance)
        sd.attrs["units"] = grid_prediction.attrs.get("units")
        panels.append(("kriging standard deviation", sd, "magma_r"))
    for _, da, _ in panels:
        if "lon" not in da.coords or "lat" not in da.coords:
            raise ValueError("grid must carry 2-D lon/lat coordinates (use make_grid)")
    fig, axes = _figure((6.0 * len(panels), 5.0), ncols=len(panels))
    axes = np.atleast_1d(axes)
    pts = stations_gdf(stations) if stations is not None else None
    for ax, (title, da, cmap) in zip(axes, panels, strict=True):
        da = da.transpose("y", "x")
        mesh = ax.pcolormesh(
            da["lon"].values, da["lat"].values, da.values, cmap=cmap, shading="nearest"
        )
        units = da.attrs.get("units") or grid_prediction.attrs.get("units") or ""
        fig.colorbar(mesh, ax=ax, label=f"{title} [{units}]" if units else title, shrink=0.7)
        if pts is not None:
            ax.scatter(pts.geometry.x, pts.geometry.y, c="w", edgecolor="k", s=25, zorder=3)
        if suggested is not None:
            s = _geographic(suggested, "suggested")
            ax.scatter(
                s.geometry.x, s.geometry.y, marker="*", s=220, c="gold", edgecolor="k",
                zorder=4, label="suggested site",
            )  # fmt: skip
            ax.legend(loc="lower right", fontsize=8)
        _set_map_axes(ax, float(np.nanmean(da["lat"].values)))
        ax.set_title(title, fontsize=10)
    return fig


def plot_correlation_distance(corr_table):
    """Pearson r against distance for every station pair, coloured by mean absolute difference.

    Parameters
    ----------
    corr_table : pandas.DataFrame or xarray.Dataset
        :func:`~kgi_lab.air.network.correlation_pairs` output, or the
        :func:`~kgi_lab.air.network.correlation_matrix` Dataset (reshaped, not recomputed).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from kgi_lab.air.network import correlation_pairs

    table = correlation_pairs(corr_table) if isinstance(corr_table, xr.Dataset) else corr_table
    need = {"distance_km", "r", "mean_abs_diff"}
    if not need <= set(table.columns):
        raise ValueError(f"corr_table needs columns {sorted(need)}")
    fig, ax = _figure((7.0, 4.5))
    sc = ax.scatter(
        table["distance_km"], table["r"], c=table["mean_abs_diff"], cmap="plasma",
        edgecolor="k", s=30,
    )  # fmt: skip
    units = table.attrs.get("units", "")
    fig.colorbar(sc, ax=ax, label=f"mean absolute difference [{units}]")
    ax.set_xlabel("distance between stations [km]")
    ax.set_ylabel("Pearson r [-]")
    ax.set_ylim(min(0.0, float(np.nanmin(table["r"])) - 0.05) if len(table) else 0.0, 1.02)
    pol = table.attrs.get("pollutant", "")
    freq = {"D": "daily means", "h": "hourly values"}.get(table.attrs.get("freq"), "")
    ax.set_title(f"Correlation vs distance {pol} ({freq})".strip(), fontsize=10)
    ax.grid(alpha=0.3)
    return fig


def plot_removal_bias(table):
    """Mean removal bias ± one standard deviation per station, most redundant at the top.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`~kgi_lab.air.network.removal_bias`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    need = {"bias_mean", "bias_sd", "rel_bias_mean_pct", "redundancy_rank"}
    if not need <= set(table.columns):
        raise ValueError(f"table needs columns {sorted(need)} (use removal_bias)")
    t = table.sort_values("redundancy_rank", ascending=False, kind="stable")
    fig, ax = _figure((7.0, 0.3 * len(t) + 1.5))
    y = np.arange(len(t))
    colours = np.where(t["bias_mean"] >= 0, "#d62728", "#1f77b4")
    ax.barh(y, t["bias_mean"], xerr=t["bias_sd"], color=colours, alpha=0.8, capsize=2)
    ax.set_yticks(y, [str(s) for s in t.index])
    for yi, (b, rel) in enumerate(zip(t["bias_mean"], t["rel_bias_mean_pct"], strict=True)):
        if np.isfinite(b) and np.isfinite(rel):
            ax.annotate(f"{rel:+.0f} %", (b, yi), xytext=(4, -3), textcoords="offset points",
                        fontsize=7)  # fmt: skip
    ax.axvline(0, color="k", linewidth=0.8)
    units = table.attrs.get("units", "")
    ax.set_xlabel(f"removal bias: estimate − observed [{units}]")
    ax.set_title(
        f"Removal bias {table.attrs.get('pollutant', '')} (rank 1 = most redundant, at the top)",
        fontsize=10,
    )
    return fig


def folium_map(stations, boundary=None, values=None, *, tiles: str | None = "OpenStreetMap"):
    """An interactive Leaflet map of the stations (and boundaries), or None without folium.

    **Internet**: the basemap tiles (``tiles``) and Leaflet's JavaScript/CSS are loaded by the
    browser from the internet when the map is displayed. Offline, pass ``tiles=None``: the map
    then asks no tile server and shows markers and boundaries on a blank background, provided
    the browser can still load Leaflet (from its cache); if it cannot, nothing renders, so use
    :func:`plot_network_map` offline. Building the map object itself needs no network.

    Parameters
    ----------
    stations : GeoDataFrame or anything :func:`~kgi_lab.air.network.stations_gdf` reads
    boundary : GeoDataFrame, optional
        Ward polygons (with a CRS), drawn as outlines with the ward name as tooltip.
    values : pandas.Series, optional
        One value per station (index = code) to colour the markers; shown in the tooltip.
    tiles : str or None, default "OpenStreetMap"
        Folium tile layer name; ``None`` for no basemap (offline).

    Returns
    -------
    folium.Map or None
        None when folium cannot be imported.
    """
    try:
        import folium
    except ImportError:
        return None
    from kgi_lab.air.network import stations_gdf

    pts = stations_gdf(stations)
    centre = [float(pts.geometry.y.mean()), float(pts.geometry.x.mean())]
    fmap = folium.Map(location=centre, zoom_start=12, tiles=tiles, control_scale=True)
    if boundary is not None:
        b = _geographic(boundary, "boundary")
        fields = [c for c in ("ward", "ward_ja") if c in b.columns]
        folium.GeoJson(
            b[[*fields, "geometry"]].to_json(),
            name="boundaries",
            style_function=lambda _: {"color": "#555555", "weight": 1.5, "fillOpacity": 0.05},
            tooltip=folium.GeoJsonTooltip(fields=fields) if fields else None,
        ).add_to(fmap)
    colour_of = None
    if values is not None:
        import branca.colormap as cm

        v = pd.Series(values).reindex(pts.index).astype(float)
        finite = v[np.isfinite(v)]
        if len(finite):
            scale = cm.LinearColormap(
                ["#440154", "#21918c", "#fde725"], vmin=finite.min(), vmax=finite.max()
            )
            scale.caption = getattr(values, "name", None) or "value"
            scale.add_to(fmap)

            def colour_of(code):
                x = v.get(code)
                return scale(x) if x is not None and np.isfinite(x) else "#999999"

    for code, row in pts.iterrows():  # over stations (markers are objects)
        kind = row.get("station_type") if "station_type" in pts.columns else None
        style = STATION_TYPE_STYLE.get(kind, STATION_TYPE_STYLE[None])
        colour = colour_of(code) if colour_of else style["color"]
        label = f"{code} {row['name']}" if "name" in pts.columns else str(code)
        if values is not None:
            label += f": {pd.Series(values).get(code, np.nan):.4g}"
        folium.CircleMarker(
            location=[row.geometry.y, row.geometry.x],
            radius=7 if kind == "roadside" else 6,
            color="#000000",
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.9,
            tooltip=f"{label} ({style['label']})",
        ).add_to(fmap)
    return fmap
