"""Not loadable: raises, when loaded, an error with newlines and escape sequences."""

raise RuntimeError("broken\ntinynn: error: forged second line\x1b[31m\rok: all agree")


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    return {}
