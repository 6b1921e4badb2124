"""Courses: ordered teaching modules, each a notebook with one or more parameter sets.

A curriculum is a YAML file in ``curricula/``::

    id: kawasaki-green-innovation
    title: Kawasaki Green Innovation
    description: ...
    default: true                    # the course `make report` runs (exactly one file)
    modules:
      - id: solar-resource
        title: The solar resource of a city
        notebook: solar_resource     # a notebook in notebooks/ (without .ipynb)
        duration_min: 45
        day: 1                       # optional: the course day (1 .. duration_days)
        objectives: [...]
        prerequisites: [...]         # optional
        parameter_sets:
          - name: kawasaki
            parameters: {city: kawasaki}

:func:`load` checks the whole file (unknown keys, types, notebook existence, and every parameter
against the notebook's schema) before anything runs, and names the offending element.

A *parameters file* (``--parameters-file``) replaces the parameter sets of the modules it names::

    modules: [solar-resource]        # optional: run only these modules
    parameter_sets:                  # applied to each selected module
      - name: penang
        parameters: {city: penang}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgi_lab._paths import curricula_dir
from kgi_lab.batch.registry import NotebookNotFoundError, find_notebook, schema_for
from kgi_lab.batch.runner import PlannedExecution
from kgi_lab.batch.schema import ParameterError

__all__ = [
    "Curriculum",
    "CurriculumError",
    "Module",
    "ParameterSet",
    "available",
    "default_curriculum",
    "find",
    "format_list",
    "load",
    "load_parameters_file",
    "plan",
]


class CurriculumError(ValueError):
    """A curriculum or parameters file that is missing or invalid."""


@dataclass(frozen=True)
class ParameterSet:
    name: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    notebook: Path
    duration_min: int
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...]
    parameter_sets: tuple[ParameterSet, ...]
    day: int | None = None


@dataclass(frozen=True)
class Curriculum:
    id: str
    title: str
    description: str
    default: bool
    modules: tuple[Module, ...]
    path: Path
    audience: str = ""
    duration_days: int | None = None

    @property
    def duration_min(self) -> int:
        return sum(m.duration_min for m in self.modules)


_TOP_KEYS = {"id", "title", "description", "default", "modules", "audience", "duration_days"}
_MODULE_KEYS = {
    "id",
    "title",
    "notebook",
    "duration_min",
    "objectives",
    "prerequisites",
    "parameter_sets",
    "day",
}
_SET_KEYS = {"name", "parameters", "description"}


def _require(mapping: Any, where: str, keys: set[str], required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(mapping, dict):
        raise CurriculumError(f"{where}: expected a mapping, got {type(mapping).__name__}")
    unknown = sorted(set(mapping) - keys)
    if unknown:
        raise CurriculumError(
            f"{where}: unknown key(s) {', '.join(map(str, unknown))}; allowed: {', '.join(sorted(keys))}"
        )
    missing = [k for k in required if mapping.get(k) in (None, "", [])]
    if missing:
        raise CurriculumError(f"{where}: missing {', '.join(missing)}")
    return mapping


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CurriculumError(f"{where}: expected a list of strings")
    return tuple(value)


def _parse_sets(raw: Any, where: str, notebook: Path) -> tuple[ParameterSet, ...]:
    if not isinstance(raw, list) or not raw:
        raise CurriculumError(f"{where}: expected a non-empty list of parameter sets")
    schema = schema_for(notebook)
    sets: list[ParameterSet] = []
    for j, s in enumerate(raw):
        here = f"{where}[{j}]"
        _require(s, here, _SET_KEYS, ("name",))
        params = s.get("parameters") or {}
        if not isinstance(params, dict):
            raise CurriculumError(f"{here}.parameters: expected a mapping of name to value")
        try:
            typed = schema.validate(params)
        except ParameterError as exc:
            raise CurriculumError(f"{here} ('{s['name']}'): {exc}") from None
        sets.append(ParameterSet(str(s["name"]), typed))
    names = [s.name for s in sets]
    if len(names) != len(set(names)):
        raise CurriculumError(f"{where}: parameter set names must be unique")
    return tuple(sets)


def _parse(doc: Any, path: Path) -> Curriculum:
    where = str(path)
    _require(doc, where, _TOP_KEYS, ("id", "title", "modules"))
    if not isinstance(doc["modules"], list):
        raise CurriculumError(f"{where}: modules must be a list")
    days = doc.get("duration_days")
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or days < 1):
        raise CurriculumError(f"{where}: duration_days must be a positive integer (got {days!r})")
    modules: list[Module] = []
    for i, m in enumerate(doc["modules"]):
        here = f"{where}: modules[{i}]"
        _require(m, here, _MODULE_KEYS, ("id", "title", "notebook", "objectives", "parameter_sets"))
        here = f"{where}: module '{m['id']}'"
        try:
            notebook = find_notebook(str(m["notebook"]))
        except NotebookNotFoundError as exc:
            raise CurriculumError(f"{here}: {exc}") from None
        duration = m.get("duration_min", 30)
        if not isinstance(duration, int) or duration <= 0:
            raise CurriculumError(f"{here}: duration_min must be a positive integer (minutes)")
        day = m.get("day")
        if day is not None and (
            not isinstance(day, int)
            or isinstance(day, bool)
            or day < 1
            or (days is not None and day > days)
        ):
            raise CurriculumError(
                f"{here}: day must be an integer from 1 to {days or 'the course length'} "
                f"(got {day!r})"
            )
        modules.append(
            Module(
                id=str(m["id"]),
                title=str(m["title"]),
                notebook=notebook,
                duration_min=duration,
                objectives=_str_list(m.get("objectives"), f"{here}.objectives"),
                prerequisites=_str_list(m.get("prerequisites"), f"{here}.prerequisites"),
                parameter_sets=_parse_sets(
                    m.get("parameter_sets"), f"{here}.parameter_sets", notebook
                ),
                day=day,
            )
        )
    ids = [m.id for m in modules]
    if len(ids) != len(set(ids)):
        raise CurriculumError(f"{where}: module ids must be unique")
    if path.stem != doc["id"]:
        raise CurriculumError(f"{where}: id '{doc['id']}' must match the file name '{path.stem}'")
    return Curriculum(
        id=str(doc["id"]),
        title=str(doc["title"]),
        description=str(doc.get("description") or "").strip(),
        default=bool(doc.get("default", False)),
        modules=tuple(modules),
        path=path,
        audience=str(doc.get("audience") or ""),
        duration_days=days,
    )


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CurriculumError(f"cannot read {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise CurriculumError(f"{path}: not valid YAML: {exc}") from None


def available() -> list[Path]:
    """Curriculum files in ``curricula/`` (parameters files, which lack ``id``, are skipped)."""
    out = []
    for p in sorted(curricula_dir().glob("*.yaml")):
        head = p.read_text(encoding="utf-8")
        if any(line.startswith("id:") for line in head.splitlines()):
            out.append(p)
    return out


def find(name_or_path: str | Path) -> Path:
    """Resolve a curriculum id (``kawasaki-green-innovation``) or a path to a YAML file."""
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml"} and candidate.is_file():
        return candidate
    in_dir = curricula_dir() / f"{candidate.name}.yaml"
    if in_dir.is_file():
        return in_dir
    names = ", ".join(p.stem for p in available()) or "(none)"
    raise CurriculumError(f"unknown curriculum '{name_or_path}'; available: {names}")


def load(name_or_path: str | Path) -> Curriculum:
    """Load and fully validate a curriculum."""
    path = find(name_or_path)
    return _parse(_read_yaml(path), path)


def default_curriculum() -> Curriculum:
    """The curriculum marked ``default: true`` (exactly one must be)."""
    marked = [c for c in (load(p) for p in available()) if c.default]
    if len(marked) != 1:
        raise CurriculumError(
            f"exactly one curriculum in {curricula_dir()} must have 'default: true' "
            f"(found {len(marked)}: {', '.join(c.id for c in marked) or 'none'})"
        )
    return marked[0]


def load_parameters_file(path: str | Path, curriculum: Curriculum) -> Curriculum:
    """Apply a parameters file: replace the parameter sets of the selected modules.

    Returns a new :class:`Curriculum` holding only the selected modules (all, by default).
    """
    path = Path(path)
    doc = _require(_read_yaml(path), str(path), {"modules", "parameter_sets"}, ("parameter_sets",))
    by_id = {m.id: m for m in curriculum.modules}
    selected = _str_list(doc.get("modules"), f"{path}: modules") or tuple(by_id)
    unknown = [m for m in selected if m not in by_id]
    if unknown:
        raise CurriculumError(
            f"{path}: unknown module(s) {', '.join(unknown)} in curriculum '{curriculum.id}'; "
            f"modules: {', '.join(by_id)}"
        )
    modules = []
    for mid in selected:
        module = by_id[mid]
        sets = _parse_sets(
            doc["parameter_sets"], f"{path}: parameter_sets (module '{mid}')", module.notebook
        )
        modules.append(Module(**{**module.__dict__, "parameter_sets": sets}))
    return Curriculum(**{**curriculum.__dict__, "modules": tuple(modules)})


def plan(curriculum: Curriculum) -> list[PlannedExecution]:
    """Every (module, parameter set) execution of a curriculum, in course order."""
    return [
        PlannedExecution(
            module=m.id,
            parameter_set=s.name,
            notebook=m.notebook,
            parameters=s.parameters,
            module_title=m.title,
        )
        for m in curriculum.modules
        for s in m.parameter_sets
    ]


def format_list() -> str:
    """Plain-text list of the courses (``kgi-lab curricula list``)."""
    lines = []
    for path in available():
        try:
            c = load(path)
        except CurriculumError as exc:
            lines.append(f"{path.stem}  INVALID: {exc}")
            continue
        star = " (default)" if c.default else ""
        runs = sum(len(m.parameter_sets) for m in c.modules)
        lines.append(
            f"{c.id}{star}: {c.title} — {len(c.modules)} module(s), {runs} execution(s), "
            f"{c.duration_min} min of teaching"
        )
        for m in c.modules:
            sets = ", ".join(s.name for s in m.parameter_sets)
            lines.append(
                f"    {m.id} [{m.notebook.name}, {m.duration_min} min]: {m.title} — sets: {sets}"
            )
    return "\n".join(lines) if lines else f"no curricula in {curricula_dir()}"
