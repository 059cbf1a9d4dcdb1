"""The network graph: every node and edge, the edges' numbers per phase, the marks by keys,
16 hidden units in full at 100×30 and a window that says how many are off screen beyond."""

from __future__ import annotations

import re

from harness import hit
from rich.cells import cell_len
from rich.text import Text

from tinynn import init_params, trace_step
from tinynn.core.numbers import fmt
from tinynn.run.config import Config
from tinynn.run.trace import Trace
from tui.app import WalkthroughApp
from tui.model import Model
from tui.widgets.network import HIGHLIGHT, USED, draw
from tui.widgets.numbers import signed_label


def trace_of(n: int, h: int) -> Trace:
    x = [0.5 * (i + 1) * (-1) ** i for i in range(n)]
    return trace_step(init_params(n, h, 3), x, 0.25, 0.5)


def at(trace: Trace, label: str) -> int:
    return next(k for k, e in enumerate(trace) if e.label == label)


def edge_text(v: float, digits: int = 6) -> str:
    """An edge's number as the graph writes it: the sign always shown."""
    s = fmt(v + 0.0, digits)
    return s if s.startswith("−") or v <= 0 else "+" + s


def test_the_edges_show_the_weight_then_the_gradient_then_the_change() -> None:
    trace = trace_of(2, 3)
    p, g, q = trace.step.params, trace.step.grads, trace.step.new_params
    wide = 110
    forward, _ = draw(trace, at(trace, "z1[0]"), wide, 12)
    backward, _ = draw(trace, at(trace, "db1[2]"), wide, 12)
    update, title = draw(trace, len(trace) - 1, wide, 12)
    for j in range(3):
        row_f = next(r for r in forward.plain.splitlines() if f"▶h{j} " in r)
        row_b = next(r for r in backward.plain.splitlines() if f"▶h{j} " in r)
        row_u = next(r for r in update.plain.splitlines() if f"▶h{j} " in r)
        for i in range(2):  # every input has its edge into every hidden unit
            assert edge_text(p.W1[j][i]) in row_f
            assert edge_text(g.dW1[j][i]) in row_b
            assert edge_text(q.W1[j][i] - p.W1[j][i]) in row_u
        assert edge_text(p.W2[j]) in row_f.split(f"h{j} ")[1]
        assert edge_text(g.dW2[j]) in row_b.split(f"h{j} ")[1]
        assert edge_text(q.W2[j] - p.W2[j]) in row_u.split(f"h{j} ")[1]
    assert title == "network 2-3-1 · edges: ΔW = new − old"


def test_a_spare_row_names_the_current_edge_with_all_its_digits() -> None:
    """In a panel too narrow for the full number on the edge, the row below the graph names
    the edge the equation writes (or reads) by its ends, with the value to every digit."""
    trace = trace_of(1, 3)
    p, g, q = trace.step.params, trace.step.grads, trace.step.new_params
    narrow = 54
    cases = [
        ("z1[1]", "edge x[0] → h1: W1[1][0] = ", p.W1[1][0]),  # read
        ("dW1[2][0]", "edge x[0] → h2: ∂L/∂W1[2][0] = ", g.dW1[2][0]),  # written
        ("dW2[0]", "edge h0 → z2: ∂L/∂W2[0] = ", g.dW2[0]),
        ("W1[1][0]", "edge x[0] → h1: ΔW1[1][0] = ", q.W1[1][0] - p.W1[1][0]),
    ]
    for label, words, v in cases:
        text, _ = draw(trace, at(trace, label), narrow, 12)
        last = text.plain.splitlines()[-1]
        assert last == words + fmt(v), label
    text, _ = draw(trace, at(trace, "a1[0]"), narrow, 12)  # no edge: no line
    assert not text.plain.splitlines()[-1].startswith("edge")


