import math


def sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    """Written differently from the notes, and equally right: σ' as a1·σ(−z1), sums in
    another order, log loss from the logit."""
    h, n = len(W1), len(x)
    z1 = [b1[j] + sum(x[i] * W1[j][i] for i in reversed(range(n))) for j in range(h)]
    a1 = [sigmoid(z) for z in z1]
    z2 = b2 + sum(a * w for a, w in zip(a1, W2))
    y_pred = z2 if task == "regression" else sigmoid(z2)
    if task == "regression":
        L = (y_pred - y) * (y_pred - y) / 2
    else:
        L = max(z2, 0) - z2 * y + math.log1p(math.exp(-abs(z2)))
    delta2 = y_pred - y
    sigma_prime = [a * sigmoid(-z) for a, z in zip(a1, z1)]
    delta1 = [W2[j] * sigma_prime[j] * delta2 for j in range(h)]
    return {
        "z1": z1,
        "a1": a1,
        "z2": z2,
        "p" if task == "classification" else "y_pred": y_pred,
        "loss": L,
        "delta2": delta2,
        "sigma_prime": sigma_prime,
        "delta1": delta1,
        "dW1": [[d * xi for xi in x] for d in delta1],
        "W1": [[w - lr * d * xi for w, xi in zip(row, x)] for row, d in zip(W1, delta1)],
        "b1": [b - lr * d for b, d in zip(b1, delta1)],
        "W2": [w - lr * delta2 * a for w, a in zip(W2, a1)],
        "b2": b2 - lr * delta2,
    }
