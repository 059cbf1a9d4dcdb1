"""Hand-worked answers, careless and hostile: no wrong work passes, no right work fails, and
the quiz judges every typed answer as `tinynn check --answers` does.

Each file in tests/grading/answers/ says what it is in its comments: `# expect: 0` (right
work: every value of the step given, to three digits or more, or exact), `# expect: 1`
(wrong or incomplete work) or `# expect: 2` (refused), and `# args:` the options it is
checked with ({here}: the folder of the files). The right ones were worked as a careful
student works: each value from their own rounded earlier values.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import assert_usage_error, run

from tinynn.grading.answers import check_answers, lesson_setup
from tinynn.run.trace import trace_step
from tinynn.teach.quiz import Quiz

ANSWERS = Path(__file__).parent / "answers"
FILES = sorted(p.name for p in ANSWERS.iterdir() if p.suffix in (".txt", ".csv"))


def said(path: Path, what: str) -> str | None:
    m = re.search(rf"^# {what}: (.*)$", path.read_text(encoding="utf-8"), flags=re.M)
    return m[1].strip() if m else None


@pytest.mark.parametrize("name", FILES)
def test_no_wrong_work_passes_and_no_right_work_fails(name: str) -> None:
    path = ANSWERS / name
    expect = said(path, "expect")
    assert expect in ("0", "1", "2"), f"{name} says what it expects: # expect: 0, 1 or 2"
    args = (said(path, "args") or "").replace("{here}", str(ANSWERS)).split()
    code, out, err = run("check", "--answers", str(path), *args)
    if expect == "2":
        assert_usage_error(code, err, "is of a lesson file", "--lesson FILE")
        return
    assert (code, err) == (int(expect), ""), out
    summary = out.splitlines()[-1]
    if expect == "0":
        assert re.fullmatch(r"(\d+) answers: \1 right, 0 wrong, .*every one of the step's \1 "
                            r"values given", summary), summary  # fmt: skip
    else:
        assert "every one" not in summary or " 0 wrong" not in summary, summary


def test_a_zero_with_an_exponent_or_a_point_is_right_only_where_the_value_is_zero() -> None:
    out = run("check", "--answers", str(ANSWERS / "zeros_0e99.txt"))[1]
    assert [line for line in out.splitlines() if line.startswith("✓")] == [
        "✓ z1[0] = 0e99", "✓ z1[1] = 0e99"]  # fmt: skip
    assert out.splitlines()[-1].startswith("26 answers: 2 right, ")


def test_an_explicit_tolerance_is_stated_and_applied() -> None:
    for name, verdict in (("tolerance_loose.txt", 0), ("tolerance_too_tight.txt", 1)):
        path = ANSWERS / name
        code, out, _ = run("check", "--answers", str(path), *(said(path, "args") or "").split())
        tolerance = said(path, "args").split()[-1]  # type: ignore[union-attr]
        assert code == verdict
        assert out.splitlines()[0].endswith(
            f"; each value right within {tolerance} relative (of Δθ for an update) (--tolerance)"
        )
    # the same two-digit values by the rule: wrong, each with the digits hint
    code, out, _ = run("check", "--answers", str(ANSWERS / "tolerance_loose.txt"), "--sample", "1")
    assert code == 1 and "2 significant digits written: write at least 3" in out
    code, _, err = run("check", "--answers", str(ANSWERS / "right.txt"), "--tolerance", "2")
    assert_usage_error(code, err, "argument --tolerance: must be from 0 to less than 1")
    code, _, err = run("check", "--answers", str(ANSWERS / "right.txt"), "--min-digits", "0")
    assert_usage_error(code, err, "--min-digits must be a whole number from 1 to 17")
    code, _, err = run("check", "x.py", "--min-digits", "3")
    assert_usage_error(code, err, "go with --answers")


def test_blank_and_missing_values_are_counted_and_keep_it_from_passing() -> None:
    out = run("check", "--answers", str(ANSWERS / "half_empty.txt"), "--sample", "1")[1]
    assert out.splitlines()[-1] == (
        "13 answers: 13 right, 0 wrong, 0 carried from a wrong one; "
        "13 of the step's 26 values not given"
    )


def test_the_sheet_a_file_names_is_its_step() -> None:
    code, out, _ = run("check", "--answers", str(ANSWERS / "sheet_by_its_header.txt"))
    assert code == 0 and out.startswith(
        f"{ANSWERS / 'sheet_by_its_header.txt'}: worksheet by-hand-42-1-L (x = [2], y = −0.5"
    )
    code, out, _ = run("check", "--answers", str(ANSWERS / "header_of_another_sheet.txt"))
    assert code == 1 and ": worksheet by-hand-42-1-L (" in out.splitlines()[0]
    # --lesson or --sample do not silently replace the sheet the file names
    code, _, err = run("check", "--answers", str(ANSWERS / "sheet_by_its_header.txt"),
                       "--sample", "1")  # fmt: skip
    assert_usage_error(code, err, "--sample does not go with worksheet by-hand-42-1-L")
    code, _, err = run("check", "--answers", str(ANSWERS / "sheet_by_its_header.txt"),
                       "--lesson", "xor")  # fmt: skip
    assert_usage_error(code, err, "shipped lesson 'by-hand'", "not of xor")


def spellings(value: float) -> list[str]:
    """Ways a student writes a value: all digits, 6, 3, 2 and 1 digits, a whole number, a
    zero with an exponent or a point, the sign flipped."""
    out = [repr(value), f"{value:#.6g}", f"{value:#.3g}", f"{value:#.2g}", f"{value:.1g}"]
    out += [str(round(value)), "0e99", "0.", f"{-value:#.3g}", f"{value * 1.004:#.4g}"]
    return out


@pytest.mark.parametrize("tolerance", [None, 0.01])
def test_the_quiz_and_check_answers_agree_on_every_answer(tolerance: float | None) -> None:
    """One rule: each spelling of each value of the step, typed in the quiz and written in an
    answers file (alone, so that no earlier answer of theirs is involved), is right in both
    or in neither; with a relative tolerance too (updates judged on Δθ in both)."""
    setup = lesson_setup("by-hand", 1)
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task)
    verdicts = set()
    for i in range(len(spellings(1.0))):
        quiz = Quiz(trace, tolerance, tries=1)  # it shows the true value after each answer
        for event in trace:
            text = spellings(event.value)[i]
            in_quiz = quiz.answer(text).correct
            result = check_answers({event.answer_name: text}, setup=setup, tolerance=tolerance)
            in_file = result.judged[0].status == "right"
            assert in_quiz == in_file, (event.answer_name, text, in_quiz, in_file)
            verdicts.add(in_quiz)
    assert verdicts == {True, False}


def test_the_quiz_rejects_two_digits_as_check_answers_does() -> None:
    """L = ⅛: 0.13 is two digits (rejected by both, with the same advice), 0.125 is right."""
    setup = lesson_setup("by-hand")
    quiz = Quiz.for_setup(setup, phase="loss", tries=2)
    first = quiz.answer("0.13")
    advice = "2 significant digits written: write at least 3, or the exact value (like 1/8)"
    assert not first.correct and first.hint == advice
    assert quiz.answer("0.125").correct
    report = check_answers({"L": "0.13"}).report
    assert "    2 significant digits written: write at least 3, or the exact value" in report


def test_a_lessons_tolerance_is_applied_to_its_answers_and_stated(tmp_path: Path) -> None:
    """A lesson that sets `tolerance` judges its quiz and its hand-worked answers by it."""
    text = (Path(ANSWERS / "lessons" / "by-hand.toml")).read_text(encoding="utf-8")
    lesson = tmp_path / "loose.toml"
    lesson.write_text(text.replace("lr = 0.25", "lr = 0.5\ntolerance = 0.05"), encoding="utf-8")
    answers = tmp_path / "a.txt"
    answers.write_text("L = 0.13\n", encoding="utf-8")  # ⅛ to two digits: within 5 %
    code, out, _ = run("check", "--answers", str(answers), "--lesson", str(lesson))
    assert out.splitlines()[0].endswith(
        "; each value right within 0.05 relative (of Δθ for an update) (the lesson's tolerance)"
    )
    assert out.splitlines()[1] == "✓ L = 0.13" and code == 1  # 25 values not given
    # an explicit --tolerance wins over the lesson's
    code, out, _ = run("check", "--answers", str(answers), "--lesson", str(lesson),
                       "--tolerance", "0.01")  # fmt: skip
    assert out.splitlines()[1].startswith("✗ L = 0.13") and "(--tolerance)" in out


def test_only_a_worksheet_id_in_the_first_lines_names_a_sheet(tmp_path: Path) -> None:
    from tinynn.grading.answer_file import header_id

    assert header_id("# Worksheet by-hand-42-7-Q: write each value\nz1[0] = 0\n") == (
        "by-hand-42-7-Q")  # fmt: skip
    assert header_id("# worksheet by hand: my own notes\n") is None
    assert header_id("\n" * 10 + "# Worksheet by-hand-42-7-Q: too far down\n") is None
    mine = tmp_path / "notes.txt"
    mine.write_text("# worksheet by hand: my own notes\nL = 1/8\n", encoding="utf-8")
    assert run("check", "--answers", str(mine))[1].startswith(f"{mine}: lesson by-hand, sample 0")
