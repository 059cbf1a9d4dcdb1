"""Where each tab's walkthrough was, kept by the server for a reload (tui/serve_places.py), and
passed to and from the walkthrough (tui/serve_session.py). A fake clock, no sleeps; the
walkthroughs of the last test are a stand-in that says back the place it was given."""

from __future__ import annotations

import json
import sys

import pytest
from serve_harness import eventually, running

pytest.importorskip("textual_serve", reason="the 'web' extra is not installed")

import aiohttp  # noqa: E402
from textual_serve.download_manager import DownloadManager  # noqa: E402

from tui.place import MAX_PLACE, PLACE_ENV, PLACE_META  # noqa: E402
from tui.serve_places import KEEP, Places, place_key  # noqa: E402
from tui.serve_session import Session  # noqa: E402

A, B, C = "0" * 32, "a" * 32, "0123456789abcdef" * 2


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "0" * 31,
        "0" * 33,
        "A" * 32,
        "g" * 32,
        "0" * 31 + "\n",
        " " + "0" * 31,
        "0" * 16 + "-" * 16,
        "０" * 32,
        "0" * 10_000,
    ],  # fmt: skip
)
def test_a_key_is_32_lower_case_hex_digits_and_nothing_else(text: str | None) -> None:
    assert place_key(text) is None


def test_the_keys_a_page_makes_pass() -> None:
    assert [place_key(k) for k in (A, B, C)] == [A, B, C]


def test_a_place_is_kept_while_its_walkthrough_runs_and_a_while_after() -> None:
    clock = Clock()
    places = Places(2, clock=clock)
    assert places.claim(A, 1) is None  # a new page: nothing to resume
    assert places.put(A, 1, "epoch 3")
    clock.now += 10 * KEEP  # a walkthrough that runs for hours keeps its place
    assert places.claim(B, 2) is None and places.put(A, 1, "epoch 4")
    places.release(A, 1)  # its page went
    clock.now += KEEP - 1
    assert places.claim(A, 3) == "epoch 4"  # reloaded within KEEP: resumed
    places.release(A, 3)
    clock.now += KEEP
    assert places.claim(C, 4) is None
    assert places.claim(A, 5) is None  # gone KEEP seconds after its walkthrough ended


def test_only_the_walkthrough_that_holds_a_key_changes_its_place() -> None:
    places = Places(2, clock=Clock())
    places.claim(A, 1)
    places.put(A, 1, "old page, epoch 3")
    assert places.claim(A, 2) == "old page, epoch 3"  # the reloaded page's walkthrough
    assert not places.put(A, 1, "old page, still training: epoch 9")
    assert places.put(A, 2, "new page, epoch 3")
    places.release(A, 1)  # the old one ends: the key is not its own any more
    assert places.put(A, 2, "new page, epoch 4")
    assert not places.put(B, 2, "a key it never claimed")
    assert not places.put(A, 2, "x" * (MAX_PLACE + 1))
    places.release(A, 2)
    assert places.claim(A, 3) == "new page, epoch 4"
    assert not places.put(A, 2, None)  # only its holder may forget it
    assert places.put(A, 3, None)  # the student quit: nothing to resume
    places.release(A, 3)
    assert len(places) == 0 and places.claim(A, 4) is None


def test_at_most_as_many_ended_places_as_walkthroughs_the_oldest_go_first() -> None:
    clock = Clock()
    places = Places(3, clock=clock)
    keys = [f"{k:032x}" for k in range(10)]
    for n, key in enumerate(keys):
        places.claim(key, n)
        places.put(key, n, f"place {n}")
    assert len(places) == 10  # while they run, each keeps its own
    for n, key in enumerate(keys):
        clock.now += 1
        places.release(key, n)
        assert len(places) == 10 - max(0, n + 1 - 3)
    assert [places.claim(k, 100 + n) for n, k in enumerate(keys)][-4:] == [
        None,
        "place 7",
        "place 8",
        "place 9",
    ]


def session(place: str | None = None, said: list[str | None] | None = None) -> Session:
    async def ignore(_: object) -> None:
        return None

    return Session(
        ["true"],
        1,
        "127.0.0.1",
        write_bytes=ignore,
        write_str=ignore,
        close=lambda: ignore(None),
        download_manager=DownloadManager(),
        place=place,
        on_place=None if said is None else said.append,
    )


def test_the_walkthrough_gets_its_place_in_its_environment_and_no_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PLACE_ENV, "the server's own, never passed on")
    assert session("a place")._build_environment()[PLACE_ENV] == "a place"
    assert PLACE_ENV not in session()._build_environment()


async def test_the_places_a_walkthrough_says_go_to_the_server_and_nothing_else() -> None:
    said: list[str | None] = []
    s = session(said=said)
    await s.on_meta(json.dumps({"type": PLACE_META, "place": "epoch 2"}).encode())
    await s.on_meta(json.dumps({"type": PLACE_META, "place": None}).encode())  # a quit
    await s.on_meta(json.dumps({"type": PLACE_META, "place": 7}).encode())
    await s.on_meta(json.dumps({"type": PLACE_META, "place": "x" * (MAX_PLACE + 1)}).encode())
    await s.on_meta(json.dumps({"type": "unknown to textual-serve"}).encode())  # its own care
    assert said == ["epoch 2", None]


# A stand-in walkthrough: shows the place it was given, and says that place plus one step.
ECHO = f"""
import json, os, sys
given = os.environ.get({PLACE_ENV!r}, "")
out = sys.stdout.buffer
out.write(b"__GANGLION__\\n")
screen = ("given:" + given).encode()
out.write(b"D" + len(screen).to_bytes(4, "big") + screen)
meta = json.dumps({{"type": {PLACE_META!r}, "place": given + "+1"}}).encode()
out.write(b"M" + len(meta).to_bytes(4, "big") + meta)
out.flush()
sys.stdin.buffer.read(1)  # the server's first word to it is its quit
"""


async def test_a_page_that_comes_back_with_its_key_resumes_its_place() -> None:
    async with (
        running([sys.executable, "-c", ECHO]) as (server, base),
        aiohttp.ClientSession() as client,
    ):
        ws = await client.ws_connect(f"{base}/ws?width=80&height=24&place={A}", origin=base)
        assert (await ws.receive(timeout=30)).data == b"given:"
        assert await eventually(lambda: server.places.kept(A) == "+1", 10)
        await ws.close()
        await eventually(lambda: not server.sessions, 10)
        # the same tab again: its walkthrough starts from the place the first one said
        ws = await client.ws_connect(f"{base}/ws?place={A}&width=80", origin=base)
        assert (await ws.receive(timeout=30)).data == b"given:+1"
        assert await eventually(lambda: server.places.kept(A) == "+1+1", 10)
        await ws.close()
        # another tab, and a key that is not one: nothing to resume, nothing kept
        for query in (f"place={B}", "place=../../etc", f"place={A}x", ""):
            ws = await client.ws_connect(f"{base}/ws?{query}", origin=base)
            assert (await ws.receive(timeout=30)).data == b"given:"
            await ws.close()
        await eventually(lambda: not server.sessions, 10)
        assert len(server.places) == 2 and server.places.kept(B) == "+1"
