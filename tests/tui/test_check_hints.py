"""`--check` as helpful as `tinynn check`: the known mistake on the "yours" line, and a
template written in part compared on what it returns."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import hit, past_the_lesson

from tinynn.grading.call import interpret
from tinynn.grading.explain import mistake_lines
from tinynn.grading.step_check import check_file
from tinynn.grading.template import TEMPLATE
from tinynn.teach.lesson import load_lesson
from tui.app import WalkthroughApp
from tui.model import Model

STUDENTS = Path(__file__).parent.parent / "grading" / "students"
SIZE = (100, 30)
FORWARD = {  # part 1 of the template, written
    "    z1 = ...": "    z1 = [sum(w * v for w, v in zip(row, x)) + b for row, b in zip(W1, b1)]",
    "    a1 = ...": "    a1 = [1 / (1 + math.exp(-z)) for z in z1]",
    "    z2 = ...": "    z2 = sum(w * a for w, a in zip(W2, a1)) + b2",
    "    y_pred = ...": "    y_pred = z2",
}


def app_for(student: str) -> WalkthroughApp:
    lesson = load_lesson("by-hand")
    return WalkthroughApp(model=Model(lesson.setup(), lesson, student))


async def settled(app: WalkthroughApp) -> None:
    while app.model.yours_pending:
        await app.workers.wait_for_complete()


async def test_the_first_difference_names_the_known_mistake_tinynn_check_names() -> None:
    student = str(STUDENTS / "mistake_a1_for_sigma_prime.py")
    app = app_for(student)
    async with app.run_test(size=SIZE) as pilot:
        await past_the_lesson(app)
        await settled(app)
        report = check_file(student, cases=0)  # its first case is this lesson's step
        assert report.first is not None and report.first.case == 0
        assert [m.id for m in app.model.mistakes] == [m.id for m in report.mistakes] != []
        hint = mistake_lines(report.mistakes[0], why=False)[0]
        assert hint in report.report  # the line `tinynn check` prints
        await pilot.pause()
        assert app.yours.plain_text().splitlines()[1:] == [hint]
        await hit(app, "D")  # at the first difference, under its number
        await pilot.pause()
        lines = app.yours.plain_text().splitlines()
        assert "✗ first difference" in lines[0] and lines[1:] == [hint]
        await hit(app, "right")  # a later difference: no hint
        assert len(app.yours.plain_text().splitlines()) == 1


def test_interpret_lists_the_names_still_to_write_only_when_asked() -> None:
    returned = {"z1": [0.0], "a1": [0.5], "L": ..., "delta2": [..., ...]}
    args = {"W1": [[1.0]], "b1": [0.0], "W2": [1.0], "b2": 0.0}
    # `tinynn check`: refused whole, as before
    assert interpret(returned, args, args) == {
        "garbage": "returned a dict whose 'L' is ... (still to be written)"
    }
    got = interpret(returned, args, args, partial=True)
    assert got["values"] == {"z1": [0.0], "a1": [0.5]}
    assert got["unwritten"] == ["L", "delta2"]


async def test_a_template_written_up_to_the_forward_pass_is_compared_there(
    tmp_path: Path,
) -> None:
    text = TEMPLATE
    for blank, written in FORWARD.items():
        assert blank in text
        text = text.replace(blank, written, 1)
    student = tmp_path / "step.py"
    student.write_text(text, encoding="utf-8")
    app = app_for(str(student))
    async with app.run_test(size=SIZE) as pilot:
        await past_the_lesson(app)
        await settled(app)
        m = app.model
        assert m.yours_problem is None and m.differing == []
        forward = [e for e in m.trace if e.phase == "forward"]
        assert set(m.yours) == {e.writes for e in forward}
        for e in forward:
            assert m.yours[e.writes] == pytest.approx(e.value, rel=1e-12)
        names = {e.name for e in m.trace if e.phase != "forward"}
        assert set(m.unwritten) == names
        await pilot.pause()
        assert app.yours.plain_text() == (
            f"yours: ✓ all {len(forward)} numbers agree; "
            "still to write: the loss, backward and update phases"
        )
        await hit(app, "right")  # z1[0]: theirs, agreeing
        assert app.yours.plain_text().endswith("✓")
        await hit(app, "right_curly_bracket", "right")  # L
        assert m.event is not None and m.event.name == "L"
        assert app.yours.plain_text() == "yours: — L is still to write (your step returns ...)"
