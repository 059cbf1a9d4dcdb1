"""The numeric options `tinynn check` and `tinynn grade` share (tinynn/args/check_options.py)
and grade's bounds: every hostile value is one `tinynn: error: argument --X: ...` line naming
the option and its range, exit 2, before anything runs; the API says the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import assert_usage_error, run

from tinynn.core.errors import TinyNNError
from tinynn.core.validate import MAX_SECONDS
from tinynn.grading.grade import Settings
from tinynn.grading.step_check import check, check_file, validate_options

HOSTILE = ("1e12", "inf", "-inf", "nan", "-1", "0", "1e400", "-1e3", "abc", "9" * 5000)
# what each option says its range is, beside "not a whole number" for a text that is none
RANGE = {
    "--timeout": "must be above 0 and at most 3600 seconds, got ",
    "--time-limit": "must be above 0 and at most 3600 seconds, got ",
    "--tolerance": "must be from 0 to less than 1, got ",
    "--points": "must be above 0 and at most 10000, got ",
    "--cases": "must be at ",  # at least 0 / at most 1000
    "--jobs": "must be at ",
    "--memory": "must be at ",
}
VALID = {("--cases", "0"), ("--jobs", "0"), ("--tolerance", "0")}
COMMANDS = {
    "check": ("--timeout", "--tolerance", "--cases"),
    "grade": ("--timeout", "--tolerance", "--cases", "--jobs", "--time-limit", "--memory",
              "--points"),
}  # fmt: skip
CASES = [
    (command, option, value)
    for command, options in COMMANDS.items()
    for option in options
    for value in HOSTILE
    if (option, value) not in VALID
]


def argv(command: str, tmp: Path) -> list[str]:
    """A command line that would run if its options were right (nothing runs: they are not)."""
    if command == "check":
        return ["check", str(tmp / "step.py")]
    return ["grade", str(tmp), "--out", str(tmp / "grades")]


@pytest.mark.parametrize(("command", "option", "value"), CASES,
                         ids=[f"{c}{o}={v[:8]}" for c, o, v in CASES])  # fmt: skip
def test_a_hostile_number_is_one_line_naming_the_option_and_its_range(
    tmp_path: Path, command: str, option: str, value: str
) -> None:
    code, out, err = run(*argv(command, tmp_path), option, value)
    assert_usage_error(code, err, f"tinynn: error: argument {option}: ")
    line = err.strip()
    assert RANGE[option] in line or "not a whole number: " in line, line
    assert len(line) < 200, line  # 5000 digits are said by their count, not echoed
    assert out == "" and not (tmp_path / "grades").exists()


def test_what_was_typed_is_what_the_message_quotes() -> None:
    err = run("check", "x.py", "--timeout", "1e12")[2]
    assert "got 1e+12 " in err  # the value, as typed back
    err = run("check", "x.py", "--timeout", "1e400")[2]
    assert "got '1e400' " in err  # not a finite number: the text itself
    err = run("grade", "x", "--out", "y", "--cases", "9" * 5000)[2]
    assert re.search(r"not a whole number: '9{20}'… \(5000 characters\)", err), err


def test_the_bounds_themselves_are_accepted_by_the_options_and_the_api() -> None:
    # the largest timeout, a tolerance just under 1, 1000 cases: the parser lets them through
    # (the missing file is the error), and validate_options agrees
    code, _, err = run("check", "nope.py", "--timeout", "3600", "--tolerance", "0.999",
                       "--cases", "1000")  # fmt: skip
    assert_usage_error(code, err, "nope.py", "no such file")
    validate_options(1000, 0.999, MAX_SECONDS)
    for bad in ((1001, 0.5, 1.0), (1, 1.0, 1.0), (1, 0.5, MAX_SECONDS + 1), (True, 0.5, 1.0)):
        with pytest.raises(TinyNNError):
            validate_options(*bad)


@pytest.mark.parametrize("value", [1e12, float("inf"), float("nan"), -1.0, 0.0, 10**5000],
                         ids=["1e12", "inf", "nan", "-1", "0", "5001 digits"])  # fmt: skip
def test_the_api_raises_tinynn_error_the_same_words(value: float) -> None:
    def step(W1, b1, W2, b2, x, y, lr, task="regression"):  # type: ignore[no-untyped-def]
        return W1, b1, W2, b2

    said = []
    for call in (
        lambda: check(step, cases=0, timeout=value),
        lambda: check_file("nope.py", 0, 1e-9, value),
        lambda: Settings(timeout=value).validate(),
    ):
        with pytest.raises(TinyNNError) as e:
            call()
        said.append(str(e.value))
    assert len(set(said)) == 1 and said[0].startswith("--timeout must be above 0 and at most 3600")
    assert len(said[0]) < 120  # a 5000-digit number by its count


def test_grade_bounds_through_settings() -> None:
    for settings, words in (
        (Settings(points=1e12), "--points must be above 0 and at most 10000, got 1e+12"),
        (Settings(jobs=257), "--jobs must be at most 256, got 257"),
        (Settings(memory=10), "--memory must be at least 256, got 10"),
        (Settings(time_limit=float("inf")), "--time-limit must be above 0 and at most 3600"),
        (Settings(cases=-1), "--cases must be at least 0, got -1"),
        (Settings(tolerance=1.0), "--tolerance must be from 0 to less than 1, got 1"),
    ):
        with pytest.raises(TinyNNError, match=re.escape(words)):
            settings.validate()


def test_check_and_grade_say_the_same_of_their_shared_options() -> None:
    def block(command: str) -> str:
        text = run(command, "--help")[1]
        start = text.index("checking a step:")
        return text[start : text.index("\n\n", start)]

    check_block, grade_block = block("check"), block("grade")
    for option in ("--cases N", "--timeout S", "--tasks TASKS"):
        assert option in check_block and option in grade_block
    # the same words, but for check's note on --tolerance with --answers
    assert re.sub(r"\s+", " ", grade_block) in re.sub(r"\s+", " ", check_block).replace(
        "; with --answers, a relative tolerance instead of the rule of hand-worked answers", ""
    )
