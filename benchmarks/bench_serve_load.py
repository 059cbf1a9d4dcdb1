"""A class on one server: how long a key takes to reach the screen when everyone presses it.

Starts `tinynn-tui --serve` on a free loopback port, opens N walkthroughs at once over
websockets (as N browsers would, at 100×30), waits until each shows its first screen and
has gone quiet, then:

    one key      one student presses → while the others are idle (5 students in turn)
    all at once  every student presses → in the same instant (`--rounds` times)

and times each key from its sending to the moment the screen stream shows the new
position ("computation k of ..."). Prints the time to the first screens and, for the keys,
the median, the 90th percentile and the maximum in milliseconds, and the CPU time the
walkthroughs' processes used for the keys pressed all at once, per key (from /proc).
Loopback only, bounded in count (at most 60 sessions, 10 rounds) and in time (each wait
gives up after 120 s).

    PYTHONPATH=. python benchmarks/bench_serve_load.py [--sessions 30] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from tui.command import build_parser, model_from_args

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # loopback only: nothing leaves the machine
RIGHT = "\x1b[C"  # the → key, as the page's terminal sends it
ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07]*\x07")
WAIT = 120.0  # seconds before any wait gives up
QUIET = 0.5  # seconds without a byte: a walkthrough has drawn what it had to draw


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Student:
    """One walkthrough's websocket, and every byte of screen it has received."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.received = bytearray()
        self.last = time.perf_counter()  # when the last bytes came
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        async for message in self.websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += message.data
                self.last = time.perf_counter()

    def shows(self, text: str, start: int = 0) -> bool:
        """True if the screen sent since byte `start` shows `text` on one line."""
        screen = ESCAPES.sub("\n", self.received[start:].decode("utf-8", "replace"))
        return text in screen

    async def until(self, text: str, start: int = 0) -> float:
        """Wait until the screen since byte `start` shows `text`: the time it does."""
        deadline = time.perf_counter() + WAIT
        while not self.shows(text, start):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the screen never showed {text!r}")
            await asyncio.sleep(0.005)
        return time.perf_counter()

    async def quiet(self) -> None:
        deadline = time.perf_counter() + WAIT
        while time.perf_counter() - self.last < QUIET and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)

    async def press(self, position: str) -> float:
        """Press →; the seconds until the screen shows `position`."""
        start = len(self.received)
        sent = time.perf_counter()
        await self.websocket.send_json(["stdin", RIGHT])
        return await self.until(position, start) - sent


def rss_mib(parent: int) -> list[float]:
    """The resident memory of each child of process `parent`, in MiB (Linux; [] elsewhere)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if int(fields.get("PPid", "0")) == parent and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sizes


def cpu_seconds(parent: int) -> float:
    """The CPU time (user and system) the children of process `parent` have used so far
    (Linux; 0 elsewhere): the walkthroughs' own work, whatever else runs on the machine."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:  # fields after the name: state, ppid, ... utime, stime
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def summary(seconds: list[float]) -> str:
    ms = sorted(1000 * s for s in seconds)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    return f"median {statistics.median(ms):6.0f} ms   p90 {p90:6.0f} ms   max {ms[-1]:6.0f} ms"


async def measure(port: int, server: int, sessions: int, rounds: int) -> None:
    steps = len(model_from_args(build_parser().parse_args([])).trace)
    base = f"http://{HOST}:{port}"
    timeout = aiohttp.ClientTimeout(total=None)
    async with aiohttp.ClientSession(timeout=timeout) as client:
        opened = time.perf_counter()
        sockets = await asyncio.gather(
            *(client.ws_connect(f"{base}/ws?width=100&height=30") for _ in range(sessions))
        )
        students = [Student(s) for s in sockets]
        drawn = await asyncio.gather(*(s.until("Nothing computed yet") for s in students))
        print(f"{'first screen, all opened at once':34}{summary([t - opened for t in drawn])}")
        await asyncio.gather(*(s.quiet() for s in students))
        if sizes := rss_mib(server):
            print(f"{'memory of one walkthrough':34}median {statistics.median(sizes):6.0f} MiB")

        first = f"computation 1 of {steps}"
        alone = []
        for student in students[:5]:  # one key each, in turn, the others idle
            alone.append(await student.press(first))
            await asyncio.gather(*(s.quiet() for s in students))
        print(f"{f'one key, {sessions - 1} others idle':34}{summary(alone)}")
        await asyncio.gather(*(s.press(first) for s in students[5:]))  # all level again
        await asyncio.gather(*(s.quiet() for s in students))

        every: list[float] = []
        cpu = 0.0
        for r in range(rounds):
            position = f"computation {min(r + 2, steps)} of {steps}"
            used = cpu_seconds(server)
            times = await asyncio.gather(*(s.press(position) for s in students))
            await asyncio.gather(*(s.quiet() for s in students))
            cpu += cpu_seconds(server) - used
            every += times
            print(f"{f'{sessions} keys at once, round {r + 1}':34}{summary(times)}")
        print(f"{f'{sessions} keys at once, all rounds':34}{summary(every)}")
        per_key = 1000 * cpu / (sessions * rounds)
        print(f"{'CPU of a walkthrough per key':34}{per_key:6.0f} ms (its process, all it did)")
        for s in students:
            await s.websocket.close()
            s.reader.cancel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="walkthroughs, 6 to 60")
    parser.add_argument("--rounds", type=int, default=3, help="keys all at once, 1 to 10")
    args = parser.parse_args()
    sessions, rounds = min(max(args.sessions, 6), 60), min(max(args.rounds, 1), 10)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tui", "--serve", "--host", HOST, "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--max-sessions", str(sessions)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert server.stderr is not None
        for line in server.stderr:
            if "at most" in line:
                break
        else:
            raise SystemExit("the server did not start")
        print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; 100×30, the default network")
        asyncio.run(measure(port, server.pid, sessions, rounds))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
