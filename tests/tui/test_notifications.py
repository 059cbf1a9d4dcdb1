"""Toasts never cover a dialog: a notification that arrives while one is open waits for it."""

from __future__ import annotations

import asyncio

from harness import hit
from textual.screen import ModalScreen, Screen
from textual.widgets._toast import Toast, ToastRack

from tui.app import WalkthroughApp
from tui.screens.edit_weight import EditWeightScreen
from tui.screens.help import HelpScreen

SIZE = (100, 30)


def toasts_shown(screen: Screen[object]) -> list[str]:
    """The messages of the toasts displayed on `screen` (none if its rack is hidden)."""
    rack = screen.query_one(ToastRack)
    if not rack.display:
        return []
    return [str(t._notification.message) for t in rack.query(Toast) if t.display and t.visible]


async def test_a_notification_during_a_dialog_waits_until_it_is_dismissed() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await hit(app, "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        # from another thread, as the training and --check workers notify
        await asyncio.to_thread(app.notify, "training stopped: test", severity="error")
        await pilot.pause()
        assert [n.message for n in app._notifications] == []  # held, its clock not started
        assert toasts_shown(app.screen) == []
        await hit(app, "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)
        assert [n.message for n in app._notifications] == ["training stopped: test"]
        await pilot.pause()  # the rack shows it on the next refresh
        assert toasts_shown(app.screen) == ["training stopped: test"]


async def test_a_toast_raised_before_a_dialog_is_hidden_under_it() -> None:
    app = WalkthroughApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("parameters written to p.json", timeout=60)
        await pilot.pause()
        await pilot.pause()
        assert toasts_shown(app.screen) == ["parameters written to p.json"]
        await hit(app, "w")  # a dialog other than the help of the test above (and quicker)
        await pilot.pause()
        assert isinstance(app.screen, EditWeightScreen) and toasts_shown(app.screen) == []
        await hit(app, "escape")
        await pilot.pause()
        await pilot.pause()
        assert toasts_shown(app.screen) == ["parameters written to p.json"]
