"""Parameter schemas: what a notebook accepts, checked before any kernel starts.

A :class:`NotebookSchema` lists each parameter with its type, unit, range or allowed values and help
text. :meth:`NotebookSchema.validate` turns user input (from the command line, a curriculum or a
parameters file) into typed values, or raises :class:`ParameterError` with a one-line message that
names the parameter and what would be allowed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ChoicesFrom", "NotebookSchema", "Parameter", "ParameterError"]

_TYPES: dict[str, type | tuple[type, ...]] = {
    "float": float,
    "int": int,
    "str": str,
    "bool": bool,
    "any": object,
}


class ParameterError(ValueError):
    """A parameter that is unknown, of the wrong type, or outside its range."""


def _any_scalar(name: str, value: Any) -> Any:
    if isinstance(value, str):
        import yaml

        try:
            parsed = yaml.safe_load(value)
        except yaml.YAMLError:
            return value
        return parsed if isinstance(parsed, (str, int, float, bool)) or parsed is None else value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ParameterError(f"parameter '{name}': expected a scalar, got {type(value).__name__}")


@dataclass(frozen=True)
class ChoicesFrom:
    """Allowed values read from a column of a catalogued CSV dataset (e.g. city ids).

    Keeping the list in the data means a new partner city needs a row, not a code change.
    """

    dataset: str
    column: str
    extra: tuple[str, ...] = ()

    def resolve(self) -> tuple[str, ...]:
        from kgi_lab.datasets import column_values

        return tuple(column_values(self.dataset, self.column)) + self.extra


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter.

    Parameters
    ----------
    name : str
        The variable name in the notebook's ``parameters`` cell.
    type : {"float", "int", "str", "bool", "any"}
        The Python type. Integers are accepted for floats. ``"any"`` (for notebooks without a
        registered schema) accepts any scalar; command-line text is read as a YAML scalar.
    default : object
        The value in the notebook's ``parameters`` cell.
    help : str
        One sentence for users.
    unit : str, optional
        Physical unit (``"deg"``, ``"kW"``, ``"ppm"``), or None for dimensionless values.
    minimum, maximum : float, optional
        Inclusive bounds for numbers.
    choices : tuple or ChoicesFrom, optional
        Allowed values.
    nullable : bool, default False
        Whether ``None`` (``null`` in YAML) is allowed, e.g. "use the city's own value".
    """

    name: str
    type: str
    default: Any
    help: str
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] | ChoicesFrom | None = None
    nullable: bool = False

    def __post_init__(self) -> None:
        if self.type not in _TYPES:
            raise ValueError(f"parameter '{self.name}': type must be one of {', '.join(_TYPES)}")

    def allowed(self) -> str:
        """Human description of the allowed values."""
        parts: list[str] = []
        choices = self.resolved_choices()
        if choices is not None:
            parts.append("one of " + ", ".join(repr(c) for c in choices))
        else:
            parts.append(f"a {self.type}")
            if self.minimum is not None and self.maximum is not None:
                parts.append(f"in [{self.minimum:g}, {self.maximum:g}]")
            elif self.minimum is not None:
                parts.append(f">= {self.minimum:g}")
            elif self.maximum is not None:
                parts.append(f"<= {self.maximum:g}")
        if self.unit:
            parts.append(f"({self.unit})")
        if self.nullable:
            parts.append("or null")
        return " ".join(parts)

    def resolved_choices(self) -> tuple[Any, ...] | None:
        if isinstance(self.choices, ChoicesFrom):
            return self.choices.resolve()
        return self.choices

    def _fail(self, value: Any, why: str) -> ParameterError:
        return ParameterError(
            f"parameter '{self.name}': {why} (got {value!r}); allowed: {self.allowed()}"
        )

    def coerce(self, value: Any) -> Any:
        """Check ``value`` and return it with the declared type.

        Strings (from the command line) are parsed into the declared type; ``"null"``/``"none"``
        become None for nullable parameters.
        """
        if value is None or (
            isinstance(value, str)
            and value.strip().lower() in {"null", "none", "~"}
            and (self.type != "str" or self.nullable)
        ):
            if self.nullable:
                return None
            raise self._fail(value, "may not be null")
        if self.type == "any":
            return _any_scalar(self.name, value)
        if isinstance(value, str) and self.type != "str":
            value = self._parse(value)
        if self.type == "bool":
            if not isinstance(value, bool):
                raise self._fail(value, "must be true or false")
        elif self.type == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                else:
                    raise self._fail(value, "must be an integer")
        elif self.type == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self._fail(value, "must be a number")
            value = float(value)
            if not math.isfinite(value):
                raise self._fail(value, "must be finite")
        elif self.type == "str" and not isinstance(value, str):
            raise self._fail(value, "must be a string")
        if self.minimum is not None and value < self.minimum:
            raise self._fail(value, f"is below the minimum {self.minimum:g}")
        if self.maximum is not None and value > self.maximum:
            raise self._fail(value, f"is above the maximum {self.maximum:g}")
        choices = self.resolved_choices()
        if choices is not None and value not in choices:
            raise self._fail(value, "is not an allowed value")
        return value

    def _parse(self, text: str) -> Any:
        raw = text.strip()
        if self.type == "bool":
            low = raw.lower()
            if low in {"true", "yes", "1", "on"}:
                return True
            if low in {"false", "no", "0", "off"}:
                return False
            raise self._fail(text, "must be true or false")
        try:
            return int(raw) if self.type == "int" else float(raw)
        except ValueError:
            raise self._fail(
                text, f"must be {'an integer' if self.type == 'int' else 'a number'}"
            ) from None

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly description (for ``kgi-lab run NOTEBOOK --help-parameters``)."""
        choices = self.resolved_choices()
        return {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "unit": self.unit,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "choices": list(choices) if choices is not None else None,
            "nullable": self.nullable,
            "help": self.help,
        }


@dataclass(frozen=True)
class NotebookSchema:
    """The parameters of one notebook, plus cross-parameter checks.

    ``checks`` are callables ``f(values) -> str | None`` that return an error message (naming the
    parameters involved) when a combination is invalid, e.g. "latitude is required when city is
    'custom'".
    """

    notebook: str
    parameters: tuple[Parameter, ...]
    checks: tuple[Callable[[dict[str, Any]], str | None], ...] = field(default=())

    def __post_init__(self) -> None:
        names = [p.name for p in self.parameters]
        if len(names) != len(set(names)):
            raise ValueError(f"notebook '{self.notebook}': duplicate parameter names")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.parameters}

    def get(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise ParameterError(
            f"notebook '{self.notebook}' has no parameter '{name}'; "
            f"its parameters are: {', '.join(self.names)}"
        )

    def validate(self, values: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> dict[str, Any]:
        """Check user values and return them typed (only the ones given, not the defaults).

        Raises
        ------
        ParameterError
            For an unknown name, a wrong type, a value out of range, or a failed combination check.
        """
        items = values.items() if isinstance(values, Mapping) else values
        out: dict[str, Any] = {}
        for name, value in items:
            out[name] = self.get(name).coerce(value)
        merged = {**self.defaults(), **out}
        for check in self.checks:
            message = check(merged)
            if message:
                raise ParameterError(f"notebook '{self.notebook}': {message}")
        return out
