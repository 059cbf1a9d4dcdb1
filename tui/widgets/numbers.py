"""How the walkthrough shows a number: the trace's format, coloured by sign and size.

Positive numbers are blue, negative ones orange (a darker pair on the light
theme, for a projector); |v| >= 1 is bold and |v| < 0.001 italic, so large
gradients and vanishing ones stand out at a glance. Nothing is dim: dim text
disappears on a projector.
"""

from __future__ import annotations

from rich.text import Text

from tinynn.trace import fmt

DIGITS = 6  # significant digits of every number the walkthrough prints, as the trace's lines
HIGHLIGHT = "bold black on #e5c07b"
USED = "underline"
PENDING = "italic"
DARK = {"positive": "#5fafff", "negative": "#ff8f5f"}
LIGHT = {"positive": "#0047ab", "negative": "#b83800"}  # high contrast on white
COLORS = dict(DARK)  # the palette in use; `use_palette` switches it


def use_palette(light: bool) -> None:
    """The number colours for a light (projector) or a dark theme."""
    COLORS.update(LIGHT if light else DARK)


def number(v: float, digits: int = 4) -> str:
    """`v` with `digits` significant digits and a real minus sign (as the trace prints it).

    A negative zero (0 times a negative number, e.g. ∂L/∂W1 = δ1·x at x = 0)
    reads "0": the sign of a zero means nothing to the reader.
    """
    return fmt(v + 0.0, digits)


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


def signed(v: float, digits: int = 4) -> Text:
    """`v` formatted and coloured."""
    return Text(number(v, digits), style=signed_style(v))
