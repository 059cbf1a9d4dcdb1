"""The read-only dialogs: help, compare and gradient check.

Each test pushes one screen onto a tiny app, reads what it shows and checks the
numbers against an independent computation (hand arithmetic or a central
difference written here), then closes it.
"""

from __future__ import annotations

import fnmatch
import math
import re
from pathlib import Path

import pytest
from harness import SIZE, Harness, hit, number, shown
from rich.text import Text
from textual.widgets import DataTable, Markdown, Static

import tui
from tinynn import backward, compare_outputs, forward, gradcheck, init_params, loss
from tinynn.core.names import key_text
from tinynn.core.numbers import fmt, rel_error_text
from tinynn.render.tables import gradcheck_summary
from tinynn.run.compare import EXPLANATION
from tinynn.run.gradcheck import compare
from tui.app import WalkthroughApp
from tui.keys import key_table
from tui.screens.base import CSS_FILE
from tui.screens.compare import CompareScreen
from tui.screens.gradcheck import GradCheckScreen
from tui.screens.help import HELP_FILE, HelpScreen, help_text


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# -- help --------------------------------------------------------------------

CONTRACT_KEYS = [
    "→", "l", "←", "h", "]", "[", "}", "PgDn", "{", "PgUp", "enter", "n", "b",
    "backspace", "e", "t", "r", "m", "c", "g", "s", "w", "S", "X", "?", "q", "u", "B",
]  # fmt: skip
HELP = help_text(key_table(WalkthroughApp.BINDINGS))


def help_keys() -> set[str]:
    """Every key named in the first column of the help page's key table."""
    keys: set[str] = set()
    for line in HELP.splitlines():
        cells = line.split("|")
        if len(cells) > 2 and "`" in cells[1]:
            keys.update(re.findall(r"`([^`]+)`", cells[1]))
    return keys


def test_help_lists_every_key_of_the_contract() -> None:
    missing = [k for k in CONTRACT_KEYS if k not in help_keys()]
    assert missing == []


def test_help_names_the_phases_and_every_erratum() -> None:
    from tinynn.core.errata import ERRATA

    text = HELP
    for word in ("forward", "loss", "backward", "update", *ERRATA):
        assert f"**{word}**" in text
    assert "**E8**" in text


