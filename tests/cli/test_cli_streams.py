"""Streams that fail, and one voice: every front end ends in one `tinynn: ...` line.

A full disk or a closed stream, Ctrl-C while tinynn starts, and the same option mistake made
to the CLI and to the walkthrough: one line on stderr, a non-zero status, no traceback, and a
saved file left as it was. These run real processes, as a user's shell would.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, run

from tinynn import init_params, load_params, save_params

FULL = "/dev/full"
needs_dev_full = pytest.mark.skipif(not os.path.exists(FULL), reason="no /dev/full here")


def tinynn(
    *argv: str,
    stdout: object = subprocess.PIPE,
    stdin: object = subprocess.DEVNULL,
    close: tuple[int, ...] = (),
    code: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m tinynn ARGV` (or `python -c CODE`) with stdout/stdin as given, the file
    descriptors in `close` closed, stderr captured."""

    def closing() -> None:
        for fd in close:
            os.close(fd)

    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "tinynn"]
    return subprocess.run(
        [*command, *argv],
        stdout=stdout,  # type: ignore[arg-type]
        stdin=stdin,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=closing if close else None,
        timeout=120,
    )


def one_line(proc: subprocess.CompletedProcess[str], status: int, line: str) -> None:
    assert proc.returncode == status, proc.stderr
    assert proc.stderr.lstrip("\n") == line + "\n", proc.stderr


@needs_dev_full
@pytest.mark.parametrize("command", [["explain"], ["train"]])
def test_a_full_disk_is_one_line(command: list[str]) -> None:
    with open(FULL, "w") as full:
        proc = tinynn(*command, stdout=full)
    one_line(proc, 1, "tinynn: error: cannot write the output: No space left on device")


@needs_dev_full
def test_a_full_disk_leaves_the_saved_parameters_alone(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    before = init_params(1, 3, seed=9)
    save_params(str(path), before)
    text = path.read_text()
    with open(FULL, "w") as full:
        proc = tinynn("train", "--epochs", "2", "--save", str(path), stdout=full)
    one_line(proc, 1, "tinynn: error: cannot write the output: No space left on device")
    assert path.read_text() == text and load_params(str(path)) == before
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]  # no temporary file left


@pytest.mark.parametrize("command", [["explain"], ["train", "--save", "{save}"]])
def test_closed_stdout_is_one_line_and_nothing_is_written(
    command: list[str], tmp_path: Path
) -> None:
    save = tmp_path / "p.json"
    proc = tinynn(*(a.format(save=save) for a in command), stdout=None, close=(1,))
    one_line(proc, 1, "tinynn: error: standard output is closed: there is nowhere to write")
    assert not save.exists()


@pytest.mark.parametrize(
    ("command", "what"), [("quiz", "the quiz"), ("bughunt", "the bug hunt")]
)  # fmt: skip
def test_closed_stdin_is_one_line(command: str, what: str) -> None:
    proc = tinynn(command, "--lesson", "by-hand", stdin=None, close=(0,))
    one_line(
        proc, 2, f"tinynn: error: {what} reads its answers from standard input, which is closed"
    )


