"""What the walkthrough's screen tests share: an app that hosts one dialog, and readers."""

from __future__ import annotations

from textual._compositor import LayoutUpdate
from textual.app import App
from textual.screen import Screen

SIZE = (100, 30)


class Harness(App[None]):
    """Pushes one dialog at start and records what it dismisses with."""

    def __init__(self, dialog: Screen[object]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def shown(app: App[object]) -> str:
    """The text on the terminal: the lines of a full update, as the app would write them.

    The same lines `App.export_screenshot` draws (the top screen over the screens it leaves
    visible), read as text: the SVG around them costs 15 times as much. Textual has no
    public call for this; `_compositor` and `_background_screens` are Textual 8's.
    """
    screen = app.screen
    update = screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, LayoutUpdate)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


def number(cell: object) -> float:
    """A number as the screens print it (real minus sign)."""
    return float(str(cell).replace("\u2212", "-"))


async def hit(app: App[object], *keys: str) -> None:
    """Press `keys` on the current screen: each runs the action of the binding it would reach.

    It makes the calls Textual makes for a key press (`App._check_bindings`: the priority
    bindings from the app down, then the others from the focused widget up, each action
    until one takes the key), but without the pilot's wait for the app to go idle after
    every key (at least 40 ms each): for tests that step through dozens of computations.
    Keys that a widget handles in `on_key` rather than by a binding need `pilot.press`.
    """
    for key in keys:
        taken = await app._check_bindings(key, priority=True) or await app._check_bindings(key)
        assert taken, f"no binding took {key!r}"


async def past_the_lesson(app: App[object]) -> None:
    """Close the lesson's introduction that a walkthrough started on a lesson opens first."""
    from tui.screens.lesson import LessonScreen

    if isinstance(app.screen, LessonScreen):
        await app.pop_screen()
