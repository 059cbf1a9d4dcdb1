"""A student's notebook as the Python of its code cells (tinynn.grading.notebook_code): the
assignment notebook's step, graded by `tinynn check` like any file; magics, shell lines and the
self-check cell left out; a file that is not a notebook refused in one line."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, run

from tinynn.core.errors import TinyNNError
from tinynn.grading.notebook_code import cells_code, main, notebook_code
from tinynn.grading.template import TEMPLATE

ASSIGNMENT = REPO / "docs" / "assignment.ipynb"
STUDENTS = REPO / "tests" / "grading" / "students"


def notebook(*cells: dict[str, Any]) -> str:
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def code(source: str | list[str], tags: list[str] | None = None) -> dict[str, Any]:
    meta = {"tags": tags} if tags else {}
    return {"cell_type": "code", "metadata": meta, "outputs": [], "source": source}


def solved(slip: str | None) -> dict[str, Any]:
    """The assignment with its step written: the students' base code, with `slip` or none."""
    nb = json.loads(ASSIGNMENT.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c.get("id") == "step")
    base = (STUDENTS / "_student_base.py").read_text(encoding="utf-8")
    cell["source"] = base + (
        '\n\ndef step(W1, b1, W2, b2, x, y, lr, task="regression"):\n'
        f"    return full_step(W1, b1, W2, b2, x, y, lr, task, slip={slip!r})\n"
    )
    return nb


def test_the_assignment_has_the_starter_step_and_a_self_check_cell() -> None:
    nb = json.loads(ASSIGNMENT.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    checks = [c for c in cells if "self-check" in c["metadata"].get("tags", [])]
    assert len(cells) == 2 and len(checks) == 1
    assert "".join(checks[0]["source"]) == "import tinynn\n\ntinynn.check(step)"
    text = notebook_code(ASSIGNMENT)
    # the starter is `tinynn check --template`'s, from its first import on (one truth)
    starter = TEMPLATE[TEMPLATE.index("import math") :].rstrip("\n")
    assert text == (
        "# The code cells of assignment.ipynb (tinynn.grading.notebook_code)\n\n"
        f"# --- cell 2\n{starter}\n"
    )
    assert "tinynn.check" not in text
    compile(text, "assignment.py", "exec")


@pytest.mark.parametrize(("slip", "status"), [(None, 0), ("a1-for-sigma-prime", 1)])
def test_a_handed_in_notebook_is_checked_as_a_file(
    slip: str | None, status: int, tmp_path: Path
) -> None:
    nb = tmp_path / "alice.ipynb"
    nb.write_text(json.dumps(solved(slip)), encoding="utf-8")
    py = tmp_path / "alice.py"
    py.write_text(notebook_code(nb), encoding="utf-8")
    code_, out, err = run("check", str(py))
    assert code_ == status, (out, err)
    if slip is None:
        assert f"\nok: step in {py}: all 41 cases ran and agree with the engine" in f"\n{out}"
    else:
        assert "δ1 computed with a1 in place of σ'(z1)" in out  # the known mistake, named


def test_magics_shell_lines_and_other_languages_become_comments() -> None:
    text = cells_code(
        notebook(
            {"cell_type": "markdown", "metadata": {}, "source": "# Title\n%not code"},
            code(["%matplotlib inline\n", "x = 1\n", "  !pip install tinynn\n", "y = 2"]),
            code("%%time\nz = 3"),
            code("%%bash\necho hi\nls"),
            code("tinynn.check(step)", tags=["self-check", "other"]),
            {"cell_type": "raw", "metadata": {}, "source": "raw"},
            code(""),
        ),
        "bob.ipynb",
    )
    assert text == (
        "# The code cells of bob.ipynb (tinynn.grading.notebook_code)\n\n"
        "# --- cell 2\n# %matplotlib inline\nx = 1\n#   !pip install tinynn\ny = 2\n\n"
        "# --- cell 3\n# %%time\nz = 3\n\n"
        "# --- cell 4\n# %%bash\n# echo hi\n# ls\n\n"
        "# --- cell 7\n"
    )
    namespace: dict[str, object] = {}
    exec(compile(text, "bob.py", "exec"), namespace)  # it is Python
    assert (namespace["x"], namespace["y"], namespace["z"]) == (1, 2, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not a Jupyter notebook (not JSON: "),
        ("[1, 2]", "not a Jupyter notebook (no list of cells)"),
        ('{"cells": {}}', "not a Jupyter notebook (no list of cells)"),
        ('{"nbformat": 3, "worksheets": []}', "a notebook of nbformat 3: open and save it"),
        (notebook(code(["x = 1\n", 2])), "cell 1's source is neither text nor a list of lines"),
        (notebook(code({"x": 1})), "cell 1's source is neither text nor a list of lines"),  # type: ignore[arg-type]
    ],
)
def test_what_is_not_a_notebook_is_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(TinyNNError) as info:
        cells_code(text, "evil.ipynb")
    assert str(info.value).startswith("cannot read evil.ipynb: ")
    assert message in str(info.value) and "\n" not in str(info.value)


def test_odd_cells_and_tags_are_tolerated() -> None:
    odd = copy.deepcopy(code("a = 1"))
    odd["metadata"] = {"tags": "self-check"}  # not a list: no tag
    text = cells_code(notebook(odd, "not a cell", code("b = 2", tags=["Self-Check"])))
    assert "a = 1" in text and "b = 2" in text


def test_the_command_prints_the_code_or_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(ASSIGNMENT)]) == 0
    assert capsys.readouterr().out == notebook_code(ASSIGNMENT)
    missing = tmp_path / "none.ipynb"
    assert main([str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "none.ipynb" in err and err.count("\n") == 1
    assert main([]) == 2
    big = tmp_path / "big.ipynb"
    big.write_bytes(b"\xff\xfe not utf-8")
    assert main([str(big)]) == 2 and "big.ipynb" in capsys.readouterr().err


@pytest.mark.slow
def test_the_assignment_runs_in_a_kernel_and_its_check_passes_a_correct_step(
    tmp_path: Path,
) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.reads(json.dumps(solved(None)), as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(REPO)}}).execute()  # fmt: skip
    check = next(c for c in nb.cells if "self-check" in c.metadata.get("tags", []))
    (out,) = [o for o in check.outputs if o.output_type == "execute_result"]
    assert "all 41 cases ran and agree with the engine" in str(out.data)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
