"""Wrong: never updates the biases, and returns only the new W1 and W2."""

from _student_base import full_step


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    new = full_step(W1, b1, W2, b2, x, y, lr, task)
    return {"W1": new["W1"], "W2": new["W2"]}
