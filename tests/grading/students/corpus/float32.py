"""Wrong (precision): the right equations in NumPy float32."""

import numpy as np

F = np.float32


def sigmoid(z):
    return F(1) / (F(1) + np.exp(-z))


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    W1, b1, W2, x = (np.array(v, dtype=F) for v in (W1, b1, W2, x))
    b2, y, lr = F(b2), F(y), F(lr)
    z1 = W1 @ x + b1
    a1 = sigmoid(z1)
    z2 = W2 @ a1 + b2
    y_pred = z2 if task == "regression" else sigmoid(z2)
    delta2 = y_pred - y
    sigma_prime = a1 * (F(1) - a1)
    delta1 = delta2 * W2 * sigma_prime
    dW1 = np.outer(delta1, x)
    return {
        "z1": z1,
        "a1": a1,
        "z2": z2,
        "y_pred": y_pred,
        "delta2": delta2,
        "sigma_prime": sigma_prime,
        "delta1": delta1,
        "dW1": dW1,
        "W1": W1 - lr * dW1,
        "b1": b1 - lr * delta1,
        "W2": W2 - lr * delta2 * a1,
        "b2": b2 - lr * delta2,
    }
