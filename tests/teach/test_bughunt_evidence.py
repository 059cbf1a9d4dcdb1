"""Every planted bug leaves evidence on its own default lesson (Mistake.lesson).

On that lesson, with the lesson's sample, seed and epochs: the correct engine's
gradient check passes; a backward or loss bug fails it on exactly the entries it
touches, with the ratio backprop/numeric the bug predicts; an update bug passes
it, and its loss curve ends far above the correct engine's (and accuracy below).
"""

from __future__ import annotations

import pytest

from tinynn import gradcheck, train
from tinynn.run.train import accuracy_of
from tinynn.teach.bugs import BUGS, buggy_gradcheck, loss_curve
from tinynn.teach.lesson import load_lesson, shipped_lessons
from tinynn.teach.mistakes import Mistake, get_mistake

# the parameters whose gradients each gradient-check bug gets wrong on its lesson
WRONG = {
    "no-sigma-prime": {"W1", "b1"},
    "updated-W2": {"W1", "b1"},
    "a1-for-x": {"W1"},
    "logloss-slope": {"W1", "b1", "W2", "b2"},
    "half-dropped": {"W1", "b1", "W2", "b2"},
    "sign-delta2": {"W1", "b1", "W2", "b2"},
    "sigma-prime-of-a1": {"W1", "b1"},
    "a1-for-sigma-prime": {"W1", "b1"},
}
UPDATE_BUGS = {"notes-E3", "hidden-not-updated"}


def test_every_bug_of_the_menu_has_its_evidence_tested_here() -> None:
    assert {b.id for b in BUGS} == set(WRONG) | UPDATE_BUGS
    assert {b.id for b in BUGS if b.detect == "loss"} == UPDATE_BUGS
    assert all(b.lesson in shipped_lessons() for b in BUGS)
    for b in BUGS:  # the lesson is one the bug can be planted in and offers the bug hunt
        lesson = load_lesson(b.lesson)
        assert lesson.config.task in b.tasks and lesson.offers("bughunt"), b.id


@pytest.mark.parametrize("bug_id", sorted(WRONG))
def test_a_gradient_bug_fails_the_check_on_its_lesson_where_it_should(bug_id: str) -> None:
    bug = get_mistake(bug_id)
    s = load_lesson(bug.lesson).setup()
    assert gradcheck(s.params, s.x, s.y, s.task).passed
    check = buggy_gradcheck(bug, s.params, s.x, s.y, s.lr, s.task)
    assert {e.key[0] for e in check.entries if not e.ok} == WRONG[bug_id]
    assert all(e.rel_error > 1e-2 for e in check.entries if not e.ok)  # clearly, not marginally


def ratios(bug: Mistake) -> set[float]:
    s = load_lesson(bug.lesson).setup()
    check = buggy_gradcheck(bug, s.params, s.x, s.y, s.lr, s.task)
    return {round(e.analytic / e.numeric, 6) for e in check.entries if abs(e.numeric) > 1e-9}


def test_the_ratios_name_the_bug() -> None:
    # the missing ½: the same gradients as the engine, a loss reported twice as large
    assert ratios(get_mistake("half-dropped")) == {0.5}
    assert ratios(get_mistake("sign-delta2")) == {-1.0}  # every gradient points uphill
    # by-hand's hidden units sit at z1 = 0: σ'(0) = 1/4, while σ'(a1) = σ'(1/2) and a1 = 1/2
    s = 0.25
    sig = 1 / (1 + 2.718281828459045**-0.5)
    assert ratios(get_mistake("sigma-prime-of-a1")) == {1.0, round(sig * (1 - sig) / s, 6)}
    assert ratios(get_mistake("a1-for-sigma-prime")) == {1.0, round(0.5 / s, 6)}


def test_the_missing_half_trains_exactly_like_the_engine() -> None:
    bug = get_mistake("half-dropped")
    lesson = load_lesson(bug.lesson)
    s = lesson.setup()
    right = train(s.params, s.data, s.lr, lesson.epochs, s.task, s.seed)
    buggy = train(
        s.params, s.data, s.lr, lesson.epochs, s.task, s.seed, equations=bug.equations(s.lr)
    )
    assert buggy.params == right.params  # the same parameters, bit for bit
    assert [b.loss for b in buggy.history] == [2 * r.loss for r in right.history]
    assert "only the loss it reports is twice as large" in bug.why


@pytest.mark.parametrize("bug_id", sorted(UPDATE_BUGS))
def test_an_update_bug_passes_the_check_and_its_curve_ends_far_above(bug_id: str) -> None:
    bug = get_mistake(bug_id)
    lesson = load_lesson(bug.lesson)
    s = lesson.setup()
    assert buggy_gradcheck(bug, s.params, s.x, s.y, s.lr, s.task).passed
    buggy = loss_curve(bug, s.params, s.data, s.lr, lesson.epochs, s.task, s.seed)
    right = loss_curve(None, s.params, s.data, s.lr, lesson.epochs, s.task, s.seed)
    assert len(buggy) == len(right) == lesson.epochs
    assert max(abs(b - r) / r for b, r in zip(buggy, right)) > 0.5  # differs by > 50 %
    assert buggy[-1] > 50 * right[-1]  # and is not lower at the end: far above
    # the correct engine classifies every corner; this code does not
    eq = bug.equations(s.lr)
    buggy_params = train(s.params, s.data, s.lr, lesson.epochs, s.task, s.seed, equations=eq)
    right_params = train(s.params, s.data, s.lr, lesson.epochs, s.task, s.seed)
    assert accuracy_of(right_params.params, s.data, s.task) == 1.0
    assert accuracy_of(buggy_params.params, s.data, s.task) < 1.0
