"""How long does the walkthrough take to redraw after a step key?

For the default network (1-3-1, sine) and a 2-16-1 network (xor), at 100×30:
press → (the next computation) through a whole step, and time

    key          the → key's action (the model moves, every panel is handed the
                 new cursor), the layout, and a full repaint of the screen (every
                 panel rendered to strips, more than Textual repaints for a key)
    graph+eq     the network graph's and the equation panel's own text, alone

Targets: every step key under 50 ms on the default network, under 150 ms at 16
hidden units. Prints medians, 90th percentiles and maxima in milliseconds (a
maximum is often a garbage collection or another process: run it twice).

    PYTHONPATH=. python benchmarks/bench_tui_redraw.py
"""

from __future__ import annotations

import asyncio
import statistics
import time

from tinynn.run.config import Config
from tui.app import WalkthroughApp
from tui.model import Model

TARGETS = {3: 50.0, 16: 150.0}


async def measure(config: Config) -> tuple[list[float], list[float]]:
    app = WalkthroughApp(model=Model.from_config(config))
    keys: list[float] = []
    repaints: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        for _ in range(len(app.model.trace)):
            t0 = time.perf_counter()
            app.action_next()  # what the → key runs: the model moves, the panels are told
            screen._refresh_layout(app.size)  # the layout (the graph's height may change)
            screen._compositor.render_full_update()  # every panel rendered, the whole screen
            keys.append(1000 * (time.perf_counter() - t0))
            t0 = time.perf_counter()
            app.network.text()
            app.equation.lines()
            repaints.append(1000 * (time.perf_counter() - t0))
            await pilot.pause()
    return keys, repaints


def main() -> None:
    cases = [
        ("1-3-1 sine (default)", Config(), 3),
        ("2-16-1 xor", Config(dataset="xor", hidden=16), 16),
    ]
    for name, config, hidden in cases:
        keys, texts = asyncio.run(measure(config))
        print(
            f"{name:22} key median {statistics.median(keys):6.1f} ms, max {max(keys):6.1f} ms;"
            f" graph+eq median {statistics.median(texts):5.1f} ms, max {max(texts):5.1f} ms"
            f"  (target < {TARGETS[hidden]:.0f} ms, {len(keys)} keys;"
            f" 90th percentile {statistics.quantiles(keys, n=10)[-1]:.1f} ms)"
        )


if __name__ == "__main__":
    main()
