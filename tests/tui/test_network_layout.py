"""Where the network graph puts things (tui/widgets/network_layout.py), without drawing: the
place of each key, the rows of the nodes, the window of hidden units, the title that fits."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tinynn import init_params, trace_step
from tui.widgets.network_layout import OUT, focus_unit, marks, panel_title, place, rows_for
from tui.widgets.numbers import HIGHLIGHT, USED


def test_each_key_has_its_place() -> None:
    assert place(("W1", (2, 0))) == place(("dW1", (2, 0))) == ("edge1", (2, 0))
    assert place(("W2", (1,))) == place(("dW2", (1,))) == ("edge2", (1,))
    assert place(("b1", (1,))) == place(("db1", (1,))) == ("h", (1,))
    assert place(("b2", ())) == place(("db2", ())) == ("out", ())
    assert place(("z1", (0,))) == ("z1", (0,)) and place(("lr", ())) is None


def test_an_event_marks_what_it_reads_and_what_it_writes() -> None:
    trace = trace_step(init_params(2, 3, 1), [0.5, -1.0], 0.25, 0.5)
    e = next(e for e in trace if e.label == "z1[1]")  # z1[1] = W1[1]·x + b1[1]
    style = marks(e)
    assert style.pop(("z1", (1,))) == HIGHLIGHT
    assert style == {("edge1", (1, 0)): USED, ("edge1", (1, 1)): USED, ("x", (0,)): USED,
                     ("x", (1,)): USED, ("h", (1,)): USED}  # fmt: skip
    assert marks(None) == {} and focus_unit(e) == 1 and focus_unit(None) == 0


@pytest.mark.parametrize("h", [1, 3, 8, 9, 16, 40])
@pytest.mark.parametrize("height", [6, 12, 18, 29])
def test_the_rows_never_exceed_the_panel_and_the_event_unit_is_drawn(h: int, height: int) -> None:
    n = 2
    trace = trace_step(init_params(n, h, 0), [1.0, -1.0], 0.5, 0.5)
    for e in trace:
        if focus_unit(e) != h - 1 and e.label != "z1[0]":
            continue  # the first and the last unit: the window's two ends
        r = rows_for(h, n, height, e, marks(e))
        assert r.rows <= max(height - 1, len(OUT)) and 1 <= r.per <= 4
        assert focus_unit(e) in r.units and r.units.start >= 0 and r.units.stop <= h
        starts = [r.unit_row[j] for j in r.units]  # each unit its own `per` rows, in order
        assert all(b - a == r.per for a, b in zip(starts, starts[1:], strict=False))
        assert starts[0] >= 0 and starts[-1] + r.per <= r.rows
        assert sorted(set(r.in_row)) == r.in_row and all(0 <= k < r.rows for k in r.in_row)
        assert len(r.out_rows) == min(len(OUT), r.rows) and r.out_top >= 0
        if len(r.units) == h:
            assert r.units == range(h)


def test_the_output_rows_kept_are_those_the_event_concerns() -> None:
    trace = trace_step(init_params(1, 3, 0), [1.0], 0.5, 0.5)
    loss = next(e for e in trace if e.name == "L")  # L = ½(y_pred − y)²: reads ŷ and y
    r = rows_for(3, 1, 3, loss, marks(loss))  # 2 rows under the header
    names = [OUT[k][1].strip() for k in r.out_rows]
    assert names == ["y", "L"]  # the last two it concerns: the one it writes, and y


def test_the_title_gives_way_but_always_says_what_is_off_screen_and_what_edges_show() -> None:
    off = [("h2–h4 shown, 5 off screen", "h2–h4 of 8")]
    wide = panel_title("1-8-1", "ΔW = new − old", off, 200)
    assert wide == "network 1-8-1 · edges: ΔW = new − old · h2–h4 shown, 5 off screen"
    for width in range(10, 80):
        title = panel_title("1-8-1", "ΔW = new − old", off, width)
        assert "h2–h4" in title and "ΔW" in title, title
        assert cell_len(title) <= width - 4 or title == "h2–h4 of 8 · ΔW"
