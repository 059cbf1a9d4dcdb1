"""One student's walkthrough: its own process, in a process group of its own, never left over.

textual-serve's `AppService` (pinned: tinynn overrides how it starts and stops the
process) starts each walkthrough through a shell in the server's own process group and,
when the page goes, asks it to quit and waits for it for ever. A walkthrough asked to
quit before its first screen (a tab resized then closed or reloaded at once) can spin a
core for ever in Textual 8.2.8, deaf to SIGTERM (the same kind of spin as Textual pull
request 6690's, at the end of input): the wait never ends and the process outlives the
server. So here each walkthrough starts without a shell, as the leader of a new session
and process group; when its page goes it is asked to quit and given `GRACE` seconds, then
its whole group (the `--check` sandbox's children too) gets SIGKILL. Textual itself is
not patched. A walkthrough resumes the place its page had before a reload (`place`, in
its environment) and says its place as it changes (a meta packet, to `on_place`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shlex
import signal
import time
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable, Sequence

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from .place import MAX_PLACE, PLACE_ENV, PLACE_META

GRACE = 2.0  # seconds a walkthrough gets to quit by itself once its page has gone
DRAIN = 1.0  # seconds to read what a killed walkthrough had left in its pipes
MAX_COLUMNS, MAX_ROWS = 500, 200  # a bigger screen is no student's: it would only cost memory


def screen_size(width: int, height: int) -> tuple[int, int]:
    """A page's screen size as the walkthrough gets it: at least 1×1, at most the maxima."""
    return min(max(width, 1), MAX_COLUMNS), min(max(height, 1), MAX_ROWS)


class Session(AppService):
    """The walkthrough process of one page, numbered `number`, for the client at `peer`."""

    def __init__(
        self,
        argv: Sequence[str],
        number: int,
        peer: str,
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[object]],
        download_manager: DownloadManager,
        place: str | None = None,
        on_place: Callable[[str | None], object] | None = None,
    ) -> None:
        super().__init__(
            shlex.join(argv),
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,  # type: ignore[arg-type]  # a websocket's close returns a bool
            download_manager=download_manager,
        )
        self.argv = list(argv)
        self.number = number
        self.peer = peer
        self.started = time.monotonic()
        self.gone: float | None = None  # when the page went (monotonic), None while it is there
        self._stopping = False
        self.place = place  # where its page was before a reload (tui/place.py), if anywhere
        self.on_place = on_place  # told each place it says, None at a quit (serve_places.py)

    @property
    def pid(self) -> int | None:
        """The walkthrough's process id (also its process group's), None before it starts."""
        return None if self._process is None else self._process.pid

    @property
    def alive(self) -> bool:
        """True from the start until the process has exited and been reaped."""
        return self._process is not None and self._process.returncode is None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        """Start the walkthrough without a shell, leading a new session and process group."""
        width, height = screen_size(width, height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,  # its own group: signals to it reach all it started
        )
        self._stdin = process.stdin
        return process

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        """textual-serve's environment, with the place to resume from (and no other)."""
        environment = super()._build_environment(width=width, height=height)
        environment.pop(PLACE_ENV, None)
        if self.place is not None:
            environment[PLACE_ENV] = self.place
        return environment

    async def on_meta(self, data: bytes) -> None:
        """A place the walkthrough says goes to `on_place` (None when the student quit);
        other meta packets to textual-serve."""
        meta = json.loads(data)
        if isinstance(meta, dict) and meta.get("type") == PLACE_META:
            place = meta.get("place")
            if self.on_place is not None and (
                place is None or (isinstance(place, str) and len(place) <= MAX_PLACE)
            ):
                self.on_place(place)
            return
        await super().on_meta(data)

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*screen_size(width, height))

    def kill(self) -> None:
        """SIGKILL the walkthrough's whole process group, at once (nothing if it is gone)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)

    async def stop(self, grace: float = GRACE) -> None:
        """The page has gone: ask the walkthrough to quit, give it `grace` seconds, then kill
        its group (whatever is left of it). Once; a second call returns at once."""
        if self._stopping or self._process is None:
            return
        self._stopping = True
        self.gone = self.gone or time.monotonic()
        process = self._process
        try:
            try:
                downloads = self._download_manager
                await downloads.cancel_app_downloads(app_service_id=self.app_service_id)
                if process.returncode is None:
                    await self.send_meta({"type": "quit"})
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(process.wait(), grace)
            finally:
                self.kill()  # even when cancelled: no walkthrough outlives its page
            if self._task is not None:  # the relay of its screen ends with its pipes
                with contextlib.suppress(Exception):  # a page gone mid-write, a slow drain
                    await asyncio.wait_for(self._task, DRAIN)
                self._task = None
        finally:
            close_transport(process)


def close_transport(process: Process) -> None:
    """Close the pipes of a finished process. asyncio's Process has no close(): left to the
    garbage collector, its transport would close them in a loop that may have ended (an
    error printed at the server's end)."""
    transport = getattr(process, "_transport", None)
    if transport is not None:
        transport.close()
