"""The workers of `tinynn grade` (tinynn/grading/pool.py): every item gets an answer, in order,
whatever its worker does; one that overruns is stopped with everything it started."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tinynn.cli.commands import grade as grade_command
from tinynn.grading.pool import run_each


def work(item: str) -> str:
    if item == "sleep":
        time.sleep(60)
    if item == "exit":
        os._exit(3)
    if item == "raise":
        raise ValueError("no")
    if item == "memory":
        return str(len(bytearray(1 << 30)))  # over the limit: 512 MiB above what it has
    if item.startswith("child:"):  # a process of its own that would outlive its worker
        proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        Path(item[len("child:") :]).write_text(str(proc.pid))
        time.sleep(60)
    return item.upper()


def failed(item: str, why: str) -> str:
    return f"{item}: {why}"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:  # a zombie is not alive
        return f.read().split(") ", 1)[1][0] != "Z"


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="Linux: /proc")
def test_every_item_gets_an_answer_in_order(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    items = ["a", "exit", "raise", "memory", "b", f"child:{pidfile}"]
    seen: list[int] = []
    start = time.monotonic()
    with open("/proc/self/statm", encoding="ascii") as f:  # the address space already used
        used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    out = run_each(items, work, failed, jobs=3, seconds=1.5, memory=used + (512 << 20),
                   done=lambda k, r: seen.append(k))  # fmt: skip
    assert time.monotonic() - start < 20
    assert out[0] == "A" and out[4] == "B"
    assert out[1] == "exit: the grading process ended (exit status 3)"
    assert out[2] == "raise: the grader failed: ValueError: no"
    assert out[3] == "memory: the grader failed: MemoryError: "
    assert out[5] == f"child:{pidfile}: took longer than 1.5 s: stopped"
    assert sorted(seen) == list(range(len(items)))
    # the overrunning worker's own child went with it
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)


def test_the_progress_line_is_for_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert grade_command._progress() is None
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    done = grade_command._progress()
    assert done is not None

    class Sub:
        name = "ada.py"

    class Graded:
        sub = Sub()

    done(1, Graded(), 2)
    done(2, Graded(), 2)
    lines = screen.getvalue().split("\r")[1:]
    assert lines[0].startswith("grading: 1 of 2 (") and "ada.py" in lines[0]
    assert lines[1].startswith("grading: 2 of 2 (") and lines[1].endswith("\n")
