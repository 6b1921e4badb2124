"""Exercises with immediate feedback: the registry and the checker.

An :class:`Exercise` knows how to *compute* its expected answer (``solve(**context)``, always with
the public kgi_lab API, never a stored number), the tolerance and units of a numeric answer, and a
sequence of hints. :func:`check` compares a trainee's answer with it and returns a
:class:`Feedback`, which a notebook displays. The feedback never shows the expected value: after a
wrong try it diagnoses the usual mistakes (a factor of 1000 from kWh vs MWh, a fraction given as a
percentage, a wrong sign) and reveals the next hint.

The design follows nbgrader's autograded cells and Neuromatch/Climatematch's in-notebook checks,
except that the checks run in the trainee's own kernel and give feedback at once.

References
----------
.. [1] Project Jupyter et al. (2019), "nbgrader: A Tool for Creating and Grading Assignments in the
   Jupyter Notebook", Journal of Open Source Education 2(16), 32. doi:10.21105/jose.00032
"""

from __future__ import annotations

import difflib
import html
import importlib
import inspect
import math
import numbers
import os
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from kgi_lab.exercises._units import UnitError, convert, normalise_unit, parse_quantity

__all__ = [
    "EXERCISE_MIMETYPE",
    "Exercise",
    "ExerciseError",
    "Feedback",
    "KINDS",
    "check",
    "exercises",
    "get",
    "register",
    "reset",
]

#: MIME type of the machine-readable record each :class:`Feedback` displays (read by the tests and
#: the course site).
EXERCISE_MIMETYPE = "application/vnd.kgi-lab.exercise+json"
KINDS = ("number", "choice", "set", "bool", "array")
_STATUSES = ("correct", "incorrect", "unanswered", "invalid")


class ExerciseError(ValueError):
    """An exercise definition that is invalid, or an unknown exercise id (in :func:`get`)."""


@dataclass(frozen=True)
class Exercise:
    """One checkable exercise.

    Parameters
    ----------
    id : str
        ``"<notebook>.<slug>"``, unique.
    notebook : str
        Stem of the notebook in ``notebooks/`` that poses it.
    title, prompt : str
        Short title and the question as the trainee reads it.
    kind : {"number", "choice", "set", "bool", "array"}
    solve : callable
        ``solve(**context) -> expected answer``. Keyword-only context (data, station, city …) is
        passed through :func:`check`.
    units : str, optional
        Units of a numeric answer (``"MWh"``, ``"%"``, ``"t/yr"`` …). A trainee may answer in any
        unit of the same dimension.
    rtol, atol : float
        Tolerance of numeric and array answers: ``|a - e| <= atol + rtol * |e|``.
    choices : tuple of str, optional
        The allowed answers of a ``"choice"`` exercise (compared case-insensitively).
    hints : tuple of str
        Revealed one at a time after wrong tries. Never the answer.
    """

    id: str
    notebook: str
    title: str
    prompt: str
    kind: str
    solve: Callable[..., Any]
    units: str | None = None
    rtol: float = 0.01
    atol: float = 0.0
    choices: tuple[str, ...] | None = None
    hints: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        where = f"exercise '{self.id}'"
        if "." not in self.id or not self.id.startswith(f"{self.notebook}."):
            raise ExerciseError(f"{where}: id must be '<notebook>.<slug>' ('{self.notebook}.…')")
        if self.kind not in KINDS:
            raise ExerciseError(f"{where}: kind '{self.kind}' is not one of {', '.join(KINDS)}")
        if not callable(self.solve):
            raise ExerciseError(f"{where}: solve must be callable")
        if self.units is not None:
            try:
                normalise_unit(self.units)
            except UnitError as exc:
                raise ExerciseError(f"{where}: {exc}") from None
        if self.rtol < 0 or self.atol < 0:
            raise ExerciseError(f"{where}: rtol and atol must be >= 0")
        if self.kind == "choice" and not self.choices:
            raise ExerciseError(f"{where}: a 'choice' exercise needs choices")

    @property
    def context(self) -> tuple[str, ...]:
        """Names of the context keywords ``solve`` accepts."""
        return tuple(
            name
            for name, p in inspect.signature(self.solve).parameters.items()
            if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
        )

    @property
    def tolerance(self) -> str:
        """The tolerance in words (shown to the trainee)."""
        parts = []
        if self.rtol:
            parts.append(f"±{self.rtol * 100:g} %")
        if self.atol:
            parts.append(f"±{self.atol:g}{' ' + self.units if self.units else ''}")
        return " or ".join(parts) or "exact"


