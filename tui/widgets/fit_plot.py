"""How well the network fits the data, drawn with text.

1 input, regression: the samples as dots and the network's prediction as a
curve over the input range. 2 inputs, classification: a decision map (each
cell coloured by the predicted probability p, blue for class 1, orange for
class 0) with the samples on top (● label 1, ○ label 0). Predictions come
from `tinynn.predict`, once per `show` (and per resize), never in `render`.
Parameters or predictions that are not finite are written out as text
("W1[0][0] = inf"), never drawn.
"""

from __future__ import annotations

import math

from rich.color import Color
from rich.style import Style
from rich.text import Text

from tinynn import Dataset, Params, accuracy, predict
from tinynn.core.names import key_text
from tinynn.core.numbers import AXIS_DIGITS, DIGITS, SPAN_DIGITS, axis_text, fmt, percent_text
from tinynn.core.params import all_finite
from tinynn.run.train import class_of

from .canvas import Braille, Plot, axis_labels, scale, wrapped
from .numbers import COLORS, valued

CLASS1 = (40, 90, 150)
CLASS0 = (150, 70, 30)
BLEND = (30, 30, 30)
AXIS = "italic"


class FitPlot(Plot):
    """The data and the network's current prediction."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._params: Params | None = None
        self._data: Dataset | None = None
        self._fit_task = "regression"

    def show(self, params: Params, data: Dataset, task: str) -> None:
        """Plot `data` and the prediction of `params` (predicted here, once, not per frame)."""
        self._params, self._data, self._fit_task = params, data, task
        title = "fit"
        if task == "classification" and data.n_inputs == 2:
            title = "fit: decision map"
            if all_finite(params):
                title += f" · accuracy {percent_text(accuracy(params, data), 0)}"
        self.border_title = title
        self.redraw()

    def draw(self, width: int, height: int) -> Text:
        params, data = self._params, self._data
        if params is None or data is None:
            return Text("")
        if not all_finite(params):  # nothing to predict with: say which parameter, as text
            key = next(k for k in params.all_keys() if not math.isfinite(params.get(k)))
            said = f"no fit to draw: {key_text(key)} = {fmt(params.get(key))} (not finite)"
            return wrapped(Text(said, style=f"bold {COLORS['alarm']}"), width)
        width, height = max(width, 4), max(height, 2)
        if data.n_inputs == 1:
            return self._curve(params, data, width, height)
        if data.n_inputs == 2 and self._fit_task == "classification":
            return self._decision_map(params, data, width, height)
        if self._fit_task == "classification":
            said = f"accuracy on {data.name}: {percent_text(accuracy(params, data), 0)}"
        else:
            said = f"{data.n_inputs} inputs: no fit plot (the loss plot shows the progress)"
        return wrapped(Text(said), width)

    def _curve(self, params: Params, data: Dataset, width: int, height: int) -> Text:
        xs = [x[0] for x in data.X]
        x_lo, x_hi = min(xs), max(xs)
        y_lo, y_hi = min(data.Y), max(data.Y)
        margin = 0.15 * (y_hi - y_lo or 1.0)
        y_lo, y_hi = y_lo - margin, y_hi + margin
        gutter = _gutter(data.target_name, y_lo, y_hi, width)
        canvas = Braille(width - gutter, height - 1)
        grid = [x_lo + (x_hi - x_lo) * k / (canvas.width - 1) for k in range(canvas.width)]
        preds = [predict(params, [x], self._fit_task) for x in grid]
        bad = next((y for y in preds if not math.isfinite(y)), None)

        def py(y: float) -> int:
            return canvas.height - 1 - scale(min(max(y, y_lo), y_hi), y_lo, y_hi, canvas.height)

        prev = None
        for k, y in enumerate(preds):
            if not math.isfinite(y):  # a gap in the curve; the legend says why
                prev = None
                continue
            cur = (k, py(y))
            if prev is not None:
                canvas.line(*prev, *cur, COLORS["curve"])
            prev = cur
        for x, y in zip(xs, data.Y):
            canvas.dot(scale(x, x_lo, x_hi, canvas.width), py(y), f"bold {COLORS['data']}")
        feature = _name(data.input_name(0), 12)
        legend = Text(" " * gutter + f"{feature} ", AXIS) + span(x_lo, x_hi, SPAN_DIGITS)
        legend.append("⠂ data ", f"bold {COLORS['data']}")
        legend.append("─ prediction", COLORS["curve"])
        if bad is not None:
            legend.append(f" ({fmt(bad)} in places)", f"bold {COLORS['alarm']}")
        lines = _with_axis(canvas.lines(), gutter, data.target_name, y_hi, y_lo)
        return Text("\n").join([*lines, legend])

    def _decision_map(self, params: Params, data: Dataset, width: int, height: int) -> Text:
        x0s, x1s = [x[0] for x in data.X], [x[1] for x in data.X]
        pad0 = 0.1 * (max(x0s) - min(x0s) or 1.0)
        pad1 = 0.1 * (max(x1s) - min(x1s) or 1.0)
        lo0, hi0 = min(x0s) - pad0, max(x0s) + pad0
        lo1, hi1 = min(x1s) - pad1, max(x1s) + pad1
        gutter = _gutter(data.input_name(1), lo1, hi1, width)
        rows, cols = height - 1, width - gutter
        marks: dict[tuple[int, int], float] = {}
        for (a, b), y in zip(data.X, data.Y):
            c = scale(a, lo0, hi0, cols)
            r = rows - 1 - scale(b, lo1, hi1, rows)
            marks[(r, c)] = y
        lines = []
        bad: float | None = None
        for r in range(rows):
            b = hi1 - (hi1 - lo1) * (r + 0.5) / rows
            line = Text(no_wrap=True, overflow="crop")
            for c in range(cols):
                a = lo0 + (hi0 - lo0) * (c + 0.5) / cols
                p = predict(params, [a, b], "classification")
                if bad is None and not math.isfinite(p):
                    bad = p
                bg = _blend(p)
                if (r, c) in marks:
                    mark = "●" if class_of(marks[(r, c)]) == 1 else "○"
                    line.append(mark, Style(bgcolor=bg, bold=True))
                else:
                    line.append(" ", Style(bgcolor=bg))
            lines.append(line)
        lines = _with_axis(lines, gutter, data.input_name(1), hi1, lo1)
        name0 = _name(data.input_name(0), 10)
        legend = Text(" " * gutter + f"{name0} ", AXIS) + span(lo0, hi0, AXIS_DIGITS)
        legend.append("●=1 ○=0 ", "bold")
        legend.append("p>½", Style(bgcolor=_blend(0.9)))
        legend.append(" ")
        legend.append("p<½", Style(bgcolor=_blend(0.1)))
        if bad is not None:
            legend.append(f" p {fmt(bad)} in places", f"bold {COLORS['alarm']}")
        return Text("\n").join([*lines, legend])


def span(lo: float, hi: float, digits: int) -> Text:
    """ "−3…3 → ": the ends of the input axis, to `digits` (more where they would read equal)."""
    for d in range(digits, DIGITS + 1):
        a, b = axis_text(lo, d), axis_text(hi, d)
        if a != b or lo == hi:
            break
    return valued(a, lo, AXIS) + Text("…", AXIS) + valued(b, hi, AXIS) + Text(" → ", AXIS)


def _name(name: str, most: int) -> str:
    """A column's name, shortened to `most` cells with a visible ellipsis."""
    return name if len(name) <= most else name[: most - 1] + "…"


