"""tinynn worksheet: one exercise per student, IDs that rebuild them, a key equal to the engine's
trace, and answers files that `tinynn check --answers FILE --worksheet ID` grades."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import assert_usage_error, run

import tinynn as nn
from tinynn.core.numbers import fmt
from tinynn.teach.lesson import shipped_lessons
from tinynn.teach.worksheet import (
    KEY_DIGITS,
    WEIGHTS,
    build_sheets,
    key_markdown,
    parse_id,
    sheet_from_id,
    sheet_latex,
    sheet_markdown,
)


def key_values(key: str, sheet_id: str) -> dict[str, str]:
    block = key.split(f"## {sheet_id}\n")[1].split("\n## ")[0]
    return dict(re.findall(r"^\| \d+ \| `([^`]+)` \| `[^`]*` \| (\S+) \|$", block, flags=re.M))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sheets")
    code, stdout, err = run("worksheet", "--lesson", "by-hand", "--students", "30", "--seed", "42",
                            "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert stdout.startswith("wrote 30 worksheets")
    return out


def test_thirty_sheets_all_different_with_the_lessons_shape(written: Path) -> None:
    sheets = build_sheets("by-hand", 30, 42)
    numbers = {repr((s.setup.params, s.setup.x, s.setup.y)) for s in sheets}
    assert len(numbers) == 30
    assert len({s.id for s in sheets}) == 30
    lesson = nn.Params(W1=[[0.25], [-0.5]], b1=[-0.5, 1.0], W2=[1.0, -0.5], b2=0.25)
    for s in sheets:
        p = s.setup.params
        assert (p.n_inputs, p.n_hidden, s.setup.task, s.setup.lr) == (1, 2, "regression", 0.5)
        # by hand: every hidden unit starts at z1 = 0 (a1 = 1/2, σ' = 1/4) and every value is a
        # short binary fraction
        trace = s.trace()
        assert trace.step.forward.z1 == [0.0, 0.0]
        for e in trace:
            assert Fraction(e.value).denominator <= 2**10, (s.id, e.label, e.value)
        assert p != lesson
    files = sorted(f.name for f in written.iterdir())
    assert len(files) == 30 * 3 + 2 and "key.md" in files and "key.tex" in files
    for s in sheets:
        assert {f"{s.id}.md", f"{s.id}.tex", f"{s.id}.answers.txt"} <= set(files)


def test_an_id_alone_rebuilds_its_sheet_exactly(written: Path) -> None:
    for s in build_sheets("by-hand", 30, 42):
        assert parse_id(s.id) == ("by-hand", 42, s.number)
        again = sheet_from_id(s.id)
        assert again.setup.params == s.setup.params
        assert (again.setup.x, again.setup.y) == (s.setup.x, s.setup.y)
        code, out, err = run("worksheet", "--id", s.id)
        assert code == 0, err
        assert out == (written / f"{s.id}.md").read_text(encoding="utf-8")
        latex = run("worksheet", "--id", s.id, "--format", "latex")[1]
        assert latex == (written / f"{s.id}.tex").read_text(encoding="utf-8")


def test_the_keys_values_are_the_engines_trace(written: Path) -> None:
    key = (written / "key.md").read_text(encoding="utf-8")
    for s in build_sheets("by-hand", 30, 42):
        s_ = s.setup
        trace = nn.trace_step(s_.params, s_.x, s_.y, s_.lr, s_.task)
        values = key_values(key, s.id)
        assert list(values) == [e.answer_name for e in trace]
        assert list(values.values()) == [fmt(e.value, KEY_DIGITS) for e in trace]


def test_a_filled_in_blank_file_checks_clean_and_a_wrong_value_is_caught(
    written: Path, tmp_path: Path
) -> None:
    key = (written / "key.md").read_text(encoding="utf-8")
    sheet = build_sheets("by-hand", 30, 42)[6]
    blank = (written / f"{sheet.id}.answers.txt").read_text(encoding="utf-8")
    values = key_values(key, sheet.id)
    filled = "".join(
        line + (values[line.split(" = ")[0]] if not line.startswith("#") else "") + "\n"
        for line in blank.splitlines()
    )
    path = tmp_path / "mine.txt"
    path.write_text(filled, encoding="utf-8")
    code, out, err = run("check", "--answers", str(path), "--worksheet", sheet.id)
    assert code == 0, out + err
    assert f"worksheet {sheet.id}" in out.splitlines()[0]
    assert out.splitlines()[-1].startswith("26 answers: 26 right, 0 wrong")

    # δ2 with the wrong sign: caught there, with the hint; what follows is carried
    d2 = values["delta2"]
    wrong = filled.replace(f"delta2 = {d2}\n", f"delta2 = {fmt(-float(d2.replace('−', '-')))}\n")
    path.write_text(wrong, encoding="utf-8")
    code, out, _ = run("check", "--answers", str(path), "--worksheet", sheet.id)
    assert code == 1
    assert any(line.startswith("✗ delta2 = ") for line in out.splitlines())

    # the same values are not right for another student's sheet
    other = build_sheets("by-hand", 30, 42)[7]
    path.write_text(filled, encoding="utf-8")
    assert run("check", "--answers", str(path), "--worksheet", other.id)[0] == 1


def test_classification_sheets_have_z2_zero_and_labels() -> None:
    sheets = build_sheets("xor", 5, 1)
    for s in sheets:
        f = s.trace().step.forward
        assert f.z1 == [0.0, 0.0] and f.z2 == 0.0 and f.y_pred == 0.5
        assert s.setup.y in (0.0, 1.0)


def test_names_from_the_lesson_are_escaped_on_the_sheets(tmp_path: Path) -> None:
    lesson = (Path(nn.__file__).parent / "teach" / "lessons" / "by-hand.toml").read_text(
        encoding="utf-8"
    )
    lesson = lesson.replace('features = ["x"]', 'features = ["sepal_length<b>|$"]')
    lesson = lesson.replace('title = "', 'title = "R&D 100% #1: ')
    path = tmp_path / "iris-1.toml"
    path.write_text(lesson, encoding="utf-8")
    code, out, err = run("worksheet", "--lesson", str(path), "--students", "2",
                         "--out", str(tmp_path / "out"))  # fmt: skip
    assert code == 0, err
    sid = build_sheets("", 2, 0, str(path))[0].id
    assert sid.startswith("iris-1-0-1-")
    md = (tmp_path / "out" / f"{sid}.md").read_text(encoding="utf-8")
    assert "Inputs: `x[0]` is sepal\\_length\\<b\\>\\|\\$; the target y is y." in md
    assert "*R\\&D 100% \\#1: " in md and "<b>" not in md and "&#" not in md
    tex = (tmp_path / "out" / f"{sid}.tex").read_text(encoding="utf-8")
    assert r"Inputs: $x[0]$ is \texttt{sepal\_length$<$b$>${}$|$\$}" in tex
    assert r"R\&D 100\% \#1" in tex
    # the ID rebuilds it with the lesson's file
    assert run("worksheet", "--id", sid, "--lesson", str(path))[1] == md


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("worksheet", "--id", "by-hand-42-1-Z"), ("mistyped",)),
        (("worksheet", "--id", "nonsense"), ("not a worksheet ID",)),
        (("worksheet", "--lesson", "by-hand"), ("--out DIR",)),
        (("worksheet", "--students", "0", "--out", "x"), ("--students",)),
        (("worksheet", "--lesson", "nope", "--out", "x"), ("nope",)),
        (("check", "--answers", "a.txt", "--worksheet", "by-hand-1-1-Q", "--sample", "1"),
         ("--sample",)),
    ],
)  # fmt: skip
def test_mistakes_are_one_line(argv: tuple[str, ...], words: tuple[str, ...]) -> None:
    code, _, err = run(*argv)
    assert_usage_error(code, err, *words)


def test_a_blank_or_half_filled_answers_file_says_what_is_left(written: Path) -> None:
    """A sheet's answers file as handed out is not an error: nothing is filled in yet. Filled
    in halfway, what is written is judged and the blanks are counted, not listed."""
    key = (written / "key.md").read_text(encoding="utf-8")
    sheet = build_sheets("by-hand", 30, 42)[3]
    blank = written / f"{sheet.id}.answers.txt"
    code, out, err = run("check", "--answers", str(blank), "--worksheet", sheet.id)
    assert (code, err) == (1, "")
    assert out.splitlines()[1:] == ["no value filled in yet: the step's 26 values start with z1[0]"]

    values = key_values(key, sheet.id)
    forward = ("z1[0]", "z1[1]", "a1[0]", "a1[1]", "z2", "y_pred", "L")
    half = "".join(
        line + (values[line.split(" = ")[0]] if line.split(" = ")[0] in forward else "") + "\n"
        for line in blank.read_text(encoding="utf-8").splitlines()
    )
    mine = written / "half.txt"
    mine.write_text(half, encoding="utf-8")
    code, out, err = run("check", "--answers", str(mine), "--worksheet", sheet.id)
    assert (code, err) == (0, "")  # all that is written is right
    assert [line[2:].split(" = ")[0] for line in out.splitlines()[1:-1]] == list(forward)
    assert out.splitlines()[-1] == (
        "7 answers: 7 right, 0 wrong, 0 carried from a wrong one; "
        "19 of the step's 26 values not given (not checked)"
    )


def test_the_sheets_read_as_plain_text(written: Path) -> None:
    """Markdown escapes a text editor shows readably (y\\_pred), never character references."""
    for path in written.iterdir():
        assert "&#" not in path.read_text(encoding="utf-8"), path.name
    sheet = build_sheets("by-hand", 1, 42)[0]
    md = (written / f"{sheet.id}.md").read_text(encoding="utf-8")
    assert (
        "1 input → 2 sigmoid hidden units → a linear output, y\\_pred = z2; "
        "loss ½(y\\_pred − y)²; one step of gradient descent with η = 0.5.\n"
    ) in md


def test_the_inputs_are_named_only_when_the_data_name_them() -> None:
    """x is x and y is y says nothing: only names of their own (a lesson's, a CSV's) are told."""
    for lesson in ("by-hand", "by-hand-2-inputs", "xor", "symmetric-start"):
        sheet = build_sheets(lesson, 1, 0)[0]
        assert (sheet.setup.data.feature_names, sheet.setup.data.target_name) in (
            (["x"], "y"), (["x1", "x2"], "y"))  # fmt: skip
        assert "Inputs:" not in sheet_markdown(sheet)
        assert "Inputs:" not in sheet_latex(sheet)
    sheet = build_sheets("saturation", 1, 0)[0]  # its target is called "label"
    assert "Inputs: `x[0]` is x; the target y is label.\n" in sheet_markdown(sheet)
    assert r"Inputs: $x[0]$ is \texttt{x}; the target $y$ is \texttt{label}." in sheet_latex(sheet)


def evaluate(substituted: str) -> float:
    """A key's "with numbers" cell, evaluated as written: (0.5)(2) + (−1), ½((a) − (b))²,
    1 / (1 + e^(−(0))), −[(1)·ln(0.5) + (1 − (1))·ln(1 − (0.5))]."""
    import math

    expr = substituted.replace("−", "-").replace("½", "0.5*").replace("²", "**2")
    expr = expr.replace("e^", "exp").replace("·ln", "*log").replace(")(", ")*(")
    expr = expr.replace("[", "(").replace("]", ")")
    return float(eval(expr, {"__builtins__": {}, "exp": math.exp, "log": math.log}))


@pytest.mark.parametrize("lesson", ["by-hand", "by-hand-2-inputs", "xor", "saturation"])
def test_the_keys_numbers_give_its_answers(lesson: str) -> None:
    sheets = build_sheets(lesson, 30, 42)
    rows = re.findall(r"^\| \d+ \| `[^`]+` \| `([^`]*)` \| (\S+) \|$", key_markdown(sheets), re.M)
    assert len(rows) == sum(len(s.trace()) for s in sheets)
    for substituted, answer in rows:
        assert fmt(evaluate(substituted), KEY_DIGITS) == answer, (substituted, answer)
        # every operand is a short binary fraction, and is shown exactly (not 0.117188)
        for number in re.findall(r"\d+(?:\.\d+)?", substituted):
            denominator = Fraction(number).denominator
            assert denominator & (denominator - 1) == 0 and denominator <= 2**12, substituted


@pytest.mark.parametrize("lesson", shipped_lessons())
def test_every_hidden_unit_has_numbers_of_its_own(lesson: str) -> None:
    """Units with equal numbers compute equal values, and a swapped index goes unnoticed."""
    for sheet in build_sheets(lesson, 30, 42):
        p = sheet.setup.params
        h = p.n_hidden
        assert len(set(p.W2)) == h, (sheet.id, p.W2)
        assert len({tuple(row) for row in p.W1}) == h, (sheet.id, p.W1)
        assert len(set(p.b1)) == h, (sheet.id, p.b1)
        assert set(p.W2) <= set(WEIGHTS) and {w for row in p.W1 for w in row} <= set(WEIGHTS)
        assert all(Fraction(b).denominator <= 8 for b in p.b1)  # short fractions still
        step = sheet.trace().step
        assert step.grads.delta2 != 0  # a target equal to the prediction leaves nothing to do
        assert len(set(step.grads.delta1)) == h  # so every later hidden value differs too
