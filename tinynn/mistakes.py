"""The catalogue of known backprop mistakes: each is one equation of the step swapped.

A `Mistake` names the wrong equation and the right one, what it changes, how it
shows (the gradient check, or only the loss curve) and why it is wrong. Its
`equations(lr)` are the notes' equations (`tinynn.equations.NOTES`) with that
one function replaced, so `step_pass(..., eq=mistake.equations(lr))` is the
buggy code: the bug hunt plants it, and the quiz and the checker of a
student's own code recognise a wrong number by recomputing it this way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .backward import Grads
from .equations import NOTES, Equations
from .forward import Forward
from .loss import squared_error
from .params import Matrix, Params, Vector
from .update import gradient_step


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

    def equations(self, lr: float) -> Equations:
        """The notes' equations with this mistake's one swapped in (for a step of rate lr)."""
        return NOTES._replace(**self.swap(lr))  # type: ignore[arg-type]  # fields: a test checks


# --- the wrong equations, each beside the one it replaces in tinynn/backward.py etc.


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
        "the hidden biases away and never moves b2, so the loss differs from the correct "
        "engine's from the first epoch on.",
        swap=lambda lr: {"update": _update_notes_E3},
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
        "d/dy_pred ½(y_pred − y)² = y_pred − y. Without it the loss is twice as large "
        "and every backprop gradient is exactly half the slope of the loss it reports.",
        swap=lambda lr: {"loss": _loss_half_dropped},
    ),
)


def get_mistake(key: str) -> Mistake:
    """A mistake by id or by its menu number (from 1)."""
    from .errors import ConfigError

    for number, m in enumerate(MISTAKES, start=1):
        if key.strip() in (m.id, str(number)):
            return m
    raise ConfigError(
        f"unknown bug {key!r} (choose a number 1 to {len(MISTAKES)} or one of "
        f"{', '.join(m.id for m in MISTAKES)})"
    )
