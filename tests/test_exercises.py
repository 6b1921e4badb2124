"""The exercise checker: tolerance, units, hints, and helpful messages for bad input."""

from __future__ import annotations

import numpy as np
import pytest

from kgi_lab.exercises import (
    EXERCISE_MIMETYPE,
    Exercise,
    ExerciseError,
    UnitError,
    _core,
    check,
    convert,
    exercises,
    feedback_records,
    get,
    register,
    reset,
)


@pytest.fixture
def demo():
    """A private set of demo exercises, removed again after the test."""
    made = [
        register(
            Exercise(
                id="demo.energy",
                notebook="demo",
                title="Annual energy",
                prompt="Energy of 2 kW for 1000 h.",
                kind="number",
                units="MWh",
                rtol=0.01,
                hints=("Energy is power times time.", "Convert kWh to MWh."),
                solve=lambda *, power_kw=2.0, hours=1000.0: power_kw * hours / 1000.0,
            )
        ),
        register(
            Exercise(
                id="demo.pick",
                notebook="demo",
                title="Pick",
                prompt="Which?",
                kind="choice",
                choices=("Ikegami", "Tajima", "Daishi"),
                solve=lambda: "Tajima",
            )
        ),
        register(
            Exercise(
                id="demo.set",
                notebook="demo",
                title="Set",
                prompt="Which pollutants?",
                kind="set",
                solve=lambda: {"no2", "pm25"},
            )
        ),
        register(
            Exercise(
                id="demo.array",
                notebook="demo",
                title="Array",
                prompt="Monthly values",
                kind="array",
                rtol=0.0,
                atol=0.05,
                solve=lambda: np.arange(12) / 10,
            )
        ),
        register(
            Exercise(
                id="demo.flag",
                notebook="demo",
                title="Flag",
                prompt="Attains?",
                kind="bool",
                solve=lambda *, data: data > 1,
            )
        ),
    ]
    reset()
    yield made
    for ex in made:
        _core._REGISTRY.pop(ex.id, None)
    reset()


def test_correct_number_within_tolerance(demo):
    fb = check("demo.energy", 2.0)
    assert fb.correct and fb.status == "correct" and fb.attempts == 1
    assert check("demo.energy", 2.019).correct  # inside ±1 %
    assert not check("demo.energy", 2.03).correct


def test_answer_with_units_is_converted(demo):
    assert check("demo.energy", "2000 kWh").correct
    assert check("demo.energy", (0.002, "GWh")).correct
    assert check("demo.energy", "7.2 GJ").correct  # 2 MWh = 7.2 GJ exactly
    assert check("demo.energy", "2,000 kWh").correct


def test_context_is_passed_to_solve(demo):
    assert check("demo.energy", 3.0, power_kw=3.0).correct
    assert not check("demo.energy", 2.0, power_kw=3.0).correct


def test_factor_1000_is_diagnosed_without_revealing_the_answer(demo):
    fb = check("demo.energy", 2000)  # kWh given as a bare number where MWh is expected
    assert fb.status == "incorrect"
    assert "factor of 1000" in fb.message and "kWh vs MWh" in fb.message
    assert "2.0" not in str(fb) and "2 MWh" not in str(fb)
    assert fb.hints == ["Energy is power times time."]


def test_hints_come_one_by_one(demo):
    assert check("demo.energy", 5).hints == ["Energy is power times time."]
    assert check("demo.energy", 5).hints == ["Energy is power times time.", "Convert kWh to MWh."]
    third = check("demo.energy", 5)
    assert "No more hints" in third.message
    # a correct answer resets the count
    assert check("demo.energy", 2.0).attempts == 4
    assert check("demo.energy", 5).attempts == 1


def test_close_and_sign_diagnoses(demo):
    assert "Close" in check("demo.energy", 2.1).message
    assert "sign" in check("demo.energy", -2.0).message


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ("abc", "'abc' is not a number"),
        ("2 t", "'t' is a unit of mass, but the answer is expected in MWh"),
        ("2 furlongs", "unknown unit 'furlongs'"),
        (True, "expected a number in MWh, got True/False"),
        ([1, 2], "expected a number in MWh, got list"),
        (np.array([1.0, 2.0]), "expected a single number in MWh"),
        (float("nan"), "expected a finite number"),
    ],
)
def test_malformed_numbers_get_a_message_not_a_traceback(demo, answer, fragment):
    fb = check("demo.energy", answer)
    assert fb.status == "invalid"
    assert fragment in fb.message
    assert fb.attempts == 0  # a malformed answer is not a wrong try


