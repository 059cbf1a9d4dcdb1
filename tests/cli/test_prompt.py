"""The prompt loop of the quiz and the bug hunt (tinynn/cli/prompt.py): what it echoes, what
it asks again, and where its answers come from. Its q/s/end cases are in
tests/render/test_cli_render.py."""

from __future__ import annotations

import io
import sys

import pytest

from tinynn.cli.prompt import Stopped, prompt, standard_input
from tinynn.core.errors import ConfigError, TinyNNError


class Terminal(io.StringIO):
    """Standard input at a terminal: the terminal has shown what was typed already."""

    def isatty(self) -> bool:
        return True


def test_a_terminal_is_not_echoed() -> None:
    out = io.StringIO()
    assert prompt(out, Terminal("7\n"), "? ", int, lambda: 0) == 7
    assert out.getvalue() == "? "


def test_a_tinynn_error_is_said_and_asked_again() -> None:
    """Every TinyNNError is a ValueError: `accept` refuses with one, the line says why."""

    def accept(word: str) -> str:
        if word != "ok":
            raise ConfigError(f"not ok: {word!r}")
        return word

    out = io.StringIO()
    assert prompt(out, Terminal("no\nok\n"), "? ", accept, lambda: "s") == "ok"
    assert out.getvalue() == "?   not ok: 'no'\n? "


def test_q_and_s_are_read_in_any_case_and_around_spaces() -> None:
    assert prompt(io.StringIO(), Terminal("  Q \n"), "? ", int, lambda: 0) == Stopped("quit")
    assert prompt(io.StringIO(), Terminal("S\n"), "? ", int, lambda: -1) == -1


def test_standard_input_closed_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(TinyNNError, match="^the quiz reads its answers from standard input"):
        standard_input("the quiz")
    stdin = io.StringIO("")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert standard_input("the quiz") is stdin
