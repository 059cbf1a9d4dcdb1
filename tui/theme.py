"""The walkthrough's light theme, for a classroom projector: black on white, nothing faint.

`T` switches between it and Textual's dark theme; the numbers' own colours
follow (`tui.widgets.numbers.use_palette`). A projector washes out pale
colours and dim text, so every colour here is dark and strong, and muted
text is plain black.
"""

from __future__ import annotations

from textual.theme import Theme

LIGHT_THEME = Theme(
    name="tinynn-light",
    primary="#00308f",
    secondary="#6a1b9a",
    accent="#8b3a00",
    warning="#8a5a00",
    error="#b00020",
    success="#1b5e20",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e8e8e8",
    dark=False,
    variables={"text-muted": "#000000", "footer-background": "#dddddd"},
)
DARK_THEME = "textual-dark"  # Textual's own
