"""One Markdown escaper (`tinynn.render.markdown.md_text`) for every Markdown tinynn writes.

Checked against a real Markdown parser (markdown-it, the walkthrough's): text put through
`md_text` reads back as itself, mid-line and in a table cell, and never opens a notebook's
maths. Its character set is the strictest of the three escapers it replaced.
"""

from __future__ import annotations

import html

import pytest

from tinynn.core.errata import ERRATA
from tinynn.render.markdown import MD_SPECIAL, md_text
from tinynn.render.text import erratum_text

# The three escapers' sets before there was one: render/markdown's, the worksheet's, the help
# screen's. The worksheet's was the strictest (it alone had "#").
OLD_SETS = (set("\\`*_[]<>|$&~^"), set("\\`*_[]<>|$&~^#"), set("\\`*_[]<>|"))
TEXTS = [
    "".join(sorted(MD_SPECIAL)),
    "y_pred = W2 * a1 + b1",
    "a|b<script>alert(1)</script>.csv",
    "price $5 and $6, \\(x\\) \\[y\\] $$z$$",
    "# not a heading, [not](a link), `not code`, ~~no~~ ^no^ &amp; <b>no</b>",
    "back\\slash at the end\\",
]


def test_the_set_is_the_strictest_of_the_old_ones() -> None:
    assert all(old <= MD_SPECIAL for old in OLD_SETS)
    assert set().union(*OLD_SETS) == MD_SPECIAL


@pytest.mark.parametrize("c", sorted(MD_SPECIAL))
def test_every_special_character_is_escaped(c: str) -> None:
    assert md_text(c) != c and md_text(f"a{c}b") == f"a{md_text(c)}b"


@pytest.mark.parametrize("text", TEXTS)
def test_escaped_text_reads_back_as_itself(text: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    assert html.unescape(parser.renderInline(f"before {md_text(text)} after")) == (
        f"before {text} after"
    )
    table = parser.render(f"| head |\n|---|\n| {md_text(text)} |\n")
    cell = table.split("<td>")[1].split("</td>")[0]
    assert html.unescape(cell) == text  # one cell: no `|` split it


@pytest.mark.parametrize("text", TEXTS)
def test_escaped_text_opens_no_notebook_maths(text: str) -> None:
    """A notebook finds maths in the source before Markdown reads it: $, $$, \\\\( and \\\\[."""
    out = md_text(text)
    assert "$" not in out.replace("\\$", "")  # every dollar escaped: `\$` is not maths
    assert "\\\\" not in out and "\\(" not in out  # no backslash of the text survives


def test_line_breaks_become_spaces() -> None:
    assert md_text("one\ntwo\r\nthree") == "one two three"


def test_the_walkthroughs_help_and_the_worksheet_use_it() -> None:
    pytest.importorskip("textual")
    from tui.screens.help import errata_markdown

    text = errata_markdown()
    for i in ERRATA:
        assert md_text(erratum_text(i)) in text
