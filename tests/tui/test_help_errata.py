"""The notes' typos are listed once, in tinynn.core.errata: the help page's errata section is made
from that list, and the README names every erratum and no other count."""

from __future__ import annotations

import re
from pathlib import Path

from tinynn.core.errata import ERRATA, errata_for
from tinynn.render.text import erratum_text
from tui.app import WalkthroughApp
from tui.keys import key_table
from tui.screens.help import NUMBER_WORDS, help_text

HELP = help_text(key_table(WalkthroughApp.BINDINGS))
IDS = list(ERRATA)


def counts_said(text: str) -> list[str]:
    """Every count of typos or errata the text states: "five typos" -> "five"."""
    words = "|".join(NUMBER_WORDS[1:])
    return re.findall(rf"\b({words}|\d+) (?:typos|errata)\b", text, flags=re.I)


def ranges_said(text: str) -> list[tuple[str, str]]:
    """Every range of ids the text states: "(E1 to E5)" -> ("E1", "E5")."""
    return re.findall(r"\b(E\d+) to (E\d+)\b", text)


def test_the_help_lists_every_erratum_with_its_sentence_and_place() -> None:
    section = HELP.split("## Errata of the notes")[1]
    assert "<!--" not in HELP
    assert counts_said(section) == ["eight"] and len(IDS) == 8
    assert ranges_said(section) == [("E1", "E8")]
    items = re.findall(r"^- \*\*(E\d+)\*\* at (.*?): (.*)$", section, flags=re.M)
    assert [i for i, _, _ in items] == IDS
    unescaped = {i: re.sub(r"\\(.)", r"\1", sentence) for i, _, sentence in items}
    assert unescaped == {i: erratum_text(i) for i in IDS}
    places = {i: where for i, where, _ in items}
    # the places are where the trace shows each one (errata_for), spelt in the notes' symbols
    assert places["E1"] == "z2"
    assert places["E2"] == "∂L/∂W1 and ∂L/∂b1"
    assert places["E3"] == "the b2 update and the b1 update"
    assert places["E4"] == r"y\_pred (classification)"
    assert places["E6"] == "L (regression)"
    assert places["E8"] == "δ2" and "E8" in errata_for("delta2", "backward", "regression")


def test_the_readme_names_every_erratum_and_no_other_count(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for e in ERRATA.values():
        assert f"| {e.id} | {e.notes_say} | {e.correct} |" in readme
    assert counts_said(readme) == ["eight"]
    assert ranges_said(readme) == [("E1", "E8")]
    for text in (readme, HELP):
        stated = {int(n) for n in re.findall(r"\bE(\d+)\b", text)}
        assert stated <= set(range(1, len(IDS) + 1))  # no id that tinynn.core.errata lacks
