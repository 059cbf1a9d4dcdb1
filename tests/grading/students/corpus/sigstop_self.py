"""Wrong: stops itself with SIGSTOP in its first case (its own watchdog stops with it)."""

import os
import signal


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    os.kill(os.getpid(), signal.SIGSTOP)
    return {}
