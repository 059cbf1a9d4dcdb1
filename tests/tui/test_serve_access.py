"""Who may open a served walkthrough: the origin, the host name, the token (tui/serve_access.py),
and what every answer carries (tui/serve_page.py). Servers run in this process, on loopback.
"""

from __future__ import annotations

import re
import socket

import pytest
from serve_harness import running

from tinynn import TinyNNError

pytest.importorskip("textual_serve", reason="the 'web' extra is not installed")

import aiohttp  # noqa: E402
from aiohttp.test_utils import make_mocked_request  # noqa: E402
from rich.console import Console  # noqa: E402

from tui.serve_access import Access, authority, server_token  # noqa: E402
from tui.serve_net import own_names  # noqa: E402
from tui.serve_page import FONT, font_size, local_fonts  # noqa: E402

TOKEN = "s3cret-T0ken_x"


# --- the rules, request by request


def request(host: str, path: str = "/ws", origin: str | None = None, cookie: str = "") -> object:
    headers = {"Host": host} | ({"Origin": origin} if origin is not None else {})
    if cookie:
        headers["Cookie"] = cookie
    return make_mocked_request("GET", path, headers=headers)


@pytest.mark.parametrize(
    ("host", "origin", "refused"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000", None),
        ("127.0.0.1:8000", None, None),  # not a browser: no page to forge
        ("localhost:8000", "http://localhost:8000", None),
        ("[::1]:8000", "http://[::1]:8000", None),
        ("127.0.0.1:8000", "http://evil.example.com", "not opened from this server"),
        ("127.0.0.1:8000", "http://127.0.0.1:9000", "not opened from this server"),
        ("127.0.0.1:8000", "https://127.0.0.1:8000", None),  # a TLS proxy in front
        ("127.0.0.1:8000", "null", "not opened from this server"),
        ("evil.example.com:8000", "http://evil.example.com:8000", "does not answer to the name"),
        ("evil.example.com:8000", None, "does not answer to the name"),
        ("", None, "names no host"),
    ],
)
def test_a_page_must_come_from_this_server_under_its_own_name(
    host: str, origin: str | None, refused: str | None
) -> None:
    access = Access("127.0.0.1", 8000, None)
    why = access.refusal(request(host, origin=origin))  # type: ignore[arg-type]
    assert (why is None) if refused is None else (why is not None and refused in why), why


def test_with_a_token_any_name_with_the_token_passes_and_nothing_without() -> None:
    access = Access("127.0.0.2", 8000, TOKEN)
    for host in ("127.0.0.2:8000", "teacher.example.org:8000"):  # rebinding cannot know it
        assert "needs its token" in (access.refusal(request(host)) or "")  # type: ignore[arg-type]
        assert access.refusal(request(host, f"/ws?token={TOKEN}")) is None  # type: ignore[arg-type]
        with_cookie = request(host, cookie=f"tinynn-token-8000={TOKEN}")
        assert access.refusal(with_cookie) is None  # type: ignore[arg-type]
    wrong = request("127.0.0.2:8000", "/?token=" + TOKEN[:-1] + "y")
    assert "needs its token" in (access.refusal(wrong) or "")  # type: ignore[arg-type]
    other_port = request("127.0.0.2:8000", cookie=f"tinynn-token-9000={TOKEN}")
    assert "needs its token" in (access.refusal(other_port) or "")  # type: ignore[arg-type]
    static = request("127.0.0.2:8000", "/static/js/textual.js")
    assert access.refusal(static) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "teacher.example.org"])
def test_off_loopback_a_random_token_is_asked_unless_waived(host: str) -> None:
    first, second = server_token(host, None, False), server_token(host, None, False)
    assert first and second and first != second
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", first)
    assert server_token(host, None, True) is None  # --no-token
    assert server_token(host, "mine", False) == "mine"


def test_on_loopback_no_token_unless_one_is_given() -> None:
    assert server_token("127.0.0.1", None, False) is None
    assert server_token("localhost", None, False) is None
    assert server_token("127.0.0.1", TOKEN, False) == TOKEN


@pytest.mark.parametrize("bad", ["", "has space", "a/b", "x" * 129, "é", "a?b"])
def test_a_token_that_cannot_go_in_an_address_is_one_line(bad: str) -> None:
    with pytest.raises(TinyNNError, match=r"^--token: 1 to 128 letters"):
        server_token("127.0.0.1", bad, False)


