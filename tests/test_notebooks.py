"""Every notebook: stored clean, paired with its text twin, schema in step, runs with defaults."""

from __future__ import annotations

import ast

import jupytext
import nbformat
import papermill
import pytest

from kgi_lab._paths import notebooks_dir
from kgi_lab.batch.registry import SCHEMAS
from kgi_lab.batch.runner import PlannedExecution, run_batch

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.outputs or c.execution_count)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} have outputs; run `jupyter nbconvert --clear-output`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_paired_text_twin_in_sync(path):
    twin = path.with_suffix(".py")
    assert twin.exists(), f"{path.name} has no jupytext twin {twin.name}"
    a = [(c.cell_type, c.source.strip()) for c in nbformat.read(path, as_version=4).cells]
    b = [(c.cell_type, c.source.strip()) for c in jupytext.read(twin).cells]
    assert a == b, f"{path.name} and {twin.name} differ: run `make sync-notebooks`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_lesson_shape(path):
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].cell_type == "markdown"
    titles = [
        ln
        for c in cells
        if c.cell_type == "markdown"
        for ln in c.source.splitlines()
        if ln.startswith("# ")
    ]
    assert len(titles) == 1, "one '#' title only"
    assert "parameters" in cells[1].metadata.get("tags", []), (
        "cell 2 must be the tagged parameters cell"
    )
    assert "emit_metrics(" in cells[-1].source, "the last cell emits the metrics record"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_registered_schema_matches_parameters_cell(path):
    schema = SCHEMAS.get(path.stem)
    assert schema is not None, f"{path.stem} has no registered parameter schema"
    found = papermill.inspect_notebook(str(path))
    assert list(found) == list(schema.names)
    for name, info in found.items():
        assert ast.literal_eval(info["default"]) == schema.get(name).default, name
        # the comment gives the unit or the range for the user
        assert info["help"], f"parameter {name} has no comment"
    # the defaults themselves validate
    schema.validate(schema.defaults())


def _rendered_text(nb) -> str:
    """Everything a trainee sees in an executed notebook's outputs (text, HTML, streams)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            data = out.get("data") or {}
            parts.extend(str(data.get(k, "")) for k in ("text/plain", "text/html", "text/markdown"))
    return "\n".join(parts)


def _renderings(expected) -> list[str]:
    """The ways a numeric answer is likely printed, for answers specific enough to search for.

    Only numbers with at least three significant digits: '10' or '0.5' appear in any notebook by
    chance.
    """
    import math
    import re

    if isinstance(expected, bool) or not isinstance(expected, (int, float)):
        return []
    v = float(expected)
    if not math.isfinite(v) or v == 0:
        return []
    mantissa = f"{abs(v):.6e}".split("e")[0]
    significant = re.sub(r"[^0-9]", "", mantissa).strip("0")
    if len(significant) < 3:
        return []
    out = {f"{v:.3g}", f"{v:.4g}", f"{v:,.4g}"}
    if abs(v) >= 999.5:
        out |= {f"{v:,.0f}", f"{v:.0f}"}
    elif abs(v) >= 1:
        out |= {f"{v:.1f}", f"{v:.2f}"}
    else:
        out |= {f"{v:.3f}", f"{v:.4f}"}
    return sorted(t for t in out if "e" not in t and len(re.sub(r"[^0-9]", "", t).lstrip("0")) >= 3)


@pytest.mark.notebook
def test_all_notebooks_run_with_defaults_in_both_editions(tmp_path, monkeypatch):
    """Every notebook runs with its defaults, as the instructor edition (the source minus the
    solution-marker lines) and as the trainee edition (solutions stripped).

    The instructor edition must pass every exercise check; the trainee edition must run to the end
    with every exercise unanswered.
    """
    from kgi_lab.editions import build_editions
    from kgi_lab.exercises import exercises, feedback_records

    # A forced Agg backend would silently drop every figure from the reports: the runner undoes it.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # Audit mode: each check also records its expected answer, to look for leaks below.
    monkeypatch.setenv("KGI_LAB_EXERCISE_AUDIT", "1")
    editions = build_editions(None, tmp_path / "editions")
    plan = [
        PlannedExecution(s.notebook, edition, getattr(s, edition), {})
        for s in editions
        for edition in ("instructor", "trainee")
    ]
    summary = run_batch(plan, tmp_path / "runs", name="all", jobs=2, progress=None, timeout_s=300)
    failures = {r.key: r.error for r in summary.failed}
    assert not failures, failures
    for r in summary.results:
        assert r.metrics, f"{r.key} emitted no metrics"
        assert (summary.run_dir / r.outputs["html"]).stat().st_size > 10_000
        executed = nbformat.read(summary.run_dir / r.outputs["notebook"], as_version=4)
        records = feedback_records(executed.cells)
        expected_ids = [e.id for e in exercises(r.module)]
        assert 3 <= len(expected_ids) <= 6, f"{r.module}: {len(expected_ids)} exercises"
        assert sorted({x["id"] for x in records}) == sorted(expected_ids), r.key
        want = "correct" if r.parameter_set == "instructor" else "unanswered"
        wrong = [x for x in records if x["status"] != want]
        assert not wrong, f"{r.key}: {wrong}"

    # No trainee edition may print a numeric answer anywhere (above its exercise, or after it).
    by_key = {(r.module, r.parameter_set): r for r in summary.results}
    for s in editions:
        instructor = nbformat.read(
            summary.run_dir / by_key[(s.notebook, "instructor")].outputs["notebook"], as_version=4
        )
        trainee = nbformat.read(
            summary.run_dir / by_key[(s.notebook, "trainee")].outputs["notebook"], as_version=4
        )
        shown = _rendered_text(trainee)
        for record in feedback_records(instructor.cells):
            for text in _renderings(record.get("expected")):
                assert text not in shown, (
                    f"{s.notebook}: the trainee edition shows '{text}', the answer of "
                    f"{record['id']}"
                )

    solar_html = (summary.run_dir / "solar_resource__instructor" / "notebook.html").read_text()
    assert solar_html.count("data:image/png;base64") >= 2, "figures missing from the report"
    assert "https://" not in "".join(
        line for line in solar_html.splitlines() if "<script" in line
    ), "reports must open offline: no remote scripts"

    solar = next(
        r
        for r in summary.results
        if r.module == "solar_resource" and r.parameter_set == "instructor"
    ).metrics
    # Offline Ineichen clear sky at Tokyo is "about 2,100 kWh/m2/yr" (shared domain notes);
    # FAO-56 H0 over the year at 35.69 N sums the monthly table in partner-cities.md §8.
    assert 2050 < solar["clearsky_ghi_kwh_m2"]["value"] < 2150
    assert solar["h0_kwh_m2"]["value"] == pytest.approx(3012.9, abs=1.0)
    assert solar["clearsky_index"]["value"] == pytest.approx(0.698, abs=0.01)
