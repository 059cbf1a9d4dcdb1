"""The gradient-check screen: backprop against finite differences, per parameter.

Each row is one parameter of `tinynn.GradCheck`: the analytic gradient from
backprop, the central difference (L(θ + eps) − L(θ − eps)) / (2 eps), their
relative error, and whether it is within the tolerance. The cells and the verdict
under them are `tinynn gradcheck`'s (tinynn.render.tables), coloured here.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from tinynn import GradCheck
from tinynn.render.tables import gradcheck_rows, gradcheck_verdict

from ..widgets.numbers import DIGITS
from .base import ReadOnlyDialog

PASS_STYLE = "bold green"
FAIL_STYLE = "bold red"


def verdict(result: GradCheck) -> Text:
    """The verdict's line, `tinynn gradcheck`'s, its PASS or FAIL coloured."""
    word, rest = gradcheck_verdict(result)
    return Text.assemble((word, PASS_STYLE if result.passed else FAIL_STYLE), rest)


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
    for e, (label, *numbers, _) in zip(result.entries, gradcheck_rows(result, digits)[1]):
        table.add_row(
            Text(label, style="bold"),
            *(Text(cell, justify="right") for cell in numbers),
            Text("pass", style=PASS_STYLE) if e.ok else Text("FAIL", style=FAIL_STYLE),
            key=label,
        )
