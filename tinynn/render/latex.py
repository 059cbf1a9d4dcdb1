"""LaTeX for handouts: one SGD step as amsmath, `tinynn explain --format latex`.

Each phase is an `align*` of its equations, each written in the notes' symbols,
then with the numbers substituted, then its value; the errata of the notes are
footnotes at the equations they touch. The output is a whole document that
pdflatex compiles; the part between the two `% ---` lines pastes into a
handout whose preamble loads amsmath and nothing else: it is ASCII and uses
only the LaTeX kernel's commands (in its default font encoding) and amsmath's.

The equations are written from each event's key and operands (the keys it
reads) by the table of the step (tinynn/core/table.py), in LaTeX, not by
rewriting the trace's Unicode text, so every number is the
engine's own value formatted by `tinynn.core.numbers.fmt`. Text that may come from a
file (a lesson's title, a dataset's or a column's name) goes through
`tex_text`, which escapes LaTeX's special characters and spells the notes'
symbols and accented letters with the kernel's own commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tinynn.core.names import Key, tex_symbol
from tinynn.core.numbers import DIGITS, fmt
from tinynn.core.table import Formula, step_values
from tinynn.render.latex_layout import TEXT_WIDTH, broken_rows, tex_width
from tinynn.render.latex_text import tex_prose, tex_text
from tinynn.render.text import PHASE_TITLES, erratum_text
from tinynn.run.trace import PHASES, Event, Trace

if TYPE_CHECKING:
    from tinynn.core.params import Params
    from tinynn.run.config import Setup


MARGIN = 8.0  # pt kept free on each row: the widths are estimates


def tex_number(v: float, digits: int = DIGITS) -> str:
    """A value as maths, as the trace prints it: 0.0625, -1.5\\times 10^{-5}, \\infty."""
    s = fmt(v, digits).replace("\u2212", "-")
    if s in ("inf", "-inf"):
        return s.replace("inf", r"\infty")
    if s in ("nan", "-nan"):
        return r"\mathrm{NaN}"
    if "e" in s:
        mantissa, exponent = s.split("e")
        return rf"{mantissa}\times 10^{{{int(exponent)}}}"
    return s


def formula(event: Event, task: str) -> tuple[str, str]:
    """The event's left side and its formula in symbols, as the table of the step writes it
    (tinynn/core/table.py): ("z_1[0]", "W_1[0][0]\\,x[0] + ...")."""
    return tex_symbol(event.writes), Formula(event.writes, event.reads, task).tex()


def substituted(event: Event, values: dict[Key, float], task: str, digits: int = 6) -> str:
    """The event's formula with the numbers of its operands (each in parentheses)."""
    f = Formula(event.writes, event.reads, task)
    numbers = (f"({tex_number(v, digits)})" for v in f.numbers(values.__getitem__))
    return f.row.form.tex_numbers(*numbers)


class _Footnotes:
    """The errata as footnotes, numbered by first appearance; each marked at every equation
    it touches and its text written once, after the environment of its first mark.

    The numbers are explicit (\\footnotemark[2]): amsmath typesets an align* twice to measure
    it, which would step a footnote counter twice.
    """

    def __init__(self) -> None:
        self.number: dict[str, int] = {}
        self.pending: list[str] = []

    def marks(self, ids: tuple[str, ...]) -> str:
        out = []
        for i in ids:
            if i not in self.number:
                self.number[i] = len(self.number) + 1
                self.pending.append(i)
            out.append(rf"\footnotemark[{self.number[i]}]")
        # marks side by side would read as one number: "2,5"
        marks = r"\textsuperscript{,}".join(out)
        return rf"\quad\text{{{marks}}}" if out else ""

    def texts(self) -> list[str]:
        lines = [
            rf"\footnotetext[{self.number[i]}]{{Erratum {i}: {tex_prose(erratum_text(i))}}}"
            for i in self.pending
        ]
        self.pending = []
        return lines


