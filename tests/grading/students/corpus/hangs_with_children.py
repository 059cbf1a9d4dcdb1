"""Wrong: leaves three forked processes asleep when loaded, then never returns."""

import os
import time

for _ in range(3):
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    time.sleep(60)
    return {}
