"""The three output/loss set-ups: each delta2 is its own loss's slope in z2.

z2 = ... + b2, so dL/dz2 = dL/db2: a central difference in b2 of each case's
loss checks its delta2 independently of the formulas in compare.py.
"""

from __future__ import annotations

import math

import pytest
from helpers import random_problem

from tinynn import Params, backward, compare_outputs, forward, loss

EPS = 1e-6


def problem(seed: int, n: int = 2, h: int = 3) -> tuple[Params, list[float], float]:
    return random_problem(n, h, "classification", seed)


def slope_in_b2(params: Params, x: list[float], y: float, case: int, eps: float = EPS) -> float:
    """(L(b2 + eps) - L(b2 - eps)) / 2 eps for case `case` (0, 1, 2 = a, b, c)."""

    def L(b2: float) -> float:
        return compare_outputs(params.with_value(("b2", ()), b2), x, y).cases[case].loss

    return (L(params.b2 + eps) - L(params.b2 - eps)) / (2 * eps)


@pytest.mark.parametrize("seed", range(6))
def test_each_delta2_is_the_slope_of_its_own_loss(seed: int) -> None:
    params, x, y = problem(seed)
    comparison = compare_outputs(params, x, y)
    assert [c.label for c in comparison.cases] == ["a", "b", "c"]
    for k, case in enumerate(comparison.cases):
        numeric = slope_in_b2(params, x, y, k)
        assert math.isclose(case.delta2, numeric, rel_tol=1e-6, abs_tol=1e-9), case.label


@pytest.mark.parametrize("seed", range(6))
def test_dW2_is_delta2_times_a1_and_its_slope(seed: int) -> None:
    params, x, y = problem(seed)
    comparison = compare_outputs(params, x, y)
    a1 = forward(params, x).a1
    assert comparison.a1 == a1
    for k, case in enumerate(comparison.cases):
        assert case.dW2 == [case.delta2 * a for a in a1]
        assert case.db2 == case.delta2
        for j in range(params.n_hidden):

            def L(w: float, j: int = j, k: int = k) -> float:
                return compare_outputs(params.with_value(("W2", (j,)), w), x, y).cases[k].loss

            w = params.W2[j]
            numeric = (L(w + EPS) - L(w - EPS)) / (2 * EPS)
            assert math.isclose(case.dW2[j], numeric, rel_tol=1e-6, abs_tol=1e-9)


def test_cases_agree_with_the_engine_and_the_definitions() -> None:
    params, x, y = problem(3)
    comparison = compare_outputs(params, x, y)
    a, b, c = comparison.cases
    f_reg, f_cls = forward(params, x, "regression"), forward(params, x, "classification")
    z2, p = f_reg.z2, 1.0 / (1.0 + math.exp(-f_reg.z2))
    assert comparison.z2 == z2
    assert (a.y_pred, a.loss, a.delta2) == (z2, loss(f_reg, y), z2 - y)
    assert a.delta2 == backward(params, x, y, f_reg, "regression").delta2
    assert b.loss == loss(f_cls, y, "classification")
    assert b.delta2 == backward(params, x, y, f_cls, "classification").delta2
    assert math.isclose(b.y_pred, p, rel_tol=1e-12)
    assert math.isclose(b.loss, -(y * math.log(p) + (1 - y) * math.log(1 - p)), rel_tol=1e-12)
    assert math.isclose(c.loss, 0.5 * (p - y) ** 2, rel_tol=1e-12)
    assert math.isclose(c.delta2, (p - y) * p * (1 - p), rel_tol=1e-12)


def test_squared_error_on_a_sigmoid_stalls_when_confidently_wrong() -> None:
    """z2 = 8, y = 0: log loss still pushes hard (delta2 near 1), squared error barely does."""
    params = Params([[0.0]], [0.0], [0.0], 8.0)
    a, b, c = compare_outputs(params, [1.0], 0.0).cases
    assert a.delta2 == 8.0
    assert b.delta2 > 0.999
    assert 0 < c.delta2 < 1e-3
    assert math.isclose(c.delta2, slope_in_b2(params, [1.0], 0.0, 2), rel_tol=1e-5)


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_the_saturated_example_is_what_cases_b_and_c_give_for_that_z2(y: float) -> None:
    s = compare_outputs(problem(1)[0], problem(1)[1], y).saturated
    assert s.z2_wrong == (6.0 if y == 0.0 else -6.0)  # on the wrong side of the label
    assert math.isclose(s.p, 1.0 / (1.0 + math.exp(-s.z2_wrong)), rel_tol=1e-12)
    _, b, c = compare_outputs(Params([[0.0]], [0.0], [0.0], s.z2_wrong), [1.0], y).cases
    assert s.delta2_log_loss == b.delta2
    assert s.delta2_squared_error == c.delta2
    assert abs(s.delta2_log_loss) > 0.99 and abs(s.delta2_squared_error) < 0.003


