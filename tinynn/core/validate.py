"""Every validation of what a caller hands the engine, in one place.

The public functions (`forward`, `train_step`, `train`, `gradcheck`...) call
these once, at their surface, and then run the unchecked equations; `train`
validates once per run, not once per step. Each raises a `TinyNNError`
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


def validate_task(task: object) -> None:
    if task not in TASKS:
        raise ConfigError(f"unknown task {task!r} (expected 'regression' or 'classification')")


def is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def validate_lr(lr: object) -> None:
    """Raise ConfigError unless eta is a finite number > 0."""
    if not is_number(lr) or not math.isfinite(lr):  # type: ignore[arg-type]
        raise ConfigError(f"learning rate must be a finite number, got {lr!r}")
    if lr <= 0:  # type: ignore[operator]
        raise ConfigError(f"learning rate must be greater than 0, got {lr!r}")


def validate_sample(params: Params, x: object, y: object, task: str) -> None:
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


def validate_params(params: object, n_inputs: int | None = None) -> None:
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


def validate_step(params: object, x: object, y: object, lr: object, task: object) -> None:
    """The checks of one step's arguments (train_step, trace_step)."""
    validate_task(task)
    validate_params(params)
    assert isinstance(params, Params)
    validate_sample(params, x, y, task)  # type: ignore[arg-type]
    validate_lr(lr)


def validate_positive(name: str, v: object, largest: float = math.inf) -> None:
    """Raise ConfigError unless `v` is a finite number in (0, largest]."""
    if not is_number(v) or not math.isfinite(v) or not 0 < v <= largest:  # type: ignore[arg-type, operator]
        limit = "" if largest == math.inf else f" and at most {typed_text(largest)}"
        raise ConfigError(f"{name} must be a finite number greater than 0{limit}, got {v!r}")


def _len(v: object) -> str:
    return str(len(v)) if isinstance(v, Sequence) else type(v).__name__


MAX_DIGITS = 17  # enough to tell any two floats apart; more digits show only binary noise


def shown(n: object) -> str:
    """A number as a message shows it: a whole number of more than 20 digits by its length
    (a lesson may hold one of thousands of digits; the message stays one short line)."""
    if isinstance(n, int) and abs(n) >= 10**20:
        # counted, not printed: str() refuses an int of more than 4300 digits
        digits = int(abs(n).bit_length() * math.log10(2))
        digits += abs(n) >= 10**digits
        return f"a {digits}-digit number"
    return repr(n) if isinstance(n, float) else str(n)


def whole_problem(v: object, least: int | None = None, most: int | None = None) -> str | None:
    """What is wrong with `v` as a whole number from `least` to `most` (None: no bound), or
    None if nothing is: "must be a whole number, got 1.5", "must be at least 1, got 0".

    The one rule for every count, size, index, seed and port, whoever reads it (the API, a
    lesson, an option): an int, not a bool (True is no count), within the bounds.
    """
    if not isinstance(v, int) or isinstance(v, bool):
        return f"must be a whole number, got {v!r}"
    if least is not None and v < least:
        return f"must be at least {least}, got {shown(v)}"
    if most is not None and v > most:
        return f"must be at most {most}, got {shown(v)}"
    return None


def validate_whole(name: str, v: object, least: int | None = None, most: int | None = None) -> None:
    """Raise ConfigError ("epochs must be at least 0, got -1") unless `v` is a whole number
    from `least` to `most` (see `whole_problem`)."""
    problem = whole_problem(v, least, most)
    if problem:
        raise ConfigError(f"{name} {problem}")


def validate_digits(digits: object) -> None:
    """Raise ConfigError unless `digits` is a whole number from 1 to MAX_DIGITS."""
    validate_whole("digits", digits, 1, MAX_DIGITS)


def quoted(text: str, longest: int = 40) -> str:
    """Text a user typed as a message quotes it: repr (no control character reaches the
    terminal), a long one cut with its length ("'99999999999999999999'… (5000 characters)")."""
    if len(text) <= longest:
        return repr(text)
    return f"{text[: longest // 2]!r}… ({len(text)} characters)"


def number_problem(v: object, least: float, most: float, *, above: bool = False,
                   below: bool = False, unit: str = "") -> str | None:  # fmt: skip
    """What is wrong with `v` as a finite number from `least` to `most` (`above`: more than
    `least`; `below`: less than `most`), or None: "must be above 0 and at most 3600
    seconds, got 1e+12". The one rule for every bounded real number an option takes; a
    text (what could not be read as a number) is quoted, cut when long."""
    finite = (
        isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and math.isfinite(v)
    )
    if finite and (least < v if above else least <= v) and (v < most if below else v <= most):  # type: ignore[operator]
        return None
    low = f"above {typed_text(least)}" if above else f"from {typed_text(least)}"
    high = f"{'less than ' if below else 'at most ' if above else ''}{typed_text(most)}"
    got = quoted(v) if isinstance(v, str) else _typed(v)
    return f"must be {low} {'and' if above else 'to'} {high}{' ' + unit if unit else ''}, got {got}"


def _typed(v: object) -> str:
    """A number as it would be typed (1e+12, -1), when that is the number itself."""
    if isinstance(v, float) and math.isfinite(v) and float(typed_text(v)) == v:
        return typed_text(v)
    return shown(v)


# --- the numbers `tinynn check` and `tinynn grade` take (options, `tinynn.check`, Settings)

MAX_CASES = 1000  # random cases per task: more than any shape needs, and quick enough to wait for
MAX_SECONDS = 3600.0  # --timeout of a case, --time-limit of a file: an hour is past any step
MAX_JOBS = 256  # files graded at once (0: one per CPU)
MEMORY_MIB = (256, 1 << 20)  # MiB for grading one file: below, Python cannot start; above, a slip
MAX_POINTS = 10_000.0  # points of a file: more is a slip of the finger


def tolerance_problem(v: object) -> str | None:
    """What is wrong with `v` as a relative tolerance (from 0 to less than 1), or None."""
    return number_problem(v, 0, 1, below=True)


def seconds_problem(v: object) -> str | None:
    """What is wrong with `v` as a time limit (above 0, at most MAX_SECONDS), or None."""
    return number_problem(v, 0, MAX_SECONDS, above=True, unit="seconds")


def points_problem(v: object) -> str | None:
    """What is wrong with `v` as a file's points (above 0, at most MAX_POINTS), or None."""
    return number_problem(v, 0, MAX_POINTS, above=True)
