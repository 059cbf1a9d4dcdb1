"""Training: the built-in problems are learned, runs are reproducible, epochs are reported.

Settings used here (all with lr 0.5 and seed 0, the defaults of tinynn.run.config):
    sine    hidden 3, 500 epochs: mean loss falls from 0.14 to about 1e-5
    xor     hidden 3, 1000 epochs: 100 % accuracy from epoch 318 on
    circle  hidden 4, 200 epochs: 100 % accuracy (hidden 3 needs ~500 epochs for 97 %)
"""

from __future__ import annotations

import copy
import math
import random

import pytest

from tinynn import (
    ConfigError,
    EpochStats,
    Params,
    ParamsError,
    TinyNNError,
    accuracy,
    get_dataset,
    init_params,
    predict,
    train,
    train_step,
)
from tinynn.io.data import Dataset
from tinynn.run.config import DEFAULT_HIDDEN, DEFAULT_LR, DEFAULT_SEED
from tinynn.run.train import accuracy_of, class_of


def test_sine_regression_with_the_defaults_learns() -> None:
    data = get_dataset("sine")
    start = init_params(data.n_inputs, DEFAULT_HIDDEN, DEFAULT_SEED)
    result = train(start, data, DEFAULT_LR, 500, "regression", DEFAULT_SEED)
    first, last = result.history[0].loss, result.history[-1].loss
    assert last < 0.1 * first
    assert last < 1e-3
    # and the trained network really fits: its mean loss recomputed from scratch is small
    mse = sum(0.5 * (predict(result.params, x) - y) ** 2 for x, y in data.samples) / len(data)
    assert mse < 1e-3
    assert all(s.accuracy is None for s in result.history)


def test_xor_reaches_full_accuracy() -> None:
    data = get_dataset("xor")
    result = train(init_params(2, 3, 0), data, 0.5, 1000, "classification", seed=0)
    assert result.history[-1].accuracy == 1.0
    first_perfect = next(s.epoch for s in result.history if s.accuracy == 1.0)
    assert first_perfect < 1000
    for x, y in data.samples:
        assert (predict(result.params, x, "classification") >= 0.5) == (y == 1.0)


def test_circle_reaches_high_accuracy() -> None:
    data = get_dataset("circle")
    result = train(init_params(2, 4, 0), data, 0.5, 200, "classification", seed=0)
    assert result.history[-1].accuracy >= 0.95
    assert result.history[-1].loss < 0.5 * result.history[0].loss
    assert result.history[-1].accuracy == accuracy(result.params, data)


def test_accuracy_counts_p_at_least_one_half_as_class_one() -> None:
    data = get_dataset("xor")
    # z2 = b2 for every sample: all p equal, so all four are called one class
    always_one = Params([[0.0, 0.0]], [0.0], [0.0], 0.0)  # p = 0.5 exactly: class 1
    always_zero = Params([[0.0, 0.0]], [0.0], [0.0], -1.0)
    assert accuracy(always_one, data) == 0.5
    assert accuracy(always_zero, data) == 0.5
    # x1 + x2 - 0.5 > 0 says "class 1" for three of the four corners: 3 right of 4
    or_gate = Params([[10.0, 10.0]], [-5.0], [20.0], -10.0)
    assert accuracy(or_gate, data) == 0.75


def test_one_label_rule_a_label_is_class_one_from_one_half_up() -> None:
    """Labels that are probabilities: class 1 when y >= ½, as a prediction p >= ½ (the same
    as y == 1 for labels of 0 and 1). Every epoch of a run and `accuracy` count alike."""
    data = Dataset("soft", [[1.0], [1.0], [-1.0], [-1.0]], [0.7, 0.9, 0.2, 0.0],
                   "regression", ["x"])  # fmt: skip
    params = Params([[4.0]], [0.0], [1.0], -0.5)  # z2 = σ(4x) − ½: p > ½ for x = 1 only
    ps = [1 / (1 + math.exp(-(1 / (1 + math.exp(-4 * x[0])) - 0.5))) for x in data.X]
    by_hand = sum((p >= 0.5) == (y >= 0.5) for p, y in zip(ps, data.Y)) / len(data)
    assert by_hand == 1.0  # y == 1 would have called 0.7 and 0.9 class 0: 0.5
    assert accuracy(params, data) == accuracy_of(params, data) == by_hand
    assert [class_of(y) for y in data.Y] == [1, 1, 0, 0]
    run = train(params, data, 1e-9, 1, "classification")  # a step too small to change a class
    assert run.history[0].accuracy == by_hand


