"""Mistake hunt: find which mistake was planted in the network's code.

The screen drives a `tinynn.teach.bugs.BugHunt`: it shows what the buggy code
computes (its gradient check against finite differences, and its mean loss
per epoch beside the correct engine's, from the same start), the menu of
possible mistakes, and, once the student picks one, the verdict with the
buggy equation beside the correct one. It does no math of its own.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from tinynn.core.numbers import vector_text
from tinynn.render.tables import loss_curve_rows
from tinynn.teach.bugs import BugHunt, Verdict
from tinynn.teach.mistakes import Mistake

from ..textual_fixes import Menu
from ..widgets.numbers import DIGITS, number
from .base import Dialog
from .gradcheck import FAIL_STYLE, PASS_STYLE, fill_table, verdict

INTRO = (
    "One equation of this network's code has a planted mistake. Left: its backprop against "
    "central differences of the loss it reports. Right: its mean loss per epoch beside the "
    "correct engine's (same start, same shuffle). Which mistake is it? Type its number (⏎ "
    "after a digit that could begin a longer one: 1 ⏎ is 1, 1 2 is 12)."
)


def sample_line(hunt: BugHunt, digits: int = DIGITS) -> str:
    s = hunt.setup
    p = s.params
    return (
        f"sample {s.sample} of {s.data.name}: x = {vector_text(s.x, digits)}, "
        f"y = {number(s.y, digits)}, "
        f"η = {number(s.lr, digits)}; "
        f"{p.n_inputs}-{p.n_hidden}-1 network, {s.task}"
    )


def menu_prompt(number: int, bug: Mistake) -> Text:
    only = f"  ({bug.tasks[0]} only)" if len(bug.tasks) == 1 else ""
    return Text.assemble((f"{number}. ", "bold"), bug.title, (only, "italic"))


def headline(v: Verdict, menu: tuple[Mistake, ...]) -> Text:
    """ "✓ Right: …" or "✗ Not 2. It was 3. …"."""
    number = menu.index(v.bug) + 1
    if v.correct:
        return Text(f"✓ Right: {number}. {v.bug.title}.", style=PASS_STYLE)
    guessed = menu.index(v.guess) + 1
    return Text(f"✗ Not {guessed}. It was {number}. {v.bug.title}.", style=FAIL_STYLE)


def explanation(bug: Mistake) -> str:
    how = "the gradient check" if bug.detect == "gradcheck" else "the loss curve"
    return f"It changes {', '.join(bug.touches)}; {how} gives it away. {bug.why}"


class BugHuntScreen(Dialog[Verdict]):
    """One bug hunt; dismisses with the `Verdict`, or None if left before answering."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Leave")]

    def __init__(self, hunt: BugHunt, digits: int = DIGITS) -> None:
        super().__init__()
        self.hunt = hunt
        self.digits = digits  # the walkthrough's (--digits): one precision everywhere
        self.typed = ""  # the digits of an answer typed so far (1 of 12 may become 12)

    def compose(self) -> ComposeResult:
        hunt = self.hunt
        with VerticalScroll(id="bughunt-body", classes="dialog"):
            yield Static("Mistake hunt", classes="dialog-title")
            yield Static(INTRO, id="bughunt-intro", markup=False)
            yield Static(sample_line(hunt, self.digits), id="bughunt-sample", markup=False)
            with Horizontal(id="bughunt-evidence"):
                with Vertical(id="bughunt-check"):
                    yield DataTable(id="bughunt-gradcheck", cursor_type="none")
                    yield Static(verdict(hunt.check), id="bughunt-verdict")
                yield DataTable(id="bughunt-curve", cursor_type="none", zebra_stripes=True)
            yield Menu(
                *(
                    Option(menu_prompt(n, bug), id=bug.id)
                    for n, bug in enumerate(hunt.menu, start=1)
                ),
                compact=True,
                id="bughunt-menu",
            )
            with Vertical(id="bughunt-reveal"):
                yield Static("", id="bughunt-headline")
                with Horizontal(id="bughunt-equations"):
                    yield Static("", id="bughunt-wrong", markup=False)
                    yield Static("", id="bughunt-correct", markup=False)
                yield Static("", id="bughunt-why", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        fill_table(
            self.query_one("#bughunt-gradcheck", DataTable),
            self.hunt.check,
            self.digits,
            short=True,
        )
        curve: DataTable[Text] = self.query_one("#bughunt-curve", DataTable)
        curve.add_column(Text("epoch"), key="epoch")
        curve.add_column(Text("this code"), key="buggy")
        curve.add_column(Text("correct"), key="correct")
        for cells in loss_curve_rows(self.hunt.curve, self.hunt.reference, self.digits):
            curve.add_row(*(Text(cell, justify="right") for cell in cells), key=cells[0])
        self.query_one("#bughunt-wrong", Static).border_title = "buggy"
        self.query_one("#bughunt-correct", Static).border_title = "correct"
        self.query_one("#bughunt-reveal").display = False
        menu = self.query_one("#bughunt-menu", OptionList)
        menu.focus(scroll_visible=False)
        # No answer highlighted until a key moves to one (↓ highlights the first and brings
        # it into view): at 80×24 the menu starts below the evidence, out of view.
        menu.highlighted = None

    def action_close(self) -> None:
        self.dismiss(self.hunt.verdict)

    def on_key(self, event: events.Key) -> None:
        """Digits pick an entry of the menu: at once when no longer number can follow them
        (2 of 12 answers), else they highlight it and wait for the next digit or ⏎."""
        typed = self.typed + (event.character or "")
        self.typed = ""
        if not (event.character and event.character.isdigit()):
            return  # ⏎ answers the highlighted entry, another key moves as usual
        event.stop()
        n = len(self.hunt.menu)
        if not 1 <= int(typed) <= n:
            self.notify(f"no answer {typed}: type 1 to {n}", severity="warning")
            return
        if int(typed) * 10 > n:
            self.choose(int(typed))
            return
        self.typed = typed
        self.query_one("#bughunt-menu", Menu).highlighted = int(typed) - 1

    @on(OptionList.OptionHighlighted, "#bughunt-menu")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Keep the highlighted answer in view: the menu is as tall as its options, so at
        80×24 the dialog's body scrolls, not the menu. (The menu's own first highlight, as it
        was mounted, is stale by now: it leaves the introduction in view.)"""
        menu = self.query_one("#bughunt-menu", Menu)
        if menu.highlighted != event.option_index:
            return
        region = menu.option_region(event.option_index)
        if region is not None:
            body = self.query_one("#bughunt-body", VerticalScroll)
            body.scroll_to_region(region, animate=False, immediate=True)

    @on(OptionList.OptionSelected, "#bughunt-menu")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option_index + 1)

    def choose(self, number: int) -> None:
        """Answer with menu entry `number` (from 1) and reveal the bug; once only."""
        if self.hunt.verdict is not None:
            return
        v = self.hunt.answer(number)
        self.query_one("#bughunt-menu", OptionList).disabled = True
        self.query_one("#bughunt-headline", Static).update(headline(v, self.hunt.menu))
        self.query_one("#bughunt-wrong", Static).update(v.bug.wrong)
        self.query_one("#bughunt-correct", Static).update(v.bug.correct)
        self.query_one("#bughunt-why", Static).update(explanation(v.bug))
        reveal = self.query_one("#bughunt-reveal")
        reveal.display = True
        self.call_after_refresh(reveal.scroll_visible, animate=False)
