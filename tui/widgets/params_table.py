"""The parameter table: every weight and bias, its gradient, and its update.

     θ             value      ∂L/∂θ        new
     W1[0][0]       0.69     0.0123     0.6838

A Textual `DataTable` with a row cursor: the row under the cursor is the
parameter selected for editing by hand (↑ / ↓ move it, `w` edits it). The
gradient column fills in as backward computes it, the new value as the
update applies it; a new value that prints as the old one (an update below the
column's digits) shows its change instead, "Δ−0.0018". The rows the current
event writes are highlighted, the rows it reads are underlined; both come from
the event's keys (a gradient key names its parameter through
`tinynn.core.names.PARAM_OF_GRAD`). Numbers follow the one precision policy
(`tinynn.core.numbers.number_text`): the trace's digits, or the most that fit
the panel (at least 2), never cut off.

With `--check FILE.py` a fifth column, "yours", shows the student's ∂L/∂θ
(recovered from their updated θ when that is all they returned) beside ours,
once ours is computed; the row of their first difference (a gradient or an
update) is marked ✗ from the start, a later differing gradient ≠.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from tinynn import Event, Trace
from tinynn.core.names import GRAD, PARAM_OF_GRAD, PARAMS, Key, key_text
from tinynn.core.numbers import precisions

from .numbers import COLORS, HIGHLIGHT, USED, Drawn, drawn, number, signed, signed_style, valued
from .room import rows_left

PENDING_DOT = Text("·", "italic")
COLUMNS = ("θ", "value", "∂L/∂θ", "new")
YOURS = "yours"  # the student's ∂L/∂θ (--check)
FIRST_MARK, OTHER_MARK = "✗ ", "≠ "
MARK_STYLE = "bold #ff5f5f"
SCROLLBAR = 1  # columns kept free for the vertical scrollbar (see DEFAULT_CSS)


def param_of(key: Key) -> Key | None:
    """The parameter row a key concerns: W1[1][0] for W1[1][0] and dW1[1][0], else None."""
    name, index = key
    if name in PARAMS:
        return key
    if name in PARAM_OF_GRAD:
        return (PARAM_OF_GRAD[name], index)
    return None


def concerned(event: Event | None) -> tuple[set[Key], set[Key]]:
    """The parameters `event` writes (its gradient or its update) and those it reads."""
    if event is None:
        return set(), set()
    written = {p for p in (param_of(event.writes),) if p is not None}
    read = {p for p in map(param_of, event.reads) if p is not None} - written
    return written, read


def same_text(new: float, old: float, digits: int) -> bool:
    """Whether two different values print alike in `digits`."""
    return new != old and number(new, digits) == number(old, digits)


def change(delta: float, digits: int, width: int) -> Text:
    """ "Δ+0.0012": an update too small to show in the new value's digits, as the change."""
    text = number(delta, digits, width - 2)
    return Text("Δ", "bold") + valued(("+" if delta > 0 else "") + text, delta, signed_style(delta))


