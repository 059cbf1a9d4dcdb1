"""Hostile names: what a lesson's author, a CSV's header or a file's name may hold, to check
that every output shows it as text (tests/render/test_hostile_names.py and others).

Each would act if an output passed it on as it is: raw HTML or a link in Markdown (a notebook,
a rendered worksheet), an escape sequence or a line break on a terminal, Textual markup in the
walkthrough, a formula in a spreadsheet, a table's cell split, a heading or emphasis, text
turned around by a bidi override (Unicode's "Trojan source").
"""

from __future__ import annotations

import json

HOSTILE = {
    "html": "<img src=x onerror=alert(1)>",
    "link": "[link](javascript:alert(1))",
    "image": "![x](javascript:alert(1))",
    "ansi": "\x1b[31mred\x1b[0m",
    "newline": "a\nb",
    "markup close": "[/bad]",
    "markup action": "[@click=app.quit]",
    "formula": "=cmd|' /C calc'!A0",
    "formula file": "@SUM(1+1)*cmd|' -C calc'!A0",  # a formula a file's name can hold (no /)
    "pipe": "| pipe |",
    "heading": "# heading",
    "bold": "*bold*",
    "list": "- item",
    "bidi": "\u202eevil\u202c",
    "c1": "\x9b31mcsi",
    "entity": "&lt;b&gt;",
}

# What must never reach a terminal or a rendered page from a name: ESC, C1 controls, the bidi
# overrides and isolates (U+202A-U+202E, U+2066-U+2069), DEL, and the C0 controls.
RAW = frozenset(
    [chr(c) for c in range(0x20) if chr(c) != "\n"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)


def raw_in(text: str) -> set[str]:
    """The characters of RAW that `text` holds (none, if every name was escaped)."""
    return set(text) & RAW


def toml_string(text: str) -> str:
    """`text` as a TOML basic string (JSON's escapes are TOML's, for these characters)."""
    return json.dumps(text)


def lesson_toml(title: str, name: str, features: list[str], target: str) -> str:
    """A lesson with inline data whose title and names are the given ones."""
    return "\n".join(
        [
            f"title = {toml_string(title)}",
            f"text = {toml_string('Text of the lesson: ' + title)}",
            'task = "regression"',
            "lr = 0.5",
            'modes = ["explain", "quiz", "bughunt", "gradcheck", "compare", "train"]',
            "[data]",
            f"name = {toml_string(name)}",
            f"features = [{', '.join(toml_string(f) for f in features)}]",
            f"target = {toml_string(target)}",
            "x = [[2.0, 1.0], [1.0, 0.0], [0.0, 1.0]]",
            "y = [1.0, 0.5, 0.25]",
            "",
        ]
    )
