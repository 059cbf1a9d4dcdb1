"""A student's notebook as the Python of its code cells: what a grader runs of it.

Jupyter saves a notebook as JSON (nbformat 4): a list of cells, each with its source as
one string or a list of lines. `notebook_code` joins the source of the code cells, in
order, into the text of one Python file, with the standard library alone (no Jupyter on
the grading machine), and leaves out what is not the student's code to grade:

- a cell tagged `self-check` (docs/assignment.ipynb's `tinynn.check(step)`): run by a
  grader it would check the step a second time, and print; nbconvert drops it the same
  way (`--TagRemovePreprocessor.remove_cell_tags='["self-check"]'`);
- IPython's magics and shell escapes (`%time`, `!pip install ...`), which are not
  Python: kept, as comments, and so is a cell that a cell magic (`%%bash`) gives to
  another language.

Each cell starts with a `# --- cell K` line (K counts every cell from 1), so that a line
number in an error points to the cell it came from. `tinynn check NOTEBOOK.ipynb` and
`tinynn grade` run this code (the child loads it with `notebook_lines` in linecache, so a
traceback's line shows the cell's code); `python -m tinynn.grading.notebook_code
NOTEBOOK.ipynb > step.py` prints it.
"""

from __future__ import annotations

import json
import linecache
import os
import re
import sys

from tinynn.core.errors import TinyNNError
from tinynn.io.files import read_text, show

NOTEBOOK_SUFFIX = ".ipynb"
SKIP_TAG = "self-check"
# Cell magics whose body is still Python (it is kept: only the magic's line is a comment).
PYTHON_CELL_MAGICS = ("time", "timeit", "capture", "prun")
_MAGIC = re.compile(r"^\s*[%!]")


def notebook_code(path: str | os.PathLike[str]) -> str:
    """The Python of the notebook at `path`: its code cells in order, a cell tagged
    `self-check` left out, magics and shell lines as comments.

    Raises:
        TinyNNError: the file cannot be read, or is not a Jupyter notebook of nbformat 4
            (one line, naming the file).
    """
    name = os.fspath(path)
    return cells_code(read_text(name, TinyNNError, "a notebook"), os.path.basename(name))


def is_notebook(path: str) -> bool:
    """Whether `path` names a Jupyter notebook (by its suffix, as Jupyter does)."""
    return path.lower().endswith(NOTEBOOK_SUFFIX)


def notebook_lines(path: str) -> str:
    """`notebook_code(path)`, also kept in linecache under `path`, so that a traceback or a
    frame of the code compiled as `path` shows the line of the cell, not of the JSON."""
    code = notebook_code(path)
    # mtime None: linecache.checkcache keeps it (the notebook's own lines are JSON)
    linecache.cache[path] = (len(code), None, code.splitlines(keepends=True), path)
    return code


def cell_of(code: str, line: int) -> int | None:
    """The notebook cell that line `line` of its `notebook_code` came from, or None."""
    cells = re.findall(r"^# --- cell (\d+)$", "\n".join(code.split("\n")[:line]), re.MULTILINE)
    return int(cells[-1]) if cells else None


def cells_code(text: str, name: str = "the notebook") -> str:
    """`notebook_code` of a notebook's JSON text (`name` says which in an error)."""

    def fail(why: str) -> TinyNNError:
        return TinyNNError(f"cannot read {show(name)}: {why}")

    try:
        notebook = json.loads(text)
    except ValueError as e:
        raise fail(f"not a Jupyter notebook (not JSON: {e})") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        version = notebook.get("nbformat") if isinstance(notebook, dict) else None
        if isinstance(version, int) and version < 4:
            raise fail(f"a notebook of nbformat {version}: open and save it in Jupyter 4 or later")
        raise fail("not a Jupyter notebook (no list of cells)")
    parts = [f"# The code cells of {name} (tinynn.grading.notebook_code)"]
    for k, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        metadata = cell.get("metadata")
        tags = metadata.get("tags", []) if isinstance(metadata, dict) else []
        if isinstance(tags, list) and SKIP_TAG in tags:
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise fail(f"cell {k}'s source is neither text nor a list of lines")
        parts.append(f"# --- cell {k}\n{python_of(source)}")
    return "\n\n".join(parts).rstrip() + "\n"


def python_of(source: str) -> str:
    """A code cell's source as Python: a magic's or a shell escape's line as a comment; a
    cell given to another language by its cell magic (%%bash, %%html) all comments."""
    lines = source.split("\n")
    magic = re.match(r"\s*%%(\w+)", lines[0])
    if magic and magic[1] not in PYTHON_CELL_MAGICS:
        return "\n".join(f"# {line}" for line in lines)
    return "\n".join(f"# {line}" if _MAGIC.match(line) else line for line in lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m tinynn.grading.notebook_code NOTEBOOK`: print its code; exit 2 if it
    cannot be read."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tinynn.grading.notebook_code NOTEBOOK.ipynb", file=sys.stderr)
        return 2
    try:
        sys.stdout.write(notebook_code(args[0]))
    except TinyNNError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
