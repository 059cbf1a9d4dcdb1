"""`tinynn-tui --serve`: the walkthrough as a web page, for a room with only browsers.

textual-serve (the 'web' extra) runs one walkthrough process per browser that opens
the page, with the teacher's options (`walkthrough_argv`) and `--served`, and relays its
screen. The server (tui/serve_server.py) holds a class: it lets in only pages of its own
(tui/serve_access.py: origin, names, a token off loopback), runs at most `--max-sessions`
walkthroughs, ends each with its page (tui/serve_session.py, tui/serve_watchdog.py) and
all of them when it stops. The page is our own template: everything it loads comes from
this server (tui/serve_page.py). Each process runs as the teacher, so in a browser the
walkthrough touches no file: saves and exports become downloads (`dialogs.deliver`), and
it trains at a bounded pace (tui/served.py); a reloaded page resumes where it was
(tui/serve_places.py keeps each tab's place, tui/place.py is its record).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from tinynn import TinyNNError
from tinynn.args.options import say

from .serve_net import addresses_to_print, check_free, is_loopback, url
from .web import TEMPLATES

SERVING = frozenset(
    {"serve", "host", "port", "served", "help", "token", "no_token", "max_sessions"}
)
SESSION_MEMORY = 40 * 2**20  # bytes one walkthrough takes (measured: 40 MiB)
MAX_DEFAULT = 40  # the most walkthroughs served at once unless --max-sessions says more
MEMINFO = Path("/proc/meminfo")

# what other modules and the tests ask of this one
__all__ = [
    "SERVING",
    "TEMPLATES",
    "child_command",
    "is_loopback",
    "serve",
    "url",
    "walkthrough_argv",
]


class Serving(NamedTuple):
    """Where and how to serve: the server's options, resolved."""

    host: str
    port: int
    token: str | None  # None: the server asks none
    max_sessions: int


def child_command(argv: Sequence[str]) -> list[str]:
    """The command each browser's walkthrough runs: these options, served."""
    return [sys.executable, "-m", "tui", *argv, "--served"]


def memory_available() -> int | None:
    """Bytes of memory free for new processes (Linux: MemAvailable), None if unknown."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in MEMINFO.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    with contextlib.suppress(AttributeError, ValueError, OSError):  # another POSIX system
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return None


def default_max_sessions(available: int | None) -> int:
    """As many walkthroughs as half of `available` bytes holds, 1 to MAX_DEFAULT."""
    if available is None:
        return MAX_DEFAULT
    return max(1, min(MAX_DEFAULT, available // (2 * SESSION_MEMORY)))


def serving_options(args: argparse.Namespace) -> Serving:
    """The server's options from parsed ones: the token asked, the cap on walkthroughs."""
    from .serve_access import server_token  # aiohttp: the 'web' extra

    token = server_token(args.host, args.token, args.no_token)
    cap = args.max_sessions or default_max_sessions(memory_available())
    return Serving(args.host, args.port, token, cap)


def announcement(options: Serving, addresses: Sequence[str]) -> list[str]:
    """What the server says once it listens: a warning off loopback, then the addresses to
    open (the token in them), never a wildcard such as 0.0.0.0."""
    host, port, token, cap = options
    lines = []
    if not is_loopback(host):
        guard = "token included" if token else "with no token asked"
        lines.append(
            f"tinynn: warning: {host} is reachable from other machines: anyone who can open "
            f"the address below ({guard}) runs the walkthrough as this user on this machine"
        )
    first, *more = [url(a, port, token) for a in addresses]
    lines.append(f"tinynn: serving the walkthrough on {first} (Ctrl-C stops)")
    lines += [f"tinynn: also on {u}" for u in more]
    lines.append(f"tinynn: at most {cap} walkthroughs at once (--max-sessions)")
    return lines


def serve(argv: Sequence[str], args: argparse.Namespace) -> int:
    """Serve the walkthrough `argv` as the server options in `args` say, until SIGTERM or
    SIGINT (Ctrl-C); the exit status."""
    try:
        import textual_serve.server  # noqa: F401  # the 'web' extra
    except ImportError:
        raise TinyNNError("--serve needs the 'web' extra: pip install \"tinynn[web]\"") from None
    from .serve_access import Access
    from .serve_server import ClassServer

    options = serving_options(args)
    check_free(options.host, options.port)  # before a word is said
    server = ClassServer(
        child_command(argv),
        options.host,
        options.port,
        Access(options.host, options.port, options.token),
        options.max_sessions,
    )

    def listening() -> None:
        for line in announcement(options, addresses_to_print(options.host)):
            say(line)

    asyncio.run(server.run(listening))
    say("tinynn: the server has stopped")
    return 0


def walkthrough_argv(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    """The options in `args` that differ from their defaults, as `tinynn-tui` reads them
    (those of `tinynn tui` too), without the serving ones: what each browser's walkthrough runs."""
    argv: list[str] = []
    for action in parser._actions:  # argparse has no public list of a parser's options
        if not action.option_strings or action.dest in SERVING:
            continue
        value = getattr(args, action.dest, action.default)
        if value == action.default or value is None:
            continue
        flag = max(action.option_strings, key=len)  # the long form
        argv += [flag] if action.nargs == 0 else [f"{flag}={value}"]
    return argv
