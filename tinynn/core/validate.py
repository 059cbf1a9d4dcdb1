"""Every validation of what a caller hands the engine, in one place.

The public functions (`forward`, `train_step`, `train`, `gradcheck`...) call
these once, at their surface, and then run the unchecked equations; `train`
validates once per run, not once per step. Each raises a `TinyNNError`
whose one line names the argument.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence

from tinynn.core.errors import ConfigError, DataError, ParamsError
from tinynn.core.names import index_text
from tinynn.core.numbers import parse_number, parse_whole, quoted, rounds_to_zero, typed_text
from tinynn.core.params import Params

TASKS = ("regression", "classification")  # the tasks a set-up may name, in this order


def validate_task(task: object) -> None:
    if task not in TASKS:
        raise ConfigError(f"unknown task {got(task)} (expected 'regression' or 'classification')")


def is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_finite(v: object) -> bool:
    """A number (not a bool) a float can hold: finite, and an int no larger than the largest
    float (math.isfinite(10**400) raises OverflowError instead of saying no)."""
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return abs(v) <= sys.float_info.max  # an exact comparison, whatever the size
    return isinstance(v, float) and math.isfinite(v)


def got(v: object) -> str:
    """A value a message quotes: a number as `shown` writes it (a 400-digit int by its
    length), anything else as repr does."""
    return shown(v) if is_number(v) else repr(v)


def lr_problem(v: object) -> str | None:
    """What is wrong with `v` as a learning rate η (a finite number above 0), or None:
    the rule of `validate_lr` and of --lr."""
    return positive_problem(v)


def validate_lr(lr: object) -> None:
    """Raise ConfigError unless eta is a finite number > 0 ("learning rate must be a finite
    number above 0, got -0.001")."""
    problem = lr_problem(lr)
    if problem:
        raise ConfigError(f"learning rate {problem}")


def validate_sample(params: Params, x: object, y: object, task: str) -> None:
    """Raise unless x has one finite number per input of `params` and y suits the task."""
    if not isinstance(x, (list, tuple)):
        raise DataError(f"x must be a list of numbers, got {type(x).__name__}")
    if len(x) != params.n_inputs:
        raise DataError(
            f"x has {len(x)} number(s) but the network takes {params.n_inputs} input(s)"
        )
    for i, xi in enumerate(x):
        if not is_finite(xi):
            raise DataError(f"x[{i}] must be a finite number, got {got(xi)}")
    if not is_finite(y):
        raise DataError(f"y must be a finite number, got {got(y)}")
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
        if isinstance(v, int) and not is_finite(v):  # JSON allows 1 and 400 zeros
            raise ParamsError(f"{name}{index_text(index)} is too large to be a float")
        if not is_finite(v):
            raise ParamsError(f"{name}{index_text(index)} is not finite: {v}")
    if n_inputs is not None and n != n_inputs:
        raise ParamsError(
            f"parameters expect {n} input(s) per sample but the data has {shown(n_inputs)}"
        )


def validate_step(params: object, x: object, y: object, lr: object, task: object) -> None:
    """The checks of one step's arguments (train_step, trace_step)."""
    validate_task(task)
    validate_params(params)
    assert isinstance(params, Params)
    validate_sample(params, x, y, task)  # type: ignore[arg-type]
    validate_lr(lr)


def validate_positive(name: str, v: object, largest: float = math.inf) -> None:
    """Raise ConfigError unless `v` is a finite number in (0, largest] (`positive_problem`)."""
    problem = positive_problem(v, largest)
    if problem:
        raise ConfigError(f"{name} {problem}")


def _len(v: object) -> str:
    return str(len(v)) if isinstance(v, Sequence) else type(v).__name__


MAX_EPOCHS = 1_000_000  # hours of pure-Python training already; more is a typo
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


def number_problem(v: object, least: float, most: float, *, above: bool = False,
                   below: bool = False, unit: str = "") -> str | None:  # fmt: skip
    """What is wrong with `v` as a finite number from `least` to `most` (`above`: more than
    `least`; `below`: less than `most`; `most` math.inf: no upper bound), or None: "must be
    above 0 and at most 3600 seconds, got 1e+12", "must be a finite number above 0, got
    nan". The one rule for every bounded real number an option or the API takes; a text
    (what could not be read as a number) is quoted, cut when long."""
    finite = is_finite(v)
    if finite and (least < v if above else least <= v) and (v < most if below else v <= most):  # type: ignore[operator]
        return None
    said = quoted(v) if isinstance(v, str) else _typed(v)
    units = f" {unit}" if unit else ""
    if most == math.inf:  # no upper bound: say "finite", since inf is above any least
        low = f"above {typed_text(least)}" if above else f"at least {typed_text(least)}"
        return f"must be a finite number {low}{units}, got {said}"
    low = f"above {typed_text(least)}" if above else f"from {typed_text(least)}"
    high = f"{'less than ' if below else 'at most ' if above else ''}{typed_text(most)}"
    return f"must be {low} {'and' if above else 'to'} {high}{units}, got {said}"


def positive_problem(v: object, most: float = math.inf) -> str | None:
    """What is wrong with `v` as a finite number above 0 and at most `most`, or None: a
    step, a tolerance or a learning rate (`number_problem`'s words)."""
    return number_problem(v, 0, most, above=True)


def read_real(text: str, problem: Callable[[object], str | None]) -> float:
    """A finite number typed as `text` (read by `parse_number`) that `problem` (`lr_problem`,
    `seconds_problem`...) finds nothing wrong with: how an option and a dialog's field read
    one, so that they say the same words.

    Raises:
        ValueError: what `problem` says; what is not a finite number is quoted as typed (cut
            when long), and one too small for a float is said to round to 0.
    """
    try:
        value: float | str = parse_number(text)
    except ValueError:
        value = text
    said = problem(value)
    if said and rounds_to_zero(text):
        said = f"{problem(text)} (too small for a float: it rounds to 0)"
    if said:
        raise ValueError(said)
    assert isinstance(value, float)
    return value


def read_whole(text: str, least: int | None = None, most: int | None = None) -> int:
    """A whole number typed as `text` (read by `parse_whole`) from `least` to `most`
    (`whole_problem`'s rule): how an option and a dialog's field read one.

    Raises:
        ValueError: "not a whole number: '1.5'", "a whole number of 5000 digits (at most
            4300)", "must be at least 1, got 0".
    """
    value = parse_whole(text)
    problem = whole_problem(value, least, most)
    if problem:
        raise ValueError(problem)
    return value


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


def quiz_tolerance_problem(v: object) -> str | None:
    """What is wrong with `v` as a quiz's relative tolerance (--tolerance, a lesson's): above 0
    and less than 1, or None."""
    return number_problem(v, 0, 1, above=True, below=True)


def seconds_problem(v: object) -> str | None:
    """What is wrong with `v` as a time limit (above 0, at most MAX_SECONDS), or None."""
    return number_problem(v, 0, MAX_SECONDS, above=True, unit="seconds")


def points_problem(v: object) -> str | None:
    """What is wrong with `v` as a file's points (above 0, at most MAX_POINTS), or None."""
    return number_problem(v, 0, MAX_POINTS, above=True)


def validate_data(X: object, Y: object) -> None:
    """Raise DataError unless X is a non-empty list of rows of as many finite numbers each,
    and Y one finite number per row: the samples of a `Dataset` a caller built."""
    if not isinstance(X, list) or not X or not all(isinstance(row, list) and row for row in X):
        raise DataError("data.X must be a non-empty list of non-empty lists of numbers")
    if not isinstance(Y, list) or len(Y) != len(X):
        raise DataError(f"data.Y must be a list of one target per row of data.X ({len(X)})")
    n = len(X[0])
    for k, row in enumerate(X):
        if len(row) != n:
            raise DataError(f"data.X[{k}] has {len(row)} number(s), data.X[0] has {n}")
        for i, v in enumerate(row):
            if not is_finite(v):
                raise DataError(f"data.X[{k}][{i}] must be a finite number, got {got(v)}")
    for k, v in enumerate(Y):
        if not is_finite(v):
            raise DataError(f"data.Y[{k}] must be a finite number, got {got(v)}")


# Inputs × hidden units (the weights of W1) of a network whose every number is shown: the
# trace, a worksheet, the walkthrough. What a step shows grows with the weights and, faster,
# with the hidden units (z2's sum, each chain rule), so the worst shape at the cap is one
# input × 512 units: `tinynn explain` then takes under half a second of CPU and writes at most
# 4.2 MB in any format (JSON; text 0.44 MB), benchmarks/bench_explain_size.py; 2 × 1024
# wrote 10.9 MB of JSON and took a second.
MAX_SHOWN_WEIGHTS = 512


def size_problem(n_inputs: int, n_hidden: int) -> str | None:
    """What is wrong with showing every number of an `n_inputs`-`n_hidden`-1 network, or None."""
    if n_inputs * n_hidden <= MAX_SHOWN_WEIGHTS:
        return None
    return (
        f"inputs × hidden units must be at most {MAX_SHOWN_WEIGHTS} to show every number, got "
        f"{n_inputs} × {n_hidden} = {n_inputs * n_hidden}"
    )
