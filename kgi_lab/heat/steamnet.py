"""The Kawasaki Steam Net (川崎スチームネット) as a plausible, fully stated network case.

:func:`load_case` turns ``datasets/kawasaki_steam_net.yaml`` into plain data that a network solver
can consume: the source state, nodes (with EPSG:4326 and EPSG:6677 coordinates), pipes (length,
diameter, roughness, insulation) and consumers (share, annual-mean and design mass flows). Pipe
sizes are not stored in the dataset: they are chosen here by a velocity criterion at the design
flow, so that changing the supply state, the design volume or the velocity limit re-sizes them.
:func:`hourly_demand` gives an 8760-hour demand per consumer; :func:`heat_loss_estimate_gj` a
screening estimate of the network's annual heat loss for the savings waterfall.

Only a few facts are published (source plant, ~6.4-6.5 km, 64 cm outer diameter including
insulation in the 2006 plan, 10 customers, 300,000 -> 400,000 t/yr). Positions, shares, steam
state, sizes and insulation are ASSUMPTIONS, each listed with its reason in the dataset and
reported back in ``case["assumptions"]``.

Sizing rule
-----------
Design mass flow of a consumer = share x ``design_steam_t_per_year`` / 8760 h x ``peak_factor``;
of a pipe = the sum of the consumers downstream (coincident peaks, conservative). The inside
diameter must keep the velocity at the supply state (IF97 density) at or below
``max_velocity_m_s`` (25-35 m/s is the usual range for superheated steam mains); the smallest ASME
B36.10M pipe of the schedule that does so is chosen (``fluids.piping.nearest_pipe``). The main is
kept at one size from the source to its end (``uniform_main=True``), as the single published
outer diameter suggests. The network solver must still check velocities and pressures at the
actual (lower) downstream pressures.

References
----------
.. [1] datasets/kawasaki_steam_net.yaml and shared/reference/kawasaki-facts.md §6 (facts and
   their sources); City of Kawasaki, Green Innovation Promotion Policy (2014).
.. [2] ASME B36.10M-2004 pipe dimensions, as bundled in fluids 1.3.1 (C. Bell,
   https://github.com/CalebBell/fluids), ``fluids.piping.nearest_pipe``.
.. [3] W. Wagner et al., IAPWS-IF97, J. Eng. Gas Turbines Power 122 (2000) 150-184,
   doi:10.1115/1.483186, via CoolProp (Bell et al. 2014, doi:10.1021/ie4033999).
.. [4] F. P. Incropera, D. P. DeWitt, T. L. Bergman, A. S. Lavine, Fundamentals of Heat and Mass
   Transfer, 6th ed., Wiley (2007), eq. 3.27 (radial conduction through a cylindrical wall).
.. [5] L. F. Moody, "Friction factors for pipe flow", Trans. ASME 66 (1944) 671-684 (commercial
   steel roughness 0.045 mm).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "DATASET",
    "DN_BY_NPS",
    "PROFILES",
    "assumptions",
    "heat_loss_estimate_gj",
    "hourly_demand",
    "load_case",
    "size_pipe",
    "to_networkx",
]

#: Catalogue id of the case data.
DATASET = "kawasaki_steam_net"

#: ASME B36.10M nominal pipe size (inches) -> DN (mm).
DN_BY_NPS = {
    0.125: 6,
    0.25: 8,
    0.375: 10,
    0.5: 15,
    0.75: 20,
    1.0: 25,
    1.25: 32,
    1.5: 40,
    2.0: 50,
    2.5: 65,
    3.0: 80,
    3.5: 90,
    4.0: 100,
    5.0: 125,
    6.0: 150,
    8.0: 200,
    10.0: 250,
    12.0: 300,
    14.0: 350,
    16.0: 400,
    18.0: 450,
    20.0: 500,
    22.0: 550,
    24.0: 600,
    26.0: 650,
    28.0: 700,
    30.0: 750,
    32.0: 800,
    34.0: 850,
    36.0: 900,
}
_NPS_BY_DN = {dn: nps for nps, dn in DN_BY_NPS.items()}
#: Sizes skipped by :func:`size_pipe` (NPS 3 1/2 = DN 90 is rarely stocked) -> the size used.
_SKIPPED_NPS = {3.5: 4.0}

#: Demand profiles of :func:`hourly_demand`.
PROFILES = ("industrial", "flat")

_SECONDS_PER_HOUR = 3600.0
_HOURS_PER_YEAR = 8760.0
_CRS_PROJECTED = "EPSG:6677"  # JGD2011 / Japan Plane Rectangular CS IX (Kawasaki)

_NUMERIC_OVERRIDES = (
    "supply_pressure_mpa",
    "supply_temperature_c",
    "design_steam_t_per_year",
    "peak_factor",
    "max_velocity_m_s",
    "roughness_m",
    "insulation_thickness_mm",
    "insulation_conductivity_w_per_m_k",
    "jacket_thickness_mm",
    "ambient_temperature_c",
    "elevation_m",
    "trunk_length_m",
)
_OTHER_OVERRIDES = ("pipe_schedule", "shares", "trunk_dn", "uniform_main")


def _doc() -> dict[str, Any]:
    from kgi_lab import datasets

    return datasets.load(DATASET)


def assumptions() -> dict[str, Any]:
    """The assumed values of the case (``{name: value}``), as stored in the dataset.

    The notes and ranges are in ``datasets/kawasaki_steam_net.yaml`` (``assumptions`` section);
    the demand-profile parameters are under ``demand_profile``.
    """
    out: dict[str, Any] = {}
    for key, entry in _doc()["assumptions"].items():
        if isinstance(entry, dict) and "value" in entry:
            out[key] = entry["value"]
        elif key == "demand_profile":
            out[key] = {k: v for k, v in entry.items() if k != "note"}
    return out


# --------------------------------------------------------------------------------------------------
# pipe sizing


def _steam_density(pressure_pa: float, temperature_c: float) -> float:
    import CoolProp.CoolProp as CP

    return float(CP.PropsSI("D", "P", pressure_pa, "T", temperature_c + 273.15, "IF97::Water"))


def _saturation_c(pressure_pa: float) -> float:
    import CoolProp.CoolProp as CP

    return float(CP.PropsSI("T", "P", pressure_pa, "Q", 1.0, "IF97::Water")) - 273.15


def _pipe_dims(nps: float | None = None, di_min: float | None = None, schedule: str = "40"):
    from fluids.piping import nearest_pipe

    try:
        if nps is not None:
            nps_, di, do, t = nearest_pipe(NPS=nps, schedule=schedule)
        else:
            nps_, di, do, t = nearest_pipe(Di=di_min, schedule=schedule)
    except Exception as exc:  # fluids raises ValueError/Exception for sizes out of its tables
        what = f"NPS {nps}" if nps is not None else f"inside diameter >= {di_min:.3f} m"
        raise ValueError(
            f"no schedule {schedule} pipe with {what} in ASME B36.10M (fluids): {exc}"
        ) from None
    return float(nps_), float(di), float(do), float(t)


def size_pipe(
    design_mass_flow_kg_s: float,
    density_kg_m3: float,
    max_velocity_m_s: float = 30.0,
    schedule: str = "40",
    min_dn: int = 25,
) -> dict[str, float]:
    """Smallest standard pipe that keeps the steam velocity at or below a limit.

    Parameters
    ----------
    design_mass_flow_kg_s : float
        Design (peak) mass flow [kg/s], > 0.
    density_kg_m3 : float
        Steam density at the sizing state [kg/m³] (IF97).
    max_velocity_m_s : float, default 30
        Velocity limit [m/s]; 25-35 m/s is the usual range for superheated steam mains.
    schedule : str, default "40"
        ASME B36.10M schedule ("40", "80", "STD" ...).
    min_dn : int, default 25
        Smallest DN used (a mechanical minimum for steam branches; also what a zero-flow
        branch gets).

    Returns
    -------
    dict
        ``dn``, ``nps``, ``inner_diameter_m``, ``outer_diameter_m``, ``wall_thickness_m`` and
        ``velocity_m_s`` (at the design flow). NPS 3 1/2 (DN 90), rarely stocked, is replaced
        by DN 100.

    Examples
    --------
    >>> size_pipe(16.5, 6.14)["dn"]   # 400,000 t/yr x 1.3 at 1.5 MPa / 280 °C
    400

    References
    ----------
    .. [1] ASME B36.10M-2004 via fluids 1.3.1 ``nearest_pipe``.
    """
    if not (design_mass_flow_kg_s >= 0):
        raise ValueError(f"design_mass_flow_kg_s = {design_mass_flow_kg_s!r} must be >= 0")
    for name, value in (("density_kg_m3", density_kg_m3), ("max_velocity_m_s", max_velocity_m_s)):
        if not (value > 0):
            raise ValueError(f"{name} = {value!r} must be > 0")
    if min_dn not in _NPS_BY_DN:
        raise ValueError(f"min_dn = {min_dn} is not a standard DN; known: {sorted(_NPS_BY_DN)}")
    area_min = design_mass_flow_kg_s / density_kg_m3 / max_velocity_m_s
    di_min = math.sqrt(4.0 * area_min / math.pi)
    nps, di, do, t = _pipe_dims(di_min=di_min, schedule=schedule)
    if nps < _NPS_BY_DN[min_dn]:
        nps, di, do, t = _pipe_dims(nps=_NPS_BY_DN[min_dn], schedule=schedule)
    if nps in _SKIPPED_NPS:  # rarely stocked sizes: take the next standard size up
        nps, di, do, t = _pipe_dims(nps=_SKIPPED_NPS[nps], schedule=schedule)
    velocity = design_mass_flow_kg_s / density_kg_m3 / (math.pi * di**2 / 4.0)
    return {
        "dn": DN_BY_NPS[nps],
        "nps": nps,
        "inner_diameter_m": di,
        "outer_diameter_m": do,
        "wall_thickness_m": t,
        "velocity_m_s": velocity,
    }


# --------------------------------------------------------------------------------------------------
# the case


def _check_overrides(overrides: dict[str, Any]) -> dict[str, Any]:
    known = _NUMERIC_OVERRIDES + _OTHER_OVERRIDES
    unknown = [k for k in overrides if k not in known]
    if unknown:
        raise ValueError(
            f"unknown load_case override(s) {', '.join(unknown)}; known: {', '.join(known)}"
        )
    return {k: v for k, v in overrides.items() if v is not None}


def _validate(values: dict[str, Any], steam_t_per_year: float) -> None:
    if not (steam_t_per_year >= 0):
        raise ValueError(f"steam_t_per_year = {steam_t_per_year!r} t/yr must be >= 0")
    positive = (
        ("supply_pressure_mpa", "MPa"),
        ("design_steam_t_per_year", "t/yr"),
        ("max_velocity_m_s", "m/s"),
        ("roughness_m", "m"),
        ("insulation_conductivity_w_per_m_k", "W/(m K)"),
        ("trunk_length_m", "m"),
    )
    for name, unit in positive:
        if not (float(values[name]) > 0):
            raise ValueError(f"{name} = {values[name]!r} {unit} must be > 0")
    for name in ("insulation_thickness_mm", "jacket_thickness_mm"):
        if not (float(values[name]) >= 0):
            raise ValueError(f"{name} = {values[name]!r} mm must be >= 0")
    if not (float(values["peak_factor"]) >= 1):
        raise ValueError(f"peak_factor = {values['peak_factor']!r} must be >= 1")
    p_pa = float(values["supply_pressure_mpa"]) * 1e6
    if p_pa >= 22.064e6:
        raise ValueError(
            f"supply_pressure_mpa = {values['supply_pressure_mpa']} MPa must be below the "
            "critical pressure 22.064 MPa"
        )
    t_sat = _saturation_c(p_pa)
    if float(values["supply_temperature_c"]) < t_sat - 1e-9:
        raise ValueError(
            f"supply_temperature_c = {values['supply_temperature_c']} °C is below the saturation "
            f"temperature {t_sat:.1f} °C at supply_pressure_mpa = {values['supply_pressure_mpa']} "
            f"MPa: the source must deliver saturated or superheated steam (>= {t_sat:.1f} °C)"
        )


def _shares(doc: dict[str, Any], override: dict[str, float] | None) -> dict[str, float]:
    ids = [c["id"] for c in doc["consumers"]]
    shares = {c["id"]: float(c["share"]) for c in doc["consumers"]}
    if override is not None:
        unknown = [k for k in override if k not in shares]
        if unknown:
            raise ValueError(
                f"shares: unknown consumer(s) {', '.join(unknown)}; consumers: {', '.join(ids)}"
            )
        missing = [k for k in ids if k not in override]
        if missing:
            raise ValueError(f"shares: give every consumer; missing {', '.join(missing)}")
        shares = {k: float(override[k]) for k in ids}
    for k, v in shares.items():
        if not (v >= 0):
            raise ValueError(f"shares['{k}'] = {v!r} must be >= 0")
    total = sum(shares.values())
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"consumer shares sum to {total:g}; they must sum to 1")
    return shares


def _downstream_consumers(pipes: pd.DataFrame, consumer_nodes: set[str]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for pid, row in pipes.iterrows():
        children.setdefault(row["from_node"], []).append(pid)

    def below(node: str) -> list[str]:
        out = [node] if node in consumer_nodes else []
        for pid in children.get(node, []):
            out += below(pipes.at[pid, "to_node"])
        return out

    return {pid: below(row["to_node"]) for pid, row in pipes.iterrows()}


def load_case(steam_t_per_year: float = 400_000.0, **overrides: Any) -> dict[str, Any]:
    """The Steam Net as plain data for a network solver.

    Parameters
    ----------
    steam_t_per_year : float, default 400,000
        Annual steam delivered [t/yr] (2014 policy; the 2006 plan: 300,000). Sets the consumers'
        annual-mean flows; the pipes are sized for ``design_steam_t_per_year``.
    **overrides
        Any assumption: ``supply_pressure_mpa`` (absolute, default 1.5), ``supply_temperature_c``
        (280), ``design_steam_t_per_year`` (400,000), ``peak_factor`` (1.3),
        ``max_velocity_m_s`` (30), ``pipe_schedule`` ("40"), ``roughness_m`` (4.5e-5),
        ``insulation_thickness_mm`` (115), ``insulation_conductivity_w_per_m_k`` (0.055),
        ``jacket_thickness_mm`` (1), ``ambient_temperature_c`` (15.8), ``elevation_m`` (4),
        ``trunk_length_m`` (6,500; the trunk pipes are scaled to it), ``shares``
        (``{consumer: share}``, summing to 1), ``trunk_dn`` (force the main's DN, e.g. 400),
        ``uniform_main`` (True). ``None`` values are ignored.

    Returns
    -------
    dict
        ``source``: dict with ``node``, ``pressure_pa``, ``temperature_c``,
        ``saturation_temperature_c``, ``superheat_k``, ``density_kg_m3``, ``enthalpy_j_per_kg``,
        ``mass_flow_kg_s`` (annual mean), ``design_mass_flow_kg_s``.

        ``nodes``: DataFrame indexed by ``node``: ``kind`` (source/junction/consumer), ``label``,
        ``latitude``, ``longitude`` (EPSG:4326, schematic), ``x_m``, ``y_m`` (EPSG:6677),
        ``elevation_m``.

        ``pipes``: DataFrame indexed by ``pipe``: ``from_node``, ``to_node`` (design flow
        direction), ``role`` (main/submain/service), ``length_m``, ``straight_length_m``,
        ``dn``, ``nps``, ``inner_diameter_m``, ``outer_diameter_m``, ``wall_thickness_m``,
        ``roughness_m``, ``insulation_thickness_m``, ``insulation_conductivity_w_per_m_k``,
        ``jacket_thickness_m``, ``jacket_outer_diameter_m``, ``mass_flow_kg_s`` (annual mean),
        ``design_mass_flow_kg_s``, ``design_velocity_m_s`` (at the supply state),
        ``meets_velocity_limit``.

        ``consumers``: DataFrame indexed by ``consumer``: ``node``, ``share``,
        ``steam_t_per_year``, ``mass_flow_kg_s``, ``design_mass_flow_kg_s``.

        ``assumptions`` (the values used), ``facts`` (published facts with sources), ``units``
        and ``crs``.

    Raises
    ------
    ValueError
        An unknown override, negative steam, a supply temperature below saturation, shares not
        summing to 1, a non-positive length, roughness or velocity limit.
    """
    doc = _doc()
    values = assumptions()
    values.pop("demand_profile", None)
    values["uniform_main"] = True
    values["trunk_dn"] = None
    given = _check_overrides(overrides)
    shares_override = given.pop("shares", None)
    values.update(given)
    _validate(values, float(steam_t_per_year))
    shares = _shares(doc, shares_override)

    # nodes
    nodes = pd.DataFrame(doc["nodes"]).rename(columns={"id": "node"}).set_index("node")
    from pyproj import Transformer

    to_xy = Transformer.from_crs("EPSG:4326", _CRS_PROJECTED, always_xy=True)
    x, y = to_xy.transform(nodes["longitude"].to_numpy(), nodes["latitude"].to_numpy())
    nodes["x_m"] = np.asarray(x)
    nodes["y_m"] = np.asarray(y)
    nodes["elevation_m"] = float(values["elevation_m"])

    # pipes: lengths, trunk scaled to trunk_length_m
    pipes = (
        pd.DataFrame(doc["pipes"])
        .rename(columns={"id": "pipe", "from": "from_node", "to": "to_node"})
        .set_index("pipe")
    )
    pipes["length_m"] = pipes["length_m"].astype(float)
    trunk = pipes["role"] != "service"
    scale = float(values["trunk_length_m"]) / pipes.loc[trunk, "length_m"].sum()
    pipes.loc[trunk, "length_m"] *= scale
    dx = (
        nodes.loc[pipes["to_node"], "x_m"].to_numpy()
        - nodes.loc[pipes["from_node"], "x_m"].to_numpy()
    )
    dy = (
        nodes.loc[pipes["to_node"], "y_m"].to_numpy()
        - nodes.loc[pipes["from_node"], "y_m"].to_numpy()
    )
    pipes["straight_length_m"] = np.hypot(dx, dy)

    # consumers and flows
    consumer_nodes = set(nodes.index[nodes["kind"] == "consumer"])
    kg_s = 1000.0 / (_HOURS_PER_YEAR * _SECONDS_PER_HOUR)  # t/yr -> kg/s
    consumers = pd.DataFrame(
        {
            "node": list(shares),
            "share": list(shares.values()),
        },
        index=pd.Index(list(shares), name="consumer"),
    )
    consumers["steam_t_per_year"] = consumers["share"] * float(steam_t_per_year)
    consumers["mass_flow_kg_s"] = consumers["steam_t_per_year"] * kg_s
    consumers["design_mass_flow_kg_s"] = (
        consumers["share"]
        * float(values["design_steam_t_per_year"])
        * kg_s
        * float(values["peak_factor"])
    )
    by_node = consumers.set_index("node")
    down = _downstream_consumers(pipes, consumer_nodes)
    pipes["mass_flow_kg_s"] = [by_node.loc[down[p], "mass_flow_kg_s"].sum() for p in pipes.index]
    pipes["design_mass_flow_kg_s"] = [
        by_node.loc[down[p], "design_mass_flow_kg_s"].sum() for p in pipes.index
    ]

    # source state and sizing
    p_pa = float(values["supply_pressure_mpa"]) * 1e6
    t_c = float(values["supply_temperature_c"])
    rho = _steam_density(p_pa, t_c)
    schedule = str(values["pipe_schedule"])
    v_max = float(values["max_velocity_m_s"])
    sizes = {}
    for pid, row in pipes.iterrows():
        sizes[pid] = size_pipe(float(row["design_mass_flow_kg_s"]), rho, v_max, schedule)
    main = pipes.index[pipes["role"] == "main"]
    first_main = pipes.loc[main, "design_mass_flow_kg_s"].idxmax()
    if values["trunk_dn"] is not None:
        dn = int(values["trunk_dn"])
        if dn not in _NPS_BY_DN:
            raise ValueError(f"trunk_dn = {dn} is not a standard DN; known: {sorted(_NPS_BY_DN)}")
        nps, di, do, t = _pipe_dims(nps=_NPS_BY_DN[dn], schedule=schedule)
        forced = {
            "dn": dn,
            "nps": nps,
            "inner_diameter_m": di,
            "outer_diameter_m": do,
            "wall_thickness_m": t,
        }
        for pid in main:
            sizes[pid] = dict(forced)
    elif values["uniform_main"]:
        for pid in main:
            sizes[pid] = dict(sizes[first_main])
    for key in ("dn", "nps", "inner_diameter_m", "outer_diameter_m", "wall_thickness_m"):
        pipes[key] = [sizes[p][key] for p in pipes.index]
    pipes["dn"] = pipes["dn"].astype(int)
    area = math.pi * pipes["inner_diameter_m"] ** 2 / 4.0
    pipes["design_velocity_m_s"] = pipes["design_mass_flow_kg_s"] / rho / area
    pipes["meets_velocity_limit"] = pipes["design_velocity_m_s"] <= v_max * (1 + 1e-9)
    pipes["roughness_m"] = float(values["roughness_m"])
    pipes["insulation_thickness_m"] = float(values["insulation_thickness_mm"]) / 1000.0
    pipes["insulation_conductivity_w_per_m_k"] = float(values["insulation_conductivity_w_per_m_k"])
    pipes["jacket_thickness_m"] = float(values["jacket_thickness_mm"]) / 1000.0
    pipes["jacket_outer_diameter_m"] = (
        pipes["outer_diameter_m"]
        + 2 * pipes["insulation_thickness_m"]
        + 2 * pipes["jacket_thickness_m"]
    )
    pipes = pipes[
        [
            "from_node",
            "to_node",
            "role",
            "length_m",
            "straight_length_m",
            "dn",
            "nps",
            "inner_diameter_m",
            "outer_diameter_m",
            "wall_thickness_m",
            "roughness_m",
            "insulation_thickness_m",
            "insulation_conductivity_w_per_m_k",
            "jacket_thickness_m",
            "jacket_outer_diameter_m",
            "mass_flow_kg_s",
            "design_mass_flow_kg_s",
            "design_velocity_m_s",
            "meets_velocity_limit",
        ]
    ]

    import CoolProp.CoolProp as CP

    t_sat = _saturation_c(p_pa)
    source_node = nodes.index[nodes["kind"] == "source"][0]
    source = {
        "node": source_node,
        "pressure_pa": p_pa,
        "temperature_c": t_c,
        "saturation_temperature_c": t_sat,
        "superheat_k": t_c - t_sat,
        "density_kg_m3": rho,
        "enthalpy_j_per_kg": float(CP.PropsSI("H", "P", p_pa, "T", t_c + 273.15, "IF97::Water")),
        "mass_flow_kg_s": float(consumers["mass_flow_kg_s"].sum()),
        "design_mass_flow_kg_s": float(consumers["design_mass_flow_kg_s"].sum()),
    }
    used = dict(values)
    used["steam_t_per_year"] = float(steam_t_per_year)
    used["shares"] = shares
    units = {
        "pressure_pa": "Pa",
        "temperature_c": "degC",
        "density_kg_m3": "kg/m3",
        "enthalpy_j_per_kg": "J/kg",
        "mass_flow_kg_s": "kg/s",
        "length_m": "m",
        "straight_length_m": "m",
        "inner_diameter_m": "m",
        "outer_diameter_m": "m",
        "wall_thickness_m": "m",
        "roughness_m": "m",
        "insulation_thickness_m": "m",
        "insulation_conductivity_w_per_m_k": "W/(m K)",
        "jacket_outer_diameter_m": "m",
        "design_velocity_m_s": "m/s",
        "x_m": "m (EPSG:6677)",
        "y_m": "m (EPSG:6677)",
        "elevation_m": "m",
        "steam_t_per_year": "t/yr",
    }
    return {
        "name": "Kawasaki Steam Net, assumed layout",
        "name_ja": "川崎スチームネット",
        "source": source,
        "nodes": nodes,
        "pipes": pipes,
        "consumers": consumers,
        "assumptions": used,
        "facts": doc["facts"],
        "units": units,
        "crs": {"geographic": "EPSG:4326", "projected": _CRS_PROJECTED},
    }


def to_networkx(case: dict[str, Any]):
    """A ``networkx.DiGraph`` of a :func:`load_case` result (node and pipe columns as attributes).

    Edges run in the design flow direction and carry the ``pipe`` id and every pipe column.
    """
    import networkx as nx

    graph = nx.DiGraph(name=case.get("name", "steam network"))
    for node, row in case["nodes"].iterrows():
        graph.add_node(node, **row.to_dict())
    for pid, row in case["pipes"].iterrows():
        attrs = row.drop(["from_node", "to_node"]).to_dict()
        graph.add_edge(row["from_node"], row["to_node"], pipe=pid, **attrs)
    return graph


# --------------------------------------------------------------------------------------------------
# demand


def _day_of_year_in(time: pd.DatetimeIndex, md: list[str]) -> np.ndarray:
    keys = time.strftime("%m-%d")
    return np.isin(np.asarray(keys), np.asarray(md))


def hourly_demand(
    steam_t_per_year: float,
    profile: str = "industrial",
    seed: int = 0,
    *,
    year: int = 2015,
    shares: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Hourly steam demand of each consumer over one year; each column sums to its annual share.

    Profile ``"industrial"`` (continuous petrochemical processes; every term ASSUMED, parameters
    in the dataset's ``demand_profile``): a seasonal cosine (+/-6 %, peak in late January: tank
    and line heating), weekends and holidays (New Year, Golden Week, Obon, year end) at 92 %, a
    +4 % day shift 08-17 h on working days, AR(1) noise (3 % standard deviation, lag-1
    correlation 0.9) per consumer, and one 10-day maintenance turnaround per consumer at 20 % of
    the normal flow, placed at random in spring (Apr-Jun) or autumn (Sep-Nov). Profile ``"flat"``:
    constant flow. Each consumer's series is then scaled so that its hourly flows x 3600 s sum to
    exactly its share of ``steam_t_per_year``.

    Parameters
    ----------
    steam_t_per_year : float
        Annual steam delivered [t/yr] (>= 0).
    profile : {"industrial", "flat"}
    seed : int, default 0
        Seed of the noise and turnaround placement (``numpy.random.default_rng``).
    year : int, default 2015
        Calendar year of the index (2015: a non-leap year, 8760 hours; a leap year gives 8784).
    shares : dict, optional
        ``{consumer: share}``; default the dataset's shares.

    Returns
    -------
    pandas.DataFrame
        Index ``time`` (hour beginning, tz Asia/Tokyo), one column per consumer [kg/s];
        ``attrs["units"] = "kg/s"``, ``attrs["profile"]``, ``attrs["seed"]``.

    Raises
    ------
    ValueError
        Unknown profile (the known ones are listed), negative steam, bad shares.
    """
    if profile not in PROFILES:
        raise ValueError(f"profile '{profile}' is unknown; known profiles: {', '.join(PROFILES)}")
    if not (steam_t_per_year >= 0):
        raise ValueError(f"steam_t_per_year = {steam_t_per_year!r} t/yr must be >= 0")
    from scipy.signal import lfilter

    doc = _doc()
    share = _shares(doc, shares)
    time = pd.date_range(
        f"{year}-01-01",
        f"{year + 1}-01-01",
        freq="h",
        inclusive="left",
        tz="Asia/Tokyo",
        name="time",
    )
    n = len(time)
    ids = list(share)
    if profile == "flat":
        shape = np.ones((n, len(ids)))
    else:
        p = doc["assumptions"]["demand_profile"]
        rng = np.random.default_rng(seed)
        doy = time.day_of_year.to_numpy()
        seasonal = 1.0 + p["seasonal_amplitude"] * np.cos(
            2 * np.pi * (doy - p["seasonal_peak_day_of_year"]) / 365.0
        )
        off = (time.day_of_week.to_numpy() >= 5) | _day_of_year_in(time, p["holidays"])
        weekly = np.where(off, p["weekend_factor"], 1.0)
        start_h, end_h = p["day_shift_hours"]
        hour = time.hour.to_numpy()
        shift = 1.0 + p["day_shift_uplift"] * ((hour >= start_h) & (hour < end_h) & ~off)
        base = seasonal * weekly * shift
        shape = np.empty((n, len(ids)))
        phi = float(p["noise_ar1"])
        sd_innov = float(p["noise_sd"]) * math.sqrt(1 - phi**2)
        days = int(p["turnaround_days"])
        windows = [
            (
                pd.Timestamp(f"{year}-{a}", tz="Asia/Tokyo"),
                pd.Timestamp(f"{year}-{b}", tz="Asia/Tokyo"),
            )
            for a, b in p["turnaround_windows"]
        ]
        for j, _ in enumerate(ids):
            eps = rng.normal(0.0, sd_innov, n)
            eps[0] = rng.normal(0.0, float(p["noise_sd"]))  # start in the stationary state
            noise = lfilter([1.0], [1.0, -phi], eps)  # AR(1): x_i = phi x_(i-1) + e_i
            w0, w1 = windows[rng.integers(len(windows))]
            span = max((w1 - w0).days - days, 0)
            t0 = w0 + pd.Timedelta(days=int(rng.integers(span + 1)))
            down = (time >= t0) & (time < t0 + pd.Timedelta(days=days))
            col = base * np.clip(1.0 + noise, 0.0, None)
            col = np.where(down, col * p["turnaround_factor"], col)
            shape[:, j] = col
    annual_kg = np.array([share[k] for k in ids]) * float(steam_t_per_year) * 1000.0
    totals = shape.sum(axis=0) * _SECONDS_PER_HOUR
    flows = shape * np.where(totals > 0, annual_kg / totals, 0.0)
    out = pd.DataFrame(flows, index=time, columns=pd.Index(ids, name="consumer"))
    out.attrs.update(
        {
            "units": "kg/s",
            "profile": profile,
            "seed": seed,
            "steam_t_per_year": float(steam_t_per_year),
        }
    )
    return out


# --------------------------------------------------------------------------------------------------
# heat loss (screening)


def heat_loss_estimate_gj(
    case: dict[str, Any],
    *,
    hours: float = _HOURS_PER_YEAR,
    ambient_temperature_c: float | None = None,
) -> pd.DataFrame:
    """Screening estimate of the network's heat loss: conduction through the insulation only.

    ``q' = 2 pi k (T_supply - T_ambient) / ln(D_insulation / D_pipe)`` per metre [4]_, at the
    supply temperature on every pipe, all year. It neglects the steel wall, the jacket and the
    outer surface resistances and the temperature drop along the pipes, so it is an upper bound
    (a few per cent high). Use the network solver's heat losses for anything finer.

    Parameters
    ----------
    case : dict
        A :func:`load_case` result.
    hours : float, default 8760
        Operating hours per year [h].
    ambient_temperature_c : float, optional
        [°C]; default the case's ``ambient_temperature_c`` (15.8 °C, Tokyo annual mean).

    Returns
    -------
    pandas.DataFrame
        Per pipe: ``heat_loss_w_per_m``, ``heat_loss_w``, ``heat_loss_gj_per_year``;
        ``attrs["total_gj"]`` and ``attrs["total_w"]``.

    References
    ----------
    .. [4] Incropera et al. (2007), Fundamentals of Heat and Mass Transfer, 6th ed., eq. 3.27.
    """
    if not (hours >= 0):
        raise ValueError(f"hours = {hours!r} must be >= 0")
    pipes = case["pipes"]
    t_amb = (
        float(case["assumptions"]["ambient_temperature_c"])
        if ambient_temperature_c is None
        else float(ambient_temperature_c)
    )
    dt = float(case["source"]["temperature_c"]) - t_amb
    d_in = pipes["outer_diameter_m"]
    d_out = d_in + 2 * pipes["insulation_thickness_m"]
    bare = pipes["insulation_thickness_m"] <= 0
    if bool(bare.any()):
        raise ValueError(
            f"pipe {bare.idxmax()} has no insulation; the conduction estimate needs a thickness > 0"
        )
    q = 2 * math.pi * pipes["insulation_conductivity_w_per_m_k"] * dt / np.log(d_out / d_in)
    out = pd.DataFrame(
        {
            "heat_loss_w_per_m": q,
            "heat_loss_w": q * pipes["length_m"],
        }
    )
    out["heat_loss_gj_per_year"] = out["heat_loss_w"] * hours * _SECONDS_PER_HOUR / 1e9
    out.attrs["total_w"] = float(out["heat_loss_w"].sum())
    out.attrs["total_gj"] = float(out["heat_loss_gj_per_year"].sum())
    out.attrs["units"] = {
        "heat_loss_w_per_m": "W/m",
        "heat_loss_w": "W",
        "heat_loss_gj_per_year": "GJ/yr",
    }
    return out
