"""The notes' closing question in plain text: three outputs and losses on one hidden layer.

`compare_text` and `compare_delta1_text` answer it with the numbers of one sample
(a `tinynn.run.compare.Comparison`), `compare_runs_text` with three training runs
side by side (`compare_runs`); `tinynn compare` prints them, the walkthrough's
compare dialog shows the runs.
"""

from __future__ import annotations

import math

from tinynn.core.numbers import DIGITS, fmt, percent_text, vector_text
from tinynn.render.tables import epochs_shown
from tinynn.run.compare import CASES, EXPLANATION, Comparison, RunEpoch

RUNS_DIGITS = 4  # the losses of the runs' table: four digits keep its columns narrow


def compare_text(c: Comparison, digits: int = DIGITS) -> str:
    """The notes' closing question, answered with the numbers of one sample."""
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


def compare_delta1_text(c: Comparison, digits: int = DIGITS) -> str:
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


def compare_runs_text(runs: list[RunEpoch], rows: int = 8, digits: int = RUNS_DIGITS) -> str:
    """Mean loss and accuracy per epoch of the three set-ups side by side (at most `rows`).

    Each loss is the set-up's own (½ squared error for (a) and (c), log loss for (b)),
    so compare a column with itself over the epochs, and the accuracies across.
    """
    names = [f"({label}) {loss}" for label, _, loss, *_ in CASES]
    head = f"  {'epoch':>5}" + "".join(f"  {n:>19}" for n in names)
    lines = [
        "Mean loss and accuracy per epoch, the three set-ups trained from the same weights "
        "with the same shuffle:",
        head,
    ]
    for e in epochs_shown(len(runs), rows):
        r = runs[e - 1]
        cells = []
        for loss, acc in zip(r.losses, r.accuracies):
            acc_text = "—" if math.isnan(acc) else percent_text(acc, 0)
            cells.append(f"  {fmt(loss, digits):>11} {acc_text:>7}")
        lines.append(f"  {e:>5}" + "".join(cells))
    return "\n".join(lines) + "\n"
