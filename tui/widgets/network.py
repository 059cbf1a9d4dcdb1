"""The network as a diagram: inputs -> hidden units -> output, with their current values.

Each hidden unit shows z1, a1 and, once backward reaches it, σ' and δ1; the
output shows z2, y_pred, the target, L and δ2. Only values the cursor has
already computed are shown (a dot stands for "not yet"). The unit or
connection the current event is about is highlighted; during backward the
arrows point back, the way the gradient flows. In a narrow panel the
inputs move to the first line, the spacing tightens and, last, numbers are
rounded to 2 significant digits: a number is rounded, never cut off.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tinynn import Event

from .numbers import HIGHLIGHT, signed
from .trace_view import TraceView

DIGITS = 3
VALUE_W = 8  # cells for one value, e.g. "−6.23e−05" needs 9 and pushes the line


def _concerns(event: Event | None) -> tuple[set[int], set[int], set[int], bool]:
    """Which inputs, hidden units and W2 connections (by j) `event` is about, and the output."""
    if event is None:
        return set(), set(), set(), False
    name, idx = event.name, event.index
    inputs: set[int] = set()
    hidden: set[int] = set()
    w2: set[int] = set()
    output = False
    if name in ("z1", "a1", "sigma_prime", "b1", "db1"):
        hidden.add(idx[0])
    elif name in ("W1", "dW1"):
        hidden.add(idx[0])
        inputs.add(idx[1])
    elif name == "delta1":
        hidden.add(idx[0])
        w2.add(idx[0])
    elif name in ("W2", "dW2"):
        w2.add(idx[0])
        hidden.add(idx[0])
    else:  # z2, y_pred, L, delta2, db2, b2
        output = True
    return inputs, hidden, w2, output


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
        values = {(e.phase, e.label): e.value for e in done}
        event = done[-1] if done else None
        inputs_hl, hidden_hl, w2_hl, out_hl = _concerns(event)
        step = trace.step
        h, n = step.params.n_hidden, len(step.x)

        def val(phase: str, key: str, label: str) -> Text:
            t = Text(f"{label} ")
            v = values.get((phase, key))
            t.append_text(signed(v, digits) if v is not None else Text("·", "dim"))
            t.pad_right(cell_len(label) + 1 + pad - cell_len(t.plain))
            return t

        # each column is a list of lines
        col_in = [Text(f"x[{i}] ") + signed(step.x[i], digits) for i in range(n)]
        for i in inputs_hl:
            col_in[i].stylize(HIGHLIGHT)
        col_h: list[Text] = []
        for j in range(h):
            top = Text(f"h{j} ") + val("forward", f"z1[{j}]", "z1")
            top += Text(" ") + val("forward", f"a1[{j}]", "a1")
            bottom = Text("   ") + val("backward", f"sigma_prime[{j}]", "σ'")
            bottom += Text(" ") + val("backward", f"delta1[{j}]", "δ1")
            if j in hidden_hl:
                top.stylize(HIGHLIGHT)
                bottom.stylize(HIGHLIGHT)
            col_h += [top, bottom]
        y_label = "p " if step.task == "classification" else "ŷ "
        col_out = [
            val("forward", "z2", "z2"),
            val("forward", "y_pred", y_label),
            Text("y  ") + signed(step.y, digits),
            val("loss", "L", "L "),
            val("backward", "delta2", "δ2"),
        ]
        if out_hl:
            for t in col_out:
                t.stylize(HIGHLIGHT)

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
            if col_in:
                line += _cell(col_in, r - top_in, w_in)
                left = arrow if unit is not None else gap
                line.append(left, HIGHLIGHT if unit in hidden_hl and inputs_hl else "dim")
            line += _cell(col_h, k, w_h)
            right = arrow if unit is not None else gap
            line.append(right, HIGHLIGHT if unit in w2_hl else "dim")
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
