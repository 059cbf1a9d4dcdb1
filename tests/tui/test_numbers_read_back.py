"""No number is cut or rounded into another meaning: every number a panel draws, read back
from its text, is the value it stands for to the digits it shows, and lies inside the
panel (a cut "2.59e−05" reads "2.59e−0", that is 2.59).

Every panel hands over the numbers it draws with the value each stands for
(`drawn_numbers`, from the values in their styles, tui/widgets/numbers.py). The fast
test looks at one screen per phase (and after a sample and two epochs) of every lesson
at 80×24, 100×30 and 120×40; the slow one at every computation.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from harness import hit, past_the_lesson
from rich.cells import cell_len

from tinynn import trace_step
from tinynn.core.numbers import number_text, written_number
from tinynn.run.config import Config
from tinynn.teach.lesson import load_lesson, shipped_lessons
from tui.app import WalkthroughApp
from tui.model import Model
from tui.state import LossPoint
from tui.widgets.canvas import axis_labels
from tui.widgets.fit_plot import FitPlot
from tui.widgets.loss_plot import LossPlot
from tui.widgets.network import draw
from tui.widgets.numbers import Drawn, drawn

SIZES = [(80, 24), (100, 30), (120, 40)]
STUDENTS = Path(__file__).parent.parent / "grading" / "students"
LESSONS = shipped_lessons()
SCREENS = [[], ["}"], ["}"], ["}"], ["}"], ["n"], ["e", "e"]]  # each after the one before
KEYS = {"}": "right_curly_bracket"}


def reads_back(text: str, value: float) -> bool:
    """Whether `text` is `value` rounded to the digits it shows (half a unit of its last
    digit away at most)."""
    written = written_number(text.lstrip("+"))
    place = written.place if written.place is not None else 0  # a whole number: its ones
    return abs(written.value - value) <= 0.5 * 10.0**place * (1 + 1e-9)


def problems(app: WalkthroughApp) -> list[str]:
    """The numbers of every panel that are cut by its edge or do not read back."""
    out = []
    panels = [app.status, app.network, app.equation, app.params, app.loss_plot, app.fit_plot]
    if app.yours.display:
        panels.append(app.yours)
    for panel in panels:
        width, height = panel.content_size
        numbers: list[Drawn] = panel.drawn_numbers()
        for d in numbers:
            where = f"{panel.id}: {d.text!r} for {d.value!r}"
            if not math.isfinite(d.value):
                continue
            if d.row >= height or d.end > width:
                out.append(f"{where} cut (row {d.row}, columns {d.start}-{d.end})")
            elif not reads_back(d.text, d.value):
                out.append(f"{where} reads back as another number")
    return out


def axis_problems(app: WalkthroughApp) -> list[str]:
    """A value axis whose two ends print alike though they differ."""
    out = []
    for plot in (app.loss_plot, app.fit_plot):
        ends = [d for d in plot.drawn_numbers() if d.start == 0 or d.text.strip()]
        by_row: dict[int, Drawn] = {}
        for d in ends:
            by_row.setdefault(d.row, d)
        labels = [d for d in by_row.values() if d.start < 10]  # the left axis
        for a, b in zip(labels, labels[1:]):
            if a.text == b.text and a.value != b.value:
                out.append(f"{plot.id}: two axis labels {a.text!r} for {a.value}, {b.value}")
    return out


def model_for(name: str) -> Model:
    lesson = load_lesson(name)
    return Model(lesson.setup(), lesson)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", LESSONS)
async def test_one_screen_per_phase_of_every_lesson(name: str, size: tuple[int, int]) -> None:
    app = WalkthroughApp(model=model_for(name))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await past_the_lesson(app)
        for keys in SCREENS:
            await hit(app, *(KEYS.get(k, k) for k in keys))
            await app.workers.wait_for_complete()
            await pilot.pause()
            found = problems(app) + axis_problems(app)
            assert not found, (keys, app.model.cursor, found)


@pytest.mark.parametrize("size", SIZES[:2], ids=["80x24", "100x30"])
async def test_with_check_the_narrow_panels_cut_no_number(size: tuple[int, int]) -> None:
    """--check narrows the left column and adds a column to the table."""
    lesson = load_lesson("by-hand")
    app = WalkthroughApp(model=Model(lesson.setup(), lesson, str(STUDENTS / "correct.py")))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await past_the_lesson(app)
        for keys in SCREENS[:5]:
            await hit(app, *(KEYS.get(k, k) for k in keys))
            while app.model.yours_pending:
                await app.workers.wait_for_complete()
            await pilot.pause()
            found = problems(app)
            assert not found, (keys, found)


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", LESSONS)
async def test_every_computation_of_every_lesson(name: str, size: tuple[int, int]) -> None:
    app = WalkthroughApp(model=model_for(name))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await past_the_lesson(app)
        for k in range(len(app.model.trace) + 1):
            await pilot.pause()
            found = problems(app)
            assert not found, (k, found)
            await hit(app, "right")


def test_the_read_back_rule() -> None:
    assert reads_back("2.59e−05", 2.5912e-05)
    assert not reads_back("2.59e−0", 2.5912e-05)  # cut: it reads 2.59
    assert reads_back("0.69", 0.6903) and not reads_back("0.69", 0.6951)
    assert reads_back("+0.25", 0.25) and reads_back("3", 3.0) and not reads_back("3", 3.6)


# --- the cases the user trial found, one by one


def test_the_loss_legend_never_cuts_the_last_mean() -> None:
    """At 80×24, during t: "epoch mean 2.59e−0" read 2.59 for 2.59e−05."""
    plot = LossPlot()
    plot.show([], [LossPoint(21, 0.3), LossPoint(42, 2.5912e-05)], 21)
    for width in range(20, 60):
        picture = plot.draw(width, 2)
        legend = picture.plain.splitlines()[-1]
        assert cell_len(legend) <= width, (width, legend)
        for d in drawn(picture):
            assert d.end <= width and reads_back(d.text, d.value), (width, d)
        assert "2.59e−0 " not in legend + " " and not legend.endswith("2.59e−0")


def test_the_loss_axis_labels_differ_and_a_small_change_does_not_fill_the_plot() -> None:
    """xor after e e: both labels read 0.82, and a 0.2 % change filled the height."""
    plot = LossPlot()
    plot.show([], [LossPoint(4, 0.8213), LossPoint(8, 0.8197)], 4)
    picture = plot.draw(40, 10)
    lines = picture.plain.splitlines()
    top, bottom = lines[0].split()[0], lines[-3].split()[0]
    assert top != bottom  # they differ, as their values do
    rows = [r for r, line in enumerate(lines[:-2]) if any("\u2800" < c <= "\u28ff" for c in line)]
    assert max(rows) - min(rows) <= 1  # 0.2 %: one row at most, not the plot's height
    assert axis_labels(0.8213, 0.8197)[0].plain != axis_labels(0.8213, 0.8197)[1].plain


def test_plot_messages_wrap_instead_of_stopping_mid_sentence() -> None:
    plot = LossPlot()
    plot.show([], [], 4)
    fit = FitPlot()
    lesson = load_lesson("by-hand-2-inputs")  # 2 inputs, regression: no fit plot
    s = lesson.setup()
    fit.show(s.params, s.data, s.task)
    for width in (30, 37, 40, 60):
        for picture in (plot.draw(width, 4), fit.draw(width, 4)):
            lines = picture.plain.splitlines()
            assert all(cell_len(line) <= width for line in lines), (width, lines)
        said = " ".join(fit.draw(width, 4).plain.split())
        assert said == "2 inputs: no fit plot (the loss plot shows the progress)"


async def test_an_update_below_the_tables_digits_shows_its_change() -> None:
    """--check at 100×30: the "new" column read "W1[0][0] 0.69 → 0.69"."""
    app = WalkthroughApp(model=Model.from_config(Config()))
    app.model.student = str(STUDENTS / "correct.py")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await hit(app, "enter")
        while app.model.yours_pending:
            await app.workers.wait_for_complete()
        await pilot.pause()
        step, d = app.model.trace.step, app.params.digits
        changed = 0
        rows = app.params.rows_text()[1:]
        for key, (_, _, _, new, *_) in zip(step.params.all_keys(), rows):
            old, now = step.params.get(key), step.new_params.get(key)
            if now != old and number_text(now, d) == number_text(old, d):
                assert new.startswith("Δ") and reads_back(new[1:], now - old), (key, new)
                changed += 1
            else:
                assert new == number_text(now, d), (key, new)
        assert changed  # the sine step's W1 updates are below 2 digits


def test_the_edge_labels_of_a_two_input_unit_say_their_input() -> None:
    lesson = load_lesson("by-hand-2-inputs")
    s = lesson.setup()
    text, _ = draw(trace_step(s.params, s.x, s.y, s.lr, s.task), -1, 110, 12)
    row = next(line for line in text.plain.splitlines() if "▶h1" in line)
    assert "[0]−0.25 [1]+1▶h1" in row  # W1[1][0], W1[1][1]
