"""The server's watchdog: no walkthrough without a page may keep a core busy.

A walkthrough whose page has gone is stopped by its own session (`Session.stop`: quit,
a grace, SIGKILL). The watchdog is the second line, for what that could miss: every
`EVERY` seconds it reads each walkthrough's CPU time (Linux: /proc/PID/stat) and kills
the process group of any walkthrough without a page that used at least `BUSY` of a core
since the last look (the Textual spin a quit before the first screen starts,
tui/serve_session.py), or that outlived its page by `LINGER` seconds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

EVERY = 0.5  # seconds between two looks
BUSY = 0.8  # the share of one core that counts as spinning
LINGER = 5.0  # seconds a walkthrough may outlive its page, whatever it does
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class Watched(Protocol):
    """What the watchdog needs of a session."""

    @property
    def pid(self) -> int | None: ...

    @property
    def alive(self) -> bool: ...

    gone: float | None  # when its page went (monotonic), None while it is there

    def kill(self) -> None: ...


def cpu_seconds(pid: int) -> float | None:
    """The CPU time process `pid` has used (user + system), None if it cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = stat[stat.rindex(b")") + 2 :].split()  # after "pid (name) ": state, ppid...
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15)


class Watchdog:
    """Looks at the sessions; kills those without a page that spin or linger."""

    def __init__(self, said: Callable[[Watched, str], None]) -> None:
        self.said = said  # told of each kill, with the reason
        self._last: dict[int, tuple[float, float]] = {}  # pid -> (when, cpu seconds)
        self._killed: set[int] = set()  # said once each

    def look(self, sessions: Iterable[Watched], now: float) -> None:
        """One look at every session at time `now` (monotonic)."""
        seen: dict[int, tuple[float, float]] = {}
        for s in sessions:
            pid = s.pid
            if pid is None or not s.alive:
                continue
            cpu = cpu_seconds(pid)
            if cpu is None:
                continue
            seen[pid] = (now, cpu)
            if s.gone is None or pid in self._killed:
                continue
            before = self._last.get(pid)
            why = None
            if before is not None and now > before[0]:
                share = (cpu - before[1]) / (now - before[0])
                if share >= BUSY:
                    why = f"it kept {round(100 * share)}% of a core busy with no page"
            if why is None and now - s.gone >= LINGER:
                why = f"it outlived its page by {round(now - s.gone)} s"
            if why is not None:
                s.kill()
                self._killed.add(pid)
                self.said(s, why)
        self._last = seen
        self._killed &= set(seen)  # a pid may come back, as another walkthrough's