def test_unknown_exercise_suggests_close_ids(demo):
    fb = check("demo.enrgy", 1.0)
    assert fb.status == "invalid"
    assert "there is no exercise 'demo.enrgy'" in fb.message and "demo.energy" in fb.message
    with pytest.raises(ExerciseError, match="Did you mean: demo.energy"):
        get("demo.enrgy")
    assert check(42, 1.0).status == "invalid"


def test_missing_and_unexpected_context(demo):
    fb = check("demo.flag", True)
    assert fb.status == "invalid" and "needs data" in fb.message
    assert "check('demo.flag', answer, data=...)" in fb.message
    fb = check("demo.energy", 2.0, station="x")
    assert fb.status == "invalid" and "unexpected context station" in fb.message


def test_unanswered(demo):
    fb = check("demo.energy", None)
    assert fb.status == "unanswered" and "in MWh" in fb.message
    assert check("demo.energy", ...).status == "unanswered"


def test_choice_set_array_bool(demo):
    assert check("demo.pick", "tajima").correct
    assert not check("demo.pick", "Ikegami").correct
    bad = check("demo.pick", "Kawasaki")
    assert bad.status == "invalid" and "not one of the options" in bad.message
    assert check("demo.pick", 3).status == "invalid"
    assert check("demo.set", ["PM25", "no2"]).correct
    fb = check("demo.set", {"no2"})
    assert not fb.correct and fb.message == "Not quite: something is missing."  # no count leaked
    assert check("demo.set", {"no2", "pm25", "so2"}).message == (
        "Not quite: something should not be there."
    )
    assert check("demo.set", "no2").status == "invalid"
    assert check("demo.array", np.arange(12) / 10 + 0.04).correct
    fb = check("demo.array", np.arange(12) / 10 + np.r_[0.1, np.zeros(11)])
    assert not fb.correct and "1 of 12 values" in fb.message
    assert "shape (12,)" in check("demo.array", np.zeros(3)).message
    assert check("demo.flag", True, data=2).correct
    assert check("demo.flag", "no", data=0).correct
    assert check("demo.flag", 1, data=2).status == "invalid"


def test_feedback_displays_a_machine_readable_record(demo):
    bundle = check("demo.energy", 2.0)._repr_mimebundle_()
    assert bundle[EXERCISE_MIMETYPE] == {"id": "demo.energy", "status": "correct", "attempts": 1}
    assert "Correct" in bundle["text/html"]
    cells = [
        {"cell_type": "markdown", "source": "x"},
        {"cell_type": "code", "outputs": [{"data": bundle}]},
    ]
    assert feedback_records(cells) == [bundle[EXERCISE_MIMETYPE]]


def test_html_is_escaped(demo):
    fb = check("demo.energy", "<script>")
    assert "<script>" not in fb._repr_html_()


def test_bad_definitions_are_rejected():
    with pytest.raises(ExerciseError, match="id must be"):
        Exercise(id="x", notebook="demo", title="", prompt="", kind="number", solve=lambda: 1)
    with pytest.raises(ExerciseError, match="kind 'text'"):
        Exercise(id="demo.a", notebook="demo", title="", prompt="", kind="text", solve=lambda: 1)
    with pytest.raises(ExerciseError, match="unknown unit 'parsecs'"):
        Exercise(
            id="demo.a",
            notebook="demo",
            title="",
            prompt="",
            kind="number",
            units="parsecs",
            solve=lambda: 1,
        )
    with pytest.raises(ExerciseError, match="needs choices"):
        Exercise(id="demo.a", notebook="demo", title="", prompt="", kind="choice", solve=lambda: 1)


def test_unit_table():
    assert convert(1.0, "GWh", "MWh") == pytest.approx(1000.0)
    assert convert(3.6, "MJ", "kWh") == pytest.approx(1.0)
    assert convert(0.5, "fraction", "%") == pytest.approx(50.0)
    assert convert(40.0, "µg/m³", "ug/m3") == 40.0
    assert convert(1.0, "kt/yr", "t/yr") == 1000.0
    with pytest.raises(UnitError):
        convert(1.0, "ppm", "ug/m3")  # needs a temperature: not a plain unit conversion


