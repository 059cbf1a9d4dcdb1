"""Edit one parameter by hand: type a new value for, say, W1[0][1].

The screen only reads a number; the walkthrough then recomputes the step's
trace from the edited parameters with the engine.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Static

from tinynn.core.numbers import DIGITS, number_text

from .base import Dialog, Notice, parse_float


def param_key(name: str, index: tuple[int, ...]) -> str:
    """The parameter as the notes write it, e.g. "W1[0][1]"."""
    return name + "".join(f"[{k}]" for k in index)


class EditWeightScreen(Dialog[float]):
    """Dismisses with the new finite value, or None on escape."""

    def __init__(
        self, name: str, index: tuple[int, ...], value: float, digits: int = DIGITS
    ) -> None:
        super().__init__()
        self.digits = digits
        self.param = param_key(name, index)
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-body", classes="dialog form"):
            yield Static("Edit a parameter", classes="dialog-title")
            yield Static(
                f"{self.param} = {number_text(self.value, self.digits)}",
                id="edit-current",
                markup=False,
            )
            yield Input(
                repr(self.value), placeholder="a number, e.g. −0.25 or 1/8", id="edit-value"
            )
            yield Notice(id="edit-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Set", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#edit-value", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def submit(self) -> None:
        """Dismiss with the typed number, or say why it is not one."""
        try:
            value = parse_float(self.query_one("#edit-value", Input).value, self.param)
        except ValueError as e:
            self.query_one("#edit-error", Notice).show(str(e))
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)
