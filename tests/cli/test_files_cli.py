"""The user's files as the CLI meets them: special files and endless input give one line and
exit status 2; --save writes through a symbolic link and never replaces a special file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from helpers import assert_usage_error, run, run_process

from tinynn import load_params


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["explain", "--csv", "/dev/zero"], ["cannot read /dev/zero", "a device"]),
        (["explain", "--load", "/dev/zero"], ["cannot read /dev/zero", "a device"]),
        (["train", "--epochs", "1", "--csv", "/dev/zero"], ["cannot read /dev/zero"]),
    ],
)
def test_dev_zero_gives_one_line_at_once(repo: Path, argv: list[str], words: list[str]) -> None:
    proc = run_process(repo, *argv)  # a real process: it would run out of memory before
    assert_usage_error(proc.returncode, proc.stderr, *words)


def test_save_onto_a_fifo_is_refused_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    code, _, err = run("train", "--epochs", "1", "--save", str(fifo))
    assert_usage_error(code, err, f"cannot write {fifo}", "named pipe")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert os.listdir(tmp_path) == ["p.json"]


def test_save_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    code, out, err = run("train", "--epochs", "1", "--save", str(link))
    assert code == 0, err
    assert link.is_symlink() and target.is_file()
    assert f"saved parameters to {link}" in out
    params = load_params(str(link))
    assert params == load_params(str(target)) and params.n_hidden >= 1
