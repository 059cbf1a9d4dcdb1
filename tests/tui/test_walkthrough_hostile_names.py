"""The walkthrough shows a hostile lesson's title and names as text (tests/hostile.py): no
Textual markup acts (`[@click=app.quit]`, `[/bad]`), no escape sequence reaches the screen,
and the `X` export escapes them as `explain --format markdown` does."""

from __future__ import annotations

from pathlib import Path

from harness import hit, past_the_lesson, shown
from hostile import HOSTILE, lesson_toml, raw_in

from tinynn.io.files import printable
from tinynn.render.markdown import md_text
from tui.app import WalkthroughApp
from tui.command import build_parser, model_from_args

TITLE = " ".join(HOSTILE[k] for k in ("markup action", "markup close", "html", "ansi"))
NAME = HOSTILE["markup close"] + " " + HOSTILE["link"] + " " + HOSTILE["bidi"]


async def test_a_hostile_lesson_shows_as_text_and_exports_escaped(tmp_path: Path) -> None:
    lesson = tmp_path / "hostile.toml"
    features = [HOSTILE["markup action"], HOSTILE["ansi"]]
    lesson.write_text(lesson_toml(TITLE, NAME, features, HOSTILE["markup close"]), "utf-8")
    args = build_parser().parse_args(["--lesson", str(lesson)])
    app = WalkthroughApp(model=model_from_args(args))
    exported = tmp_path / "trace.md"
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        intro = shown(app)
        assert printable(TITLE) in intro and raw_in(intro) == set()
        await past_the_lesson(app)
        await pilot.pause()
        assert app.is_running  # `[@click=app.quit]` quit nothing, `[/bad]` raised nothing
        screen = shown(app)
        assert raw_in(screen) == set()
        assert f" {printable(NAME)} · sample 0" in screen.splitlines()[0]  # the status line
        await hit(app, "X")
        await pilot.pause()
        app.screen.query_one("#path-value").value = str(exported)  # type: ignore[attr-defined]
        await hit(app, "enter")
        await pilot.pause()
    text = exported.read_text(encoding="utf-8")
    assert f"- task regression, dataset {md_text(printable(NAME))} (sample 0 of 3)" in text
    assert "\\[link\\](javascript:alert(1))" in text and raw_in(text) == set()
