"""The help screen: what the walkthrough is, every key, the phases, the errata.

The text is `tui/help.md`, rendered as Markdown, so the key table is written once.
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


def help_text() -> str:
    """The help page's Markdown source."""
    return HELP_FILE.read_text(encoding="utf-8")


class HelpScreen(ReadOnlyDialog):
    """Scrollable help; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "close", "Close", show=False, key_display="?"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Markdown(help_text(), id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
