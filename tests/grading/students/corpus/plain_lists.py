from _student_base import full_step


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    return full_step(W1, b1, W2, b2, x, y, lr, task)
