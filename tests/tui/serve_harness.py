"""Helpers of the server's tests: free ports, servers in this process, and a look at processes.

Every server here listens on a loopback address (127.0.0.0/8) and every client connects
there: no test sends anything to another machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="the 'web' extra is not installed")

from tui.serve_access import Access  # noqa: E402  (after the skip: aiohttp is the web extra)
from tui.serve_server import ClassServer  # noqa: E402

PROC = Path("/proc")

# A stand-in for a walkthrough that a page cannot end: it says it is a Textual app, sends
# one screen, starts a grandchild in its process group, ignores SIGTERM and SIGINT and never
# reads the quit the server sends: only SIGKILL of its whole group ends them both.
STUBBORN = r"""
import os, signal, subprocess, sys, time
for s in (signal.SIGTERM, signal.SIGINT):
    signal.signal(s, signal.SIG_IGN)
subprocess.Popen([sys.executable, "-c", "import signal, time; "
                  "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)"])
out = sys.stdout.buffer
out.write(b"__GANGLION__\n")
screen = b"a screen"
out.write(b"D" + len(screen).to_bytes(4, "big") + screen)
out.flush()
time.sleep(120)
"""
STUBBORN_ARGV = [sys.executable, "-c", STUBBORN]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def running(
    argv: Iterable[str] = STUBBORN_ARGV,
    *,
    host: str = "127.0.0.1",
    token: str | None = None,
    max_sessions: int = 40,
) -> AsyncIterator[tuple[ClassServer, str]]:
    """A ClassServer in this process on host:a free port: (the server, its base URL)."""
    port = free_port(host)
    server = ClassServer(list(argv), host, port, Access(host, port, token), max_sessions)
    runner = await server.open()
    try:
        yield server, f"http://{host}:{port}"
    finally:
        await server.close(runner)


def processes() -> dict[int, tuple[str, int, int]]:
    """Every process of this machine: pid -> (state, parent pid, process group)."""
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_bytes()
                state, parent, group = stat[stat.rindex(b")") + 2 :].split()[:3]
                found[int(entry.name)] = (state.decode(), int(parent), int(group))
    return found


def living(groups: Iterable[int]) -> list[int]:
    """The processes, zombies aside, of the process groups `groups`."""
    wanted = set(groups)
    return [pid for pid, (state, _, g) in processes().items() if g in wanted and state != "Z"]


def children(parent: int) -> list[int]:
    """The living children of process `parent`."""
    return [pid for pid, (state, p, _) in processes().items() if p == parent and state != "Z"]


def until(condition: Callable[[], bool], seconds: float, poll: float = 0.05) -> bool:
    """Wait until `condition()` holds or `seconds` have passed: whether it holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return condition()
        time.sleep(poll)
    return True


async def eventually(condition: Callable[[], bool], seconds: float, poll: float = 0.05) -> bool:
    """`until` in a coroutine: the server in this process goes on while it waits."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return condition()
        await asyncio.sleep(poll)
    return True


def needs_proc() -> None:
    if not (PROC / str(os.getpid()) / "stat").exists():
        pytest.skip("no /proc: the processes of a server cannot be listed here")
