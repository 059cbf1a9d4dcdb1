"""Gradient checking: compare backprop's gradients with finite differences.

For every parameter theta, the central difference

    (L(theta + eps) - L(theta - eps)) / (2 eps)

approximates dL/dtheta with an error of order eps^2. If backprop is right,
the two agree to many digits; a wrong equation shows up as a large relative
error on exactly the parameters it touches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .backward import Grads, backward
from .forward import forward
from .loss import loss
from .params import Params

LossFn = Callable[[Params], float]


@dataclass(frozen=True)
class GradCheckEntry:
    name: str
    index: tuple[int, ...]
    analytic: float
    numeric: float
    rel_error: float
    ok: bool

    @property
    def abs_error(self) -> float:
        return abs(self.analytic - self.numeric)

    @property
    def key(self) -> str:
        return self.name + "".join(f"[{k}]" for k in self.index)


@dataclass(frozen=True)
class GradCheck:
    entries: list[GradCheckEntry]
    eps: float
    tol: float

    @property
    def passed(self) -> bool:
        return all(e.ok for e in self.entries)

    @property
    def max_rel_error(self) -> float:
        return max(e.rel_error for e in self.entries)


def relative_error(a: float, b: float, floor: float = 1e-8) -> float:
    """|a - b| / max(|a|, |b|, floor); the floor keeps two near-zero gradients from failing."""
    return abs(a - b) / max(abs(a), abs(b), floor)


def grad_of(grads: Grads, name: str, index: tuple[int, ...]) -> float:
    """The entry of `grads` that belongs to parameter `name[index]`."""
    if name == "W1":
        return grads.dW1[index[0]][index[1]]
    if name == "b1":
        return grads.db1[index[0]]
    if name == "W2":
        return grads.dW2[index[0]]
    return grads.db2


def compare(
    params: Params, grads: Grads, loss_at: LossFn, eps: float, tol: float, atol: float = 1e-8
) -> GradCheck:
    """Check `grads` against central differences of `loss_at` around `params`.

    An entry passes if its relative error is at most `tol`, or if both numbers
    are so small that their absolute difference is at most `atol` (there the
    finite difference is all rounding noise).
    """
    entries = []
    for name, index, theta in params.flat():
        plus = loss_at(params.with_value(name, index, theta + eps))
        minus = loss_at(params.with_value(name, index, theta - eps))
        numeric = (plus - minus) / (2 * eps)
        analytic = grad_of(grads, name, index)
        err = relative_error(analytic, numeric)
        ok = err <= tol or abs(analytic - numeric) <= atol
        entries.append(GradCheckEntry(name, index, analytic, numeric, err, ok))
    return GradCheck(entries, eps, tol)


def gradcheck(
    params: Params,
    x: list[float],
    y: float,
    task: str = "regression",
    eps: float = 1e-5,
    tol: float = 1e-6,
    atol: float = 1e-8,
) -> GradCheck:
    """Backprop's gradient against a central difference for every parameter.

    Args:
        params: the point at which to check.
        x: one input sample.
        y: its target.
        task: "regression" or "classification".
        eps: the finite-difference step.
        tol: the largest relative error that passes.
        atol: an absolute difference that passes whatever the relative error.

    Returns:
        A `GradCheck`: one entry per parameter, `.passed` overall.
    """
    grads = backward(params, x, y, forward(params, x, task), task)
    return compare(params, grads, lambda p: loss(forward(p, x, task), y, task), eps, tol, atol)
