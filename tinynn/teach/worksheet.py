"""Per-student worksheets: `tinynn worksheet --lesson NAME --students N --seed S --out DIR`.

Each student gets the lesson's network (its shape, task and η) with numbers of
their own (tinynn/teach/sheet_numbers.py: short fractions, a table of σ for the
rest), an ID that rebuilds the sheet alone (tinynn/teach/sheet_id.py: `tinynn
worksheet --id ID`), the sheet in Markdown and LaTeX, and a blank answers file that
`tinynn check --answers FILE` grades (its first line names the sheet). The teacher
gets one answer key. The files are written by tinynn/teach/worksheet_files.py.

Every sheet and answers file states how a value is judged: the one rule of
tinynn/teach/marking.py (at least 3 significant digits, or exact), or the lesson's
relative tolerance.
"""

from __future__ import annotations

import os
import random
from typing import NamedTuple

from tinynn.core.errors import ConfigError
from tinynn.core.numbers import fmt, vector_text
from tinynn.core.params import Params
from tinynn.core.table import step_values
from tinynn.core.validate import shown
from tinynn.io.data import Dataset
from tinynn.io.files import read_text
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
from tinynn.teach.lesson import Lesson, LessonError, load_lesson, shipped_lessons
from tinynn.teach.marking import Marking
from tinynn.teach.sheet_id import LESSON_NAME, SheetId, digest, parse_id
from tinynn.teach.sheet_numbers import KEY_DIGITS, SHEET_DIGITS, SIGMA_DIGITS, draw, sigma_table

MAX_STUDENTS = 1000
DEFAULT_LESSON = "by-hand"


class Sheet(NamedTuple):
    """One student's exercise: its ID, the lesson and the step's set-up."""

    id: str
    lesson: Lesson
    seed: int
    number: int  # the student's, from 1
    setup: Setup
    lesson_file: str | None = None  # a lesson of one's own: its file, as given

    def trace(self, digits: int = 6) -> Trace:
        """The step's trace, its substituted operands to `digits` (the key's: KEY_DIGITS)."""
        s = self.setup
        return trace_step(s.params, s.x, s.y, s.lr, s.task, digits)


def sheet_id(lesson: str, seed: int, index: int, lesson_digest: str | None = None) -> str:
    """The ID of student `index` (from 1) of a class's sheets: "by-hand-42-7-Q"."""
    return SheetId(lesson, lesson_digest, seed, index).text()


# --- the lesson and the numbers


def _lesson(lesson: str | None) -> tuple[str, str | None, Lesson, str | None]:
    """--lesson (a shipped lesson's name, else a lesson file; None: by-hand) -> the name its
    sheets' IDs carry, the file's digest (None for a shipped lesson), the lesson, the file."""
    if lesson is None or lesson in shipped_lessons():
        name = lesson or DEFAULT_LESSON
        return name, None, load_lesson(name), None
    if lesson == "":
        raise ConfigError("--lesson needs a name")
    if not os.path.isfile(lesson) and os.sep not in lesson and not lesson.endswith(".toml"):
        raise ConfigError(
            f"no shipped lesson {lesson!r} (shipped: {', '.join(shipped_lessons())}); for a "
            "lesson of your own give its file with --lesson FILE"
        )
    loaded = load_lesson(lesson)
    stem = os.path.splitext(os.path.basename(lesson))[0]
    if not LESSON_NAME.match(stem):
        raise ConfigError(
            f"a worksheet's ID holds the lesson's file name, which may only have letters, "
            f"digits, '.', '_' and '-': rename {stem!r}"
        )
    return stem, digest(read_text(lesson, LessonError, "a lesson")), loaded, lesson


def _setup(lesson: Lesson, sheet: str, params: Params, x: list[float], y: float) -> Setup:
    base = lesson.setup()
    d = base.data
    data = Dataset(f"worksheet {sheet}", [x], [y], base.task, list(d.feature_names),
                   d.target_name)  # fmt: skip
    config = lesson.config.with_(data=data, dataset=None, csv=None, target=None, load=None,
                                 params=params, hidden=None, sample=0)  # fmt: skip
    return resolve(config)


