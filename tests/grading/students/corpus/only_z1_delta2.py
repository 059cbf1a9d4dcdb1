"""Wrong (incomplete): returns z1 and δ2 only, both right."""

from _student_base import full_step


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    new = full_step(W1, b1, W2, b2, x, y, lr, task)
    return {"z1": new["z1"], "delta2": new["delta2"]}
