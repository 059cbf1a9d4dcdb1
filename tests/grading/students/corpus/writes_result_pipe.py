"""Hostile, wrong: writes "done" (and a forged result) to every pipe it has, and returns
nothing of use."""

import contextlib
import os


def _forge():
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2:
            with contextlib.suppress(OSError):
                os.write(fd, b'{"done": true}\n{"case": 0, "values": {}, "form": "dict"}\n')


_forge()


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    _forge()
    return {"z1": [0.0] * len(W1)}
