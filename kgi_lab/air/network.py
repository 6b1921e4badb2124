"""Monitoring-network assessment in the manner of US EPA NetAssess: where the stations are, what
each one represents, which are redundant and where a new one would help most.

No Python package offers this, so the methods are written out here from their sources:

* **Area and population served** (:func:`area_served`, :func:`population_served`): Voronoi
  (Thiessen) polygons of the stations clipped to the city, and the population inside each by areal
  weighting of ward populations.
* **Correlation matrix** (:func:`correlation_matrix`, :func:`correlation_pairs`): station × station
  Pearson r of daily means, number of paired days, distance and mean absolute difference, as in the
  NetAssess correlation-matrix tool.
* **Removal bias** (:func:`removal_bias`): each station is estimated from its Delaunay neighbours by
  inverse-distance-squared weighting, day by day; a station whose removal changes little (small
  bias) is redundant.
* **Interpolation** (:func:`idw_grid`, :func:`ordinary_kriging`, :func:`kriging_variance`,
  :func:`leave_one_out`) on a grid from :func:`make_grid`; ordinary kriging is implemented here in
  numpy/scipy and agrees with PyKrige to ~1e-14 relative (the tests assert 1e-6).
* **New-site suggestion** (:func:`suggest_new_site`): the grid cell of largest kriging variance,
  optionally weighted by population density, away from existing stations.
* **Spatial autocorrelation** (:func:`morans_i`): Moran's I with its normal-approximation and
  permutation tests.

Conventions
-----------
* Distances and areas are computed in **EPSG:6677** (JGD2011 / Japan Plane Rectangular CS IX, the
  zone of Kanagawa and Tokyo, metres); geometries are *returned* in **EPSG:4326** for display.
  Grids from :func:`make_grid` are in EPSG:6677 with 2-D ``lon``/``lat`` coordinates for plotting.
* Every GeoDataFrame given must carry a CRS; there is no guessing. Plain DataFrames with
  ``latitude``/``longitude`` columns and the station coordinates of an air dataset are read as
  WGS 84 / JGD2011 geographic degrees (EPSG:4326; the two datums differ by < 1 m in Japan).
* Hourly data follow :mod:`kgi_lab.air.schema` (naive local standard time labelling the beginning
  of each hour). Daily means use the Japanese valid-day rule: a day counts only with at least 20
  valid hourly values; days that fail are counted and reported in ``attrs["cleaning"]``.

References
----------
.. [1] US EPA (2007). *Ambient Air Monitoring Network Assessment Guidance: Analytical Techniques
   for Technical Assessments of Ambient Air Monitoring Networks*. EPA-454/D-07-001, Office of Air
   Quality Planning and Standards, Research Triangle Park, NC. (Area served, correlation, removal
   bias, new-site analyses; required every 5 years by 40 CFR 58.10(d).)
.. [2] Wells, B. (2019). NetAssess2020: tools for the 2020 5-year ambient air monitoring network
   assessments. US EPA OAQPS, https://github.com/USEPA/NetAssess2020 (``server.r``: correlation
   matrix = daily values, pairwise Pearson r, number of pairs, distance, mean absolute difference;
   removal bias = Delaunay neighbours, 1/d² weights, estimate − observed, mean/sd/min/max and mean
   relative difference in %). Based on LADCO's NetAssess, https://github.com/LADCO/NetAssessApp.
.. [3] Kitanidis, P. K. (1997). *Introduction to Geostatistics: Applications in Hydrogeology*.
   Cambridge University Press (ordinary kriging, variogram models).
.. [4] Murphy, B., Yurchak, R., Müller, S. (2024). PyKrige 1.7, https://github.com/GeoStat-Framework
   /PyKrige (variogram parameter conventions followed here so that parameters are interchangeable).
.. [5] Shepard, D. (1968). A two-dimensional interpolation function for irregularly-spaced data.
   Proc. 23rd ACM National Conference, 517–524, doi:10.1145/800186.810616 (IDW).
.. [6] Moran, P. A. P. (1950). Notes on continuous stochastic phenomena. Biometrika 37, 17–23,
   doi:10.2307/2332142; Cliff, A. D., Ord, J. K. (1981). *Spatial Processes: Models and
   Applications*. Pion, London (moments under normality); Rey, S. J., Anselin, L. (2007). PySAL,
   esda.Moran (permutation pseudo p-value convention).
.. [7] City of Yokohama, air-monitoring glossary 「測定時間」: a day with fewer than 20 measured hours
   has no daily mean (Japanese valid-day rule; kawasaki-facts.md §3).
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

__all__ = [
    "CRS_DISPLAY",
    "CRS_METRIC",
    "VARIOGRAM_MODELS",
    "CrossValidation",
    "MoransI",
    "Variogram",
    "area_served",
    "correlation_matrix",
    "correlation_pairs",
    "correlation_summary",
    "daily_means",
    "empirical_variogram",
    "fit_variogram",
    "idw_grid",
    "kriging_variance",
    "leave_one_out",
    "load_boundaries",
    "make_grid",
    "morans_i",
    "ordinary_kriging",
    "population_served",
    "removal_bias",
    "stations_gdf",
    "suggest_new_site",
]

#: Projected CRS for distances and areas: JGD2011 / Japan Plane Rectangular CS IX [m].
CRS_METRIC = "EPSG:6677"
#: Geographic CRS for display and output geometries.
CRS_DISPLAY = "EPSG:4326"
#: Variogram models, with PyKrige's parameter conventions (``range`` is the practical range).
VARIOGRAM_MODELS = ("spherical", "exponential", "gaussian")
#: Japanese valid-day rule: at least 20 valid hourly values (Yokohama glossary, ref. [7]).
VALID_DAY_MIN_HOURS = 20
_EPS_M = 1e-9  # distances below this [m] count as "at the station"


# --------------------------------------------------------------------------------------------
# Inputs: stations, boundaries, values
# --------------------------------------------------------------------------------------------


def _require_crs(gdf, what: str) -> None:
    if gdf.crs is None:
        raise ValueError(
            f"{what} has no CRS; set the one its coordinates are in, e.g. "
            f"gdf.set_crs('{CRS_DISPLAY}') for longitude/latitude or "
            f"gdf.set_crs('{CRS_METRIC}') for Japan Plane Rectangular CS IX metres"
        )


def load_boundaries(path: str | os.PathLike, *, layer: str | None = None, to_crs=CRS_METRIC):
    """Read boundary polygons (GeoJSON, GeoPackage, Shapefile …) and reproject them.

    Parameters
    ----------
    path : path-like
        Any file geopandas/pyogrio reads (e.g. MLIT 国土数値情報 N03 administrative areas, or
        ``datasets/kawasaki_wards_approx.geojson``).
    layer : str, optional
        Layer name for multi-layer files (GeoPackage).
    to_crs : str or pyproj.CRS, default ``"EPSG:6677"``
        CRS of the result; ``None`` keeps the file's CRS.

    Returns
    -------
    geopandas.GeoDataFrame
        Polygons in ``to_crs``.

    Raises
    ------
    ValueError
        If the file declares no CRS (a Shapefile without ``.prj``, say), if it holds no features,
        or if a geometry is not a polygon.
    """
    import geopandas as gpd

    kwargs = {} if layer is None else {"layer": layer}
    gdf = gpd.read_file(path, **kwargs)
    if gdf.crs is None:
        raise ValueError(
            f"boundary file {path} declares no CRS (a Shapefile needs its .prj); set it with "
            f"gpd.read_file(...).set_crs('EPSG:…') and pass the GeoDataFrame instead"
        )
    if len(gdf) == 0:
        raise ValueError(f"boundary file {path} holds no features")
    kinds = set(gdf.geometry.geom_type.dropna())
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise ValueError(f"boundary file {path} has non-polygon geometries: {sorted(kinds)}")
    return gdf if to_crs is None else gdf.to_crs(to_crs)


def _boundary_geometry(boundary):
    """The union of ``boundary`` (GeoDataFrame or GeoSeries with a CRS) in EPSG:6677."""
    import geopandas as gpd

    if not isinstance(boundary, gpd.GeoDataFrame | gpd.GeoSeries):
        raise TypeError(
            "boundary must be a GeoDataFrame or GeoSeries with a CRS (a bare shapely geometry has "
            "no CRS; wrap it: gpd.GeoSeries([geom], crs='EPSG:6677')), "
            f"got {type(boundary).__name__}"
        )
    _require_crs(boundary, "boundary")
    geom = boundary.to_crs(CRS_METRIC).union_all()
    if geom.is_empty or geom.area <= 0:
        raise ValueError("boundary has no area (empty or degenerate polygons)")
    return geom


def _from_station_master(codes) -> Any:
    from kgi_lab.datasets import load

    master = load("kawasaki_stations").set_index("station")
    codes = [str(c) for c in codes]
    unknown = [c for c in codes if c not in master.index]
    if unknown:
        raise ValueError(
            f"station(s) {', '.join(unknown)} have no coordinates: not in the dataset's station "
            "coordinates (latitude/longitude) nor in the kawasaki_stations master; add "
            "latitude/longitude coordinates or drop them"
        )
    return master.loc[codes]


def stations_gdf(stations, *, crs=CRS_DISPLAY):
    """Station points as a GeoDataFrame indexed by station code.

    Parameters
    ----------
    stations : xarray.Dataset or DataArray, GeoDataFrame, DataFrame or sequence of str
        * an air dataset (:mod:`kgi_lab.air.schema`): the ``latitude``/``longitude`` coordinates of
          its ``station`` dimension; if it has none, the codes are looked up in the
          ``kawasaki_stations`` master;
        * a GeoDataFrame with a CRS (its ``station`` column, if any, becomes the index);
        * a DataFrame with ``latitude`` and ``longitude`` columns [degree, EPSG:4326];
        * a sequence of NIES station codes, looked up in ``kawasaki_stations``.
    crs : str, default ``"EPSG:4326"``
        CRS of the result (``"EPSG:6677"`` for metric work).

    Returns
    -------
    geopandas.GeoDataFrame
        Index ``station`` (str); ``name`` and ``station_type`` when known; point geometries.

    Raises
    ------
    ValueError
        A station without coordinates (named), a GeoDataFrame without CRS, duplicate codes.
    """
    import geopandas as gpd

    if isinstance(stations, xr.DataArray | xr.Dataset):
        if "station" not in stations.dims:
            raise ValueError("the dataset has no 'station' dimension")
        codes = [str(c) for c in stations["station"].values]
        if "latitude" in stations.coords and "longitude" in stations.coords:
            df = pd.DataFrame(
                {
                    "latitude": np.asarray(stations["latitude"].values, dtype=float),
                    "longitude": np.asarray(stations["longitude"].values, dtype=float),
                },
                index=pd.Index(codes, name="station"),
            )
            for extra in ("name", "name_ja", "station_type", "ward"):
                if extra in stations.coords:
                    df[extra] = np.asarray(stations[extra].values)
            return stations_gdf(df, crs=crs)
        master = _from_station_master(codes)
        return stations_gdf(master.to_crs(CRS_DISPLAY), crs=crs)
    if isinstance(stations, gpd.GeoDataFrame):
        _require_crs(stations, "stations")
        gdf = stations.copy()
        if "station" in gdf.columns:
            gdf = gdf.set_index("station")
        gdf.index = gdf.index.astype(str).rename("station")
        bad = gdf.index[gdf.geometry.isna() | gdf.geometry.is_empty]
        if len(bad):
            raise ValueError(f"station(s) {', '.join(bad)} have no coordinates (empty geometry)")
        if not (gdf.geometry.geom_type == "Point").all():
            raise ValueError("stations must be point geometries")
        _check_unique(gdf.index)
        return gdf.to_crs(crs)
    if isinstance(stations, pd.DataFrame):
        df = stations.copy()
        if "station" in df.columns:
            df = df.set_index("station")
        lat = next((c for c in ("latitude", "lat") if c in df.columns), None)
        lon = next((c for c in ("longitude", "lon") if c in df.columns), None)
        if lat is None or lon is None:
            raise ValueError(
                "a station DataFrame needs 'latitude' and 'longitude' columns [degree, EPSG:4326]"
            )
        df.index = df.index.astype(str).rename("station")
        lat_v = pd.to_numeric(df[lat], errors="coerce").to_numpy(float)
        lon_v = pd.to_numeric(df[lon], errors="coerce").to_numpy(float)
        bad = df.index[~(np.isfinite(lat_v) & np.isfinite(lon_v))]
        if len(bad):
            names = [_label(df, s) for s in bad]
            raise ValueError(
                f"station(s) {', '.join(names)} have no coordinates (latitude/longitude missing); "
                "add them or drop these stations"
            )
        if np.any(np.abs(lat_v) > 90) or np.any(np.abs(lon_v) > 180):
            raise ValueError("latitude/longitude out of range: are they degrees (EPSG:4326)?")
        _check_unique(df.index)
        out = gpd.GeoDataFrame(
            df.drop(columns=[lat, lon]),
            geometry=gpd.points_from_xy(lon_v, lat_v),
            crs=CRS_DISPLAY,
        )
        return out.to_crs(crs)
    if isinstance(stations, list | tuple | pd.Index | np.ndarray):
        master = _from_station_master(stations)
        return stations_gdf(master.to_crs(CRS_DISPLAY), crs=crs)
    raise TypeError(f"cannot read stations from {type(stations).__name__}")


def _label(df, code) -> str:
    if "name" in df.columns and isinstance(df.loc[code, "name"], str):
        return f"{code} ({df.loc[code, 'name']})"
    return str(code)


def _check_unique(index) -> None:
    dup = index[index.duplicated()].unique()
    if len(dup):
        raise ValueError(f"station code(s) {', '.join(map(str, dup))} appear more than once")


def _station_xy(stations) -> tuple[pd.Index, np.ndarray]:
    gdf = stations_gdf(stations, crs=CRS_METRIC)
    return gdf.index, np.column_stack([gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()])


def _values_at_stations(values, stations) -> tuple[pd.Index, np.ndarray, np.ndarray, dict]:
    """Align ``values`` with station coordinates; drop NaN values (reported)."""
    units = None
    if isinstance(values, xr.DataArray):
        units = values.attrs.get("units")
        if values.dims != ("station",):
            raise ValueError(
                f"values must be one value per station (dims ('station',)), got dims {values.dims}"
            )
        if stations is None:
            stations = values
        values = pd.Series(
            np.asarray(values.values, dtype=float),
            index=[str(s) for s in values["station"].values],
        )
    if stations is None:
        raise ValueError("give the stations (coordinates) for these values")
    codes, xy = _station_xy(stations)
    if isinstance(values, pd.Series):
        units = units or values.attrs.get("units")
        v = values.copy()
        v.index = v.index.astype(str)
        missing = [c for c in v.index if c not in codes]
        if missing:
            raise ValueError(
                f"value(s) for station(s) {', '.join(missing)} but no coordinates for them"
            )
        z = v.reindex(codes).to_numpy(dtype=float)
    else:
        z = np.asarray(values, dtype=float).ravel()
        if z.size != len(codes):
            raise ValueError(f"{z.size} values for {len(codes)} stations; give one per station")
    ok = np.isfinite(z)
    report = {"units": units, "dropped_no_value": [str(c) for c in codes[~ok]]}
    return codes[ok], xy[ok], z[ok], report


# --------------------------------------------------------------------------------------------
# Area and population served
# --------------------------------------------------------------------------------------------


def area_served(stations, boundary):
    """Voronoi (Thiessen) polygons of the stations, clipped to the boundary.

    Each point of the city is assigned to its nearest station (planar distance in EPSG:6677).

    Parameters
    ----------
    stations : see :func:`stations_gdf`
        Usually one pollutant's current stations.
    boundary : GeoDataFrame or GeoSeries
        The area of interest, with a CRS (e.g. the ``kawasaki_wards_approx`` polygons, whose
        union is the city).

    Returns
    -------
    geopandas.GeoDataFrame
        Index ``station``; ``area_km2`` [km²] (computed in EPSG:6677), ``area_share_pct`` [%];
        polygon geometry in EPSG:4326. ``attrs["boundary_area_km2"]`` holds the total.

    Raises
    ------
    ValueError
        No stations, or two stations at the same place (their cells would be undefined).

    References
    ----------
    US EPA (2007), EPA-454/D-07-001, "area served"; NetAssess2020 (Wells 2019).
    """
    import geopandas as gpd
    import shapely

    codes, xy = _station_xy(stations)
    region = _boundary_geometry(boundary)
    if len(codes) == 0:
        raise ValueError("no stations given")
    _check_distinct_locations(codes, xy)
    if len(codes) == 1:
        cells = [region]
    else:
        pts = shapely.multipoints(xy)
        extent = shapely.box(*region.buffer(10_000.0).bounds).union(
            shapely.box(*pts.buffer(10_000.0).bounds)
        )
        polys = shapely.voronoi_polygons(pts, extend_to=extent, ordered=True)
        cells = shapely.intersection(np.asarray(polys.geoms), region)
    area = shapely.area(np.asarray(cells, dtype=object)) / 1e6
    out = gpd.GeoDataFrame(
        {"area_km2": area, "area_share_pct": 100.0 * area / (region.area / 1e6)},
        geometry=list(cells),
        index=pd.Index(codes, name="station"),
        crs=CRS_METRIC,
    )
    extra = stations_gdf(stations)
    for col in ("name", "station_type"):
        if col in extra.columns:
            out.insert(0, col, extra.loc[codes, col].to_numpy())
    out = out.to_crs(CRS_DISPLAY)
    out.attrs.update(
        boundary_area_km2=region.area / 1e6,
        method="Voronoi (Thiessen) polygons clipped to the boundary, computed in EPSG:6677",
    )
    return out


def _check_distinct_locations(codes, xy) -> None:
    from scipy.spatial.distance import pdist, squareform

    if len(codes) < 2:
        return
    d = squareform(pdist(xy))
    np.fill_diagonal(d, np.inf)
    i, j = np.nonzero(np.triu(d < 1.0))
    if len(i):
        pairs = ", ".join(f"{codes[a]}/{codes[b]}" for a, b in zip(i, j, strict=True))
        raise ValueError(
            f"stations less than 1 m apart ({pairs}); keep one of each pair (a relocated station "
            "and its predecessor should not both be in the network)"
        )


def population_served(area_polygons, wards, *, population: str = "population_2015"):
    """Population in each station's area by areal weighting of ward populations.

    Assumption: **population is spread uniformly within each ward**, so a cell covering a share
    *a* of a ward's area gets the same share of its population:
    ``pop_station = Σ_wards pop_ward × area(cell ∩ ward) / area(ward)``. Areal weighting
    conserves totals: when the cells cover the wards, the stations' populations sum to the city's.

    Parameters
    ----------
    area_polygons : GeoDataFrame
        From :func:`area_served` (index ``station``), with a CRS.
    wards : GeoDataFrame
        Ward polygons with a CRS and a population column, e.g.
        ``load("kawasaki_wards_approx")`` (approximate polygons, 2015 census populations).
    population : str, default ``"population_2015"``
        Name of the population column [persons].

    Returns
    -------
    geopandas.GeoDataFrame
        ``area_polygons`` plus ``population`` [persons], ``population_share_pct`` [%] and
        ``population_density_per_km2`` [persons km-2]. ``attrs``: ``population_total``,
        ``population_assigned`` and ``population_unassigned`` (people in ward parts no cell
        covers, e.g. where the boundaries differ), and the assumption.

    Raises
    ------
    ValueError
        Missing CRS, missing population column, or a ward with a missing/negative population.

    References
    ----------
    Goodchild, M. F., Lam, N. S.-N. (1980). Areal interpolation: a variant of the traditional
    spatial problem. Geo-Processing 1, 297–312. NetAssess "area served" population uses the same
    areal weighting of census units (US EPA 2007, EPA-454/D-07-001).
    """
    import shapely

    _require_crs(area_polygons, "area_polygons")
    _require_crs(wards, "wards")
    if population not in wards.columns:
        raise ValueError(
            f"wards has no population column '{population}' (columns: {', '.join(wards.columns)})"
        )
    pop = pd.to_numeric(wards[population], errors="coerce").to_numpy(float)
    bad = ~np.isfinite(pop) | (pop < 0)
    if bad.any():
        label = wards["ward"] if "ward" in wards.columns else wards.index
        raise ValueError(
            f"ward(s) {', '.join(map(str, np.asarray(label)[bad]))} have a missing or negative "
            f"'{population}'"
        )
    cells = np.asarray(area_polygons.to_crs(CRS_METRIC).geometry.values, dtype=object)
    ward_geoms = np.asarray(wards.to_crs(CRS_METRIC).geometry.values, dtype=object)
    ward_area = shapely.area(ward_geoms)
    if np.any(ward_area <= 0):
        raise ValueError("a ward polygon has zero area")
    overlap = shapely.area(shapely.intersection(cells[:, None], ward_geoms[None, :]))
    served = overlap / ward_area[None, :] @ pop
    out = area_polygons.copy()
    total = float(pop.sum())
    out["population"] = served
    out["population_share_pct"] = 100.0 * served / total
    out["population_density_per_km2"] = served / out["area_km2"].where(out["area_km2"] > 0)
    unassigned = total - float(served.sum())
    out.attrs.update(
        population_column=population,
        population_total=total,
        population_assigned=float(served.sum()),
        population_unassigned=unassigned,
        assumption="uniform population density within each ward (areal weighting)",
    )
    if abs(unassigned) > 1e-6 * max(total, 1.0):
        warnings.warn(
            f"{unassigned:,.0f} of {total:,.0f} people live in ward parts that no station cell "
            "covers (the boundary of the cells differs from the wards'); they are not assigned "
            "and are reported in attrs['population_unassigned']",
            stacklevel=2,
        )
    return out


# --------------------------------------------------------------------------------------------
# Time series: daily means, correlation matrix, removal bias
# --------------------------------------------------------------------------------------------


def _pollutant(ds: xr.Dataset, pollutant: str) -> xr.DataArray:
    if not isinstance(ds, xr.Dataset):
        raise TypeError(f"expected an air dataset (xarray.Dataset), got {type(ds).__name__}")
    if pollutant not in ds.data_vars:
        raise ValueError(
            f"pollutant '{pollutant}' is not in the dataset (variables: "
            f"{', '.join(map(str, ds.data_vars)) or 'none'})"
        )
    da = ds[pollutant]
    if set(da.dims) != {"station", "time"}:
        raise ValueError(f"{pollutant} must have dims (station, time), got {da.dims}")
    return da.transpose("station", "time")


def daily_means(
    ds: xr.Dataset, pollutant: str, *, min_valid_hours: int = VALID_DAY_MIN_HOURS
) -> xr.DataArray:
    """Daily means of hourly values with the Japanese valid-day rule.

    A day (local standard time, hours labelled by their beginning, so 00:00–23:00 labels form one
    day) gets a mean only if at least ``min_valid_hours`` of its 24 hours are valid; otherwise it
    is NaN. Hours are counted against the full calendar (24 per day), not against the rows
    present, so a series with missing rows is not flattered (the openair pitfall).

    Parameters
    ----------
    ds : xarray.Dataset
        Hourly air dataset (:mod:`kgi_lab.air.schema`).
    pollutant : str
        Variable name, e.g. ``"no2"``.
    min_valid_hours : int, default 20
        Valid hours needed for a daily mean (20: Yokohama/Japanese practice, ref. [7]).

    Returns
    -------
    xarray.DataArray
        Dims (station, time) with one label per day (00:00); units as the input.
        ``attrs["cleaning"]`` lists the days rejected per station.
    """
    from kgi_lab.air.standards import daily_means as _calendar_daily_means

    da = _pollutant(ds, pollutant)
    times = pd.DatetimeIndex(da["time"].values)
    if times.tz is not None:
        raise ValueError("time must be naive local standard time (see kgi_lab.air.schema)")
    if len(times) > 1:
        step = np.diff(times.values).astype("timedelta64[s]").astype(int)
        if np.any(step % 3600 != 0) or np.any(step <= 0):
            raise ValueError(f"{pollutant}: time must be hourly and increasing")
    # One implementation of the valid-day rule (kgi_lab.air.standards), then the days that hold
    # rows, as before (days without any row carry no information for correlations).
    mean, count = _calendar_daily_means(
        da.transpose("station", "time"), min_valid_hours, return_counts=True
    )
    present = np.unique(times.floor("D").values)
    mean, count = mean.sel(time=present), count.sel(time=present).values
    rejected = (count > 0) & (count < min_valid_hours)
    out = xr.DataArray(
        mean.values,
        dims=("station", "time"),
        coords={"station": da["station"].values, "time": present},
        attrs=dict(da.attrs),
        name=pollutant,
    )
    for c, v in da.coords.items():
        if c not in ("station", "time") and v.dims == ("station",):
            out = out.assign_coords({c: v})
    out.attrs["cell_methods"] = "time: mean (interval: 1 hour)"
    out.attrs["cleaning"] = [
        {
            "step": "daily mean",
            "rule": f">= {min_valid_hours} valid hourly values per day",
            "days_rejected": {
                str(s): int(n) for s, n in zip(da["station"].values, rejected.sum(1), strict=True)
            },
            "days_rejected_total": int(rejected.sum()),
        }
    ]
    return out


def _series(ds, pollutant, freq) -> xr.DataArray:
    if freq in (None, "h", "1h", "H"):
        da = _pollutant(ds, pollutant)
        return da.assign_attrs(cleaning=[])
    if freq in ("D", "1D"):
        return daily_means(ds, pollutant)
    raise ValueError(f"freq must be 'D' (daily means, the NetAssess basis) or 'h', got {freq!r}")


def _pairwise_pearson(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise-complete Pearson r and pair counts of the rows of ``x`` (NaN = missing)."""
    m = np.isfinite(x)
    mf = m.astype(float)
    # row means as sum / count: an all-NaN row gives NaN silently (np.nanmean would emit
    # "RuntimeWarning: Mean of empty slice", which np.errstate does not silence)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.where(m, x, 0.0).sum(axis=1, keepdims=True) / mf.sum(axis=1, keepdims=True)
    x0 = np.where(m, x - np.nan_to_num(centre), 0.0)
    n = mf @ mf.T
    sx = x0 @ mf.T  # Σ x_i over the times both i and j are valid
    sxx = (x0 * x0) @ mf.T
    sxy = x0 @ x0.T
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy - sx * sx.T / n
        var_i = sxx - sx**2 / n
        var_j = var_i.T
        r = cov / np.sqrt(var_i * var_j)
    r = np.where((n >= 2) & (var_i > 0) & (var_j > 0), np.clip(r, -1.0, 1.0), np.nan)
    return r, n.astype(int)


