"""What a served walkthrough's browser receives besides the screen: pages, headers, files.

Everything comes from this server, for a classroom with no internet and for privacy:
every answer carries a Content-Security-Policy that lets a page load or connect to
nothing but this server, and the screenshot Textual's palette offers (an SVG made by
Rich, whose fonts come from a CDN) is rewritten to use the page's own font. The page's
template is tui/web/app_index.html; tui/web/notice.html says, as a page, why there is
no walkthrough (the class is full, the address lacks its token).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import aiohttp_jinja2
from aiohttp import web

TITLE = "tinynn"
FONT = "/static/fonts/RobotoMono-VariableFont_wght.ttf"  # textual-serve's, the page's own
FONT_SIZE, FONT_SIZES = 16, range(6, 73)  # ?fontsize=N, in CSS pixels

# Nothing from elsewhere: scripts, styles, fonts, images and connections (the websocket
# included) only from this server; inline script and style for the page's own few lines.
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
REMOTE_FONT = re.compile(r'url\("https?://[^"]*"\)\s*format\("[^"]*"\)')
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def font_size(query: Mapping[str, str]) -> int:
    """The page's font size from `?fontsize=N` (6 to 72; 16 if absent or not a number)."""
    text = query.get("fontsize", "")
    size = int(text) if text.isdigit() and len(text) < 4 else FONT_SIZE
    return size if size in FONT_SIZES else FONT_SIZE


def local_fonts(svg: str) -> str:
    """`svg` with every font it would fetch from elsewhere taken from this server instead."""
    return REMOTE_FONT.sub(f'url("{FONT}") format("truetype")', svg)


def disposition(open_method: str, file_name: str) -> str:
    """The Content-Disposition of a download: shown in the browser or saved, under a name
    of plain characters."""
    kind = "inline" if open_method == "browser" else "attachment"
    return f'{kind}; filename="{SAFE_NAME.sub("_", file_name) or "download"}"'


def notice(request: web.Request, status: int, title: str, text: str) -> web.Response:
    """A page saying why there is no walkthrough, with a button to try again."""
    context = {"application": {"name": TITLE}, "title": title, "text": text}
    response = aiohttp_jinja2.render_template("notice.html", request, context, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


async def with_headers(request: web.Request, response: web.StreamResponse) -> None:
    """aiohttp's on_response_prepare: the policy headers on every answer."""
    response.headers.update(HEADERS)
