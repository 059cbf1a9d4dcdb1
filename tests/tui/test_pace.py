"""Training at a chosen pace: - and + step through the paces; at a sample pace each tick applies
exactly one sample's update (the engine's), and t pauses it."""

from __future__ import annotations

from harness import hit

from tinynn import train_step
from tui.app import WalkthroughApp
from tui.pace import FULL_SPEED, PACES, faster, slower


def test_the_paces_go_from_one_sample_a_second_to_full_speed() -> None:
    assert PACES[0].label == "1 sample/s" and PACES[FULL_SPEED].per_second == 0.0
    assert [p.unit for p in PACES].index("epoch") > 0  # samples first, then epochs
    assert slower(0) == 0 and faster(FULL_SPEED) == FULL_SPEED
    assert [faster(k) for k in range(FULL_SPEED)] == list(range(1, FULL_SPEED + 1))


async def test_slower_and_faster_keys_and_one_sample_per_tick() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.pace == FULL_SPEED
        await hit(app, *["minus"] * (FULL_SPEED + 2))  # past the slowest: stays there
        assert app.pace == 0
        await hit(app, "plus")
        assert app.pace == 1 and PACES[1].unit == "sample"
        await hit(app, "t")
        assert app.training and app._ticks is not None
        assert f"training {PACES[1].label}" in app.status.plain_text()
        app._ticks.pause()  # the test ticks by hand from here
        p0, steps, sample = app.model.params, app.model.steps, app.model.sample
        x, y = app.model.x, app.model.y
        app.train_one_sample()  # what each tick does
        assert app.model.params == train_step(p0, x, y, app.model.lr).new_params
        assert app.model.steps == steps + 1 and app.model.sample == sample + 1
        await hit(app, "t")
        assert not app.training and app._ticks is None


async def test_the_light_theme_for_a_projector() -> None:
    from tui.widgets.numbers import COLORS, DARK, LIGHT, signed_style

    app = WalkthroughApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await hit(app, "T")
        assert app.theme == "tinynn-light" and app.current_theme.background == "#ffffff"
        assert COLORS == LIGHT and signed_style(0.5) == LIGHT["positive"]
        assert "dim" not in signed_style(1e-9)  # nothing faint on a projector
        await hit(app, "T")
        assert app.theme == "textual-dark" and COLORS == DARK


async def test_save_after_finishing_a_step_says_which_parameters_it_saves() -> None:
    from tui.screens.path import PathScreen

    app = WalkthroughApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await hit(app, "enter", "S")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        assert (
            "before this sample's (computed, not yet applied: n applies it)" in app.screen.heading
        )
        assert "after 0 updates" in app.screen.heading
        await pilot.press("escape")
