"""The offline course site: one browsable set of HTML pages built from an executed course run.

``kgi-lab report`` runs a curriculum into ``reports/<run>/`` (one folder per execution, each with
the executed notebook rendered to HTML). :func:`build_site` then writes ``reports/<run>/site/``:

* ``index.html``: the course home, its days and modules, with objectives, prerequisites and
  durations, and where each user group starts;
* ``module-<id>.html``: one page per module, linking the executed notebook of every parameter set,
  its key metrics, its exercises (and whether their checks passed in this run) and its glossary;
* ``compare.html``: for every module run with two or more parameter sets (the partner-city batch),
  a table and bar charts of the metrics side by side, and, for the capstone, each city's inputs
  with their sources;
* ``glossary.html``: the whole glossary in English, Japanese and Chinese.

Pages are plain HTML and inline SVG: no scripts, no web fonts, no network. Jupyter Book would need
its toolchain and a network connection to build; this needs neither.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

from kgi_lab._io import atomic_write_text

__all__ = ["attach_site", "build_site", "comparison_table", "svg_bar_chart"]

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans CJK JP','Noto Sans JP',
'Noto Sans SC',sans-serif;margin:0;color:#1b2733;line-height:1.45}
header{background:#134e4a;color:#fff;padding:.8rem 2rem}header a{color:#d1fae5;margin-right:1.2rem;
text-decoration:none;font-weight:600}header .brand{color:#fff;font-size:1.1rem;margin-right:2rem}
main{padding:1rem 2rem 3rem;max-width:1200px}
h1{font-size:1.6rem;margin:.6rem 0 .2rem}h2{font-size:1.25rem;margin-top:1.8rem;
border-bottom:1px solid #ccd}h3{font-size:1.05rem}
.sub{color:#556;margin-top:0}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border:1px solid #d5dbe3;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#eef2f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#14532d;font-weight:600}.failed{color:#7f1d1d;font-weight:600}
.card{border:1px solid #d5dbe3;border-radius:.5rem;padding:.6rem 1rem;margin:.6rem 0;background:#fbfcfd}
.day{display:inline-block;background:#134e4a;color:#fff;border-radius:.4rem;padding:.05rem .5rem;
font-size:.8rem;margin-right:.4rem}
.muted{color:#667}code{font-family:ui-monospace,Menlo,monospace;font-size:.85rem}
figure{display:inline-block;margin:.5rem 1rem .5rem 0;vertical-align:top}
figcaption{font-size:.85rem;color:#334;font-weight:600}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "–"
        return f"{value:,.4g}" if abs(value) < 999.5 else f"{value:,.0f}"
    return str(value)


def _page(title: str, body: str, course_title: str) -> str:
    nav = (
        f"<header><a class='brand' href='index.html'>{_e(course_title)}</a>"
        "<a href='index.html'>Course</a><a href='compare.html'>Compare cities</a>"
        "<a href='glossary.html'>Glossary</a><a href='../index.html'>Run index</a></header>"
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>{nav}"
        f"<main>{body}</main></body></html>\n"
    )


def svg_bar_chart(
    labels: list[str], values: list[float | None], *, title: str = "", units: str = ""
) -> str:
    """A horizontal bar chart as inline SVG (no scripts, renders offline).

    Missing values are drawn as "n/a". Negative values extend left of the zero line.
    """
    width, bar_h, gap, left, right = 460, 18, 6, 120, 70
    n = len(labels)
    height = n * (bar_h + gap) + 30
    finite = [v for v in values if v is not None and math.isfinite(v)]
    lo = min([0.0, *finite])
    hi = max([0.0, *finite])
    span = (hi - lo) or 1.0
    plot_w = width - left - right

    def x(v: float) -> float:
        return left + (v - lo) / span * plot_w

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"role='img' aria-label='{_e(title)}' style='font:12px sans-serif'>"
    ]
    zero = x(0.0)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + i * (bar_h + gap)
        parts.append(
            f"<text x='{left - 6}' y='{y + bar_h - 5}' text-anchor='end'>{_e(label)}</text>"
        )
        if value is None or not math.isfinite(value):
            parts.append(f"<text x='{zero + 4}' y='{y + bar_h - 5}' fill='#888'>n/a</text>")
            continue
        x0, x1 = sorted((zero, x(value)))
        parts.append(
            f"<rect x='{x0:.1f}' y='{y}' width='{max(x1 - x0, 0.5):.1f}' height='{bar_h}' "
            f"fill='#0f766e'><title>{_e(label)}: {_e(_fmt(value))} {_e(units)}</title></rect>"
        )
        parts.append(f"<text x='{x1 + 4:.1f}' y='{y + bar_h - 5}'>{_e(_fmt(value))}</text>")
    parts.append(f"<line x1='{zero:.1f}' x2='{zero:.1f}' y1='5' y2='{height - 20}' stroke='#333'/>")
    parts.append(f"<text x='{left}' y='{height - 4}' fill='#555'>{_e(units)}</text></svg>")
    return "".join(parts)


def _records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return list(run.get("executions") or [])


def _exercise_records(run_dir: Path, rec: dict[str, Any]) -> list[dict[str, Any]]:
    from kgi_lab.exercises import feedback_records

    nb_rel = (rec.get("outputs") or {}).get("notebook")
    if not nb_rel or not (run_dir / nb_rel).is_file():
        return []
    try:
        nb = json.loads((run_dir / nb_rel).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return []
    return feedback_records(nb.get("cells", []))


def comparison_table(records: list[dict[str, Any]]) -> tuple[list[str], dict[str, dict]]:
    """Parameter-set names and ``{metric: {"label", "units", "values": [...]}}`` of one module."""
    names = [r["parameter_set"] for r in records]
    metrics: dict[str, dict[str, Any]] = {}
    for i, rec in enumerate(records):
        for key, m in (rec.get("metrics") or {}).items():
            m = m if isinstance(m, dict) else {"value": m}
            entry = metrics.setdefault(
                key,
                {"label": m.get("label") or key, "units": m.get("units") or "", "values": []},
            )
            entry["values"].extend([None] * (i - len(entry["values"])))
            entry["values"].append(m.get("value"))
    for entry in metrics.values():
        entry["values"].extend([None] * (len(names) - len(entry["values"])))
    return names, metrics


def _module_groups(run: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for rec in _records(run):
        groups.setdefault(rec["module"], []).append(rec)
    return groups


def _glossary_html(module_stem: str | None) -> str:
    try:
        from kgi_lab import glossary
    except ImportError:  # pragma: no cover - the glossary ships with the package
        return ""
    try:
        return glossary.to_html(module_stem) if module_stem else glossary.to_html(None)
    except (ValueError, KeyError):
        return "<p class='muted'>No glossary terms are tagged for this module.</p>"


def _exercises_html(module_stem: str, results: dict[str, list[str]]) -> str:
    from kgi_lab.exercises import ExerciseError, exercises

    try:
        found = exercises(module_stem)
    except ExerciseError:
        return "<p class='muted'>No checked exercises.</p>"
    rows = []
    for ex in found:
        statuses = results.get(ex.id, [])
        if statuses:
            ok = sum(s == "correct" for s in statuses)
            cls = "ok" if ok == len(statuses) else "failed"
            status = f"<span class='{cls}'>{ok}/{len(statuses)} reference solutions pass</span>"
        else:
            status = "<span class='muted'>not run</span>"
        units = f" [{_e(ex.units)}]" if ex.units else ""
        rows.append(
            f"<tr><td><code>{_e(ex.id)}</code></td><td><b>{_e(ex.title)}</b><br>"
            f"{_e(ex.prompt)}{units}</td><td>{_e(ex.kind)}</td><td>{status}</td></tr>"
        )
    return (
        "<table><tr><th>id</th><th>exercise</th><th>answer</th><th>check in this run</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _executions_table(records: list[dict[str, Any]], link_prefix: str = "../") -> str:
    rows = []
    for rec in records:
        outputs = rec.get("outputs") or {}
        link = (
            f"<a href='{_e(link_prefix + outputs['html'])}'>{_e(rec['parameter_set'])}</a>"
            if "html" in outputs
            else _e(rec["parameter_set"])
        )
        status = rec.get("status", "pending")
        cls = "ok" if status in ("ok", "reused") else "failed"
        params = ", ".join(f"{k}={json.dumps(v)}" for k, v in (rec.get("parameters") or {}).items())
        metrics = "; ".join(
            f"{(m.get('label') or k) if isinstance(m, dict) else k}: "
            f"{_fmt(m.get('value') if isinstance(m, dict) else m)}"
            f"{(' ' + m['units']) if isinstance(m, dict) and m.get('units') else ''}"
            for k, m in list((rec.get("metrics") or {}).items())[:4]
        )
        err = f"<br><span class='failed'>{_e(rec.get('error'))}</span>" if rec.get("error") else ""
        rows.append(
            f"<tr><td>{link}</td><td class='{cls}'>{_e(status)}{err}</td>"
            f"<td><code>{_e(params or 'defaults')}</code></td><td>{_e(metrics)}</td></tr>"
        )
    return (
        "<table><tr><th>executed notebook</th><th>status</th><th>parameters</th>"
        "<th>key metrics</th></tr>" + "".join(rows) + "</table>"
    )


def _capstone_sources(records: list[dict[str, Any]]) -> str:
    """Each city's inputs with their sources (the capstone's ``city_profile``), one row per city."""
    try:
        from kgi_lab import transfer
    except ImportError:  # pragma: no cover - the capstone ships with the package
        return ""
    rows = []
    for rec in records:
        city = (rec.get("parameters") or {}).get("city")
        if not city:
            continue
        try:
            p = dict(transfer.city_profile(city))
        except (KeyError, ValueError):
            continue

        def detail(summary: str, *texts: Any) -> str:
            body = "<br>".join(_e(t) for t in texts if t not in (None, ""))
            if not body:
                return summary
            return f"{summary}<details><summary class='muted'>source</summary>{body}</details>"

        grid = detail(
            f"<b>{_e(_fmt(p.get('grid_co2_kg_per_kwh')))}</b> kg-CO2/kWh "
            f"<span class='muted'>[{_e(p.get('grid_quality', ''))}] {_e(p.get('grid_year', ''))}"
            "</span>",
            p.get("grid_scope"),
            p.get("grid_source"),
            p.get("grid_note"),
        )
        air = detail(_e(p.get("air_standard_name", "")), p.get("air_standard_note"))
        fuel = detail(
            f"<b>{_e(p.get('boiler_fuel', ''))}</b> <span class='muted'>"
            f"({_e(p.get('boiler_fuel_label', ''))})</span>",
            p.get("boiler_fuel_note"),
            *(p.get("boiler_fuel_sources") or []),
        )
        price = _e(p.get("fuel_price_status") or _fmt(p.get("fuel_price_per_gj")))
        rows.append(
            f"<tr><th>{_e(rec['parameter_set'])}</th><td>{_e(p.get('name', ''))} "
            f"<span class='muted'>({_e(p.get('country', ''))}; {_e(p.get('station', ''))})</span>"
            f"</td><td>{grid}</td><td>{air}</td><td>{fuel}</td><td>{price}</td></tr>"
        )
    if not rows:
        return ""
    return (
        "<h3>Inputs and their sources</h3><table><tr><th>set</th><th>city (station)</th>"
        "<th>grid emission factor [quality]</th><th>air standard applied</th>"
        "<th>boiler fuel displaced</th><th>fuel price</th></tr>" + "".join(rows) + "</table>"
        "<p class='sub'>Quality: A official, B secondary source quoting an official one, "
        "C tertiary. The boiler fuel is an assumption for every city; no fuel price was found, "
        "so money savings appear only in runs given a price.</p>"
    )


def _compare_page(run: dict[str, Any], titles: dict[str, str]) -> str:
    sections = []
    groups = _module_groups(run)
    capstone_first = sorted(
        groups.items(),
        key=lambda kv: Path(str(kv[1][0].get("notebook", ""))).stem != "transfer_to_your_city",
    )
    for module, records in capstone_first:
        if len(records) < 2:
            continue
        names, metrics = comparison_table(records)
        head = "".join(f"<th>{_e(n)}</th>" for n in names)
        rows = []
        charts = []
        for key, m in metrics.items():
            units = f" [{_e(m['units'])}]" if m["units"] else ""
            numeric = [
                float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
                for v in m["values"]
            ]
            distinct = {_fmt(v) for v in numeric if v is not None}
            same = len(distinct) == 1 and None not in numeric
            if same:
                cells = (
                    f"<td class='num' colspan='{len(names)}'>{_e(distinct.pop())} "
                    "<span class='muted'>(the same for every set: it does not depend on the "
                    "parameters compared)</span></td>"
                )
            else:
                cells = "".join(f"<td class='num'>{_e(_fmt(v))}</td>" for v in m["values"])
            rows.append(f"<tr><th title='{_e(key)}'>{_e(m['label'])}{units}</th>{cells}</tr>")
            if not same and sum(v is not None for v in numeric) >= 2:
                charts.append(
                    f"<figure><figcaption>{_e(m['label'])}{units}</figcaption>"
                    + svg_bar_chart(names, numeric, title=m["label"], units=m["units"])
                    + "</figure>"
                )
        sources = ""
        notebook = Path(str(records[0].get("notebook", ""))).stem
        if notebook == "transfer_to_your_city":
            sources = _capstone_sources(records)
        sections.append(
            f"<h2>{_e(titles.get(module, module))}</h2>"
            f"<p class='sub'>{len(records)} parameter sets · module <code>{_e(module)}</code></p>"
            f"<div style='overflow-x:auto'><table><tr><th>metric</th>{head}</tr>{''.join(rows)}"
            f"</table></div>{sources}<div>{''.join(charts)}</div>"
        )
    if not sections:
        sections.append(
            "<p>No module in this run has two or more parameter sets. Run the partner-city batch: "
            "<code>kgi-lab report kawasaki-green-innovation --parameters-file "
            "curricula/partner-cities.yaml</code></p>"
        )
    return (
        "<h1>Compare cities</h1><p class='sub'>The same notebook run with each parameter set; "
        "values are the metrics each notebook emitted. Every figure is traceable to its executed "
        "notebook (links on each module page).</p>" + "".join(sections)
    )


def build_site(run_dir: str | Path, curriculum: Any) -> Path:
    """Write the course site for an executed run into ``<run_dir>/site/``.

    Parameters
    ----------
    run_dir : path
        A finished run folder (with ``index.json``) from :func:`kgi_lab.batch.run_batch`.
    curriculum : kgi_lab.curricula.Curriculum
        The course that was run (module order, objectives, days).

    Returns
    -------
    Path
        ``<run_dir>/site/index.html``.
    """
    run_dir = Path(run_dir)
    run = json.loads((run_dir / "index.json").read_text(encoding="utf-8"))
    site = run_dir / "site"
    site.mkdir(exist_ok=True)
    groups = _module_groups(run)
    titles = {m.id: m.title for m in curriculum.modules}

    # Module pages
    for module in curriculum.modules:
        records = groups.get(module.id, [])
        results: dict[str, list[str]] = {}
        for rec in records:
            for r in _exercise_records(run_dir, rec):
                results.setdefault(r["id"], []).append(r["status"])
        objectives = "".join(f"<li>{_e(o)}</li>" for o in module.objectives)
        prereq = "".join(f"<li>{_e(p)}</li>" for p in module.prerequisites) or "<li>none</li>"
        day = f"<span class='day'>Day {module.day}</span>" if module.day else ""
        body = (
            f"<h1>{day}{_e(module.title)}</h1>"
            f"<p class='sub'>notebook <code>notebooks/{_e(module.notebook.name)}</code> · about "
            f"{module.duration_min} min</p>"
            f"<h2>Learning objectives</h2><ul>{objectives}</ul>"
            f"<h2>Prerequisites</h2><ul>{prereq}</ul>"
            "<h2>Executed notebooks</h2><p class='sub'>Instructor view: these are the source "
            "notebooks, solutions included. Trainees work in the trainee edition "
            "(<code>make lab EDITION=trainee</code>).</p>"
            + (
                _executions_table(records)
                if records
                else "<p class='muted'>Not executed in this run.</p>"
            )
            + "<h2>Exercises</h2><p class='sub'>Trainees work in the trainee edition "
            "(<code>kgi-lab build-editions</code>): each answer is checked at once with "
            "<code>kgi_lab.exercises.check</code>. Here the instructor's reference solutions were "
            "executed.</p>"
            + _exercises_html(module.notebook.stem, results)
            + "<h2>Glossary</h2>"
            + _glossary_html(module.notebook.stem)
        )
        atomic_write_text(
            site / f"module-{module.id}.html", _page(module.title, body, curriculum.title)
        )

    # Home
    by_day: dict[Any, list[Any]] = {}
    for module in curriculum.modules:
        by_day.setdefault(module.day, []).append(module)
    day_blocks = []
    for day, modules in by_day.items():
        cards = []
        for m in modules:
            records = groups.get(m.id, [])
            ok = sum(r.get("status") in ("ok", "reused") for r in records)
            state = (
                f"<span class='{'ok' if ok == len(records) else 'failed'}'>{ok}/{len(records)} "
                "executions ok</span>"
                if records
                else "<span class='muted'>not in this run</span>"
            )
            cards.append(
                f"<div class='card'><h3><a href='module-{_e(m.id)}.html'>{_e(m.title)}</a></h3>"
                f"<p class='sub'>{m.duration_min} min · {state}</p><ul>"
                + "".join(f"<li>{_e(o)}</li>" for o in m.objectives)
                + "</ul></div>"
            )
        heading = f"Day {day}" if day else "Modules"
        day_blocks.append(f"<h2>{heading}</h2>{''.join(cards)}")
    total_h = curriculum.duration_min / 60
    days = f"{curriculum.duration_days} days · " if curriculum.duration_days else ""
    home = (
        f"<h1>{_e(curriculum.title)}</h1><p class='sub'>{days}{len(curriculum.modules)} modules · "
        f"{total_h:.1f} h of notebooks · run <code>{_e(run.get('run_id'))}</code></p>"
        f"<p>{_e(curriculum.description)}</p>"
        + (f"<p><b>Audience.</b> {_e(curriculum.audience)}</p>" if curriculum.audience else "")
        + "<div class='card'><b>Where to start.</b><ul>"
        "<li><b>Trainees:</b> open a module below for its objectives and vocabulary, then work "
        "in the trainee edition in JupyterLab (<code>make lab EDITION=trainee</code>) with your "
        "city's parameters. The executed notebooks linked here are the instructors' view: they "
        "include the exercise solutions.</li>"
        "<li><b>Researchers:</b> every page links the executed notebook; the run index holds the "
        "reproducibility stamp (commit, package versions, dataset sha256).</li>"
        "<li><b>Operators:</b> <a href='../index.html'>the run index</a> lists every execution "
        "with its status, duration and outputs; <a href='compare.html'>Compare cities</a> "
        "summarises a partner-city batch.</li></ul></div>" + "".join(day_blocks)
    )
    atomic_write_text(site / "index.html", _page(curriculum.title, home, curriculum.title))
    atomic_write_text(
        site / "compare.html", _page("Compare cities", _compare_page(run, titles), curriculum.title)
    )
    atomic_write_text(
        site / "glossary.html",
        _page(
            "Glossary",
            "<h1>Glossary</h1><p class='sub'>English · 日本語 · 中文. In a notebook: "
            "<code>kgi_lab.glossary.lookup('2%除外値')</code>.</p>" + _glossary_html(None),
            curriculum.title,
        ),
    )
    return site / "index.html"


def attach_site(run_dir: str | Path, curriculum: Any) -> Path:
    """Build the site and link it from the run's ``index.html`` (both written atomically)."""
    from kgi_lab._io import atomic_write_json
    from kgi_lab.batch.index import render_index

    run_dir = Path(run_dir)
    index = build_site(run_dir, curriculum)
    run = json.loads((run_dir / "index.json").read_text(encoding="utf-8"))
    run["site"] = "site/index.html"
    atomic_write_json(run_dir / "index.json", run)
    atomic_write_text(run_dir / "index.html", render_index(run))
    return index
