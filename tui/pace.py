"""How fast `t` trains: from one sample a second, each one seen, to full speed.

At a sample pace the walkthrough applies one whole sample's update per tick
(the same move as ⏎ then n), so every step's numbers pass through the panels;
at an epoch pace the training worker runs whole epochs and rests between
them; at full speed it never rests (about 5,000 epochs a second on the sine
data, converged before the eye can follow).
"""

from __future__ import annotations

from typing import NamedTuple


class Pace(NamedTuple):
    """One speed of continuous training."""

    label: str
    unit: str  # "sample": the app steps through samples; "epoch": the worker runs epochs
    per_second: float  # 0: as fast as it goes


PACES = (
    Pace("1 sample/s", "sample", 1.0),
    Pace("4 samples/s", "sample", 4.0),
    Pace("20 samples/s", "sample", 20.0),
    Pace("1 epoch/s", "epoch", 1.0),
    Pace("10 epochs/s", "epoch", 10.0),
    Pace("full speed", "epoch", 0.0),
)
FULL_SPEED = len(PACES) - 1


def slower(k: int) -> int:
    """The index of the next slower pace (the slowest stays)."""
    return max(k - 1, 0)


def faster(k: int) -> int:
    """The index of the next faster pace (full speed stays)."""
    return min(k + 1, FULL_SPEED)
