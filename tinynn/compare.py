"""The notes' closing question: how does log loss change the update rule?

Three ways to put an output and a loss on the same hidden layer, for one sample:

    (a) linear output,  L = 1/2 (z2 - y)^2:   delta2 = z2 - y
    (b) sigmoid output, log loss:              delta2 = p - y
    (c) sigmoid output, L = 1/2 (p - y)^2:     delta2 = (p - y) p (1 - p)

(a) and (b) have the same form, so the update rule is unchanged; (c) carries
the sigmoid's slope p(1 - p), which vanishes when the output saturates, even
when it saturates on the wrong side. That is why log loss is used.
"""

from __future__ import annotations

from typing import NamedTuple

from .forward import forward_pass, sigmoid
from .loss import log_loss_from_logit, squared_error
from .params import Params


class Case(NamedTuple):
    label: str
    output: str
    loss_name: str
    delta2_formula: str
    y_pred: float
    loss: float
    delta2: float
    dW2: list[float]
    db2: float


class Saturated(NamedTuple):
    """delta2 of (b) and (c) had the output been confidently wrong: z2 = z2_wrong."""

    z2_wrong: float
    p: float
    delta2_log_loss: float
    delta2_squared_error: float


class Comparison(NamedTuple):
    x: list[float]
    y: float
    z2: float
    a1: list[float]
    cases: list[Case]
    saturated: Saturated


EXPLANATION = (
    "With a sigmoid output and log loss, ∂L/∂p = (p − y) / (p(1 − p)) cancels the sigmoid's "
    "slope ∂p/∂z2 = p(1 − p), so δ2 = p − y has the same form as regression's y_pred − y: "
    "the rest of backprop and the update rule are unchanged. With squared error on a sigmoid, "
    "δ2 keeps the factor p(1 − p), which is near 0 whenever the output saturates, even when it "
    "is confidently wrong, so learning stalls. That is why classification uses log loss. "
    'The output p is a probability in (0, 1), not "0 or 1" as the notes say (erratum E4): '
    "the label is 0 or 1, and the class is read off by thresholding p at 0.5."
)


def compare_outputs(params: Params, x: list[float], y: float) -> Comparison:
    """delta2 and the output-layer gradients of one sample under the three set-ups.

    Args:
        params: the network (its hidden layer is shared by all three cases).
        x: one input sample.
        y: its target, a label from 0 to 1, so that (b) and (c) make sense.
    """
    from .checks import check_params, check_sample

    check_params(params)
    check_sample(params, x, y, "classification")
    f = forward_pass(params, x, "regression")
    z2, a1 = f.z2, f.a1
    p = sigmoid(z2)
    d_a = z2 - y
    d_b = p - y
    d_c = (p - y) * p * (1.0 - p)
    cases = [
        Case(
            "a",
            "linear: y_pred = z2",
            "½(y_pred − y)²",
            "δ2 = y_pred − y",
            z2,
            squared_error(z2, y),
            d_a,
            [d_a * a for a in a1],
            d_a,
        ),
        Case(
            "b",
            "sigmoid: p = σ(z2)",
            "log loss",
            "δ2 = p − y",
            p,
            log_loss_from_logit(z2, y),
            d_b,
            [d_b * a for a in a1],
            d_b,
        ),
        Case(
            "c",
            "sigmoid: p = σ(z2)",
            "½(p − y)²",
            "δ2 = (p − y)·p·(1 − p)",
            p,
            squared_error(p, y),
            d_c,
            [d_c * a for a in a1],
            d_c,
        ),
    ]
    return Comparison(x, y, z2, a1, cases, saturated_wrong(y))


def saturated_wrong(y: float, margin: float = 6.0) -> Saturated:
    """delta2 for log loss and for squared error when sigma(z2) is confidently wrong.

    z2 = -margin if the label is 1 (p near 0), +margin if it is 0 (p near 1).
    """
    z2 = -margin if y >= 0.5 else margin
    p = sigmoid(z2)
    return Saturated(z2, p, p - y, (p - y) * p * (1.0 - p))
