"""The bug hunt screen: the buggy code's evidence, a right and a wrong answer, leaving.

The evidence is checked independently: the planted bug's gradients by hand,
the numeric gradients by a central difference, the correct loss curve by
`tinynn.train`.
"""

from __future__ import annotations

import math

import pytest
from harness import SIZE, Harness, hit, number, shown
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, OptionList, Static

from tinynn import forward, loss, sigmoid, train
from tinynn.render.tables import gradcheck_summary
from tinynn.run.config import Config, resolve
from tinynn.teach.bugs import BugHunt, Verdict, get_bug
from tui.app import WalkthroughApp
from tui.screens.bughunt import BugHuntScreen


def text_of(app: App[None], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def no_sigma_prime_hunt() -> BugHunt:
    return BugHunt(resolve(Config()), get_bug("no-sigma-prime"))


async def test_bughunt_shows_the_buggy_gradients_and_both_loss_curves() -> None:
    hunt = no_sigma_prime_hunt()
    s = hunt.setup
    p, x, y = s.params, s.x, s.y
    # By hand: the bug drops sigma' from delta1, so dW1[j][0] = delta2 * W2[j] * x[0].
    a1 = [sigmoid(p.W1[j][0] * x[0] + p.b1[j]) for j in range(3)]
    delta2 = sum(w * a for w, a in zip(p.W2, a1)) + p.b2 - y
    reference = train(p, s.data, s.lr, hunt.epochs, s.task, s.seed).history
    app = Harness(BugHuntScreen(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#bughunt-gradcheck", DataTable)
        for j in range(3):
            row = f"W1[{j}][0]"
            assert math.isclose(
                number(table.get_cell(row, "analytic")), delta2 * p.W2[j] * x[0], rel_tol=1e-5
            )
            h = 1e-6
            plus = loss(forward(p.with_value(("W1", (j, 0)), p.W1[j][0] + h), x), y)
            minus = loss(forward(p.with_value(("W1", (j, 0)), p.W1[j][0] - h), x), y)
            numeric = (plus - minus) / (2 * h)
            assert math.isclose(number(table.get_cell(row, "numeric")), numeric, rel_tol=1e-4)
            assert str(table.get_cell(row, "result")) == "FAIL"
            assert str(table.get_cell(f"b1[{j}]", "result")) == "FAIL"
            assert str(table.get_cell(f"W2[{j}]", "result")) == "pass"
            assert math.isclose(
                number(table.get_cell(f"W2[{j}]", "analytic")), delta2 * a1[j], rel_tol=1e-5
            )
        assert str(table.get_cell("b2", "result")) == "pass"
        verdict = text_of(app, "#bughunt-verdict")  # `tinynn gradcheck`'s line
        assert verdict == gradcheck_summary(hunt.check)
        assert verdict.startswith("FAIL: 4 of 10 gradients agree (central differences")

        curve = app.screen.query_one("#bughunt-curve", DataTable)
        assert curve.row_count == hunt.epochs == len(reference)
        for stats in reference:
            shown = number(curve.get_cell(str(stats.epoch), "correct"))
            assert math.isclose(shown, stats.loss, rel_tol=1e-5)
            buggy = number(curve.get_cell(str(stats.epoch), "buggy"))
            assert math.isclose(buggy, hunt.curve[stats.epoch - 1], rel_tol=1e-5)
        assert "x = [−3], y = −0.141, η = 0.5" in text_of(app, "#bughunt-sample")
        menu = app.screen.query_one("#bughunt-menu", OptionList)
        assert menu.option_count == len(hunt.menu) == 10
        prompt = menu.get_option_at_index(4).prompt
        assert isinstance(prompt, Text) and "(classification only)" in prompt.plain
        assert not app.screen.query_one("#bughunt-reveal").display


async def test_bughunt_right_answer_by_its_number_reveals_both_equations() -> None:
    hunt = no_sigma_prime_hunt()
    app = Harness(BugHuntScreen(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")  # of 10 answers: it waits for a second digit
        await pilot.pause()
        assert not app.screen.query_one("#bughunt-reveal").display
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#bughunt-reveal").display
        assert text_of(app, "#bughunt-headline") == "✓ Right: 1. σ' left out of δ1."
        assert text_of(app, "#bughunt-wrong") == "δ1[j] = δ2·W2[j]"
        assert text_of(app, "#bughunt-correct") == "δ1[j] = δ2·W2[j]·σ'(z1[j])"
        assert "the gradient check gives it away" in text_of(app, "#bughunt-why")
        await pilot.press("3")  # a second answer changes nothing
        await pilot.press("escape")
        await pilot.pause()
        bug = get_bug("no-sigma-prime")
        assert app.results == [Verdict(True, bug, bug)]


async def test_bughunt_wrong_answer_from_the_menu_names_the_real_bug() -> None:
    hunt = no_sigma_prime_hunt()
    app = Harness(BugHuntScreen(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # the third (↓ highlights the first)
        await pilot.pause()
        assert text_of(app, "#bughunt-headline") == "✗ Not 3. It was 1. σ' left out of δ1."
        assert text_of(app, "#bughunt-wrong") == "δ1[j] = δ2·W2[j]"
        assert app.screen.query_one("#bughunt-menu", OptionList).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [Verdict(False, get_bug("a1-for-x"), get_bug("no-sigma-prime"))]


async def test_bughunt_escape_before_answering_returns_none() -> None:
    hunt = BugHunt(resolve(Config(task="classification")), get_bug("notes-E3"))
    app = Harness(BugHuntScreen(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#bughunt-gradcheck", DataTable)
        assert text_of(app, "#bughunt-verdict").startswith("PASS: 13 of 13")  # an update bug
        assert table.row_count == 13
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None] and hunt.verdict is None


SMALL = (80, 24)  # the smallest terminal the walkthrough is laid out for


async def test_at_80x24_every_answer_comes_into_view_as_the_keys_reach_it() -> None:
    """↓ from the first answer to the last and ↑ back: each, highlighted, is on screen (the
    body scrolls, since the menu is below the evidence), and enter answers with it."""
    app = WalkthroughApp()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("B")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BugHuntScreen)
        menu = screen.query_one("#bughunt-menu", OptionList)
        titles = [f"{n}. {bug.title}"[:30] for n, bug in enumerate(screen.hunt.menu, start=1)]
        assert "One equation of this network's code" in shown(app)  # not scrolled at first
        assert menu.highlighted is None  # enter alone answers nothing unseen
        order = [*range(len(titles)), *reversed(range(len(titles) - 1))]
        for k, previous in zip(order, [-1, *order]):
            await hit(app, "down" if k > previous else "up")
            await pilot.pause()  # the menu's message handled, the body scrolled and painted
            assert menu.highlighted == k
            assert titles[k] in shown(app), (k, shown(app))
        await hit(app, *["down"] * (len(titles) - 1))
        assert menu.highlighted == len(titles) - 1
        await pilot.press("enter")
        # The reveal scrolls into view after the refresh that displays it, by a scroll that
        # Textual defers to the refresh after (scroll_visible): the third refresh paints it.
        for _ in range(3):
            await pilot.pause()
        last = screen.hunt.menu[-1]
        assert screen.hunt.verdict is not None and screen.hunt.verdict.guess == last
        bug = screen.hunt.verdict.bug  # a random one: the last, sometimes
        number = screen.hunt.menu.index(bug) + 1
        said = f"✓ Right: {number}." if bug == last else f"It was {number}. {bug.title}"[:30]
        assert said in shown(app)


@pytest.mark.parametrize("k", [0, 4, 9])  # the first, one mid-way, the last (below the fold)
async def test_at_80x24_an_answer_is_chosen_with_arrows_and_enter(k: int) -> None:
    hunt = no_sigma_prime_hunt()
    app = Harness(BugHuntScreen(hunt))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert len(hunt.menu) == 10
        await hit(app, *["down"] * (k + 1))  # the first ↓ highlights the first answer
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#bughunt-menu", OptionList).highlighted == k
        assert hunt.verdict == Verdict(hunt.menu[k] == hunt.bug, hunt.menu[k], hunt.bug)


@pytest.mark.parametrize(("keys", "answer"), [(["1", "0"], 10), (["3"], 3), (["1", "enter"], 1)])
async def test_bughunt_takes_two_digit_answers(keys: list[str], answer: int) -> None:
    """Ten answers: 1 then 0 is 10, not 1; 3 is 3 at once (no answer 30); 1 ⏎ is 1."""
    hunt = no_sigma_prime_hunt()
    app = Harness(BugHuntScreen(hunt))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert hunt.verdict is not None and hunt.menu.index(hunt.verdict.guess) + 1 == answer
