"""The notebooks kgi_lab ships, and the parameter schema of each.

The schema here is the contract the batch layer checks *before* a kernel starts; the notebook's
tagged ``parameters`` cell holds the same names and defaults (``tests/test_notebooks.py`` keeps the
two in step). A notebook that is not registered (your own, say) gets a schema inferred from its
``parameters`` cell by papermill: names and types are checked, ranges are not.
"""

from __future__ import annotations

import ast
import zoneinfo
from pathlib import Path
from typing import Any

from kgi_lab._paths import notebooks_dir
from kgi_lab.batch.schema import ChoicesFrom, NotebookSchema, Parameter, ParameterError

__all__ = ["SCHEMAS", "NotebookNotFoundError", "available_notebooks", "find_notebook", "schema_for"]


class NotebookNotFoundError(FileNotFoundError):
    """A notebook name or path that does not exist."""


def _check_custom_site(values: dict[str, Any]) -> str | None:
    site_keys = ("latitude", "longitude", "tz")
    if values.get("city") == "custom":
        missing = [k for k in site_keys if values.get(k) is None]
        if missing:
            return f"city 'custom' needs {', '.join(missing)} (given as parameters)"
        try:
            zoneinfo.ZoneInfo(values["tz"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return f"parameter 'tz': {values['tz']!r} is not an IANA time zone (e.g. 'Asia/Tokyo')"
    else:
        given = [k for k in (*site_keys, "elevation_m") if values.get(k) is not None]
        if given:
            return (
                f"parameter(s) {', '.join(given)} apply only when city is 'custom' "
                f"(city is {values.get('city')!r})"
            )
    return None


SOLAR_RESOURCE = NotebookSchema(
    notebook="solar_resource",
    parameters=(
        Parameter(
            "city",
            "str",
            "kawasaki",
            "Site: a city id from the partner_cities dataset, or 'custom' with latitude/longitude/tz.",
            choices=ChoicesFrom("partner_cities", "city", extra=("custom",)),
        ),
        Parameter("year", "int", 2025, "Calendar year to model.", minimum=1901, maximum=2099),
        Parameter(
            "time_step_min",
            "int",
            60,
            "Time step of the series; labels mark the start of each interval.",
            unit="min",
            choices=(10, 15, 30, 60),
        ),
        Parameter(
            "latitude",
            "float",
            None,
            "Latitude for city='custom' (north positive).",
            unit="deg",
            minimum=-90.0,
            maximum=90.0,
            nullable=True,
        ),
        Parameter(
            "longitude",
            "float",
            None,
            "Longitude for city='custom' (east positive).",
            unit="deg",
            minimum=-180.0,
            maximum=180.0,
            nullable=True,
        ),
        Parameter(
            "elevation_m",
            "float",
            None,
            "Site elevation for city='custom'; null looks it up offline (pvlib altitude map).",
            unit="m",
            minimum=-430.0,
            maximum=8850.0,
            nullable=True,
        ),
        Parameter(
            "tz",
            "str",
            None,
            "IANA time zone for city='custom', e.g. 'Asia/Jakarta'.",
            nullable=True,
        ),
    ),
    checks=(_check_custom_site,),
)

#: Registered notebooks by name (file stem in ``notebooks/``).
SCHEMAS: dict[str, NotebookSchema] = {s.notebook: s for s in (SOLAR_RESOURCE,)}


def available_notebooks() -> list[str]:
    """Names of the notebooks in ``notebooks/``."""
    return sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))


def find_notebook(name_or_path: str | Path) -> Path:
    """Resolve a notebook name (``solar_resource``) or a path to an existing ``.ipynb`` file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".ipynb" and candidate.is_file():
        return candidate.resolve()
    if candidate.suffix == "":
        in_dir = notebooks_dir() / f"{candidate.name}.ipynb"
        if in_dir.is_file():
            return in_dir
    raise NotebookNotFoundError(
        f"unknown notebook '{name_or_path}'; give a path to an .ipynb file or one of: "
        f"{', '.join(available_notebooks()) or '(none found in ' + str(notebooks_dir()) + ')'}"
    )


def _literal_type(source: str) -> tuple[str, Any]:
    """Type name and value of a parameter default given as Python source."""
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return "any", source
    for name, kind in (("bool", bool), ("int", int), ("float", float), ("str", str)):
        if type(value) is kind:
            return name, value
    return "any", value


def _inferred_schema(path: Path) -> NotebookSchema:
    import papermill

    try:
        found = papermill.inspect_notebook(str(path))
    except Exception as exc:  # papermill raises several error types for unreadable notebooks
        raise ParameterError(f"cannot read the parameters of {path}: {exc}") from exc
    params = []
    for name, info in found.items():
        kind, default = _literal_type(str(info.get("default")))
        params.append(
            Parameter(name, kind, default, str(info.get("help") or ""), nullable=default is None)
        )
    return NotebookSchema(notebook=path.stem, parameters=tuple(params))


def schema_for(path: Path) -> NotebookSchema:
    """The registered schema of a notebook under ``notebooks/``, else one inferred from the file."""
    registered = SCHEMAS.get(path.stem)
    if registered is not None and path.parent.resolve() == notebooks_dir().resolve():
        return registered
    return _inferred_schema(path)
