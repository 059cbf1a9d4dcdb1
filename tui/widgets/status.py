"""The status bar: where the walkthrough is (task, data, sample, epoch, step, η, loss).

The step is the SGD step under way, counted from 1 as the equation panel counts
its computations ("step 1" while on "computation 31 of 36"; `n` applies it and
step 2 begins). The first line is built in the longest wording that fits: at 80
columns it abbreviates and drops the less useful items first, so that the loss
and the training mark stay on screen. A message (divergence) wraps onto the
lines below.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual.widget import Widget

from ..model import Model
from .numbers import Drawn, drawn, number, valued

TRAINING_STYLE = "bold #98c379"
MESSAGE_STYLE = "bold #ff5f5f"


def position(model: Model, training: bool, level: int = 0, pace: str = "") -> Text:
    """The first line, shorter at each `level` (0..MAX_LEVEL) and always with the loss.

    1 abbreviates the wording, 2 drops the step count, 3 the dataset name and
    4 shortens the training mark to ▶: epoch, η and the loss stay to the end.
    """
    short = level >= 1
    t = Text(no_wrap=True, overflow="ellipsis")
    t.append(f" {model.task} ", "bold reverse")
    if training:
        at = f" {pace}" if pace and level < 4 else ""
        mark = (
            " ▶" if level >= 4 else f" ▶ training{at}" if short else f" ▶ training{at} (t to pause)"
        )
        t.append(mark, TRAINING_STYLE)
    if level < 3:
        t.append(f" {model.setup.data.name} ·")
    elif training:
        t.append(" ·")
    k, n = model.sample, model.n_samples
    t.append(f" sample {k} ({k + 1}/{n})" if short else f" sample {k} ({k + 1} of {n})")
    t.append(f" · epoch {model.epoch}")
    if level < 2:
        t.append(f" · step {model.steps + 1}")  # the one under way, from 1
    t.append(" · η ").append_text(valued(number(model.lr, model.digits), model.lr))
    loss = model.loss_shown
    if loss is not None:
        t.append(" · L ")
        t.append_text(valued(number(loss, model.digits), loss, "bold"))
    elif model.last_epoch_loss is not None:
        t.append(" · mean L " if short else " · mean loss before each update ")
        mean = model.last_epoch_loss
        t.append_text(valued(number(mean, model.digits), mean))
    return t


MAX_LEVEL = 4


class StatusBar(Widget):
    """task · dataset · sample k · epoch · step · η · loss; then a message, if any."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._model: Model | None = None
        self._training = False
        self._pace = ""
        self._drawn: list[Text] = []  # the lines last rendered: what the bar shows

    def show(self, model: Model, training: bool, pace: str = "") -> None:
        """Describe `model`'s position; `training` when training runs, at `pace`. Repaints
        only if the bar would read otherwise, and lays the screen out again only if the
        message changed (its lines are the bar's height): a step key mostly changes nothing
        here, and a layout of the screen costs more than the bar itself."""
        self._model, self._training, self._pace = model, training, pace
        lines = self.lines(self.content_size.width or 80)
        if lines[1:] != self._drawn[1:]:
            self.refresh(layout=True)  # the height changes with the message line
        elif lines != self._drawn:
            self.refresh()
        self._drawn = lines

    def lines(self, width: int) -> list[Text]:
        """The first line in the wording that fits `width`, then the message."""
        if self._model is None:
            return []
        for level in range(MAX_LEVEL + 1):
            first = position(self._model, self._training, level, self._pace)
            if cell_len(first.plain) <= width:
                break
        out = [first]
        if self._model.message:
            out.append(Text(f" {self._model.message}", MESSAGE_STYLE))
        return out

    def render(self) -> Group:
        self._drawn = self.lines(self.content_size.width or 80)
        return Group(*self._drawn)

    def drawn_numbers(self) -> list[Drawn]:
        """The numbers of the bar and where they are (for tests)."""
        return drawn(Text("\n").join(self.lines(self.content_size.width or 80)))

    def plain_text(self) -> str:
        return "\n".join(t.plain for t in self.lines(self.content_size.width or 80))