def test_each_case_shows_delta1_and_it_is_the_same_backprop_below_the_output() -> None:
    """δ1[j] = δ2·W2[j]·a1[j](1 − a1[j]) in every case: only δ2 differs between them."""
    params, x, y = random_problem(2, 3, "classification", 4)
    c = compare_outputs(params, x, y)
    for case in c.cases:
        expected = [case.delta2 * w * a * (1 - a) for w, a in zip(params.W2, c.a1)]
        assert case.delta1 == pytest.approx(expected, rel=1e-12)


def test_runs_train_the_three_cases_from_the_same_weights() -> None:
    """(a) and (b) are tinynn.train's own runs; (c) stalls on the saturation lesson."""
    from tinynn import train
    from tinynn.run.compare import compare_runs
    from tinynn.teach.lesson import load_lesson

    s = load_lesson("saturation").setup()
    runs = compare_runs(s.params, s.data, s.lr, 100, s.seed)
    a = train(s.params, s.data, s.lr, 100, "regression", s.seed).history
    b = train(s.params, s.data, s.lr, 100, "classification", s.seed).history
    assert [r.losses[0] for r in runs] == [e.loss for e in a]
    assert [r.losses[1] for r in runs] == [e.loss for e in b]
    assert [r.accuracies[1] for r in runs] == [e.accuracy for e in b]
    assert runs[29].losses[1] < 0.2 and runs[29].accuracies[1] == 1.0  # log loss learns
    assert all(r.losses[2] > 0.45 for r in runs)  # ½(p − y)² on a sigmoid barely moves


def test_case_c_run_is_train_with_its_two_equations_swapped() -> None:
    from tinynn import train
    from tinynn.run.compare import SIGMOID_SQUARED_ERROR, compare_runs
    from tinynn.teach.lesson import load_lesson

    s = load_lesson("saturation").setup()
    runs = compare_runs(s.params, s.data, s.lr, 500, s.seed)
    c = train(s.params, s.data, s.lr, 500, "classification", s.seed,
              equations=SIGMOID_SQUARED_ERROR)  # fmt: skip
    assert [r.losses[2] for r in runs] == [e.loss for e in c.history]
    # the numbers: log loss ≈ 0.107 by epoch 30 (0.11 here), (c) still near 0.49 at 100
    assert round(runs[29].losses[1], 2) == 0.12 and 0.48 < runs[99].losses[2] < 0.5
    assert runs[299].accuracies[2] == 0.0 and runs[299].losses[2] > 0.3  # still wrong at 300
    assert runs[-1].losses[2] < 0.01 and runs[-1].accuracies[2] == 1.0  # right by 500


def test_tinynn_compare_epochs_prints_the_runs_side_by_side() -> None:
    import io

    from tinynn import train
    from tinynn.cli.main import main
    from tinynn.core.numbers import fmt
    from tinynn.run.compare import SIGMOID_SQUARED_ERROR
    from tinynn.teach.lesson import load_lesson

    out = io.StringIO()
    assert main(["compare", "--lesson", "saturation", "--epochs", "300"], out) == 0
    text = out.getvalue()
    s = load_lesson("saturation").setup()
    a = train(s.params, s.data, s.lr, 300, "regression", s.seed).history
    b = train(s.params, s.data, s.lr, 300, "classification", s.seed).history
    c = train(s.params, s.data, s.lr, 300, "classification", s.seed,
              equations=SIGMOID_SQUARED_ERROR).history  # fmt: skip
    rows = text.split("with the same shuffle:\n")[1].splitlines()
    assert rows[0].split() == ["epoch", "(a)", "½(y_pred", "−", "y)²", "(b)", "log", "loss",
                               "(c)", "½(p", "−", "y)²"]  # fmt: skip
    epochs = [int(r.split()[0]) for r in rows[1:]]
    assert epochs[0] == 1 and epochs[-1] == 300 and len(epochs) == 8
    for row, e in zip(rows[1:], epochs):
        cells = row.split()
        assert cells[1] == fmt(a[e - 1].loss, 4) and cells[4] == fmt(b[e - 1].loss, 4)
        assert cells[7] == fmt(c[e - 1].loss, 4)
        assert cells[5] == f"{100 * b[e - 1].accuracy:.0f}"
    assert "    (b) δ2 = 0.993228, δ1 = [0.0019978, −0.00979922]\n" in text
    assert "δ1/δ2 = W2·σ'(z1) = [0.00201143, −0.00986604] in every case" in text
    assert "never mention the sigmoid output p = σ(z2) or the" in text  # where the notes stop
    assert "with the same shuffle" not in main_text(["compare", "--lesson", "saturation"])


def main_text(argv: list[str]) -> str:
    import io

    from tinynn.cli.main import main

    out = io.StringIO()
    assert main(argv, out) == 0
    return out.getvalue()


def test_delta1_ratio_is_W2_times_sigma_prime_in_every_case() -> None:
    from tinynn.render.compare import compare_delta1_text as delta1_text

    params, x, y = random_problem(2, 3, "classification", 5)
    c = compare_outputs(params, x, y)
    ratio = [w * a * (1 - a) for w, a in zip(params.W2, c.a1)]
    for case in c.cases:
        assert [d / case.delta2 for d in case.delta1] == pytest.approx(ratio, rel=1e-12)
    assert delta1_text(c).count("δ1 = [") == 3
