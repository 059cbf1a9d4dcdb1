"""The one prompt loop of the teaching modes (`tinynn quiz`, `tinynn bughunt`).

`prompt` asks a question and reads lines until one is an answer: s skips
(reveals), q quits, the end of the input stops, and any other line goes to
the caller's `accept`, whose ValueError is printed and asked again. Standard
input is the player's terminal or a file of answers; a line read from a pipe
is echoed, so that the transcript reads like a session at the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NamedTuple, TextIO, TypeVar

from tinynn.core.errors import TinyNNError
from tinynn.teach.quiz import QUIT, SKIP  # the words the walkthrough's quiz takes too

T = TypeVar("T")


class Stopped(NamedTuple):
    """A prompt that got no answer: `why` is "quit" (q was typed) or "end" (no more input)."""

    why: str


def prompt(
    out: TextIO,
    stdin: TextIO,
    question: str,
    accept: Callable[[str], T],
    skip: Callable[[], T],
) -> T | Stopped:
    """Ask `question` and read lines from `stdin` until one is accepted.

    s (skip) returns `skip()`; q (quit) returns Stopped("quit"); the end of the
    input, or a standard input that is closed or cannot be read, returns
    Stopped("end") after ending the line. Any other line, stripped, goes to
    `accept`: its value is the answer, and a ValueError (every TinyNNError is
    one) prints its message and asks again. A line read from a pipe is echoed,
    so that the transcript reads like a session at the terminal.
    """
    while True:
        out.write(question)
        out.flush()
        try:
            line = stdin.readline()
        except (OSError, ValueError):  # closed or unreadable: as the end of the input
            line = ""
        if not line:
            out.write("\n")
            return Stopped("end")
        if not _isatty(stdin):
            out.write(line.rstrip("\n") + "\n")
        word = line.strip()
        if word.lower() in QUIT:
            return Stopped("quit")
        if word.lower() in SKIP:
            return skip()
        try:
            return accept(word)
        except ValueError as e:
            out.write(f"  {e}\n")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def standard_input(command: str) -> TextIO:
    """Standard input, from which `command` ("the quiz") reads its answers."""
    if sys.stdin is None:
        raise TinyNNError(f"{command} reads its answers from standard input, which is closed")
    return sys.stdin
