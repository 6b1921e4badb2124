"""Metrics records: the few key results a notebook hands to the batch index.

A notebook ends with ``emit_metrics({...})``. The record is displayed as a cell output with the MIME
type :data:`METRICS_MIMETYPE` (plus a readable text table), so the batch runner reads it back from the
executed notebook. This costs nothing at import time (stdlib + IPython, which the kernel has already
loaded): scrapbook, which does the same job, costs about 3 s per kernel.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Mapping
from typing import Any

__all__ = ["METRICS_MIMETYPE", "emit_metrics", "mime_records", "normalise_metrics"]

METRICS_MIMETYPE = "application/vnd.kgi-lab.metrics+json"


def _scalar(name: str, value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    # numpy scalars and 0-d arrays expose .item()
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return _scalar(name, item())
        except (TypeError, ValueError):
            pass
    raise TypeError(
        f"metric '{name}' must be a number, string, bool or None, got {type(value).__name__}"
    )


def mime_records(cells: Any, mimetype: str) -> list[dict[str, Any]]:
    """The JSON records of one MIME type displayed in a notebook's cells, in order.

    Reads executed notebooks (nbformat nodes or plain dicts); records that are not mappings are
    skipped.
    """
    out = []
    for cell in cells:
        for output in cell.get("outputs", []) or []:
            record = (output.get("data") or {}).get(mimetype)
            if isinstance(record, Mapping):
                out.append(dict(record))
    return out


def normalise_metrics(record: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Turn ``{name: value}`` or ``{name: {"value": v, "units": u, "label": l}}`` into one form.

    Returns ``{name: {"value": v, "units": u or None, "label": l or None}}`` with plain JSON scalars;
    non-finite numbers become ``None``.

    Raises
    ------
    TypeError
        If the record is not a mapping, a name is not a string, or a value is not a scalar.
    """
    if not isinstance(record, Mapping):
        raise TypeError(f"metrics must be a mapping of name to value, got {type(record).__name__}")
    out: dict[str, dict[str, Any]] = {}
    for name, value in record.items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"metric names must be non-empty strings, got {name!r}")
        if isinstance(value, Mapping):
            unknown = set(value) - {"value", "units", "label"}
            if "value" not in value or unknown:
                raise TypeError(
                    f"metric '{name}': a mapping needs 'value' and may have 'units' and 'label'"
                    + (
                        f" (unknown keys: {', '.join(sorted(map(str, unknown)))})"
                        if unknown
                        else ""
                    )
                )
            entry = {
                "value": _scalar(name, value["value"]),
                "units": value.get("units"),
                "label": value.get("label"),
            }
        else:
            entry = {"value": _scalar(name, value), "units": None, "label": None}
        out[name] = entry
    return out


def _as_text(metrics: dict[str, dict[str, Any]]) -> str:
    width = max((len(k) for k in metrics), default=0)
    lines = ["metrics record:"]
    for name, m in metrics.items():
        value = m["value"]
        shown = f"{value:.6g}" if isinstance(value, float) else str(value)
        lines.append(f"  {name:<{width}} = {shown}{' ' + m['units'] if m['units'] else ''}")
    return "\n".join(lines)


def emit_metrics(record: Mapping[str, Any]) -> None:
    """Publish a notebook's key results for the batch index.

    Parameters
    ----------
    record : mapping
        ``{name: value}`` or ``{name: {"value": v, "units": "kWh/m2", "label": "..."}}``. Values must
        be scalars (numbers, strings, bools or None). Names should carry units
        (``annual_ghi_kwh_m2``) when no ``units`` is given.

    Notes
    -----
    The record is displayed as a small table; the batch runner collects it from the executed
    notebook. Several calls merge (a later value of the same name wins).
    """
    metrics = normalise_metrics(record)
    json.dumps(metrics)  # fail here, in the notebook, if something is not serialisable
    try:
        from IPython.display import display
    except ImportError:  # plain Python: nothing to display to
        print(_as_text(metrics))
        return
    display({METRICS_MIMETYPE: metrics, "text/plain": _as_text(metrics)}, raw=True)
