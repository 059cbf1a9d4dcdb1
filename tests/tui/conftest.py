"""Fixtures of the walkthrough's tests: a stable colour environment for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Colours and theme must not depend on the user's environment (snapshots compare them)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)


@pytest.fixture
def snap_compare(snap_compare, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The plugin's comparison, which on a mismatch also prints the differing lines as text
    (the plugin's report is an HTML file that a CI log does not show)."""
    import pickle

    from pytest_textual_snapshot import node_to_report_path
    from snapshot_diff import describe

    def compare(*args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        same = bool(snap_compare(*args, **kwargs))
        if not same:
            data = pickle.loads(node_to_report_path(request.node).read_bytes())
            print("snapshot mismatch, line by line:\n" + describe(data[1], data[2]))
        return same

    return compare
