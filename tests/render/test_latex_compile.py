"""Handouts that fit the page: every shipped lesson's `explain --format latex`, a worksheet of
each lesson and its key compile with pdflatex with no box more than 1 pt too wide; and the
worksheets' layout: numbers in a column, room under each blank, the ID on every page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import run

from tinynn.render.latex import tex_number
from tinynn.teach.lesson import shipped_lessons
from tinynn.teach.worksheet import KEY_DIGITS, ROOM, build_sheets, key_latex, sheet_latex

PDFLATEX = shutil.which("pdflatex")
OVERFULL = re.compile(r"Overfull \\hbox \(([0-9.]+)pt too wide\)")


def compile_tex(path: Path) -> str:
    """pdflatex on `path` (in its folder); the log, after checking that a PDF came out."""
    done = subprocess.run(
        [str(PDFLATEX), "-interaction=nonstopmode", "-halt-on-error", path.name],
        cwd=path.parent, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    log = path.with_suffix(".log").read_text(encoding="latin-1")
    assert done.returncode == 0, log[-3000:]
    assert path.with_suffix(".pdf").stat().st_size > 0
    return log


def too_wide(log: str) -> list[float]:
    return [float(x) for x in OVERFULL.findall(log) if float(x) > 1.0]


def test_the_overfull_pattern_reads_pdflatexs_log() -> None:
    log = "Overfull \\hbox (75.16885pt too wide) detected at line 27\nOverfull \\hbox (0.5pt too"
    assert too_wide(log + " wide) in paragraph") == [75.16885]


@pytest.mark.slow
@pytest.mark.skipif(
    PDFLATEX is None, reason="pdflatex is not installed (Debian: texlive-latex-base)"
)
@pytest.mark.parametrize("lesson", shipped_lessons())
def test_every_handout_worksheet_and_key_fits_the_page(lesson: str, tmp_path: Path) -> None:
    code, out, err = run("explain", "--lesson", lesson, "--format", "latex")
    assert code == 0, err
    handout = tmp_path / "handout.tex"
    handout.write_text(out, encoding="utf-8")
    code, _, err = run("worksheet", "--lesson", lesson, "--students", "1", "--out",
                       str(tmp_path / "sheets"))  # fmt: skip
    assert code == 0, err
    sheets = sorted((tmp_path / "sheets").glob("*.tex"))
    assert len(sheets) == 2 and "key.tex" in [p.name for p in sheets]
    for path in [handout, *sheets]:
        log = compile_tex(path)
        assert too_wide(log) == [], (path.name, too_wide(log))
        assert "LaTeX Warning: Reference" not in log


def test_a_worksheet_numbers_its_blanks_in_a_column_with_room_to_work() -> None:
    sheet = build_sheets("xor", 1, 0)[0]
    tex = sheet_latex(sheet)
    rows = tex.split(r"\begin{alignat*}{2}")[1].split(r"\end{alignat*}")[0].strip("\n").split("\n")
    numbered = [r for r in rows if r.lstrip().startswith(r"\text{")]
    events = list(sheet.trace())
    assert len(numbered) == len(events) == 30
    for k, row in enumerate(numbered, 1):
        # the number in a column of its own (&), then the left side, then the relation
        assert row.startswith(rf"  \text{{{k}.}} &\quad "), row
        assert "& &=" in row or "& &\\leftarrow" in row
    blanks = [r for r in rows if r"\rule{4cm}{0.4pt}" in r]
    assert len(blanks) == 30
    assert all(r.endswith(rf"\\[{ROOM}]") for r in blanks[:-1])  # room under each blank
    # the ID heads every page: myheadings shows \markright's text on each page
    assert r"\pagestyle{myheadings}" in tex.split("% --- from here")[0]
    assert rf"\markright{{Worksheet \texttt{{{sheet.id}}}}}" in tex


def test_the_key_has_every_value_of_every_sheet(tmp_path: Path) -> None:
    sheets = build_sheets("by-hand", 3, 5)
    tex = key_latex(sheets)
    pages = tex.split(r"\clearpage")
    assert len(pages) == 3
    for page, sheet in zip(pages, sheets):
        assert rf"\markright{{Key \texttt{{{sheet.id}}}}}" in page
        events = list(sheet.trace(KEY_DIGITS))
        ends = re.findall(r"= ([^=]*?)(?: \\\\(?:\[4pt\])?)?\n", page.split("alignat*}{2}")[1])
        values = [v.strip() for v in ends]
        for e in events:  # each value written to the key's digits ends one of its rows
            assert tex_number(e.value, KEY_DIGITS) in values, (sheet.id, e.name)
    code, _, err = run("worksheet", "--lesson", "by-hand", "--students", "3", "--seed", "5",
                       "--out", str(tmp_path))  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "key.tex").read_text(encoding="utf-8") == tex
    assert (tmp_path / "key.md").exists()
