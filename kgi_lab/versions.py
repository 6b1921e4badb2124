"""Version information for bug reports and reproducibility stamps (as ``pandas.show_versions``)."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

__all__ = ["KEY_PACKAGES", "package_versions", "show_versions"]

#: Packages whose versions change numbers or behaviour; they go into every report's stamp.
KEY_PACKAGES = (
    "kgi_lab",
    "numpy",
    "pandas",
    "scipy",
    "xarray",
    "geopandas",
    "shapely",
    "pyproj",
    "pvlib",
    "matplotlib",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "jupyter_client",
    "dask",
    "distributed",
    "h5netcdf",
    "h5py",
    "pyyaml",
    "jupytext",
    "ipywidgets",
    "nrel-pysam",
)


def package_versions(packages: tuple[str, ...] = KEY_PACKAGES) -> dict[str, str | None]:
    """Installed version of each package (``None`` when it is not installed)."""
    out: dict[str, str | None] = {}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def show_versions(as_dict: bool = False) -> dict[str, object] | None:
    """Print (or return) the Python, platform and key package versions.

    Parameters
    ----------
    as_dict : bool, default False
        Return the information instead of printing it.
    """
    info: dict[str, object] = {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "packages": package_versions(),
    }
    if as_dict:
        return info
    print("INSTALLED VERSIONS")
    print("------------------")
    for key in ("python", "implementation", "platform", "machine"):
        print(f"{key:<16}: {info[key]}")
    print()
    for name, version in info["packages"].items():  # type: ignore[union-attr]
        print(f"{name:<16}: {version}")
    return None
