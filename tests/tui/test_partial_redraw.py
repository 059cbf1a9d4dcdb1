"""A step key repaints only what it changed: what is left on screen must be what a fresh
walkthrough draws at the same place.

The parameter table repaints only the rows whose cells changed (`ParamTable._set_row`, a
row's share of Textual's `update_cell`), the status bar and the --check line only when
their text changes, and the app's reactives repaint nothing themselves. A row, a line or a
panel left stale would show here: each test walks a walkthrough key by key (the screen
drawn after each key, as a terminal gets it) through a change that touches the cached
rows and lines (steps across phases, a theme, a resize, another task, another network),
then compares the whole screen, styles included, with that of a walkthrough that starts
there and draws it once.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from harness import hit
from textual._compositor import LayoutUpdate
from textual.app import App
from textual.geometry import Region
from textual.strip import Strip

from tinynn.run.config import Config
from tui.app import WalkthroughApp
from tui.model import Model
from tui.theme import LIGHT_THEME


def screen_strips(app: App[object]) -> list[Strip]:
    """Every line of the screen with its styles, as the compositor has it (cached lines
    included: a panel that missed a repaint keeps its old line here)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=[])
    assert isinstance(update, LayoutUpdate)
    return [Strip.join(line) for line in update.strips]


async def walked(app: WalkthroughApp, keys: list[str], size: tuple[int, int]) -> list[Strip]:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            if key.startswith("size:"):
                width, height = map(int, key[5:].split("x"))
                await pilot.resize_terminal(width, height)
            else:
                await hit(app, key)
            await pilot.pause()  # drawn after every key: the partial repaints happen
        app.clear_notifications()  # a toast says what `m` did: not part of the panels
        await pilot.pause()
        return screen_strips(app)


async def fresh(model: Model, size: tuple[int, int], light: bool = False) -> list[Strip]:
    app = WalkthroughApp(model=model)
    async with app.run_test(size=size) as pilot:
        if light:
            app.theme = LIGHT_THEME.name
        await pilot.pause()
        return screen_strips(app)


def moved(config: Config, *moves: Callable[[Model], object]) -> Model:
    model = Model.from_config(config)
    for move in moves:
        move(model)
    return model


def steps(n: int) -> list[Callable[[Model], object]]:
    return [Model.next] * n


async def test_steps_into_backward_leave_what_a_fresh_walkthrough_draws() -> None:
    # forward, loss and into backward: rows underlined, highlighted, then left
    after = await walked(WalkthroughApp(Config()), ["right"] * 14, (100, 30))
    assert after == await fresh(moved(Config(), *steps(14)), (100, 30))


@pytest.mark.slow
async def test_a_whole_step_a_theme_a_resize_and_another_task_leave_what_is_drawn_fresh() -> None:
    # the update's rows; the light theme recolours every number (the rows' cells are equal
    # as text, not as styles); a resize changes the table's digits; another task changes
    # every value
    keys = ["right"] * 33 + ["T", "right", "size:120x36", "right", "m"] + ["right"] * 22
    after = await walked(WalkthroughApp(Config()), keys, (100, 30))
    model = moved(Config(), *steps(35), Model.toggle_task, *steps(22))
    assert after == await fresh(model, (120, 36), light=True)


@pytest.mark.slow
async def test_another_network_leaves_the_panels_a_fresh_walkthrough_draws() -> None:
    # the graph, the equation panel, the table and the status bar; the table's scrolling
    # follows the way there (it was so before a key repainted only what it changed), so the
    # fresh one is scrolled alike; the graph lays the screen out again when its network
    # changes (tests/tui/test_switched_network.py)
    xor = Config(dataset="xor", hidden=8)
    app = WalkthroughApp(Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await hit(app, *["right"] * 5)
        await pilot.pause()
        app.move(lambda: app.model.apply_config(xor))
        await pilot.pause()
        for _ in range(40):
            await hit(app, "right")
            await pilot.pause()
        after = [panel_strips(app, name) for name in PANELS]
        rows = app.params.scroll_y
    model = moved(xor, *steps(40))
    assert model.trace.step.params == app.model.trace.step.params  # the same place
    again = WalkthroughApp(model=model)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        again.params.scroll_to(y=rows, animate=False, immediate=True)
        await pilot.pause()
        assert after == [panel_strips(again, name) for name in PANELS]


PANELS = ("#network", "#equation", "#params", "#status")


def panel_strips(app: App[object], selector: str) -> list[Strip]:
    """A panel's lines as the compositor gets them (its cached lines included)."""
    widget = app.query_one(selector)
    return widget.render_lines(Region(0, 0, *widget.outer_size))
