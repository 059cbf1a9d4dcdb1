"""Calling a student's `step` function on one case, and reading what it returned.

The call runs as their own program would, on copies of the case's lists; whatever
their code does (an exception, `sys.exit`, reading standard input, printing) is
caught and described, with the line of their file, as a small dict that a JSON
line can carry. `run_case` is shared by the child process of `tinynn check FILE.py`
(tinynn/grading/child.py) and by `tinynn.check(step)` in a notebook, which runs the
function in the calling process (a function object cannot be sent to another process).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from tinynn.core.names import PARAMS, RETURNED, RETURNED_ALIASES
from tinynn.core.numbers import typed_text
from tinynn.grading.clip import Clip
from tinynn.io.files import printable

Result = dict[str, Any]


class Unwritten(TypeError):
    """A returned value that is still the template's `...`: not written yet."""


class StepTimeout(BaseException):
    """Raised inside the student's code when a case runs too long (in-process runs only).

    A BaseException, so that their `except Exception:` does not swallow it.
    """


def frame_in(tb_frames: list[traceback.FrameSummary], filename: str) -> Result | None:
    """The last frame of `tb_frames` in `filename` (their file), as a small dict."""
    mine = [f for f in tb_frames if same_file(f.filename, filename)]
    if not mine:
        return None
    f = mine[-1]
    return {"file": f.filename, "line": f.lineno, "func": f.name, "code": (f.line or "").strip()}


def same_file(a: str, b: str) -> bool:
    """Whether two paths name the same file."""
    if a == b:
        return True
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False


def to_plain(v: object, depth: int = 0) -> object:
    """A returned value as floats and lists of them.

    NumPy arrays and scalars (anything with `tolist()`) and other number types
    (`__float__`) are converted by duck typing, so NumPy is never required.

    Raises:
        TypeError: naming what the value is, when it is not a number or a list of them.
    """
    if depth > 3:
        raise TypeError("nested more than 3 levels deep")
    if v is Ellipsis:
        raise Unwritten("... (still to be written)")
    if isinstance(v, (str, bytes)):
        raise TypeError(f"a {type(v).__name__} ({v!r:.40})")
    tolist = getattr(v, "tolist", None)
    if callable(tolist) and not isinstance(v, (list, tuple)):
        v = tolist()
    if isinstance(v, bool):
        raise TypeError(f"a bool ({v})")
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [to_plain(e, depth + 1) for e in v]
    if v is None:
        raise TypeError("None")
    if hasattr(v, "__float__"):
        try:
            return float(v)
        except (TypeError, ValueError):
            pass
    raise TypeError(f"a {type(v).__name__}")


def _copy(v: Any) -> Any:
    return [_copy(e) for e in v] if isinstance(v, list) else v


