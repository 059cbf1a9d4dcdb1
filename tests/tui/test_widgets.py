"""Each widget on its own, fed numbers that are not finite: it shows them as text, never raises.

The step below is made by hand, so every value the trace carries is known:
the widgets must print exactly these ("nan", "inf", "−inf"), read from the
trace's events or the step, not recomputed.
"""

from __future__ import annotations

import math
import re

from harness import shown
from textual.app import App, ComposeResult
from textual.widget import Widget

from tinynn import Dataset, Params, Step
from tinynn.core.backward import Grads
from tinynn.core.forward import Forward
from tinynn.run.config import Config
from tinynn.run.trace import describe
from tui.model import Model
from tui.state import LossPoint
from tui.widgets.equation import EquationPanel
from tui.widgets.fit_plot import FitPlot
from tui.widgets.loss_plot import LossPlot
from tui.widgets.network import NetworkDiagram
from tui.widgets.params_table import ParamTable
from tui.widgets.status import StatusBar

NAN, INF = math.nan, math.inf
SIZE = (100, 30)

# One input, two hidden units; every kind of non-finite number somewhere.
PARAMS = Params(W1=[[INF], [0.5]], b1=[NAN, 0.0], W2=[-INF, 0.25], b2=0.0)
NEW = Params(W1=[[NAN], [0.5]], b1=[NAN, 0.0], W2=[INF, 0.25], b2=-INF)
STEP = Step(
    params=PARAMS,
    x=[1.0],
    y=0.0,
    lr=0.5,
    task="regression",
    forward=Forward(
        x=[1.0], z1=[INF, 0.5], a1=[NAN, 0.5], z2=-INF, y_pred=-INF, one_minus_a1=[NAN, 0.5]
    ),
    loss=INF,
    grads=Grads(
        delta2=-INF,
        dW2=[NAN, -INF],
        db2=-INF,
        sigma_prime=[NAN, 0.25],
        delta1=[NAN, INF],
        dW1=[[NAN], [INF]],
        db1=[NAN, INF],
    ),
    new_params=NEW,
)
TRACE = describe(STEP)
END = len(TRACE) - 1


class One(App[None]):
    """An app that shows the widgets it is given, one above the other."""

    CSS = "Screen > * { width: 1fr; height: 1fr; }"

    def __init__(self, *widgets: Widget) -> None:
        super().__init__()
        self.widgets = widgets

    def compose(self) -> ComposeResult:
        yield from self.widgets


def compact(screen: str) -> str:
    """The screen's text without whitespace (the screenshot splits a line into styled runs)."""
    return "".join(screen.split())


def at(label: str) -> int:
    """The position of the event that writes `label` ("z1[0]", "L", ...)."""
    return next(k for k, e in enumerate(TRACE) if e.label == label)


async def test_the_parameter_table_shows_non_finite_values_gradients_and_updates() -> None:
    table = ParamTable()
    app = One(table)
    async with app.run_test(size=SIZE) as pilot:
        table.show(TRACE, -1)
        await pilot.pause()
        rows = {r[0]: r[1:] for r in table.rows_text()[1:]}
        assert rows["W1[0][0]"] == ("inf", "·", "·")
        assert rows["b1[0]"] == ("nan", "·", "·")
        assert rows["W2[0]"] == ("−inf", "·", "·")
        table.show(TRACE, END)
        await pilot.pause()
        rows = {r[0]: r[1:] for r in table.rows_text()[1:]}
        # value (the step's params), gradient and new value (the events' values)
        assert rows["W1[0][0]"] == ("inf", "nan", "nan")
        assert rows["W1[1][0]"] == ("0.5", "inf", "0.5")
        assert rows["W2[0]"] == ("−inf", "nan", "inf")
        assert rows["W2[1]"] == ("0.25", "−inf", "0.25")
        assert rows["b2"] == ("0", "−inf", "−inf")
        screen = compact(shown(app))
        for row in ("W1[0][0]infnannan", "W2[0]−infnaninf", "b20−inf−inf"):
            assert row in screen, row


async def test_the_diagram_and_the_equation_panel_show_non_finite_values() -> None:
    network, equation = NetworkDiagram(), EquationPanel()
    app = One(network, equation)
    async with app.run_test(size=SIZE) as pilot:
        network.show(TRACE, at("delta2"))
        equation.show(TRACE, at("z2"))
        await pilot.pause()
        text = network.plain_text()
        assert "z1/σ'" in text and "a1/δ1" in text  # hidden unit h0: z1 then a1
        for shown_value in ("h0 inf", "z2 −inf", "ŷ  −inf", "L  inf", "δ2 −inf"):
            assert shown_value in text, shown_value
        assert re.search(r"h0 inf +nan", text)
        screen = compact(shown(app))
        assert "h0infnan" in screen and "z2−inf" in screen and "=−inf" in screen
        lines = equation.plain_text().splitlines()
        at_eq = lines.index(TRACE[at("z2")].equation)
        assert lines[at_eq + 2].strip() == "= −inf"
        assert "▶ z2 = W2[0]·a1[0] + W2[1]·a1[1] + b2 = −inf" in lines
        assert "  z1[0] = W1[0][0]·x[0] + b1[0] = inf" in lines
        assert "  a1[0] = σ(z1[0]) = 1 / (1 + e^(−z1[0])) = nan" in lines


