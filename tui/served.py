"""The walkthrough as a browser gets it (`--served`): the same app, fitted to a page.

`tinynn-tui --serve` runs one of these per page (tui/serve.py). Three differences,
none of them in a terminal:

- a class shares the server's CPUs, so `t` trains at 10 epochs/s to begin with (the
  status bar says so; `+` is still there) and sends its progress twice a second;
- the page is a window, not a terminal: the message of a screen too small says so;
- the page's margins (the fraction of a character cell the screen does not fill) take
  the theme's background: the app tells the page's terminal its colour (OSC 11), as it
  changes with `T`, instead of a dark strip beside a light screen.
"""

from __future__ import annotations

from textual import work
from textual.reactive import reactive
from textual.widgets import Static
from textual.worker import get_current_worker

from tinynn import Params

from .app import MIN_HEIGHT, MIN_WIDTH, WalkthroughApp
from .pace import SERVED, SERVED_REPORT_EVERY, train_at_pace

WINDOW_TOO_SMALL = (
    f"Enlarge the window (or zoom out): the walkthrough needs at least {MIN_WIDTH}×{MIN_HEIGHT} "
    "characters."
)


def background_sequence(colour: str) -> str:
    """The escape sequence that sets a terminal's default background (OSC 11)."""
    return f"\x1b]11;{colour}\x07"


class ServedApp(WalkthroughApp):
    """The walkthrough in a browser tab."""

    pace: reactive[int] = reactive(SERVED, init=False)  # an index into PACES

    def on_mount(self) -> None:  # Textual runs WalkthroughApp.on_mount after this one
        self.query_one("#too-small", Static).update(WINDOW_TOO_SMALL)
        self.tell_background()

    def watch_theme(self, theme: str) -> None:
        super().watch_theme(theme)
        self.tell_background()

    def tell_background(self) -> None:
        """Give the page's terminal the theme's background, for the margins of the page."""
        driver = self._driver  # Textual 8.2.8 (pinned) has no public way to write a sequence
        if driver is not None and self.is_web:
            driver.write(background_sequence(self.get_css_variables()["background"]))

    @work(thread=True, exclusive=True, group="train", exit_on_error=False)
    def train_loop(self, run: int, params: Params, epoch: int, per_second: float = 0.0) -> None:
        """WalkthroughApp's training worker, reporting every SERVED_REPORT_EVERY seconds."""
        worker, m = get_current_worker(), self.model

        def cancelled() -> bool:
            return worker.is_cancelled

        train_at_pace(
            m, run, params, epoch, per_second, cancelled, self.post_message, SERVED_REPORT_EVERY
        )
