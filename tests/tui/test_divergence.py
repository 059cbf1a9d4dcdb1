"""A run that diverges in the walkthrough: a message, the last finite parameters, no traceback.

The reproduction of the issue: a CSV whose large inputs saturate the sigmoids, and η = 1.7e308,
so the weights become infinite while the loss stays finite. (With η = 1e307 the weights grow to
about 1e306 and stay finite now that σ'(z1) of a saturated unit is no longer rounded to 0.)
"""

from __future__ import annotations

import asyncio
import math
from pathlib import Path

import pytest
from harness import hit
from textual.worker import WorkerCancelled

from tinynn import Dataset, Params
from tinynn.core.params import all_finite
from tinynn.run.config import Config
from tui.app import WalkthroughApp
from tui.model import Model

CSV = "a,b,label\n-27,-5,0\n-75,-82,1\n7,96,0\n-20,-3,0\n"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    path = tmp_path / "c.csv"
    path.write_text(CSV, encoding="utf-8")
    return Config(csv=str(path), lr=1.7e308)


def test_an_epoch_that_diverges_keeps_the_parameters_and_says_where(config: Config) -> None:
    model = Model.from_config(config)
    before = model.params
    model.run_epoch()
    assert model.params == before and model.epoch == 1 and model.history == []
    assert model.message is not None and "diverged in epoch 1 at sample" in model.message


def test_a_single_step_that_diverges_is_not_applied() -> None:
    """W2 = 1e300 and η = 1e307: the update sends W2 to −inf while z1, a1 stay finite."""
    data = Dataset("one", [[1.0]], [0.0], "regression", ["x"])
    start = Params([[0.0]], [0.0], [1e300], 0.0)
    model = Model.from_config(Config(data=data, params=start, lr=1e307))
    model.finish()
    assert not math.isfinite(model.trace.step.new_params.W2[0])  # the step itself overflows
    model.next_sample()
    assert model.params == start and model.steps == 0 and model.history == []
    assert model.message is not None and "diverged in epoch 1 at sample 0" in model.message


async def test_the_app_shows_the_message_and_every_panel_stays_up(config: Config) -> None:
    app = WalkthroughApp(config)
    async with app.run_test(size=(100, 30)) as pilot:
        await hit(app, "e")
        await pilot.pause()  # a notification is a message to the app
        assert app.model.message is not None
        assert any("diverged" in n.message for n in app._notifications)
        await hit(app, "t")  # continuous training from finite parameters: diverges again
        # the worker ends, or is cancelled as it ends by the app's stop on its divergence
        ended = await asyncio.gather(*(w.wait() for w in app.workers), return_exceptions=True)
        assert all(r is None or isinstance(r, WorkerCancelled) for r in ended), ended
        await pilot.pause()  # its last message handled
        assert all_finite(app.model.params) and not app.training
        await hit(app, "right", "right", "enter", "n", "b")
        await pilot.pause()
        assert all(math.isfinite(v) for v in map(app.model.params.get, app.model.params.all_keys()))
    assert app.return_code in (0, None)
