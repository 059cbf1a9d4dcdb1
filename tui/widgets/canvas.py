"""A tiny Braille canvas: each character cell holds 2 x 4 dots.

Plotting by hand keeps the walkthrough free of extra dependencies: points and
line segments are set dot by dot, then each cell becomes one Braille
character (U+2800 + the bits of its dots) in the colour of its last dot.
"""

from __future__ import annotations

from rich.text import Text

# bit of the dot at (column dx, row dy) inside one cell
DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


class Braille:
    """A grid of `cols` x `rows` characters, i.e. (2 cols) x (4 rows) dots."""

    def __init__(self, cols: int, rows: int) -> None:
        self.cols, self.rows = max(cols, 1), max(rows, 1)
        self.width, self.height = 2 * self.cols, 4 * self.rows
        self._bits = [[0] * self.cols for _ in range(self.rows)]
        self._style = [[""] * self.cols for _ in range(self.rows)]

    def dot(self, x: int, y: int, style: str) -> None:
        """Set the dot at (x, y), y = 0 at the top; dots outside are ignored."""
        if 0 <= x < self.width and 0 <= y < self.height:
            r, c = y // 4, x // 2
            self._bits[r][c] |= DOT_BITS[y % 4][x % 2]
            self._style[r][c] = style

    def line(self, x0: int, y0: int, x1: int, y1: int, style: str) -> None:
        """A straight segment from (x0, y0) to (x1, y1)."""
        n = max(abs(x1 - x0), abs(y1 - y0), 1)
        for k in range(n + 1):
            self.dot(round(x0 + (x1 - x0) * k / n), round(y0 + (y1 - y0) * k / n), style)

    def lines(self) -> list[Text]:
        """One Text per character row."""
        out = []
        for bits, styles in zip(self._bits, self._style):
            t = Text(no_wrap=True, overflow="crop")
            for b, s in zip(bits, styles):
                t.append(chr(0x2800 + b) if b else " ", s or None)
            out.append(t)
        return out


def scale(v: float, lo: float, hi: float, size: int) -> int:
    """Map v in [lo, hi] to a dot coordinate 0..size-1 (hi -> size-1)."""
    if hi <= lo:
        return size // 2
    return round((v - lo) / (hi - lo) * (size - 1))
