"""The keys are described once, in the app's BINDINGS: the help screen, the README's table,
the key bar and the command palette are made from them or checked against them here."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from tinynn.run.config import Config
from tui.app import WalkthroughApp
from tui.keys import described, key_names, key_table
from tui.screens.help import help_text

BINDINGS = [b for b in WalkthroughApp.BINDINGS if isinstance(b, Binding)]
TABLE = key_table(BINDINGS)


def table_rows(markdown: str) -> dict[str, str]:
    """{first cell: second cell} of every row of the `| key | does |` table in `markdown`."""
    start = markdown.index("| key | does |")
    rows = {}
    for line in markdown[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        keys, does = (cell.strip() for cell in line.strip("|").split(" | "))
        rows[keys] = does
    return rows


def test_every_shown_binding_has_a_tooltip_and_hidden_ones_are_not_described() -> None:
    assert [b for b in BINDINGS if b.show and not b.tooltip] == []
    assert [b.action for b in BINDINGS if not b.show] == ["page_guard"]


def test_the_table_has_one_row_per_binding_with_all_its_keys() -> None:
    rows = table_rows(TABLE)
    expected = {" / ".join(f"`{k}`" for k in key_names(b)): b.tooltip for b in described(BINDINGS)}
    assert rows == expected | {"`ctrl+p`": "command palette"}
    assert rows["`←` / `h`"].startswith("previous scalar computation")
    assert rows["`}` / `PgDn`"].startswith("next phase")
    assert rows["`b` / `backspace`"].startswith("step back")
    assert "`?`" in rows and "`[`" in rows and "`S`" in rows


def test_the_readme_table_is_the_one_made_from_bindings(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert table_rows(readme) == table_rows(TABLE)  # rerun `python -m tui.keys` if this fails
    assert TABLE in readme


def test_the_help_page_shows_the_table_from_bindings() -> None:
    text = help_text(TABLE)
    assert TABLE in text and "<!--" not in text
    assert table_rows(text) == table_rows(TABLE)
    assert text.count("| key | does |") == 1  # no second, hand-written table


async def test_the_key_bar_and_the_palette_come_from_bindings() -> None:
    app = WalkthroughApp(Config(task="classification"))  # compare needs a 0/1 label
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.query_one("#keys").plain_text()
        check_only = {"first_difference", "lesson"}  # keys of --check, --lesson: hidden without
        for b in described(BINDINGS):
            word = b.group.description if b.group else b.description
            found = re.search(rf"(^|\s)\S+ {re.escape(word)}(\s|$)", bar)
            assert bool(found) is (b.action not in check_only), b
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        ours = [b for b in described(BINDINGS)
                if b.group is None and b.action not in ("quit", *check_only)]  # fmt: skip
        for b in ours:
            title = b.tooltip.split(": ")[0]
            command = commands[title[0].upper() + title[1:]]
            assert command.help.endswith(f"key {' / '.join(key_names(b))})") or (
                command.help == f"key {' / '.join(key_names(b))}"
            )
        compare = commands["Compare output layers"]
        assert compare.help.startswith("linear + ½ squared error")
        await compare.callback()  # the palette runs the same action as the key
        await pilot.pause()
        assert type(app.screen).__name__ == "CompareScreen"