def correlation_matrix(ds: xr.Dataset, pollutant: str, *, freq: str = "D", min_pairs: int = 10):
    """Station × station correlation, distance and mean absolute difference (NetAssess).

    Parameters
    ----------
    ds : xarray.Dataset
        Hourly air dataset with station coordinates.
    pollutant : str
        e.g. ``"no2"`` [ppm], ``"pm25"`` [µg m-3].
    freq : {"D", "h"}, default "D"
        ``"D"``: daily means with the 20-hour rule (the NetAssess basis); ``"h"``: hourly values.
    min_pairs : int, default 10
        Pairs of values needed for r and the mean difference (NaN below).

    Returns
    -------
    xarray.Dataset
        Dims (``station_a``, ``station_b``): ``r`` [-] (Pearson, pairwise-complete),
        ``n_pairs`` [-], ``distance_km`` [km] (EPSG:6677), ``mean_abs_diff`` [pollutant units]
        = mean |x_a − x_b| over the common times. Stations without any value of the pollutant
        (at ``freq``; e.g. roadside stations for Ox) are dropped: ``attrs`` carry
        ``stations_without_data`` (codes) and ``n_stations_without_data``, besides pollutant,
        units, freq and cleaning (which records the drop too).
        Use :func:`correlation_pairs` for the r-vs-distance table and
        :func:`correlation_summary` for each station's closest partner.

    References
    ----------
    NetAssess2020 ``cormatTable`` (Wells 2019); US EPA (2007), EPA-454/D-07-001.
    """
    from scipy.spatial.distance import cdist

    da = _series(ds, pollutant, freq)
    codes_all, xy_all = _station_xy(ds)
    x_all = da.values.astype(float)
    has_data = np.isfinite(x_all).any(axis=1)
    codes, xy, x = codes_all[has_data], xy_all[has_data], x_all[has_data]
    without = [str(c) for c in codes_all[~has_data]]
    cleaning = list(da.attrs.get("cleaning", []))
    if without:
        cleaning.append(
            {
                "step": "correlation matrix",
                "rule": f"stations without any {pollutant} value dropped",
                "stations_without_data": without,
                "count": len(without),
            }
        )
    r, n = _pairwise_pearson(x)
    mad = np.full(r.shape, np.nan)
    for i in range(x.shape[0]):  # over stations (vectorised over time and partners)
        d = np.abs(x[i][None, :] - x)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mad[i] = np.nanmean(d, axis=1)
    enough = n >= min_pairs
    r = np.where(enough, r, np.nan)
    mad = np.where(enough, mad, np.nan)
    dist = cdist(xy, xy) / 1000.0
    units = da.attrs.get("units")
    coords = {"station_a": list(codes), "station_b": list(codes)}
    out = xr.Dataset(
        {
            "r": (("station_a", "station_b"), r, {"units": "1", "long_name": "Pearson r"}),
            "n_pairs": (("station_a", "station_b"), n, {"units": "1"}),
            "distance_km": (("station_a", "station_b"), dist, {"units": "km"}),
            "mean_abs_diff": (
                ("station_a", "station_b"),
                mad,
                {"units": units, "long_name": "mean absolute difference"},
            ),
        },
        coords=coords,
        attrs={
            "pollutant": pollutant,
            "units": units,
            "freq": "D" if freq in ("D", "1D") else "h",
            "min_pairs": min_pairs,
            "crs_metric": CRS_METRIC,
            "stations_without_data": without,
            "n_stations_without_data": len(without),
            "cleaning": cleaning,
        },
    )
    return out