class ParamTable(DataTable[Text]):
    """Every parameter with its value, gradient (once computed) and new value (once applied)."""

    DEFAULT_CSS: ClassVar[str] = """
    ParamTable {
        background: transparent;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    ParamTable > .datatable--cursor {
        background: $primary 40%;
        text-style: bold;
    }
    ParamTable > .datatable--header {
        background: transparent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        # Not focusable: ← → ⏎ and page keys step the walkthrough, so the app's ↑ / ↓
        # move this table's cursor (`select`); the cursor row is the selected parameter.
        # The numbers keep their colours on the cursor row, and the row being computed keeps
        # its highlight when the cursor is on it (the cells' styles win over the cursor's).
        super().__init__(
            id=id,
            cursor_type="row",
            cell_padding=0,
            zebra_stripes=False,
            cursor_foreground_priority="renderable",
            cursor_background_priority="renderable",
        )
        self.can_focus = False
        self._trace: Trace | None = None
        self._cursor = -1
        self._keys: list[Key] = []
        self._layout: tuple[int, ...] = ()  # column widths the rows were built for
        self._built: tuple[str, ...] = ()  # the columns they were built with
        self._shown: dict[Key, tuple[Text, ...]] = {}
        self._yours: Mapping[Key, float] | None = None  # the student's numbers (--check)
        self._differing: list[Key] = []
        # the trace, what else the widths depend on, and the widths (see `_widths`)
        self._measured: tuple[Trace, object, tuple[int, ...]] | None = None
        self._made: dict[Key, tuple[object, tuple[Text, ...]]] = {}  # each row, what made it

    @property
    def columns_shown(self) -> tuple[str, ...]:
        """The columns' keys: θ, value, ∂L/∂θ, new, and yours with --check."""
        return COLUMNS if self._yours is None else (*COLUMNS, YOURS)

    @property
    def selected_key(self) -> Key | None:
        """The parameter under the cursor (the one `w` edits), None before the first show."""
        if not self._keys:
            return None
        return self._keys[min(max(self.cursor_row, 0), len(self._keys) - 1)]

    @property
    def digits(self) -> int:
        """The significant digits the numbers are shown in: the trace's, or fewer where the
        panel is too narrow for them (the compact form of `tinynn.core.numbers.number_text`)."""
        return self._layout[4] if self._layout else 0

    def select(self, delta: int) -> None:
        """Move the cursor `delta` rows, wrapping around."""
        if self._keys:
            self.move_cursor(row=(self.cursor_row + delta) % len(self._keys))

    def show(
        self,
        trace: Trace,
        cursor: int,
        yours: Mapping[Key, float] | None = None,
        differing: list[Key] | None = None,
    ) -> None:
        """Display `trace` with events 0..cursor computed; with `yours` (the student's
        numbers by key, --check) a column of their gradients, `differing` (in the trace's
        order) marked."""
        self._trace, self._cursor = trace, cursor
        self._yours, self._differing = yours, list(differing or [])
        self._fill()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Every row and the header, as far as the column has room once the panels below
        (the plots) have their minimum height: the table is served first (app.tcss gives it
        `height: auto`, the plots `1fr`), and scrolls only when even that is not enough."""
        rows = 1 + (len(self._trace.step.params.all_keys()) if self._trace is not None else 0)
        return max(min(rows, rows_left(self, container, viewport)), 1)

    def on_resize(self, _event: events.Resize) -> None:
        self._fill()  # the digits follow the width

    def rows_text(self) -> list[tuple[str, ...]]:
        """The cells of every row as plain text, header first (for tests)."""
        header = tuple(c.plain.strip() for c in self._header(self._layout or (1, 1, 1, 1, 4)))
        return [
            header,
            *((key_text(k), *(c.plain.strip() for c in self._shown[k][1:])) for k in self._keys),
        ]

    def drawn_numbers(self) -> list[Drawn]:
        """The numbers of the rows in view, each where the table draws it (row 0 is the
        first row under the header); a cell wider than its column would be cropped by the
        table: its number then ends past the panel's width (for tests)."""
        if not self._layout:
            return []
        widths = [self._layout[0], *[self._layout[1]] * (len(self.columns_shown) - 1)]
        top = round(self.scroll_y)
        room = max(self.scrollable_content_region.height - 1, 0)
        out = []
        for row, key in enumerate(self._keys[top : top + room]):
            x = 0
            for cell, w in zip(self._shown[key], widths):
                for d in drawn(cell):
                    end = d.end + x if cell.cell_len <= w else self.size.width + 1
                    out.append(d._replace(row=row, start=d.start + x, end=end))
                x += w
        return out

    def plain_text(self) -> str:
        """Every row as "name value gradient new", header first (for tests)."""
        return "\n".join(" ".join(row) for row in self.rows_text())

    # ---- building the table --------------------------------------------------------------

    def _cells(self) -> dict[Key, tuple[float | None, ...]]:
        trace = self._trace
        assert trace is not None
        done = trace.events[: self._cursor + 1]
        written = {e.writes: e.value for e in done}  # every value so far, by the key it wrote
        params = trace.step.params
        cells: dict[Key, tuple[float | None, ...]] = {}
        for key in params.all_keys():
            gkey = (GRAD[key[0]], key[1])
            grad = written.get(gkey)
            new = written.get(key)  # only an update writes a parameter's key
            cells[key] = (params.get(key), grad, new)
            if self._yours is not None:  # theirs beside ours, once ours is computed
                cells[key] += (self._yours.get(gkey) if grad is not None else None,)
        return cells

    def _widths(self, cells: dict[Key, tuple[float | None, ...]]) -> tuple[int, ...]:
        """Column widths: the widest name, then numbers in as many digits as fit the panel,
        measured on every value of the step (so that stepping never moves a column)."""
        trace = self._trace
        assert trace is not None
        theirs = [v for row in cells.values() for v in row[3:] if v is not None]
        # the same for every key of one step (theirs aside): measured once per step and width
        measured = (self.content_size.width, self.columns_shown, theirs)
        last = self._measured
        if last is not None and last[0] is trace and last[1] == measured:
            return last[2]
        w_name = max(cell_len(key_text(k)) for k in cells)
        room = self.content_size.width - SCROLLBAR - w_name
        params = trace.step.params
        values = [params.get(k) for k in cells]
        values += [e.value for e in trace.events if param_of(e.writes) is not None]
        values += theirs
        for digits in precisions(trace.digits):
            w_num = 1 + max(cell_len(number(v, digits)) for v in values)  # one space before
            if self._yours is not None:
                w_num += 2  # a mark before theirs: "✗ " or "≠ "
            if (len(self.columns_shown) - 1) * w_num <= room:
                break
        layout = (w_name, w_num, w_num, w_num, digits)  # the fewest, if none fits
        self._measured = (trace, measured, layout)
        return layout

    def _header(self, layout: tuple[int, ...]) -> list[Text]:
        w_name, w_num = layout[0], layout[1]
        columns = self.columns_shown
        return [Text(columns[0].ljust(w_name)), *(Text(t.rjust(w_num)) for t in columns[1:])]

    def _row(
        self, key: Key, values: tuple[float | None, ...], layout: tuple[int, ...], style: str | None
    ) -> tuple[Text, ...]:
        w_name, w_num, digits = layout[0], layout[1], layout[4]
        name = Text(key_text(key).ljust(w_name))
        out = [name]
        for n, v in enumerate(values):
            if v is None:
                t = PENDING_DOT.copy()
            elif n == 2 and values[0] is not None and same_text(v, values[0], digits):
                # "0.69 → 0.69": the update is below the column's digits; show the change
                t = change(v - values[0], digits, w_num - 1 - 2 * (self._yours is not None))
            else:
                t = signed(v, digits)
            if n == 3:  # theirs (--check), after a mark if it differs
                t = self._mark(key, v is not None) + t
            out.append(Text(" " * max(w_num - cell_len(t.plain), 0)) + t)
        if style == HIGHLIGHT:
            for t in out:
                t.stylize(HIGHLIGHT)
        elif style == USED:
            name.stylize(USED, 0, cell_len(key_text(key)))
        return tuple(out)

    def _mark(self, key: Key, shown: bool) -> Text:
        """✗ on the row of the first difference (from the start: the student sees where
        to look), ≠ on a later differing gradient once theirs is shown, else nothing."""
        if self._differing and param_of(self._differing[0]) == key:
            return Text(FIRST_MARK, MARK_STYLE)
        if shown and (GRAD[key[0]], key[1]) in self._differing:
            return Text(OTHER_MARK, MARK_STYLE)
        return Text()

    def _fill(self) -> None:
        """Bring the table to the trace: rebuild if the rows or widths changed, else update."""
        if self._trace is None:
            return
        values = self._cells()
        layout = self._widths(values)
        event = self._trace.events[self._cursor] if self._cursor >= 0 else None
        written, read = concerned(event)
        # a row is made again only if what it is made of changed (a step key: two or three)
        common = (layout, tuple(COLORS.values()), tuple(self._differing), self._yours is None)
        rows: dict[Key, tuple[Text, ...]] = {}
        made: dict[Key, tuple[object, tuple[Text, ...]]] = {}
        for k, v in values.items():
            style = HIGHLIGHT if k in written else USED if k in read else None
            of = (v, style, common)
            old = self._made.get(k)
            rows[k] = old[1] if old is not None and old[0] == of else self._row(k, v, layout, style)
            made[k] = (of, rows[k])
        self._made = made
        keys = list(rows)
        if len(keys) != len(self._keys):
            self.refresh(layout=True)  # another network: the panel's height follows its rows
        if keys != self._keys or layout != self._layout or self._built != self.columns_shown:
            selected = self.selected_key
            self.clear(columns=True)
            for label, width, col in zip(
                self._header(layout), (*layout[:2], *[layout[1]] * 3), self.columns_shown
            ):
                self.add_column(label, width=width, key=col)
            for k, cells in rows.items():
                self.add_row(*cells, key=key_text(k))
            self._keys, self._layout, self._built = keys, layout, self.columns_shown
            if selected in rows:  # the same parameter stays selected across a rebuild
                self.move_cursor(row=keys.index(selected), animate=False)
        else:
            for k, cells in rows.items():
                if cells != self._shown.get(k):
                    self._set_row(k, cells)
        self._shown = rows
        # keep the rows the event writes and reads in view (z2 reads the W2 rows and b2); the
        # cursor row is kept by DataTable
        if written or read:
            self._scroll_to_rows(
                sorted(keys.index(k) for k in written | read),
                keys.index(next(iter(written))) if written else None,
            )

    def _set_row(self, key: Key, cells: tuple[Text, ...]) -> None:
        """Put a row's new cells in the table and repaint that row alone: a step key changes
        two or three rows (the one written, those read, the ones they were before), and
        `update_cell` repaints the whole table for each cell. Its bookkeeping, here for a
        row (Textual 8.2.8, pinned: tests/tui/test_partial_redraw.py compares the table with
        a fresh one's after steps, a theme, a resize and a set-up change)."""
        row_key = RowKey(key_text(key))
        data = self._data[row_key]
        for col, cell in zip(self.columns_shown, cells):
            data[ColumnKey(col)] = cell
        self._update_count += 1  # the table's caches of cells and lines are keyed on it
        self.refresh_row(self.get_row_index(row_key))

    def _scroll_to_rows(self, rows: list[int], written: int | None) -> None:
        """Bring `rows` (in order) into view, centred, unless they are in view already; when
        they do not all fit, the one the event writes (else as many as fit from the first)."""
        room = max(self.scrollable_content_region.height - 1, 1)  # below the header
        lo, hi = rows[0], rows[-1]
        if hi - lo + 1 > room:
            lo, hi = (written, written) if written is not None else (lo, lo + room - 1)
        if self.scroll_y <= lo and hi < self.scroll_y + room:
            return  # in view: the table does not move
        top = lo - (room - (hi - lo + 1)) // 2
        self.scroll_to(y=max(top, 0), animate=False, immediate=True)
