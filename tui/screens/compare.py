"""The compare screen: the notes' closing question, answered with numbers.

For the current sample it shows the three ways to put an output and a loss on
the same hidden layer, side by side: (a) linear + ½ squared error, (b) sigmoid
+ log loss, (c) sigmoid + ½ squared error, with y_pred, L, δ2 (formula and
value), the output-layer gradients and δ1, all from `tinynn.compare_outputs`, and
below, when the data are labels, the three trained side by side from the same
weights (`tinynn.run.compare.compare_runs`), trained in a thread: on 60 samples the
three runs take about two seconds, and the table above is there at once.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from tinynn import Comparison
from tinynn.core.numbers import DIGITS, number_text, vector_text
from tinynn.render.compare import compare_runs_text
from tinynn.run.compare import EXPLANATION, RunEpoch

from .base import ReadOnlyDialog

HEADINGS = {  # two lines each, so that the three columns fit in 80 columns
    "a": "(a) linear\n+ ½ sq. error",
    "b": "(b) sigmoid\n+ log loss",
    "c": "(c) sigmoid\n+ ½ sq. error",
}


def after_colon(text: str) -> str:
    """The output without its kind: "linear: y_pred = z2" -> "y_pred = z2" (in the heading)."""
    return text.split(": ", 1)[-1]


def rhs(formula: str) -> str:
    """The right-hand side: "δ2 = p − y" -> "p − y" (the row is labelled "δ2 =")."""
    return formula.split(" = ", 1)[-1]


def sample_line(c: Comparison, digits: int = DIGITS) -> str:
    """The sample and the hidden layer all three cases share."""
    x, a1 = vector_text(c.x, digits), vector_text(c.a1, digits)
    y, z2 = number_text(c.y, digits), number_text(c.z2, digits)
    return f"sample x = {x}, y = {y}:  a1 = {a1},  z2 = {z2}"


def why_log_loss(c: Comparison, digits: int = DIGITS) -> str:
    """One sentence with this sample's numbers on why classification uses log loss."""
    b, c_ = number_text(c.cases[1].delta2, digits), number_text(c.cases[2].delta2, digits)
    return (
        f"Why log loss: here δ2 = {b} with log loss but {c_} with "
        "½ squared error on the sigmoid, whose extra factor p(1 − p) shrinks the gradient "
        "towards 0 as the output saturates, even when it is confidently wrong."
    )


TRAINING = "Training (a), (b) and (c) side by side from the same weights…"


class CompareScreen(ReadOnlyDialog):
    """The three output/loss cases of one sample; escape or q closes it."""

    def __init__(
        self,
        comparison: Comparison,
        train: Callable[[], list[RunEpoch]] | None = None,
        digits: int = DIGITS,
    ) -> None:
        """`train`, if given, runs the three set-ups side by side (in a worker)."""
        super().__init__()
        self.comparison = comparison
        self.train = train
        self.runs: list[RunEpoch] | None = None  # once trained
        self.digits = digits  # the walkthrough's one precision (core.numbers.number_text)

    def compose(self) -> ComposeResult:
        c = self.comparison
        with VerticalScroll(id="compare-body", classes="dialog"):
            yield Static("How does log loss change the update rule?", classes="dialog-title")
            yield Static(Text(sample_line(c, self.digits)), id="compare-sample")
            if c.y not in (0.0, 1.0):
                yield Static(
                    Text("The target is not 0 or 1: (b) and (c) read it as a probability."),
                    id="compare-note",
                    classes="note",
                )
            yield DataTable(
                id="compare-table", cursor_type="none", zebra_stripes=True, header_height=2
            )
            if self.train is not None:
                yield Static(Text(TRAINING), id="compare-runs", classes="note")
            yield Static(Text(EXPLANATION), id="compare-explanation")
            yield Static(Text(why_log_loss(c, self.digits)), id="compare-why")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#compare-table", DataTable)
        table.add_column(Text(""), key="quantity")
        for case in self.comparison.cases:
            table.add_column(Text(HEADINGS[case.label]), key=case.label)
        cases = self.comparison.cases

        def fmt(v: float) -> str:
            return number_text(v, self.digits)

        rows: list[tuple[str, str, list[str]]] = [
            ("output", "output", [after_colon(k.output) for k in cases]),
            ("loss", "loss", [k.loss_name for k in cases]),
            ("y_pred", "y_pred", [fmt(k.y_pred) for k in cases]),
            ("L", "L", [fmt(k.loss) for k in cases]),
            ("delta2_formula", "δ2 =", [rhs(k.delta2_formula) for k in cases]),
            ("delta2", "δ2", [fmt(k.delta2) for k in cases]),
        ]
        for j in range(len(self.comparison.a1)):
            rows.append((f"dW2[{j}]", f"∂L/∂W2[{j}]", [fmt(k.dW2[j]) for k in cases]))
        rows.append(("db2", "∂L/∂b2", [fmt(k.db2) for k in cases]))
        for j in range(len(self.comparison.a1)):  # below the output, one equation for all three
            rows.append((f"delta1[{j}]", f"δ1[{j}]", [fmt(k.delta1[j]) for k in cases]))
        for key, label, cells in rows:
            table.add_row(Text(label, style="bold"), *(Text(s) for s in cells), key=key)
        self.query_one("#compare-body").focus()
        if self.train is not None:
            self.train_runs()

    @work(thread=True, exit_on_error=False, name="compare runs")
    def train_runs(self) -> list[RunEpoch]:
        assert self.train is not None
        return self.train()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "compare runs":
            return
        runs = self.query_one("#compare-runs", Static)
        if event.state == WorkerState.SUCCESS:
            self.runs = event.worker.result
            assert self.runs is not None
            runs.update(Text(compare_runs_text(self.runs)))
            runs.remove_class("note")
        elif event.state == WorkerState.ERROR:
            runs.update(Text(f"The three runs could not be trained: {event.worker.error}"))
