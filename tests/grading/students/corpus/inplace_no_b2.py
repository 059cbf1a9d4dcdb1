"""Wrong: updates W1, b1 and W2 in place and returns nothing, so b2 is never updated."""

from _student_base import full_step


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    new = full_step(W1, b1, W2, b2, x, y, lr, task)
    for j, row in enumerate(new["W1"]):
        W1[j][:] = row
    b1[:] = new["b1"]
    W2[:] = new["W2"]
