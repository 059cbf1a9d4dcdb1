"""The bug hunt's texts: the evidence, the menu, the verdict (its state: tinynn.teach.bugs).

The terminal's loop (tinynn.cli.main.run_bughunt) prints them; `tinynn bughunt
--list` prints the menu with the ids. The evidence's tables are the renderers'
(tinynn.render.tables): the gradient check with backprop ÷ numeric, the loss per
epoch beside the correct engine's.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from tinynn.core.names import symbol_text
from tinynn.core.numbers import typed_text
from tinynn.render.tables import (
    EPOCH_LOSS,
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
        f"The {EPOCH_LOSS} per epoch, this code beside the correct engine (same start, same\n"
        "shuffle)\n"
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
    """What the bug changes, in the notes' symbols (δ1, ∂L/∂W1), and which evidence shows it."""
    how = "the gradient check" if bug.detect == "gradcheck" else "the loss curve"
    touched = ", ".join(symbol_text((name, ())) for name in bug.touches)
    return f"It changes {touched}; {how} gives it away."


def bug_reveal_lines(verdict: Verdict) -> list[str]:
    """The reveal under the verdict's head: the buggy equation beside the correct one, what
    it changes and what gives it away, and why it is wrong."""
    bug = verdict.bug
    return [
        f"  buggy:    {bug.wrong}",
        f"  correct:  {bug.correct}",
        f"  {bug_gives_away(bug)}",
        textwrap.fill(bug.why, 88, initial_indent="  ", subsequent_indent="  "),
    ]


def bug_reveal_text(verdict: Verdict) -> str:
    """The verdict, then the buggy equation beside the correct one (see `bug_reveal_lines`)."""
    return "\n".join([bug_verdict_head(verdict), *bug_reveal_lines(verdict)]) + "\n"
