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
from tinynn.latex import tex_number, tex_text, trace_latex
from tinynn.trace import PHASES

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
    lesson = __import__("tinynn.lesson", fromlist=["load_lesson"]).load_lesson("by-hand")
    s = lesson.setup()
    trace = nn.trace_step(s.params, s.x, s.y, s.lr)
    aligns = re.findall(r"\\begin\{align\*\}\n(.*?)\n\\end\{align\*\}", out, flags=re.S)
    assert len(aligns) == len(PHASES)
    lines = [line for block in aligns for line in block.split("\n")]
    assert len(lines) == len(trace)
    for line, e in zip(lines, trace):
        value = line.split(r"\quad")[0].rstrip(" \\").rsplit(" = ", 1)[1]
        assert value == tex_number(e.value), line
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
    assert r"y\_pred" in out  # E1's sentence, escaped


def test_a_classification_step_and_a_wide_network(write_file: Callable[[str, str], str]) -> None:
    out = run("explain", "--lesson", "xor", "--format", "latex")[1]
    well_formed(out)
    assert r"y_{\mathrm{pred}} &= p = \sigma(z_2)" in out and "Erratum E4" in out
    params = nn.init_params(12, 2, seed=3)
    trace = nn.trace_step(params, [0.5] * 12, 1.0, 0.1)
    tex = trace_latex(trace)
    well_formed(tex)
    assert r"\setcounter{MaxMatrixCols}{12}" in tex  # amsmath's bmatrix has 10 columns otherwise


def test_names_from_a_csv_are_escaped(write_file: Callable[[str, str], str]) -> None:
    path = write_file("iris_small.csv", CSV)
    code, out, err = run("explain", "--csv", path, "--target", "y", "--format", "latex")
    assert code == 0, err
    well_formed(out)
    assert r"\texttt{sepal\_length}" in out
    assert r"\texttt{a\&b\%c\#d}" in out
    assert (r"\texttt{\{\$x\textasciicircum{}2\textasciitilde{}\textbackslash{}\}"
            r"\textbar{}\textless{}\textgreater{}}") in out  # fmt: skip
    assert r"\texttt{iris\_small}" in out or r"iris\_small" in out
    assert "sepal_length" not in out.replace(r"sepal\_length", "")


def test_tex_text_and_numbers() -> None:
    assert tex_text("a_b & 50% #1 $5 {x} ~ ^ \\") == (
        r"a\_b \& 50\% \#1 \$5 \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert tex_text("δ2 = y_pred − y") == r"$\delta$2 = y\_pred \textminus{} y"
    assert tex_text("café ☃") == "café ?"  # Latin-1 passes (inputenc), the rest cannot
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
