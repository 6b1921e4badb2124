"""Exercises with immediate feedback for the teaching notebooks.

::

    from kgi_lab.exercises import check
    check("air_quality_network.no2-98-value", 0.052, data=ds, station="ikegami", fiscal_year=2017)

Each notebook's exercises are defined in ``kgi_lab/exercises/<notebook>.py`` and found
automatically. See :func:`check` and :class:`Exercise`.
"""

from kgi_lab.exercises._core import (
    EXERCISE_MIMETYPE,
    KINDS,
    Exercise,
    ExerciseError,
    Feedback,
    check,
    exercises,
    feedback_records,
    get,
    register,
    reset,
)
from kgi_lab.exercises._units import UnitError, convert

__all__ = [
    "EXERCISE_MIMETYPE",
    "KINDS",
    "Exercise",
    "ExerciseError",
    "Feedback",
    "UnitError",
    "check",
    "convert",
    "exercises",
    "feedback_records",
    "get",
    "register",
    "reset",
]
