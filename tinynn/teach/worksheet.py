"""Per-student worksheets: `tinynn worksheet --lesson NAME --students N --seed S --out DIR`.

Each student gets the lesson's network (its shape, task and η) with numbers of
their own, an ID that encodes the lesson, the seed and the student's index (so
that the ID alone rebuilds the sheet: `tinynn worksheet --id ID`), the sheet in
Markdown and LaTeX, and a blank answers file that `tinynn check --answers FILE
--worksheet ID` grades. The teacher gets one answer key.

The numbers are made to be worked with pencil and paper, as in the by-hand
lesson: weights and inputs are short binary fractions (±0.25 ... ±2), and each
hidden bias is chosen so that z1[j] = W1[j]·x + b1[j] = 0, where a1 = σ(0) = 1/2
and σ'(0) = 1/4 exactly; for a sigmoid output, b2 makes z2 = 0 too (p = 1/2).
The hidden units differ (W1's rows, b1's and W2's entries are distinct), so that
a swapped index gives a wrong number.
Every value of the step is then a short fraction (log loss's ln 2 aside), and
every student's is different.
"""

from __future__ import annotations

import os
import random
import re
import zlib
from typing import NamedTuple

from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.numbers import fmt, vector_text
from tinynn.core.params import Params
from tinynn.core.table import step_values
from tinynn.io.data import Dataset
from tinynn.render.latex import (
    document,
    equation_groups,
    formula,
    numbered_lines,
    params_tex,
    relation,
    tex_number,
)
from tinynn.render.latex_text import tex_prose, tex_text
from tinynn.render.markdown import md_code, md_text, params_markdown
from tinynn.run.config import Setup, resolve
from tinynn.run.trace import Trace, trace_step
from tinynn.teach.lesson import Lesson, load_lesson, shipped_lessons

