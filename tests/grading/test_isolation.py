"""Students kept apart from each other and from the teacher: where a student's file runs
(python -I, an empty folder of its own, its own session; bubblewrap where it is
installed), what it cannot reach (the teacher's files and terminal, the checker, the
modules of other files beside it), and that nothing of it outlives a check, also an
interrupted one. Each test runs with and without bubblewrap.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

import pytest
from corpus import MODES, env, left_after, place, processes, sandbox

from tinynn.cli.main import main
from tinynn.grading import isolation as isolation_module
from tinynn.grading.channel import MAX_LINE, Exchange
from tinynn.grading.clip import Clip
from tinynn.grading.isolation import NO_BWRAP, isolation
from tinynn.grading.step_check import check_file

CLI = [sys.executable, "-I", "-m", "tinynn", "check"]  # -I: not the test's folder on sys.path


def _check(mode: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
           *argv: str) -> tuple[int, str]:  # fmt: skip
    """`tinynn check ARGV` in this process, in this mode: its status and its output."""
    monkeypatch.setenv(NO_BWRAP, env(mode)[NO_BWRAP])
    code = main(["check", *argv])
    return code, capsys.readouterr().out


# --- which isolation, said on the report's first line


def test_the_first_line_says_which_isolation_was_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(NO_BWRAP, "1")
    assert isolation().line() == (
        "isolation: process group (bubblewrap not used: TINYNN_NO_BWRAP is set: the student's "
        "code runs with your rights)"
    )
    monkeypatch.setenv(NO_BWRAP, "")
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on it
    assert isolation().line() == (
        "isolation: process group (bubblewrap not found: the student's code runs with your rights)"
    )
    monkeypatch.setattr(sys, "platform", "darwin")
    assert isolation().line().startswith("isolation: none (isolation is Linux-only")


@pytest.mark.parametrize("mode", MODES)
def test_the_cli_report_starts_with_the_isolation(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = place("correct", tmp_path)
    code, out = _check(mode, monkeypatch, capsys, str(path), "--cases", "0")
    assert code == 0, out
    first, second = out.splitlines()
    assert first == ("isolation: bubblewrap" if mode == "bubblewrap" else
                     "isolation: process group (bubblewrap not used: TINYNN_NO_BWRAP is set: "
                     "the student's code runs with your rights)")  # fmt: skip
    assert second.startswith(f"ok: step in {path}: all 9 cases ran and agree with the engine")


def test_a_bubblewrap_that_cannot_start_is_said_and_the_check_runs_without_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv(NO_BWRAP, raising=False)
    monkeypatch.setattr(isolation_module, "_BROKEN", {})
    assert isolation().kind == "bubblewrap"
    result = check_file(str(place("correct", tmp_path / "s")), 0)
    assert result.passed, result.report
    assert isolation().line() == (
        "isolation: process group (bubblewrap did not start: 'bwrap: No permissions to create "
        "new namespace': the student's code runs with your rights)"
    )


# --- what the child is, and what it can reach


@pytest.mark.parametrize("mode", MODES)
def test_the_child_runs_isolated_in_an_empty_folder_of_its_own(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TINYNN_TEST_SECRET", "a teacher's token")
    monkeypatch.chdir(tmp_path)
    path = place("probe", tmp_path / "student")
    report = check_file(str(path), 0, sandbox=sandbox(mode)).report
    facts = json.loads(report.split("step raised RuntimeError: ", 1)[1].split("\n", 1)[0])
    assert facts["isolated"] == 1
    assert facts["cwd files"] == [] and facts["cwd"] != str(tmp_path)
    assert not {"", ".", facts["cwd"], str(tmp_path)} & set(facts["path"])
    assert facts["path"][-1] == facts["here"]  # their folder last: json.py there is not json
    assert facts["json"] != os.path.join(facts["here"], "json.py")
    assert facts["home"] == facts["cwd"] and "TINYNN_TEST_SECRET" not in facts["env"]
    assert facts["write cwd"] and not facts["tty"]
    if mode == "bubblewrap":  # read-only but its folder; the checker outside its PID namespace
        assert not facts["write here"] and facts["ppid"] in (0, 1)
    else:
        assert facts["write here"] and facts["session leader"] and facts["ppid"] == os.getpid()
    assert not (tmp_path / "student" / "probe.txt").exists()


@pytest.mark.parametrize("mode", MODES)
def test_files_named_like_modules_beside_a_students_change_nothing(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    teacher = tmp_path / "class"
    place("correct", teacher)
    (teacher / "correct.py").rename(teacher / "alice.py")
    marker = teacher / "imported.txt"
    for module in ("json", "inspect", "random", "traceback", "faulthandler"):
        (teacher / f"{module}.py").write_text(
            "import os\n"
            f"with open({str(marker)!r}, 'a') as f:\n    f.write({module!r} + '\\n')\n"
            "print('\\x1b[2J')\n"
            "raise SystemExit(3)\n"
        )
    monkeypatch.chdir(teacher)  # the teacher checks alice.py in the class's folder
    code, out = _check(mode, monkeypatch, capsys, "alice.py", "--cases", "1")
    assert code == 0 and "ok: step in alice.py: all 11 cases ran" in out, out
    assert not marker.exists()
    # json.py with a step of its own is checked as any file (it is not the json module)
    shutil.copy(teacher / "alice.py", teacher / "json.py")
    code, out = _check(mode, monkeypatch, capsys, "json.py", "--cases", "0")
    assert code == 0 and "ok: step in json.py: all 9 cases ran" in out, out


@pytest.mark.parametrize("mode", MODES)
def test_a_student_cannot_write_the_teachers_files(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    teacher, temp = tmp_path / "teacher", tmp_path / "tmp"
    teacher.mkdir()
    temp.mkdir()
    grades = teacher / "grades.csv"
    grades.write_text("alice,10\n")
    path = place("writes_teacher_files", tmp_path / "student")
    monkeypatch.chdir(teacher)  # the checker's folder (/proc/PID/cwd of its parent)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where the child's folder is made
    code, out = _check(mode, monkeypatch, capsys, str(path), "--cases", "0")
    assert code == 0, out
    written = grades.read_text()
    assert "working folder" not in written  # its working folder is an empty one of its own
    if mode == "bubblewrap":  # a read-only filesystem, and no way to the checker's folder
        assert written == "alice,10\n" and not (path.parent / "grades.csv").exists()
    assert os.listdir(temp) == []  # its own folder is gone with it


# --- what it prints


def _on_a_terminal(mode: str, argv: list[str], cwd: Path) -> tuple[int, bytes]:
    """Run the CLI with a terminal (a pty) as its controlling terminal and its output:
    its exit status and every byte the terminal received."""
    main, child = pty.openpty()

    def controlling_terminal() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen([*CLI, *argv], cwd=cwd, env=env(mode), stdin=child, stdout=child,
                            stderr=child, start_new_session=True,
                            preexec_fn=controlling_terminal)  # fmt: skip
    os.close(child)
    received = bytearray()
    while True:
        try:
            chunk = os.read(main, 1 << 16)
        except OSError:  # EIO: every writer of the terminal is gone
            break
        if not chunk:
            break
        received += chunk
    os.close(main)
    return proc.wait(timeout=60), bytes(received)


@pytest.mark.parametrize("mode", MODES)
def test_nothing_a_student_prints_reaches_the_terminal_as_an_escape(
    mode: str, tmp_path: Path
) -> None:
    for name, status in [("forged_ok", 1), ("raises_newlines_at_load", 2), ("dev_tty", 0)]:
        path = place(name, tmp_path / name)
        code, seen = _on_a_terminal(mode, [str(path), "--cases", "0"], tmp_path)
        assert code == status, seen
        assert b"\x1b" not in seen and b"\x07" not in seen, seen
        text = seen.decode().replace("\r\n", "\n")
        assert "\r" not in text
        oks = [line for line in text.splitlines() if line.startswith("ok")]
        assert len(oks) == (0 if status else 1), text
        if status == 2:
            assert len(text.splitlines()) == 1 and text.startswith("tinynn: error: cannot load")


# --- nothing of it outlives the check


@pytest.mark.parametrize("mode", MODES)
def test_an_interrupted_check_ends_every_process_of_the_students(mode: str, tmp_path: Path) -> None:
    path = place("hangs_with_children", tmp_path)
    proc = subprocess.Popen([*CLI, str(path), "--timeout", "60"], cwd=tmp_path, env=env(mode),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 30
    while len(processes(str(tmp_path))) < 5:  # the CLI, the child (in bwrap), its 3 sleepers
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.02)
    time.sleep(0.2)  # into its first case
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and err.decode().endswith("tinynn: interrupted\n")
    assert left_after(str(tmp_path)) == []


# --- reading what it writes


def test_output_keeps_its_first_and_last_few_thousand_characters() -> None:
    clip = Clip(keep=10)
    for _ in range(100_000):
        clip.write("abc")
    text = clip.text()
    assert text.startswith("abcabcabca\n[... 299980 characters left out ...]\n")
    assert text.endswith("\n" + ("abc" * 4)[-10:]) and clip.total == 300_000
    small = Clip(keep=10)
    small.write("short")
    assert small.text() == "short"


def test_result_lines_are_read_across_chunks_and_an_endless_line_is_dropped() -> None:
    ex = Exchange("n", expected=2)
    started = b'{"started": true, "nonce": "n"}\n{"loaded": true, "accepts_task": true, "non'
    assert ex.read_results(started)
    assert ex.read_results(b'ce": "n"}\n') and ex.head is not None
    junk = b"x" * (1 << 20)
    for _ in range(MAX_LINE // len(junk) + 2):  # longer than any line may be
        assert not ex.read_results(junk)
    assert ex.stray == 1 and len(ex._buf) <= MAX_LINE
    result = b'{"case": 0, "values": {}, "form": "dict", "printed": "", "nonce": "n"}\n'
    assert not ex.read_results(b"\n" + result.replace(b'"n"', b'"other"'))  # the junk's end
    assert ex.read_results(result) and len(ex.results) == 1
    assert not ex.read_results(result)  # case 0 again
    assert not ex.read_results(b"not json\n")
    assert ex.stray == 4 and ex.stray_at == 0
