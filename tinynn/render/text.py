"""Plain-text renderings, each written once: the CLI prints them, the walkthrough styles
them (Rich on top of the same words) and docs/make_walkthrough.py quotes them.

Everything here only formats: the numbers come from a `Trace`, a `GradCheck`, a
`Comparison`, a `Quiz` or a `BugHunt` computed elsewhere. Every number of the
engine goes through `fmt` (significant digits, a real minus sign); `parse_number`
reads it back. `number_text` is the precision policy of every panel of the
walkthrough: `digits` significant digits (`--digits`, 6 by default), and in a
cell too narrow for them the compact form, as many as fit and never fewer than 2.
Option values the user typed (a tolerance, ε) are echoed with `:g`, so that they
can be typed again.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tinynn.core.errata import ERRATA
from tinynn.core.names import symbol_text
from tinynn.run.trace import PHASES, Trace
from tinynn.run.trace import fmt as fmt  # the one number format, here with the other texts
from tinynn.run.train import diverged_text as diverged_text  # the one divergence sentence

if TYPE_CHECKING:
    from tinynn.core.params import Params
    from tinynn.run.compare import Comparison, RunEpoch
    from tinynn.run.config import Setup
    from tinynn.run.gradcheck import GradCheck
    from tinynn.teach.bugs import BugHunt, Verdict
    from tinynn.teach.lesson import Lesson
    from tinynn.teach.mistakes import Mistake
    from tinynn.teach.quiz import Quiz, Result, Score

PHASE_TITLES = {
    "forward": "Forward propagation",
    "loss": "Loss",
    "backward": "Backpropagation",
    "update": "Gradient-descent update",
}


# --- numbers, vectors, keys

DIGITS = 6  # significant digits of every number shown, unless --digits says otherwise
COMPACT_DIGITS = 2  # the fewest a cell too narrow for `digits` shows


def number_text(v: float, digits: int = DIGITS, width: int | None = None) -> str:
    """A value as every panel shows it: the one precision policy.

    `digits` significant digits (`fmt`: a real minus sign, −0 as 0). Given `width`, the
    columns of a cell, the compact form where the full one is wider: as many digits as
    fit, never fewer than COMPACT_DIGITS (and never cut: a cut number would read wrong).
    A compact number is the same value rounded to fewer digits; its full form is a
    selection away (the equation panel, the table, why `i`).

        number_text(-0.0123456789)         == "−0.0123457"
        number_text(-0.0123456789, 6, 8)   == "−0.01235"
    """
    text = fmt(v, digits)
    if width is None:
        return text
    for d in precisions(digits):
        text = fmt(v, d)
        if len(text) <= width:
            break
    return text


def precisions(digits: int = DIGITS) -> range:
    """The digits `number_text` tries in turn, the full ones first: for a panel that sizes
    its columns by the numbers they hold (the network graph, the parameter table)."""
    return range(digits, min(COMPACT_DIGITS, digits) - 1, -1)


def parse_number(text: str) -> float:
    """A finite number as a person types it, or as `fmt` prints it: "0.5", "-1e-3", "−0.2"
    (a real minus sign), "+2", "1 000" (spaces and thin spaces are ignored) or "1/8".

    Raises:
        ValueError: "not a number: '...'" or "not a finite number: '...'".
    """
    s = text.strip().replace("\u2212", "-").replace("\u2009", "").replace(" ", "")
    try:
        if "/" in s:
            num, den = s.split("/", 1)
            value = float(num) / float(den)
        else:
            value = float(s)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"not a number: {text.strip()!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text.strip()!r}")
    return value


def vector_text(values: Sequence[float], digits: int = 6) -> str:
    """[1, −0.5, 0.25]: a vector as the trace writes its numbers."""
    return "[" + ", ".join(fmt(v, digits) for v in values) + "]"


def matrix_text(rows: Sequence[Sequence[float]], digits: int = 6) -> str:
    """[[0.25], [−0.5]]: a matrix, one bracketed row after the other (W1's rows are units)."""
    return "[" + ", ".join(vector_text(row, digits) for row in rows) + "]"


def shape_text(params: Params) -> str:
    """The network's shape as n-h-1, e.g. "2-3-1"."""
    return f"{params.n_inputs}-{params.n_hidden}-1"


def describe_setup(setup: Setup, digits: int = 6, weights: bool = True) -> list[str]:
    """The set-up summary, written once for every front end: the task, the data and the
    sample, the shape, then x, y and η and (with `weights`) the parameters before the step.

        task regression, dataset sine (sample 0 of 21), network 1-3-1
        x = [−3], y = −0.141, η = 0.5
        W1 = [[0.69], [0.52], [−0.16]]
        b1 = [0, 0, 0], W2 = [−0.28, 0.01, −0.11], b2 = 0
    """
    p = setup.params
    lines = [
        f"task {setup.task}, dataset {setup.data.name} (sample {setup.sample} of "
        f"{len(setup.data)}), network {shape_text(p)}",
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


def _errata_seen(trace: Trace) -> list[str]:
    seen: list[str] = []
    for e in trace:
        seen += [i for i in e.errata if i not in seen]
    return seen


def trace_text(
    trace: Trace, setup: Setup | None = None, digits: int = 6, chain: bool = False
) -> str:
    """One line per scalar, grouped by phase; each erratum noted under its equation; with
    `chain`, each gradient's chain rule with its factors under its line."""
    from tinynn.run.trace import chain_text

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


def trace_markdown(trace: Trace, setup: Setup | None = None, digits: int = 6) -> str:
    """The trace as Markdown: a table per phase (each gradient with its chain rule) and the
    errata it touched."""
    from tinynn.run.trace import chain_text

    out = ["# One SGD step of tinynn, every scalar", ""]
    if setup:
        out += [f"- {line}" for line in describe_setup(setup, digits)] + [""]
    for phase in PHASES:
        out += [
            f"## {PHASE_TITLES[phase]}",
            "",
            "| equation | with numbers | value | chain rule |",
            "|---|---|---|---|",
        ]
        for e in trace.phase(phase):
            note = f" ({', '.join(e.errata)})" if e.errata else ""
            rule = chain_text(e, digits)
            rule_cell = f"`{rule}`" if rule else ""
            out.append(
                f"| `{e.equation}`{note} | `{e.substituted}` | {fmt(e.value, digits)} | "
                f"{rule_cell} |"
            )
        out.append("")
    errata = _errata_seen(trace)
    if errata:
        out += ["## Errata of the notes at these equations", ""]
        out += [f"- **{i}**: {erratum_text(i)}" for i in errata]
        out.append("")
    return "\n".join(out)


def _finite_or_none(v: object) -> object:
    """`v` with every non-finite float replaced by None, so that the JSON is strict."""
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, list):
        return [_finite_or_none(w) for w in v]
    if isinstance(v, dict):
        return {k: _finite_or_none(w) for k, w in v.items()}
    return v


def trace_json(trace: Trace, setup: Setup | None = None) -> str:
    """The trace as JSON, with full-precision values.

    Each backward and update event carries its chain rule (`tinynn.run.trace.chain_record`).
    A value that overflowed (inf) or is undefined (nan) is written as null: JSON has no
    such numbers, and the text and Markdown forms show them as they are.
    """
    from tinynn.run.trace import chain_record

    s = trace.step
    obj: dict[str, object] = {
        "task": s.task,
        "x": s.x,
        "y": s.y,
        "lr": s.lr,
        "params": s.params.to_dict(),
        "events": [
            {
                "phase": e.phase,
                "name": e.name,
                "index": list(e.index),
                "equation": e.equation,
                "substituted": e.substituted,
                "value": e.value,
                "errata": list(e.errata),
                "chain": chain_record(e),
            }
            for e in trace
        ],
        "loss": s.loss,
        "new_params": s.new_params.to_dict(),
    }
    if setup:
        obj = {"dataset": setup.data.name, "sample": setup.sample, **obj}
    return json.dumps(_finite_or_none(obj), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def gradcheck_rows(
    result: GradCheck, digits: int = 6, ratio: bool = False
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The gradient check's column heads and its rows of cells, one parameter a row: its key,
    backprop's value, the central difference, (with `ratio`, backprop ÷ numeric: the bug
    hunt's, where a factor such as ½ or −1 stands out,) the relative error, ok or ✗.
    The text table and the walkthrough's DataTable are both made from these cells."""
    heads = ("parameter", "backprop", "numeric", *(("ratio",) if ratio else ()), "rel. error", "")
    rows = []
    for e in result.entries:
        r = fmt(e.analytic / e.numeric, 4) if abs(e.numeric) > 1e-12 else "—"
        rows.append(
            (
                e.label,
                fmt(e.analytic, digits),
                fmt(e.numeric, digits),
                *((r,) if ratio else ()),
                fmt(e.rel_error, 2),
                "ok" if e.ok else "✗",
            )
        )
    return heads, rows


def gradcheck_table(result: GradCheck, digits: int = 6, ratio: bool = False) -> str:
    """The gradient check as a table (`gradcheck_rows`), ✗ where backprop disagrees."""
    heads, rows = gradcheck_rows(result, digits, ratio)
    widths = (10, 12, 12, *((8,) if ratio else ()), 10)

    def line(cells: tuple[str, ...]) -> str:
        first, *numbers, mark = cells
        cols = [first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(numbers, widths[1:])]
        return ("  " + "  ".join(cols) + (f"  {mark}" if mark else "")).rstrip()

    return "\n".join(line(cells) for cells in [heads, *rows]) + "\n"


def gradcheck_summary(result: GradCheck) -> str:
    """PASS (or FAIL): how many gradients agree, how they were computed, the largest error."""
    bad = sum(not e.ok for e in result.entries)
    return (
        f"{'PASS' if result.passed else 'FAIL'}: {len(result.entries) - bad} of "
        f"{len(result.entries)} gradients agree (central differences, eps = {result.eps:g}; "
        f"tolerance {result.tol:g} relative); largest relative error "
        f"{fmt(result.max_rel_error, 2)}"
    )


def gradcheck_text(result: GradCheck, digits: int = 6) -> str:
    """`tinynn gradcheck`: the table, then the summary."""
    return f"{gradcheck_table(result, digits)}\n{gradcheck_summary(result)}\n"


def compare_text(c: Comparison, digits: int = 6) -> str:
    """The notes' closing question, answered with the numbers of one sample."""
    from tinynn.run.compare import EXPLANATION

    lines = [
        f"One sample: x = {vector_text(c.x, digits)}, y = {fmt(c.y, digits)}; "
        "the hidden layer gives "
        f"a1 = {vector_text(c.a1, digits)} and z2 = {fmt(c.z2, digits)} in every case.",
        "",
    ]
    for case in c.cases:
        lines += [
            f"({case.label}) output {case.output}, loss {case.loss_name}",
            f"    y_pred = {fmt(case.y_pred, digits)}, L = {fmt(case.loss, digits)}",
            f"    {case.delta2_formula} = {fmt(case.delta2, digits)}",
            f"    ∂L/∂W2 = δ2·a1 = {vector_text(case.dW2, digits)}, "
            f"∂L/∂b2 = δ2 = {fmt(case.db2, digits)}",
            "",
        ]
    s = c.saturated
    lines += [
        f"Had the output been confidently wrong (z2 = {fmt(s.z2_wrong, digits)}, so p = "
        f"{fmt(s.p, digits)} for y = {fmt(c.y, digits)}): (b) log loss gives δ2 = "
        f"{fmt(s.delta2_log_loss, digits)}, (c) squared error gives only δ2 = "
        f"{fmt(s.delta2_squared_error, digits)}.",
        "",
        EXPLANATION,
    ]
    return "\n".join(lines) + "\n"


def compare_delta1_text(c: Comparison, digits: int = 6) -> str:
    """δ1 of each case: one formula below the output, δ1/δ2 = W2·σ'(z1) the same in all three."""
    lines = ["δ1 = δ2·W2·σ'(z1), the same equation below every output:"]
    for case in c.cases:
        delta1 = vector_text(case.delta1, digits)
        lines.append(f"    ({case.label}) δ2 = {fmt(case.delta2, digits)}, δ1 = {delta1}")
    first = c.cases[0]
    if first.delta2 != 0.0:  # the ratio is W2·σ'(z1), whatever the output and the loss
        ratio = vector_text([d / first.delta2 for d in first.delta1], digits)
        lines.append(f"    δ1/δ2 = W2·σ'(z1) = {ratio} in every case")
    return "\n".join(lines) + "\n"


def compare_runs_text(runs: list[RunEpoch], rows: int = 8, digits: int = 4) -> str:
    """Mean loss and accuracy per epoch of the three set-ups side by side (at most `rows`).

    Each loss is the set-up's own (½ squared error for (a) and (c), log loss for (b)),
    so compare a column with itself over the epochs, and the accuracies across.
    """
    epochs = len(runs)
    shown = sorted({1, epochs, *(round(1 + k * (epochs - 1) / (rows - 1)) for k in range(rows))})
    from tinynn.run.compare import CASES

    names = [f"({label}) {loss}" for label, _, loss, *_ in CASES]
    head = f"  {'epoch':>5}" + "".join(f"  {n:>19}" for n in names)
    lines = [
        "Mean loss and accuracy per epoch, the three set-ups trained from the same weights "
        "with the same shuffle:",
        head,
    ]
    for e in shown:
        r = runs[e - 1]
        cells = []
        for loss, acc in zip(r.losses, r.accuracies):
            acc_text = "—" if math.isnan(acc) else f"{100 * acc:.0f} %"
            cells.append(f"  {fmt(loss, digits):>11} {acc_text:>7}")
        lines.append(f"  {e:>5}" + "".join(cells))
    return "\n".join(lines) + "\n"


def errata_text() -> str:
    """The errata of the source notes, one block each."""
    return "".join(f"{i}  {erratum_text(i)}\n" for i in ERRATA)


# --- the quiz (its state is tinynn.teach.quiz.Quiz; the CLI's loop: tinynn.cli.commands.quiz)


def quiz_intro(quiz: Quiz, setup: Setup, lesson: Lesson | None = None) -> str:
    """What the quiz asks and on what: the lesson, the set-up, earlier phases' values, the keys."""
    from tinynn.teach.quiz import HINT

    which = f"the {quiz.phase} phase" if quiz.phase else "every value"
    lines = [
        f"Quiz on sample {setup.sample} of {setup.data.name}: {which} of one SGD step, "
        f"{len(quiz.events)} questions; a guess within "
        f"{quiz.tolerance:.3g} (relative) of the true value is right.",
        *(f"  {line}" for line in describe_setup(setup)),
    ]
    known = quiz_known(quiz)
    if known:
        lines += ["Values of the earlier phases:", *(f"  {line}" for line in known)]
    lines.append(HINT[0].upper() + HINT[1:] + ".")
    return (lesson.intro() if lesson is not None else "") + "\n".join(lines) + "\n"


def quiz_known(quiz: Quiz) -> list[str]:
    """For a quiz on a later phase, the values of the phases before it: "z1[0] = 0", ..."""
    if quiz.phase is None:
        return []
    earlier = PHASES[: PHASES.index(quiz.phase)]
    return [f"{e.lhs} = {fmt(e.value)}" for e in quiz.trace if e.phase in earlier]


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


def quiz_feedback(result: Result) -> str:
    """The verdict on one answer: a hint and another try while tries are left; then right,
    wrong (with the hint) or revealed, and the full equation with its numbers."""
    if not result.final:
        return f"✗ not quite{f': {result.hint}' if result.hint else ''}; try again"
    line = result.substituted
    if result.skipped:
        return f"revealed: {line}"
    if result.correct:
        return f"✓ right: {line}"
    assert result.guess is not None
    hint = f" ({result.hint})" if result.hint else ""
    return f"✗ you said {fmt(result.guess)}{hint}; {line}"


def score_text(score: Score) -> str:
    """score: 6 of 7 right at the first try, 1 after a hint (0 wrong, 0 revealed; ...)."""
    later = f" at the first try, {score.later} after a hint" if score.later else ""
    values = "value" if score.total == 1 else "values"
    return (
        f"score: {score.right} of {score.asked} right{later} "
        f"({score.wrong} wrong, {score.skipped} revealed; {score.total} {values} in all)"
    )


# --- the bug hunt (state: tinynn.teach.bugs.BugHunt; the CLI loop: tinynn.cli.commands.bughunt)


def bug_menu_text() -> str:
    """The numbered menu of bugs (a bug possible in one task only says so)."""
    from tinynn.teach.bugs import BUGS

    lines, digits = [], len(str(len(BUGS)))
    for number, bug in enumerate(BUGS, start=1):
        note = f"   ({bug.tasks[0]} only)" if len(bug.tasks) == 1 else ""
        lines.append(f"  {number:>{digits}}. {bug.title}{note}")
    return "\n".join(lines) + "\n"


def bug_list_text() -> str:
    """`tinynn bughunt --list`: the menu with the ids --bug accepts."""
    from tinynn.teach.bugs import BUGS

    width, digits = max(len(b.id) for b in BUGS), len(str(len(BUGS)))
    lines = ["The planted bugs (choose one with --bug NUMBER or --bug ID; without --lesson, a bug"]
    lines.append("is planted in the lesson where its evidence shows):")
    for number, bug in enumerate(BUGS, start=1):
        tasks = "both tasks" if len(bug.tasks) > 1 else f"{bug.tasks[0]} only"
        where = f"{tasks}, lesson {bug.lesson}"
        lines.append(f"  {number:>{digits}}. {bug.id.ljust(width)}  {bug.title}  [{where}]")
    return "\n".join(lines) + "\n"


def gradcheck_agreement(result: GradCheck) -> str:
    """(4 of 7 disagree; tolerance 1e-06 relative): the bug hunt's line under its table."""
    bad = sum(not e.ok for e in result.entries)
    verdict = "every gradient agrees" if bad == 0 else f"{bad} of {len(result.entries)} disagree"
    return f"  ({verdict}; tolerance {result.tol:g} relative)\n"


def loss_curve_rows(curve: list[float], reference: list[float]) -> list[tuple[str, str, str]]:
    """One row of cells per epoch: its number, the buggy code's mean loss ("—" once it has
    stopped), the correct engine's."""
    return [
        (str(e), fmt(curve[e - 1]) if e <= len(curve) else "—", fmt(ref))
        for e, ref in enumerate(reference, start=1)
    ]


def loss_curve_table(curve: list[float], reference: list[float], rows: int = 10) -> str:
    """Mean loss per epoch, the buggy code beside the correct engine (at most `rows` epochs)."""
    epochs = len(reference)
    shown = sorted({1, epochs, *(round(1 + k * (epochs - 1) / (rows - 1)) for k in range(rows))})
    cells = loss_curve_rows(curve, reference)
    lines = [f"  {'epoch':>5}  {'this code':>12}  {'correct':>12}"]
    lines += [f"  {e:>5}  {mine:>12}  {ref:>12}" for e, mine, ref in (cells[k - 1] for k in shown)]
    if len(curve) < epochs or (curve and not math.isfinite(curve[-1])):
        lines.append(f"  (this code's loss stopped being a finite number in epoch {len(curve)})")
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
        f"code reports (ε = {hunt.check.eps:g})\n"
        f"{gradcheck_table(hunt.check, ratio=True)}{gradcheck_agreement(hunt.check)}\n"
        "Mean loss per epoch, this code beside the correct engine (same start, same shuffle)\n"
        f"{loss_curve_table(hunt.curve, hunt.reference)}\n"
        f"Which mistake is it?\n{bug_menu_text()}"
    )


def bug_verdict_head(verdict: Verdict) -> str:
    """✓ Right: 2. ..., ✗ Not 1. It was 2. ..., or It was 2. ... (revealed without a guess)."""
    from tinynn.teach.bugs import BUGS

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
