"""The walkthrough driven by keys: what it shows must be the engine's numbers."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable

import pytest
from harness import hit, shown
from rich.cells import cell_len
from textual.binding import Binding
from textual.worker import WorkerCancelled

from tinynn import Event, Step, init_params, load_params, train, train_step
from tinynn.core.names import GRAD, key_text
from tinynn.core.numbers import fmt
from tinynn.run.config import Config
from tinynn.run.trace import chain_numbers
from tui.app import WalkthroughApp
from tui.command import main

SIZE = (100, 30)
X0, Y0 = [-3.0], round(math.sin(-3.0), 3)  # sample 0 of the sine data


def engine_value(step: Step, e: Event) -> float:
    """The number `train_step` computed for event `e`, looked up by name (not via the trace)."""
    f, g, q = step.forward, step.grads, step.new_params
    j = e.index[0] if e.index else 0
    if e.phase == "update":
        table = {"W1": lambda: q.W1[j][e.index[1]], "b1": lambda: q.b1[j], "W2": lambda: q.W2[j]}
        return table.get(e.name, lambda: q.b2)()
    table = {
        "z1": lambda: f.z1[j],
        "a1": lambda: f.a1[j],
        "z2": lambda: f.z2,
        "y_pred": lambda: f.y_pred,
        "L": lambda: step.loss,
        "delta2": lambda: g.delta2,
        "dW2": lambda: g.dW2[j],
        "db2": lambda: g.db2,
        "sigma_prime": lambda: g.sigma_prime[j],
        "delta1": lambda: g.delta1[j],
        "dW1": lambda: g.dW1[j][e.index[1]],
        "db1": lambda: g.db1[j],
    }
    return table[e.name]()


def key_of(name: str, index: tuple[int, ...]) -> str:
    return name + "".join(f"[{i}]" for i in index)


def table_rows(app: WalkthroughApp) -> dict[str, list[str]]:
    """The parameter table as {name: [value, gradient, new]} read from its rendered text."""
    rows = {}
    for line in app.params.plain_text().splitlines()[1:]:
        name, *cells = line.replace("▸", " ").split()
        rows[name] = cells
    return rows


async def test_one_whole_update_shows_the_engines_numbers() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # laid out: the panels' texts depend on their widths
        p0 = app.model.params
        assert p0 == init_params(1, 3, 0) and app.model.cursor == -1
        assert "Nothing computed yet" in app.equation.plain_text()
        step = train_step(p0, X0, Y0, 0.5)
        for k, e in enumerate(app.model.trace):
            await hit(app, "right")
            assert app.cursor == k
            lines = app.equation.plain_text().splitlines()
            # the panel wraps a long line at its width: compare without the whitespace
            solid = "".join(app.equation.plain_text().split())
            equation = f"{e.equation}={e.substituted}={fmt(engine_value(step, e))}"
            assert "".join(equation.split()) in solid
            assert any(t.startswith(f"▶ {e.lhs} ") and t.endswith(fmt(e.value)) for t in lines)
            for i in e.errata:  # in full, or its one-line marker (E opens it)
                text = app.equation.plain_text()
                assert f"erratum {i}:" in text or (f"{i}" in text and "(E shows" in text)
            chain = chain_numbers(e)
            if chain is not None:
                assert "=" + "".join(chain.split()) in solid
        rows = table_rows(app)
        d = app.params.digits  # 6, or the compact form's fewer in this 100-column panel
        assert 2 <= d <= 6
        for k in p0.all_keys():
            grad = step.grads.get((GRAD[k[0]], k[1]))
            row = [fmt(p0.get(k), d), fmt(grad, d), fmt(step.new_params.get(k), d)]
            assert rows[key_text(k)] == row
        assert f"L {fmt(step.loss)}" in app.status.plain_text()
        network = app.network.plain_text()
        assert f"δ2 {fmt(step.grads.delta2, 3)}" in network
        assert f"h0 {fmt(step.forward.z1[0], 3)} " in network  # the z1/σ' column
        await hit(app, "n")
        assert app.model.params == step.new_params and app.model.sample == 1
        assert "sample 1 (2 of 21)" in app.status.plain_text()


async def test_finish_equals_train_step_and_nothing_shows_before_it_is_computed() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE):
        assert set(sum(table_rows(app).values(), [])[1::3]) == {"·"}  # no gradient yet
        assert "δ2 ·" in app.network.plain_text()
        await hit(app, "enter")
        assert app.model.at_end
        await hit(app, "n")
        assert app.model.params == train_step(init_params(1, 3, 0), X0, Y0, 0.5).new_params


async def test_previous_and_step_back_restore_the_earlier_state_exactly() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # laid out: the panels' texts depend on their widths
        seen = []
        for _ in range(12):
            seen.append((app.equation.plain_text(), app.params.plain_text()))
            await hit(app, "l")
        for text in reversed(seen):
            await hit(app, "h")
            assert (app.equation.plain_text(), app.params.plain_text()) == text
        p0 = app.model.params
        start = (app.network.plain_text(), app.params.plain_text(), app.status.plain_text())
        for _ in range(3):
            await hit(app, "enter", "n")
        assert app.model.steps == 3
        await hit(app, "b", "backspace", "b")
        assert app.model.params is p0 and app.model.steps == 0
        assert (app.network.plain_text(), app.params.plain_text(), app.status.plain_text()) == start
        await hit(app, "enter", "n", "left")  # ← before the first event: back across samples
        assert app.model.params is p0 and app.model.at_end


async def test_r_then_b_restores_the_parameters_the_epoch_and_the_plots() -> None:
    """A reset jumps back whole epochs; `b` brings them back (the engine's two epochs)."""
    app = WalkthroughApp()
    async with app.run_test(size=SIZE):
        await hit(app, "e", "e")
        m = app.model
        s = m.setup
        trained = train(s.params, s.data, s.lr, 2, s.task, s.seed)
        assert (m.params, m.epoch, m.steps) == (trained.params, 3, 2 * len(s.data))
        before = (
            m.params,
            m.sample,
            m.epoch,
            m.steps,
            list(m.epoch_losses),
            app.status.plain_text(),
        )
        await hit(app, "r")
        assert (m.params, m.epoch, m.steps, m.epoch_losses) == (s.params, 1, 0, [])
        await hit(app, "b")
        after = (
            m.params,
            m.sample,
            m.epoch,
            m.steps,
            list(m.epoch_losses),
            app.status.plain_text(),
        )
        assert after == before
        assert [p.loss for p in m.epoch_losses] == [e.loss for e in trained.history]
        await hit(app, "b")  # and the second epoch, as before the reset
        assert (m.params, m.epoch) == (train(s.params, s.data, s.lr, 1, s.task, s.seed).params, 2)


# Every key of a move of the model, and the move it makes (the moves themselves are tested on
# the Model alone, tests/tui/test_model.py).
MOVE_KEYS = {
    "right": "next", "l": "next", "left": "prev", "h": "prev",
    "right_square_bracket": "next_equation", "left_square_bracket": "prev_equation",
    "right_curly_bracket": "next_phase", "pagedown": "next_phase",
    "left_curly_bracket": "prev_phase", "pageup": "prev_phase",
    "enter": "finish", "n": "next_sample", "b": "step_back", "backspace": "step_back",
    "f": "redo", "e": "run_epoch", "r": "reset", "m": "toggle_task",
}  # fmt: skip


def test_each_move_key_makes_the_model_move_of_its_name() -> None:
    """No app run: the action of each key hands `move` the Model's move of the same name."""
    app = WalkthroughApp()
    made: list[object] = []
    app.move = lambda move, kind="": made.append(move)  # type: ignore[method-assign]
    actions = {
        key: b.action
        for b in app.BINDINGS
        if isinstance(b, Binding) and not b.priority  # page_guard lets page keys through
        for key in b.key.split(",")
    }
    for key, name in MOVE_KEYS.items():
        assert actions[key] == name, key
        getattr(app, f"action_{name}")()
        assert made[-1] == getattr(app.model, name), key


class Watched(WalkthroughApp):
    """The walkthrough, with a way to wait for its training worker's next message.

    Textual calls these handlers before WalkthroughApp's own (the subclass first in
    the MRO), and a waiting test resumes only after both have run.
    """

    def __init__(self, config: Config | None = None) -> None:
        super().__init__(config)
        self.arrived = asyncio.Event()

    def on_training_progress(self) -> None:
        self.arrived.set()

    def on_training_diverged(self) -> None:
        self.arrived.set()

    async def stopped(self) -> None:
        """Wait until every worker has ended; a cancelled one counts as ended."""
        waits = [w.wait() for w in list(self.workers)]
        ended = await asyncio.gather(*waits, return_exceptions=True)
        assert all(r is None or isinstance(r, WorkerCancelled) for r in ended), ended

    async def until(self, condition: Callable[[], bool]) -> None:
        """Wait for messages of the worker until `condition()` holds."""
        while not condition():
            self.arrived.clear()
            await self.arrived.wait()


async def test_training_in_the_worker_lowers_the_loss_and_pauses() -> None:
    app = Watched()
    async with app.run_test(size=SIZE) as pilot:
        await hit(app, "e")
        first = app.model.epoch_losses[0].loss
        await hit(app, "t")  # keys while the worker runs: `hit`, as the pilot would wait for
        assert app.training  # an idle CPU (up to 1 s a key)
        await app.until(lambda: app.model.epoch > 150)  # under first / 5 from epoch 122 on
        await hit(app, "right")  # the UI answers while training (and a move pauses it)
        assert not app.training
        await app.stopped()
        assert not any(w.is_running for w in app.workers)
        await pilot.pause()  # a message the worker posted before it stopped is handled here
        epoch = app.model.epoch
        assert epoch > 150 and app.model.epoch_losses[-1].loss < first / 5
        await hit(app, "t")
        await app.until(lambda: app.model.epoch > epoch)
        await hit(app, "t")
        await app.stopped()
        await pilot.pause()
        assert not app.training and app.model.epoch > epoch
        await hit(app, "b")  # one step back undoes the whole run
        assert app.model.epoch == epoch


async def test_a_diverging_run_stops_with_a_message_and_finite_parameters() -> None:
    app = Watched(Config(lr=1000.0))
    async with app.run_test(size=SIZE):
        await hit(app, "t")
        await app.until(lambda: not app.training)
        await app.stopped()
        assert not app.training
        assert "diverged" in app.status.plain_text()
        assert all(math.isfinite(v) for v in map(app.model.params.get, app.model.params.all_keys()))


async def test_toggle_task_and_the_key_bar() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE):
        await hit(app, "m")
        assert (app.model.task, app.model.setup.data.name) == ("classification", "xor")
        assert "classification" in app.status.plain_text()
        assert "accuracy 50 %" in str(app.fit_plot.border_title)  # percent_text, as the CLI
        plain = app.fit_plot.render().plain  # the inputs named as the trace names them
        assert "x[0] −0.1…1.1 →" in plain and "\nx[1] " in plain and "x1" not in plain
        keys = app.query_one("#keys").plain_text()
        for b in app.BINDINGS:
            if b.action in ("first_difference", "lesson"):  # shown only with --check, --lesson
                assert b.description not in keys
                continue
            assert b.description in keys or (b.group and b.group.description in keys), b


