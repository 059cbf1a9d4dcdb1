"""How the walkthrough shows a number: the one precision policy, coloured by sign and size.

Every panel writes a number with `number` (`tinynn.core.numbers.number_text`): the trace's
significant digits (`--digits`), or the compact form in a cell too narrow for them.

A number a panel draws carries the value it stands for in its style's `meta`
(`valued`, `signed`): `drawn(text)` reads back every (text, value) pair of a
panel's picture with where it is, so that a test can check that none is cut by
the panel's edge or rounded into another meaning (its text, read back, is its
value to the digits shown).

Positive numbers are blue, negative ones orange (a darker pair on the light
theme, for a projector); |v| >= 1 is bold and |v| < 0.001 italic, so large
gradients and vanishing ones stand out at a glance. Nothing is dim: dim text
disappears on a projector.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tinynn.core.numbers import DIGITS as DIGITS  # the default of --digits
from tinynn.core.numbers import number_text, rounded

number = number_text  # the one precision policy of every panel, under the widgets' short name

HIGHLIGHT = "bold black on #e5c07b"
USED = "underline"
PENDING = "italic"
# The colours of numbers, and of the marks drawn beside them: the key bar's keys, an
# erratum's marker, the plots' dots, lines and alarms. On white (the light theme)
# every text colour is at least 4.5:1 against its background and every mark 3:1 (WCAG AA).
DARK = {"positive": "#5fafff", "negative": "#ff8f5f", "key": "#ffa62b", "erratum": "#e5c07b",
        "data": "#e5c07b", "curve": "#5fafff", "sample": "#7f8c98", "epoch": "#98c379",
        "alarm": "#ff5f5f"}  # fmt: skip
LIGHT = {"positive": "#0047ab", "negative": "#b83800", "key": "#6b3000", "erratum": "#7a4f00",
         "data": "#6a1b9a", "curve": "#0047ab", "sample": "#4a5560", "epoch": "#1b5e20",
         "alarm": "#b00020"}  # fmt: skip
COLORS = dict(DARK)  # the palette in use; `use_palette` switches it


def use_palette(light: bool) -> None:
    """The number colours for a light (projector) or a dark theme."""
    COLORS.update(LIGHT if light else DARK)


def signed_style(v: float) -> str:
    """The colour of `v`: its sign as a hue, its magnitude as weight."""
    if v != v:  # NaN
        return "bold red"
    style = COLORS["positive"] if v > 0 else COLORS["negative"] if v < 0 else ""
    size = abs(v)
    if size >= 1.0:
        style += " bold"
    elif size < 1e-3:
        style += " italic"
    return style.strip()


def valued(text: str, v: float, style: str = "") -> Text:
    """`text`, the number `v` as a panel writes it, in `style`, with `v` in the style's meta
    (a span, not the Text's own style: that one would spread over what is added to it)."""
    return Text.assemble((text, Style.parse(style) + Style(meta={VALUE: v})))


def signed(v: float, digits: int = DIGITS, width: int | None = None, style: str = "") -> Text:
    """`v` under the precision policy (`number`), coloured (and `style`), valued."""
    return valued(number(v, digits, width), v, f"{style} {signed_style(v)}".strip())


def enough(v: float, digits: int, most: int = DIGITS) -> int:
    """`digits`, or more where `v` to `digits` shows fewer than 2 significant digits though it
    is not that number: "%.2g" drops a trailing zero, so −0.395474 reads "−0.4" (one digit,
    against the policy's 2); with 3 it reads "−0.395". An exact number (1, −3, 0) stays, and
    so does one that needs more than `most` (the trace's digits): 0.9999999 reads "1"."""
    for d in range(digits, max(digits, most) + 1):
        mantissa = number(v, d).split("e")[0].lstrip("+−-").replace(".", "").lstrip("0")
        if len(mantissa) >= 2 or rounded(v, d) == v:
            return d
    return digits


def signed_label(v: float | None, digits: int = DIGITS, most: int = DIGITS) -> Text:
    """An edge's number with its sign always written (+0.69, −0.28), coloured by sign."""
    if v is None:
        return Text("·", PENDING)
    s = number(v, enough(v, digits, most))
    if v > 0 and not s.startswith("+"):
        s = "+" + s
    return valued(s, v, signed_style(v))


VALUE = "tinynn.value"  # the meta key of a drawn number's value


class Drawn(NamedTuple):
    """A number as a panel drew it: its text, the value it stands for, and where it is (the
    row, and the columns from `start` to before `end`, in cells)."""

    text: str
    value: float
    row: int
    start: int
    end: int


def drawn(picture: Text) -> list[Drawn]:
    """Every valued number of `picture`, with its row and columns (its lines as they are:
    the caller knows whether the panel wraps or crops them)."""
    plain = picture.plain
    out = []
    for span in picture.spans:
        style = span.style
        if not isinstance(style, Style) or VALUE not in style.meta:
            continue
        before = plain[: span.start]
        row = before.count("\n")
        start = cell_len(before[before.rfind("\n") + 1 :])
        text = plain[span.start : span.end]
        out.append(Drawn(text, float(style.meta[VALUE]), row, start, start + cell_len(text)))
    return out
