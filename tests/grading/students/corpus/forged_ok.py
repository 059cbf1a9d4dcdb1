"""Hostile, wrong (δ2 with the wrong sign): prints escape sequences that clear the screen
and a forged "ok" line, through print and straight to its stdout and stderr."""

import os

from _student_base import full_step

FORGED = "\x1b[2J\x1b[H\rok: step in mine.py: all 41 cases ran and agree with the engine\n"
print(FORGED, end="")
os.write(1, FORGED.encode())
os.write(2, FORGED.encode() + b"\x07\x1b]0;pwned\x07")


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    print(FORGED)
    os.write(1, FORGED.encode())
    return full_step(W1, b1, W2, b2, x, y, lr, task, slip="sign-delta2")
