"""tinynn worksheet: one exercise per student, IDs that rebuild them (and no other lesson's), a
key equal to the engine's trace, sheets that exercise every equation, answers files that
`tinynn check --answers FILE` grades by the one rule, and files written safely."""

from __future__ import annotations

import math
import os
import re
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import assert_usage_error, run

import tinynn as nn
from tinynn.core.numbers import fmt
from tinynn.core.table import Formula
from tinynn.teach import marking
from tinynn.teach.lesson import shipped_lessons
from tinynn.teach.sheet_id import parse_id
from tinynn.teach.sheet_numbers import KEY_DIGITS, SIGMA_TABLE, WEIGHTS, sigma_table
from tinynn.teach.worksheet import (
    Sheet,
    build_sheets,
    key_markdown,
    sheet_from_id,
    sheet_latex,
    sheet_markdown,
)

RULE = "A value is right with at least 3 significant digits (within half a unit of the last one)"


def key_values(key: str, sheet_id: str) -> dict[str, str]:
    block = key.split(f"## {sheet_id}\n")[1].split("\n## ")[0]
    return dict(re.findall(r"^\| \d+ \| `([^`]+)` \| `[^`]*` \| (\S+) \|$", block, flags=re.M))


def filled(blank: str, values: dict[str, str]) -> str:
    """A blank answers file with the values written after each '='."""
    return "".join(
        line + (values.get(line.split(" = ")[0], "") if not line.startswith("#") else "") + "\n"
        for line in blank.splitlines()
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sheets") / "class"
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
        assert p != lesson
        # the starting numbers are short binary fractions
        for v in [*s.setup.x, s.setup.y, *p.b1, *p.W2, p.b2, *(w for row in p.W1 for w in row)]:
            assert Fraction(v).denominator <= 8, (s.id, v)
    files = sorted(f.name for f in written.iterdir())
    assert len(files) == 30 * 3 + 3 and {"key.md", "key.tex", "roster.csv"} <= set(files)
    for s in sheets:
        assert {f"{s.id}.md", f"{s.id}.tex", f"{s.id}.answers.txt"} <= set(files)


@pytest.mark.parametrize("lesson", shipped_lessons())
def test_every_sheet_exercises_every_equation(lesson: str) -> None:
    """z1 ≠ 0 for some unit, units with a1 and ∂L/∂W2 of their own, a classifier's z2 ≠ 0, and
    every hidden unit with a W1 row, a bias and a W2 entry of its own."""
    for sheet in build_sheets(lesson, 30, 42):
        p, step = sheet.setup.params, sheet.trace().step
        f, g, h = step.forward, step.grads, p.n_hidden
        assert any(z != 0 for z in f.z1), sheet.id
        assert len(set(f.a1)) == h and len(set(g.dW2)) == h and len(set(g.sigma_prime)) == h
        assert g.delta2 != 0 and len(set(g.delta1)) == h
        assert len(set(p.W2)) == h and len({tuple(row) for row in p.W1}) == h
        assert len(set(p.b1)) == h
        assert set(p.W2) <= set(WEIGHTS) and {w for row in p.W1 for w in row} <= set(WEIGHTS)
        # every z1 is 0 or a value of the sheet's table of σ
        assert all(z == 0 or z in SIGMA_TABLE for z in f.z1), (sheet.id, f.z1)
        if sheet.setup.task == "classification":
            assert sheet.setup.y in (0.0, 1.0)
            near = [t for t in SIGMA_TABLE if math.isclose(f.z2, t, rel_tol=1e-11)]
            assert near and near[0] != 0, (sheet.id, f.z2)  # z2 ≠ 0, its σ in the table


def test_the_sheets_table_of_sigma_is_right_and_printed() -> None:
    for z, v in sigma_table():
        rule = marking.Marking(min_digits=6)
        assert rule.right(marking.written(fmt(v)), 1 / (1 + math.exp(-z)))
    sheet = build_sheets("xor", 1, 3)[0]
    md, tex = sheet_markdown(sheet), sheet_latex(sheet)
    assert "σ(0) = 1/2; to 6 digits, σ(−2) = 0.119203, σ(−1) = 0.268941" in md
    assert "σ(0.5) = 0.622459, σ(1) = 0.731059, σ(2) = 0.880797." in md
    assert r"$\sigma(0) = 1/2$; to 6 digits, $\sigma(-2) = 0.119203$" in tex
    # a classifier's b2 is written to every digit it has: z2 from the sheet is a value of
    # the table (to 1e-11), not 6 digits of it
    b2 = sheet.setup.params.b2
    assert f"| `b2` | {fmt(b2, 12)} |" in md and float(fmt(b2, 12).replace("−", "-")) == b2


def test_an_id_alone_rebuilds_its_sheet_exactly(written: Path) -> None:
    for s in build_sheets("by-hand", 30, 42)[:10]:
        assert parse_id(s.id)[::2] == ("by-hand", 42) and parse_id(s.id).number == s.number
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


def test_every_sheet_and_answers_file_states_the_rule(written: Path) -> None:
    sheet = build_sheets("by-hand", 1, 42)[0]
    for suffix in (".md", ".answers.txt"):
        assert RULE in (written / f"{sheet.id}{suffix}").read_text(encoding="utf-8"), suffix
    tex = (written / f"{sheet.id}.tex").read_text(encoding="utf-8")
    assert "A value is right with at least 3 significant digits" in tex


def test_a_filled_in_blank_file_checks_clean_without_worksheet_and_a_wrong_value_is_caught(
    written: Path, tmp_path: Path
) -> None:
    key = (written / "key.md").read_text(encoding="utf-8")
    sheet = build_sheets("by-hand", 30, 42)[6]
    blank = (written / f"{sheet.id}.answers.txt").read_text(encoding="utf-8")
    values = key_values(key, sheet.id)
    path = tmp_path / "mine.txt"
    path.write_text(filled(blank, values), encoding="utf-8")
    code, out, err = run("check", "--answers", str(path), "--worksheet", sheet.id)
    assert code == 0, out + err
    assert f"worksheet {sheet.id}" in out.splitlines()[0]
    assert out.splitlines()[-1].startswith("26 answers: 26 right, 0 wrong")
    # without --worksheet: the ID in the file's first line names its step
    assert run("check", "--answers", str(path)) == (0, out, "")

    # δ2 with the wrong sign: caught there, with the hint; what follows is carried
    d2 = values["delta2"]
    wrong = {**values, "delta2": fmt(-float(d2.replace("−", "-")), KEY_DIGITS)}
    path.write_text(filled(blank, wrong), encoding="utf-8")
    code, out, _ = run("check", "--answers", str(path))
    assert code == 1
    assert any(line.startswith("✗ delta2 = ") for line in out.splitlines())

    # the same values are not right for another student's sheet; a file of one sheet is
    # not checked against another's ID
    other = build_sheets("by-hand", 30, 42)[7]
    path.write_text(filled(blank, values), encoding="utf-8")
    code, _, err = run("check", "--answers", str(path), "--worksheet", other.id)
    assert_usage_error(code, err, f"is of worksheet {sheet.id}", other.id)
    stripped = "".join(line + "\n" for line in path.read_text().splitlines()[3:])
    path.write_text(stripped, encoding="utf-8")  # its first lines gone: --worksheet decides
    assert run("check", "--answers", str(path), "--worksheet", other.id)[0] == 1
    code, _, err = run("check", "--answers", str(path), "--worksheet", sheet.id, "--sample", "1")
    assert_usage_error(code, err, "--sample")


def student(sheet: Sheet, digits: int) -> dict[str, str]:
    """What a careful student writes, every value to `digits` significant digits: each
    worked from their own rounded values, σ read from the sheet's table (six digits)."""
    table = dict(sigma_table())
    trace = sheet.trace()
    given = {("x", (i,)): v for i, v in enumerate(sheet.setup.x)}
    given |= {("y", ()): sheet.setup.y, ("lr", ()): sheet.setup.lr}
    given |= {k: sheet.setup.params.get(k) for k in sheet.setup.params.all_keys()}
    own: dict[tuple[str, tuple[int, ...]], float] = {}
    out = {}

    def get(k: tuple[str, tuple[int, ...]]) -> float:
        return given[k] if k in given else own[k]  # the parameters before the step, or theirs

    for e in trace:
        f = Formula(e.writes, e.reads, sheet.setup.task)
        if e.name == "a1" or (e.name == "y_pred" and sheet.setup.task == "classification"):
            z = get(e.reads[0])
            near = [t for t in table if abs(t - z) < 1e-3]
            value = table[near[0]] if near else 0.5 if z == 0 else f.evaluate(get)
        else:
            value = f.evaluate(get)
        text = f"{value:#.{digits}g}"  # '#': trailing zeros are digits written too
        own[e.writes] = float(text)
        out[e.answer_name] = text
    return out


@pytest.mark.parametrize("lesson", ["by-hand", "by-hand-2-inputs", "xor", "saturation"])
@pytest.mark.parametrize("digits", [3, 6])
def test_right_work_to_three_or_more_digits_passes_on_every_sheet(
    lesson: str, digits: int, tmp_path: Path
) -> None:
    from tinynn.grading.answers import check_answers

    for sheet in build_sheets(lesson, 8, 5):
        result = check_answers(student(sheet, digits), setup=sheet.setup, what=sheet.id)
        assert result.passed, result.report


def test_classification_sheets_have_a_z2_of_the_table_and_labels() -> None:
    for s in build_sheets("xor", 5, 1):
        f = s.trace().step.forward
        assert f.z2 != 0 and any(math.isclose(f.z2, t, rel_tol=1e-11) for t in SIGMA_TABLE)
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
    sid = build_sheets(str(path), 2, 0)[0].id
    assert re.fullmatch(r"iris-1\+[0-9a-f]{6}-0-1-[A-Z]", sid)
    md = (tmp_path / "out" / f"{sid}.md").read_text(encoding="utf-8")
    assert "Inputs: `x[0]` is sepal\\_length\\<b\\>\\|\\$; the target y is y." in md
    assert "*R\\&D 100% \\#1: " in md and "<b>" not in md and "&#" not in md
    assert f"--worksheet {sid} --lesson iris-1.toml`" in md  # the command names the file
    tex = (tmp_path / "out" / f"{sid}.tex").read_text(encoding="utf-8")
    assert r"Inputs: $x[0]$ is \texttt{sepal\_length$<$b$>${}$|$\$}" in tex
    assert r"R\&D 100\% \#1" in tex
    # the ID rebuilds it with the lesson's file
    assert run("worksheet", "--id", sid, "--lesson", str(path))[1] == md


def test_a_lesson_file_named_like_a_shipped_lesson_never_gets_its_ids(tmp_path: Path) -> None:
    """by-hand.toml of one's own (other weights): its sheets' IDs carry a digest of its text,
    so the shipped lesson's ID cannot name them, nor theirs a shipped sheet."""
    text = (Path(nn.__file__).parent / "teach" / "lessons" / "by-hand.toml").read_text("utf-8")
    mine = tmp_path / "by-hand.toml"
    mine.write_text(text.replace("lr = 0.5", "lr = 0.25"), encoding="utf-8")
    code, _, err = run("worksheet", "--lesson", str(mine), "--students", "1",
                       "--out", str(tmp_path / "out"))  # fmt: skip
    assert code == 0, err
    [sheet] = build_sheets(str(mine), 1, 0)
    shipped = build_sheets("by-hand", 1, 0)[0]
    assert sheet.id != shipped.id and sheet.id.startswith("by-hand+")
    assert sheet.setup.lr == 0.25 and shipped.setup.lr == 0.5
    answers = tmp_path / "out" / f"{sheet.id}.answers.txt"
    values = {e.answer_name: repr(e.value) for e in sheet.trace()}
    answers.write_text(filled(answers.read_text("utf-8"), values), encoding="utf-8")
    # its file's first line names the sheet: without its lesson file it is refused, with
    # it every value is right
    code, _, err = run("check", "--answers", str(answers))
    assert_usage_error(code, err, f"worksheet {sheet.id} is of a lesson file", "--lesson FILE")
    code, out, err = run("check", "--answers", str(answers), "--lesson", str(mine))
    assert (code, err) == (0, ""), out
    # a shipped ID with the file, the file's ID without it or with another text: refused
    assert_usage_error(*run("worksheet", "--id", shipped.id, "--lesson", str(mine))[::2],
                       "shipped lesson 'by-hand'")  # fmt: skip
    assert_usage_error(*run("worksheet", "--id", sheet.id)[::2], "--lesson FILE")
    mine.write_text(text.replace("lr = 0.5", "lr = 0.125"), encoding="utf-8")
    code, _, err = run("worksheet", "--id", sheet.id, "--lesson", str(mine))
    assert_usage_error(code, err, "is not the lesson of worksheet", "its text differs")
    code, _, err = run("worksheet", "--id", shipped.id, "--lesson", "xor")
    assert_usage_error(code, err, "shipped lesson 'by-hand'")


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


def test_a_blank_or_half_filled_answers_file_is_not_a_pass(written: Path) -> None:
    """A sheet's answers file as handed out is not an error: nothing is filled in yet. Filled
    in halfway, what is written is judged and the blanks are counted: not a pass."""
    key = (written / "key.md").read_text(encoding="utf-8")
    sheet = build_sheets("by-hand", 30, 42)[3]
    blank = written / f"{sheet.id}.answers.txt"
    code, out, err = run("check", "--answers", str(blank))
    assert (code, err) == (1, "")
    assert out.splitlines()[1:] == ["no value filled in yet: the step's 26 values start with z1[0]"]

    values = key_values(key, sheet.id)
    forward = ("z1[0]", "z1[1]", "a1[0]", "a1[1]", "z2", "y_pred", "L")
    half = filled(blank.read_text(encoding="utf-8"), {k: values[k] for k in forward})
    mine = written.parent / "half.txt"
    mine.write_text(half, encoding="utf-8")
    code, out, err = run("check", "--answers", str(mine))
    assert (code, err) == (1, "")  # all that is written is right, but 19 are not given
    assert [line[2:].split(" = ")[0] for line in out.splitlines()[1:-1]] == list(forward)
    assert out.splitlines()[-1] == (
        "7 answers: 7 right, 0 wrong, 0 carried from a wrong one; "
        "19 of the step's 26 values not given"
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


# --- written safely


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_second_out_into_the_same_folder_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "class"
    assert run("worksheet", "--students", "2", "--out", str(out))[0] == 0
    before = tree(out)
    code, stdout, err = run("worksheet", "--students", "3", "--seed", "1", "--out", str(out))
    assert_usage_error(code, err, "already holds worksheet files", "--force")
    assert stdout == "" and tree(out) == before
    code, _, err = run("worksheet", "--id", build_sheets("by-hand", 1, 0)[0].id, "--out", str(out))
    assert_usage_error(code, err, "already holds worksheet files")
    assert tree(out) == before
    # --force replaces the sheets, but never an answers file a student filled in
    sheet = build_sheets("by-hand", 1, 0)[0]
    answers = out / f"{sheet.id}.answers.txt"
    answers.write_text(answers.read_text("utf-8").replace("z1[0] = \n", "z1[0] = 1/2\n"), "utf-8")
    before = tree(out)
    code, _, err = run("worksheet", "--students", "2", "--seed", "1", "--force", "--out", str(out))
    assert code == 0, err  # seed 1 writes other files: the filled one is left as it is
    assert tree(out)[answers.name] == before[answers.name]
    before = tree(out)
    code, _, err = run("worksheet", "--students", "2", "--force", "--out", str(out))
    assert_usage_error(code, err, f"{answers.name} holds a student's answers", "nothing written")
    assert tree(out) == before
    # an unrelated file is no worksheet file: a folder holding only it is written to
    other = tmp_path / "notes"
    other.mkdir()
    (other / "notes.txt").write_text("mine\n")
    assert run("worksheet", "--students", "1", "--out", str(other))[0] == 0


def test_a_named_pipe_or_a_device_in_the_way_is_exit_1_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    if not hasattr(os, "mkfifo") or not os.path.exists("/dev/full"):
        pytest.skip("needs named pipes and /dev/full")
    for kind in ("fifo", "full"):
        out = tmp_path / kind
        out.mkdir()
        if kind == "fifo":
            os.mkfifo(out / "key.md")
        else:
            (out / "key.md").symlink_to("/dev/full")
        code, _, err = run("worksheet", "--students", "2", "--out", str(out))
        assert_usage_error(code, err, "already holds worksheet files (key.md)")
        code, stdout, err = run("worksheet", "--students", "2", "--force", "--out", str(out))
        assert code == 1 and stdout == "", err
        assert "key.md" in err and ("named pipe" in err or "device" in err), err
        assert len(err.splitlines()) == 1 and "Traceback" not in err
        assert sorted(p.name for p in out.iterdir()) == ["key.md"]  # nothing written
    code, _, err = run("worksheet", "--students", "1", "--out", "/dev/full")
    assert code == 1 and "cannot write to /dev/full" in err


def test_a_failed_write_part_way_removes_what_this_run_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills up after some files: they are removed again, the old files stay."""
    import tinynn.teach.worksheet_files as wf

    out = tmp_path / "class"
    out.mkdir()
    (out / "keep.txt").write_text("old\n")
    calls = []
    real = wf.write_text

    def full_after_four(path: str, text: str, error: type[Exception]) -> None:
        calls.append(path)
        if len(calls) > 4:
            raise error(f"cannot write {path}: No space left on device")
        real(path, text, error)  # type: ignore[arg-type]

    monkeypatch.setattr(wf, "write_text", full_after_four)
    code, _, err = run("worksheet", "--students", "3", "--out", str(out))
    assert code == 1 and "No space left on device" in err and "removed again" in err
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_a_size_limited_write_leaves_no_truncated_file(tmp_path: Path, repo: Path) -> None:
    """RLIMIT_FSIZE of 3000 bytes: the 3.9 kB .tex cannot be written (EFBIG; Python ignores
    SIGXFSZ): exit 1, one line, and no file left, whole or cut."""
    resource = pytest.importorskip("resource")
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))

    out = tmp_path / "class"
    env = {**os.environ, "PYTHONPATH": str(repo)}
    done = subprocess.run(
        [sys.executable, "-m", "tinynn", "worksheet", "--students", "1", "--out", str(out)],
        capture_output=True, text=True, env=env, preexec_fn=limit, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.splitlines()) == 1 and ".tex" in done.stderr, done.stderr
    assert list(out.iterdir()) == []
