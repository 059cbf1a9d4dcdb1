"""Why this number? The current value's dependency tree, and a nudge of the selected parameter.

The tree follows the current event's operands down to the sample, the target,
the parameters and η, each with its value (what the trace computed). The nudge
moves the parameter selected in the table by ±ε, runs the forward pass again
(tinynn.nudge) and shows the measured change of the loss beside the change the
gradient predicts, ∂L/∂θ·ε: the meaning of a gradient, measured.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tinynn.keys import key_text, symbol_text
from tinynn.nudge import Nudge
from tinynn.trace import Dependency

from ..widgets.numbers import DIGITS, number, signed
from .base import ReadOnlyDialog


def tree_lines(deps: list[Dependency], digits: int = DIGITS) -> list[Text]:
    """One line per dependency, indented by depth: name = value, then its equation."""
    out = []
    for d in deps:
        line = Text("   " * max(d.depth - 1, 0) + ("└─ " if d.depth else ""))
        line.append(symbol_text(d.key), "bold" if d.depth == 0 else "")
        line.append(" = ")
        line.append_text(signed(d.value, digits))
        if d.seen:
            line.append("  (its dependencies are above)", "italic")
        elif d.equation:
            line.append(f"   from {d.equation.split(' = ', 1)[1]}", "italic")
        else:
            kind = {"x": "input", "y": "target", "lr": "learning rate"}.get(d.key[0], "parameter")
            line.append(f"   ({kind})", "italic")
        out.append(line)
    return out


def nudge_lines(n: Nudge, digits: int = DIGITS) -> list[Text]:
    """The nudge experiment in words and numbers."""
    theta, eps = key_text(n.key), f"{n.eps:g}"  # ε is a setting, echoed as it is typed

    def v(x: float) -> str:
        return number(x, digits)

    return [
        Text(f"{theta} = {v(n.theta)}, nudged by ε = {eps}; the loss of this sample:"),
        Text(f"  L({theta})     = {v(n.loss)}"),
        Text(
            f"  L({theta} + ε) = {v(n.loss_plus)}   "
            f"ΔL = {v(n.change_plus)}   ∂L/∂{theta}·ε = {v(n.predicted)}"
        ),
        Text(
            f"  L({theta} − ε) = {v(n.loss_minus)}   "
            f"ΔL = {v(n.change_minus)}   −∂L/∂{theta}·ε = {v(-n.predicted)}"
        ),
        Text(f"  measured slope (L(θ + ε) − L(θ − ε)) / 2ε = {v(n.central)}"),
        Text(f"  backpropagation's          ∂L/∂{theta} = {v(n.grad)}"),
    ]


class WhyScreen(ReadOnlyDialog):
    """The dependency tree of one value and the nudge of one parameter."""

    def __init__(
        self, title: str, deps: list[Dependency], nudged: Nudge, digits: int = DIGITS
    ) -> None:
        super().__init__()
        self._title, self._deps, self._nudge = title, deps, nudged
        self._digits = digits  # the walkthrough's (--digits): one precision everywhere

    def compose(self) -> ComposeResult:
        with Vertical(id="why", classes="dialog"):
            yield Static(Text(self._title, "bold"), id="why-title")
            with VerticalScroll(id="why-tree"):
                yield Static(Text("\n").join(tree_lines(self._deps, self._digits)), id="why-deps")
            yield Static(Text("\n").join(nudge_lines(self._nudge, self._digits)), id="why-nudge")
            yield Static(Text("escape or q closes", "italic"))
