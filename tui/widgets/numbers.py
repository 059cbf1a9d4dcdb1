"""How the walkthrough shows a number: the one precision policy, coloured by sign and size.

Every panel writes a number with `number` (`tinynn.core.numbers.number_text`): the trace's
significant digits (`--digits`), or the compact form in a cell too narrow for them.

Positive numbers are blue, negative ones orange (a darker pair on the light
theme, for a projector); |v| >= 1 is bold and |v| < 0.001 italic, so large
gradients and vanishing ones stand out at a glance. Nothing is dim: dim text
disappears on a projector.
"""

from __future__ import annotations

from rich.text import Text

from tinynn.core.numbers import DIGITS as DIGITS  # the default of --digits
from tinynn.core.numbers import number_text

number = number_text  # the one precision policy of every panel, under the widgets' short name

HIGHLIGHT = "bold black on #e5c07b"
USED = "underline"
PENDING = "italic"
DARK = {"positive": "#5fafff", "negative": "#ff8f5f"}
LIGHT = {"positive": "#0047ab", "negative": "#b83800"}  # high contrast on white
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


def signed(v: float, digits: int = DIGITS, width: int | None = None) -> Text:
    """`v` under the precision policy (`number`), coloured."""
    return Text(number(v, digits, width), style=signed_style(v))
