"""One renderer per text: the CLI's commands show the same set-up, numbers, gradient table,
reveal and divergence sentence that tinynn.render and tinynn.teach write, and one prompt loop
reads answers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tinynn import Diverged, train
from tinynn.cli.commands.bughunt import run_bughunt
from tinynn.cli.commands.quiz import run_quiz
from tinynn.cli.main import main
from tinynn.cli.prompt import Stopped, prompt
from tinynn.core.params import Params
from tinynn.io.data import Dataset
from tinynn.render.tables import gradcheck_table
from tinynn.render.text import describe_setup
from tinynn.run.train import diverged_text
from tinynn.teach.bugs import BugHunt, Verdict, get_bug
from tinynn.teach.bugs_text import bug_reveal_text
from tinynn.teach.lesson import load_lesson


class Pipe(io.StringIO):
    """Standard input from a pipe: not a terminal, so the prompt echoes what it reads."""

    def isatty(self) -> bool:
        return False


def ask(lines: str, accept=float) -> tuple[object, str]:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    answer = prompt(out, Pipe(lines), "? ", accept, lambda: "skipped")
    return answer, out.getvalue()


def test_the_prompt_echoes_piped_lines_and_asks_again_after_a_rejected_one() -> None:
    answer, text = ask("x\n 2.5 \n")
    assert answer == 2.5
    assert text == "? x\n  could not convert string to float: 'x'\n?  2.5 \n"


@pytest.mark.parametrize(
    ("lines", "answer", "text"),
    [
        ("q\n", Stopped("quit"), "? q\n"),
        ("QUIT\n", Stopped("quit"), "? QUIT\n"),
        ("s\n", "skipped", "? s\n"),
        ("", Stopped("end"), "? \n"),
    ],
)
def test_the_prompt_stops_on_q_skips_on_s_and_ends_with_the_input(
    lines: str, answer: object, text: str
) -> None:
    assert ask(lines) == (answer, text)


def test_a_closed_standard_input_is_the_end_of_the_input() -> None:
    closed = Pipe("1\n")
    closed.close()
    out = io.StringIO()
    assert prompt(out, closed, "? ", float, lambda: 0.0) == Stopped("end")
    assert out.getvalue() == "? \n"


def test_the_set_up_summary_is_the_same_in_explain_the_quiz_and_the_bug_hunt() -> None:
    lesson = load_lesson("by-hand")
    setup = lesson.setup()
    lines = describe_setup(setup)
    assert lines[1] == "x = [2], y = 1, η = 0.5"  # the lesson's sample, by hand
    explain = io.StringIO()
    assert main(["explain", "--lesson", "by-hand"], explain) == 0
    assert "\n".join(lines) + "\n" in explain.getvalue()
    quiz = io.StringIO()
    assert run_quiz(setup, lesson, None, None, Pipe("q\n"), quiz) == 0
    assert "".join(f"  {line}\n" for line in lines) in quiz.getvalue()
    hunt = io.StringIO()
    assert run_bughunt(setup, lesson, "2", None, 2, Pipe("q\n"), hunt) == 0
    assert "\n".join(lines[:2]) + "\n\n" in hunt.getvalue()  # the bug hunt shows no weights
    assert hunt.getvalue().endswith("(the bug stays hidden)\n")


def test_the_gradient_table_shows_the_ratio_only_for_the_bug_hunt() -> None:
    hunt = BugHunt(load_lesson("by-hand").setup(), get_bug("updated-W2"), epochs=2)
    # by hand: backprop says -0.28125 for W1[0][0], central differences -0.25: ratio 9/8
    row = next(r for r in gradcheck_table(hunt.check, ratio=True).splitlines() if "W1[0][0]" in r)
    assert row.split()[:4] == ["W1[0][0]", "\u22120.28125", "\u22120.25", "1.125"]
    assert row.split()[-1] == "✗"
    plain = gradcheck_table(hunt.check).splitlines()
    assert "ratio" not in plain[0]
    assert plain[1].split()[:3] == ["W1[0][0]", "\u22120.28125", "\u22120.25"]


def test_the_reveal_speaks_the_notes_symbols() -> None:
    bug = get_bug("updated-W2")
    assert bug.touches == ("delta1", "dW1", "db1")
    text = bug_reveal_text(Verdict(True, bug, bug))
    assert "\n  It changes δ1, ∂L/∂W1, ∂L/∂b1. Every gradient of a step is taken" in text
    assert text.startswith("✓ Right: 2. δ1 computed with the already-updated W2.\n")
    revealed = bug_reveal_text(Verdict(False, bug, bug))  # s: shown without a guess
    assert revealed.startswith("It was 2. δ1 computed with the already-updated W2.\n")


def test_the_divergence_sentence_is_the_one_train_raises_and_the_cli_adds_only_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = Dataset("two", [[1.0], [2.0]], [0.0, 1.0], "regression", ["x"])
    params = Params([[1.0]], [0.0], [1.0], 0.0)
    with pytest.raises(Diverged) as caught:
        train(params, data, 1e300, 3)
    e = caught.value
    assert str(e) == diverged_text(e.epoch, e.sample)
    assert diverged_text(3, 7).startswith("training diverged in epoch 3 at sample 7: ")
    saved = tmp_path / "p.json"
    assert main(["train", "--lr", "1e300", "--epochs", "2", "--save", str(saved)]) == 1
    err = capsys.readouterr().err
    sentence = err.removeprefix("tinynn: error: ").split("; " + str(saved))[0]
    assert sentence.startswith("training diverged in epoch 1 at sample ")
    epoch_sample = sentence.split(":")[0].split()
    assert sentence == diverged_text(int(epoch_sample[4]), int(epoch_sample[7]))
    assert err.endswith(f"; {saved} was not written\n") and not saved.exists()