async def test_the_status_bar_shows_a_non_finite_loss() -> None:
    model = Model.from_config(Config())
    model.trace, model.cursor = TRACE, at("L")
    status = StatusBar()
    app = One(status)
    async with app.run_test(size=SIZE) as pilot:
        status.show(model, False)
        await pilot.pause()
        assert status.plain_text().endswith("· L inf")
        model.cursor = -1
        model.epoch_losses = [LossPoint(21, NAN)]
        status.show(model, False)
        await pilot.pause()
        assert status.plain_text().endswith("· mean loss before each update nan")


async def test_the_loss_plot_names_the_losses_it_cannot_draw() -> None:
    plot = LossPlot()
    app = One(plot)
    async with app.run_test(size=(60, 8)) as pilot:
        plot.show([LossPoint(1, 0.5), LossPoint(2, 0.25), LossPoint(3, INF)], [])
        await pilot.pause()
        assert "L inf not drawn" in plot.render().plain
        plot.show([LossPoint(1, 0.5)], [LossPoint(21, 0.25), LossPoint(42, NAN)])
        await pilot.pause()
        assert "L nan not drawn" in plot.render().plain
        plot.show([LossPoint(1, -INF)], [])  # no loss is negative; the plot still says it
        await pilot.pause()
        assert plot.render().plain == "no finite loss: L = −inf"
        assert "nofiniteloss:L=−inf" in compact(shown(app))
        plot.show([LossPoint(1, 1e308), LossPoint(2, 1e-300)], [])  # the axis spans all floats
        await pilot.pause()
        assert plot.render().plain.split()[0] == "1e+308"


async def test_the_fit_plot_names_a_non_finite_parameter_or_prediction() -> None:
    curve = Dataset("line", [[-1.0], [0.0], [1.0]], [0.0, 0.5, 1.0], "regression", ["x"])
    square = Dataset(
        "square",
        [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0]],
        [0.0, 1.0, 1.0],
        "classification",
        ["a", "b"],
    )
    plot = FitPlot()
    app = One(plot)
    async with app.run_test(size=(60, 8)) as pilot:
        for v, text in ((NAN, "nan"), (INF, "inf"), (-INF, "−inf")):
            params = Params([[0.5], [v]], [0.0, 0.0], [1.0, 1.0], 0.0)
            plot.show(params, curve, "regression")
            await pilot.pause()
            assert plot.render().plain == f"no fit to draw: W1[1][0] = {text} (not finite)"
            two = Params([[0.5, 0.5]], [0.0], [1.0], v)
            plot.show(two, square, "classification")
            await pilot.pause()
            assert plot.render().plain == f"no fit to draw: b2 = {text} (not finite)"
        assert "b2=−inf" in compact(shown(app))
        # finite weights whose prediction overflows: the curve has gaps, the legend says why
        huge = Params([[1e3], [1e3]], [0.0, 0.0], [1e308, 1e308], 0.0)
        plot.show(huge, curve, "regression")
        await pilot.pause()
        assert plot.render().plain.splitlines()[-1].endswith("─ prediction (inf in places)")


def styles(cell: object) -> set[str]:
    """The styles applied to a table cell (a rich Text)."""
    from rich.text import Text

    assert isinstance(cell, Text)
    return {str(span.style) for span in cell.spans}


async def test_the_table_marks_the_rows_of_the_events_keys_and_its_cursor_is_the_selection() -> (
    None
):
    from tinynn import init_params, trace_step
    from tui.widgets.numbers import HIGHLIGHT, USED

    trace = trace_step(init_params(2, 2, 0), [1.0, -1.0], 0.5, 0.1)
    table = ParamTable()
    app = One(table)
    async with app.run_test(size=SIZE) as pilot:
        for k, e in enumerate(trace):
            table.show(trace, k)
            await pilot.pause()
            written = {e.writes[0].removeprefix("d"): e.writes[1]}  # dW1[j][i] is W1[j][i]'s
            for key in trace.step.params.all_keys():
                name = table.get_row(f"{key[0]}{''.join(f'[{i}]' for i in key[1])}")[0]
                if written.get(key[0]) == key[1]:
                    assert HIGHLIGHT in styles(name), (e.label, key)
                elif key in e.reads:
                    assert USED in styles(name), (e.label, key)
                else:
                    assert not styles(name), (e.label, key)
        assert table.selected_key == ("W1", (0, 0))
        table.select(-1)  # wraps to the last row
        assert table.selected_key == ("b2", ()) and table.cursor_row == 8
        table.select(2)
        assert table.selected_key == ("W1", (0, 1))
        table.show(trace, -1)  # a new trace keeps the selection
        assert table.selected_key == ("W1", (0, 1))


async def test_the_plots_name_their_axes() -> None:
    """The loss plot says it is log-scaled and counts epochs; the fit plot names the CSV's
    columns on its axes."""
    data = Dataset("cars", [[1.0], [2.0], [3.0]], [0.5, 0.25, 1.0], "regression", ["speed"], "stop")
    loss, fit = LossPlot(), FitPlot()
    app = One(loss, fit)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        points = [LossPoint(3 * k, 1.0 / k) for k in range(1, 5)]
        loss.show([], points, per_epoch=3)
        fit.show(Params([[0.5]], [0.0], [1.0], 0.0), data, "regression")
        await pilot.pause()
        lines = loss.render().plain.splitlines()
        assert "log L" in lines[-2] and "epochs" in lines[-2]
        assert lines[-2].split()[-1] == "4" and lines[-2].split()[2] == "0"  # epochs 0 to 4
        plain = fit.render().plain
        assert "speed 1…3 →" in plain and "stop" in plain
        loss.show([], [], pending=0.125)
        assert "L = 0.125" in loss.render().plain
