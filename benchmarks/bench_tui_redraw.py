"""How much CPU does the walkthrough spend on a step key, and in which widget?

For the default network (1-3-1, sine) and a 2-16-1 network (xor), at 100×30:
press → through whole steps (every computation of a step, then `n`, three
times) as Textual's `Pilot` presses it, each key followed by the screen's
update, and count the CPU time of the process (`time.process_time`), split:

    widget rows  what each panel costs a key: `show` (the app hands it the new
                 cursor), `render` (its `render_lines`, called by the compositor
                 for the lines it repaints: the panel's text and Textual's strips),
                 how often it is rendered and laid out (`refresh(layout=True)`)
    layout       the screen's reflow and the compositor, outside the widgets
    output       the update as terminal text (what a served session sends its
                 browser; the headless test driver skips it, this script does it)
    other        the key's dispatch, the binding, the action's model move, the
                 event loop and the test pilot's own waits

Prints, per network, a table of widget, renders per key, layouts per key and ms
per key, then the median, 90th percentile and maximum of the whole key, and the
bytes of terminal output per key. The machine is shared: compare ratios within
one run. `--before REV` also measures the walkthrough of git revision REV (its
`tui/` and `tinynn/`, extracted to a temporary folder), the two taking turns in
fresh processes, and prints both.

    PYTHONPATH=. python benchmarks/bench_tui_redraw.py [--before main] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZE = (100, 30)
# each case: its title, its Config, the whole steps walked (each ends with `n`, not counted)
CASES: dict[str, tuple[str, dict[str, Any], int]] = {
    "default": ("1-3-1 sine (default)", {}, 3),
    "xor16": ("2-16-1 xor", {"dataset": "xor", "hidden": 16}, 1),
}
TARGET_MS = 20.0  # issue 21: a step key at 100×30 costs at most 20 ms of CPU


class Meter:
    """CPU time and calls, by (widget, what), while `on`; the outermost call of each only."""

    def __init__(self) -> None:
        self.on = False
        self.ms: dict[tuple[str, str], float] = defaultdict(float)
        self.calls: dict[tuple[str, str], int] = defaultdict(int)
        self.inside: set[tuple[str, str]] = set()

    def wrap(self, name: str, what: str, method: Callable[..., Any]) -> Callable[..., Any]:
        key = (name, what)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if not self.on or key in self.inside:
                return method(*args, **kwargs)
            self.inside.add(key)
            self.calls[key] += 1
            t0 = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                self.ms[key] += 1000 * (time.process_time() - t0)
                self.inside.discard(key)

        return timed

    def count(self, name: str, what: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            if self.on and kwargs.get("layout"):
                self.calls[name, what] += 1
            return method(*args, **kwargs)

        return counted

    def clear(self) -> None:
        self.ms.clear()
        self.calls.clear()


def instrument(app: Any, meter: Meter) -> None:
    """Time each panel's show and render_lines, count its layouts, time the screen's layout
    and the terminal output (the headless driver skips it: done here, as a served session does)."""
    from textual._compositor import CompositorUpdate
    from textual.widget import Widget

    screen = app.screen
    for widget in screen.query(Widget):
        name = widget.id or type(widget).__name__
        for what in ("show", "set_pending", "render_lines"):
            if hasattr(widget, what):
                setattr(widget, what, meter.wrap(name, what, getattr(widget, what)))
        widget.refresh = meter.count(name, "layouts", widget.refresh)
    screen._refresh_layout = meter.wrap("(screen)", "layout", screen._refresh_layout)
    screen._compositor_refresh = meter.wrap("(screen)", "layout", screen._compositor_refresh)
    display = app._display

    def output(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if meter.on and isinstance(renderable, CompositorUpdate):
            t0 = time.process_time()
            text = renderable.render_segments(app.console)
            meter.ms["(output)", "render_lines"] += 1000 * (time.process_time() - t0)
            meter.calls["(output)", "bytes"] += len(text.encode())

    app._display = output


async def measure(case: str) -> dict[str, Any]:
    """Every step key's CPU, and per widget its calls and CPU, summed over the keys."""
    from tinynn.run.config import Config
    from tui.app import WalkthroughApp
    from tui.model import Model

    _, options, steps = CASES[case]
    app = WalkthroughApp(model=Model.from_config(Config(**options)))
    meter = Meter()
    keys: list[float] = []
    idle: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        instrument(app, meter)
        for _ in range(steps):
            for _ in range(len(app.model.trace)):
                meter.on = True
                t0 = time.process_time()
                await pilot.press("right")
                await pilot.pause()
                keys.append(1000 * (time.process_time() - t0))
                meter.on = False
                t0 = time.process_time()  # the pilot's own cost: the same waits, no key
                await pilot.pause()
                idle.append(1000 * (time.process_time() - t0))
            await pilot.press("n")
            await pilot.pause()
    return {
        "keys": keys,
        "idle": idle,
        "ms": {f"{n}\t{w}": v for (n, w), v in meter.ms.items()},
        "calls": {f"{n}\t{w}": v for (n, w), v in meter.calls.items()},
    }


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def row(name: str, renders: str = "", layouts: str = "", show: str = "", render: str = "") -> str:
    return f"  {name:12} {renders:>11} {layouts:>11} {show:>8} {render:>9}"


