"""Backprop checked against an independent reference: a tiny scalar autograd.

`Value` below knows nothing of the notes' equations: it records add, mul,
neg, exp and log, and differentiates any expression built from them by the
chain rule in reverse. The loss is written from its definition only
(sigmoid as exp(-log(1 + exp(-z))), log loss as -[y ln p + (1 - y) ln(1 - p)]),
so agreement with `tinynn.core.backward` on random shapes and parameters is
evidence that the hand-derived equations are right.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tinynn import Params, backward, forward, gradcheck, loss, train_step

REL = 1e-9


class Value:
    """A scalar that remembers how it was computed, micrograd-style."""

    def __init__(self, data: float, parents: tuple[Value, ...] = (), local: tuple = ()) -> None:
        self.data = data
        self.grad = 0.0
        self.parents = parents
        self.local = local  # d(self)/d(parent) for each parent

    def __add__(self, other: Value | float) -> Value:
        o = other if isinstance(other, Value) else Value(other)
        return Value(self.data + o.data, (self, o), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, other: Value | float) -> Value:
        o = other if isinstance(other, Value) else Value(other)
        return Value(self.data * o.data, (self, o), (o.data, self.data))

    __rmul__ = __mul__

    def __neg__(self) -> Value:
        return Value(-self.data, (self,), (-1.0,))

    def exp(self) -> Value:
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self) -> Value:
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def backward(self) -> None:
        """Fill .grad of every Value this one depends on (reverse topological order)."""
        order: list[Value] = []
        seen: set[int] = set()

        def visit(v: Value) -> None:
            if id(v) not in seen:
                seen.add(id(v))
                for p in v.parents:
                    visit(p)
                order.append(v)

        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            for p, d in zip(v.parents, v.local):
                p.grad += d * v.grad


def sigmoid(z: Value) -> Value:
    """1 / (1 + e^-z) written with exp and log only."""
    return (-((1.0 + (-z).exp()).log())).exp()


def reference_loss(
    W1: list[list[Value]],
    b1: list[Value],
    W2: list[Value],
    b2: Value,
    x: list[float],
    y: float,
    task: str,
) -> Value:
    """The loss from its definition, built of Values."""
    a1 = []
    for row, b in zip(W1, b1):
        z = b
        for w, xi in zip(row, x):
            z = z + w * xi
        a1.append(sigmoid(z))
    z2 = b2
    for w, a in zip(W2, a1):
        z2 = z2 + w * a
    if task == "regression":
        d = z2 + (-y)
        return 0.5 * (d * d)
    p = sigmoid(z2)
    return -(y * p.log() + (1.0 - y) * (1.0 + -p).log())


def reference_grads(params: Params, x: list[float], y: float, task: str) -> tuple[Value, Params]:
    """The loss and dL/d(every parameter) by reverse-mode autograd, shaped like Params."""
    W1 = [[Value(w) for w in row] for row in params.W1]
    b1 = [Value(b) for b in params.b1]
    W2 = [Value(w) for w in params.W2]
    b2 = Value(params.b2)
    L = reference_loss(W1, b1, W2, b2, x, y, task)
    L.backward()
    return L, Params(
        [[w.grad for w in row] for row in W1], [b.grad for b in b1], [w.grad for w in W2], b2.grad
    )


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL, abs_tol=0.0)


# Round numbers in [-1.5, 1.5]: no subnormals, and |z1|, |z2| stay small enough that
# sigma' = a(1 - a) and p - y keep their relative precision (see test docstring).
number = st.integers(-1500, 1500).map(lambda k: k / 1000)


@st.composite
def problems(draw: Callable, task: str) -> tuple[Params, list[float], float]:
    n = draw(st.integers(1, 4))
    h = draw(st.integers(1, 8))
    W1 = [[draw(number) for _ in range(n)] for _ in range(h)]
    b1 = [draw(number) for _ in range(h)]
    W2 = [draw(number) for _ in range(h)]
    b2 = draw(number)
    x = [draw(number) for _ in range(n)]
    y = draw(number) if task == "regression" else float(draw(st.sampled_from([0, 1])))
    return Params(W1, b1, W2, b2), x, y


def check_against_reference(params: Params, x: list[float], y: float, task: str) -> None:
    L_ref, ref = reference_grads(params, x, y, task)
    fwd = forward(params, x, task)
    # p - y (and z2 - y) cancel when the output is right on target: there only the
    # absolute error is meaningful, so such draws are left out.
    assume(abs(fwd.y_pred - y) > 1e-6)
    g = backward(params, x, y, fwd, task)
    assert math.isclose(loss(fwd, y, task), L_ref.data, rel_tol=REL)
    assert close(g.db2, ref.b2)
    assert close(g.delta2, ref.b2)  # dL/dz2 = dL/db2
    for j in range(params.n_hidden):
        assert close(g.dW2[j], ref.W2[j]), ("dW2", j)
        assert close(g.db1[j], ref.b1[j]), ("db1", j)
        assert close(g.delta1[j], ref.b1[j]), ("delta1", j)  # dL/dz1[j] = dL/db1[j]
        for i in range(params.n_inputs):
            assert close(g.dW1[j][i], ref.W1[j][i]), ("dW1", j, i)


@settings(max_examples=60, deadline=None)
@given(problems("regression"))
def test_regression_grads_match_autograd(problem: tuple[Params, list[float], float]) -> None:
    check_against_reference(*problem, "regression")


@settings(max_examples=60, deadline=None)
@given(problems("classification"))
def test_classification_grads_match_autograd(problem: tuple[Params, list[float], float]) -> None:
    check_against_reference(*problem, "classification")


@settings(max_examples=60, deadline=None)
@given(problems("classification"))
def test_log_loss_delta2_is_p_minus_y(problem: tuple[Params, list[float], float]) -> None:
    """With a sigmoid output and log loss, dL/dz2 = p - y exactly as the engine computes it."""
    params, x, y = problem
    s = train_step(params, x, y, 0.1, "classification")
    p = 1.0 / (1.0 + math.exp(-s.forward.z2))
    assert s.grads.delta2 == s.forward.y_pred - y
    assert math.isclose(s.grads.delta2, p - y, rel_tol=1e-9, abs_tol=1e-15)


@settings(max_examples=40, deadline=None)
@given(problems("regression"))
def test_gradcheck_passes_regression(problem: tuple[Params, list[float], float]) -> None:
    assert gradcheck(*problem, "regression").passed is True


@settings(max_examples=40, deadline=None)
@given(problems("classification"))
def test_gradcheck_passes_classification(problem: tuple[Params, list[float], float]) -> None:
    assert gradcheck(*problem, "classification").passed is True


def test_reference_autograd_on_a_known_function() -> None:
    """The reference itself: d/du of u*exp(u) + log(u) at u = 2 is (1 + u) e^u + 1/u."""
    u = Value(2.0)
    f = u * u.exp() + u.log()
    f.backward()
    assert math.isclose(u.grad, 3.0 * math.exp(2.0) + 0.5, rel_tol=1e-15)
    s = Value(0.3)
    sigmoid(s).backward()
    sig = 1.0 / (1.0 + math.exp(-0.3))
    assert math.isclose(s.grad, sig * (1.0 - sig), rel_tol=1e-12)
