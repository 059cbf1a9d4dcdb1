from _student_base import full_step


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    """Updates the lists it is given in place, and returns the new b2 (a number cannot
    change in place)."""
    new = full_step(W1, b1, W2, b2, x, y, lr, task)
    for j, row in enumerate(new["W1"]):
        W1[j][:] = row
    b1[:] = new["b1"]
    W2[:] = new["W2"]
    return new["b2"]
