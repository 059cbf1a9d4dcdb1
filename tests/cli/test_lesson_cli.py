"""`tinynn lessons` and `--lesson` on explain, train, gradcheck and compare."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest

from tinynn.args.options import Parser, add_common_options, lesson_and_setup
from tinynn.cli.main import main

WriteFile = Callable[[str, str], str]


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, out)
    return code, out.getvalue()


def test_lessons_lists_name_title_task_and_shape() -> None:
    code, text = run(["lessons"])
    assert code == 0
    rows = text.splitlines()
    assert rows[0].split() == ["name", "title", "task", "shape"]
    assert rows[1].startswith("by-hand ") and rows[1].endswith("regression      1-2-1")
    assert rows[2].startswith("by-hand-2-inputs ") and rows[2].endswith("regression      2-2-1")
    assert rows[3].startswith("saturation ") and rows[3].endswith("classification  1-2-1")
    assert rows[7].startswith("xor ") and "XOR: two hidden units" in rows[7]
    assert rows[7].endswith("classification  2-2-1")
    assert [r.split()[0] for r in rows[1:8]] == sorted(r.split()[0] for r in rows[1:8])


def test_lessons_name_prints_the_file() -> None:
    code, text = run(["lessons", "xor"])
    assert code == 0 and 'dataset = "xor"' in text and text.startswith("# XOR")


def test_explain_with_a_lesson_shows_its_title_text_and_step() -> None:
    code, text = run(["explain", "--lesson", "by-hand"])
    assert code == 0
    assert text.startswith("One step by hand: a 1-2-1 regression network\n\nOne input,")
    assert "δ1[1] = δ2·W2[1]·σ'(z1[1]) = (−0.5)(−0.5)(0.25) = 0.0625" in text
    assert "b1[0] ← b1[0] − η·∂L/∂b1[0] = (−0.5) − (0.5)(−0.125) = −0.4375" in text


def test_options_replace_the_lessons_own() -> None:
    code, text = run(["explain", "--lesson", "by-hand", "--format", "json", "--sample", "1"])
    assert code == 0
    doc = json.loads(text)
    assert (doc["sample"], doc["x"], doc["y"]) == (1, [1.0], 0.5)
    z1 = next(e for e in doc["events"] if e["name"] == "z1")
    assert z1["value"] == 0.25 * 1.0 - 0.5
    code, text = run(["explain", "--lesson", "by-hand", "--lr", "0.1"])
    assert "b2 ← b2 − η·∂L/∂b2 = (0.25) − (0.1)(−0.5) = 0.3" in text


def test_train_uses_the_lessons_epochs_and_eta() -> None:
    code, text = run(["train", "--lesson", "by-hand"])
    assert code == 0
    assert "after 200 epochs on by-hand, 1-2-1, η = 0.5" in text
    code, text = run(["train", "--lesson", "by-hand", "--epochs", "3"])
    assert "after 3 epochs on by-hand" in text


def test_gradcheck_and_compare_with_a_lesson() -> None:
    code, text = run(["gradcheck", "--lesson", "saturation"])
    assert code == 0 and "PASS: 7 of 7" in text
    code, text = run(["compare", "--lesson", "saturation"])
    assert code == 0 and "δ2 = (p − y)·p·(1 − p) = 0.00668103" in text


def test_lesson_errors_are_one_line(
    write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_file("bad.toml", 'title = "t"\n[data]\nx = [[1.0]]\ny = [nan]\n')
    assert run(["explain", "--lesson", bad])[0] == 2
    assert capsys.readouterr().err == (
        f"tinynn: error: {bad}: data.y[0]: must be a finite number, got nan\n"
    )
    assert run(["train", "--lesson", "by-hand", "--csv", "x.csv"])[0] == 2
    assert "drop --csv" in capsys.readouterr().err
    only = write_file("only.toml", 'title = "t"\nmodes = ["quiz"]\n[data]\ndataset = "sine"\n')
    assert run(["gradcheck", "--lesson", only])[0] == 2
    assert "does not offer 'gradcheck' (it offers quiz)" in capsys.readouterr().err


def test_lesson_and_setup_for_the_walkthrough() -> None:
    parser = Parser(prog="tinynn-tui")
    add_common_options(parser)
    lesson, setup = lesson_and_setup(parser.parse_args(["--lesson", "xor", "--sample", "2"]))
    assert lesson is not None and lesson.name == "xor"
    assert (setup.sample, setup.x, setup.y, setup.lr) == (2, [1.0, 0.0], 1.0, 1.0)
    lesson, setup = lesson_and_setup(parser.parse_args(["--dataset", "sine"]), "quiz")
    assert lesson is None and setup.data.name == "sine" and setup.lr == 0.5
