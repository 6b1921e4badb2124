"""Run many notebook executions into one report folder: in parallel, restartable, never lossy.

Layout of a run (``<out>/<run_id>/``)::

    index.html         the report index (status, durations, parameters, metrics, stamp)
    index.json         the same, machine-readable
    <module>__<set>/   one folder per execution: notebook.ipynb, notebook.html, metrics.json,
                       record.json

A run is built in ``<out>/.partial-<run_id>/`` and renamed to ``<out>/<run_id>/`` when every
execution has finished; earlier runs are never touched. Each execution lands in its folder
atomically (see :mod:`kgi_lab.batch.execute`), and ``index.json`` is rewritten atomically after each
one, so an interrupted run can be inspected and resumed: ``resume=True`` copies every completed
execution whose inputs (notebook bytes, parameters, package sources, dataset hashes) are unchanged from
the newest earlier run, and executes only the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgi_lab._io import atomic_write_json, atomic_write_text, sha256_file
from kgi_lab.batch.execute import ExecutionResult, ExecutionTask, execute_task
from kgi_lab.batch.index import render_index, write_runs_list

__all__ = [
    "OutputDirError",
    "PlannedExecution",
    "RunSummary",
    "run_batch",
]


class OutputDirError(OSError):
    """The output folder cannot be created or written."""


@dataclass(frozen=True)
class PlannedExecution:
    """One notebook with one validated parameter set."""

    module: str
    parameter_set: str
    notebook: Path
    parameters: dict[str, Any]
    module_title: str | None = None

    @property
    def key(self) -> str:
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in self.parameter_set)
        return f"{self.module}__{safe}"


@dataclass
class RunSummary:
    """What a run produced."""

    run_id: str
    run_dir: Path
    index_html: Path
    results: list[ExecutionResult] = field(default_factory=list)
    wall_time_s: float = 0.0

    @property
    def failed(self) -> list[ExecutionResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed


def _input_hash(item: PlannedExecution, source_sha: str, data_sha: str, kernel: str | None) -> str:
    payload = {
        "notebook_sha256": sha256_file(item.notebook),
        "parameters": item.parameters,
        "source_sha256": source_sha,
        "datasets_sha256": data_sha,
        "kernel": kernel,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _ensure_writable(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputDirError(
            f"output folder {out_dir} is not writable ({exc.strerror or exc}); "
            "choose another with --out"
        ) from exc


def _completed_elsewhere(out_dir: Path, exclude: Path) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Completed executions of earlier runs by input hash (newest run wins)."""
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    runs = [p for p in out_dir.iterdir() if p.is_dir() and p != exclude]
    runs.sort(key=lambda p: p.stat().st_mtime)
    for run in runs:
        for record_file in run.glob("*/record.json"):
            try:
                record = json.loads(record_file.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                continue
            if record.get("status") in {"ok", "reused"} and record.get("input_hash"):
                found[record["input_hash"]] = (record_file.parent, record)
    return found


class _Progress:
    def __init__(self, total: int, stream: Any) -> None:
        self.total, self.stream = total, stream
        self.done = self.failed = 0
        self.running: dict[str, float] = {}
        self.t0 = time.perf_counter()

    def _line(self, text: str) -> None:
        if self.stream is None:
            return
        elapsed = time.perf_counter() - self.t0
        m, s = divmod(int(elapsed), 60)
        print(
            f"[{m:02d}:{s:02d}] {self.done}/{self.total} done, {len(self.running)} running, "
            f"{self.failed} failed | {text}",
            file=self.stream,
            flush=True,
        )

    def start(self, key: str) -> None:
        self.running[key] = time.perf_counter()
        self._line(f"started {key}")

    def finish(self, result: ExecutionResult) -> None:
        self.running.pop(result.key, None)
        self.done += 1
        self.failed += result.status == "failed"
        extra = f" — {result.error}" if result.error else ""
        self._line(f"{result.status:<6} {result.key} ({result.duration_s:.1f} s){extra}")


def _failure(task: ExecutionTask, exc: BaseException) -> ExecutionResult:
    """A result for an execution whose worker itself died (not just its kernel)."""
    return ExecutionResult(
        key=task.key,
        module=task.module,
        parameter_set=task.parameter_set,
        notebook=task.notebook,
        parameters=task.parameters,
        input_hash=task.input_hash,
        status="failed",
        duration_s=0.0,
        started=time.time(),
        error=f"worker failed: {type(exc).__name__}: {exc}"[:500],
    )


def _run_local(
    tasks: Sequence[ExecutionTask], jobs: int, on_start: Callable, on_done: Callable
) -> None:
    if jobs <= 1:
        for task in tasks:
            on_start(task)
            on_done(execute_task(task))
        return
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    if sys.platform.startswith("linux"):
        # Fork: workers inherit the already-imported papermill and nbconvert (about 1.5 s each
        # otherwise), and, unlike spawn or forkserver, a caller's script is not re-imported, so
        # run_batch works from scripts without an ``if __name__ == "__main__"`` guard. All workers
        # are forked at the first submit, before the pool starts its manager thread.
        import nbconvert  # noqa: F401
        import papermill  # noqa: F401

        ctx = mp.get_context("fork")
    else:  # macOS system frameworks and Windows do not survive fork
        ctx = mp.get_context("spawn")
    pending: Iterator[ExecutionTask] = iter(tasks)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
    running: dict[Any, ExecutionTask] = {}
    try:
        while True:
            while len(running) < jobs:
                task = next(pending, None)
                if task is None:
                    break
                on_start(task)
                running[pool.submit(execute_task, task)] = task
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                task = running.pop(fut)
                try:
                    on_done(fut.result())
                except BrokenProcessPool as exc:
                    on_done(_failure(task, exc))
                    pool.shutdown(cancel_futures=True)
                    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
                except Exception as exc:  # an unexpected error in the worker's own code
                    on_done(_failure(task, exc))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_dask(
    tasks: Sequence[ExecutionTask], jobs: int, scheduler: str, on_start: Callable, on_done: Callable
) -> None:
    from distributed import Client, LocalCluster, wait

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=max(jobs, 1), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(scheduler, timeout="30s")
    window = (
        max(jobs, 1)
        if scheduler == "local"
        else max(
            jobs, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()), 1
        )
    )
    pending: Iterator[ExecutionTask] = iter(tasks)
    running: dict[Any, ExecutionTask] = {}
    try:
        while True:
            while len(running) < window:
                task = next(pending, None)
                if task is None:
                    break
                on_start(task)
                fut = client.submit(
                    execute_task, task, pure=False, key=f"kgi-lab-{task.key}-{secrets.token_hex(3)}"
                )
                running[fut] = task
            if not running:
                break
            done = wait(list(running), return_when="FIRST_COMPLETED").done
            for fut in done:
                task = running.pop(fut)
                try:
                    on_done(fut.result())
                except Exception as exc:  # a worker that died or lost the task
                    on_done(_failure(task, exc))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_batch(
    plan: Sequence[PlannedExecution],
    out_dir: str | Path,
    *,
    name: str,
    title: str | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    timeout_s: float | None = 600.0,
    kernel_name: str | None = None,
    progress: Any = sys.stderr,
    command: list[str] | None = None,
) -> RunSummary:
    """Execute a plan of notebooks into a new run folder and write its index.

    Parameters
    ----------
    plan : sequence of PlannedExecution
        Validated executions (see :func:`kgi_lab.curricula.plan` or :func:`single_plan`).
    out_dir : path
        Folder that receives run folders (``reports/`` by default in the CLI).
    name : str
        Curriculum or notebook name; prefixes the run id.
    jobs : int
        Worker processes (1 runs serially in this process; kernels are separate processes anyway).
    scheduler : str, optional
        A ``dask.distributed`` scheduler address (``tcp://host:8786``), or ``"local"`` for a
        ``LocalCluster`` with ``jobs`` single-threaded worker processes.
    resume : bool
        Reuse completed executions with unchanged inputs from earlier runs in ``out_dir``.
    timeout_s : float, optional
        Per-cell execution timeout.
    progress : file-like or None
        Where progress lines go (stderr by default).

    Returns
    -------
    RunSummary
        The run folder, its index and every execution's result. Failures are recorded, not raised.
    """
    from kgi_lab.batch.provenance import stamp

    keys = [p.key for p in plan]
    if len(keys) != len(set(keys)):
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"duplicate execution names in the plan: {', '.join(dupes)}")
    out_dir = Path(out_dir).resolve()
    _ensure_writable(out_dir)

    t_start = time.perf_counter()
    run_id = f"{name}-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(2)}"
    partial = out_dir / f".partial-{run_id}"
    partial.mkdir()
    run_stamp = stamp(command)
    # The stamp already hashed the package sources and the datasets: derive the resume key from it.
    src_sha = run_stamp["source_sha256"]
    data_sha = hashlib.sha256(
        json.dumps({k: v["sha256"] for k, v in run_stamp["datasets"].items()}).encode()
    ).hexdigest()

    tasks = [
        ExecutionTask(
            key=item.key,
            module=item.module,
            parameter_set=item.parameter_set,
            notebook=str(Path(item.notebook).resolve()),
            parameters=dict(item.parameters),
            run_dir=str(partial),
            input_hash=_input_hash(item, src_sha, data_sha, kernel_name),
            timeout_s=timeout_s,
            kernel_name=kernel_name,
        )
        for item in plan
    ]
    titles = {item.key: item.module_title for item in plan}
    records: dict[str, dict[str, Any]] = {
        t.key: {
            "key": t.key,
            "module": t.module,
            "module_title": titles[t.key],
            "parameter_set": t.parameter_set,
            "notebook": t.notebook,
            "parameters": t.parameters,
            "status": "pending",
        }
        for t in tasks
    }
    run: dict[str, Any] = {
        "run_id": run_id,
        "curriculum": name,
        "title": title or name,
        "jobs": jobs,
        "scheduler": scheduler,
        "state": "running",
        "stamp": run_stamp,
        "executions": list(records.values()),
    }

    def write_index(run_dir: Path) -> None:
        run["executions"] = list(records.values())
        atomic_write_json(run_dir / "index.json", run)
        atomic_write_text(run_dir / "index.html", render_index(run))

    summary = RunSummary(
        run_id=run_id, run_dir=out_dir / run_id, index_html=out_dir / run_id / "index.html"
    )
    tracker = _Progress(len(tasks), progress)

    def on_start(task: ExecutionTask) -> None:
        records[task.key]["status"] = "running"
        tracker.start(task.key)

    def on_done(result: ExecutionResult) -> None:
        records[result.key].update(result.to_dict())
        summary.results.append(result)
        tracker.finish(result)
        write_index(partial)

    to_run = list(tasks)
    if resume:
        previous = _completed_elsewhere(out_dir, exclude=partial)
        to_run = []
        for task in tasks:
            hit = previous.get(task.input_hash)
            if hit is None:
                to_run.append(task)
                continue
            src_dir, record = hit
            shutil.copytree(src_dir, partial / task.key)
            reused = ExecutionResult.from_dict(
                {
                    **record,
                    "key": task.key,
                    "status": "reused",
                    "reused_from": src_dir.parent.name,
                    "outputs": {
                        k: f"{task.key}/{Path(v).name}"
                        for k, v in (record.get("outputs") or {}).items()
                    },
                }
            )
            atomic_write_json(partial / task.key / "record.json", reused.to_dict())
            on_start(task)
            on_done(reused)

    write_index(partial)
    try:
        if scheduler:
            _run_dask(to_run, jobs, scheduler, on_start, on_done)
        else:
            _run_local(to_run, jobs, on_start, on_done)
    except KeyboardInterrupt:
        run["state"] = "interrupted"
        write_index(partial)
        raise
    summary.wall_time_s = round(time.perf_counter() - t_start, 3)
    run["state"] = "complete"
    run["wall_time_s"] = summary.wall_time_s
    write_index(partial)
    os.replace(partial, summary.run_dir)
    atomic_write_text(out_dir / "LATEST", run_id + "\n")
    write_runs_list(out_dir)
    return summary
