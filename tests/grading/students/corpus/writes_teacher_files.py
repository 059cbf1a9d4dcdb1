"""Hostile, right: appends to grades.csv in its working folder, in its own folder, and in
its parent's working folder (found through /proc), then computes the step correctly."""

import os

from _student_base import full_step

HERE = os.path.dirname(os.path.abspath(__file__))


def _append(path, line):
    try:
        with open(path, "a") as f:
            f.write(line)
    except OSError:
        pass


_append("grades.csv", "working folder\n")
_append(os.path.join(HERE, "grades.csv"), "own folder\n")
_append(f"/proc/{os.getppid()}/cwd/grades.csv", "parent's folder\n")


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    return full_step(W1, b1, W2, b2, x, y, lr, task)