async def test_each_screen_opens_and_closes() -> None:
    from tui.screens.bughunt import BugHuntScreen
    from tui.screens.compare import CompareScreen
    from tui.screens.edit_weight import EditWeightScreen
    from tui.screens.gradcheck import GradCheckScreen
    from tui.screens.help import HelpScreen
    from tui.screens.path import PathScreen
    from tui.screens.quiz import QuizScreen
    from tui.screens.settings import SettingsScreen

    app = WalkthroughApp(Config(task="classification"))  # compare needs a 0/1 label
    async with app.run_test(size=SIZE) as pilot:
        main_screen = app.screen
        for key, cls in [
            ("question_mark", HelpScreen),
            ("c", CompareScreen),
            ("g", GradCheckScreen),
            ("s", SettingsScreen),
            ("w", EditWeightScreen),
            ("S", PathScreen),
            ("X", PathScreen),
            ("u", QuizScreen),
            ("B", BugHuntScreen),
        ]:
            await hit(app, key)
            await pilot.pause()  # mounted and drawn
            assert isinstance(app.screen, cls), key
            await hit(app, "escape")
            await pilot.pause()
            assert app.screen is main_screen, key
        assert app.model.steps == 0 and app.model.history == []


async def test_compare_on_a_regression_sample_explains_instead_of_opening() -> None:
    app = WalkthroughApp()  # sine: y = −0.14 is no probability's label
    async with app.run_test(size=SIZE) as pilot:
        main_screen = app.screen
        await hit(app, "c")
        await pilot.pause()  # a notification is a message to the app
        assert app.screen is main_screen
        (note,) = app._notifications
        assert "needs a label from 0 to 1" in note.message and "y = −0.141" in note.message


