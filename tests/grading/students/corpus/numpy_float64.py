import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    W1, b1, W2, x = np.array(W1), np.array(b1)[:, None], np.array(W2)[None, :], np.array(x)[:, None]
    z1 = W1 @ x + b1  # (h, 1)
    a1 = sigmoid(z1)
    z2 = W2 @ a1 + b2  # (1, 1)
    y_pred = z2 if task == "regression" else sigmoid(z2)
    delta2 = y_pred - y
    dW2 = delta2 * a1.T  # (1, h)
    sigma_prime = a1 * (1 - a1)
    delta1 = (W2.T @ delta2) * sigma_prime  # (h, 1)
    dW1 = delta1 @ x.T  # (h, n)
    return {
        "z1": z1,
        "a1": a1,
        "z2": z2,
        "y_pred": y_pred,
        "delta2": delta2[0, 0],
        "dW2": dW2,
        "db2": delta2,
        "sigma_prime": sigma_prime,
        "delta1": delta1,
        "dW1": dW1,
        "db1": delta1,
        "W1": W1 - lr * dW1,
        "b1": b1 - lr * delta1,
        "W2": W2 - lr * dW2,
        "b2": b2 - lr * delta2[0, 0],
    }
