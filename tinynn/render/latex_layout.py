"""Equations that fit the page: an `align*` row broken at its operators where it is too wide.

pdflatex cannot break a displayed equation, so a row wider than the text runs into the
margin. This module estimates how wide a formula of the handouts prints (from the widths
of Computer Modern's characters at 10 pt, a little generously) and breaks a row that would
not fit into continuation rows aligned at its relation sign: first between the equation's
"=" steps (the formula, the numbers, the value), then, for a long sum, before a "+" or "−"
of its outermost level. tests/render/test_latex_compile.py compiles every lesson's
handout and worksheet and finds no box more than 1 pt too wide.
"""

from __future__ import annotations

import re

TEXT_WIDTH = 345.0  # pt: the article class's text at 10 pt, where the handout is pasted
INDENT = 20.0  # pt: a continuation that starts with an operator is set in by \quad and more

# Widths in pt at 10 pt (cmr10, cmmi10, cmsy10), rounded up; maths spacing included for
# the operators (a medium space on each side of + − ·, a thick one around = and ←).
_CHAR = {
    **dict.fromkeys("0123456789", 5.0),
    **dict.fromkeys(".", 2.8),
    **dict.fromkeys(",;", 4.5),  # the comma and the thin space after it
    **dict.fromkeys("()", 3.9),
    **dict.fromkeys("[]", 2.8),
    **dict.fromkeys("+-", 12.3),
    **dict.fromkeys("=", 13.4),
    **dict.fromkeys("'", 2.8),
    **dict.fromkeys("|", 2.8),
    **dict.fromkeys("/", 5.0),
    **dict.fromkeys("ijl", 3.5),
    **dict.fromkeys("mwW", 9.5),
    **dict.fromkeys("L", 6.9),
    **dict.fromkeys("ABCDEFGHIJKMNOPQRSTUVXYZ", 8.0),
}
_LETTER = 5.6  # any other letter of math italic
_COMMAND = {
    "sigma": 5.8, "delta": 4.6, "eta": 5.0, "partial": 5.8, "theta": 4.8, "varepsilon": 4.7,
    "mu": 6.1, "infty": 10.0, "cdot": 7.3, "times": 12.3, "leftarrow": 15.6,
    "rightarrow": 15.6, ",": 1.7, "quad": 10.0, "qquad": 20.0, "ln": 9.5, "approx": 13.4,
    "geq": 13.4, "leq": 13.4, "bigl": 1.0, "bigr": 1.0, "": 0.0,
}  # fmt: skip
_SCRIPT = 0.8  # a sub- or superscript's size, relative to its base
_TOKEN = re.compile(r"\\([A-Za-z]+|.)|([_^])|(\{)|(\})|(.)", re.S)


def _group(tex: str, at: int) -> tuple[str, int]:
    """The braced group starting at `at` ("{...}") or the one character or command there:
    its text and where it ends."""
    if tex[at] == "{":
        depth = 0
        for k in range(at, len(tex)):
            depth += {"{": 1, "}": -1}.get(tex[k], 0)
            if depth == 0:
                return tex[at + 1 : k], k + 1
        return tex[at + 1 :], len(tex)
    m = re.match(r"\\[A-Za-z]+|\\.|.", tex[at:], re.S)
    assert m is not None
    return m[0], at + len(m[0])


def _skip_option(tex: str, at: int) -> int:
    """After a command's optional argument ([1] of \\footnotemark[1]), if it has one."""
    if at < len(tex) and tex[at] == "[":
        end = tex.find("]", at)
        return len(tex) if end < 0 else end + 1
    return at


def tex_width(tex: str, scale: float = 1.0) -> float:
    """About how wide `tex`, a formula of the handouts, prints in display style (pt).

    Spaces in maths print as nothing; a fraction is as wide as the wider of its parts; a
    sub- or superscript is smaller; \\text{...} is measured as text (a footnote mark is
    one small digit)."""
    width, at = 0.0, 0
    while at < len(tex):
        c = tex[at]
        if c.isspace() or c == "&":
            at += 1
        elif c in "_^":
            arg, at = _group(tex, at + 1)
            width += tex_width(arg, scale * _SCRIPT)
        elif c == "{":
            arg, at = _group(tex, at)
            width += tex_width(arg, scale)
        elif c == "\\":
            name, at = _group(tex, at)
            name = name[1:]
            if name in ("frac", "tfrac"):
                top, at = _group(tex, at)
                bottom, at = _group(tex, at)
                s = scale * (_SCRIPT if name == "tfrac" else 1.0)
                width += max(tex_width(top, s), tex_width(bottom, s)) + 2.4 * scale
            elif name in ("mathrm", "text", "textsuperscript"):
                arg, at = _group(tex, at)
                s = scale * (_SCRIPT if name == "textsuperscript" else 1.0)
                width += tex_width(arg, s) * (0.9 if name == "mathrm" else 1.0)
            elif name in ("footnotemark",):
                at = _skip_option(tex, at)
                width += 4.5 * scale
            elif name == "begin":  # a bmatrix: its columns side by side, in brackets
                env, at = _group(tex, at)
                end = tex.find(rf"\end{{{env}}}", at)
                end = len(tex) if end < 0 else end
                width += _matrix_width(tex[at:end], scale)
                at = end + len(rf"\end{{{env}}}")
            elif name == "rule":
                arg, at = _group(tex, at)
                _, at = _group(tex, at)
                width += _length(arg) * scale
            else:
                width += _COMMAND.get(name, 8.0) * scale
        else:
            width += _CHAR.get(c, _LETTER if c.isalpha() else 5.6) * scale
            at += 1
    return width


