"""No walkthrough outlives its page or its server: process groups, the cap, the watchdog, stops.

The walkthroughs here are either real ones (`python -m tui --served`) or a stubborn stand-in
that ignores SIGTERM, never reads the quit it is sent and starts a grandchild
(serve_harness.STUBBORN): only SIGKILL of its whole group ends it. Loopback only.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from serve_harness import (
    STUBBORN_ARGV,
    children,
    eventually,
    free_port,
    living,
    needs_proc,
    running,
    until,
)

pytest.importorskip("textual_serve", reason="the 'web' extra is not installed")

import aiohttp  # noqa: E402

from tui.serve import child_command  # noqa: E402
from tui.serve_access import Access  # noqa: E402
from tui.serve_net import check_free  # noqa: E402
from tui.serve_server import FULL, STOPPED, ClassServer  # noqa: E402
from tui.serve_session import GRACE, MAX_COLUMNS, MAX_ROWS, screen_size  # noqa: E402
from tui.serve_watchdog import BUSY, LINGER, Watchdog, cpu_seconds  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


# --- a page that goes takes its walkthrough, process group and all


async def test_a_page_that_goes_takes_its_walkthrough_group_and_all() -> None:
    needs_proc()
    async with running() as (server, base), aiohttp.ClientSession() as client:
        websocket = await client.ws_connect(base + "/ws", origin=base)
        assert (await websocket.receive(timeout=30)).data == b"a screen"
        (session,) = server.sessions
        group = session.pid
        assert group is not None
        assert await eventually(lambda: len(living([group])) == 2, 10)  # it and its grandchild
        await websocket.close()
        assert await eventually(lambda: not living([group]), GRACE + 5), living([group])
        assert await eventually(lambda: not server.sessions, 5)


async def test_a_walkthrough_closed_before_its_first_screen_is_gone() -> None:
    """The tab resized then closed at once: Textual can spin a core then, deaf to SIGTERM."""
    needs_proc()
    async with running(child_command([])) as (server, base):
        groups = []
        async with aiohttp.ClientSession() as client:
            for _ in range(2):
                websocket = await client.ws_connect(base + "/ws?width=80&height=24", origin=base)
                await websocket.send_json(["resize", {"width": 120, "height": 40}])
                await eventually(lambda: any(s.pid for s in server.sessions), 10)
                groups += [s.pid for s in server.sessions if s.pid is not None]
                await websocket.close()
        assert await eventually(lambda: not living(groups), GRACE + 8), living(groups)


# --- the cap


async def test_the_cap_holds_for_a_burst_of_pages() -> None:
    async with running(max_sessions=2) as (server, base), aiohttp.ClientSession() as client:
        sockets = await asyncio.gather(
            *(client.ws_connect(base + "/ws", origin=base) for _ in range(7))
        )
        firsts = await asyncio.gather(*(s.receive(timeout=30) for s in sockets))
        screens = [m for m in firsts if m.type == aiohttp.WSMsgType.BINARY]
        refused = [m for m in firsts if m.type == aiohttp.WSMsgType.CLOSE]
        assert len(screens) == 2 and len(refused) == 5
        assert {m.data for m in refused} == {FULL}
        assert {m.extra for m in refused} == {
            "The class is full: 2 walkthroughs open, as many as this server runs. Try again soon."
        }
        assert server.started == 2 and len(server.sessions) == 2
        assert len(children(os.getpid())) <= 2 + 1  # the two, and pytest-xdist's own, at most
        async with client.get(base + "/") as page:  # a page that would open a third
            assert page.status == 503 and "The class is full" in await page.text()
        open_ = [s for s, m in zip(sockets, firsts) if m.type == aiohttp.WSMsgType.BINARY]
        await open_[0].close()
        assert await eventually(lambda: len(server.sessions) == 1, GRACE + 5)
        another = await client.ws_connect(base + "/ws", origin=base)  # room again
        assert (await another.receive(timeout=30)).data == b"a screen"
        assert server.started == 3


def test_a_page_cannot_ask_for_a_screen_of_any_size() -> None:
    assert screen_size(100, 30) == (100, 30)
    assert screen_size(10**9, 10**9) == (MAX_COLUMNS, MAX_ROWS)
    assert screen_size(-5, 0) == (1, 1)


# --- the watchdog


class Watched:
    """A session as the watchdog sees it, with the kills it receives."""

    def __init__(self, pid: int, gone: float | None) -> None:
        self.pid: int | None = pid
        self.alive = True
        self.gone = gone
        self.kills = 0

    def kill(self) -> None:
        self.kills += 1


def test_the_watchdog_kills_a_busy_walkthrough_without_a_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    used = {1: 0.0, 2: 0.0, 3: 0.0}  # CPU seconds per pid, as /proc would say
    monkeypatch.setattr("tui.serve_watchdog.cpu_seconds", lambda pid: used[pid])
    said: list[tuple[object, str]] = []
    watchdog = Watchdog(lambda s, why: said.append((s, why)))
    spinning = Watched(1, gone=100.0)  # its page went at t = 100 s
    watched = Watched(2, gone=None)  # busy, but its page is there: a student training
    idle = Watched(3, gone=100.0)
    sessions = [spinning, watched, idle]
    watchdog.look(sessions, 100.0)
    used[1] += 0.5 * BUSY - 0.01  # under the threshold: spared
    used[2] += 0.5
    watchdog.look(sessions, 100.5)
    assert (spinning.kills, watched.kills, idle.kills) == (0, 0, 0)
    used[1] += 0.5 * BUSY + 0.01  # over it
    used[2] += 0.5
    watchdog.look(sessions, 101.0)
    assert (spinning.kills, watched.kills, idle.kills) == (1, 0, 0)
    assert said == [
        (spinning, f"it kept {round(100 * (0.5 * BUSY + 0.01) / 0.5)}% of a core busy with no page")
    ]
    watchdog.look(sessions, 101.5)
    assert spinning.kills == 1  # said and killed once
    watchdog.look(sessions, 100.0 + LINGER)  # an idle one may not linger either
    assert (watched.kills, idle.kills) == (0, 1)
    assert said[-1] == (idle, f"it outlived its page by {round(LINGER)} s")


def test_the_cpu_time_read_for_the_watchdog_is_the_process_s() -> None:
    needs_proc()
    deadline = time.process_time() + 0.1
    while time.process_time() < deadline:  # use some CPU
        pass
    before = time.process_time()
    read = cpu_seconds(os.getpid())
    after = time.process_time()
    assert read is not None and before - 0.05 <= read <= after + 0.05  # clock ticks: 10 ms
    assert cpu_seconds(2**22 + 12345) is None  # no such process


# --- the server's own end, and its successor


def served(port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--serve", "--port", str(port)],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "serving the walkthrough" in line:
            return process
        if "error" in line:
            process.kill()
            pytest.fail(line)
    pytest.fail("the server stopped before it served")


async def screens_then_sigterm(
    port: int, server: subprocess.Popen[str], groups: list[int]
) -> list[tuple[int, str]]:
    """Two walkthroughs on screen and an idle browser connection; then SIGTERM to the server.
    How each page was told; `groups` gets the walkthroughs' process groups."""
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as client:
        sockets = [await client.ws_connect(base + "/ws?width=100&height=30") for _ in range(2)]
        firsts = await asyncio.gather(*(s.receive(timeout=60) for s in sockets))
        assert all(m.type == aiohttp.WSMsgType.BINARY for m in firsts)
        # an idle keep-alive connection, as a browser keeps one: the server closes it, so
        # the port has a connection in TIME_WAIT when its successor starts
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        asked = f"GET /static/css/xterm.css HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        writer.write(asked.encode())
        await reader.read(1000)
        groups += children(server.pid)  # each walkthrough leads its own group
        assert len(groups) == 2
        server.send_signal(signal.SIGTERM)
        told = []
        for websocket in sockets:
            binary = aiohttp.WSMsgType.BINARY
            while (message := await websocket.receive(timeout=10)).type == binary:
                pass  # the screens sent before the close
            told.append((message.data, message.extra))
        while await asyncio.wait_for(reader.read(2**16), 10):  # until the server closes it
            pass  # (closing first, the server keeps the TIME_WAIT)
        writer.close()
    return told


