"""Why this number? The current value's dependency tree, and a nudge of one parameter.

The tree follows the current event's operands down to the sample, the target,
the parameters and η, each with its value (what the trace computed). The nudge
moves a parameter by ±ε (the one the current equation concerns, chosen by the
walkthrough), runs the forward pass again (tinynn.run.nudge) and shows the
measured change of the loss beside the change the gradient predicts, ∂L/∂θ·ε:
the meaning of a gradient, measured. Nothing is shown before it is computed:
before the loss, the nudge says it waits for L; before the parameter's gradient,
the measured change is shown without the prediction.
"""

from __future__ import annotations

import re
import textwrap
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.scalar import Scalar
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from tinynn.core.names import key_text, symbol_text
from tinynn.core.numbers import typed_text
from tinynn.run.nudge import Nudge
from tinynn.run.trace import Dependency, Event

from ..widgets.equation import chain_lines
from ..widgets.network import edge_ends
from ..widgets.numbers import DIGITS, number, signed
from ..widgets.params_table import param_of
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
            # the right-hand side: after "=", or an update's "←"
            rhs = re.split(" [=←] ", d.equation, maxsplit=1)[-1]
            line.append(f"   from {rhs}", "italic")
        else:
            kind = {"x": "input", "y": "target", "lr": "learning rate"}.get(d.key[0], "parameter")
            line.append(f"   ({kind})", "italic")
        out.append(line)
    return out


class Known(NamedTuple):
    """What the walkthrough has computed so far that the nudge would show."""

    loss: bool = True  # L: else the nudge waits for it
    grad: bool = True  # the nudged parameter's ∂L/∂θ: else no prediction is shown


ALL_KNOWN = Known()  # the whole step computed


def nudge_lines(
    n: Nudge,
    digits: int = DIGITS,
    width: int | None = None,
    known: Known = ALL_KNOWN,
    note: str = "",
) -> list[Text]:
    """The nudge experiment in words and numbers, laid out for `width` cells: each
    comparison on one line where they fit, else the loss on one line and the changes on the
    next, else one number a line (a number is never cut across lines). Only what is `known`
    is shown; `note` (why this parameter) comes first."""
    theta, eps = key_text(n.key), typed_text(n.eps)  # ε is a setting, echoed as it is typed
    head = [note] if note else []
    if not known.loss:
        waits = (
            f"Nudging {theta} by ±ε moves the loss; that is shown once L is computed "
            "(} goes to the next phase)."
        )
        return [Text(line) for line in _wrap([*head, waits], width)]

    def v(x: float) -> str:
        return number(x, digits)

    def nudged(sign: str, loss: float, change: float, predicted: str) -> list[list[str]]:
        """The lines of one side (+ε or −ε) in each layout, widest first."""
        lhs = f"  L({theta} {sign} ε) = {v(loss)}"
        delta, grad = f"ΔL = {v(change)}", predicted
        if not known.grad:
            return [[f"{lhs}   {delta}"], [lhs, f"      {delta}"], [lhs, f"      {delta}"]]
        return [
            [f"{lhs}   {delta}   {grad}"],
            [lhs, f"      {delta}   {grad}"],
            [lhs, f"      {delta}", f"      {grad}"],
        ]

    plus = nudged("+", n.loss_plus, n.change_plus, f"∂L/∂{theta}·ε = {v(n.predicted)}")
    minus = nudged("−", n.loss_minus, n.change_minus, f"−∂L/∂{theta}·ε = {v(-n.predicted)}")
    backprop = (
        f"  backpropagation's          ∂L/∂{theta} = {v(n.grad)}"
        if known.grad
        else f"  backpropagation's ∂L/∂{theta}: not computed yet (the backward phase)"
    )
    layouts = [
        [
            *head,
            f"{theta} = {v(n.theta)}, nudged by ε = {eps}; the loss of this sample:",
            f"  L({theta})     = {v(n.loss)}",
            *plus[k],
            *minus[k],
            f"  measured slope (L(θ + ε) − L(θ − ε)) / 2ε = {v(n.central)}",
            backprop,
        ]
        for k in range(len(plus))
    ]
    if width is not None:  # the first that fits (the last else: it wraps at spaces only)
        fits = [lines for lines in layouts if max(map(cell_len, lines[len(head) :])) <= width]
        layouts = fits or layouts[-1:]
    return [Text(line) for line in _wrap(layouts[0], width)]


