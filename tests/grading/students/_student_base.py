"""A student's step in plain Python, with each known slip available by name.

The files beside it are students' submissions: each calls `full_step` with one
slip (or none), so every submission is ordinary student code with one mistake.
"""

import math


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def full_step(W1, b1, W2, b2, x, y, lr, task="regression", slip=None):
    h, n = len(W1), len(x)
    z1 = [sum(W1[j][i] * x[i] for i in range(n)) + b1[j] for j in range(h)]
    a1 = [sigmoid(z) for z in z1]
    z2 = sum(W2[j] * a1[j] for j in range(h)) + b2
    y_pred = z2 if task == "regression" else sigmoid(z2)
    if task == "regression":
        L = 0.5 * (y_pred - y) ** 2
        if slip == "half-dropped":
            L = (y_pred - y) ** 2
    else:
        L = -(y * math.log(y_pred) + (1 - y) * math.log(1 - y_pred))
        if slip == "logloss-sign":
            L = -L
    delta2 = y_pred - y
    if slip == "sign-delta2":
        delta2 = y - y_pred
    if slip == "logloss-slope" and task == "classification":
        delta2 = (y_pred - y) * y_pred * (1 - y_pred)
    dW2 = [delta2 * a1[j] for j in range(h)]
    db2 = delta2
    sigma_prime = [a1[j] * (1 - a1[j]) for j in range(h)]
    if slip == "sigma-prime-of-a1":
        sigma_prime = [sigmoid(a) * (1 - sigmoid(a)) for a in a1]
    if slip == "sigma-prime-of-z1":
        sigma_prime = [z * (1 - z) for z in z1]
    W2_used = W2
    if slip == "updated-W2":
        W2_used = [W2[j] - lr * dW2[j] for j in range(h)]
    delta1 = [delta2 * W2_used[j] * sigma_prime[j] for j in range(h)]
    if slip == "no-sigma-prime":
        delta1 = [delta2 * W2[j] for j in range(h)]
    if slip == "a1-for-sigma-prime":
        delta1 = [delta2 * W2[j] * a1[j] for j in range(h)]
    dW1 = [[delta1[j] * x[i] for i in range(n)] for j in range(h)]
    if slip == "a1-for-x":
        dW1 = [[delta1[j] * a1[j] for i in range(n)] for j in range(h)]
    if slip == "transposed-dW1":
        dW1 = [[delta1[j] * x[i] for j in range(h)] for i in range(n)]
    db1 = list(delta1)
    eta = {"plus-update": -lr, "no-lr": 1.0}.get(slip, lr)
    new_W2 = [W2[j] - eta * dW2[j] for j in range(h)]
    new_b2 = b2 - eta * db2
    new_W1 = [[W1[j][i] - eta * dW1[j][i] for i in range(n)] for j in range(h)]
    new_b1 = [b1[j] - eta * db1[j] for j in range(h)]
    if slip == "notes-E3":
        new_b1 = [b2 - lr * db1[j] for j in range(h)]
        new_b2 = b2
    if slip == "b1-from-b2":
        new_b1 = [b2 - lr * db1[j] for j in range(h)]
    return {
        "z1": z1,
        "a1": a1,
        "z2": z2,
        "y_pred": y_pred,
        "L": L,
        "delta2": delta2,
        "dW2": dW2,
        "db2": db2,
        "sigma_prime": sigma_prime,
        "delta1": delta1,
        "dW1": dW1,
        "db1": db1,
        "W1": new_W1,
        "b1": new_b1,
        "W2": new_W2,
        "b2": new_b2,
    }
