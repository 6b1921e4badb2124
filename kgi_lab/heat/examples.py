"""A hot-water district-heating example: waste heat from the Ōzenji (王禅寺) incineration plant.

Kawasaki's 王禅寺処理センター (Asao-ku; 450 t/day, 7,500 kW extraction-condensing turbine,
completed 2012) sends waste heat to the neighbouring public pool ヨネッティー王禅寺
(kawasaki-facts §7). :func:`ozenji_network` builds a small **looped** hot-water network on that
idea: the plant's heat exchanger as the source, a circulation pump, a supply ring with a
cross-link, substations (the pool and four hypothetical neighbouring buildings) that extract
heat between supply and return, and a return ring back to the plant.

Everything beyond the plant and the pool is an **assumption** for teaching: layout, lengths,
diameters (DN 80–150), loads and the 80/50 °C design temperatures. Water stays below 95 °C, so
the supply side can be cross-checked against pandapipes (:func:`ozenji_supply_network`).
"""

from __future__ import annotations

from kgi_lab.heat.network import HeatNetwork

__all__ = ["OZENJI_LOADS_KW", "ozenji_network", "ozenji_supply_network"]

#: Design heat loads [kW] (assumptions): the pool (ヨネッティー王禅寺) and four neighbours.
OZENJI_LOADS_KW = {
    "pool": 900.0,
    "school": 250.0,
    "care_home": 300.0,
    "apartments": 450.0,
    "community_centre": 150.0,
}

_SUPPLY_C = 80.0
_RETURN_C = 50.0
_CP_J_KGK = 4190.0  # water, 50-80 °C (IF97 mean ≈ 4.19 kJ/(kg K))
_LOOP = [  # (from, to, length m, inner diameter m) of the supply ring; the return mirrors it
    ("J0", "J1", 250.0, 0.15),
    ("J1", "J2", 300.0, 0.125),
    ("J2", "J3", 280.0, 0.1),
    ("J3", "J4", 320.0, 0.1),
    ("J4", "J0", 350.0, 0.125),
    ("J1", "J3", 400.0, 0.08),
]
_SITES = {
    "pool": "J1",
    "school": "J2",
    "care_home": "J3",
    "apartments": "J4",
    "community_centre": "J2",
}
_UA_W_PER_M_K = 0.3  # pre-insulated pipe (EN 253), order of magnitude
_GROUND_C = 12.0


def _design_flow_kg_s(load_kw: float) -> float:
    return load_kw * 1000.0 / (_CP_J_KGK * (_SUPPLY_C - _RETURN_C))


def ozenji_network(friction_model: str = "colebrook") -> HeatNetwork:
    """Supply and return rings with substations (flow controls extracting heat).

    The plant node ``S`` holds the supply pressure (3 bar abs) and temperature (80 °C); the
    pump adds 2.5 bar; each substation draws its design flow (load / (c_p · 30 K)) from the
    supply ring and returns it, cooled by its load, to the return ring; the return ring drains
    into ``R`` at the plant, whose pressurisation holds 1.5 bar abs and takes the water back.
    """
    net = HeatNetwork(
        "water",
        ambient_temperature_c=_GROUND_C,
        friction_model=friction_model,
        name="Ozenji waste-heat network",
    )
    for j in ("S", "J0", "J1", "J2", "J3", "J4", "R", "R0", "R1", "R2", "R3", "R4"):
        net.add_junction(j)
    net.add_source("ozenji_heat_exchanger", "S", pressure_pa=3.0e5, temperature_c=_SUPPLY_C)
    net.add_pump("circulation_pump", "S", "J0", pressure_lift_pa=2.5e5)
    for a, b, length, d in _LOOP:
        for side, prefix in (("supply", "J"), ("return", "R")):
            fa, fb = (a, b) if side == "supply" else (b.replace("J", "R"), a.replace("J", "R"))
            net.add_pipe(
                f"{side}_{a}_{b}",
                fa if prefix == "J" else fa,
                fb,
                length_m=length,
                diameter_m=d,
                roughness_m=1e-4,
                k_fittings=1.0,
                heat_transfer_w_per_m_k=_UA_W_PER_M_K,
            )
    net.add_pipe(
        "return_main",
        "R0",
        "R",
        length_m=50.0,
        diameter_m=0.15,
        roughness_m=1e-4,
        heat_transfer_w_per_m_k=_UA_W_PER_M_K,
    )
    for consumer, load_kw in OZENJI_LOADS_KW.items():
        j = _SITES[consumer]
        m = _design_flow_kg_s(load_kw)
        net.add_flow_control(
            f"substation_{consumer}",
            j,
            j.replace("J", "R"),
            mass_flow_kg_s=m,
            heat_w=load_kw * 1000.0,
        )
    # The plant's pressurisation holds the return pressure; the return water flows back into it.
    net.add_source("return_pressurisation", "R", pressure_pa=1.5e5, temperature_c=_RETURN_C)
    return net


def ozenji_supply_network(friction_model: str = "colebrook") -> HeatNetwork:
    """The supply side alone, with each substation as a sink of its design flow: the form
    pandapipes accepts (water ≤ 95 °C, sinks, a booster pump) for a cross-check."""
    net = HeatNetwork(
        "water",
        ambient_temperature_c=_GROUND_C,
        friction_model=friction_model,
        name="Ozenji supply ring",
    )
    for j in ("S", "J0", "J1", "J2", "J3", "J4"):
        net.add_junction(j)
    net.add_source("ozenji_heat_exchanger", "S", pressure_pa=3.0e5, temperature_c=_SUPPLY_C)
    net.add_pump("circulation_pump", "S", "J0", pressure_lift_pa=2.5e5)
    for a, b, length, d in _LOOP:
        net.add_pipe(
            f"supply_{a}_{b}",
            a,
            b,
            length_m=length,
            diameter_m=d,
            roughness_m=1e-4,
            k_fittings=1.0,
            heat_transfer_w_per_m_k=_UA_W_PER_M_K,
            ambient_temperature_c=_GROUND_C,
        )
    for consumer, load_kw in OZENJI_LOADS_KW.items():
        net.add_consumer(
            f"substation_{consumer}", _SITES[consumer], mass_flow_kg_s=_design_flow_kg_s(load_kw)
        )
    return net
