"""Saving and loading parameters as JSON.

Python writes a float with the shortest text that reads back as the same
float, so the round trip is exact. Saving goes through `files.write_text`: the
text is written to a temporary file in the same folder and then renamed over the
target, so a crash leaves either the old file or the new one, never half of one;
a symbolic link is written through, and folders, devices, named pipes and
sockets are refused. Loading reads at most `files.TEXT_LIMIT` bytes (64 MiB).
"""

from __future__ import annotations

from tinynn.core.errors import ParamsError
from tinynn.core.params import Params
from tinynn.core.validate import got, validate_params, whole_problem
from tinynn.io.files import check_path, read_text, show, write_text

FORMAT = "tinynn-params"
KEYS = ("W1", "b1", "W2", "b2")
OPTIONAL_KEYS = ("format", "version")  # written by save_params, for a reader's benefit
# An integer with more digits than this is beyond the largest float (about 1.8e308).
FLOAT_DIGITS = 309
_HUGE: int = 10**FLOAT_DIGITS


def save_params(path: str, params: Params) -> None:
    """Write `params` to `path` as JSON, atomically (see `files.write_text`).

    Raises:
        ParamsError: `params` is not a `Params` or holds a number that is not
            finite, or the file cannot be written (a folder, a device, a full
            disk...); the old file is then unchanged.
    """
    path = check_path(path, ParamsError, "path", "save_params")
    write_text(path, params_json(params), ParamsError)


def params_json(params: Params) -> str:
    """The text `save_params` writes (also what the walkthrough in a browser downloads).

    Raises:
        ParamsError: `params` is not a `Params` or holds a number that is not finite.
    """
    import json  # here, not at the top: json would slow down `import tinynn`

    if not isinstance(params, Params):
        raise ParamsError(f"save_params: params must be a Params, got {type(params).__name__}")
    validate_params(params)
    return json.dumps({"format": FORMAT, "version": 1, **params.to_dict()}, indent=2) + "\n"


def load_params(path: str, n_inputs: int | None = None) -> Params:
    """Read parameters written by `save_params` (or by hand in the same shape).

    With `n_inputs`, W1 must also have that many columns (the data's inputs).

    Raises:
        ParamsError: the file is missing, not JSON, of the wrong shape, or
            holds a number that is not finite.
    """
    path = check_path(path, ParamsError, "path", "load_params")
    if n_inputs is not None and whole_problem(n_inputs, 1):
        raise ParamsError(f"load_params: n_inputs must be an int >= 1 or None, got {got(n_inputs)}")
    where = show(path)
    # A byte-order mark is removed (JSON does not allow one, some editors write one).
    text = read_text(path, ParamsError, "a parameters file")
    obj = read_json(text, where, "a parameters file")
    return params_from_object(obj, where, n_inputs)


def read_json(text: str, where: str, what: str) -> object:
    """The JSON value of `text` (`what` is read from `where`), read with care for text from
    anywhere: no NaN or Infinity, an integer too long for a float read quickly as one too
    large, no nesting too deep for Python.

    Raises:
        ParamsError: `text` is not JSON, or holds one of those.
    """
    import json

    try:
        return json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int)
    except json.JSONDecodeError as e:
        raise ParamsError(f"{where} is not valid JSON: {e.msg} at line {e.lineno}") from None
    except RecursionError:
        raise ParamsError(f"{where} is not {what}: nested too deeply") from None
    except ValueError as e:
        raise ParamsError(f"{where}: {e}") from None


def params_from_object(obj: object, where: str, n_inputs: int | None = None) -> Params:
    """The parameters a JSON object holds (keys W1, b1, W2, b2, as `save_params` writes
    them), checked as `load_params` checks a file's; `where` names it in an error.

    Raises:
        ParamsError: `obj` is of the wrong shape or holds a number that is not finite.
    """
    if not isinstance(obj, dict) or not all(k in obj for k in KEYS):
        raise ParamsError(f"{where} must be a JSON object with keys W1, b1, W2, b2")
    unknown = [k for k in obj if k not in KEYS + OPTIONAL_KEYS]
    if unknown:
        raise ParamsError(
            f"{where}: unknown key {unknown[0]!r} (a parameters file holds W1, b1, W2, b2)"
        )
    params = Params(obj["W1"], obj["b1"], obj["W2"], obj["b2"])
    try:
        validate_params(params, n_inputs)
    except ParamsError as e:
        raise ParamsError(f"{where}: {e}") from None
    return Params(
        [[float(w) for w in row] for row in params.W1],
        [float(b) for b in params.b1],
        [float(w) for w in params.W2],
        float(params.b2),
    )


def _parse_int(digits: str) -> int:
    """A JSON integer; one too long for a float becomes one just as unusable, but quickly.

    Python refuses to convert more than 4,300 digits (a guard against slow conversions)
    with a message of its own; a number that long is far beyond any float anyway, so it
    stands in as 10**309, which `validate_params` names: "b2 is too large to be a float".
    """
    if len(digits.lstrip("-")) > FLOAT_DIGITS:
        return -_HUGE if digits.startswith("-") else _HUGE
    return int(digits)


def _reject_constant(name: str) -> float:
    raise ValueError(f"holds {name}, which is not a finite number")
