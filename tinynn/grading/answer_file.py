"""Reading hand-worked answers: `name = value` lines (or a CSV name,value) -> the values of
a step they name, each with the precision it was written to.

Names are the trace's in ASCII (`z1[0]`, `delta1[1]`, `dW1[0][1]`, `new W1[0][0]` for an
updated parameter) or the notes' symbols (`δ1[1]`, `∂L/∂W1[0][1]`, `σ'(z1[0])`), in any
case, as the table of names (tinynn/core/names.py) spells them. `#` starts a comment;
a worksheet's answers file names its sheet in its first comment (`header_id`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import NamedTuple

from tinynn.core.errors import TinyNNError
from tinynn.core.names import ALIASES, COMPUTED, GIVEN, NAMES, PARAMS, Key, Name, answer_text
from tinynn.core.numbers import Written, parse_whole, quoted, written_number
from tinynn.io.files import printable
from tinynn.run.trace import Trace
from tinynn.teach.quiz import GuessError, parse_guess

EXAMPLES = "names look like z1[0], delta1[1], dW1[0][1], new W1[0][0]"
_FOLDED = {n.lower(): n for n in (*COMPUTED, *GIVEN)}
_INDEX = r"((?:\[\s*\d+\s*(?:,\s*\d+\s*)?\])*)"
_NAME = re.compile(r"(?P<name>[^\[\]()]+?)" + _INDEX + r"$")


def _index_inside(n: Name) -> re.Pattern[str]:
    """A symbol that holds its index inside, after any spelling of its name: σ'(z1[0]),
    sigma'(z1[0]), sigma_prime(z1[0])."""
    before, after = n.symbol.split("{}")  # "σ'(z1", ")"
    argument = before[before.index("(") :]  # "(z1"
    spellings = "|".join(map(re.escape, (*n.written, n.name)))
    index = r"(?P<index>(?:\[\d+\])*)"
    return re.compile(f"(?:{spellings}){re.escape(argument)}{index}{re.escape(after)}$")


_INSIDE = {n.name: _index_inside(n) for n in NAMES if not n.symbol.endswith("{}")}


class Answer(NamedTuple):
    """One answer as written: where, the name and value as typed, and what they mean."""

    line: int
    name: str
    text: str
    key: Key
    value: float
    written: Written  # how precisely it was written (tinynn/teach/marking.py judges it)


class Unread(NamedTuple):
    """A line of the answers that is not an answer that can be checked."""

    line: int
    message: str


def parse_name(text: str) -> Key:
    """A name as written -> its key: "delta1[1]" -> ("delta1", (1,)), "new W1[0][0]" ->
    ("W1", (0, 0)), "∂L/∂W1[0][1]" -> ("dW1", (0, 1)), "σ'(z1[0])" -> ("sigma_prime", (0,)).

    The updated parameters are "new W1[0][0]", "new_W1[0][0]", "W1_new[0][0]" or
    "W1[0][0]_new"; an index may be written [0][1] or [0, 1].

    Raises:
        TinyNNError: not a name of the step (the message is the reason, without the name).
    """
    s = " ".join(text.replace("′", "'").replace("’", "'").split())
    new = False
    for prefix in ("new ", "new_"):
        if s.lower().startswith(prefix):
            s, new = s[len(prefix) :].strip(), True
    if s.endswith("_new"):
        s, new = s[: -len("_new")], True
    s = s.replace(" ", "")
    for inside, pattern in _INSIDE.items():
        m = pattern.match(s)
        if m:
            s = inside + m["index"]
    m = _NAME.match(s)
    if not m:
        raise TinyNNError(f"unknown name; {EXAMPLES}")
    name, index_text = m["name"], m[2]
    if name.endswith("_new"):
        name, new = name[: -len("_new")], True
    name = ALIASES.get(name, name)
    name = _FOLDED.get(name.lower(), name)  # "dw2" is dW2: no two names differ only in case
    try:
        index = tuple(parse_whole(k) for k in re.findall(r"\d+", index_text))
    except ValueError as e:  # "z1[" + 5000 digits + "]"
        raise TinyNNError(f"its index is {e}") from None
    if new and name not in PARAMS:
        raise TinyNNError(f"only parameters are updated (new W1, b1, W2, b2); {EXAMPLES}")
    if name in GIVEN and not new:
        if name in PARAMS:
            return_as = answer_text((name, index), updated=True)
            raise TinyNNError(f"is given, not computed; its updated value is {return_as}")
        raise TinyNNError("is given, not computed")
    if name not in COMPUTED and name not in PARAMS:
        raise TinyNNError(f"unknown name; {EXAMPLES}")
    return name, index


