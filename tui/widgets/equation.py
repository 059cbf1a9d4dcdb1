"""The equation panel: the current computation in the notes' notation, then with numbers.

    ∂L/∂W1[1][0] = δ1[1]·x[0]
                 = (0.0100)(−3)
                 = −0.0300
    chain rule ∂L/∂W1[1][0] = ∂L/∂z2 · ∂z2/∂a1[1] · ∂a1[1]/∂z1[1] · ∂z1[1]/∂W1[1][0]
      = δ2 · W2[1] · σ'(z1[1]) · x[0]
      = (0.0434)(−0.11)(0.236)(−3) = 0.00338

Below it, every equation of the current phase; those already computed show
their value. Where the source notes have a typo, the erratum is shown at
the equation it concerns. When the panel is short, the erratum, then the
chain rule give way: the current equation's line in the list (▶) stays in view.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, Group
from rich.text import Text

from tinynn import Event, Trace
from tinynn.render import erratum_text
from tinynn.trace import chain_numbers

from .numbers import HIGHLIGHT, PENDING, number, signed_style
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
        digits = trace.digits  # the trace's lines were written to them: the one policy
        if cursor < 0:
            head = _before(trace)
        else:  # drop what matters least until the rule and the ▶ line fit below
            ranked = _current(events[cursor], cursor, len(events), digits)
            while _height(ranked, width) > height - 2 and min(r for r, _ in ranked) < KEEP:
                _drop_least(ranked)
            while _height(ranked, width) > height and len(ranked) > 1:
                _drop_least(ranked)  # too short even for these
            head = [t for _, t in ranked]
        used = sum(_rows(t, width) for t in head)
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


def _height(ranked: list[tuple[float, Text]], width: int) -> int:
    return sum(_rows(t, width) for _, t in ranked)


def _drop_least(ranked: list[tuple[float, Text]]) -> None:
    """Remove the line of lowest rank (of equals, the last: a second erratum before the first)."""
    low = min(r for r, _ in ranked)
    del ranked[max(k for k, (r, _) in enumerate(ranked) if r == low)]


def _rows(t: Text, width: int) -> int:
    """How many screen rows Text `t` takes at `width`, wrapped at words as Rich wraps it."""
    if cell_len(t.plain) <= width:
        return 1
    return len(t.wrap(_CONSOLE, width))


_CONSOLE = Console(width=200)  # only measures: wrapping needs a console, not a terminal


def _before(trace: Trace) -> list[Text]:
    first = trace.events[0]
    return [
        Text(
            f"sample x = {_vector(trace.step.x, trace.digits)}, "
            f"y = {number(trace.step.y, trace.digits)}",
            style="bold",
        ),
        Text("Nothing computed yet. Press → for the first computation of forward"),
        Text(f"propagation: {first.equation}", style="italic"),
    ]


KEEP = 7  # the equation, its substitution and its value: never dropped to make room for the list


def _current(e: Event, cursor: int, total: int, digits: int) -> list[tuple[float, Text]]:
    """The current event's lines, each with its rank: the lowest goes first when space is short
    (the position, the chain's derivatives and names, the errata, the chain's numbers, the
    substitution; the equation and its value stay)."""
    pad = " " * cell_len(e.lhs)
    value = Text(f"{pad} = ").append(number(e.value, digits), style=f"bold {signed_style(e.value)}")
    out: list[tuple[float, Text]] = [
        (2, Text(f"{e.phase} · computation {cursor + 1} of {total}", style="italic")),
        (9, Text(e.equation, style="bold")),
        (7, Text(f"{pad} = {e.substituted}")),
        (8, value),
    ]
    numbers = chain_numbers(e, digits)
    if e.chain is not None and numbers is not None:
        c = e.chain
        partials = " · ".join(f.partial for f in c.factors)
        symbols = " · ".join(f.symbol for f in c.factors)
        out += [
            (3, Text("chain rule ", style="bold").append(f"{c.lhs} = {partials}", style="")),
            (5, Text(f"  = {symbols}")),
            (6, Text(f"  = {numbers}")),
        ]
    out += [(5.5, Text(f"erratum {i}: {erratum_text(i)}", style="#e5c07b")) for i in e.errata]
    return out


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
        line.append(number(e.value, digits), signed_style(e.value))
        if k == cursor:
            line.stylize(HIGHLIGHT)
    else:
        line.append(f"  {e.equation}", style=PENDING)
    return line


def _vector(v: list[float], digits: int) -> str:
    return "(" + ", ".join(number(a, digits) for a in v) + ")"
