"""Right, and slow: its first two cases take half a second each (the timeout is longer)."""

import time

from _student_base import full_step

calls = []


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    calls.append(1)
    if len(calls) <= 2:
        time.sleep(0.5)
    return full_step(W1, b1, W2, b2, x, y, lr, task)
