"""The loss over time: each sample's loss (dots) and each epoch's mean (a line).

The x axis counts SGD updates, so the losses of samples walked one by one
and the means of whole epochs trained at once share one time line; it is
labelled in epochs (updates / samples per epoch). The y axis is logarithmic
(the loss falls over orders of magnitude), and says so; it spans at least a
factor of 1.12 (a change of a few per cent does not fill the height) and its
two labels differ wherever its ends do. Losses that are not finite (a diverged
step) are not drawn; the legend names them ("L inf not drawn"). The legend's
last mean loss has as many digits as fit, or is left out: never cut. The
picture is computed in `show`, not in `render`.
"""

from __future__ import annotations

import math

from rich.text import Text

from tinynn.core.numbers import SPAN_DIGITS, axis_text, fmt, precisions

from ..state import LossPoint
from .canvas import AXIS_STYLE, Braille, Plot, axis_labels, scale, wrapped
from .numbers import COLORS, DIGITS, number, valued

FLOOR = 1e-12  # log10 of a zero loss
MIN_DECADES = 0.05  # the least range of log10 L the plot's height spans (a factor of 1.12)


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
                pending = valued(number(self._pending, self.digits), self._pending)
                said = Text("this sample: L = ") + pending + Text(" (plotted once applied: n)")
                return wrapped(said, width)
            return wrapped(Text("no loss yet: finish a sample (⏎ n) or train (e, t)"), width)
        bad = [p.loss for p in points if not math.isfinite(p.loss)]
        logs = [math.log10(max(p.loss, FLOOR)) for p in points if math.isfinite(p.loss)]
        if not logs:
            return wrapped(
                Text(f"no finite loss: L = {fmt(bad[-1])}", f"bold {COLORS['alarm']}"), width
            )
        lo, hi = min(logs), max(logs)
        if hi - lo < MIN_DECADES:  # a change of a few per cent is not a cliff
            mid = (hi + lo) / 2
            lo, hi = mid - MIN_DECADES / 2, mid + MIN_DECADES / 2
        top, bottom = axis_labels(_pow10(hi), _pow10(lo))
        label_w = max(8, len(top.plain) + 1, len(bottom.plain) + 1)  # "1e−05 ": never cut
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
                canvas.dot(*xy(p), COLORS["sample"])
        prev = None
        for p in self._epochs:
            if not math.isfinite(p.loss):
                continue
            cur = xy(p)
            if prev is None:
                canvas.dot(*cur, f"bold {COLORS['epoch']}")
            else:
                canvas.line(*prev, *cur, f"bold {COLORS['epoch']}")
            prev = cur
        rows = canvas.lines()
        out = []
        for r, row in enumerate(rows):
            label = top if r == 0 else bottom if r == len(rows) - 1 else Text("")
            out.append(Text(" " * (label_w - 1 - label.cell_len), AXIS_STYLE) + label + " " + row)
        if axis:
            out.append(self._epoch_axis(label_w, canvas.cols, first, last))
        out.append(self._legend(bad, width, label_w))
        return Text("\n").join(out)

    def _epoch_axis(self, label_w: int, cols: int, first: int, last: int) -> Text:
        """ "log L 0      epochs      1": the ends of the time line, in epochs."""
        ends = [first / self._per_epoch, last / self._per_epoch]
        left, right = (valued(axis_text(v, SPAN_DIGITS), v, AXIS_STYLE) for v in ends)
        middle = "epochs"
        gap = cols - left.cell_len - right.cell_len
        line = Text("log L".rjust(label_w - 1) + " ", AXIS_STYLE) + left
        if gap >= len(middle) + 2:
            pad = gap - len(middle)
            line.append(f"{' ' * (pad // 2)}{middle}{' ' * (pad - pad // 2)}")
        else:
            line.append(" " * max(gap, 1))
        return line + right

    def _legend(self, bad: list[float], width: int, label_w: int) -> Text:
        """The legend in the longest wording that fits `width`: the last epoch's mean loss in
        as many digits as fit, or not at all (never cut: "2.59e−0" would read 2.59)."""
        head = (
            Text(f"L {axis_text(bad[-1])} not drawn ", f"bold {COLORS['alarm']}")
            if bad
            else Text("")
        )
        indent = "" if bad else " " * label_w
        mean = self._epochs[-1].loss if self._epochs else None
        for lead, words in ((indent, "epoch mean"), ("", "epoch mean"), ("", "mean")):
            for digits in [*precisions(self.digits), None] if mean is not None else [None]:
                legend = head + Text(lead) + Text("⠂ sample ", COLORS["sample"])
                legend.append(f"─ {words}", f"bold {COLORS['epoch']}")
                if mean is not None and digits is not None:
                    legend.append(" ").append_text(valued(number(mean, digits), mean))
                if legend.cell_len <= width:
                    return legend
        return (
            head + Text("⠂ sample ", COLORS["sample"]) + Text("─ mean", f"bold {COLORS['epoch']}")
        )


def _pow10(e: float) -> float:
    """10**e, or inf where that overflows (the axis of losses near the largest float)."""
    try:
        return float(10.0**e)
    except OverflowError:
        return math.inf