def test_the_sign_reads_without_colour() -> None:
    assert signed_label(0.25).plain == "+0.25" and signed_label(-0.25).plain == "−0.25"
    assert signed_label(None).plain == "·"


def styles_at(text: Text, needle: str) -> set[str]:
    """The styles of the spans that cover the first occurrence of `needle`."""
    start = text.plain.index(needle)
    return {str(s.style) for s in text.spans if s.start <= start < s.end}


def test_what_the_event_reads_is_underlined_and_what_it_writes_highlighted() -> None:
    trace = trace_of(2, 3)
    k = at(trace, "W1[1][0]")  # reads W1[1][0], η, dW1[1][0]; writes W1[1][0]
    text, _ = draw(trace, k, 110, 12)
    change = trace.step.new_params.W1[1][0] - trace.step.params.W1[1][0]
    assert HIGHLIGHT in styles_at(text, edge_text(change))
    k = at(trace, "z1[2]")  # reads W1[2][0], x[0], W1[2][1], x[1], b1[2]
    text, _ = draw(trace, k, 110, 12)
    row = next(r for r in text.plain.splitlines() if "▶h2 " in r)
    offset = text.plain.index(row)
    label = edge_text(trace.step.params.W1[2][1])
    start = offset + row.index(label)
    assert any(s.start <= start < s.end and USED in str(s.style) for s in text.spans)
    assert USED in styles_at(text, "x[1] ")
    assert HIGHLIGHT in styles_at(text, fmt(trace.step.forward.z1[2], 3))


def test_16_hidden_units_at_100x30_leave_the_equation_its_chain_rule() -> None:
    """The graph takes the rows the equation panel leaves: a window of the hidden units that
    follows the event, its title saying how many are off screen."""

    async def run() -> None:
        model = Model.from_config(Config(dataset="xor", hidden=16))
        app = WalkthroughApp(model=model)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await hit(app, "right")
            lines = app.network.plain_text().splitlines()
            shown = [j for j in range(16) if any(f"h{j} " in line for line in lines)]
            assert shown == list(range(14))  # in order, from h0 where z1[0] is computed
            assert str(app.network.border_title).endswith("edges: W · h0–h13 of 16")
            assert max(cell_len(line) for line in lines) <= app.network.content_size.width
            assert app.equation.content_size.height >= 7
            k = next(n for n, e in enumerate(model.trace) if e.label == "W1[15][1]")
            await hit(app, *["right"] * (k - model.cursor))
            await pilot.pause()
            assert any("h15 " in line for line in app.network.plain_text().splitlines())
            text = app.equation.plain_text()
            assert text.startswith(f"update · computation {k + 1} of {len(model.trace)}")
            assert "chain rule ∂L/∂W1[15][1]" in text and "σ'(z1[15])" in text
            assert len(text.splitlines()) <= app.equation.content_size.height

    import asyncio

    asyncio.run(run())


def test_beyond_what_fits_a_window_follows_the_event_and_says_how_many_are_off_screen() -> None:
    trace = trace_of(2, 24)
    k = at(trace, "a1[20]")
    text, title = draw(trace, k, 60, 17)
    shown = [int(m) for m in re.findall(r"h(\d+) ", text.plain)]
    assert 20 in shown and len(shown) == 16
    assert shown == list(range(shown[0], shown[0] + 16))
    assert title.endswith(f"h{shown[0]}–h{shown[-1]} shown, 8 off screen")


