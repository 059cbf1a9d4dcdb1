"""The quiz's texts: what it asks, what it says to an answer (its state: tinynn.teach.quiz).

The terminal's loop (tinynn.cli.main.run_quiz) prints them as they are; the
walkthrough's dialog shows `quiz_known` and styles its own verdicts. Every number
is written to the digits of the quiz's trace (`Quiz.digits`), the walkthrough's
`--digits`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tinynn.core.numbers import fmt
from tinynn.render.text import describe_setup
from tinynn.run.trace import PHASES
from tinynn.teach.quiz import HINT, Quiz, Result

if TYPE_CHECKING:
    from tinynn.run.config import Setup
    from tinynn.teach.lesson import Lesson


def quiz_intro(quiz: Quiz, setup: Setup, lesson: Lesson | None = None) -> str:
    """What the quiz asks and on what: the lesson, the set-up, earlier phases' values, the keys."""
    which = f"the {quiz.phase} phase" if quiz.phase else "every value"
    lines = [
        f"Quiz on sample {setup.sample} of {setup.data.name}: {which} of one SGD step, "
        f"{len(quiz.events)} questions; a guess is {quiz.rule}.",
        *(f"  {line}" for line in describe_setup(setup, quiz.digits)),
    ]
    known = quiz_known(quiz)
    if known:
        lines += ["Values of the earlier phases:", *(f"  {line}" for line in known)]
    lines.append(HINT[0].upper() + HINT[1:] + ".")
    return (lesson.intro() if lesson is not None else "") + "\n".join(lines) + "\n"


def quiz_known(quiz: Quiz) -> list[str]:
    """For a quiz on a later phase, the values of the phases before it, read from the quiz's
    trace: "z1[0] = 0", ..."""
    if quiz.phase is None:
        return []
    earlier = PHASES[: PHASES.index(quiz.phase)]
    return [f"{e.lhs} = {fmt(e.value, quiz.digits)}" for e in quiz.trace if e.phase in earlier]


def quiz_question(quiz: Quiz) -> str:
    """The current question: its phase, its number and its equation (the value hidden)."""
    event = quiz.current
    assert event is not None
    return f"[{event.phase} {quiz.position + 1}/{len(quiz.events)}] {event.equation}"


def quiz_prompt(quiz: Quiz) -> str:
    """What is asked for: "a1[0] = ? ", or "new W2[0] = ? " for an update."""
    event = quiz.current
    assert event is not None
    return f"{'new ' if event.phase == 'update' else ''}{event.lhs} = ? "


def quiz_feedback(result: Result, digits: int) -> str:
    """The verdict on one answer: a hint and another try while tries are left; then right,
    wrong (with the hint) or revealed, and the full equation with its numbers."""
    if not result.final:
        return f"✗ not quite{f': {result.hint}' if result.hint else ''}; try again"
    line = result.event.text(digits)
    if result.skipped:
        return f"revealed: {line}"
    if result.correct:
        return f"✓ right: {line}"
    assert result.guess is not None
    hint = f" ({result.hint})" if result.hint else ""
    return f"✗ you said {fmt(result.guess, digits)}{hint}; {line}"
