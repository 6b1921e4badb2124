"""Air-quality time-series and statistics figures (openair-style). Maps live in ``network.py``.

Each function takes a result of :mod:`kgi_lab.air.stats` (or a schema DataArray) and returns a
:class:`matplotlib.figure.Figure`; nothing is recomputed here. Stations are labelled with their
romanised ``name`` coordinate when present (the default fonts lack Japanese glyphs), otherwise
the NIES code.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

__all__ = [
    "plot_calendar",
    "plot_pollution_rose",
    "plot_polar",
    "plot_timeseries",
    "plot_trend",
    "plot_variation",
]

_PERIOD_WORD = {"month": "monthly", "year": "annual", "fiscal_year": "fiscal-year"}
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _subplots(nrows=1, ncols=1, figsize=(8, 4), **kw):
    import matplotlib.pyplot as plt

    return plt.subplots(nrows, ncols, figsize=figsize, layout="constrained", squeeze=False, **kw)


def _units(obj: Any) -> str:
    units = obj.attrs.get("units") if hasattr(obj, "attrs") else None
    return f" [{units}]" if units else ""


def _station_labels(obj: xr.DataArray | xr.Dataset) -> list[str]:
    if "station" not in obj.dims:
        for key in ("name", "station"):
            if key in obj.coords and obj[key].ndim == 0:
                return [str(obj[key].values)]
        return [str(obj.attrs.get("name", obj.attrs.get("station", "")))]
    codes = [str(s) for s in obj["station"].values]
    if "name" in obj.coords and obj["name"].dims == ("station",):
        return [f"{n} ({c})" for n, c in zip(obj["name"].values, codes, strict=True)]
    return codes


def _series(obj, station_index: int | None):
    return obj if station_index is None else obj.isel(station=station_index)


def _check_result(result: Any, needed: tuple[str, ...], made_by: str) -> None:
    if not isinstance(result, xr.Dataset) or any(v not in result for v in needed):
        raise ValueError(
            f"expected the Dataset returned by kgi_lab.air.stats.{made_by} "
            f"(variables {', '.join(needed)}), got {type(result).__name__}"
        )


def plot_variation(result: xr.Dataset, *, title: str | None = None):
    """Means with confidence bands by hour, weekday, month or weekday × hour.

    Parameters
    ----------
    result : xarray.Dataset
        From :func:`kgi_lab.air.stats.variation`. One line per station (or one pooled line).
    title : str, optional
    """
    _check_result(result, ("mean", "lower", "upper"), "variation")
    by = result.attrs.get("by", "hour")
    fig, axes = _subplots(figsize=(10 if by == "hour_weekday" else 7, 4))
    ax = axes[0, 0]
    stations = range(result.sizes["station"]) if "station" in result.dims else [None]
    labels = _station_labels(result) if "station" in result.dims else ["pooled"]
    for i, label in zip(stations, labels, strict=True):
        mean, lo, hi = (_series(result[v], i) for v in ("mean", "lower", "upper"))
        if by == "hour_weekday":
            mean, lo, hi = (a.transpose("weekday", "hour").values.ravel() for a in (mean, lo, hi))
        else:
            mean, lo, hi = mean.values, lo.values, hi.values
        x = np.arange(len(mean))
        (line,) = ax.plot(x, mean, marker="o" if len(x) <= 24 else None, ms=3, label=label)
        ax.fill_between(x, lo, hi, color=line.get_color(), alpha=0.25, linewidth=0)
    if by == "hour":
        ax.set_xticks(np.arange(0, 24, 3))
        ax.set_xlabel("hour of day (start of hour, local standard time)")
    elif by == "weekday":
        ax.set_xticks(np.arange(7), list(result["weekday_name"].values))
    elif by == "month":
        ax.set_xticks(np.arange(12), list(_MONTH_ABBR))
    else:
        for d in range(1, 7):
            ax.axvline(d * 24 - 0.5, color="0.7", lw=0.8)
        ax.set_xticks(np.arange(7) * 24 + 11.5, list(result["weekday_name"].values))
        ax.set_xlabel("day of week × hour (start of hour)")
    ci = result.attrs.get("ci", 0.95)
    method = result.attrs.get("method", "")
    ax.set_ylabel(f"{result.attrs.get('long_name', 'mean')}{_units(result['mean'])}")
    ax.set_title(title or f"Mean by {by.replace('_', ' × ')} with {ci:.0%} interval ({method})")
    ax.grid(alpha=0.3)
    if len(labels) > 1:
        ax.legend(frameon=False, fontsize=8)
    return fig


def plot_calendar(
    calendar: xr.Dataset,
    *,
    cmap: str = "viridis",
    vmin: float | None = None,
    vmax: float | None = None,
    title: str | None = None,
):
    """Calendar heat map of daily means: 12 month pages of weeks × weekdays.

    Parameters
    ----------
    calendar : xarray.Dataset
        From :func:`kgi_lab.air.stats.calendar_matrix`. Days without a valid mean are grey.
    cmap : str, default "viridis"
    vmin, vmax : float, optional
        Colour limits [units of the variable]; default the year's range.
    """
    _check_result(calendar, ("day", "capture_fraction"), "calendar_matrix")
    import matplotlib as mpl

    name = calendar.attrs.get("variable", next(iter(calendar.data_vars)))
    values = calendar[name].values
    finite = values[np.isfinite(values)]
    vmin = float(finite.min()) if vmin is None and finite.size else vmin
    vmax = float(finite.max()) if vmax is None and finite.size else vmax
    norm = mpl.colors.Normalize(vmin=vmin, vmax=vmax)
    colormap = mpl.colormaps[cmap].with_extremes(bad=(0, 0, 0, 0))  # grey comes from below
    fig, axes = _subplots(3, 4, figsize=(12, 8))
    for p, ax in enumerate(axes.ravel()):
        day = calendar["day"].values[p]
        grid = np.ma.masked_where(day == 0, values[p])
        shown = np.where(day == 0, np.nan, 0.0)
        ax.pcolormesh(np.ma.masked_invalid(shown), cmap=mpl.colors.ListedColormap(["#dddddd"]))
        ax.pcolormesh(np.ma.masked_invalid(grid), cmap=colormap, norm=norm, edgecolors="white")
        for (r, c), d in np.ndenumerate(day):
            if d:
                ax.text(c + 0.5, r + 0.5, str(d), ha="center", va="center", fontsize=6)
        ax.set_xlim(0, 7)
        ax.set_ylim(6, 0)
        ax.set_xticks(np.arange(7) + 0.5, [s[0] for s in calendar["weekday_name"].values])
        ax.tick_params(length=0, labelsize=7)
        ax.set_yticks([])
        month = int(calendar["month"].values[p])
        ax.set_title(
            f"{_MONTH_ABBR[month - 1]} {int(calendar['calendar_year'].values[p])}", fontsize=9
        )
        ax.set_aspect("equal")
    sm = mpl.cm.ScalarMappable(norm=norm, cmap=colormap)
    fig.colorbar(sm, ax=axes, shrink=0.6, label=f"daily mean {name}{_units(calendar[name])}")
    who = calendar.attrs.get("name") or calendar.attrs.get("station", "")
    fy = "FY" if calendar.attrs.get("fiscal_year") else ""
    fig.suptitle(title or f"{name} daily means, {who} {fy}{calendar.attrs.get('year', '')}")
    return fig


def plot_trend(trend: xr.Dataset, *, title: str | None = None):
    """Period means, the Theil–Sen line, its confidence band and the slope text, per station.

    Parameters
    ----------
    trend : xarray.Dataset
        From :func:`kgi_lab.air.stats.theil_sen`.
    """
    _check_result(trend, ("series_used", "slope", "intercept", "x_years"), "theil_sen")
    stations = range(trend.sizes["station"]) if "station" in trend.dims else [None]
    labels = _station_labels(trend)
    fig, axes = _subplots(len(stations), 1, figsize=(9, 2.6 * len(stations) + 0.6), sharex=True)
    times = pd.DatetimeIndex(trend["time"].values)
    x = trend["x_years"].values
    units = trend["slope"].attrs.get("units", "")
    value_units = trend["series_used"].attrs.get("units", "")
    for ax, i, label in zip(axes[:, 0], stations, labels, strict=True):
        s = trend if i is None else trend.isel(station=i)
        y = s["series_used"].values
        ax.plot(times, y, "-o", ms=3, lw=1, color="#4477aa", label="period mean")
        slope, icpt = float(s["slope"]), float(s["intercept"])
        if np.isfinite(slope):
            lines = [
                float(s[f"intercept{sfx}"]) + float(s[f"slope{sfx}"]) * x
                for sfx in ("_lower", "_upper")
            ]
            ax.fill_between(
                times, np.minimum(*lines), np.maximum(*lines), color="#cc3311", alpha=0.15
            )
            ax.plot(times, icpt + slope * x, color="#cc3311", lw=2, label="Theil–Sen")
            text = (
                f"{slope:.3g} [{float(s['slope_lower']):.3g}, {float(s['slope_upper']):.3g}] "
                f"{units}  ({float(s['slope_percent']):+.2f} % yr-1)  "
                f"MK p = {float(s['mk_p']):.3g} {str(s['stars'].values)}"
            )
        else:
            text = "too few valid periods for a trend"
        ax.text(
            0.5,
            0.97,
            text,
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=8,
            color="#225522",
        )
        ax.set_ylabel(f"{label}\n[{value_units}]" if value_units else label, fontsize=8)
        ax.grid(alpha=0.3)
    deseason = trend.attrs.get("deseasonalise", "none")
    extra = "" if deseason == "none" else f", deseasonalised ({deseason})"
    axes[0, 0].set_title(
        title
        or f"{trend.attrs.get('long_name', trend.attrs.get('variable', ''))}: "
        f"{_PERIOD_WORD.get(trend.attrs.get('period'), '')} means{extra}, Theil–Sen slope with "
        f"{1 - trend.attrs.get('alpha', 0.05):.0%} band"
    )
    return fig


def plot_pollution_rose(rose: xr.Dataset, *, cmap: str = "YlOrRd", title: str | None = None):
    """Stacked polar bars: frequency [%] of each class by direction sector (openair style).

    Parameters
    ----------
    rose : xarray.Dataset
        From :func:`kgi_lab.air.stats.pollution_rose`.
    """
    _check_result(rose, ("frequency", "direction_deg"), "pollution_rose")
    import matplotlib as mpl

    fig, axes = _subplots(figsize=(6.5, 6), subplot_kw={"projection": "polar"})
    ax = axes[0, 0]
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    theta = np.deg2rad(rose["direction_deg"].values)
    width = 2 * np.pi / rose.sizes["sector"] * 0.9
    freq = rose["frequency"].values * 100
    colours = mpl.colormaps[cmap](np.linspace(0.2, 1.0, rose.sizes["class"]))
    bottom = np.zeros(rose.sizes["sector"])
    units = rose.attrs.get("class_units") or ""
    for k, label in enumerate(rose["class_label"].values):
        ax.bar(
            theta,
            freq[:, k],
            width=width,
            bottom=bottom,
            color=colours[k],
            edgecolor="white",
            linewidth=0.5,
            label=label,
        )
        bottom += freq[:, k]
    ax.set_xticks(theta if len(theta) <= 16 else theta[:: len(theta) // 8])
    names = rose["sector_name"].values
    ax.set_xticklabels(names if len(theta) <= 16 else names[:: len(theta) // 8])
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:g} %"))
    ax.legend(
        title=f"{rose.attrs.get('classes', '')} {units}".replace("_", " ").strip(),
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize=8,
        frameon=False,
    )
    calm = rose.attrs.get("calm_fraction", 0.0)
    classes = rose.attrs.get("classes", "class").replace("_", " ")
    ax.set_title(
        title
        or f"Frequency by wind sector and {classes}\n(n = {rose.attrs.get('n_valid', '?')}, "
        f"calm {calm:.1%})",
        fontsize=10,
    )
    return fig


def plot_polar(
    polar: xr.Dataset,
    *,
    variable: str | None = None,
    cmap: str = "viridis",
    title: str | None = None,
):
    """Polar map of mean concentration by wind direction (angle) and wind speed (radius).

    Parameters
    ----------
    polar : xarray.Dataset
        From :func:`kgi_lab.air.stats.polar_summary`.
    variable : {"mean", "mean_smoothed"}, optional
        Default ``mean_smoothed`` when present, else ``mean``.
    """
    _check_result(polar, ("mean", "speed_lower", "speed_upper"), "polar_summary")
    variable = variable or ("mean_smoothed" if "mean_smoothed" in polar else "mean")
    if variable not in polar:
        raise ValueError(f"polar has no variable {variable!r}; it has {list(polar.data_vars)}")
    fig, axes = _subplots(figsize=(6.5, 5.5), subplot_kw={"projection": "polar"})
    ax = axes[0, 0]
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    width = 360.0 / polar.sizes["sector"]
    theta_edges = np.deg2rad(np.append(polar["direction_deg"].values, 360.0) - width / 2)
    r_edges = np.append(polar["speed_lower"].values, polar["speed_upper"].values[-1])
    if not np.isfinite(r_edges[-1]):
        r_edges[-1] = r_edges[-2] + (r_edges[-2] - r_edges[-3] if len(r_edges) > 2 else 1.0)
    values = np.ma.masked_invalid(polar[variable].transpose("speed_class", "sector").values)
    mesh = ax.pcolormesh(theta_edges, r_edges, values, cmap=cmap, shading="flat")
    units = polar.attrs.get("concentration_units", "")
    fig.colorbar(
        mesh,
        ax=ax,
        shrink=0.8,
        label=f"{variable.replace('_', ' ')}" + (f" [{units}]" if units else ""),
    )
    ax.set_rlabel_position(100)
    ax.text(np.deg2rad(100), r_edges[-1] * 1.08, "m s-1", fontsize=8)
    ax.set_title(
        title
        or f"Mean concentration by wind direction and speed (n = {polar.attrs.get('n_valid', '?')})"
    )
    return fig


def plot_timeseries(
    data: xr.DataArray | xr.Dataset,
    *,
    variable: str | None = None,
    stations: Any = None,
    separate: bool = False,
    title: str | None = None,
):
    """Time series of several stations, on one axes or one panel per station.

    Parameters
    ----------
    data : xarray.DataArray or xarray.Dataset
        Hourly data (``ds["no2"]``) or a :func:`~kgi_lab.air.stats.time_average` result (then
        ``variable`` defaults to its averaged variable).
    stations : list, optional
        Station codes to show (default all).
    separate : bool, default False
        One panel per station instead of one shared axes.
    """
    if isinstance(data, xr.Dataset):
        skip = {"capture_fraction", "n_valid", "n_expected", "n_valid_windows"}
        names = [v for v in data.data_vars if v not in skip]
        variable = variable or (names[0] if names else None)
        if variable not in data:
            raise ValueError(f"data has no variable {variable!r}; it has {list(data.data_vars)}")
        da = data[variable]
    elif isinstance(data, xr.DataArray):
        da = data
    else:
        raise ValueError(f"data must be an xarray DataArray or Dataset, got {type(data).__name__}")
    if "time" not in da.dims:
        raise ValueError(f"data has no 'time' dimension (dims: {da.dims})")
    if stations is not None:
        da = da.sel(station=list(stations))
    has_station = "station" in da.dims
    labels = _station_labels(da) if has_station else [str(da.name or "")]
    n = len(labels)
    rows = n if separate else 1
    fig, axes = _subplots(rows, 1, figsize=(10, 2.2 * rows + 1.2), sharex=True, sharey=True)
    times = pd.DatetimeIndex(da["time"].values)
    for i, label in enumerate(labels):
        ax = axes[i if separate else 0, 0]
        y = da.isel(station=i).values if has_station else da.values
        ax.plot(times, y, lw=0.8, label=label, color=f"C{i % 10}")
        if separate:
            ax.set_title(label, fontsize=9, loc="left")
    for ax in axes[:, 0]:
        ax.set_ylabel(f"{da.attrs.get('long_name', da.name or '')}{_units(da)}", fontsize=8)
        ax.grid(alpha=0.3)
    if not separate and n > 1:
        axes[0, 0].legend(frameon=False, fontsize=8, ncol=min(n, 3))
    axes[-1, 0].set_xlabel("local standard time (start of interval)")
    fig.suptitle(title or f"{da.name or ''} by station")
    return fig
