"""The parameter table: every weight and bias, its gradient, and its update.

     θ             value      ∂L/∂θ        new
    ▸W1[0][0]       0.69     0.0123     0.6838

The gradient column fills in as backward computes it, the new value as the
update applies it. The entry the current event concerns is highlighted, the
entries the current equation reads are underlined, and ▸ marks the row
selected for editing by hand (up / down move it). Numbers have 4 significant
digits, or 3 when the table is narrow.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tinynn import Event, Trace

from .numbers import HIGHLIGHT, USED, signed
from .trace_view import TraceView

PENDING_DOT = Text("·", "dim")
GRAD_OF = {"W1": "dW1", "b1": "db1", "W2": "dW2", "b2": "db2"}
PARAM_OF = {v: k for k, v in GRAD_OF.items()}


def _key(name: str, index: tuple[int, ...]) -> str:
    return name + "".join(f"[{k}]" for k in index)


def current_param(event: Event | None) -> str | None:
    """The parameter (e.g. "W1[1][0]") whose gradient or update `event` computes."""
    if event is None:
        return None
    if event.phase == "update":
        return event.label
    if event.name in PARAM_OF:
        return _key(PARAM_OF[event.name], event.index)
    return None


def used_params(event: Event | None, h: int, n: int) -> set[str]:
    """The parameters the equation of `event` reads (for z1[j]: W1[j][*] and b1[j])."""
    if event is None:
        return set()
    name, idx = event.name, event.index
    if name == "z1":
        return {_key("W1", (idx[0], i)) for i in range(n)} | {_key("b1", idx)}
    if name == "z2":
        return {_key("W2", (j,)) for j in range(h)} | {"b2"}
    if name == "delta1":
        return {_key("W2", idx)}
    return set()


class ParamTable(TraceView):
    """Every parameter with its value, gradient (once computed) and new value (once applied)."""

    selected = 0  # the row marked ▸ for editing

    def show(self, trace: Trace, cursor: int, selected: int = 0) -> None:
        """Display `trace` with events 0..cursor computed and row `selected` marked."""
        self.selected = selected
        super().show(trace, cursor)

    def render(self) -> Text:
        return self.text(self.content_size.width, max(self.content_size.height, 2))

    def plain_text(self) -> str:
        """What the table shows, without styles (for tests)."""
        return self.render().plain

    def text(self, width: int, height: int) -> Text:
        trace = self._trace
        if trace is None:
            return Text("")
        done = trace.events[: self._cursor + 1]
        grads = {e.label: e.value for e in done if e.phase == "backward"}
        news = {e.label: e.value for e in done if e.phase == "update"}
        event = done[-1] if done else None
        current = current_param(event)
        params = trace.step.params
        used = used_params(event, params.n_hidden, params.n_inputs)
        flat = [(k[0], k[1], params.get(k)) for k in params.all_keys()]
        w_name = max(cell_len(_key(name, index)) for name, index, _ in flat)
        # 4 significant digits if three 11-cell columns fit, else 3 digits in 10 cells
        digits, w_num = (4, 11) if width >= 1 + w_name + 33 else (3, 10)
        header = Text(no_wrap=True, overflow="crop")
        titles = "".join(t.rjust(w_num) for t in ("value", "∂L/∂θ", "new"))
        header.append(" " + "θ".ljust(w_name) + titles, "bold")
        rows = []
        for r, (name, index, value) in enumerate(flat):
            key = _key(name, index)
            row = Text(no_wrap=True, overflow="crop")
            row.append(("▸" if r == self.selected else " ") + key.ljust(w_name))
            g = grads.get(_key(GRAD_OF[name], index))
            new = news.get(key)
            for v in (value, g, new):
                row.append_text(_right(signed(v, digits) if v is not None else PENDING_DOT, w_num))
            if key == current:
                row.stylize(HIGHLIGHT)
            elif key in used:
                row.stylize(USED, 1, 1 + len(key))
            rows.append(row)
        room = max(height - 1, 1)
        first = 0
        if len(rows) > room:  # keep the highlighted and the selected row in view
            focus = next((r for r, (n, i, _) in enumerate(flat) if _key(n, i) == current), None)
            at = self.selected if focus is None else focus
            first = min(max(at - room // 2, 0), len(rows) - room)
        return Text("\n").join([header, *rows[first : first + room]])


def _right(t: Text, width: int) -> Text:
    """`t` right-aligned in `width` cells."""
    pad = width - cell_len(t.plain)
    return Text(" " * pad) + t if pad > 0 else t
