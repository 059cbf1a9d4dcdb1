"""Right, and noisy: writes 40 MB when loaded (print and its stdout), a little per case."""

import os
import sys

from _student_base import full_step

print("x" * (20 << 20))
sys.stdout.flush()
os.write(1, b"y" * (20 << 20))


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    print("debug:", x)
    return full_step(W1, b1, W2, b2, x, y, lr, task)
