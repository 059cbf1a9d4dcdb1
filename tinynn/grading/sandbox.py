"""Running a student's `step` function in isolation, for `tinynn check FILE.py`: the
parent's side.

The student's code is theirs, and it runs as their own program would: their
Python, their working directory, their file's folder first on sys.path. But it
runs in a child process (tinynn/grading/child.py), so that nothing it does (an
exception, `sys.exit`, `os._exit`, an endless loop, a huge allocation, reading
standard input) can take tinynn down: the child reports what happened, with the
line of their file, as one JSON object per case on a pipe, and `run_file` collects
them (a child that dies or hangs is reported as what it did).
"""

from __future__ import annotations

import json
import linecache
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from tinynn.core.numbers import typed_text
from tinynn.grading.call import Result, same_file

LOAD_ALLOWANCE = 10.0  # seconds loading their file may take on top of --timeout (imports)


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


# The child imports tinynn from the folder this tinynn is in (ROOT, its first argument), not
# from whatever `tinynn` its working directory may hold; tinynn.grading.child.main then
# puts the student's folder first on sys.path in ROOT's place.
_BOOT = (
    "import sys\n"
    "sys.path[0] = sys.argv[1]\n"
    "from tinynn.grading.child import main\n"
    "main(sys.argv[2:])\n"
)
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_file(path: str, name: str, cases: list[Result], with_task: bool, timeout: float) -> Run:
    """Load `name` from the file `path` in a child process and run it on every case.

    The child's standard input is empty; its prints are captured per case; each case
    may take `timeout` seconds (the child dumps where it was and exits after that).
    """
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
                [sys.executable, "-c", _BOOT, _ROOT, path, name, str(req_r), str(res_w)],
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
            run.error = (
                f"cannot load {path}: loading it took longer than {typed_text(load_timeout)} s{at}"
            )
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
            "message": f"took longer than {typed_text(timeout)} s",
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
    for m in re.finditer(r'File "(.*)", line (\d+) in (\S+)', dump):
        if same_file(m.group(1), path):
            line = int(m.group(2))
            code = linecache.getline(m.group(1), line).strip()
            return {"file": m.group(1), "line": line, "func": m.group(3), "code": code}
    return None
