"""Work done in parallel, each item in a process of its own, with bounds on how many run at
once, on each one's memory and on each one's time (`tinynn grade`'s class of submissions).

Each item runs in a forked worker (it inherits the loaded modules: no start-up cost)
in a process group of its own, with an address-space limit; its result comes back
pickled through a pipe. A worker that overruns its time is sent SIGTERM, which ends
it as an exception would (so the code it runs cleans up what it started: a
`tinynn check` child), then SIGKILL for its whole group; its item gets `failed`'s
result. An interrupt stops every worker the same way.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar, cast

try:
    import resource  # Unix: the worker's memory limit
except ImportError:  # pragma: no cover (Windows)
    resource = None  # type: ignore[assignment]

T = TypeVar("T")
R = TypeVar("R")
GRACE = 2.0  # seconds a worker has to end after SIGTERM before it is killed


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


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
    context = multiprocessing.get_context("fork")
    results: list[Any] = [None] * len(items)
    waiting = list(range(len(items)))
    running: dict[Any, tuple[int, Any, float]] = {}  # pipe -> (index, process, deadline)

    def finish(k: int, result: R) -> None:
        results[k] = result
        if done is not None:
            done(k, result)

    try:
        while waiting or running:
            while waiting and len(running) < max(1, jobs):
                k = waiting.pop(0)
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(
                    target=_worker, args=(work, failed, items[k], writer, memory), daemon=True
                )
                process.start()
                writer.close()
                running[reader] = (k, process, time.monotonic() + seconds)
            nearest = min(deadline for _, _, deadline in running.values())
            left = max(0.0, nearest - time.monotonic())
            for ready in cast(list[Connection], wait(list(running), timeout=left)):
                k, process, _ = running.pop(ready)
                try:
                    result = ready.recv()
                except (EOFError, OSError):
                    _stop(process, GRACE)
                    result = failed(items[k], f"the grading process ended ({_status(process)})")
                ready.close()
                _stop(process, GRACE)  # and whatever it left running in its group
                finish(k, result)
            now = time.monotonic()
            for reader, (k, process, deadline) in list(running.items()):
                if now >= deadline:
                    del running[reader]
                    _stop(process)
                    reader.close()
                    finish(k, failed(items[k], f"took longer than {seconds:g} s: stopped"))
    finally:
        for reader, (_, process, _) in running.items():
            _stop(process)
            reader.close()
    return results


def _worker(work: Callable[[T], R], failed: Callable[[T, str], R], item: T, writer: Connection,
            memory: int) -> None:  # fmt: skip
    os.setpgrp()  # its own group: what it starts can be stopped with it
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent says when to stop
    _limit_memory(memory)
    try:
        result = work(item)
    except BaseException as e:  # whatever happens, the parent gets an answer
        result = failed(item, f"the grader failed: {type(e).__name__}: {e}")
    writer.send(result)
    writer.close()


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


def _stop(process: Any, patience: float = 0.0) -> None:
    """Let the worker end within `patience` seconds, else SIGTERM and a grace period; then
    SIGKILL to its whole group (what it started and left behind)."""
    process.join(patience)
    if process.is_alive():
        process.terminate()
        process.join(GRACE)
    if process.pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):  # the group has ended
            os.killpg(process.pid, signal.SIGKILL)
    process.join()


def _status(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"
