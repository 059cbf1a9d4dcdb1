"""A few lines under the equation panel: the student's number for the current computation.

    yours: δ1[0] = 0.25  ✗ first difference (the engine: 0.0625)
    known mistake: δ1 computed with a1 in place of σ'(z1): δ1[j] = δ2·W2[j]·a1[j]   (…)

Shown only with `--check FILE.py`: the number their step returned for the key
the current event writes, ✓ when it agrees with the engine's to the checker's
tolerance, ✗ at the first difference (≠ at a later one, most often a
consequence of the first), with the known mistake it matches, named as `tinynn
check` names it. Before the first computation it says where the first difference
is, or that every number agrees; while their step runs, that it is running; when
it failed, the checker's one line. A template written in part is compared on what
it returns, and the line says what is still to write.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from textual.widget import Widget

from tinynn.core.names import key_text, symbol_text
from tinynn.grading.explain import mistake_lines

from ..model import Model
from .numbers import Drawn, drawn, signed

GOOD = "bold #98c379"
BAD = "bold #ff5f5f"
FIRST_MARK, OTHER_MARK, SAME_MARK = "✗", "≠", "✓"
_CONSOLE = Console(width=200)  # only measures: wrapping needs a console, not a terminal
SHORT = 28  # fewer rows than this (app.tcss's "-short"): a known mistake by its name only


def yours_text(model: Model, short: bool = False) -> Text:
    """The lines for `model`'s current event (`short`: for a terminal with few rows, a known
    mistake by its name only and a difference by its mark, ✗ or ≠, without the engine's
    number, which the equation panel shows: the chain rule above keeps its rows)."""
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
            t.append(f"{SAME_MARK} all {len(model.yours)} numbers agree", GOOD)
        else:
            t.append(f"{FIRST_MARK} first difference: {key_text(first)}", BAD)
            t.append("  (D goes there)", "dim")
        if model.unwritten:
            t.append(f"; still to write: {still_to_write(model)}")
        return _with_mistake(t, model, short) if first is not None else t
    key = event.writes
    if key not in model.yours:
        if key[0] in model.unwritten:
            return t.append(f"— {symbol_text(key)} is still to write (your step returns ...)")
        return t.append(f"— your step returned no {key[0]}", "dim")
    got = model.yours[key]
    if not short:  # short, the name is the equation panel's, right above
        t.append(f"{symbol_text(key)} = ")
    t.append_text(signed(got, model.digits))
    if key not in model.differing:
        return t.append(f"  {SAME_MARK}", GOOD)
    if short:  # the engine's number is the equation panel's value: the panel keeps its rows
        t.append(f"  {FIRST_MARK if key == first else OTHER_MARK}", BAD)
        return _with_mistake(t, model, short) if key == first else t
    mark = f"  {FIRST_MARK} first difference" if key == first else f"  {OTHER_MARK} differs"
    t.append(mark, BAD)
    t.append(" (the engine: ", "dim").append_text(signed(event.value, model.digits, style="dim"))
    t.append(")", "dim")
    return _with_mistake(t, model, short) if key == first else t


def _with_mistake(t: Text, model: Model, short: bool) -> Text:
    """`t`, then the known mistakes the first difference matches, one line each (`short`:
    their names only)."""
    for m in model.mistakes:  # short: on the same line, wrapping, one row fewer
        t.append(" " if short else "\n")
        t.append(f"known mistake: {m.title}" if short else mistake_lines(m, why=False)[0], BAD)
    return t


def still_to_write(model: Model) -> str:
    """The names the student's step still returns as `...`, by phase: a phase with none of
    its names written is named whole ("the loss, backward and update phases")."""
    phases: dict[str, list[str]] = {}
    for e in model.trace:
        if e.name not in phases.setdefault(e.phase, []):
            phases[e.phase].append(e.name)
    whole = [p for p, names in phases.items() if all(n in model.unwritten for n in names)]
    some = [
        symbol_text((n, ()))
        for p, names in phases.items()
        if p not in whole
        for n in names
        if n in model.unwritten
    ]
    if len(whole) > 1:
        some.append(f"the {', '.join(whole[:-1])} and {whole[-1]} phases")
    elif whole:
        some.append(f"the {whole[0]} phase")
    return ", ".join(some)


class YoursLine(Widget):
    """The student's number for the current computation, and whether it agrees."""

    DEFAULT_CSS = """
    YoursLine {
        height: auto;
        max-height: 6;  /* a first difference, and the known mistake it matches */
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._model: Model | None = None
        self._drawn: Text | None = None  # the text last rendered: what the line shows

    def show(self, model: Model) -> None:
        """Describe the student's number for `model`'s current event; lays the screen out
        again only if the text changed (a layout of the screen costs more than the line)."""
        self._model = model
        text = self._text()
        if text != self._drawn:  # hidden (no --check), it is never rendered: kept here too
            self._drawn = text
            # one line or two: the height follows the text (hidden, it has no height)
            self.refresh(layout=self.display)

    def _text(self) -> Text:
        if self._model is None:
            return Text()
        return yours_text(self._model, self.screen.size.height < SHORT)

    def render(self) -> Text:
        self._drawn = self._text()
        return self._drawn

    def plain_text(self) -> str:
        return self._text().plain

    def drawn_numbers(self) -> list[Drawn]:
        """The numbers of the lines, as they wrap to the panel's width (for tests)."""
        lines = self._text().wrap(_CONSOLE, max(self.content_size.width, 1))
        return drawn(Text("\n").join(lines))