MAX_STUDENTS = 1000
KEY_DIGITS = 10  # the key's values: every short fraction exactly (−1.421875), ln 2 to 10 digits
WEIGHTS = (-2.0, -1.5, -1.0, -0.75, -0.5, -0.25, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
INPUTS = (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0)  # never 0: every weight of W1 gets a gradient
TARGETS = (-1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 1.5, 2.0)  # regression
_ID = re.compile(r"(?P<lesson>[A-Za-z0-9_.-]+?)-(?P<seed>\d+)-(?P<index>\d+)-(?P<check>[A-Z])$")
_LESSON_NAME = re.compile(r"[A-Za-z0-9_.-]+$")


class Sheet(NamedTuple):
    """One student's exercise: its ID, the lesson and the step's set-up."""

    id: str
    lesson: Lesson
    seed: int
    number: int  # the student's, from 1
    setup: Setup

    def trace(self, digits: int = 6) -> Trace:
        """The step's trace, its substituted operands to `digits` (the key's: KEY_DIGITS)."""
        s = self.setup
        return trace_step(s.params, s.x, s.y, s.lr, s.task, digits)


# --- IDs


def _check_letter(lesson: str, seed: int, index: int) -> str:
    """A letter that catches a mistyped ID (a digit changed, two swapped)."""
    return chr(ord("A") + zlib.crc32(f"{lesson}/{seed}/{index}".encode()) % 26)


def sheet_id(lesson: str, seed: int, index: int) -> str:
    """The ID of student `index` (from 1) of a class's sheets: "by-hand-42-7-Q"."""
    return f"{lesson}-{seed}-{index}-{_check_letter(lesson, seed, index)}"


def parse_id(text: str) -> tuple[str, int, int]:
    """An ID -> (lesson name, seed, index), or ConfigError saying what is wrong with it."""
    m = _ID.match(text.strip())
    if not m:
        raise ConfigError(
            f"not a worksheet ID: {text.strip()[:60]!r} (IDs look like by-hand-42-7-Q: the "
            "lesson, the seed, the student's number and a check letter)"
        )
    lesson, seed, index = m["lesson"], int(m["seed"]), int(m["index"])
    if m["check"] != _check_letter(lesson, seed, index) or index < 1:
        raise ConfigError(f"worksheet ID {text.strip()!r} is mistyped (its check letter differs)")
    return lesson, seed, index


# --- the numbers


def _lesson(name: str, lesson_file: str | None) -> tuple[str, Lesson]:
    """The lesson and the name its sheets' IDs carry (a shipped lesson's, or a file's stem)."""
    if lesson_file is None:
        if name not in shipped_lessons():
            raise ConfigError(
                f"no shipped lesson {name!r} (shipped: {', '.join(shipped_lessons())}); for a "
                "lesson of your own give its file with --lesson FILE"
            )
        return name, load_lesson(name)
    lesson = load_lesson(lesson_file)
    stem = os.path.splitext(os.path.basename(lesson_file))[0]
    if not _LESSON_NAME.match(stem):
        raise ConfigError(
            f"a worksheet's ID holds the lesson's file name, which may only have letters, "
            f"digits, '.', '_' and '-': rename {stem!r}"
        )
    if name and name != stem:
        raise ConfigError(f"the ID is of lesson {name!r}, not of {lesson_file}")
    return stem, lesson


def _draw(lesson: Lesson, rng: random.Random) -> tuple[Params, list[float], float]:
    setup = lesson.setup()
    n, h, task = setup.params.n_inputs, setup.params.n_hidden, setup.task
    x = [rng.choice(INPUTS) for _ in range(n)]
    # Two hidden units with the same numbers compute the same values, and a sheet on which
    # δ1[0] = δ1[1] cannot catch a student who swaps the units' indices: every unit gets a row
    # of W1, a bias and a W2 entry of its own (as far as the short fractions go round: a
    # lesson of more than 12 hidden units repeats some W2 entries).
    W1: list[list[float]] = []
    b1: list[float] = []
    for _ in range(h):
        for _attempt in range(100):
            row = [rng.choice(WEIGHTS) for _ in range(n)]
            bias = -sum(w * xi for w, xi in zip(row, x)) + 0.0  # z1 = 0 (+0.0: no −0)
            if row not in W1 and bias not in b1:
                break
        W1.append(row)
        b1.append(bias)
    W2 = rng.sample(WEIGHTS, h) if h <= len(WEIGHTS) else [rng.choice(WEIGHTS) for _ in range(h)]
    if task == "classification":
        b2 = -0.5 * sum(W2) + 0.0  # z2 = Σ W2[j]/2 + b2 = 0: p = 1/2
        y = float(rng.randint(0, 1))
    else:
        b2 = rng.choice(WEIGHTS)
        # a target equal to the prediction (z2 = Σ W2[j]/2 + b2) makes δ2 = 0 and every
        # gradient 0: nothing left to work out backwards
        y = rng.choice([t for t in TARGETS if t != 0.5 * sum(W2) + b2])
    return Params(W1, b1, W2, b2), x, y


def _setup(lesson: Lesson, sheet: str, params: Params, x: list[float], y: float) -> Setup:
    base = lesson.setup()
    d = base.data
    data = Dataset(f"worksheet {sheet}", [x], [y], base.task, list(d.feature_names),
                   d.target_name)  # fmt: skip
    config = lesson.config.with_(data=data, dataset=None, csv=None, target=None, load=None,
                                 params=params, hidden=None, sample=0)  # fmt: skip
    return resolve(config)


def build_sheets(
    lesson_name: str, students: int, seed: int, lesson_file: str | None = None
) -> list[Sheet]:
    """The sheets of students 1 to `students`: each one's numbers differ from every earlier
    one's (a repeat is drawn again), so sheet k depends only on the lesson, the seed and k."""
    if not 1 <= students <= MAX_STUDENTS:
        raise ConfigError(f"--students must be from 1 to {MAX_STUDENTS}, got {students}")
    if seed < 0:
        raise ConfigError(f"--seed must be a whole number of at least 0, got {seed}")
    name, lesson = _lesson(lesson_name, lesson_file)
    seen: set[str] = set()
    sheets = []
    for index in range(1, students + 1):
        attempt = 0
        while True:
            rng = random.Random(f"tinynn worksheet/{name}/{seed}/{index}/{attempt}")
            params, x, y = _draw(lesson, rng)
            fingerprint = repr((params, x, y))
            if fingerprint not in seen:
                break
            attempt += 1
        seen.add(fingerprint)
        sid = sheet_id(name, seed, index)
        sheets.append(Sheet(sid, lesson, seed, index, _setup(lesson, sid, params, x, y)))
    return sheets


def sheet_from_id(text: str, lesson_file: str | None = None) -> Sheet:
    """The sheet an ID names, rebuilt (a lesson of one's own needs its file)."""
    name, seed, index = parse_id(text)
    if index > MAX_STUDENTS:
        raise ConfigError(f"worksheet ID {text.strip()!r}: student numbers go to {MAX_STUDENTS}")
    return build_sheets(name, index, seed, lesson_file)[-1]


# --- what is written


def named_columns(setup: Setup) -> bool:
    """Whether the data's inputs or target have names of their own (a CSV's columns, a
    lesson's `features`), not the defaults x (or x1, x2, ...) and y, which say nothing."""
    return setup.data.inputs_named or setup.data.target_name != "y"


def _network_words(setup: Setup) -> str:
    p = setup.params
    out = "a linear output, y_pred = z2" if setup.task == "regression" else "a sigmoid output"
    loss = "½(y_pred − y)²" if setup.task == "regression" else "log loss"
    units = "input" + "s" * (p.n_inputs != 1)
    return (f"{p.n_inputs} {units} → {p.n_hidden} sigmoid hidden units → {out}; loss {loss}; "
            f"one step of gradient descent with η = {fmt(setup.lr)}")  # fmt: skip


def check_command(sheet: Sheet) -> str:
    return f"tinynn check --answers {sheet.id}.answers.txt --worksheet {sheet.id}"


def sheet_markdown(sheet: Sheet) -> str:
    """The exercise in Markdown: the network, the starting numbers, the blanks in order."""
    s = sheet.setup
    d = s.data
    names = ", ".join(
        f"{md_code(f'x[{i}]')} is {md_text(n)}" for i, n in enumerate(d.feature_names)
    )
    x = vector_text(s.x)
    told = [f"Inputs: {names}; the target y is {md_text(d.target_name)}."] * named_columns(s)
    out = [
        f"# Worksheet {sheet.id}",
        "",
        f"*{md_text(sheet.lesson.title)}*",
        "",
        "Name: ______________________________",
        "",
        "## The network",
        "",
        md_text(_network_words(s)) + ".",
        *told,
        "",
        "## The starting numbers",
        "",
        f"x = {md_code(x)}, y = {md_code(fmt(s.y))}, η = {md_code(fmt(s.lr))}",
        "",
        params_markdown(s.params).rstrip(),
        "",
        "## Fill in, in this order",
        "",
        "| # | value | equation | your answer |",
        "|---|---|---|---|",
    ]
    for k, e in enumerate(sheet.trace(), 1):
        out.append(f"| {k} | {md_code(e.answer_name)} | {md_code(e.equation)} |  |")
    out += [
        "",
        f"Write your values into `{sheet.id}.answers.txt` (fractions like 1/8 are fine) and "
        f"check them: `{check_command(sheet)}`",
        "",
    ]
    return "\n".join(out)


BLANK = r"\rule{4cm}{0.4pt}"  # the line a value is written on
ROOM = "1.4cm"  # the space under each blank, to work in


def sheet_latex(sheet: Sheet) -> str:
    """The exercise as a LaTeX document: numbered blanks, each a line to write on with room
    to work under it, and the sheet's ID at the head of every page."""
    s = sheet.setup
    d = s.data
    names = ", ".join(rf"$x[{i}]$ is \texttt{{{tex_text(n)}}}" for i, n in
                      enumerate(d.feature_names))  # fmt: skip
    x = ", ".join(tex_number(v) for v in s.x)
    told = rf" Inputs: {names}; the target $y$ is \texttt{{{tex_text(d.target_name)}}}."
    told *= named_columns(s)  # x is x and y is y says nothing
    sid = tex_text(sheet.id)
    blanks = [
        (formula(e, s.task)[0], relation(e), [formula(e, s.task)[1].split(" = "), [BLANK]], "")
        for e in sheet.trace()
    ]
    file, rest = check_command(sheet).split(" --worksheet ")
    body = [
        rf"\markright{{Worksheet \texttt{{{sid}}}}}",  # every page's heading: the ID
        rf"\section*{{Worksheet \texttt{{{sid}}}}}",
        rf"\emph{{{tex_prose(sheet.lesson.title)}}}",
        "",
        r"Name: \rule{8cm}{0.4pt}",
        "",
        rf"The network: {tex_prose(_network_words(s))}.{told}",
        rf"\[ x = [{x}],\quad y = {tex_number(s.y)},\quad \eta = {tex_number(s.lr)} \]",
        params_tex(s.params),
        "",
        r"Fill in, in this order; work each value out in the space under its line.",
        *numbered_lines(blanks, ROOM),
        "",
        r"Check your values:\\",  # the command on lines of its own: \texttt does not break
        rf"\texttt{{{tex_text(file)}}}\\",
        rf"\texttt{{{tex_text(' --worksheet ' + rest).replace(' ', '~')}}}",
    ]
    return document(body, s.params.n_inputs, head=[r"\pagestyle{myheadings}"])


def key_latex(sheets: list[Sheet]) -> str:
    """The teacher's key as a LaTeX document: each sheet on a page of its own (its ID at the
    head), each blank with its numbers and its value, as key.md has them."""
    title = tex_prose(sheets[0].lesson.title)
    count = f"{len(sheets)} worksheet{'s' * (len(sheets) != 1)}"
    body = [rf"\section*{{Answer key: {count} of lesson {title}}}"]
    for k, sheet in enumerate(sheets):
        s, sid = sheet.setup, tex_text(sheet.id)
        trace = sheet.trace(KEY_DIGITS)
        values = step_values(trace.step)
        answers = [
            (formula(e, s.task)[0], relation(e), equation_groups(e, values, s.task, KEY_DIGITS), "")
            for e in trace
        ]
        x = ", ".join(tex_number(v) for v in s.x)
        body += [
            *([r"\clearpage"] if k else []),
            rf"\markright{{Key \texttt{{{sid}}}}}",
            rf"\subsection*{{\texttt{{{sid}}}}}",
            rf"\[ x = [{x}],\quad y = {tex_number(s.y)},\quad \eta = {tex_number(s.lr)} \]",
            *numbered_lines(answers),
        ]
    return document(body, sheets[0].setup.params.n_inputs, head=[r"\pagestyle{myheadings}"])


def blank_answers(sheet: Sheet) -> str:
    """The answers file, every blank a `name = ` line in the order of the sheet."""
    lines = [
        f"# Worksheet {sheet.id}: write each value after its '=' (like 0.5, -1/8), then run",
        f"#   {check_command(sheet)}",
    ]
    lines += [f"{e.answer_name} = " for e in sheet.trace()]
    return "\n".join(lines) + "\n"


def key_markdown(sheets: list[Sheet]) -> str:
    """The teacher's key: each sheet's blanks with the numbers and the value."""
    title = md_text(sheets[0].lesson.title)
    out = [f"# Answer key: {len(sheets)} worksheet{'s' * (len(sheets) != 1)} of lesson {title}"]
    for sheet in sheets:
        s = sheet.setup
        x = vector_text(s.x)
        out += [
            "",
            f"## {sheet.id}",
            "",
            f"x = {md_code(x)}, y = {md_code(fmt(s.y))}, η = {md_code(fmt(s.lr))}",
            "",
            "| # | value | with numbers | answer |",
            "|---|---|---|---|",
        ]
        # the operands to the key's digits, so that they give the answer beside them
        for k, e in enumerate(sheet.trace(KEY_DIGITS), 1):
            out.append(f"| {k} | {md_code(e.answer_name)} | {md_code(e.substituted)} | "
                       f"{fmt(e.value, KEY_DIGITS)} |")  # fmt: skip
    return "\n".join(out) + "\n"


def write_sheets(sheets: list[Sheet], folder: str) -> list[str]:
    """Write each sheet's .md, .tex and .answers.txt, and key.md and key.tex; returns the
    paths."""
    try:
        os.makedirs(folder, exist_ok=True)
        paths = []
        for sheet in sheets:
            for suffix, text in ((".md", sheet_markdown(sheet)), (".tex", sheet_latex(sheet)),
                                 (".answers.txt", blank_answers(sheet))):  # fmt: skip
                paths.append(_write(os.path.join(folder, sheet.id + suffix), text))
        paths.append(_write(os.path.join(folder, "key.md"), key_markdown(sheets)))
        paths.append(_write(os.path.join(folder, "key.tex"), key_latex(sheets)))
    except OSError as e:
        raise TinyNNError(f"cannot write to {folder}: {e.strerror or e}") from None
    return paths


def _write(path: str, text: str) -> str:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path


def lesson_args(lesson: str | None) -> tuple[str, str | None]:
    """--lesson -> (name, file): a shipped name, or a file (its stem names it in the ID)."""
    if lesson is None or lesson in shipped_lessons():
        return lesson or "by-hand", None
    if lesson == "":
        raise ConfigError("--lesson needs a name")
    return "", lesson
