"""The catalogue of known backprop mistakes: each is one equation of the step swapped.

A `Mistake` names the wrong equation and the right one, what it changes, how it
shows (the gradient check, or only the loss curve) and why it is wrong. Its
`equations(lr)` are the notes' equations (`tinynn.core.equations.NOTES`) with that
one function replaced (the wrong ones are in tinynn/teach/mistake_equations.py), so
`step_pass(..., eq=mistake.equations(lr))` is the buggy code: the bug hunt plants
it, and the quiz and the checker of a student's own code recognise a wrong number
by recomputing it this way, or one quantity of it on the student's own earlier
numbers (`mistake_equations.equation_value`), so that a mistake is recognised after an
earlier slip too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from tinynn.core.equations import NOTES, Equations
from tinynn.core.errors import ConfigError
from tinynn.teach import mistake_equations as wrong


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
        swap=lambda lr: {"hidden_error": wrong.hidden_error_no_sigma_prime},
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
        swap=lambda lr: {"hidden_error": wrong.hidden_error_with_updated_W2(lr)},
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
        swap=lambda lr: {"weight_gradient": wrong.weight_gradient_a1_for_x},
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
        swap=lambda lr: {"update": wrong.update_notes_E3},
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
        swap=lambda lr: {"output_error": wrong.output_error_logloss_slope},
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
        swap=lambda lr: {"loss": wrong.loss_half_dropped},
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
        swap=lambda lr: {"output_error": wrong.output_error_sign},
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
        swap=lambda lr: {"sigmoid_slope": wrong.sigmoid_slope_of_a1},
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
        swap=lambda lr: {"hidden_error": wrong.hidden_error_a1_for_sigma_prime},
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
        swap=lambda lr: {"update": wrong.update_output_layer_only},
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
        swap=lambda lr: {"sigmoid_slope": wrong.sigmoid_slope_of_z1},
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
        swap=lambda lr: {"update": wrong.update_plus},
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
        swap=lambda lr: {"update": wrong.update_without_lr},
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
        swap=lambda lr: {"update": wrong.update_b1_from_b2},
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
        swap=lambda lr: {"loss": wrong.loss_logloss_sign},
        hunt=False,
    ),
    Mistake(
        "z1-for-a1",
        "∂L/∂W2 computed with z1 instead of a1",
        "∂L/∂W2[j] = δ2·z1[j]",
        "∂L/∂W2[j] = δ2·a1[j]",
        ("dW2", "W2"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "W2[j] multiplies the hidden unit's output a1[j] = σ(z1[j]), so its gradient is "
        "δ2·a1[j]; z1[j] is what goes into the unit's sigmoid, not what comes out.",
        swap=lambda lr: {"output_gradient": wrong.output_gradient_of_z1},
        hunt=False,
    ),
    Mistake(
        "tanh-slope",
        "σ' computed as tanh's slope 1 − a1²",
        "σ'(z1[j]) = 1 − a1[j]²",
        "σ'(z1[j]) = a1[j]·(1 − a1[j])",
        ("sigma_prime", "delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "1 − a² is the slope of tanh written with its output; the sigmoid's slope, written "
        "with its output a1 = σ(z1), is a1(1 − a1). At a1 = ½ the first is ¾, three times "
        "the sigmoid's ¼.",
        swap=lambda lr: {"sigmoid_slope": wrong.sigmoid_slope_of_tanh},
        hunt=False,
    ),
    Mistake(
        "elementwise-dW1",
        "∂L/∂W1 as δ1 times x entry by entry, not the outer product",
        "∂L/∂W1[j][i] = δ1[i]·x[i]   (NumPy delta1 * x, repeated for every row)",
        "∂L/∂W1[j][i] = δ1[j]·x[i]   (np.outer(delta1, x))",
        ("dW1", "W1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "W1[j][i] joins input i to hidden unit j, so its gradient is unit j's error times "
        "input i: the outer product δ1 xᵀ, np.outer(delta1, x). delta1 * x multiplies entry "
        "by entry (it works only with as many hidden units as inputs), and broadcasting "
        "then gives every row of W1 the same gradient.",
        swap=lambda lr: {"weight_gradient": wrong.weight_gradient_elementwise},
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
