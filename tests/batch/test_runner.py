"""The batch runner: parallel execution, failures recorded, atomic run folders, resume, Dask."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kgi_lab._io import sha256_file
from kgi_lab.batch.execute import collect_metrics
from kgi_lab.batch.runner import OutputDirError, PlannedExecution, run_batch

pytestmark = pytest.mark.notebook


def _plan(nbs: dict[str, Path], *names: str, params=None) -> list[PlannedExecution]:
    return [
        PlannedExecution(name, "default", nbs[name], dict(params or {}), module_title=name.upper())
        for name in names
    ]


def test_failures_are_recorded_and_others_continue(test_notebooks, tmp_path):
    before = {k: sha256_file(v) for k, v in test_notebooks.items()}
    plan = _plan(test_notebooks, "fail", "die", "ok")
    out = tmp_path / "reports"
    summary = run_batch(plan, out, name="t", jobs=2, progress=None, timeout_s=60)

    by_module = {r.module: r for r in summary.results}
    assert by_module["ok"].status == "ok"
    assert by_module["ok"].metrics["y"]["value"] == 2
    assert by_module["ok"].metrics["label_len"] == {"value": 1, "units": "chars", "label": None}
    assert by_module["fail"].status == "failed"
    assert by_module["fail"].error.startswith("ValueError")
    assert "boom x=1" in by_module["fail"].error
    assert by_module["die"].status == "failed"
    assert "DeadKernelError" in by_module["die"].error or "died" in by_module["die"].error.lower()
    assert not summary.ok

    # the run folder was renamed into place; nothing partial or temporary is left
    assert summary.run_dir.is_dir()
    assert not list(out.glob(".partial-*"))
    assert not list(summary.run_dir.glob(".tmp-*"))
    # the failing notebook is kept (executed up to the error) and rendered
    assert (summary.run_dir / "fail__default" / "notebook.html").exists()
    index = json.loads((summary.run_dir / "index.json").read_text())
    assert [e["key"] for e in index["executions"]] == [
        "fail__default",
        "die__default",
        "ok__default",
    ]
    assert index["state"] == "complete"
    html = summary.index_html.read_text()
    assert "boom x=1" in html and "ok__default/notebook.html" in html
    assert index["stamp"]["datasets"]["partner_cities"]["status"] == "ok"
    assert (out / "LATEST").read_text().strip() == summary.run_id
    assert summary.run_id in (out / "index.html").read_text()
    # sources are never modified
    assert {k: sha256_file(v) for k, v in test_notebooks.items()} == before


def test_parameters_are_injected(test_notebooks, tmp_path):
    plan = _plan(test_notebooks, "ok", params={"x": 21, "label": "kawasaki"})
    summary = run_batch(plan, tmp_path, name="p", jobs=1, progress=None)
    (result,) = summary.results
    assert result.metrics["y"]["value"] == 42
    assert result.metrics["label_len"]["value"] == 8


def test_resume_reuses_unchanged_executions(test_notebooks, tmp_path):
    nb = test_notebooks["ok"]
    first = [
        PlannedExecution("ok", "one", nb, {"x": 1}),
        PlannedExecution("ok", "two", nb, {"x": 2}),
    ]
    run1 = run_batch(first, tmp_path, name="r", jobs=1, progress=None)
    assert [r.status for r in run1.results] == ["ok", "ok"]

    second = [
        PlannedExecution("ok", "one", nb, {"x": 1}),  # unchanged: reused
        PlannedExecution("ok", "three", nb, {"x": 3}),  # new: executed
    ]
    run2 = run_batch(second, tmp_path, name="r", jobs=1, resume=True, progress=None)
    status = {r.parameter_set: r.status for r in run2.results}
    assert status == {"one": "reused", "three": "ok"}
    reused = next(r for r in run2.results if r.parameter_set == "one")
    assert reused.reused_from == run1.run_id
    assert reused.metrics["y"]["value"] == 2
    assert (run2.run_dir / "ok__one" / "notebook.html").exists()
    # the earlier run is untouched
    assert (run1.run_dir / "ok__one" / "record.json").exists()
    assert json.loads((run1.run_dir / "ok__one" / "record.json").read_text())["status"] == "ok"


def test_resume_reads_interrupted_runs(test_notebooks, tmp_path):
    nb = test_notebooks["ok"]
    run1 = run_batch([PlannedExecution("ok", "a", nb, {"x": 5})], tmp_path, name="i", progress=None)
    # turn the finished run back into an interrupted one
    os.rename(run1.run_dir, tmp_path / f".partial-{run1.run_id}")
    run2 = run_batch(
        [PlannedExecution("ok", "a", nb, {"x": 5})], tmp_path, name="i", resume=True, progress=None
    )
    assert run2.results[0].status == "reused"
    assert run2.results[0].metrics["y"]["value"] == 10


def test_resume_notices_a_changed_notebook(test_notebooks, tmp_path):
    nb = test_notebooks["ok"]
    run_batch([PlannedExecution("ok", "a", nb, {})], tmp_path, name="c", progress=None)
    text = nb.read_text().replace("y = 2 * x", "y = 3 * x")
    nb.write_text(text)
    run2 = run_batch(
        [PlannedExecution("ok", "a", nb, {})], tmp_path, name="c", resume=True, progress=None
    )
    assert run2.results[0].status == "ok"
    assert run2.results[0].metrics["y"]["value"] == 3


def test_unwritable_output_folder(tmp_path, test_notebooks):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputDirError, match="is not writable"):
        run_batch(_plan(test_notebooks, "ok"), blocker / "reports", name="u", progress=None)


def test_duplicate_keys_rejected(test_notebooks, tmp_path):
    plan = _plan(test_notebooks, "ok") * 2
    with pytest.raises(ValueError, match="duplicate execution names"):
        run_batch(plan, tmp_path / "reports", name="d", progress=None)
    assert not (tmp_path / "reports").exists()


def test_progress_lines(test_notebooks, tmp_path, capsys):
    import sys

    run_batch(_plan(test_notebooks, "ok"), tmp_path, name="g", progress=sys.stderr)
    err = capsys.readouterr().err
    assert "0/1 done, 1 running, 0 failed | started ok__default" in err
    assert "1/1 done, 0 running, 0 failed | ok     ok__default" in err


@pytest.mark.slow
def test_dask_local_cluster(test_notebooks, tmp_path):
    pytest.importorskip("distributed")
    plan = [
        PlannedExecution("ok", "a", test_notebooks["ok"], {"x": 4}),
        PlannedExecution("fail", "b", test_notebooks["fail"], {}),
    ]
    summary = run_batch(plan, tmp_path, name="dask", jobs=2, scheduler="local", progress=None)
    status = {r.module: r.status for r in summary.results}
    assert status == {"ok": "ok", "fail": "failed"}
    assert next(r for r in summary.results if r.module == "ok").metrics["y"]["value"] == 8
    index = json.loads(summary.index_html.with_suffix(".json").read_text())
    assert index["scheduler"] == "local"


def test_collect_metrics_merges_records():
    nb = {
        "cells": [
            {"outputs": [{"data": {"application/vnd.kgi-lab.metrics+json": {"a": {"value": 1}}}}]},
            {"outputs": [{"data": {"text/plain": "x"}}]},
            {"outputs": [{"data": {"application/vnd.kgi-lab.metrics+json": {"a": {"value": 2}}}}]},
        ]
    }
    assert collect_metrics(nb) == {"a": {"value": 2}}
