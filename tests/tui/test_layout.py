"""The walkthrough's layout at the sizes a user may have, from the smallest it accepts (80×18)
up: no panel cuts what it shows without saying so, and what the current computation writes or
reads is in view."""

from __future__ import annotations

import re

import pytest
from harness import hit
from rich.cells import cell_len
from textual.geometry import Region
from textual.widget import Widget

from tinynn import Event
from tinynn.core.names import GRAD, PARAM_OF_GRAD, PARAMS, key_text
from tinynn.core.numbers import fmt
from tinynn.run.config import Config
from tinynn.run.trace import chain_numbers
from tui.app import WalkthroughApp
from tui.widgets.network import SYMBOLS
from tui.widgets.network_layout import focus_unit

NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?")
OUT_LABELS = {"z2": "z2", "y_pred": "ŷ", "y": "y", "L": "L", "delta2": "δ2"}


def parsed(text: str) -> float:
    return float(text.replace("−", "-"))


def shows(row: str, value: float) -> bool:
    """Whether `row` holds `value` to some number of digits (the graph rounds to fit)."""
    return any(parsed(m) == parsed(fmt(value, d)) for m in NUMBER.findall(row) for d in range(2, 7))


def check_network(app: WalkthroughApp, e: Event) -> None:
    """The diagram fits its panel, says what is off screen, and shows the event's unit and the
    output rows it concerns."""
    network = app.network
    lines = network.plain_text().splitlines()
    title = str(network.border_title)
    assert len(lines) <= network.content_size.height, title
    assert max(cell_len(line) for line in lines) <= network.content_size.width
    h = app.model.trace.step.params.n_hidden
    units = [int(u) for line in lines for u in re.findall(r"h(\d+) ", line)]
    assert units == list(range(units[0], units[-1] + 1))  # a window, in order
    if len(units) < h:
        window = f"h{units[0]}–h{units[-1]}"
        said = (f"{window} shown, {h - len(units)} off", f"{window} of {h}")
        assert any(s in title for s in said), (title, units)
    else:
        assert "shown" not in title
    assert focus_unit(e) in units, (e.label, units)
    if e.name in SYMBOLS and SYMBOLS[e.name] in lines[0]:  # a column the width leaves: its value
        row = next(line for line in lines if f"h{e.index[0]} " in line)
        assert shows(row, e.value), (e.label, row)
    # the output column: all five rows, or the missing ones named in the title
    labels = dict(OUT_LABELS)
    if app.model.trace.step.task == "classification":
        labels["y_pred"] = "p"
    out = {name for name, lab in labels.items() if any(f" {lab} " in f"{ln} " for ln in lines)}
    missing = [lab for name, lab in labels.items() if name not in out]
    if missing:
        assert ", ".join(missing) + " off" in title, (title, missing)
    for key in (e.writes, *e.reads):
        if key[0] in labels:
            assert key[0] in out, (e.label, key_text(key), title)
    if e.writes[0] in labels:
        label = f" {labels[e.writes[0]]} "
        row = next(line for line in lines if label in line)
        assert shows(row.split(label)[-1], e.value), row


@pytest.mark.parametrize("size", [(80, 18), (82, 19), (80, 24)])
@pytest.mark.parametrize(
    "config", [Config(), Config(dataset="xor", hidden=8)], ids=["1-3-1", "2-8-1"]
)
async def test_the_network_never_cuts_a_unit_or_an_output_row_without_saying_so(
    size: tuple[int, int], config: Config
) -> None:
    app = WalkthroughApp(config)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()  # laid out (the breakpoints' classes applied)
        for _ in app.model.trace:
            await hit(app, "right")
            check_network(app, app.model.event)


async def test_at_80x18_the_backward_pass_shows_the_unit_being_computed() -> None:
    """The user trial's case: δ1[2] (read by ∂L/∂b1[2]) was nowhere in the diagram."""
    app = WalkthroughApp()
    async with app.run_test(size=(80, 18)) as pilot:
        await pilot.pause()
        await hit(app, *["right_curly_bracket"] * 3)  # backward, its last computation: ∂L/∂b1[2]
        e = app.model.event
        assert e.label == "db1[2]"
        lines = app.network.plain_text().splitlines()
        row = next(line for line in lines if "h2 " in line)
        assert shows(row, app.model.trace.step.grads.delta1[2])
        assert any(" δ2 " in line for line in lines)  # the δ2 it is computed from
        assert app.network.border_title == "1-3-1 · z2, ŷ off · edges ∂L/∂W"


def rows_in_view(app: WalkthroughApp) -> list[str]:
    """The parameters whose rows are on screen, below the table's header."""
    table = app.params
    room = table.scrollable_content_region.height - 1
    names = [row[0] for row in table.rows_text()[1:]]
    top = round(table.scroll_y)
    return names[top : top + room]


@pytest.mark.parametrize(
    ("size", "config", "count"),
    [
        ((100, 30), Config(), 10),
        ((100, 30), Config(dataset="xor"), 13),  # 2-3-1
        ((120, 40), Config(), 10),
        ((120, 40), Config(dataset="xor"), 13),
        ((200, 50), Config(), 10),
        ((200, 50), Config(dataset="xor", hidden=5), 21),
    ],
)
async def test_the_table_shows_every_parameter_where_the_terminal_has_the_rows(
    size: tuple[int, int], config: Config, count: int
) -> None:
    app = WalkthroughApp(config)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        names = [key_text(k) for k in app.model.trace.step.params.all_keys()]
        assert len(names) == count
        for _ in range(4):  # the end of each phase: forward, loss, backward, update
            await hit(app, "right_curly_bracket")
            await pilot.pause()
            assert rows_in_view(app) == names
            assert app.params.max_scroll_y == 0  # nothing to scroll to
        assert app.model.at_end
        # the plots share the rest of the column
        column = app.query_one("#right").content_size.height
        loss, fit = app.loss_plot.outer_size.height, app.fit_plot.outer_size.height
        assert app.params.outer_size.height == count + 1 + 2  # header, rows, borders
        assert loss + fit == column - count - 3 and abs(loss - fit) <= 1


