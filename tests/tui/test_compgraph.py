"""The computation-graph dialog (tui/screens/compgraph.py): its lines from a trace and a cursor
(a pure function), and a screen that steps through the callback it is given."""

from __future__ import annotations

from harness import Harness, hit
from textual.widgets import Static

from tinynn.core.numbers import fmt
from tinynn.run.config import Config
from tinynn.run.trace import Trace
from tui.model import Model
from tui.screens.compgraph import LAYERS, CompGraphScreen, graph_lines
from tui.widgets.numbers import HIGHLIGHT


def plain(trace: Trace, cursor: int) -> str:
    return "\n".join(t.plain for t in graph_lines(trace, cursor))


def test_a_node_shows_its_value_and_gradient_once_computed() -> None:
    m = Model.from_config(Config(dataset="xor", sample=1))
    s = m.trace.step
    before = plain(m.trace, -1)
    assert "  z2 = ·  ← W2[0], a1[0], W2[1], a1[1], W2[2], a1[2], b2   ∂L/∂z2 = ·" in before
    # the leaves are known from the start: x, the parameters and y
    assert f"  x[0] = {fmt(s.x[0])}" in before and f"  y = {fmt(s.y)}" in before
    delta2 = next(k for k, e in enumerate(m.trace) if e.name == "delta2")
    after = plain(m.trace, delta2)
    assert f"  z2 = {fmt(s.forward.z2)}" in after
    assert f"∂L/∂z2 = {fmt(s.grads.delta2)}" in after  # δ2 is ∂L/∂z2
    assert "∂L/∂z1[0] = ·" in after  # δ1 comes later
    headings = [t.plain for t in graph_lines(m.trace, delta2) if not t.plain.startswith(" ")]
    assert headings == list(LAYERS)


def highlighted(trace: Trace, cursor: int) -> list[str]:
    return [
        t.plain.split(" = ")[0].strip()
        for t in graph_lines(trace, cursor)
        if any(span.style == HIGHLIGHT and span.start == 0 for span in t.spans)
    ]


def test_the_node_the_event_writes_is_highlighted() -> None:
    """The node the event writes; for a gradient of a parameter, the parameter's node."""
    m = Model.from_config(Config())
    index = {e.label: k for k, e in enumerate(m.trace)}
    assert highlighted(m.trace, index["a1[1]"]) == ["a1[1]"]
    assert highlighted(m.trace, index["dW1[0][0]"]) == ["W1[0][0]"]
    assert highlighted(m.trace, -1) == []


async def test_the_screen_steps_through_its_callback() -> None:
    """← and → call the callback with ±1 and draw the trace and cursor it returns: here a
    Model's own moves, as the walkthrough's are."""
    m = Model.from_config(Config())
    asked: list[int] = []

    def step(delta: int) -> tuple[Trace, int]:
        asked.append(delta)
        (m.next if delta > 0 else m.prev)()
        return m.trace, m.cursor

    app = Harness(CompGraphScreen(m.trace, m.cursor, step))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        nodes = app.screen.query_one("#compgraph-nodes", Static)
        assert str(nodes.render()) == plain(m.trace, -1)
        await hit(app, "right", "right", "left", "l")
        await pilot.pause()
        assert asked == [1, 1, -1, 1] and m.cursor == 1
        assert str(nodes.render()) == plain(m.trace, 1)
        await hit(app, "q")
        await pilot.pause()
        assert app.results == [None]
