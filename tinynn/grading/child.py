"""The child process of `tinynn check FILE.py`: it loads the student's file (a notebook's
code cells: tinynn/grading/notebook_code.py) and runs their step on each case it is sent,
and reports each case as one JSON line on a pipe (tinynn/grading/sandbox.py starts it, in
the isolation of tinynn/grading/isolation.py, and reads them).

Nothing the student's code does can take tinynn down from here: an endless loop is
stopped by faulthandler's watchdog (which also says where it was), an `os._exit`
is reported with its line, a runaway allocation fails under a memory limit. Python
runs isolated (`-I`: neither the working folder nor the user's site on sys.path), in
an empty folder of its own; the student's folder comes last on sys.path, so that a
file beside theirs named like a module (json.py, inspect.py) is never imported in
place of it. What this process needs is imported before their code runs.

Their code shares this process, so it could write to the result pipe or patch this
module: the parent trusts no line without the run's nonce, and passes only on values
it compares itself, for every case it sent (tinynn/grading/sandbox.py).
"""

from __future__ import annotations

import contextlib
import faulthandler
import importlib.util
import inspect
import json
import os
import sys
import traceback
import types
from collections.abc import Callable
from typing import Any

from tinynn.core.errors import TinyNNError
from tinynn.grading.call import (
    Result,
    accepts_task,
    frame_in,
    no_stdin,
    run_case,
    signature_problem,
)
from tinynn.grading.clip import Clip
from tinynn.grading.notebook_code import cell_of, is_notebook, notebook_lines

MEMORY_LIMIT = 2 << 30  # bytes of address space for the child (a runaway allocation fails)
MAX_RESULT = 1 << 20  # characters of one case's JSON line (a step returning a million numbers)


def main(argv: list[str]) -> None:
    """Load FILE's NAME, run it on each case of the request read from REQ, and write one
    JSON line per case to RES; argv is [FILE, NAME, REQ, RES] (REQ and RES: pipe fds)."""
    path, name, req_fd, res_fd = argv[0], argv[1], int(argv[2]), int(argv[3])
    os.set_inheritable(res_fd, False)  # a program they start does not get it
    with os.fdopen(req_fd, "rb") as f:
        request = json.loads(f.read())
    nonce = str(request["nonce"])
    out = os.fdopen(res_fd, "w", encoding="utf-8")
    real_exit = os._exit
    me = os.getpid()
    null = os.open(os.devnull, os.O_WRONLY)

    def emit(obj: Result) -> None:
        line = json.dumps({**obj, "nonce": nonce})
        if len(line) > MAX_RESULT and "case" in obj:
            line = json.dumps({
                "case": obj["case"], "kind": "garbage", "where": None, "printed": "",
                "message": f"returned more numbers than a step has ({len(line)} characters)",
                "nonce": nonce,
            })  # fmt: skip
        out.write(line + "\n")
        out.flush()

    emit({"started": True})  # before anything of theirs runs: the sandbox works
    current = {"case": -1}

    def exit_now(status: int) -> None:  # their os._exit: say where, then exit
        if os.getpid() == me:  # not in a process they forked (multiprocessing's workers)
            where = frame_in(traceback.extract_stack()[:-1], path)
            if current["case"] < 0:
                at = f" (line {where['line']}: {where['code']})" if where else ""
                error = f"cannot load {path}: it calls os._exit({status}) when loaded{at}"
                emit({"loaded": False, "error": error, "printed": ""})
            else:
                emit({
                    "case": current["case"], "kind": "exit", "where": where, "printed": "",
                    "message": f"called os._exit({status})", "ended": True,
                })  # fmt: skip
        real_exit(status)

    def forked() -> None:
        # A process they fork (a multiprocessing worker) neither reports nor writes results:
        # its copy of the result pipe points to /dev/null, its os._exit is the real one.
        os.dup2(null, res_fd)
        os._exit = real_exit

    os._exit = exit_now  # type: ignore[assignment]
    os.register_at_fork(after_in_child=forked)
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
        faulthandler.dump_traceback_later(seconds, exit=True, file=2)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()

    sys.path.append(os.path.dirname(os.path.abspath(path)))  # their modules, after the rest
    printed = Clip()
    try:
        with (
            contextlib.redirect_stdout(printed),
            contextlib.redirect_stderr(printed),
            no_stdin(),
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
        emit({"loaded": False, "error": problem, "printed": printed.text()})
        out.close()
        real_exit(0)
    assert fn is not None
    emit({"loaded": True, "accepts_task": accepts_task(fn), "printed": printed.text()})
    with_task = bool(request["with_task"]) and accepts_task(fn)
    for k, case in enumerate(request["cases"]):
        current["case"] = k
        if not with_task and case["task"] != "regression":
            emit({"case": k, "skipped": True})  # checked on regression only
            continue
        result = run_case(fn, case, with_task, path, timeout, watchdog)
        result["case"] = k
        emit(result)
        current["case"] = k + 1  # between cases: an os._exit now ends the next one
    emit({"done": True})
    out.close()
    real_exit(0)  # their threads, if any, do not keep the check waiting


class _LoadError(Exception):
    pass


def _load(path: str, name: str) -> Callable[..., object]:
    stem = os.path.splitext(os.path.basename(path))[0]
    modname = stem if stem.isidentifier() else "student_step"
    if modname in sys.modules or modname in sys.stdlib_module_names:
        modname = f"student_{modname}"  # their json.py is not the json module of this process
    code = ""
    try:
        if is_notebook(path):  # its code cells, run as the module's code
            try:
                code = notebook_lines(path)
            except TinyNNError as e:
                raise _LoadError(str(e)) from None
            module = types.ModuleType(modname)
            module.__file__ = path
            sys.modules[modname] = module
            exec(compile(code, path, "exec"), module.__dict__)
        else:
            spec = importlib.util.spec_from_file_location(modname, path)
            if spec is None or spec.loader is None:
                raise _LoadError(f"cannot load {path}: not a Python file")
            module = importlib.util.module_from_spec(spec)
            sys.modules[modname] = module
            spec.loader.exec_module(module)
    except SyntaxError as e:
        cell = cell_of(code, e.lineno or 0) if code else None
        at = f"line {e.lineno}" + (f" (cell {cell})" if cell is not None else "")
        raise _LoadError(f"cannot load {path}: {at}: SyntaxError: {e.msg}") from None
    except (FileNotFoundError, IsADirectoryError, PermissionError) as e:
        raise _LoadError(f"cannot read {path}: {e.strerror}") from None
    if not hasattr(module, name):
        functions = sorted(
            k for k, v in vars(module).items() if inspect.isfunction(v) and not k.startswith("_")
        )
        listed = ", ".join(functions) if functions else "none"
        raise _LoadError(f"{path} has no function named {name!r} (its functions: {listed})")
    return getattr(module, name)  # type: ignore[no-any-return]
