"""The lesson screen: a lesson's title and introduction, shown at the start and again on `L`.

The text is the lesson file's own, re-flowed: each paragraph becomes one line that
the dialog wraps to its width.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from tinynn.teach.lesson import Lesson

from .base import ReadOnlyDialog


def paragraphs(text: str) -> list[str]:
    """The paragraphs of `text` (blank-line separated), each on one line."""
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


class LessonScreen(ReadOnlyDialog):
    """A lesson's title and text; escape, q or L closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("L", "close", "Close", show=False)]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson

    @property
    def text(self) -> str:
        """The introduction as shown: the paragraphs, one blank line apart."""
        return "\n\n".join(paragraphs(self.lesson.text))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="lesson-body", classes="dialog") as body:
            body.border_title = "lesson"
            body.border_subtitle = "escape, q or L closes; L shows it again"
            yield Static(self.lesson.title, id="lesson-title", classes="dialog-title", markup=False)
            yield Static(self.text, id="lesson-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lesson-body").focus()
