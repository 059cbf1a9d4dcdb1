"""The public API with hostile values: a TinyNNError, never another exception.

Every function of `tinynn/__init__.py` is called with each hostile value in each argument
that takes a number, a list of numbers or a documented type: nan, ±inf, ints beyond the
largest float (math.isfinite(10**400) raises OverflowError), bools, None, strings, lists.
`check`'s cases, tolerance, timeout and tasks are the check options' own (not here).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from tinynn import (
    Params,
    TinyNNError,
    accuracy,
    backward,
    check,
    compare_outputs,
    forward,
    get_dataset,
    gradcheck,
    init_params,
    load_csv,
    load_params,
    loss,
    predict,
    save_params,
    trace_step,
    train,
    train_step,
    update,
)
from tinynn.io.data import Dataset

ANSWER = {"z1[0]": 1}
HOSTILE = [math.nan, math.inf, -math.inf, 10**400, -(10**400), 10**5000, True, None, "1", [1.0]]
P = init_params(2, 2, seed=0)
X, Y = [0.5, -0.5], 1.0
XOR = get_dataset("xor")


def params_with(v: object) -> list[Params]:
    """`P` with `v` in each of W1, b1, W2, b2 (one at a time)."""
    W1, b1, W2, b2 = P
    return [
        Params([[v, W1[0][1]], W1[1]], b1, W2, b2),  # type: ignore[list-item]
        Params(W1, [v, b1[1]], W2, b2),  # type: ignore[list-item]
        Params(W1, b1, [W2[0], v], b2),  # type: ignore[list-item]
        Params(W1, b1, W2, v),  # type: ignore[arg-type]
    ]


def datasets_with(v: object) -> list[Dataset]:
    """A small Dataset built by hand with `v` as an input, a target, its X or its task."""
    return [
        Dataset("d", [[v, 1.0], [0.0, 0.0]], [1.0, 0.0], "classification", ["a", "b"]),  # type: ignore[list-item]
        Dataset("d", [[1.0, 1.0], [0.0, 0.0]], [v, 0.0], "classification", ["a", "b"]),  # type: ignore[list-item]
        Dataset("d", v, [1.0], "classification", ["a", "b"]),  # type: ignore[arg-type]
    ]


def calls(v: object, tmp: Path) -> list[tuple[str, Callable[[], object]]]:
    """Every public call with `v` in one argument."""
    fwd = forward(P, X)
    grads = train_step(P, X, Y, 0.5).grads
    good_json = tmp / "good.json"
    save_params(str(good_json), P)
    out: list[tuple[str, Callable[[], object]]] = [
        ("forward x", lambda: forward(P, [v, 0.0])),  # type: ignore[list-item]
        ("forward x itself", lambda: forward(P, v)),  # type: ignore[arg-type]
        ("forward task", lambda: forward(P, X, v)),  # type: ignore[arg-type]
        ("loss y", lambda: loss(fwd, v)),  # type: ignore[arg-type]
        ("loss fwd", lambda: loss(v, 1.0)),  # type: ignore[arg-type]
        ("backward y", lambda: backward(P, X, v, fwd)),  # type: ignore[arg-type]
        ("backward x", lambda: backward(P, [v, 0.0], Y, fwd)),  # type: ignore[list-item]
        ("train_step y", lambda: train_step(P, X, v, 0.5)),  # type: ignore[arg-type]
        ("train_step lr", lambda: train_step(P, X, Y, v)),  # type: ignore[arg-type]
        ("trace_step lr", lambda: trace_step(P, X, Y, v)),  # type: ignore[arg-type]
        ("trace_step digits", lambda: trace_step(P, X, Y, 0.5, digits=v)),  # type: ignore[arg-type]
        ("update lr", lambda: update(P, grads, v)),  # type: ignore[arg-type]
        ("update grads", lambda: update(P, v, 0.5)),  # type: ignore[arg-type]
        ("gradcheck y", lambda: gradcheck(P, X, v)),  # type: ignore[arg-type]
        ("gradcheck eps", lambda: gradcheck(P, X, Y, eps=v)),  # type: ignore[arg-type]
        ("gradcheck tol", lambda: gradcheck(P, X, Y, tol=v)),  # type: ignore[arg-type]
        ("gradcheck atol", lambda: gradcheck(P, X, Y, atol=v)),  # type: ignore[arg-type]
        ("init_params n", lambda: init_params(v, 2)),  # type: ignore[arg-type]
        ("init_params h", lambda: init_params(2, v)),  # type: ignore[arg-type]
        ("init_params seed", lambda: init_params(2, 2, v)),  # type: ignore[arg-type]
        ("predict x", lambda: predict(P, [v, 0.0])),  # type: ignore[list-item]
        ("compare_outputs x", lambda: compare_outputs(P, [v, 0.0], Y)),  # type: ignore[list-item]
        ("compare_outputs y", lambda: compare_outputs(P, X, v)),  # type: ignore[arg-type]
        ("train lr", lambda: train(P, XOR, v, 1, "classification")),  # type: ignore[arg-type]
        ("train epochs", lambda: train(P, XOR, 0.5, v, "classification")),  # type: ignore[arg-type]
        ("train seed", lambda: train(P, XOR, 0.5, 1, "classification", v)),  # type: ignore[arg-type]
        ("train data", lambda: train(P, v, 0.5, 1)),  # type: ignore[arg-type]
        ("accuracy data", lambda: accuracy(P, v)),  # type: ignore[arg-type]
        ("get_dataset", lambda: get_dataset(v)),  # type: ignore[arg-type]
        ("load_csv path", lambda: load_csv(v)),  # type: ignore[arg-type]
        ("load_params path", lambda: load_params(v)),  # type: ignore[arg-type]
        ("load_params n", lambda: load_params(str(good_json), v)),  # type: ignore[arg-type]
        ("save_params path", lambda: save_params(v, P)),  # type: ignore[arg-type]
        ("check answer", lambda: check(answers={"z1[0]": v}, lesson="by-hand")),
        ("check sample", lambda: check(answers=ANSWER, lesson="by-hand", sample=v)),  # type: ignore[arg-type]
        ("check digits", lambda: check(answers=ANSWER, lesson="by-hand", min_digits=v)),  # type: ignore[arg-type]
        ("check step cases", lambda: check(_step, cases=v)),  # type: ignore[arg-type]
        ("check step tasks", lambda: check(_step, tasks=v)),  # type: ignore[arg-type]
        ("check step tolerance", lambda: check(_step, tolerance=v)),  # type: ignore[arg-type]
        ("check step timeout", lambda: check(_step, timeout=v)),  # type: ignore[arg-type]
    ]  # fmt: skip
    for k, p in enumerate(params_with(v)):
        out += [
            (f"forward params {k}", lambda p=p: forward(p, X)),  # type: ignore[misc]
            (f"train_step params {k}", lambda p=p: train_step(p, X, Y, 0.5)),  # type: ignore[misc]
            (f"gradcheck params {k}", lambda p=p: gradcheck(p, X, Y)),  # type: ignore[misc]
            (f"save_params params {k}", lambda p=p: save_params(str(tmp / "p.json"), p)),  # type: ignore[misc]
            (f"accuracy params {k}", lambda p=p: accuracy(p, XOR)),  # type: ignore[misc]
        ]
    for k, d in enumerate(datasets_with(v)):
        out += [
            (f"train dataset {k}", lambda d=d: train(P, d, 0.5, 1, "classification")),  # type: ignore[misc]
            (f"accuracy dataset {k}", lambda d=d: accuracy(P, d)),  # type: ignore[misc]
        ]
    return out


def _step(*args: object, **kwargs: object) -> None:
    """A student's step that is never run: the options are refused before any case."""
    raise AssertionError("the step ran although its options were wrong")


