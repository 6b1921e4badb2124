"""Parameter schemas: typing, ranges, choices and messages that name the parameter."""

from __future__ import annotations

import pytest

from kgi_lab.batch.registry import SCHEMAS
from kgi_lab.batch.schema import NotebookSchema, Parameter, ParameterError

SCHEMA = SCHEMAS["solar_resource"]


def test_cli_strings_are_typed():
    out = SCHEMA.validate([("city", "penang"), ("year", "2030"), ("time_step_min", "15")])
    assert out == {"city": "penang", "year": 2030, "time_step_min": 15}
    assert isinstance(out["year"], int)


def test_float_parameter_accepts_ints_and_strings():
    p = Parameter("tilt_deg", "float", 10.0, "tilt", unit="deg", minimum=0, maximum=90)
    assert p.coerce(35) == 35.0
    assert p.coerce("12.5") == 12.5
    with pytest.raises(ParameterError, match=r"parameter 'tilt_deg': is above the maximum 90"):
        p.coerce(95)
    with pytest.raises(ParameterError, match=r"allowed: a float in \[0, 90\] \(deg\)"):
        p.coerce("steep")
    with pytest.raises(ParameterError, match="must be finite"):
        p.coerce(float("nan"))


def test_unknown_parameter_lists_the_known_ones():
    with pytest.raises(ParameterError) as err:
        SCHEMA.validate({"tilt": 10})
    msg = str(err.value)
    assert "no parameter 'tilt'" in msg
    assert "city, year, time_step_min" in msg


def test_choices_come_from_the_dataset():
    with pytest.raises(ParameterError) as err:
        SCHEMA.validate({"city": "atlantis"})
    msg = str(err.value)
    assert msg.startswith("parameter 'city': is not an allowed value (got 'atlantis')")
    for city in ("kawasaki", "shenyang", "penang", "bandung", "mumbai", "custom"):
        assert repr(city) in msg
    assert "\n" not in msg  # one line


def test_wrong_type_and_range():
    with pytest.raises(ParameterError, match="parameter 'year': must be an integer"):
        SCHEMA.validate({"year": "soon"})
    with pytest.raises(ParameterError, match="parameter 'year': must be an integer"):
        SCHEMA.validate({"year": 2025.5})
    with pytest.raises(ParameterError, match="parameter 'year': is below the minimum 1901"):
        SCHEMA.validate({"year": 1800})
    with pytest.raises(ParameterError, match="parameter 'time_step_min'.*one of 10, 15, 30, 60"):
        SCHEMA.validate({"time_step_min": 45})
    with pytest.raises(ParameterError, match="parameter 'city': must be a string"):
        SCHEMA.validate({"city": 3})


def test_custom_site_needs_coordinates_and_a_valid_tz():
    with pytest.raises(ParameterError, match="city 'custom' needs latitude, longitude, tz"):
        SCHEMA.validate({"city": "custom"})
    with pytest.raises(ParameterError, match="'Mars/Olympus' is not an IANA time zone"):
        SCHEMA.validate({"city": "custom", "latitude": 1, "longitude": 2, "tz": "Mars/Olympus"})
    ok = SCHEMA.validate(
        {"city": "custom", "latitude": "-6.9", "longitude": "107.6", "tz": "Asia/Jakarta"}
    )
    assert ok["latitude"] == -6.9
    with pytest.raises(ParameterError, match=r"latitude apply only when city is 'custom'"):
        SCHEMA.validate({"city": "penang", "latitude": 5.3})


def test_nullable_and_bool():
    p = Parameter("elevation_m", "float", None, "", nullable=True)
    assert p.coerce("null") is None
    assert p.coerce(None) is None
    q = Parameter("show", "bool", True, "")
    assert q.coerce("false") is False
    with pytest.raises(ParameterError, match="may not be null"):
        q.coerce(None)
    with pytest.raises(ParameterError, match="must be true or false"):
        q.coerce("maybe")


def test_duplicate_names_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        NotebookSchema("x", (Parameter("a", "int", 1, ""), Parameter("a", "int", 2, "")))


def test_check_parameters_in_a_notebook_namespace():
    from kgi_lab.batch.registry import SCHEMAS, check_parameters

    ns = {**SCHEMAS["heat_network"].defaults(), "unrelated": 1}
    assert check_parameters("heat_network", ns)["steam_t_per_year"] == 400000
    ns.update(uniform_main=False, steam_t_per_year=600_000)
    with pytest.raises(ParameterError, match="parameter 'steam_t_per_year': 600,000 t/yr is more"):
        check_parameters("heat_network", ns)
    ns.update(trunk_dn=600)  # an explicit trunk is the user's choice
    assert check_parameters("heat_network", ns)["trunk_dn"] == 600
    ns = {**SCHEMAS["waste_to_energy"].defaults(), "plant": "tsutsumine"}
    with pytest.raises(ParameterError, match="parameter 'partner_exported_gwh'"):
        check_parameters("waste_to_energy", ns)
    with pytest.raises(
        ParameterError, match="parameter\\(s\\) city, time_step_min, .* are not defined"
    ):
        check_parameters("solar_resource", {"year": 2024})
    with pytest.raises(ParameterError, match="no parameter schema for notebook 'nope'"):
        check_parameters("nope", {})
