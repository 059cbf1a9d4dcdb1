"""What teaches is kept: at every backward and update computation, at 80×24 and up, the
equation panel shows the position header and the chain rule with its names (the
derivatives and what they are in the notes' notation) and its numbers; the errata shrink
to a one-line marker that `E` opens in full."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import hit, past_the_lesson
from rich.cells import cell_len

from tinynn.run.config import Config, resolve
from tinynn.run.trace import chain_numbers
from tinynn.teach.lesson import load_lesson
from tui.app import WalkthroughApp
from tui.model import Model
from tui.screens.erratum import ErratumScreen
from tui.widgets.equation_head import grouped
from tui.widgets.numbers import number

STUDENTS = Path(__file__).parent.parent / "grading" / "students"


def model_for(name: str) -> Model:
    if name.startswith("check "):  # the default set-up with a student's step beside it
        return Model(resolve(Config()), None, str(STUDENTS / name.split()[1]))
    if name.startswith("hidden "):
        return Model.from_config(Config(hidden=int(name.split()[1])))
    lesson = load_lesson(name)
    return Model(lesson.setup(), lesson)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(
    ("size", "name"),
    [
        ((80, 24), "by-hand"),  # errata at δ2, ∂L/∂W1, ∂L/∂b1 and the b1 update
        ((80, 24), "xor"),  # classification: δ2 = ∂L/∂p·∂p/∂z2
        ((80, 24), "hidden 16"),
        ((80, 24), "check mistake_no_sigma_prime.py"),  # the yours line takes room too
        ((80, 24), "check correct.py"),
        ((100, 30), "by-hand"),
        ((100, 30), "hidden 8"),
        ((100, 30), "hidden 16"),
        ((120, 40), "by-hand-2-inputs"),
    ],
)
async def test_every_gradient_and_update_shows_its_named_chain_rule_and_the_header(
    size: tuple[int, int], name: str
) -> None:
    app = WalkthroughApp(model=model_for(name))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await past_the_lesson(app)
        while app.model.yours_pending:  # --check: the student's numbers are in
            await app.workers.wait_for_complete()
        await pilot.pause()
        m, panel = app.model, app.equation
        total = len(m.trace)
        for k, e in enumerate(m.trace):
            await hit(app, "right")
            if e.chain is None:
                continue
            text = panel.plain_text()
            lines = text.splitlines()
            assert len(lines) <= panel.content_size.height, (e.label, lines)
            assert all(cell_len(t) <= panel.content_size.width for t in lines), (e.label, lines)
            head = (
                f"{e.phase} · computation {k + 1} of {total}",
                f"{e.phase} · {k + 1} of {total}",
            )
            assert lines[0].startswith(head), lines
            partials, symbols = grouped(e.chain)
            numbers = chain_numbers(e, m.digits)
            assert numbers is not None
            chain = flat(f"chain rule {e.chain.lhs} = {partials} = {symbols} = {numbers}")
            if name.startswith("check "):  # 28 columns beside the student's line: the names
                # stay (the factors' symbols) and end with the value; the numbers yield first
                assert flat(f"= {symbols}") in flat(text), (e.label, lines)
                assert flat(f"= {number(e.chain.value, m.digits)}") in flat(text), lines
                continue  # the errata's marker may yield entirely here (what annotates yields)
            assert chain in flat(text), (e.label, lines)
            for i in e.errata:  # in full, its marker, or its id beside the position
                assert f"erratum {i}:" in text or (i in text and "(E" in text), lines


async def test_the_erratum_marker_opens_in_full_with_E() -> None:
    app = WalkthroughApp(model=model_for("by-hand"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await past_the_lesson(app)
        await pilot.press("E")  # nothing computed: no erratum
        await pilot.pause()
        assert not isinstance(app.screen, ErratumScreen)
        m = app.model
        k = next(n for n, e in enumerate(m.trace) if e.label == "dW1[0][0]")
        await hit(app, *["right"] * (k + 1))
        await pilot.pause()
        text = app.equation.plain_text()
        assert "E2, E7: The notes" in text and "(E shows them)" in text
        assert "erratum E2:" not in text  # no room for it in full at 80×24
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ErratumScreen) and app.screen.ids == ("E2", "E7")
        text = " ".join(str(s.render()) for s in app.screen.query(".erratum"))
        assert text.startswith("E2: The notes print") and "E7: The notes print" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ErratumScreen)


def test_a_hidden_gradients_chain_groups_dL_da1_so_that_delta1_reuses_delta2() -> None:
    m = model_for("by-hand")
    e = next(e for e in m.trace if e.label == "dW1[1][0]")
    assert e.chain is not None
    assert grouped(e.chain) == (
        "∂L/∂z2·∂z2/∂a1[1] · ∂a1[1]/∂z1[1] · ∂z1[1]/∂W1[1][0]",
        "δ2·W2[1] · σ'(z1[1]) · x[0]",
    )


@pytest.mark.parametrize(
    "name", ["check mistake_no_sigma_prime.py", "by-hand-2-inputs", "hidden 16", "by-hand"]
)
async def test_the_key_bar_keeps_help_and_quit_at_80x24(name: str) -> None:
    app = WalkthroughApp(model=model_for(name))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.query_one("#keys")
        shown = " ".join(
            bar.render_lines(bar.region.reset_offset)[n].text for n in range(bar.size.height)
        )
        assert "? help" in shown and "q quit" in shown, shown


def test_the_header_takes_its_short_form_where_the_long_one_does_not_fit() -> None:
    """At a narrow panel (80×24 with --check: 28 columns) the position never wraps."""
    from tui.widgets.equation_head import position

    m = model_for("hidden 3")
    total = len(m.trace)
    events = list(m.trace)
    k = next(k for k, e in enumerate(events) if k >= 19 and not e.errata)  # without an erratum
    e = events[k]
    long = f"{e.phase} · computation {k + 1} of {total}"
    assert position(e, k, total, len(long), with_ids=True).plain == long
    assert position(e, k, total, len(long) - 1, with_ids=True).plain == (
        f"{e.phase} · {k + 1} of {total}"
    )
    k2 = next(k for k, e in enumerate(events) if e.errata)
    e2 = events[k2]
    wide = position(e2, k2, total, 200, with_ids=True).plain
    assert wide.startswith(f"{e2.phase} · computation {k2 + 1} of {total} · ")
    assert position(e2, k2, total, 20, with_ids=True).plain == f"{e2.phase} · {k2 + 1} of {total}"
