"""Assert helpers and peer-tool builders for tests, validation scripts and benchmarks
(as ``xarray.testing``): one place for the comparisons kgi_lab makes against its peers."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "assert_max_relative_difference",
    "max_relative_difference",
    "pandapipes_peer_python",
    "peer_differences",
    "pvwatts_modelchain",
    "run_pandapipes_peer",
]


def max_relative_difference(actual: Any, expected: Any, *, zero_w: float = 1e-6) -> float:
    """Largest ``|actual − expected| / |expected|`` over the elements where ``|expected|`` >
    ``zero_w``; elsewhere the two must agree to 1e-9 absolute (else ``inf`` is returned)."""
    a, b = np.asarray(actual, float), np.asarray(expected, float)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    big = np.abs(b) > zero_w
    if not np.all(np.abs(a[~big] - b[~big]) <= 1e-9):
        return float("inf")
    if not big.any():
        return 0.0
    return float(np.max(np.abs(a[big] - b[big]) / np.abs(b[big])))


def assert_max_relative_difference(actual: Any, expected: Any, rtol: float = 1e-9) -> None:
    """Assert :func:`max_relative_difference` ≤ ``rtol`` with a message giving the value."""
    value = max_relative_difference(actual, expected)
    assert value <= rtol, f"max relative difference {value:.3e} > {rtol:.1e}"


def pvwatts_modelchain(spec, location, losses):
    """pvlib ``ModelChain.with_pvwatts`` for a :class:`~kgi_lab.pv.PVSystemSpec`, the peer the
    vectorised PVWatts chain must equal (losses as :meth:`LossTree.pvwatts_losses`)."""
    import pvlib
    from pvlib.modelchain import ModelChain

    system = pvlib.pvsystem.PVSystem(
        surface_tilt=spec.surface_tilt,
        surface_azimuth=spec.surface_azimuth,
        module_parameters={"pdc0": spec.dc_capacity_kw * 1000, "gamma_pdc": spec.gamma_pdc},
        inverter_parameters={
            "pdc0": spec.ac_capacity_kw * 1000 / spec.inverter_efficiency,
            "eta_inv_nom": spec.inverter_efficiency,
        },
        temperature_model_parameters=spec.temperature_parameters,
        albedo=spec.albedo,
        losses_parameters=losses.pvwatts_losses(),
    )
    return ModelChain.with_pvwatts(system, location)


def pandapipes_peer_python():
    """The interpreter of the pandapipes peer venv (``.venv-peer``, ``make peer-env``), or None
    when it is not installed. pandapipes 0.16 needs pandas < 3, so it cannot run in-process."""
    from kgi_lab._paths import project_root

    path = project_root() / ".venv-peer" / "bin" / "python"
    return path if path.exists() else None


def run_pandapipes_peer(network, work_dir, *, repeats: int = 0, timeout_s: float = 1800.0):
    """Solve a :class:`~kgi_lab.heat.network.HeatNetwork` with pandapipes in the peer venv.

    Runs ``tests/heat/peer_pandapipes.py`` through a subprocess on the network's JSON form.

    Returns
    -------
    dict or None
        The peer's results (``junctions``, ``pipes``, ``converged``, timings), or None when the
        peer venv is not installed.

    Raises
    ------
    RuntimeError
        With the peer's stderr when it fails.
    """
    import json
    import subprocess
    from pathlib import Path

    from kgi_lab._paths import project_root

    python = pandapipes_peer_python()
    if python is None:
        return None
    root = project_root()
    src, dst = Path(work_dir) / "peer_in.json", Path(work_dir) / "peer_out.json"
    src.write_text(json.dumps({"network": network.to_dict(), "repeats": repeats}))
    proc = subprocess.run(
        [str(python), str(root / "tests" / "heat" / "peer_pandapipes.py"), str(src), str(dst)],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        cwd=root,
    )
    if proc.returncode:
        raise RuntimeError(f"pandapipes peer failed:\n{proc.stderr[-2000:]}")
    return json.loads(dst.read_text())


def peer_differences(result, peer) -> dict[str, float]:
    """Largest absolute differences between a kgi_lab network result and the pandapipes peer:
    ``pressure_pa``, ``temperature_k`` (over junctions) and ``mass_flow_kg_s`` (over pipes)."""

    def worst(table, items, column):
        return max(abs(float(table.at[k, column]) - float(v[column])) for k, v in items)

    junctions = peer["junctions"].items()
    return {
        "pressure_pa": worst(result.junctions, junctions, "pressure_pa"),
        "temperature_k": worst(result.junctions, junctions, "temperature_c"),
        "mass_flow_kg_s": worst(result.branches, peer["pipes"].items(), "mass_flow_kg_s"),
    }
