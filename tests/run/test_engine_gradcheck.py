"""gradcheck passes for backprop's gradients and fails, on the right entries, for wrong ones."""

from __future__ import annotations

import pytest
from helpers import random_problem

from tinynn import Grads, Params, backward, forward, gradcheck, loss, train_step
from tinynn.run.gradcheck import compare, relative_error

TASKS = ["regression", "classification"]


def problem(task: str, seed: int = 2, n: int = 2, h: int = 3) -> tuple[Params, list[float], float]:
    return random_problem(n, h, task, seed, scale=1.5)


def check(params: Params, x: list[float], y: float, task: str, grads: Grads) -> set[str]:
    """The keys of the entries that fail when `grads` is checked against finite differences."""
    result = compare(params, grads, lambda p: loss(forward(p, x, task), y, task), 1e-5, 1e-6)
    return {e.label for e in result.entries if not e.ok}


def keys(params: Params, *names: str) -> set[str]:
    return {
        name + "".join(f"[{k}]" for k in index)
        for name, index in params.all_keys()
        if name in names
    }


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_gradcheck_passes_for_backprop(task: str, seed: int) -> None:
    params, x, y = problem(task, seed)
    result = gradcheck(params, x, y, task)
    assert result.passed is True
    assert result.max_rel_error < 1e-6
    assert [e.label for e in result.entries] == [
        e for e in (name + "".join(f"[{k}]" for k in idx) for name, idx in params.all_keys())
    ]
    for e in result.entries:
        assert abs(e.analytic - e.numeric) == e.abs_error


@pytest.mark.parametrize("task", TASKS)
def test_delta1_without_sigma_prime_fails_on_w1_and_b1(task: str) -> None:
    params, x, y = problem(task)
    g = backward(params, x, y, forward(params, x, task), task)
    delta1 = [g.delta2 * w for w in params.W2]  # forgot sigma'(z1)
    wrong = g._replace(delta1=delta1, dW1=[[d * xi for xi in x] for d in delta1], db1=delta1)
    assert check(params, x, y, task, wrong) == keys(params, "W1", "b1")
    assert check(params, x, y, task, g) == set()


@pytest.mark.parametrize("task", TASKS)
def test_delta1_from_the_updated_w2_fails(task: str) -> None:
    """Updating W2 before back-propagating to the hidden layer gives wrong W1, b1 gradients."""
    params, x, y = problem(task)
    s = train_step(params, x, y, 0.5, task)
    too_late = backward(s.new_params, x, y, s.forward, task)  # delta1 from the new W2
    wrong = s.grads._replace(delta1=too_late.delta1, dW1=too_late.dW1, db1=too_late.db1)
    assert check(params, x, y, task, wrong) == keys(params, "W1", "b1")


@pytest.mark.parametrize("task", TASKS)
def test_sign_error_in_db2_fails_only_on_b2(task: str) -> None:
    params, x, y = problem(task)
    g = backward(params, x, y, forward(params, x, task), task)
    assert check(params, x, y, task, g._replace(db2=-g.db2)) == {"b2"}


def test_squared_error_delta2_with_log_loss_fails_everywhere() -> None:
    """delta2 = (p - y) p (1 - p) is the gradient of 1/2 (p - y)^2, not of log loss."""
    params, x, y = problem("classification")
    f = forward(params, x, "classification")
    p = f.y_pred
    g = backward(params, x, y, f, "classification")
    d2 = (p - y) * p * (1 - p)
    delta1 = [d2 * w * s for w, s in zip(params.W2, g.sigma_prime)]
    wrong = Grads(
        d2,
        [d2 * a for a in f.a1],
        d2,
        g.sigma_prime,
        delta1,
        [[d * xi for xi in x] for d in delta1],
        delta1,
    )
    assert check(params, x, y, "classification", wrong) == keys(params, "W1", "b1", "W2", "b2")


def test_tolerance_separates_rounding_from_mistakes() -> None:
    params, x, y = problem("regression")
    g = backward(params, x, y, forward(params, x), "regression")
    assert check(params, x, y, "regression", g._replace(db2=g.db2 * (1 + 1e-9))) == set()
    assert check(params, x, y, "regression", g._replace(db2=g.db2 * (1 + 1e-4))) == {"b2"}


def test_relative_error() -> None:
    assert relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1)
    assert relative_error(-2.0, 2.0) == 2.0
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1e-12, 2e-12) == pytest.approx(1e-12 / 1e-8)  # the floor
