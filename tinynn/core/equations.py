"""The equations of one step as a record of functions: the notes', or one swapped.

`step_pass` (tinynn/step.py) runs forward, loss, backward and update through
an `Equations`. `NOTES` holds the notes' equations, the ones tinynn teaches. A
known mistake (tinynn/mistakes.py) is `NOTES` with one function replaced, so
the bug hunt, the quiz's hints and the checker of a student's code run the
one implementation with that single equation wrong, never a copy of the step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from tinynn.core.backward import (
    Grads,
    hidden_error,
    output_error,
    output_gradient,
    sigmoid_slope,
    weight_gradient,
)
from tinynn.core.forward import Forward
from tinynn.core.loss import loss
from tinynn.core.params import Matrix, Params, Vector
from tinynn.core.update import gradient_step


class Equations(NamedTuple):
    """The replaceable equations of a step (everything else is fixed)."""

    loss: Callable[[Forward, float, str], float]  # L
    output_error: Callable[[Forward, float], float]  # δ2
    output_gradient: Callable[[float, Forward], Vector]  # ∂L/∂W2 from δ2, a1
    sigmoid_slope: Callable[[Forward], Vector]  # σ'(z1)
    hidden_error: Callable[[float, Vector, Vector, Forward], Vector]  # δ1 from δ2, W2, σ'
    weight_gradient: Callable[[Vector, Vector, Forward], Matrix]  # ∂L/∂W1 from δ1, x
    update: Callable[[Params, Grads, float], Params]  # the four update equations


NOTES = Equations(
    loss, output_error, output_gradient, sigmoid_slope, hidden_error, weight_gradient, gradient_step
)
