"""Bug hunt: every planted bug is caught (gradient check or loss curve), the engine is not."""

from __future__ import annotations

import io
import math
import sys

import pytest

from tinynn import gradcheck, trace_step, train, train_step
from tinynn.cli.commands.bughunt import run_bughunt as run_cli
from tinynn.cli.main import main
from tinynn.core.errors import ConfigError
from tinynn.core.numbers import fmt
from tinynn.teach.bugs import (
    BUGS,
    BugHunt,
    buggy_gradcheck,
    buggy_trace,
    bugs_for,
    get_bug,
    loss_curve,
    pick_bug,
)
from tinynn.teach.lesson import load_lesson

# the parameters whose gradients each gradient-check bug gets wrong (by-hand lesson, x = 2)
WRONG_GRADS = {
    "no-sigma-prime": {"W1", "b1"},
    "updated-W2": {"W1", "b1"},
    "a1-for-x": {"W1"},
    "half-dropped": {"W1", "b1", "W2", "b2"},
    "logloss-slope": {"W1", "b1", "W2", "b2"},
}


def lesson_for(bug_id: str) -> str:
    return "saturation" if "regression" not in get_bug(bug_id).tasks else "by-hand"


def test_the_menu_has_the_bugs_of_the_issue() -> None:
    assert [b.id for b in BUGS] == [
        "no-sigma-prime",
        "updated-W2",
        "a1-for-x",
        "notes-E3",
        "logloss-slope",
        "half-dropped",
        "sign-delta2",
        "sigma-prime-of-a1",
        "a1-for-sigma-prime",
        "hidden-not-updated",
    ]
    assert {b.detect for b in BUGS} == {"gradcheck", "loss"}
    assert [b.id for b in bugs_for("regression")] == [b.id for b in BUGS if b.id != "logloss-slope"]
    assert "half-dropped" not in [b.id for b in bugs_for("classification")]


@pytest.mark.parametrize("bug_id", sorted(WRONG_GRADS))
def test_gradient_bugs_fail_the_gradient_check_where_they_should(bug_id: str) -> None:
    setup = load_lesson(lesson_for(bug_id)).setup()
    assert gradcheck(setup.params, setup.x, setup.y, setup.task).passed  # the engine passes
    bug = get_bug(bug_id)
    assert bug.detect == "gradcheck"
    check = buggy_gradcheck(bug, setup.params, setup.x, setup.y, setup.lr, setup.task)
    wrong = {e.key[0] for e in check.entries if not e.ok}
    assert wrong == WRONG_GRADS[bug_id]
    assert all(e.rel_error > 1e-2 for e in check.entries if not e.ok)


@pytest.mark.parametrize("lesson", ["by-hand", "xor"])
def test_the_notes_E3_update_passes_the_gradient_check_but_not_the_loss_curve(lesson: str):
    epochs = load_lesson(lesson).epochs
    setup = load_lesson(lesson).setup()
    bug = get_bug("notes-E3")
    assert bug.detect == "loss"
    assert buggy_gradcheck(bug, setup.params, setup.x, setup.y, setup.lr, setup.task).passed
    buggy = loss_curve(bug, setup.params, setup.data, setup.lr, epochs, setup.task)
    right = loss_curve(None, setup.params, setup.data, setup.lr, epochs, setup.task)
    assert abs(buggy[0] - right[0]) > 0.01 * right[0]  # differs from the first epoch
    assert buggy[-1] > 2 * right[-1]  # and ends far worse: the loss stops falling


def test_loss_curve_of_the_engine_is_trains_history() -> None:
    setup = load_lesson("xor").setup()
    history = train(setup.params, setup.data, setup.lr, 30, setup.task, seed=5).history
    curve = loss_curve(None, setup.params, setup.data, setup.lr, 30, setup.task, seed=5)
    assert curve == [h.loss for h in history]


def buggy_values(bug_id: str, lesson: str = "by-hand") -> dict[str, float]:
    setup = load_lesson(lesson).setup()
    trace = buggy_trace(get_bug(bug_id), setup.params, setup.x, setup.y, setup.lr, setup.task)
    return {e.label: e.value for e in trace}


