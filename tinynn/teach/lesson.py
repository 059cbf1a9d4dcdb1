"""Lessons: a TOML file a teacher writes that fixes everything about an example.

A lesson names the task, the data (inline samples, a built-in dataset or a CSV
file next to the lesson), the network (exact W1, b1, W2, b2, or a hidden size
and a seed), eta, the sample to start on, a title and a short text, a relative
tolerance for answers (optional) and which modes it offers:

    title = "One step by hand"
    task = "regression"
    lr = 0.5

    [params]
    W1 = [[0.25], [-0.5]]
    b1 = [-0.5, 1.0]
    W2 = [1.0, -0.5]
    b2 = 0.25

    [data]
    x = [[2.0], [1.0]]
    y = [1.0, 0.5]

`load_lesson` reads one: the table `KEYS` says each key's type, default and
check; what the keys describe becomes a `Config`, checked by the same
`config.resolve` as every other run. A `Lesson` is that `Config` plus what only
a lesson has (title, text, modes, tolerance, epochs). The full format is in
docs/lessons.md. Every mistake in a file becomes one `LessonError` naming the
file and the key.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tinynn.core.errors import TinyNNError
from tinynn.core.params import Params
from tinynn.core.validate import whole_problem
from tinynn.io.data import Dataset, default_names, get_dataset, load_csv
from tinynn.io.files import printable, read_text
from tinynn.run.config import (
    DEFAULT_EPOCHS,
    DEFAULT_LR,
    DEFAULT_SEED,
    Config,
    Setup,
    SetupError,
    epochs_problem,
    resolve,
)
from tinynn.teach.quiz import check_tolerance

# The shipped lessons' folder, beside this module (package data). Found from __file__, not
# with importlib.resources, which costs every command that reads options 5 ms of imports.
LESSONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lessons")
MODES = ("explain", "quiz", "bughunt", "gradcheck", "compare", "train")


class LessonError(TinyNNError):
    """A lesson file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Lesson:
    """A checked lesson: its set-up (`config`) and what only a lesson has.

    Attributes:
        name: the file name without ".toml" (a shipped lesson's name).
        title: one line shown at the start.
        text: a short paragraph shown at the start ("" if none).
        modes: the modes the lesson offers (a subset of MODES, in MODES order).
        tolerance: a relative tolerance for the quiz and for hand-worked answers of its step
            (`tinynn check --answers`), or None: the one rule of tinynn/teach/marking.py.
        epochs: how many epochs `train` runs.
        source: the path of the file it was read from.
        config: the task, data, weights, eta, seed and sample; `setup()` resolves it.
    """

    name: str
    title: str
    text: str
    modes: tuple[str, ...]
    tolerance: float | None
    epochs: int
    source: str
    config: Config

    def setup(self) -> Setup:
        """The lesson as a `Setup`, the form every command and the walkthrough run on."""
        return resolve(self.config)

    def intro(self) -> str:
        """The title and the text as plain text shows them at the start (Markdown has
        `tinynn.render.markdown.intro_markdown`)."""
        return f"{self.title}\n\n" + (f"{self.text}\n\n" if self.text else "")

    def offers(self, mode: str) -> bool:
        return mode in self.modes

    def require(self, mode: str) -> None:
        """Raise LessonError unless the lesson offers `mode`."""
        if mode not in self.modes:
            raise LessonError(
                f"{self.source}: modes: this lesson does not offer {mode!r} "
                f"(it offers {', '.join(self.modes)})"
            )


# --- the keys of a lesson file


class _Bad(Exception):
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
        raise _Bad(label, f"must be a string, got {_kind(v)}")
    return v


def _strings(v: object, label: str) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
        raise _Bad(label, f"must be a list of strings, got {_kind(v)}")
    return v


def _whole(v: object, label: str) -> int:
    if whole_problem(v):  # the one rule; the message names the TOML kind ("a string ('3')")
        raise _Bad(label, f"must be a whole number, got {_kind(v)}")
    assert isinstance(v, int)
    return v


