"""The errata at the current equation in full (`E`): what the notes print, and what is correct.

The equation panel shows an erratum in full where it has the rows, else a one-line
marker ("E2: The notes print … (E shows it)"); this dialog is where the marker leads.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from tinynn.render.text import erratum_text

from .base import ReadOnlyDialog


class ErratumScreen(ReadOnlyDialog):
    """The errata `ids` at the equation `where`; escape, q or E closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("E", "close", "Close", show=False)]

    def __init__(self, where: str, ids: tuple[str, ...]) -> None:
        super().__init__()
        self.where, self.ids = where, ids

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="erratum-body", classes="dialog") as body:
            body.border_title = "errata of the notes"
            body.border_subtitle = "escape, q or E closes; ? lists them all"
            yield Static(f"At {self.where}", classes="dialog-title", markup=False)
            for i in self.ids:
                yield Static(f"{i}: {erratum_text(i)}", classes="erratum", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#erratum-body").focus()
