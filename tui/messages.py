"""Messages the training worker sends to the app (from its thread, via post_message).

Each carries the `run` number of the training run it belongs to; the app
ignores messages of a run it has already stopped, so a late message can
never overwrite a state the user has moved on from.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tinynn import EpochStats, Params


@dataclass
class TrainingProgress(Message):
    """Whole epochs finished since the last message, and the parameters after them."""

    run: int
    params: Params
    stats: list[EpochStats]


@dataclass
class TrainingDiverged(Message):
    """The loss stopped being finite; the epochs before it still count."""

    run: int
    params: Params
    stats: list[EpochStats]
    message: str
