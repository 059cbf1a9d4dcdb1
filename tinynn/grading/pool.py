"""Work done in parallel, each item in a process of its own, with bounds on how many run at
once, on each one's memory and on each one's time (`tinynn grade`'s class of submissions).

Each item runs in a forked worker (it inherits the loaded modules: no start-up cost)
in a process group of its own, with an address-space limit; its result comes back
pickled through a pipe, read as it comes (a large one does not block the worker).
A worker that overruns its time is sent SIGTERM, which ends it as an exception would
(so the code it runs cleans up what it started: a `tinynn check` child), then SIGKILL
for its whole group; its item gets `failed`'s result. An interrupt stops every worker
the same way. Unix only (os.fork).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import time
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar

from tinynn.core.numbers import typed_text

try:
    import resource  # Unix: the worker's memory limit
except ImportError:  # pragma: no cover (Windows)
    resource = None  # type: ignore[assignment]

T = TypeVar("T")
R = TypeVar("R")
GRACE = 2.0  # seconds a worker has to end after SIGTERM before it is killed
CHUNK = 1 << 16


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class _Worker(NamedTuple):
    item: int
    pid: int
    deadline: float
    received: bytearray


def run_each(
    items: Sequence[T],
    work: Callable[[T], R],
    failed: Callable[[T, str], R],
    jobs: int,
    seconds: float,
    memory: int,
    done: Callable[[int, R], None] | None = None,
) -> list[R]:
    """`work(item)` for every item, at most `jobs` at a time, each in a worker of its own
    with at most `memory` bytes of address space and `seconds` of time; the results in
    the items' order. An item whose worker overruns, dies or raises gets `failed(item, why)`.
    `done(index, result)` is called as each one ends (a progress line).
    """
    results: list[Any] = [None] * len(items)
    waiting = list(range(len(items)))
    running: dict[int, _Worker] = {}  # the pipe's reading end -> its worker

    def finish(k: int, result: R) -> None:
        results[k] = result
        if done is not None:
            done(k, result)

    try:
        while waiting or running:
            while waiting and len(running) < max(1, jobs):
                k = waiting.pop(0)
                fd, pid = _start(work, failed, items[k], memory)
                running[fd] = _Worker(k, pid, time.monotonic() + seconds, bytearray())
            nearest = min(w.deadline for w in running.values())
            ready, _, _ = select.select(list(running), [], [], max(0.0, nearest - time.monotonic()))
            for fd in ready:
                w = running[fd]
                chunk = os.read(fd, CHUNK)
                if chunk:
                    w.received.extend(chunk)
                    continue
                del running[fd]
                os.close(fd)
                status = _stop(w.pid, GRACE)  # and whatever it left running in its group
                try:
                    result = pickle.loads(w.received)
                except Exception:  # nothing (it died), or half a result
                    result = failed(items[w.item], f"the grading process ended ({status})")
                finish(w.item, result)
            now = time.monotonic()
            for fd, w in list(running.items()):
                if now >= w.deadline:
                    del running[fd]
                    os.close(fd)
                    _stop(w.pid)
                    finish(
                        w.item,
                        failed(items[w.item], f"took longer than {typed_text(seconds)} s: stopped"),
                    )
    finally:
        for fd, w in running.items():
            os.close(fd)
            _stop(w.pid)
    return results


def _start(work: Callable[[T], R], failed: Callable[[T, str], R], item: T,
           memory: int) -> tuple[int, int]:  # fmt: skip
    """Fork a worker for `item`: (the pipe it answers on, its process id)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: whatever happens, it answers and exits here
        status = 0
        try:
            os.close(r)
            os.setpgrp()  # its own group: what it starts can be stopped with it
            signal.signal(signal.SIGTERM, _raise_exit)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent says when to stop
            _limit_memory(memory)
            try:
                result = work(item)
            except BaseException as e:  # whatever happens, the parent gets an answer
                result = failed(item, f"the grader failed: {type(e).__name__}: {e}")
            data = pickle.dumps(result)
            view = memoryview(data)
            while view:
                view = view[os.write(w, view) :]
        except BaseException:
            status = 1
        finally:
            os._exit(status)  # never the parent's clean-up (its atexit, a test runner's)
    os.close(w)
    return r, pid


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(f"stopped by signal {signum}")


def _limit_memory(memory: int) -> None:
    if resource is None:
        return  # not on this system: the memory is then the system's to bound
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _stop(pid: int, patience: float = 0.0) -> str:
    """Let the worker end within `patience` seconds, else SIGTERM and a grace period, then
    SIGKILL; then SIGKILL to its whole group (what it started and left behind). Returns
    how it ended."""
    status = _wait(pid, patience)
    if status is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        status = _wait(pid, GRACE)
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group has ended
        os.killpg(pid, signal.SIGKILL)
    if status is None:
        _, status = os.waitpid(pid, 0)
    return _said(status)


def _wait(pid: int, patience: float) -> int | None:
    """The worker's wait status once it has ended, within `patience` seconds, else None."""
    deadline = time.monotonic() + patience
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.005)


def _said(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            return f"killed by {signal.Signals(sig).name}"
        except ValueError:
            return f"killed by signal {sig}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
