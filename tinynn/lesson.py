"""Lessons: a TOML file a teacher writes that fixes everything about an example.

A lesson names the task, the data (inline samples, a built-in dataset or a CSV
file next to the lesson), the network (exact W1, b1, W2, b2, or a hidden size
and a seed), eta, the sample to start on, a title and a short text, the quiz
tolerance and which modes it offers. `load_lesson` reads and checks one;
`Lesson.setup()` turns it into the same `Setup` every other run uses, so the
CLI and the walkthrough treat a lesson exactly like their own options.

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

The full format is in docs/lessons.md. Every mistake in a file becomes one
`LessonError` naming the file and the key.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .checks import TASKS, check_params
from .config import (
    DEFAULT_EPOCHS,
    DEFAULT_HIDDEN,
    DEFAULT_LR,
    DEFAULT_SEED,
    AtSample,
    Config,
    Setup,
    epochs_problem,
)
from .data import DATASETS, Dataset, check_for_task, get_dataset, load_csv, not_utf8
from .errors import TinyNNError
from .params import Params, init_params

MODES = ("explain", "quiz", "bughunt", "gradcheck", "compare", "train")
DEFAULT_TOLERANCE = 1e-2

TOP_KEYS = (
    "title",
    "text",
    "task",
    "lr",
    "sample",
    "seed",
    "hidden",
    "epochs",
    "tolerance",
    "modes",
    "params",
    "data",
)
PARAM_KEYS = ("W1", "b1", "W2", "b2")
DATA_KEYS = ("dataset", "csv", "target", "x", "y", "features", "name")


class LessonError(TinyNNError):
    """A lesson file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Lesson(AtSample):
    """A checked lesson: everything needed to show, quiz or train one example.

    Attributes:
        name: the file name without ".toml" (a shipped lesson's name).
        title: one line shown at the start.
        text: a short paragraph shown at the start ("" if none).
        task: "regression" or "classification".
        data: the samples.
        params: the exact starting W1, b1, W2, b2.
        lr: the learning rate eta.
        sample: the index of the sample to start on.
        modes: the modes the lesson offers (a subset of MODES, in MODES order).
        tolerance: the quiz's relative tolerance.
        epochs: how many epochs `train` runs.
        seed: the seed of the training shuffle (and of the weights if none are given).
        source: the path of the file it was read from.
    """

    name: str
    title: str
    text: str
    task: str
    data: Dataset
    params: Params
    lr: float
    sample: int
    modes: tuple[str, ...]
    tolerance: float
    epochs: int
    seed: int
    source: str

    @property
    def shape(self) -> str:
        """The network's shape as n-h-1, e.g. "2-3-1"."""
        return f"{self.params.n_inputs}-{self.params.n_hidden}-1"

    def intro(self, heading: str = "") -> str:
        """The title and the text, as shown at the start (`heading` prefixes the title)."""
        return f"{heading}{self.title}\n\n" + (f"{self.text}\n\n" if self.text else "")

    def offers(self, mode: str) -> bool:
        return mode in self.modes

    def require(self, mode: str) -> None:
        """Raise LessonError unless the lesson offers `mode`."""
        if mode not in self.modes:
            raise LessonError(
                f"{self.source}: modes: this lesson does not offer {mode!r} "
                f"(it offers {', '.join(self.modes)})"
            )

    def setup(
        self,
        lr: float | None = None,
        sample: int | None = None,
        params: Params | None = None,
        seed: int | None = None,
    ) -> Setup:
        """The lesson as a `Setup`, the form every command and the walkthrough run on.

        Args:
            lr: replaces the lesson's eta if given.
            sample: replaces the lesson's starting sample if given.
            params: replaces the lesson's weights if given (same shape as the data).
            seed: replaces the lesson's shuffle seed if given.
        """
        from .checks import check_lr
        from .errors import ConfigError

        lr = self.lr if lr is None else lr
        check_lr(lr)
        sample = self.sample if sample is None else sample
        if not 0 <= sample < len(self.data):
            raise ConfigError(
                f"sample {sample} is out of range: lesson {self.name!r} has samples "
                f"0 to {len(self.data) - 1}"
            )
        params = self.params if params is None else params
        check_params(params, self.data.n_inputs)
        seed = self.seed if seed is None else seed
        config = Config(
            task=self.task,
            dataset=self.data.name if self.data.name in DATASETS else None,
            hidden=params.n_hidden,
            lr=float(lr),
            seed=seed,
            sample=sample,
        )
        return Setup(config, self.task, self.data, params, float(lr), sample, seed)


FIXED_BY_LESSON = ("task", "dataset", "csv", "target", "hidden")


