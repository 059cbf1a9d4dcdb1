"""tinynn.core.numbers: every number format and the one typed-number parser.

The formats are checked against what the commands print (the canonical forms) and against
Python's own formatting; the parser against the values people type, and every reader of a
typed number (the quiz, the dialogs, hand-worked answers) against it.
"""

from __future__ import annotations

import io
import math

import pytest

from tinynn import gradcheck
from tinynn.cli.main import main
from tinynn.core.numbers import (
    AXIS_DIGITS,
    REL_ERROR_DIGITS,
    NotFiniteError,
    Written,
    axis_text,
    fmt,
    matrix_text,
    parse_number,
    parse_whole,
    percent_text,
    power_of_ten,
    rel_error_text,
    rounded,
    typed_text,
    vector_text,
    written_number,
)
from tinynn.run.config import Config, resolve
from tinynn.teach.quiz import GuessError, parse_guess

TYPED = [("0.5", 0.5), ("−0.25", -0.25), ("-1e-3", -0.001), ("+2", 2.0), ("1/8", 0.125),
         ("-1/8", -0.125), ("−1/8", -0.125), ("1\u2009000", 1000.0), (" −3 / 4 ", -0.75),
         ("2.", 2.0), (".5", 0.5), ("1E3", 1000.0)]  # fmt: skip
NOT_NUMBERS = ["", "abc", "1/0", "2,5", "1/2/3", "0x10", "one"]
NOT_FINITE = ["nan", "inf", "-inf", "1e999", "1e308/1e-10"]


@pytest.mark.parametrize(("text", "value"), TYPED)
def test_parse_number_reads_what_people_type_and_what_fmt_prints(text: str, value: float) -> None:
    assert parse_number(text) == value
    assert parse_guess(text) == value  # the quiz reads guesses with it
    assert written_number(text).value == value  # and hand-worked answers


@pytest.mark.parametrize("v", [-0.1, 1 / 3, -2.5e-300, 6.02e23, -0.0])
def test_parse_number_reads_fmt_back_exactly(v: float) -> None:
    assert parse_number(fmt(v, 17)) == v


@pytest.mark.parametrize("text", NOT_NUMBERS + NOT_FINITE)
def test_every_reader_refuses_what_is_not_a_finite_number(text: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        parse_number(text)
    with pytest.raises(ValueError):
        written_number(text)
    with pytest.raises(GuessError, match="s to reveal"):
        parse_guess(text)


def test_a_number_that_is_not_finite_is_told_apart() -> None:
    for text in NOT_FINITE:
        with pytest.raises(NotFiniteError, match=f"not a finite number: '{text}'"):
            parse_number(text)
    for text in NOT_NUMBERS:
        with pytest.raises(ValueError, match="not a number") as e:
            parse_number(text)
        assert not isinstance(e.value, NotFiniteError)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("0.12", Written(0.12, 2, -2)),
        ("0.120", Written(0.12, 3, -3)),
        ("−0.0625", Written(-0.0625, 3, -4)),
        ("1.5e-3", Written(0.0015, 2, -4)),
        ("2.", Written(2.0, 1, 0)),
        ("1e3", Written(1000.0, 1, 3)),
        ("2", Written(2.0, 1, 0)),  # a whole number: its last digit is the units
        ("150", Written(150.0, 3, 0)),
        ("0", Written(0.0, 0, 0)),  # a zero has no significant digit
        ("0.", Written(0.0, 0, 0)),
        ("0e99", Written(0.0, 0, 99)),  # however far its exponent moves it
        ("−1/16", Written(-0.0625, 3, None)),  # a fraction has no last place: exact or not
    ],
)
def test_written_number_says_how_precisely_a_number_was_written(
    text: str, written: Written
) -> None:
    assert written_number(text) == written


def test_vectors_and_matrices_use_the_trace_number_format() -> None:
    assert vector_text([1.0, -0.5, 1 / 3]) == "[1, \u22120.5, 0.333333]"
    assert vector_text([1 / 3], 2) == "[0.33]"
    assert vector_text([-3.0], 6, "()") == "(\u22123)"
    assert matrix_text([[0.25], [-0.5]]) == "[[0.25], [\u22120.5]]"


def test_fmt_is_printf_g_with_a_real_minus_sign_and_no_negative_zero() -> None:
    for v in (-0.0123456789, 1e-7, 123456789.0, -2.5):
        assert fmt(v, 4) == ("%.4g" % v).replace("-", "\u2212")  # noqa: UP031 (the oracle)
    assert fmt(-0.0) == "0"
    assert rounded(-0.0123456789, 3) == -0.0123 and parse_number(fmt(2 / 3, 3)) == rounded(2 / 3, 3)


def test_the_relative_error_is_written_as_tinynn_gradcheck_writes_it() -> None:
    out = io.StringIO()
    assert main(["gradcheck"], out) == 0
    setup = resolve(Config())
    result = gradcheck(setup.params, setup.x, setup.y, setup.task)
    largest = rel_error_text(result.max_rel_error)
    assert out.getvalue().rstrip().endswith(f"largest relative error {largest}")
    assert largest == fmt(result.max_rel_error, REL_ERROR_DIGITS) and rel_error_text(0.0) == "0"
    for e in result.entries:
        row = next(line for line in out.getvalue().splitlines() if line.split()[:1] == [e.label])
        assert row.split()[3] == rel_error_text(e.rel_error)


def test_percentages_settings_and_axes() -> None:
    assert percent_text(0.95) == "95.0 %" and percent_text(2 / 3, 0) == "67 %"
    assert typed_text(1e-6) == "1e-06" and typed_text(0.01) == "0.01" and typed_text(-2.0) == "-2"
    assert axis_text(0.047619) == fmt(0.047619, AXIS_DIGITS) == "0.048"
    assert axis_text(1 / 21, 3) == "0.0476"


@pytest.mark.parametrize(
    ("text", "value"),
    [("42", 42), (" -3 ", -3), ("+7", 7), ("1_000", 1000), ("0" * 5000 + "12", 12), ("١٢", 12)],
)
def test_parse_whole_reads_what_int_reads(text: str, value: int) -> None:
    assert parse_whole(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.5", "not a whole number: '1.5'"),
        ("", "not a whole number: ''"),
        ("1e3", "not a whole number: '1e3'"),
        ("9" * 5000, r"a whole number of 5000 digits \(at most 4300\)"),
        ("-" + "9" * 4301, r"a whole number of 4301 digits \(at most 4300\)"),
        ("x" * 500, r"not a whole number: 'xxxxxxxx.*'\.\.\. \(500 characters\)"),
    ],
)
def test_parse_whole_says_what_is_wrong_in_a_short_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_whole(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [("0e400", 400), ("0e" + "1" * 5000, 999_999), ("1e-" + "1" * 5000, -999_999), ("2e-3", -3)],
)
def test_a_written_exponent_of_any_length_has_a_place(text: str, place: int) -> None:
    assert written_number(text).place == place


def test_power_of_ten_never_overflows() -> None:
    assert power_of_ten(-3) == 10.0**-3 and power_of_ten(308) == 1e308
    assert power_of_ten(309) == math.inf and power_of_ten(999_999) == math.inf
    assert power_of_ten(-999_999) == 0.0


def test_a_long_number_is_quoted_cut() -> None:
    assert (
        parse_number_error("1" * 500)
        == "not a finite number: " + repr("1" * 40) + "... (500 characters)"
    )


def parse_number_error(text: str) -> str:
    with pytest.raises(ValueError) as info:
        parse_number(text)
    return str(info.value)