async def test_edit_weight_save_export_and_settings_through_their_screens(tmp_path) -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        await hit(app, "right_curly_bracket", "down", "w")  # W1[1][0]
        await pilot.pause()  # the dialog mounted, its field focused
        app.screen.query_one("#edit-value").value = "2"
        await hit(app, "enter")
        await pilot.pause()
        assert app.model.params.W1[1][0] == 2.0 and app.model.event.label == "y_pred"
        assert app.model.trace[1].value == 2.0 * -3.0  # z1[1] recomputed from the edit
        assert f"= {fmt(-6.0)}" in app.equation.plain_text() or "−6" in app.network.plain_text()

        saved = tmp_path / "p.json"
        await hit(app, "S")
        await pilot.pause()
        app.screen.query_one("#path-value").value = str(saved)
        await hit(app, "enter")
        await pilot.pause()
        assert load_params(str(saved)) == app.model.params

        exported = tmp_path / "trace.md"
        await hit(app, "X")
        await pilot.pause()
        app.screen.query_one("#path-value").value = str(exported)
        await hit(app, "enter")
        await pilot.pause()
        assert "W1[1][0]" in exported.read_text(encoding="utf-8")

        app.action_settings()
        await pilot.pause()
        app.screen.dismiss(Config(dataset="circle", hidden=2, lr=0.1))
        await pilot.pause()
        assert (app.model.task, app.model.params.n_hidden, app.model.lr) == (
            "classification",
            2,
            0.1,
        )
        assert "circle" in app.status.plain_text()


