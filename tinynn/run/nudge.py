"""What a gradient means, measured: nudge one parameter and watch the loss.

∂L/∂θ says how fast the loss changes when θ alone moves. Moving θ by a small
ε and running the forward pass again measures that change:

    ΔL = L(θ + ε) − L(θ)   ≈   ∂L/∂θ · ε

and (L(θ + ε) − L(θ − ε)) / 2ε approaches ∂L/∂θ as ε shrinks (the gradient
check does this for every parameter). The losses here come from the same
forward pass and loss the step used, with `Params.with_value`.
"""

from __future__ import annotations

from typing import NamedTuple

from tinynn.core.forward import forward_pass
from tinynn.core.loss import loss
from tinynn.core.names import GRAD, Key
from tinynn.core.step import Step


class Nudge(NamedTuple):
    """The loss of one sample at θ − ε, θ and θ + ε, beside the gradient."""

    key: Key
    theta: float
    eps: float
    loss: float  # L(θ), the step's loss
    loss_plus: float  # L(θ + ε)
    loss_minus: float  # L(θ − ε)
    grad: float  # ∂L/∂θ from backpropagation

    @property
    def change_plus(self) -> float:
        """ΔL = L(θ + ε) − L(θ), measured."""
        return self.loss_plus - self.loss

    @property
    def change_minus(self) -> float:
        """ΔL = L(θ − ε) − L(θ), measured."""
        return self.loss_minus - self.loss

    @property
    def predicted(self) -> float:
        """∂L/∂θ · ε: the change the gradient predicts for θ + ε (the opposite for θ − ε)."""
        return self.grad * self.eps

    @property
    def central(self) -> float:
        """(L(θ + ε) − L(θ − ε)) / 2ε, the measured slope."""
        return (self.loss_plus - self.loss_minus) / (2 * self.eps)


def nudge(step: Step, key: Key, eps: float = 1e-3) -> Nudge:
    """Run the step's sample through its parameters with `key` moved by ±eps.

    Args:
        step: a step (its parameters, sample, task and gradients are used).
        key: a parameter's key, e.g. ("W1", (0, 1)).
        eps: the nudge ε.

    Returns:
        A `Nudge` with the three losses and the gradient of `key`.
    """
    p, theta = step.params, step.params.get(key)

    def loss_at(value: float) -> float:
        fwd = forward_pass(p.with_value(key, value), step.x, step.task)
        return loss(fwd, step.y, step.task)

    grad = step.grads.get((GRAD[key[0]], key[1]))
    return Nudge(key, theta, eps, step.loss, loss_at(theta + eps), loss_at(theta - eps), grad)
