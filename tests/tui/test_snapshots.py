"""Snapshots of the main screen at 100x30 (the start, mid-backward, after one update), 80x24
and 120x40 (forward, backward, update, the computation graph `v` and why `i`).

Regenerate after an intended change of the layout with
`pytest tests/tui/test_snapshots.py --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from tui.app import WalkthroughApp

SIZE = (100, 30)
# after forward and loss, 12 computations into backward: ∂L/∂W1[0][0], with erratum E2
MID_BACKWARD = ["right_curly_bracket", "right_curly_bracket"] + ["right"] * 12


def test_start(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), terminal_size=SIZE)


def test_mid_backward(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), press=MID_BACKWARD, terminal_size=SIZE)


def test_after_one_update(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), press=["enter", "n", "right"], terminal_size=SIZE)


def test_mid_backward_at_80x24(snap_compare) -> None:
    """The smallest size the walkthrough is laid out for: every number whole, none cut."""
    assert snap_compare(WalkthroughApp(), press=MID_BACKWARD, terminal_size=(80, 24))


LARGE = (120, 40)
END_OF_FORWARD = ["right_curly_bracket"]
END_OF_UPDATE = ["enter"]


def test_forward_at_120x40(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), press=END_OF_FORWARD, terminal_size=LARGE)


def test_mid_backward_at_120x40(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), press=MID_BACKWARD, terminal_size=LARGE)


def test_update_at_120x40(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), press=END_OF_UPDATE, terminal_size=LARGE)


def test_computation_graph_at_120x40(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), press=[*MID_BACKWARD, "v"], terminal_size=LARGE)


def test_why_at_120x40(snap_compare) -> None:
    assert snap_compare(WalkthroughApp(), press=[*MID_BACKWARD, "i"], terminal_size=LARGE)
