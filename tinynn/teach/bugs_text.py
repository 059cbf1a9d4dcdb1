"""The bug hunt's texts: the evidence, the menu, the verdict (its state: tinynn.teach.bugs).

The terminal's loop (tinynn.cli.commands.bughunt.run_bughunt) prints them; `tinynn
bughunt --list` prints the menu with the ids. The evidence's tables are the
renderers' (tinynn.render.tables): the gradient check with backprop ÷ numeric, one
step's changes and the loss per epoch, each beside the correct engine's. The
reveal says what that evidence showed on the lesson played, not on another.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from tinynn.core.names import key_text, symbol_text
from tinynn.core.numbers import fmt, typed_text
from tinynn.render.tables import (
    EPOCH_LOSS,
    changes_table,
    gradcheck_agreement,
    gradcheck_table,
    loss_curve_table,
)
from tinynn.render.text import describe_setup
from tinynn.run.trace import Trace
from tinynn.teach.bugs import BUGS, BugHunt, Verdict
from tinynn.teach.mistakes import Mistake

if TYPE_CHECKING:
    from tinynn.teach.lesson import Lesson


def bug_menu_text() -> str:
    """The numbered menu of bugs (a bug possible in one task only says so)."""
    lines, digits = [], len(str(len(BUGS)))
    for number, bug in enumerate(BUGS, start=1):
        note = f"   ({bug.tasks[0]} only)" if len(bug.tasks) == 1 else ""
        lines.append(f"  {number:>{digits}}. {bug.title}{note}")
    return "\n".join(lines) + "\n"


def bug_list_text() -> str:
    """`tinynn bughunt --list`: the menu with the ids --bug accepts."""
    width, digits = max(len(b.id) for b in BUGS), len(str(len(BUGS)))
    lines = ["The planted bugs (choose one with --bug NUMBER or --bug ID; without --lesson, a bug"]
    lines.append("is planted in the lesson where its evidence shows):")
    for number, bug in enumerate(BUGS, start=1):
        tasks = "both tasks" if len(bug.tasks) > 1 else f"{bug.tasks[0]} only"
        where = f"{tasks}, lesson {bug.lesson}"
        lines.append(f"  {number:>{digits}}. {bug.id.ljust(width)}  {bug.title}  [{where}]")
    return "\n".join(lines) + "\n"


def bug_trace_text(trace: Trace) -> str:
    """The buggy step, one value a line: the equations as they should be, the code's values."""
    lines = ["One step of this code (the equations as written, the values it computed):"]
    lines += [f"  {e.text()}" for e in trace]
    return "\n".join(lines) + "\n"


def bughunt_intro(hunt: BugHunt, lesson: Lesson | None = None, show_trace: bool = False) -> str:
    """Everything shown before the question: the set-up, (the trace,) the evidence, the menu."""
    s = hunt.setup
    title = lesson.title if lesson is not None else f"{s.data.name}, {s.task}"
    setup = "\n".join(describe_setup(s, weights=False))
    trace = bug_trace_text(hunt.trace) + "\n" if show_trace else ""
    return (
        f"Bug hunt: {title}\n\n"
        "One equation in this network's code has a planted mistake. Below is what the\n"
        "buggy code computes; find which mistake it is.\n\n"
        f"{setup}\n\n{trace}"
        "Gradient check: the code's backprop against central differences of the loss the\n"
        f"code reports (ε = {typed_text(hunt.check.eps)})\n"
        f"{gradcheck_table(hunt.check, ratio=True)}{gradcheck_agreement(hunt.check)}\n"
        "One step: the change of each parameter (new − old), this code beside the correct\n"
        "engine (✗ where they differ)\n"
        f"{changes_table([(key_text(c.key), c.buggy, c.correct, c.same) for c in hunt.changes])}\n"
        f"The {EPOCH_LOSS}, per epoch: this code beside the correct engine\n"
        "(same start, same shuffle)\n"
        f"{loss_curve_table(hunt.curve, hunt.reference)}\n"
        f"Which mistake is it?\n{bug_menu_text()}"
    )