def test_every_notebook_exercise_is_well_formed():
    from kgi_lab._paths import notebooks_dir

    stems = {p.stem for p in notebooks_dir().glob("*.ipynb")}
    found = exercises()
    assert found
    for ex in found:
        assert ex.notebook in stems, f"{ex.id}: no notebook {ex.notebook}"
        assert ex.prompt and ex.title and len(ex.hints) >= 1, ex.id


@pytest.mark.parametrize(
    ("unit", "canonical"),
    [
        ("kwh", "kWh"),
        ("kg-CO2/kWh", "kg/kWh"),
        ("kg CO2/kWh", "kg/kWh"),
        ("t-CO2/yr", "t"),  # annual answers: the year is the period, not a dimension
        ("MWh/yr", "MWh"),
        ("kWh/m2/yr", "kWh/m2"),
        ("ｋＷｈ", "kWh"),  # full-width input from a CJK input method
        ("hours", "h"),
        ("tCO2", "t"),
        ("µg/m³", "ug/m3"),
    ],
)
def test_unit_spellings(unit, canonical):
    from kgi_lab.exercises._units import normalise_unit

    assert normalise_unit(unit) == canonical


@pytest.mark.parametrize("unit", ["mW", "mPa", "mL", "Mm"])
def test_milli_and_mega_are_never_confused(unit):
    from kgi_lab.exercises._units import normalise_unit

    with pytest.raises(UnitError, match="did you mean"):
        normalise_unit(unit)


def test_number_spellings(demo):
    assert check("demo.energy", "２．０ ＭＷｈ").correct  # full-width digits and letters
    assert check("demo.energy", "2 000 kWh").correct  # space as thousands separator
    assert check("demo.energy", "2,000.0 kWh").correct
    assert check("demo.energy", "\u22122 MWh").message.startswith("The size is right")
    fb = check("demo.energy", "2,0 MWh")  # a decimal comma is ambiguous: refused, not misread
    assert fb.status == "invalid" and "write decimals with a point" in fb.message
    from decimal import Decimal

    assert check("demo.energy", Decimal("2.000")).correct
    assert check("demo.energy", np.bool_(True)).status == "invalid"
    assert check("demo.energy", np.float32(2.0)).correct


def test_diagnosis_fits_the_dimension():
    ex = register(
        Exercise(
            id="demo.tilt",
            notebook="demo",
            title="t",
            prompt="p",
            kind="number",
            units="deg",
            atol=2.5,
            rtol=0.0,
            solve=lambda: 20.0,
        )
    )
    try:
        message = check("demo.tilt", 72.0).message
        assert "kWh" not in message and "MJ" not in message
        assert "radians" in check("demo.tilt", 0.349).message
        assert check("demo.tilt", "0.35 rad").correct
    finally:
        _core._REGISTRY.pop(ex.id, None)


def test_numeric_sets_compare_as_numbers():
    ex = register(
        Exercise(
            id="demo.effs",
            notebook="demo",
            title="t",
            prompt="p",
            kind="set",
            rtol=0.0,
            atol=1e-9,
            solve=lambda: {0.5, 0.42},
        )
    )
    try:
        assert check("demo.effs", {"0.50", "0.42"}).correct
        assert check("demo.effs", [0.42, 0.5]).correct
        assert not check("demo.effs", [0.42]).correct
    finally:
        _core._REGISTRY.pop(ex.id, None)


def test_solve_errors_and_missing_answer_are_messages(demo):
    fb = check("demo.energy", 2.0, power_kw="two")
    assert fb.status == "invalid" and "cannot be computed for the context you gave" in fb.message
    assert check("demo.energy").status == "unanswered"


def test_audit_mode_records_the_expected_answer(demo, monkeypatch):
    assert "expected" not in check("demo.energy", 2.0).record()
    monkeypatch.setenv("KGI_LAB_EXERCISE_AUDIT", "1")
    assert check("demo.energy", 2.0).record()["expected"] == pytest.approx(2.0)
