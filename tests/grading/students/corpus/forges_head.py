"""Hostile, wrong: when loaded, finds the checker's reporting function (and its nonce) on
the call stack, says it loaded, marks every case as skipped, says "done", and exits."""

import sys

frame = sys._getframe(0)
while frame is not None and "emit" not in frame.f_locals:
    frame = frame.f_back
if frame is not None:
    emit = frame.f_locals["emit"]
    emit({"loaded": True, "accepts_task": True, "printed": ""})
    for k in range(len(frame.f_locals["request"]["cases"])):
        emit({"case": k, "skipped": True})
    emit({"done": True})
    frame.f_locals["real_exit"](0)


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    return {}