def correlation_pairs(corr: xr.Dataset) -> pd.DataFrame:
    """Unique station pairs of a :func:`correlation_matrix`, sorted by distance.

    Returns
    -------
    pandas.DataFrame
        ``station_a``, ``station_b``, ``distance_km``, ``n_pairs``, ``r``, ``mean_abs_diff``;
        the NetAssess correlation table and the data of an r-vs-distance scatter.
    """
    a = corr["station_a"].values
    i, j = np.triu_indices(len(a), k=1)
    df = pd.DataFrame(
        {
            "station_a": a[i],
            "station_b": a[j],
            "distance_km": corr["distance_km"].values[i, j],
            "n_pairs": corr["n_pairs"].values[i, j],
            "r": corr["r"].values[i, j],
            "mean_abs_diff": corr["mean_abs_diff"].values[i, j],
        }
    )
    df = df.sort_values("distance_km", kind="stable").reset_index(drop=True)
    df.attrs.update({k: corr.attrs[k] for k in ("pollutant", "units", "freq") if k in corr.attrs})
    return df


def correlation_summary(corr: xr.Dataset) -> pd.DataFrame:
    """Each station's most similar partner: a quick redundancy screen.

    Returns
    -------
    pandas.DataFrame
        Index ``station``: ``partner`` (highest r), ``r_max``, ``distance_km`` and
        ``mean_abs_diff`` to that partner, ``r_mean`` over all partners, ``nearest_km`` (nearest
        station). High ``r_max`` with a small ``mean_abs_diff`` marks a candidate for removal,
        to be confirmed with :func:`removal_bias`.
    """
    r = corr["r"].values.copy()
    np.fill_diagonal(r, np.nan)
    codes = corr["station_a"].values
    has = np.isfinite(r).any(axis=1)
    best = np.argmax(np.where(np.isfinite(r), r, -np.inf), axis=1)
    rows = np.arange(len(codes))
    dist = corr["distance_km"].values.copy()
    np.fill_diagonal(dist, np.inf)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        r_mean = np.nanmean(r, axis=1)
    out = pd.DataFrame(
        {
            "partner": np.where(has, codes[best], None),
            "r_max": np.where(has, r[rows, best], np.nan),
            "distance_km": np.where(has, corr["distance_km"].values[rows, best], np.nan),
            "mean_abs_diff": np.where(has, corr["mean_abs_diff"].values[rows, best], np.nan),
            "r_mean": r_mean,
            "nearest_km": dist.min(axis=1) if len(codes) > 1 else np.nan,
        },
        index=pd.Index(codes, name="station"),
    )
    return out.sort_values("r_max", ascending=False, kind="stable")


