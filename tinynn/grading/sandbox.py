"""Running a student's `step` function in isolation, for `tinynn check FILE.py`: the
parent's side.

The student's file runs in a child process (tinynn/grading/child.py), isolated as well
as this machine allows (tinynn/grading/isolation.py): nothing it does (an exception,
`sys.exit`, `os._exit`, an endless loop, a huge allocation, reading standard input,
printing without end, forking, signals) can take tinynn down or outlive the check. The
child reports each case as one JSON line on a pipe; `run_file` reads them, and what
the child prints, in time linear in what it writes, under a deadline that runs out
whether or not it writes (only a case's result moves it on), and keeps the first and
last few KB of its output.

What the child says is not taken on trust: its code shares that process. A line that
does not carry this run's nonce, or does not follow the protocol (tinynn/grading/channel.py),
is a line the student's code wrote, and the case it came in fails; the check passes only
on values it compares itself, for every case it sent.
"""

from __future__ import annotations

import contextlib
import json
import linecache
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any

from tinynn.core.errors import TinyNNError
from tinynn.core.numbers import typed_text
from tinynn.grading.call import Result, same_file, shown
from tinynn.grading.channel import Exchange
from tinynn.grading.isolation import Isolation, broken, end_all, environment, isolation
from tinynn.io.files import printable

LOAD_ALLOWANCE = 10.0  # seconds loading their file may take on top of --timeout (imports)
GRACE = 2.0  # seconds past a deadline before the parent ends the child (its watchdog first)
CHUNK = 1 << 16


class Run:
    """What the child reported: whether the function loaded, and one result per case run.

    Attributes:
        error: why the file or function could not be used (a load error), else None.
        accepts_task: whether the function takes a `task` keyword.
        results: one dict per case that ran, in order (results[k] is case k's); a case
            the child died in (timeout, os._exit, a signal) is the last one, with its
            "kind". Every text in them is printable.
        output: the first and last few KB of what was written to the process's own
            stdout and stderr (outside the captured prints of a case).
        isolation: how the child was kept apart.
    """

    def __init__(self, isolation: Isolation) -> None:
        self.error: str | None = None
        self.accepts_task = False
        self.results: list[Result] = []
        self.output = ""
        self.isolation = isolation


# The child imports tinynn from the folder this tinynn is in (ROOT, its first argument), not
# from whatever `tinynn` its working directory may hold (-I keeps that folder off sys.path).
_BOOT = (
    "import sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "from tinynn.grading.child import main\n"
    "main(sys.argv[2:])\n"
)
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_file(
    path: str,
    name: str,
    cases: list[Result],
    with_task: bool,
    timeout: float,
    load_timeout: float | None = None,
    sandbox: Isolation | None = None,
) -> Run:
    """Load `name` from the file `path` in a child process and run it on every case.

    The child's standard input is empty; its prints are captured per case; each case
    may take `timeout` seconds, loading the file `load_timeout` (default: `timeout` +
    LOAD_ALLOWANCE). It runs in `sandbox` (default: the best isolation this machine
    has). When this returns, every process of the child's has been ended.
    """
    load_timeout = timeout + LOAD_ALLOWANCE if load_timeout is None else load_timeout
    while True:
        iso = sandbox or isolation()
        sandbox = None  # if bubblewrap does not start, the next try is without it
        nonce = secrets.token_hex(16)
        request = {"cases": cases, "with_task": with_task, "timeout": timeout,
                   "load_timeout": load_timeout, "nonce": nonce}  # fmt: skip
        folder = tempfile.mkdtemp(prefix="tinynn-check-")
        try:
            exchange = Exchange(nonce, len(cases))
            status = _converse(iso, folder, path, name, json.dumps(request).encode(), exchange,
                               timeout, load_timeout)  # fmt: skip
        finally:
            _remove(folder)
        if exchange.started or iso.bwrap is None or exchange.timed_out:
            return _collect(exchange, status, path, timeout, load_timeout, iso)
        # bubblewrap ended before Python started in it (nothing of the student's ran yet):
        # this machine cannot use it; the check runs again without it, and says so.
        broken(iso, exchange.output.text())


def _converse(iso: Isolation, folder: str, path: str, name: str, request: bytes,
              ex: Exchange, timeout: float, load_timeout: float) -> int | None:  # fmt: skip
    """Start the child, send it the request, read it until it is done, dies or runs out of
    time, then end every process of its; the child's exit status (None: ended by us)."""
    req_r, req_w = os.pipe()
    res_r, res_w = os.pipe()
    out_r, out_w = os.pipe()
    command = [sys.executable, "-I", "-c", _BOOT, _ROOT, path, name, str(req_r), str(res_w)]
    try:
        proc = subprocess.Popen(
            iso.command(folder) + command,
            stdin=subprocess.DEVNULL,
            stdout=out_w,
            stderr=out_w,
            pass_fds=(req_r, res_w),
            cwd=folder,
            env=environment(folder),
            start_new_session=True,
        )
    except BaseException as e:
        for fd in (req_w, res_r, out_r):
            os.close(fd)
        if isinstance(e, OSError):
            raise TinyNNError(f"cannot start the check's Python: {e.strerror or e}") from None
        raise
    finally:
        for fd in (req_r, res_w, out_w):
            os.close(fd)
    status: int | None = None
    try:
        _exchange(ex, req_w, res_r, out_r, request, timeout, load_timeout)
        if not ex.timed_out:
            # it closed the result pipe: it is ending (its status says how)
            with contextlib.suppress(subprocess.TimeoutExpired):
                status = proc.wait(timeout=0 if ex.done else 1.0)
    finally:
        end_all(proc)
        _drain(out_r, ex)
    return status


