"""Extreme numbers: no OverflowError, no ln 0, and divergence reported, not hidden."""

from __future__ import annotations

import math

import pytest

from tinynn import (
    Diverged,
    Params,
    TinyNNError,
    backward,
    forward,
    get_dataset,
    init_params,
    loss,
    sigmoid,
    train,
)
from tinynn.core.params import all_finite


def output_only(b2: float, h: int = 1, n: int = 1) -> Params:
    """A network whose output is z2 = b2 whatever the input (W2 = 0)."""
    return Params([[0.0] * n for _ in range(h)], [0.0] * h, [0.0] * h, b2)


@pytest.mark.parametrize("z", [1000.0, 1e6, 1e308])
def test_sigmoid_of_huge_numbers_reaches_its_limits(z: float) -> None:
    assert sigmoid(z) == 1.0
    assert sigmoid(-z) == 0.0


def test_sigmoid_is_symmetric_and_correct_where_it_is_not_saturated() -> None:
    for k in range(-400, 401):
        z = k / 10
        assert math.isclose(sigmoid(z), 1.0 / (1.0 + math.exp(-z)), rel_tol=1e-12)
        assert math.isclose(sigmoid(-z) + sigmoid(z), 1.0, rel_tol=0.0, abs_tol=4e-16)
    assert sigmoid(0.0) == 0.5
    assert 0.0 < sigmoid(-700.0) < 1e-300  # e^z / (1 + e^z), not 1 / (1 + e^700)


@pytest.mark.parametrize(
    ("z2", "y", "limit"),
    [
        (1000.0, 1.0, 0.0),  # right and sure: p = 1, L -> 0
        (1000.0, 0.0, 1000.0),  # wrong and sure: L -> |z2|, never ln 0
        (-1000.0, 1.0, 1000.0),
        (-1000.0, 0.0, 0.0),
        (1e300, 0.0, 1e300),
        (-50.0, 1.0, 50.0),  # 50 + ln(1 + e^-50) is 50 in floating point
    ],
)
def test_log_loss_of_a_saturated_output_is_finite_and_equals_its_limit(
    z2: float, y: float, limit: float
) -> None:
    params = output_only(z2)
    fwd = forward(params, [0.3], "classification")
    assert fwd.z2 == z2
    L = loss(fwd, y, "classification")
    assert math.isfinite(L)
    assert limit == L
    g = backward(params, [0.3], y, fwd, "classification")
    assert g.delta2 == fwd.y_pred - y
    assert abs(g.delta2) <= 1.0


def test_log_loss_matches_its_definition_where_p_is_not_saturated() -> None:
    for k in range(-30, 31):
        z2 = k / 2
        p = 1.0 / (1.0 + math.exp(-z2))
        for y in (0.0, 1.0):
            L = loss(forward(output_only(z2), [0.0], "classification"), y, "classification")
            direct = -(y * math.log(p) + (1 - y) * math.log(1 - p))
            assert math.isclose(L, direct, rel_tol=1e-9, abs_tol=1e-15)


@pytest.mark.parametrize(("z2", "y"), [(1e200, 0.0), (-1e200, 0.0), (0.0, 1e300), (1e308, -1e308)])
def test_squared_error_of_huge_numbers_is_inf_not_overflow_error(z2: float, y: float) -> None:
    L = loss(forward(output_only(z2), [1.0], "regression"), y, "regression")
    assert math.inf == L


def test_training_with_a_huge_learning_rate_raises_diverged() -> None:
    data = get_dataset("sine")
    start = init_params(1, 3, 0)
    with pytest.raises(Diverged) as info:
        train(start, data, lr=1000.0, epochs=50)
    e = info.value
    assert isinstance(e, TinyNNError) and isinstance(e, ValueError)
    assert e.epoch >= 1 and 0 <= e.sample < len(data)
    assert f"epoch {e.epoch}" in str(e) and f"sample {e.sample}" in str(e)
    assert "\n" not in str(e)
    assert all_finite(e.params)
    assert len(e.history) == e.epoch - 1
    assert all(math.isfinite(s.loss) for s in e.history)


@pytest.mark.parametrize("task", ["regression", "classification"])
def test_training_from_huge_weights_raises_diverged_with_finite_params(task: str) -> None:
    data = get_dataset("sine" if task == "regression" else "xor")
    n = data.n_inputs
    start = Params([[1e200] * n] * 3, [0.0] * 3, [1e200, 1e200, 1e200], 1e200)
    if task == "classification":
        # log loss grows only like |z2|: make z2 itself overflow to -inf
        start = Params([[0.0] * n] * 3, [0.0] * 3, [-1e308, -1e308, -1e308], -1e308)
    with pytest.raises(Diverged) as info:
        train(start, data, lr=0.5, epochs=5, task=task)
    assert info.value.epoch == 1
    assert info.value.params == start
    assert all_finite(info.value.params)
    assert info.value.history == []
