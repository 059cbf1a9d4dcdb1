"""The options both front ends read (tinynn/args/options.py): one whole-number type for every
whole-number option, and no grading behind the options."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from helpers import REPO, run

from tinynn.args.options import whole_number
from tinynn.core.validate import whole_problem


@pytest.mark.parametrize(
    ("text", "least", "most"),
    [("3", None, None), ("-2", None, None), ("0", 1, 17), ("18", 1, 17), ("17", 1, 17)],
)
def test_whole_number_reads_an_int_by_the_engines_rule(
    text: str, least: int | None, most: int | None
) -> None:
    problem = whole_problem(int(text), least, most)
    if problem is None:
        assert whole_number(least, most)(text) == int(text)
    else:
        with pytest.raises(argparse.ArgumentTypeError, match=f"^{problem}$"):
            whole_number(least, most)(text)


@pytest.mark.parametrize("text", ["two", "1.5", "", "1e3"])
def test_whole_number_refuses_what_is_no_whole_number(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=f"^not a whole number: {text!r}$"):
        whole_number()(text)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["explain", "--hidden", "two"], "argument --hidden: not a whole number: 'two'"),
        (["explain", "--seed", "x"], "argument --seed: not a whole number: 'x'"),
        (["explain", "--sample", "1.5"], "argument --sample: not a whole number: '1.5'"),
        (["explain", "--digits", "0"], "argument --digits: must be at least 1, got 0"),
        (["train", "--epochs", "0"], "argument --epochs: must be at least 1, got 0"),
        (["compare", "--epochs", "1000001"], "argument --epochs: must be at most 1000000, got 1000001"),  # noqa: E501
        (["bughunt", "--epochs", "x"], "argument --epochs: not a whole number: 'x'"),
        (["tui", "--port", "65536"], "argument --port: must be at most 65535, got 65536"),
    ],
)  # fmt: skip
def test_every_whole_number_option_says_the_same(argv: list[str], message: str) -> None:
    command = " ".join(["tinynn", argv[0]])
    assert run(*argv) == (2, "", f"tinynn: error: {message} (see '{command} --help')\n")


def test_the_options_do_not_load_the_grading() -> None:
    """The walkthrough's --check is an option here; the grading loads only to check."""
    code = (
        "import sys, tinynn.args.options; print(sorted(m for m in sys.modules if 'grading' in m))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0 and proc.stdout == "[]\n"
