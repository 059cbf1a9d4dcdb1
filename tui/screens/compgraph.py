"""The computation graph of the current sample, micrograd's picture, live.

Every scalar node, from the leaves (x, W1, b1, W2, b2, y) through z1, a1, z2
and y_pred to L, with the operands it is computed from, its value once the
forward pass has computed it and ∂L/∂node once backpropagation has. ← and →
step through the computation as in the main screen, and the picture follows;
the node the current event writes is highlighted.

The screen takes the trace and the cursor, and a callback that steps the
walkthrough and returns them again (tui/dialogs.py makes it from the model).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tinynn.core.names import Key, key_text, parameter
from tinynn.run.chain import node_gradients
from tinynn.run.trace import Trace

from ..widgets.numbers import HIGHLIGHT, PENDING, signed
from .base import ReadOnlyDialog

# step(+1 or -1): move the walkthrough one computation, and return its trace and cursor
Stepper = Callable[[int], tuple[Trace, int]]
LAYERS = ("inputs and parameters", "z1", "a1", "z2", "y_pred", "L")


def graph_lines(trace: Trace, cursor: int) -> list[Text]:
    """The nodes layer by layer: name = value ← operands, then ∂L/∂name once known (in the
    trace's digits, as every panel)."""
    digits = trace.digits
    s = trace.step
    p = s.params
    done = {e.writes: e for e in trace.events[: cursor + 1] if e.phase != "update"}
    made = {e.writes: e for e in trace if e.phase != "update"}
    grads = node_gradients(s)
    current = trace[cursor].writes if cursor >= 0 else None
    leaves: list[tuple[Key, float]] = [(("x", (i,)), v) for i, v in enumerate(s.x)]
    leaves += [(k, p.get(k)) for k in p.all_keys()] + [(("y", ()), s.y)]

    def line(key: Key, value: float | None, operands: str) -> Text:
        t = Text(f"  {key_text(key)} = ")
        t.append_text(signed(value, digits) if value is not None else Text("·", PENDING))
        if operands:
            t.append(f"  ← {operands}", "italic")
        grad = grads.get(key)
        if grad is not None:
            t.append(f"   ∂L/∂{key_text(key)} = ")
            known = grad[1] in done or (grad[1] == ("L", ()) and ("L", ()) in done)
            t.append_text(signed(grad[0], digits) if known else Text("·", PENDING))
        if key == current or (current is not None and key == (parameter(current[0]), current[1])):
            t.stylize(HIGHLIGHT)
        return t

    out = [Text(LAYERS[0], "bold")]
    out += [line(k, v, "") for k, v in leaves]
    for name in LAYERS[1:]:
        out.append(Text(name, "bold"))
        for key, e in made.items():
            if key[0] == name:
                value = done[key].value if key in done else None
                operands = ", ".join(key_text(r) for r in e.reads)
                out.append(line(key, value, operands))
    return out


class CompGraphScreen(ReadOnlyDialog):
    """The computation graph of the current sample; ← and → step the walkthrough."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "step(1)", "next", show=False),
        Binding("left,h", "step(-1)", "previous", show=False),
    ]

    def __init__(self, trace: Trace, cursor: int, step: Stepper) -> None:
        super().__init__()
        self._trace, self._cursor, self._step = trace, cursor, step

    def compose(self) -> ComposeResult:
        with Vertical(id="compgraph", classes="dialog"):
            yield Static(Text("computation graph of this sample", "bold"))
            with VerticalScroll(id="compgraph-scroll"):
                yield Static(self._picture(), id="compgraph-nodes")
            yield Static(Text("← → step · escape or q closes", "italic"))

    def _picture(self) -> Text:
        return Text("\n").join(graph_lines(self._trace, self._cursor))

    def action_step(self, delta: int) -> None:
        """Step the walkthrough and redraw the graph at the new cursor (a step past the
        sample's end brings the next sample's trace)."""
        self._trace, self._cursor = self._step(delta)
        self.query_one("#compgraph-nodes", Static).update(self._picture())
