"""Build a kgi_lab heat network in pandapipes 0.16 and solve it: the cross-check's peer.

Run with the peer interpreter (pandapipes needs pandas < 3, so it lives in ``.venv-peer``)::

    .venv-peer/bin/python tests/heat/peer_pandapipes.py in.json out.json

``in.json`` is ``{"network": HeatNetwork.to_dict(), "repeats": 1, "mode": "bidirectional"}``.
Mapping (pandapipes conventions):

* junction → ``create_junction(height_m=elevation_m)``; pandapipes pressures are gauge, relative
  to its barometric ambient pressure at the junction's height, so absolute pressures are written
  back as ``p_bar + p_amb(height)``;
* pipe → ``create_pipe_from_parameters`` with ``sections=1``, ``k_mm``, ``loss_coefficient`` (K),
  ``u_w_per_m2k = U′/(π D)`` (pandapipes multiplies by π times the outer diameter, set equal to
  the inner one) and ``text_k``;
* source → ``create_ext_grid(type="pt")``; consumer (mass flow) → ``create_sink``;
* pump (fixed lift) → ``create_pump_from_parameters`` with a flat curve (degree-0 polynomial);
* flow control with heat → ``create_heat_consumer(qext_w, controlled_mdot_kg_per_s)``, without
  heat → ``create_flow_control``.

``pipeflow`` runs in ``"bidirectional"`` mode (hydraulics and heat solved together; the
"sequential" mode uses the initial junction temperatures for the hydraulics) with the Colebrook
friction model and tight tolerances. Only ``pipeflow`` itself is timed (median of ``repeats``
runs, after one untimed warm-up), so interpreter and import start-up are excluded.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
import warnings

import numpy as np
import pandapipes as pp
from pandapipes.component_models.component_toolbox import p_correction_height_air

T0 = 273.15


def build(desc: dict):
    if desc["fluid"] != "water":
        raise SystemExit("pandapipes has no steam: only fluid='water' can be cross-checked")
    net = pp.create_empty_network(fluid="water")
    p_guess = max(s["pressure_pa"] for s in desc["sources"]) / 1e5 - 1.01325
    t_guess = max(s["temperature_c"] for s in desc["sources"]) + T0
    jid = {}
    for j in desc["junctions"]:
        jid[j["name"]] = pp.create_junction(
            net, pn_bar=p_guess, tfluid_k=t_guess, height_m=j["elevation_m"], name=j["name"]
        )
    pipes = {}
    for p in desc["pipes"]:
        d = p["diameter_m"]
        pipes[p["name"]] = pp.create_pipe_from_parameters(
            net,
            jid[p["from_junction"]],
            jid[p["to_junction"]],
            length_km=p["length_m"] / 1e3,
            inner_diameter_mm=d * 1e3,
            k_mm=p["roughness_m"] * 1e3,
            loss_coefficient=p["k_fittings"],
            sections=1,
            u_w_per_m2k=p["heat_transfer_w_per_m_k"] / (math.pi * d),
            text_k=p["ambient_temperature_c"] + T0,
            name=p["name"],
        )
    for i, p in enumerate(desc.get("pumps", [])):
        lift_bar = p["pressure_lift_pa"] / 1e5
        pp.create_pump_from_parameters(
            net,
            jid[p["from_junction"]],
            jid[p["to_junction"]],
            f"flat_{i}",
            pressure_list=[lift_bar, lift_bar, lift_bar],
            flowrate_list=[0.0, 100.0, 1000.0],
            reg_polynomial_degree=0,
            name=p["name"],
        )
    for f in desc.get("flow_controls", []):
        if f.get("heat_w", 0.0) > 0:
            pp.create_heat_consumer(
                net,
                jid[f["from_junction"]],
                jid[f["to_junction"]],
                qext_w=f["heat_w"],
                controlled_mdot_kg_per_s=f["mass_flow_kg_s"],
                name=f["name"],
            )
        else:
            pp.create_flow_control(
                net,
                jid[f["from_junction"]],
                jid[f["to_junction"]],
                controlled_mdot_kg_per_s=f["mass_flow_kg_s"],
                name=f["name"],
            )
    heights = {j["name"]: j["elevation_m"] for j in desc["junctions"]}
    for s in desc["sources"]:
        p_amb = float(p_correction_height_air(np.array([heights[s["junction"]]]))[0])
        pp.create_ext_grid(
            net,
            jid[s["junction"]],
            p_bar=s["pressure_pa"] / 1e5 - p_amb,
            t_k=s["temperature_c"] + T0,
            type="pt",
            name=s["name"],
        )
    for c in desc["consumers"]:
        if c["mode"] != "mass_flow":
            raise SystemExit(f"consumer {c['name']!r}: only mass-flow consumers map to sinks")
        pp.create_sink(net, jid[c["junction"]], mdot_kg_per_s=c["value"], name=c["name"])
    return net, jid, pipes


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as fh:
        job = json.load(fh)
    desc = job["network"]
    repeats = int(job.get("repeats", 1))
    net, jid, pipes = build(desc)
    kw = dict(mode=job.get("mode", "bidirectional"), friction_model="colebrook",
              ambient_temperature=desc["ambient_temperature_c"] + T0, tol_p=1e-10, tol_m=1e-10,
              tol_T=1e-9, tol_res=1e-9, iter=200, max_iter_colebrook=100,
              tolerance_colebrook=1e-14)  # fmt: skip
    times = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pp.pipeflow(net, **kw)  # warm-up (and the result if repeats == 0)
        for _ in range(repeats):
            t0 = time.perf_counter()
            pp.pipeflow(net, **kw)
            times.append(time.perf_counter() - t0)
    heights = net.junction["height_m"].to_numpy()
    p_amb = p_correction_height_air(heights)
    rj = net.res_junction
    out = {
        "pandapipes": pp.__version__,
        "pipeflow_s": statistics.median(times) if times else None,
        "pipeflow_min_s": min(times) if times else None,
        "converged": bool(net.converged),
        "junctions": {
            name: {
                "pressure_pa": float((rj.at[i, "p_bar"] + p_amb[i]) * 1e5),
                "temperature_c": float(rj.at[i, "t_k"] - T0),
            }
            for name, i in jid.items()
        },
        "pipes": {
            name: {
                "mass_flow_kg_s": float(net.res_pipe.at[i, "mdot_from_kg_per_s"]),
                "velocity_m_s": float(net.res_pipe.at[i, "v_mean_m_per_s"]),
                "temperature_out_c": float(net.res_pipe.at[i, "t_to_k"] - T0),
            }
            for name, i in pipes.items()
        },
    }
    with open(dst, "w") as fh:
        json.dump(out, fh)


if __name__ == "__main__":
    main()