def build_sheets(lesson: str | None, students: int, seed: int) -> list[Sheet]:
    """The sheets of students 1 to `students` of a lesson (a shipped lesson's name, or a
    lesson file): each one's numbers differ from every earlier one's (a repeat is drawn
    again), so sheet k depends only on the lesson, the seed and k."""
    if not 1 <= students <= MAX_STUDENTS:
        raise ConfigError(f"--students must be from 1 to {MAX_STUDENTS}, got {shown(students)}")
    if seed < 0:
        raise ConfigError(f"--seed must be a whole number of at least 0, got {shown(seed)}")
    name, lesson_digest, loaded, file = _lesson(lesson)
    base = loaded.setup()
    n, h, task = base.params.n_inputs, base.params.n_hidden, base.task
    part = SheetId(name, lesson_digest, seed, 1).lesson_part
    seen: set[str] = set()
    sheets = []
    for index in range(1, students + 1):
        attempt = 0
        while True:
            rng = random.Random(f"tinynn worksheet/{part}/{seed}/{index}/{attempt}")
            params, x, y = draw(n, h, task, rng)
            fingerprint = repr((params, x, y))
            if fingerprint not in seen:
                break
            attempt += 1
        seen.add(fingerprint)
        sid = sheet_id(name, seed, index, lesson_digest)
        setup = _setup(loaded, sid, params, x, y)
        sheets.append(Sheet(sid, loaded, seed, index, setup, file))
    return sheets


def sheet_from_id(text: str, lesson: str | None = None) -> Sheet:
    """The sheet an ID names, rebuilt; a lesson file's sheet needs that file (`lesson`),
    and a shipped lesson's ID is refused with another lesson.

    Raises:
        ConfigError: not an ID, or not one of this lesson (a file changed since, say).
    """
    sid = parse_id(text)
    if sid.number > MAX_STUDENTS:
        raise ConfigError(f"worksheet ID {text.strip()!r}: student numbers go to {MAX_STUDENTS}")
    given = lesson if lesson is not None and lesson not in shipped_lessons() else None
    if sid.digest is None:
        if given is not None or (lesson is not None and lesson != sid.lesson):
            raise ConfigError(f"worksheet {sid.text()} is of the shipped lesson {sid.lesson!r}, "
                              f"not of {lesson}: leave --lesson out")  # fmt: skip
        return build_sheets(sid.lesson, sid.number, sid.seed)[-1]
    if given is None:
        raise ConfigError(f"worksheet {sid.text()} is of a lesson file ({sid.lesson}.toml, say): "
                          "give it with --lesson FILE")  # fmt: skip
    name, lesson_digest, _, _ = _lesson(given)
    if (name, lesson_digest) != (sid.lesson, sid.digest):
        raise ConfigError(f"{given} is not the lesson of worksheet {sid.text()} (its name or "
                          "its text differs: the sheets were made from another file)")  # fmt: skip
    return build_sheets(given, sid.number, sid.seed)[-1]


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
    """The command that grades a sheet's answers file (with its lesson's file, if any)."""
    lesson = f" --lesson {os.path.basename(sheet.lesson_file)}" if sheet.lesson_file else ""
    return f"tinynn check --answers {sheet.id}.answers.txt --worksheet {sheet.id}{lesson}"


def rule_sentence(sheet: Sheet) -> str:
    """How each value is judged, as a sheet and its answers file say it."""
    tolerance = sheet.lesson.tolerance
    if tolerance is not None:
        return (f"A value is right within {fmt(tolerance)} of the true one, relative (of the "
                "change Δθ for a new parameter).")  # fmt: skip
    m = Marking()
    return (f"A value is right with at least {m.min_digits} significant digits (within half a "
            "unit of the last one), or exact, like 1/8 or 0.5.")  # fmt: skip


def sigma_words() -> str:
    """The table of σ a sheet gives, as text: σ(−2) = 0.119203, ..."""
    return ", ".join(f"σ({fmt(z)}) = {fmt(v)}" for z, v in sigma_table())


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
        params_markdown(s.params, SHEET_DIGITS).rstrip(),
        "",
        f"σ(0) = 1/2; to {SIGMA_DIGITS} digits, {md_text(sigma_words())}.",
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
        f"{md_text(rule_sentence(sheet))} Write your values into `{sheet.id}.answers.txt` "
        f"and check them: `{check_command(sheet)}`",
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
        params_tex(s.params, SHEET_DIGITS),
        "",
        rf"$\sigma(0) = 1/2$; to {SIGMA_DIGITS} digits, "
        + ", ".join(rf"$\sigma({tex_number(z)}) = {tex_number(v)}$" for z, v in sigma_table())
        + ".",
        "",
        r"Fill in, in this order; work each value out in the space under its line.",
        *numbered_lines(blanks, ROOM),
        "",
        tex_text(rule_sentence(sheet)),
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
        f"# {rule_sentence(sheet)}",
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
