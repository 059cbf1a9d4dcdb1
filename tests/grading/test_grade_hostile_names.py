"""`tinynn grade` on a class whose file names are hostile (tests/hostile.py): the gradebook's
cells are inert (a formula gets its apostrophe), the Markdown summary forms no HTML, link,
image or heading from a name, the text files and the terminal get no control character, and
each results.json is JSON naming the student as the gradebook does. A class graded is a few
seconds of sandboxed children: marked slow."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from helpers import run
from hostile import HOSTILE, raw_in

from tinynn.io.files import printable
from tinynn.io.spreadsheet import inert

GARBAGE = "def step(W1, b1, W2, b2, x, y, lr):\n    return 'done'\n"
FILE_NAMES = {k: n for k, n in HOSTILE.items() if "/" not in n}


@pytest.mark.slow
def test_a_class_of_hostile_file_names_is_graded_as_text(tmp_path: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    for name in FILE_NAMES.values():
        (subs / f"{name}.py").write_text(GARBAGE, "utf-8")
    argv = ["grade", str(subs), "--out", str(out), "--cases", "1", "--tasks", "regression"]
    code, said, err = run(*argv)
    assert code == 0 and raw_in(said + err) == set(), err
    with (out / "grades.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    students = sorted(printable(n) for n in FILE_NAMES.values())
    assert sorted(r["student"] for r in rows) == sorted(inert(s) for s in students)
    assert {r["file"] for r in rows} == {inert(printable(f"{n}.py")) for n in FILE_NAMES.values()}
    formula = next(r for r in rows if "cmd|" in r["student"])
    assert formula["student"] == "'" + HOSTILE["formula file"]  # a spreadsheet shows it as text
    assert raw_in((out / "grades.csv").read_text("utf-8").replace("\r", "")) == set()
    summary = (out / "summary.md").read_text("utf-8")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(summary)
    tokens += [c for t in tokens for c in (t.children or [])]
    assert not {t.type for t in tokens} & {"html_block", "html_inline", "link_open", "image"}
    headings = [tokens[k + 1].content for k, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any("heading" in h or "pipe" in h for h in headings), headings
    assert raw_in(summary) == set() and raw_in((out / "summary.txt").read_text("utf-8")) == set()
    named = set()
    for folder in (out / "students").iterdir():
        for file in ("report.txt", "feedback.txt"):
            assert raw_in((folder / file).read_text("utf-8")) == set(), folder
        named.add(json.loads((folder / "results.json").read_text("utf-8"))["extra_data"]["student"])
    assert sorted(named) == students
