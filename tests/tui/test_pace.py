"""Training at a chosen pace: - and + step through the paces; at a sample pace each tick applies
exactly one sample's update (the engine's), and t pauses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import hit
from textual.message import Message

from tinynn import Diverged, train, train_step
from tinynn.run.config import Config
from tui.app import WalkthroughApp
from tui.messages import TrainingDiverged, TrainingProgress
from tui.model import Model
from tui.pace import FULL_SPEED, PACES, faster, slower, train_at_pace


def test_the_paces_go_from_one_sample_a_second_to_full_speed() -> None:
    assert PACES[0].label == "1 sample/s" and PACES[FULL_SPEED].per_second == 0.0
    assert [p.unit for p in PACES].index("epoch") > 0  # samples first, then epochs
    assert slower(0) == 0 and faster(FULL_SPEED) == FULL_SPEED
    assert [faster(k) for k in range(FULL_SPEED)] == list(range(1, FULL_SPEED + 1))


def test_an_epoch_pace_posts_the_engines_epochs_in_order() -> None:
    """The worker's loop, without the app: five epochs from epoch 4 are `tinynn.train`'s."""
    model = Model.from_config(Config())
    looks = iter([False] * 5 + [True])  # cancelled at its sixth look: five epochs
    posted: list[Message] = []
    train_at_pace(model, 3, model.params, 4, 0.0, lambda: next(looks), posted.append)
    setup = model.setup
    expected = train(model.params, setup.data, model.lr, 5, model.task, setup.seed, None, 4)
    assert posted and all(isinstance(m, TrainingProgress) and m.run == 3 for m in posted)
    stats = [s for m in posted if isinstance(m, TrainingProgress) for s in m.stats]
    assert stats == expected.history and [s.epoch for s in stats] == [4, 5, 6, 7, 8]
    last = posted[-1]
    assert isinstance(last, TrainingProgress) and last.params == expected.params


def test_an_epoch_pace_stops_at_a_divergence_with_the_last_finite_parameters(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.csv"  # large inputs and η = 1.7e308: the first epoch diverges
    path.write_text("a,b,label\n-27,-5,0\n-75,-82,1\n7,96,0\n-20,-3,0\n", encoding="utf-8")
    model = Model.from_config(Config(csv=str(path), lr=1.7e308))
    setup = model.setup
    with pytest.raises(Diverged) as engine:
        train(model.params, setup.data, model.lr, 1, model.task, setup.seed, None, 1)
    posted: list[Message] = []
    train_at_pace(model, 1, model.params, 1, 0.0, lambda: False, posted.append)
    (message,) = posted
    assert isinstance(message, TrainingDiverged)
    assert (message.run, message.params, message.stats) == (1, model.params, [])
    assert f"diverged in epoch 1 at sample {engine.value.sample}" in message.message


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
        assert app.training and app.trainer.ticks is not None
        assert f"training {PACES[1].label}" in app.status.plain_text()
        app.trainer.ticks.pause()  # the test ticks by hand from here
        p0, steps, sample = app.model.params, app.model.steps, app.model.sample
        x, y = app.model.x, app.model.y
        app.trainer.tick()  # the first: this sample's update computed, every number shown
        assert app.model.params == p0 and app.model.at_end
        assert "Nothing computed yet" not in app.equation.plain_text()
        app.trainer.tick()  # each next one: that update applied, the next one computed
        assert app.model.params == train_step(p0, x, y, app.model.lr).new_params
        assert app.model.steps == steps + 1 and app.model.sample == sample + 1
        assert app.model.at_end
        await hit(app, "t")
        assert not app.training and app.trainer.ticks is None


async def test_training_whole_epochs_after_n_first_finishes_the_epoch_begun() -> None:
    """At an epoch pace, t after n applies the epoch's other samples in order first, so
    that every epoch the run reports has each sample once."""
    app = WalkthroughApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        m = app.model
        data, p0 = m.setup.data, m.params
        await hit(app, "enter", "n")
        assert m.mid_epoch and m.steps == 1
        app.trainer.train_epochs = lambda *args, **kwargs: None  # type: ignore[method-assign]
        await hit(app, "t")  # the epochs themselves are tinynn.train's (tested above)
        params = p0
        for x, y in data.samples:
            params = train_step(params, x, y, m.lr).new_params
        assert (m.params, m.steps, m.epoch, m.mid_epoch) == (params, 21, 2, False)
        assert app.training
        await hit(app, "t")


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
        heading = app.screen.heading
        assert "before this sample's update (computed, not yet applied: n applies it)" in heading
        assert "after 0 updates" in app.screen.heading
        await pilot.press("escape")