_REGISTRY: dict[str, Exercise] = {}
_ATTEMPTS: dict[str, int] = {}
_DISCOVERED = False


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the registry (re-registering the same id replaces it)."""
    if not isinstance(exercise, Exercise):
        raise ExerciseError(f"register() takes an Exercise, got {type(exercise).__name__}")
    _REGISTRY[exercise.id] = exercise
    return exercise


def _discover() -> None:
    """Import every exercise-definition module in this package (one per notebook)."""
    global _DISCOVERED
    if _DISCOVERED:
        return
    import kgi_lab.exercises as package

    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"kgi_lab.exercises.{info.name}")
    _DISCOVERED = True


def exercises(notebook: str | None = None) -> list[Exercise]:
    """Registered exercises, in definition order, optionally those of one notebook."""
    _discover()
    found = [e for e in _REGISTRY.values() if notebook is None or e.notebook == notebook]
    if notebook is not None and not found:
        known = sorted({e.notebook for e in _REGISTRY.values()})
        raise ExerciseError(f"no exercises for notebook '{notebook}'; known: {', '.join(known)}")
    return found


def _unknown_message(exercise_id: Any) -> str:
    ids = sorted(_REGISTRY)
    close = difflib.get_close_matches(str(exercise_id), ids, n=3, cutoff=0.5)
    if close:
        return f"there is no exercise '{exercise_id}'. Did you mean: {', '.join(close)}?"
    return f"there is no exercise '{exercise_id}'. Exercise ids look like: {', '.join(ids[:4])} …"


def get(exercise_id: str) -> Exercise:
    """The exercise with this id; :class:`ExerciseError` with close matches otherwise."""
    _discover()
    try:
        return _REGISTRY[exercise_id]
    except (KeyError, TypeError):
        raise ExerciseError(_unknown_message(exercise_id)) from None


def reset(exercise_id: str | None = None) -> None:
    """Forget the number of tries (of one exercise, or all), so hints start again."""
    if exercise_id is None:
        _ATTEMPTS.clear()
    else:
        _ATTEMPTS.pop(exercise_id, None)


@dataclass
class Feedback:
    """The result of :func:`check`; notebooks display it, code can test ``.correct``."""

    exercise_id: str
    status: str  # one of _STATUSES
    message: str
    hints: list[str] = field(default_factory=list)
    attempts: int = 0
    title: str = ""
    expected: Any = field(default=None, repr=False)  # only recorded in audit mode (tests)

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def record(self) -> dict[str, Any]:
        """The machine-readable record.

        It holds no expected value, except when the environment variable
        ``KGI_LAB_EXERCISE_AUDIT=1`` is set: the tests use that to check that no trainee edition
        prints an answer before its exercise.
        """
        out = {"id": self.exercise_id, "status": self.status, "attempts": self.attempts}
        if os.environ.get("KGI_LAB_EXERCISE_AUDIT") == "1" and self.expected is not None:
            out["expected"] = _jsonable(self.expected)
        return out

    def __str__(self) -> str:
        icon = {"correct": "✔", "incorrect": "✘", "unanswered": "…", "invalid": "⚠"}[self.status]
        lines = [f"{icon} {self.exercise_id}: {self.message}"]
        lines += [f"  Hint: {h}" for h in self.hints]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colours = {
            "correct": ("#d9f2df", "#14532d", "Correct"),
            "incorrect": ("#fde2e1", "#7f1d1d", "Not yet"),
            "unanswered": ("#eef2f7", "#1b2733", "No answer yet"),
            "invalid": ("#fff4d6", "#7a4b00", "Check your answer"),
        }
        bg, fg, label = colours[self.status]
        hints = "".join(f"<li>{html.escape(h)}</li>" for h in self.hints)
        hints = f"<ul style='margin:.3rem 0 0 1rem'>{hints}</ul>" if hints else ""
        title = f" — {html.escape(self.title)}" if self.title else ""
        return (
            f"<div class='kgi-exercise kgi-{self.status}' style='background:{bg};color:{fg};"
            f"padding:.5rem .8rem;border-radius:.4rem;margin:.3rem 0'>"
            f"<b>{label}</b> <code>{html.escape(self.exercise_id)}</code>{title}<br>"
            f"{html.escape(self.message)}{hints}</div>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "text/plain": str(self),
            "text/html": self._repr_html_(),
            EXERCISE_MIMETYPE: self.record(),
        }


# ---------------------------------------------------------------------------------------- compare


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    if isinstance(value, (set, frozenset, list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "tolist"):
        return value.tolist()
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _is_unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


def _as_number(answer: Any, ex: Exercise) -> float:
    """The answer as a float in the exercise's units (ValueError/UnitError with a clear message)."""
    unit = None
    value = answer
    if isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[1], str):
        value, unit = answer
    elif isinstance(answer, str):
        value, unit = parse_quantity(answer)
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"expected a number{_in_units(ex)}, got True/False")
    if isinstance(value, Decimal):
        value = float(value)
    if hasattr(value, "shape") and getattr(value, "size", 1) != 1:
        raise ValueError(
            f"expected a single number{_in_units(ex)}, got a {type(value).__name__} "
            f"of shape {tuple(value.shape)}"
        )
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, numbers.Number):
        value = item()
    if not isinstance(value, numbers.Real):
        raise ValueError(f"expected a number{_in_units(ex)}, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"the answer is {value}; expected a finite number{_in_units(ex)}")
    if unit is not None:
        if ex.units is None:
            raise UnitError(f"this answer has no units, but you gave '{unit}'")
        value = convert(value, unit, ex.units)
    return value


def _in_units(ex: Exercise) -> str:
    return f" in {ex.units}" if ex.units else ""


def _close(a: float, e: float, ex: Exercise) -> bool:
    # 1e-9 relative slack absorbs float round-off of unit conversions (0.35 m -> 349.999... mm)
    return abs(a - e) <= ex.atol + ex.rtol * abs(e) + 1e-9 * max(abs(a), abs(e))


_FACTOR_HINTS = {
    "energy": (
        (1000.0, "a factor of 1000: check the units (kWh vs MWh, MWh vs GWh)?"),
        (1e6, "a factor of a million: check the units (kWh vs GWh)?"),
        (3.6, "a factor of 3.6: kWh vs MJ?"),
    ),
    "power": ((1000.0, "a factor of 1000: check the units (kW vs MW)?"),),
    "mass": (
        (1000.0, "a factor of 1000: check the units (kg vs t, t vs kt)?"),
        (1e6, "a factor of a million: check the units (g vs t, t vs Mt)?"),
    ),
    "fraction": ((100.0, "a factor of 100: a percentage where a fraction is expected, or back?"),),
    "mixing ratio": ((1000.0, "a factor of 1000: ppm vs ppb?"),),
    "mass concentration": ((1000.0, "a factor of 1000: µg/m³ vs mg/m³?"),),
    "angle": ((57.29577951308232, "a factor of 57.3: degrees vs radians?"),),
    "volume": ((1000.0, "a factor of 1000: L vs kL?"),),
    "irradiation": (
        (1000.0, "a factor of 1000: Wh/m² vs kWh/m²?"),
        (3.6, "a factor of 3.6: kWh/m² vs MJ/m²?"),
        (365.0, "a factor of 365: a daily value where an annual one is expected, or back?"),
    ),
    "specific yield": ((1000.0, "a factor of 1000: kWh/kWp vs MWh/kWp?"),),
    "emission intensity": ((1000.0, "a factor of 1000: g/kWh vs kg/kWh?"),),
    "length": ((1000.0, "a factor of 1000: mm vs m?"),),
    "pressure": ((1e6, "a factor of a million: Pa vs MPa?"), (10.0, "a factor of 10: bar vs MPa?")),
    None: (
        (1000.0, "a factor of 1000: check the units?"),
        (100.0, "a factor of 100: a percentage where a fraction is expected, or back?"),
    ),
}


def _diagnose(a: float, e: float, ex: Exercise) -> str:
    """A hint about the kind of mistake, never the expected value."""
    from kgi_lab.exercises._units import UNITS

    dimension = UNITS[normalise_unit(ex.units)][0] if ex.units else None
    if e != 0 and a != 0:
        ratio = a / e
        for factor, what in _FACTOR_HINTS.get(dimension, ()):
            for r, word in ((factor, "larger"), (1 / factor, "smaller")):
                if _close(a, e * r, ex) or abs(ratio / r - 1) < max(ex.rtol, 0.01):
                    return f"Your answer is {word} than expected by {what}"
        if _close(-a, e, ex):
            return "The size is right but the sign is wrong."
        if abs(ratio - 1) < 0.1:
            return (
                f"Close, but outside the tolerance ({ex.tolerance}); check rounding or one input."
            )
    return "That is not it."


def _set_items(values: Iterable[Any]) -> list[Any]:
    """Set members as floats where they read as numbers, else as lower-case strings."""
    out: list[Any] = []
    for v in values:
        if isinstance(v, (numbers.Real, Decimal)) and not isinstance(v, (bool, np.bool_)):
            out.append(float(v))
            continue
        text = str(v).strip()
        try:
            out.append(float(text))
        except ValueError:
            out.append(text.lower())
    return out


def _same_item(a: Any, b: Any, ex: Exercise) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return _close(a, b, ex)
    return a == b


def _compare(answer: Any, expected: Any, ex: Exercise) -> tuple[bool, str]:
    """``(correct, message)``; raises ValueError/UnitError/TypeError for malformed answers."""
    if ex.kind == "number":
        a = _as_number(answer, ex)
        e = float(expected)
        if _close(a, e, ex):
            return True, f"Correct (tolerance {ex.tolerance})."
        return False, _diagnose(a, e, ex)
    if ex.kind == "bool":
        if isinstance(answer, str) and answer.strip().lower() in ("true", "false", "yes", "no"):
            answer = answer.strip().lower() in ("true", "yes")
        if not isinstance(answer, (bool, np.bool_)):
            raise ValueError(f"expected True or False, got {type(answer).__name__} {answer!r}")
        ok = bool(answer) == bool(expected)
        return ok, "Correct." if ok else "That is not it."
    if ex.kind == "choice":
        if not isinstance(answer, str):
            raise ValueError(
                f"expected one of {', '.join(map(repr, ex.choices or ()))}, "
                f"got {type(answer).__name__} {answer!r}"
            )
        options = {c.lower(): c for c in ex.choices or ()}
        if answer.strip().lower() not in options:
            raise ValueError(
                f"'{answer}' is not one of the options: {', '.join(map(repr, ex.choices or ()))}"
            )
        ok = answer.strip().lower() == str(expected).lower()
        return ok, "Correct." if ok else "That is not it."
    if ex.kind == "set":
        if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
            raise ValueError(
                f"expected a collection such as {{'a', 'b'}} or ['a', 'b'], got "
                f"{type(answer).__name__} {answer!r}"
            )
        a_items, e_items = _set_items(answer), _set_items(expected)
        missing = any(not any(_same_item(x, y, ex) for y in a_items) for x in e_items)
        extra = any(not any(_same_item(y, x, ex) for x in e_items) for y in a_items)
        if not missing and not extra:
            return True, "Correct."
        parts = []
        if missing:
            parts.append("something is missing")
        if extra:
            parts.append("something should not be there")
        return False, "Not quite: " + " and ".join(parts) + "."
    # array
    try:
        a_arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"expected an array of numbers, got {type(answer).__name__}") from None
    e_arr = np.asarray(expected, dtype=float)
    if a_arr.shape != e_arr.shape:
        raise ValueError(f"expected an array of shape {e_arr.shape}, got shape {a_arr.shape}")
    bad = ~np.isclose(a_arr, e_arr, rtol=ex.rtol, atol=ex.atol, equal_nan=True)
    if not bad.any():
        return True, f"Correct (tolerance {ex.tolerance})."
    return (
        False,
        f"{int(bad.sum())} of {bad.size} values are outside the tolerance ({ex.tolerance}).",
    )


