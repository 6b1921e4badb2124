"""Trainee and instructor editions of the teaching notebooks, generated from one source.

The source notebooks in ``notebooks/`` carry solution markers in the nbgrader style [1]_:

* in a code cell, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
* in a markdown cell, the lines between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``;
* a cell tagged ``instructor`` holds notes for instructors only.

:func:`build_editions` writes

* a **trainee edition**: solutions replaced by ``# YOUR CODE HERE`` (code) or an answer prompt
  (markdown), instructor cells removed, the ``check(...)`` calls kept, so every cell still runs
  and each exercise reports "no answer yet";
* an **instructor edition**: everything, with the marker lines removed.

Source notebooks are only read. Each edition is written atomically and records the source's sha256
in its metadata (``metadata.kgi_lab``).

References
----------
.. [1] Project Jupyter et al. (2019), "nbgrader: A Tool for Creating and Grading Assignments in the
   Jupyter Notebook", Journal of Open Source Education 2(16), 32. doi:10.21105/jose.00032
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgi_lab._io import atomic_write_json, atomic_write_text, sha256_file
from kgi_lab._paths import notebooks_dir

__all__ = [
    "EDITIONS",
    "EditionError",
    "EditionSummary",
    "build_editions",
    "instructor_edition",
    "trainee_edition",
]

EDITIONS = ("trainee", "instructor")
# Markers are matched case-insensitively, with any number of '#' (nbgrader writes three), and
# markdown cells accept both spellings. A last check refuses any edition that still mentions one.
CODE_BEGIN = re.compile(r"^(\s*)#+\s*BEGIN SOLUTION\s*$", re.I)
CODE_END = re.compile(r"^\s*#+\s*END SOLUTION\s*$", re.I)
MD_BEGIN = re.compile(r"^()\s*(?:<!--\s*BEGIN SOLUTION\s*-->|#+\s*BEGIN SOLUTION)\s*$", re.I)
MD_END = re.compile(r"^\s*(?:<!--\s*END SOLUTION\s*-->|#+\s*END SOLUTION)\s*$", re.I)
_ANY_MARKER = re.compile(r"(BEGIN|END)\s+SOLUTION", re.I)
CODE_PLACEHOLDER = "# YOUR CODE HERE"
MD_PLACEHOLDER = "*Your answer:* …"
INSTRUCTOR_TAG = "instructor"


class EditionError(ValueError):
    """Unbalanced or nested solution markers (the message names the notebook and cell)."""


@dataclass(frozen=True)
class EditionSummary:
    """What :func:`build_editions` wrote for one notebook."""

    notebook: str
    trainee: Path
    instructor: Path
    solutions: int  # solution blocks stripped from the trainee edition
    instructor_cells: int  # cells removed from the trainee edition
    kept: tuple[str, ...] = ()  # editions left alone because someone edited them
    backups: tuple[Path, ...] = ()  # edited editions saved aside before a forced rebuild


def _split_blocks(
    lines: list[str], begin: re.Pattern[str], end: re.Pattern[str], where: str
) -> list[tuple[str, list[str], str]]:
    """Split ``lines`` into ``("text"|"solution", lines, indent)`` blocks."""
    blocks: list[tuple[str, list[str], str]] = []
    current: list[str] = []
    inside = False
    indent = ""
    for n, line in enumerate(lines, 1):
        m_begin = begin.match(line)
        if m_begin:
            if inside:
                raise EditionError(f"{where}, line {n}: BEGIN SOLUTION inside another solution")
            blocks.append(("text", current, ""))
            current, inside = [], True
            indent = m_begin.group(1) if m_begin.groups() else ""
            continue
        if end.match(line):
            if not inside:
                raise EditionError(f"{where}, line {n}: END SOLUTION without BEGIN SOLUTION")
            blocks.append(("solution", current, indent))
            current, inside = [], False
            continue
        current.append(line)
    if inside:
        raise EditionError(f"{where}: BEGIN SOLUTION is never closed by END SOLUTION")
    blocks.append(("text", current, ""))
    return blocks


def _markers(cell: dict[str, Any]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    if cell["cell_type"] == "code":
        return CODE_BEGIN, CODE_END
    return MD_BEGIN, MD_END


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _edit(nb: dict[str, Any], name: str, edition: str) -> tuple[dict[str, Any], int, int]:
    out = copy.deepcopy(nb)
    cells = []
    n_solutions = n_removed = 0
    for i, cell in enumerate(out.get("cells", [])):
        tags = cell.get("metadata", {}).get("tags", [])
        if INSTRUCTOR_TAG in tags and edition == "trainee":
            n_removed += 1
            continue
        begin, end = _markers(cell)
        where = f"{name}: cell {i} ({cell['cell_type']})"
        blocks = _split_blocks(_source(cell).split("\n"), begin, end, where)
        lines: list[str] = []
        for kind, block, indent in blocks:
            if kind == "text" or edition == "instructor":
                lines.extend(block)
                continue
            n_solutions += 1
            if cell["cell_type"] == "code":
                lines.append(f"{indent}{CODE_PLACEHOLDER}")
            else:
                lines.append(MD_PLACEHOLDER)
        cell["source"] = "\n".join(lines)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        if _ANY_MARKER.search(cell["source"]):
            raise EditionError(f"{where}: a solution marker was left in the {edition} edition")
        cells.append(cell)
    out["cells"] = cells
    # Editions are not paired with the jupytext twins: saving one must not write .py files.
    out.get("metadata", {}).pop("jupytext", None)
    return out, n_solutions, n_removed


def trainee_edition(nb: dict[str, Any], name: str = "notebook") -> dict[str, Any]:
    """The trainee edition of a notebook (an nbformat dict): solutions and instructor cells out.

    Raises
    ------
    EditionError
        If the solution markers are unbalanced or nested.
    """
    return _edit(nb, name, "trainee")[0]


def instructor_edition(nb: dict[str, Any], name: str = "notebook") -> dict[str, Any]:
    """The instructor edition: every cell, with the solution marker lines removed."""
    return _edit(nb, name, "instructor")[0]


def _stamp(nb: dict[str, Any], edition: str, source: Path) -> None:
    meta = nb.setdefault("metadata", {}).setdefault("kgi_lab", {})
    meta.update(
        {
            "edition": edition,
            "source": source.name,
            "source_sha256": sha256_file(source),
        }
    )


def build_editions(
    notebooks: list[str | Path] | None = None,
    out_dir: str | Path = "editions",
    *,
    force: bool = False,
) -> list[EditionSummary]:
    """Write ``<out_dir>/trainee/<name>.ipynb`` and ``<out_dir>/instructor/<name>.ipynb``.

    An edition that was edited since it was built (a trainee's answers) is never overwritten:
    it is kept and reported, unless ``force=True``, which first copies it to
    ``<name>.ipynb.bak-<time>``. ``editions.json`` records the sha256 of every file written.

    Parameters
    ----------
    notebooks : list of str or Path, optional
        Notebook names in ``notebooks/`` or paths; all teaching notebooks by default.
    out_dir : path
        The editions folder (created). It must not contain, or be inside, a source folder:
        sources are never overwritten.
    force : bool
        Rebuild edited editions too (after backing them up).

    Returns
    -------
    list of EditionSummary

    Raises
    ------
    EditionError
        Unbalanced markers, an output folder that overlaps the sources or cannot be written.
    """
    import shutil
    import time

    from kgi_lab.batch.registry import find_notebook

    out = Path(out_dir).resolve()
    src_dir = notebooks_dir().resolve()
    paths = (
        [find_notebook(str(n)) for n in notebooks] if notebooks else sorted(src_dir.glob("*.ipynb"))
    )
    for folder in {src_dir, *(p.resolve().parent for p in paths)}:
        if out == folder or folder in out.parents or out in folder.parents:
            raise EditionError(
                f"out_dir '{out_dir}' overlaps the source folder {folder}: sources are never "
                "overwritten"
            )
    manifest_path = out / "editions.json"
    try:
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        previous = {}
    built = dict(previous.get("built_sha256") or {})
    # Check every notebook before writing anything.
    prepared = []
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        trainee, n_sol, n_removed = _edit(nb, path.name, "trainee")
        instructor = _edit(nb, path.name, "instructor")[0]
        prepared.append((path, trainee, instructor, n_sol, n_removed))
    stamp = time.strftime("%Y%m%dT%H%M%S")
    summaries = []
    try:
        for path, trainee, instructor, n_sol, n_removed in prepared:
            written, kept, backups = {}, [], []
            for edition, nb in (("trainee", trainee), ("instructor", instructor)):
                _stamp(nb, edition, path)
                target = out / edition / path.name
                rel = f"{edition}/{path.name}"
                text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
                written[edition] = target
                if target.exists():
                    current = sha256_file(target)
                    edited = current != built.get(rel)
                    if edited and not force:
                        kept.append(rel)
                        continue
                    if edited:
                        backup = target.with_name(f"{target.name}.bak-{stamp}")
                        shutil.copy2(target, backup)
                        backups.append(backup)
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_text(target, text)
                built[rel] = sha256_file(target)
            summaries.append(
                EditionSummary(
                    path.stem,
                    written["trainee"],
                    written["instructor"],
                    n_sol,
                    n_removed,
                    tuple(kept),
                    tuple(backups),
                )
            )
        atomic_write_json(
            manifest_path,
            {
                "editions": list(EDITIONS),
                "built_sha256": built,
                "notebooks": [
                    {
                        "notebook": s.notebook,
                        "trainee": str(s.trainee.relative_to(out)),
                        "instructor": str(s.instructor.relative_to(out)),
                        "solutions_stripped": s.solutions,
                        "instructor_cells_removed": s.instructor_cells,
                    }
                    for s in summaries
                ],
            },
        )
    except OSError as exc:
        raise EditionError(
            f"cannot write the editions to '{out_dir}': {exc.strerror or exc}"
        ) from None
    return summaries