def time_wait(port: int) -> bool:
    """True if a connection of local port `port` is in TIME_WAIT (Linux, IPv4)."""
    lines = Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]
    fields = [line.split() for line in lines]
    return any(int(f[1].split(":")[1], 16) == port and f[3] == "06" for f in fields)


def test_sigterm_stops_the_server_and_every_walkthrough_and_it_restarts_at_once() -> None:
    needs_proc()
    port = free_port()
    server = served(port)
    groups: list[int] = []
    try:
        told = asyncio.run(screens_then_sigterm(port, server, groups))
        signalled = time.monotonic()
        server.wait(timeout=10)
        stopped = time.monotonic() - signalled
    finally:
        server.kill()
    assert told == [(STOPPED, "The server has stopped.")] * 2
    assert stopped < 3.0
    assert until(lambda: not living(groups), 3.0 - stopped), living(groups)
    assert time_wait(port)  # what kept the old port check from binding
    asyncio.run(successor(port))  # at once, on the same port


async def successor(port: int) -> None:
    """What a new `tinynn-tui --serve --port PORT` does first: check the port, then listen."""
    check_free("127.0.0.1", port)
    server = ClassServer(STUBBORN_ARGV, "127.0.0.1", port, Access("127.0.0.1", port, None), 1)
    runner = await server.open()
    try:
        home = f"http://127.0.0.1:{port}/"
        async with aiohttp.ClientSession() as client, client.get(home) as page:
            assert page.status == 200
    finally:
        await server.close(runner)
