"""The wrong equations of the known mistakes (tinynn/teach/mistakes.py), each written as a
student writes it, beside the notes' equation it replaces (tinynn/core/backward.py,
tinynn/core/loss.py, tinynn/core/update.py). Each has the signature of its field of
`tinynn.core.equations.Equations`, so that `step_pass` runs it in place of the notes' one.

`equation_value` works out one quantity by a set of equations (the notes', or a
mistake's) from numbers given for the quantities before it: a student's own.
"""

from __future__ import annotations

from collections.abc import Callable

from tinynn.core.backward import Grads
from tinynn.core.equations import Equations
from tinynn.core.forward import Forward, sigmoid
from tinynn.core.loss import log_loss_from_logit, squared_error
from tinynn.core.names import Key
from tinynn.core.params import Matrix, Params, Vector
from tinynn.core.table import Get, one_minus
from tinynn.core.update import gradient_step


def hidden_error_no_sigma_prime(
    delta2: float, W2: Vector, sigma_prime: Vector, fwd: Forward
) -> Vector:
    return [delta2 * W2_j for W2_j in W2]  # BUG: δ1[j] = δ2·W2[j], σ'(z1[j]) left out


def hidden_error_with_updated_W2(
    lr: float,
) -> Callable[[float, Vector, Vector, Forward], Vector]:
    def hidden_error(delta2: float, W2: Vector, sigma_prime: Vector, fwd: Forward) -> Vector:
        # BUG: W2 is updated first (W2[j] − η·δ2·a1[j]), and δ1 then uses the new W2
        W2_new = [W2_j - lr * (delta2 * a1_j) for W2_j, a1_j in zip(W2, fwd.a1)]
        return [delta2 * W2_j * s_j for W2_j, s_j in zip(W2_new, sigma_prime)]

    return hidden_error


def weight_gradient_a1_for_x(delta1: Vector, x: Vector, fwd: Forward) -> Matrix:
    # BUG: dW1[j][i] = δ1[j]·a1[j], copying dW2 = δ2·a1 (the layer's output, not its input x)
    return [[delta1_j * a1_j for _ in x] for delta1_j, a1_j in zip(delta1, fwd.a1)]


def update_notes_E3(params: Params, grads: Grads, lr: float) -> Params:
    # BUG, as the notes print it: "b1 <- b2 - η ∂L/∂b2" and "b1 <- b2 - η ∂L/∂b1":
    # b2 is never updated and each b1[j] restarts from b2
    p = gradient_step(params, grads, lr)
    return p._replace(b1=[params.b2 - lr * g for g in grads.db1], b2=params.b2)


def output_error_logloss_slope(fwd: Forward, y: float) -> float:
    # BUG: δ2 = (p − y)·p·(1 − p), squared error's chain rule used with log loss
    p = fwd.y_pred
    return (p - y) * p * (1.0 - p)


def loss_half_dropped(fwd: Forward, y: float, task: str) -> float:
    # BUG: L = (y_pred − y)² without the ½, while δ2 stays y_pred − y
    return 2.0 * squared_error(fwd.y_pred, y)


def output_error_sign(fwd: Forward, y: float) -> float:
    return y - fwd.y_pred  # BUG: δ2 = y − y_pred, the error read as "target minus output"


def sigmoid_slope_of_a1(fwd: Forward) -> Vector:
    # BUG: σ'(z1[j]) = σ(a1[j])·(1 − σ(a1[j])): a sigmoid_derivative(z) = σ(z)(1 − σ(z))
    # helper called with the activation a1 instead of z1
    return [sigmoid(a1_j) * (1.0 - sigmoid(a1_j)) for a1_j in fwd.a1]


def sigmoid_slope_of_z1(fwd: Forward) -> Vector:
    # BUG: σ'(z1[j]) = z1[j]·(1 − z1[j]): the shortcut a(1 − a) applied to z1 instead of a1
    return [z1_j * (1.0 - z1_j) for z1_j in fwd.z1]


def hidden_error_a1_for_sigma_prime(
    delta2: float, W2: Vector, sigma_prime: Vector, fwd: Forward
) -> Vector:
    # BUG: δ1[j] = δ2·W2[j]·a1[j], the activation where its slope σ'(z1[j]) belongs
    return [delta2 * W2_j * a1_j for W2_j, a1_j in zip(W2, fwd.a1)]


def update_plus(params: Params, grads: Grads, lr: float) -> Params:
    return gradient_step(params, grads, -lr)  # BUG: θ ← θ + η·∂L/∂θ, a step uphill


