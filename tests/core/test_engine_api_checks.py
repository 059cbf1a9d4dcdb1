# ruff: noqa: E501  (one bad call per line reads best as a table)
"""Every public function checks what it is given, once, and names the argument."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

import tinynn as nn
from tinynn import Dataset, Params, TinyNNError

P = Params([[0.5, -0.25], [0.1, 0.2]], [0.0, 0.1], [0.3, -0.4], 0.05)
X, Y = [1.0, 2.0], 0.5
FWD = nn.forward(P, X)
GRADS = nn.backward(P, X, Y, FWD)
DATA = Dataset("tiny", [[1.0, 2.0], [0.0, -1.0]], [0.5, 0.0], "regression", ["a", "b"])

BAD_CALLS: list[tuple[str, Callable[[], object], str]] = [
    ("x too short", lambda: nn.forward(P, [1.0]), "x has 1 number"),
    ("x too long", lambda: nn.forward(P, [1.0, 2.0, 3.0]), "x has 3 number"),
    ("x not a list", lambda: nn.forward(P, 1.0), "x must be a list"),  # type: ignore[arg-type]
    ("x with nan", lambda: nn.forward(P, [1.0, math.nan]), r"x\[1\] must be a finite"),
    ("long x in backward", lambda: nn.backward(P, [1.0, 2.0, 3.0], Y, FWD), "x has 3"),
    ("misspelt task", lambda: nn.forward(P, X, "regresion"), "unknown task 'regresion'"),
    ("lr nan", lambda: nn.train_step(P, X, Y, math.nan), "learning rate must be a finite"),
    ("lr -1", lambda: nn.train_step(P, X, Y, -1.0), "finite number above 0, got -1"),
    ("lr nan in trace", lambda: nn.trace_step(P, X, Y, math.nan), "learning rate"),
    ("lr -1 in update", lambda: nn.update(P, GRADS, -1.0), "finite number above 0, got -1"),
    ("lr a string", lambda: nn.train_step(P, X, Y, "0.5"), "learning rate"),  # type: ignore[arg-type]
    ("ragged W1", lambda: nn.forward(Params([[1.0, 2.0], [1.0]], [0.0, 0.0], [1.0, 1.0], 0.0), X), "W1 rows have different lengths"),
    ("short b1", lambda: nn.forward(Params([[1.0, 2.0], [1.0, 0.0]], [0.0], [1.0, 1.0], 0.0), X), "b1 must have 2 entries"),
    ("inf weight", lambda: nn.forward(P.with_value(("W2", (0,)), math.inf), X), r"W2\[0\] is not finite"),
    ("params not a Params", lambda: nn.forward({"W1": 1}, X), "params must be a Params"),  # type: ignore[arg-type]
    ("gradcheck eps 0", lambda: nn.gradcheck(P, X, Y, eps=0.0), "eps"),
    ("gradcheck eps huge", lambda: nn.gradcheck(P, X, Y, eps=1e308), "at most 1"),
    ("gradcheck tol nan", lambda: nn.gradcheck(P, X, Y, tol=math.nan), "tol"),
    ("empty dataset", lambda: nn.train(P, Dataset("e", [], [], "regression", ["a", "b"]), 0.5, 1), "no samples"),
    ("epochs -1", lambda: nn.train(P, DATA, 0.5, -1), "epochs must be at least 0, got -1"),
    ("epochs 1.5", lambda: nn.train(P, DATA, 0.5, 1.5), "epochs must be a whole number"),  # type: ignore[arg-type]
    ("params for other data", lambda: nn.train(Params([[1.0]], [0.0], [1.0], 0.0), DATA, 0.5, 1), "expect 1 input"),
    ("label 2 in compare", lambda: nn.compare_outputs(P, X, 2.0), "label from 0 to 1"),
    ("label 2 in a step", lambda: nn.train_step(P, X, 2.0, 0.5, "classification"), "label from 0 to 1"),
    ("y nan", lambda: nn.train_step(P, X, math.nan, 0.5), "y must be a finite number"),
    ("digits 0", lambda: nn.trace_step(P, X, Y, 0.5, digits=0), "digits"),
    ("hidden 0", lambda: nn.init_params(2, 0), "hidden size"),
    ("unknown parameter", lambda: P.with_value(("W3", (0,)), 1.0), "unknown parameter 'W3'"),
    ("fwd of another x", lambda: nn.backward(P, [2.0, 2.0], Y, FWD), "fwd must be the Forward"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "call", "message"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
def test_bad_arguments_raise_one_line_naming_them(
    case: str, call: Callable[[], object], message: str
) -> None:
    with pytest.raises(TinyNNError, match=message) as info:
        call()
    assert "\n" not in str(info.value)


def test_the_checks_accept_what_the_notes_allow() -> None:
    """Tuples for x, integers for numbers, a soft label for log loss: all fine."""
    assert nn.forward(P, (1, 2)).z1 == nn.forward(P, [1.0, 2.0]).z1
    assert nn.train_step(P, X, 0.25, 0.5, "classification").loss > 0
    assert nn.train(P, DATA, 0.5, 0).params == P  # zero epochs: nothing happens


def test_train_checks_once_per_run_not_per_step(monkeypatch: pytest.MonkeyPatch) -> None:
    import tinynn.run.train as training

    calls = []
    real = training.validate_params
    monkeypatch.setattr(training, "validate_params", lambda *a: calls.append(a) or real(*a))
    nn.train(P, DATA, 0.5, 5)
    assert len(calls) == 1  # 5 epochs x 2 samples = 10 steps, one check