def test_origins_and_hosts_are_read_as_browsers_write_them() -> None:
    assert authority("http://127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert authority("http://LocalHost:8000") == ("localhost", 8000)
    assert authority("http://[::1]:8000") == ("::1", 8000)
    assert authority("http://example.org") == ("example.org", None)
    for nothing in ("null", "file://", "http://", "javascript:alert(1)", "http://u@h:1"):
        assert authority(nothing) is None, nothing


def test_the_names_of_this_machine() -> None:
    assert own_names("127.0.0.1") == {"127.0.0.1", "localhost"}
    everywhere = own_names("0.0.0.0")
    assert socket.gethostname().lower() in everywhere and "localhost" in everywhere


# --- the page's own settings and files


@pytest.mark.parametrize(
    ("query", "size"),
    [({}, 16), ({"fontsize": "24"}, 24), ({"fontsize": "6"}, 6), ({"fontsize": "72"}, 72),
     ({"fontsize": "5"}, 16), ({"fontsize": "1e9"}, 16), ({"fontsize": "9" * 5000}, 16),
     ({"fontsize": "-3"}, 16)],
)  # fmt: skip
def test_the_font_size_of_the_page(query: dict[str, str], size: int) -> None:
    assert font_size(query) == size


def test_the_screenshot_takes_its_font_from_this_server() -> None:
    console = Console(record=True, width=20, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print("dW1[0][1] = 0.3")
    svg = console.export_svg()
    assert "https://" in svg  # Rich's own SVG asks a CDN: what is rewritten
    fonts = re.findall(r'url\("([^"]*)"\)', local_fonts(svg))
    assert fonts and set(fonts) == {FONT}
    assert "https://cdnjs" not in local_fonts(svg)


# --- a real server in this process


async def test_a_websocket_from_a_foreign_page_gets_403() -> None:
    async with running() as (server, base), aiohttp.ClientSession() as client:
        for origin in ("http://evil.example.com", "null", base.replace("127.0.0.1", "localhost")):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(base + "/ws", origin=origin)
            assert refused.value.status == 403, origin
        async with client.get(base + "/", headers={"Host": "evil.example.com"}) as page:
            assert page.status == 403  # DNS rebinding: a foreign name for this machine
        assert server.started == 0  # no walkthrough was started


async def test_a_server_with_a_token_refuses_pages_without_it() -> None:
    try:
        socket.socket().bind(("127.0.0.2", 0))
    except OSError:
        pytest.skip("127.0.0.2 is no loopback address here")
    jar = aiohttp.CookieJar(unsafe=True)  # keep cookies of an IP address, as browsers do
    async with running(host="127.0.0.2", token=TOKEN) as (server, base):
        async with aiohttp.ClientSession(cookie_jar=jar) as client:
            for path in ("/", "/ws", "/download/anything", f"/?token={TOKEN}x"):
                async with client.get(base + path) as answer:
                    assert answer.status == 403, path
                    assert "token" in await answer.text()
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await client.ws_connect(base + "/ws")
            assert server.started == 0
            async with client.get(base + "/static/js/textual.js") as script:
                assert script.status == 200  # the same for everyone
            async with client.get(base + f"/?token={TOKEN}") as page:  # the printed address
                assert page.status == 200
                cookie = page.headers["Set-Cookie"]
            port = base.rsplit(":", 1)[1]
            assert cookie.startswith(f"tinynn-token-{port}={TOKEN};")
            assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
            async with client.get(base + "/") as again:  # the page keeps it: no query now
                assert again.status == 200
            websocket = await client.ws_connect(base + "/ws", origin=base)  # by its cookie
            assert (await websocket.receive(timeout=30)).data == b"a screen"
            await websocket.close()
        assert server.started == 1


async def test_every_answer_forbids_loading_from_elsewhere_and_no_folder_is_listed() -> None:
    async with running() as (_, base), aiohttp.ClientSession() as client:
        for path in ("/", "/static/css/xterm.css", "/nowhere"):
            async with client.get(base + path) as answer:
                policy = answer.headers["Content-Security-Policy"]
                assert "default-src 'self'" in policy and "connect-src 'self'" in policy
                assert answer.headers["X-Content-Type-Options"] == "nosniff"
        for folder in ("/static/", "/static/js/", "/static/fonts"):
            async with client.get(base + folder) as listing:
                assert listing.status in (403, 404), folder
                assert "textual.js" not in await listing.text()
        async with client.get(base + "/?fontsize=24") as page:
            assert 'data-font-size="24"' in await page.text()


class Delivering:
    """A walkthrough's side of a download: it answers each request for a chunk from `body`."""

    app_service_id = "a walkthrough"

    def __init__(self, server: object, body: str) -> None:
        self.manager = server.download_manager  # type: ignore[attr-defined]
        self.body = body

    async def send_meta(self, meta: dict[str, object]) -> bool:
        size = meta["size"]
        assert isinstance(size, int)
        chunk, self.body = self.body[:size], self.body[size:]
        await self.manager.chunk_received(meta["key"], chunk)
        return True


async def test_downloads_keep_their_bytes_and_the_screenshot_its_font_local() -> None:
    console = Console(record=True, width=20, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print("dW1[0][1] = 0.3")
    svg = console.export_svg() + "x" * 100_000  # longer than one chunk (64 KiB)
    params = '{"W1": [[0.25], [-0.5]]}\n'
    async with running() as (server, base), aiohttp.ClientSession() as client:
        manager = server.download_manager
        for key, name, body, method, mime in (
            ("k1", "tinynn 12:30.svg", svg, "browser", "image/svg+xml"),
            ("k2", "tinynn-params.json", params, "download", "application/json"),
        ):
            await manager.create_download(
                app_service=Delivering(server, body),  # type: ignore[arg-type]
                delivery_key=key,
                file_name=name,
                open_method=method,
                mime_type=mime,
                encoding="utf-8",
            )
        async with client.get(base + "/download/k1") as shot:
            assert shot.headers["Content-Disposition"] == 'inline; filename="tinynn_12_30.svg"'
            assert shot.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
            assert "default-src 'self'" in shot.headers["Content-Security-Policy"]
            assert await shot.text() == local_fonts(svg)
        async with client.get(base + "/download/k2") as saved:
            disposition = saved.headers["Content-Disposition"]
            assert disposition == 'attachment; filename="tinynn-params.json"'
            assert await saved.text() == params
        async with client.get(base + "/download/k2") as again:
            assert again.status == 404  # once each