def _exchange(ex: Exchange, req_w: int, res_r: int, out_r: int, request: bytes,
              timeout: float, load_timeout: float) -> None:  # fmt: skip
    """Write the request and read the child's pipes until it is done, its result pipe
    closes, or a deadline passes: `load_timeout` for the load line, `timeout` for each
    case's result (plus GRACE, for the child's own watchdog to say where it was)."""
    pending = memoryview(request)
    os.set_blocking(req_w, False)
    readers = [res_r, out_r]
    deadline = time.monotonic() + load_timeout + GRACE
    try:
        while res_r in readers and not ex.done:
            left = deadline - time.monotonic()
            if left <= 0:
                ex.timed_out = True
                return
            writers = [req_w] if pending else []
            ready, writable, _ = select.select(readers, writers, [], left)
            if writable:
                try:
                    pending = pending[os.write(req_w, pending[:CHUNK]) :]
                except BlockingIOError:
                    pass
                except OSError:  # it closed its end: it learns nothing more
                    pending = pending[:0]
                if not pending:
                    os.close(req_w)
                    req_w = -1
            for fd in ready:
                chunk = os.read(fd, CHUNK)
                if not chunk:
                    readers.remove(fd)
                elif fd == out_r:
                    ex.read_output(chunk)
                elif ex.read_results(chunk) and ex.head is not None:  # loaded, or a case
                    deadline = time.monotonic() + timeout + GRACE
    finally:
        if req_w >= 0:
            os.close(req_w)
        os.close(res_r)


def _drain(fd: int, ex: Exchange) -> None:
    """What is left in the output pipe, now that every writer has been ended (a bounded
    read: a process that escaped the session could write on)."""
    try:
        os.set_blocking(fd, False)
        for _ in range(64):
            chunk = os.read(fd, CHUNK)
            if not chunk:
                break
            ex.read_output(chunk)
    except OSError:
        pass
    finally:
        os.close(fd)


def _collect(ex: Exchange, status: int | None, path: str, timeout: float,
             load_timeout: float, iso: Isolation) -> Run:  # fmt: skip
    run = Run(iso)
    run.output = ex.output.text()
    dumped = "Timeout (" in run.output  # faulthandler's watchdog fired
    if ex.head is None:
        if ex.timed_out or dumped:
            where = _dumped_frame(run.output, path)
            at = f" (line {where['line']}: {where['code']})" if where else ""
            run.error = (
                f"cannot load {path}: loading it took longer than {typed_text(load_timeout)} s{at}"
            )
        else:
            said = run.output.strip().splitlines()
            last = f": {said[-1]}" if said else ""
            run.error = (
                f"cannot load {path}: the process ended while loading it{_status(status)}{last}"
            )
        run.error = printable(run.error)
        return run
    if not ex.head.get("loaded"):
        run.error = printable(str(ex.head.get("error") or f"cannot load {path}{_status(status)}"))
        return run
    run.accepts_task = ex.head.get("accepts_task") is True
    run.results = [shown(r) for r in ex.results]
    if ex.stray_at is not None:
        _mark_stray(run, ex)
    elif len(run.results) < ex.expected and not (run.results and run.results[-1].get("ended")):
        run.results.append(_ended(ex, status, path, timeout, run.output, dumped))
    return run


def _ended(ex: Exchange, status: int | None, path: str, timeout: float, output: str,
           dumped: bool) -> Result:  # fmt: skip
    """The failure of the case the child was in when it stopped reporting."""
    case = len(ex.results)
    if ex.timed_out or dumped:
        took = f"took longer than {typed_text(timeout)} s"
        failure: Result = {"kind": "timeout", "message": took, "where": _dumped_frame(output, path)}
    elif ex.done:
        failure = {"kind": "crash", "where": None,
                   "message": f"ended the check after {case} of {ex.expected} cases "
                   "(was the checker's code in the child patched?)"}  # fmt: skip
    else:
        failure = {"kind": "crash", "message": "ended the process" + _status(status), "where": None}
    return shown({**failure, "case": case, "printed": ""})


def _mark_stray(run: Run, ex: Exchange) -> None:
    """The case the first stray line came in fails: the results from there on are not
    to be trusted."""
    at = min(ex.stray_at or 0, ex.expected - 1, len(run.results))
    lines = f"{ex.stray} line{'s' * (ex.stray != 1)}"
    run.results[at:] = [{
        "kind": "forged", "where": None, "case": at, "printed": "",
        "message": f"wrote {lines} of its own to the checker's result channel: "
        "its results from here on cannot be trusted",
    }]  # fmt: skip


def _remove(folder: str) -> None:
    """The child's folder, whatever it left there (read-only folders too)."""

    def retry(func: Any, target: str, exc: Any) -> None:
        try:
            os.chmod(os.path.dirname(target), 0o700)
            func(target)
        except OSError:
            pass

    shutil.rmtree(folder, onerror=retry)


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
            return {"file": m.group(1), "line": line, "func": m.group(3), "code": printable(code)}
    return None
