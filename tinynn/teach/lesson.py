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

import os
import re
import sys
from dataclasses import dataclass
from typing import Any

from tinynn.core.errors import TinyNNError
from tinynn.core.numbers import quoted
from tinynn.core.params import Params
from tinynn.io.data import Dataset, default_names, get_dataset, load_csv
from tinynn.io.files import path_below, printable, read_text
from tinynn.run.config import Config, Setup, SetupError, resolve
from tinynn.teach.lesson_keys import MODES, BadKey, read_keys

# The shipped lessons' folder, beside this module (package data). Found from __file__, not
# with importlib.resources, which costs every command that reads options 5 ms of imports.
LESSONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lessons")


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


# The key of a lesson file that holds a `Config` field `resolve` refuses.
KEY_OF_FIELD = {"params": "params.W1", "target": "data.target"}


def _config(v: dict[str, Any], source: str) -> Config:
    """The `Config` the keys describe; the rules that join several keys live here."""
    if not v["has.data"]:
        raise BadKey("data", "missing (give dataset = ..., csv = ..., or x and y)")
    given = [k for k in ("dataset", "csv", "x") if v[f"data.{k}"] is not None]
    if not given:
        if v["data.y"] is not None:
            raise BadKey("data.x", "missing (inline data needs both x and y)")
        raise BadKey("data", "no samples (give dataset = ..., csv = ..., or x and y)")
    if len(given) > 1:
        raise BadKey("data", f"give only one of dataset, csv or x (got {', '.join(given)})")
    if given[0] == "dataset" and v["data.target"] is not None:
        raise BadKey("data.target", "only makes sense with csv = ... or inline x and y")
    if given[0] != "x":
        for k in ("y", "features", "name"):
            if v[f"data.{k}"] is not None:
                raise BadKey(f"data.{k}", "only makes sense with inline x and y")
    config = Config(
        task=v["task"], hidden=v["hidden"], lr=v["lr"], seed=v["seed"], sample=v["sample"]
    )
    if given[0] == "dataset":
        try:
            get_dataset(v["data.dataset"])
        except TinyNNError as e:
            raise BadKey("data.dataset", str(e)) from None
        config = config.with_(dataset=v["data.dataset"])
    elif given[0] == "csv":
        path = path_below(os.path.dirname(source), v["data.csv"])
        if path is None:  # a lesson handed out may not read the machine's other files
            raise BadKey(
                "data.csv",
                f"must name a file in the lesson's folder or below it, got {quoted(v['data.csv'])}",
            )
        try:  # read here: the lesson's data travel with its Config, wherever it goes
            config = config.with_(data=load_csv(path, v["data.target"]))
        except TinyNNError as e:
            raise BadKey("data.csv", str(e)) from None
    else:
        config = config.with_(data=_inline(v))
    if v["has.params"]:
        config = config.with_(params=_params(v))
    return config


def _inline(v: dict[str, Any]) -> Dataset:
    X, Y = v["data.x"], v["data.y"]
    if Y is None:
        raise BadKey("data.y", "missing (inline data needs both x and y)")
    if len(Y) != len(X):
        raise BadKey("data.y", f"has {len(Y)} targets but data.x has {len(X)} samples")
    n = len(X[0])
    named = [printable(f) for f in v["data.features"] or []]
    features = named or default_names(n)
    if len(features) != n:
        raise BadKey("data.features", f"names {len(features)} inputs, the data has {n}")
    task = "classification" if all(y in (0.0, 1.0) for y in Y) else "regression"
    name, target = printable(v["data.name"] or "inline"), printable(v["data.target"] or "y")
    return Dataset(name, X, Y, task, features, target)


def _params(v: dict[str, Any]) -> Params:
    for k in ("W1", "b1", "W2", "b2"):
        if v[f"params.{k}"] is None:
            raise BadKey(f"params.{k}", "missing (give all of W1, b1, W2 and b2)")
    h = len(v["params.W1"])
    for k in ("b1", "W2"):
        if len(v[f"params.{k}"]) != h:
            n = len(v[f"params.{k}"])
            raise BadKey(f"params.{k}", f"has {n} entries, expected {h} (rows of W1)")
    return Params(v["params.W1"], v["params.b1"], v["params.W2"], v["params.b2"])


# --- reading lessons


def _long_number(text: str) -> str:
    """Where a lesson's text holds a whole number too long for Python to read, and which key
    it is on ("line 3: hidden: a whole number of more than 4300 digits")."""
    limit = sys.get_int_max_str_digits()
    long_digits = re.compile("[0-9_]{" + str(limit + 1) + ",}")
    for number, line in enumerate(text.split("\n"), start=1):
        if long_digits.search(line):
            key = printable(line.partition("=")[0].strip())
            where = f"line {number}: {key[:40]}: " if "=" in line else f"line {number}: "
            return f"{where}a whole number of more than {limit} digits"
    return f"a whole number of more than {limit} digits"


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
        raise LessonError(f"{source}: {_long_number(text)}") from None
    try:
        v = read_keys(doc)
        config = _config(v, source)
        resolve(config, False)  # every set-up's checks; its size is the command's to judge
    except BadKey as e:
        raise LessonError(f"{source}: {e.label}: {e.message}") from None
    except SetupError as e:
        raise LessonError(f"{source}: {KEY_OF_FIELD.get(e.field, e.field)}: {e}") from None
    name = printable(os.path.basename(source).removesuffix(".toml"))  # a file's name is text
    modes = tuple(m for m in MODES if m in v["modes"])
    title, text = printable(v["title"].strip()), printable(v["text"].strip(), keep="\n")
    return Lesson(name, title, text, modes, v["tolerance"], v["epochs"], source, config)
