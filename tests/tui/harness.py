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
    """Press `keys` on the current screen: each runs the action its active binding names.

    It goes through the same table Textual consults for a key press (the screen's
    active bindings, priority ones first, disabled ones left out), but without the
    pilot's wait for the app to go idle after every key (at least 40 ms each): for
    tests that step through dozens of computations on the main screen.
    """
    for key in keys:
        active = app.screen.active_bindings[key]
        assert active.enabled, key
        await app.run_action(active.binding.action, active.node)


async def past_the_lesson(app: App[object]) -> None:
    """Close the lesson's introduction that a walkthrough started on a lesson opens first."""
    from tui.screens.lesson import LessonScreen

    if isinstance(app.screen, LessonScreen):
        await app.pop_screen()
