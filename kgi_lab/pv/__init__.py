"""PV yield: systems, the vectorised model chain, a staged loss tree, fleets and validation.

Everything here takes weather in the canonical schema (:mod:`kgi_lab.weather.schema`) and returns
xarray objects with units in ``attrs``. See :func:`simulate` for one system,
:func:`simulate_fleet` for many, and :func:`simulate_lifetime` for degradation over the years.
"""

from kgi_lab.pv.chain import (
    PRESETS,
    SERIES,
    STAGES,
    SolarGeometry,
    simulate,
    simulate_fleet,
    simulate_lifetime,
    solar_geometry,
)
from kgi_lab.pv.losses import LOSS_STAGES, LossTree
from kgi_lab.pv.systems import (
    MOUNTINGS,
    PVSystemSpec,
    cec_inverter,
    cec_module,
    plant,
    plant_names,
    plants_table,
    systems_dataset,
)

__all__ = [
    "LOSS_STAGES",
    "MOUNTINGS",
    "PRESETS",
    "SERIES",
    "STAGES",
    "LossTree",
    "PVSystemSpec",
    "SolarGeometry",
    "cec_inverter",
    "cec_module",
    "plant",
    "plant_names",
    "plants_table",
    "simulate",
    "simulate_fleet",
    "simulate_lifetime",
    "solar_geometry",
    "systems_dataset",
]
