"""Running a student's `step` function in isolation, for `tinynn check`.

The student's code is theirs, and it runs as their own program would: their
Python, their working directory, their file's folder first on sys.path. But it
runs in a child process, so that nothing it does (an exception, `sys.exit`,
`os._exit`, an endless loop, a huge allocation, reading standard input) can
take tinynn down: the child reports what happened, with the line of their file,
as one JSON object per case on a pipe.

This file is also the child's program (`python student.py FILE NAME REQ RES`),
so it imports the standard library only, never tinynn. `run_cases` is shared
by the child and by `tinynn.check(step)` in a notebook, which runs the function
in the calling process (a function object cannot be sent to another process).
"""

from __future__ import annotations

import contextlib
import faulthandler
import inspect
import io
import json
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from typing import Any

NAMES = (
    "z1", "a1", "z2", "y_pred", "L", "delta2", "dW2", "db2",
    "sigma_prime", "delta1", "dW1", "db1", "W1", "b1", "W2", "b2",
)  # fmt: skip
ALIASES = {"p": "y_pred", "loss": "L"}  # the notes also write p for y_pred; "loss" for L
PARAM_NAMES = ("W1", "b1", "W2", "b2")
MAX_PRINTED = 20_000  # characters of a case's printed output that are kept
MEMORY_LIMIT = 2 << 30  # bytes of address space for the child (a runaway allocation fails)
LOAD_ALLOWANCE = 10.0  # seconds loading their file may take on top of --timeout (imports)

Result = dict[str, Any]


class StepTimeout(BaseException):
    """Raised inside the student's code when a case runs too long (in-process runs only).

    A BaseException, so that their `except Exception:` does not swallow it.
    """


def frame_in(tb_frames: list[traceback.FrameSummary], filename: str) -> Result | None:
    """The last frame of `tb_frames` in `filename` (their file), as a small dict."""
    mine = [f for f in tb_frames if _same_file(f.filename, filename)]
    if not mine:
        return None
    f = mine[-1]
    return {"file": f.filename, "line": f.lineno, "func": f.name, "code": (f.line or "").strip()}


def _same_file(a: str, b: str) -> bool:
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
        raise TypeError("... (still to be written)")
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


def interpret(returned: object, args: Mapping[str, Any], original: Mapping[str, Any]) -> Result:
    """What a step returned, as {"form", "values", "ignored"} or {"garbage": why}.

    Args:
        returned: the function's return value.
        args: the parameter lists it was given (possibly updated in place).
        original: the same parameters as they were before the call.
    """
    values: dict[str, object] = {}
    ignored: list[str] = []
    if isinstance(returned, Mapping) or hasattr(returned, "_asdict"):
        items: Any = returned._asdict() if hasattr(returned, "_asdict") else returned
        form = "dict"
        for key, v in dict(items).items():
            name = ALIASES.get(key, key) if isinstance(key, str) else key
            if name not in NAMES:
                ignored.append(str(key))
                continue
            try:
                values[name] = to_plain(v)
            except TypeError as e:
                return {"garbage": f"returned a dict whose {key!r} is {e}"}
        if not values:
            known = ", ".join(NAMES)
            return {
                "garbage": f"returned a dict with none of the notes' names ({known}); "
                f"its keys: {', '.join(map(str, ignored)) or 'none'}"
            }
    elif isinstance(returned, (tuple, list)):
        form = "tuple"
        if len(returned) != 4:
            return {
                "garbage": f"returned a {type(returned).__name__} of {len(returned)} values; "
                "expected the updated (W1, b1, W2, b2) or a dict of the notes' names"
            }
        for name, v in zip(PARAM_NAMES, returned):
            try:
                values[name] = to_plain(v)
            except TypeError as e:
                return {"garbage": f"returned a tuple whose {name} is {e}"}
    elif returned is None:
        form = "inplace"
        for name in PARAM_NAMES:
            try:
                values[name] = to_plain(args[name])
            except TypeError as e:
                return {"garbage": f"returned None, and {name} (updated in place) is {e}"}
        del values["b2"]  # a number cannot be updated in place: b2 is not compared
        if all(values[n] == original[n] for n in PARAM_NAMES[:3]):
            return {
                "garbage": "returned None and left W1, b1 and W2 unchanged: return a dict "
                "of the notes' names, or the updated (W1, b1, W2, b2), or update the lists "
                "in place (see 'tinynn check --template')"
            }
    else:
        try:
            what = f"a {type(returned).__name__} ({returned!r:.40})"
        except Exception:  # their __repr__ may fail too
            what = f"a {type(returned).__name__}"
        return {
            "garbage": f"returned {what}; expected a dict of the notes' names, the updated "
            "(W1, b1, W2, b2), or None after updating the lists in place"
        }
    return {"form": form, "values": values, "ignored": ignored}


