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

from textual.reactive import reactive
from textual.widgets import Static

from tinynn.run.config import Config

from .app import MIN_HEIGHT, MIN_WIDTH, WalkthroughApp
from .model import Model
from .pace import SERVED, SERVED_REPORT_EVERY

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

    def __init__(self, config: Config | None = None, model: Model | None = None) -> None:
        super().__init__(config, model)
        self.trainer.report_every = SERVED_REPORT_EVERY

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
