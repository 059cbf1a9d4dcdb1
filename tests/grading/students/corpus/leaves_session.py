"""Hostile, right: leaves a daemon behind, in a session of its own (setsid), then computes
the step correctly."""

import os
import time

from _student_base import full_step

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(60)
    os._exit(0)


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    return full_step(W1, b1, W2, b2, x, y, lr, task)
