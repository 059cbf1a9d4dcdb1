"""Tables of numbers in plain text: the gradient check and the loss per epoch.

Each table is made from rows of cells (`gradcheck_rows`, `loss_curve_rows`), so that
the walkthrough's DataTables show the very cells the terminal prints. The gradient
check's verdict, PASS or FAIL with how many gradients agree, is written once here
(`gradcheck_verdict`) for the terminal, the notebook and the walkthrough.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from tinynn.core.numbers import DIGITS, RATIO_DIGITS, fmt, rel_error_text, typed_text

if TYPE_CHECKING:
    from tinynn.run.gradcheck import GradCheck


def epochs_shown(epochs: int, rows: int) -> list[int]:
    """At most `rows` epoch numbers of 1..`epochs`: the first, the last, evenly between."""
    return sorted({1, epochs, *(round(1 + k * (epochs - 1) / (rows - 1)) for k in range(rows))})


# --- the gradient check


def gradcheck_rows(
    result: GradCheck, digits: int = DIGITS, ratio: bool = False
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The gradient check's column heads and its rows of cells, one parameter a row: its key,
    backprop's value, the central difference, (with `ratio`, backprop ÷ numeric: the bug
    hunt's, where a factor such as ½ or −1 stands out,) the relative error, ok or ✗.
    The text table and the walkthrough's DataTable are both made from these cells."""
    heads = ("parameter", "backprop", "numeric", *(("ratio",) if ratio else ()), "rel. error", "")
    rows = []
    for e in result.entries:
        r = fmt(e.analytic / e.numeric, RATIO_DIGITS) if abs(e.numeric) > 1e-12 else "—"
        rows.append(
            (
                e.label,
                fmt(e.analytic, digits),
                fmt(e.numeric, digits),
                *((r,) if ratio else ()),
                rel_error_text(e.rel_error),
                "ok" if e.ok else "✗",
            )
        )
    return heads, rows


def gradcheck_table(result: GradCheck, digits: int = DIGITS, ratio: bool = False) -> str:
    """The gradient check as a table (`gradcheck_rows`), ✗ where backprop disagrees."""
    heads, rows = gradcheck_rows(result, digits, ratio)
    return _aligned([heads, *rows], (10, 12, 12, *((8,) if ratio else ()), 10))


def _aligned(lines: list[tuple[str, ...]], widths: tuple[int, ...]) -> str:
    """Rows of cells as text: the first cell left-aligned, the numbers right-aligned to
    `widths`, the last cell (a mark: ok, ✗ or nothing) after them."""

    def line(cells: tuple[str, ...]) -> str:
        first, *numbers, mark = cells
        cols = [first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(numbers, widths[1:])]
        return ("  " + "  ".join(cols) + (f"  {mark}" if mark else "")).rstrip()

    return "\n".join(line(cells) for cells in lines) + "\n"


def tolerance_text(result: GradCheck) -> str:
    """Both tolerances the check applies: "tolerance 1e-06 relative, or 1e-08 absolute"."""
    return f"tolerance {typed_text(result.tol)} relative, or {typed_text(result.atol)} absolute"


def unseen_text(result: GradCheck) -> str:
    """The gradients whose finite difference is below the absolute tolerance, which the check
    cannot tell from 0 (a saturated layer's): a sentence naming them, or ""."""
    unseen = [e.label for e in result.unseen]
    if not unseen:
        return ""
    these = "this gradient is" if len(unseen) == 1 else "these gradients are"
    return (
        f"For {', '.join(unseen)} the finite difference is below {typed_text(result.atol)}: "
        f"{these} too small for the check to see."
    )


def gradcheck_verdict(result: GradCheck) -> tuple[str, str]:
    """The verdict's word, PASS or FAIL, and the rest of its line: how many gradients agree,
    how they were computed and judged, the largest error, and which gradients are too small
    to be checked at all. Apart, so that a renderer can style the word; together they are
    `gradcheck_summary`."""
    bad = sum(not e.ok for e in result.entries)
    unseen = unseen_text(result)
    return "PASS" if result.passed else "FAIL", (
        f": {len(result.entries) - bad} of {len(result.entries)} gradients agree (central "
        f"differences, eps = {typed_text(result.eps)}; {tolerance_text(result)}); largest "
        f"relative error {rel_error_text(result.max_rel_error)}" + (f". {unseen}" if unseen else "")
    )


