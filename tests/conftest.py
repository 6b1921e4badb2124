"""Shared fixtures: small test notebooks, and an offline guard."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def test_notebooks(tmp_path: Path) -> dict[str, Path]:
    """Copies of the tiny test notebooks (ok, fail, die) in a temporary folder."""
    out = {}
    for src in (DATA / "notebooks").glob("*.ipynb"):
        dst = tmp_path / "nb" / src.name
        dst.parent.mkdir(exist_ok=True)
        shutil.copy(src, dst)
        out[src.stem] = dst
    return out


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run offline: refuse connections to anything but loopback."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise OSError(f"network access attempted in a test: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
