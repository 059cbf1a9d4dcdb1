"""`tinynn-tui --check FILE.py`: a student's step beside the engine's in the walkthrough.

The student files are those of `tinynn check` (tests/grading/students/). Each test waits
for the worker that runs the student's step, never for a fixed time.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from harness import hit, number, past_the_lesson

from tinynn.core.errors import TinyNNError
from tinynn.core.names import GRAD, key_text
from tinynn.grading.step_check import check_file
from tinynn.run.config import Config, resolve
from tinynn.teach.lesson import load_lesson
from tui.app import WalkthroughApp
from tui.command import main
from tui.model import Model
from tui.widgets.numbers import number as shown_number

STUDENTS = Path(__file__).parent.parent / "grading" / "students"
SIZE = (100, 30)


def app_for(student: str) -> WalkthroughApp:
    """The walkthrough of the by-hand lesson (case 1 of `tinynn check`) with `--check`."""
    lesson = load_lesson("by-hand")
    return WalkthroughApp(model=Model(lesson.setup(), lesson, str(STUDENTS / student)))


async def settled(app: WalkthroughApp) -> None:
    """Until the student's step has run on the current trace (a check may start another)."""
    while app.model.yours_pending:
        await app.workers.wait_for_complete()


async def test_a_correct_step_agrees_on_every_number_of_the_trace() -> None:
    app = app_for("correct.py")
    async with app.run_test(size=SIZE) as pilot:
        await past_the_lesson(app)
        await settled(app)
        await pilot.pause()
        m = app.model
        assert m.yours_problem is None and m.differing == [] and m.first_difference is None
        assert set(m.yours) == {e.writes for e in m.trace}  # it returned every name
        for e in m.trace:  # their own arithmetic, the same numbers to rounding
            assert m.yours[e.writes] == pytest.approx(e.value, rel=1e-12, abs=1e-15)
        assert app.yours.plain_text() == f"yours: ✓ all {len(m.trace)} numbers agree"
        assert " difference " in app.query_one("#keys").plain_text() + " "  # D, with --check
        assert any(c.title == "First difference" for c in app.get_system_commands(app.screen))
        await hit(app, "enter")  # every gradient shown: theirs beside ours, no mark
        header, *rows = app.params.rows_text()
        assert header[-1] == "yours"
        assert all(row[2] == row[4] for row in rows)
        await hit(app, "D")
        await pilot.pause()  # a notification is a message to the app
        assert m.cursor == len(m.trace) - 1  # nowhere to go
        assert any("agrees with the engine on all" in n.message for n in app._notifications)


async def test_a1_for_sigma_prime_is_marked_at_delta1_0_and_D_goes_there() -> None:
    app = app_for("mistake_a1_for_sigma_prime.py")
    async with app.run_test(size=SIZE) as pilot:
        await past_the_lesson(app)
        await settled(app)
        m = app.model
        # what `tinynn check` names on the same set-up (its first case is this lesson)
        report = check_file(str(STUDENTS / "mistake_a1_for_sigma_prime.py"), cases=0)
        assert report.first is not None and report.first.case == 0
        assert m.first_difference == report.first.key == ("delta1", (0,))
        s = m.trace.step
        # their δ1[0] is δ2·W2[0]·a1[0], from the engine's own numbers
        assert m.yours["delta1", (0,)] == pytest.approx(
            s.grads.delta2 * s.params.W2[0] * s.forward.a1[0], rel=1e-12
        )
        await pilot.pause()
        first_line = app.yours.plain_text().splitlines()[0]
        assert first_line == "yours: ✗ first difference: delta1[0]  (D goes there)"
        await hit(app, "D")
        await pilot.pause()
        assert m.event is not None and m.event.writes == ("delta1", (0,))
        line = app.yours.plain_text().splitlines()[0]
        assert line.startswith("yours: δ1[0] = ") and "✗ first difference" in line
        assert line.endswith(f"(the engine: {shown_number(m.event.value, 6)})")
        await hit(app, "right")  # δ1[1] differs too: a consequence, not the first
        assert "≠ differs" in app.yours.plain_text()


async def test_a_wrong_update_marks_its_row_and_D_selects_it() -> None:
    app = app_for("mistake_no_lr.py")  # θ − ∂L/∂θ: the gradients right, the updates not
    async with app.run_test(size=SIZE) as pilot:
        await past_the_lesson(app)
        await settled(app)
        m = app.model
        first = m.first_difference
        assert first is not None and first[0] in ("W1", "b1", "W2", "b2")
        await hit(app, "D")
        await pilot.pause()
        assert m.event is not None and m.event.writes == first
        assert app.params.selected_key == first
        rows = {r[0]: r for r in app.params.rows_text()[1:]}
        mark, theirs = rows[key_text(first)][4].split()
        assert mark == "✗"  # their gradient is right: the mark is for the row's update
        assert number(theirs) == pytest.approx(number(rows[key_text(first)][2]), rel=1e-3)
        s = m.trace.step  # their new θ is θ − ∂L/∂θ, without η
        gradient = s.grads.get((GRAD[first[0]], first[1]))
        assert m.yours[first] == pytest.approx(s.params.get(first) - gradient, rel=1e-12)


