"""`tinynn-tui --serve`: the walkthrough as a web page, for a room with only browsers.

textual-serve (the 'web' extra) runs one walkthrough process per browser
that opens the page, with the teacher's options, and relays its screen. The
page is our own template: everything it loads comes from this server (no
fonts or scripts from elsewhere), and it connects back to whatever address
it was opened at. Each process runs as the teacher, so in a browser the
walkthrough touches no file: saves and exports become downloads (see
`dialogs.deliver`).
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tinynn import TinyNNError
from tinynn.args.options import say

TEMPLATES = Path(__file__).resolve().parent / "web"
TITLE = "tinynn"
SERVING = frozenset({"serve", "host", "port", "served", "help"})  # options of the server


def is_loopback(host: str) -> bool:
    """True if only this machine can reach `host` (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def child_command(argv: Sequence[str]) -> str:
    """The shell command each browser's walkthrough runs: these options, served."""
    return shlex.join([sys.executable, "-m", "tui", *argv, "--served"])


def url(host: str, port: int) -> str:
    """The address to open (an IPv6 address in brackets)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def check_free(host: str, port: int) -> None:
    """Raise one line if nothing can listen on host:port (taken, not an address of ours...)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise TinyNNError(f"cannot serve on {host}: {e.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        try:
            probe.bind(address)
        except OSError as e:
            reason = (e.strerror or str(e)).lower()
            raise TinyNNError(f"cannot serve on {url(host, port)}: {reason}") from None


def serve(argv: Sequence[str], host: str, port: int) -> int:
    """Serve the walkthrough on host:port until Ctrl-C; the exit status."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise TinyNNError("--serve needs the 'web' extra: pip install \"tinynn[web]\"") from None
    check_free(host, port)
    address = url(host, port)

    class WalkthroughServer(Server):
        async def on_startup(self, app: Any) -> None:
            say(f"tinynn: serving the walkthrough on {address} (Ctrl-C stops)")

    if not is_loopback(host):
        say(
            f"tinynn: warning: {host} is reachable from other machines: anyone who can "
            f"open {address} runs the walkthrough as this user on this machine"
        )
    server = WalkthroughServer(
        child_command(argv), host=host, port=port, title=TITLE, templates_path=TEMPLATES
    )
    server.serve()
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
