"""A file that is not there is one mistake, said in one set of words by every command and the
walkthrough: "tinynn: error: cannot read PATH: no such file" (tinynn.io.files.no_such_file)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from helpers import run

from tinynn.io.files import no_such_file
from tui.command import main as walkthrough_main


def walkthrough(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = walkthrough_main(list(argv))
        except SystemExit as e:
            code = int(e.code or 0)
    return code, err.getvalue()


def test_the_one_message() -> None:
    assert no_such_file("/nonexistent") == "cannot read /nonexistent: no such file"
    assert no_such_file("a\x1bb") == "cannot read 'a\\x1bb': no such file"  # shown quoted


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (("explain", "--load", "{}"), "p.json"),
        (("explain", "--csv", "{}"), "d.csv"),
        (("train", "--csv", "{}", "--target", "y"), "d.csv"),
        (("check", "{}"), "mine.py"),
        (("check", "{}:my_step"), "mine.py"),
        (("check", "--answers", "{}"), "answers.txt"),
        (("tui", "--load", "{}"), "p.json"),
        (("tui", "--check", "{}"), "mine.py"),
    ],
)
def test_every_command_says_it_alike(tmp_path: Path, argv: tuple[str, ...], name: str) -> None:
    missing = str(tmp_path / name)
    code, out, err = run(*(a.replace("{}", missing) for a in argv))
    assert (code, out, err) == (2, "", f"tinynn: error: cannot read {missing}: no such file\n")


@pytest.mark.parametrize("option", ["--load", "--csv", "--check"])
def test_the_walkthrough_says_it_alike(tmp_path: Path, option: str) -> None:
    missing = str(tmp_path / "nope")
    assert walkthrough(option, missing) == (
        2,
        f"tinynn: error: cannot read {missing}: no such file\n",
    )
