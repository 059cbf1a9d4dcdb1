"""The key bar: every binding of the main screen with its description, never cut off.

Textual's `Footer` is one line and the walkthrough has more keys than fit in
it, so the main screen lists them in this bar instead, wrapped over as many
lines as the width needs. It reads the same `Binding` descriptions the Footer
would (the dialogs keep Textual's Footer), grouping keys that share a
`Binding.Group` ("←→ step"), through the app's `label`: it may say more than
a fixed description can (the theme `T` switches to) or leave out a key that does
not apply here (pressed, such a key still says why).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

from .numbers import COLORS

SEP = " "  # the bold keys already mark where an entry starts


Label = Callable[[Binding], str | None]  # a binding's word in the bar, or None: left out


def description(binding: Binding) -> str | None:
    return binding.description


class KeyBar(Widget):
    """Keys and what they do, e.g. "? help  ←→ step  [] equation ..."."""

    def __init__(self, label: Label = description, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._label = label

    def render(self) -> Text:
        return self.text()

    def plain_text(self) -> str:
        return self.text().plain

    def text(self) -> Text:
        seen: dict[str, Binding] = {}
        for active in self.screen.active_bindings.values():
            b = active.binding
            if b.show and b.action not in seen and self._label(b) is not None:
                seen[b.action] = b
        entries: list[Text] = []
        for group, items in groupby(seen.values(), key=lambda b: b.group):
            bindings = list(items)
            keys = [self.app.get_key_display(b) for b in bindings]
            pairs = (
                [("".join(keys), group.description)]
                if group is not None
                else [(k, self._label(b) or "") for k, b in zip(keys, bindings)]
            )
            entries += [
                Text(key, f"bold {COLORS['key']}") + Text(f" {what}") for key, what in pairs
            ]
        if self.app.ENABLE_COMMAND_PALETTE:
            entries.append(Text("^p", f"bold {COLORS['key']}") + Text(" palette"))
        # pack the entries into lines by hand: an entry is never split
        width = max(self.content_size.width, 20)
        lines = [Text()]
        for entry in entries:
            if lines[-1] and lines[-1].cell_len + len(SEP) + entry.cell_len > width:
                lines.append(Text())
            if lines[-1]:
                lines[-1].append(SEP)
            lines[-1].append_text(entry)
        return Text("\n").join(lines)
