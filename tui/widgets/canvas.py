"""A tiny Braille canvas: each character cell holds 2 x 4 dots.

Plotting by hand keeps the walkthrough free of extra dependencies: points and
line segments are set dot by dot, then each cell becomes one Braille
character (U+2800 + the bits of its dots) in the colour of its last dot.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual import events
from textual.widget import Widget

from tinynn.core.numbers import AXIS_DIGITS, DIGITS, axis_text

from .numbers import Drawn, drawn, valued

AXIS_STYLE = "italic"
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


def wrapped(text: Text, width: int) -> Text:
    """`text` broken at spaces into lines of at most `width` cells, its styles kept: a plot's
    panel crops its lines (its picture is laid out cell by cell), so a message is wrapped
    here, never stopped mid-sentence."""
    return Text("\n").join(text.wrap(_CONSOLE, max(width, 1), overflow="fold"))


_CONSOLE = Console(width=200)  # only measures: wrapping needs a console, not a terminal


def axis_labels(top: float, bottom: float) -> tuple[Text, Text]:
    """The labels of a value axis's two ends: AXIS_DIGITS, or as many more as it takes for
    them to differ where the values do (0.82 and 0.82 would say the curve is flat)."""
    for digits in range(AXIS_DIGITS, DIGITS + 1):
        a, b = axis_text(top, digits), axis_text(bottom, digits)
        if a != b or top == bottom:
            break
    return valued(a, top, AXIS_STYLE), valued(b, bottom, AXIS_STYLE)


def scale(v: float, lo: float, hi: float, size: int) -> int:
    """Map v in [lo, hi] to a dot coordinate 0..size-1 (hi -> size-1).

    Never raises: a range that overflowed (hi - lo = inf) or a NaN puts the dot in the
    middle, and values far outside the range stay just outside it (where `dot` ignores them).
    """
    t = (v - lo) / (hi - lo) if hi > lo else 0.5
    if t != t:  # NaN: inf / inf or inf - inf
        t = 0.5
    return round(min(max(t, -1.0), 2.0) * (size - 1))


class Plot(Widget):
    """A plot whose picture is computed when its data or its size changes, not in `render`.

    Subclasses store their data in `show` and call `redraw`; `draw(width, height)` makes
    the picture, `render` only hands it over.
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._picture = Text("")

    def draw(self, width: int, height: int) -> Text:
        """The picture for a `width` × `height` panel; each plot draws its own (here: none)."""
        return Text("")

    def redraw(self) -> None:
        self._picture = self.draw(self.content_size.width, self.content_size.height)
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self.redraw()

    def render(self) -> Text:
        return self._picture

    def drawn_numbers(self) -> list[Drawn]:
        """The numbers of the picture and where they are (for tests)."""
        return drawn(self._picture)
