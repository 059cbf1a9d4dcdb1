"""The loss over time: each sample's loss (dots) and each epoch's mean (a line).

The x axis counts SGD updates, so the losses of samples walked one by one
and the means of whole epochs trained at once share one time line. The y
axis is logarithmic: the loss falls over orders of magnitude.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.widget import Widget

from tinynn.trace import fmt

from ..model import LossPoint
from .canvas import Braille, scale

SAMPLE_STYLE = "#7f8c98"
EPOCH_STYLE = "bold #98c379"
FLOOR = 1e-12  # log10 of a zero loss


class LossPlot(Widget):
    """Loss per sample and mean loss per epoch, on a log scale."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._samples: list[LossPoint] = []
        self._epochs: list[LossPoint] = []

    def show(self, samples: list[LossPoint], epochs: list[LossPoint]) -> None:
        """Plot these points (copied, the model keeps its own lists)."""
        self._samples, self._epochs = list(samples), list(epochs)
        self.refresh()

    def render(self) -> Text:
        return self.text(self.content_size.width, self.content_size.height)

    def text(self, width: int, height: int) -> Text:
        points = self._samples + self._epochs
        if not points:
            return Text("no loss yet:\nfinish a sample (⏎ n) or train (e, t)", style="dim")
        logs = [math.log10(max(p.loss, FLOOR)) for p in points if math.isfinite(p.loss)]
        if not logs:
            return Text("no finite loss", style="dim")
        lo, hi = min(logs), max(logs)
        if hi - lo < 1e-9:
            lo, hi = lo - 0.5, hi + 0.5
        label_w = 8
        canvas = Braille(width - label_w, max(height - 1, 1))
        last = max(p.step for p in points)
        first = min(p.step for p in points)

        def xy(p: LossPoint) -> tuple[int, int]:
            y = math.log10(max(p.loss, FLOOR))
            return (
                scale(p.step, first, last, canvas.width),
                canvas.height - 1 - scale(y, lo, hi, canvas.height),
            )

        for p in self._samples:
            if math.isfinite(p.loss):
                canvas.dot(*xy(p), SAMPLE_STYLE)
        prev = None
        for p in self._epochs:
            if not math.isfinite(p.loss):
                continue
            cur = xy(p)
            if prev is None:
                canvas.dot(*cur, EPOCH_STYLE)
            else:
                canvas.line(*prev, *cur, EPOCH_STYLE)
            prev = cur
        rows = canvas.lines()
        out = []
        for r, row in enumerate(rows):
            label = fmt(10**hi, 2) if r == 0 else fmt(10**lo, 2) if r == len(rows) - 1 else ""
            out.append(Text(label.rjust(label_w - 1) + " ", style="dim") + row)
        legend = Text(" " * label_w)
        legend.append("⠂ sample ", SAMPLE_STYLE)
        legend.append("─ epoch mean", EPOCH_STYLE)
        if self._epochs:
            legend.append(f" {fmt(self._epochs[-1].loss, 2)}", "dim")
        return Text("\n").join([*out, legend])
