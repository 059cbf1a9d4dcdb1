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
from tinynn.core.numbers import vector_text
from tinynn.render.text import erratum_text
from tinynn.run.trace import chain_numbers

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
            head = _fitted(events[cursor], cursor, len(events), digits, width, height)
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


def _rows(t: Text, width: int) -> int:
    """How many screen rows Text `t` takes at `width`, wrapped at words as Rich wraps it."""
    if "\n" not in t.plain and cell_len(t.plain) <= width:
        return 1
    return len(t.wrap(_CONSOLE, width))


_CONSOLE = Console(width=200)  # only measures: wrapping needs a console, not a terminal


def _before(trace: Trace) -> list[Text]:
    first = trace.events[0]
    return [
        Text(
            f"sample x = {vector_text(trace.step.x, trace.digits, '()')}, "
            f"y = {number(trace.step.y, trace.digits)}",
            style="bold",
        ),
        Text("Nothing computed yet. Press → for the first computation of forward"),
        Text(f"propagation: {first.equation}", style="italic"),
    ]


KEEP = 7  # the equation, its substitution and its value: never dropped to make room for the list

# The current event's lines, each with its rank: the lowest goes first when space is short (the
# position, the chain's derivatives and names, the errata, the chain's numbers, the
# substitution; the equation and its value stay). Of equals, the last goes first.
RANKS = {
    "position": 2.0,
    "equation": 9.0,
    "substituted": 7.0,
    "value": 8.0,
    "partials": 3.0,
    "symbols": 5.0,
    "numbers": 6.0,
    "erratum": 5.5,
}
OPERATORS = frozenset("=+−·/←×")
ERRATUM = "#e5c07b"


def _fitted(e: Event, cursor: int, total: int, digits: int, width: int, height: int) -> list[Text]:
    """The current event's lines that fit `height` rows with the rule and the ▶ line below
    (else `height` alone), dropping the lowest ranked first, each line wrapped to `width`."""
    items = ["position", "equation", "substituted", "value"]
    if e.chain is not None and chain_numbers(e, digits) is not None:
        items += ["partials", "symbols", "numbers"]
    items += [f"erratum {i}" for i in e.errata]
    rank = [RANKS[item.split()[0]] for item in items]
    order = sorted(range(len(items)), key=lambda k: (rank[k], -k))  # the order they go in
    for dropped in range(len(items)):
        kept = [item for k, item in enumerate(items) if k not in order[:dropped]]
        head = _current(e, kept, cursor, total, digits, width)
        rows = sum(_rows(t, width) for t in head)
        lowest = rank[order[dropped]]
        if rows <= height - 2 or (lowest >= KEEP and rows <= height) or len(kept) == 1:
            return head
    return []  # not reached: the loop ends with one line kept


def _current(
    e: Event, kept: list[str], cursor: int, total: int, digits: int, width: int
) -> list[Text]:
    """The current event's `kept` lines, wrapped to `width` where a line may break (never
    inside a number). The first of the chain rule's lines that is kept names the gradient,
    so that none begins with an "=" of nothing."""
    lhs = cell_len(e.lhs)
    pad = " " * lhs
    out: list[Text] = []
    if "position" in kept:
        out.append(Text(f"{e.phase} · computation {cursor + 1} of {total}", style="italic"))
    if "equation" in kept:
        out.append(_wrapped(Text(""), e.equation, width, lhs + 3, "bold"))
    if "substituted" in kept:
        out.append(_wrapped(Text(f"{pad} = "), e.substituted, width, lhs + 3))
    if "value" in kept:
        value = number(e.value, digits)
        out.append(Text(f"{pad} = ").append(value, style=f"bold {signed_style(e.value)}"))
    c = e.chain
    bodies = {
        "partials": " · ".join(f.partial for f in c.factors) if c else "",
        "symbols": " · ".join(f.symbol for f in c.factors) if c else "",
        "numbers": chain_numbers(e, digits) or "",
    }
    chain = [item for item in ("partials", "symbols", "numbers") if item in kept]
    for n, item in enumerate(chain):
        if n == 0 and c is not None:
            head, body = Text("chain rule ", style="bold"), f"{c.lhs} = {bodies[item]}"
        else:
            head, body = Text("  = "), bodies[item]
        out.append(_wrapped(head, body, width, 4))
    out += [
        _wrapped(Text(f"erratum {i}: ", style=ERRATUM), erratum_text(i), width, 2, ERRATUM)
        for i in e.errata
        if f"erratum {i}" in kept
    ]
    return out


def chain_lines(e: Event, digits: int, width: int) -> list[Text]:
    """The event's chain rule (partials, symbols, numbers) as the panel wraps it to `width`;
    none for an event without one (the forward pass, the loss)."""
    if e.chain is None:
        return []
    return _current(e, ["partials", "symbols", "numbers"], 0, 1, digits, width)


def _atoms(text: str) -> list[tuple[str, str]]:
    """`text` cut where a line may break, as (separator, piece): at spaces, an operator kept
    with what follows it ("+ (0.01)(0.17)"), and between the factors of a product (")("),
    never inside a number."""
    words: list[str] = []
    for word in text.split(" "):
        if words and words[-1] in OPERATORS:
            words[-1] += " " + word
        else:
            words.append(word)
    out: list[tuple[str, str]] = []
    for word in words:
        pieces = word.split(")(")
        for k, piece in enumerate(pieces):
            piece = ("(" if k else "") + piece + (")" if k < len(pieces) - 1 else "")
            out.append(("" if k else " ", piece))
    return out


def _wrapped(head: Text, body: str, width: int, indent: int, style: str = "") -> Text:
    """`head` then `body`, broken into lines of at most `width` cells at the places `_atoms`
    allows; a continued line starts `indent` cells in (2 if that leaves too little room)."""
    indent = indent if indent <= width // 2 else 2
    lines = [head.copy()]
    for n, (sep, piece) in enumerate(_atoms(body)):
        sep = "" if n == 0 else sep
        line = lines[-1]
        size = cell_len(line.plain.rstrip())
        if size > indent and cell_len(line.plain) + len(sep) + cell_len(piece) > width:
            line.rstrip()
            lines.append(Text(" " * indent))
            sep = ""
        lines[-1].append(sep + piece, style=style)
    return Text("\n").join(lines)


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
