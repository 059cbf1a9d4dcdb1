"""A line or two under the equation panel: the student's number for the current computation.

    yours: δ1[0] = 0.25  ✗ first difference (the engine: 0.0625)

Shown only with `--check FILE.py`: the number their step returned for the key
the current event writes, ✓ when it agrees with the engine's to the checker's
tolerance, ✗ at the first difference (≠ at a later one, most often a
consequence of the first). Before the first computation it says where the
first difference is, or that every number agrees; while their step runs, that
it is running; when it failed, the checker's one line.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tinynn.core.names import key_text, symbol_text

from ..model import Model
from .numbers import number, signed_style

GOOD = "bold #98c379"
BAD = "bold #ff5f5f"
FIRST_MARK, OTHER_MARK, SAME_MARK = "✗", "≠", "✓"


def yours_text(model: Model) -> Text:
    """The line for `model`'s current event."""
    t = Text()  # wraps: the panel is narrow beside a table of five columns
    t.append("yours: ", "bold")
    if model.yours_pending:
        return t.append("your step is running…", "dim")
    if model.yours_problem is not None:
        return t.append(f"{FIRST_MARK} {model.yours_problem}", BAD)
    event = model.event
    first = model.first_difference
    if event is None:
        if first is None:
            return t.append(f"{SAME_MARK} all {len(model.yours)} numbers agree", GOOD)
        t.append(f"{FIRST_MARK} first difference: {key_text(first)}", BAD)
        return t.append("  (D goes there)", "dim")
    key = event.writes
    if key not in model.yours:
        return t.append(f"— your step returned no {key[0]}", "dim")
    got = model.yours[key]
    t.append(f"{symbol_text(key)} = ")
    t.append(number(got, model.digits), signed_style(got))
    if key not in model.differing:
        return t.append(f"  {SAME_MARK}", GOOD)
    mark = f"  {FIRST_MARK} first difference" if key == first else f"  {OTHER_MARK} differs"
    t.append(mark, BAD)
    return t.append(f" (the engine: {number(event.value, model.digits)})", "dim")


class YoursLine(Widget):
    """The student's number for the current computation, and whether it agrees."""

    DEFAULT_CSS = """
    YoursLine {
        height: auto;
        max-height: 3;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._model: Model | None = None

    def show(self, model: Model) -> None:
        """Describe the student's number for `model`'s current event."""
        self._model = model
        self.refresh(layout=True)  # one line or two: the height follows the text

    def render(self) -> Text:
        return yours_text(self._model) if self._model is not None else Text()

    def plain_text(self) -> str:
        return self.render().plain
