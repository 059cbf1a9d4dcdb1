"""The child's side of a check as the parent reads it (tinynn/grading/sandbox.py): its
result lines, taken only when they follow the protocol, and its own output.

The protocol, one JSON object a line, each with the run's nonce: {"started"} before
anything of the student's runs (so that the sandbox is known to work), {"loaded", ...}
when their file is loaded (or not), one result per case in order ({"case": k, ...}),
then {"done"}. The student's code shares the child's process and may write to the same
pipe: a line that is not JSON, lacks the nonce, comes out of order, repeats a case or is
not a result's shape is counted as stray, with the case it came in; a line longer than
MAX_LINE is dropped up to its end. Both pipes are read in time linear in what comes.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from tinynn.core.names import RETURNED
from tinynn.grading.call import Result
from tinynn.grading.clip import Clip

MAX_LINE = 4 << 20  # bytes of one result line: a longer one is not the child's


class Exchange:
    """The lines the child sent, taken only when they carry the nonce and follow the
    protocol; and what it wrote to its stdout and stderr."""

    def __init__(self, nonce: str, expected: int) -> None:
        self.nonce = nonce
        self.expected = expected
        self.started = False
        self.head: Result | None = None
        self.results: list[Result] = []
        self.done = False
        self.stray = 0  # lines that were not the child's
        self.stray_at: int | None = None  # the case it was in when the first came
        self.timed_out = False
        self.output = Clip()
        self._buf = bytearray()
        self._skipping = False  # inside a line longer than MAX_LINE
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def read_output(self, chunk: bytes) -> None:
        self.output.write(self._decoder.decode(chunk))

    def read_results(self, chunk: bytes) -> bool:
        """Take a chunk of the result pipe; whether a case (or the load) was reported."""
        start = len(self._buf)
        self._buf += chunk
        progress = False
        pos = 0
        while True:
            end = self._buf.find(b"\n", max(start, pos))
            if end < 0:
                break
            if self._skipping:
                self._skipping = False
            else:
                progress |= self._take(bytes(self._buf[pos:end]))
            pos = end + 1
        del self._buf[:pos]
        if len(self._buf) > MAX_LINE:  # no line is that long: drop it up to its end
            self._buf.clear()
            if not self._skipping:
                self._skipping = True
                self._strayed()
        return progress

    def _strayed(self) -> None:
        self.stray += 1
        if self.stray_at is None:
            self.stray_at = len(self.results)

    def _take(self, raw: bytes) -> bool:
        try:
            obj = json.loads(raw)
        except ValueError:
            obj = None
        if not isinstance(obj, dict) or obj.pop("nonce", None) != self.nonce or self.done:
            self._strayed()
            return False
        if not self.started:
            self.started = obj.get("started") is True
            if not self.started:
                self._strayed()
            return self.started
        if self.head is None:
            if not isinstance(obj.get("loaded"), bool):
                self._strayed()
                return False
            self.head = obj
            return True
        if obj.get("done") is True:
            self.done = True
            return True
        result = _valid(obj)
        if (
            result is None
            or obj.get("case") != len(self.results)
            or (len(self.results) >= self.expected)
        ):
            self._strayed()
            return False
        self.results.append(result)
        return True


def _valid(obj: dict[str, Any]) -> Result | None:
    """A case's result as the report reads it, or None if it is not one."""
    if obj.get("skipped") is True:
        return {"skipped": True}
    printed = obj.get("printed", "")
    if not isinstance(printed, str):
        return None
    if "kind" in obj:
        kind, message, where = obj.get("kind"), obj.get("message"), obj.get("where")
        if not (isinstance(kind, str) and isinstance(message, str)):
            return None
        if where is not None and not (
            isinstance(where, dict)
            and isinstance(where.get("line"), int)
            and all(isinstance(where.get(k), str) for k in ("file", "func", "code"))
        ):
            return None
        ended = obj.get("ended") is True  # the process ended in this case (os._exit)
        return {"kind": kind, "message": message, "where": where, "printed": printed,
                "ended": ended}  # fmt: skip
    values, form, ignored = obj.get("values"), obj.get("form"), obj.get("ignored", [])
    if not (isinstance(values, dict) and isinstance(form, str) and isinstance(ignored, list)):
        return None
    known = {k: v for k, v in values.items() if k in RETURNED}  # the notes' names only
    said = obj.get("unwritten", [])
    unwritten = [n for n in said if n in RETURNED] if isinstance(said, list) else []  # still ...
    return {"values": known, "form": form, "ignored": ignored, "printed": printed,
            "unwritten": unwritten}  # fmt: skip
