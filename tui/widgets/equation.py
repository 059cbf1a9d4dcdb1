"""The equation panel: the current computation in the notes' notation, then with numbers.

    dL/dW1[1][0] = δ1[1]·x[0]
                 = (0.0100)(−3)
                 = −0.0300

Below it, every equation of the current phase; those already computed show
their value. Where the source notes have a typo, the erratum is shown at
the equation it concerns.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text

from tinynn import Event, Trace
from tinynn.render import erratum_text
from tinynn.trace import fmt

from .numbers import HIGHLIGHT, number, signed_style
from .trace_view import TraceView

PHASE_TITLES = {
    "forward": "forward: hidden layer, then output",
    "loss": "loss of this sample",
    "backward": "backward: gradients, output layer first",
    "update": "update: gradient descent, θ ← θ − η·∂L/∂θ",
}


class EquationPanel(TraceView):
    """The current event's equation, substituted and evaluated, and its phase's equations."""

    def render(self) -> Group:
        return Group(*self.lines())

    def plain_text(self) -> str:
        """What the panel shows, without styles (for tests)."""
        return "\n".join(t.plain for t in self.lines())

    def lines(self) -> list[Text]:
        """The panel's lines for its current size: the current equation, then its phase."""
        trace = self._trace
        if trace is None:
            return []
        width = max(self.content_size.width, 20)
        height = max(self.content_size.height, 3)
        cursor = self._cursor
        events = trace.events
        head = _current(events[cursor], cursor, len(events)) if cursor >= 0 else _before(trace)
        used = sum(_rows(t, width) for t in head)
        phase = events[max(cursor, 0)].phase
        listed = [(k, e) for k, e in enumerate(events) if e.phase == phase]
        room = height - used - 1
        if room < 2:
            if cursor >= 0 and used > height:  # too short: the equation and its value first
                head = head[1:]
            return head
        first = 0
        if len(listed) > room:  # keep the current event in view
            at = next((n for n, (k, _) in enumerate(listed) if k == cursor), 0)
            first = min(max(at - room // 2, 0), len(listed) - room)
        shown = listed[first : first + room]
        title = PHASE_TITLES[phase] if len(PHASE_TITLES[phase]) + 4 <= width else phase
        rule = Text(f"── {title} ", style="bold", no_wrap=True, overflow="crop")
        rule.append("─" * max(width - cell_len(rule.plain), 0), "dim")
        return [*head, rule, *(_listed(e, k, cursor, width) for k, e in shown)]


def _rows(t: Text, width: int) -> int:
    """How many screen rows Text `t` takes at `width` (it wraps)."""
    return max(1, -(-cell_len(t.plain) // width))


def _before(trace: Trace) -> list[Text]:
    first = trace.events[0]
    return [
        Text(f"sample x = {_vector(trace.step.x)}, y = {fmt(trace.step.y)}", style="bold"),
        Text("Nothing computed yet. Press → for the first computation of forward"),
        Text(f"propagation: {first.equation}", style="dim"),
    ]


def _current(e: Event, cursor: int, total: int) -> list[Text]:
    pad = " " * cell_len(e.lhs)
    eq = "="
    out = [
        Text(f"{e.phase} · computation {cursor + 1} of {total}", style="dim"),
        Text(e.equation, style="bold"),
        Text(f"{pad} {eq} {e.substituted}"),
        Text(f"{pad} {eq} ").append(number(e.value, 6), style=f"bold {signed_style(e.value)}"),
    ]
    out += [Text(f"erratum {i}: {erratum_text(i)}", style="#e5c07b") for i in e.errata]
    return out


def _listed(e: Event, k: int, cursor: int, width: int) -> Text:
    """One line of the phase's list; a computed one too long for `width` drops its formula.

    "z2 = W2[0]·a1[0] + … + b2 = −0.0976" becomes "z2 = −0.0976": the value
    must stay visible (the formula is above, for the current equation).
    """
    line = Text(no_wrap=True, overflow="ellipsis")
    if k <= cursor:
        line.append("▶ " if k == cursor else "  ")
        full = 2 + cell_len(e.equation) + 3 + cell_len(number(e.value, 6))
        short_sep = " ← " if " ← " in e.equation else " = "
        line.append(e.equation if full <= width else e.lhs)
        line.append(" = " if full <= width else short_sep)
        line.append(number(e.value, 6), signed_style(e.value))
        if k == cursor:
            line.stylize(HIGHLIGHT)
    else:
        line.append(f"  {e.equation}", style="dim")
    return line


def _vector(v: list[float]) -> str:
    return "(" + ", ".join(fmt(a) for a in v) + ")"