async def test_a_small_terminal_shows_a_message_and_resizing_back_restores_the_layout() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert app.query_one("#too-small").display and not app.query_one("#main").display
        await hit(app, "right", "enter", "n")  # keys still work, nothing breaks
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.query_one("#main").display and not app.query_one("#too-small").display
        assert app.model.steps == 1


CHARACTER = {"space": " ", "minus": "-", "full_stop": ".", "question_mark": "?", "enter": "\r"}
CHARACTER |= {"left_square_bracket": "[", "right_square_bracket": "]"}
CHARACTER |= {"left_curly_bracket": "{", "right_curly_bracket": "}"}


async def test_a_burst_of_random_keys_raises_nothing(tmp_path, monkeypatch) -> None:
    """Every binding but q and t, and keys for the dialogs, in 5 seeded random orders.

    Each burst is the whole list of keys shuffled (so every key is sent 5 times,
    each time after other keys), posted as a terminal posts them, without waiting
    for the app to catch up (as a fast typist or a paste would), so keys also
    reach a dialog while it opens or closes. Any exception in a handler makes
    run_test raise. Training (t) is left out: its CPU use keeps the test harness
    from seeing the app idle; the training test presses keys while the worker runs.
    """
    import random

    from textual import events

    monkeypatch.chdir(tmp_path)  # a random S / X + enter writes its file here
    keys = [
        "right", "left", "l", "h", "left_square_bracket", "right_square_bracket",
        "left_curly_bracket", "right_curly_bracket", "pageup", "pagedown", "enter", "n", "b",
        "backspace", "e", "r", "m", "c", "g", "s", "w", "S", "X", "u", "B", "question_mark",
        "up", "down", "escape", "tab", "space", "1", "0", "minus", "full_stop", "x", "a",
    ]  # fmt: skip
    rng = random.Random(7)
    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(5):
            for key in rng.sample(keys, len(keys)):
                character = CHARACTER.get(key, key if len(key) == 1 else None)
                app.post_message(events.Key(key, character))
            await pilot.pause()  # the app has handled the burst
        while len(app.screen_stack) > 1:
            await pilot.press("escape")
        await pilot.press("r", "enter")
        assert app.model.at_end and app.model.steps == 0