def _failure(e: BaseException, filename: str, timeout: float | None) -> Result:
    frames = traceback.extract_tb(e.__traceback__)
    where = frame_in(frames, filename)
    if isinstance(e, SystemExit):
        return {"kind": "exit", "message": f"called sys.exit({e.code!r})", "where": where}
    if isinstance(e, StepTimeout):
        return {"kind": "timeout", "message": f"took longer than {timeout:g} s", "where": where}
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

        import time

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
    args = {name: _copy(case[name]) for name in PARAM_NAMES}
    original = {name: _copy(case[name]) for name in PARAM_NAMES}
    call_args = [*(args[n] for n in PARAM_NAMES), _copy(case["x"]), case["y"], case["lr"]]
    kwargs = {"task": case["task"]} if with_task else {}
    printed = io.StringIO()
    guard = watchdog() if watchdog is not None else _alarm(timeout)
    result: Result
    try:
        with (
            contextlib.redirect_stdout(printed),
            contextlib.redirect_stderr(printed),
            _no_stdin(),
            guard,
        ):
            returned = fn(*call_args, **kwargs)
        result = interpret(returned, args, original)
        if "garbage" in result:
            result = {"kind": "garbage", "message": result["garbage"], "where": None}
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # their code: anything, including SystemExit
        result = _failure(e, filename, timeout)
    text = printed.getvalue()
    if len(text) > MAX_PRINTED:
        text = text[:MAX_PRINTED] + f"\n[... {len(text) - MAX_PRINTED} more characters]"
    result["printed"] = text
    return result


@contextlib.contextmanager
def _no_stdin() -> Any:
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


# --- the parent's side: run a file's function in a child process


class Run:
    """What the child reported: whether the function loaded, and one result per case run.

    Attributes:
        error: why the file or function could not be used (a load error), else None.
        accepts_task: whether the function takes a `task` keyword.
        results: one dict per case that ran, in order; a case the child died in
            (timeout, os._exit, a signal) is the last one, with its "kind".
        output: what was written to the process's own stdout and stderr (outside the
            captured prints of a case), for a report that needs it.
    """

    def __init__(self) -> None:
        self.error: str | None = None
        self.accepts_task = False
        self.results: list[Result] = []
        self.output = ""


# The child imports this file by path, so that tinynn's folder is never on its sys.path
# (tinynn/trace.py would shadow the standard library's trace module, for example).
_BOOT = (
    "import importlib.util as u, sys\n"
    "s = u.spec_from_file_location('tinynn_student_runner', sys.argv[1])\n"
    "m = u.module_from_spec(s); s.loader.exec_module(m)\n"
    "m._child_main(sys.argv[2:])\n"
)


