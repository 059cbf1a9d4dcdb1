"""The walkthrough (and the engine) write no float format of their own: every number goes
through tinynn.core.numbers (`fmt`, `number_text`, `vector_text`, `percent_text`, `axis_text`...).

An AST scan of tui/: no f-string format spec with a precision or a float type (`{v:.2e}`,
`{a:.0%}`, `{t:g}`), no `format(v, ...)`, no `"%.3f" % v`, no `"{:.2f}".format(v)`.
Alignment of text or whole numbers (`{n:>5}`) is layout, not a number format, and stays.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

FLOAT_SPEC = re.compile(r"\.\d*|[eEfFgGn%]$")  # a precision, or a float presentation type
PRINTF = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[eEfFgG]")
BRACES = re.compile(r"\{[^{}]*:[^{}]*(?:\.\d*|[eEfFgGn%])\}")


def _spec_text(spec: ast.JoinedStr) -> str:
    return "".join(v.value for v in spec.values if isinstance(v, ast.Constant))


def float_formats(source: str) -> list[int]:
    """The lines of `source` that format a float themselves."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
            if node.conversion != -1:  # {v!r:.40}: a string cut to 40 characters
                continue
            if FLOAT_SPEC.search(_spec_text(node.format_spec)):
                found.append(node.lineno)
        elif isinstance(node, ast.Call):
            f = node.func
            if (
                isinstance(f, ast.Name)
                and f.id == "format"
                or (
                    isinstance(f, ast.Attribute)
                    and f.attr == "format"
                    and isinstance(f.value, ast.Constant)
                    and isinstance(f.value.value, str)
                    and BRACES.search(f.value.value)
                )
            ):
                found.append(node.lineno)
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and PRINTF.search(node.left.value)
        ):
            found.append(node.lineno)
    return found


def test_the_scan_finds_each_kind_of_float_format() -> None:
    for source in (
        'f"{v:.2e}"',
        'f"{a:.0%}"',
        'f"{t:g}"',
        'f"{x:>8.3f}"',
        'f"{x:.{d}g}"',
        "format(v, '.3f')",
        '"%.3f" % v',
        '"{:.2f}".format(v)',
    ):
        assert float_formats(source) == [1], source
    for source in ('f"{n:>5}"', 'f"{name:<{w}}"', 'f"{e!r:.40}"', '"%s" % s', '"{}".format(s)'):
        assert float_formats(source) == [], source


def test_no_float_format_spec_remains_in_the_walkthrough(repo: Path) -> None:
    offenders = {
        str(path.relative_to(repo)): lines
        for path in sorted((repo / "tui").rglob("*.py"))
        if (lines := float_formats(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_no_float_format_spec_in_the_engine_but_its_number_module(repo: Path) -> None:
    offenders = {
        name: lines
        for path in sorted((repo / "tinynn").rglob("*.py"))
        if (name := str(path.relative_to(repo))) != "tinynn/core/numbers.py"
        and (lines := float_formats(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
