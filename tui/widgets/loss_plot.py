"""The loss over time: each sample's loss (dots) and each epoch's mean (a line).

The x axis counts SGD updates, so the losses of samples walked one by one
and the means of whole epochs trained at once share one time line; it is
labelled in epochs (updates / samples per epoch). The y axis is logarithmic
(the loss falls over orders of magnitude), and says so. Losses that
are not finite (a diverged step) are not drawn; the legend names them
("L inf not drawn"). The picture is computed in `show`, not in `render`.
"""

from __future__ import annotations

import math

from rich.text import Text

from tinynn.core.numbers import SPAN_DIGITS, axis_text, fmt

from ..state import LossPoint
from .canvas import Braille, Plot, scale
from .numbers import DIGITS, number

SAMPLE_STYLE = "#7f8c98"
EPOCH_STYLE = "bold #98c379"
MESSAGE_STYLE = "bold #ff5f5f"
AXIS_STYLE = "italic"
FLOOR = 1e-12  # log10 of a zero loss
LEGEND_WIDTH = 8  # the last epoch's loss in the legend: the compact form where 8 columns are short


class LossPlot(Plot):
    """Loss per sample and mean loss per epoch, on a log scale."""

    digits = DIGITS  # the walkthrough's (--digits), set by the app

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._samples: list[LossPoint] = []
        self._epochs: list[LossPoint] = []
        self._per_epoch = 1
        self._pending: float | None = None

    def show(
        self,
        samples: list[LossPoint],
        epochs: list[LossPoint],
        per_epoch: int = 1,
        pending: float | None = None,
    ) -> None:
        """Plot these points (copied, the model keeps its own lists); `per_epoch` samples make
        an epoch; `pending` is the loss of the sample under way, not yet applied."""
        self._samples, self._epochs = list(samples), list(epochs)
        self._per_epoch, self._pending = max(per_epoch, 1), pending
        self.redraw()

    def set_pending(self, pending: float | None) -> None:
        """The loss of the sample under way (shown while there are no points yet)."""
        if pending != self._pending:
            self._pending = pending
            if not (self._samples or self._epochs):
                self.redraw()

    def draw(self, width: int, height: int) -> Text:
        points = self._samples + self._epochs
        if not points:
            if self._pending is not None:  # computed, but plotted once the update is applied
                pending = number(self._pending, self.digits)
                return Text(f"this sample: L = {pending}\nplotted once applied (n)")
            return Text("no loss yet:\nfinish a sample (⏎ n) or train (e, t)")
        bad = [p.loss for p in points if not math.isfinite(p.loss)]
        logs = [math.log10(max(p.loss, FLOOR)) for p in points if math.isfinite(p.loss)]
        if not logs:
            return Text(f"no finite loss: L = {fmt(bad[-1])}", style=MESSAGE_STYLE)
        lo, hi = min(logs), max(logs)
        if hi - lo < 1e-9:
            lo, hi = lo - 0.5, hi + 0.5
        top, bottom = axis_text(_pow10(hi)), axis_text(_pow10(lo))
        label_w = max(8, len(top) + 1, len(bottom) + 1)  # "1e−05 ", or wider: never cut
        axis = height >= 4  # room for the epoch axis under the plot
        canvas = Braille(width - label_w, max(height - 1 - axis, 1))
        last = max(p.step for p in points)
        first = 0  # the axis starts where training did: after one sample, "0 … 0.0476"

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
            label = top if r == 0 else bottom if r == len(rows) - 1 else ""
            out.append(Text(label.rjust(label_w - 1) + " ", style=AXIS_STYLE) + row)
        if axis:
            left = axis_text(first / self._per_epoch, SPAN_DIGITS)
            right = axis_text(last / self._per_epoch, SPAN_DIGITS)
            middle = "epochs"
            gap = canvas.cols - len(left) - len(right)
            line = Text("log L".rjust(label_w - 1) + " ", AXIS_STYLE)
            if gap >= len(middle) + 2:
                pad = gap - len(middle)
                line.append(f"{left}{' ' * (pad // 2)}{middle}{' ' * (pad - pad // 2)}{right}")
            else:
                line.append(f"{left}{' ' * max(gap, 1)}{right}")
            out.append(line)
        legend = Text(" " * label_w)
        if bad:  # not drawn: said first, where it cannot be cropped
            legend = Text(f"L {axis_text(bad[-1])} not drawn ", MESSAGE_STYLE)
        legend.append("⠂ sample ", SAMPLE_STYLE)
        legend.append("─ epoch mean", EPOCH_STYLE)
        if self._epochs:
            legend.append(f" {number(self._epochs[-1].loss, self.digits, LEGEND_WIDTH)}")
        return Text("\n").join([*out, legend])


def _pow10(e: float) -> float:
    """10**e, or inf where that overflows (the axis of losses near the largest float)."""
    try:
        return float(10.0**e)
    except OverflowError:
        return math.inf
