"""Tests of :mod:`kgi_lab.air.network` and :mod:`kgi_lab.air.maps`.

Expected values are worked by hand in the comments (geometry, IDW, kriging on an equilateral
triangle, Moran's I on three points) or come from an independent implementation (PyKrige 1.7 for
ordinary kriging, pandas for pairwise Pearson r). Station data are small synthetic datasets built
here in the :mod:`kgi_lab.air.schema` layout; the embedded hourly dataset is not used.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import shapely
import xarray as xr
from numpy.testing import assert_allclose
from pyproj import Transformer

from kgi_lab.air import maps
from kgi_lab.air import network as nw
from kgi_lab.datasets import load

TO_LONLAT = Transformer.from_crs("EPSG:6677", "EPSG:4326", always_xy=True)
#: A point inside Kawasaki in EPSG:6677 [m] (near Musashi-Kosugi), origin of synthetic layouts.
X0, Y0 = -14_000.0, -47_000.0
CITY_POPULATION_2015 = 1_475_213  # sum of the seven wards, kawasaki_wards (2015 census)


# --- helpers ------------------------------------------------------------------------------------


def metric_stations(xy_km, codes=None, types=None) -> gpd.GeoDataFrame:
    """Stations at (x, y) km from (X0, Y0), EPSG:6677."""
    xy = np.asarray(xy_km, float) * 1000.0 + [X0, Y0]
    codes = codes or [f"S{i:02d}" for i in range(len(xy))]
    data = {"name": [f"Station {c}" for c in codes]}
    if types is not None:
        data["station_type"] = types
    return gpd.GeoDataFrame(
        data,
        geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]),
        index=pd.Index(codes, name="station"),
        crs="EPSG:6677",
    )


def square_boundary(x0_km=0.0, y0_km=0.0, size_km=10.0) -> gpd.GeoSeries:
    x, y = X0 + 1000 * x0_km, Y0 + 1000 * y0_km
    return gpd.GeoSeries([shapely.box(x, y, x + 1000 * size_km, y + 1000 * size_km)], crs=6677)


def hourly_dataset(stations: gpd.GeoDataFrame, values: np.ndarray, pollutant="no2", start=None):
    """An air dataset (station, time) in the schema layout from an (n_station, n_hour) array."""
    n_station, n_hour = values.shape
    times = pd.date_range(start or "2023-04-01 00:00", periods=n_hour, freq="h")
    pts = stations.to_crs("EPSG:4326")
    ds = xr.Dataset(
        {pollutant: (("station", "time"), values, {"units": "ppm"})},
        coords={
            "station": list(stations.index),
            "time": times,
            "latitude": ("station", pts.geometry.y.to_numpy()),
            "longitude": ("station", pts.geometry.x.to_numpy()),
            "name": ("station", stations["name"].to_numpy()),
        },
        attrs={
            "time_zone": "Asia/Tokyo",
            "interval_label": "beginning",
            "source": "synthetic (tests)",
            "kind": "synthetic",
            "cleaning": [],
        },
    )
    return ds


@pytest.fixture(scope="module")
def wards():
    return load("kawasaki_wards_approx")


@pytest.fixture(scope="module")
def kawasaki_stations():
    st = load("kawasaki_stations")
    return st[st["current"]].reset_index(drop=True)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- the approximate ward polygons --------------------------------------------------------------


def test_approximate_wards_dataset(wards, kawasaki_stations):
    assert len(wards) == 7
    assert wards.crs.to_epsg() == 4326
    assert set(wards["ward_code"]) == set(range(14131, 14138))
    area = wards.to_crs(6677).area.to_numpy() / 1e6
    # total city area 142.96 km² (kawasaki-facts.md §8); the outline gives 143.16 km²
    assert abs(area.sum() / 142.96 - 1) < 0.10
    assert area.sum() == pytest.approx(143.157, abs=0.01)
    # each ward's area error is reported and, after the weight fit, +0.32 % for every ward
    # (the outline's excess over the 142.70 km² sum of the published ward areas)
    assert_allclose(area, wards["area_km2"], atol=5e-4)
    assert_allclose(wards["area_error_pct"], 0.32, atol=0.01)
    published = load("kawasaki_wards")["area_km2"]
    assert_allclose(wards.set_index("ward_code")["area_published_km2"], published)
    # the plain Voronoi partition, reported for comparison, is far worse (Saiwai-ku +51.6 %)
    plain = wards.set_index("ward")["voronoi_area_error_pct"]
    assert plain["Saiwai-ku"] == pytest.approx(51.55, abs=0.01)
    assert plain.abs().max() > 50
    assert wards["population_2015"].sum() == CITY_POPULATION_2015
    # no overlaps between wards (areas of pairwise intersections ~ 0)
    g = wards.to_crs(6677).geometry.to_numpy()
    inter = shapely.area(shapely.intersection(g[:, None], g[None, :]))
    np.fill_diagonal(inter, 0.0)
    assert inter.max() < 1.0  # m²
    # every current station lies in the approximate polygon of its own ward
    joined = kawasaki_stations[["ward_code", "geometry"]].sjoin(
        wards[["ward_code", "geometry"]], predicate="within"
    )
    assert len(joined) == 18
    assert (joined["ward_code_left"] == joined["ward_code_right"]).all()


# --- inputs -------------------------------------------------------------------------------------


def test_stations_gdf_from_dataset_dataframe_and_codes(kawasaki_stations):
    st = metric_stations([(0, 0), (3, 4)])
    ds = hourly_dataset(st, np.ones((2, 24)))
    gdf = nw.stations_gdf(ds)
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf.index) == ["S00", "S01"]
    back = gdf.to_crs(6677)
    assert_allclose(back.geometry.x - X0, [0.0, 3000.0], atol=1e-6)
    # distance in EPSG:6677 is preserved through lon/lat: 5 km
    assert back.geometry.iloc[0].distance(back.geometry.iloc[1]) == pytest.approx(5000.0, abs=1e-5)
    df = pd.DataFrame({"station": ["A"], "latitude": [35.5], "longitude": [139.7]})
    assert nw.stations_gdf(df).geometry.iloc[0].y == 35.5
    # NIES codes are looked up in the station master: Daishi 大師 at 35.53278 N, 139.73417 E
    daishi = nw.stations_gdf(["14131021"])
    assert (daishi.geometry.iloc[0].y, daishi.geometry.iloc[0].x) == (35.53278, 139.73417)
    ds_nocoords = ds.drop_vars(["latitude", "longitude"]).assign_coords(station=["14131021", "x"])
    with pytest.raises(ValueError, match="station\\(s\\) x have no coordinates"):
        nw.stations_gdf(ds_nocoords)


def test_station_without_coordinates_is_named():
    df = pd.DataFrame(
        {"name": ["Good", "Bad"], "latitude": [35.5, np.nan], "longitude": [139.7, 139.6]},
        index=["111", "222"],
    )
    with pytest.raises(ValueError, match=r"222 \(Bad\) have no coordinates"):
        nw.stations_gdf(df)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_missing_crs_is_refused(tmp_path):
    st = metric_stations([(0, 0), (1, 0), (0, 1)]).set_crs(None, allow_override=True)
    with pytest.raises(ValueError, match="stations has no CRS"):
        nw.stations_gdf(st)
    box = square_boundary().set_crs(None, allow_override=True)
    with pytest.raises(ValueError, match="boundary has no CRS"):
        nw.area_served(metric_stations([(1, 1)]), box)
    with pytest.raises(TypeError, match="GeoDataFrame or GeoSeries with a CRS"):
        nw.make_grid(shapely.box(0, 0, 1, 1))
    # a Shapefile without .prj
    gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.box(0, 0, 1, 1)]).to_file(tmp_path / "b.shp")
    with pytest.raises(ValueError, match="declares no CRS"):
        nw.load_boundaries(tmp_path / "b.shp")


def test_load_boundaries_reads_and_reprojects(tmp_path, wards):
    path = tmp_path / "wards.gpkg"
    wards.to_file(path, driver="GPKG")
    got = nw.load_boundaries(path)
    assert got.crs.to_epsg() == 6677
    assert got.area.sum() / 1e6 == pytest.approx(143.157, abs=0.01)
    kept = nw.load_boundaries(path, to_crs=None)
    assert kept.crs.to_epsg() == 4326


# --- area and population served -----------------------------------------------------------------


def test_area_served_quadrants_hand_example():
    # four stations at the centres of the quadrants of a 10 km × 10 km square: each is nearest
    # to its own quadrant, so each serves 25 km²
    st = metric_stations([(2.5, 2.5), (7.5, 2.5), (2.5, 7.5), (7.5, 7.5)])
    cells = nw.area_served(st, square_boundary())
    assert cells.crs.to_epsg() == 4326
    assert_allclose(cells["area_km2"], 25.0, rtol=1e-9)
    assert_allclose(cells["area_share_pct"], 25.0, rtol=1e-9)
    # each station lies in its own cell
    assert all(cells.geometry.contains(st.to_crs(4326).geometry))


def test_area_served_sums_to_boundary_area(wards, kawasaki_stations):
    cells = nw.area_served(kawasaki_stations, wards)
    assert len(cells) == 18
    city_km2 = wards.to_crs(6677).union_all().area / 1e6
    assert cells["area_km2"].sum() == pytest.approx(city_km2, rel=1e-9)
    assert cells.attrs["boundary_area_km2"] == pytest.approx(city_km2, rel=1e-12)
    assert (cells["area_km2"] > 0).all()


def test_population_served_hand_example():
    # wards: west half (50 km², 1,000 people) and east half (50 km², 3,000 people) of the square;
    # quadrant cells each hold half of one ward: 500 (west) and 1,500 (east) people
    west = shapely.box(X0, Y0, X0 + 5000, Y0 + 10_000)
    east = shapely.box(X0 + 5000, Y0, X0 + 10_000, Y0 + 10_000)
    w = gpd.GeoDataFrame(
        {"ward": ["W", "E"], "population_2015": [1000, 3000]}, geometry=[west, east], crs=6677
    )
    st = metric_stations([(2.5, 2.5), (7.5, 2.5), (2.5, 7.5), (7.5, 7.5)])
    pop = nw.population_served(nw.area_served(st, w), w)
    assert_allclose(pop["population"], [500, 1500, 500, 1500], rtol=1e-9)
    assert_allclose(pop["population_density_per_km2"], [20, 60, 20, 60], rtol=1e-9)
    assert pop.attrs["population_unassigned"] == pytest.approx(0.0, abs=1e-6)


def test_population_served_conserves_city_population(wards, kawasaki_stations):
    pop = nw.population_served(nw.area_served(kawasaki_stations, wards), wards)
    assert pop["population"].sum() == pytest.approx(CITY_POPULATION_2015, rel=1e-9)
    assert pop["population_share_pct"].sum() == pytest.approx(100.0, rel=1e-9)
    assert "uniform" in pop.attrs["assumption"]


def test_population_served_reports_uncovered_people():
    w = gpd.GeoDataFrame(
        {"population_2015": [1000]}, geometry=[square_boundary().iloc[0]], crs=6677
    )
    # cells clipped to the west half only: half the people are not assigned, and that is said
    st = metric_stations([(2.5, 5.0)])
    cells = nw.area_served(st, square_boundary(size_km=5.0))
    with pytest.warns(UserWarning, match="not assigned"):
        pop = nw.population_served(cells, w)
    assert pop.attrs["population_unassigned"] == pytest.approx(750.0, rel=1e-9)
    with pytest.raises(ValueError, match="no population column 'people'"):
        nw.population_served(cells, w, population="people")


def test_colocated_stations_are_refused():
    st = metric_stations([(1, 1), (1, 1.0000001), (5, 5)])
    with pytest.raises(ValueError, match="S00/S01"):
        nw.area_served(st, square_boundary())


# --- daily means, correlation, removal bias ----------------------------------------------------


def test_daily_means_apply_the_20_hour_rule():
    st = metric_stations([(0, 0)])
    x = np.arange(48, dtype=float)[None, :]
    x[0, 24:29] = np.nan  # day 2 keeps 19 valid hours: no daily mean
    daily = nw.daily_means(hourly_dataset(st, x), "no2")
    assert daily.sizes["time"] == 2
    assert daily.values[0, 0] == pytest.approx(11.5)  # mean of 0..23
    assert np.isnan(daily.values[0, 1])
    assert daily.attrs["cleaning"][0]["days_rejected"] == {"S00": 1}
    x[0, 28] = 28.0  # 20 valid hours: mean of 28..47 = 37.5
    assert nw.daily_means(hourly_dataset(st, x), "no2").values[0, 1] == pytest.approx(37.5)


def _offset_network():
    # a square of side 10 km with a centre station; every station has the same daily cycle
    # plus its own constant offset [ppm]
    st = metric_stations([(0, 0), (10, 0), (0, 10), (10, 10), (5, 5)])
    hours = np.arange(24 * 30)
    base = 0.02 + 0.01 * np.sin(2 * np.pi * hours / 24) + 0.004 * np.sin(2 * np.pi * hours / 173)
    offsets = np.array([0.001, 0.002, 0.003, 0.006, 0.0])
    return st, base[None, :] + offsets[:, None], offsets


def test_correlation_matrix_against_pandas_and_hand_values():
    st, x, offsets = _offset_network()
    rng = np.random.default_rng(3)
    x = x + 0.002 * rng.standard_normal(x.shape)
    x[1, rng.choice(x.shape[1], 200, replace=False)] = np.nan  # gaps: pairwise-complete r
    ds = hourly_dataset(st, x)
    corr = nw.correlation_matrix(ds, "no2", freq="h")
    expected = pd.DataFrame(x.T).corr(min_periods=10).to_numpy()  # pandas, pairwise complete
    assert_allclose(corr["r"].values, expected, rtol=1e-10)
    assert corr["n_pairs"].values[0, 1] == 720 - 200
    # distances: 10 km along a side, 5·√2 km to the centre
    assert corr["distance_km"].values[0, 1] == pytest.approx(10.0, rel=1e-9)
    assert corr["distance_km"].values[0, 4] == pytest.approx(5 * np.sqrt(2), rel=1e-9)
    pairs = nw.correlation_pairs(corr)
    assert len(pairs) == 10 and pairs["distance_km"].is_monotonic_increasing
    summary = nw.correlation_summary(corr)
    assert set(summary.columns) >= {"partner", "r_max", "distance_km", "mean_abs_diff"}


def test_correlation_mean_abs_diff_of_offset_series():
    st, x, offsets = _offset_network()
    corr = nw.correlation_matrix(hourly_dataset(st, x), "no2")  # daily means
    # identical daily cycles with constant offsets: r = 1, mean |difference| = |offset difference|
    assert_allclose(corr["r"].values, 1.0, atol=1e-9)
    assert_allclose(
        corr["mean_abs_diff"].values, np.abs(offsets[:, None] - offsets[None, :]), atol=1e-12
    )
    assert corr.attrs["units"] == "ppm" and corr.attrs["freq"] == "D"
    assert corr["n_pairs"].values[0, 0] == 30


def test_correlation_drops_stations_without_data_silently_and_counts_them():
    # S02 never measured the pollutant (all NaN), e.g. a roadside station in an Ox table: it
    # used to leak "RuntimeWarning: Mean of empty slice" into reports.
    import warnings

    st, x, offsets = _offset_network()
    x[2] = np.nan
    ds = hourly_dataset(st, x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test
        corr = nw.correlation_matrix(ds, "no2", freq="h")
        daily = nw.correlation_matrix(ds, "no2")
        table = nw.removal_bias(ds, "no2", neighbours="all")
    assert list(corr["station_a"].values) == ["S00", "S01", "S03", "S04"]
    assert corr.attrs["stations_without_data"] == ["S02"]
    assert corr.attrs["n_stations_without_data"] == 1
    assert corr.attrs["cleaning"][-1]["count"] == 1
    assert daily.attrs["n_stations_without_data"] == 1
    # the others are untouched: pairwise r as pandas computes it, without S02
    expected = pd.DataFrame(np.delete(x, 2, axis=0).T).corr(min_periods=10).to_numpy()
    assert_allclose(corr["r"].values, expected, rtol=1e-10)
    assert_allclose(
        daily["mean_abs_diff"].values,
        np.abs(np.delete(offsets, 2)[:, None] - np.delete(offsets, 2)[None, :]),
        atol=1e-12,
    )
    assert table.attrs["cleaning"][-1]["n_stations_without_data"] == 1
    assert "S02" not in table.index


def test_removal_bias_identical_series_is_zero():
    st, x, _ = _offset_network()
    same = np.repeat(x[4:5], 5, axis=0)
    table = nw.removal_bias(hourly_dataset(st, same), "no2")
    assert_allclose(table["bias_mean"], 0.0, atol=1e-15)
    assert_allclose(table["rmse"], 0.0, atol=1e-15)
    assert_allclose(table["r"], 1.0, rtol=1e-12)
    assert (table["n_obs"] == 30).all()


def test_removal_bias_hand_example():
    st, x, offsets = _offset_network()
    table = nw.removal_bias(hourly_dataset(st, x), "no2")
    # The centre S04 has the four corners as Delaunay neighbours, all 5·√2 km away: its estimate
    # is the corners' mean, so the bias is mean(0.001, 0.002, 0.003, 0.006) − 0 = +0.003 ppm,
    # every day, with RMSE 0.003 and r = 1.
    centre = table.loc["S04"]
    assert centre["n_neighbours"] == 4
    assert centre["bias_mean"] == pytest.approx(0.003, abs=1e-12)
    assert centre["rmse"] == pytest.approx(0.003, abs=1e-12)
    assert centre["bias_sd"] == pytest.approx(0.0, abs=1e-12)
    assert centre["r"] == pytest.approx(1.0, abs=1e-9)
    # Corner S00 (offset 0.001): neighbours S01, S02 at 10 km (w = 1/100) and S04 at 5√2 km
    # (w = 1/50); the diagonal S03 is not a Delaunay neighbour.
    # estimate offset = (0.002/100 + 0.003/100 + 0/50) / (1/100 + 1/100 + 1/50) = 0.00125
    s00 = table.loc["S00"]
    assert s00["neighbours"] == "S01,S02,S04"
    assert s00["bias_mean"] == pytest.approx(0.00125 - 0.001, abs=1e-12)
    # with all neighbours: (0.002/100 + 0.003/100 + 0.006/200 + 0) / (1/100+1/100+1/200+1/50)
    every = nw.removal_bias(hourly_dataset(st, x), "no2", neighbours="all")
    assert every.loc["S00", "bias_mean"] == pytest.approx(
        (0.002 / 100 + 0.003 / 100 + 0.006 / 200) / (0.02 + 0.005 + 0.02) - 0.001, abs=1e-12
    )
    # ranking: rank 1 = smallest |bias| (most redundant) first
    assert table["redundancy_rank"].is_monotonic_increasing
    assert table.index[0] == table["bias_mean"].abs().idxmin()
    assert table.attrs["units"] == "ppm"


def test_removal_bias_skips_days_without_neighbour_data():
    st, x, _ = _offset_network()
    x = x.copy()
    x[:4, :24] = np.nan  # day 1: only the centre reports, nothing to estimate it from
    table = nw.removal_bias(hourly_dataset(st, x), "no2")
    assert table.loc["S04", "n_obs"] == 29
    steps = table.attrs["cleaning"][-1]["steps_without_estimate"]
    assert steps["S04"] == 1
    assert table.attrs["cleaning"][0]["days_rejected_total"] == 0  # all-NaN days are absent


# --- IDW and kriging ----------------------------------------------------------------------------


def test_idw_hand_example_and_exact_at_stations():
    st = metric_stations([(0, 0), (2, 0), (0, 9)])
    values = pd.Series([1.0, 3.0, 100.0], index=st.index)
    # two-station check (third station far): at x = 0.5 km, power 2:
    # w = 1/0.25 = 4 and 1/2.25 = 0.444…; (4·1 + 0.444…·3) / 4.444… = 1.2
    two = nw.idw_grid(values.iloc[:2], st.iloc[:2], np.array([[X0 + 500, Y0], [X0 + 1000, Y0]]))
    assert_allclose(two.values, [1.2, 2.0], rtol=1e-12)
    at = nw.idw_grid(values, st, np.column_stack([st.geometry.x, st.geometry.y]))
    assert_allclose(at.values, values.to_numpy(), rtol=0)


def test_ordinary_kriging_equilateral_triangle_hand_example():
    # Three stations on an equilateral triangle (side s = 3 km), target at its centre
    # (ρ = s/√3 = 1.7320508 km). By symmetry λ = 1/3 each, so ẑ = mean and, from the kriging
    # equations, μ = γ(ρ) − 2γ(s)/3 and σ² = γ(ρ) + μ = 2γ(ρ) − 2γ(s)/3.
    # Spherical, psill 1, range 10 km, nugget 0:
    # γ(ρ) = 1.5·0.17320508 − 0.5·0.17320508³ = 0.25720954;  γ(s) = 0.45 − 0.0135 = 0.4365
    # σ² = 0.51441909 − 0.291 = 0.22341909
    s = 3.0
    st = metric_stations([(0, 0), (s, 0), (s / 2, s * np.sqrt(3) / 2)])
    z = pd.Series([1.0, 2.0, 6.0], index=st.index)
    centre = np.array([[X0 + 1000 * s / 2, Y0 + 1000 * s / (2 * np.sqrt(3))]])
    out = nw.ordinary_kriging(z, st, centre, "spherical", {"psill": 1, "range": 10_000})
    assert out["prediction"].values[0] == pytest.approx(3.0, rel=1e-12)
    assert out["variance"].values[0] == pytest.approx(0.22341909, abs=5e-9)


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("spherical", {"psill": 2.0e-5, "range": 6000.0, "nugget": 1.0e-6}),
        ("exponential", {"psill": 3.0, "range": 9000.0, "nugget": 0.5}),
        ("gaussian", {"psill": 1.5e-5, "range": 8000.0, "nugget": 2.0e-7}),
    ],
)
def test_ordinary_kriging_agrees_with_pykrige(model, params, wards, kawasaki_stations):
    from pykrige.ok import OrdinaryKriging

    codes, xy = nw._station_xy(kawasaki_stations)
    rng = np.random.default_rng(7)
    z = 0.02 + 1e-7 * (xy[:, 0] - xy[:, 0].mean()) + 0.003 * rng.standard_normal(len(xy))
    grid = nw.make_grid(wards, cell_m=1000)
    ours = nw.ordinary_kriging(pd.Series(z, index=codes), kawasaki_stations, grid, model, params)
    xx, yy = np.meshgrid(grid["x"].values, grid["y"].values)
    inside = grid["inside"].values
    ok = OrdinaryKriging(
        xy[:, 0], xy[:, 1], z, variogram_model=model, variogram_parameters=dict(params)
    )
    zp, ss = ok.execute("points", xx[inside], yy[inside])
    assert_allclose(ours["prediction"].values[inside], zp, rtol=1e-6)
    assert_allclose(ours["variance"].values[inside], ss, rtol=1e-6)
    assert np.isnan(ours["prediction"].values[~inside]).all()
    # at the stations: the data are honoured and the variance is zero (γ(0) = 0)
    at = nw.ordinary_kriging(pd.Series(z, index=codes), kawasaki_stations, xy, model, params)
    assert_allclose(at["prediction"].values, z, rtol=1e-9)
    assert_allclose(at["variance"].values, 0.0, atol=1e-9 * max(params.values()))


def test_variogram_fit_is_unit_invariant_and_matches_pykrige_binning(kawasaki_stations):
    from pykrige.ok import OrdinaryKriging

    codes, xy = nw._station_xy(kawasaki_stations)
    rng = np.random.default_rng(1)
    z = 0.02 + 1e-7 * (xy[:, 0] - xy[:, 0].mean()) + 0.002 * rng.standard_normal(len(xy))
    ppm = nw.fit_variogram(pd.Series(z, index=codes), kawasaki_stations, "spherical")
    ppb = nw.fit_variogram(pd.Series(1000 * z, index=codes), kawasaki_stations, "spherical")
    assert ppb.range_m == pytest.approx(ppm.range_m, rel=1e-6)
    assert ppb.psill == pytest.approx(1e6 * ppm.psill, rel=1e-6)
    assert ppb.nugget == pytest.approx(1e6 * ppm.nugget, rel=1e-6)
    ok = OrdinaryKriging(xy[:, 0], xy[:, 1], z, variogram_model="spherical", nlags=6)
    assert_allclose(ppm.empirical["lag_m"], ok.lags, rtol=1e-12)
    assert_allclose(ppm.empirical["semivariance"], ok.semivariance, rtol=1e-12)
    # PyKrige's own fit stops at its start values on ppm-scale data (psill = max γ − min γ,
    # range = max lag / 4, nugget = min γ); ours moved
    g = ok.semivariance
    assert_allclose(ok.variogram_model_parameters, [g.max() - g.min(), ok.lags.max() / 4, g.min()])
    assert ppm.range_m != pytest.approx(ok.lags.max() / 4, rel=1e-3)


def test_leave_one_out_linear_field(kawasaki_stations):
    # a plane, 0.0002 ppm/km eastward and 0.0001 ppm/km northward: kriging with a Gaussian
    # variogram reproduces it closely; IDW flattens it towards the mean
    codes, xy = nw._station_xy(kawasaki_stations)
    z = 0.02 + 2e-7 * (xy[:, 0] - xy[:, 0].mean()) + 1e-7 * (xy[:, 1] - xy[:, 1].mean())
    values = pd.Series(z, index=codes)
    krig = nw.leave_one_out(values, kawasaki_stations, "kriging", variogram="gaussian")
    idw = nw.leave_one_out(values, kawasaki_stations, "idw")
    spread = z.max() - z.min()
    assert krig.rmse < 0.02 * spread
    assert krig.rmse < 0.2 * idw.rmse
    assert krig.mae <= krig.rmse and abs(krig.bias) <= krig.mae
    assert set(krig.table.columns) >= {"observed", "predicted", "error", "kriging_variance"}
    # LOO IDW at one station, by hand from the others
    d = np.hypot(*(xy[1:] - xy[0]).T)
    w = d**-2
    assert idw.table["predicted"].iloc[0] == pytest.approx((w @ z[1:]) / w.sum(), rel=1e-12)


def test_kriging_needs_three_stations_with_data():
    st = metric_stations([(0, 0), (1, 0), (0, 1)])
    values = pd.Series([1.0, np.nan, 2.0], index=st.index)
    with pytest.raises(ValueError, match=r"at least 3 stations with data, got 2 \(S00, S02\)"):
        nw.ordinary_kriging(values, st, np.array([[X0, Y0]]), "spherical", {"psill": 1, "range": 1})
    with pytest.raises(ValueError, match="variogram must be one of"):
        nw.ordinary_kriging([1.0, 2.0, 3.0], st, np.array([[X0, Y0]]), "linear", None)
    with pytest.raises(ValueError, match="zero sill"):
        nw.ordinary_kriging([2.0, 2.0, 2.0], st, np.array([[X0, Y0]]))  # fitted: flat
    with pytest.raises(ValueError, match="power must be positive"):
        nw.idw_grid([1.0, 2.0, 3.0], st, np.array([[X0, Y0]]), power=0)


def test_make_grid(wards):
    grid = nw.make_grid(square_boundary(size_km=2.0), cell_m=500)
    assert grid.sizes == {"y": 4, "x": 4}
    assert grid["inside"].all()
    assert_allclose(np.diff(grid["x"].values), 500.0)
    city = nw.make_grid(wards, cell_m=500)
    # 570 centres inside; × 0.25 km² = 142.5 km², close to the 143.16 km² outline
    assert city.attrs["n_inside"] * 0.25 == pytest.approx(143.16, rel=0.02)
    assert city["lon"].min() > 139.4 and city["lat"].max() < 35.7


# --- new site -----------------------------------------------------------------------------------


def test_suggest_new_site_inside_and_away_from_stations(wards, kawasaki_stations):
    codes, xy = nw._station_xy(kawasaki_stations)
    grid = nw.make_grid(wards, cell_m=500)
    vgm = nw.Variogram("spherical", psill=1.0, range_m=8000.0)
    var = nw.kriging_variance(kawasaki_stations, grid, vgm)
    # the kriging variance depends on the layout only: any values give the same map
    any_values = pd.Series(np.arange(len(codes), dtype=float), index=codes)
    full = nw.ordinary_kriging(any_values, kawasaki_stations, grid, vgm)
    assert_allclose(full["variance"].values, var.values, rtol=1e-12)
    site = nw.suggest_new_site(var, wards, kawasaki_stations, min_distance_km=1.5)
    assert len(site) == 1 and site.crs.to_epsg() == 4326
    assert wards.union_all().contains(site.geometry.iloc[0])
    assert site["distance_to_nearest_km"].iloc[0] >= 1.5
    # it is the largest variance among the cells that qualify
    xx, yy = np.meshgrid(grid["x"].values, grid["y"].values)
    far = np.min(np.hypot(xx[..., None] - xy[:, 0], yy[..., None] - xy[:, 1]), axis=-1) >= 1500
    ok = grid["inside"].values & far
    assert site["variance"].iloc[0] == pytest.approx(np.nanmax(var.values[ok]), rel=1e-12)
    weighted = nw.suggest_new_site(var, wards, kawasaki_stations, population=wards)
    assert weighted["population_density_per_km2"].iloc[0] > 0
    with pytest.raises(ValueError, match="lower min_distance_km"):
        nw.suggest_new_site(var, wards, kawasaki_stations, min_distance_km=50)


def test_suggest_new_site_far_corner():
    # stations clustered in the south-west corner of a square: the suggestion is at the far
    # (north-east) corner cell, where the kriging variance is largest
    st = metric_stations([(0.5, 0.5), (2.0, 0.7), (0.8, 2.2), (1.5, 1.5)])
    box = square_boundary()
    grid = nw.make_grid(box, cell_m=500)
    var = nw.kriging_variance(st, grid, nw.Variogram("exponential", 1.0, 5000.0))
    site = nw.suggest_new_site(var, box, st).to_crs(6677)
    assert site.geometry.x.iloc[0] - X0 == pytest.approx(9750.0)
    assert site.geometry.y.iloc[0] - Y0 == pytest.approx(9750.0)


# --- Moran's I ----------------------------------------------------------------------------------


def test_morans_i_hand_example():
    # Points on a line at 0, 1, 2 km with values 1, 2, 6; inverse-distance weights (power 1,
    # in metres, so w = 1e-3/d_km): w12 = w23 = 1, w13 = 0.5 (× 1e-3, cancels).
    # deviations −2, −1, 3; Σ dev² = 14; S0 = 2·2.5 = 5;
    # Σ w_ij dev_i dev_j = 2·(1·2 + 0.5·(−6) + 1·(−3)) = −8  →  I = (3/5)·(−8/14) = −0.342857
    # S1 = ½ Σ (w_ij + w_ji)² = 9, S2 = Σ (row + col)² = 3² + 4² + 3² = 34
    # Var_N = (9·9 − 3·34 + 3·25) / (8·25) − 0.25 = 0.02;  z = (−0.342857 + 0.5)/√0.02 = 1.111168
    st = metric_stations([(0, 0), (1, 0), (2, 0)])
    z = pd.Series([1.0, 2.0, 6.0], index=st.index)
    raw = nw.morans_i(z, st, row_standardize=False, permutations=0)
    assert raw.I == pytest.approx(-24 / 70, rel=1e-12)
    assert raw.expected == -0.5
    assert raw.variance_normal == pytest.approx(0.02, rel=1e-9)
    assert raw.z_normal == pytest.approx(0.157142857 / np.sqrt(0.02), rel=1e-8)
    # row-standardised: rows (0, 2/3, 1/3), (1/2, 0, 1/2), (1/3, 2/3, 0); S0 = 3;
    # Σ w dev dev = −2/3 − 1/2 − 4 = −31/6  →  I = (3/3)·(−31/6)/14 = −31/84
    std = nw.morans_i(z, st, permutations=0)
    assert std.I == pytest.approx(-31 / 84, rel=1e-12)


def test_morans_i_signs_checkerboard_and_gradient():
    ij = np.array([(i, j) for i in range(6) for j in range(6)], float)
    st = metric_stations(ij)
    checker = pd.Series(np.where(ij.sum(axis=1) % 2 == 0, 1.0, -1.0), index=st.index)
    gradient = pd.Series(ij[:, 0] + 0.5 * ij[:, 1], index=st.index)
    c = nw.morans_i(checker, st, weights="knn", k=4, permutations=499, seed=1)
    g = nw.morans_i(gradient, st, weights="knn", k=4, permutations=499, seed=1)
    assert c.I < -0.5 and c.p_sim == pytest.approx(1 / 500)
    assert g.I > 0.5 and g.p_sim == pytest.approx(1 / 500)
    assert c.z_normal < -3 and g.z_normal > 3
    # reproducible with the seed
    assert nw.morans_i(checker, st, seed=1, permutations=99) == nw.morans_i(
        checker, st, seed=1, permutations=99
    )


# --- errors -------------------------------------------------------------------------------------


def test_pollutant_not_in_dataset():
    st, x, _ = _offset_network()
    ds = hourly_dataset(st, x)
    with pytest.raises(
        ValueError, match="pollutant 'pm25' is not in the dataset \\(variables: no2"
    ):
        nw.correlation_matrix(ds, "pm25")
    with pytest.raises(ValueError, match="pollutant 'so2'"):
        nw.removal_bias(ds, "so2")
    with pytest.raises(ValueError, match="freq must be 'D'"):
        nw.removal_bias(ds, "no2", freq="MS")


# --- maps ---------------------------------------------------------------------------------------


def test_maps_return_figures(wards, kawasaki_stations):
    from matplotlib.figure import Figure

    fig = maps.plot_network_map(kawasaki_stations, wards)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["general", "roadside"]
    assert "APPROXIMATE" in ax.get_title()
    cells = nw.population_served(nw.area_served(kawasaki_stations, wards), wards)
    assert isinstance(maps.plot_area_served(cells, column="population", boundary=wards), Figure)
    codes, xy = nw._station_xy(kawasaki_stations)
    values = pd.Series(0.02 + 1e-7 * (xy[:, 0] - xy[:, 0].mean()), index=codes)
    grid = nw.make_grid(wards, cell_m=1000)
    krig = nw.ordinary_kriging(values, kawasaki_stations, grid, "gaussian", {"psill": 1e-5,
                               "range": 20_000})  # fmt: skip
    site = nw.suggest_new_site(krig, wards, kawasaki_stations)
    fig = maps.plot_kriging(krig, None, kawasaki_stations, site)
    assert len([a for a in fig.axes if a.get_title()]) == 2
    st, x, _ = _offset_network()
    ds = hourly_dataset(st, x)
    fig = maps.plot_correlation_distance(nw.correlation_matrix(ds, "no2"))
    assert len(fig.axes[0].collections[0].get_offsets()) == 10  # 5 stations → 10 pairs
    fig = maps.plot_removal_bias(nw.removal_bias(ds, "no2"))
    assert len(fig.axes[0].patches) == 5


def test_folium_map_offline(wards, kawasaki_stations):
    fmap = maps.folium_map(kawasaki_stations, wards, tiles=None)
    html = fmap.get_root().render()
    assert "Daishi" in html and "Kakio" in html
    assert "tile.openstreetmap.org" not in html
    online = maps.folium_map(kawasaki_stations, tiles="OpenStreetMap")
    assert "openstreetmap" in online.get_root().render().lower()
