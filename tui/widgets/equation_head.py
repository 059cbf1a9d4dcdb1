"""The current computation's lines of the equation panel, fitted to the room it has.

    backward · computation 17 of 26
    ∂L/∂W1[0][0] = δ1[0]·x[0]
                 = (−0.125)(2)
                 = −0.25
    chain rule ∂L/∂W1[0][0] = ∂L/∂z2·∂z2/∂a1[0] · ∂a1[0]/∂z1[0] · ∂z1[0]/∂W1[0][0]
      = δ2·W2[0] · σ'(z1[0]) · x[0]
      = (−0.5)(1)(0.25)(2) = −0.25
    E2, E7: The notes print … (E shows them)

What teaches is kept, what annotates yields. Each line has a rank; where rows
are short the lowest goes first: an erratum shrinks to a one-line marker (`E`
opens it in full), then goes; in the backward pass the equation's own lines
go before the chain rule, which says the same with its names (the equation,
its numbers and its value are all in the chain's last line); the position and
the chain rule with its names stay at every size. Where even they do not fit,
lines are laid out tighter (their continuations less indented, a value beside
its numbers). A line breaks between the terms of a sum before it breaks a
product, between factors before inside a number, never inside a number or a
name.

In the chain rule of a hidden-layer gradient the first two factors are written
as one group, ∂L/∂z2·∂z2/∂a1[j] = δ2·W2[j], which is ∂L/∂a1[j]: δ1 reuses δ2.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tinynn import Event
from tinynn.core.errata import ERRATA
from tinynn.render.text import erratum_text
from tinynn.run.chain import Chain
from tinynn.run.trace import chain_numbers

from .numbers import COLORS, number, signed

OPERATORS = frozenset("=+−·/←×")
KEEP = 7.0  # lines ranked this high are dropped only when they alone overfill the panel

# The ranks of the current event's lines (the higher, the longer it stays), by kind of
# event. The position goes last, then the chain rule's names (what each factor is in the
# notes' notation, then the derivatives), then its numbers; in the forward pass, after the
# position, the value. An erratum's marker stays as long as the panel has a row for it
# (KEEP); where it has none, the erratum's id goes on the position's line ("… · E2, E7 (E)").
CHAIN = {"numbers": 9.5, "partials": 9.6, "symbols": 9.7}
PARTS = ("partials", "symbols", "numbers")  # the order the chain rule's lines are shown in
FORWARD = {"position": 9.9, "value": 9.8, "equation": 9, "substituted": 8, "marker": 7, "errata": 1}
BACKWARD = {
    "position": 9.9,
    **CHAIN,
    "equation": 6,
    "value": 5,
    "marker": 7,
    "substituted": 3,
    "errata": 1,
}
UPDATE = {
    "position": 9.9,
    **CHAIN,
    "equation": 9,
    "value": 8.5,
    "substituted": 8,
    "marker": 8.2,
    "errata": 1,
}


def ranks(e: Event) -> dict[str, float]:
    """The ranks of `e`'s lines (those it has)."""
    table = FORWARD if e.chain is None else UPDATE if e.phase == "update" else BACKWARD
    out = {k: float(v) for k, v in table.items()}
    if not e.errata:
        del out["marker"], out["errata"]
    return out


def fitted(e: Event, cursor: int, total: int, digits: int, width: int, height: int) -> list[Text]:
    """`e`'s lines that fit `height` rows and leave two for the phase's rule and ▶ line,
    dropping the lowest ranked first; else the lines ranked KEEP or more in `height` alone,
    laid out tighter if need be; else, at the last, fewer of those too (the position and the
    chain rule go last)."""
    rank = ranks(e)
    order = sorted(rank, key=lambda k: rank[k])  # the order they go in

    def rows(head: list[Text]) -> int:
        return sum(rows_of(t, width) for t in head)

    for dropped in range(len(order)):
        kept = order[dropped:]
        head = lines_of(e, kept, cursor, total, digits, width, False)
        if rows(head) <= height - 2:
            return head
        if rank[kept[0]] >= KEEP:  # only the lines that stay are left
            if rows(head) <= height:
                return head
            break
    for dropped in range(len(order)):  # tighter; at the last, fewer
        kept = [k for k in order[dropped:] if rank[k] >= KEEP] or order[-1:]
        head = lines_of(e, kept, cursor, total, digits, width, True)
        if rows(head) <= height or len(kept) == 1:
            return head
    return []  # not reached: the loop ends with one line kept


