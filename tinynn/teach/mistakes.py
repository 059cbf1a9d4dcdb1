"""The catalogue of known backprop mistakes: each is one equation of the step swapped.

A `Mistake` names the wrong equation and the right one, what it changes, how it
shows (the gradient check, or only the loss curve) and why it is wrong. Its
`equations(lr)` are the notes' equations (`tinynn.core.equations.NOTES`) with that
one function replaced, so `step_pass(..., eq=mistake.equations(lr))` is the
buggy code: the bug hunt plants it, and the quiz and the checker of a
student's own code recognise a wrong number by recomputing it this way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from tinynn.core.backward import Grads
from tinynn.core.equations import NOTES, Equations
from tinynn.core.errors import ConfigError
from tinynn.core.forward import Forward, sigmoid
from tinynn.core.loss import log_loss_from_logit, squared_error
from tinynn.core.params import Matrix, Params, Vector
from tinynn.core.update import gradient_step


class Mistake(NamedTuple):
    """One known mistake and how it shows.

    Attributes:
        id: a short name for --bug.
        title: one line for the menu (it names the mistake, so it is shown only as a choice).
        wrong: the buggy equation.
        correct: the correct equation.
        touches: the trace names whose values the mistake changes first.
        phase: "loss", "backward" or "update".
        detect: "gradcheck" (the gradient check fails) or "loss" (the gradients are
            right, the loss curve differs from the correct engine's).
        tasks: the tasks it can be made in.
        why: a short explanation shown after the reveal.
        swap: lr -> {equation field: wrong function}, the equations it replaces.
        hunt: whether the bug hunt offers it (its menu is `HUNT`); the others are
            recognised in a student's numbers (the checker) but not planted.
        lesson: the shipped lesson on which its evidence shows with the lesson's own
            sample, seed and epochs: the gradient check fails on the entries it
            touches, or (detect "loss") the loss curve ends clearly above the correct
            engine's (tests/teach/test_bughunt_evidence.py proves each).
    """

    id: str
    title: str
    wrong: str
    correct: str
    touches: tuple[str, ...]
    phase: str
    detect: str
    tasks: tuple[str, ...]
    why: str
    swap: Callable[[float], dict[str, Callable[..., object]]]
    hunt: bool = True
    lesson: str = "by-hand"

    def equations(self, lr: float) -> Equations:
        """The notes' equations with this mistake's one swapped in (for a step of rate lr)."""
        return NOTES._replace(**self.swap(lr))  # type: ignore[arg-type]  # fields: a test checks


# --- the wrong equations, each beside the one it replaces in tinynn/core/backward.py etc.


def _hidden_error_no_sigma_prime(
    delta2: float, W2: Vector, sigma_prime: Vector, fwd: Forward
) -> Vector:
    return [delta2 * W2_j for W2_j in W2]  # BUG: δ1[j] = δ2·W2[j], σ'(z1[j]) left out


def _hidden_error_with_updated_W2(
    lr: float,
) -> Callable[[float, Vector, Vector, Forward], Vector]:
    def hidden_error(delta2: float, W2: Vector, sigma_prime: Vector, fwd: Forward) -> Vector:
        # BUG: W2 is updated first (W2[j] − η·δ2·a1[j]), and δ1 then uses the new W2
        W2_new = [W2_j - lr * (delta2 * a1_j) for W2_j, a1_j in zip(W2, fwd.a1)]
        return [delta2 * W2_j * s_j for W2_j, s_j in zip(W2_new, sigma_prime)]

    return hidden_error


def _weight_gradient_a1_for_x(delta1: Vector, x: Vector, fwd: Forward) -> Matrix:
    # BUG: dW1[j][i] = δ1[j]·a1[j], copying dW2 = δ2·a1 (the layer's output, not its input x)
    return [[delta1_j * a1_j for _ in x] for delta1_j, a1_j in zip(delta1, fwd.a1)]


def _update_notes_E3(params: Params, grads: Grads, lr: float) -> Params:
    # BUG, as the notes print it: "b1 <- b2 - η ∂L/∂b2" and "b1 <- b2 - η ∂L/∂b1":
    # b2 is never updated and each b1[j] restarts from b2
    p = gradient_step(params, grads, lr)
    return p._replace(b1=[params.b2 - lr * g for g in grads.db1], b2=params.b2)


def _output_error_logloss_slope(fwd: Forward, y: float) -> float:
    # BUG: δ2 = (p − y)·p·(1 − p), squared error's chain rule used with log loss
    p = fwd.y_pred
    return (p - y) * p * (1.0 - p)


def _loss_half_dropped(fwd: Forward, y: float, task: str) -> float:
    # BUG: L = (y_pred − y)² without the ½, while δ2 stays y_pred − y
    return 2.0 * squared_error(fwd.y_pred, y)


def _output_error_sign(fwd: Forward, y: float) -> float:
    return y - fwd.y_pred  # BUG: δ2 = y − y_pred, the error read as "target minus output"


def _sigmoid_slope_of_a1(fwd: Forward) -> Vector:
    # BUG: σ'(z1[j]) = σ(a1[j])·(1 − σ(a1[j])): a sigmoid_derivative(z) = σ(z)(1 − σ(z))
    # helper called with the activation a1 instead of z1
    return [sigmoid(a1_j) * (1.0 - sigmoid(a1_j)) for a1_j in fwd.a1]


def _sigmoid_slope_of_z1(fwd: Forward) -> Vector:
    # BUG: σ'(z1[j]) = z1[j]·(1 − z1[j]): the shortcut a(1 − a) applied to z1 instead of a1
    return [z1_j * (1.0 - z1_j) for z1_j in fwd.z1]


def _hidden_error_a1_for_sigma_prime(
    delta2: float, W2: Vector, sigma_prime: Vector, fwd: Forward
) -> Vector:
    # BUG: δ1[j] = δ2·W2[j]·a1[j], the activation where its slope σ'(z1[j]) belongs
    return [delta2 * W2_j * a1_j for W2_j, a1_j in zip(W2, fwd.a1)]


def _update_plus(params: Params, grads: Grads, lr: float) -> Params:
    return gradient_step(params, grads, -lr)  # BUG: θ ← θ + η·∂L/∂θ, a step uphill


def _update_output_layer_only(params: Params, grads: Grads, lr: float) -> Params:
    # BUG: only the output layer's two update lines are written; W1 and b1 keep their start
    p = gradient_step(params, grads, lr)
    return p._replace(W1=[list(row) for row in params.W1], b1=list(params.b1))


def _update_without_lr(params: Params, grads: Grads, lr: float) -> Params:
    return gradient_step(params, grads, 1.0)  # BUG: θ ← θ − ∂L/∂θ, η left out


def _update_b1_from_b2(params: Params, grads: Grads, lr: float) -> Params:
    # BUG: half of erratum E3: b2's line corrected, b1's copied as printed,
    # b1[j] ← b2 − η·∂L/∂b1[j] (with b2 from before the step)
    p = gradient_step(params, grads, lr)
    return p._replace(b1=[params.b2 - lr * g for g in grads.db1])


def _loss_logloss_sign(fwd: Forward, y: float, task: str) -> float:
    # BUG: L = y·ln p + (1 − y)·ln(1 − p), the minus sign of the log loss left out
    return -log_loss_from_logit(fwd.z2, y)


MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "no-sigma-prime",
        "σ' left out of δ1",
        "δ1[j] = δ2·W2[j]",
        "δ1[j] = δ2·W2[j]·σ'(z1[j])",
        ("delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "The error reaching hidden unit j passes through its sigmoid, so the chain rule "
        "multiplies by σ'(z1[j]) = a1[j](1 − a1[j]) ≤ ¼. Without it the W1 and b1 "
        "gradients are at least 4 times too large; W2 and b2 are untouched.",
        swap=lambda lr: {"hidden_error": _hidden_error_no_sigma_prime},
    ),
    Mistake(
        "updated-W2",
        "δ1 computed with the already-updated W2",
        "δ1[j] = δ2·(W2[j] − η·∂L/∂W2[j])·σ'(z1[j])",
        "δ1[j] = δ2·W2[j]·σ'(z1[j]), with W2 as it was before the step",
        ("delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "Every gradient of a step is taken at the parameters the forward pass used; "
        "updating W2 before backpropagating through it mixes two points. The W1 and b1 "
        "gradients are off by the factor W2_new/W2: small, but the gradient check sees it.",
        swap=lambda lr: {"hidden_error": _hidden_error_with_updated_W2(lr)},
    ),
    Mistake(
        "a1-for-x",
        "∂L/∂W1 computed with a1 instead of x",
        "∂L/∂W1[j][i] = δ1[j]·a1[j]",
        "∂L/∂W1[j][i] = δ1[j]·x[i]",
        ("dW1",),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "A weight's gradient is the error at its output times the value at its input: "
        "for W2 that input is a1, for W1 it is x. Only the W1 gradients are wrong; "
        "b1's are right, since a bias's input is 1.",
        swap=lambda lr: {"weight_gradient": _weight_gradient_a1_for_x},
    ),
    Mistake(
        "notes-E3",
        "the notes' erratum E3: b1 updated from b2",
        "b1[j] ← b2 − η·∂L/∂b1[j]   (and b2 is never updated)",
        "b1[j] ← b1[j] − η·∂L/∂b1[j]   and   b2 ← b2 − η·∂L/∂b2",
        ("b1", "b2"),
        "update",
        "loss",
        ("regression", "classification"),
        "The notes print both bias updates as 'b1 ← b2 − η ...' (erratum E3). Every "
        "gradient is still right, so the gradient check passes; but each step throws "
        "the hidden biases away and never moves b2: one step's changes show it (b2 stays "
        "where it was), and the loss curve differs from the correct engine's.",
        swap=lambda lr: {"update": _update_notes_E3},
        lesson="xor",
    ),
    Mistake(
        "logloss-slope",
        "log loss, but δ2 multiplied by p(1 − p) as for squared error",
        "δ2 = (p − y)·p·(1 − p)",
        "δ2 = p − y",
        ("delta2", "dW2", "db2", "delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("classification",),
        "With log loss, ∂L/∂p = (p − y)/(p(1 − p)) cancels the sigmoid's slope "
        "p(1 − p), so δ2 = p − y. Keeping the slope shrinks every gradient by p(1 − p) "
        "≤ ¼, and to almost 0 when the output saturates, even on the wrong side.",
        swap=lambda lr: {"output_error": _output_error_logloss_slope},
        lesson="saturation",
    ),
    Mistake(
        "half-dropped",
        "the ½ dropped from the loss while δ2 is kept",
        "L = (y_pred − y)²   with   δ2 = y_pred − y",
        "L = ½(y_pred − y)²   with   δ2 = y_pred − y",
        ("L",),
        "loss",
        "gradcheck",
        ("regression",),
        "The ½ is there so that the 2 of the square's derivative cancels: "
        "d/dy_pred ½(y_pred − y)² = y_pred − y. This code trains exactly as the correct "
        "one does (same δ2, same gradients, the same parameters after every step); only "
        "the loss it reports is twice as large. The gradient check differentiates the "
        "reported loss, so every backprop gradient is exactly half its slope (ratio "
        "0.5), and the loss curve is exactly twice the correct one at every epoch: a "
        "reporting mistake, not a training one.",
        swap=lambda lr: {"loss": _loss_half_dropped},
    ),
    Mistake(
        "sign-delta2",
        "δ2 with the wrong sign",
        "δ2 = y − y_pred",
        "δ2 = y_pred − y",
        ("delta2", "dW2", "db2", "delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "δ2 is ∂L/∂z2, the slope of the loss: ½(y_pred − y)² grows with y_pred − y, so "
        "δ2 = y_pred − y (and p − y for log loss). With y − y_pred every gradient has "
        "the wrong sign and each update climbs the loss instead of descending it.",
        swap=lambda lr: {"output_error": _output_error_sign},
    ),
    Mistake(
        "sigma-prime-of-a1",
        "σ' evaluated at a1 instead of z1",
        "σ'(z1[j]) = σ(a1[j])·(1 − σ(a1[j]))",
        "σ'(z1[j]) = a1[j]·(1 − a1[j]), with a1[j] = σ(z1[j])",
        ("sigma_prime", "delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "σ'(z1) = σ(z1)(1 − σ(z1)) and a1 is already σ(z1), so σ'(z1) = a1(1 − a1). "
        "Passing a1 to a sigmoid_derivative(z) that computes σ(z)(1 − σ(z)) applies "
        "the sigmoid twice: σ(a1)(1 − σ(a1)) is the slope at a1, not at z1.",
        swap=lambda lr: {"sigmoid_slope": _sigmoid_slope_of_a1},
    ),
    Mistake(
        "a1-for-sigma-prime",
        "δ1 computed with a1 in place of σ'(z1)",
        "δ1[j] = δ2·W2[j]·a1[j]",
        "δ1[j] = δ2·W2[j]·σ'(z1[j])",
        ("delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "The chain rule through a1[j] = σ(z1[j]) multiplies by the sigmoid's slope "
        "∂a1[j]/∂z1[j] = σ'(z1[j]) = a1[j](1 − a1[j]), not by its value a1[j].",
        swap=lambda lr: {"hidden_error": _hidden_error_a1_for_sigma_prime},
    ),
    Mistake(
        "hidden-not-updated",
        "the update leaves the hidden layer alone",
        "W2[j] ← W2[j] − η·∂L/∂W2[j],  b2 ← b2 − η·∂L/∂b2   (and nothing for W1, b1)",
        "also W1[j][i] ← W1[j][i] − η·∂L/∂W1[j][i]  and  b1[j] ← b1[j] − η·∂L/∂b1[j]",
        ("W1", "b1"),
        "update",
        "loss",
        ("regression", "classification"),
        "Backprop computes ∂L/∂W1 and ∂L/∂b1 so that the hidden layer can learn; an "
        "update that applies only the output layer's gradients trains a network whose "
        "hidden features are frozen at their random start. Every gradient is right, so "
        "the gradient check passes; one step's changes show W1 and b1 left where they "
        "were, and the loss curve falls only as far as fixed hidden features allow.",
        swap=lambda lr: {"update": _update_output_layer_only},
        lesson="xor",
    ),
)

# Recognised in a student's numbers (tinynn check), not planted by the bug hunt. The quiz
# and the bug hunt use MISTAKES; a module that wants these too uses ALL_MISTAKES.
STUDENT_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "sigma-prime-of-z1",
        "σ' computed as z1(1 − z1)",
        "σ'(z1[j]) = z1[j]·(1 − z1[j])",
        "σ'(z1[j]) = a1[j]·(1 − a1[j])",
        ("sigma_prime", "delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "The shortcut σ'(z) = σ(z)(1 − σ(z)) is written with the sigmoid's output: "
        "a1(1 − a1). Applied to the input z1 it is not a slope at all (it is negative "
        "for z1 > 1).",
        swap=lambda lr: {"sigmoid_slope": _sigmoid_slope_of_z1},
        hunt=False,
    ),
    Mistake(
        "plus-update",
        "the update adds the gradient",
        "θ ← θ + η·∂L/∂θ",
        "θ ← θ − η·∂L/∂θ",
        ("W2", "b2", "W1", "b1"),
        "update",
        "loss",
        ("regression", "classification"),
        "The gradient points in the direction in which the loss grows fastest; "
        "gradient descent steps against it. Adding it climbs the loss: the gradients "
        "are right, the loss curve rises.",
        swap=lambda lr: {"update": _update_plus},
        hunt=False,
    ),
    Mistake(
        "no-lr",
        "the update without the learning rate",
        "θ ← θ − ∂L/∂θ",
        "θ ← θ − η·∂L/∂θ",
        ("W2", "b2", "W1", "b1"),
        "update",
        "loss",
        ("regression", "classification"),
        "The step is the gradient scaled by η: without it every step has the size of "
        "the gradient itself (η = 1), whatever learning rate was asked for.",
        swap=lambda lr: {"update": _update_without_lr},
        hunt=False,
    ),
    Mistake(
        "b1-from-b2",
        "b1 updated from b2 (half of the notes' erratum E3)",
        "b1[j] ← b2 − η·∂L/∂b1[j]",
        "b1[j] ← b1[j] − η·∂L/∂b1[j]",
        ("b1",),
        "update",
        "loss",
        ("regression", "classification"),
        "The notes print 'b1 ← b2 − η ∂L/∂b1' (erratum E3): each hidden bias starts "
        "its step from its own old value, b1[j], not from the output bias b2.",
        swap=lambda lr: {"update": _update_b1_from_b2},
        hunt=False,
    ),
    Mistake(
        "logloss-sign",
        "log loss without its minus sign",
        "L = y·ln p + (1 − y)·ln(1 − p)",
        "L = −[y·ln p + (1 − y)·ln(1 − p)]",
        ("L",),
        "loss",
        "gradcheck",
        ("classification",),
        "ln p ≤ 0, so the log-likelihood is negative; the loss is its negative, "
        "−[y·ln p + (1 − y)·ln(1 − p)] ≥ 0, smallest when p matches the label.",
        swap=lambda lr: {"loss": _loss_logloss_sign},
        hunt=False,
    ),
)


ALL_MISTAKES = MISTAKES + STUDENT_MISTAKES

# The bug hunt's menu: the mistakes it plants, in catalogue order.
HUNT: tuple[Mistake, ...] = tuple(m for m in ALL_MISTAKES if m.hunt)


def get_mistake(key: str) -> Mistake:
    """A mistake of the bug hunt's menu by id or by its menu number (from 1)."""
    for number, m in enumerate(HUNT, start=1):
        if key.strip() in (m.id, str(number)):
            return m
    raise ConfigError(
        f"unknown bug {key!r} (choose a number 1 to {len(HUNT)} or one of "
        f"{', '.join(m.id for m in HUNT)})"
    )


def mistakes_for(task: str) -> list[Mistake]:
    """Every mistake of the catalogue that can be made in a network of `task`."""
    return [m for m in ALL_MISTAKES if task in m.tasks]
