"""Saving and loading parameters as JSON.

Python writes a float with the shortest text that reads back as the same
float, so the round trip is exact. Files are written to a temporary file in
the same folder and then renamed over the target: a crash leaves either the
old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import stat

from .checks import check_params
from .errors import ParamsError
from .params import Params

FORMAT = "tinynn-params"
KEYS = ("W1", "b1", "W2", "b2")
OPTIONAL_KEYS = ("format", "version")  # written by save_params, for a reader's benefit


def save_params(path: str, params: Params) -> None:
    """Write `params` to `path` as JSON, atomically."""
    import json  # here, not at the top: json and tempfile would slow down `import tinynn`
    import tempfile

    check_params(params)
    text = json.dumps({"format": FORMAT, "version": 1, **params.to_dict()}, indent=2)
    folder = os.path.dirname(os.path.abspath(path))
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=".tinynn-", suffix=".json.tmp", dir=folder)
    try:
        os.fchmod(fd, mode)  # mkstemp makes the file private (0600); a saved file is not
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _mode_for(path: str) -> int:
    """The permissions the saved file gets: the old file's, or a new file's under the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def load_params(path: str, n_inputs: int | None = None) -> Params:
    """Read parameters written by `save_params` (or by hand in the same shape).

    With `n_inputs`, W1 must also have that many columns (the data's inputs).

    Raises:
        ParamsError: the file is missing, not JSON, of the wrong shape, or
            holds a number that is not finite.
    """
    import json

    from .data import not_utf8

    try:
        with open(path, encoding="utf-8-sig") as f:  # -sig: a byte-order mark is not JSON
            text = f.read()
    except FileNotFoundError:
        raise ParamsError(f"no such file: {path}") from None
    except UnicodeDecodeError as e:
        raise ParamsError(f"cannot read {path}: {not_utf8(e)}") from None
    except OSError as e:
        raise ParamsError(f"cannot read {path}: {e.strerror or e}") from None
    try:
        obj = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise ParamsError(f"{path} is not valid JSON: {e.msg} at line {e.lineno}") from None
    except RecursionError:
        raise ParamsError(f"{path} is not a parameters file: nested too deeply") from None
    except ValueError as e:
        raise ParamsError(f"{path}: {e}") from None
    if not isinstance(obj, dict) or not all(k in obj for k in KEYS):
        raise ParamsError(f"{path} must be a JSON object with keys W1, b1, W2, b2")
    unknown = [k for k in obj if k not in KEYS + OPTIONAL_KEYS]
    if unknown:
        raise ParamsError(
            f"{path}: unknown key {unknown[0]!r} (a parameters file holds W1, b1, W2, b2)"
        )
    params = Params(obj["W1"], obj["b1"], obj["W2"], obj["b2"])
    try:
        check_params(params, n_inputs)
    except ParamsError as e:
        raise ParamsError(f"{path}: {e}") from None
    return Params(
        [[float(w) for w in row] for row in params.W1],
        [float(b) for b in params.b1],
        [float(w) for w in params.W2],
        float(params.b2),
    )


def _reject_constant(name: str) -> float:
    raise ValueError(f"holds {name}, which is not a finite number")
