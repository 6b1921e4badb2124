"""Trainee and instructor editions generated from the source notebooks."""

from __future__ import annotations

import json

import nbformat
import pytest

from kgi_lab._paths import notebooks_dir
from kgi_lab.cli import main
from kgi_lab.editions import (
    CODE_PLACEHOLDER,
    MD_PLACEHOLDER,
    EditionError,
    build_editions,
    instructor_edition,
    trainee_edition,
)


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, source, tags in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(source)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    return json.loads(nbformat.writes(nb))


CODE = """answer = None  # your answer
### BEGIN SOLUTION
answer = 6 * 7
### END SOLUTION
check("demo.x", answer)"""
INDENTED = """for i in range(2):
    ### BEGIN SOLUTION
    total = i
    ### END SOLUTION
    pass"""
MD = """Why?
<!-- BEGIN SOLUTION -->
**Answer.** Because.
<!-- END SOLUTION -->
Next."""


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_trainee_edition_strips_solutions_and_instructor_cells():
    nb = _nb(
        ("markdown", "# Title", None),
        ("code", CODE, None),
        ("code", INDENTED, None),
        ("markdown", MD, None),
        ("markdown", "Instructor: allow 20 minutes.", ["instructor"]),
    )
    t = trainee_edition(nb, "demo.ipynb")
    sources = [_src(c) for c in t["cells"]]
    assert len(sources) == 4
    assert (
        sources[1] == f'answer = None  # your answer\n{CODE_PLACEHOLDER}\ncheck("demo.x", answer)'
    )
    assert sources[2] == f"for i in range(2):\n    {CODE_PLACEHOLDER}\n    pass"
    assert sources[3] == f"Why?\n{MD_PLACEHOLDER}\nNext."
    assert "6 * 7" not in json.dumps(t) and "Because" not in json.dumps(t)
    compile(sources[1], "cell", "exec")
    compile(sources[2], "cell", "exec")


def test_instructor_edition_keeps_solutions_without_markers():
    nb = _nb(("code", CODE, None), ("markdown", "Note", ["instructor"]), ("markdown", MD, None))
    i = instructor_edition(nb)
    sources = [_src(c) for c in i["cells"]]
    assert sources[0] == 'answer = None  # your answer\nanswer = 6 * 7\ncheck("demo.x", answer)'
    assert sources[1] == "Note"
    assert sources[2] == "Why?\n**Answer.** Because.\nNext."
    assert "SOLUTION" not in json.dumps(i)


def test_source_is_not_modified():
    nb = _nb(("code", CODE, None))
    before = json.dumps(nb)
    trainee_edition(nb)
    instructor_edition(nb)
    assert json.dumps(nb) == before


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1", "cell 0 \\(code\\): BEGIN SOLUTION is never closed"),
        ("x = 1\n### END SOLUTION", "cell 0 \\(code\\), line 2: END SOLUTION without BEGIN"),
        (
            "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
            "cell 0 \\(code\\), line 2: BEGIN SOLUTION inside another solution",
        ),
    ],
)
def test_unbalanced_markers_name_the_cell(source, message):
    with pytest.raises(EditionError, match=f"bad.ipynb: {message}"):
        trainee_edition(_nb(("code", source, None)), "bad.ipynb")


def test_build_editions_writes_both_and_records_the_source(tmp_path):
    summaries = build_editions(None, tmp_path / "ed")
    sources = sorted(notebooks_dir().glob("*.ipynb"))
    assert [s.notebook for s in summaries] == [p.stem for p in sources]
    for s, src in zip(summaries, sources, strict=True):
        trainee = json.loads(s.trainee.read_text())
        instructor = json.loads(s.instructor.read_text())
        assert trainee["metadata"]["kgi_lab"]["edition"] == "trainee"
        assert instructor["metadata"]["kgi_lab"]["source"] == src.name
        text = s.trainee.read_text()
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
        assert "BEGIN SOLUTION" not in s.instructor.read_text()
        # the parameters cell stays the second cell in both editions (papermill needs it)
        for nb in (trainee, instructor):
            assert "parameters" in nb["cells"][1]["metadata"].get("tags", [])
        # every solution block of the source is stripped in the trainee edition
        n_blocks = src.read_text().count("### BEGIN SOLUTION")
        assert s.solutions >= n_blocks
    manifest = json.loads((tmp_path / "ed" / "editions.json").read_text())
    assert len(manifest["notebooks"]) == len(sources)


def test_build_editions_refuses_to_write_into_the_sources(tmp_path):
    with pytest.raises(EditionError, match="sources are never overwritten"):
        build_editions(None, notebooks_dir() / "editions")


def test_cli_build_editions(tmp_path, capsys):
    assert main(["build-editions", "solar_resource", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "trainee" / "solar_resource.ipynb").is_file()
    assert "ok  solar_resource" in capsys.readouterr().out
    assert main(["build-editions", "nope", "--out", str(tmp_path)]) == 2
    assert "unknown notebook 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "source",
    [
        "x = None\n### begin solution\nx = 42\n### end solution\ncheck('a', x)",
        "x = None\n## BEGIN SOLUTION\nx = 42\n## END SOLUTION\ncheck('a', x)",
        "x = None\n# BEGIN SOLUTION\nx = 42\n# END SOLUTION\ncheck('a', x)",
    ],
)
def test_marker_spellings_are_all_stripped(source):
    t = trainee_edition(_nb(("code", source, None)))
    assert "42" not in _src(t["cells"][0])


def test_markdown_and_raw_cells_accept_both_marker_spellings():
    md = "Q\n### BEGIN SOLUTION\nsecret\n### END SOLUTION"
    nb = _nb(("markdown", md, None))
    nb["cells"].append({"cell_type": "raw", "metadata": {}, "source": MD.replace("Because", "x")})
    t = trainee_edition(nb)
    assert "secret" not in json.dumps(t) and "Answer." not in json.dumps(t)


def test_a_marker_that_is_not_a_whole_line_is_refused():
    with pytest.raises(EditionError, match="a solution marker was left"):
        trainee_edition(_nb(("code", "x = 1  # BEGIN SOLUTION", None)))


def test_editions_are_not_paired_with_jupytext(tmp_path):
    s = build_editions(["solar_resource"], tmp_path)[0]
    assert "jupytext" not in json.loads(s.trainee.read_text())["metadata"]


def test_edited_editions_are_kept_unless_forced(tmp_path):
    s = build_editions(["solar_resource"], tmp_path)[0]
    work = json.loads(s.trainee.read_text())
    work["cells"][0]["source"] = "MY WORK"
    s.trainee.write_text(json.dumps(work))
    again = build_editions(["solar_resource"], tmp_path)[0]
    assert again.kept == ("trainee/solar_resource.ipynb",)
    assert "MY WORK" in s.trainee.read_text()  # the trainee's work survives a rebuild
    forced = build_editions(["solar_resource"], tmp_path, force=True)[0]
    assert len(forced.backups) == 1 and "MY WORK" in forced.backups[0].read_text()
    assert "MY WORK" not in s.trainee.read_text()
    # an unedited edition is simply rebuilt
    assert build_editions(["solar_resource"], tmp_path)[0].kept == ()


def test_sources_inside_the_output_folder_are_refused(tmp_path):
    build_editions(["solar_resource"], tmp_path)
    inside = tmp_path / "trainee" / "solar_resource.ipynb"
    with pytest.raises(EditionError, match="overlaps the source folder"):
        build_editions([inside], tmp_path)


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(EditionError, match="cannot write the editions"):
        build_editions(["solar_resource"], blocker / "sub")
