"""The Kawasaki Steam Net case as a solvable network: :func:`steam_net_network` turns the plain
data of :func:`kgi_lab.heat.steamnet.load_case` into a :class:`~kgi_lab.heat.network.HeatNetwork`
whose pipes lose heat through their insulation (:mod:`kgi_lab.heat.heat_loss`), and
:func:`solve_steam_net` solves it and summarises what each consumer receives."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from kgi_lab.heat.heat_loss import above_ground_loss_w_per_m
from kgi_lab.heat.network import HeatNetwork, NetworkResult, solve
from kgi_lab.heat.properties import saturation_temperature_c

__all__ = ["consumer_summary", "solve_steam_net", "steam_net_network", "trunk_profile"]

#: Conductivity of the pipe wall (carbon steel) [W/(m K)], DIN EN 12524 design value.
STEEL_CONDUCTIVITY_W_MK = 50.0


def _loss_callback(row: pd.Series, ambient_c: float, wind_speed_m_s: float):
    layers = [
        (float(row["wall_thickness_m"]), STEEL_CONDUCTIVITY_W_MK),
        (float(row["insulation_thickness_m"]), float(row["insulation_conductivity_w_per_m_k"])),
    ]
    od = float(row["outer_diameter_m"])

    def loss(temperature_c: np.ndarray) -> np.ndarray:
        result = above_ground_loss_w_per_m(
            np.asarray(temperature_c, dtype=float),
            ambient_c,
            layers,
            pipe_outer_diameter_m=od,
            wind_speed_m_s=wind_speed_m_s,
        )
        return np.asarray(result.heat_loss_w_per_m, dtype=float)

    return loss


def steam_net_network(
    case: dict[str, Any],
    *,
    ambient_temperature_c: float = 16.0,
    wind_speed_m_s: float = 2.0,
    design: bool = False,
) -> HeatNetwork:
    """A :class:`HeatNetwork` (fluid ``"steam"``) for a :func:`load_case` description.

    Parameters
    ----------
    case : dict
        From :func:`kgi_lab.heat.steamnet.load_case`.
    ambient_temperature_c : float
        Air temperature around the above-ground pipes [°C]; default 16 °C, about Kawasaki's
        annual mean (JMA Tokyo 1991–2020: 15.8 °C).
    wind_speed_m_s : float
        Wind for the external convection [m/s].
    design : bool
        Consumers draw their design (peak) flows instead of the annual means.
    """
    net = HeatNetwork("steam", ambient_temperature_c=ambient_temperature_c, name=case["name"])
    for node, row in case["nodes"].iterrows():
        net.add_junction(str(node), elevation_m=float(row["elevation_m"]))
    for pipe, row in case["pipes"].iterrows():
        net.add_pipe(
            str(pipe),
            str(row["from_node"]),
            str(row["to_node"]),
            length_m=float(row["length_m"]),
            diameter_m=float(row["inner_diameter_m"]),
            roughness_m=float(row["roughness_m"]),
            heat_loss_w_per_m=_loss_callback(row, ambient_temperature_c, wind_speed_m_s),
        )
    src = case["source"]
    net.add_source(
        "power_station",
        str(src["node"]),
        pressure_pa=float(src["pressure_pa"]),
        temperature_c=float(src["temperature_c"]),
    )
    flow = "design_mass_flow_kg_s" if design else "mass_flow_kg_s"
    for consumer, row in case["consumers"].iterrows():
        net.add_consumer(f"demand_{consumer}", str(row["node"]), mass_flow_kg_s=float(row[flow]))
    return net


def solve_steam_net(case: dict[str, Any], **options: Any) -> NetworkResult:
    """Solve :func:`steam_net_network` (options as for it) at steady state.

    Wet steam is carried (``allow_condensation=True``) but never silently: if any consumer
    receives steam below saturation quality 1, a :class:`UserWarning` names them. A main sized
    for the design flow all the way (``uniform_main=True``, the published 64 cm trunk) runs so
    slowly at its far end that the steam condenses there; ``load_case(..., uniform_main=False)``
    steps the main down.
    """
    allow = options.pop("allow_condensation", True)
    result = solve(steam_net_network(case, **options), allow_condensation=allow)
    summary = consumer_summary(case, result)
    wet = summary[summary["quality"] < 1.0 - 1e-9]
    if len(wet):
        listing = ", ".join(f"{c} (x = {q:.3f})" for c, q in wet["quality"].items())
        warnings.warn(
            f"consumers receive wet steam: {listing}; the main is oversized at its far end "
            "(try load_case(..., uniform_main=False)) or the supply superheat is too low",
            stacklevel=2,
        )
    return result


def consumer_summary(case: dict[str, Any], result: NetworkResult) -> pd.DataFrame:
    """Solved mass flow and the pressure, temperature, superheat and quality of the steam each
    consumer receives."""
    nodes = result.junctions
    solved = result.consumers
    rows = []
    for consumer, row in case["consumers"].iterrows():
        n = nodes.loc[str(row["node"])]
        p = float(n["pressure_pa"])
        t = float(n["temperature_c"])
        name = f"demand_{consumer}"
        flow = (
            float(solved.loc[name, "mass_flow_kg_s"])
            if name in solved.index
            else float(row["mass_flow_kg_s"])
        )
        rows.append(
            {
                "consumer": consumer,
                "mass_flow_kg_s": flow,
                "pressure_mpa": p / 1e6,
                "temperature_c": t,
                "superheat_k": max(t - float(saturation_temperature_c(p)), 0.0),
                "quality": float(n["quality"]) if "quality" in n.index else 1.0,
            }
        )
    return pd.DataFrame(rows).set_index("consumer")


def trunk_profile(case: dict[str, Any], result: NetworkResult) -> pd.DataFrame:
    """Pressure, temperature, superheat and quality along the main trunk, by distance from
    the source (heat loss and condensate per pipe are in ``result.branches``)."""
    pipes = case["pipes"]
    main = pipes[pipes["role"] == "main"]
    profile = result.profile(list(main.index))
    return profile
