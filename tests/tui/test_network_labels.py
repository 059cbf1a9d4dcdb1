"""The network graph's numbers mean one thing each at every size: the title says what the
edge labels are (W, ∂L/∂W or ΔW) even when hidden units are off screen, a label never runs
into a node's name, and every drawn number keeps at least 2 significant digits."""

from __future__ import annotations

import re

import pytest
from harness import hit, past_the_lesson

from tinynn.run.config import Config
from tinynn.teach.lesson import load_lesson
from tui.app import WalkthroughApp
from tui.model import Model
from tui.widgets.network import draw
from tui.widgets.numbers import drawn


def model_for(name: str) -> Model:
    if name.startswith("hidden "):
        return Model.from_config(Config(hidden=int(name.split()[1])))
    lesson = load_lesson(name)
    return Model(lesson.setup(), lesson)


LEGEND = {"backward": "∂L/∂W", "update": "ΔW"}


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("hidden", [8, 16])
async def test_the_title_says_what_the_edge_labels_are_with_units_off_screen(
    hidden: int, size: tuple[int, int]
) -> None:
    app = WalkthroughApp(model=model_for(f"hidden {hidden}"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        trace = app.model.trace
        for phase, legend in LEGEND.items():
            # the last computation of the phase: the window is at the far end of the units
            k = max(n for n, e in enumerate(trace) if e.phase == phase)
            await hit(app, *["right"] * (k - app.model.cursor))
            await pilot.pause()
            title = str(app.network.border_title)
            lines = app.network.plain_text().splitlines()
            units = {int(u) for line in lines for u in re.findall(r"h(\d+) ", line)}
            if size == (80, 24) or hidden == 16:  # the case of the review: some off screen
                assert len(units) < hidden, (title, units)
            if len(units) < hidden:
                assert f"h{min(units)}–h{max(units)}" in title, title
            assert f"edges {legend}" in title or f"edges: {legend}" in title, title


def significant(text: str) -> int:
    """The significant digits `text` shows ("−0.40" 2, "−0.4" 1, "1.2e−05" 2)."""
    mantissa = text.split("e")[0].lstrip("+−-").replace(".", "").lstrip("0")
    return len(mantissa)


@pytest.mark.parametrize("name", ["xor", "hidden 8"])
async def test_at_80x24_every_drawn_number_keeps_two_significant_digits(name: str) -> None:
    app = WalkthroughApp(model=model_for(name))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await past_the_lesson(app)
        width, height = app.network.content_size
        trace = app.model.trace
        for k in range(len(trace)):
            # the widget's own drawing, at its size, after every computation of the step
            text, _ = draw(trace, k, width, height)
            for d in drawn(text):
                exact = float(d.text.replace("−", "-")) == d.value
                assert exact or significant(d.text) >= 2, (trace[k].label, d)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("name", ["xor", "hidden 3"])
async def test_an_edge_label_never_runs_into_a_node_name(name: str, size: tuple[int, int]) -> None:
    app = WalkthroughApp(model=model_for(name))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await past_the_lesson(app)
        width, height = app.network.content_size
        trace = app.model.trace
        for k in range(len(trace)):
            text, _ = draw(trace, k, width, height)
            jammed = re.findall(r"[0-9·]h\d+", text.plain)  # "+0.0036h0", "[1]−0.03h1"
            assert not jammed, (trace[k].label, jammed)