def _gutter(name: str, lo: float, hi: float, width: int) -> int:
    """The width of the left axis: the vertical axis's name and its two end values."""
    top, bottom = axis_labels(hi, lo)
    return max(top.cell_len, bottom.cell_len, len(_name(name, 8))) + 1


def _with_axis(lines: list[Text], gutter: int, name: str, top: float, bottom: float) -> list[Text]:
    """`lines` behind a left axis: `top` on the first line, the name in the middle, `bottom`
    on the last."""
    top_label, bottom_label = axis_labels(top, bottom)
    labels = {
        0: top_label,
        len(lines) // 2: Text(_name(name, gutter - 1), AXIS),
        len(lines) - 1: bottom_label,
    }
    out = []
    for r, line in enumerate(lines):
        label = labels.get(r, Text(""))
        out.append(Text(" " * (gutter - 1 - label.cell_len)) + label + " " + line)
    return out


def _blend(p: float) -> Color:
    """Background colour for probability p: orange (0) through dark grey (0.5) to blue (1)."""
    if not 0.0 <= p <= 1.0:  # NaN: the grey of "undecided"
        return Color.from_rgb(*BLEND)
    target = CLASS1 if class_of(p) == 1 else CLASS0
    t = abs(p - 0.5) * 2
    rgb = [round(BLEND[k] + (target[k] - BLEND[k]) * t) for k in range(3)]
    return Color.from_rgb(*rgb)
