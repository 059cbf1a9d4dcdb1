"""The keys of a lesson file: each one's type, default and check (`KEYS`), and
`read_keys`, which reads a parsed TOML document by that table.

A value of the wrong type or out of range raises `BadKey`, naming the key (with an
index: "params.W1[0][1]"); tinynn/teach/lesson.py joins the keys into a `Config` and
turns a `BadKey` into one `LessonError` naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tinynn.core.errors import TinyNNError
from tinynn.core.validate import got, is_finite, whole_problem
from tinynn.run.config import DEFAULT_EPOCHS, DEFAULT_LR, DEFAULT_SEED, epochs_problem
from tinynn.teach.quiz import check_tolerance

MODES = ("explain", "quiz", "bughunt", "gradcheck", "compare", "train")


class BadKey(Exception):
    """A value of the wrong type or out of range; `label` is its key (with an index)."""

    def __init__(self, label: str, message: str) -> None:
        super().__init__(message)
        self.label, self.message = label, message


Reader = Callable[[object, str], Any]  # (value, label) -> the value as Python wants it
Check = Callable[[Any], "str | None"]  # what is wrong with a read value, or None


@dataclass(frozen=True)
class TomlKey:
    """One key of a lesson file: its dotted name, how to read it, its default and its check.

    `missing` is the message for a required key (None: the key is optional).
    """

    name: str
    read: Reader
    default: object = None
    check: Check | None = None
    missing: str | None = None


def _kind(v: object) -> str:
    """How a wrong value is described in a message ("a string ('x')", "false", ...)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "an empty list" if not v else f"a list ({str(v)[:40]})"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, str):
        return f"a string ({v!r})"
    return repr(v)


def _string(v: object, label: str) -> str:
    if not isinstance(v, str):
        raise BadKey(label, f"must be a string, got {_kind(v)}")
    return v


def _strings(v: object, label: str) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
        raise BadKey(label, f"must be a list of strings, got {_kind(v)}")
    return v


def _whole(v: object, label: str) -> int:
    if whole_problem(v):  # the one rule; the message names the TOML kind ("a string ('3')")
        raise BadKey(label, f"must be a whole number, got {_kind(v)}")
    assert isinstance(v, int)
    return v


def _number(v: object, label: str) -> float:
    """A finite number: TOML allows inf and nan, a lesson does not."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise BadKey(label, f"must be a number, got {_kind(v)}")
    if not is_finite(v):  # inf, nan, or an int of 400 digits: beyond any float
        raise BadKey(label, f"must be a finite number, got {got(v)}")
    return float(v)


def _vector(v: object, label: str) -> list[float]:
    if not isinstance(v, list) or not v:
        raise BadKey(label, f"must be a non-empty list of numbers, got {_kind(v)}")
    return [_number(a, f"{label}[{k}]") for k, a in enumerate(v)]


def _matrix(v: object, label: str) -> list[list[float]]:
    if not isinstance(v, list) or not v or not all(isinstance(r, list) and r for r in v):
        raise BadKey(label, f"must be a non-empty list of non-empty rows, got {_kind(v)}")
    if any(len(r) != len(v[0]) for r in v):
        raise BadKey(label, f"rows have different lengths: {[len(r) for r in v]}")
    return [_vector(row, f"{label}[{r}]") for r, row in enumerate(v)]


def _one_line(title: str) -> str | None:
    return None if title.strip() and "\n" not in title.strip() else "must be one non-empty line"


def _tolerance(t: float) -> str | None:
    """The quiz's own check, the same as for --tolerance."""
    try:
        check_tolerance(t)
    except TinyNNError as e:
        return str(e)
    return None


def _modes(modes: list[str]) -> str | None:
    for m in modes:
        if m not in MODES:
            return f"unknown mode {m!r} (choose from {', '.join(MODES)})"
    return None if modes else "is empty (name at least one mode)"


KEYS = (
    TomlKey(
        "title", _string, check=_one_line, missing="missing (every lesson needs a one-line title)"
    ),
    TomlKey("text", _string, ""),
    TomlKey("task", _string),
    TomlKey("lr", _number, DEFAULT_LR),
    TomlKey("sample", _whole),
    TomlKey("seed", _whole, DEFAULT_SEED),
    TomlKey("hidden", _whole),
    TomlKey("epochs", _whole, DEFAULT_EPOCHS, epochs_problem),
    TomlKey("tolerance", _number, None, _tolerance),
    TomlKey("modes", _strings, list(MODES), _modes),
    TomlKey("params.W1", _matrix),
    TomlKey("params.b1", _vector),
    TomlKey("params.W2", _vector),
    TomlKey("params.b2", _number),
    TomlKey("data.dataset", _string),
    TomlKey("data.csv", _string),
    TomlKey("data.target", _string),
    TomlKey("data.x", _matrix),
    TomlKey("data.y", _vector),
    TomlKey("data.features", _strings),
    TomlKey("data.name", _string),
)
SECTIONS = ("params", "data")  # the tables; every other key is a plain value


def read_keys(doc: dict[str, Any]) -> dict[str, Any]:
    """Every key of `doc` read and checked as `KEYS` says, by dotted name (absent: default)."""
    values: dict[str, Any] = {}
    tables: dict[str, dict[str, Any]] = {"": doc}
    for section in SECTIONS:
        if section in doc:
            if not isinstance(doc[section], dict):
                raise BadKey(section, f"must be a table ([{section}]), got {_kind(doc[section])}")
            tables[section] = doc[section]
    for prefix, table in tables.items():
        names = [k.name for k in KEYS if k.name.rpartition(".")[0] == prefix]
        if not prefix:
            names += list(SECTIONS)
        dot = f"{prefix}." if prefix else ""
        for k in table:
            if dot + k not in names:
                raise BadKey(dot + k, f"unknown key (expected one of {', '.join(names)})")
    for key in KEYS:
        prefix, _, last = key.name.rpartition(".")
        table = tables.get(prefix, {})
        if last not in table:
            if key.missing:
                raise BadKey(key.name, key.missing)
            values[key.name] = key.default
            continue
        value = key.read(table[last], key.name)
        problem = key.check(value) if key.check else None
        if problem:
            raise BadKey(key.name, problem)
        values[key.name] = value
    values["has.params"], values["has.data"] = "params" in doc, "data" in doc
    return values