def run_file(path: str, name: str, cases: list[Result], with_task: bool, timeout: float) -> Run:
    """Load `name` from the file `path` in a child process and run it on every case.

    The child's standard input is empty; its prints are captured per case; each case
    may take `timeout` seconds (the child dumps where it was and exits after that).
    """
    import select
    import subprocess
    import tempfile
    import time

    run = Run()
    req_r, req_w = os.pipe()
    res_r, res_w = os.pipe()
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        # one thread: a NumPy import reserves far less address space under the memory limit
        env.setdefault(var, "1")
    load_timeout = timeout + LOAD_ALLOWANCE
    request = json.dumps(
        {"cases": cases, "with_task": with_task, "timeout": timeout, "load_timeout": load_timeout}
    )
    with tempfile.TemporaryFile() as output:
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", _BOOT, __file__, path, name, str(req_r), str(res_w)],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
                pass_fds=(req_r, res_w),
                env=env,
            )
        finally:
            os.close(req_r)
            os.close(res_w)
        try:
            with os.fdopen(req_w, "wb") as f:
                f.write(request.encode())
        except BrokenPipeError:
            pass  # the child died at once; what it said (if anything) is read below
        lines = _read_lines(
            res_r, proc, timeout + 2.0, load_timeout + 2.0, select.select, time.monotonic
        )
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        output.seek(0)
        run.output = output.read().decode("utf-8", "replace")
    _collect(run, lines, proc.returncode, path, timeout, load_timeout)
    return run


def _read_lines(
    fd: int,
    proc: Any,
    patience: float,
    first_patience: float,
    select: Callable[..., Any],
    clock: Callable[[], float],
) -> list[Result]:
    """The child's JSON lines; the child is killed if none comes for `patience` seconds
    (`first_patience` for the first, which comes after their file is loaded)."""
    lines: list[Result] = []
    buf = b""
    try:
        deadline = clock() + first_patience
        while True:
            ready, _, _ = select([fd], [], [], max(0.0, deadline - clock()))
            if not ready:
                proc.kill()  # faulthandler's watchdog should have fired: stop it ourselves
                break
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            buf += chunk
            *complete, buf = buf.split(b"\n")
            for line in complete:
                try:
                    lines.append(json.loads(line))
                except ValueError:
                    continue
            if complete:
                deadline = clock() + patience
    finally:
        os.close(fd)
    return lines


def _collect(run: Run, lines: list[Result], status: int | None, path: str, timeout: float,
             load_timeout: float) -> None:  # fmt: skip
    if not lines:
        if "Timeout (" in run.output:
            where = _dumped_frame(run.output, path)
            at = f" (line {where['line']}: {where['code']})" if where else ""
            run.error = f"cannot load {path}: loading it took longer than {load_timeout:g} s{at}"
        else:
            run.error = f"cannot load {path}: the process ended while loading it" + _status(status)
        return
    head, rest = lines[0], lines[1:]
    if not head.get("loaded"):
        run.error = str(head.get("error") or f"cannot load {path}" + _status(status))
        return
    run.accepts_task = bool(head.get("accepts_task"))
    done = False
    for r in rest:
        if r.get("done"):
            done = True
        elif "case" in r:
            if run.results and run.results[-1]["case"] == r["case"]:
                continue  # an os._exit reported before the case's own result: keep that one
            run.results.append(r)
    if done:
        return
    # The child died inside a case: say which, and where in their file if we can tell.
    case = len(run.results)
    if run.results and run.results[-1].get("kind") == "exit":
        return  # os._exit, already reported with its line
    if "Timeout (" in run.output:
        failure: Result = {
            "kind": "timeout",
            "message": f"took longer than {timeout:g} s",
            "where": _dumped_frame(run.output, path),
        }
    else:
        failure = {"kind": "crash", "message": "ended the process" + _status(status), "where": None}
    failure.update(case=case, printed="")
    run.results.append(failure)


def _status(status: int | None) -> str:
    if status is None or status == 0:
        return ""
    if status < 0:
        try:
            return f" (killed by signal {signal.Signals(-status).name})"
        except ValueError:
            return f" (killed by signal {-status})"
    return f" (exit status {status})"


def _dumped_frame(dump: str, path: str) -> Result | None:
    """The innermost frame in `path` of faulthandler's dump (most recent call first)."""
    import linecache
    import re

    for m in re.finditer(r'File "(.*)", line (\d+) in (\S+)', dump):
        if _same_file(m.group(1), path):
            line = int(m.group(2))
            code = linecache.getline(m.group(1), line).strip()
            return {"file": m.group(1), "line": line, "func": m.group(3), "code": code}
    return None


# --- the child process


