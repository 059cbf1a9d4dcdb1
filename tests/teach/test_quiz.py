"""Quiz mode: the pure Quiz state, guess parsing, tolerance edges, and `tinynn quiz` over stdin."""

from __future__ import annotations

import io
import sys

import pytest

from tinynn import trace_step
from tinynn.cli.commands.quiz import run_quiz as run_cli
from tinynn.cli.main import main
from tinynn.core.errors import ConfigError
from tinynn.teach.lesson import load_lesson
from tinynn.teach.marking import Marking, written
from tinynn.teach.quiz import GuessError, Quiz, parse_guess
from tinynn.teach.quiz_text import quiz_feedback


def by_hand_quiz(tolerance: float = 1e-2, phase: str | None = None, tries: int = 1) -> Quiz:
    lesson = load_lesson("by-hand")
    return Quiz.for_setup(lesson.setup(), tolerance, phase, tries)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.5", 0.5),
        ("-1e-3", -0.001),
        ("\u22120.2", -0.2),  # a real minus sign, as the trace prints it
        (" +2 ", 2.0),
        ("1/8", 0.125),
        ("\u22121/16", -0.0625),
        ("3.5E2", 350.0),
    ],
)
def test_parse_guess_accepts_the_usual_ways_to_write_a_number(text: str, value: float) -> None:
    assert parse_guess(text) == value


@pytest.mark.parametrize("text", ["abc", "", "1/0", "nan", "inf", "0.5.5", "1/x"])
def test_parse_guess_rejects_non_numbers_with_a_hint(text: str) -> None:
    with pytest.raises(GuessError, match="s to reveal"):
        parse_guess(text)


def accepts(guess: float, value: float, tolerance: float) -> bool:
    return Marking(tolerance=tolerance).right(written(guess), value)


def test_tolerance_is_relative_to_the_true_value() -> None:
    # 1 % of 0.125 is 0.00125: 0.12624 is in, 0.12626 is out, on either side
    assert accepts(0.12624, 0.125, 1e-2) and accepts(0.12376, 0.125, 1e-2)
    assert not accepts(0.12626, 0.125, 1e-2) and not accepts(0.12374, 0.125, 1e-2)
    # relative to the true value, not to the guess: 1.0101 is 1.01 % above 1
    assert not accepts(1.0101, 1.0, 1e-2) and accepts(1.0099, 1.0, 1e-2)
    assert not accepts(0.5, -0.5, 1e-2)  # the sign matters
    assert accepts(0.0, 0.0, 1e-2) and not accepts(1e-6, 0.0, 1e-2)  # zero is exact


def test_quiz_walks_every_event_and_keeps_score() -> None:
    quiz = by_hand_quiz()
    s = load_lesson("by-hand").setup()
    trace = trace_step(s.params, s.x, s.y, s.lr, s.task)
    assert [e.label for e in quiz.events] == [e.label for e in trace]
    assert quiz.current is not None and quiz.current.label == "z1[0]" and not quiz.finished
    r = quiz.check(0.0)  # z1[0] = 0.25*2 - 0.5 = 0
    assert r.correct and r.value == 0.0 and r.guess == 0.0
    line = "z1[0] = W1[0][0]·x[0] + b1[0] = (0.25)(2) + (−0.5) = 0"
    assert quiz_feedback(r, quiz.digits) == f"✓ right: {line}"
    r = quiz.answer("1")  # z1[1] is 0 too
    assert not r.correct and r.event.label == "z1[1]"
    r = quiz.skip()  # a1[0]
    assert r.skipped and not r.correct and r.value == 0.5
    assert quiz.current.label == "a1[1]"
    s = quiz.score
    assert (s.right, s.wrong, s.skipped, s.asked, s.total) == (1, 1, 1, 3, len(trace))
    assert s.text() == f"score: 1 of 3 right (1 wrong, 1 revealed; {len(trace)} values in all)"


