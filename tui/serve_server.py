"""The server of `tinynn-tui --serve`: textual-serve's, made to hold a class.

textual-serve 1.1.3 (pinned exactly: this module replaces its routes, its websocket
handler, its downloads and its run loop, and `Session` its process handling) relays one
walkthrough process per page. On top of it, this server

- refuses what `Access` refuses (a foreign page, a foreign name, a missing token) and
  sends every answer with headers that keep the page from loading anything from elsewhere;
- runs at most `max_sessions` walkthroughs at once: the next page says the class is full;
- ends each walkthrough, process group and all, when its page goes (`Session.stop`), and
  watches for those that outlive their page (`Watchdog`);
- stops within a few seconds of SIGTERM or SIGINT, telling each page it has stopped
  (websocket close code `STOPPED`, which the page shows) and killing every walkthrough;
- says one line when a walkthrough starts and one when it ends, no access log;
- keeps, in memory and for a while, where each tab's walkthrough was (`Places`, by the
  key the page sends as `?place=`), so that a reload resumes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shlex
import signal
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler, Middleware
from textual_serve.server import Server

from tinynn import TinyNNError
from tinynn.args.options import say

from .serve_access import Access
from .serve_net import url
from .serve_page import TITLE, disposition, font_size, local_fonts, notice, with_headers
from .serve_places import Places, place_key
from .serve_session import GRACE, Session
from .serve_watchdog import EVERY, Watchdog, Watched
from .web import TEMPLATES

STOPPED, FULL = 4001, 4003  # websocket close codes the page shows with their reason
SHUTDOWN_GRACE = 0.5  # seconds each walkthrough gets to quit when the server stops
CLOSE_WAIT = 0.5  # seconds to wait for a page to answer the closing of its websocket
HANDLERS_WAIT = 1.5  # seconds aiohttp gives the websocket handlers to finish, when stopping
QUIET = 10.0  # seconds between two lines about refused pages


def duration(seconds: float) -> str:
    """`seconds` as a person says it: 42 s, 3 min 5 s."""
    s = round(seconds)
    return f"{s} s" if s < 120 else f"{s // 60} min {s % 60} s"


def number(value: object, default: int) -> int:
    """`value` if it is a whole number (not a bool), else `default`."""
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def query_number(query: Mapping[str, str], name: str, default: int) -> int:
    """The whole number `?name=N` of a query (at most 5 digits), else `default`."""
    text = query.get(name, "")
    return int(text) if text.isdigit() and len(text) <= 5 else default


class ClassServer(Server):
    """Serves the walkthrough `argv` on host:port to at most `max_sessions` pages at once."""

    def __init__(
        self, argv: Sequence[str], host: str, port: int, access: Access, max_sessions: int
    ) -> None:
        super().__init__(
            shlex.join(argv), host=host, port=port, title=TITLE, templates_path=TEMPLATES
        )
        self.argv = list(argv)
        self.access = access
        self.max_sessions = max_sessions
        self.sessions: dict[Session, web.WebSocketResponse] = {}
        self.started = 0  # walkthroughs started so far: each one's number
        self.grace: float | None = None  # while stopping, each walkthrough's shorter grace
        self.watchdog = Watchdog(self.killed)
        self.places = Places(max_sessions)  # where each page was, for a reload to resume
        self._said: dict[str, float] = {}  # a kind of line -> when it was last said
        self._watching: asyncio.Task[None] | None = None

    # ---- what is said in the server's terminal ---------------------------------------------

    def say_now_and_then(self, kind: str, line: str) -> None:
        """Say `line` unless a line of this kind was said less than QUIET seconds ago."""
        now = time.monotonic()
        if now - self._said.get(kind, -QUIET) >= QUIET:
            self._said[kind] = now
            say(line)

    def killed(self, session: Watched, why: str) -> None:
        if isinstance(session, Session):
            say(f"tinynn: walkthrough {session.number} killed: {why}")

    # ---- the application ---------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard()])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_response_prepare.append(with_headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def guard(self) -> Middleware:
        """The middleware that lets through only what `Access` lets through."""

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            why = self.access.refusal(request)
            if why is None:
                return await handler(request)
            self.say_now_and_then("refused", f"tinynn: refused {request.remote}: {why}")
            if request.path == "/":
                return notice(request, 403, "No walkthrough here", why.capitalize())
            return web.Response(status=403, text=f"tinynn: {why}\n")

        return guard

    def full(self) -> str:
        """What a page says when the class is full."""
        n = self.max_sessions
        count = f"{n} walkthrough" + ("s" if n != 1 else "")
        return f"The class is full: {count} open, as many as this server runs. Try again soon."

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if len(self.sessions) >= self.max_sessions:
            return notice(request, 503, "The class is full", self.full())
        context = {"application": {"name": self.title}, "font_size": font_size(request.query)}
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        self.access.keep_token(request, response)
        return response

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file a walkthrough delivers (a save, an export, a screenshot), from its process."""
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="tinynn: no such download\n") from None
        kind = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response = web.StreamResponse(
            headers={
                "Content-Type": kind,
                "Content-Disposition": disposition(meta.open_method, meta.file_name),
            }
        )
        chunks = self.download_manager.download(key)
        if meta.mime_type == "image/svg+xml":  # Rich's screenshot asks a CDN for its fonts
            encoding = meta.encoding or "utf-8"
            svg = b"".join([chunk async for chunk in chunks]).decode(encoding)
            body = local_fonts(svg).encode(encoding)
            await response.prepare(request)
            await response.write(body)
        else:
            await response.prepare(request)
            async for chunk in chunks:
                await response.write(chunk)
        await response.write_eof()
        return response

    # ---- one walkthrough per websocket ---------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        if self.grace is not None or len(self.sessions) >= self.max_sessions:
            await websocket.prepare(request)
            if self.grace is not None:
                await websocket.close(code=STOPPED, message=b"The server has stopped.")
                return websocket
            self.say_now_and_then("full", f"tinynn: the class is full ({self.max_sessions} open)")
            await websocket.close(code=FULL, message=self.full().encode())
            return websocket
        self.started += 1
        number, key = self.started, place_key(request.query.get("place"))
        place = self.places.claim(key, number) if key is not None else None
        session = Session(
            self.argv,
            number,
            request.remote or "?",
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            place=place,
            on_place=None if key is None else partial(self.places.put, key, number),
        )
        self.sessions[session] = websocket  # counted before any wait: the cap holds
        try:
            await websocket.prepare(request)
            query = request.query
            await session.start(query_number(query, "width", 80), query_number(query, "height", 24))
            say(
                f"tinynn: walkthrough {session.number} started for {session.peer} "
                f"({len(self.sessions)} open)"
            )
            await self.relay(websocket, session)
        except Exception as error:  # the page's connection failed: its walkthrough ends
            self.say_now_and_then("error", f"tinynn: walkthrough {session.number}: {error!r}")
        finally:
            try:
                await session.stop(GRACE if self.grace is None else self.grace)
            finally:
                session.kill()  # even when this handler is cancelled
                del self.sessions[session]
                if key is not None:
                    self.places.release(key, number)
                if session.pid is not None:
                    lasted = duration(time.monotonic() - session.started)
                    say(
                        f"tinynn: walkthrough {session.number} ended after {lasted} "
                        f"({len(self.sessions)} open)"
                    )
        return websocket

    async def relay(self, websocket: web.WebSocketResponse, session: Session) -> None:
        """Pass what the page sends on to its walkthrough, until the page goes. Anything
        malformed is ignored: a page is not trusted to send only what textual.js sends."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await session.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = number(data.get("width"), 80), number(data.get("height"), 24)
                await session.set_terminal_size(width, height)
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:100]])
            elif kind == "blur":
                await session.blur()
            elif kind == "focus":
                await session.focus()

    # ---- running and stopping ---------------------------------------------------------------

    async def on_shutdown(self, app: web.Application) -> None:
        """The server stops: each page is told, each walkthrough gets a short grace."""
        self.grace = SHUTDOWN_GRACE

        async def tell(websocket: web.WebSocketResponse) -> None:
            with contextlib.suppress(Exception):
                closing = websocket.close(code=STOPPED, message=b"The server has stopped.")
                await asyncio.wait_for(closing, CLOSE_WAIT)

        await asyncio.gather(*(tell(w) for w in list(self.sessions.values())))

    async def watch(self) -> None:
        """The watchdog's rounds, until cancelled."""
        while True:
            self.watchdog.look(list(self.sessions), time.monotonic())
            await asyncio.sleep(EVERY)

    async def open(self) -> web.AppRunner:
        """Listen on host:port and start the watchdog; the runner to `close` at the end."""
        runner = web.AppRunner(
            await self._make_app(), access_log=None, shutdown_timeout=HANDLERS_WAIT
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as e:
            await runner.cleanup()
            reason = (e.strerror or str(e)).lower()
            raise TinyNNError(f"cannot serve on {url(self.host, self.port)}: {reason}") from None
        self._watching = asyncio.create_task(self.watch())
        return runner

    async def close(self, runner: web.AppRunner) -> None:
        """Stop: every page told, every walkthrough ended, the port closed."""
        if self._watching is not None:
            self._watching.cancel()
        await runner.cleanup()
        for session in list(self.sessions):  # any a cancelled handler left
            session.kill()

    async def run(self, listening: Callable[[], None]) -> None:
        """Serve until SIGTERM or SIGINT; `listening` is called once the port is open."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        runner = await self.open()
        try:
            listening()
            await stop.wait()
        finally:
            await self.close(runner)
