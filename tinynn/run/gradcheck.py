"""Gradient checking: compare backprop's gradients with finite differences.

For every parameter theta, the central difference

    (L(theta + eps) - L(theta - eps)) / (2 eps)

approximates dL/dtheta with an error of order eps^2. If backprop is right,
the two agree to many digits; a wrong equation shows up as a large relative
error on exactly the parameters it touches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from tinynn.core import display
from tinynn.core.backward import Grads, backward_pass
from tinynn.core.equations import NOTES, Equations
from tinynn.core.forward import forward_pass
from tinynn.core.names import GRAD, Key, key_text
from tinynn.core.params import Params, Vector
from tinynn.core.validate import validate_params, validate_positive, validate_sample, validate_task


class GradCheckEntry(NamedTuple):
    """One parameter: backprop's gradient, the central difference, and whether they agree."""

    key: Key
    analytic: float
    numeric: float
    rel_error: float
    ok: bool

    @property
    def abs_error(self) -> float:
        return abs(self.analytic - self.numeric)

    @property
    def label(self) -> str:
        """The parameter as text, e.g. "W1[1][0]"."""
        return key_text(self.key)


class GradCheck(NamedTuple):
    """Every parameter's entry, the step `eps`, the relative tolerance `tol` and the absolute
    one `atol` (two gradients closer than it agree, whatever their relative error)."""

    entries: list[GradCheckEntry]
    eps: float
    tol: float
    atol: float = 1e-8

    @property
    def passed(self) -> bool:
        return all(e.ok for e in self.entries)

    @property
    def unseen(self) -> list[GradCheckEntry]:
        """The entries that pass with a finite difference below `atol`: the check cannot see
        such a gradient (rounding noise is as large), so its agreeing says nothing."""
        return [e for e in self.entries if e.ok and abs(e.numeric) <= self.atol]

    @property
    def max_rel_error(self) -> float:
        return max(e.rel_error for e in self.entries)

    def _repr_markdown_(self) -> str:
        return display.markdown(self)


def relative_error(a: float, b: float, floor: float = 1e-8) -> float:
    """|a - b| / max(|a|, |b|, floor); the floor keeps two near-zero gradients from failing."""
    return abs(a - b) / max(abs(a), abs(b), floor)


MAX_EPS = 1.0  # a larger step measures the loss's shape, not its slope


def gradcheck(
    params: Params,
    x: Vector,
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
        eps: the finite-difference step, in (0, 1].
        tol: the largest relative error that passes.
        atol: an absolute difference that passes whatever the relative error.

    Returns:
        A `GradCheck`: one entry per parameter, `.passed` overall.
    """
    validate_task(task)
    validate_params(params)
    validate_sample(params, x, y, task)
    validate_positive("eps (the finite-difference step)", eps, MAX_EPS)
    validate_positive("tol", tol)
    validate_positive("atol", atol)
    return check_gradients(params, x, y, task, eps, tol, atol)


def check_gradients(
    params: Params,
    x: Vector,
    y: float,
    task: str,
    eps: float,
    tol: float,
    atol: float = 1e-8,
    eq: Equations = NOTES,
) -> GradCheck:
    """`gradcheck` without the checks, for the equations `eq` (the notes', or a mistake):
    backprop of `eq` against central differences of the loss `eq` reports.

    An entry passes if its relative error is at most `tol`, or if both numbers
    are so small that their absolute difference is at most `atol` (there the
    finite difference is all rounding noise).
    """
    grads = backward_pass(params, x, y, forward_pass(params, x, task), eq)

    def loss_at(p: Params) -> float:
        return eq.loss(forward_pass(p, x, task), y, task)

    return compare(params, grads, loss_at, eps, tol, atol)


def compare(
    params: Params,
    grads: Grads,
    loss_at: Callable[[Params], float],
    eps: float,
    tol: float,
    atol: float = 1e-8,
) -> GradCheck:
    """Check `grads` against central differences of `loss_at` around `params`."""
    entries = []
    for key in params.all_keys():
        theta = params.get(key)
        plus = loss_at(params.with_value(key, theta + eps))
        minus = loss_at(params.with_value(key, theta - eps))
        numeric = (plus - minus) / (2 * eps)
        analytic = grads.get((GRAD[key[0]], key[1]))
        err = relative_error(analytic, numeric)
        ok = err <= tol or abs(analytic - numeric) <= atol
        entries.append(GradCheckEntry(key, analytic, numeric, err, ok))
    return GradCheck(entries, eps, tol, atol)