def test_buggy_values_by_hand() -> None:
    # by-hand: delta2 = -0.5, W2 = [1, -0.5], sigma' = 1/4, x = 2, a1 = 1/2, eta = 1/2
    v = buggy_values("no-sigma-prime")  # delta1 = delta2 * W2
    assert (v["delta1[0]"], v["delta1[1]"], v["dW1[0][0]"], v["db1[1]"]) == (-0.5, 0.25, -1.0, 0.25)
    v = buggy_values("updated-W2")  # W2_new = W2 - eta*delta2*a1 = [1.125, -0.375]
    assert (v["delta1[0]"], v["delta1[1]"]) == (-0.5 * 1.125 * 0.25, -0.5 * -0.375 * 0.25)
    v = buggy_values("a1-for-x")  # dW1[j][0] = delta1[j] * a1[j]
    assert (v["dW1[0][0]"], v["dW1[1][0]"], v["db1[0]"]) == (-0.0625, 0.03125, -0.125)
    v = buggy_values("notes-E3")  # b1[j] = b2 - eta*db1[j]; b2 stays 0.25
    assert (v["b1[0]"], v["b1[1]"], v["b2"]) == (0.3125, 0.21875, 0.25)
    assert v["W2[0]"] == 1.125  # the weights update correctly
    v = buggy_values("half-dropped")  # L = (0.5 - 1)^2, delta2 unchanged
    assert (v["L"], v["delta2"]) == (0.25, -0.5)


def test_logloss_slope_bug_by_hand() -> None:
    v = buggy_values("logloss-slope", "saturation")
    p = 1 / (1 + math.exp(-v["z2"]))
    assert v["delta2"] == pytest.approx((p - 0.0) * p * (1 - p), rel=1e-12)
    assert v["delta2"] < 0.01 < 0.99 < p  # the saturated output barely learns
    assert v["dW2[0]"] == pytest.approx(v["delta2"] * v["a1[0]"], rel=1e-12)


def test_buggy_trace_shows_the_correct_equation_with_the_buggy_value() -> None:
    setup = load_lesson("by-hand").setup()
    trace = buggy_trace(
        get_bug("no-sigma-prime"), setup.params, setup.x, setup.y, setup.lr, "regression"
    )
    event = next(e for e in trace if e.label == "delta1[0]")
    assert event.equation == "δ1[0] = δ2·W2[0]·σ'(z1[0])"
    assert event.substituted == "(−0.5)(1)(0.25)" and event.value == -0.5  # does not add up
    # the engine itself is untouched
    right = train_step(setup.params, setup.x, setup.y, setup.lr)
    assert right.grads.delta1 == [-0.125, 0.0625]


def test_bug_hunt_state() -> None:
    setup = load_lesson("by-hand").setup()
    hunt = BugHunt(setup, get_bug("a1-for-x"), epochs=3)
    assert len(hunt.curve) == len(hunt.reference) == 3 and hunt.verdict is None
    assert not hunt.check.passed and hunt.menu == BUGS
    verdict = hunt.answer(1)
    assert not verdict.correct and verdict.guess.id == "no-sigma-prime"
    assert verdict.bug.id == "a1-for-x" and hunt.verdict is verdict
    assert hunt.answer("a1-for-x").correct and hunt.answer("3").correct
    with pytest.raises(ConfigError, match="unknown bug"):
        hunt.answer("11")
    with pytest.raises(ConfigError, match="needs a classification network"):
        BugHunt(setup, get_bug("logloss-slope"))


def test_pick_bug_is_reproducible_and_fits_the_task() -> None:
    assert pick_bug("regression", 3) is pick_bug("regression", 3)
    picked = {pick_bug("classification", s).id for s in range(40)}
    assert picked == {b.id for b in bugs_for("classification")}


def play(answers: str, bug: str | None = "updated-W2", seed: int | None = None) -> str:
    lesson = load_lesson("by-hand")
    out = io.StringIO()
    assert run_cli(lesson.setup(), lesson, bug, seed, 5, io.StringIO(answers), out) == 0
    return out.getvalue()


def test_cli_right_answer_reveals_the_equations() -> None:
    text = play("2\n")
    assert "δ1[j] = δ2·(W2[j] − η·∂L/∂W2[j])" not in text.split("Your answer")[0]  # hidden
    assert "  W1[0][0]        −0.28125         −0.25" in text  # the buggy gradient, by hand
    assert "(4 of 7 disagree; tolerance 1e-06 relative, or 1e-08 absolute)" in text
    assert "✓ Right: 2. δ1 computed with the already-updated W2." in text
    assert "  buggy:    δ1[j] = δ2·(W2[j] − η·∂L/∂W2[j])·σ'(z1[j])\n" in text
    assert "  correct:  δ1[j] = δ2·W2[j]·σ'(z1[j]), with W2 as it was before the step\n" in text


def test_cli_wrong_answer_a_non_choice_and_skip() -> None:
    text = play("nine\n1\n")
    assert "  not a choice: 'nine'; type a number from 1 to 10\n" in text
    assert "✗ Not 1. It was 2. δ1 computed with the already-updated W2." in text
    text = play("s\n", bug="notes-E3")
    assert "It was 4. the notes' erratum E3: b1 updated from b2." in text
    assert "(every gradient agrees; tolerance 1e-06 relative, or 1e-08 absolute)" in text
    assert "  buggy:    b1[j] ← b2 − η·∂L/∂b1[j]" in text


