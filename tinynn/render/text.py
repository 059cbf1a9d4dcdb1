"""Plain-text renderings of a step, each written once: the CLI prints them, the walkthrough
styles them (Rich on top of the same words) and docs/make_walkthrough.py quotes them.

Everything here only formats: the numbers come from a `Trace` or a `Setup`
computed elsewhere, and every one of them is written by tinynn.core.numbers
(`fmt`: significant digits, a real minus sign). The other records have their
own modules: the gradient check and the loss curves (tinynn.render.tables), the
output/loss comparison (tinynn.render.compare), Markdown, LaTeX and JSON.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from tinynn.core.errata import ERRATA
from tinynn.core.numbers import DIGITS, fmt, matrix_text, vector_text
from tinynn.io.files import printable
from tinynn.run.trace import PHASES, Trace, chain_text

if TYPE_CHECKING:
    from tinynn.core.params import Params
    from tinynn.run.config import Setup

PHASE_TITLES = {
    "forward": "Forward propagation",
    "loss": "Loss",
    "backward": "Backpropagation",
    "update": "Gradient-descent update",
}


def shape_text(params: Params) -> str:
    """The network's shape as n-h-1, e.g. "2-3-1"."""
    return f"{params.n_inputs}-{params.n_hidden}-1"


def describe_setup(
    setup: Setup, digits: int = DIGITS, weights: bool = True, name: str | None = None
) -> list[str]:
    """The set-up summary, written once for every front end: the task, the data and the
    sample, the shape, then x, y and η and (with `weights`) the parameters before the step.
    `name` writes the dataset's name as given (Markdown passes it escaped); without it the
    name's control characters show as escapes (`tinynn.io.files.printable`), as everywhere.

        task regression, dataset sine (sample 0 of 21), network 1-3-1
        x = [−3], y = −0.141, η = 0.5
        W1 = [[0.69], [0.52], [−0.16]]
        b1 = [0, 0, 0], W2 = [−0.28, 0.01, −0.11], b2 = 0
    """
    p, name = setup.params, printable(setup.data.name) if name is None else name
    lines = [
        f"task {setup.task}, dataset {name} (sample "
        f"{setup.sample} of {len(setup.data)}), network {shape_text(p)}",
        f"x = {vector_text(setup.x, digits)}, y = {fmt(setup.y, digits)}, "
        f"η = {fmt(setup.lr, digits)}",
    ]
    if weights:
        lines += [
            f"W1 = {matrix_text(p.W1, digits)}",
            f"b1 = {vector_text(p.b1, digits)}, W2 = {vector_text(p.W2, digits)}, "
            f"b2 = {fmt(p.b2, digits)}",
        ]
    return lines


def erratum_text(erratum_id: str) -> str:
    """One erratum as one sentence: what the notes print, and what is correct."""
    e = ERRATA[erratum_id]
    return f"The notes print {e.notes_say}; correct: {e.correct}."


def errata_text() -> str:
    """The errata of the source notes, one block each."""
    return "".join(f"{i}  {erratum_text(i)}\n" for i in ERRATA)


def errata_seen(trace: Trace) -> list[str]:
    """The ids of the errata at the trace's equations, in the order they first appear."""
    seen: list[str] = []
    for e in trace:
        seen += [i for i in e.errata if i not in seen]
    return seen


def trace_text(
    trace: Trace, setup: Setup | None = None, digits: int = DIGITS, chain: bool = False
) -> str:
    """One line per scalar, grouped by phase; each erratum noted under its equation; with
    `chain`, each gradient's chain rule with its factors under its line."""
    lines = describe_setup(setup, digits) if setup else []
    noted: set[str] = set()
    for phase in PHASES:
        lines += ["", f"== {PHASE_TITLES[phase]} =="]
        for e in trace.phase(phase):
            lines.append(e.text(digits))
            rule = chain_text(e, digits) if chain else None
            if rule:
                lines.append(f"   chain rule: {rule}")
            for i in e.errata:
                if i not in noted:
                    noted.add(i)
                    lines.append(f"   erratum {i}: {erratum_text(i)}")
    overflowed = [e.label for e in trace if not math.isfinite(e.value)]
    if overflowed:
        lines += [
            "",
            f"note: not every value is finite (the first is {overflowed[0]}): the numbers "
            "overflowed a float; the weights, inputs or learning rate are far too large",
        ]
    return "\n".join(lines) + "\n"
