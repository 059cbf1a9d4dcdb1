"""`f` redoes what `b` took back, exactly, on screen too; any other change clears what is left to
redo. The model's own undo and redo, without the app: tests/tui/test_model.py."""

from __future__ import annotations

from harness import hit
from textual.pilot import Pilot

from tinynn import train
from tui.app import WalkthroughApp

SIZE = (100, 30)


def screen_state(app: WalkthroughApp) -> tuple[object, ...]:
    """Everything the main screen shows of the model's state, and the state itself."""
    m = app.model
    return (
        m.params,
        m.setup,
        m.sample,
        m.epoch,
        m.steps,
        m.cursor,
        list(m.sample_losses),
        list(m.epoch_losses),
        m.message,
        app.status.plain_text(),
        app.network.plain_text(),
        app.params.plain_text(),
        app.equation.plain_text(),
        app.loss_plot.render().plain,
    )


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Run the keys' bindings, then let the app handle what they posted."""
    await hit(pilot.app, *keys)
    await pilot.pause()


async def test_e_e_b_f_equals_e_e_and_the_engine() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        s = app.model.setup
        await press(pilot, "e", "e")
        two = screen_state(app)
        await press(pilot, "b")
        one = train(s.params, s.data, s.lr, 1, s.task, s.seed).params
        assert (app.model.params, app.model.epoch) == (one, 2)
        await press(pilot, "f")
        assert screen_state(app) == two
        trained = train(s.params, s.data, s.lr, 2, s.task, s.seed)
        assert app.model.params == trained.params  # floats compared exactly: bit for bit
        assert [p.loss for p in app.model.epoch_losses] == [e.loss for e in trained.history]
        await press(pilot, "f")  # nothing more to redo: nothing changes
        assert screen_state(app) == two
        await press(pilot, "b", "b", "f", "f")  # two back, two forward
        assert screen_state(app) == two


async def test_r_b_f_equals_r() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        s = app.model.setup
        await press(pilot, "e", "enter", "n", "right", "right")
        await press(pilot, "r")
        reset = screen_state(app)
        assert (app.model.params, app.model.epoch, app.model.epoch_losses) == (s.params, 1, [])
        await press(pilot, "b")
        one = train(s.params, s.data, s.lr, 1, s.task, s.seed).params
        assert app.model.epoch == 2 and app.model.params != one  # one sample past the epoch
        await press(pilot, "f")
        assert screen_state(app) == reset
