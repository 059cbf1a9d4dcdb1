"""Hostile, right: leaves 41 forked processes (one in a process group of its own) and a
started program asleep, then computes the step correctly."""

import os
import subprocess
import sys
import time

from _student_base import full_step

HERE = os.path.dirname(os.path.abspath(__file__))
started = []


def _sleep_forked(own_group):
    if os.fork() == 0:
        if own_group:
            os.setpgid(0, 0)
        time.sleep(60)
        os._exit(0)


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    if not started:
        started.append(True)
        for k in range(41):
            _sleep_forked(own_group=k == 0)
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", HERE])
    return full_step(W1, b1, W2, b2, x, y, lr, task)
