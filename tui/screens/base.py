"""What every dialog of the walkthrough shares.

A dialog is a `ModalScreen` that takes plain engine objects, shows them, and
hands its result back through `dismiss` (None when closed with escape). Its
styles live in `tui/screens.tcss`, beside `app.tcss`, where the package data
ships them. A number is read as everywhere in tinynn (`tinynn.core.numbers.parse_number`):
what the walkthrough itself prints, with the real minus sign "−", or a fraction "−1/8".
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, TypeVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from tinynn.core.numbers import NotFiniteError, parse_number

CSS_FILE = Path(__file__).resolve().parent.parent / "screens.tcss"

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen that closes with escape, returning None."""

    CSS_PATH = CSS_FILE
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    _dismissing = False

    def action_close(self) -> None:
        """Close without a result."""
        self.dismiss(None)

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        """Dismiss once: keys that reach the screen while it closes must not pop another."""
        if self._dismissing:
            return AwaitComplete.nothing()  # type: ignore[no-untyped-call,no-any-return]
        self._dismissing = True
        return super().dismiss(result)


class ReadOnlyDialog(Dialog[None]):
    """A dialog that only shows something: escape or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "close", "Close", show=False)]


class Notice(Static):
    """A one-line message (an error or a note) that takes no room while empty."""

    def __init__(self, id: str, classes: str) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.display = False

    def show(self, text: str) -> None:
        """Show `text`, or hide the notice if it is empty."""
        self.update(text)
        self.display = bool(text)

    @property
    def text(self) -> str:
        return str(self.content)


def parse_float(text: str, what: str) -> float:
    """A finite number from what the user typed ("−0.5", "1e-3", "+2", "−1/8"), read by
    `parse_number`.

    Raises:
        ValueError: a one-line message naming `what` and the text.
    """
    s = text.strip()
    if not s:
        raise ValueError(f"{what} is empty: type a number")
    try:
        return parse_number(s)
    except NotFiniteError:
        raise ValueError(f"{what} must be a finite number, got {s!r}") from None
    except ValueError:
        hint = " (use a point for decimals)" if "," in s else ""
        raise ValueError(f"{what} must be a number, got {s!r}{hint}") from None


def parse_int(text: str, what: str) -> int:
    """A whole number from what the user typed ("3", "−1").

    Raises:
        ValueError: a one-line message naming `what` and the text.
    """
    s = text.strip().replace("\u2212", "-")
    if not s:
        raise ValueError(f"{what} is empty: type a whole number")
    try:
        return int(s)
    except ValueError:
        raise ValueError(f"{what} must be a whole number, got {text.strip()!r}") from None
