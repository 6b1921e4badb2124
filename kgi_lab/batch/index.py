"""The report index: one self-contained HTML page (no network) per run, plus a list of runs."""

from __future__ import annotations

import html
import json
import time
from pathlib import Path
from typing import Any

from kgi_lab._io import atomic_write_text

__all__ = ["render_index", "render_runs_list", "write_runs_list"]

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans JP',sans-serif;margin:2rem;
color:#1b2733;max-width:1400px}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}
.sub{color:#556;margin-top:0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d5dbe3;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#eef2f7}tr:nth-child(even) td{background:#fafbfd}
.ok{background:#d9f2df;color:#14532d}.failed{background:#fde2e1;color:#7f1d1d}
.reused{background:#e0ecff;color:#1e3a8a}.pending{background:#eee;color:#444}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:.6rem;font-weight:600;font-size:.8rem}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.82rem}
.err{color:#7f1d1d;font-weight:600}details pre{white-space:pre-wrap;font-size:.75rem;max-height:20rem;
overflow:auto;background:#f6f6f6;padding:.5rem}
ul.m{margin:0;padding-left:1rem}.summary span{margin-right:1.2rem}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _fmt_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e5 else f"{value:,.0f}"
    return str(value)


def _metrics_cell(metrics: dict[str, Any]) -> str:
    if not metrics:
        return "<span class='pending'>–</span>"
    items = []
    for name, m in metrics.items():
        m = m if isinstance(m, dict) else {"value": m}
        units = f" {_e(m['units'])}" if m.get("units") else ""
        label = _e(m.get("label") or name)
        items.append(
            f"<li title='{_e(name)}'>{label}: <b>{_e(_fmt_value(m.get('value')))}</b>{units}</li>"
        )
    return "<ul class='m'>" + "".join(items) + "</ul>"


def _params_cell(params: dict[str, Any]) -> str:
    if not params:
        return "<span class='pending'>defaults</span>"
    return "<br>".join(f"<code>{_e(k)}</code> = {_e(json.dumps(v))}" for k, v in params.items())


def _row(rec: dict[str, Any]) -> str:
    status = rec.get("status", "pending")
    links = []
    outputs = rec.get("outputs") or {}
    for label, key in (("HTML", "html"), ("notebook", "notebook"), ("metrics", "metrics")):
        if key in outputs:
            links.append(f"<a href='{_e(outputs[key])}'>{label}</a>")
    error = ""
    if rec.get("error"):
        error = f"<div class='err'>{_e(rec['error'])}</div>"
        if rec.get("error_detail"):
            error += f"<details><summary>traceback</summary><pre>{_e(rec['error_detail'])}</pre></details>"
    reused = ""
    if rec.get("reused_from"):
        reused = f"<div class='sub'>reused from {_e(rec['reused_from'])}</div>"
    duration = rec.get("duration_s")
    return (
        "<tr>"
        f"<td>{_e(rec.get('module_title') or rec.get('module'))}<div class='sub mono'>"
        f"{_e(Path(str(rec.get('notebook', ''))).name)}</div></td>"
        f"<td>{_e(rec.get('parameter_set'))}</td>"
        f"<td><span class='badge {_e(status)}'>{_e(status)}</span>{reused}</td>"
        f"<td>{'' if duration is None else f'{duration:.1f} s'}</td>"
        f"<td>{_params_cell(rec.get('parameters') or {})}</td>"
        f"<td>{_metrics_cell(rec.get('metrics') or {})}{error}</td>"
        f"<td>{' · '.join(links)}</td>"
        "</tr>"
    )


def _stamp_section(stamp: dict[str, Any]) -> str:
    git = stamp.get("git") or {}
    commit = git.get("commit", "not a git checkout")
    dirty = " (uncommitted changes)" if git.get("dirty") else ""
    pk = "".join(
        f"<tr><td>{_e(k)}</td><td class='mono'>{_e(v or 'not installed')}</td></tr>"
        for k, v in (stamp.get("packages") or {}).items()
    )
    ds = "".join(
        f"<tr><td>{_e(k)}</td><td>{_e(v.get('kind'))}</td><td class='mono'>{_e(v.get('sha256'))}</td>"
        f"<td>{_e(v.get('status'))}</td></tr>"
        for k, v in (stamp.get("datasets") or {}).items()
    )
    return f"""
<h2>Reproducibility stamp</h2>
<table>
<tr><th>git commit</th><td class='mono'>{_e(commit)}{_e(dirty)} ({_e(git.get("branch", ""))})</td></tr>
<tr><th>kgi_lab</th><td class='mono'>{_e(stamp.get("kgi_lab_version"))}, sources sha256
{_e(stamp.get("source_sha256"))}</td></tr>
<tr><th>Python / platform</th><td class='mono'>{_e(stamp.get("python"))} · {_e(stamp.get("platform"))}</td></tr>
<tr><th>pinned constraints</th><td class='mono'>requirements/constraints.txt sha256
{_e(stamp.get("constraints_sha256"))}</td></tr>
<tr><th>command</th><td class='mono'>{_e(" ".join(map(str, stamp.get("command") or [])))}</td></tr>
<tr><th>created (UTC)</th><td class='mono'>{_e(stamp.get("created_utc"))}</td></tr>
</table>
<h3>Package versions</h3><table><tr><th>package</th><th>version</th></tr>{pk}</table>
<h3>Datasets</h3><table><tr><th>id</th><th>kind</th><th>sha256</th><th>check</th></tr>{ds}</table>
"""


def render_index(run: dict[str, Any]) -> str:
    """Render a run (``index.json`` content) to a self-contained HTML page."""
    records = run.get("executions", [])
    counts: dict[str, int] = {}
    for rec in records:
        counts[rec.get("status", "pending")] = counts.get(rec.get("status", "pending"), 0) + 1
    summary = " ".join(f"<span>{_e(k)}: <b>{v}</b></span>" for k, v in sorted(counts.items()))
    rows = "\n".join(_row(r) for r in records)
    title = run.get("title") or run.get("curriculum") or "kgi_lab run"
    state = run.get("state", "complete")
    wall = run.get("wall_time_s")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} · {_e(run.get("run_id"))}</title><style>{_CSS}</style></head>
<body>
<h1>{_e(title)}</h1>
<p class="sub">run <code>{_e(run.get("run_id"))}</code> · curriculum <code>{_e(run.get("curriculum"))}</code>
· state <b>{_e(state)}</b>{"" if wall is None else f" · wall time {wall:.1f} s"} · jobs {_e(run.get("jobs"))}
{(" · scheduler " + _e(run["scheduler"])) if run.get("scheduler") else ""}</p>
<p class="summary">{summary}</p>
{f'<p><a href="{_e(run["site"])}"><b>Open the course site</b></a> (modules, exercises, glossary, city comparison)</p>' if run.get("site") else ""}
<table>
<tr><th>module</th><th>parameter set</th><th>status</th><th>duration</th><th>parameters</th>
<th>key metrics</th><th>outputs</th></tr>
{rows}
</table>
{_stamp_section(run.get("stamp") or {})}
<p class="sub">Written by kgi_lab {_e((run.get("stamp") or {}).get("kgi_lab_version", ""))}.
Durations are wall-clock per notebook, including kernel start-up.</p>
</body></html>
"""


def render_runs_list(out_dir: Path) -> str:
    """HTML list of the runs in an output folder (newest first)."""
    rows = []
    for index_json in sorted(out_dir.glob("*/index.json"), reverse=True):
        try:
            run = json.loads(index_json.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        counts: dict[str, int] = {}
        for rec in run.get("executions", []):
            counts[rec.get("status")] = counts.get(rec.get("status"), 0) + 1
        status = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=str))
        rows.append(
            f"<tr><td><a href='{_e(index_json.parent.name)}/index.html'>{_e(run.get('run_id'))}</a></td>"
            f"<td>{_e(run.get('title') or run.get('curriculum'))}</td><td>{_e(status)}</td>"
            f"<td>{_e((run.get('stamp') or {}).get('created_utc', ''))}</td></tr>"
        )
    made = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kgi_lab reports</title><style>{_CSS}</style></head>
<body><h1>kgi_lab reports</h1><p class="sub">{_e(str(out_dir))} · updated {made}</p>
<table><tr><th>run</th><th>course</th><th>executions</th><th>created</th></tr>{"".join(rows)}</table>
</body></html>
"""


def write_runs_list(out_dir: Path) -> Path:
    """Atomically (re)write ``<out_dir>/index.html``."""
    return atomic_write_text(out_dir / "index.html", render_runs_list(out_dir))