def test_a_closed_pipe_ends_quietly() -> None:
    """`tinynn explain | head -1`: the reader has what it wanted; no error, no traceback."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tinynn", "explain", "--digits", "17"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0 and err == b""


# Ctrl-C while a command's modules load: a real SIGINT, raised while tinynn.render.text is imported.
INTERRUPT = """
import signal, sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "{module}":
            signal.raise_signal(signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
from tinynn.cli.main import {entry}
{entry}()
"""


@pytest.mark.parametrize(
    ("entry", "module", "argv"),
    [
        ("run", "tinynn.render.text", ["explain"]),
        ("run", "tinynn.teach.lesson", ["quiz", "--lesson", "xor"]),
    ],
)
def test_ctrl_c_while_starting_is_one_line(entry: str, module: str, argv: list[str]) -> None:
    proc = tinynn(*argv, code=INTERRUPT.format(entry=entry, module=module))
    one_line(proc, 130, "tinynn: interrupted")
    assert proc.stdout == ""


def test_ctrl_c_while_the_walkthrough_loads_is_one_line() -> None:
    pytest.importorskip("textual")
    code = INTERRUPT.format(entry="run_tui", module="tui.app")
    proc = tinynn("--lesson", "by-hand", code=code)
    one_line(proc, 130, "tinynn: interrupted")


# One voice: the same mistake, the same line, from `tinynn CMD`, `tinynn tui` and `tinynn-tui`.
SAME_MISTAKES = [
    (["--csv", ""], "--csv needs a name, got an empty string"),
    (["--lesson", ""], "--lesson needs a name, got an empty string"),
    (["--lr", "-1e-3"], "argument --lr: must be a finite number above 0, got -0.001"),
    (["--lr", "-inf"], "argument --lr: must be a finite number above 0, got '-inf'"),
    (["--hidden", "2000"], "hidden size must be at most 1024, got 2000"),
    (["--lesson", "by-hand", "--dataset", "xor"],
     "--lesson fixes the data and the network: drop --dataset (or drop --lesson)"),
]  # fmt: skip


SEE_HELP = re.compile(r" \(see '[^']+ --help'\)(?=\n$)")


def walkthrough(*argv: str) -> tuple[int, str, str]:
    """`tinynn-tui ARGV` in-process: (exit status, stdout, stderr)."""
    from tui.command import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(list(argv))
        except SystemExit as e:  # argparse's own mistakes
            code = e.code if isinstance(e.code, int) else 1
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("options", "message"), SAME_MISTAKES)
def test_the_same_mistake_gives_the_same_line_in_every_front_end(
    options: list[str], message: str
) -> None:
    pytest.importorskip("textual")
    expected = (2, "", f"tinynn: error: {message}\n")
    for said in (run("explain", *options), run("tui", *options), walkthrough(*options)):
        # an option's own mistake ends by naming the front end's help, the rest is the same
        assert (said[0], said[1], SEE_HELP.sub("", said[2])) == expected


def test_tinynn_tui_in_a_real_process_speaks_the_same() -> None:
    pytest.importorskip("textual")
    tui = "from tinynn.cli.main import run_tui; run_tui()"
    one_line(
        tinynn("--csv", "", code=tui), 2, "tinynn: error: --csv needs a name, got an empty string"
    )


def test_option_errors_of_argparse_have_the_one_prefix() -> None:
    pytest.importorskip("textual")
    walkthrough = "import sys; from tui.command import main; sys.exit(main())"
    for proc, prog in (
        (tinynn("explain", "--hidden", "two"), "tinynn explain"),
        (tinynn("--hidden", "two", code=walkthrough), "tinynn-tui"),
    ):
        one_line(
            proc,
            2,
            f"tinynn: error: argument --hidden: not a whole number: 'two' (see '{prog} --help')",
        )


def test_loaded_parameters_have_the_one_cap_of_hidden(tmp_path: Path) -> None:
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(init_params(1, 1025, 0).to_dict()))
    code, out, err = run("explain", "--load", str(path))
    assert code == 2 and out == ""
    assert (
        err
        == f"tinynn: error: hidden size must be at most 1024, but {path} has 1025 hidden units\n"
    )


def test_tinynn_tui_runs_the_walkthrough_on_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    """`tinynn tui OPTIONS` is one path: the CLI's parser reads them, the walkthrough runs."""
    pytest.importorskip("textual")
    from tui.app import WalkthroughApp

    seen = []
    monkeypatch.setattr(WalkthroughApp, "run", lambda self: seen.append(self.model))
    monkeypatch.setattr("tui.command.terminal_problem", lambda driver: None)  # no terminal here
    code, out, err = run("tui", "--lesson", "by-hand", "--lr", "0.25", "--sample", "2")
    assert (code, out, err) == (0, "", "")
    (model,) = seen
    assert model.lesson is not None and model.lesson.name == "by-hand"
    assert (model.lr, model.sample, model.x, model.y) == (0.25, 2, [-1.0], 0.0)


def test_train_summary_says_epoch_for_one() -> None:
    _, out, _ = run("train", "--epochs", "1")
    assert " after 1 epoch on sine, 1-3-1, η = 0.5\n" in out
    _, out, _ = run("train", "--epochs", "2")
    assert " after 2 epochs on sine" in out
