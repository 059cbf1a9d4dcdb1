"""Notifications that never cover a dialog.

A toast over a dialog would hide the dialog's text, so `NoticesAfterDialogs`
holds a notification that arrives while a dialog (a `ModalScreen`) is open and
shows it, for its whole time, once the dialog is dismissed. The walkthrough's
app is one (tui/app.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen


class NoticesAfterDialogs(App[None]):
    """An App whose notifications wait for the dialog on screen, if any, to close."""

    def __init__(self) -> None:
        super().__init__()
        self._held: list[Callable[[], None]] = []  # notifications waiting for a dialog to close

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._release_notifications)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notify, held while a dialog is open. Thread-safe, as Textual's is: the
        check runs on the app's thread. Plain text unless `markup` is asked for: messages
        carry names from files (a lesson, a dataset, a path) that must show as typed."""
        send = partial(
            super().notify, message, title=title, severity=severity, timeout=timeout, markup=markup
        )
        self.call_later(self._notify_unless_dialog, send)

    def _notify_unless_dialog(self, send: Callable[[], None]) -> None:
        if isinstance(self.screen, ModalScreen):
            self._held.append(send)
        else:
            send()

    def _release_notifications(self, screen: Screen[object]) -> None:
        """A screen became current: if it is not a dialog, show what waited for it."""
        if not isinstance(screen, ModalScreen):
            held, self._held = self._held, []
            for send in held:
                send()
