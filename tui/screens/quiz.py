"""Quiz mode: guess every value of one step before it is shown.

The screen drives a `tinynn.teach.quiz.Quiz` and does no math of its own: it shows
the current equation with its value hidden, passes the typed guess to the
quiz, and shows what the quiz says: right or wrong, the true value with the
substituted formula, and the score. Typing s reveals a value unguessed. Every
number is written to the digits of the quiz's trace (the walkthrough's, so its
`--digits`), and a guess is read as everywhere in tinynn (`1/8` too).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Static

from tinynn.core.numbers import fmt, matrix_text, vector_text
from tinynn.run.config import Setup
from tinynn.teach.quiz import HINT, QUIT, SKIP, GuessError, Quiz, Result, Score
from tinynn.teach.quiz_text import quiz_known

from .base import Dialog, Notice

RIGHT_STYLE = "bold green"
WRONG_STYLE = "bold red"


def givens(setup: Setup, quiz: Quiz) -> str:
    """What the student starts from: the sample, η and the parameters (and, for a quiz on a
    later phase, the values of the phases before it, read from the quiz's trace)."""
    p, d = setup.params, quiz.digits
    lines = [
        f"x = {vector_text(setup.x, d)}, y = {fmt(setup.y, d)}, η = {fmt(setup.lr, d)}, "
        f"{setup.task}",
        f"W1 = {matrix_text(p.W1, d)}, b1 = {vector_text(p.b1, d)}",
        f"W2 = {vector_text(p.W2, d)}, b2 = {fmt(p.b2, d)}",
    ]
    known = quiz_known(quiz)
    if known:
        lines.append("known: " + ", ".join(known))
    return "\n".join(lines)


def feedback(result: Result, digits: int) -> Text:
    """The verdict on one answer: a hint and another try, or the equation with its numbers."""
    if not result.final:
        hint = f": {result.hint}" if result.hint else ""
        return Text.assemble((f"✗ not quite{hint}; try again", WRONG_STYLE))
    line = result.event.text(digits)
    if result.skipped:
        return Text.assemble(("revealed: ", "bold"), line)
    if result.correct:
        return Text.assemble(("✓ right: ", RIGHT_STYLE), line)
    assert result.guess is not None
    hint = f" ({result.hint})" if result.hint else ""
    return Text.assemble((f"✗ you said {fmt(result.guess, digits)}{hint}; ", WRONG_STYLE), line)


def history_line(result: Result, digits: int) -> Text:
    mark = (
        ("·", "italic")
        if result.skipped
        else ("✓", RIGHT_STYLE)
        if result.correct
        else ("✗", WRONG_STYLE)
    )
    return Text.assemble(mark, f" {result.event.lhs} = {fmt(result.value, digits)}")


class QuizScreen(Dialog[Score]):
    """One quiz; escape leaves and dismisses with the score so far."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Leave the quiz")]

    def __init__(self, quiz: Quiz, setup: Setup | None = None) -> None:
        """`quiz` on the walkthrough's trace (its digits are the dialog's); `setup`, the
        set-up it was made from, for the givens."""
        super().__init__()
        self.quiz = quiz
        self.setup = setup

    def compose(self) -> ComposeResult:
        q = self.quiz
        which = f"the {q.phase} phase" if q.phase else "every value"
        with Vertical(id="quiz-body", classes="dialog"):
            yield Static(
                f"Quiz: guess {which} of one step, {len(q.events)} questions; a guess is {q.rule}.",
                classes="dialog-title",
                markup=False,
            )
            if self.setup is not None:
                yield Static(givens(self.setup, q), id="quiz-givens", markup=False)
            with VerticalScroll(id="quiz-history"):
                yield Static("", id="quiz-history-text", markup=False)
            yield Static("", id="quiz-feedback", markup=False)
            yield Static("", id="quiz-question", markup=False)
            yield Input(placeholder=HINT, compact=True, id="quiz-guess")
            yield Notice(id="quiz-error", classes="error")
            yield Static("", id="quiz-score", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show_question()
        self.query_one("#quiz-guess", Input).focus()

    def action_close(self) -> None:
        self.dismiss(self.quiz.score)

    def show_question(self) -> None:
        """The current equation with its value hidden, or the end of the quiz."""
        q = self.quiz
        event = q.current
        question = self.query_one("#quiz-question", Static)
        if event is None:
            question.update(Text("The quiz is over. Press escape to leave.", style="bold"))
            self.query_one("#quiz-guess", Input).disabled = True
        else:
            label = f"new {event.lhs}" if event.phase == "update" else event.lhs
            question.update(
                Text.assemble(
                    (f"{event.phase} {q.position + 1}/{len(q.events)}   ", "italic"),
                    (event.equation, "bold"),
                    f"\n{label} = ?",
                )
            )
        self.query_one("#quiz-score", Static).update(q.score.text())

    @on(Input.Changed, "#quiz-guess")
    def letter(self, event: Input.Changed) -> None:
        """s and q act at once: no number starts with either letter."""
        if event.value.strip().lower() in ("s", "q"):
            self.answer(event.input)

    @on(Input.Submitted, "#quiz-guess")
    def submit(self, event: Input.Submitted) -> None:
        self.answer(event.input)

    def answer(self, field: Input) -> None:
        """Score a guess (or reveal with s, leave with q); a wrong one may get another try."""
        word = field.value.strip().lower()
        error = self.query_one("#quiz-error", Notice)
        if word in QUIT:
            self.action_close()
            return
        if self.quiz.finished:
            error.show("the quiz is over: press escape to leave")
            return
        if not word:
            error.show(HINT)
            return
        try:
            result = self.quiz.skip() if word in SKIP else self.quiz.answer(field.value)
        except GuessError as e:
            error.show(str(e))
            field.value = ""  # a rejected answer leaves room for the next one
            return
        error.show("")
        field.value = ""
        digits = self.quiz.digits
        self.query_one("#quiz-feedback", Static).update(feedback(result, digits))
        history = Text("\n").join(history_line(r, digits) for r in self.quiz.results)
        self.query_one("#quiz-history-text", Static).update(history)
        self.query_one("#quiz-history", VerticalScroll).scroll_end(animate=False)
        self.show_question()
