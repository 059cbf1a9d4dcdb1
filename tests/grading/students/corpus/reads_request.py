"""Hostile, right: reads whatever it can from every file descriptor it has and from
standard input when loaded, then computes the step correctly."""

import contextlib
import os
import sys

from _student_base import full_step

for name in os.listdir("/proc/self/fd"):
    try:
        os.set_blocking(int(name), False)
        os.read(int(name), 1 << 20)
    except OSError:
        pass
with contextlib.suppress(OSError, ValueError):
    sys.stdin.read()


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    return full_step(W1, b1, W2, b2, x, y, lr, task)
