"""Shared fixtures: the repository root and a writer for small test files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo() -> Path:
    """The repository root (the folder that holds the `tinynn` package)."""
    return REPO


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], str]:
    """write_file(name, text) writes `text` to tmp_path/name and returns the path as a str."""

    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write
