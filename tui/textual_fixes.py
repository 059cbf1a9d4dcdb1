"""A guard against one Textual 8.2.8 bug that a burst of key presses can reach.

`OptionList` pages up and down through a map from options to screen lines
that stays empty until the list has been laid out. Page up / down arriving
first (a burst of keys as a drop-down, the command palette or the bug hunt's
menu opens, or while the terminal is resized) raised KeyError and closed the
app. Every option list in the walkthrough is a Textual one (Select, the
command palette), so the guard goes on the class itself, once.
"""

from __future__ import annotations

from textual.widgets import OptionList

_move_page = OptionList._move_page


def _move_page_once_laid_out(self: OptionList, direction: int) -> None:
    if (self.highlighted or 0) in self._index_to_line:
        _move_page(self, direction)  # type: ignore[arg-type]


OptionList._move_page = _move_page_once_laid_out  # type: ignore[method-assign]
