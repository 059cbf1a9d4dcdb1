"""Text kept within a size: its first and its last few thousand characters.

A student's step may print 40 MB, or print forever; what a report can show is its
beginning (where it started going wrong) and its end (where it stopped). `Clip`
keeps both in time linear in what is written, however it is written: one huge
write or a million small ones.
"""

from __future__ import annotations

import io

KEEP = 8_000  # characters kept at each end


class Clip(io.TextIOBase):
    """A text file (for `print` and `contextlib.redirect_stdout`) that keeps the first and
    the last `keep` characters written, and counts the rest."""

    def __init__(self, keep: int = KEEP) -> None:
        super().__init__()
        self.keep = keep
        self.head = ""
        self.tail: list[str] = []  # recent writes, trimmed to about `keep` characters
        self.tail_size = 0
        self.total = 0

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        size = len(text)
        self.total += size
        room = self.keep - len(self.head)
        if room > 0:
            self.head += text[:room]
            text = text[room:]
        if text:
            self.tail.append(text[-self.keep :])
            self.tail_size += len(self.tail[-1])
            if self.tail_size > 2 * self.keep:  # trimmed now and then: linear in all
                joined = "".join(self.tail)[-self.keep :]
                self.tail, self.tail_size = [joined], len(joined)
        return size

    def writable(self) -> bool:
        return True

    def text(self) -> str:
        """What was written, with the middle cut out when it was longer than both ends."""
        tail = "".join(self.tail)[-self.keep :]
        left_out = self.total - len(self.head) - len(tail)
        if left_out <= 0:
            return self.head + tail
        return f"{self.head}\n[... {left_out} characters left out ...]\n{tail}"

    def getvalue(self) -> str:
        """The kept text (as io.StringIO names it)."""
        return self.text()
