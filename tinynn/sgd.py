"""One SGD step, fused: the whole of forward, loss, backward and update in one pass.

`train` runs this for every sample. It computes exactly the numbers that
`train_step` computes, operation for operation and in the same order (a test
pins the two bit for bit), but keeps only what the update needs: no `Forward`,
no `Grads`, no `Step`, and no gradient lists that are used once and dropped.
Read `train_step` to learn the equations; read this to see them fused.
"""

from __future__ import annotations

from operator import mul

from .forward import sigmoid
from .loss import log_loss_from_logit, squared_error
from .params import Params


def sgd_step(
    params: Params, x: list[float], y: float, lr: float, task: str = "regression"
) -> tuple[Params, float]:
    """One per-sample SGD step; returns (new parameters, the loss before the step)."""
    W1, b1, W2, b2 = params.W1, params.b1, params.W2, params.b2
    # forward: z1 = W1 x + b1 (W1 walked by columns, as in forward.py), a1 = sigma(z1)
    z1 = [0.0] * len(W1)
    for i, xi in enumerate(x):
        z1 = [z + row[i] * xi for z, row in zip(z1, W1)]
    a1 = [sigmoid(z + b) for z, b in zip(z1, b1)]
    z2 = sum(map(mul, W2, a1)) + b2
    if task == "regression":
        y_pred, L = z2, squared_error(z2, y)
    else:
        y_pred, L = sigmoid(z2), log_loss_from_logit(z2, y)
    # backward: delta2 = y_pred - y, delta1[j] = delta2 * W2[j] * a1[j](1 - a1[j])
    delta2 = y_pred - y
    delta1 = [delta2 * w * (a * (1.0 - a)) for w, a in zip(W2, a1)]
    # update, each parameter against its gradient: dW1[j][i] = delta1[j] x[i], db1 = delta1,
    # dW2[j] = delta2 a1[j], db2 = delta2
    W1_columns = [[row[i] - lr * (d * xi) for row, d in zip(W1, delta1)] for i, xi in enumerate(x)]
    new_params = Params(
        list(map(list, zip(*W1_columns))),
        [b - lr * d for b, d in zip(b1, delta1)],
        [w - lr * (delta2 * a) for w, a in zip(W2, a1)],
        b2 - lr * delta2,
    )
    return new_params, L
