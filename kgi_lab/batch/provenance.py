"""Reproducibility stamps: code version, environment and data hashes behind a report."""

from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kgi_lab._io import sha256_file
from kgi_lab._paths import project_root

__all__ = ["git_state", "source_hash", "stamp"]


def git_state(root: Path | None = None) -> dict[str, Any] | None:
    """Commit, branch and dirty flag of the checkout, or None outside git."""
    root = root or project_root()

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
        branch = git("rev-parse", "--abbrev-ref", "HEAD")
    except (OSError, subprocess.SubprocessError):
        dirty, branch = True, "?"
    return {"commit": commit, "branch": branch, "dirty": dirty}


def source_hash() -> str:
    """SHA-256 over the ``kgi_lab`` package sources (so resumed runs notice code changes)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for file in sorted(package.rglob("*.py")):
        digest.update(str(file.relative_to(package)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def stamp(command: list[str] | None = None) -> dict[str, Any]:
    """Everything needed to say which code, environment and data produced a report."""
    from kgi_lab import __version__
    from kgi_lab.datasets import hashes
    from kgi_lab.versions import package_versions

    constraints = project_root() / "requirements" / "constraints.txt"
    return {
        "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "kgi_lab_version": __version__,
        "git": git_state(),
        "source_sha256": source_hash(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": package_versions(),
        "constraints_sha256": sha256_file(constraints) if constraints.exists() else None,
        "datasets": hashes(check=True),
        "command": command or sys.argv,
    }