def test_a_bad_guess_does_not_use_up_the_question() -> None:
    quiz = by_hand_quiz()
    with pytest.raises(GuessError):
        quiz.answer("zero")
    assert quiz.position == 0 and quiz.results == []


def test_every_true_value_scores_right_and_then_the_quiz_is_over() -> None:
    quiz = by_hand_quiz()
    while not quiz.finished:
        assert quiz.check(quiz.current.value).correct
    assert quiz.current is None
    assert quiz.score.right == quiz.score.total == 26
    with pytest.raises(ConfigError, match="quiz is over"):
        quiz.check(0.0)


def test_the_lesson_tolerance_and_phase_limit_the_questions() -> None:
    quiz = by_hand_quiz(tolerance=0.2, phase="loss")
    assert [e.label for e in quiz.events] == ["L"]
    assert quiz.check(0.14).correct  # L = 0.125, 0.14 is 12 % off
    assert by_hand_quiz(phase="update").events[0].label == "W2[0]"
    with pytest.raises(ConfigError, match="unknown phase"):
        by_hand_quiz(phase="sideways")
    with pytest.raises(ConfigError, match="tolerance"):
        by_hand_quiz(tolerance=0.0)


def run(
    stdin: str, phase: str | None = None, tolerance: float | None = None, tries: int = 1
) -> str:
    lesson = load_lesson("by-hand")
    out = io.StringIO()
    setup = lesson.setup()
    assert run_cli(setup, lesson, phase, tolerance, io.StringIO(stdin), out, tries) == 0
    return out.getvalue()


def test_cli_right_wrong_skip_and_a_non_number() -> None:
    text = run("0\n0.3\nhello\ns\n−0.5\nq\n", phase=None)
    assert text.startswith("One step by hand: a 1-2-1 regression network\n")
    assert "  x = [2], y = 1, η = 0.5\n" in text
    assert "  ✓ right: z1[0] = W1[0][0]·x[0] + b1[0] = (0.25)(2) + (−0.5) = 0\n" in text
    assert "  ✗ you said 0.3; z1[1] = " in text
    assert "  not a number: 'hello'; type a number" in text
    assert "  revealed: a1[0] = " in text
    assert "  ✗ you said −0.5 (the size is right but the sign is not); a1[1] = " in text
    assert text.endswith("score: 1 of 4 right (2 wrong, 1 revealed; 26 values in all)\n")


def test_cli_end_of_input_ends_with_the_score() -> None:
    text = run("0.125\n", phase="loss")
    assert "[loss 1/1] L = ½(y_pred − y)²" in text
    assert "  ✓ right: L = ½(y_pred − y)² = ½((0.5) − (1))² = 0.125\n" in text
    assert text.endswith("score: 1 of 1 right (0 wrong, 0 revealed; 1 value in all)\n")
    text = run("", phase="loss")
    assert text.endswith("score: 0 of 0 right (0 wrong, 0 revealed; 1 value in all)\n")


def test_cli_tolerance_edge_and_earlier_values_shown() -> None:
    # delta2 = -0.5: with a 10 % tolerance -0.549 is right and -0.551 is wrong
    text = run("-0.549\n", phase="backward", tolerance=0.1)
    assert "  ✓ right: δ2 = " in text and "  L = 0.125\n" in text and "  a1[0] = 0.5\n" in text
    text = run("-0.551\n", phase="backward", tolerance=0.1)
    assert "  ✗ you said −0.551; δ2 = " in text


def test_tinynn_quiz_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(sys, "stdin", io.StringIO("0.6\n"))
    out = io.StringIO()
    code = main(["quiz", "--lesson", "xor", "--phase", "forward", "--tolerance", "0.2"], out)
    assert code == 0
    text = out.getvalue()
    assert "XOR: two hidden units" in text and "[forward 1/6] z1[0]" in text
    # xor sample 1 is x = (0, 1): z1[0] = 0.63, so 0.6 is within 20 %
    assert "  ✓ right: z1[0] = " in text and "= 0.63\n" in text
    assert text.endswith("score: 1 of 1 right (0 wrong, 0 revealed; 6 values in all)\n")