def _neighbour_matrix(xy: np.ndarray, neighbours: str) -> np.ndarray:
    n = len(xy)
    if neighbours == "all":
        nb = ~np.eye(n, dtype=bool)
    elif neighbours == "delaunay":
        if n < 3:
            raise ValueError(
                f"Delaunay neighbours need at least 3 stations with data, got {n}; "
                "use neighbours='all'"
            )
        from scipy.spatial import Delaunay, QhullError

        try:
            tri = Delaunay(xy)
        except QhullError as exc:
            raise ValueError(
                "the stations are collinear, so there is no Delaunay triangulation; use "
                "neighbours='all'"
            ) from exc
        nb = np.zeros((n, n), dtype=bool)
        s = tri.simplices
        for a, b in ((0, 1), (1, 2), (0, 2)):
            nb[s[:, a], s[:, b]] = True
            nb[s[:, b], s[:, a]] = True
    else:
        raise ValueError(f"neighbours must be 'delaunay' or 'all', got {neighbours!r}")
    return nb


def removal_bias(
    ds: xr.Dataset,
    pollutant: str,
    *,
    power: float = 2.0,
    freq: str = "D",
    neighbours: str = "delaunay",
    rank_by: str = "abs_bias",
) -> pd.DataFrame:
    """EPA NetAssess removal bias: how well the other stations stand in for each station.

    For each station *s* and each time step *t* (day, by default), *s* is estimated from its
    neighbours *j* that have a value at *t* by inverse-distance weighting,
    ``est_s(t) = Σ_j w_sj x_j(t) / Σ_j w_sj`` with ``w_sj = d_sj^-power``, and compared with the
    measurement: ``diff = est − obs``. A station with a small mean difference adds little
    information: it is **redundant** (a candidate for relocation); a large bias means removing it
    would misrepresent its area.

    Parameters
    ----------
    ds : xarray.Dataset
        Hourly air dataset with station coordinates.
    pollutant : str
        e.g. ``"no2"``.
    power : float, default 2
        Distance exponent (NetAssess uses 1/d²).
    freq : {"D", "h"}, default "D"
        Daily means with the 20-hour rule (NetAssess basis), or hourly values.
    neighbours : {"delaunay", "all"}, default "delaunay"
        NetAssess uses the station's neighbours in the Delaunay triangulation of all stations
        with data (here built in EPSG:6677 metres; NetAssess triangulates longitude/latitude);
        ``"all"`` uses every other station.
    rank_by : {"abs_bias", "rmse", "abs_rel_bias"}, default "abs_bias"
        Redundancy ranking: rank 1 = smallest |mean bias| (most redundant). Errors of opposite
        sign cancel in the mean, so also look at ``rmse``.

    Returns
    -------
    pandas.DataFrame
        Index ``station``, sorted by ``redundancy_rank``: ``n_neighbours``, ``neighbours``
        (codes), ``n_obs`` (time steps compared), ``obs_mean`` and ``bias_mean``, ``bias_sd``,
        ``bias_min``, ``bias_max``, ``rmse`` [pollutant units], ``rel_bias_mean_pct`` [%] (mean of
        100·diff/obs over obs > 0, as NetAssess), ``r`` [-] (estimate vs observation) and
        ``redundancy_rank``. ``attrs``: units, method, and ``cleaning`` (days rejected, time steps
        without an estimate).

    Raises
    ------
    ValueError
        Unknown pollutant, fewer than 3 stations with data for Delaunay neighbours.

    References
    ----------
    US EPA (2007), EPA-454/D-07-001 (removal bias); NetAssess2020 ``rembiasTable`` (Wells 2019).
    """
    from scipy.spatial.distance import cdist

    if power <= 0:
        raise ValueError(f"power must be positive, got {power}")
    da = _series(ds, pollutant, freq)
    codes_all, xy_all = _station_xy(ds)
    x_all = da.values.astype(float)
    has_data = np.isfinite(x_all).any(axis=1)
    codes, xy, x = codes_all[has_data], xy_all[has_data], x_all[has_data]
    _check_distinct_locations(codes, xy)
    nb = _neighbour_matrix(xy, neighbours)
    d = cdist(xy, xy)
    with np.errstate(divide="ignore"):
        w = np.where(nb, d ** (-float(power)), 0.0)
    m = np.isfinite(x)
    x0 = np.where(m, x, 0.0)
    num = w @ x0
    den = w @ m.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        est = num / den
    use = m & (den > 0)
    diff = np.where(use, est - x, np.nan)
    n_obs = use.sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        obs = np.where(use, x, np.nan)
        rel = np.where(use & (x > 0), 100.0 * diff / np.where(x > 0, x, 1.0), np.nan)
        table = pd.DataFrame(
            {
                "n_neighbours": nb.sum(axis=1),
                "neighbours": [",".join(codes[row]) for row in nb],
                "n_obs": n_obs,
                "obs_mean": np.nanmean(obs, axis=1),
                "bias_mean": np.nanmean(diff, axis=1),
                "bias_sd": np.nanstd(diff, axis=1, ddof=1),
                "bias_min": np.nanmin(np.where(use, diff, np.inf), axis=1),
                "bias_max": np.nanmax(np.where(use, diff, -np.inf), axis=1),
                "rmse": np.sqrt(np.nanmean(diff**2, axis=1)),
                "rel_bias_mean_pct": np.nanmean(rel, axis=1),
                "r": _rowwise_pearson(np.where(use, est, np.nan), obs),
            },
            index=pd.Index(codes, name="station"),
        )
    none = n_obs == 0
    table.loc[none, ["bias_min", "bias_max"]] = np.nan
    keys = {
        "abs_bias": table["bias_mean"].abs(),
        "rmse": table["rmse"],
        "abs_rel_bias": table["rel_bias_mean_pct"].abs(),
    }
    if rank_by not in keys:
        raise ValueError(f"rank_by must be one of {sorted(keys)}, got {rank_by!r}")
    table["redundancy_rank"] = keys[rank_by].rank(method="min", na_option="bottom").astype(int)
    table = table.sort_values(["redundancy_rank", "rmse"], kind="stable")
    cleaning = list(da.attrs.get("cleaning", []))
    cleaning.append(
        {
            "step": "removal bias",
            "stations_without_data": [str(c) for c in codes_all[~has_data]],
            "n_stations_without_data": int((~has_data).sum()),
            "steps_without_estimate": {
                str(c): int(v) for c, v in zip(codes, (m & ~use).sum(axis=1), strict=True)
            },
        }
    )
    table.attrs.update(
        pollutant=pollutant,
        units=da.attrs.get("units"),
        freq="D" if freq in ("D", "1D") else "h",
        method=f"IDW (1/d^{power:g}) from {neighbours} neighbours, EPSG:6677 distances",
        rank_by=rank_by,
        cleaning=cleaning,
    )
    return table


