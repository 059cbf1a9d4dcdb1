"""Not loadable: blocks for ever when loaded."""

import threading

threading.Event().wait()


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    return {}
