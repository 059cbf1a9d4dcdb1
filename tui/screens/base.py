"""What every dialog of the walkthrough shares.

A dialog is a `ModalScreen` that takes plain engine objects, shows them, and
hands its result back through `dismiss` (None when closed with escape). Its
styles live in `tui/screens.tcss`, beside `app.tcss`, where the package data
ships them. A number is read as everywhere in tinynn (`tinynn.core.numbers.parse_number`):
what the walkthrough itself prints, with the real minus sign "−", or a fraction "−1/8".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from tinynn.core.numbers import MINUS, NotFiniteError, parse_number, quoted
from tinynn.core.validate import read_real, read_whole

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
        ValueError: a one-line message naming `what` and quoting the text (cut when long).
    """
    s = text.strip()
    if not s:
        raise ValueError(f"{what} is empty: type a number")
    try:
        return parse_number(s)
    except NotFiniteError:
        raise ValueError(f"{what} must be a finite number, got {quoted(s)}") from None
    except ValueError:
        hint = " (use a point for decimals)" if "," in s else ""
        raise ValueError(f"{what} must be a number, got {quoted(s)}{hint}") from None


def parse_real(text: str, what: str, problem: Callable[[object], str | None]) -> float:
    """A number of a field the command line also takes (η: `lr_problem`), read and checked as
    the option is (`read_real`), so that both say the same words.

    Raises:
        ValueError: "learning rate η must be a finite number above 0, got 'abc'".
    """
    if not text.strip():
        raise ValueError(f"{what} is empty: type a number")
    try:
        return read_real(text, problem)
    except ValueError as e:
        raise ValueError(f"{what} {e}") from None


def parse_int(text: str, what: str, least: int | None = None, most: int | None = None) -> int:
    """A whole number from what the user typed ("3", "−1"), read and checked as an option's
    (`read_whole`): "seed: a whole number of 5000 digits (at most 4300)".

    Raises:
        ValueError: a one-line message naming `what` and quoting the text (cut when long).
    """
    s = text.strip().replace(MINUS, "-")
    if not s:
        raise ValueError(f"{what} is empty: type a whole number")
    try:
        return read_whole(s, least, most)
    except ValueError as e:
        raise ValueError(f"{what}: {e}") from None
