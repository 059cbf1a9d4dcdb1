"""Every change is said and every key answers: settings that can keep the progress keep it,
`i` reveals nothing not yet computed, a key that does not apply says why, the key bar and
the status line say what is true."""

from __future__ import annotations

from harness import hit
from textual.widgets import Input

from tinynn import init_params, train
from tinynn.core.names import key_text
from tinynn.run.config import Config
from tinynn.run.nudge import nudge
from tinynn.run.trace import fmt
from tui.app import WalkthroughApp
from tui.screens.settings import SettingsScreen
from tui.screens.why import WhyScreen
from tui.widgets.numbers import DARK, LIGHT, signed_style

SIZE = (100, 30)


def messages(app: WalkthroughApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_after_an_epoch_a_new_eta_keeps_the_trained_parameters() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await hit(app, "e")
        s = app.model.setup
        trained = train(init_params(1, 3, 0), s.data, s.lr, 1, s.task, s.seed).params
        assert app.model.params == trained
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#lr", Input).value = "0.3"
        await pilot.pause()
        effect = str(app.screen.query_one("#settings-effect").render())
        assert effect.startswith("Applying keeps the current parameters, epoch 2")
        await pilot.press("enter")  # submits the form
        await pilot.pause()
        m = app.model
        assert (m.params, m.epoch, m.lr, len(m.epoch_losses)) == (trained, 2, 0.3, 1)
        rows = {r[0]: r[1] for r in app.params.rows_text()[1:]}
        for key in trained.all_keys():  # the table shows them, to its digits
            assert abs(float(rows[key_text(key)].replace("−", "-")) - trained.get(key)) < 1e-4
        assert any(t.startswith("Kept the current parameters, epoch 2") for t in messages(app))
        await hit(app, "b")  # undone: η back, the same parameters
        assert (m.params, m.lr) == (trained, 0.5)


async def test_why_before_anything_is_computed_says_so_and_reveals_nothing() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, WhyScreen)
        assert messages(app) == [
            "why? nothing is computed yet: → computes the first number of forward"
        ]


async def test_why_nudges_a_parameter_that_moves_the_loss_and_says_which() -> None:
    """xor's sample x = (0, 1): ∂L/∂W1[0][0] = δ1[0]·x[0] is 0, so nudging W1[0][0] would
    show ΔL = 0; at that gradient `i` nudges another parameter and says why."""
    app = WalkthroughApp(Config(task="classification"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        m = app.model
        assert m.x[0] == 0
        k = next(n for n, e in enumerate(m.trace) if e.label == "dW1[0][0]")
        await hit(app, *["right"] * (k + 1))
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        text = str(app.screen.query_one("#why-nudge").render())
        head = " ".join(text.split())
        assert head.startswith("∂L/∂W1[0][0] is 0 on this sample, so a nudge of W1[0][0] changes")
        assert "W1[0][1] is nudged instead." in head
        n = nudge(m.trace.step, ("W1", (0, 1)))
        assert n.change_plus != 0 and f"ΔL = {fmt(n.change_plus)}" in text
        assert "∂L/∂W1[0][1]: not computed yet" in text  # dW1[0][1] comes after dW1[0][0]


async def test_keys_that_do_not_apply_say_why() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        bar = app.query_one("#keys").plain_text()
        assert " difference" not in bar and " lesson" not in bar  # not offered...
        await pilot.press("D", "L", "b", "f", "left")  # ...but they answer
        await pilot.pause()
        assert messages(app) == [
            "D: start with --check FILE.py to compare your own step",
            "L: start with --lesson NAME to follow a lesson (tinynn lessons lists them)",
            "b: nothing to take back: this is where the walkthrough started",
            "f: nothing to redo (f puts back what b took back)",
            "this is where the walkthrough started: nothing was computed before it",
        ]


async def test_the_key_bar_names_the_theme_T_switches_to() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "T light" in app.query_one("#keys").plain_text()
        await pilot.press("T")
        await pilot.pause()
        assert app.theme == "tinynn-light"
        assert "T dark" in app.query_one("#keys").plain_text()


async def test_a_new_walkthrough_draws_in_its_own_themes_colours() -> None:
    """The numbers' palette follows each app's theme, not the previous app's last one."""
    first = WalkthroughApp()
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await hit(first, "T")
        assert signed_style(0.5) == LIGHT["positive"]
    second = WalkthroughApp()
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert second.theme != "tinynn-light"
        assert (signed_style(0.5), signed_style(-0.5)) == (DARK["positive"], DARK["negative"])


async def test_the_status_counts_the_step_under_way_from_1() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await hit(app, "enter")
        assert " · step 1 · " in app.status.plain_text()  # while on its last computation
        assert "computation 36 of 36" in app.equation.plain_text()
        await hit(app, "n")
        assert " · step 2 · " in app.status.plain_text()