def _rowwise_pearson(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    m = np.isfinite(a) & np.isfinite(b)
    n = m.sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        am = np.where(m, a, np.nan) - np.nanmean(np.where(m, a, np.nan), axis=1, keepdims=True)
        bm = np.where(m, b, np.nan) - np.nanmean(np.where(m, b, np.nan), axis=1, keepdims=True)
        cov = np.nansum(am * bm, axis=1)
        r = cov / np.sqrt(np.nansum(am**2, axis=1) * np.nansum(bm**2, axis=1))
    return np.where(n >= 2, r, np.nan)


# --------------------------------------------------------------------------------------------
# Grids, IDW, variograms, ordinary kriging
# --------------------------------------------------------------------------------------------


def make_grid(boundary, cell_m: float = 500.0) -> xr.Dataset:
    """A regular grid of cell centres over the boundary, in EPSG:6677.

    Parameters
    ----------
    boundary : GeoDataFrame or GeoSeries
        Area of interest, with a CRS.
    cell_m : float, default 500
        Cell size [m]. Centres sit at odd multiples of ``cell_m / 2`` so grids nest.

    Returns
    -------
    xarray.Dataset
        Dims (``y``, ``x``): coordinates ``x``, ``y`` [m, EPSG:6677; ``y`` increasing], 2-D
        ``lon``, ``lat`` [degree, EPSG:4326] and ``inside`` (bool: centre inside the boundary).
        ``attrs``: ``crs``, ``cell_m``, ``n_inside``.
    """
    import shapely
    from pyproj import Transformer

    if not cell_m > 0:
        raise ValueError(f"cell_m must be positive, got {cell_m}")
    region = _boundary_geometry(boundary)
    x0, y0, x1, y1 = region.bounds
    half = cell_m / 2.0
    xs = np.arange(math.floor(x0 / cell_m) * cell_m + half, x1 + half, cell_m)
    ys = np.arange(math.floor(y0 / cell_m) * cell_m + half, y1 + half, cell_m)
    xx, yy = np.meshgrid(xs, ys)
    inside = shapely.contains_xy(region, xx, yy)
    lon, lat = Transformer.from_crs(CRS_METRIC, CRS_DISPLAY, always_xy=True).transform(xx, yy)
    return xr.Dataset(
        {"inside": (("y", "x"), inside)},
        coords={
            "x": ("x", xs, {"units": "m", "crs": CRS_METRIC, "long_name": "easting"}),
            "y": ("y", ys, {"units": "m", "crs": CRS_METRIC, "long_name": "northing"}),
            "lon": (("y", "x"), lon, {"units": "degree_east"}),
            "lat": (("y", "x"), lat, {"units": "degree_north"}),
        },
        attrs={"crs": CRS_METRIC, "cell_m": float(cell_m), "n_inside": int(inside.sum())},
    )


def _grid_targets(grid):
    """(xy of targets, wrap(flat arrays) -> Dataset) for a grid Dataset or point input."""
    import geopandas as gpd

    if isinstance(grid, xr.Dataset):
        if grid.attrs.get("crs") not in (None, CRS_METRIC):
            raise ValueError(f"grid must be in {CRS_METRIC}, got {grid.attrs.get('crs')}")
        if "x" not in grid.coords or "y" not in grid.coords:
            raise ValueError("grid needs x and y coordinates (use make_grid)")
        xx, yy = np.meshgrid(grid["x"].values, grid["y"].values)
        inside = grid["inside"].values if "inside" in grid else np.ones(xx.shape, bool)
        xy = np.column_stack([xx[inside], yy[inside]])

        def wrap(arrays: dict, attrs: dict) -> xr.Dataset:
            data = {}
            for name, (flat, a) in arrays.items():
                full = np.full(xx.shape, np.nan)
                full[inside] = flat
                data[name] = (("y", "x"), full, a)
            coords = {k: grid.coords[k] for k in grid.coords}
            return xr.Dataset(data, coords=coords, attrs={"crs": CRS_METRIC, **attrs})

        return xy, wrap
    if isinstance(grid, gpd.GeoDataFrame | gpd.GeoSeries):
        _require_crs(grid, "grid points")
        g = grid.to_crs(CRS_METRIC).geometry
        xy = np.column_stack([g.x.to_numpy(), g.y.to_numpy()])
    else:
        xy = np.asarray(grid, dtype=float)
        if xy.ndim != 2 or xy.shape[1] != 2:
            raise ValueError(
                "grid must be a make_grid Dataset, a GeoDataFrame of points, or an (m, 2) array "
                f"of EPSG:6677 x/y [m]; got shape {xy.shape}"
            )

    def wrap_points(arrays: dict, attrs: dict) -> xr.Dataset:
        data = {name: (("point",), flat, a) for name, (flat, a) in arrays.items()}
        return xr.Dataset(
            data,
            coords={"x": ("point", xy[:, 0]), "y": ("point", xy[:, 1])},
            attrs={"crs": CRS_METRIC, **attrs},
        )

    return xy, wrap_points


def _idw(xy_s: np.ndarray, z: np.ndarray, xy_t: np.ndarray, power: float) -> np.ndarray:
    from scipy.spatial.distance import cdist

    d = cdist(xy_t, xy_s)
    at = d <= _EPS_M
    with np.errstate(divide="ignore"):
        w = np.where(at, 0.0, d ** (-float(power)))
    est = (w @ z) / w.sum(axis=1)
    hit = at.any(axis=1)
    est[hit] = z[np.argmax(at[hit], axis=1)]  # exact at the stations
    return est


def idw_grid(values, stations, grid, power: float = 2.0) -> xr.DataArray:
    """Inverse-distance-weighted interpolation (Shepard 1968) onto a grid.

    ``z(x) = Σ_i d_i^-p z_i / Σ_i d_i^-p`` with planar distances in EPSG:6677; exact at the
    stations (a target within 1e-9 m of a station takes its value).

    Parameters
    ----------
    values : pandas.Series (index = station) or xarray.DataArray (dim station) or array
        One value per station, e.g. annual mean NO2 [ppm]; NaN values are dropped.
    stations : see :func:`stations_gdf`, or None when ``values`` is a DataArray with coordinates
    grid : xarray.Dataset from :func:`make_grid`, GeoDataFrame of points, or (m, 2) array [m]
    power : float, default 2

    Returns
    -------
    xarray.DataArray
        ``idw`` on the grid's (y, x) (NaN outside the boundary) or on ``point``.
    """
    if not power > 0:
        raise ValueError(f"power must be positive, got {power}")
    codes, xy, z, report = _values_at_stations(values, stations)
    if len(z) == 0:
        raise ValueError("no station has a value")
    xy_t, wrap = _grid_targets(grid)
    est = _idw(xy, z, xy_t, power)
    out = wrap(
        {"idw": (est, {"units": report["units"], "long_name": f"IDW (power {power:g})"})},
        {"method": f"IDW power {power:g}", "stations": list(codes), **report},
    )
    return out["idw"].assign_attrs(out.attrs | out["idw"].attrs)


@dataclass(frozen=True)
class Variogram:
    """A variogram model with PyKrige's conventions.

    ``gamma(h) = nugget + psill · f(h / range_m)`` with, for ``h > 0``:

    * spherical: ``f = 1.5 r − 0.5 r³`` for r ≤ 1, 1 beyond (``range_m`` is the true range);
    * exponential: ``f = 1 − exp(−3 r)`` (``range_m`` is the practical range, 95 % of the sill);
    * gaussian: ``f = 1 − exp(−(7 r / 4)²)`` (practical range, as PyKrige).

    ``gamma(0) = 0``: the nugget is the jump at the origin, so kriging honours the data.
    Units: ``psill`` and ``nugget`` in (value units)², ``range_m`` in metres.
    """

    model: str
    psill: float
    range_m: float
    nugget: float = 0.0
    empirical: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.model not in VARIOGRAM_MODELS:
            raise ValueError(f"variogram must be one of {VARIOGRAM_MODELS}, got {self.model!r}")
        if not (self.range_m > 0 and self.psill >= 0 and self.nugget >= 0):
            raise ValueError(
                f"variogram parameters must be psill >= 0, range_m > 0, nugget >= 0; got "
                f"psill={self.psill}, range_m={self.range_m}, nugget={self.nugget}"
            )

    @property
    def sill(self) -> float:
        """Total sill = psill + nugget."""
        return self.psill + self.nugget

    def __call__(self, h) -> np.ndarray:
        """Semivariance at lag(s) ``h`` [m]; 0 at h = 0."""
        h = np.asarray(h, dtype=float)
        flat = h.reshape(-1)
        f = flat * (1.0 / self.range_m)  # r = h / range; then f(r) in place (large grids)
        if self.model == "spherical":
            np.minimum(f, 1.0, out=f)  # 1.5 r − 0.5 r³ is 1 for r >= 1
            r = f.copy()
            f *= f
            f *= -0.5
            f += 1.5
            f *= r
        elif self.model == "exponential":
            f *= -3.0
            np.expm1(f, out=f)
            f *= -1.0
        else:
            f *= 1.75
            np.square(f, out=f)
            f *= -1.0
            np.expm1(f, out=f)
            f *= -1.0
        f *= self.psill
        f += self.nugget
        f[flat <= _EPS_M] = 0.0
        return f.reshape(h.shape)

    def as_pykrige(self) -> dict:
        """Parameters as PyKrige's ``variogram_parameters`` dict."""
        return {"psill": self.psill, "range": self.range_m, "nugget": self.nugget}


def _as_variogram(variogram, params) -> Variogram | None:
    if isinstance(variogram, Variogram):
        return variogram
    if variogram not in VARIOGRAM_MODELS:
        raise ValueError(f"variogram must be one of {VARIOGRAM_MODELS}, got {variogram!r}")
    if params is None:
        return None
    if isinstance(params, Variogram):
        return params
    p = dict(params)
    nugget = float(p.get("nugget", 0.0))
    rng = p.get("range_m", p.get("range"))
    if rng is None:
        raise ValueError("variogram params need 'range' (or 'range_m') [m]")
    if "psill" in p:
        psill = float(p["psill"])
    elif "sill" in p:
        psill = float(p["sill"]) - nugget
    else:
        raise ValueError("variogram params need 'psill' or 'sill'")
    return Variogram(variogram, psill, float(rng), nugget)


def _empirical(xy: np.ndarray, z: np.ndarray, nlags: int) -> pd.DataFrame:
    from scipy.spatial.distance import pdist

    if len(z) < 3:
        raise ValueError(f"a variogram needs at least 3 stations with data, got {len(z)}")
    if nlags < 1:
        raise ValueError(f"nlags must be at least 1, got {nlags}")
    d = pdist(xy)
    g = 0.5 * pdist(z[:, None], "sqeuclidean")
    edges = d.min() + (d.max() - d.min()) / nlags * np.arange(nlags + 1)
    edges[-1] = d.max() + 0.001
    idx = np.clip(np.searchsorted(edges, d, side="right") - 1, 0, nlags - 1)
    n = np.bincount(idx, minlength=nlags)
    with np.errstate(invalid="ignore", divide="ignore"):
        lag = np.bincount(idx, weights=d, minlength=nlags) / n
        gam = np.bincount(idx, weights=g, minlength=nlags) / n
    keep = n > 0
    return pd.DataFrame({"lag_m": lag[keep], "semivariance": gam[keep], "n_pairs": n[keep]})


def empirical_variogram(values, stations=None, *, nlags: int = 6) -> pd.DataFrame:
    """Binned empirical semivariogram (Matheron estimator).

    All station pairs, ``gamma = ½ (z_i − z_j)²``, in ``nlags`` equal-width lag bins from the
    smallest to the largest distance (PyKrige's binning); empty bins are dropped.

    Returns
    -------
    pandas.DataFrame
        ``lag_m`` (mean distance in the bin) [m], ``semivariance`` [(value units)²], ``n_pairs``.
    """
    _, xy, z, _ = _values_at_stations(values, stations)
    return _empirical(xy, z, nlags)


def _fit(xy: np.ndarray, z: np.ndarray, model: str, nlags: int) -> Variogram:
    from scipy.optimize import least_squares

    if model not in VARIOGRAM_MODELS:
        raise ValueError(f"variogram must be one of {VARIOGRAM_MODELS}, got {model!r}")
    emp = _empirical(xy, z, nlags)
    lag, gam = emp["lag_m"].to_numpy(), emp["semivariance"].to_numpy()
    g_scale, h_scale = gam.max(), lag.max()
    if not g_scale > 0:  # all values equal: a flat variogram
        return Variogram(model, 0.0, float(h_scale), 0.0, emp)
    # Fit in normalised units (γ / max γ, h / max lag): the soft-L1 loss and the solver's
    # tolerances then mean the same for ppm and µg m-3 data.
    g, h = gam / g_scale, lag / h_scale
    x0 = [g.max() - g.min(), 0.25, g.min()]
    upper = [10.0, 1.0, 1.0]

    def resid(p):
        return Variogram(model, p[0], max(p[1], 1e-9), p[2])(h) - g

    res = least_squares(resid, x0, bounds=([0.0, 0.0, 0.0], upper), loss="soft_l1")
    psill, rng, nugget = res.x
    return Variogram(
        model, float(psill * g_scale), float(max(rng, 1e-9) * h_scale), float(nugget * g_scale), emp
    )


def fit_variogram(values, stations=None, model: str = "spherical", *, nlags: int = 6) -> Variogram:
    """Fit a variogram model to the empirical semivariogram.

    Robust least squares (``scipy.optimize.least_squares``, soft-L1 loss) on the binned
    semivariances with PyKrige's start values and bounds (psill ∈ [0, 10·max γ], range ∈ [0,
    max lag], nugget ∈ [0, max γ]), but in normalised units (γ / max γ, h / max lag). PyKrige
    fits in the data's units: for ppm-scale data (semivariances ~1e-6 ppm²) the gradient is below
    the solver's tolerance at once and PyKrige returns its start values unchanged; here the fit
    is the same whatever the units (asserted in the tests). With few stations (Kawasaki has 9–18
    per pollutant) any fit is fragile: inspect ``.empirical`` and prefer fixed, reasoned
    parameters for reporting.

    Returns
    -------
    Variogram
        With the empirical table in ``.empirical``.
    """
    _, xy, z, _ = _values_at_stations(values, stations)
    return _fit(xy, z, model, nlags)


def _kriging_solve(xy_s, vgm: Variogram, xy_t, z=None, block: int = 100_000):
    """Ordinary kriging weights applied to targets, in blocks of targets.

    Solves ``[Γ 1; 1ᵀ 0] [λ; μ] = [γ0; 1]`` for all targets (the system matrix is inverted once
    via its LU factors, as PyKrige's vectorised backend does).
    Returns (prediction or None, variance).
    """
    import scipy.linalg
    from scipy.spatial.distance import cdist

    if not vgm.sill > 0:
        raise ValueError(
            "the variogram has a zero sill (are all station values equal?); kriging is undefined"
        )
    n = len(xy_s)
    a = np.ones((n + 1, n + 1))
    a[:n, :n] = vgm(cdist(xy_s, xy_s))
    a[n, n] = 0.0
    # the (n+1)² system is tiny: factorise once, then one matrix product per block of targets
    a_inv = scipy.linalg.lu_solve(scipy.linalg.lu_factor(a), np.eye(n + 1))
    m = len(xy_t)
    pred = None if z is None else np.empty(m)
    var = np.empty(m)
    for start in range(0, m, block):  # blocks of grid points, bounded memory
        t = xy_t[start : start + block]
        b = np.empty((n + 1, len(t)))
        b[:n] = vgm(cdist(xy_s, t))
        b[n] = 1.0
        sol = a_inv @ b  # [λ; μ] for every target
        var[start : start + len(t)] = np.einsum("ij,ij->j", sol, b)  # λ·γ0 + μ
        if z is not None:
            pred[start : start + len(t)] = z @ sol[:n]
    return pred, np.maximum(var, 0.0)


def _fit_or_given(variogram, params, xy, z, nlags) -> Variogram:
    vgm = _as_variogram(variogram, params)
    if vgm is None:
        vgm = _fit(xy, z, variogram, nlags)
    return vgm


def _need_three(codes, report) -> None:
    if len(codes) < 3:
        dropped = report.get("dropped_no_value") or []
        extra = f"; without values: {', '.join(dropped)}" if dropped else ""
        raise ValueError(
            f"ordinary kriging needs at least 3 stations with data, got {len(codes)} "
            f"({', '.join(map(str, codes)) or 'none'}){extra}"
        )


def ordinary_kriging(
    values,
    stations,
    grid,
    variogram: str | Variogram = "spherical",
    params: dict | None = None,
    *,
    nlags: int = 6,
) -> xr.Dataset:
    """Ordinary kriging of station values onto a grid, with the kriging variance.

    The weights λ and Lagrange multiplier μ solve ``Σ_j λ_j γ(x_i − x_j) + μ = γ(x_i − x_0)``,
    ``Σ λ_j = 1``; prediction ``ẑ(x_0) = Σ λ_j z_j`` and kriging variance
    ``σ²(x_0) = Σ λ_j γ(x_j − x_0) + μ`` (Kitanidis 1997, ch. 3). Planar distances in EPSG:6677.
    Agrees with ``pykrige.ok.OrdinaryKriging`` (same variogram) to ~1e-14 relative.

    Parameters
    ----------
    values : pandas.Series (index = station), xarray.DataArray (dim station) or array
        One value per station, e.g. annual mean NO2 [ppm]. NaN values are dropped and listed in
        ``attrs["dropped_no_value"]``.
    stations : see :func:`stations_gdf`, or None when ``values`` is a DataArray with coordinates
    grid : xarray.Dataset from :func:`make_grid`, GeoDataFrame of points or (m, 2) array [m]
    variogram : {"spherical", "exponential", "gaussian"} or Variogram, default "spherical"
    params : dict, optional
        ``{"psill" (or "sill"), "range" [m], "nugget"}`` as in PyKrige. If omitted, the model is
        fitted with :func:`fit_variogram`.
    nlags : int, default 6
        Lag bins for the automatic fit.

    Returns
    -------
    xarray.Dataset
        ``prediction`` [value units] and ``variance`` [(value units)²] on the grid (NaN outside
        the boundary). ``attrs``: variogram model and parameters, stations used, CRS.

    Raises
    ------
    ValueError
        Fewer than 3 stations with data (named), unknown variogram model, bad parameters.
    """
    codes, xy, z, report = _values_at_stations(values, stations)
    _need_three(codes, report)
    _check_distinct_locations(codes, xy)
    vgm = _fit_or_given(variogram, params, xy, z, nlags)
    xy_t, wrap = _grid_targets(grid)
    pred, var = _kriging_solve(xy, vgm, xy_t, z)
    units = report["units"]
    sq = f"({units})2" if units else None
    return wrap(
        {
            "prediction": (pred, {"units": units, "long_name": "ordinary kriging prediction"}),
            "variance": (var, {"units": sq, "long_name": "kriging variance"}),
        },
        {
            "method": "ordinary kriging",
            "variogram_model": vgm.model,
            "psill": vgm.psill,
            "range_m": vgm.range_m,
            "nugget": vgm.nugget,
            "stations": list(codes),
            **report,
        },
    )


def kriging_variance(stations, grid, variogram: Variogram) -> xr.DataArray:
    """Kriging variance for a station layout; it depends on locations only, not on values.

    Use it to test candidate networks: add a suggested site to the stations and see how the
    variance map changes (sequential network design).

    Returns
    -------
    xarray.DataArray
        ``variance`` [(value units)²] on the grid.
    """
    if not isinstance(variogram, Variogram):
        raise TypeError("variogram must be a Variogram (e.g. from fit_variogram)")
    codes, xy = _station_xy(stations)
    if len(codes) < 3:
        raise ValueError(f"ordinary kriging needs at least 3 stations, got {len(codes)}")
    _check_distinct_locations(codes, xy)
    xy_t, wrap = _grid_targets(grid)
    _, var = _kriging_solve(xy, variogram, xy_t)
    out = wrap({"variance": (var, {"long_name": "kriging variance"})}, {"stations": list(codes)})
    return out["variance"].assign_attrs(out.attrs | out["variance"].attrs)


@dataclass(frozen=True)
class CrossValidation:
    """Leave-one-out cross-validation of an interpolator.

    ``table`` has, per station: ``observed``, ``predicted`` (from the other stations), ``error``
    (= predicted − observed) and, for kriging, ``kriging_variance`` and ``standardised_error``
    (error / σ; its RMS should be near 1 if the variogram is right).
    """

    method: str
    table: pd.DataFrame
    rmse: float
    mae: float
    bias: float
    variogram: Variogram | None = None

    def summary(self) -> dict:
        """RMSE, MAE and bias [value units] as a dict."""
        return {"method": self.method, "rmse": self.rmse, "mae": self.mae, "bias": self.bias}


def leave_one_out(
    values,
    stations=None,
    method: str = "kriging",
    *,
    power: float = 2.0,
    variogram: str | Variogram = "spherical",
    params: dict | None = None,
    nlags: int = 6,
    refit: bool = False,
) -> CrossValidation:
    """Leave-one-out cross-validation: predict each station from all the others.

    Parameters
    ----------
    values, stations : as in :func:`ordinary_kriging`
    method : {"kriging", "idw"}
    power : float, default 2
        IDW exponent.
    variogram, params, nlags : as in :func:`ordinary_kriging`
        Without ``params`` the variogram is fitted once on all stations (``refit=False``) or
        again without each left-out station (``refit=True``, stricter).

    Returns
    -------
    CrossValidation
        Table per station, RMSE, MAE and bias (mean of predicted − observed) [value units].
    """
    codes, xy, z, report = _values_at_stations(values, stations)
    n = len(z)
    if method == "idw":
        if n < 2:
            raise ValueError(f"leave-one-out IDW needs at least 2 stations with data, got {n}")
        from scipy.spatial.distance import cdist

        with np.errstate(divide="ignore"):
            w = cdist(xy, xy) ** (-float(power))
        np.fill_diagonal(w, 0.0)
        pred = (w @ z) / w.sum(axis=1)
        table = pd.DataFrame(
            {"observed": z, "predicted": pred}, index=pd.Index(codes, name="station")
        )
        vgm = None
    elif method == "kriging":
        if n < 4:
            raise ValueError(
                f"leave-one-out kriging needs at least 4 stations with data (3 left each time), "
                f"got {n}"
            )
        _check_distinct_locations(codes, xy)
        vgm = _as_variogram(variogram, params)
        if vgm is None and not refit:
            vgm = _fit(xy, z, variogram, nlags)
        pred = np.empty(n)
        var = np.empty(n)
        for i in range(n):  # over stations
            keep = np.arange(n) != i
            v = vgm
            if v is None:
                v = _fit(xy[keep], z[keep], variogram, nlags)
            p, s2 = _kriging_solve(xy[keep], v, xy[i : i + 1], z[keep])
            pred[i], var[i] = p[0], s2[0]
        table = pd.DataFrame(
            {"observed": z, "predicted": pred, "kriging_variance": var},
            index=pd.Index(codes, name="station"),
        )
    else:
        raise ValueError(f"method must be 'kriging' or 'idw', got {method!r}")
    table["error"] = table["predicted"] - table["observed"]
    if "kriging_variance" in table:
        with np.errstate(divide="ignore", invalid="ignore"):
            table["standardised_error"] = table["error"] / np.sqrt(table["kriging_variance"])
    err = table["error"].to_numpy()
    table.attrs.update(units=report["units"], dropped_no_value=report["dropped_no_value"])
    return CrossValidation(
        method=method,
        table=table,
        rmse=float(np.sqrt(np.mean(err**2))),
        mae=float(np.mean(np.abs(err))),
        bias=float(np.mean(err)),
        variogram=vgm,
    )


# --------------------------------------------------------------------------------------------
# New-site suggestion
# --------------------------------------------------------------------------------------------


def suggest_new_site(
    grid_variance,
    boundary,
    existing_stations,
    *,
    population=None,
    population_column: str = "population_2015",
    min_distance_km: float = 1.0,
):
    """Where a new station would reduce uncertainty most: the cell of largest kriging variance.

    Candidates are grid cells inside the boundary and at least ``min_distance_km`` from every
    existing station. The score is the kriging variance, or, with ``population``, the product of
    the normalised variance and the normalised population density (uncertainty where people
    live). Kriging variance depends on the station layout only, so after adding a site re-run
    :func:`kriging_variance` before choosing the next one.

    Parameters
    ----------
    grid_variance : xarray.DataArray or Dataset
        ``variance`` from :func:`ordinary_kriging` / :func:`kriging_variance` on a
        :func:`make_grid` grid (EPSG:6677 ``x``/``y``).
    boundary : GeoDataFrame or GeoSeries with a CRS
    existing_stations : see :func:`stations_gdf`
    population : GeoDataFrame or xarray.DataArray, optional
        Ward polygons with ``population_column`` (density = population / area, uniform within a
        ward), or persons per cell on the same grid.
    population_column : str, default "population_2015"
    min_distance_km : float, default 1.0
        Minimum distance from existing stations [km].

    Returns
    -------
    geopandas.GeoDataFrame
        One point (EPSG:4326) with ``x_m``, ``y_m`` [EPSG:6677 m], ``variance``,
        ``population_density_per_km2`` (if used), ``score``, ``nearest_station``,
        ``distance_to_nearest_km``. ``attrs``: candidate and excluded cell counts.

    Raises
    ------
    ValueError
        No cell qualifies (e.g. ``min_distance_km`` too large).

    References
    ----------
    US EPA (2007), EPA-454/D-07-001 ("new sites": areas of highest uncertainty / population).
    """
    import geopandas as gpd
    import shapely
    from scipy.spatial import cKDTree

    var = grid_variance["variance"] if isinstance(grid_variance, xr.Dataset) else grid_variance
    if not isinstance(var, xr.DataArray) or set(var.dims) != {"y", "x"}:
        raise ValueError("grid_variance must be the (y, x) 'variance' of a make_grid grid")
    if var.attrs.get("crs", CRS_METRIC) != CRS_METRIC:
        raise ValueError(f"grid_variance must be in {CRS_METRIC}")
    var = var.transpose("y", "x")
    region = _boundary_geometry(boundary)
    xx, yy = np.meshgrid(var["x"].values, var["y"].values)
    v = var.values.astype(float)
    inside = shapely.contains_xy(region, xx, yy) & np.isfinite(v)
    codes, xy_s = _station_xy(existing_stations)
    dist, nearest = cKDTree(xy_s).query(np.column_stack([xx.ravel(), yy.ravel()]))
    dist = dist.reshape(xx.shape) / 1000.0
    nearest = nearest.reshape(xx.shape)
    far = dist >= min_distance_km
    ok = inside & far
    if not ok.any():
        raise ValueError(
            f"no grid cell inside the boundary is at least {min_distance_km} km from the "
            f"existing stations (max distance {np.nanmax(np.where(inside, dist, np.nan)):.2f} "
            "km); lower min_distance_km or use a finer grid"
        )
    score = v / np.nanmax(np.where(ok, v, np.nan))
    density = None
    if population is not None:
        density = _population_density(population, population_column, xx, yy, var)
        dmax = np.nanmax(np.where(ok, density, np.nan))
        if not dmax > 0:
            raise ValueError("population density is zero everywhere among the candidates")
        score = score * density / dmax
    score = np.where(ok, score, -np.inf)
    k = np.unravel_index(np.argmax(score), score.shape)
    row = {
        "x_m": xx[k],
        "y_m": yy[k],
        "variance": v[k],
        "score": score[k],
        "nearest_station": str(codes[nearest[k]]),
        "distance_to_nearest_km": dist[k],
    }
    if density is not None:
        row["population_density_per_km2"] = density[k]
    out = gpd.GeoDataFrame([row], geometry=[shapely.Point(xx[k], yy[k])], crs=CRS_METRIC).to_crs(
        CRS_DISPLAY
    )
    out.attrs.update(
        n_candidates=int(ok.sum()),
        excluded_outside_boundary=int((~inside).sum()),
        excluded_too_close=int((inside & ~far).sum()),
        min_distance_km=min_distance_km,
        score="variance / max" + (" × density / max" if density is not None else ""),
    )
    return out


def _population_density(population, column, xx, yy, var) -> np.ndarray:
    import geopandas as gpd
    import shapely

    if isinstance(population, xr.DataArray):
        p = population.transpose("y", "x")
        if p.shape != var.shape:
            raise ValueError("population grid must match the variance grid")
        dx = float(np.abs(np.diff(var["x"].values[:2]))[0]) if var.sizes["x"] > 1 else 1.0
        dy = float(np.abs(np.diff(var["y"].values[:2]))[0]) if var.sizes["y"] > 1 else 1.0
        return p.values.astype(float) / (dx * dy / 1e6)
    if isinstance(population, gpd.GeoDataFrame):
        _require_crs(population, "population")
        if column not in population.columns:
            raise ValueError(f"population has no column '{column}'")
        g = population.to_crs(CRS_METRIC)
        dens = pd.to_numeric(g[column], errors="coerce").to_numpy(float) / (g.area.to_numpy() / 1e6)
        out = np.zeros(xx.shape)
        for geom, d in zip(g.geometry.values, dens, strict=True):  # over wards
            out = np.where(shapely.contains_xy(geom, xx, yy), d, out)
        return out
    raise TypeError("population must be ward polygons (GeoDataFrame) or a grid DataArray")


# --------------------------------------------------------------------------------------------
# Moran's I
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoransI:
    """Moran's I with its tests.

    ``I`` statistic; ``expected`` = −1/(n−1); ``variance_normal`` under the normality assumption
    (Cliff & Ord 1981); ``z_normal`` and two-sided ``p_normal``; ``p_sim`` the permutation pseudo
    p-value (one-sided in the direction of the observed I, PySAL's convention:
    (1 + #as-extreme) / (1 + permutations)); ``weights`` description.
    """

    I: float  # noqa: E741 - the statistic's name
    expected: float
    variance_normal: float
    z_normal: float
    p_normal: float
    p_sim: float
    permutations: int
    n: int
    weights: str


def _spatial_weights(xy, weights, k, power, row_standardize) -> np.ndarray:
    from scipy.spatial.distance import cdist

    n = len(xy)
    d = cdist(xy, xy)
    if weights == "inverse_distance":
        with np.errstate(divide="ignore"):
            w = d ** (-float(power))
        np.fill_diagonal(w, 0.0)
    elif weights == "knn":
        if not 1 <= k < n:
            raise ValueError(f"k must be between 1 and n - 1 = {n - 1}, got {k}")
        dd = d.copy()
        np.fill_diagonal(dd, np.inf)
        idx = np.argsort(dd, axis=1, kind="stable")[:, :k]
        w = np.zeros((n, n))
        np.put_along_axis(w, idx, 1.0, axis=1)
    else:
        raise ValueError(f"weights must be 'inverse_distance' or 'knn', got {weights!r}")
    if row_standardize:
        w = w / w.sum(axis=1, keepdims=True)
    return w


def morans_i(
    values,
    stations=None,
    *,
    weights: str = "inverse_distance",
    k: int = 4,
    power: float = 1.0,
    row_standardize: bool = True,
    permutations: int = 999,
    seed: int = 0,
) -> MoransI:
    """Global Moran's I of station values.

    ``I = (n / S0) · Σ_ij w_ij (z_i − z̄)(z_j − z̄) / Σ_i (z_i − z̄)²``; I > E[I] = −1/(n−1) means
    neighbours are alike (clustering), I < E[I] that they differ (a checkerboard).

    Parameters
    ----------
    values, stations : as in :func:`ordinary_kriging`
    weights : {"inverse_distance", "knn"}, default "inverse_distance"
        ``w_ij = d_ij^-power`` (EPSG:6677 metres), or 1 for the ``k`` nearest neighbours of i
        (ties broken by station order).
    k : int, default 4
    power : float, default 1
    row_standardize : bool, default True
        Divide each row of W by its sum (PySAL's "R" transform).
    permutations : int, default 999
        Random relabellings for the pseudo p-value (0 to skip).
    seed : int, default 0
        Seed of the permutation generator (results are reproducible).

    Returns
    -------
    MoransI

    References
    ----------
    Moran (1950); Cliff & Ord (1981), eqs. for E[I] and Var_N[I]; PySAL esda.Moran.
    """
    from scipy.stats import norm

    codes, xy, z, _ = _values_at_stations(values, stations)
    n = len(z)
    if n < 3:
        raise ValueError(f"Moran's I needs at least 3 stations with data, got {n}")
    w = _spatial_weights(xy, weights, k, power, row_standardize)
    dev = z - z.mean()
    ss = float(dev @ dev)
    if ss == 0:
        raise ValueError("all values are equal; Moran's I is undefined")
    s0 = w.sum()
    i_obs = n / s0 * float(dev @ w @ dev) / ss
    expected = -1.0 / (n - 1)
    s1 = 0.5 * ((w + w.T) ** 2).sum()
    s2 = ((w.sum(axis=1) + w.sum(axis=0)) ** 2).sum()
    var_n = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n * n - 1) * s0 * s0) - expected**2
    z_n = (i_obs - expected) / math.sqrt(var_n)
    p_n = 2.0 * norm.sf(abs(z_n))
    p_sim = float("nan")
    if permutations > 0:
        rng = np.random.default_rng(seed)
        perm = rng.permuted(np.tile(dev, (permutations, 1)), axis=1)
        sims = n / s0 * np.einsum("pi,ij,pj->p", perm, w, perm) / ss
        larger = int((sims >= i_obs).sum())
        if permutations - larger < larger:
            larger = permutations - larger
        p_sim = (larger + 1.0) / (permutations + 1.0)
    desc = f"{weights}" + (f" (k={k})" if weights == "knn" else f" (power {power:g})")
    desc += ", row-standardised" if row_standardize else ""
    return MoransI(
        I=float(i_obs),
        expected=expected,
        variance_normal=float(var_n),
        z_normal=float(z_n),
        p_normal=float(p_n),
        p_sim=float(p_sim),
        permutations=int(permutations),
        n=n,
        weights=desc,
    )
