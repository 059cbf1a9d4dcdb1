"""Every output shows a hostile name as text: a lesson's title and names, a CSV's header and
its file name (tests/hostile.py), through `tinynn explain` in each format, `--chain`,
`train`, `lessons` and the worksheets.

Markdown is read back by a real parser (markdown-it, the walkthrough's): no HTML, link or
image forms, the only headings and tables are tinynn's own, and the name reads back as its
text. Text output holds no control character from a name and no line break from it. JSON
holds the name as tinynn holds it (`printable`: control characters as escapes, everything
else exact). LaTeX is ASCII and writes the name through its escapers.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import run
from hostile import HOSTILE, lesson_toml, raw_in

from tinynn.io.files import printable
from tinynn.io.spreadsheet import inert
from tinynn.render.latex_text import tex_prose, tex_text
from tinynn.render.markdown import md_text

NAMES = list(HOSTILE.values())
IDS = list(HOSTILE)
PHASES = {"Forward propagation", "Loss", "Backpropagation", "Gradient-descent update"}
# tinynn's own headings: the trace's title, a phase's, the errata's (if the step touched one)
ENGINE_HEADINGS = PHASES | {
    "One SGD step of tinynn, every scalar",
    "Errata of the notes at these equations",
}


def one_line(name: str) -> str:
    """A title for `name`: a lesson's title must be one line (a line break is refused)."""
    return name.replace("\n", " ")


def write_lesson(folder: Path, name: str) -> Path:
    path = folder / "hostile.toml"
    path.write_text(lesson_toml(one_line(name), name, [name, "x2"], "target " + name), "utf-8")
    return path


def write_csv(folder: Path, name: str) -> Path:
    """A CSV named after `name` (a file's name holds anything but '/' and NUL), its first
    column named `name` too."""
    path = folder / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[name, "x2", "y"], [1, 2, 0.5], [2, 1, 0.25]])
    return path


def explain(*argv: str) -> str:
    code, out, err = run("explain", *argv)
    assert code == 0, err
    return out


def markdown_tokens(md: str) -> list[Any]:
    """Every token of `md` as CommonMark with GFM tables reads it, inline ones included."""
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(md)
    return tokens + [c for t in tokens for c in (t.children or [])]


def read_back(inline: str) -> str:
    """What a reader sees of one line of Markdown: rendered, tags and all, entities resolved."""
    markdown_it = pytest.importorskip("markdown_it")
    return html.unescape(markdown_it.MarkdownIt("commonmark").renderInline(inline))


def assert_markdown_shows_text(md: str, title: str | None) -> None:
    """No HTML, link or image; no raw control character; the headings are tinynn's own (and
    the lesson's `title`, read back as its text), the tables the four phases'."""
    tokens = markdown_tokens(md)
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_block", "html_inline", "link_open", "image"}, kinds
    assert raw_in(md) == set()
    assert not re.search(r"(?<!\\)<img|(?<!\\)\]\(javascript:", md)  # only as \<img, \](
    found = {
        read_back(tokens[k + 1].content) for k, t in enumerate(tokens) if t.type == "heading_open"
    }
    assert found - ENGINE_HEADINGS == ({title} if title is not None else set())
    assert found >= PHASES
    assert sum(t.type == "table_open" for t in tokens) == len(PHASES)


@pytest.mark.parametrize("name", NAMES, ids=IDS)
def test_explain_markdown_shows_a_lessons_title_and_names_as_text(
    tmp_path: Path, name: str
) -> None:
    md = explain("--lesson", str(write_lesson(tmp_path, name)), "--format", "markdown")
    title = printable(one_line(name))
    assert_markdown_shows_text(md, title)
    lines = md.splitlines()
    assert lines[0] == f"# {md_text(title)}"
    assert lines[2] == md_text(f"Text of the lesson: {title}")
    setup_line = next(line for line in lines if line.startswith("- task "))
    assert read_back(setup_line[2:]) == (
        f"task regression, dataset {printable(name)} (sample 0 of 3), network 2-3-1"
    )


def test_the_escaped_forms_are_those_a_reader_expects(tmp_path: Path) -> None:
    md = explain("--lesson", str(write_lesson(tmp_path, HOSTILE["html"])), "--format", "markdown")
    assert md.startswith("# \\<img src=x onerror=alert(1)\\>\n")
    md = explain("--lesson", str(write_lesson(tmp_path, HOSTILE["link"])), "--format", "markdown")
    assert md.startswith("# \\[link\\](javascript:alert(1))\n")
    md = explain("--lesson", str(write_lesson(tmp_path, HOSTILE["ansi"])), "--format", "markdown")
    assert md.startswith("# &#92;x1b\\[31mred&#92;x1b\\[0m\n")  # reads \x1b[31mred\x1b[0m
    md = explain("--lesson", str(write_lesson(tmp_path, HOSTILE["list"])), "--format", "markdown")
    assert "\n\\- item\n" not in md and "dataset \\- item (sample" in md
    assert md_text("- item") == "\\- item" and md_text("1. one") == "1\\. one"
    assert md_text("===") == "\\===" and md_text("0.05 or -1") == "0.05 or -1"


@pytest.mark.parametrize("name", NAMES, ids=IDS)
def test_explain_text_and_chain_show_no_control_character(tmp_path: Path, name: str) -> None:
    lesson = str(write_lesson(tmp_path, name))
    for out in (explain("--lesson", lesson), explain("--lesson", lesson, "--chain")):
        assert raw_in(out) == set()
        lines = out.splitlines()
        assert lines[0] == printable(one_line(name))
        assert f"task regression, dataset {printable(name)} (sample 0 of 3)" in lines[4]
        assert "\n" not in printable(name)  # the name's line break is `\n`, two characters
    code, out, err = run("train", "--lesson", lesson, "--epochs", "1")
    assert code == 0, err
    assert raw_in(out) == set() and f"after 1 epoch on {printable(name)}, 2-3-1" in out


