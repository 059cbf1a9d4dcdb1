"""Shared fixtures: the repository root and a writer for small test files."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import REPO


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


@pytest.fixture
def unreadable_file(tmp_path: Path) -> Iterator[str]:
    """A small CSV file that this user may not read (mode 000); the test is skipped as root."""
    path = tmp_path / "secret.csv"
    path.write_text("a,y\n1,0\n", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user can read a file with mode 000 (root)")
        yield str(path)
    finally:
        path.chmod(0o600)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one test process more than there are CPUs. A walkthrough test spends part
    of its time waiting for the app to go idle, and a CLI test for its child process, so a
    CPU-bound count leaves CPUs idle (on 2 CPUs: 69 s with 2 processes, 52 s with 3)."""
    return (os.cpu_count() or 1) + 1


def pytest_configure(config: pytest.Config) -> None:
    """A full garbage collection after 100 young ones (Python's default: 10), not before.

    A walkthrough test leaves tens of thousands of objects in reference cycles (the app, its
    widgets, their messages), old enough by then to wait for a full collection; and every
    full collection also walks the objects that stay: the modules and Textual's caches of
    rendered lines (up to 16,384 lines, ~15 objects each). With the default, the walkthrough's
    tests spent 18 s of their 64 s CPU in 56 full collections (Python 3.11); with 100 their
    CPU time falls by a quarter, for ~25 MB more memory per test process. The young
    generations keep their thresholds: most short-lived garbage still goes at once.
    """
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)
