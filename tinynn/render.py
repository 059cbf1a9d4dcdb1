"""Plain-text renderings of the engine's results, for the CLI and exports.

Everything here only formats: the numbers come from a `Trace`, a `GradCheck`
or a `Comparison` computed elsewhere.
"""

from __future__ import annotations

import json
import math

from .compare import EXPLANATION, Comparison
from .config import Setup
from .errata import ERRATA
from .gradcheck import GradCheck
from .params import Params
from .trace import PHASES, Trace, fmt

PHASE_TITLES = {
    "forward": "Forward propagation",
    "loss": "Loss",
    "backward": "Backpropagation",
    "update": "Gradient-descent update",
}


def _vec(values: list[float], digits: int) -> str:
    return "[" + ", ".join(fmt(v, digits) for v in values) + "]"


def shape_text(params: Params) -> str:
    """The network's shape as n-h-1, e.g. "2-3-1"."""
    return f"{params.n_inputs}-{params.n_hidden}-1"


def describe_setup(setup: Setup, digits: int = 6, weights: bool = True) -> list[str]:
    """The set-up summary, written once for every front end: the task, the data and the
    sample, the shape and η, then x and y and (with `weights`) the parameters before the step.

        task regression, dataset sine (sample 0 of 21), network 1-3-1, η = 0.5
        x = [−3], y = −0.141
        W1 = [[0.69], [0.52], [−0.16]]
        b1 = [0, 0, 0], W2 = [−0.28, 0.01, −0.11], b2 = 0
    """
    p = setup.params
    lines = [
        f"task {setup.task}, dataset {setup.data.name} (sample {setup.sample} of "
        f"{len(setup.data)}), network {shape_text(p)}, η = {fmt(setup.lr, digits)}",
        f"x = {_vec(setup.x, digits)}, y = {fmt(setup.y, digits)}",
    ]
    if weights:
        lines += [
            "W1 = [" + ", ".join(_vec(row, digits) for row in p.W1) + "]",
            f"b1 = {_vec(p.b1, digits)}, W2 = {_vec(p.W2, digits)}, b2 = {fmt(p.b2, digits)}",
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


def trace_text(trace: Trace, setup: Setup | None = None, digits: int = 6) -> str:
    """One line per scalar, grouped by phase; each erratum noted under its equation."""
    lines = describe_setup(setup, digits) if setup else []
    noted: set[str] = set()
    for phase in PHASES:
        lines += ["", f"== {PHASE_TITLES[phase]} =="]
        for e in trace.phase(phase):
            lines.append(e.text(digits))
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
    """The trace as Markdown: a table per phase and the errata it touched."""
    out = ["# One SGD step of tinynn, every scalar", ""]
    if setup:
        out += [f"- {line}" for line in describe_setup(setup, digits)] + [""]
    for phase in PHASES:
        out += [
            f"## {PHASE_TITLES[phase]}",
            "",
            "| equation | with numbers | value |",
            "|---|---|---|",
        ]
        for e in trace.phase(phase):
            note = f" ({', '.join(e.errata)})" if e.errata else ""
            out.append(f"| `{e.equation}`{note} | `{e.substituted}` | {fmt(e.value, digits)} |")
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

    A value that overflowed (inf) or is undefined (nan) is written as null: JSON has no
    such numbers, and the text and Markdown forms show them as they are.
    """
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
            }
            for e in trace
        ],
        "loss": s.loss,
        "new_params": s.new_params.to_dict(),
    }
    if setup:
        obj = {"dataset": setup.data.name, "sample": setup.sample, **obj}
    return json.dumps(_finite_or_none(obj), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def gradcheck_text(result: GradCheck, digits: int = 6) -> str:
    """A table of analytic and numeric gradients with their relative errors."""
    head = f"{'parameter':<12} {'analytic':>14} {'numeric':>14} {'rel. error':>11}  ok"
    lines = [head, "-" * len(head)]
    for e in result.entries:
        lines.append(
            f"{e.label:<12} {fmt(e.analytic, digits):>14} {fmt(e.numeric, digits):>14} "
            f"{e.rel_error:>11.2e}  {'yes' if e.ok else 'NO'}"
        )
    verdict = "PASS" if result.passed else "FAIL"
    bad = sum(not e.ok for e in result.entries)
    lines += [
        "",
        f"{verdict}: {len(result.entries) - bad} of {len(result.entries)} gradients agree "
        f"(central differences, eps = {result.eps:g}; tolerance {result.tol:g} relative); "
        f"largest relative error {result.max_rel_error:.2e}",
    ]
    return "\n".join(lines) + "\n"


def compare_text(c: Comparison, digits: int = 6) -> str:
    """The notes' closing question, answered with the numbers of one sample."""
    lines = [
        f"One sample: x = {_vec(c.x, digits)}, y = {fmt(c.y, digits)}; the hidden layer gives "
        f"a1 = {_vec(c.a1, digits)} and z2 = {fmt(c.z2, digits)} in every case.",
        "",
    ]
    for case in c.cases:
        lines += [
            f"({case.label}) output {case.output}, loss {case.loss_name}",
            f"    y_pred = {fmt(case.y_pred, digits)}, L = {fmt(case.loss, digits)}",
            f"    {case.delta2_formula} = {fmt(case.delta2, digits)}",
            f"    ∂L/∂W2 = δ2·a1 = {_vec(case.dW2, digits)}, ∂L/∂b2 = δ2 = {fmt(case.db2, digits)}",
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


def errata_text() -> str:
    """The errata of the source notes, one block each."""
    return "".join(f"{i}  {erratum_text(i)}\n" for i in ERRATA)
