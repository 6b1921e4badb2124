"""Execute one notebook: papermill in a fresh kernel, HTML rendered in-process, metrics collected.

This module runs inside worker processes (a local process pool or Dask workers). It imports
papermill and nbconvert once per worker and keeps one :class:`nbconvert.HTMLExporter`, so the cost per
notebook is the kernel and the notebook itself, not tool start-up.

The outputs of one execution go to a hidden temporary folder that is renamed into place only when the
execution record is complete, so a run folder never holds half an execution.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kgi_lab._io import atomic_write_json, atomic_write_text
from kgi_lab.metrics import METRICS_MIMETYPE, mime_records

__all__ = ["ExecutionResult", "ExecutionTask", "collect_metrics", "execute_task", "render_html"]


@dataclass(frozen=True)
class ExecutionTask:
    """Everything a worker needs to execute one notebook with one parameter set."""

    key: str  # folder name inside the run, e.g. "solar-resource__penang"
    module: str
    parameter_set: str
    notebook: str  # absolute path of the source .ipynb (never written to)
    parameters: dict[str, Any]
    run_dir: str
    input_hash: str
    timeout_s: float | None = 600.0
    kernel_name: str | None = None


@dataclass
class ExecutionResult:
    """The record of one execution (also written as ``record.json`` in its folder)."""

    key: str
    module: str
    parameter_set: str
    notebook: str
    parameters: dict[str, Any]
    input_hash: str
    status: str  # "ok" | "failed" | "reused"
    duration_s: float
    started: float
    metrics: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    error_detail: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)  # relative to the run folder
    reused_from: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExecutionResult:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


_EXPORTER = None
_REMOTE_SCRIPT = re.compile(r"<script[^>]*\ssrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)


def render_html(nb: Any) -> str:
    """Render an executed notebook to HTML with one cached in-process ``HTMLExporter``.

    nbconvert's command line costs about 3 s per call in start-up; the exporter reused in-process
    costs a few tens of milliseconds per notebook.
    """
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(template_name="lab")
        _EXPORTER.exclude_input_prompt = True
        _EXPORTER.exclude_output_prompt = True
    body, _ = _EXPORTER.from_notebook_node(nb)
    # The lab template loads require.js and MathJax from a CDN. The notebooks use no LaTeX and
    # the reports must open offline without waiting on the network: drop remote scripts.
    return _REMOTE_SCRIPT.sub("", body)


def collect_metrics(nb: Any) -> dict[str, Any]:
    """Merge the metrics records (:func:`kgi_lab.emit_metrics`) found in a notebook's outputs."""
    merged: dict[str, Any] = {}
    for record in mime_records(nb.get("cells", []), METRICS_MIMETYPE):
        merged.update(record)
    return merged


def _error_summary(exc: BaseException) -> tuple[str, str]:
    name = type(exc).__name__
    # papermill's PapermillExecutionError carries the kernel-side exception name and value.
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if ename:
        cell = getattr(exc, "exec_count", None)
        where = f" in cell [{cell}]" if cell is not None else ""
        summary = f"{ename}{where}: {evalue}"
    else:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        summary = f"{name}: {first}" if first else name
    return summary[:500], "".join(traceback.format_exception(exc))[-8000:]


def _prepare_environment() -> None:
    # A forced non-interactive backend makes the inline backend record no figures: papermill
    # reports then lose every plot. Let the kernel pick its own (inline) backend.
    if os.environ.get("MPLBACKEND", "").lower() == "agg":
        del os.environ["MPLBACKEND"]
    # Kernels inherit this: notebooks skip building widgets no one can move (kgi_lab.widgets).
    os.environ["KGI_LAB_BATCH"] = "1"


def execute_task(task: ExecutionTask) -> ExecutionResult:
    """Execute ``task`` and write its outputs under ``<run_dir>/<key>/``.

    Never raises for a failing notebook or a dead kernel: the failure is recorded in the result (and
    in ``record.json``), the executed notebook is kept up to the failing cell, and its HTML is
    rendered when possible, so the report shows where it stopped.
    """
    import nbformat
    import papermill

    _prepare_environment()
    run_dir = Path(task.run_dir)
    final = run_dir / task.key
    tmp = run_dir / f".tmp-{task.key}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    out_nb = tmp / "notebook.ipynb"
    started = time.time()
    t0 = time.perf_counter()
    status, error, detail = "ok", None, None
    try:
        papermill.execute_notebook(
            task.notebook,
            str(out_nb),
            parameters=task.parameters,
            kernel_name=task.kernel_name,
            progress_bar=False,
            cwd=str(Path(task.notebook).parent),
            execution_timeout=task.timeout_s,
            # ipykernel >= 7 warns once per kernel that its loopback TCP is unencrypted; keep the
            # operator's progress readable while still showing kernel errors.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except BaseException as exc:  # a failing cell, a dead kernel, a timeout: record, go on
        if isinstance(exc, KeyboardInterrupt):
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        status = "failed"
        error, detail = _error_summary(exc)
    duration = time.perf_counter() - t0

    outputs: dict[str, str] = {}
    metrics: dict[str, Any] = {}
    if out_nb.exists():
        outputs["notebook"] = f"{task.key}/notebook.ipynb"
        try:
            nb = nbformat.read(out_nb, as_version=4)
            metrics = collect_metrics(nb)
            atomic_write_text(tmp / "notebook.html", render_html(nb))
            outputs["html"] = f"{task.key}/notebook.html"
        except Exception as exc:  # rendering must not hide the execution result
            if status == "ok":
                status = "failed"
                error, detail = _error_summary(exc)
                error = "rendering failed: " + error
    if metrics:
        atomic_write_json(tmp / "metrics.json", metrics)
        outputs["metrics"] = f"{task.key}/metrics.json"
    result = ExecutionResult(
        key=task.key,
        module=task.module,
        parameter_set=task.parameter_set,
        notebook=task.notebook,
        parameters=task.parameters,
        input_hash=task.input_hash,
        status=status,
        duration_s=round(duration, 3),
        started=started,
        metrics=metrics,
        error=error,
        error_detail=detail,
        outputs=outputs,
    )
    atomic_write_json(tmp / "record.json", result.to_dict())
    if final.exists():
        shutil.rmtree(final)
    os.replace(tmp, final)
    return result
