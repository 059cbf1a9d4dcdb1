"""The help screen: what the walkthrough is, every key, the phases, the errata.

The text is `tui/help.md`, rendered as Markdown, with the key table (made from
the app's bindings by `tui.keys.key_table`) put in at its marker, so that the
keys are described once, in `BINDINGS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Markdown

from .base import ReadOnlyDialog

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"
KEYS_MARKER = "<!-- keys: the table of tui/keys.py, made from the app's BINDINGS -->"


def help_text(keys: str) -> str:
    """The help page's Markdown: help.md with the key table `keys` at its marker."""
    text = HELP_FILE.read_text(encoding="utf-8")
    if KEYS_MARKER not in text:
        raise ValueError(f"{HELP_FILE} lost its key table marker")
    return text.replace(KEYS_MARKER, keys)


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
