"""The starter file `tinynn check --template` prints.

Its four parts are named as `tinynn explain` heads the phases of a step
(`tinynn.render.text.PHASE_TITLES`), "part k of 4", so that a student can match each part
with the explanation without knowing how the notes number their sections.
"""

TEMPLATE = '''\
"""One SGD step of the n -> h -> 1 network, written by hand, for `tinynn check`.

Fill in the bodies, then run:  tinynn check this_file.py

Shapes: x has n numbers; W1 is h rows of n (W1[j][i] connects input i to hidden
unit j); b1 and W2 have h numbers; b2, y and lr are numbers. Return the names
below in a dict: every updated parameter (W1, b1, W2, b2), and as many of the
others as you like (the more you return, the closer tinynn check points to a
mistake). Or return the updated (W1, b1, W2, b2); or update W1, b1 and W2 in
place and return the new b2 (a number cannot change in place). Both tasks are
checked: keep the task keyword. Everything is plain lists and floats; NumPy
arrays are fine too.
"""

import math


def sigmoid(z):
    # σ(z) = 1 / (1 + e^(−z))   (for z < 0, e^z / (1 + e^z) never overflows)
    ...


def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    h, n = len(W1), len(x)

    # --- part 1 of 4: Forward propagation
    # z1[j] = Σ_i W1[j][i]·x[i] + b1[j]
    z1 = ...
    # a1[j] = σ(z1[j])
    a1 = ...
    # z2 = Σ_j W2[j]·a1[j] + b2
    z2 = ...
    # y_pred = z2 (regression)   or   y_pred = p = σ(z2) (classification)
    y_pred = ...

    # --- part 2 of 4: Loss
    # L = ½(y_pred − y)²   (regression)
    # L = −[y·ln p + (1 − y)·ln(1 − p)]   (classification)
    L = ...

    # --- part 3 of 4: Backpropagation
    # δ2 = y_pred − y   (both tasks: with log loss, δ2 = p − y)
    delta2 = ...
    # ∂L/∂W2[j] = δ2·a1[j]
    dW2 = ...
    # ∂L/∂b2 = δ2
    db2 = ...
    # σ'(z1[j]) = a1[j]·(1 − a1[j])
    sigma_prime = ...
    # δ1[j] = δ2·W2[j]·σ'(z1[j])
    delta1 = ...
    # ∂L/∂W1[j][i] = δ1[j]·x[i]   (h rows of n: the outer product δ1 xᵀ)
    dW1 = ...
    # ∂L/∂b1[j] = δ1[j]
    db1 = ...

    # --- part 4 of 4: Gradient-descent update
    # every gradient above used the parameters from before the step
    # W2[j] ← W2[j] − η·∂L/∂W2[j]      b2 ← b2 − η·∂L/∂b2
    # W1[j][i] ← W1[j][i] − η·∂L/∂W1[j][i]      b1[j] ← b1[j] − η·∂L/∂b1[j]
    new_W1 = ...
    new_b1 = ...
    new_W2 = ...
    new_b2 = ...

    return {
        "z1": z1, "a1": a1, "z2": z2, "y_pred": y_pred, "L": L,
        "delta2": delta2, "dW2": dW2, "db2": db2, "sigma_prime": sigma_prime,
        "delta1": delta1, "dW1": dW1, "db1": db1,
        "W1": new_W1, "b1": new_b1, "W2": new_W2, "b2": new_b2,
    }
'''
