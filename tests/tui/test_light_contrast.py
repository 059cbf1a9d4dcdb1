"""The light theme is readable on a projector: every text colour at least 4.5:1 against its
background and every plot mark at least 3:1 (WCAG 2 AA), computed here with WCAG's own
relative-luminance formula, independently of the theme's code."""

from __future__ import annotations

import pytest
from rich.color import Color, ColorSystem

from tui.theme import LIGHT_THEME
from tui.widgets.numbers import COLORS, DARK, LIGHT, use_palette


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb"."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_formula_against_known_ratios() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # the colours the review measured: orange keys on the grey bar, tan on white
    assert contrast("#ffaf00", "#dadada") == pytest.approx(1.32, abs=0.01)
    assert contrast("#e5c07b", "#ffffff") < 2.0


BACKGROUND = str(LIGHT_THEME.background)
BAR = LIGHT_THEME.variables["footer-background"]
TEXT = [("key", BAR)] + [
    (name, BACKGROUND) for name in ("erratum", "positive", "negative", "alarm")
]
# a plot's marks (3:1; their colours reach 4.5:1 too, as their legend's words use them)
MARKS = [(name, BACKGROUND) for name in ("data", "curve", "sample", "epoch")]


@pytest.mark.parametrize(("name", "background"), TEXT)
def test_light_text_colours_reach_4_5_to_1(name: str, background: str) -> None:
    assert contrast(LIGHT[name], background) >= 4.5, (name, LIGHT[name], background)


def in_256_colours(hex_colour: str) -> str:
    """The colour a 256-colour terminal (tmux's default) shows for `hex_colour`."""
    red, green, blue = Color.parse(hex_colour).downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    return f"#{red:02x}{green:02x}{blue:02x}"


@pytest.mark.parametrize(("name", "background"), TEXT + MARKS)
def test_light_colours_stay_readable_in_256_colours(name: str, background: str) -> None:
    least = 3.0 if (name, background) in MARKS else 4.5
    shown, behind = in_256_colours(LIGHT[name]), in_256_colours(background)
    assert contrast(shown, behind) >= least, (name, shown, behind)


@pytest.mark.parametrize(("name", "background"), MARKS)
def test_light_plot_marks_reach_3_to_1(name: str, background: str) -> None:
    assert contrast(LIGHT[name], background) >= 3.0, (name, LIGHT[name], background)


def test_light_theme_text_and_accent_on_its_backgrounds() -> None:
    for colour in (LIGHT_THEME.foreground, LIGHT_THEME.accent, LIGHT_THEME.primary):
        assert colour is not None
        for background in (BACKGROUND, BAR, str(LIGHT_THEME.panel)):
            assert contrast(colour, background) >= 4.5, (colour, background)


def test_the_palette_switches_every_colour() -> None:
    try:
        use_palette(True)
        assert COLORS == LIGHT
        use_palette(False)
        assert COLORS == DARK
    finally:
        use_palette(False)
    assert set(LIGHT) == set(DARK)
