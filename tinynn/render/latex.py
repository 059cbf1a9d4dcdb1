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

from typing import TYPE_CHECKING

from tinynn.core.names import Key, tex_symbol
from tinynn.core.numbers import DIGITS, fmt
from tinynn.core.table import Formula, step_values
from tinynn.render.text import PHASE_TITLES, erratum_text
from tinynn.run.trace import PHASES, Event, Trace

if TYPE_CHECKING:
    from tinynn.core.params import Params
    from tinynn.run.config import Setup


# What the part between the `% ---` lines may use, so that it pastes into any handout that
# loads amsmath: plain ASCII, and only commands of the LaTeX kernel (in its default OT1 font
# encoding) and of amsmath. Text-mode symbols such as \textquotedbl, \textminus or
# \textperiodcentered are not among them (they need the T1 or TS1 encoding, that is fontenc
# or textcomp, or a 2020 kernel); their maths forms are.

# LaTeX's special characters in text ('"' is handled apart: it becomes `` or '').
_TEXT_SPECIAL = {
    "\\": r"$\backslash$",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\~{}",
    "^": r"\^{}",
    "<": "$<$",  # in OT1 text, < > and | print as ¡ ¿ and a dash
    ">": "$>$",
    "|": "$|$",
}
# The notes' symbols (in the errata's sentences, or in a lesson's text), and the Latin-1
# characters OT1 has no accent or command for, in text mode.
_TEXT_SYMBOL = {
    "\u2212": "$-$",
    "·": r"$\cdot$",
    "∂": r"$\partial$",
    "δ": r"$\delta$",
    "η": r"$\eta$",
    "σ": r"$\sigma$",
    "θ": r"$\theta$",
    "ε": r"$\varepsilon$",
    "←": r"$\leftarrow$",
    "→": r"$\rightarrow$",
    "½": r"$\frac{1}{2}$",
    "²": r"\textsuperscript{2}",
    "³": r"\textsuperscript{3}",
    "¹": r"\textsuperscript{1}",
    "ᵀ": r"\textsuperscript{T}",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
    "×": r"$\times$",
    "÷": r"$\div$",
    "±": r"$\pm$",
    "µ": r"$\mu$",
    "¬": r"$\neg$",
    "°": r"$^\circ$",
    "′": "'",
    "’": "'",
    "‘": "`",
    "“": "``",
    "”": "''",
    "…": r"\dots{}",
    "–": "--",
    "—": "---",
    "\u00a0": "~",
    "ß": r"\ss{}",
    "æ": r"\ae{}",
    "Æ": r"\AE{}",
    "œ": r"\oe{}",
    "Œ": r"\OE{}",
    "ø": r"\o{}",
    "Ø": r"\O{}",
    "ł": r"\l{}",
    "Ł": r"\L{}",
    "ı": r"\i{}",
    "§": r"\S{}",
    "¶": r"\P{}",
    "©": r"\copyright{}",
    "£": r"\pounds{}",
    "¡": "!`",
    "¿": "?`",
}
# Accents of the kernel's OT1 encoding, by the combining character a letter decomposes into.
_ACCENT = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
}


def _accented(c: str) -> str | None:
    """A letter with accents as the kernel's accent commands (é -> \\'{e}), or None."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", c)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not ("a" <= base.lower() <= "z") or any(m not in _ACCENT for m in marks):
        return None
    out = r"\i" if base == "i" else r"\j" if base == "j" else base  # no dot under an accent
    for m in marks:
        out = f"\\{_ACCENT[m]}{{{out}}}"
    return out


def tex_text(text: str) -> str:
    """Text (perhaps from a file) as LaTeX text in ASCII, with the kernel's commands only:
    special characters escaped, the notes' symbols as maths, accented letters as accents,
    '"' as `` or '', any other character as "?"."""
    out = []
    before = " "
    for c in text:
        if c == '"':
            out.append("``" if before.isspace() or before in "([{" else "''")
        elif c in _TEXT_SPECIAL:
            out.append(_TEXT_SPECIAL[c])
        elif c in _TEXT_SYMBOL:
            out.append(_TEXT_SYMBOL[c])
        elif c in "\n\t\r":
            out.append(" ")
        elif " " <= c <= "~":
            out.append(c)
        else:  # a control character (already made visible where files are read), or beyond
            out.append(_accented(c) or "?")
        if len(out) > 1 and out[-1].startswith("$") and out[-2].endswith("$"):
            out.insert(-1, "{}")  # "$<$$|$" would read as display maths: "$<${}$|$"
        before = c
    return "".join(out)


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
            rf"\footnotetext[{self.number[i]}]{{Erratum {i}: {tex_text(erratum_text(i))}}}"
            for i in self.pending
        ]
        self.pending = []
        return lines


def _matrix(rows: list[list[float]], digits: int) -> str:
    body = r" \\ ".join(" & ".join(tex_number(v, digits) for v in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def params_tex(params: Params, digits: int = DIGITS) -> str:
    """W1, b1, W2, b2 as a display of matrices and column vectors."""
    col = [[v] for v in params.b1], [[v] for v in params.W2]
    return (
        rf"\[ W_1 = {_matrix(params.W1, digits)},\quad b_1 = {_matrix(col[0], digits)},\quad "
        rf"W_2 = {_matrix(col[1], digits)},\quad b_2 = {tex_number(params.b2, digits)} \]"
    )


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


def align_lines(
    events: list[Event], values: dict[Key, float], task: str, digits: int, notes: _Footnotes
) -> list[str]:
    """One `align*` of `events`: symbols, numbers and value on one line each."""
    lines = [r"\begin{align*}"]
    for k, e in enumerate(events):
        lhs, f = formula(e, task)
        rel = r"&\leftarrow" if e.phase == "update" else "&="
        end = r" \\" if k < len(events) - 1 else ""
        sub = substituted(e, values, task, digits)
        value = tex_number(e.value, digits)
        lines.append(f"  {lhs} {rel} {f} = {sub} = {value}{notes.marks(e.errata)}{end}")
    return [*lines, r"\end{align*}", *notes.texts()]


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
    heading = tex_text(title) if title is not None else "One SGD step, every scalar"
    body = [rf"\section*{{{heading}}}"]
    if text:
        for paragraph in text.strip().split("\n\n"):
            body += ["", tex_text(paragraph.strip())]
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


def document(body: list[str], columns: int = 10) -> str:
    """A pdflatex document around `body`, whose part between the `% ---` lines pastes into a
    handout that loads amsmath: the preamble is amsmath alone (and display breaks, which are
    a choice), so what compiles here compiles there."""
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
            "% --- from here",
            *wide,
            *body,
            "% --- to here",
            r"\end{document}",
            "",
        ]
    )
