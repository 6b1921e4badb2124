"""Build ``datasets/kawasaki_wards_approx.geojson``: APPROXIMATE polygons of Kawasaki's 7 wards.

**No official ward polygons are embedded in kgi_lab.** This file is a documented approximation for
maps, areal weighting of ward populations and network assessment. For anything official, load
the MLIT 国土数値情報 行政区域 (N03) polygons with ``kgi_lab.air.network.load_boundaries``.

Run from the checkout (offline):

    .venv/bin/python datasets/build/build_ward_polygons.py          # write the file, print sha256
    .venv/bin/python datasets/build/build_ward_polygons.py --check  # rebuild in memory, compare
    .venv/bin/python datasets/build/build_ward_polygons.py --compare N03.geojson [--code-column
        N03_007]                                                    # score against real polygons

After writing, put the printed sha256 into the ``kawasaki_wards_approx`` entry of
``datasets/catalog.yaml``.

How the approximation is built
------------------------------
1. **City outline** (:data:`OUTLINE_RINGS`, 79 vertices in 5 rings, lon/lat degrees). The vertices
   were digitised from the 1 %-simplified MLIT N03 administrative areas of 2021-01-01 as
   published by SmartNews Media Research Institute (GitHub smartnews-smri/japan-topography,
   ``data/municipality/geojson/s0010/N03-21_14_210101.json``, commit d715f7e8): the seven ward
   polygons were dissolved and simplified (Douglas–Peucker, 250 m tolerance in EPSG:6677), and
   the vertices rounded to 1e-5° (~1 m). Rings:

   * ``mainland`` (60 vertices): the Tama River (多摩川) boundary with Tokyo along the north-east
     side from Tama-ku 菅 to the river mouth at Tonomachi 殿町; the Tokyo Bay shore of Kawasaki-ku
     (Ukishima 浮島 and the industrial waterfront, canals not resolved); the boundary with
     Yokohama (Tsurumi, Kohoku, Tsuzuki, Aoba wards) along the south-west side; and the
     boundary with Machida and Inagi (Tokyo) around Asao-ku and Tama-ku in the west.
   * ``higashi_ogishima`` 東扇島, ``ogishima`` 扇島 (Kawasaki's part), ``chidoricho`` 千鳥町:
     reclaimed islands of Kawasaki-ku.
   * ``okagami`` 岡上: the exclave of Asao-ku between Machida and Yokohama.

   Outline area 143.16 km² against the official 142.96 km² (+0.14 %); it differs from the
   1 %-simplified N03 union by 6.4 km² of symmetric difference (4.4 % of the area).
2. **Ward partition**: a power (additively weighted Voronoi) diagram of the seven ward reference
   points — the ESTIMATED centroids ``centroid_lat``/``centroid_lon`` of the ``kawasaki_wards``
   dataset (±1–2 km) — clipped to the outline. A point x belongs to ward i minimising
   ``|x − p_i|² − w_i``; with all ``w_i = 0`` this is the ordinary Voronoi partition. The six free
   weights (Kawasaki-ku's is 0) are fitted with ``scipy.optimize.least_squares`` so that each
   ward's area equals its published area (2010-census table) scaled by outline area / 142.70 km².
   The plain Voronoi areas are stored too, to show what the weighting corrects.
3. **Validation** (done once when the file was built, with the 1 %-simplified N03 ward polygons;
   rerun with ``--compare``): 87.9 % of the city's area lies in the right ward (plain Voronoi:
   85.2 %). Intersection-over-union per ward: Kawasaki-ku 0.95, Saiwai-ku 0.77, Nakahara-ku 0.71,
   Takatsu-ku 0.63, Tama-ku 0.75, Miyamae-ku 0.61, Asao-ku 0.88. The ward *areas* match; the
   *shapes* are only roughly right, and internal boundaries can be off by 1–2 km.

Source and credit: 出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成 (outline
derived from MLIT National Land Numerical Information, administrative areas N03, 2021). Ward
areas and populations: ``kawasaki_wards`` (2010 and 2015 census).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kgi_lab._io import atomic_write_text, sha256_file  # noqa: E402
from kgi_lab.datasets import load  # noqa: E402

OUT = ROOT / "datasets" / "kawasaki_wards_approx.geojson"
CRS_METRIC = "EPSG:6677"  # JGD2011 / Japan Plane Rectangular CS IX [m]
COORD_DECIMALS = 6  # ~0.1 m
#: Published city area [km²] (current; kawasaki-facts.md §8).
CITY_AREA_OFFICIAL_KM2 = 142.96

#: City outline, lon/lat [degree], digitised as described in the module docstring.
OUTLINE_RINGS = {
    "mainland": [
        (139.64833, 35.55979), (139.57492, 35.56915), (139.56786, 35.57144),
        (139.55588, 35.58734), (139.52657, 35.59250), (139.52910, 35.58225),
        (139.52429, 35.57357), (139.51291, 35.56958), (139.46380, 35.60916),
        (139.45287, 35.60745), (139.44928, 35.61178), (139.46534, 35.62406),
        (139.47624, 35.61889), (139.48907, 35.60467), (139.49757, 35.60487),
        (139.50002, 35.60728), (139.49488, 35.61739), (139.51458, 35.62473),
        (139.51746, 35.63066), (139.52326, 35.63217), (139.52118, 35.63677),
        (139.52539, 35.64265), (139.53089, 35.64196), (139.56251, 35.63238),
        (139.57735, 35.62182), (139.61794, 35.61388), (139.65043, 35.59258),
        (139.66333, 35.58987), (139.68114, 35.56140), (139.70308, 35.55332),
        (139.69794, 35.54145), (139.70347, 35.53659), (139.71730, 35.53800),
        (139.72611, 35.54347), (139.73464, 35.54098), (139.73941, 35.54512),
        (139.75649, 35.54455), (139.77650, 35.53447), (139.77446, 35.53222),
        (139.79611, 35.51858), (139.79156, 35.51338), (139.79420, 35.51178),
        (139.79075, 35.50788), (139.78019, 35.51331), (139.77624, 35.50956),
        (139.76096, 35.53027), (139.74605, 35.51898), (139.74877, 35.50684),
        (139.73381, 35.50060), (139.73006, 35.51122), (139.73137, 35.49906),
        (139.71146, 35.49080), (139.70340, 35.50444), (139.69888, 35.50276),
        (139.69661, 35.50588), (139.68363, 35.53140), (139.68491, 35.53999),
        (139.66645, 35.53300), (139.65554, 35.53883), (139.65825, 35.55474),
    ],
    "higashi_ogishima": [
        (139.74561, 35.48501), (139.73628, 35.49445), (139.76119, 35.50573),
        (139.77120, 35.50622), (139.77868, 35.49955),
    ],
    "ogishima": [
        (139.73507, 35.48736), (139.74184, 35.47703), (139.72533, 35.46980),
        (139.71450, 35.48619), (139.73412, 35.49460), (139.73896, 35.48906),
    ],
    "chidoricho": [
        (139.76496, 35.51161), (139.75177, 35.50947), (139.74897, 35.51995),
        (139.75696, 35.52666),
    ],
    "okagami": [
        (139.46993, 35.56989), (139.47601, 35.58073), (139.48987, 35.58358),
        (139.48287, 35.57138),
    ],
}  # fmt: skip


def outline_metric():
    """The outline as a shapely MultiPolygon in EPSG:6677."""
    import geopandas as gpd
    import shapely

    polys = [shapely.Polygon(ring) for ring in OUTLINE_RINGS.values()]
    geom = gpd.GeoSeries([shapely.MultiPolygon(polys)], crs="EPSG:4326").to_crs(CRS_METRIC)[0]
    if not geom.is_valid:
        raise ValueError(f"outline is not a valid polygon: {shapely.is_valid_reason(geom)}")
    return geom


def power_cells(points: np.ndarray, weights_m2: np.ndarray, region) -> list:
    """Power-diagram cells ``{x : |x − p_i|² − w_i ≤ |x − p_j|² − w_j ∀ j}`` clipped to region.

    Each cell is the intersection of half-planes ``2 x·(p_j − p_i) ≤ |p_j|² − |p_i|² + w_i − w_j``
    (coordinates relative to the points' mean for numerical stability).
    """
    import shapely

    centre = points.mean(axis=0)
    p = points - centre
    reg = shapely.affinity.translate(region, -centre[0], -centre[1])
    span = 10.0 * max(np.ptp(np.asarray(reg.bounds).reshape(2, 2), axis=0).max(), 1.0)
    cells = []
    for i in range(len(p)):  # over the seven wards
        cell = shapely.box(-span, -span, span, span)
        for j in range(len(p)):
            if j == i:
                continue
            a = 2.0 * (p[j] - p[i])
            b = p[j] @ p[j] - p[i] @ p[i] + weights_m2[i] - weights_m2[j]
            unit = a / np.linalg.norm(a)
            foot = unit * b / np.linalg.norm(a)  # closest point of the line a·x = b to 0
            along = np.array([-unit[1], unit[0]]) * 4 * span
            half = shapely.Polygon(
                [foot + along, foot + along - unit * 4 * span, foot - along - unit * 4 * span,
                 foot - along]
            )  # fmt: skip
            cell = cell.intersection(half)
        cells.append(shapely.affinity.translate(cell.intersection(reg), centre[0], centre[1]))
    return cells


def fit_weights(points: np.ndarray, target_km2: np.ndarray, region) -> np.ndarray:
    """Power weights [m²] (first fixed at 0) giving cells of the target areas [km²]."""
    from scipy.optimize import least_squares

    def resid(w_km2):
        w = 1e6 * np.r_[0.0, w_km2]
        area = np.array([c.area for c in power_cells(points, w, region)]) / 1e6
        return area[1:] - target_km2[1:]

    res = least_squares(resid, np.zeros(len(points) - 1), xtol=1e-12, ftol=1e-12)
    if np.max(np.abs(res.fun)) > 1e-4:
        raise RuntimeError(f"area fit did not converge: residuals {res.fun} km2")
    return 1e6 * np.r_[0.0, res.x]


def _round_geom(geom):
    import shapely

    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    polys = [
        shapely.Polygon(np.round(np.asarray(p.exterior.coords), COORD_DECIMALS))
        for p in polys
        if p.area > 0
    ]
    return shapely.orient_polygons(shapely.MultiPolygon(polys))  # RFC 7946: exterior CCW


def build() -> tuple[str, dict]:
    """The GeoJSON text and a per-ward report."""
    import geopandas as gpd

    wards = load("kawasaki_wards").sort_index()
    region = outline_metric()
    refs = gpd.GeoSeries(
        gpd.points_from_xy(wards["centroid_lon"], wards["centroid_lat"]), crs="EPSG:4326"
    ).to_crs(CRS_METRIC)
    points = np.column_stack([refs.x, refs.y])
    published = wards["area_km2"].to_numpy(float)
    target = published * (region.area / 1e6) / published.sum()
    voronoi = power_cells(points, np.zeros(len(points)), region)
    weights = fit_weights(points, target, region)
    cells = power_cells(points, weights, region)
    cells_ll = gpd.GeoSeries(cells, crs=CRS_METRIC).to_crs("EPSG:4326")
    rounded = [_round_geom(g) for g in cells_ll]
    area = gpd.GeoSeries(rounded, crs="EPSG:4326").to_crs(CRS_METRIC).area.to_numpy() / 1e6
    vor_area = np.array([c.area for c in voronoi]) / 1e6
    features, report = [], {}
    for k, code in enumerate(wards.index):
        props = {
            "ward_code": int(code),
            "ward": wards.loc[code, "ward"],
            "ward_ja": wards.loc[code, "ward_ja"],
            "area_km2": round(float(area[k]), 3),
            "area_published_km2": float(published[k]),
            "area_error_pct": round(100.0 * (area[k] / published[k] - 1.0), 2),
            "voronoi_area_km2": round(float(vor_area[k]), 3),
            "voronoi_area_error_pct": round(100.0 * (vor_area[k] / published[k] - 1.0), 2),
            "weight_km2": round(float(weights[k] / 1e6), 4),
            "population_2015": int(wards.loc[code, "population_2015"]),
            "reference_lat": float(wards.loc[code, "centroid_lat"]),
            "reference_lon": float(wards.loc[code, "centroid_lon"]),
            "quality": "estimate",
        }
        geom = rounded[k]
        coords = [
            [[[round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)] for x, y in p.exterior.coords]]
            for p in geom.geoms
        ]
        features.append(
            json.dumps(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": {"type": "MultiPolygon", "coordinates": coords},
                },
                ensure_ascii=False,
            )
        )
        report[props["ward"]] = props
    header = {
        "type": "FeatureCollection",
        "name": "kawasaki_wards_approx",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "description": (
            "APPROXIMATE ward polygons (NOT official): power diagram of estimated ward centroids, "
            "fitted to published ward areas, clipped to a 79-vertex city outline digitised from "
            "MLIT N03 (2021). Built by datasets/build/build_ward_polygons.py. "
            "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成"
        ),
    }
    head = json.dumps(header, ensure_ascii=False)[:-1]  # drop the closing brace
    text = head + ',\n"features": [\n' + ",\n".join(features) + "\n]\n}\n"
    report["_total"] = {
        "outline_area_km2": region.area / 1e6,
        "wards_area_km2": float(area.sum()),
        "official_city_area_km2": CITY_AREA_OFFICIAL_KM2,
        "n_vertices_outline": sum(len(r) for r in OUTLINE_RINGS.values()),
    }
    return text, report


def compare(path: str, code_column: str) -> None:
    """Print per-ward IoU and the share of area in the right ward against real polygons."""
    import geopandas as gpd

    from kgi_lab.air.network import load_boundaries

    real = load_boundaries(path)
    if code_column not in real.columns:
        raise SystemExit(f"{path} has no column {code_column!r}: {list(real.columns)}")
    real = real.dissolve(by=real[code_column].astype(int))
    approx = gpd.read_file(OUT).to_crs(CRS_METRIC).set_index("ward_code")
    right = 0.0
    for code, row in approx.iterrows():
        if code not in real.index:
            print(f"{code}: not in {path}")
            continue
        ref = real.geometry[code]
        inter = row.geometry.intersection(ref).area
        right += inter
        iou = inter / row.geometry.union(ref).area
        print(f"{code} {row['ward']:<12} IoU {iou:.2f}")
    print(f"area in the right ward: {100 * right / approx.union_all().area:.1f} %")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="rebuild in memory and compare")
    ap.add_argument("--compare", metavar="PATH", help="score against real ward polygons")
    ap.add_argument("--code-column", default="N03_007", help="ward-code column of --compare")
    args = ap.parse_args()
    if args.compare:
        compare(args.compare, args.code_column)
        return
    text, report = build()
    for ward, props in report.items():
        if ward == "_total":
            print(props)
            continue
        print(
            f"{ward:<12} area {props['area_km2']:7.3f} km2 (published {props['area_published_km2']}"
            f", {props['area_error_pct']:+.2f} %); plain Voronoi {props['voronoi_area_km2']:7.3f}"
            f" ({props['voronoi_area_error_pct']:+.2f} %)"
        )
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("identical" if same else "DIFFERS from the file on disk")
        raise SystemExit(0 if same else 1)
    atomic_write_text(OUT, text)
    print(f"wrote {OUT}\nsha256 {sha256_file(OUT)}")


if __name__ == "__main__":
    main()
