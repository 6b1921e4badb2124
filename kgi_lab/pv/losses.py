"""A staged loss tree for PV yield, replacing PVWatts' single system-loss percentage.

Stages, in the order they are applied by :func:`kgi_lab.pv.simulate`:

1. **irradiance** (on the effective plane-of-array irradiance, after reflection losses):
   ``soiling``, ``shading``, ``snow``;
2. **dc** (on the array's DC power, after the module model):
   ``mismatch``, ``wiring``, ``connections``, ``lid``, ``nameplate``, and ``degradation``
   (``degradation_pct_per_year`` × years of operation);
3. **inverter** (from the inverter model itself: conversion efficiency and clipping);
4. **ac** (on the AC power): ``transformer``, ``availability``.

All losses are percentages combined multiplicatively, as in PVWatts [1]_:
``factor = Π (1 − L_i/100)``.

The default values are PVWatts v5's defaults [1]_ where PVWatts has the item, with one change of
*placement*: PVWatts applies every loss (availability included) to DC power before the inverter;
here availability and the transformer act on AC power, where an outage or a transformer really
removes energy. With a non-linear inverter (efficiency curve, clipping) the two placements differ
slightly; :meth:`LossTree.pvwatts_losses` gives pvlib's equivalent for comparisons.

References
----------
.. [1] A. P. Dobos, "PVWatts Version 5 Manual", NREL/TP-6A20-62641, 2014, :doi:`10.2172/1158421`.
.. [2] D. C. Jordan and S. R. Kurtz, "Photovoltaic degradation rates—an analytical review",
   Progress in Photovoltaics 21(1), 12–29, 2013, :doi:`10.1002/pip.1182` (median 0.5 %/yr).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

__all__ = ["LOSS_STAGES", "LossTree"]

#: Loss items per stage, in application order.
LOSS_STAGES = {
    "irradiance": ("soiling", "shading", "snow"),
    "dc": ("mismatch", "wiring", "connections", "lid", "nameplate", "degradation"),
    "ac": ("transformer", "availability"),
}


@dataclass(frozen=True)
class LossTree:
    """Percent losses by stage. Every field is a loss in percent [%] except
    ``degradation_pct_per_year`` [%/yr] and ``years_of_operation`` [yr].

    Parameters
    ----------
    soiling, shading, snow : float
        Irradiance-stage losses [%]. PVWatts defaults 2, 3, 0.
    mismatch, wiring, connections, lid, nameplate : float
        DC-stage losses [%]. PVWatts defaults 2, 2, 0.5, 1.5, 1.
    degradation_pct_per_year : float
        Linear power degradation [%/yr]; 0.5 %/yr is the median of Jordan & Kurtz (2013) [2]_.
    years_of_operation : float
        Age of the system at the simulated year [yr]; 0 = first year. The DC degradation loss is
        ``degradation_pct_per_year × years_of_operation`` (linear, as [2]_ reports rates).
    transformer, availability : float
        AC-stage losses [%]. Defaults 0 and 3 (PVWatts' availability).
    """

    soiling: float = 2.0
    shading: float = 3.0
    snow: float = 0.0
    mismatch: float = 2.0
    wiring: float = 2.0
    connections: float = 0.5
    lid: float = 1.5
    nameplate: float = 1.0
    degradation_pct_per_year: float = 0.5
    years_of_operation: float = 0.0
    transformer: float = 0.0
    availability: float = 3.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"loss {f.name!r} must be a number, got {value!r}") from None
            if not math.isfinite(value):
                raise ValueError(f"loss {f.name!r} must be finite, got {value!r}")
            if f.name == "years_of_operation":
                if value < 0:
                    raise ValueError(f"years_of_operation must be >= 0, got {value}")
            elif f.name == "degradation_pct_per_year":
                if not -5.0 <= value <= 20.0:
                    raise ValueError(
                        f"degradation_pct_per_year must lie in [-5, 20] %/yr, got {value}"
                    )
            elif not 0.0 <= value < 100.0:
                raise ValueError(f"loss {f.name!r} must lie in [0, 100) %, got {value}")
        if self.degradation >= 100.0:
            raise ValueError(
                "degradation_pct_per_year × years_of_operation reaches 100 %: "
                f"{self.degradation_pct_per_year} × {self.years_of_operation}"
            )

    @classmethod
    def none(cls) -> LossTree:
        """A loss tree with every loss at zero (and no degradation)."""
        return cls(**{f.name: 0.0 for f in fields(cls)})

    @classmethod
    def pvwatts_defaults(cls) -> LossTree:
        """PVWatts v5 defaults (14.08 % in total), with availability on the AC side."""
        return cls(degradation_pct_per_year=0.0)

    @property
    def degradation(self) -> float:
        """DC degradation loss at ``years_of_operation`` [%]."""
        return self.degradation_pct_per_year * self.years_of_operation

    def items(self, stage: str) -> dict[str, float]:
        """The losses of one stage, in application order [%]."""
        if stage not in LOSS_STAGES:
            raise ValueError(f"stage must be one of {list(LOSS_STAGES)}, got {stage!r}")
        return {name: float(getattr(self, name)) for name in LOSS_STAGES[stage]}

    def factor(self, stage: str) -> float:
        """Multiplicative factor of one stage: ``Π (1 − L_i/100)``."""
        out = 1.0
        for value in self.items(stage).values():
            out *= 1.0 - value / 100.0
        return out

    def total_percent(self) -> float:
        """All stages combined as one percentage (excluding the inverter)."""
        f = self.factor("irradiance") * self.factor("dc") * self.factor("ac")
        return 100.0 * (1.0 - f)

    def aged(self, years_of_operation: float) -> LossTree:
        """The same tree at another age."""
        return replace(self, years_of_operation=years_of_operation)

    def pvwatts_losses(self) -> dict[str, float]:
        """Keyword arguments for :func:`pvlib.pvsystem.pvwatts_losses` that reproduce the
        irradiance and DC stages (``age`` takes the degradation). Transformer and availability are
        left out: PVWatts would apply them before the inverter."""
        return {
            "soiling": self.soiling,
            "shading": self.shading,
            "snow": self.snow,
            "mismatch": self.mismatch,
            "wiring": self.wiring,
            "connections": self.connections,
            "lid": self.lid,
            "nameplate_rating": self.nameplate,
            "age": self.degradation,
            "availability": 0.0,
        }

    def to_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items()}
