"""The benchmark's equal-work check: its peers take the same steps as tinynn.

No timing here (speed is measured by running benchmarks/bench_engine.py); this
only keeps the benchmark importable and its reference loop honest.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from helpers import REPO, load_script

from tinynn import get_dataset, init_params, predict, train_step


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(REPO / "benchmarks" / "bench_engine.py")


@pytest.mark.parametrize("h", [2, 16])
def test_the_loop_takes_tinynns_steps(bench: ModuleType, h: int) -> None:
    ours, theirs = bench.losses(bench.make_tinynn, h), bench.losses(bench.make_loop, h)
    assert len(ours) == len(theirs) == 2 * 21
    (x0, y0), start = get_dataset("sine").samples[0], init_params(1, h, 0)
    assert ours[0] == 0.5 * (predict(start, x0) - y0) ** 2  # the first step's loss, by hand
    assert bench.check_equal_work(bench.make_loop, h) <= bench.TOLERANCE


def test_the_loop_updates_like_train_step(bench: ModuleType) -> None:
    """One step of the loop, number by number, against train_step (n = 2)."""
    p = init_params(2, 3, seed=5)
    x, y, lr = [0.5, -1.25], 0.75, 0.3
    step = bench.make_loop(p, lr)
    assert step(x, y) == pytest.approx(train_step(p, x, y, lr).loss, rel=1e-12)
    # its second loss is the loss at train_step's new parameters
    q = train_step(p, x, y, lr).new_params
    assert step(x, y) == pytest.approx(train_step(q, x, y, lr).loss, rel=1e-12)


def test_a_wrong_peer_is_caught(bench: ModuleType) -> None:
    """A loop with a different learning rate does not pass the equal-work check."""
    wrong = lambda params, lr: bench.make_loop(params, lr * 1.001)  # noqa: E731
    assert bench.check_equal_work(wrong, 2) > bench.TOLERANCE