def interpret(
    returned: object,
    args: Mapping[str, Any],
    original: Mapping[str, Any],
    partial: bool = False,
) -> Result:
    """What a step returned, as {"form", "values", "ignored", "unwritten"} or {"garbage": why}.

    The forms: a dict of the notes' names ("dict"), the updated (W1, b1, W2, b2)
    ("tuple"), or W1, b1 and W2 updated in place and the new b2 returned ("inplace": a
    number cannot change in place; None for b2 leaves it out, and the check says so).
    A dict's W1, b1 or W2 left out are taken from the lists when the step changed any of
    them in place. A parameter that is not there is left out of "values": the comparison
    names it as not updated.

    Args:
        returned: the function's return value.
        args: the parameter lists it was given (possibly updated in place).
        original: the same parameters as they were before the call.
        partial: a dict's names still `...` (a template written in part) are listed as
            "unwritten" and the others compared, instead of the whole result refused
            (the walkthrough's --check compares what is written so far).
    """
    values: dict[str, object] = {}
    ignored: list[str] = []
    in_place = PARAMS[:3]  # the lists: b2 is a number
    unwritten: list[str] = []
    if isinstance(returned, Mapping) or hasattr(returned, "_asdict"):
        items: Any = returned._asdict() if hasattr(returned, "_asdict") else returned
        form = "dict"
        for key, v in dict(items).items():
            name = RETURNED_ALIASES.get(key, key) if isinstance(key, str) else key
            if name not in RETURNED:
                ignored.append(str(key))
                continue
            try:
                values[name] = to_plain(v)
            except TypeError as e:
                if partial and isinstance(e, Unwritten):
                    unwritten.append(name)
                    continue
                return {"garbage": f"returned a dict whose {key!r} is {e}"}
        if not values and not unwritten:
            known = ", ".join(RETURNED)
            return {
                "garbage": f"returned a dict with none of the notes' names ({known}); "
                f"its keys: {', '.join(map(str, ignored)) or 'none'}"
            }
        changed = _changed(args, original)
        if changed is None:
            return {"garbage": "returned a dict, and changed W1, b1 or W2 into something else"}
        if changed:
            for name in in_place:
                values.setdefault(name, to_plain(args[name]))
    elif isinstance(returned, (tuple, list)):
        form = "tuple"
        if len(returned) != 4:
            return {
                "garbage": f"returned a {type(returned).__name__} of {len(returned)} values; "
                "expected the updated (W1, b1, W2, b2) or a dict of the notes' names"
            }
        for name, v in zip(PARAMS, returned):
            try:
                values[name] = to_plain(v)
            except TypeError as e:
                return {"garbage": f"returned a tuple whose {name} is {e}"}
    elif returned is None or _number(returned) is not None:
        form = "inplace"
        for name in in_place:
            try:
                values[name] = to_plain(args[name])
            except TypeError as e:
                return {
                    "garbage": f"returned {_what(returned)}, and {name} (updated in place) is {e}"
                }
        if returned is None and all(values[n] == original[n] for n in in_place):
            return {
                "garbage": "returned None and left W1, b1 and W2 unchanged: return a dict "
                "of the notes' names, or the updated (W1, b1, W2, b2), or update the lists "
                "in place and return the new b2 (see 'tinynn check --template')"
            }
        if returned is not None:
            values["b2"] = _number(returned)
    else:
        return {
            "garbage": f"returned {_what(returned)}; expected a dict of the notes' names, the "
            "updated (W1, b1, W2, b2), or the new b2 after updating W1, b1 and W2 in place"
        }
    return {"form": form, "values": values, "ignored": ignored, "unwritten": unwritten}


def _number(v: object) -> float | None:
    """`v` as a float when it is one number (an int, a float, a NumPy scalar or a NumPy
    array of one element), else None."""
    if isinstance(v, (bool, str, bytes, Mapping, list, tuple)) or v is None:
        return None
    try:
        plain = to_plain(v)
    except TypeError:
        return None
    while isinstance(plain, list) and len(plain) == 1:
        plain = plain[0]
    return plain if isinstance(plain, float) else None


def _changed(args: Mapping[str, Any], original: Mapping[str, Any]) -> bool | None:
    """Whether the step changed any of W1, b1, W2 in place (None: not into numbers)."""
    try:
        return any(to_plain(args[n]) != original[n] for n in PARAMS[:3])
    except TypeError:
        return None


def _what(v: object) -> str:
    """A value as a message names it: its type and the start of its repr."""
    try:
        return f"a {type(v).__name__} ({v!r:.40})"
    except Exception:  # their __repr__ may fail too
        return f"a {type(v).__name__}"


def _failure(e: BaseException, filename: str, timeout: float | None) -> Result:
    frames = traceback.extract_tb(e.__traceback__)
    where = frame_in(frames, filename)
    if isinstance(e, SystemExit):
        return {"kind": "exit", "message": f"called sys.exit({e.code!r})", "where": where}
    if isinstance(e, StepTimeout):
        return {
            "kind": "timeout",
            "message": f"took longer than {typed_text(timeout or 0.0)} s",
            "where": where,
        }
    if isinstance(e, EOFError):
        message = "reads standard input (it gets none here): EOFError"
        return {"kind": "stdin", "message": message, "where": where}
    if isinstance(e, MemoryError):
        return {"kind": "memory", "message": "ran out of memory (MemoryError)", "where": where}
    text = "".join(traceback.format_exception_only(type(e), e)).strip()
    return {"kind": "raise", "message": f"raised {text}", "where": where}