def _matrix(rows: list[list[float]], digits: int) -> str:
    body = r" \\ ".join(" & ".join(tex_number(v, digits) for v in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def params_tex(params: Params, digits: int = DIGITS) -> str:
    """W1, b1, W2, b2 as a display of matrices and column vectors (a display each where the
    four do not fit the page side by side)."""
    col = [[v] for v in params.b1], [[v] for v in params.W2]
    parts = [
        rf"W_1 = {_matrix(params.W1, digits)}",
        rf"b_1 = {_matrix(col[0], digits)}",
        rf"W_2 = {_matrix(col[1], digits)}",
        rf"b_2 = {tex_number(params.b2, digits)}",
    ]
    line = r",\quad ".join(parts)
    if tex_width(line) <= TEXT_WIDTH - MARGIN:
        return rf"\[ {line} \]"
    return "\n".join(rf"\[ {part} \]" for part in parts)


def setup_tex(setup: Setup, digits: int = DIGITS) -> list[str]:
    """The set-up in words (names from files escaped) and the step's starting numbers."""
    d, p = setup.data, setup.params
    names = ", ".join(
        rf"$x[{i}]$ is \texttt{{{tex_text(n)}}}" for i, n in enumerate(d.feature_names)
    )
    x = ", ".join(tex_number(v, digits) for v in setup.x)
    return [
        rf"Task: {setup.task}; data: \texttt{{{tex_text(d.name)}}}, sample {setup.sample} of "
        rf"{len(d)}; network {p.n_inputs}--{p.n_hidden}--1; learning rate "
        rf"$\eta = {tex_number(setup.lr, digits)}$.",
        rf"Inputs: {names}; the target $y$ is \texttt{{{tex_text(d.target_name)}}}.",
        "",
        rf"\[ x = [{x}],\quad y = {tex_number(setup.y, digits)} \]",
        params_tex(p, digits),
    ]


def relation(event: Event) -> str:
    """An update assigns (←); every other equation states a value (=)."""
    return r"\leftarrow" if event.phase == "update" else "="


def equation_groups(
    event: Event, values: dict[Key, float], task: str, digits: int
) -> list[list[str]]:
    """The steps of an event's equation after its relation, in two groups (its formula in
    symbols, perhaps in steps; its numbers and its value), each kept on a row where it fits."""
    f = formula(event, task)[1]
    return [
        f.split(" = "),
        [substituted(event, values, task, digits), tex_number(event.value, digits)],
    ]


def align_lines(
    events: list[Event], values: dict[Key, float], task: str, digits: int, notes: _Footnotes
) -> list[str]:
    """One `align*` of `events`: each equation in symbols, with its numbers, and its value,
    broken into continuation rows where it would not fit the page (tinynn.render.latex_layout)."""
    lhs = [formula(e, task)[0] for e in events]
    budget = TEXT_WIDTH - max(tex_width(s) for s in lhs) - MARGIN
    lines = [r"\begin{align*}"]
    for k, e in enumerate(events):
        groups = equation_groups(e, values, task, digits)
        first, *more = broken_rows(relation(e), groups, notes.marks(e.errata), budget)
        rows = [f"  {lhs[k]} &{first}", *(f"  &{row}" for row in more)]
        end = r" \\" if k < len(events) - 1 else ""
        lines += [row + r" \\" for row in rows[:-1]] + [rows[-1] + end]
    return [*lines, r"\end{align*}", *notes.texts()]


Equation = tuple[str, str, list[list[str]], str]  # left side, relation, groups of steps, tail


def numbered_lines(equations: list[Equation], room: str = "4pt") -> list[str]:
    """An `alignat*` of numbered equations (a worksheet's blanks, a key's answers): each
    number right-aligned, each left side left-aligned after it, the relations one below the
    other; an equation too wide broken as the handout's are, and `room` (a length) below
    each, to work in."""
    numbers = [rf"\text{{{k}.}}" for k in range(1, len(equations) + 1)]
    left = max(tex_width(n) for n in numbers) + tex_width(r"\quad")
    left += max(tex_width(lhs) for lhs, *_ in equations)
    budget = TEXT_WIDTH - left - MARGIN
    lines = [r"\begin{alignat*}{2}"]
    for k, (lhs, rel, groups, tail) in enumerate(equations):
        first, *more = broken_rows(rel, groups, tail, budget)
        rows = [rf"  {numbers[k]} &\quad {lhs} & &{first}", *(f"  & & &{r}" for r in more)]
        end = rf" \\[{room}]" if k < len(equations) - 1 else ""
        lines += [row + r" \\" for row in rows[:-1]] + [rows[-1] + end]
    return [*lines, r"\end{alignat*}"]


def trace_latex(
    trace: Trace,
    setup: Setup | None = None,
    digits: int = DIGITS,
    title: str | None = None,
    text: str = "",
) -> str:
    """The step as a LaTeX document (pdflatex, amsmath): an `align*` per phase, under
    `title` and the paragraphs of `text` (a lesson's)."""
    s = trace.step
    values = step_values(s)
    notes = _Footnotes()
    heading = tex_prose(title) if title is not None else "One SGD step, every scalar"
    body = [rf"\section*{{{heading}}}"]
    if text:
        for paragraph in text.strip().split("\n\n"):
            body += ["", tex_prose(paragraph.strip())]
    body.append("")
    if setup:
        body += setup_tex(setup, digits)
    else:
        x = ", ".join(tex_number(v, digits) for v in s.x)
        body += [
            rf"\[ x = [{x}],\quad y = {tex_number(s.y, digits)},\quad "
            rf"\eta = {tex_number(s.lr, digits)} \]",
            params_tex(s.params, digits),
        ]
    for phase in PHASES:
        body += ["", rf"\subsection*{{{PHASE_TITLES[phase]}}}"]
        body += align_lines(trace.phase(phase), values, s.task, digits, notes)
    return document(body, s.params.n_inputs)


def document(body: list[str], columns: int = 10, head: Sequence[str] = ()) -> str:
    """A pdflatex document around `body`, whose part between the `% ---` lines pastes into a
    handout that loads amsmath: the preamble is amsmath alone (and display breaks, which are
    a choice), so what compiles here compiles there. `head`: lines for this document only,
    before that part (a worksheet's page style)."""
    # amsmath's matrices have 10 columns; a wider W1 needs more, said where it is pasted
    wide = [rf"\setcounter{{MaxMatrixCols}}{{{columns}}}"] if columns > 10 else []
    return "\n".join(
        [
            "% tinynn: compile with pdflatex; paste the part between the two '% ---' lines into a",
            "% handout whose preamble has \\usepackage{amsmath}: it is ASCII and uses only LaTeX's",
            "% own commands and amsmath's.",
            r"\documentclass{article}",
            r"\usepackage{amsmath}",
            r"\allowdisplaybreaks",  # a long phase may continue on the next page
            r"\begin{document}",
            *head,
            "% --- from here",
            *wide,
            *body,
            "% --- to here",
            r"\end{document}",
            "",
        ]
    )
