"""Worksheet IDs: what rebuilds one student's sheet, and nothing else's.

A shipped lesson's sheet is "by-hand-42-7-Q": the lesson, the class's seed, the
student's number and a check letter that catches a mistyped ID. A lesson file's
sheet also carries a digest of the file's text, "iris+3fa2c1-42-7-G" (the file's
name, then '+'), so that a lesson file named like a shipped lesson (by-hand.toml)
or edited since can never give another lesson's sheet for an ID: rebuilding it
needs that very file (`--lesson FILE`), and a shipped lesson's ID never has one.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from typing import NamedTuple

from tinynn.core.errors import ConfigError
from tinynn.core.numbers import parse_whole, quoted

DIGEST_LENGTH = 6  # hex digits of the lesson file's SHA-256
_DIGEST = "[0-9a-f]{" + str(DIGEST_LENGTH) + "}"
_ID = re.compile(
    r"(?P<lesson>[A-Za-z0-9_.-]+?)(?:\+(?P<digest>" + _DIGEST + r"))?-(?P<seed>\d+)"
    r"-(?P<number>\d+)-(?P<check>[A-Z])$"
)
LESSON_NAME = re.compile(r"[A-Za-z0-9_.-]+$")  # what a lesson file's name may hold to be in an ID
# A file that looks like a sheet of some class (whatever its check letter): what a folder
# that already holds sheets holds.
SHEET_FILE = re.compile(
    r"[A-Za-z0-9_.-]+?(?:\+" + _DIGEST + r")?-\d+-\d+-[A-Z]\.(?:md|tex|answers\.txt)$"
)


class SheetId(NamedTuple):
    """An ID's parts: the lesson's name, its file's digest (None: a shipped lesson), the
    class's seed and the student's number (from 1)."""

    lesson: str
    digest: str | None
    seed: int
    number: int

    @property
    def lesson_part(self) -> str:
        """What stands for the lesson in the ID: "by-hand", or "iris+3fa2c1"."""
        return self.lesson if self.digest is None else f"{self.lesson}+{self.digest}"

    def text(self) -> str:
        """The ID as written on the sheet: "by-hand-42-7-Q"."""
        return f"{self.lesson_part}-{self.seed}-{self.number}-{self.check_letter()}"

    def check_letter(self) -> str:
        """A letter that catches a mistyped ID (a digit changed, two swapped)."""
        key = f"{self.lesson_part}/{self.seed}/{self.number}".encode()
        return chr(ord("A") + zlib.crc32(key) % 26)


def digest(text: str) -> str:
    """The digest of a lesson file's text that its sheets' IDs carry."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def parse_id(text: str) -> SheetId:
    """An ID -> its parts, or ConfigError saying what is wrong with it."""
    m = _ID.match(text.strip())
    if not m:
        raise ConfigError(
            f"not a worksheet ID: {text.strip()[:60]!r} (IDs look like by-hand-42-7-Q: the "
            "lesson, the seed, the student's number and a check letter)"
        )
    try:  # a seed of 5000 digits is more than Python converts
        seed, number = parse_whole(m["seed"]), parse_whole(m["number"])
    except ValueError as e:
        raise ConfigError(f"worksheet ID {quoted(text)}: a part is {e}") from None
    sid = SheetId(m["lesson"], m["digest"], seed, number)
    if m["check"] != sid.check_letter() or sid.number < 1:
        raise ConfigError(f"worksheet ID {quoted(text)} is mistyped (its check letter differs)")
    return sid
