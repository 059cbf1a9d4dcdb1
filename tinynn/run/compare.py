"""The notes' closing question: how does log loss change the update rule?

Three ways to put an output and a loss on the same hidden layer:

    (a) linear output,  L = 1/2 (z2 - y)^2:   delta2 = z2 - y
    (b) sigmoid output, log loss:              delta2 = p - y
    (c) sigmoid output, L = 1/2 (p - y)^2:     delta2 = (p - y) p (1 - p)

(a) and (b) have the same form, so the update rule is unchanged; (c) carries
the sigmoid's slope p(1 - p), which vanishes when the output saturates, even
when it saturates on the wrong side. That is why log loss is used.

All three run the one implementation (`step_pass`): (a) is the regression
task, (b) the classification task, and (c) the classification task with two
of its equations swapped (the loss and delta2, `SIGMOID_SQUARED_ERROR`), so
everything below the output is visibly the same code in all three.
"""

from __future__ import annotations

import contextlib
import math
from typing import TYPE_CHECKING, NamedTuple

from tinynn.core import display
from tinynn.core.equations import NOTES, Equations
from tinynn.core.forward import Forward, sigmoid
from tinynn.core.loss import squared_error
from tinynn.core.params import Params, Vector
from tinynn.core.step import step_pass
from tinynn.core.validate import validate_params, validate_sample
from tinynn.run.train import Diverged, EpochStats, accuracy_of, class_of, train

if TYPE_CHECKING:
    from tinynn.io.data import Dataset


def _squared_error_of_p(fwd: Forward, y: float, task: str) -> float:
    return squared_error(fwd.y_pred, y)  # L = ½(p − y)², p = σ(z2)


def _delta2_through_the_sigmoid(fwd: Forward, y: float) -> float:
    p = fwd.y_pred
    return (p - y) * p * (1.0 - p)  # δ2 = ∂L/∂p · ∂p/∂z2 = (p − y)·p(1 − p)


SIGMOID_SQUARED_ERROR = NOTES._replace(
    loss=_squared_error_of_p, output_error=_delta2_through_the_sigmoid
)

# (label, output, loss, δ2 formula, task, equations)
CASES: tuple[tuple[str, str, str, str, str, Equations], ...] = (
    ("a", "linear: y_pred = z2", "½(y_pred − y)²", "δ2 = y_pred − y", "regression", NOTES),
    ("b", "sigmoid: p = σ(z2)", "log loss", "δ2 = p − y", "classification", NOTES),
    (
        "c",
        "sigmoid: p = σ(z2)",
        "½(p − y)²",
        "δ2 = (p − y)·p·(1 − p)",
        "classification",
        SIGMOID_SQUARED_ERROR,
    ),
)


class Case(NamedTuple):
    label: str
    output: str
    loss_name: str
    delta2_formula: str
    y_pred: float
    loss: float
    delta2: float
    dW2: Vector
    db2: float
    delta1: Vector


class Saturated(NamedTuple):
    """delta2 of (b) and (c) had the output been confidently wrong: z2 = z2_wrong."""

    z2_wrong: float
    p: float
    delta2_log_loss: float
    delta2_squared_error: float


class Comparison(NamedTuple):
    x: Vector
    y: float
    z2: float
    a1: Vector
    cases: list[Case]
    saturated: Saturated

    def _repr_markdown_(self) -> str:
        return display.markdown(self)


class RunEpoch(NamedTuple):
    """One epoch of each case trained from the same weights: mean loss and accuracy."""

    epoch: int
    losses: tuple[float, ...]  # (a), (b), (c), each its own loss
    accuracies: tuple[float, ...]  # the fraction classified right (`accuracy_of`)


EXPLANATION = (
    "With a sigmoid output and log loss, ∂L/∂p = (p − y) / (p(1 − p)) cancels the sigmoid's "
    "slope ∂p/∂z2 = p(1 − p), so δ2 = p − y has the same form as regression's y_pred − y: "
    "the rest of backprop and the update rule are unchanged. With squared error on a sigmoid, "
    "δ2 keeps the factor p(1 − p), which is near 0 whenever the output saturates, even when it "
    "is confidently wrong, so learning stalls. That is why classification uses log loss. "
    'The output p is a probability in (0, 1), not "0 or 1" as the notes say (erratum E4): '
    "the label is 0 or 1, and the class is read off by thresholding p at 0.5."
)


def compare_outputs(params: Params, x: Vector, y: float) -> Comparison:
    """delta2, the output-layer gradients and delta1 of one sample under the three set-ups.

    Args:
        params: the network (its hidden layer is shared by all three cases).
        x: one input sample.
        y: its target, a label from 0 to 1, so that (b) and (c) make sense.
    """
    validate_params(params)
    validate_sample(params, x, y, "classification")
    cases = []
    for label, output, loss_name, formula, task, eq in CASES:
        s = step_pass(params, x, y, 1.0, task, eq)
        g = s.grads
        cases.append(
            Case(label, output, loss_name, formula, s.forward.y_pred, s.loss, g.delta2, g.dW2,
                 g.db2, g.delta1)
        )  # fmt: skip
    f = step_pass(params, x, y, 1.0, "regression").forward
    return Comparison(x, y, f.z2, f.a1, cases, saturated_wrong(y))


def compare_runs(
    params: Params, data: Dataset, lr: float, epochs: int, seed: int = 0
) -> list[RunEpoch]:
    """Train the three set-ups from the same weights with the same shuffle, epoch by epoch.

    Args:
        params: the starting weights, shared by all three.
        data: samples whose targets are labels from 0 to 1.
        lr: the learning rate eta.
        epochs: how many epochs.
        seed: the shuffle's seed.

    Returns:
        One `RunEpoch` per epoch; a case that diverges shows inf from then on.
    """
    per_case: list[list[tuple[float, float]]] = []
    for case in CASES:
        task, eq = case[4], case[5]
        rows: list[tuple[float, float]] = []

        def record(
            stats: EpochStats, p: Params, rows: list[tuple[float, float]] = rows, task: str = task
        ) -> None:
            rows.append((stats.loss, accuracy_of(p, data, task)))

        with contextlib.suppress(Diverged):  # the epochs before it are kept in `rows`
            train(params, data, lr, epochs, task, seed, record, equations=eq)
        rows += [(math.inf, math.nan)] * (epochs - len(rows))
        per_case.append(rows)
    return [
        RunEpoch(e + 1, tuple(c[e][0] for c in per_case), tuple(c[e][1] for c in per_case))
        for e in range(epochs)
    ]


def saturated_wrong(y: float, margin: float = 6.0) -> Saturated:
    """delta2 for log loss and for squared error when sigma(z2) is confidently wrong.

    z2 = -margin if the label is 1 (p near 0), +margin if it is 0 (p near 1).
    """
    z2 = -margin if class_of(y) == 1 else margin
    p = sigmoid(z2)
    return Saturated(z2, p, p - y, (p - y) * p * (1.0 - p))


# Where the notes' own answer to their closing question ("how does the update rule
# change for binary classification with log loss?") stops short.
NOTES_ANSWER_SHORT = (
    "The notes answer their closing question by naming a different output and a different "
    "loss. They stop short twice: they never mention the sigmoid output p = σ(z2) or the "
    "result δ2 = p − y, and the question asks about the update rule, which they do not "
    "answer: it is unchanged (δ2 has the form of regression's y_pred − y, so δ1 and every "
    "update equation stay as they are), as (a) and (b) show above."
)
