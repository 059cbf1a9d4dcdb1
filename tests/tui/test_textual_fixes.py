"""The OptionList guard: paging before layout raises nothing, paging after layout still pages."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList

from tui import textual_fixes


def test_textual_itself_raises_when_paging_before_layout() -> None:
    plain = OptionList("a", "b", "c")
    plain.highlighted = 1
    with pytest.raises(KeyError):
        textual_fixes._move_page(plain, 1)  # the unguarded method


def test_paging_before_layout_raises_nothing_and_keeps_the_highlight() -> None:
    options = OptionList("a", "b", "c")
    options.highlighted = 1
    options.action_page_down()
    options.action_page_up()
    assert options.highlighted == 1


class Long(App[None]):
    def compose(self) -> ComposeResult:
        yield OptionList(*(f"option {k}" for k in range(60)))


async def test_paging_after_layout_still_moves_a_page() -> None:
    app = Long()
    async with app.run_test(size=(40, 12)) as pilot:
        options = app.query_one(OptionList)
        options.focus()
        options.highlighted = 0
        await pilot.press("pagedown")
        assert options.highlighted is not None and options.highlighted >= 5
