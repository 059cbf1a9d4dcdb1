"""The compare screen also trains the three set-ups side by side, and shows δ1 for each."""

from __future__ import annotations

import pytest
from harness import SIZE, hit
from textual.widgets import DataTable, Static

from tinynn import compare_outputs, train
from tinynn.core.numbers import fmt
from tinynn.teach.lesson import load_lesson
from tui.app import WalkthroughApp
from tui.screens.compare import CompareScreen


async def test_compare_shows_delta1_and_the_three_runs_from_the_same_weights() -> None:
    lesson = load_lesson("saturation")
    setup = lesson.setup()
    app = WalkthroughApp(lesson.config)
    async with app.run_test(size=SIZE) as pilot:
        await hit(app, "c")
        await pilot.pause()  # mounted: its worker started
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await screen.workers.wait_for_complete()  # the three runs train in a worker
        await pilot.pause()
        assert screen.runs is not None
        runs = screen.runs
        assert len(runs) == 300  # 300 epochs of 4 samples: within the screen's budget
        # (b) is tinynn.train's classification run, (a) its regression run, epoch by epoch
        b = train(setup.params, setup.data, setup.lr, 300, "classification", setup.seed).history
        a = train(setup.params, setup.data, setup.lr, 300, "regression", setup.seed).history
        assert [r.losses[1] for r in runs] == [e.loss for e in b]
        assert [r.losses[0] for r in runs] == [e.loss for e in a]
        text = str(screen.query_one("#compare-runs", Static).render())
        assert f"{fmt(runs[-1].losses[1], 4)}" in text and "(c) ½(p − y)²" in text
        table = screen.query_one("#compare-table", DataTable)
        c = compare_outputs(setup.params, setup.x, setup.y)
        for j in range(len(c.a1)):
            row = [str(cell) for cell in table.get_row(f"delta1[{j}]")]
            assert row[1:] == [fmt(k.delta1[j]) for k in c.cases]
            # δ1[j] = δ2·W2[j]·σ'(z1[j]) with σ' = a1(1 − a1), by hand from the shared a1
            a = c.a1[j]
            by_hand = c.cases[1].delta2 * setup.params.W2[j] * a * (1 - a)
            assert c.cases[1].delta1[j] == pytest.approx(by_hand, rel=1e-12)


async def test_the_runs_train_in_a_worker_while_the_table_is_already_shown() -> None:
    """The one-step table is there at once; the runs' text replaces the note when done."""
    import threading

    from harness import Harness

    from tinynn.render.compare import compare_runs_text
    from tinynn.run.compare import RunEpoch, compare_runs
    from tui.screens.compare import TRAINING

    lesson = load_lesson("saturation")
    setup = lesson.setup()
    go = threading.Event()
    runs = compare_runs(setup.params, setup.data, setup.lr, 5, setup.seed)

    def train() -> list[RunEpoch]:
        go.wait(timeout=30)
        return runs

    screen = CompareScreen(compare_outputs(setup.params, setup.x, setup.y), train)
    app = Harness(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = screen.query_one("#compare-runs", Static)
        assert str(note.render()) == TRAINING and screen.runs is None
        assert screen.query_one("#compare-table", DataTable).row_count > 0
        go.set()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert screen.runs == runs
        assert str(note.render()).rstrip() == compare_runs_text(runs).rstrip()