def _matrix_width(body: str, scale: float) -> float:
    """A matrix's rows ("a & b \\\\ c & d"): its widest cell of each column, the space
    between columns (2 \\arraycolsep) and its brackets."""
    rows = [[tex_width(cell, scale) for cell in row.split("&")] for row in body.split(r"\\")]
    columns = max(len(r) for r in rows)
    widest = [max((r[c] for r in rows if c < len(r)), default=0.0) for c in range(columns)]
    return sum(widest) + 10.0 * scale * (columns - 1) + 12.0 * scale


def _length(dimension: str) -> float:
    """A TeX length in pt: 3cm -> 85.4, 0.4pt -> 0.4 (an unknown unit: 0)."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*(pt|cm|mm|in|em)\s*", dimension)
    if not m:
        return 0.0
    per = {"pt": 1.0, "cm": 28.45, "mm": 2.845, "in": 72.27, "em": 10.0}[m[2]]
    return float(m[1]) * per


def outer_terms(tex: str) -> list[str]:
    """`tex` cut before each "+" or "−" of its outermost level (not inside braces, brackets
    or parentheses, nor a sign right after one of those or at the start):
    "a + (b - c) - d" -> ["a", "+ (b - c)", "- d"]. \\bigl[ and \\bigr] are no level (the
    log loss's bracket may open on one row and close on another). A product of numbers
    in parentheses, which has no sign to cut at, is cut between its factors, each written
    with its multiplication: "(a)(b)(c)" -> ["(a)", "\\cdot (b)", "\\cdot (c)"]."""
    parts, depth, start, factors = [], 0, 0, [0]
    for k, c in enumerate(tex):
        sized = tex[max(0, k - 5) : k] in ("\\bigl", "\\bigr")
        if c in "{[(" and not sized:
            if c == "(" and depth == 0 and k > 0 and tex[k - 1] == ")":
                factors.append(k)
            depth += 1
        elif c in "}])" and not sized:
            depth -= 1
        elif c in "+-" and depth == 0 and k > 0 and tex[k - 1] == " ":
            before = tex[:k].rstrip()
            if before and before[-1] not in "{[(=+-":
                parts.append(tex[start:k].strip())
                start = k
    parts.append(tex[start:].strip())
    if len(parts) == 1 and len(factors) > 1:
        cuts = [*factors, len(tex)]
        pieces = [tex[a:b].strip() for a, b in zip(cuts, cuts[1:])]
        return [pieces[0], *(rf"\cdot {p}" for p in pieces[1:])]
    return [p for p in parts if p]


def broken_rows(rel: str, groups: list[list[str]], tail: str, budget: float) -> list[str]:
    """The right-hand side of an equation `rel step = step = ...` as rows no wider than
    `budget` (pt, the room right of its left-hand side), `tail` (footnote marks) at its end.

    The steps come in groups (the formula in symbols; the numbers and the value): on one
    row if the whole fits, else each group from a row of its own, as many of its steps a
    row as fit, and a step too wide alone cut before the "+" or "−" of its outermost sum.
    The first row starts with `rel`; a continuation with `=` (the next step) or `\\quad +`
    (the rest of a sum), so that, aligned at the relation signs, each reads as continuing
    the row above. Rows are returned without alignment marks or line ends."""
    steps = [step for group in groups for step in group]
    whole = f"{rel} " + " = ".join(steps)
    if tex_width(whole + tail) <= budget:
        return [whole + tail]
    rows: list[str] = []
    for g, group in enumerate(groups):
        line = ""
        for k, step in enumerate(group):
            sign = rel if g == k == 0 else "="
            last = g == len(groups) - 1 and k == len(group) - 1
            candidate = f"{line} {sign} {step}" if line else f"{sign} {step}"
            if tex_width(candidate + (tail if last else "")) <= budget:
                line = candidate
                continue
            if line:
                rows.append(line)
            first, *terms = outer_terms(step)
            line = f"{sign} {first}"
            for term in terms:
                if tex_width(f"{line} {term}") > budget:
                    rows.append(line)
                    line = r"\quad"
                line = f"{line} {term}"
        rows.append(line)
    rows[-1] += tail
    return rows