def read_answers(lines: Iterable[tuple[int, str, str]], trace: Trace
                 ) -> tuple[list[Answer], list[Unread]]:  # fmt: skip
    """(line number, name, value text) triples -> the answers, and the lines that are not.

    Each name must be a value of `trace`'s step (an index in the network's shape).
    """
    labels = {e.writes: e.answer_name for e in trace}
    seen: dict[Key, int] = {}
    answers: list[Answer] = []
    problems: list[Unread] = []
    for number, name, value_text in lines:
        shown_name = shown(name)
        try:
            key = parse_name(name)
        except TinyNNError as e:
            problems.append(Unread(number, f"{shown_name}: {e}"))
            continue
        if key not in labels:
            problems.append(Unread(number, f"{shown_name}: no such value in this network "
                                   f"({_shape_text(trace, key[0])})"))  # fmt: skip
            continue
        if not value_text.strip():  # a blank still to fill in (a worksheet's answers file)
            continue
        if key in seen:
            problems.append(Unread(number, f"{labels[key]} again (first on line {seen[key]}): "
                                   "only the first is checked"))  # fmt: skip
            continue
        try:
            value = parse_guess(value_text)
        except GuessError:
            problems.append(Unread(number, f"{labels[key]}: not a number: {shown(value_text)} "
                                   "(write it like 0.5, −1e-3 or 1/8)"))  # fmt: skip
            continue
        seen[key] = number
        text = value_text.strip()
        answers.append(Answer(number, name, text, key, value, written_number(text)))
    return answers, problems


def shown(text: str) -> str:
    """Text from the file as a report shows it: printable, quoted when long, '' when empty."""
    t = printable(text.strip())
    return quoted(t) if len(t) > 40 else t if t else "''"  # a long one cut: one short line


def _shape_text(trace: Trace, name: str) -> str:
    labels = [e.answer_name for e in trace if e.name == name]
    if len(labels) > 4:
        labels = [labels[0], "...", labels[-1]]
    return ", ".join(labels) if labels else EXAMPLES


def split_lines(text: str) -> tuple[list[tuple[int, str, str]], list[Unread]]:
    """The `name = value` (or `name,value`) lines of a file's text, without comments and
    blank lines; a CSV header `name,value` is skipped."""
    rows: list[tuple[int, str, str]] = []
    problems: list[Unread] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "=" in line:
            name, _, value = line.partition("=")
        elif "," in line:
            fields = [f.strip() for f in next(csv.reader([line]))]
            while len(fields) > 2 and not fields[-1]:
                fields.pop()  # a spreadsheet's empty trailing columns
            name, value = ",".join(fields[:-1]), fields[-1]
            if not rows and not problems and (name.lower(), value.lower()) == ("name", "value"):
                continue  # the CSV header
        else:
            problems.append(Unread(number, f"not 'name = value': {shown(line)}"))
            continue
        rows.append((number, name.strip(), value.strip()))
    return rows, problems


_HEADER = re.compile(  # "# Worksheet by-hand-42-7-Q:" (an ID's shape, tinynn/teach/sheet_id.py)
    r"#\s*worksheet\s+(?P<id>[A-Za-z0-9_.+-]+-\d+-\d+-[A-Z])\s*:", re.IGNORECASE
)
HEADER_LINES = 5  # how far down the file its sheet's ID is looked for


def header_id(text: str) -> str | None:
    """The worksheet ID a blank answers file names in its first comment lines ("# Worksheet
    by-hand-42-7-Q: write each value..."), or None."""
    for line in text.split("\n")[:HEADER_LINES]:
        m = _HEADER.match(line.strip())
        if m:
            return m["id"]
    return None
