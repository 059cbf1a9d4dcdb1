"""Where a student's file runs for `tinynn check FILE.py`, and how every process of theirs
is ended.

Three levels, the best this machine has (the report's first line says which):

    bubblewrap     Linux with `bwrap` (Debian's package `bubblewrap`) that works here: the
                   child runs in namespaces of its own (`--unshare-all`): its own PID
                   namespace (it cannot see or signal the checker, and all its processes
                   end with it), no network, a read-only filesystem but for its own empty
                   folder, no terminal; it dies with the checker (`--die-with-parent`).
    process group  Linux without it, with one that cannot start here (no user namespaces:
                   the check then runs again without it, and `broken` remembers it), or
                   with TINYNN_NO_BWRAP=1: the child runs in its own
                   empty folder, session and process group, and the check ends every
                   process of that session; but the student's file runs with your rights
                   (it can read and write your files, and signal the checker).
    none           elsewhere: the same, without the guarantees (no /proc to find a session's
                   processes with): nothing isolates it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from typing import Any, NamedTuple

NO_BWRAP = "TINYNN_NO_BWRAP"  # set (to anything but "" or "0") to run without bubblewrap

_PASSED_ON = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "TZ", "LD_LIBRARY_PATH")
_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


class Isolation(NamedTuple):
    """How the student's child process is kept apart.

    Attributes:
        kind: "bubblewrap", "process group" or "none".
        why: why it is not bubblewrap ("" when it is).
        bwrap: the bwrap program, when it is used.
    """

    kind: str
    why: str = ""
    bwrap: str | None = None

    def line(self) -> str:
        """The report's first line: "isolation: bubblewrap", or what it is and why."""
        if self.kind == "bubblewrap":
            return "isolation: bubblewrap"
        return f"isolation: {self.kind} ({self.why}: the student's code runs with your rights)"

    def command(self, folder: str) -> list[str]:
        """The command that runs a program in the sandbox, with `folder` its only writable
        place and working directory (to be followed by the program's own command)."""
        if self.bwrap is None:
            return []
        return [
            self.bwrap, "--unshare-all", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--bind", folder, folder, "--chdir", folder, "--",
        ]  # fmt: skip


def environment(folder: str) -> dict[str, str]:
    """The child's environment: the locale and PATH, `folder` as its home and temporary
    folder, one thread for a BLAS (a NumPy import reserves far less address space under
    the child's memory limit); nothing else of yours (tokens, passwords in variables)."""
    env = {k: os.environ[k] for k in _PASSED_ON if k in os.environ}
    env.update({k: os.environ.get(k, "1") for k in _THREADS})
    env.update(HOME=folder, TMPDIR=folder)
    return env


def isolation() -> Isolation:
    """The isolation this machine gives a student's file: bubblewrap where it is installed
    and starts (`broken` records it when it does not)."""
    if not sys.platform.startswith("linux"):
        return Isolation("none", "isolation is Linux-only")
    if os.environ.get(NO_BWRAP, "") not in ("", "0"):
        return Isolation("process group", f"bubblewrap not used: {NO_BWRAP} is set")
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return Isolation("process group", "bubblewrap not found")
    if bwrap in _BROKEN:
        return Isolation("process group", f"bubblewrap did not start: {_BROKEN[bwrap]!r}")
    return Isolation("bubblewrap", bwrap=bwrap)


_BROKEN: dict[str, str] = {}  # bwrap programs that did not start here, and what they said


def broken(iso: Isolation, said: str) -> None:
    """Record that `iso`'s bubblewrap did not start the child (a kernel without user
    namespaces, or a container that forbids them): this process runs without it."""
    if iso.bwrap is not None:
        lines = said.strip().splitlines()
        _BROKEN[iso.bwrap] = lines[-1] if lines else "it ended at once"


def end_all(proc: subprocess.Popen[Any]) -> None:
    """End the child and every process of its session, and wait for the child.

    The child leads a session and a process group of its own: the group is killed, then
    (on Linux) any process still in the session (one that moved to a group of its own).
    With bubblewrap the child is `bwrap`, and its PID namespace dies with it. Only a
    process that left the session on purpose (setsid) outlives this without bubblewrap.
    """
    for _ in range(8):  # again while a fork races the kill
        _signal_group(proc.pid)
        if not _signal_session(proc.pid):
            break
    with contextlib.suppress(OSError):
        proc.kill()
    proc.wait()


def _signal_group(pgid: int) -> None:
    killpg = getattr(os, "killpg", None)
    if killpg is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            killpg(pgid, signal.SIGKILL)


def _signal_session(sid: int) -> bool:
    """SIGKILL to every live process of session `sid` but this one (Linux: /proc); whether
    there was one."""
    found = False
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return False
    me = os.getpid()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rpartition(b")")[2].split()
        except OSError:
            continue
        # after the name: state, ppid, pgrp, session
        if (
            len(fields) > 3
            and fields[3] == str(sid).encode()
            and fields[0] not in (b"Z", b"X")
            and pid != me
        ):
            try:
                os.kill(pid, signal.SIGKILL)
                found = True
            except OSError:
                pass
    return found
