"""The corpus of careless and hostile student files (tests/grading/students/corpus/, with
the right ones of tests/grading/students/), the isolation each is run in, and what is left
of a check: shared by test_verdicts.py and test_isolation.py.

Every file runs from a folder of its own (a copy, with _student_base.py beside it), so
that the processes a check leaves can be told by that folder's path in their command line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from tinynn.grading.isolation import Isolation

STUDENTS = Path(__file__).parent / "students"
CORPUS = STUDENTS / "corpus"
BWRAP = shutil.which("bwrap")
NO_BWRAP = "bubblewrap (bwrap) is not installed here (.ci/run installs it)"
MODES = [
    pytest.param("bubblewrap", marks=pytest.mark.skipif(BWRAP is None, reason=NO_BWRAP)),
    "process group",
]


def sandbox(mode: str) -> Isolation:
    """The isolation of a mode: bubblewrap, or a process group (as without bubblewrap)."""
    if mode == "bubblewrap":
        return Isolation("bubblewrap", bwrap=BWRAP)
    return Isolation("process group", "bubblewrap not used by this test")


def env(mode: str) -> dict[str, str]:
    """The environment of a `tinynn check` process run in this mode."""
    return {**os.environ, "TINYNN_NO_BWRAP": "" if mode == "bubblewrap" else "1"}


def place(name: str, folder: Path) -> Path:
    """Copy student file `name` (of the corpus, else of the other students' files) and the
    students' base module into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(STUDENTS / "_student_base.py", folder)
    source = CORPUS / f"{name}.py"
    return Path(shutil.copy(source if source.exists() else STUDENTS / f"{name}.py", folder))


def processes(marker: str) -> list[int]:
    """The live processes whose command line holds `marker` (a student's folder)."""
    found = []
    needle = marker.encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            continue
        if needle in cmdline:  # a zombie's command line is empty
            found.append(int(entry))
    return found


def left_after(marker: str, within: float = 5.0) -> list[int]:
    """The processes of `marker` still alive `within` seconds after a check ended (it returns
    as soon as none is left: the bound only allows a loaded machine to reap the killed ones)."""
    deadline = time.monotonic() + within
    while True:
        found = processes(marker)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def kill(pids: list[int]) -> None:
    """End processes a test left (one that left its session on purpose, without bwrap)."""
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