async def test_their_numbers_follow_the_next_sample() -> None:
    app = app_for("mistake_a1_for_sigma_prime.py")
    async with app.run_test(size=SIZE):
        await past_the_lesson(app)
        await settled(app)
        before = app.model.trace
        await hit(app, "n")
        assert app.model.yours_pending and app.model.yours == {}
        await settled(app)
        m = app.model
        assert m.trace is not before and m.yours_for is m.trace
        s = m.trace.step
        assert m.yours["delta1", (1,)] == pytest.approx(
            s.grads.delta2 * s.params.W2[1] * s.forward.a1[1], rel=1e-12
        )


async def test_a_crashing_step_is_one_notification_and_the_app_goes_on() -> None:
    app = app_for("raises.py")
    async with app.run_test(size=SIZE) as pilot:
        await past_the_lesson(app)
        await settled(app)
        await pilot.pause()
        (note,) = [n for n in app._notifications if n.title == "your step"]
        assert note.severity == "error" and note.title == "your step"
        assert note.message.startswith("step raised IndexError: list index out of range")
        assert "raises.py, line 3" in note.message and "\n" not in note.message
        await hit(app, "right")  # still stepping
        assert app.model.cursor == 0
        assert app.yours.plain_text().startswith("yours: ✗ step raised IndexError")


def walkthrough(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as e:
            code = int(e.code or 0)
    return code, err.getvalue()


def test_a_missing_file_is_one_line_before_the_app_starts(tmp_path: Path) -> None:
    from tinynn.cli.main import main as tinynn_main

    missing = str(tmp_path / "nope.py")
    line = f"tinynn: error: cannot read {missing}: no such file\n"
    assert walkthrough("--check", missing) == (2, line)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert tinynn_main(["tui", "--check", missing], io.StringIO()) == 2
    assert err.getvalue() == line


def test_the_model_keeps_their_numbers_only_for_the_trace_they_belong_to() -> None:
    m = Model(resolve(Config()), student="mine.py")
    old = m.trace
    assert m.yours_pending
    m.next_sample()
    key = m.trace[3].writes
    assert not m.set_yours(old, {key: 1.0}, [key])  # late: for the previous sample
    assert m.yours == {} and m.yours_pending
    assert m.set_yours(m.trace, {key: 1.0}, [key])
    assert not m.yours_pending and m.first_difference == key
    m.to_first_difference()
    assert m.cursor == 3


def notebook(code: str) -> str:
    """An nbformat-4 notebook: a Markdown cell, `code` in a code cell (as Jupyter saves its
    source: a list of lines), then a self-check cell that would end the load if it ran."""
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# My step\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
         "source": code.splitlines(keepends=True)},
        {"cell_type": "code", "metadata": {"tags": ["self-check"]}, "execution_count": None,
         "outputs": [], "source": ["raise SystemExit('the self-check ran')\n"]},
    ]  # fmt: skip
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


async def test_a_notebook_s_correct_step_agrees_as_the_same_code_in_a_py_file(
    tmp_path: Path,
) -> None:
    shutil.copy(STUDENTS / "_student_base.py", tmp_path)  # correct.py imports it
    path = tmp_path / "ada.ipynb"
    path.write_text(notebook((STUDENTS / "correct.py").read_text()))
    lesson = load_lesson("by-hand")
    app = WalkthroughApp(model=Model(lesson.setup(), lesson, str(path)))
    async with app.run_test(size=SIZE) as pilot:
        await past_the_lesson(app)
        await settled(app)
        await pilot.pause()
        m = app.model
        assert m.yours_problem is None and m.differing == []
        for e in m.trace:  # their own arithmetic, the same numbers to rounding
            assert m.yours[e.writes] == pytest.approx(e.value, rel=1e-12, abs=1e-15)
        assert app.yours.plain_text() == f"yours: ✓ all {len(m.trace)} numbers agree"
    assert check_file(str(path), cases=0).passed  # what `tinynn check` says of it


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"cells": [', "not a Jupyter notebook (not JSON: "),
        ('{"worksheets": [], "nbformat": 3}', "a notebook of nbformat 3: open and save it"),
        ('{"cells": [{"cell_type": "code", "source": 7}]}', "cell 1's source is neither text"),
    ],
    ids=["not JSON", "nbformat 3", "bad cell"],
)
def test_a_notebook_that_is_not_one_is_the_line_tinynn_check_says(
    tmp_path: Path, text: str, why: str
) -> None:
    path = tmp_path / "eve.ipynb"
    path.write_text(text)
    with pytest.raises(TinyNNError) as e:  # `tinynn check`'s reading of it
        check_file(str(path), cases=0)
    code, err = walkthrough("--check", str(path))
    assert (code, err) == (2, f"tinynn: error: {e.value}\n")
    assert f"cannot read eve.ipynb: {why}" in err and "Traceback" not in err