def lesson_setup(
    path_or_name: str, mode: str | None = None, options: dict[str, Any] | None = None
) -> tuple[Lesson, Setup]:
    """The lesson behind `--lesson` and the `Setup` a command runs on.

    Args:
        path_or_name: the lesson's shipped name or its path.
        mode: the command ("explain", "quiz", ...); the lesson must offer it (None: any).
        options: the command's other options by name; None means "not given".
            lr, sample, seed and load (a parameters JSON file) replace the
            lesson's own; task, dataset, csv, target and hidden cannot be
            combined with a lesson, which fixes the data and the network.
    """
    from .errors import ConfigError
    from .params_io import load_params

    options = options or {}
    for key in FIXED_BY_LESSON:
        if options.get(key) is not None:
            raise ConfigError(
                f"--lesson fixes the data and the network: drop --{key} (or drop --lesson)"
            )
    lesson = load_lesson(path_or_name)
    if mode is not None:
        lesson.require(mode)
    load = options.get("load")
    params = load_params(load, lesson.data.n_inputs) if load is not None else None
    setup = lesson.setup(
        lr=options.get("lr"), sample=options.get("sample"), params=params, seed=options.get("seed")
    )
    return lesson, setup


def lessons_text(name: str | None = None) -> str:
    """`tinynn lessons`: a table of the shipped lessons, or the TOML text of one lesson."""
    if name is not None:
        lesson = load_lesson(name)  # checks it
        with open(lesson.source, encoding="utf-8") as f:
            return f.read()
    rows = [("name", "title", "task", "shape")]
    for n in shipped_lessons():
        lesson = load_lesson(n)
        rows.append((n, lesson.title, lesson.task, lesson.shape))
    widths = [max(len(r[k]) for r in rows) for k in range(3)]
    lines = ["  ".join([*(r[k].ljust(widths[k]) for k in range(3)), r[3]]) for r in rows]
    lines.append("")
    lines.append("Use one with --lesson NAME (or --lesson path/to/file.toml); print one with")
    lines.append("'tinynn lessons NAME'. The format is described in docs/lessons.md.")
    return "\n".join(lines) + "\n"


def shipped_lessons() -> list[str]:
    """The names of the lessons that ship with tinynn, sorted."""
    folder = resources.files("tinynn") / "lessons"
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def lesson_path(path_or_name: str) -> str:
    """The file of a lesson given by its shipped name or by a path."""
    if path_or_name in shipped_lessons():
        return str(resources.files("tinynn") / "lessons" / f"{path_or_name}.toml")
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

    Returns:
        A `Lesson`.

    Raises:
        LessonError: the file is missing, not TOML, or a key is unknown, of the
            wrong type or shape, not finite, or out of range.
    """
    path = lesson_path(path_or_name)
    try:
        with open(path, encoding="utf-8-sig") as f:  # -sig: a byte-order mark is not TOML
            text = f.read()
    except UnicodeDecodeError as e:
        raise LessonError(f"cannot read {path}: {not_utf8(e)}") from None
    except OSError as e:
        raise LessonError(f"cannot read {path}: {e.strerror or e}") from None
    return parse_lesson(text, path)


def parse_lesson(text: str, source: str) -> Lesson:
    """Check the TOML `text` of a lesson; `source` is its path (CSV paths are relative to it)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        raise LessonError("lessons need Python 3.11+") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise LessonError(f"{source}: not valid TOML: {e}") from None
    except RecursionError:
        raise LessonError(f"{source}: not valid TOML: nested too deeply") from None
    return _Checker(source).lesson(doc)