async def test_keys_that_reach_a_closing_dialog_do_not_close_the_main_screen() -> None:
    """Enter then escape, typed fast: escape closes the dialog before it has seen enter."""
    from textual import events

    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        for key in ("S", "w", "X"):
            await pilot.press(key)
            app.post_message(events.Key("enter", "\r"))
            app.post_message(events.Key("escape", None))
            await pilot.pause()
            assert len(app.screen_stack) == 1, key
        await pilot.press("r", "right")  # the main screen still answers
        assert app.cursor == 0


def test_bad_options_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--hidden", "0"], ["--lr", "x"], ["--csv", "/no/such.csv"], ["--sample", "99"]):
        try:
            code = main(argv)  # a mistake found after parsing: returned
        except SystemExit as exc:  # argparse's own: raised
            code = exc.code
        assert code == 2
        err = capsys.readouterr().err
        assert err.startswith("tinynn: error: ") and err.count("\n") == 1, err


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


async def test_at_80x24_no_number_is_cut_off() -> None:
    """Every panel line fits; the diagram rounds, the list drops formulas, never values."""
    app = WalkthroughApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # laid out at 80 columns (the breakpoints' classes applied)
        step = train_step(init_params(1, 3, 0), X0, Y0, 0.5)
        shortened = 0
        for k, e in enumerate(app.model.trace):
            await hit(app, "right")
            assert widest(app.network.plain_text()) <= app.network.content_size.width, k
            listed = [s for s in app.equation.plain_text().splitlines() if s.startswith("▶ ")]
            short = f"▶ {e.lhs} {'←' if e.phase == 'update' else '='} {fmt(e.value)}"
            assert listed in ([], [short], [f"▶ {e.equation} = {fmt(e.value)}"]), k
            assert all(widest(s) <= app.equation.content_size.width for s in listed)
            shortened += listed == [short]
        assert shortened > 10  # most equations are too long for the list at 80 columns
        network = app.network.plain_text()
        # rounded to 2 digits in the narrow graph (−0.098), never a cropped −0.09
        assert f"z2 {fmt(step.forward.z2, 2)}\n" in network + "\n"
        assert f"L  {fmt(step.loss, 2)}\n" in network + "\n"


async def test_at_80_columns_the_status_keeps_the_loss_and_the_training_mark() -> None:
    app = Watched()
    async with app.run_test(size=(80, 24)):
        await hit(app, "e")
        status = app.status.plain_text()
        assert widest(status) <= 80 and status.endswith(fmt(app.model.last_epoch_loss))
        await hit(app, "t")  # not the pilot: it would wait for an idle CPU while training
        await app.until(lambda: app.model.epoch >= 100)  # 3-digit epochs: the dataset is left out
        status = app.status.plain_text()
        assert "▶" in status and widest(status) <= 80  # "▶ training", or "▶" at 4-digit epochs
        assert "training ·" in status or "▶ ·" in status  # the mark stands apart
        assert status.endswith(fmt(app.model.last_epoch_loss))
        await hit(app, "t")
        await app.stopped()
        assert "▶" not in app.status.plain_text()


