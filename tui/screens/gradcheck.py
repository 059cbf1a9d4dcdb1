"""The gradient-check screen: backprop against finite differences, per parameter.

Each row is one parameter of `tinynn.GradCheck`: the analytic gradient from
backprop, the central difference (L(θ + eps) − L(θ − eps)) / (2 eps), their
relative error, and whether it is within the tolerance.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from tinynn import GradCheck

from ..widgets.numbers import DIGITS, number
from .base import ReadOnlyDialog

PASS_STYLE = "bold green"
FAIL_STYLE = "bold red"


def rel_text(v: float) -> str:
    """A relative error in scientific notation (what matters is its exponent); 0 as "0"."""
    if v == 0:
        return "0"
    return f"{v:.2e}".replace("-", "\u2212")


def verdict(result: GradCheck) -> Text:
    """One line: passed or how many failed, the largest error, eps and tol."""
    n = len(result.entries)
    failed = sum(not e.ok for e in result.entries)
    limits = (
        f"largest relative error {rel_text(result.max_rel_error)}, "
        f"tol {number(result.tol)}, eps {number(result.eps)}"
    )
    if result.passed:
        return Text.assemble((f"PASS: all {n} gradients agree", PASS_STYLE), f" ({limits})")
    return Text.assemble((f"FAIL: {failed} of {n} gradients disagree", FAIL_STYLE), f" ({limits})")


class GradCheckScreen(ReadOnlyDialog):
    """Analytic vs numeric gradient for every parameter; escape or q closes it."""

    def __init__(self, result: GradCheck, digits: int = DIGITS) -> None:
        super().__init__()
        self.result = result
        self.digits = digits  # the walkthrough's (--digits): one precision everywhere

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="gradcheck-body", classes="dialog"):
            yield Static(
                "Gradient check: backprop against finite differences", classes="dialog-title"
            )
            yield Static(
                Text("numeric = (L(θ + eps) − L(θ − eps)) / (2·eps) for each parameter θ"),
                id="gradcheck-formula",
            )
            yield DataTable(id="gradcheck-table", cursor_type="row", zebra_stripes=True)
            yield Static(verdict(self.result), id="gradcheck-verdict")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#gradcheck-table", DataTable)
        fill_table(table, self.result, self.digits)
        table.focus()


def fill_table(
    table: DataTable[Text], result: GradCheck, digits: int = DIGITS, short: bool = False
) -> None:
    """One row per parameter (keyed by its name, e.g. "W1[0][1]"), pass/fail coloured."""
    for label, key in (
        ("parameter", "parameter"),
        ("backprop" if short else "analytic ∂L/∂θ", "analytic"),
        ("numeric", "numeric"),
        ("rel. error" if short else "relative error", "rel_error"),
        ("result", "result"),
    ):
        table.add_column(Text(label), key=key)
    for e in result.entries:
        table.add_row(
            Text(e.label, style="bold"),
            Text(number(e.analytic, digits), justify="right"),
            Text(number(e.numeric, digits), justify="right"),
            Text(rel_text(e.rel_error), justify="right"),
            Text("pass", style=PASS_STYLE) if e.ok else Text("FAIL", style=FAIL_STYLE),
            key=e.label,
        )
