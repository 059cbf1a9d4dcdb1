"""Where each page's walkthrough was, kept for a while: a reload resumes it.

Each tab of the page keeps a random key in its `sessionStorage` (one per tab, gone
with it) and sends it with the address of its websocket (`?place=`). The walkthrough
that page opens says its place whenever it changes (tui/place.py, a meta packet on
its output), and the server keeps the last one here under the key. When the same
tab comes back (a reload, a dropped connection) its new walkthrough starts from it. A
student who quits (`q`) leaves no place: "Start again" then starts afresh.

Only in memory, nothing on disk (the served mode writes no file on the server), and
bounded: the key a live walkthrough holds is kept while it runs; one whose
walkthrough has ended is kept `KEEP` seconds, and at most as many of those as the
server runs walkthroughs at once (the oldest go first). A record is at most
`MAX_PLACE` characters. A key is checked strictly: 32 lower-case hex digits.

Only the walkthrough that holds a key (the last that claimed it) may change its
place: the walkthrough of a page that has just been reloaded may still be training,
and must not overwrite the place the new one started from.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from .place import MAX_PLACE

KEY = re.compile(r"[0-9a-f]{32}")  # what the page makes: 128 random bits in hex
KEEP = 600.0  # seconds a place outlives its walkthrough: a reload, a dropped connection


def place_key(text: str | None) -> str | None:
    """`text` if it is a key a page makes, else None (no place kept for that page)."""
    return text if text is not None and KEY.fullmatch(text) else None


@dataclass(slots=True)
class Place:
    """The last place said under one key: by walkthrough `holder` (None once it ended)."""

    holder: int | None
    record: str | None
    since: float  # when the holder ended (monotonic); while it runs, when it claimed it


class Places:
    """The places of a server that runs at most `most` walkthroughs at once."""

    def __init__(
        self, most: int, keep: float = KEEP, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.most = most
        self.keep = keep
        self.clock = clock
        self._places: dict[str, Place] = {}

    def __len__(self) -> int:
        return len(self._places)

    def kept(self, key: str) -> str | None:
        """The place kept under `key`, if any (it stays where it is)."""
        place = self._places.get(key)
        return None if place is None else place.record

    def claim(self, key: str, holder: int) -> str | None:
        """Walkthrough `holder` starts for the page of `key`: it holds the key from now on;
        the place to resume from, if one is kept."""
        self._forget_old()
        place = self._places.get(key)
        if place is None:
            self._places[key] = Place(holder, None, self.clock())
            return None
        place.holder = holder
        return place.record

    def put(self, key: str, holder: int, record: str | None) -> bool:
        """Walkthrough `holder` says its place (None: the student quit, forget it); kept if
        it still holds `key` and the record is not too long. True if kept (or forgotten)."""
        place = self._places.get(key)
        if place is None or place.holder != holder:
            return False
        if record is None:
            del self._places[key]
            return True
        if len(record) > MAX_PLACE:
            return False
        place.record = record
        return True

    def release(self, key: str, holder: int) -> None:
        """Walkthrough `holder` has ended: its place is kept for `keep` seconds from now
        (unless another walkthrough holds the key by now)."""
        place = self._places.get(key)
        if place is not None and place.holder == holder:
            place.holder, place.since = None, self.clock()
            self._forget_old()

    def _forget_old(self) -> None:
        """Drop the places whose walkthrough ended `keep` seconds ago or more, then the
        oldest of those that remain while there are more than `most` of them."""
        now = self.clock()
        ended = sorted((p.since, k) for k, p in self._places.items() if p.holder is None)
        excess = len(ended) - self.most
        for i, (since, key) in enumerate(ended):
            if i < excess or now - since >= self.keep:
                del self._places[key]