async def test_at_80x24_the_table_scrolls_to_the_rows_the_event_reads_and_writes() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(rows_in_view(app)) < 10  # the table must scroll at this size
        for _ in app.model.trace:
            await hit(app, "right")
            await pilot.pause()
            e = app.model.event
            view = rows_in_view(app)
            concerned = [key_text(k) for k in (e.writes, *e.reads) if k[0] in PARAMS]
            concerned += (
                [key_text((PARAM_OF_GRAD[e.name], e.index))] if e.name in GRAD.values() else []
            )
            assert set(concerned) <= set(view), (e.label, view)
            if e.label == "z2":
                assert {"W2[0]", "W2[1]", "W2[2]", "b2"} <= set(view)


def split_numbers(lines: list[str]) -> list[tuple[str, str]]:
    """Pairs of lines where a number would run on from one into the next."""
    return [
        (a, b)
        for a, b in zip(lines, lines[1:])
        if re.search(r"[\d.]$", a.rstrip()) and re.match(r"\s*[−-]?[\d.]", b)
    ]


@pytest.mark.parametrize("size", [(80, 18), (82, 19), (80, 24), (100, 30)])
async def test_the_chain_rule_keeps_its_left_hand_side_and_the_current_line(
    size: tuple[int, int],
) -> None:
    """At 80×24 the chain's numbers stood alone under "   =", their left-hand side dropped."""
    app = WalkthroughApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        chains = 0
        for _ in app.model.trace:
            await hit(app, "right")
            e = app.model.event
            lines = app.equation.plain_text().splitlines()
            assert len(lines) <= app.equation.content_size.height, e.label
            # the current equation's lines, above the phase's rule, are wrapped to the width
            # (the list below it ends a pending equation too long with "…")
            head = lines[: next((k for k, t in enumerate(lines) if t.startswith("──")), None)]
            width = app.equation.content_size.width
            assert all(cell_len(t) <= width for t in head), [t for t in head if cell_len(t) > width]
            assert not split_numbers(lines), e.label
            assert all(line.strip() != "=" for line in lines), (e.label, lines)
            if size[1] >= 30:  # the ▶ line stays in view (below, the chain rule comes first)
                assert sum(line.startswith("▶ ") for line in lines) == 1, (e.label, lines)
            numbers = chain_numbers(e, app.model.trace.digits)
            if numbers is None or e.chain is None:
                continue
            # the chain rule's lines: "chain rule ∂L/∂… = …", then "  = …" and continuations
            start = next((k for k, t in enumerate(head) if t.startswith("chain rule ")), len(head))
            assert all(not t.startswith("  = ") for t in head[:start]), (e.label, lines)
            if start < len(head):
                chains += 1
                block = "".join(t.strip() for t in head[start:]).replace(" ", "")
                assert block.startswith(f"chainrule{e.chain.lhs}=".replace(" ", "")), lines
                # with its product, or (short of rows, the names staying longer) its value
                value = numbers.rsplit(" = ", 1)[1].replace(" ", "")
                assert numbers.replace(" ", "") in block or block.endswith(f"={value}"), lines
        if size == (80, 24):
            assert chains >= 8  # every ∂L/∂W1, ∂L/∂b1 and update of the 1-3-1 network


def rendered(widget: Widget) -> list[str]:
    """The widget's lines as the terminal shows them (wrapped to its width)."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [strip.text.rstrip() for strip in widget.render_lines(region)]


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
@pytest.mark.parametrize("steps", [1, 21, 31], ids=["z1[0]", "dW1[0][0]", "update W1[0][0]"])
async def test_why_never_splits_a_number_and_leaves_no_gap_above_the_nudge(
    size: tuple[int, int], steps: int
) -> None:
    from tinynn.run.nudge import nudge
    from tui.screens.why import WhyScreen

    app = WalkthroughApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await hit(app, *["right"] * steps)
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhyScreen)
        deps, tree = screen.query_one("#why-deps"), screen.query_one("#why-tree")
        nudged = screen.query_one("#why-nudge")
        lines = rendered(deps) + rendered(nudged)
        assert not split_numbers(lines), split_numbers(lines)
        n = nudge(app.model.trace.step, ("W1", (0, 0)))  # the parameter z1[0] concerns
        text = "\n".join(rendered(nudged))
        values = (n.loss_plus, n.change_plus, n.predicted, n.change_minus, n.grad)
        for value in values if steps > 1 else ():  # at z1[0], L is not computed yet
            assert re.search(rf"(?<![\d.]){re.escape(fmt(value))}(?![\d.])", text), fmt(value)
        if steps == 1:
            assert "Nudging W1[0][0] by ±ε" in text and fmt(n.loss) not in text
        # the tree as tall as it is, or it scrolls; the nudge one row (its margin) below it
        assert nudged.region.y == tree.region.bottom + 1
        assert nudged.region.bottom <= size[1]
        if tree.region.height < deps.region.height:  # it scrolls: the dialog fills the screen
            assert screen.query_one("#why").outer_size.height == size[1]
        else:
            assert tree.region.height == len(rendered(deps))
        if steps == 1:  # z1[0]: a tree of four lines, all shown
            assert tree.region.height == 4