async def test_a_divergence_message_wraps_instead_of_being_cut() -> None:
    app = WalkthroughApp(Config(lr=1000.0))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await hit(app, "e")
        assert app.model.message and app.model.message.endswith("(try a smaller η)")
        await pilot.pause()
        assert app.status.size.height == 3  # the position, then the message on two lines
        screen = shown(app)
        assert "diverged in epoch 3 at sample" in screen and "smaller η)" in screen


async def test_the_exported_trace_names_the_parameters_and_sample_it_was_computed_from(
    tmp_path,
) -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        await hit(app, "enter", "n", "enter", "n", "down", "w")  # sample 2, then edit W1[1][0]
        await pilot.pause()  # the dialog mounted, its field focused
        app.screen.query_one("#edit-value").value = "3"
        await hit(app, "enter")
        await pilot.pause()
        exported = tmp_path / "trace.md"
        await hit(app, "X")
        await pilot.pause()
        app.screen.query_one("#path-value").value = str(exported)
        await hit(app, "enter")
        await pilot.pause()
        text = exported.read_text(encoding="utf-8")
        x2 = app.model.setup.data.X[2][0]
        assert app.model.sample == 2 and f"x = [{fmt(x2)}]" in text
        assert "sample 2 of 21" in text
        W1 = app.model.params.W1
        assert f"W1 = [[{fmt(W1[0][0])}], [3], [{fmt(W1[2][0])}]]" in text
        assert f"`({fmt(3.0)})({fmt(x2)}) + " in text  # the trace itself used the edit


async def test_a_short_terminal_still_shows_the_current_equations_value() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=(80, 18)) as pilot:
        await pilot.pause()  # laid out at 18 lines (the breakpoints' classes applied)
        await hit(app, *["right"] * 20)  # δ1[2]
        e = app.model.event
        lines = app.equation.plain_text().splitlines()
        assert len(lines) <= app.equation.content_size.height
        # its chain rule, which ends with the value: δ1[2] = δ2·W2[2]·σ'(z1[2]) = …
        assert any(t.startswith("chain rule δ1[2] = ∂L/∂z1[2]") for t in lines), lines
        assert lines[-1].endswith(f"= {fmt(e.value)}"), lines


async def test_below_80_columns_the_walkthrough_asks_for_a_larger_terminal() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=(79, 24)) as pilot:
        await pilot.pause()
        assert app.query_one("#too-small").display and "80×18" in shown(app)
        assert not app.query_one("#main").display


async def test_a_negative_zero_gradient_reads_0() -> None:
    """At x = (0, 0), ∂L/∂W1[j][i] = δ1[j]·0 is −0.0 where δ1[j] < 0: shown as 0."""
    app = WalkthroughApp(Config(task="classification"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # laid out: the table's columns have their widths
        await hit(app, "enter")
        step = app.model.trace.step
        negative = [j for j in range(3) if step.grads.delta1[j] < 0]
        assert negative and all(
            math.copysign(1.0, step.grads.dW1[j][0]) < 0 for j in negative
        )  # the engine's value is a negative zero
        rows = table_rows(app)
        for j in negative:
            assert rows[f"W1[{j}][0]"][1] == "0"
        assert "−0" not in sum(rows.values(), [])
        j = negative[-1]
        while app.model.event.label != f"dW1[{j}][1]":  # back to a negative-zero gradient
            await hit(app, "left")
        assert math.copysign(1.0, app.model.event.value) < 0
        assert "−0" not in app.equation.plain_text().split()
