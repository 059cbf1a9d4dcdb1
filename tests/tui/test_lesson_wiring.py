"""`--lesson` in the walkthrough, and `tinynn tui` handing every option to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import hit, past_the_lesson

from tinynn.cli.main import main as cli_main
from tinynn.teach.lesson import load_lesson
from tinynn.teach.quiz import Quiz
from tui.app import WalkthroughApp
from tui.command import parse_args
from tui.screens.quiz import QuizScreen

ONLY_EXPLAIN = """
title = "Explain only"
task = "regression"
lr = 0.25
modes = ["explain"]
tolerance = 0.2

[params]
W1 = [[0.5]]
b1 = [0.0]
W2 = [1.0]
b2 = 0.0

[data]
x = [[1.0], [2.0]]
y = [0.5, 1.0]
"""


def test_a_lesson_sets_the_walkthrough_up_exactly() -> None:
    lesson = load_lesson("by-hand")
    setup = lesson.setup()
    model = parse_args(["--lesson", "by-hand"])
    assert model.lesson == lesson
    assert model.setup == setup and model.setup.config == lesson.config
    assert model.params == setup.params == lesson.config.params
    assert model.lr == 0.5
    assert model.setup.data.X == [[2.0], [1.0], [-1.0], [0.0]]
    assert model.cursor == -1


def test_lesson_options_are_refused_or_applied_like_the_cli(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert parse_args(["--lesson", "by-hand", "--lr", "0.125"]).lr == 0.125
    with pytest.raises(SystemExit) as exit_:
        parse_args(["--lesson", "by-hand", "--hidden", "4"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--hidden" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["tui", "--hidden", "0"], ["hidden", "at least 1"]),
        (["tui", "--lesson", "no-such-lesson"], ["no-such-lesson"]),
    ],
)
def test_tinynn_tui_passes_every_option_to_the_walkthrough(
    argv: list[str], words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("tinynn: error:") and err.count("\n") == 1
    for word in words:
        assert word in err


async def test_the_quiz_uses_the_lessons_tolerance_and_a_left_out_mode_is_refused(
    tmp_path: Path,
) -> None:
    app = WalkthroughApp(model=parse_args(["--lesson", "by-hand"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await past_the_lesson(app)
        await hit(app, "u")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        quiz = app.screen.quiz
        assert isinstance(quiz, Quiz) and quiz.tolerance == load_lesson("by-hand").tolerance
        await hit(app, "escape")
        await pilot.pause()

    path = tmp_path / "only-explain.toml"
    path.write_text(ONLY_EXPLAIN, encoding="utf-8")
    app = WalkthroughApp(model=parse_args(["--lesson", str(path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await past_the_lesson(app)
        for key in ("u", "B"):
            await hit(app, key)
            await pilot.pause()
            assert app.screen is app.screen_stack[0]  # no dialog opened
        notes = [n.message for n in app._notifications]
        assert any("does not offer the quiz" in m for m in notes)
        assert any("does not offer the bughunt" in m for m in notes)


async def test_settings_with_only_a_new_eta_keep_the_lesson_and_b_undoes_them() -> None:
    """The reproduction: --lesson by-hand, s, change only η, enter; then b."""
    from textual.widgets import Input

    from tui.screens.settings import SettingsScreen

    lesson = load_lesson("by-hand")
    app = WalkthroughApp(model=parse_args(["--lesson", "by-hand"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await past_the_lesson(app)
        await hit(app, "s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        field = app.screen.query_one("#lr", Input)
        app.screen.set_focus(field)  # now (`focus()` waits for the app's next turn)
        field.value = "0.125"
        await hit(app, "enter")
        await pilot.pause()
        m = app.model
        assert m.lr == 0.125 and m.lesson == lesson
        assert m.setup.data == lesson.setup().data and m.params == lesson.config.params
        await hit(app, "b")
        await pilot.pause()
        assert app.model.lr == 0.5 and app.model.setup == lesson.setup()


async def test_a_lesson_opens_on_its_introduction_and_L_shows_it_again() -> None:
    from textual.widgets import Static

    from tui.screens.lesson import LessonScreen

    lesson = load_lesson("by-hand")
    paragraphs = [" ".join(p.split()) for p in lesson.text.split("\n\n") if p.strip()]
    app = WalkthroughApp(model=parse_args(["--lesson", "by-hand"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)  # a dialog, not a toast over the plots
        assert str(screen.query_one("#lesson-title", Static).content) == lesson.title
        assert str(screen.query_one("#lesson-text", Static).content) == "\n\n".join(paragraphs)
        assert not any(n.title == "lesson" for n in app._notifications)
        await hit(app, "escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert " lesson " in app.query_one("#keys").plain_text() + " "  # L, with --lesson
        await hit(app, "L")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson == lesson
        await hit(app, "L")  # L closes it too
        await pilot.pause()
        assert app.screen is app.screen_stack[0]

    app = WalkthroughApp()  # no lesson: nothing opens, and L is not offered
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert " lesson " not in app.query_one("#keys").plain_text() + " "
        await pilot.press("L")  # a key no binding takes
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