def _child_main(argv: list[str]) -> None:
    path, name, req_fd, res_fd = argv[0], argv[1], int(argv[2]), int(argv[3])
    with os.fdopen(req_fd, "rb") as f:
        request = json.loads(f.read())
    out = os.fdopen(res_fd, "w", encoding="utf-8")
    real_stderr = 2  # the process's own stderr (a file of the parent's), whatever sys.stderr is
    real_exit = os._exit

    def emit(obj: Result) -> None:
        out.write(json.dumps(obj) + "\n")
        out.flush()

    current = {"case": -1}

    def exit_now(status: int) -> None:  # their os._exit: say where, then exit
        where = frame_in(traceback.extract_stack()[:-1], path)
        emit({
            "case": current["case"], "kind": "exit", "where": where, "printed": "",
            "message": f"called os._exit({status})",
        })  # fmt: skip
        real_exit(status)

    os._exit = exit_now  # type: ignore[assignment]
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this system: a runaway allocation is then the system's to stop

    timeout = float(request["timeout"])

    @contextlib.contextmanager
    def watchdog(seconds: float = timeout) -> Any:
        # A thread of faulthandler's own, not a signal: it fires even in a loop that
        # never returns to Python code, prints where every thread was, and exits.
        faulthandler.dump_traceback_later(seconds, exit=True, file=real_stderr)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()

    sys.path[0] = os.path.dirname(os.path.abspath(path))
    printed = io.StringIO()
    try:
        with (
            contextlib.redirect_stdout(printed),
            contextlib.redirect_stderr(printed),
            _no_stdin(),
            watchdog(float(request["load_timeout"])),
        ):
            fn = _load(path, name)
        problem = signature_problem(fn, name)
    except _LoadError as e:
        problem = str(e)
        fn = None
    except BaseException as e:
        where = frame_in(traceback.extract_tb(e.__traceback__), path)
        at = f" (line {where['line']}: {where['code']})" if where else ""
        if isinstance(e, SystemExit):
            problem = f"cannot load {path}: it calls sys.exit({e.code!r}) when loaded{at}"
        else:
            text = "".join(traceback.format_exception_only(type(e), e)).strip()
            problem = f"cannot load {path}: {text}{at}"
        fn = None
    if problem is not None or fn is None:
        emit({"loaded": False, "error": problem, "printed": printed.getvalue()})
        out.close()
        real_exit(0)
    assert fn is not None
    emit({"loaded": True, "accepts_task": accepts_task(fn), "printed": printed.getvalue()})
    with_task = bool(request["with_task"]) and accepts_task(fn)
    for k, case in enumerate(request["cases"]):
        current["case"] = k
        if not with_task and case["task"] != "regression":
            emit({"case": k, "skipped": True})  # checked on regression only
            continue
        result = run_case(fn, case, with_task, path, timeout, watchdog)
        result["case"] = k
        emit(result)
    emit({"done": True})
    out.close()
    real_exit(0)  # their threads, if any, do not keep the check waiting


class _LoadError(Exception):
    pass


def _load(path: str, name: str) -> Callable[..., object]:
    import importlib.util

    stem = os.path.splitext(os.path.basename(path))[0]
    modname = stem if stem.isidentifier() else "student_step"
    spec = importlib.util.spec_from_file_location(modname, path)
    if spec is None or spec.loader is None:
        raise _LoadError(f"cannot load {path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[modname] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as e:
        raise _LoadError(f"cannot load {path}: line {e.lineno}: SyntaxError: {e.msg}") from None
    except (FileNotFoundError, IsADirectoryError, PermissionError) as e:
        raise _LoadError(f"cannot read {path}: {e.strerror}") from None
    if not hasattr(module, name):
        functions = sorted(
            k for k, v in vars(module).items() if inspect.isfunction(v) and not k.startswith("_")
        )
        listed = ", ".join(functions) if functions else "none"
        raise _LoadError(f"{path} has no function named {name!r} (its functions: {listed})")
    return getattr(module, name)  # type: ignore[no-any-return]


if __name__ == "__main__":
    _child_main(sys.argv[1:])