def _wrap(lines: list[str], width: int | None) -> list[str]:
    """`lines`, each a sentence, broken at spaces to `width` (None: as they are)."""
    if width is None:
        return lines
    out: list[str] = []
    for line in lines:
        out += textwrap.wrap(line, max(width, 20), subsequent_indent="  ") or [""]
    return out


class NudgeView(Widget):
    """The nudge's lines, laid out for the width the dialog gives them."""

    DEFAULT_CSS = """
    NudgeView {
        height: auto;
    }
    """

    def __init__(
        self,
        nudged: Nudge,
        digits: int,
        known: Known = ALL_KNOWN,
        note: str = "",
        *,
        id: str | None = None,  # noqa: A002 - Textual's name
    ) -> None:
        super().__init__(id=id)
        self._nudge, self._digits, self._known, self._note = nudged, digits, known, note

    def lines(self, width: int) -> list[Text]:
        return nudge_lines(self._nudge, self._digits, width, self._known, self._note)

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))


class ChainView(Widget):
    """The current gradient's chain rule with its numbers, wrapped for the dialog's width,
    and the edge of the network it belongs to."""

    DEFAULT_CSS = """
    ChainView {
        height: auto;
    }
    """

    def __init__(self, event: Event, digits: int, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._event, self._digits = event, digits

    def lines(self, width: int) -> list[Text]:
        out = chain_lines(self._event, self._digits, max(width, 20))
        param = param_of(self._event.writes)
        ends = edge_ends(param) if param is not None else None
        if ends is not None:
            out.append(Text(f"the edge {ends} in the network (marked there)", "italic"))
        return out

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(t.plain.count("\n") + 1 for t in self.lines(width))


class WhyScreen(ReadOnlyDialog):
    """The dependency tree of one value and the nudge of one parameter."""

    def __init__(
        self,
        title: str,
        deps: list[Dependency],
        nudged: Nudge,
        digits: int = DIGITS,
        event: Event | None = None,
        known: Known = ALL_KNOWN,
        note: str = "",
    ) -> None:
        """`event`, the computation at the cursor: its chain rule and edge, if it has them;
        `known`, what the nudge may show; `note`, why it nudges the parameter it does."""
        super().__init__()
        self._title, self._deps, self._nudge = title, deps, nudged
        self._digits = digits  # the walkthrough's (--digits): one precision everywhere
        self._event = event
        self._known, self._note = known, note

    def compose(self) -> ComposeResult:
        with Vertical(id="why", classes="dialog"):
            yield Static(Text(self._title, "bold"), id="why-title")
            if self._event is not None and self._event.chain is not None:
                yield ChainView(self._event, self._digits, id="why-chain")
            with VerticalScroll(id="why-tree"):
                yield Static(Text("\n").join(tree_lines(self._deps, self._digits)), id="why-deps")
            yield NudgeView(self._nudge, self._digits, self._known, self._note, id="why-nudge")
            yield Static(Text("escape or q closes", "italic"))

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit_tree)

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self._fit_tree)

    def _fit_tree(self) -> None:
        """The tree as tall as it is, up to what the screen leaves beside the rest of the
        dialog (then it scrolls): a short tree leaves no blank rows above the nudge, a long
        one never pushes the nudge off the screen. The stylesheet cannot say "auto, but at
        most the rest" of a dialog that is itself as tall as its content."""
        dialog = self.query_one("#why")
        tree = self.query_one("#why-tree")
        rest = sum(
            w.outer_size.height + w.styles.margin.height for w in dialog.children if w is not tree
        )
        frame = dialog.styles.gutter.height + dialog.styles.margin.height
        room = max(self.size.height - frame - rest, 3)
        if tree.styles.max_height != Scalar.from_number(room):
            tree.styles.max_height = room
