"""The network as a diagram: inputs -> hidden units -> output, with their current values.

Each hidden unit shows z1, a1 and, once backward reaches it, σ' and δ1; the
output shows z2, y_pred, the target, L and δ2. Only values the cursor has
already computed are shown (a dot stands for "not yet"). The value the
current event writes is highlighted and the values it reads are underlined,
found by the event's keys (a weight is drawn as the arrow it labels, a bias
in its unit's z); during backward the arrows point back, the way the
gradient flows. In a narrow panel the inputs move to the first line, the
spacing tightens and, last, numbers are rounded to 2 significant digits: a
number is rounded, never cut off.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tinynn import Event
from tinynn.keys import PARAM_OF_GRAD, Key

from .numbers import HIGHLIGHT, USED, signed
from .trace_view import TraceView

DIGITS = 3
VALUE_W = 8  # cells for one value, e.g. "−6.23e−05" needs 9 and pushes the line
ARROW_IN, ARROW_OUT = "→h", "h→"  # places of the arrows into and out of hidden unit j


def place(key: Key) -> Key | None:
    """Where the diagram draws `key`: a value in its own cell, a weight (or its gradient) on
    the arrow into or out of its hidden unit, a bias (or its gradient) in its unit's z, η
    nowhere (the status bar shows it)."""
    name, index = key
    name = PARAM_OF_GRAD.get(name, name)
    if name == "W1":
        return (ARROW_IN, index[:1])
    if name == "W2":
        return (ARROW_OUT, index)
    if name == "b1":
        return ("z1", index)
    if name == "b2":
        return ("z2", ())
    if name == "lr":
        return None
    return (name, index)


def marks(event: Event | None) -> dict[Key, str]:
    """The style of each place `event` concerns: highlighted what it writes, underlined what
    it reads."""
    if event is None:
        return {}
    out = {p: USED for p in map(place, event.reads) if p is not None}
    written = place(event.writes)
    if written is not None:
        out[written] = HIGHLIGHT
    return out


class NetworkDiagram(TraceView):
    """Inputs, hidden units and the output with the values computed so far."""

    def render(self) -> Text:
        return self.text()

    def plain_text(self) -> str:
        """What the diagram shows, without styles (for tests)."""
        return self.text().plain

    def text(self) -> Text:
        """The widest layout that fits the panel (the inputs on the first line if need be)."""
        if self._trace is None:
            return Text("")
        layouts = [
            (VALUE_W, " {} ", True, DIGITS),
            (VALUE_W - 1, "{} ", False, DIGITS),
            (VALUE_W - 2, "{}", False, DIGITS),
            (VALUE_W - 3, "{}", False, 2),
        ]
        for pad, arrow_fmt, inputs_column, digits in layouts:
            text = self._layout(pad, arrow_fmt, inputs_column, digits)
            if _width(text) <= self.content_size.width:
                return text
        return text  # the narrowest; cropped only below the walkthrough's minimum width

    def _layout(self, pad: int, arrow_fmt: str, inputs_column: bool, digits: int) -> Text:
        trace = self._trace
        assert trace is not None
        done = trace.events[: self._cursor + 1]
        values = {e.writes: e.value for e in done}  # every value so far, by its key
        event = done[-1] if done else None
        style = marks(event)
        step = trace.step
        h, n = step.params.n_hidden, len(step.x)
        values |= {("x", (i,)): step.x[i] for i in range(n)} | {("y", ()): step.y}

        def val(key: Key, label: str, width: int | None = None) -> Text:
            t = Text(f"{label} ")
            v = values.get(key)
            t.append_text(signed(v, digits) if v is not None else Text("·", "dim"))
            if key in style:
                t.stylize(style[key])
            if width is not None:
                t.pad_right(width - cell_len(t.plain))
            return t

        def cell(key: Key, label: str) -> Text:
            return val(key, label, cell_len(label) + 1 + pad)

        # each column is a list of lines
        col_in = [val(("x", (i,)), f"x[{i}]") for i in range(n)]
        col_h: list[Text] = []
        for j in range(h):
            top = Text(f"h{j} ") + cell(("z1", (j,)), "z1")
            top += Text(" ") + cell(("a1", (j,)), "a1")
            bottom = Text("   ") + cell(("sigma_prime", (j,)), "σ'")
            bottom += Text(" ") + cell(("delta1", (j,)), "δ1")
            col_h += [top, bottom]
        y_label = "p " if step.task == "classification" else "ŷ "
        col_out = [
            cell(("z2", ()), "z2"),
            cell(("y_pred", ()), y_label),
            val(("y", ()), "y "),
            cell(("L", ()), "L "),
            cell(("delta2", ()), "δ2"),
        ]

        arrow = arrow_fmt.format("◀─" if event is not None and event.phase == "backward" else "─▶")
        gap = " " * cell_len(arrow)
        w_in = max(cell_len(t.plain) for t in col_in)
        w_h = max(cell_len(t.plain) for t in col_h)
        header = Text(no_wrap=True, overflow="crop")
        if inputs_column:
            header.append("inputs".ljust(w_in + len(gap)), "bold")
            header.append(f"hidden (σ) ×{h}".ljust(w_h + len(gap)), "bold")
            header.append("output", "bold")
        else:
            header.append("inputs ", "bold")
            header.append_text(Text("  ").join(col_in))
            col_in = []
        rows = max(len(col_in), len(col_h), len(col_out))
        top_in = (rows - len(col_in)) // 2
        top_h = (rows - len(col_h)) // 2
        top_out = (rows - len(col_out)) // 2
        lines = [header]
        for r in range(rows):
            line = Text(no_wrap=True, overflow="crop")
            k = r - top_h
            unit = k // 2 if 0 <= k < len(col_h) and k % 2 == 0 else None
            arrow_in = style.get((ARROW_IN, (unit,)), "dim") if unit is not None else "dim"
            arrow_out = style.get((ARROW_OUT, (unit,)), "dim") if unit is not None else "dim"
            if col_in:
                line += _cell(col_in, r - top_in, w_in)
                left = arrow if unit is not None else gap
                line.append(left, arrow_in)
            line += _cell(col_h, k, w_h)
            right = arrow if unit is not None else gap
            line.append(right, arrow_out)
            line += _cell(col_out, r - top_out, 0)
            lines.append(line)
        out = Text("\n").join(lines)
        out.no_wrap, out.overflow = True, "crop"
        return out


def _width(text: Text) -> int:
    """The widest line of `text` in cells."""
    return max(cell_len(line) for line in text.plain.split("\n"))


def _cell(column: list[Text], k: int, width: int) -> Text:
    """Line k of a column padded to `width` (blank outside the column)."""
    t = column[k].copy() if 0 <= k < len(column) else Text("")
    if width:
        t.pad_right(width - cell_len(t.plain))
    return t
