"""Right: the updated parameters as a tuple, both tasks."""

from _student_base import full_step


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    new = full_step(W1, b1, W2, b2, x, y, lr, task)
    return (new["W1"], new["b1"], new["W2"], new["b2"])
