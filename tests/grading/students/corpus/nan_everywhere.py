"""Wrong: the updated parameters are all nan."""

NAN = float("nan")


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    return [[NAN] * len(x) for _ in W1], [NAN] * len(b1), [NAN] * len(W2), NAN
