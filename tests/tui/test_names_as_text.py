"""Names read from files (a lesson's title, a dataset's name, a CSV file's path) are text.

Textual reads a `str` as markup: `[/bad]` would raise MarkupError (a CSV path froze the
settings dialog, then crashed it) and `[@click=app.quit]` would become a link that quits.
Every widget, dialog, option list and notification must show them as they are typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import shown
from textual.widgets import Select

from tinynn.run.config import Config
from tinynn.teach.lesson import load_lesson
from tui.app import WalkthroughApp
from tui.model import Model
from tui.screens.lesson import LessonScreen

BAD = "[/bad] [@click=app.quit]"
LESSON = f"""
title = "Markup {BAD} lesson"
text = "A lesson whose names look like markup: {BAD}."
task = "classification"
lr = 0.5
modes = ["explain"]

[params]
W1 = [[0.5, -0.25], [0.25, 0.5]]
b1 = [0.0, 0.1]
W2 = [1.0, -1.0]
b2 = 0.0

[data]
name = "data {BAD}"
x = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
y = [1.0, 1.0, 0.0]
"""
SIZE = (120, 40)


def flat(text: str) -> str:
    """`text` without line breaks and runs of spaces (a dialog wraps long lines)."""
    return " ".join(text.split())


async def test_a_lessons_title_and_data_name_show_literally_and_only_q_quits(
    tmp_path: Path,
) -> None:
    path = tmp_path / f"lesson {BAD}.toml"  # the folder "lesson [", its name "bad] [@click…"
    path.parent.mkdir()
    path.write_text(LESSON, encoding="utf-8")
    lesson = load_lesson(str(path))
    app = WalkthroughApp(model=Model(lesson.setup(), lesson))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert f"Markup {BAD} lesson" in flat(shown(app))
        await pilot.click("#lesson-title")  # no link in it
        await pilot.press("escape")
        assert f"data {BAD}" in shown(app)  # the status bar
        await pilot.click("#status")
        for key in ("s", "B", "L", "i"):
            await pilot.press("right", key)
            await pilot.pause()
            if key == "s":  # the dataset drop-down lists the lesson's own data as typed
                select = app.screen.query_one("#dataset", Select)
                assert f"data {BAD} (this set-up" in flat(shown(app))
                select.focus()
                await pilot.press("enter")
                await pilot.pause()
                assert select.expanded
                assert flat(shown(app)).count(f"data {BAD} (this set-up") == 2
                await pilot.press("escape")
            if key in ("B", "L"):  # the bug hunt names the data; the lesson, its title
                assert BAD in flat(shown(app)), key
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running, key
        # a notification naming the lesson (the quiz is not one of its modes)
        await pilot.press("u")
        await pilot.pause()
        await pilot.pause()  # the toast is mounted after the notice is handed over
        assert "lesson 'bad] [@click=app.quit]' does not" in flat(shown(app))
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_csv_path_that_looks_like_markup_shows_in_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    csv = f"{BAD}.csv"  # the folder "[", then the file "bad] [@click=app.quit].csv"
    (tmp_path / csv).parent.mkdir()
    (tmp_path / csv).write_text("x,y\n0,0.5\n1,0.25\n2,0.75\n", encoding="utf-8")
    app = WalkthroughApp(Config(csv=csv))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        select = app.screen.query_one("#dataset", Select)
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert select.expanded
        assert flat(shown(app)).count(f"CSV file {csv}") == 2  # chosen, and in the list
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.is_running
