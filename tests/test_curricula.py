"""Curricula: the shipped courses validate; bad ones get errors that name the element."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgi_lab import curricula
from kgi_lab._paths import curricula_dir, notebooks_dir
from kgi_lab.curricula import CurriculumError


def test_shipped_curricula_validate_and_one_is_default():
    paths = curricula.available()
    assert paths, "no curricula shipped"
    for p in paths:
        course = curricula.load(p)
        assert course.modules
        for m in course.modules:
            assert m.objectives and m.duration_min > 0 and m.parameter_sets
    default = curricula.default_curriculum()
    assert default.id == "kawasaki-green-innovation"


def test_default_course_covers_the_partner_cities():
    course = curricula.default_curriculum()
    for module_id in ("solar-resource", "pv-yield"):
        module = next(m for m in course.modules if m.id == module_id)
        cities = {s.parameters["city"] for s in module.parameter_sets}
        assert {
            "kawasaki",
            "shenyang",
            "shanghai",
            "penang",
            "da_nang",
            "bandung",
            "mumbai",
        } <= cities


def test_parameters_file_replaces_sets():
    course = curricula.default_curriculum()
    partner = curricula.load_parameters_file(curricula_dir() / "partner-cities.yaml", course)
    assert [m.id for m in partner.modules] == ["solar-resource", "pv-yield", "capstone"]
    assert len(curricula.plan(partner)) == 21
    capstone = next(m for m in partner.modules if m.id == "capstone")
    # the comparison page needs Kawasaki and at least six partner cities
    assert len({s.parameters["city"] for s in capstone.parameter_sets} - {"kawasaki"}) >= 6


def test_default_course_is_a_five_day_course_over_every_notebook():
    course = curricula.default_curriculum()
    assert course.duration_days == 5
    assert [m.id for m in course.modules] == [
        "solar-resource",
        "pv-yield",
        "air-quality",
        "heat-network",
        "waste-to-energy",
        "capstone",
    ]
    assert [m.day for m in course.modules] == [1, 1, 2, 3, 4, 5]
    taught = {m.notebook.stem for m in course.modules}
    assert taught == {p.stem for p in notebooks_dir().glob("*.ipynb")}
    for m in course.modules:
        assert m.objectives and m.prerequisites and m.duration_min >= 45


def _write(tmp_path: Path, body: str, name: str = "bad-course") -> Path:
    p = tmp_path / f"{name}.yaml"
    p.write_text(body)
    return p


GOOD_MODULE = """
  - id: solar
    title: Solar
    notebook: solar_resource
    objectives: [learn]
    parameter_sets:
      - name: k
        parameters: {city: kawasaki}
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "id: bad-course\ntitle: T\nmodules:\n" + GOOD_MODULE + "colour: red\n",
            "unknown key(s) colour",
        ),
        ("id: bad-course\nmodules:\n" + GOOD_MODULE, "missing title"),
        (
            "id: bad-course\ntitle: T\nmodules:\n" + GOOD_MODULE.replace("solar_resource", "nope"),
            "module 'solar': unknown notebook 'nope'",
        ),
        (
            "id: bad-course\ntitle: T\nmodules:\n"
            + GOOD_MODULE.replace("city: kawasaki", "tilt: 5"),
            "module 'solar'.parameter_sets[0] ('k'): notebook 'solar_resource' has no parameter 'tilt'",
        ),
        (
            "id: bad-course\ntitle: T\nmodules:\n" + GOOD_MODULE.replace("kawasaki", "atlantis"),
            "parameter 'city': is not an allowed value (got 'atlantis')",
        ),
        ("id: other\ntitle: T\nmodules:\n" + GOOD_MODULE, "must match the file name"),
        ("id: bad-course\ntitle: T\nmodules:\n" + GOOD_MODULE * 2, "module ids must be unique"),
        ("id: [unclosed\n", "not valid YAML"),
        (
            "id: bad-course\ntitle: T\nduration_days: 2\nmodules:\n"
            + GOOD_MODULE.replace("objectives:", "day: 3\n    objectives:"),
            "module 'solar': day must be an integer from 1 to 2 (got 3)",
        ),
        (
            "id: bad-course\ntitle: T\nmodules:\n"
            + GOOD_MODULE.replace("objectives:", "day: first\n    objectives:"),
            "day must be an integer",
        ),
        (
            "id: bad-course\ntitle: T\nduration_days: 0\nmodules:\n" + GOOD_MODULE,
            "duration_days must be a positive integer",
        ),
    ],
)
def test_invalid_curricula(tmp_path, body, message):
    with pytest.raises(CurriculumError) as err:
        curricula.load(_write(tmp_path, body))
    assert message in str(err.value)
    assert "bad-course.yaml" in str(err.value) or "not valid YAML" in str(err.value)


def test_unknown_curriculum_lists_available():
    with pytest.raises(CurriculumError, match="available: kawasaki-green-innovation"):
        curricula.load("nope")


def test_curriculum_notebooks_exist():
    for p in curricula.available():
        for m in curricula.load(p).modules:
            assert m.notebook.parent == notebooks_dir()
