"""Wrong: leaves a process writing to its stdout without end, and stops itself (SIGSTOP)
in its first case, so that output keeps coming while no result ever does."""

import os
import signal


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    if os.fork() == 0:
        while True:
            os.write(1, b"still here\n" * 1000)
    os.kill(os.getpid(), signal.SIGSTOP)
    return {}
