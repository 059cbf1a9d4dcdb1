"""The walkthrough starts only on a terminal and always gives it back as it found it.

Each test runs `python -m tui` in a child process: without a terminal, in a
pseudo-terminal (Python's `pty` module) that a signal ends or that closes, and as
the served child of `--serve` (Textual's web driver, reading a pipe).
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from textual.drivers.linux_driver import LinuxDriver
from textual.drivers.web_driver import WebDriver

from tui.terminal import INPUT_ENDED, TerminalDriver, terminal_problem

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
# What the app's shutdown writes to give the terminal back: the main screen, the cursor,
# no mouse reporting (Textual's stop_application_mode and its mouse switch).
RESTORED = (b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l")
ON_SCREEN = b"epoch"  # the status line is drawn: the app is up


def test_without_a_terminal_it_says_so_in_one_line_and_exits_at_once() -> None:
    """Within 2 s of its own time (the wall clock of a busy test machine says little; the
    old behaviour, an input thread looping at end of input, never ended)."""
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        while pid == 0 and time.monotonic() - start < 20:
            time.sleep(0.01)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        assert pid == process.pid, "still running"
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        assert process.stderr is not None
        err = process.stderr.read()  # one line: it never fills the pipe
    finally:
        if process.returncode is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
    assert usage.ru_utime + usage.ru_stime < 2
    assert os.waitstatus_to_exitcode(status) == 2
    assert err.startswith("tinynn: error: the walkthrough needs a terminal")
    assert err.count("\n") == 1 and "standard input" in err


def test_the_terminal_driver_needs_a_terminal_the_web_driver_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "__stdin__", io.StringIO())  # not a terminal
    assert terminal_problem(WebDriver) is None  # the served child reads a pipe
    assert issubclass(TerminalDriver, LinuxDriver)
    problem = terminal_problem(TerminalDriver)
    assert problem is not None and "standard input is not one" in problem


class Terminal:
    """A pseudo-terminal of 100×30 running the walkthrough; everything it draws is kept."""

    def __init__(self, *argv: str) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.mode = termios.tcgetattr(slave)
        self.slave = slave  # kept open: its mode is read after the app has gone
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", *argv],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,  # the terminal is its controlling terminal
            env=ENV,
            cwd=ROOT,
        )
        self.output = b""

    def read(self, seconds: float, until: bytes | None = None) -> None:
        """Keep what is drawn for up to `seconds`, or until `until` is drawn or the app ends
        (a full terminal would block the app's writes)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 1 << 16)
                except OSError:  # nothing is left to read
                    return
            if (until is not None and until in self.output) or self.process.poll() is not None:
                if until is None:
                    self.read_rest()
                return

    def read_rest(self) -> None:
        while select.select([self.master], [], [], 0.1)[0]:
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_training_gives_the_terminal_back(signum: int) -> None:
    terminal = Terminal()
    try:
        terminal.read(30, until=ON_SCREEN)
        assert ON_SCREEN in terminal.output, terminal.output[-500:]
        os.write(terminal.master, b"t")  # training at full speed: the screen keeps changing
        terminal.read(0.3)
        drawn = len(terminal.output)
        terminal.process.send_signal(signum)
        terminal.read(10)
        assert terminal.process.poll() == 128 + signum
        assert termios.tcgetattr(terminal.slave) == terminal.mode  # echo, lines, signals back
        after = terminal.output[drawn:]
        assert all(sequence in after for sequence in RESTORED), after[-300:]
    finally:
        terminal.close()


def test_a_terminal_that_closes_ends_the_walkthrough() -> None:
    """A closed terminal is an end of input: the app quits instead of reading on forever."""
    terminal = Terminal()
    try:
        terminal.read(30, until=ON_SCREEN)
        assert ON_SCREEN in terminal.output
        os.close(terminal.master)
        os.close(terminal.slave)
        assert terminal.process.wait(timeout=10) == INPUT_ENDED
    finally:
        terminal.master = terminal.slave = -1
        terminal.close()


def test_the_served_child_runs_on_a_pipe() -> None:
    """`--serve` runs each browser's walkthrough with `--served` and Textual's web driver, its
    input a pipe: it must start and draw, not stop for want of a terminal."""
    env = {**ENV, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--served"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.read(1)  # the web driver's first packet
        assert first, process.stderr.read() if process.stderr else ""
        assert process.poll() is None
    finally:
        process.kill()
        process.communicate(timeout=10)