def lines_of(
    e: Event, kept: list[str], cursor: int, total: int, digits: int, width: int, tight: bool
) -> list[Text]:
    """The `kept` lines of `e`, in their order, each wrapped to `width` (`tight`: continuations
    indented 2 and a value beside its numbers where it fits). The chain rule's first line
    names its gradient, so that none begins with an "=" of nothing."""
    lhs = cell_len(e.lhs)
    indent = 2 if tight else lhs + 3
    pad = " " * (2 if tight else lhs)
    value = number(e.value, digits)
    out: list[Text] = []
    if "position" in kept:
        out.append(position(e, cursor, total, width, not {"marker", "errata"} & set(kept)))
    if "equation" in kept:
        line = wrapped(Text(""), e.equation, width, indent, "bold")
        if rows_of(line, width) > 2:  # a long sum: its first and last terms
            line = wrapped(Text(""), shortened(e.equation), width, indent, "bold")
        out.append(line)
    both = tight and "substituted" in kept and "value" in kept
    if "substituted" in kept:
        line = wrapped(Text(f"{pad} = "), e.substituted, width, indent)
        if both and cell_len(line.plain.split("\n")[-1]) + 3 + cell_len(value) <= width:
            out.append(line.append(" = ").append_text(signed(e.value, digits, style="bold")))
            both = False  # said
        else:
            out.append(line)
            both = True
    if "value" in kept and ("substituted" not in kept or both):
        out.append(Text(f"{pad} = ").append_text(signed(e.value, digits, style="bold")))
    if e.chain is not None:
        out += chain_block(e, e.chain, digits, width, [k for k in PARTS if k in kept])
    if "errata" in kept:
        out += [
            wrapped(
                Text(f"erratum {i}: ", style=COLORS["erratum"]),
                erratum_text(i),
                width,
                2,
                COLORS["erratum"],
            )
            for i in e.errata
        ]
    elif "marker" in kept:
        out.append(marker(e.errata, width))
    return out


def shortened(equation: str) -> str:
    """A sum of more than three terms by its first and last two: "z2 = W2[0]·a1[0] + … +
    W2[15]·a1[15] + b2" (the terms between are the phase list's and the table's)."""
    lhs, sep, rhs = equation.partition(" = ")
    terms = rhs.split(" + ")
    if not sep or len(terms) <= 3:
        return equation
    return f"{lhs} = {terms[0]} + … + {terms[-2]} + {terms[-1]}"


def position(e: Event, cursor: int, total: int, width: int, with_ids: bool) -> Text:
    """ "backward · computation 17 of 26"; `with_ids`: the errata's ids after it, where they
    fit ("backward · computation 17 of 26 · E2, E7 (E)", or "backward · 17 of 26 · E2, …")."""
    ids = f" · {', '.join(e.errata)} (E)" if with_ids and e.errata else ""
    forms = [
        f"{e.phase} · computation {cursor + 1} of {total}",
        f"{e.phase} · {cursor + 1} of {total}",
    ]
    # the longest form that fits with the errata's ids, else without them, else the shortest
    fitting = [f for f in forms if cell_len(f + ids) <= width] or [
        f for f in forms if cell_len(f) <= width
    ]
    line = (fitting or forms[-1:])[0]
    text = Text(line, style="italic")
    if ids and cell_len(line + ids) <= width:
        text.append(ids, style=f"bold {COLORS['erratum']}")
    return text


def chain_block(
    e: Event, chain: Chain, digits: int, width: int, parts: list[str] | None = None
) -> list[Text]:
    """The chain rule's `parts` (all three by default): "chain rule lhs = derivatives",
    "  = their names", "  = numbers"; the first shown names the gradient. Without its
    numbers, the last part shown ends with the gradient's value ("… · x[0] = −0.0013")."""
    partials, symbols = grouped(chain)
    bodies = {"partials": partials, "symbols": symbols, "numbers": chain_numbers(e, digits) or ""}
    parts = list(PARTS) if parts is None else parts
    if parts and "numbers" not in parts:
        bodies[parts[-1]] += f" = {number(chain.value, digits)}"
    out = []
    for n, part in enumerate(parts):
        if n == 0:
            head, body = Text("chain rule ", style="bold"), f"{chain.lhs} = {bodies[part]}"
        else:
            head, body = Text("  = "), bodies[part]
        out.append(wrapped(head, body, width, 4))
    return out


