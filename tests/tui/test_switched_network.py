"""Another network in a running walkthrough draws what a walkthrough started with it draws.

The network graph asks for rows by its number of hidden units (`get_content_height`), and a
step key repaints it without laying the screen out again: a set-up with more or fewer hidden
units (the settings dialog `s`, or `m`'s other task) must lay it out again, or the graph keeps
the height of the network before (at 100×30 a 1-8-1 network got 9 rows instead of 15 after
the switch from 1-3-1, the equation panel the rest). Each test switches, then compares the
graph and the whole screen, styles included, with those of a walkthrough started with that
set-up at the same size.
"""

from __future__ import annotations

import pytest
from harness import hit
from test_partial_redraw import screen_strips
from textual.strip import Strip
from textual.widgets import Input

from tinynn.run.config import Config
from tui.app import WalkthroughApp
from tui.screens.settings import SettingsScreen

# 100×30 in the quick suite, 120×40 (a taller graph) with the slow tests
SIZES = [(100, 30), pytest.param((120, 40), marks=pytest.mark.slow)]
Drawn = tuple[int, str, list[Strip]]  # the graph's height, its text, the whole screen


def drawn(app: WalkthroughApp) -> Drawn:
    return app.network.size.height, app.network.plain_text(), screen_strips(app)


async def started(config: Config, size: tuple[int, int]) -> Drawn:
    app = WalkthroughApp(config)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return drawn(app)


async def switched(start: Config, key: str, size: tuple[int, int], config: Config) -> Drawn:
    """A walkthrough on `start` given `config` as the settings dialog applies it (key "s"),
    or switched to the other task (key "m"): what it draws."""
    app = WalkthroughApp(start)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if key == "s":
            app.move(lambda: app.model.apply_config(config))  # dialogs.open_settings's move
        else:
            await hit(app, key)
        await pilot.pause()
        assert app.model.setup.config == config
        app.clear_notifications()  # a toast says what was done: not part of the panels
        await pilot.pause()
        return drawn(app)


def assert_same(after: Drawn, fresh: Drawn, hidden: int) -> None:
    # every hidden unit drawn, and the graph's height and lines first (what the bug changed)
    assert all(f"h{j} " in fresh[1] for j in range(hidden))
    assert after[:2] == fresh[:2]
    assert after[2] == fresh[2]


@pytest.mark.parametrize("size", SIZES)
async def test_more_hidden_units_draw_what_a_fresh_walkthrough_draws(
    size: tuple[int, int],
) -> None:
    xor8 = Config(dataset="xor", hidden=8)  # another dataset and task too
    after = await switched(Config(), "s", size, xor8)
    assert_same(after, await started(xor8, size), 8)


@pytest.mark.parametrize("size", SIZES)
async def test_the_other_task_with_fewer_units_draws_what_a_fresh_walkthrough_draws(
    size: tuple[int, int],
) -> None:
    # m starts the other task's default network: 3 hidden units after 8
    xor = Config(task="classification")
    after = await switched(Config(hidden=8), "m", size, xor)
    assert_same(after, await started(xor, size), 3)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_hidden_units_typed_in_the_settings_draw_what_a_fresh_walkthrough_draws(
    size: tuple[int, int],
) -> None:
    app = WalkthroughApp(Config())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await hit(app, "s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        field = screen.query_one("#hidden", Input)
        screen.set_focus(field)
        field.value = "8"
        await hit(app, "enter")  # Input.Submitted: the dialog applies
        await pilot.pause()
        assert app.model.params.n_hidden == 8
        app.clear_notifications()
        await pilot.pause()
        after = drawn(app)
    assert_same(after, await started(Config(hidden=8), size), 8)
