"""Who may open a served walkthrough: pages of this server, at its own names, with its token.

Each walkthrough runs as the teacher, so starting one is worth guarding. Three checks,
one per way in:

- Origin: any page open in any browser may open a websocket to any address, and says
  where it comes from in `Origin`; one that is not this server's own page is refused (403),
  or a foreign site could start walkthroughs on the teacher's machine.
- Host: a foreign name made to resolve to this machine (DNS rebinding) makes a foreign
  page "same origin" with ours; so, on a server with no token, a `Host` that is not one of
  the machine's own names or addresses is refused (403). A server with a token accepts any
  name (a rebound page cannot know the token), as Jupyter does.
- Token: on any address but loopback, a random secret is required, as Jupyter does: the
  printed address carries it once (`?token=...`), the page's answer sets it as a cookie
  (the page builds its websocket address itself, without the query), and every request but
  the page's static files must show it, by cookie or `?token=`.
"""

from __future__ import annotations

import hmac
import re
import secrets

from aiohttp import web
from yarl import URL

from tinynn import TinyNNError

from .serve_net import is_loopback, own_names

TOKEN_TEXT = re.compile(r"[A-Za-z0-9._~-]{1,128}")  # what an address carries as it is
OPEN_PATHS = ("/static/",)  # the page's script, style and font: the same for everyone


def checked_token(token: str) -> str:
    """`--token T` as given, or one line saying what a token may be."""
    if not TOKEN_TEXT.fullmatch(token):
        raise TinyNNError("--token: 1 to 128 letters, digits or - _ . ~ (it goes in an address)")
    return token


def server_token(host: str, token: str | None, no_token: bool) -> str | None:
    """The token the server asks: `--token`'s, else a random one off loopback, else none
    (loopback, or `--no-token` on a trusted network)."""
    if token is not None:
        return checked_token(token)
    if no_token or is_loopback(host):
        return None
    return secrets.token_urlsafe(18)  # 24 characters, 144 random bits


def authority(url: str) -> tuple[str, int | None] | None:
    """(host in lower case, port if given) of an http(s) URL, None if it has no host."""
    try:
        parsed = URL(url)
    except ValueError:
        return None
    if parsed.scheme not in ("http", "https") or not parsed.host or parsed.user is not None:
        return None
    return parsed.host.lower(), parsed.explicit_port


class Access:
    """The checks of one server (on `host`, asking `token`, None for none)."""

    def __init__(self, host: str, port: int, token: str | None) -> None:
        self.token = token
        self.cookie = f"tinynn-token-{port}"  # a cookie is per host, not per port
        self.names = own_names(host)

    def is_own(self, name: str) -> bool:
        """True if `name` is this machine's, as the page's address may name it."""
        return name in self.names or is_loopback(name)

    def shown_token(self, request: web.Request) -> str | None:
        """The token a request shows: its query's, else its cookie's."""
        return request.query.get("token") or request.cookies.get(self.cookie)

    def has_token(self, request: web.Request) -> bool:
        """True if the server asks no token or `request` shows the right one."""
        if self.token is None:
            return True
        shown = self.shown_token(request) or ""
        return hmac.compare_digest(shown.encode(), self.token.encode())

    def refusal(self, request: web.Request) -> str | None:
        """Why `request` is refused (one sentence), None if it may go on."""
        host = authority(f"http://{request.host}")
        if host is None:
            return "this request names no host."
        origin = request.headers.get("Origin")
        if origin is not None and authority(origin) != host:  # "null" included
            return "this page was not opened from this server."
        if self.token is None and not self.is_own(host[0]):
            return f"this server does not answer to the name {host[0]}."
        if not request.path.startswith(OPEN_PATHS) and not self.has_token(request):
            return "this address needs its token: open the address the teacher's server printed."
        return None

    def keep_token(self, request: web.Request, response: web.StreamResponse) -> None:
        """Set the token as the page's cookie if the request's address carried it."""
        if self.token is not None and request.query.get("token") == self.token:
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Lax", path="/")
