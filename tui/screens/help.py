"""The help screen: what the walkthrough is, every key, the phases, the errata.

The text is `tui/help.md`, rendered as Markdown, with the key table (made from
the app's bindings by `tui.keys.key_table`) and the errata (made from
`tinynn.core.errata`) put in at their markers, so that the keys are described once,
in `BINDINGS`, and the notes' typos once, in `ERRATA`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Markdown

from tinynn.core.errata import ERRATA, shown_at
from tinynn.core.names import symbol_text
from tinynn.core.validate import TASKS
from tinynn.render.markdown import md_text
from tinynn.render.text import erratum_text

from .base import ReadOnlyDialog

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"
KEYS_MARKER = "<!-- keys: the table of tui/keys.py, made from the app's BINDINGS -->"
ERRATA_MARKER = "<!-- errata: the list of tinynn/errata.py, made by tui/screens/help.py -->"
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve")  # fmt: skip


def count_words(n: int) -> str:
    """A count as prose writes it: 8 -> "eight" (digits past twelve)."""
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def place_text(phase: str, name: str, tasks: tuple[str, ...]) -> str:
    """Where an erratum is shown, as the equation panel names it: "z2", "the b1 update",
    "y_pred (classification)"."""
    where = f"the {name} update" if phase == "update" else symbol_text((name, ()))
    return where if tasks == TASKS else f"{where} ({', '.join(tasks)})"


def errata_markdown() -> str:
    """The errata section's text, from `tinynn.core.errata.ERRATA`: how many, and each one with the
    equations it is shown at and its sentence (the one `tinynn errata` prints), escaped
    (`tinynn.render.markdown.md_text`): the notes' "W2 * a1" and "y_pred" are not emphasis."""
    ids = list(ERRATA)
    lines = [
        f"The source notes have {count_words(len(ids))} typos ({ids[0]} to {ids[-1]}). tinynn "
        "computes the corrected equations; where an equation differs from what the notes "
        "print, the equation panel says so at that equation, showing what the notes say and "
        "the correct form, or, where its rows are short, a one-line marker that `E` opens "
        "(`tinynn errata` prints the same list):",
        "",
    ]
    for i in ids:
        places = " and ".join(place_text(*p) for p in shown_at(i))
        lines.append(f"- **{i}** at {md_text(places)}: {md_text(erratum_text(i))}")
    return "\n".join(lines)


def help_text(keys: str) -> str:
    """The help page's Markdown: help.md with the key table `keys` and the errata at their
    markers."""
    text = HELP_FILE.read_text(encoding="utf-8")
    for marker in (KEYS_MARKER, ERRATA_MARKER):
        if marker not in text:
            raise ValueError(f"{HELP_FILE} lost its marker {marker}")
    return text.replace(KEYS_MARKER, keys).replace(ERRATA_MARKER, errata_markdown())


class HelpScreen(ReadOnlyDialog):
    """Scrollable help; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "close", "Close", show=False, key_display="?"),
    ]

    def __init__(self, keys: str) -> None:
        """`keys`: the Markdown table of the keys (`tui.keys.key_table`)."""
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Markdown(help_text(self.keys), id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
