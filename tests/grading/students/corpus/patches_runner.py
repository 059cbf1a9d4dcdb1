"""Hostile, wrong: walks the call stack and patches the checker's code in its process so
that every case reports nothing to compare."""

import sys


def _nothing(*args, **kwargs):
    return {"form": "dict", "values": {}, "ignored": [], "printed": ""}


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    frame = sys._getframe(1)
    while frame is not None:
        for name in ("run_case", "interpret"):
            if name in frame.f_globals:
                frame.f_globals[name] = _nothing
        frame = frame.f_back
    return {}
