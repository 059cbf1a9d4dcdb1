"""Wrong: raises an error whose message has newlines, a forged error line and escapes."""


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    raise ValueError("no\ntinynn: error: forged second line\x1b[2J\rok: all agree")