def _context_problem(ex: Exercise, context: Mapping[str, Any]) -> str | None:
    """What is wrong with the context given to ``check`` (unexpected or missing names), if any."""
    params = inspect.signature(ex.solve).parameters
    if not any(p.kind == p.VAR_KEYWORD for p in params.values()):
        unknown = sorted(set(context) - set(ex.context))
        if unknown:
            return (
                f"unexpected context {', '.join(unknown)}; this exercise takes: "
                f"{', '.join(ex.context) or 'no context'}"
            )
    missing = [
        n
        for n, p in params.items()
        if p.default is p.empty
        and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        and n not in context
    ]
    if missing:
        return (
            f"this exercise needs {', '.join(missing)}: call check('{ex.id}', answer, "
            + ", ".join(f"{n}=..." for n in missing)
            + ")"
        )
    return None


def check(exercise_id: str, answer: Any = None, /, **context: Any) -> Feedback:
    """Check an answer and return feedback (display it in a notebook).

    Parameters
    ----------
    exercise_id : str
        For example ``"air_quality_network.no2-98-value"``.
    answer
        A number (in the exercise's units), ``"12.3 MWh"`` or ``(12.3, "MWh")``, a string choice,
        a collection, a bool or an array, depending on the exercise. ``None`` means "not answered
        yet".
    **context
        What the exercise needs to compute its expected answer (data, station, city …), usually the
        notebook's own variables.

    Returns
    -------
    Feedback
        ``status`` is ``"correct"``, ``"incorrect"`` (with a diagnosis and the next hint),
        ``"unanswered"`` or ``"invalid"`` (an unknown id, a malformed answer or missing context,
        with a message saying what to change). :func:`check` never raises for trainee mistakes.
    """
    _discover()
    ex = _REGISTRY.get(exercise_id) if isinstance(exercise_id, str) else None
    if ex is None:
        return Feedback(str(exercise_id), "invalid", _unknown_message(exercise_id))
    if _is_unanswered(answer):
        unit = f" (in {ex.units})" if ex.units else ""
        return Feedback(
            ex.id,
            "unanswered",
            f"Replace None with your answer{unit} and run the cell again.",
            title=ex.title,
        )
    problem = _context_problem(ex, context)
    if problem:
        return Feedback(ex.id, "invalid", problem, title=ex.title)
    try:
        expected = ex.solve(**context)
    except (ValueError, KeyError, TypeError, IndexError, LookupError) as exc:
        given = ", ".join(f"{k}={v!r}"[:60] for k, v in context.items())
        return Feedback(
            ex.id,
            "invalid",
            f"the expected answer cannot be computed for the context you gave ({given}): "
            f"{exc}. Use the notebook's own variables, as in the cell's check(...) call.",
            title=ex.title,
        )
    try:
        ok, message = _compare(answer, expected, ex)
    except (ValueError, TypeError) as exc:
        return Feedback(ex.id, "invalid", str(exc), title=ex.title)
    if ok:
        tries = _ATTEMPTS.pop(ex.id, 0) + 1
        return Feedback(
            ex.id, "correct", message, attempts=tries, title=ex.title, expected=expected
        )
    tries = _ATTEMPTS.get(ex.id, 0) + 1
    _ATTEMPTS[ex.id] = tries
    hints = list(ex.hints[: min(tries, len(ex.hints))])
    if tries > len(ex.hints) and ex.hints:
        message += (
            " (No more hints: ask your instructor, or read the solution in the instructor edition.)"
        )
    return Feedback(
        ex.id,
        "incorrect",
        message,
        hints=hints,
        attempts=tries,
        title=ex.title,
        expected=expected,
    )


def feedback_records(cells: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The exercise records displayed in an executed notebook's cells (in order)."""
    from kgi_lab.metrics import mime_records

    return mime_records(cells, EXERCISE_MIMETYPE)
