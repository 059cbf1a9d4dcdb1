"""Where the network graph (tui/widgets/network.py) puts things: each key's place, the rows.

`place` maps a key of the trace to what draws it: an edge for a weight or its
gradient, a node's value cell for a value, the node itself for a bias, nothing
for η; `marks` styles the places an event reads and writes. `rows_for` is the
vertical layout: how many rows each hidden unit gets, which units are drawn
when not all fit (a window that follows the event), and the row of every
input, unit and output line. `out_rows` and `panel_title` decide what the
output column and the panel's title keep in too little room. Pure functions
of the trace's keys and the panel's size; the drawing is network.py's.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len

from tinynn import Event
from tinynn.core.names import PARAM_OF_GRAD, Key

from .numbers import HIGHLIGHT, USED

HIDDEN_KEYS = ("z1", "a1", "sigma_prime", "delta1", "b1", "db1")
OUT: tuple[tuple[Key, str], ...] = (
    (("z2", ()), "z2"), (("y_pred", ()), "ŷ "), (("y", ()), "y "), (("L", ()), "L "),
    (("delta2", ()), "δ2"),
)  # fmt: skip


def place(key: Key) -> Key | None:
    """Where the graph draws `key`: an edge for a weight or its gradient, a node's value cell
    for a value, the node itself for a bias or its gradient, η nowhere (the status bar)."""
    name, index = key
    name = PARAM_OF_GRAD.get(name, name)
    if name == "W1":
        return ("edge1", index)
    if name == "W2":
        return ("edge2", index)
    if name == "b1":
        return ("h", index)
    if name == "b2":
        return ("out", ())
    if name == "lr":
        return None
    return (name, index)


def marks(event: Event | None) -> dict[Key, str]:
    """The style of each place `event` concerns: what it writes highlighted, what it reads
    underlined."""
    if event is None:
        return {}
    out = {p: USED for p in map(place, event.reads) if p is not None}
    written = place(event.writes)
    if written is not None:
        out[written] = HIGHLIGHT
    return out


def focus_unit(event: Event | None) -> int:
    """The hidden unit the event concerns (the window of a large network follows it)."""
    if event is None:
        return 0
    for name, index in (event.writes, *event.reads):
        if index and (name in HIDDEN_KEYS or PARAM_OF_GRAD.get(name, name) in ("W1", "W2")):
            return index[0]
    return 0


class Rows(NamedTuple):
    """The graph's rows below its header line, and which node goes on which."""

    rows: int  # how many
    per: int  # rows per hidden unit: 1 to 4
    units: range  # the hidden units drawn: all, or a window around the event's
    unit_row: dict[int, int]  # the first row of each unit drawn
    in_row: list[int]  # the row of each input
    out_rows: list[int]  # which output lines (indices into OUT) are drawn
    out_top: int  # the row of the first of them


def rows_for(h: int, n: int, height: int, event: Event | None, style: dict[Key, str]) -> Rows:
    """The rows of a graph of `n` inputs and `h` hidden units in `height` rows (its header
    included): as many hidden units as fit below the header, a window around the event's
    unit if not all do; never more rows than the panel has (it would crop them without a
    word)."""
    phase = event.phase if event is not None else "forward"
    room_rows = max(height - 1, 1)
    per = min(room_rows // h, 4) if h <= 8 and 2 * h <= room_rows else 1
    shown = min(h, max(room_rows // per, 1))
    first = min(max(focus_unit(event) - shown // 2, 0), h - shown)
    units = range(first, first + shown)
    rows = max(min(len(OUT), room_rows), per * shown)
    # the output column's rows (z2, ŷ, y, L, δ2): all five, else those the event concerns
    out = out_rows(phase, style, min(len(OUT), rows))
    unit_row = {j: (k * per) + (rows - per * shown) // 2 for k, j in enumerate(units)}
    in_row = [round((i + 0.5) * rows / n - 0.5) for i in range(n)]
    return Rows(rows, per, units, unit_row, in_row, out, (rows - len(out)) // 2)


def out_rows(phase: str, style: dict[Key, str], size: int) -> list[int]:
    """Which `size` of the output rows (z2, ŷ, y, L, δ2: 0 to 4) to show, in order: those the
    event writes or reads (else the phase's own: L in the loss phase, δ2 in backward), then
    their neighbours. Of more concerned rows than fit, the last: the rows are in the order of
    computation, so the last is the one the event writes."""
    if size >= len(OUT):
        return list(range(len(OUT)))
    concerned = [k for k, (key, _) in enumerate(OUT) if place(key) in style]
    if ("out", ()) in style:  # b2 and its gradient are drawn on the z2 row
        concerned.insert(0, 0)
    if not concerned:
        concerned = {"loss": [3], "backward": [4]}.get(phase, [0])
    chosen = concerned[-size:]
    rest = sorted(
        set(range(len(OUT))) - set(chosen), key=lambda k: (min(abs(k - c) for c in chosen), k)
    )
    return sorted(chosen + rest[: size - len(chosen)])


def panel_title(shape: str, what: str, off: list[tuple[str, str]], width: int) -> str:
    """The panel's title, shortened to fit its border (the diagram is `width` wide; the
    border's corners and spaces take 4). What the edges show is always said, since an edge's
    label is only a number without it ("+0.55": W2[2], or ∂L/∂W2[2], or its change), and so
    is what is off screen: the shape, the words and the formula of the change give way first
    ("1-16-1 · h2–h15 of 16 · edges ∂L/∂W")."""
    full = "".join(f" · {f}" for f, _ in off)
    short = "".join(f" · {s}" for _, s in off)
    brief = what.split(" = ")[0]  # "ΔW = new − old": its formula is in the edge's own line
    titles = [
        f"network {shape} · edges: {what}{full}",
        f"network {shape} · edges: {what}{short}",
        f"{shape}{short} · edges {what}",
        f"{shape}{short} · edges {brief}",
        f"{short.removeprefix(' · ')} · edges {brief}".removeprefix(" · "),
    ]
    titles.append(f"{short.removeprefix(' · ')} · {brief}".removeprefix(" · "))
    return next((t for t in titles if cell_len(t) <= width - 4), titles[-1])
