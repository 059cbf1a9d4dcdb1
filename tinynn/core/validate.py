"""Every check of what a caller hands the engine, in one place.

The public functions (`forward`, `train_step`, `train`, `gradcheck`...) call
these once, at their surface, and then run the unchecked equations; `train`
checks once per run, not once per step. Each check raises a `TinyNNError`
whose one line names the argument.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tinynn.core.errors import ConfigError, DataError, ParamsError
from tinynn.core.names import index_text
from tinynn.core.numbers import typed_text
from tinynn.core.params import Params

TASKS = ("regression", "classification")  # the tasks a set-up may name, in this order


def check_task(task: object) -> None:
    if task not in TASKS:
        raise ConfigError(f"unknown task {task!r} (expected 'regression' or 'classification')")


def is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_lr(lr: object) -> None:
    """Raise ConfigError unless eta is a finite number > 0."""
    if not is_number(lr) or not math.isfinite(lr):  # type: ignore[arg-type]
        raise ConfigError(f"learning rate must be a finite number, got {lr!r}")
    if lr <= 0:  # type: ignore[operator]
        raise ConfigError(f"learning rate must be greater than 0, got {lr!r}")


def check_sample(params: Params, x: object, y: object, task: str) -> None:
    """Raise unless x has one finite number per input of `params` and y suits the task."""
    if not isinstance(x, (list, tuple)):
        raise DataError(f"x must be a list of numbers, got {type(x).__name__}")
    if len(x) != params.n_inputs:
        raise DataError(
            f"x has {len(x)} number(s) but the network takes {params.n_inputs} input(s)"
        )
    for i, xi in enumerate(x):
        if not is_number(xi) or not math.isfinite(xi):
            raise DataError(f"x[{i}] must be a finite number, got {xi!r}")
    if not is_number(y) or not math.isfinite(y):  # type: ignore[arg-type]
        raise DataError(f"y must be a finite number, got {y!r}")
    if task == "classification" and not 0 <= y <= 1:  # type: ignore[operator]
        raise DataError(f"y must be a label from 0 to 1 for classification, got {y!r}")


def check_params(params: object, n_inputs: int | None = None) -> None:
    """Raise ParamsError unless `params` is a Params of agreeing shapes and finite numbers."""
    if not isinstance(params, Params):
        raise ParamsError(f"params must be a Params, got {type(params).__name__}")
    W1, b1, W2, b2 = params
    if not isinstance(W1, list) or not W1 or not all(isinstance(r, list) and r for r in W1):
        raise ParamsError("W1 must be a non-empty list of non-empty rows")
    h, n = len(W1), len(W1[0])
    if any(len(r) != n for r in W1):
        raise ParamsError(f"W1 rows have different lengths: {[len(r) for r in W1]}")
    if not isinstance(b1, list) or len(b1) != h:
        raise ParamsError(f"b1 must have {h} entries (one per row of W1), got {_len(b1)}")
    if not isinstance(W2, list) or len(W2) != h:
        raise ParamsError(f"W2 must have {h} entries (one per row of W1), got {_len(W2)}")
    for name, index in params.all_keys():
        v = params.get((name, index))
        if not is_number(v):
            raise ParamsError(f"{name}{index_text(index)} is not a number: {v!r}")
        if isinstance(v, int) and abs(v) > 1.7976931348623157e308:  # JSON allows 1 and 400 zeros
            raise ParamsError(f"{name}{index_text(index)} is too large to be a float")
        if not math.isfinite(v):
            raise ParamsError(f"{name}{index_text(index)} is not finite: {v}")
    if n_inputs is not None and n != n_inputs:
        raise ParamsError(f"parameters expect {n} input(s) per sample but the data has {n_inputs}")


def check_step(params: object, x: object, y: object, lr: object, task: object) -> None:
    """The checks of one step's arguments (train_step, trace_step)."""
    check_task(task)
    check_params(params)
    assert isinstance(params, Params)
    check_sample(params, x, y, task)  # type: ignore[arg-type]
    check_lr(lr)


def check_positive(name: str, v: object, largest: float = math.inf) -> None:
    """Raise ConfigError unless `v` is a finite number in (0, largest]."""
    if not is_number(v) or not math.isfinite(v) or not 0 < v <= largest:  # type: ignore[arg-type, operator]
        limit = "" if largest == math.inf else f" and at most {typed_text(largest)}"
        raise ConfigError(f"{name} must be a finite number greater than 0{limit}, got {v!r}")


def _len(v: object) -> str:
    return str(len(v)) if isinstance(v, Sequence) else type(v).__name__


MAX_DIGITS = 17  # enough to tell any two floats apart; more digits show only binary noise


def check_digits(digits: object) -> None:
    if not isinstance(digits, int) or isinstance(digits, bool) or not 1 <= digits <= MAX_DIGITS:
        raise ConfigError(f"digits must be a whole number from 1 to {MAX_DIGITS}, got {digits!r}")


def check_count(name: str, v: object, least: int | None) -> None:
    """Raise ConfigError unless `v` is a whole number (of at least `least`, if given)."""
    if not isinstance(v, int) or isinstance(v, bool):
        raise ConfigError(f"{name} must be a whole number, got {v!r}")
    if least is not None and v < least:
        raise ConfigError(f"{name} must be {least} or more, got {v}")
