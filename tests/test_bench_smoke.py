"""The benchmark's equal-work check: its pure-Python loop takes the same steps as tinynn.

No timing here (speed is measured by running benchmarks/bench_engine.py); this
only keeps the benchmark importable and its reference loop honest.
"""

from __future__ import annotations

import math
from types import ModuleType

import pytest
from helpers import REPO, load_script

from tinynn import init_params, train_step


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(REPO / "benchmarks" / "bench_engine.py")


@pytest.mark.parametrize(("n", "h"), [(1, 2), (1, 16), (3, 4)])
def test_loop_losses_equal_tinynn(bench: ModuleType, n: int, h: int) -> None:
    ours = bench.losses(bench.TINYNN, n, h, epochs=2)
    theirs = bench.losses(bench.LOOP, n, h, epochs=2)
    assert len(ours) == len(theirs) == 2 * len(bench.make_data(n))
    assert all(math.isfinite(v) for v in ours)
    assert max(abs(a - b) for a, b in zip(ours, theirs)) <= 1e-12
    assert bench.check_equal_work(bench.LOOP, n, h, epochs=2) <= bench.TOLERANCE


def test_loop_step_is_one_train_step(bench: ModuleType) -> None:
    """One step of the loop, number by number, against train_step."""
    p = init_params(2, 3, seed=5)
    x, y, lr = [0.5, -1.25], 0.75, 0.3
    W1, b1, W2, b2, loss = bench.loop_step(p.W1, p.b1, p.W2, p.b2, x, y, lr)
    s = train_step(p, x, y, lr)
    q = s.new_params
    assert loss == pytest.approx(s.loss, rel=1e-12, abs=1e-15)
    assert b2 == pytest.approx(q.b2, rel=1e-12, abs=1e-15)
    for got, want in [(W2, q.W2), (b1, q.b1), *zip(W1, q.W1)]:
        assert got == pytest.approx(want, rel=1e-12, abs=1e-15)
    assert W1 != p.W1  # the step moved the weights


def test_a_wrong_peer_is_caught(bench: ModuleType) -> None:
    """A loop with a different learning rate does not pass the equal-work check."""
    wrong = bench.Peer("wrong", lambda params, lr: bench.make_loop(params, lr * 1.001))
    assert bench.check_equal_work(wrong, 1, 2, epochs=2) > bench.TOLERANCE
