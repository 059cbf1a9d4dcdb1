"""The status bar: where the walkthrough is (task, data, sample, epoch, step, η, loss)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tinynn.trace import fmt

from ..model import Model


class StatusBar(Widget):
    """task · dataset · sample k · epoch · step · η · loss; a second line for a message."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._text = Text("")

    def show(self, model: Model, training: bool) -> None:
        """Describe `model`'s position; `training` when a worker is running."""
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(f" {model.task} ", "bold reverse")
        t.append(f" {model.setup.data.name}")
        t.append(f" · sample {model.sample} ({model.sample + 1} of {model.n_samples})")
        t.append(f" · epoch {model.epoch} · step {model.steps} · η {fmt(model.lr)}")
        loss = model.loss_shown
        if loss is not None:
            t.append(" · L ")
            t.append(fmt(loss, 4), "bold")
        elif model.last_epoch_loss is not None:
            t.append(f" · epoch mean L {fmt(model.last_epoch_loss, 4)}")
        if training:
            t.append("  ▶ training (t to pause)", "bold #98c379")
        if model.message:  # a second line, so that it is never cut off
            t.append("\n")
            t.append(f" {model.message}", "bold #ff5f5f")
        self._text = t
        self.refresh(layout=True)  # the height changes with the message line

    def render(self) -> Text:
        return self._text

    def plain_text(self) -> str:
        return self._text.plain