@pytest.mark.parametrize("name", NAMES, ids=IDS)
def test_explain_json_keeps_the_name_and_latex_escapes_it(tmp_path: Path, name: str) -> None:
    lesson = str(write_lesson(tmp_path, name))
    doc = json.loads(explain("--lesson", lesson, "--format", "json"))
    assert doc["dataset"] == printable(name)
    if name.isprintable():
        assert doc["dataset"] == name  # exact: JSON's own escaping is enough
    tex = explain("--lesson", lesson, "--format", "latex")
    assert tex.isascii() and raw_in(tex) == set()
    assert f"\\section*{{{tex_prose(printable(one_line(name)))}}}" in tex
    assert f"data: \\texttt{{{tex_text(printable(name))}}}, sample 0" in tex
    assert f"$x[0]$ is \\texttt{{{tex_text(printable(name))}}}" in tex


def test_latex_writes_specials_as_text(tmp_path: Path) -> None:
    tex = explain("--lesson", str(write_lesson(tmp_path, "# 50% & $x_1$ {a} ~^\\")), "--format",
                  "latex")  # fmt: skip
    assert r"data: \texttt{\# 50\% \& \$x\_1\$ \{a\} \~{}\^{}$\backslash$}" in tex


FILE_NAMES = {k: n for k, n in HOSTILE.items() if "/" not in n and "\0" not in n}


@pytest.mark.parametrize("name", list(FILE_NAMES.values()), ids=list(FILE_NAMES))
def test_a_csvs_file_name_and_header_show_as_text(tmp_path: Path, name: str) -> None:
    path = str(write_csv(tmp_path, name))
    shown = printable(f"{name}.csv")
    text = explain("--csv", path)
    assert raw_in(text) == set()
    assert (
        text.splitlines()[0] == f"task regression, dataset {shown} (sample 0 of 2), network 2-3-1"
    )
    md = explain("--csv", path, "--format", "markdown")
    assert_markdown_shows_text(md, None)
    assert f"- task regression, dataset {md_text(shown)} (sample" in md
    assert json.loads(explain("--csv", path, "--format", "json"))["dataset"] == shown
    tex = explain("--csv", path, "--format", "latex")
    assert tex.isascii() and f"$x[0]$ is \\texttt{{{tex_text(printable(name))}}}" in tex
    code, out, err = run("train", "--csv", path, "--epochs", "1")
    assert code == 0 and raw_in(out) == set() and f"on {shown}, 2-3-1" in out, err


def test_an_error_about_a_hostile_file_is_one_line(tmp_path: Path) -> None:
    code, out, err = run("explain", "--csv", str(tmp_path / "a\x1b[2J\nb.csv"))
    assert code == 2 and raw_in(err) == set()
    assert (
        err
        == "tinynn: error: cannot read '" + str(tmp_path) + "/a\\x1b[2J\\nb.csv': no such file\n"
    )


def test_lessons_prints_a_lessons_file_with_its_controls_escaped(tmp_path: Path) -> None:
    path = tmp_path / "raw.toml"  # TOML takes a bidi override or a C1 control as it is
    path.write_text('title = "\u202eevil\u202c \x9b31m"\n[data]\ndataset = "xor"\n', "utf-8")
    code, out, err = run("lessons", str(path))
    assert code == 0, err
    assert out == 'title = "\\u202eevil\\u202c \\x9b31m"\n[data]\ndataset = "xor"\n'


def test_worksheets_show_the_names_as_text(tmp_path: Path) -> None:
    name = " ".join(n for n in NAMES if "\n" not in n)
    lesson = write_lesson(tmp_path, name)
    students = [HOSTILE[k] for k in ("formula", "ansi", "html", "bidi")]  # a few: sheets cost
    (tmp_path / "names.txt").write_text("\n".join(students) + "\n", "utf-8")
    out = tmp_path / "sheets"
    code, said, err = run("worksheet", "--lesson", str(lesson), "--names",
                          str(tmp_path / "names.txt"), "--out", str(out))  # fmt: skip
    assert code == 0 and raw_in(said + err) == set(), err
    files = {p.name: p.read_text("utf-8") for p in out.iterdir()}
    title = md_text(printable(name))
    for file, text in files.items():
        assert raw_in(text.replace("\r", "")) == set(), file
        if file.endswith(".md"):
            tokens = markdown_tokens(text)
            assert not {t.type for t in tokens} & {"html_block", "html_inline", "link_open",
                                                   "image"}, file  # fmt: skip
            assert title in text, file
        if file.endswith(".tex"):
            assert text.isascii() and tex_prose(printable(name)) in text, file
    with (out / "roster.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[0] for r in rows[1:]] == [inert(s) for s in students]
    assert inert(HOSTILE["formula"]) == "'" + HOSTILE["formula"]  # a spreadsheet shows it


@pytest.mark.slow
def test_the_latex_of_every_hostile_name_compiles(tmp_path: Path) -> None:
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        pytest.skip("no pdflatex")
    name = " ".join(NAMES) + " # 50% & $x_1$ {a} ~^\\"
    tex = tmp_path / "hostile.tex"
    tex.write_text(explain("--lesson", str(write_lesson(tmp_path, name)), "--format", "latex"))
    done = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    assert tex.with_suffix(".pdf").stat().st_size > 0
