"""Hostile, right: stops its parent (the checker, without bubblewrap) with SIGSTOP, then
computes the step correctly."""

import contextlib
import os
import signal

from _student_base import full_step


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    with contextlib.suppress(OSError):
        os.kill(os.getppid(), signal.SIGSTOP)
    return full_step(W1, b1, W2, b2, x, y, lr, task)
