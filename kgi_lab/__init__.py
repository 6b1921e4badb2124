"""kgi_lab: the Kawasaki Green Innovation workbench.

PV yield (:mod:`kgi_lab.pv`, :mod:`kgi_lab.weather`), air-quality monitoring networks
(:mod:`kgi_lab.air`) and heat networks (:mod:`kgi_lab.heat`), taught through parameterised notebooks
that :mod:`kgi_lab.batch` runs into reports. Embedded data live in ``datasets/`` and are loaded through
:func:`kgi_lab.datasets.load`.

Importing the package is cheap: sub-modules are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "emit_metrics", "show_versions"]

_LAZY = {
    "emit_metrics": ("kgi_lab.metrics", "emit_metrics"),
    "show_versions": ("kgi_lab.versions", "show_versions"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'kgi_lab' has no attribute '{name}'")
