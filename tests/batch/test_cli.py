"""The kgi-lab command: one-line errors, exit codes, nothing written on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kgi_lab.cli import main


def _err(capsys) -> str:
    return capsys.readouterr().err.strip()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-p", "city", "atlantis"], "parameter 'city': is not an allowed value (got 'atlantis')"),
        (["-p", "tilt", "10"], "has no parameter 'tilt'; its parameters are: city, year"),
        (["-p", "year", "soon"], "parameter 'year': must be an integer (got 'soon')"),
        (["-p", "year", "3000"], "parameter 'year': is above the maximum 2099"),
        (["-p", "city", "custom"], "city 'custom' needs latitude, longitude, tz"),
        (["-p", "year", "2020", "-p", "year", "2021"], "parameter(s) given twice: year"),
    ],
)
def test_bad_parameters_fail_before_anything_runs(args, expected, tmp_path, capsys):
    out = tmp_path / "reports"
    code = main(["run", "solar_resource", *args, "--out", str(out)])
    err = _err(capsys)
    assert code == 2
    assert err.startswith("kgi-lab: error: ")
    assert expected in err
    assert len(err.splitlines()) == 1
    assert not out.exists()  # nothing written


def test_unknown_notebook_and_curriculum(tmp_path, capsys):
    assert main(["run", "no_such_notebook", "--out", str(tmp_path / "r")]) == 2
    err = _err(capsys)
    assert "unknown notebook 'no_such_notebook'" in err and "solar_resource" in err
    assert main(["report", "no-such-course", "--out", str(tmp_path / "r")]) == 2
    err = _err(capsys)
    assert "unknown curriculum 'no-such-course'; available: kawasaki-green-innovation" in err
    assert not (tmp_path / "r").exists()


def test_unwritable_output(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code = main(["run", "solar_resource", "--out", str(blocker / "sub")])
    assert code == 2
    assert "is not writable" in _err(capsys)


def test_list_parameters(capsys):
    assert main(["run", "solar_resource", "--list-parameters"]) == 0
    params = json.loads(capsys.readouterr().out)
    city = next(p for p in params if p["name"] == "city")
    assert "penang" in city["choices"] and city["default"] == "kawasaki"
    year = next(p for p in params if p["name"] == "year")
    assert (year["minimum"], year["maximum"]) == (1901, 2099)


def test_datasets_and_curricula_commands(capsys):
    assert main(["datasets", "list"]) == 0
    out = capsys.readouterr().out
    assert "partner_cities" in out and "published" in out and "estimate" in out
    assert main(["datasets", "verify"]) == 0
    assert "ok  kawasaki_stations" in capsys.readouterr().out
    assert main(["datasets", "info", "nope"]) == 2
    assert "unknown dataset 'nope'" in _err(capsys)
    assert main(["curricula", "list"]) == 0
    out = capsys.readouterr().out
    assert "kawasaki-green-innovation (default)" in out and "solar-resource" in out
    assert main(["curricula", "validate"]) == 0


def test_bad_parameters_file(tmp_path, capsys):
    bad = tmp_path / "p.yaml"
    bad.write_text(
        "modules: [solar-resource]\nparameter_sets:\n  - name: x\n    parameters: {tilt: 3}\n"
    )
    code = main(["report", "--parameters-file", str(bad), "--out", str(tmp_path / "r")])
    assert code == 2
    assert "no parameter 'tilt'" in _err(capsys)
    assert not (tmp_path / "r").exists()


@pytest.mark.notebook
def test_run_through_the_console_script(tmp_path, test_notebooks):
    exe = Path(sys.executable).parent / "kgi-lab"
    ok = subprocess.run(
        [str(exe), "run", str(test_notebooks["ok"]), "-p", "x", "4", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    index = Path(ok.stdout.strip().splitlines()[-1])
    assert index.name == "index.html" and index.exists()
    record = json.loads((index.parent / "index.json").read_text())["executions"][0]
    assert record["parameters"] == {"x": 4}  # inferred schema typed the CLI string
    assert record["metrics"]["y"]["value"] == 8

    failed = subprocess.run(
        [str(exe), "run", str(test_notebooks["fail"]), "--out", str(tmp_path), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failed.returncode == 1


@pytest.mark.notebook
def test_report_builds_the_course_site(tmp_path, capsys):
    params = tmp_path / "two-cities.yaml"
    params.write_text(
        "modules: [solar-resource]\nparameter_sets:\n"
        "  - name: kawasaki\n    parameters: {city: kawasaki}\n"
        "  - name: penang\n    parameters: {city: penang}\n"
    )
    code = main(
        ["report", "--parameters-file", str(params), "--out", str(tmp_path / "r"), "--jobs", "2"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    index = Path(captured.out.strip().splitlines()[-1])
    assert "course site:" in captured.err
    assert "site/index.html" in index.read_text()
    compare = (index.parent / "site" / "compare.html").read_text()
    assert "<th>kawasaki</th><th>penang</th>" in compare and "clear-sky GHI" in compare
    module = (index.parent / "site" / "module-solar-resource.html").read_text()
    assert "../solar-resource__penang/notebook.html" in module
