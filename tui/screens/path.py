"""Ask for a file name, to save the parameters or export the trace.

The name must not be empty, its folder must exist and it must not be a
folder itself; an existing file is replaced, and the screen says so first.
"""

from __future__ import annotations

import os

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Static

from .base import Dialog, Notice


def check_path(text: str) -> str:
    """The usable path for `text` (with ~ expanded).

    Raises:
        ValueError: a one-line message: empty name, missing folder, or a folder.
    """
    name = text.strip()
    if not name:
        raise ValueError("give a file name")
    path = os.path.expanduser(name)
    if os.path.isdir(path):
        raise ValueError(f"{name} is a folder: give a file name")
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise ValueError(f"no such folder: {os.path.dirname(name)}")
    return path


class PathScreen(Dialog[str]):
    """Dismisses with the chosen path, or None on escape."""

    def __init__(self, title: str, default: str) -> None:
        super().__init__()
        self.heading = title
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="path-body", classes="dialog form"):
            yield Static(self.heading, classes="dialog-title", markup=False)
            yield Input(self.default, placeholder="file name", id="path-value")
            yield Notice(id="path-note", classes="note")
            yield Notice(id="path-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#path-value", Input).focus()
        self.path_changed()

    @on(Input.Changed, "#path-value")
    def path_changed(self) -> None:
        """Warn before an existing file is replaced."""
        name = self.query_one("#path-value", Input).value.strip()
        exists = bool(name) and os.path.isfile(os.path.expanduser(name))
        self.query_one("#path-note", Notice).show(
            f"{name} exists and will be replaced." if exists else ""
        )
        self.query_one("#path-error", Notice).show("")

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def submit(self) -> None:
        """Dismiss with the path, or say why it cannot be used."""
        try:
            path = check_path(self.query_one("#path-value", Input).value)
        except ValueError as e:
            self.query_one("#path-error", Notice).show(str(e))
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)
