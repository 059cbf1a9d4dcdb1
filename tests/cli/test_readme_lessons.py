"""The README's comment on `tinynn lessons` says what the command prints: every shipped lesson,
not a few of them by name."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import run

from tinynn.teach.lesson import shipped_lessons


def test_the_lessons_comment_is_true(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    (comment,) = re.findall(r"^tinynn lessons +# (.*)$", readme, flags=re.M)
    assert comment == "lists the shipped lessons (name, title, task, shape)"
    named = {name for name in shipped_lessons() if re.search(rf"\b{re.escape(name)}\b", comment)}
    assert named in (set(), set(shipped_lessons()))
    code, out, _ = run("lessons")
    assert code == 0 and out.splitlines()[0].split() == ["name", "title", "task", "shape"]
    assert [line.split()[0] for line in out.splitlines()[1:8]] == shipped_lessons()