def label(v: object) -> str:
    """A test's ID (str() of an int of 5000 digits is more than Python converts)."""
    return f"int of {v.bit_length()} bits" if isinstance(v, int) else repr(v)[:12]


@pytest.mark.parametrize("v", HOSTILE, ids=label)
def test_every_public_function_raises_only_tinynn_error(v: object, tmp_path: Path) -> None:
    wrong: list[str] = []
    for name, call in calls(v, tmp_path):
        try:
            call()
        except TinyNNError:
            continue
        except Exception as e:  # noqa: BLE001 (the point: anything else is a bug)
            wrong.append(f"{name}: {type(e).__name__}: {str(e)[:80]}")
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: train_step(P, [10**400, 0.0], Y, 0.5), "x[0] must be a finite number, got a 401"),
        (
            lambda: train_step(P, X, Y, 10**400),
            "learning rate must be a finite number above 0, got a 401",
        ),
        (lambda: forward(params_with(10**400)[0], X), "W1[0][0] is too large to be a float"),
        (
            lambda: train(P, datasets_with(10**400)[1], 0.5, 1),
            "data.Y[0] must be a finite number, got a 401-digit number",
        ),
        (lambda: accuracy(P, datasets_with(math.nan)[0]), "data.X[0][0] must be a finite number"),
    ],
)
def test_the_error_names_the_argument(call: Callable[[], object], message: str) -> None:
    with pytest.raises(TinyNNError, match="^" + message.replace("[", r"\[").replace("]", r"\]")):
        call()


def test_a_hand_built_dataset_of_finite_numbers_trains() -> None:
    """The data check refuses only what a step cannot take: ints and floats train as before."""
    d = Dataset("d", [[1, 0.5], [0, 0]], [1, 0], "classification", ["a", "b"])
    result = train(P, d, 0.5, 2, "classification")
    assert len(result.history) == 2 and math.isfinite(result.history[-1].loss)
