"""How close a student's number must be to the engine's to be the same number.

A value may differ from the engine's by `tolerance` relative, plus a few units in
the last place of the magnitudes it was computed from (its scale), so that a sum
that cancels, σ' written as a1·(1 − a1) or as a1·σ(−z1), or a gradient recovered
from an updated parameter never blame correct code. A value that is not finite
(inf, nan) is the same only as itself, where the engine's is that too: a tolerance
relative to an infinite value would let an infinity pass for any number.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from tinynn.core.equations import NOTES
from tinynn.core.forward import Forward, sigmoid
from tinynn.core.names import PARAMS, Key, gradient_key, parameter_key
from tinynn.core.params import Params
from tinynn.core.step import Step, step_pass
from tinynn.core.table import formulas
from tinynn.grading.cases import CheckCase
from tinynn.run.trace import Trace, describe

ROUNDING = 64 * 2.0**-52  # units in the last place an equivalent order of operations may cost


def value_of(step: Step, key: Key) -> float:
    """The value the step computed for `key`; W1, b1, W2, b2 are the updated ones."""
    name, index = key
    if name in ("z1", "a1", "z2", "y_pred"):
        v: Any = getattr(step.forward, name)
        for k in index:
            v = v[k]
        return float(v)
    if name == "L":
        return step.loss
    if name in PARAMS:
        return step.new_params.get(key)
    return step.grads.get(key)


def recovered(params: Params, new_params: Params, key: Key, lr: float) -> float:
    """The gradient a parameter's update implies: (θ − θ_new)/η, for the gradient's key."""
    pkey = parameter_key(key)
    return (params.get(pkey) - new_params.get(pkey)) / lr


def scales(step: Step) -> dict[Key, float]:
    """The magnitude each value is computed from: its rounding error is a few ulps of it.

    It follows the equations: a sum's terms, a product's factors times its
    operands' scales, so that a value that cancels (z1 = 1.1 − 1.1) or a σ' lost
    to saturation is compared with the rounding its inputs carry.
    """
    p, f, g, q, x, y = step.params, step.forward, step.grads, step.new_params, step.x, step.y
    h, n = p.n_hidden, len(x)
    J, I = range(h), range(n)  # noqa: E741 (the notes' indices)
    z1 = [sum(abs(w * xi) for w, xi in zip(p.W1[j], x)) + abs(p.b1[j]) for j in J]
    a1 = [abs(a) + a * (1 - a) * s for a, s in zip(f.a1, z1)]
    z2 = sum(abs(w) * (abs(a) + s) for w, a, s in zip(p.W2, f.a1, a1)) + abs(p.b2)
    pr = f.y_pred
    y_pred = z2 if step.task == "regression" else abs(pr) + pr * (1 - pr) * z2
    delta2 = y_pred + abs(y) + abs(g.delta2)
    if step.task == "regression":
        L = abs(step.loss) + abs(g.delta2) * delta2
    else:
        slope = y / max(pr, 1e-300) + (1 - y) / max(1 - pr, 1e-300)
        L = abs(step.loss) + 1.0 + y_pred * slope
    sp = [s + abs(a) for s, a in zip(a1, f.a1)]
    d1 = [delta2 * abs(p.W2[j] * g.sigma_prime[j]) + abs(g.delta2 * p.W2[j]) * sp[j] for j in J]
    out: dict[Key, float] = {("z2", ()): z2, ("y_pred", ()): y_pred, ("L", ()): L,
                             ("delta2", ()): delta2, ("db2", ()): delta2}  # fmt: skip
    for j in J:
        out["z1", (j,)] = z1[j]
        out["a1", (j,)] = a1[j]
        out["dW2", (j,)] = delta2 * abs(f.a1[j]) + abs(g.delta2) * a1[j]
        out["sigma_prime", (j,)] = sp[j]
        out["delta1", (j,)] = out["db1", (j,)] = d1[j]
        for i in I:
            out["dW1", (j, i)] = d1[j] * abs(x[i])
    for key in p.all_keys():  # an updated parameter θ − η·g
        out[key] = abs(p.get(key)) + abs(q.get(key)) + step.lr * out[gradient_key(key)]
    return out


def _stable_slope(fwd: Forward) -> list[float]:
    # σ'(z1) = a1·σ(−z1): the same number as a1·(1 − a1), without the cancellation
    return [a * sigmoid(-z) for a, z in zip(fwd.a1, fwd.z1)]


class Reference:
    """The engine's step on a case (and the cancellation-free σ' variant), computed once,
    and whether a student's number is the same as its."""

    def __init__(self, case: CheckCase) -> None:
        p, x, y, lr, task = case.params, case.x, case.y, case.lr, case.task
        self.case = case
        self.step = step_pass(p, x, y, lr, task)
        self.alt = step_pass(p, x, y, lr, task, NOTES._replace(sigmoid_slope=_stable_slope))
        self.keys = [f.key for f in formulas(task, p.n_hidden, len(x))]  # the trace's order
        self.scales = scales(self.step)

    @functools.cached_property
    def trace(self) -> Trace:
        """The step's trace (its equations with their numbers), written when a report
        needs it: most cases agree, and need only `keys`."""
        return describe(self.step)

    def value(self, step: Step, key: Key, from_update: bool) -> float:
        if from_update:
            return recovered(step.params, step.new_params, key, step.lr)
        return value_of(step, key)

    def tolerance(self, key: Key, expected: float, got: float, rtol: float,
                  from_update: bool) -> float:  # fmt: skip
        scale = self.scales[key]
        if from_update:
            pkey = parameter_key(key)
            theta = abs(self.step.params.get(pkey)) + abs(self.step.new_params.get(pkey))
            scale += theta / self.case.lr
        size = max(abs(expected), abs(got))
        if key[0] in PARAMS:  # an update: relative to θ, not to the step
            size = max(size, abs(self.step.params.get(key)))
        return rtol * size + ROUNDING * scale

    def close(self, key: Key, got: float, rtol: float, from_update: bool,
              steps: tuple[Step, ...] | None = None) -> bool:  # fmt: skip
        for step in steps or (self.step, self.alt):
            want = self.value(step, key, from_update)
            if not (math.isfinite(got) and math.isfinite(want)):
                if got == want or (math.isnan(got) and math.isnan(want)):
                    return True
                continue
            if got == want or abs(got - want) <= self.tolerance(key, want, got, rtol, from_update):
                return True
        return False