async def test_why_shows_the_tree_and_nudges_only_once_the_loss_is_computed() -> None:
    """At z2 the tree, and the nudge of what z2 reads (W2[0], not the table's row) waiting
    for L; at L the nudge measured, its gradient's prediction waiting for backward."""
    from tinynn.run.nudge import nudge
    from tui.screens.why import WhyScreen

    app = WalkthroughApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*["right"] * 7)  # z2
        await pilot.press("down", "i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhyScreen)
        tree = str(screen.query_one("#why-deps").render())
        assert tree.startswith(f"z2 = {fmt(app.model.event.value)}")
        assert "x[0] = −3   (input)" in tree
        assert not screen.query("#why-chain")  # the forward pass has no chain rule
        text = " ".join(str(screen.query_one("#why-nudge").render()).split())
        assert text.startswith("Nudging W2[0] by ±ε moves the loss; that is shown once L is")
        step = app.model.trace.step
        assert fmt(step.loss) not in text and fmt(step.loss) not in str(screen.query_one("#why"))
        await pilot.press("escape", "right", "right", "i")  # y_pred, then L
        await pilot.pause()
        assert app.model.event is not None and app.model.event.name == "L"
        n = nudge(step, ("W1", (1, 0)))  # L reads no parameter: the table's second row
        text = str(app.screen.query_one("#why-nudge").render())
        assert f"ΔL = {fmt(n.change_plus)}" in text and "·ε" not in text  # no ∂L/∂θ yet
        assert "∂L/∂W1[1][0]: not computed yet" in text
        await pilot.press("escape")


async def test_why_on_a_gradient_shows_its_chain_its_edge_and_a_nudge_of_its_weight() -> None:
    """On one screen: the chain of factors with their numbers, the edge, and what a nudge
    of that very weight does to the loss (whatever row the table has selected)."""
    from tinynn.run.nudge import nudge
    from tinynn.run.trace import chain_numbers
    from tui.screens.why import WhyScreen

    app = WalkthroughApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        m = app.model
        k = next(n for n, e in enumerate(m.trace) if e.label == "dW2[1]")
        await hit(app, *["right"] * (k + 1), "down", "down", "i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhyScreen)
        event = m.trace[k]
        chain = screen.query_one("#why-chain").render().plain
        assert "chain rule ∂L/∂W2[1] = ∂L/∂z2 · ∂z2/∂W2[1]" in chain
        assert f"= {chain_numbers(event)}" in chain  # (δ2)(a1[1]) = ∂L/∂W2[1]
        g = m.trace.step.grads
        assert event.value == g.delta2 * m.trace.step.forward.a1[1]  # the chain, by hand
        assert "the edge h1 → z2 in the network" in chain
        n = nudge(m.trace.step, ("W2", (1,)))  # the gradient's own weight, not the table's row
        text = screen.query_one("#why-nudge").render().plain
        assert text.startswith(f"W2[1] = {fmt(n.theta)}, nudged by ε")
        assert f"ΔL = {fmt(n.change_plus)}" in text and f"·ε = {fmt(n.predicted)}" in text
        # L is quadratic in W2[1] (z2 is linear in it): the central difference is the slope
        assert abs(n.central - n.grad) < 1e-6 * abs(n.grad) and n.grad == event.value


async def test_the_computation_graph_follows_the_cursor() -> None:
    from tinynn.run.chain import node_gradients
    from tui.screens.compgraph import CompGraphScreen

    app = WalkthroughApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await hit(app, "v")
        await pilot.pause()
        assert isinstance(app.screen, CompGraphScreen)
        nodes = lambda: str(app.screen.query_one("#compgraph-nodes").render())  # noqa: E731
        assert "z2 = ·" in nodes() and "∂L/∂z2 = ·" in nodes()  # nothing computed yet
        s = app.model.trace.step
        await hit(app, *["right"] * 10)  # forward, loss and δ2: the dialog's keys
        assert app.model.event.name == "delta2"
        text = nodes()
        assert f"z2 = {fmt(s.forward.z2)}" in text and f"∂L/∂z2 = {fmt(s.grads.delta2)}" in text
        assert "∂L/∂z1[0] = ·" in text
        # ∂L/∂a1[j] = (y_pred − y)·W2[j] by hand, for regression
        by_hand = (s.forward.y_pred - s.y) * s.params.W2[1]
        assert node_gradients(s)["a1", (1,)][0] == by_hand
        await pilot.press("escape")