def test_tinynn_quiz_without_a_lesson_and_bad_options(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    out = io.StringIO()
    assert main(["quiz", "--dataset", "sine", "--sample", "3"], out) == 0
    assert "sample 3 of sine" in out.getvalue()
    with pytest.raises(SystemExit) as e:  # the option's own check, before the quiz starts
        main(["quiz", "--tolerance", "2"], io.StringIO())
    assert e.value.code == 2
    assert "argument --tolerance: must be above 0 and less than 1, got 2" in capsys.readouterr().err
    assert main(["quiz", "--lesson", "xor", "--dataset", "sine"], io.StringIO()) == 2
    err = capsys.readouterr().err
    assert err == "tinynn: error: --lesson fixes the data and the network: drop --dataset " \
        "(or drop --lesson)\n"  # fmt: skip


def test_a_wrong_answer_that_matches_a_known_mistake_gets_a_hint_and_a_retry() -> None:
    """by-hand: δ1[0] = δ2·W2[0]·σ'(z1[0]) = (−0.5)(1)(0.25) = −0.125; without σ' it is −0.5."""
    quiz = by_hand_quiz(phase="backward", tries=2)
    for _ in range(5):  # δ2, ∂L/∂W2[0..1], ∂L/∂b2, σ'(z1[0])
        quiz.check(quiz.current.value)
    quiz.check(quiz.current.value)  # σ'(z1[1])
    assert quiz.current.label == "delta1[0]" and quiz.current.value == -0.125
    first = quiz.check(-0.5)
    assert not first.final and not first.correct and quiz.current.label == "delta1[0]"
    assert first.hint is not None and "σ' left out of δ1" in first.hint
    second = quiz.check(-0.125)
    assert second.final and second.correct and not second.first_try
    s = quiz.score
    assert (s.right, s.later, s.wrong) == (6, 1, 0)
    assert s.text().startswith("score: 6 of 7 right at the first try, 1 after a hint")


@pytest.mark.parametrize(
    ("guess", "hint"),
    [
        (0.5, "δ2 with the wrong sign gives: δ2 = y − y_pred"),  # δ2 = −0.5: a known mistake
        (-1.0, "factor ½ missing"),  # twice the value
    ],
)
def test_a_flipped_sign_or_a_doubled_value_is_named(guess: float, hint: str) -> None:
    quiz = by_hand_quiz(phase="backward", tries=2)
    assert quiz.current.label == "delta2" and quiz.current.value == -0.5
    result = quiz.check(guess)
    assert result.hint is not None and hint in result.hint


def test_update_questions_are_judged_on_the_change_not_on_theta() -> None:
    """In the saturation lesson the steps are tiny: "no change" must not pass as right."""
    lesson = load_lesson("saturation")
    quiz = Quiz.for_setup(lesson.setup(), 0.01, "update", tries=2)
    step = quiz.trace.step
    for e in quiz.events:
        old = step.params.get(e.writes)
        change = e.value - old
        if abs(change) > 1e-12:
            assert not quiz.is_right(e, old)  # within 1 % of θ, but no change at all
            assert quiz.is_right(e, old + change * 1.005)  # 0.5 % off the change
            assert not quiz.is_right(e, old - change)  # the wrong direction
    first = quiz.events[0]
    result = quiz.check(step.params.get(first.writes))
    assert result.hint == "that is the old value: the update moves it by −η·∂L/∂θ"
    lr, grad = step.lr, step.grads.get(("dW2", (0,)))
    assert quiz.check(step.params.W2[0] + lr * grad).hint.startswith("the step goes against")


def test_cli_coaches_then_reveals() -> None:
    text = run("0.5\n0.5\n", phase="backward", tries=2)
    hint = "that is what δ2 with the wrong sign gives: δ2 = y − y_pred"
    assert f"  ✗ not quite: {hint}; try again\n" in text
    assert f"  ✗ you said 0.5 ({hint}); δ2 = " in text
