"""The quiz screen: right, wrong and tolerance-edge guesses, reveal, leave.

The expected values are the engine's trace (`trace_step`), checked against
hand arithmetic for the first one.
"""

from __future__ import annotations

import math

from harness import SIZE, Harness, hit
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tinynn import trace_step
from tinynn.core.numbers import fmt
from tinynn.run.config import Config, resolve
from tinynn.teach.quiz import Quiz, Score
from tui.screens.quiz import QuizScreen


def text_of(app: App[None], selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.content) if widget.display else ""


async def guess(pilot: Pilot[None], text: str) -> None:
    field = pilot.app.screen.query_one("#quiz-guess", Input)
    field.value = ""
    field.insert_text_at_cursor(text)
    await hit(pilot.app, "enter")
    await pilot.pause()


def new_quiz(tolerance: float = 1e-2) -> tuple[Quiz, list[float]]:
    setup = resolve(Config())
    values = [e.value for e in trace_step(setup.params, setup.x, setup.y, setup.lr).events]
    return Quiz.for_setup(setup, tolerance, tries=1), values


async def test_quiz_right_wrong_and_revealed_answers_are_scored() -> None:
    setup = resolve(Config())
    quiz, values = new_quiz()
    z1_0 = setup.params.W1[0][0] * setup.x[0] + setup.params.b1[0]  # by hand
    assert values[0] == z1_0
    app = Harness(QuizScreen(quiz, setup))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "z1[0] = W1[0][0]·x[0] + b1[0]" in text_of(app, "#quiz-question")
        assert "z1[0] = ?" in text_of(app, "#quiz-question")
        assert fmt(z1_0) not in text_of(app, "#quiz-question")  # the value is hidden
        assert "W1 = [[0.69], [0.52], [−0.16]]" in text_of(app, "#quiz-givens")

        await guess(pilot, fmt(z1_0))  # right, typed with the real minus sign
        shown = text_of(app, "#quiz-feedback")
        assert shown.startswith("✓ right: z1[0] = W1[0][0]·x[0] + b1[0] = (0.69)(−3) + (0)")
        assert shown.endswith(f"= {fmt(z1_0)}")
        assert "z1[1] = ?" in text_of(app, "#quiz-question")

        await guess(pilot, str(values[1] + 1.0))  # wrong
        shown = text_of(app, "#quiz-feedback")
        assert shown.startswith(f"✗ you said {fmt(values[1] + 1.0)}; z1[1] = ")
        assert shown.endswith(f"= {fmt(values[1])}")

        await guess(pilot, "s")  # reveal
        assert text_of(app, "#quiz-feedback").startswith("revealed: z1[2] = ")
        assert text_of(app, "#quiz-score").startswith("score: 1 of 3 right (1 wrong, 1 revealed")
        assert quiz.score == Score(1, 1, 1, len(values))

        await guess(pilot, "twelve")  # not a number: the question stays
        assert text_of(app, "#quiz-error").startswith("not a number: 'twelve'")
        assert quiz.position == 3
        await hit(app, "escape")
        await pilot.pause()
        assert app.results == [Score(1, 1, 1, len(values))]


async def test_quiz_tolerance_edge() -> None:
    quiz, values = new_quiz(tolerance=0.05)
    z1 = values[0]
    app = Harness(QuizScreen(quiz))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await guess(pilot, repr(z1 * 1.049))  # just inside 5 %
        assert text_of(app, "#quiz-feedback").startswith("✓ right")
        await guess(pilot, repr(values[1] * 0.951))
        assert text_of(app, "#quiz-feedback").startswith("✓ right")
        await guess(pilot, repr(values[2] * 1.051))  # just outside
        assert text_of(app, "#quiz-feedback").startswith("✗ you said")
        await guess(pilot, repr(values[3] * 0.949))
        assert text_of(app, "#quiz-feedback").startswith("✗ you said")
        assert quiz.score == Score(2, 2, 0, len(values))
        assert math.isclose(quiz.tolerance, 0.05)


async def test_quiz_of_one_phase_to_the_end_then_q_leaves() -> None:
    setup = resolve(Config())
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr)
    (L,) = [e for e in trace.events if e.phase == "loss"]
    quiz = Quiz.for_setup(setup, phase="loss", tries=1)
    app = Harness(QuizScreen(quiz, setup))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        forward = [e for e in trace.events if e.phase == "forward"]
        known = ", ".join(f"{e.lhs} = {fmt(e.value)}" for e in forward)
        assert f"known: {known}" in text_of(app, "#quiz-givens")
        assert "L = ?" in text_of(app, "#quiz-question")
        await guess(pilot, repr(L.value))
        assert quiz.finished and quiz.score == Score(1, 0, 0, 1)
        assert text_of(app, "#quiz-question") == "The quiz is over. Press escape to leave."
        assert app.screen.query_one("#quiz-guess", Input).disabled
        await hit(app, "escape")
        await pilot.pause()
        assert app.results == [Score(1, 0, 0, 1)]
    quiz, values = new_quiz()
    app = Harness(QuizScreen(quiz))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await guess(pilot, "q")
        assert app.results == [Score(0, 0, 0, len(values))]


async def test_a_wrong_answer_gets_a_hint_and_another_try_and_s_reveals_at_once() -> None:
    """by-hand: δ2 = y_pred − y = 0.5 − 1 = −0.5; +0.5 is the known sign mistake."""
    from tinynn.teach.lesson import load_lesson

    setup = load_lesson("by-hand").setup()
    quiz = Quiz.for_setup(setup, phase="backward", tries=2)
    app = Harness(QuizScreen(quiz, setup))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await guess(pilot, "0.5")
        shown = text_of(app, "#quiz-feedback")
        assert (
            shown
            == "✗ not quite: that is what δ2 with the wrong sign gives: δ2 = y − y_pred; try again"
        )
        assert "δ2 = ?" in text_of(app, "#quiz-question") and quiz.position == 0
        assert app.screen.query_one("#quiz-guess", Input).value == ""
        await guess(pilot, "−0.5")
        assert text_of(app, "#quiz-feedback").startswith("✓ right: δ2 = y_pred − y")
        assert quiz.score.later == 1 and quiz.score.right == 0
        field = app.screen.query_one("#quiz-guess", Input)
        field.insert_text_at_cursor("s")  # no enter: s reveals at once
        await pilot.pause()
        assert text_of(app, "#quiz-feedback").startswith("revealed: ∂L/∂W2[0] = δ2·a1[0]")
        assert field.value == "" and quiz.position == 2
