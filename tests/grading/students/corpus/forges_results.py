"""Hostile, wrong: finds the checker's own reporting function (and its nonce) on the call
stack, reports every case with made-up numbers and "done", and exits."""

import sys


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    frame = sys._getframe(1)
    while frame is not None and "emit" not in frame.f_locals:
        frame = frame.f_back
    if frame is None:
        return {}
    emit, request = frame.f_locals["emit"], frame.f_locals["request"]
    for k, case in enumerate(request["cases"]):
        same = {name: case[name] for name in ("W1", "b1", "W2", "b2")}  # nothing updated
        emit({"case": k, "form": "dict", "values": same, "ignored": [], "printed": ""})
    emit({"done": True})
    frame.f_locals["real_exit"](0)
