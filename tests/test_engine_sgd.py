"""The fused training step equals train_step bit for bit: one math, two speeds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import tinynn
from tinynn.params import Params
from tinynn.sgd import sgd_step

finite = st.floats(min_value=-4.0, max_value=4.0, allow_nan=False)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Params, list[float], float, float, str]:
    n = draw(st.integers(1, 4))
    h = draw(st.integers(1, 8))
    task = draw(st.sampled_from(["regression", "classification"]))
    params = Params(
        [[draw(finite) for _ in range(n)] for _ in range(h)],
        [draw(finite) for _ in range(h)],
        [draw(finite) for _ in range(h)],
        draw(finite),
    )
    x = [draw(finite) for _ in range(n)]
    y = float(draw(st.integers(0, 1))) if task == "classification" else draw(finite)
    lr = draw(st.floats(min_value=1e-3, max_value=5.0))
    return params, x, y, lr, task


@settings(max_examples=200, deadline=None)
@given(cases())
def test_sgd_step_equals_train_step_bit_for_bit(
    case: tuple[Params, list[float], float, float, str],
) -> None:
    params, x, y, lr, task = case
    step = tinynn.train_step(params, x, y, lr, task)
    new_params, loss = sgd_step(params, x, y, lr, task)
    assert loss == step.loss
    assert new_params == step.new_params  # every float compared with ==, not approximately


def test_train_is_a_sequence_of_train_steps() -> None:
    """Two epochs of `train` replayed with train_step in the same shuffled order."""
    import random

    data = tinynn.get_dataset("xor")
    params = tinynn.init_params(2, 3, seed=4)
    result = tinynn.train(params, data, 0.5, 2, task="classification", seed=9)
    rng, order, p = random.Random(9), list(range(len(data))), params
    for _ in range(2):
        rng.shuffle(order)
        for k in order:
            p = tinynn.train_step(p, data.X[k], data.Y[k], 0.5, "classification").new_params
    assert result.params == p
