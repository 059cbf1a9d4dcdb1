"""How the walkthrough shows a number: the trace's format, coloured by sign and size.

Positive numbers are blue, negative ones orange; |v| >= 1 is bold and
|v| < 0.001 dim, so large gradients and vanishing ones stand out at a glance.
"""

from __future__ import annotations

from rich.text import Text

from tinynn.trace import fmt

DIGITS = 6  # significant digits of every number the walkthrough prints, as the trace's lines
POSITIVE = "#5fafff"
NEGATIVE = "#ff8f5f"
HIGHLIGHT = "bold black on #e5c07b"
USED = "underline"
PENDING = "dim"


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
    style = POSITIVE if v > 0 else NEGATIVE if v < 0 else ""
    size = abs(v)
    if size >= 1.0:
        style += " bold"
    elif size < 1e-3:
        style += " dim"
    return style.strip()


def signed(v: float, digits: int = 4) -> Text:
    """`v` formatted and coloured."""
    return Text(number(v, digits), style=signed_style(v))
