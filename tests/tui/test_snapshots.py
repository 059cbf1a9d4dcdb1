"""Snapshots of the main screen at 100x30 (the start, mid-backward, after one update), 80x24
and 120x40 (forward, backward, update, the computation graph `v` and why `i`).

Regenerate after an intended change of the layout with
`pytest tests/tui/test_snapshots.py --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from harness import hit
from textual.pilot import Pilot

from tui.app import WalkthroughApp

SIZE = (100, 30)
# after forward and loss, 12 computations into backward: ∂L/∂W1[0][0], with erratum E2
MID_BACKWARD = ["right_curly_bracket", "right_curly_bracket"] + ["right"] * 12


def keys(names: list[str]) -> Callable[[Pilot[object]], Awaitable[None]]:
    """Before the screenshot: lay the app out, then run the keys' bindings one after the other.

    `hit`, not the pilot's presses: the pilot waits for the app to go idle (and repaint) after
    every key; the screenshot needs only the state the keys lead to, which the plugin's own
    pauses then paint.
    """

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()  # laid out: the panels' texts depend on their widths
        await hit(pilot.app, *names)

    return run_before


def test_start(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), terminal_size=SIZE)


def test_mid_backward(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), run_before=keys(MID_BACKWARD), terminal_size=SIZE)


def test_after_one_update(snap_compare) -> None:
    assert snap_compare(
        WalkthroughApp(), run_before=keys(["enter", "n", "right"]), terminal_size=SIZE
    )


def test_mid_backward_at_80x24(snap_compare) -> None:
    """The smallest size the walkthrough is laid out for: every number whole, none cut."""
    assert snap_compare(WalkthroughApp(), run_before=keys(MID_BACKWARD), terminal_size=(80, 24))


LARGE = (120, 40)
END_OF_FORWARD = ["right_curly_bracket"]
END_OF_UPDATE = ["enter"]


def test_forward_at_120x40(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), run_before=keys(END_OF_FORWARD), terminal_size=LARGE)


def test_mid_backward_at_120x40(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), run_before=keys(MID_BACKWARD), terminal_size=LARGE)


def test_update_at_120x40(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), run_before=keys(END_OF_UPDATE), terminal_size=LARGE)


def test_computation_graph_at_120x40(snap_compare) -> None:
    assert snap_compare(
        WalkthroughApp(), run_before=keys([*MID_BACKWARD, "v"]), terminal_size=LARGE
    )


def test_why_at_120x40(snap_compare) -> None:
    assert snap_compare(
        WalkthroughApp(), run_before=keys([*MID_BACKWARD, "i"]), terminal_size=LARGE
    )
