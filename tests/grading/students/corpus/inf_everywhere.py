"""Wrong: every number it returns is inf, in the right shapes."""

INF = float("inf")


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    h, n = len(W1), len(x)
    vector, matrix = [INF] * h, [[INF] * n for _ in range(h)]
    return {
        "z1": vector,
        "a1": vector,
        "z2": INF,
        "y_pred": INF,
        "L": INF,
        "delta2": INF,
        "dW2": vector,
        "db2": INF,
        "sigma_prime": vector,
        "delta1": vector,
        "dW1": matrix,
        "db1": vector,
        "W1": matrix,
        "b1": vector,
        "W2": vector,
        "b2": INF,
    }
