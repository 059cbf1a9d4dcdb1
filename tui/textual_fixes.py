"""Guards against one Textual 8.2.8 bug that a burst of key presses can reach.

`OptionList` pages up and down through a map from options to screen lines
that stays empty until the list has a size. Page up / down arriving first (a
burst of keys as a drop-down, the command palette or the bug hunt's menu
opens, or while the terminal is resized) raises KeyError and closes the app.

`Menu` also answers a question OptionList leaves private: where an option's lines are
(`option_region`), so that a menu as tall as its options inside a scrolling dialog can
bring the highlighted one into view (OptionList scrolls only itself).

Nothing of Textual is replaced. The option lists the walkthrough creates are
a `Menu`, which ignores paging until it has a size. Textual's own lists (the
Select drop-down of the settings, the command palette) are guarded by the
app: a priority binding of page up / down that only acts, by doing nothing,
while `pages_too_early` says such a list would receive the key.
"""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import OptionList


def unready(options: OptionList) -> bool:
    """True if `options` has no size yet: paging it would raise if it has options.

    The option count does not matter: the command palette fills its list between the
    moment the app sees a key and the moment the palette's binding pages the list.
    """
    return not options.scrollable_content_region


class Menu(OptionList):
    """An OptionList that ignores page up / down until it has been laid out."""

    def action_page_up(self) -> None:
        if not unready(self):
            super().action_page_up()  # type: ignore[no-untyped-call]  # untyped in Textual

    def action_page_down(self) -> None:
        if not unready(self):
            super().action_page_down()  # type: ignore[no-untyped-call]

    def option_region(self, index: int) -> Region | None:
        """The lines of option `index` in the menu's parent's virtual space (None before the
        menu is laid out). Reads OptionList's own line map (Textual 8.2.8, pinned)."""
        self._update_lines()
        line = self._index_to_line.get(index)
        if line is None or not self.scrollable_content_region:
            return None
        top = self.virtual_region.y + self.styles.gutter.top + line
        return Region(self.virtual_region.x, top, self.size.width, self._heights[index])


def pages_too_early(screen: Screen[object]) -> bool:
    """True if page up / down on `screen` would reach an option list not laid out yet."""
    if isinstance(screen, CommandPalette):  # its list pages while the input has the focus
        return any(unready(options) for options in screen.query(CommandList))
    focused = screen.focused
    return isinstance(focused, OptionList) and unready(focused)
