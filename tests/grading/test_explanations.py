"""tinynn check's explanations agree with every number the student's step returned.

Each student here is one step function, run in this process by `tinynn.check` (fast: no
child process). The numbers in the comments are worked by hand on the first case, the
by-hand lesson: W1 = [[0.25], [−0.5]], b1 = [−0.5, 1], W2 = [1, −0.5], b2 = 0.25, x = 2,
y = 1, η = 0.5, so z1 = [0, 0], a1 = [½, ½], σ' = [¼, ¼], y_pred = ½, δ2 = −½,
∂L/∂W2 = [−¼, −¼], δ1 = [−⅛, 1/16], new b1 = [−7/16, 31/32].
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

import tinynn
from tinynn.grading.report import CheckResult

CASES = 2  # random cases per task, after the 7 lessons and 2 default set-ups


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def student(**slips: Any) -> Callable[..., dict[str, Any]]:
    """A step in plain Python, as a student writes it, with the slips named."""

    def step(W1, b1, W2, b2, x, y, lr, task="regression"):  # type: ignore[no-untyped-def]
        h, n = len(W1), len(x)
        z1 = [sum(W1[j][i] * x[i] for i in range(n)) + b1[j] for j in range(h)]
        a1 = [sigmoid(z) for z in z1]
        z2 = sum(W2[j] * a1[j] for j in range(h)) + b2
        y_pred = z2 if task == "regression" else sigmoid(z2)
        if task == "regression":
            L = 0.5 * (y_pred - y) ** 2
        else:
            L = -(y * math.log(y_pred) + (1 - y) * math.log(1 - y_pred))
        delta2 = (y - y_pred) if slips.get("sign") else (y_pred - y)
        delta2 *= slips.get("delta2_factor", 1.0)  # a slip no known mistake explains
        dW2 = [delta2 * (z1[j] if slips.get("z1_for_a1") else a1[j]) for j in range(h)]
        db2 = delta2
        sigma_prime = [1 - a * a if slips.get("tanh") else a * (1 - a) for a in a1]
        W2_read = list(W2)
        new_W2 = [W2[j] - lr * dW2[j] for j in range(h)]
        if slips.get("W2_first"):  # updated in place before δ1 reads it
            W2_read = new_W2
        if slips.get("a1_for_sigma_prime"):
            delta1 = [delta2 * W2_read[j] * a1[j] for j in range(h)]
        else:
            delta1 = [delta2 * W2_read[j] * sigma_prime[j] for j in range(h)]
        if slips.get("elementwise") and h == n:  # NumPy: W1 -= lr * (delta1 * x)
            dW1 = [[delta1[i] * x[i] for i in range(n)] for _ in range(h)]
        else:
            dW1 = [[delta1[j] * x[i] for i in range(n)] for j in range(h)]
        db1 = list(delta1)
        eta = -lr if slips.get("plus") else lr
        new_W2 = [W2[j] - eta * dW2[j] for j in range(h)]
        new_b2 = b2 - eta * db2
        new_W1 = [[W1[j][i] - eta * dW1[j][i] for i in range(n)] for j in range(h)]
        new_b1 = list(b1) if slips.get("b1_forgotten") else [b1[j] - eta * db1[j] for j in range(h)]
        return {
            "z1": z1, "a1": a1, "z2": z2, "y_pred": y_pred, "L": L, "delta2": delta2,
            "dW2": dW2, "db2": db2, "sigma_prime": sigma_prime, "delta1": delta1, "dW1": dW1,
            "db1": db1, "W1": new_W1, "b1": new_b1, "W2": new_W2, "b2": new_b2,
        }  # fmt: skip

    return step


def check(**slips: Any) -> CheckResult:
    return tinynn.check(student(**slips), cases=CASES)


def first_lines(result: CheckResult) -> list[str]:
    return result.report.splitlines()


def test_the_student_without_slips_passes() -> None:
    assert check().passed


def test_forgetting_only_b1_is_not_explained_as_leaving_w1_alone_too() -> None:
    r = check(b1_forgotten=True)
    lines = first_lines(r)
    assert lines[0] == "first difference: b1[0]"
    assert "expected: b1[0] = -0.4375" in lines and "got:      b1[0] = -0.5" in lines
    assert r.mistakes == []  # the hidden layer's mistake would say W1 was left alone: it was not
    assert "nothing for W1, b1" not in r.report
    assert "  your b1[0] is its value before the step: b1 was not updated" not in lines
    assert "your b1[0] is its value before the step: b1 was not updated" in lines
    assert lines[-1].endswith("differ (b1)")


def test_two_mistakes_that_cancel_are_said_to_cancel() -> None:
    """δ2 = y − y_pred = ½ and θ ← θ + η·∂L/∂θ: new W2[0] = 1 + ½·(½·½) = 9/8, right."""
    r = check(sign=True, plus=True)
    lines = first_lines(r)
    assert lines[0] == "first difference: delta2"
    assert [m.id for m in r.mistakes] == ["sign-delta2", "plus-update"]
    assert "climbs the loss" not in r.report  # the new parameters are right
    assert "Together they cancel: your W2, b2, W1, b1 are right" in r.report
    assert lines[-1].endswith("(delta2, dW2, db2, delta1, dW1, db1)")  # no parameter differs


def test_a_known_mistake_after_an_earlier_slip_is_still_recognised() -> None:
    """δ2 = 1.01·(y_pred − y) is a slip of its own; δ1 is then worked with a1 for σ' from it:
    δ1[0] = (−0.505)(1)(½), which the mistake gives from their own δ2, not from the notes'."""
    r = check(delta2_factor=1.01, a1_for_sigma_prime=True)
    lines = first_lines(r)
    assert lines[0] == "first difference: delta2"
    assert [m.id for m in r.mistakes] == ["a1-for-sigma-prime"]
    assert "  Worked on from your own numbers after this one, your delta1[0]" in r.report
    assert "known mistake: δ1 computed with a1 in place of σ'(z1)" in r.report
    assert "twice the value" not in r.report