def grouped(chain: Chain) -> tuple[str, str]:
    """The chain's derivatives and their names, " · " between factors; in a hidden-layer
    gradient the first two joined by a bare "·", ∂L/∂z2·∂z2/∂a1[j] = δ2·W2[j] (∂L/∂a1[j])."""
    partials = [f.partial for f in chain.factors]
    symbols = [f.symbol for f in chain.factors]
    if len(partials) > 2 and "/∂a1[" in partials[1]:  # ∂L/∂a1[j], whatever the output
        partials[:2] = ["·".join(partials[:2])]
        symbols[:2] = ["·".join(symbols[:2])]
    return " · ".join(partials), " · ".join(symbols)


def chain_lines(e: Event, digits: int, width: int) -> list[Text]:
    """The event's chain rule as the panel wraps it to `width`; none for an event without one
    (the forward pass, the loss). The why dialog shows it too."""
    if e.chain is None:
        return []
    return chain_block(e, e.chain, digits, width)


def marker(errata: tuple[str, ...], width: int) -> Text:
    """One line for the errata at an equation: "E2: The notes print … (E shows it)", its
    sentence cut to the width (a sentence, never a number: the notes' words)."""
    ids = ", ".join(errata)
    tail = f" (E shows {'them' if len(errata) > 1 else 'it'})"
    line = Text(f"{ids}: ", style=f"bold {COLORS['erratum']}")
    room = width - cell_len(line.plain) - cell_len(tail)
    words = f"The notes print {ERRATA[errata[0]].notes_say}"
    if cell_len(words) > room:
        cut = ""
        for word in words.split(" "):
            if cell_len(f"{cut} {word}".strip()) + 1 > room:
                break
            cut = f"{cut} {word}".strip()
        words = f"{cut}…" if cut else ""
    line.append(words, style=COLORS["erratum"])
    return line.append(tail, style=COLORS["erratum"])


def rows_of(t: Text, width: int) -> int:
    """How many screen rows Text `t` takes at `width`, wrapped at words as Rich wraps it."""
    if "\n" not in t.plain and cell_len(t.plain) <= width:
        return 1
    return len(t.wrap(_CONSOLE, width))


_CONSOLE = Console(width=200)  # only measures: wrapping needs a console, not a terminal


def atoms(text: str, room: int) -> list[tuple[str, str]]:
    """`text` cut where a line may break, as (separator, piece): at spaces outside brackets,
    an operator kept with what follows it ("+ (0.01)(0.17)"); a product wider than `room`
    also between its factors (")("), never inside a number or a bracket's "(1 − a1[0])"."""
    words: list[str] = []
    depth = 0  # brackets open at the end of the last word: a space inside them is no break
    for word in text.split(" "):
        if words and (depth > 0 or words[-1] in OPERATORS):
            words[-1] += " " + word
        else:
            words.append(word)
        depth = max(depth + word.count("(") - word.count(")"), 0)
    out: list[tuple[str, str]] = []
    for word in words:
        if cell_len(word) <= room or ")(" not in word:
            out.append((" ", word))
            continue
        pieces = word.split(")(")
        for k, piece in enumerate(pieces):
            piece = ("(" if k else "") + piece + (")" if k < len(pieces) - 1 else "")
            out.append(("" if k else " ", piece))
    return out


def wrapped(head: Text, body: str, width: int, indent: int, style: str = "") -> Text:
    """`head` then `body`, broken into lines of at most `width` cells at the places `atoms`
    allows; a continued line starts `indent` cells in (2 if that leaves too little room)."""
    indent = indent if indent <= width // 2 else 2
    lines = [head.copy()]
    for n, (sep, piece) in enumerate(atoms(body, width - indent)):
        sep = "" if n == 0 else sep
        line = lines[-1]
        size = cell_len(line.plain.rstrip())
        if size > indent and cell_len(line.plain) + len(sep) + cell_len(piece) > width:
            line.rstrip()
            lines.append(Text(" " * indent))
            sep = ""
        lines[-1].append(sep + piece, style=style)
    return Text("\n").join(lines)