def update_output_layer_only(params: Params, grads: Grads, lr: float) -> Params:
    # BUG: only the output layer's two update lines are written; W1 and b1 keep their start
    p = gradient_step(params, grads, lr)
    return p._replace(W1=[list(row) for row in params.W1], b1=list(params.b1))


def update_without_lr(params: Params, grads: Grads, lr: float) -> Params:
    return gradient_step(params, grads, 1.0)  # BUG: θ ← θ − ∂L/∂θ, η left out


def update_b1_from_b2(params: Params, grads: Grads, lr: float) -> Params:
    # BUG: half of erratum E3: b2's line corrected, b1's copied as printed,
    # b1[j] ← b2 − η·∂L/∂b1[j] (with b2 from before the step)
    p = gradient_step(params, grads, lr)
    return p._replace(b1=[params.b2 - lr * g for g in grads.db1])


def loss_logloss_sign(fwd: Forward, y: float, task: str) -> float:
    # BUG: L = y·ln p + (1 − y)·ln(1 − p), the minus sign of the log loss left out
    return -log_loss_from_logit(fwd.z2, y)


def output_gradient_of_z1(delta2: float, fwd: Forward) -> Vector:
    # BUG: ∂L/∂W2[j] = δ2·z1[j], the hidden unit's input where its output a1[j] belongs
    return [delta2 * z1_j for z1_j in fwd.z1]


def sigmoid_slope_of_tanh(fwd: Forward) -> Vector:
    # BUG: σ'(z1[j]) = 1 − a1[j]², the slope of tanh written with its output, for a sigmoid
    return [1.0 - a1_j * a1_j for a1_j in fwd.a1]


def weight_gradient_elementwise(delta1: Vector, x: Vector, fwd: Forward) -> Matrix:
    # BUG: NumPy's delta1 * x (entry by entry, for as many hidden units as inputs), broadcast
    # over W1's rows: ∂L/∂W1[j][i] = δ1[i]·x[i]. With one unit or one input, broadcasting
    # gives the outer product δ1 xᵀ (right), and other shapes raise: only h = n shows it.
    if len(delta1) != len(x):
        return [[d_j * x_i for x_i in x] for d_j in delta1]
    row = [d_i * x_i for d_i, x_i in zip(delta1, x)]
    return [list(row) for _ in delta1]


def equation_value(
    eq: Equations, key: Key, own: Get, params: Params, x: Vector, y: float, lr: float, task: str
) -> float | None:
    """The value of `key` by the equations `eq` (the notes', or a mistake's), worked out from
    the numbers `own` gives for the quantities before it (a student's own), or None for a
    quantity no mistake changes (z1, a1, z2, y_pred and the copies ∂L/∂b2, ∂L/∂b1: the
    table's equation, tinynn/core/table.py, gives it).

    Only the quantities `key`'s equation reads are asked of `own`, all computed before it
    in the step's order, so a walk in that order can call it with what it has so far.
    """
    name, index = key
    if name in ("z1", "a1", "z2", "y_pred", "db2", "db1"):
        return None
    hidden = range(params.n_hidden)

    def vector(n: str) -> Vector:
        return [own((n, (j,))) for j in hidden]

    z1, a1 = vector("z1"), vector("a1")
    c = [one_minus(a, z) for a, z in zip(a1, z1)]
    fwd = Forward(list(x), z1, a1, own(("z2", ())), own(("y_pred", ())), c)
    if name == "L":
        return eq.loss(fwd, y, task)
    if name == "delta2":
        return eq.output_error(fwd, y)
    if name == "sigma_prime":
        return eq.sigmoid_slope(fwd)[index[0]]
    delta2 = own(("delta2", ()))
    if name == "dW2":
        return eq.output_gradient(delta2, fwd)[index[0]]
    if name == "delta1":
        return eq.hidden_error(delta2, params.W2, vector("sigma_prime"), fwd)[index[0]]
    if name == "dW1":
        return eq.weight_gradient(vector("delta1"), list(x), fwd)[index[0]][index[1]]
    dW1 = [[own(("dW1", (j, i))) for i in range(len(x))] for j in hidden]
    grads = Grads(delta2, vector("dW2"), own(("db2", ())), vector("sigma_prime"),
                  vector("delta1"), dW1, vector("db1"))  # fmt: skip
    return eq.update(params, grads, lr).get(key)
