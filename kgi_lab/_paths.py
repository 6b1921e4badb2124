"""Where the project's data, notebooks and curricula live.

kgi_lab is installed in editable mode from a checkout, so these folders sit one level above the
package. ``KGI_LAB_HOME`` points elsewhere (for example a copy of the checkout's data folders next to a
regular install).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["curricula_dir", "datasets_dir", "notebooks_dir", "project_root"]


def project_root() -> Path:
    """Return the folder that holds ``datasets/``, ``notebooks/`` and ``curricula/``."""
    env = os.environ.get("KGI_LAB_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path(__file__).resolve().parent.parent


def datasets_dir() -> Path:
    """Folder of the embedded datasets and their ``catalog.yaml``."""
    return project_root() / "datasets"


def notebooks_dir() -> Path:
    """Folder of the teaching notebooks (``*.ipynb`` paired with ``*.py``)."""
    return project_root() / "notebooks"


def curricula_dir() -> Path:
    """Folder of the course descriptions (``*.yaml``)."""
    return project_root() / "curricula"
