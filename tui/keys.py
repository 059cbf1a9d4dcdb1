"""The walkthrough's keys as text, made from the app's `BINDINGS` (tui/bindings.py, written once).

Each `Binding` of the app carries a short `description` (the key bar's word)
and a `tooltip` (the sentence of the help screen, the README and the command
palette). This module turns them into a Markdown table and into the
palette's entries; the help screen shows the table and a test checks that
the README's is the same text, so that the keys are described in one place.
Print the table with `python -m tui.keys`.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType
from textual.keys import key_to_character

SHOWN = {  # how the tables write keys that are not one printable character
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}
PALETTE = ("ctrl+p", "command palette")  # Textual's own binding, not in BINDINGS


def key_names(binding: Binding) -> list[str]:
    """Every key of `binding` as a reader types it: "left,h" -> ["←", "h"]."""
    names = []
    for key in binding.key.split(","):
        key = key.strip()
        character = key_to_character(key) if len(key) > 1 else key
        names.append(
            SHOWN.get(key) or (character if character and character.isprintable() else key)
        )
    return names


def described(bindings: Iterable[BindingType]) -> list[Binding]:
    """The bindings a reader is told about (shown ones with a tooltip), in their order."""
    return [b for b in bindings if isinstance(b, Binding) and b.show and b.tooltip]


def key_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for each described binding, then the command palette."""
    rows = [(" / ".join(f"`{k}`" for k in key_names(b)), b.tooltip) for b in described(bindings)]
    return [*rows, (f"`{PALETTE[0]}`", PALETTE[1])]


def palette_entry(binding: Binding) -> tuple[str, str]:
    """The command palette's title and help for `binding`: its tooltip split at the first ": "
    ("help: what ..." -> "Help", "what ...  (key ?)"), with its keys."""
    title, _, more = binding.tooltip.partition(": ")
    keys = " / ".join(key_names(binding))
    return title[0].upper() + title[1:], f"{more}  (key {keys})" if more else f"key {keys}"


def key_table(bindings: Iterable[BindingType]) -> str:
    """The keys as a Markdown table: | key | does |."""
    lines = ["| key | does |", "|---|---|"]
    lines += [f"| {keys} | {does} |" for keys, does in key_rows(bindings)]
    return "\n".join(lines)


if __name__ == "__main__":
    from .bindings import WALKTHROUGH_BINDINGS

    print(key_table(WALKTHROUGH_BINDINGS))