@pytest.mark.parametrize(
    ("slip", "first", "mistake"),
    [
        ("z1_for_a1", "dW2[0]", "z1-for-a1"),  # δ2·z1[0] = (−½)(0) = 0, not −¼
        ("tanh", "sigma_prime[0]", "tanh-slope"),  # 1 − a1² = ¾, not ¼
        ("W2_first", "delta1[0]", "updated-W2"),  # W2[0] read as 1 + ⅛: δ1[0] = −9/64
        ("a1_for_sigma_prime", "delta1[0]", "a1-for-sigma-prime"),
    ],
)
def test_each_mistake_of_the_catalogue_is_named_from_all_the_numbers(
    slip: str, first: str, mistake: str
) -> None:
    r = check(**{slip: True})
    assert first_lines(r)[0] == f"first difference: {first}"
    assert [m.id for m in r.mistakes] == [mistake], r.report


def test_delta1_times_x_entry_by_entry_shows_where_units_and_inputs_are_as_many() -> None:
    # by-hand-2-inputs (x = (2, 1), δ1 = (−⅛, 1/16)): ∂L/∂W1[0][1] = δ1[1]·x[1] = 1/16,
    # not δ1[0]·x[1] = −⅛; with one input (by-hand) NumPy's broadcasting is the outer product
    r = check(elementwise=True)
    lines = first_lines(r)
    assert lines[0] == "first difference: dW1[0][1]"
    assert lines[1].startswith("case 2: lesson by-hand-2-inputs")
    assert "expected: dW1[0][1] = -0.125" in lines and "got:      dW1[0][1] = 0.0625" in lines
    assert [m.id for m in r.mistakes] == ["elementwise-dW1"]


def test_a_float32_step_is_told_as_precision_only() -> None:
    np = pytest.importorskip("numpy")

    def numpy_step(dtype: Any) -> Callable[..., object]:
        def step(W1, b1, W2, b2, x, y, lr, task="regression"):  # type: ignore[no-untyped-def]
            W1, b1, W2, x = (np.array(v, dtype=dtype) for v in (W1, b1, W2, x))
            b2, y, lr = dtype(b2), dtype(y), dtype(lr)
            a1 = 1 / (1 + np.exp(-(W1 @ x + b1)))
            z2 = W2 @ a1 + b2
            y_pred = z2 if task == "regression" else 1 / (1 + np.exp(-z2))
            delta2 = y_pred - y
            delta1 = delta2 * W2 * a1 * (1 - a1)
            return (W1 - lr * np.outer(delta1, x), b1 - lr * delta1, W2 - lr * delta2 * a1,
                    b2 - lr * delta2)  # fmt: skip

        return step

    r = tinynn.check(numpy_step(np.float32), cases=CASES)
    assert not r.passed and r.mistakes == []
    assert "precision only (float32?)" in r.report
    assert "known mistake" not in r.report
    assert tinynn.check(numpy_step(np.float64), cases=CASES).passed  # the same in float64
    # a real mistake is no precision: δ2 off by 1 % in float64
    slip = tinynn.check(student(delta2_factor=1.01), cases=CASES)
    assert "precision only" not in slip.report
