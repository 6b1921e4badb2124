"""Heat networks: IF97 water and steam, pipes, heat losses, a network solver, the Kawasaki Steam
Net case and its fuel and CO2 savings.

Submodules:

* :mod:`~kgi_lab.heat.properties` — IAPWS-IF97 via CoolProp, vectorised (``props_pt``,
  ``props_ph``, saturation, superheat, quality);
* :mod:`~kgi_lab.heat.pipes` — pipe sizes (ASME B36.10M, JIS G 3454), friction, Crane
  fittings, Darcy–Weisbach, compressible ``steam_line``;
* :mod:`~kgi_lab.heat.heat_loss` — above-ground and buried (EN 13941-style) losses, pairs,
  condensate;
* :mod:`~kgi_lab.heat.network` — ``HeatNetwork``, ``solve`` and ``solve_timeseries`` for water
  and steam, trees and loops;
* :mod:`~kgi_lab.heat.steamnet`, :mod:`~kgi_lab.heat.case` — the Kawasaki Steam Net as data and
  as a solvable network;
* :mod:`~kgi_lab.heat.savings` — avoided boiler fuel, lost generation, net savings,
  sensitivity;
* :mod:`~kgi_lab.heat.plots` — figures.
"""

from kgi_lab.heat.network import HeatNetwork, solve, solve_timeseries
from kgi_lab.heat.savings import net_savings, sensitivity
from kgi_lab.heat.steamnet import load_case

__all__ = [
    "HeatNetwork",
    "load_case",
    "net_savings",
    "sensitivity",
    "solve",
    "solve_timeseries",
]
