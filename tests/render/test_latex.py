"""`tinynn explain --format latex`: well formed, the engine's numbers, names from files escaped,
and (where pdflatex exists) a document that compiles."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import run

import tinynn as nn
from tinynn.render.latex import tex_number, tex_text, trace_latex
from tinynn.run.trace import PHASES

HEADER = "sepal_length,a&b%c#d,{$x^2~\\}|<>,y"  # every LaTeX special in a CSV's column names
CSV = HEADER + "\n5.1,1,2,0\n4.9,0,1,1\n"


def strip_math(tex: str) -> str:
    """The text outside maths: $...$, \\[...\\] and align* removed."""
    tex = re.sub(r"\\begin\{align\*\}.*?\\end\{align\*\}", "", tex, flags=re.S)
    tex = re.sub(r"\\\[.*?\\\]", "", tex, flags=re.S)
    return re.sub(r"(?<!\\)\$.*?(?<!\\)\$", "", tex)


def well_formed(tex: str) -> None:
    """Balanced braces and environments, a closed document, no special character unescaped in
    text, and comments only where the renderer writes them."""
    depth, stack = 0, []
    body = "\n".join(line for line in tex.splitlines() if not line.startswith("%"))
    k = 0
    while k < len(body):
        c = body[k]
        if c == "\\":
            m = re.match(r"\\(begin|end)\{([^}]*)\}", body[k:])
            if m:
                if m[1] == "begin":
                    stack.append(m[2])
                else:
                    assert stack and stack.pop() == m[2], (m[0], stack)
                k += len(m[0])
                continue
            k += 2  # a command's first character, or an escaped special
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            assert depth >= 0, body[max(0, k - 60) : k + 1]
        elif c == "%":
            raise AssertionError(f"an unescaped % comments out: {body[k - 60 : k + 20]!r}")
        k += 1
    assert depth == 0 and stack == []
    assert tex.count(r"\begin{document}") == tex.count(r"\end{document}") == 1
    text = strip_math(body)
    for special in "_^&#$":
        bad = re.findall(r"(?<!\\)" + re.escape(special), text)
        assert not bad, (special, [line for line in text.splitlines() if special in line][:3])


def test_the_by_hand_step_as_latex_is_well_formed_with_the_engines_numbers() -> None:
    code, out, err = run("explain", "--lesson", "by-hand", "--format", "latex")
    assert code == 0, err
    well_formed(out)
    lesson = __import__("tinynn.teach.lesson", fromlist=["load_lesson"]).load_lesson("by-hand")
    s = lesson.setup()
    trace = nn.trace_step(s.params, s.x, s.y, s.lr)
    aligns = re.findall(r"\\begin\{align\*\}\n(.*?)\n\\end\{align\*\}", out, flags=re.S)
    assert len(aligns) == len(PHASES)
    rows = [row for block in aligns for row in block.split("\n")]
    # an equation too wide for the page continues on rows that start at its relation: "&="
    equations = [row for row in rows if not row.startswith("  &")]
    assert len(equations) == len(trace)
    assert rows[rows.index(equations[4]) + 1].startswith("  &= (1)(0.5) + (-0.5)(0.5)")  # z2
    ends = [rows[rows.index(b) - 1] for b in equations[1:]] + [rows[-1]]
    for end, e in zip(ends, trace):
        value = end.split(r"\quad\text")[0].rstrip(" \\").rsplit(" = ", 1)[1]
        assert value == tex_number(e.value), end
    # by hand: δ1[1] = δ2·W2[1]·σ'(z1[1]) = (−1/2)(−1/2)(1/4) = 1/16
    assert r"\delta_1[1] &= \delta_2\,W_2[1]\,\sigma'(z_1[1]) = (-0.5)(-0.5)(0.25) = 0.0625" in out
    assert r"b_1[1] &\leftarrow b_1[1] - \eta\,\frac{\partial L}{\partial b_1[1]}" in out


def test_the_errata_are_footnotes_each_written_once_and_marked_where_they_apply() -> None:
    out = run("explain", "--lesson", "by-hand", "--format", "latex")[1]
    texts = re.findall(r"\\footnotetext\[(\d+)\]\{Erratum (E\d)", out)
    assert [i for _, i in texts] == ["E1", "E6", "E5", "E8", "E2", "E7", "E3"]
    assert [int(n) for n, _ in texts] == list(range(1, 8))
    number = {i: n for n, i in texts}
    dw1 = next(line for line in out.splitlines() if "partial W_1[0][0]} &=" in line)
    e2, e7 = number["E2"], number["E7"]
    assert dw1.endswith(rf"\text{{\footnotemark[{e2}]\textsuperscript{{,}}\footnotemark[{e7}]}} \\")
    assert out.count(rf"\footnotemark[{number['E3']}]") == 3  # b2, b1[0], b1[1]
    assert r"$y_{\mathrm{pred}} = W_2$" not in out  # "=" stays text between maths
    assert r"correct: $y_{\mathrm{pred}}$ = $W_2$ $\cdot$ $a_1$ + $b_2$" in out  # E1, in maths


def test_a_classification_step_and_a_wide_network(write_file: Callable[[str, str], str]) -> None:
    out = run("explain", "--lesson", "xor", "--format", "latex")[1]
    well_formed(out)
    assert r"y_{\mathrm{pred}} &= p = \sigma(z_2)" in out and "Erratum E4" in out
    params = nn.init_params(12, 2, seed=3)
    trace = nn.trace_step(params, [0.5] * 12, 1.0, 0.1)
    tex = trace_latex(trace)
    well_formed(tex)
    assert r"\setcounter{MaxMatrixCols}{12}" in tex  # amsmath's bmatrix has 10 columns otherwise


def test_a_title_and_text_are_plain_values_escaped_for_latex() -> None:
    """The handout's title and paragraphs (a lesson's, passed as text: no lesson object)."""
    trace = nn.trace_step(nn.init_params(1, 2, seed=0), [1.0], 0.5, 0.5)
    tex = trace_latex(trace, title="Step 1: y_pred & 50%", text="First.\n\nSecond $x$.")
    well_formed(tex)
    assert r"\section*{Step 1: $y_{\mathrm{pred}}$ \& 50\%}" in tex  # the notes' symbol
    assert "\nFirst.\n" in tex and "\nSecond \\$$x$\\$.\n" in tex  # x: the input, in maths
    assert r"\section*{One SGD step, every scalar}" in trace_latex(trace)


def test_names_from_a_csv_are_escaped(write_file: Callable[[str, str], str]) -> None:
    path = write_file("iris_small.csv", CSV)
    code, out, err = run("explain", "--csv", path, "--target", "y", "--format", "latex")
    assert code == 0, err
    well_formed(out)
    assert r"\texttt{sepal\_length}" in out
    assert r"\texttt{a\&b\%c\#d}" in out
    assert r"\texttt{\{\$x\^{}2\~{}$\backslash$\}$|${}$<${}$>$}" in out
    assert r"\texttt{iris\_small}" in out or r"iris\_small" in out
    assert "sepal_length" not in out.replace(r"sepal\_length", "")


def test_tex_text_and_numbers() -> None:
    assert tex_text("a_b & 50% #1 $5 {x} ~ ^ \\") == (
        r"a\_b \& 50\% \#1 \$5 \{x\} \~{} \^{} $\backslash$"
    )
    assert tex_text("δ2 = y_pred − y") == r"$\delta$2 = y\_pred $-$ y"
    assert tex_text('a "quote" ("too")') == "a ``quote'' (``too'')"
    # accented letters as the kernel's accents, in ASCII; what has none is "?"
    assert tex_text("café naïve Größe ☃ «x»") == r"caf\'{e} na\"{\i}ve Gr\"{o}\ss{}e ? ?x?"
    assert tex_text("<|>") == "$<${}$|${}$>$"  # never $$, which would start display maths
    assert tex_number(-1.5e-05) == r"-1.5\times 10^{-5}"
    assert tex_number(float("inf")) == r"\infty"
    assert tex_number(-0.0) == "0"


PDFLATEX = shutil.which("pdflatex")


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
@pytest.mark.parametrize("args", [("--lesson", "by-hand"), ("--lesson", "xor"), ("csv",)])
def test_the_document_compiles(
    args: tuple[str, ...], tmp_path: Path, write_file: Callable[[str, str], str]
) -> None:
    if args == ("csv",):
        args = ("--csv", write_file("iris_small.csv", CSV), "--target", "y")
    out = run("explain", *args, "--format", "latex")[1]
    (tmp_path / "step.tex").write_text(out, encoding="utf-8")
    done = subprocess.run(
        [str(PDFLATEX), "-interaction=nonstopmode", "-halt-on-error", "step.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    assert (tmp_path / "step.pdf").stat().st_size > 0


# Every command the part between the `% ---` lines may use: the LaTeX kernel's (article class,
# default OT1 font encoding, no fontenc, inputenc or textcomp) and amsmath's. A command outside
# this list would make "pastes into a handout that loads amsmath" untrue.
KERNEL = {
    # sectioning, text styles, footnotes, rules, spacing
    "section", "subsection", "emph", "texttt", "textsuperscript", "footnotemark",
    "footnotetext", "rule", "quad", "dots", "setcounter", "begin", "end",
    # a worksheet's and a key's heading on every page, a key's page per sheet
    "markright", "clearpage",
    # control symbols: escaped specials, thin space, line break, display maths
    "{", "}", "$", "&", "%", "#", "_", ",", "\\", "[", "]",
    # OT1 accents and letters
    "'", "`", "^", "~", "=", ".", '"', "u", "v", "H", "c", "d", "r", "i", "j",
    "ss", "ae", "AE", "oe", "OE", "o", "O", "l", "L", "S", "P", "copyright", "pounds",
    # maths
    "frac", "partial", "delta", "eta", "sigma", "theta", "varepsilon", "mu", "leftarrow",
    "rightarrow", "geq", "leq", "times", "div", "pm", "neg", "circ", "cdot", "backslash",
    "ln", "mathrm", "infty", "bigl", "bigr", "approx", "surd",
}  # fmt: skip
AMSMATH = {"text", "tfrac"}
ENVIRONMENTS = {"align*", "alignat*", "bmatrix"}  # amsmath's


def snippet(tex: str) -> str:
    return tex.split("% --- from here\n")[1].split("% --- to here\n")[0]


def commands(tex: str) -> set[str]:
    return set(re.findall(r"\\([A-Za-z]+|.)", tex))


def test_the_snippet_needs_only_amsmath(write_file: Callable[[str, str], str]) -> None:
    from tinynn.core.errata import ERRATA
    from tinynn.render.text import erratum_text
    from tinynn.teach.lesson import shipped_lessons
    from tinynn.teach.worksheet import build_sheets, key_latex, sheet_latex

    latin1 = "".join(chr(c) for c in range(0xA0, 0x100))
    csv = write_file("größe.csv", f'"Größe «x»",{HEADER.split(",", 1)[1]}\n5.1,1,2,0\n4.9,0,1,1\n')
    outs = [run("explain", "--lesson", name, "--format", "latex")[1] for name in shipped_lessons()]
    outs.append(run("explain", "--csv", csv, "--target", "y", "--format", "latex")[1])
    outs.append(trace_latex(nn.trace_step(nn.init_params(12, 2, seed=3), [0.5] * 12, 1.0, 0.1)))
    outs += [sheet_latex(s) for s in build_sheets("by-hand-2-inputs", 2, 7)]
    outs.append(key_latex(build_sheets("xor", 2, 7)))
    parts = [snippet(out) for out in outs]
    parts += [tex_text(erratum_text(i)) for i in ERRATA] + [tex_text(latin1)]
    assert len(parts) == len(shipped_lessons()) + 5 + len(ERRATA) + 1
    for part in parts:
        assert part.isascii(), [c for c in part if not c.isascii()]
        assert commands(part) <= KERNEL | AMSMATH, commands(part) - KERNEL - AMSMATH
        assert set(re.findall(r"\\begin\{([^}]*)\}", part)) <= ENVIRONMENTS
        assert "$$" not in part.replace(r"\$", "")
    # what used to need T1 or TS1 fonts is written with the kernel's own commands
    e4 = tex_text(erratum_text("E4"))
    assert e4.startswith("The notes print ``The output is a probability (0 or 1)''; correct:")
    assert tex_text("y − 1 · x") == r"y $-$ 1 $\cdot$ x"
    # the document's own preamble is amsmath alone: what compiles here compiles there
    preamble = "\n".join(
        line for line in outs[0].split("% --- from here")[0].splitlines() if line[:1] != "%"
    )
    assert re.findall(r"\\usepackage(?:\[[^]]*\])?\{([^}]*)\}", preamble) == ["amsmath"]


def test_the_notes_symbols_in_prose_are_maths_as_in_the_equations() -> None:
    from tinynn.render.latex_text import tex_prose

    assert tex_prose("so z1 = 8 and δ1 = δ2·W2·σ'(z1)") == (
        r"so $z_1$ = 8 and $\delta_1$ = $\delta_2 \cdot W_2 \cdot \sigma'$($z_1$)"
    )
    assert tex_prose("y_pred − y, then ∂L/∂W1[j][i] = δ1[j]·x[i] and δ1 xᵀ") == (
        r"$y_{\mathrm{pred}}$ $-$ $y$, then $\partial L/\partial W_1[j][i]$ = "
        r"$\delta_1[j] \cdot x[i]$ and $\delta_1 x^{\mathrm{T}}$"
    )
    # words, the notes' own typo (w2), erratum ids, numbers and a's are left as text
    assert tex_prose("a w2 E1 1e-6 ab1 b12 Wx p≈0.5 ±1/√n") == (
        r"a w2 E1 1e-6 ab1 b12 Wx $p$$\approx$0.5 $\pm$1/$\surd$n".replace("$$", " ")
    )
    assert tex_prose('"Gradient w.r.t b2" and "x"') == r"``Gradient w.r.t $b_2$'' and ``$x$''"
    # the same escaping as tex_text everywhere else
    assert tex_prose("50% & $5 {x} ~") == r"50\% \& \$5 \{$x$\} \~{}"
    for lesson in __import__("tinynn.teach.lesson", fromlist=["x"]).shipped_lessons():
        text = run("explain", "--lesson", lesson, "--format", "latex")[1]
        prose = re.sub(r"\\texttt\{[^}]*\}", "", strip_math(snippet(text)))  # names: literal
        assert not re.search(r"(?<![\w\\])(z|a|b|W|x)[12](?!\w)", prose), lesson  # no plain z1
        assert "y\\_pred" not in prose and "?" not in prose.replace("?`", ""), lesson
