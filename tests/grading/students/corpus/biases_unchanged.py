"""Wrong: returns the biases it was given, not updated."""

from _student_base import full_step


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    new = full_step(W1, b1, W2, b2, x, y, lr, task)
    return new["W1"], b1, new["W2"], b2
