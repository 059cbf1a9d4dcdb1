"""Datasets: small built-in ones for a walkthrough, and a user's own CSV.

    sine    1 input,  regression:      y = sin(x) at 21 points on [-3, 3]   (the default)
    xor     2 inputs, classification:  the four corners of the unit square
    circle  2 inputs, classification:  60 points, label 1 inside a circle

Every built-in dataset is the same on every run (no random state leaks in).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from .errors import DataError


@dataclass(frozen=True)
class Dataset:
    """Inputs X (one list per sample), targets Y, and what they are called."""

    name: str
    X: list[list[float]]
    Y: list[float]
    task: str
    feature_names: list[str]
    target_name: str = "y"

    def __len__(self) -> int:
        return len(self.Y)

    @property
    def n_inputs(self) -> int:
        return len(self.X[0])

    @property
    def samples(self) -> list[tuple[list[float], float]]:
        return list(zip(self.X, self.Y))


def sine() -> Dataset:
    xs = [round(-3.0 + 0.3 * k, 2) for k in range(21)]
    return Dataset(
        "sine", [[x] for x in xs], [round(math.sin(x), 3) for x in xs], "regression", ["x"]
    )


def xor() -> Dataset:
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    return Dataset("xor", X, [0.0, 1.0, 1.0, 0.0], "classification", ["x1", "x2"])


def circle() -> Dataset:
    rng = random.Random(7)
    X = [[round(rng.uniform(-1, 1), 2), round(rng.uniform(-1, 1), 2)] for _ in range(60)]
    Y = [1.0 if a * a + b * b < 0.5 else 0.0 for a, b in X]
    return Dataset("circle", X, Y, "classification", ["x1", "x2"])


DATASETS = {"sine": sine, "xor": xor, "circle": circle}
DEFAULT_DATASET = {"regression": "sine", "classification": "xor"}


def get_dataset(name: str) -> Dataset:
    """A built-in dataset by name (see DATASETS)."""
    if name not in DATASETS:
        raise DataError(f"unknown dataset {name!r} (choose from {', '.join(DATASETS)})")
    return DATASETS[name]()


def check_for_task(data: Dataset, task: str) -> None:
    """Raise DataError if the targets cannot be used for `task`."""
    if task == "classification":
        for k, y in enumerate(data.Y):
            if y not in (0.0, 1.0):
                raise DataError(
                    f"classification needs targets 0 or 1, but {data.target_name!r} of "
                    f"sample {k} is {y:g}"
                )


def load_csv(path: str, target: str | None = None) -> Dataset:
    """Read a numeric CSV with a header row.

    Args:
        path: the file.
        target: the name of the target column; the last column if None.
            Every other column is an input.

    Returns:
        A `Dataset` (its task guessed: classification if every target is 0 or 1).
    """
    import csv  # here, not at the top: only CSV files need it

    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [
                (n, r) for n, r in enumerate(csv.reader(f), start=1) if any(c.strip() for c in r)
            ]
    except FileNotFoundError:
        raise DataError(f"no such file: {path}") from None
    except UnicodeDecodeError as e:
        raise DataError(f"cannot read {path}: {not_utf8(e)}") from None
    except (OSError, csv.Error) as e:
        raise DataError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from None
    if not rows:
        raise DataError(f"{path} is empty")
    header = [c.strip() for c in rows[0][1]]
    if all(_is_number(c) for c in header):
        raise DataError(
            f"{path} has no header row (the first line holds numbers: name the columns)"
        )
    if len(header) < 2:
        sep = next((s for s in (";", "\t", "|") if s in header[0]), None)
        hint = f" (the cells must be separated by commas, not {sep!r})" if sep else ""
        raise DataError(
            f"{path} needs at least two columns (inputs and a target), got {len(header)}{hint}"
        )
    if "" in header:
        k = header.index("")
        hint = " (a comma at the end of the line?)" if k == len(header) - 1 else ""
        raise DataError(f"{path}: column {k + 1} of the header has no name{hint}")
    if len(set(header)) != len(header):
        twice = next(c for c in header if header.count(c) > 1)
        raise DataError(f"{path}: column names must be distinct, but two are named {twice!r}")
    target = header[-1] if target is None else target
    if target not in header:
        raise DataError(f"{path} has no column named {target!r} (columns: {', '.join(header)})")
    t = header.index(target)
    X: list[list[float]] = []
    Y: list[float] = []
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise DataError(
                f"{path}, line {line}: {len(row)} cells, but the header has {len(header)}"
            )
        values = [_parse(path, line, name, cell) for name, cell in zip(header, row)]
        Y.append(values[t])
        X.append(values[:t] + values[t + 1 :])
    if not X:
        raise DataError(f"{path} has a header but no data rows")
    task = "classification" if all(y in (0.0, 1.0) for y in Y) else "regression"
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return Dataset(name, X, Y, task, header[:t] + header[t + 1 :], target)


def not_utf8(e: UnicodeDecodeError) -> str:
    """A one-line reason for a file that is not UTF-8 text."""
    return f"not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset {e.start}); save it as UTF-8"


def _show(cell: str, quote: bool = True, most: int = 40) -> str:
    """A cell as an error message quotes it: stripped, and cut if it is long."""
    cell = cell.strip()
    shown = repr(cell[:most]) if quote else cell[:most]
    return shown if len(cell) <= most else f"{shown}... ({len(cell)} characters)"


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def _parse(path: str, line: int, column: str, cell: str) -> float:
    try:
        v = float(cell)
    except ValueError:
        raise DataError(
            f"{path}, line {line}, column {column!r}: not a number: {_show(cell)}"
        ) from None
    if not math.isfinite(v):
        shown = _show(cell, quote=False)
        raise DataError(f"{path}, line {line}, column {column!r}: not a finite number: {shown}")
    return v
