"""Quiz mode: guess every value of one step before it is shown.

The screen drives a `tinynn.teach.quiz.Quiz` and does no math of its own: it shows
the current equation with its value hidden, passes the typed guess to the
quiz, and shows what the quiz says: right or wrong, the true value with the
substituted formula, and the score. Typing s reveals a value unguessed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Static

from tinynn.run.config import Setup
from tinynn.run.trace import PHASES, fmt, trace_step
from tinynn.teach.quiz import HINT, QUIT, SKIP, GuessError, Quiz, Result, Score

from .base import Dialog, Notice

RIGHT_STYLE = "bold green"
WRONG_STYLE = "bold red"


def _vector(values: list[float]) -> str:
    return "[" + ", ".join(fmt(v) for v in values) + "]"


def givens(setup: Setup, quiz: Quiz) -> str:
    """What the student starts from: the sample, η and the parameters (and, for a quiz on a
    later phase, the values of the phases before it, read from the engine's trace)."""
    p = setup.params
    lines = [
        f"x = {_vector(setup.x)}, y = {fmt(setup.y)}, η = {fmt(setup.lr)}, {setup.task}",
        f"W1 = [{', '.join(_vector(r) for r in p.W1)}], b1 = {_vector(p.b1)}",
        f"W2 = {_vector(p.W2)}, b2 = {fmt(p.b2)}",
    ]
    if quiz.phase is not None and quiz.phase != PHASES[0]:
        before = PHASES[: PHASES.index(quiz.phase)]
        trace = trace_step(p, setup.x, setup.y, setup.lr, setup.task)
        known = [f"{e.lhs} = {fmt(e.value)}" for e in trace.events if e.phase in before]
        lines.append("known: " + ", ".join(known))
    return "\n".join(lines)


def feedback(result: Result) -> Text:
    """The verdict on one answer: a hint and another try, or the equation with its numbers."""
    if not result.final:
        hint = f": {result.hint}" if result.hint else ""
        return Text.assemble((f"✗ not quite{hint}; try again", WRONG_STYLE))
    line = result.substituted
    if result.skipped:
        return Text.assemble(("revealed: ", "bold"), line)
    if result.correct:
        return Text.assemble(("✓ right: ", RIGHT_STYLE), line)
    assert result.guess is not None
    hint = f" ({result.hint})" if result.hint else ""
    return Text.assemble((f"✗ you said {fmt(result.guess)}{hint}; ", WRONG_STYLE), line)


def history_line(result: Result) -> Text:
    mark = (
        ("·", "italic")
        if result.skipped
        else ("✓", RIGHT_STYLE)
        if result.correct
        else ("✗", WRONG_STYLE)
    )
    return Text.assemble(mark, f" {result.event.lhs} = {fmt(result.value)}")


class QuizScreen(Dialog[Score]):
    """One quiz; escape leaves and dismisses with the score so far."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Leave the quiz")]

    def __init__(self, quiz: Quiz, setup: Setup | None = None) -> None:
        super().__init__()
        self.quiz = quiz
        self.setup = setup

    def compose(self) -> ComposeResult:
        q = self.quiz
        which = f"the {q.phase} phase" if q.phase else "every value"
        with Vertical(id="quiz-body", classes="dialog"):
            yield Static(
                f"Quiz: guess {which} of one step, {len(q.events)} questions; a guess within "
                f"{q.tolerance:.3g} (relative) of the true value is right.",
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
        self.query_one("#quiz-feedback", Static).update(feedback(result))
        history = Text("\n").join(history_line(r) for r in self.quiz.results)
        self.query_one("#quiz-history-text", Static).update(history)
        self.query_one("#quiz-history", VerticalScroll).scroll_end(animate=False)
        self.show_question()