def gradcheck_summary(result: GradCheck) -> str:
    """The verdict's line: "PASS: 7 of 7 gradients agree (central differences, ...)"."""
    return "".join(gradcheck_verdict(result))


def gradcheck_text(result: GradCheck, digits: int = DIGITS) -> str:
    """`tinynn gradcheck`: the table, then the summary."""
    return f"{gradcheck_table(result, digits)}\n{gradcheck_summary(result)}\n"


def gradcheck_agreement(result: GradCheck) -> str:
    """(4 of 7 disagree; tolerance 1e-06 relative, or 1e-08 absolute): the bug hunt's line
    under its table, and the gradients too small to see."""
    bad = sum(not e.ok for e in result.entries)
    verdict = "every gradient agrees" if bad == 0 else f"{bad} of {len(result.entries)} disagree"
    unseen = unseen_text(result)
    return f"  ({verdict}; {tolerance_text(result)})\n" + (f"  {unseen}\n" if unseen else "")


# --- one step's changes


Changes = list[tuple[str, float, float, bool]]  # parameter, buggy change, correct one, same?


def changes_rows(
    changes: Changes, digits: int = DIGITS
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The column heads and rows of one step's changes (the parameter, the buggy code's change,
    the correct engine's, whether they are the same), with their ratio (as in the gradient
    check, where a factor stands out) and ✗ where they differ: the bug hunt's evidence of an
    update that goes wrong."""
    heads: tuple[str, ...] = ("parameter", "this code", "correct", "ratio", "")
    rows: list[tuple[str, ...]] = []
    for label, buggy, correct, same in changes:
        ratio = fmt(buggy / correct, RATIO_DIGITS) if abs(correct) > 1e-12 else "—"
        rows.append((label, fmt(buggy, digits), fmt(correct, digits), ratio, "" if same else "✗"))
    return heads, rows


def changes_table(changes: Changes, digits: int = DIGITS) -> str:
    """One step's changes as a table (`changes_rows`), ✗ where the buggy code's differs."""
    heads, rows = changes_rows(changes, digits)
    return _aligned([heads, *rows], (10, 12, 12, 8))


# --- the loss per epoch

# What `tinynn.train` reports for an epoch (`EpochStats.loss`), named the same wherever it is
# shown: the mean of the losses the epoch's steps computed, each on its sample before that
# step's update. It is not the loss of the data after the epoch (lower, as the parameters
# have learnt meanwhile), which a reader could otherwise take it for.
EPOCH_LOSS = "mean loss before each update"


def loss_curve_rows(
    curve: list[float], reference: list[float], digits: int = DIGITS
) -> list[tuple[str, str, str]]:
    """One row of cells per epoch: its number, the buggy code's EPOCH_LOSS ("—" once it has
    stopped), the correct engine's."""
    return [
        (str(e), fmt(curve[e - 1], digits) if e <= len(curve) else "—", fmt(ref, digits))
        for e, ref in enumerate(reference, start=1)
    ]


def loss_curve_table(curve: list[float], reference: list[float], rows: int = 10) -> str:
    """EPOCH_LOSS per epoch, the buggy code beside the correct engine (at most `rows` epochs)."""
    epochs = len(reference)
    cells = loss_curve_rows(curve, reference)
    lines = [f"  {'epoch':>5}  {'this code':>12}  {'correct':>12}"]
    lines += [
        f"  {e:>5}  {mine:>12}  {ref:>12}"
        for e, mine, ref in (cells[k - 1] for k in epochs_shown(epochs, rows))
    ]
    if len(curve) < epochs or (curve and not math.isfinite(curve[-1])):
        lines.append(f"  (this code's loss stopped being a finite number in epoch {len(curve)})")
    return "\n".join(lines) + "\n"