def _number(v: object, label: str) -> float:
    """A finite number: TOML allows inf and nan, a lesson does not."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _Bad(label, f"must be a number, got {_kind(v)}")
    if not math.isfinite(v):
        raise _Bad(label, f"must be a finite number, got {v}")
    return float(v)


def _vector(v: object, label: str) -> list[float]:
    if not isinstance(v, list) or not v:
        raise _Bad(label, f"must be a non-empty list of numbers, got {_kind(v)}")
    return [_number(a, f"{label}[{k}]") for k, a in enumerate(v)]


def _matrix(v: object, label: str) -> list[list[float]]:
    if not isinstance(v, list) or not v or not all(isinstance(r, list) and r for r in v):
        raise _Bad(label, f"must be a non-empty list of non-empty rows, got {_kind(v)}")
    if any(len(r) != len(v[0]) for r in v):
        raise _Bad(label, f"rows have different lengths: {[len(r) for r in v]}")
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

# The key of a lesson file that holds a `Config` field `resolve` refuses.
KEY_OF_FIELD = {"params": "params.W1", "target": "data.target"}


def _read(doc: dict[str, Any]) -> dict[str, Any]:
    """Every key of `doc` read and checked as `KEYS` says, by dotted name (absent: default)."""
    values: dict[str, Any] = {}
    tables: dict[str, dict[str, Any]] = {"": doc}
    for section in SECTIONS:
        if section in doc:
            if not isinstance(doc[section], dict):
                raise _Bad(section, f"must be a table ([{section}]), got {_kind(doc[section])}")
            tables[section] = doc[section]
    for prefix, table in tables.items():
        names = [k.name for k in KEYS if k.name.rpartition(".")[0] == prefix]
        if not prefix:
            names += list(SECTIONS)
        dot = f"{prefix}." if prefix else ""
        for k in table:
            if dot + k not in names:
                raise _Bad(dot + k, f"unknown key (expected one of {', '.join(names)})")
    for key in KEYS:
        prefix, _, last = key.name.rpartition(".")
        table = tables.get(prefix, {})
        if last not in table:
            if key.missing:
                raise _Bad(key.name, key.missing)
            values[key.name] = key.default
            continue
        value = key.read(table[last], key.name)
        problem = key.check(value) if key.check else None
        if problem:
            raise _Bad(key.name, problem)
        values[key.name] = value
    values["has.params"], values["has.data"] = "params" in doc, "data" in doc
    return values


def _config(v: dict[str, Any], source: str) -> Config:
    """The `Config` the keys describe; the rules that join several keys live here."""
    if not v["has.data"]:
        raise _Bad("data", "missing (give dataset = ..., csv = ..., or x and y)")
    given = [k for k in ("dataset", "csv", "x") if v[f"data.{k}"] is not None]
    if not given:
        if v["data.y"] is not None:
            raise _Bad("data.x", "missing (inline data needs both x and y)")
        raise _Bad("data", "no samples (give dataset = ..., csv = ..., or x and y)")
    if len(given) > 1:
        raise _Bad("data", f"give only one of dataset, csv or x (got {', '.join(given)})")
    if given[0] == "dataset" and v["data.target"] is not None:
        raise _Bad("data.target", "only makes sense with csv = ... or inline x and y")
    if given[0] != "x":
        for k in ("y", "features", "name"):
            if v[f"data.{k}"] is not None:
                raise _Bad(f"data.{k}", "only makes sense with inline x and y")
    config = Config(
        task=v["task"], hidden=v["hidden"], lr=v["lr"], seed=v["seed"], sample=v["sample"]
    )
    if given[0] == "dataset":
        try:
            get_dataset(v["data.dataset"])
        except TinyNNError as e:
            raise _Bad("data.dataset", str(e)) from None
        config = config.with_(dataset=v["data.dataset"])
    elif given[0] == "csv":
        path = os.path.join(os.path.dirname(source), v["data.csv"])
        try:  # read here: the lesson's data travel with its Config, wherever it goes
            config = config.with_(data=load_csv(path, v["data.target"]))
        except TinyNNError as e:
            raise _Bad("data.csv", str(e)) from None
    else:
        config = config.with_(data=_inline(v))
    if v["has.params"]:
        config = config.with_(params=_params(v))
    return config


def _inline(v: dict[str, Any]) -> Dataset:
    X, Y = v["data.x"], v["data.y"]
    if Y is None:
        raise _Bad("data.y", "missing (inline data needs both x and y)")
    if len(Y) != len(X):
        raise _Bad("data.y", f"has {len(Y)} targets but data.x has {len(X)} samples")
    n = len(X[0])
    named = [printable(f) for f in v["data.features"] or []]
    features = named or default_names(n)
    if len(features) != n:
        raise _Bad("data.features", f"names {len(features)} inputs, the data has {n}")
    task = "classification" if all(y in (0.0, 1.0) for y in Y) else "regression"
    name, target = printable(v["data.name"] or "inline"), printable(v["data.target"] or "y")
    return Dataset(name, X, Y, task, features, target)


def _params(v: dict[str, Any]) -> Params:
    for k in ("W1", "b1", "W2", "b2"):
        if v[f"params.{k}"] is None:
            raise _Bad(f"params.{k}", "missing (give all of W1, b1, W2 and b2)")
    h = len(v["params.W1"])
    for k in ("b1", "W2"):
        if len(v[f"params.{k}"]) != h:
            n = len(v[f"params.{k}"])
            raise _Bad(f"params.{k}", f"has {n} entries, expected {h} (rows of W1)")
    return Params(v["params.W1"], v["params.b1"], v["params.W2"], v["params.b2"])


# --- reading lessons


def shipped_lessons() -> list[str]:
    """The names of the lessons that ship with tinynn, sorted."""
    return sorted(name[: -len(".toml")] for name in os.listdir(LESSONS) if name.endswith(".toml"))


def lesson_path(path_or_name: str) -> str:
    """The file of a lesson given by its shipped name or by a path."""
    if path_or_name in shipped_lessons():
        return os.path.join(LESSONS, f"{path_or_name}.toml")
    if os.path.exists(path_or_name):
        return path_or_name
    raise LessonError(
        f"no lesson named {path_or_name!r} and no such file "
        f"(shipped lessons: {', '.join(shipped_lessons())})"
    )


def load_lesson(path_or_name: str) -> Lesson:
    """Read and check a lesson file.

    Args:
        path_or_name: a shipped lesson's name (see `shipped_lessons`) or a path.

    Raises:
        LessonError: the file is missing, not TOML, or a key is unknown, of the
            wrong type or shape, not finite, or out of range.
    """
    path = lesson_path(path_or_name)
    return parse_lesson(read_text(path, LessonError, "a lesson"), path)


def parse_lesson(text: str, source: str) -> Lesson:
    """Check the TOML `text` of a lesson; `source` is its path (CSV paths are relative to it)."""
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise LessonError(f"{source}: not valid TOML: {e}") from None
    except RecursionError:
        raise LessonError(f"{source}: not valid TOML: nested too deeply") from None
    except ValueError:  # Python refuses to read a whole number of more than 4300 digits
        limit = sys.get_int_max_str_digits()
        raise LessonError(f"{source}: a whole number has more than {limit} digits") from None
    try:
        v = _read(doc)
        config = _config(v, source)
        resolve(config)  # the checks every set-up passes (ranges, shapes, caps)
    except _Bad as e:
        raise LessonError(f"{source}: {e.label}: {e.message}") from None
    except SetupError as e:
        raise LessonError(f"{source}: {KEY_OF_FIELD.get(e.field, e.field)}: {e}") from None
    name = printable(os.path.basename(source).removesuffix(".toml"))  # a file's name is text
    modes = tuple(m for m in MODES if m in v["modes"])
    title, text = printable(v["title"].strip()), printable(v["text"].strip(), keep="\n")
    return Lesson(name, title, text, modes, v["tolerance"], v["epochs"], source, config)
