"""The walkthrough as a browser gets it (`--served`): the same app, fitted to a page.

`tinynn-tui --serve` runs one of these per page (tui/serve.py). Three differences,
none of them in a terminal:

- a class shares the server's CPUs, so `t` trains at 10 epochs/s to begin with (the
  status bar says so; `+` is still there) and sends its progress twice a second;
- the page is a window, not a terminal: the message of a screen too small says so;
- the page's margins (the fraction of a character cell the screen does not fill) take
  the theme's background: the app tells the page's terminal its colour (OSC 11), as it
  changes with `T`, instead of a dark strip beside a light screen;
- a page may be reloaded: the app starts from the place its page had (`place`, a
  record of tui/place.py the server kept), says so, and tells the server its place
  whenever it changes (a meta packet; at most every `TELL_EVERY` seconds, the last
  one always), and to forget it when the student quits. A record that cannot be
  resumed means a fresh start, said in one line; a place too large for the server to
  keep (`MAX_PLACE`: a teacher's data set of thousands of samples, this epoch's losses
  in it) is said once, in one line, with what a reload would then do.
"""

from __future__ import annotations

import time

from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from tinynn.core.errors import TinyNNError
from tinynn.run.config import Config

from .app import MIN_HEIGHT, MIN_WIDTH, WalkthroughApp
from .model import Model
from .pace import SERVED, SERVED_REPORT_EVERY
from .place import MAX_PLACE, PLACE_META, place_record, resumed

TELL_EVERY = 0.25  # seconds between two places told to the server, at least
LONGEST_WHY = 160  # characters of why a place could not be resumed (it may quote the record)

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

    def __init__(
        self, config: Config | None = None, model: Model | None = None, place: str | None = None
    ) -> None:
        fresh = model or Model.from_config(config or Config())
        self.base = fresh.setup.config  # the teacher's set-up, which a place is said against
        model, self.place_note = resume(place, fresh)
        super().__init__(model=model)
        self.trainer.report_every = SERVED_REPORT_EVERY
        self._told: str | None = None  # the last place told to the server
        self._told_at = -TELL_EVERY  # when (monotonic)
        self._telling: Timer | None = None  # a place to tell once TELL_EVERY has passed
        self._said_too_large = False  # a place too large to keep is said once

    def on_mount(self) -> None:  # Textual runs WalkthroughApp.on_mount after this one
        self.query_one("#too-small", Static).update(WINDOW_TOO_SMALL)
        self.tell_background()
        if self.place_note is not None:
            self.notify(self.place_note, timeout=8)

    # ---- the place, for a reload -------------------------------------------------------

    def watch_cursor(self) -> None:
        super().watch_cursor()
        self.place_changed()

    def watch_version(self) -> None:
        super().watch_version()
        self.place_changed()

    def place_changed(self) -> None:
        """Tell the server the place now, or once TELL_EVERY seconds have passed since the
        last time (keys held down, training): it then tells the place it is at by then."""
        if self._telling is not None:
            return
        wait = self._told_at + TELL_EVERY - time.monotonic()
        if wait <= 0:
            self.tell_place()
        else:
            self._telling = self.set_timer(wait, self.tell_place)

    def tell_place(self) -> None:
        """Tell the server the current place, if it changed and can be said."""
        self._telling = None
        record = place_record(self.model, self.base)
        if record is None or record == self._told:
            return
        if len(record) > MAX_PLACE:  # the server would not keep it: say so, once
            if not self._said_too_large:
                self._said_too_large = True
                self.notify(too_large(len(record), self._told is not None), timeout=8)
            return
        self._told, self._told_at = record, time.monotonic()
        self.send_place(record)

    async def action_quit(self) -> None:
        """`q`: the student ends this walkthrough; its place goes with it (the page's
        "Start again" then starts afresh; a reload or a dropped connection resumes)."""
        if self._telling is not None:
            self._telling.stop()
            self._telling = None
        self.send_place(None)
        await super().action_quit()

    def send_place(self, record: str | None) -> None:
        """Send `record` to the server, which keeps it under the page's key (None: forget it)."""
        driver = self._driver  # Textual's web driver writes meta packets to the server
        if driver is not None and self.is_web and hasattr(driver, "write_meta"):
            driver.write_meta({"type": PLACE_META, "place": record})

    def watch_theme(self, theme: str) -> None:
        super().watch_theme(theme)
        self.tell_background()

    def tell_background(self) -> None:
        """Give the page's terminal the theme's background, for the margins of the page."""
        driver = self._driver  # Textual 8.2.8 (pinned) has no public way to write a sequence
        if driver is not None and self.is_web:
            driver.write(background_sequence(self.get_css_variables()["background"]))


def resume(place: str | None, fresh: Model) -> tuple[Model, str | None]:
    """The model to start from: `place` resumed on `fresh`'s set-up, else `fresh`; and what
    to say about it (None: there was no place)."""
    if place is None:
        return fresh, None
    try:
        model = resumed(place, fresh)
    except TinyNNError as e:
        why = str(e) if len(str(e)) <= LONGEST_WHY else str(e)[:LONGEST_WHY] + "…"
        return fresh, f"Your place could not be resumed ({why}): a fresh start."
    where = f"computation {model.cursor + 1} of {len(model.trace)}"
    return model, f"Resumed where you were: epoch {model.epoch}, {where} (r starts afresh)."


def too_large(size: int, kept: bool) -> str:
    """What a place of `size` characters, too large to keep, means for a reload (`kept`: an
    earlier place was told to the server, which still has it)."""
    then = "goes back to the last place kept" if kept else "starts afresh"
    return (
        f"Your place is too large to be kept for a reload ({size} characters, at most "
        f"{MAX_PLACE}): a reload {then}."
    )
