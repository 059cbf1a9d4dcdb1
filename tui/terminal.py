"""The walkthrough and its terminal: it starts only on one, and always gives it back as it was.

Textual's terminal driver reads its keys from standard input and draws on standard
error. Without a terminal there (`tinynn-tui </dev/null`) its input thread, at the
end of input, loops without pause (Textual 8.2.8; Textual pull request 6690 fixes
it upstream), so:

- `terminal_problem` says why the walkthrough cannot start here, and the command
  line (tui/command.py) stops with that one line before any window opens;
- `TerminalDriver` is Textual's driver for this app only (nothing of Textual is
  replaced): at the end of its input (the terminal is gone) it stops reading and
  asks the app to quit, instead of looping;
- `CleanExits` quits on SIGTERM and SIGHUP the way it quits on SIGINT or `q`:
  through the app's own shutdown, which puts the terminal back (its mode, the main
  screen, the cursor, no mouse reporting). The signal is handled by the event loop
  between two steps of the app, so a file being saved is written whole first.

A walkthrough served to a browser (`--serve`) runs Textual's web driver, which reads a
pipe: none of this applies to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import selectors
import signal
import sys
from codecs import getincrementaldecoder
from typing import TextIO

# Textual's own parser of terminal input (private, but Textual is pinned: 8.2.8)
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

EXIT_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s
)
INPUT_ENDED = 1  # the exit status when the terminal's input ends (the terminal is gone)


def terminal_problem(driver: type[Driver]) -> str | None:
    """Why the walkthrough cannot run here with `driver`, or None if it can: the terminal
    driver needs a terminal on standard input (its keys) and standard error (its screen)."""
    if not issubclass(driver, LinuxDriver):  # the web driver (--serve) reads a pipe
        return None
    for stream, name in ((sys.__stdin__, "input"), (sys.__stderr__, "error")):
        if not _is_terminal(stream):
            return (
                f"the walkthrough needs a terminal, and its standard {name} is not one "
                "(to show it in a browser: tinynn-tui --serve)"
            )
    return None


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # closed
        return False


class TerminalDriver(LinuxDriver):
    """Textual's terminal driver, whose input thread ends with the input and then quits the
    app (Textual's loops on at end of input: Textual pull request 6690)."""

    def run_input_thread(self) -> None:
        """Read keys until the app stops or the input ends, as Textual's thread does."""
        selector = selectors.SelectSelector()  # Textual's choice for a terminal
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        try:
            while not self.exit_event.is_set():
                if selector.select(0.1):
                    try:
                        data = os.read(self.fileno, 4096)
                    except OSError:  # the terminal went away (EIO)
                        data = b""
                    if not data:  # end of input: nothing will ever come again
                        self._app.call_later(self._app.exit, None, INPUT_ENDED)
                        return
                    for event in parser.feed(decode(data)):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()


class CleanExits(App[None]):
    """An app that runs on `TerminalDriver` and quits cleanly on SIGTERM and SIGHUP."""

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        return TerminalDriver if driver is LinuxDriver else driver

    def on_load(self) -> None:
        """Before the driver takes the terminal: the signals that end the app quit it."""
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(ValueError, RuntimeError):  # not the main thread
                loop.add_signal_handler(signum, self.exit, None, 128 + signum)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(ValueError, RuntimeError):
                loop.remove_signal_handler(signum)
