"""The network as a graph: input nodes, hidden nodes and the output node joined by edges.

    x[0] −3 ⠤⠒⠉⠉ +0.69 ▶ h0 z1 −2.07  a1 0.112   −0.28 ⠑⠢⢄  z2 −0.0976
                ...                                          ŷ  −0.0976 ...

Every input is joined to every hidden unit (W1[j][i]) and every hidden unit to
the output (W2[j]); the edges are Braille lines, drawn solid for a positive
number and dotted for a negative one (the sign reads without colour, on a
projector or with NO_COLOR), coloured by sign and doubled where the number is
large for its layer. Each edge is labelled where it arrives: its weight in the
forward pass, its gradient ∂L/∂W once backward has computed it, its change
Δ = new − old once the update has. With two inputs or more, the labels of one
hidden unit's edges sit side by side, each after the index of its input
("[0]−0.25 [1]+1▶h1": W1[1][0], W1[1][1]). A hidden node shows z1 and a1 (σ' and δ1
in backward and update; all four when there is room).

The nodes and edges the current event reads are underlined and drawn in the
highlight colour; the one it writes is highlighted. Both are found by the
event's keys, never by names. The graph takes the rows the equation panel
below it leaves (its chain rule first): more hidden units than fit (at 100×30,
more than 14) are shown as a window that follows the current event, and the
header says how many are off screen.

Where each part goes (the place of each key, the rows of the nodes, the window
of hidden units, the title that fits) is tui/widgets/network_layout.py; this
module draws: the node cells, the Braille edges, their labels, the header.

Numbers follow the one precision policy (`tinynn.core.numbers.number_text`): the
trace's digits, or, where the panel has no room for them, the compact form,
the most digits that fit (at least 2); the full value is in the equation
panel and the parameter table.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size

from tinynn import Event, Trace
from tinynn.core.names import Key, gradient, index_text
from tinynn.core.numbers import precisions

from .canvas import Braille
from .network_layout import OUT, marks, panel_title, place, rows_for
from .numbers import (
    COLORS,
    HIGHLIGHT,
    PENDING,
    USED,
    Drawn,
    drawn,
    enough,
    number,
    signed,
    signed_label,
)
from .room import rows_left
from .trace_view import TraceView

EDGE_READ = "bold #e5c07b"
SYMBOLS = {"z1": "z1", "a1": "a1", "sigma_prime": "σ'", "delta1": "δ1"}


class NetworkDiagram(TraceView):
    """The graph of the network with the values computed so far."""

    def show(self, trace: Trace, cursor: int) -> None:
        """Display `trace` with events 0..cursor computed; the screen is laid out again when
        the graph wants another height (another number of hidden units: another network),
        since a repaint alone keeps the height of the network before."""
        before = self._trace
        super().show(trace, cursor)
        if before is None or _units(before) != _units(trace):
            self.refresh(layout=True)

    def render(self) -> Text:
        return self.text()

    def plain_text(self) -> str:
        """What the graph shows, without styles (for tests)."""
        return self.text().plain

    def drawn_numbers(self) -> list[Drawn]:
        """The numbers of the graph and where they are (for tests)."""
        return drawn(self.text())

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many rows as the graph wants, as far as the equation panel below keeps its
        minimum height (the rows of its chain rule); the stylesheet caps it too."""
        if self._trace is None:
            return 6
        h = _units(self._trace)
        per = 2 if h <= 8 else 1
        # a tall terminal spreads a small network out (the stylesheet caps the height)
        want = 1 + max(5, per * h, min(4 * h, container.height * 2 // 5 - 1))
        return max(min(want, rows_left(self, container, viewport)), 3)

    def text(self) -> Text:
        if self._trace is None:
            return Text("")
        width = max(self.content_size.width, 20)
        # the height the panel really has (the stylesheet caps what get_content_height asks)
        height = max(self.content_size.height, 2)
        text, title = draw(self._trace, self._cursor, width, height)
        if self.border_title != title:
            self.border_title = title
        return text


def _units(trace: Trace) -> int:
    """The hidden units of `trace`'s network: what the graph's height depends on."""
    return trace.step.params.n_hidden


def draw(trace: Trace, cursor: int, width: int, height: int) -> tuple[Text, str]:
    """The graph of `trace` with events 0..cursor computed, in `width` × `height` cells, and
    the panel's title (the shape, what the edges show, the hidden units off screen)."""
    step = trace.step
    p, x = step.params, step.x
    h, n = p.n_hidden, len(x)
    done = trace.events[: cursor + 1]
    values: dict[Key, float] = {e.writes: e.value for e in done if e.phase != "update"}
    updated = {e.writes: e.value for e in done if e.phase == "update"}
    values |= {("x", (i,)): x[i] for i in range(n)} | {("y", ()): step.y}
    event = done[-1] if done else None
    phase = event.phase if event is not None else "forward"
    style = marks(event)
    # which hidden units fit below the header line, and the row of every node
    layout = rows_for(h, n, height, event, style)
    rows, per, units, out_rows = layout.rows, layout.per, layout.units, layout.out_rows
    shown, first = len(units), units.start

    def edge(name: str, index: tuple[int, ...]) -> float | None:
        """The number an edge shows in this phase (None: not computed yet)."""
        if phase in ("forward", "loss"):
            return p.get((name, index))
        if phase == "backward":
            return values.get((gradient(name), index))
        new = updated.get((name, index))
        return None if new is None else new - p.get((name, index))

    digits = [trace.digits]  # the cells' digits: the trace's, fewer in a narrow panel

    def cell(key: Key, label: str = "", source: dict[Key, float] = values) -> Text:
        v = source.get(key)
        t = Text(f"{label} " if label else "")
        if v is None:
            t.append("·", PENDING)
        else:
            t.append_text(signed(v, enough(v, digits[0], trace.digits)))
        at = place(key)
        if at is not None and at in style:
            t.stylize(style[at])
        return t

    def plain_width(key: Key) -> int:
        """The width of `key`'s cell, from the value it has at the end of the step."""
        v = every.get(key, values.get(key))
        return 1 if v is None else cell_len(number(v, enough(v, digits[0], trace.digits)))

    def w1_label(j: int, i: int, digits: int) -> Text:
        t = signed_label(edge("W1", (j, i)), digits, trace.digits)
        if n > 1:  # the labels of one unit sit side by side: each says its input, [i]
            t = Text(f"[{i}]", "italic") + t
        if ("edge1", (j, i)) in style:
            t.stylize(style["edge1", (j, i)])
        return t

    def w2_label(j: int, digits: int) -> Text:
        t = signed_label(edge("W2", (j,)), digits, trace.digits)
        if ("edge2", (j,)) in style:
            t.stylize(style["edge2", (j,)])
        return t

    y_label = "p " if step.task == "classification" else "ŷ "
    # column widths from every value of the step, so that stepping never moves a column
    every = {e.writes: e.value for e in trace.events if e.phase != "update"}

    # a hidden unit: its name, then its values in columns named in the header line; all four
    # values where they fit (two rows per unit, or one wide row), else the phase's two, or
    # one, in the trace's digits, else the compact form's fewer (the one policy)
    two = ["z1", "a1"] if phase in ("forward", "loss") else ["sigma_prime", "delta1"]
    one = ["a1"] if phase in ("forward", "loss") else ["delta1"]
    four = ["z1", "a1", "sigma_prime", "delta1"]
    wide = [["z1", "a1"], ["sigma_prime", "delta1"]] if per >= 2 else [four]
    fewest = precisions(trace.digits)[-1]
    layouts = [(cols, d) for cols in (wide, [two]) for d in precisions(trace.digits)]
    layouts.append(([one], fewest))
    w_name = cell_len(f"h{units[-1]} ")
    for cols, layout_digits in layouts:
        digits[0] = layout_digits
        out_lines = [
            cell(("z2", ()), "z2"),
            cell(("y_pred", ()), y_label),
            cell(("y", ()), "y "),
            cell(("L", ()), "L "),
            cell(("delta2", ()), "δ2"),
        ]
        in_lines = [cell(("x", (i,)), f"x[{i}]") for i in range(n)]
        w_in = max(cell_len(t.plain) for t in in_lines)
        w_out = max(8, 2 + max(cell_len(lab) + 1 + plain_width(k) for k, lab in OUT))
        widths = [
            max(
                cell_len("/".join(SYMBOLS[c[k]] for c in cols)),
                *(plain_width((c[k], (j,))) for c in cols for j in units),
            )
            for k in range(len(cols[0]))
        ]
        w_hid = w_name + sum(w + 1 for w in widths)
        fixed = w_in + 1 + w_hid + w_out
        if width - fixed >= 14:
            break
    if ("out", ()) in style:
        out_lines[0].stylize(style["out", ()], 0, 2)
    hid: dict[int, list[Text]] = {}
    for j in units:
        hid[j] = []
        for r, c in enumerate(cols):
            line = Text(f"h{j}" if r == 0 else "", style.get(("h", (j,)), "bold"))
            line = _pad(line, w_name)
            for k, name in enumerate(c):
                line += _pad(cell((name, (j,))), widths[k] + 1)
            hid[j].append(line)
    heading = Text(" " * w_name)
    for k, size in enumerate(widths):
        heading.append("/".join(SYMBOLS[c[k]] for c in cols).ljust(size + 1), "bold")

    room = max(width - fixed, 4)  # narrow fans rather than a cut number in the output column
    fan1 = max(room * 11 // 20, 2)
    fan2 = max(room - fan1, 2)

    unit_row, in_row, out_top = layout.unit_row, layout.in_row, layout.out_top

    # the edges: W1 from each input to each shown unit, W2 from each unit to the output
    canvas1, canvas2 = Braille(fan1, rows), Braille(fan2, rows)
    top1 = max((abs(p.W1[j][i]) for j in units for i in range(n)), default=1.0) or 1.0
    top2 = max((abs(p.W2[j]) for j in units), default=1.0) or 1.0
    todo: list[tuple[Braille, int, int, float, float, str]] = []
    for j in units:
        for i in range(n):
            w = p.W1[j][i]
            hot = EDGE_READ if ("edge1", (j, i)) in style else ""
            todo.append((canvas1, in_row[i], unit_row[j], w, abs(w) / top1, hot))
        w = p.W2[j]
        hot = EDGE_READ if ("edge2", (j,)) in style else ""
        todo.append((canvas2, unit_row[j], out_top, w, abs(w) / top2, hot))
    todo.sort(key=lambda e: e[5] != "")  # the highlighted edges last: their colour wins
    for canvas, r0, r1, w, big, hot in todo:
        _edge(canvas, r0, r1, w, big, hot)
    lines1, lines2 = canvas1.lines(), canvas2.lines()

    # each edge's number where it meets its hidden unit: all where they fit, else those of
    # the edges the event reads or writes
    for label_digits in precisions(trace.digits):  # the most digits that fit (the policy)
        labels1 = {j: [w1_label(j, i, label_digits) for i in range(n)] for j in units}
        all1 = all(cell_len(Text(" ").join(ls).plain) + 3 <= fan1 for ls in labels1.values())
        labels2 = {j: w2_label(j, label_digits) for j in units}
        all2 = all(cell_len(t.plain) + 2 <= fan2 for t in labels2.values())
        if all1 and all2:
            break
    for j in units:
        r = unit_row[j]
        ls = labels1[j] if all1 else [labels1[j][i] for i in range(n) if ("edge1", (j, i)) in style]
        if cell_len(Text(" ").join(ls).plain) + 1 > fan1:  # too many: the one written first
            ls = sorted(ls, key=lambda t: not _written(t))[:1]
            if ls and cell_len(ls[0].plain) + 1 > fan1:  # in the fewest digits, if need be
                i = next(i for i in range(n) if labels1[j][i].plain == ls[0].plain)
                ls = [w1_label(j, i, precisions(trace.digits)[-1])]
        lines1[r] = _overlay(lines1[r], Text(" ").join(ls), fan1, right=True)
        if all2 or ("edge2", (j,)) in style:
            lines2[r] = _overlay(lines2[r], labels2[j], fan2, right=False)

    header = Text(no_wrap=True, overflow="crop")
    header.append("inputs".ljust(w_in + 1 + fan1), "bold")
    header.append_text(_pad(heading, w_hid + fan2))
    header.append("  output", "bold")
    what = {"forward": "W", "loss": "W", "backward": "∂L/∂W", "update": "ΔW = new − old"}[phase]
    off = []  # what is not drawn: (in full, in short)
    if shown < h:
        window = f"h{first}–h{first + shown - 1}"
        off.append((f"{window} shown, {h - shown} off screen", f"{window} of {h}"))
    if len(out_rows) < len(OUT):
        names = [label.strip() for _, label in OUT]
        names[1] = y_label.strip()
        hidden = ", ".join(names[k] for k in range(len(OUT)) if k not in out_rows)
        off.append((f"{hidden} off screen", f"{hidden} off"))
    title = panel_title(f"{n}-{h}-1", what, off, width)

    out = [header]
    for r in range(rows):
        line = Text(no_wrap=True, overflow="crop")
        line += _pad(in_lines[in_row.index(r)] if r in in_row else Text(""), w_in + 1)
        line += lines1[r]
        unit = next((j for j in units if unit_row[j] <= r < unit_row[j] + per), None)
        body = Text("")
        if unit is not None and r - unit_row[unit] < len(hid[unit]):
            body = hid[unit][r - unit_row[unit]]
        line += _pad(body, w_hid)
        line += lines2[r]
        k = r - out_top
        body = out_lines[out_rows[k]] if 0 <= k < len(out_rows) else Text("")
        line += Text("▶ " if k == 0 else "  ", "bold") + body
        out.append(line)
    current = edge_line(event, phase, edge, trace.digits)
    if current is not None and len(out) < height:  # a spare row: the current edge, in full
        out += [Text("")] * (height - len(out) - 1) + [current]
    text = Text("\n").join(out)
    text.no_wrap, text.overflow = True, "crop"
    return text, title


def edge_line(
    event: Event | None,
    phase: str,
    edge: Callable[[str, tuple[int, ...]], float | None],
    digits: int,
) -> Text | None:
    """The edge the event writes (else the first it reads), named by its ends, with the
    number it shows in this phase to all the digits: "edge x[0] → h0: ∂L/∂W1[0][0] = ..."."""
    if event is None:
        return None
    for key in (event.writes, *event.reads):
        at = place(key)
        if at is None or at[0] not in ("edge1", "edge2"):
            continue
        index = at[1]
        name = "W1" if at[0] == "edge1" else "W2"
        ends = edge_ends((name, index))
        what = {"backward": "∂L/∂", "update": "Δ"}.get(phase, "")
        v = edge(name, index)
        shown = Text("·", PENDING) if v is None else signed(v, digits)
        style = HIGHLIGHT if key == event.writes else USED
        head = Text(f"edge {ends}: {what}{name}{index_text(index)} = ")
        head.stylize(style)
        return head + shown
    return None


def edge_ends(param: Key) -> str | None:
    """The edge a weight labels, by the nodes it joins ("x[0] → h1", "h2 → z2"); None for a
    bias, which belongs to a node."""
    name, index = param
    if name == "W1":
        return f"x[{index[1]}] → h{index[0]}"
    if name == "W2":
        return f"h{index[0]} → z2"
    return None


def _overlay(line: Text, label: Text, width: int, right: bool) -> Text:
    """`label` written over the Braille `line` at its right (or left) end, one space apart
    (the whole fan if it needs it: a number is never cut, the line may be)."""
    size = cell_len(label.plain)
    if not label.plain or size > width:
        return line
    if size + 2 > width:  # no room for "▶": a space keeps the label off the node's name
        if not right:
            return _pad(label, width)  # the output column's "▶ " follows it
        if size + 1 > width:
            return line  # left out rather than run into "h0" ("+0.0036h0")
        return Text(" " * (width - size - 1)) + label + " "
    if right:
        return line[: width - size - 2] + Text(" ") + label + Text("▶", "bold")
    return label + Text(" ") + line[size + 1 :]


def _written(label: Text) -> bool:
    """Whether an edge label is the one the event writes (drawn in the highlight)."""
    return any(HIGHLIGHT in str(span.style) for span in label.spans)


def _edge(canvas: Braille, r0: int, r1: int, w: float, size: float, hot: str) -> None:
    """One edge from row r0 (left) to row r1 (right): solid if w >= 0, dotted if w < 0, doubled
    when |w| is at least half the largest of its layer."""
    style = hot or (COLORS["positive"] if w >= 0 else COLORS["negative"])
    y0, y1 = 4 * r0 + 1, 4 * r1 + 1
    x1 = canvas.width - 1
    steps = max(abs(x1), abs(y1 - y0), 1)
    for k in range(steps + 1):
        if w < 0 and k % 3 == 2:
            continue  # dotted: every third dot left out
        xx = round(x1 * k / steps)
        yy = round(y0 + (y1 - y0) * k / steps)
        canvas.dot(xx, yy, style)
        if size >= 0.5:
            canvas.dot(xx, yy + 1, style)


def _pad(t: Text, width: int) -> Text:
    t = t.copy()
    t.pad_right(max(width - cell_len(t.plain), 0))
    return t
