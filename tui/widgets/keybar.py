"""The key bar: every binding of the main screen with its description, never cut off.

Textual's `Footer` is one line and the walkthrough has more keys than fit in
it, so the main screen lists them in this bar instead, wrapped over as many
lines as the width needs. It reads the same `Binding` descriptions the Footer
would (the dialogs keep Textual's Footer), grouping keys that share a
`Binding.Group` ("←→ step"), through the app's `label`: it may say more than
a fixed description can (the theme `T` switches to) or leave out a key that does
not apply here (pressed, such a key still says why). Where the lines it may take
(its max-height) hold not every key, the least needed go first (YIELD, then from
the end); `? help`, which lists them all, and `q quit` always stay.
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
KEPT = frozenset({"help", "quit"})  # on the bar at every size
# The keys left out first where the bar's lines are too few (by action; "palette" is ^p).
YIELD = (
    "palette",
    "export",
    "save",
    "toggle_light",
    "compgraph",
    "gradcheck",
    "compare",
    "bughunt",
    "quiz",
    "edit_weight",
    "redo",
    "settings",
    "toggle_task",
    "reset",
)


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
        entries: list[tuple[str, Text]] = []  # (action, entry)
        for group, items in groupby(seen.values(), key=lambda b: b.group):
            bindings = list(items)
            keys = [self.app.get_key_display(b) for b in bindings]
            pairs = (
                [("".join(keys), group.description, bindings[0].action)]
                if group is not None
                else [(k, self._label(b) or "", b.action) for k, b in zip(keys, bindings)]
            )
            key_style = f"bold {COLORS['key']}"  # the theme's: `use_palette` switches it
            entries += [(a, Text(key, key_style) + Text(f" {what}")) for key, what, a in pairs]
        if self.app.ENABLE_COMMAND_PALETTE:
            entries.append(("palette", Text("^p", f"bold {COLORS['key']}") + Text(" palette")))
        width = max(self.content_size.width, 20)
        most = self.styles.max_height
        rows = int(most.value) if most is not None and most.is_cells else None
        order = [a for a in YIELD if a in dict(entries)]
        order += [a for a, _ in reversed(entries) if a not in KEPT and a not in order]
        lines = packed([t for _, t in entries], width)
        for n in range(1, len(order) + 1):
            if rows is None or len(lines) <= rows:
                break
            gone = set(order[:n])
            lines = packed([t for a, t in entries if a not in gone], width)
        return Text("\n").join(lines)


def packed(entries: list[Text], width: int) -> list[Text]:
    """`entries` packed into lines of at most `width` cells; an entry is never split."""
    lines = [Text()]
    for entry in entries:
        if lines[-1] and lines[-1].cell_len + len(SEP) + entry.cell_len > width:
            lines.append(Text())
        if lines[-1]:
            lines[-1].append(SEP)
        lines[-1].append_text(entry)
    return lines