def table(result: dict[str, Any]) -> list[str]:
    """widget, renders per key, layouts per key, ms per key (show and render)."""
    n = len(result["keys"])
    ms: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    calls: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for key, v in result["ms"].items():
        name, what = key.split("\t")
        ms[name][what] += v / n
    for key, v in result["calls"].items():
        name, what = key.split("\t")
        calls[name][what] += v / n
    # the screen's layout includes the widgets' render_lines (the compositor calls them)
    inner = sum(ms[w]["render_lines"] for w in ms if not w.startswith("("))
    ms["(screen)"]["layout"] = max(ms["(screen)"]["layout"] - inner, 0.0)
    lines = [row("widget", "renders/key", "layouts/key", "show ms", "render ms")]
    for name in sorted(ms.keys() | calls.keys(), key=lambda w: (w.startswith("("), w)):
        show = ms[name]["show"] + ms[name]["set_pending"]
        render = ms[name]["render_lines"] + ms[name]["layout"]
        if name == "(output)":
            sent = calls[name]["bytes"]
            lines.append(row(name, render=f"{render:.2f}") + f"   {sent:.0f} bytes sent per key")
        elif name == "(screen)":
            lines.append(row(name, render=f"{render:.2f}") + "   reflow, compositor")
        else:
            c = calls[name]
            cells = (f"{c['render_lines']:.2f}", f"{c['layouts']:.2f}", f"{show:.2f}")
            lines.append(row(name, *cells, f"{render:.2f}"))
    counted = sum(v for d in ms.values() for v in d.values())
    key = statistics.median(result["keys"])
    pilot = statistics.median(result["idle"])
    other = statistics.mean(result["keys"]) - counted - pilot
    lines.append(row("(other)", render=f"{other:.2f}") + "   dispatch, binding, model (mean)")
    lines.append(row("(pilot)", render=f"{pilot:.2f}") + "   the test pilot's waits alone")
    lines.append(
        f"  key: median {key:.1f} ms, p90 {quantile(result['keys'], 0.9):.1f} ms,"
        f" max {max(result['keys']):.1f} ms of CPU ({n} keys); without the pilot's waits:"
        f" median {key - pilot:.1f} ms (target ≤ {TARGET_MS:.0f} ms)"
    )
    return lines


def child(case: str) -> None:
    """Measure one case in this process and print it as JSON (for --before's turns)."""
    print(json.dumps(asyncio.run(measure(case))))


def run_in(path: Path, case: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(path)}
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", case],
        env=env,
        cwd=path,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return dict(json.loads(out.stdout.splitlines()[-1]))


def merged(results: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"keys": [], "idle": [], "ms": defaultdict(float)}
    out["calls"] = defaultdict(float)
    for r in results:
        out["keys"] += r["keys"]
        out["idle"] += r["idle"]
        for part in ("ms", "calls"):
            for k, v in r[part].items():
                out[part][k] += v
    return out


def extract(rev: str, into: Path) -> None:
    """The `tui/` and `tinynn/` of git revision `rev`, written under `into`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "tui", "tinynn"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", metavar="REV", help="also measure git revision REV")
    parser.add_argument("--rounds", type=int, default=1, help="turns of each, 1 to 5")
    parser.add_argument("--child", choices=sorted(CASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    rounds = min(max(args.rounds, 1), 5)
    print(
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; {SIZE[0]}×{SIZE[1]};"
        f" CPU ms per → key (process_time)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        versions = {"now": ROOT}
        if args.before:
            extract(args.before, Path(tmp))
            versions = {f"before ({args.before})": Path(tmp), "now": ROOT}
        for case, (title, _, _) in CASES.items():
            results: dict[str, list[dict[str, Any]]] = {v: [] for v in versions}
            for _ in range(rounds):  # the versions take turns: the machine's load is shared
                for version, path in versions.items():
                    results[version].append(run_in(path, case))
            for version in versions:
                print(f"\n{title}, {version}:")
                print("\n".join(table(merged(results[version]))))


if __name__ == "__main__":
    main()
