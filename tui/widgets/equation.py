"""The equation panel: the current computation in the notes' notation, then with numbers.

    backward · computation 21 of 36
    ∂L/∂W1[1][0] = δ1[1]·x[0]
                 = (0.0100)(−3)
                 = −0.0300
    chain rule ∂L/∂W1[1][0] = ∂L/∂z2·∂z2/∂a1[1] · ∂a1[1]/∂z1[1] · ∂z1[1]/∂W1[1][0]
      = δ2·W2[1] · σ'(z1[1]) · x[0]
      = (0.0434)(−0.11)(0.236)(−3) = 0.00338

Below it, every equation of the current phase; those already computed show
their value. Where the source notes have a typo, the erratum is shown at
the equation it concerns (`E` opens it in full). What fits the panel's rows is
tui/widgets/equation_head.py: the position and the chain rule with its names
stay at every size; the errata, the phase's list and the lines the chain rule
repeats give way first.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text

from tinynn import Event, Trace
from tinynn.core.numbers import vector_text

from .equation_head import fitted, rows_of
from .numbers import HIGHLIGHT, PENDING, Drawn, drawn, number, signed, valued
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

    def drawn_numbers(self) -> list[Drawn]:
        """The numbers the panel formats itself (values; the substituted lines are the
        trace's) and where they are (for tests)."""
        return drawn(Text("\n").join(self.lines()))

    def lines(self) -> list[Text]:
        """The panel's lines for its current size: the current equation, then its phase."""
        trace = self._trace
        if trace is None:
            return []
        width = max(self.content_size.width, 20)
        height = max(self.content_size.height, 3)
        cursor = self._cursor
        events = trace.events
        digits = trace.digits  # the trace's lines were written to them: the one policy
        if cursor < 0:
            head = _before(trace)
        else:  # drop what matters least until the rule and the ▶ line fit below
            head = fitted(events[cursor], cursor, len(events), digits, width, height)
        used = sum(rows_of(t, width) for t in head)
        phase = events[max(cursor, 0)].phase
        listed = [(k, e) for k, e in enumerate(events) if e.phase == phase]
        room = height - used - 1
        if room < 1:  # the equation and its value are above; the ▶ line would repeat them
            return head
        first = 0
        if len(listed) > room:  # keep the current event in view
            at = next((n for n, (k, _) in enumerate(listed) if k == cursor), 0)
            first = min(max(at - room // 2, 0), len(listed) - room)
        shown = listed[first : first + room]
        title = PHASE_TITLES[phase] if len(PHASE_TITLES[phase]) + 4 <= width else phase
        rule = Text(f"── {title} ", style="bold", no_wrap=True, overflow="crop")
        rule.append("─" * max(width - cell_len(rule.plain), 0))
        return [*head, rule, *(_listed(e, k, cursor, width, digits) for k, e in shown)]


def _before(trace: Trace) -> list[Text]:
    first = trace.events[0]
    return [
        Text(
            f"sample x = {vector_text(trace.step.x, trace.digits, '()')}, y = ", style="bold"
        ).append_text(valued(number(trace.step.y, trace.digits), trace.step.y, "bold")),
        Text(
            "Nothing computed yet. Press → for the first computation of forward propagation: "
        ).append(first.equation, style="italic"),
    ]


def _listed(e: Event, k: int, cursor: int, width: int, digits: int) -> Text:
    """One line of the phase's list; a computed one too long for `width` drops its formula.

    "z2 = W2[0]·a1[0] + … + b2 = −0.0976" becomes "z2 = −0.0976": the value
    must stay visible (the formula is above, for the current equation).
    """
    line = Text(no_wrap=True, overflow="ellipsis")
    if k <= cursor:
        line.append("▶ " if k == cursor else "  ")
        full = 2 + cell_len(e.equation) + 3 + cell_len(number(e.value, digits))
        short_sep = " ← " if " ← " in e.equation else " = "
        line.append(e.equation if full <= width else e.lhs)
        line.append(" = " if full <= width else short_sep)
        line.append_text(signed(e.value, digits))
        if k == cursor:
            line.stylize(HIGHLIGHT)
    else:
        line.append(f"  {e.equation}", style=PENDING)
    return line