def test_cli_end_of_input_keeps_the_bug_hidden() -> None:
    text = play("", bug=None, seed=1)
    assert text.endswith("(no answer: the bug stays hidden)\n")
    assert "buggy:" not in text


def test_tinynn_bughunt_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    out = io.StringIO()
    assert main(["bughunt", "--list"], out) == 0
    assert "   6. half-dropped        the ½ dropped from the loss" in out.getvalue()
    assert "  10. hidden-not-updated  the update leaves" in out.getvalue()  # numbers aligned
    monkeypatch.setattr(sys, "stdin", io.StringIO("5\n"))
    out = io.StringIO()
    args = ["bughunt", "--lesson", "saturation", "--bug", "logloss-slope", "--epochs", "4"]
    assert main(args, out) == 0
    text = out.getvalue()
    assert text.startswith("Bug hunt: Saturation: large weights and vanishing gradients\n")
    assert "✓ Right: 5." in text and "      4  " in text
    assert main(["bughunt", "--lesson", "by-hand", "--bug", "logloss-slope"], io.StringIO()) == 2
    err = capsys.readouterr().err
    assert err.startswith("tinynn: error: bug 'logloss-slope' needs a classification network")


def test_tinynn_bughunt_trace_shows_where_the_arithmetic_stops_adding_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("4\n"))
    out = io.StringIO()
    args = ["bughunt", "--lesson", "by-hand", "--bug", "notes-E3", "--trace", "--epochs", "2"]
    assert main(args, out) == 0
    text = out.getvalue()
    # 0.25 - 0.5 * (-0.5) is 0.5, but the buggy code leaves b2 at 0.25
    assert "  b2 ← b2 − η·∂L/∂b2 = (0.25) − (0.5)(−0.5) = 0.25\n" in text
    assert "✓ Right: 4. the notes' erratum E3: b1 updated from b2." in text


def test_every_mistake_swaps_real_equations_and_changes_its_step() -> None:
    """A swap names fields of Equations (a typo would swap nothing) and changes some value."""
    from tinynn.core.equations import NOTES, Equations
    from tinynn.teach.mistakes import MISTAKES

    setup = load_lesson("saturation").setup()
    p, x, y, lr = setup.params, setup.x, setup.y, setup.lr
    for m in MISTAKES:
        assert set(m.swap(lr)) <= set(Equations._fields), m.id
        assert m.equations(lr) != NOTES, m.id
        task = m.tasks[0]
        buggy = [e.value for e in buggy_trace(m, p, x, y, lr, task)]
        assert buggy != [e.value for e in trace_step(p, x, y, lr, task)], m.id


def test_a_bug_without_a_lesson_is_planted_in_the_lesson_where_its_evidence_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tinynn.teach.bugs import get_bug

    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    out = io.StringIO()
    assert main(["bughunt", "--bug", "hidden-not-updated", "--epochs", "3"], out) == 0
    assert get_bug("hidden-not-updated").lesson == "xor"
    assert out.getvalue().startswith("Bug hunt: XOR: two hidden units")
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    out = io.StringIO()  # data of one's own: the bug goes there instead
    assert main(["bughunt", "--bug", "1", "--dataset", "sine", "--epochs", "3"], out) == 0
    assert "dataset sine" in out.getvalue()


def test_the_reveal_speaks_of_the_lesson_played() -> None:
    """Bugs 4 and 10 played on by-hand: the reveal says what their evidence showed there
    (the numbers of this lesson's hunt), and nothing about XOR."""
    from tinynn.teach.bugs_text import bug_reveal_text

    lesson = load_lesson("by-hand")
    for bug_id, moved in (
        ("notes-E3", "one step left b2 where it was and moved b1[0] and b1[1] by other amounts"),
        ("hidden-not-updated", "one step left W1[0][0], W1[1][0], b1[0] and b1[1] where they"),
    ):
        hunt = BugHunt(lesson.setup(), get_bug(bug_id), lesson.epochs)
        text = " ".join(bug_reveal_text(hunt.reveal(), hunt, lesson).split())
        assert "XOR" not in text and "xor" not in text
        assert "On lesson by-hand: the gradient check passed" in text
        assert moved in text
        assert text.endswith(
            f"after 200 epochs this code's mean loss before each update was "
            f"{fmt(hunt.curve[-1])}, the correct engine's {fmt(hunt.reference[-1])}."
        )
    assert hunt.reference[-1] == train(lesson.setup().params, lesson.setup().data, 0.5, 200,
                                       seed=lesson.setup().seed).history[-1].loss  # fmt: skip