def bug_verdict_head(verdict: Verdict) -> str:
    """✓ Right: 2. ..., ✗ Not 1. It was 2. ..., or It was 2. ... (revealed without a guess)."""
    bug = verdict.bug
    it_was = f"{BUGS.index(bug) + 1}. {bug.title}."
    if verdict.revealed:
        return f"It was {it_was}"
    if verdict.correct:
        return f"✓ Right: {it_was}"
    return f"✗ Not {BUGS.index(verdict.guess) + 1}. It was {it_was}"


def bug_gives_away(bug: Mistake) -> str:
    """What the bug changes, in the notes' symbols (δ1, ∂L/∂W1)."""
    touched = ", ".join(symbol_text((name, ())) for name in bug.touches)
    return f"It changes {touched}."


def _names(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def evidence_text(hunt: BugHunt, lesson: Lesson | None = None) -> str:
    """What the evidence showed where this hunt was played (its lesson, sample and epochs),
    computed from it: which gradients failed, which parameters one step moved wrongly, where
    the loss curves ended. Not a claim about any other lesson."""
    s = hunt.setup
    where = f"lesson {lesson.name}" if lesson is not None else f"{s.data.name}, sample {s.sample}"
    failed = [e.label for e in hunt.check.entries if not e.ok]
    unseen = [e.label for e in hunt.check.unseen]
    if failed:
        check = f"the gradient check failed on {_names(failed)}"
    else:
        check = "the gradient check passed (every gradient agrees with its finite difference)"
        if unseen:
            were = "was" if len(unseen) == 1 else "were"
            check += f"; {_names(unseen)} {were} too small for it to see"
    still = [key_text(c.key) for c in hunt.changes if not c.same and c.buggy == 0]
    other = [key_text(c.key) for c in hunt.changes if not c.same and c.buggy != 0]
    moves = []
    if still:
        moves.append(f"left {_names(still)} where {'it was' if len(still) == 1 else 'they were'}")
    if other:
        moves.append(f"moved {_names(other)} by other amounts than the correct engine")
    step = " and ".join(moves) if moves else "moved every parameter as the correct engine does"
    curve, ref = hunt.curve, hunt.reference
    if len(curve) < len(ref) or not curve or curve[-1] != curve[-1] or curve[-1] == float("inf"):
        ends = f"this code's loss stopped being a finite number in epoch {len(curve)}"
    else:
        ends = (
            f"after {len(ref)} epoch{'s' * (len(ref) != 1)} this code's {EPOCH_LOSS} was "
            f"{fmt(curve[-1])}, the correct engine's {fmt(ref[-1])}"
        )
    return f"On {where}: {check}; one step {step}; {ends}."


def bug_reveal_lines(
    verdict: Verdict, hunt: BugHunt | None = None, lesson: Lesson | None = None
) -> list[str]:
    """The reveal under the verdict's head: the buggy equation beside the correct one, what
    it changes, why it is wrong, and (given the hunt) what its evidence showed there."""
    bug = verdict.bug
    evidence = [evidence_text(hunt, lesson)] if hunt is not None else []
    return [
        f"  buggy:    {bug.wrong}",
        f"  correct:  {bug.correct}",
        *(
            textwrap.fill(text, 88, initial_indent="  ", subsequent_indent="  ")
            for text in (f"{bug_gives_away(bug)} {bug.why}", *evidence)
        ),
    ]


def bug_reveal_text(
    verdict: Verdict, hunt: BugHunt | None = None, lesson: Lesson | None = None
) -> str:
    """The verdict, then the buggy equation beside the correct one (see `bug_reveal_lines`)."""
    return "\n".join([bug_verdict_head(verdict), *bug_reveal_lines(verdict, hunt, lesson)]) + "\n"