async def test_help_shows_the_markdown_and_closes_with_escape() -> None:
    app = Harness(HelpScreen(key_table(WalkthroughApp.BINDINGS)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one("#help-text", Markdown).source
        assert source.startswith("# tinynn walkthrough")
        assert "next scalar computation" in shown(app)
        await hit(app, "escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.results == [None]


# -- compare -----------------------------------------------------------------


def cell(table: DataTable[Text], row: str, column: str) -> float:
    return number(table.get_cell(row, column))


async def test_compare_shows_the_three_cases_with_hand_computed_numbers() -> None:
    params = init_params(1, 3, seed=0)
    x, y = [0.5], 1.0
    # Independent oracle: the network by hand, then the three delta2s.
    a1 = [sigmoid(params.W1[j][0] * x[0] + params.b1[j]) for j in range(3)]
    z2 = sum(w * a for w, a in zip(params.W2, a1)) + params.b2
    p = sigmoid(z2)
    expect = {
        "a": (z2, 0.5 * (z2 - y) ** 2, z2 - y),
        "b": (p, -(y * math.log(p) + (1 - y) * math.log(1 - p)), p - y),
        "c": (p, 0.5 * (p - y) ** 2, (p - y) * p * (1 - p)),
    }
    app = Harness(CompareScreen(compare_outputs(params, x, y)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#compare-table", DataTable)
        for case, (y_pred, L, delta2) in expect.items():
            assert math.isclose(cell(table, "y_pred", case), y_pred, rel_tol=1e-5)
            assert math.isclose(cell(table, "L", case), L, rel_tol=1e-5)
            assert math.isclose(cell(table, "delta2", case), delta2, rel_tol=1e-5)
            assert math.isclose(cell(table, "db2", case), delta2, rel_tol=1e-5)
            for j in range(3):
                assert math.isclose(cell(table, f"dW2[{j}]", case), delta2 * a1[j], rel_tol=1e-5)
        formulas = [str(table.get_cell("delta2_formula", c)) for c in "abc"]
        assert formulas == ["y_pred − y", "p − y", "(p − y)·p·(1 − p)"]
        screen = shown(app)
        assert "∂L/∂W2[0]" in screen and "∂L/∂W2[2]" in screen  # brackets are not markup
        assert "(c) sigmoid" in screen and "+ ½ sq. error" in screen
        explanation = app.screen.query_one("#compare-explanation", Static).content
        assert str(explanation) == EXPLANATION
        why = str(app.screen.query_one("#compare-why", Static).content)
        assert why.startswith("Why log loss")
        assert str(table.get_cell("delta2", "b")) in why
        await hit(app, "escape")
        await pilot.pause()
        assert app.results == [None]


async def test_compare_fits_all_three_cases_in_80_columns() -> None:
    comparison = compare_outputs(init_params(2, 3), [0.0, 0.0], 0.0)
    app = Harness(CompareScreen(comparison))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#compare-table", DataTable)
        assert table.virtual_size.width <= table.content_size.width  # no sideways scrolling
        screen = shown(app)
        assert "(c) sigmoid" in screen and "(p − y)·p·(1 − p)" in screen
        assert fmt(comparison.cases[2].dW2[0]) in screen


async def test_compare_warns_when_the_target_is_not_a_label() -> None:
    app = Harness(CompareScreen(compare_outputs(init_params(1, 2), [0.3], 0.25)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "not 0 or 1" in str(app.screen.query_one("#compare-note", Static).content)
        await hit(app, "q")
        await pilot.pause()
        assert app.results == [None]


# -- gradient check ----------------------------------------------------------


async def test_gradcheck_shows_every_parameter_against_a_central_difference() -> None:
    params = init_params(2, 3, seed=1)
    x, y, task = [0.4, -1.2], 1.0, "classification"
    result = gradcheck(params, x, y, task)
    app = Harness(GradCheckScreen(result))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#gradcheck-table", DataTable)
        assert table.row_count == len(params.all_keys()) == 13
        h = 1e-6
        for k in params.all_keys():
            key, theta = key_text(k), params.get(k)
            plus = loss(forward(params.with_value(k, theta + h), x, task), y, task)
            minus = loss(forward(params.with_value(k, theta - h), x, task), y, task)
            numeric = (plus - minus) / (2 * h)
            assert math.isclose(cell(table, key, "analytic"), numeric, rel_tol=1e-5, abs_tol=1e-9)
            assert math.isclose(cell(table, key, "numeric"), numeric, rel_tol=1e-5, abs_tol=1e-9)
            assert cell(table, key, "rel_error") <= result.tol
            assert str(table.get_cell(key, "result")) == "pass"
        verdict = str(app.screen.query_one("#gradcheck-verdict", Static).content)
        assert verdict == gradcheck_summary(result)  # `tinynn gradcheck`'s line
        assert verdict.startswith("PASS: 13 of 13 gradients agree")
        assert "tolerance 1e-06" in verdict and "eps = 1e-05" in verdict
        assert verdict.endswith(f"largest relative error {rel_error_text(result.max_rel_error)}")
        assert "W1[2][1]" in shown(app)
        await hit(app, "escape")
        await pilot.pause()
        assert app.results == [None]


async def test_gradcheck_marks_a_wrong_gradient_as_failed_in_red() -> None:
    params = init_params(1, 2, seed=0)
    x, y = [0.7], 0.3
    f = forward(params, x, "regression")
    grads = backward(params, x, y, f, "regression")
    wrong = grads._replace(db2=grads.db2 + 0.1)  # a deliberately broken gradient

    def loss_at(p: object) -> float:
        return loss(forward(p, x, "regression"), y, "regression")  # type: ignore[arg-type]

    result = compare(params, wrong, loss_at, eps=1e-5, tol=1e-6)
    app = Harness(GradCheckScreen(result))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#gradcheck-table", DataTable)
        fail = table.get_cell("b2", "result")
        assert str(fail) == "FAIL" and "red" in str(fail.style)
        ok = table.get_cell("W2[0]", "result")
        assert str(ok) == "pass" and "green" in str(ok.style)
        assert math.isclose(
            cell(table, "b2", "analytic") - cell(table, "b2", "numeric"), 0.1, rel_tol=1e-6
        )
        verdict = str(app.screen.query_one("#gradcheck-verdict", Static).content)
        assert verdict.startswith("FAIL: 6 of 7 gradients agree")
        assert str(table.get_cell("b2", "rel_error")) == rel_error_text(
            result.entries[-1].rel_error
        )


# -- packaging ---------------------------------------------------------------


def test_the_dialogs_data_files_are_shipped_as_package_data(repo: Path) -> None:
    tomllib = pytest.importorskip("tomllib")
    pyproject = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["tui"]
    from tui.serve import TEMPLATES

    for path in (CSS_FILE, HELP_FILE, TEMPLATES / "app_index.html"):
        assert path.is_file()
        relative = path.relative_to(Path(tui.__file__).parent).as_posix()  # installed or not
        depth = relative.count("/")  # setuptools' "*" does not cross folders
        assert any(fnmatch.fnmatch(relative, g) and g.count("/") == depth for g in globs)
