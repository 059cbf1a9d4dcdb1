"""One precision policy: every panel shows a number as `tinynn.core.numbers.number_text` does.

For a fixed step, the number one key shows in the equation panel, the parameter table, the
network graph and the status line is read off the screen and checked against the value
rounded to the policy's digits by an independent computation (decimal rounding, not `fmt`).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from harness import hit

from tinynn.core.numbers import number_text
from tui.app import WalkthroughApp


def rounded(v: float, digits: int) -> float:
    """`v` to `digits` significant digits, by decimal arithmetic (half even, as printf)."""
    exponent = math.floor(math.log10(abs(v))) - digits + 1
    return float(Decimal(repr(v)).quantize(Decimal(f"1e{exponent}")))


def read(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def digits_of(text: str, v: float) -> int:
    """The significant digits `text` shows `v` with (the most that give this text)."""
    return max(d for d in range(1, 18) if number_text(v, d) == text.lstrip("+"))


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (80, 24)])
async def test_every_panel_shows_a_gradient_under_the_one_policy(size: tuple[int, int]) -> None:
    app = WalkthroughApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        m = app.model
        k = next(n for n, e in enumerate(m.trace) if e.label == "dW2[0]")
        await hit(app, *["right"] * (k + 1))
        await pilot.pause()
        v = m.trace[k].value
        assert m.event is not None and m.event.label == "dW2[0]" and m.digits == 6

        lines = [t.strip() for t in app.equation.plain_text().splitlines()]
        # its value line, or (at 80×24, where the chain rule says it) the chain's last one
        ends = [t.rsplit("= ", 1)[-1] for t in lines if "= " in t]
        equation = next(t for t in ends if re.fullmatch(r"[−\d.e]+", t))
        table = next(
            line.split()[2]
            for line in app.params.plain_text().splitlines()
            if line.startswith("W2[0]")
        )
        graph_text = app.network.plain_text()
        # δ2's node cell ("δ2 0.043411" in the output column), at every size
        delta2 = m.trace.step.grads.delta2
        node = graph_text.split("δ2 ", 1)[1].split()[0]
        d = digits_of(node, delta2)
        assert 2 <= d <= 6 and read(node) == rounded(delta2, d), (node, d)
        # the W2[0] edge's label, after h0's two columns (drawn where the fan has room)
        h0 = next(line for line in graph_text.splitlines() if "h0 " in line).split()
        at = next(n for n, t in enumerate(h0) if t.endswith("h0"))
        graph = h0[at + 3].removesuffix("▶")
        shows_edge = size != (80, 24)  # the edge the event writes: its number where it fits
        assert graph.startswith("+") == shows_edge, graph
        compact = [table, graph] if shows_edge else [table]

        # the equation panel: always the full digits
        assert equation == number_text(v, 6) and read(equation) == rounded(v, 6)
        # the table and the graph: the full digits, or the compact form (at least 2, as many
        # as the panel has room for), which is the same value rounded to fewer digits
        for shown in compact:
            d = digits_of(shown, v)
            assert 2 <= d <= 6 and read(shown) == rounded(v, d), (shown, d)
        if size == (120, 40):  # room for all six in the table: the very same string
            assert table == equation
        # the status line: the loss in the full digits
        loss = m.trace.step.loss
        assert app.status.plain_text().endswith(f"L {number_text(loss, 6)}")
        assert read(number_text(loss, 6)) == rounded(loss, 6)


async def test_digits_sets_every_panel() -> None:
    """With --digits 3, the equation, the table and the status line show 3 digits."""
    from tui.command import model_from_args

    app = WalkthroughApp(model=model_from_args(build_args("--digits", "3")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        m = app.model
        k = next(n for n, e in enumerate(m.trace) if e.label == "dW2[0]")
        await hit(app, *["right"] * (k + 1))
        await pilot.pause()
        v = m.trace[k].value
        lines = [t.strip() for t in app.equation.plain_text().splitlines()]
        assert lines[lines.index(m.event.equation) + 2] == f"= {number_text(v, 3)}"
        assert read(number_text(v, 3)) == rounded(v, 3)
        table = next(
            line.split()[2]
            for line in app.params.plain_text().splitlines()
            if line.startswith("W2[0]")
        )
        assert table == number_text(v, 3) and app.params.digits == 3
        assert app.status.plain_text().endswith(f"L {number_text(m.trace.step.loss, 3)}")


async def test_digits_reach_the_compare_and_edit_dialogs() -> None:
    """The compare table and the edit dialog round to --digits too (the table's δ2 by an
    independent decimal rounding)."""
    from textual.widgets import DataTable, Static

    from tinynn import compare_outputs
    from tui.command import model_from_args

    app = WalkthroughApp(
        model=model_from_args(build_args("--digits", "3", "--dataset", "xor", "--sample", "1"))
    )
    async with app.run_test(size=(120, 40)) as pilot:
        m = app.model
        expected = compare_outputs(m.params, m.x, m.y)
        await hit(app, "c")
        await pilot.pause()
        table = app.screen.query_one("#compare-table", DataTable)
        shown = [str(cell) for cell in table.get_row("delta2")[1:]]
        assert [read(t) for t in shown] == [rounded(k.delta2, 3) for k in expected.cases]
        await hit(app, "escape")
        await pilot.pause()
        await hit(app, "w")
        await pilot.pause()
        current = str(app.screen.query_one("#edit-current", Static).content)
        w = m.params.W1[0][0]
        assert current == f"W1[0][0] = {number_text(w, 3)}" and read(current[10:]) == rounded(w, 3)


async def test_the_quiz_dialog_asks_the_walkthroughs_own_step_to_its_digits() -> None:
    """The quiz dialog is made from the walkthrough's trace (not a second one) and writes
    every number to --digits: the givens, and each value it reveals."""
    from textual.widgets import Input, Static

    from tinynn.core.numbers import vector_text
    from tui.command import model_from_args
    from tui.screens.quiz import QuizScreen

    app = WalkthroughApp(model=model_from_args(build_args("--digits", "3")))
    async with app.run_test(size=(120, 40)) as pilot:
        m = app.model
        await hit(app, "u")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.quiz.trace is m.trace
        givens = str(screen.query_one("#quiz-givens", Static).content)
        assert givens.startswith(f"x = {vector_text(m.x, 3)}, y = {number_text(m.y, 3)}, ")
        k = next(n for n, e in enumerate(m.trace) if e.label == "a1[0]")  # σ(z1[0]): long
        field = screen.query_one("#quiz-guess", Input)
        for _ in range(k + 1):  # s reveals each value up to a1[0]
            field.value = ""
            field.insert_text_at_cursor("s")
            await pilot.pause()
        shown = str(screen.query_one("#quiz-feedback", Static).content)
        a1 = m.trace[k]
        assert shown == f"revealed: {a1.text(3)}" and a1.text(3) != a1.text(6)
        value = shown.rsplit(" = ", 1)[1]
        assert read(value) == rounded(a1.value, 3)


async def test_the_x_export_is_explains_markdown_for_the_same_set_up(tmp_path: Path) -> None:
    """One trace table: `X` writes what `tinynn explain --format markdown` prints for the
    same lesson and digits (explain puts the lesson's introduction above it)."""
    import io

    from harness import past_the_lesson

    from tinynn.cli.main import main
    from tinynn.render.markdown import intro_markdown
    from tinynn.teach.lesson import load_lesson
    from tui.command import model_from_args

    app = WalkthroughApp(model=model_from_args(build_args("--lesson", "by-hand", "--digits", "4")))
    exported = tmp_path / "trace.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await past_the_lesson(app)
        await hit(app, "X")
        await pilot.pause()
        app.screen.query_one("#path-value").value = str(exported)  # type: ignore[attr-defined]
        await hit(app, "enter")
        await pilot.pause()
    explain = io.StringIO()
    argv = ["explain", "--lesson", "by-hand", "--format", "markdown", "--digits", "4"]
    assert main(argv, explain) == 0
    table = exported.read_text(encoding="utf-8")
    lesson = load_lesson("by-hand")
    assert explain.getvalue() == intro_markdown(lesson.title, lesson.text) + table
    assert "| `σ'(z1[0]) = a1[0]·(1 − a1[0])` | `(0.5)(0.5)` | 0.25 |" in table


def build_args(*argv: str) -> object:
    from tui.command import build_parser

    return build_parser().parse_args(list(argv))