def _alarm(timeout: float | None) -> contextlib.AbstractContextManager[None]:
    """In-process runs: raise StepTimeout in the running code after `timeout` seconds.

    Only possible in the main thread of a Unix process; elsewhere nothing is enforced.
    """
    usable = (
        timeout is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable or timeout is None:
        return contextlib.nullcontext()
    seconds = timeout

    @contextlib.contextmanager
    def alarm() -> Any:
        def on_alarm(signum: int, frame: object) -> None:
            raise StepTimeout

        old = signal.signal(signal.SIGALRM, on_alarm)
        start = time.monotonic()
        previous, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
            if previous > 0:  # someone else's timer (a test runner's, say): give it back
                left = previous - (time.monotonic() - start)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))

    return alarm()


def run_case(
    fn: Callable[..., object],
    case: Mapping[str, Any],
    with_task: bool,
    filename: str,
    timeout: float | None = None,
    watchdog: Callable[[], contextlib.AbstractContextManager[None]] | None = None,
) -> Result:
    """Call `fn` on one case (on copies of its lists) and describe what happened."""
    args = {name: _copy(case[name]) for name in PARAMS}
    original = {name: _copy(case[name]) for name in PARAMS}
    call_args = [*(args[n] for n in PARAMS), _copy(case["x"]), case["y"], case["lr"]]
    kwargs = {"task": case["task"]} if with_task else {}
    printed = Clip()
    guard = watchdog() if watchdog is not None else _alarm(timeout)
    result: Result
    try:
        with (
            contextlib.redirect_stdout(printed),
            contextlib.redirect_stderr(printed),
            no_stdin(),
            guard,
        ):
            returned = fn(*call_args, **kwargs)
        result = interpret(returned, args, original, bool(case.get("partial")))
        if "garbage" in result:
            result = {"kind": "garbage", "message": result["garbage"], "where": None}
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # their code: anything, including SystemExit
        result = _failure(e, filename, timeout)
    result["printed"] = printed.text()
    return result


def shown(result: Result) -> Result:
    """A result as a report may show it: every text in it printable (an escape sequence
    written as "\\x1b[2J", not sent to the terminal), each on one line but what the
    step printed, which keeps its lines."""
    out: Result = {}
    for key, v in result.items():
        if isinstance(v, str):
            out[key] = printable(v, keep="\n" if key == "printed" else "")
        elif isinstance(v, dict):
            out[key] = shown(v)
        elif isinstance(v, list) and key == "ignored":
            out[key] = [printable(str(e)) for e in v]
        else:
            out[key] = v
    return out


@contextlib.contextmanager
def no_stdin() -> Any:
    """Standard input that is empty: their input() raises EOFError instead of waiting."""
    old = sys.stdin
    sys.stdin = io.StringIO("")  # input() raises EOFError instead of waiting
    try:
        yield
    finally:
        sys.stdin = old


def accepts_task(fn: Callable[..., object]) -> bool:
    """Whether `fn` can be called with a `task=` keyword."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(
        (p.name == "task" and p.kind is not p.POSITIONAL_ONLY) or p.kind is p.VAR_KEYWORD
        for p in params
    )


def signature_problem(fn: Callable[..., object], name: str) -> str | None:
    """Why `fn` cannot be called as step(W1, b1, W2, b2, x, y, lr), or None."""
    if not callable(fn):
        return f"{name} is a {type(fn).__name__}, not a function"
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None  # a builtin or C function: just call it
    try:
        sig.bind(*range(7))
    except TypeError:
        return (
            f"{name}{sig} cannot be called as {name}(W1, b1, W2, b2, x, y, lr) "
            "(seven arguments, in the notes' order)"
        )
    return None