@pytest.mark.parametrize(("name", "task"), [("sine", "regression"), ("xor", "classification")])
def test_training_is_deterministic_for_a_seed(name: str, task: str) -> None:
    data = get_dataset(name)
    start = init_params(data.n_inputs, 3, 0)
    a = train(start, data, 0.5, 30, task, seed=3)
    b = train(start, data, 0.5, 30, task, seed=3)
    c = train(start, data, 0.5, 30, task, seed=4)
    assert a == b
    assert c.history != a.history  # the seed changes the order of the samples


def test_train_is_per_sample_sgd_in_a_seeded_order() -> None:
    """Each epoch: one train_step per sample, order shuffled by random.Random(seed)."""
    data = get_dataset("xor")
    params = init_params(2, 3, 0)
    result = train(params, data, 0.5, 3, "classification", seed=11)
    rng, order = random.Random(11), list(range(len(data)))
    for epoch in range(3):
        rng.shuffle(order)
        losses = []
        for k in order:
            step = train_step(params, data.X[k], data.Y[k], 0.5, "classification")
            losses.append(step.loss)
            params = step.new_params
        assert math.isclose(result.history[epoch].loss, sum(losses) / len(losses), rel_tol=1e-12)
    assert result.params == params


def test_callback_is_called_once_per_epoch() -> None:
    data = get_dataset("xor")
    calls: list[tuple[EpochStats, Params]] = []

    def record(stats: EpochStats, params: Params) -> None:
        calls.append((stats, params))

    result = train(init_params(2, 3, 0), data, 0.5, 7, "classification", callback=record)
    assert [s.epoch for s, _ in calls] == list(range(1, 8))
    assert [s for s, _ in calls] == result.history
    assert calls[-1][1] == result.params
    for s, p in calls:
        assert s.accuracy == accuracy(p, data)


def test_train_leaves_its_start_params_unchanged_and_zero_epochs_is_a_no_op() -> None:
    data = get_dataset("sine")
    start = init_params(1, 3, 0)
    before = copy.deepcopy(start)
    train(start, data, 0.5, 5)
    assert start == before
    result = train(start, data, 0.5, 0)
    assert result.params == start and result.history == []


def test_train_rejects_bad_settings() -> None:
    data = get_dataset("sine")
    start = init_params(1, 3, 0)
    for lr in (0.0, -1.0, math.nan, math.inf):
        with pytest.raises(ConfigError, match="learning rate"):
            train(start, data, lr, 1)
    with pytest.raises(TinyNNError, match="epochs"):
        train(start, data, 0.5, -1)
    with pytest.raises(ConfigError, match="task"):
        train(start, data, 0.5, 1, task="ranking")
    with pytest.raises(ParamsError, match="input"):
        train(init_params(2, 3, 0), data, 0.5, 1)


def test_init_params_is_seeded_small_and_checked() -> None:
    assert init_params(2, 3, 5) == init_params(2, 3, 5)
    assert init_params(2, 3, 5) != init_params(2, 3, 6)
    p = init_params(4, 3, 0)
    assert all(abs(w) <= 0.5 for row in p.W1 for w in row)  # |W1| <= 1/sqrt(n)
    assert p.b1 == [0.0, 0.0, 0.0] and p.b2 == 0.0
    with pytest.raises(ConfigError, match="hidden"):
        init_params(2, 0)
    with pytest.raises(ConfigError, match="inputs"):
        init_params(0, 3)
