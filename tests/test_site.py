"""The offline course site built from a run folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from kgi_lab import curricula
from kgi_lab.exercises import EXERCISE_MIMETYPE
from kgi_lab.metrics import METRICS_MIMETYPE
from kgi_lab.site import attach_site, build_site, comparison_table, svg_bar_chart


def _fake_run(tmp_path: Path) -> tuple[Path, curricula.Curriculum]:
    """A finished run of the solar module for two cities, with one exercise record each."""
    course = curricula.default_curriculum()
    module = next(m for m in course.modules if m.id == "solar-resource")
    run_dir = tmp_path / "run-1"
    records = []
    for city, ghi, status in (("kawasaki", 2104.0, "correct"), ("penang", 2471.0, "incorrect")):
        key = f"solar-resource__{city}"
        (run_dir / key).mkdir(parents=True)
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("check(...)")
        cell.outputs = [
            nbformat.v4.new_output(
                "display_data",
                data={EXERCISE_MIMETYPE: {"id": "solar_resource.x", "status": status}},
            ),
            nbformat.v4.new_output("display_data", data={METRICS_MIMETYPE: {}}),
        ]
        nb.cells.append(cell)
        nbformat.write(nb, run_dir / key / "notebook.ipynb")
        (run_dir / key / "notebook.html").write_text("<html>executed</html>")
        records.append(
            {
                "key": key,
                "module": "solar-resource",
                "parameter_set": city,
                "notebook": str(module.notebook),
                "parameters": {"city": city},
                "status": "ok",
                "metrics": {
                    "clearsky_ghi_kwh_m2": {
                        "value": ghi,
                        "units": "kWh/m2/yr",
                        "label": "clear-sky GHI",
                    },
                    "only_penang": {"value": 1.0, "units": None, "label": None}
                    if city == "penang"
                    else None,
                },
                "outputs": {"html": f"{key}/notebook.html", "notebook": f"{key}/notebook.ipynb"},
            }
        )
        if records[-1]["metrics"]["only_penang"] is None:
            del records[-1]["metrics"]["only_penang"]
    run = {"run_id": "run-1", "curriculum": course.id, "title": course.title, "executions": records}
    (run_dir / "index.json").write_text(json.dumps(run))
    (run_dir / "index.html").write_text("<html></html>")
    return run_dir, course


def test_site_pages_and_links(tmp_path):
    run_dir, course = _fake_run(tmp_path)
    index = build_site(run_dir, course)
    site = index.parent
    names = {p.name for p in site.iterdir()}
    assert {"index.html", "compare.html", "glossary.html"} <= names
    assert {f"module-{m.id}.html" for m in course.modules} <= names
    home = index.read_text()
    assert course.title in home and "Day 1" in home and "Where to start" in home
    module_page = (site / "module-solar-resource.html").read_text()
    assert "../solar-resource__penang/notebook.html" in module_page
    for m in course.modules:
        assert all(
            o.replace("'", "&#x27;") in (site / f"module-{m.id}.html").read_text()
            for o in m.objectives[:1]
        )
    # every relative link resolves to a file of the run
    for page in site.glob("*.html"):
        for href in re.findall(r"href='([^']+)'", page.read_text()):
            assert not href.startswith("http"), f"{page.name} links to the network: {href}"
            assert (page.parent / href).resolve().exists(), f"{page.name}: broken link {href}"


def test_site_is_offline(tmp_path):
    run_dir, course = _fake_run(tmp_path)
    site = build_site(run_dir, course).parent
    for page in site.glob("*.html"):
        text = page.read_text()
        assert "<script" not in text
        assert not re.search(r"(src|href)=['\"]https?://", text), page.name


def test_compare_page_tabulates_and_charts_metrics(tmp_path):
    run_dir, course = _fake_run(tmp_path)
    page = (build_site(run_dir, course).parent / "compare.html").read_text()
    assert "clear-sky GHI [kWh/m2/yr]" in page
    assert "2,104" in page and "2,471" in page
    assert page.count("<svg") == 1  # only_penang has one value: no chart
    assert "<th>kawasaki</th><th>penang</th>" in page


def test_exercise_results_are_reported(tmp_path):
    run_dir, course = _fake_run(tmp_path)
    # the fake id is not registered: the page lists the registered exercises and how they fared
    page = (build_site(run_dir, course).parent / "module-solar-resource.html").read_text()
    assert "Exercises" in page


def test_comparison_table_aligns_missing_metrics():
    recs = [
        {"parameter_set": "a", "metrics": {"x": {"value": 1.0}}},
        {"parameter_set": "b", "metrics": {"y": {"value": 2.0}}},
        {"parameter_set": "c", "metrics": {"x": {"value": 3.0}}},
    ]
    names, metrics = comparison_table(recs)
    assert names == ["a", "b", "c"]
    assert metrics["x"]["values"] == [1.0, None, 3.0]
    assert metrics["y"]["values"] == [None, 2.0, None]


def test_svg_bar_chart_scales_and_escapes():
    svg = svg_bar_chart(["<a>", "b", "c"], [10.0, -5.0, None], units="t")
    assert "&lt;a&gt;" in svg and "<a>" not in svg
    assert svg.count("<rect") == 2 and "n/a" in svg
    widths = [float(w) for w in re.findall(r"width='([\d.]+)' height='18'", svg)]
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)


def test_attach_site_links_it_from_the_run_index(tmp_path):
    run_dir, course = _fake_run(tmp_path)
    attach_site(run_dir, course)
    assert "site/index.html" in (run_dir / "index.html").read_text()
    assert json.loads((run_dir / "index.json").read_text())["site"] == "site/index.html"


def test_constant_metrics_are_marked_not_charted(tmp_path):
    run_dir, course = _fake_run(tmp_path)
    run = json.loads((run_dir / "index.json").read_text())
    for rec in run["executions"]:
        rec["metrics"]["same"] = {"value": 0.957, "units": None, "label": "same everywhere"}
    (run_dir / "index.json").write_text(json.dumps(run))
    page = (build_site(run_dir, course).parent / "compare.html").read_text()
    assert "the same for every set" in page
    assert page.count("<svg") == 1  # the clear-sky GHI chart only
