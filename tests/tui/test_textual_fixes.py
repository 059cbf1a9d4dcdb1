"""The OptionList guards: paging before layout raises nothing, paging after layout still pages,
and importing tui changes nothing of Textual's."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import OptionList

import tui  # noqa: F401  (importing it must leave Textual's classes alone)
from tinynn.run.config import Config
from tui.app import WalkthroughApp
from tui.model import Model
from tui.textual_fixes import Menu, pages_too_early


def test_textual_itself_still_raises_when_paging_before_layout() -> None:
    """The bug the guards are for; when Textual fixes it, this fails and the guards can go."""
    plain = OptionList("a", "b", "c")
    plain.highlighted = 1
    with pytest.raises(KeyError):
        plain.action_page_down()


def test_our_menu_ignores_paging_before_layout_and_keeps_the_highlight() -> None:
    menu = Menu("a", "b", "c")
    menu.highlighted = 1
    menu.action_page_down()
    menu.action_page_up()
    assert menu.highlighted == 1


class Long(App[None]):
    def compose(self) -> ComposeResult:
        yield Menu(*(f"option {k}" for k in range(60)))


async def test_paging_after_layout_still_moves_a_page() -> None:
    app = Long()
    async with app.run_test(size=(40, 12)) as pilot:
        menu = app.query_one(Menu)
        menu.focus()
        menu.highlighted = 0
        await pilot.press("pagedown")
        assert menu.highlighted is not None and menu.highlighted >= 5
        assert not pages_too_early(app.screen)  # laid out: the app's guard lets keys through


async def test_the_apps_guard_holds_page_keys_only_for_a_list_without_size() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.check_action("page_guard", ())  # main screen: pagedown is next phase
        await pilot.press("pagedown")
        expected = Model.from_config(Config())
        expected.next_phase()
        assert app.cursor == expected.cursor > 0  # the key reached the phase binding
        # the command palette, with page keys in the same burst as ctrl+p
        app.post_message(events.Key("ctrl+p", None))
        for _ in range(5):
            app.post_message(events.Key("pagedown", None))
            app.post_message(events.Key("pageup", None))
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"
        await pilot.press("escape")
        assert len(app.screen_stack) == 1


def test_a_list_without_size_counts_as_unready_with_or_without_options() -> None:
    from tui.textual_fixes import unready

    assert unready(OptionList("a")) and unready(OptionList())
