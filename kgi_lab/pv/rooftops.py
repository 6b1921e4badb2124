"""A synthetic rooftop-PV programme spread over Kawasaki's seven wards.

No rooftop inventory is embedded. :func:`synthetic_rooftops` draws systems from stated
distributions; every assumption is listed in :data:`ROOFTOP_ASSUMPTIONS` and carried in the
returned frame's ``attrs``. Wards come from ``datasets/kawasaki_wards.csv`` (population, area,
centroid estimates); systems are allocated to wards in proportion to population.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import xarray as xr

__all__ = ["ROOFTOP_ASSUMPTIONS", "aggregate_by_ward", "synthetic_rooftops"]

#: Distributions used by :func:`synthetic_rooftops`, with the reasoning behind each.
ROOFTOP_ASSUMPTIONS = {
    "allocation": "systems per ward ∝ ward population (2015 census, kawasaki_wards.csv)",
    "dc_capacity_kw": (
        "lognormal, median 4.5 kW, sigma 0.35, clipped to 1.5–10 kW (typical Japanese "
        "residential systems are 3–6 kW; assumption)"
    ),
    "surface_tilt": (
        "normal, mean 24°, sd 5°, clipped to 5–40° (Japanese pitched roofs: 4-sun 21.8°, "
        "5-sun 26.6° gradients; assumption)"
    ),
    "surface_azimuth": (
        "roof faces drawn from S 40 %, SE 20 %, SW 20 %, E 10 %, W 10 %, plus normal jitter sd 10° "
        "(assumption)"
    ),
    "dc_ac_ratio": "1.1 (residential power conditioners sized near the array; assumption)",
    "mounting": "close_mount_glass_glass (SAPM, roof-mounted)",
    "position": (
        "ward centroid estimate + normal jitter (sd ∝ sqrt(ward area)); no ward polygons are "
        "embedded, so positions are indicative only"
    ),
}

_FACES = np.array([180.0, 135.0, 225.0, 90.0, 270.0])
_FACE_P = np.array([0.4, 0.2, 0.2, 0.1, 0.1])


def synthetic_rooftops(
    n: int, *, seed: int = 0, wards: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """Draw ``n`` rooftop systems over Kawasaki's wards.

    Parameters
    ----------
    n : int
        Number of systems (≥ 1).
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same fleet.
    wards : pandas.DataFrame, optional
        Ward table with ``ward``, ``population_2015``, ``area_km2``, ``centroid_lat``,
        ``centroid_lon``, indexed by ward code. Default: ``datasets.load("kawasaki_wards")``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per system (index ``system``), columns ``ward_code``, ``ward``,
        ``surface_tilt``, ``surface_azimuth``, ``dc_capacity_kw``, ``dc_ac_ratio``,
        ``mounting`` and a point geometry, CRS EPSG:4326.
    """
    if int(n) < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    n = int(n)
    if wards is None:
        from kgi_lab import datasets

        wards = datasets.load("kawasaki_wards")
    rng = np.random.default_rng(seed)
    pop = wards["population_2015"].to_numpy(dtype=float)
    counts = rng.multinomial(n, pop / pop.sum())
    ward_idx = np.repeat(np.arange(len(wards)), counts)
    size = np.clip(rng.lognormal(np.log(4.5), 0.35, n), 1.5, 10.0)
    tilt = np.clip(rng.normal(24.0, 5.0, n), 5.0, 40.0)
    azimuth = np.clip(rng.choice(_FACES, n, p=_FACE_P) + rng.normal(0.0, 10.0, n), 60.0, 300.0)
    area = wards["area_km2"].to_numpy(dtype=float)[ward_idx]
    sd_km = 0.35 * np.sqrt(area)
    lat0 = wards["centroid_lat"].to_numpy(dtype=float)[ward_idx]
    lon0 = wards["centroid_lon"].to_numpy(dtype=float)[ward_idx]
    lat = lat0 + rng.normal(0.0, 1.0, n) * sd_km / 111.0
    lon = lon0 + rng.normal(0.0, 1.0, n) * sd_km / (111.0 * np.cos(np.radians(lat0)))
    frame = pd.DataFrame(
        {
            "ward_code": np.asarray(wards.index)[ward_idx],
            "ward": wards["ward"].to_numpy()[ward_idx],
            "surface_tilt": tilt,
            "surface_azimuth": azimuth,
            "dc_capacity_kw": size,
            "dc_ac_ratio": 1.1,
            "mounting": "close_mount_glass_glass",
        },
        index=pd.Index([f"roof{i:06d}" for i in range(n)], name="system"),
    )
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    gdf.attrs["assumptions"] = ROOFTOP_ASSUMPTIONS
    gdf.attrs["seed"] = seed
    return gdf


def aggregate_by_ward(
    result: xr.Dataset, rooftops: gpd.GeoDataFrame, wards: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """Sum a fleet result by ward.

    Parameters
    ----------
    result : xarray.Dataset
        From :func:`kgi_lab.pv.simulate_fleet` on ``rooftops`` (``ac_energy_kwh`` along
        ``system``; may be dask-backed).
    rooftops : geopandas.GeoDataFrame
        From :func:`synthetic_rooftops` (same ``system`` order).
    wards : pandas.DataFrame, optional
        Ward table (default ``kawasaki_wards``) for names, populations and centroids.

    Returns
    -------
    geopandas.GeoDataFrame
        Per ward: ``n_systems``, ``dc_capacity_kw``, ``ac_energy_mwh``,
        ``specific_yield_kwh_per_kwp``, ``energy_per_capita_kwh`` and the centroid point
        (EPSG:4326).
    """
    if wards is None:
        from kgi_lab import datasets

        wards = datasets.load("kawasaki_wards")
    energy = np.asarray(result["ac_energy_kwh"].values, dtype=float)
    if len(energy) != len(rooftops):
        raise ValueError(f"result has {len(energy)} systems but rooftops has {len(rooftops)} rows")
    frame = pd.DataFrame(
        {
            "ward_code": rooftops["ward_code"].to_numpy(),
            "dc_capacity_kw": rooftops["dc_capacity_kw"].to_numpy(),
            "ac_energy_kwh": energy,
        }
    )
    agg = frame.groupby("ward_code").agg(
        n_systems=("ac_energy_kwh", "size"),
        dc_capacity_kw=("dc_capacity_kw", "sum"),
        ac_energy_kwh=("ac_energy_kwh", "sum"),
    )
    agg = agg.reindex(wards.index, fill_value=0)
    agg["ward"] = wards["ward"]
    agg["ac_energy_mwh"] = agg.pop("ac_energy_kwh") / 1000.0
    with np.errstate(invalid="ignore", divide="ignore"):
        agg["specific_yield_kwh_per_kwp"] = agg["ac_energy_mwh"] * 1000.0 / agg["dc_capacity_kw"]
        agg["energy_per_capita_kwh"] = agg["ac_energy_mwh"] * 1000.0 / wards["population_2015"]
    geometry = gpd.points_from_xy(wards["centroid_lon"], wards["centroid_lat"])
    return gpd.GeoDataFrame(agg, geometry=geometry, crs="EPSG:4326")