class _Checker:
    """Turns a parsed TOML document into a Lesson, one key at a time."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, message: str) -> LessonError:
        return LessonError(f"{self.source}: {key}: {message}")

    def lesson(self, doc: dict[str, Any]) -> Lesson:
        self.known(doc, TOP_KEYS, "")
        if "title" not in doc:
            raise self.fail("title", "missing (every lesson needs a one-line title)")
        title = self.string(doc, "title")
        if not title.strip() or "\n" in title.strip():
            raise self.fail("title", "must be one non-empty line")
        text = self.string(doc, "text") if "text" in doc else ""
        data = self.data(doc)
        task = self.string(doc, "task") if "task" in doc else data.task
        if task not in TASKS:
            raise self.fail(
                "task", f"unknown task {task!r} (expected regression or classification)"
            )
        try:
            check_for_task(data, task)
        except TinyNNError as e:
            raise self.fail("data", str(e)) from None
        lr = self.number(doc, "lr") if "lr" in doc else DEFAULT_LR
        if lr <= 0:
            raise self.fail("lr", f"the learning rate must be greater than 0, got {lr:g}")
        sample = self.integer(doc, "sample") if "sample" in doc else 0
        if not 0 <= sample < len(data):
            raise self.fail(
                "sample", f"{sample} is out of range: the data has samples 0 to {len(data) - 1}"
            )
        seed = self.integer(doc, "seed") if "seed" in doc else DEFAULT_SEED
        epochs = self.integer(doc, "epochs") if "epochs" in doc else DEFAULT_EPOCHS
        problem = epochs_problem(epochs)
        if problem:
            raise self.fail("epochs", problem)
        tolerance = self.number(doc, "tolerance") if "tolerance" in doc else DEFAULT_TOLERANCE
        if not 0 < tolerance < 1:
            raise self.fail("tolerance", f"must be between 0 and 1 (relative), got {tolerance:g}")
        modes = self.modes(doc)
        params = self.params(doc, data.n_inputs, seed)
        name = os.path.basename(self.source)
        name = name[: -len(".toml")] if name.endswith(".toml") else name
        return Lesson(
            name, title.strip(), text.strip(), task, data, params, lr, sample, modes,
            tolerance, epochs, seed, self.source,
        )  # fmt: skip

    # --- sections

    def data(self, doc: dict[str, Any]) -> Dataset:
        if "data" not in doc:
            raise self.fail("data", "missing (give dataset = ..., csv = ..., or x and y)")
        d = self.table(doc, "data")
        self.known(d, DATA_KEYS, "data.")
        sources = [k for k in ("dataset", "csv", "x") if k in d]
        if not sources:
            if "y" in d:
                raise self.fail("data.x", "missing (inline data needs both x and y)")
            raise self.fail("data", "no samples (give dataset = ..., csv = ..., or x and y)")
        if len(sources) > 1:
            got = ", ".join(sources)
            raise self.fail("data", f"give only one of dataset, csv or x (got {got})")
        if sources[0] != "csv" and "target" in d and "x" not in d:
            raise self.fail("data.target", "only makes sense with csv = ... or inline x and y")
        if sources[0] != "x":
            for k in ("y", "features", "name"):
                if k in d:
                    raise self.fail(f"data.{k}", "only makes sense with inline x and y")
        if "dataset" in d:
            try:
                return get_dataset(self.string(d, "dataset", "data.dataset"))
            except TinyNNError as e:
                raise self.fail("data.dataset", str(e)) from None
        if "csv" in d:
            rel = self.string(d, "csv", "data.csv")
            path = os.path.join(os.path.dirname(self.source), rel)
            target = self.string(d, "target", "data.target") if "target" in d else None
            try:
                return load_csv(path, target)
            except TinyNNError as e:
                raise self.fail("data.csv", str(e)) from None
        return self.inline(d)

    def inline(self, d: dict[str, Any]) -> Dataset:
        if "y" not in d:
            raise self.fail("data.y", "missing (inline data needs both x and y)")
        X = self.matrix(d, "x", "data.x")
        Y = self.vector(d, "y", "data.y")
        if len(Y) != len(X):
            raise self.fail("data.y", f"has {len(Y)} targets but data.x has {len(X)} samples")
        n = len(X[0])
        features = [f"x{i + 1}" for i in range(n)] if n > 1 else ["x"]
        if "features" in d:
            features = self.strings(d, "features", "data.features")
            if len(features) != n:
                raise self.fail("data.features", f"names {len(features)} inputs, the data has {n}")
        target = self.string(d, "target", "data.target") if "target" in d else "y"
        name = self.string(d, "name", "data.name") if "name" in d else "inline"
        task = "classification" if all(y in (0.0, 1.0) for y in Y) else "regression"
        return Dataset(name, X, Y, task, features, target)

    def params(self, doc: dict[str, Any], n_inputs: int, seed: int) -> Params:
        hidden = self.integer(doc, "hidden") if "hidden" in doc else None
        if hidden is not None and hidden < 1:
            raise self.fail("hidden", f"must be at least 1, got {hidden}")
        if "params" not in doc:
            return init_params(n_inputs, hidden or DEFAULT_HIDDEN, seed)
        p = self.table(doc, "params")
        self.known(p, PARAM_KEYS, "params.")
        for k in PARAM_KEYS:
            if k not in p:
                raise self.fail(f"params.{k}", "missing (give all of W1, b1, W2 and b2)")
        W1 = self.matrix(p, "W1", "params.W1")
        h = len(W1)
        if len(W1[0]) != n_inputs:
            raise self.fail(
                "params.W1",
                f"rows have {len(W1[0])} entries but the data has {n_inputs} input(s) per sample",
            )
        if hidden is not None and hidden != h:
            raise self.fail("hidden", f"is {hidden} but params.W1 has {h} rows (hidden units)")
        b1 = self.vector(p, "b1", "params.b1")
        W2 = self.vector(p, "W2", "params.W2")
        for key, v in (("b1", b1), ("W2", W2)):
            if len(v) != h:
                raise self.fail(f"params.{key}", f"has {len(v)} entries, expected {h} (rows of W1)")
        b2 = self.number(p, "b2", "params.b2")
        params = Params(W1, b1, W2, b2)
        check_params(params, n_inputs)
        return params

    def modes(self, doc: dict[str, Any]) -> tuple[str, ...]:
        if "modes" not in doc:
            return MODES
        modes = self.strings(doc, "modes", "modes")
        for m in modes:
            if m not in MODES:
                raise self.fail("modes", f"unknown mode {m!r} (choose from {', '.join(MODES)})")
        if not modes:
            raise self.fail("modes", "is empty (name at least one mode)")
        return tuple(m for m in MODES if m in modes)

    # --- values

    def known(self, table: dict[str, Any], keys: tuple[str, ...], prefix: str) -> None:
        for k in table:
            if k not in keys:
                expected = ", ".join(prefix + c for c in keys)
                raise self.fail(prefix + k, f"unknown key (expected one of {expected})")

    def table(self, doc: dict[str, Any], key: str) -> dict[str, Any]:
        v = doc[key]
        if not isinstance(v, dict):
            raise self.fail(key, f"must be a table ([{key}]), got {_kind(v)}")
        return v

    def string(self, doc: dict[str, Any], key: str, label: str | None = None) -> str:
        v = doc[key]
        if not isinstance(v, str):
            raise self.fail(label or key, f"must be a string, got {_kind(v)}")
        return v

    def strings(self, doc: dict[str, Any], key: str, label: str) -> list[str]:
        v = doc[key]
        if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
            raise self.fail(label, f"must be a list of strings, got {_kind(v)}")
        return v

    def integer(self, doc: dict[str, Any], key: str) -> int:
        v = doc[key]
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.fail(key, f"must be a whole number, got {_kind(v)}")
        return v

    def number(self, doc: dict[str, Any], key: str, label: str | None = None) -> float:
        return self.finite(doc[key], label or key)

    def finite(self, v: object, label: str) -> float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail(label, f"must be a number, got {_kind(v)}")
        if not math.isfinite(v):
            raise self.fail(label, f"must be a finite number, got {v}")
        return float(v)

    def vector(self, doc: dict[str, Any], key: str, label: str) -> list[float]:
        v = doc[key]
        if not isinstance(v, list) or not v:
            raise self.fail(label, f"must be a non-empty list of numbers, got {_kind(v)}")
        return [self.finite(a, f"{label}[{k}]") for k, a in enumerate(v)]

    def matrix(self, doc: dict[str, Any], key: str, label: str) -> list[list[float]]:
        v = doc[key]
        if not isinstance(v, list) or not v or not all(isinstance(r, list) and r for r in v):
            raise self.fail(label, f"must be a non-empty list of non-empty rows, got {_kind(v)}")
        if any(len(r) != len(v[0]) for r in v):
            raise self.fail(label, f"rows have different lengths: {[len(r) for r in v]}")
        return [[self.finite(a, f"{label}[{r}][{c}]") for c, a in enumerate(row)]
                for r, row in enumerate(v)]  # fmt: skip


def _kind(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "an empty list" if not v else f"a list ({_toml_value(v)[:40]})"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, str):
        return f"a string ({v!r})"
    return repr(v)


# --- writing a lesson back


def lesson_to_toml(lesson: Lesson) -> str:
    """A self-contained TOML text that `parse_lesson` reads back as the same lesson.

    The data are written inline (x and y), so a lesson made from a built-in
    dataset or a CSV file becomes one file that can be passed around.
    """
    d, p = lesson.data, lesson.params
    lines = [
        f"title = {_toml_value(lesson.title)}",
        f"text = {_toml_value(lesson.text)}",
        f"task = {_toml_value(lesson.task)}",
        f"lr = {_toml_value(lesson.lr)}",
        f"sample = {lesson.sample}",
        f"seed = {lesson.seed}",
        f"epochs = {lesson.epochs}",
        f"tolerance = {_toml_value(lesson.tolerance)}",
        f"modes = {_toml_value(list(lesson.modes))}",
        "",
        "[params]",
        f"W1 = {_toml_value(p.W1)}",
        f"b1 = {_toml_value(p.b1)}",
        f"W2 = {_toml_value(p.W2)}",
        f"b2 = {_toml_value(p.b2)}",
        "",
        "[data]",
        f"name = {_toml_value(d.name)}",
        f"features = {_toml_value(d.feature_names)}",
        f"target = {_toml_value(d.target_name)}",
        f"x = {_toml_value(d.X)}",
        f"y = {_toml_value(d.Y)}",
    ]
    return "\n".join(lines) + "\n"


def save_lesson(path: str, lesson: Lesson) -> None:
    """Write `lesson_to_toml(lesson)` to `path`."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(lesson_to_toml(lesson))


def _toml_value(v: object) -> str:
    """A TOML literal: JSON's string escapes and Python's float repr are valid TOML."""
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(a) for a in v) + "]"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return str(v)
