"""Datasets: small built-in ones for a walkthrough, and a user's own CSV.

    sine    1 input,  regression:      y = sin(x) at 21 points on [-3, 3]   (the default)
    xor     2 inputs, classification:  the four corners of the unit square
    circle  2 inputs, classification:  60 points, label 1 inside a circle

Every built-in dataset is the same on every run (no random state leaks in).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from tinynn.core.errors import DataError
from tinynn.core.numbers import typed_text
from tinynn.io.files import CSV_LIMIT, check_path, printable, read_lines, show


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
    def inputs_named(self) -> bool:
        """True if the inputs have names of their own (a CSV's header, a lesson's features),
        not the defaults x or x1, x2, ..., which say nothing."""
        return self.feature_names != default_names(len(self.feature_names))

    def input_name(self, i: int) -> str:
        """Input i as a plot calls it: its column's name, or x[i] as the trace writes it."""
        return self.feature_names[i] if self.inputs_named else f"x[{i}]"

    @property
    def n_inputs(self) -> int:
        return len(self.X[0])

    @property
    def samples(self) -> list[tuple[list[float], float]]:
        return list(zip(self.X, self.Y))


def default_names(n: int) -> list[str]:
    """What n inputs are called when nothing names them: x, or x1, x2, ..."""
    return ["x"] if n == 1 else [f"x{i + 1}" for i in range(n)]


def sine() -> Dataset:
    xs = [round(-3.0 + 0.3 * k, 2) for k in range(21)]
    ys = [round(math.sin(x), 3) for x in xs]
    return Dataset("sine", [[x] for x in xs], ys, "regression", default_names(1))


def xor() -> Dataset:
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    return Dataset("xor", X, [0.0, 1.0, 1.0, 0.0], "classification", default_names(2))


def circle() -> Dataset:
    rng = random.Random(7)
    X = [[round(rng.uniform(-1, 1), 2), round(rng.uniform(-1, 1), 2)] for _ in range(60)]
    Y = [1.0 if a * a + b * b < 0.5 else 0.0 for a, b in X]
    return Dataset("circle", X, Y, "classification", default_names(2))


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
                    f"sample {k} is {typed_text(y)}"
                )


def load_csv(path: str, target: str | None = None) -> Dataset:
    """Read a numeric CSV with a header row.

    Args:
        path: the file (a str or os.PathLike). At most `files.CSV_LIMIT` bytes
            (256 MiB) are read; a named pipe is read too, a device is refused.
        target: the name of the target column; the last column if None.
            Every other column is an input.

    Returns:
        A `Dataset` (its task guessed: classification if every target is 0 or 1).

    Raises:
        DataError: one line naming the file (and the line and column, if a cell
            is wrong): a missing, unreadable, too large or non-UTF-8 file, no
            header row, a row of the wrong length, a cell that is not a finite number...
    """
    import csv  # here, not at the top: only CSV files need it
    import gc

    path = check_path(path, DataError, "path", "load_csv")
    if target is not None and not isinstance(target, str):
        raise DataError(
            f"load_csv: target must be a column name (a str) or None, got {type(target).__name__}"
        )
    where = show(path)
    # Row by row, straight from the file: neither the text nor the rows are ever held whole.
    rows = enumerate(csv.reader(read_lines(path, DataError, "a CSV file", CSV_LIMIT)), start=1)
    collecting = gc.isenabled()
    try:
        first = next(((n, r) for n, r in rows if any(c.strip() for c in r)), None)
        if first is None:
            raise DataError(f"{where} is empty")
        header, t = _header(where, [printable(c.strip()) for c in first[1]], target)
        # A million rows make a million lists, and the cyclic garbage collector would walk
        # all of them again and again (a third of the time); lists of floats hold no cycles.
        gc.disable()
        X, Y = _rows(where, header, t, rows)
    except csv.Error as e:
        raise DataError(f"cannot read {where}: {e}") from None
    finally:
        if collecting:
            gc.enable()
    if not X:
        raise DataError(f"{where} has a header but no data rows")
    task = "classification" if set(Y) <= {0.0, 1.0} else "regression"
    name = printable(path.replace("\\", "/").rsplit("/", 1)[-1])  # shown as its header is
    return Dataset(name, X, Y, task, header[:t] + header[t + 1 :], header[t])


def _header(where: str, header: list[str], target: str | None) -> tuple[list[str], int]:
    """The checked header, and the index of the target column."""
    if all(_is_number(c) for c in header):
        raise DataError(
            f"{where} has no header row (the first line holds numbers: name the columns)"
        )
    if len(header) < 2:
        sep = next((s for s in (";", "\t", "|") if s in header[0]), None)
        hint = f" (the cells must be separated by commas, not {sep!r})" if sep else ""
        raise DataError(
            f"{where} needs at least two columns (inputs and a target), got {len(header)}{hint}"
        )
    if "" in header:
        k = header.index("")
        hint = " (a comma at the end of the line?)" if k == len(header) - 1 else ""
        raise DataError(f"{where}: column {k + 1} of the header has no name{hint}")
    if len(set(header)) != len(header):
        twice = next(c for c in header if header.count(c) > 1)
        raise DataError(f"{where}: column names must be distinct, but two are named {twice!r}")
    target = header[-1] if target is None else target
    if target not in header:
        raise DataError(f"{where} has no column named {target!r} (columns: {', '.join(header)})")
    return header, header.index(target)


def _rows(
    where: str, header: list[str], t: int, rows: Iterator[tuple[int, list[str]]]
) -> tuple[list[list[float]], list[float]]:
    """Inputs and targets of the data rows (after the header), blank rows skipped.

    Speed matters here (a million rows should take about a second): each row is
    converted in one go, and only a row that fails is looked at cell by cell to
    name the problem.
    """
    X: list[list[float]] = []
    Y: list[float] = []
    width, last = len(header), t == len(header) - 1
    isfinite = math.isfinite
    for line, row in rows:
        values: list[float] | None = None
        if len(row) == width:
            try:
                values = list(map(float, row))
            except ValueError:
                values = None  # named below, cell by cell
        # A sum is finite only if every term is: inf and nan survive any addition.
        if values is None or not isfinite(sum(values)):
            if not any(c.strip() for c in row):
                continue  # a blank line, or one of empty cells only
            if len(row) != width:
                raise DataError(
                    f"{where}, line {line}: {_cells(len(row))}, but the header has {width}"
                )
            values = [_parse(where, line, name, cell) for name, cell in zip(header, row)]
        Y.append(values[t])
        X.append(values[:t] if last else values[:t] + values[t + 1 :])  # slices fit exactly
    return X, Y


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


def _cells(n: int) -> str:
    return "1 cell" if n == 1 else f"{n} cells"
