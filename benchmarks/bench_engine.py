"""How fast is tinynn's training, next to a tight loop and to micrograd?

One per-sample SGD step of the regression network (forward, loss, backward,
update), n = 1 input (the sine data) and h hidden units, timed three ways:

    tinynn      `tinynn.train` over whole epochs, divided by the number of steps:
                the notes' equations row by row, the same code the trace shows
    loop        a tight hand-written pure-Python loop of the same equations:
                parameters updated in place, no new list per row, sigmoid inlined
    micrograd   the micrograd package (its Value graph rebuilt every step), with a
                sigmoid operation added here

Before timing, the loop and micrograd must give the same per-step losses as
tinynn's step over two epochs (to 1e-10): only equal work is timed. Times are
CPU microseconds per step (process_time_ns), the median of many short batches,
the contenders taking turns so that a noisy machine slows them alike.

Also: `import tinynn` over a bare interpreter (median of 10 runs) and
`trace_step` of the walkthrough's default network.

    python benchmarks/bench_engine.py [--json FILE] [--quick]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import tinynn
from tinynn import Params, init_params, trace_step, train
from tinynn.core.step import step_pass

LR = 0.1
HIDDEN = (2, 4, 16, 64)
TOLERANCE = 1e-10  # sums taken in another order round differently
TARGETS = "train within 4.5x of the loop at h = 16 and 64; at least 8x micrograd at h = 16"

StepFn = Callable[[list[float], float], float]  # step(x, y) -> loss, updating its own parameters


def make_tinynn(params: Params, lr: float) -> StepFn:
    """tinynn's step (what `train` runs per sample), for the equal-work check."""

    def step(x: list[float], y: float) -> float:
        nonlocal params
        s = step_pass(params, x, y, lr, "regression")
        params = s.new_params
        return s.loss

    return step


def make_loop(params: Params, lr: float) -> StepFn:
    """The same equations as tight as pure Python goes: in place, one pass each way."""
    W1 = [row[:] for row in params.W1]
    b1, W2, b2 = params.b1[:], params.W2[:], [params.b2]
    a1 = [0.0] * len(W1)
    exp = math.exp

    def step(x: list[float], y: float) -> float:
        z2 = 0.0
        for j, row in enumerate(W1):
            z = 0.0
            for i, xi in enumerate(x):
                z += row[i] * xi
            z += b1[j]  # the bias last, as the notes (and tinynn) add it
            if z >= 0.0:
                a = 1.0 / (1.0 + exp(-z))
            else:
                e = exp(z)
                a = e / (1.0 + e)
            a1[j] = a
            z2 += W2[j] * a
        delta2 = (z2 + b2[0]) - y
        for j, row in enumerate(W1):
            a = a1[j]
            delta1 = delta2 * W2[j] * (a * (1.0 - a))  # with W2 from before the update
            W2[j] -= lr * (delta2 * a)
            b1[j] -= lr * delta1
            for i, xi in enumerate(x):
                row[i] -= lr * (delta1 * xi)
        b2[0] -= lr * delta2
        return 0.5 * delta2 * delta2

    return step


def make_micrograd(params: Params, lr: float) -> StepFn:
    """micrograd's Value graph, rebuilt every step as micrograd does, plus a sigmoid op."""
    from micrograd.engine import Value

    def sigmoid(v: Value) -> Value:
        s = tinynn.sigmoid(v.data)
        out = Value(s, (v,), "sigmoid")

        def _backward() -> None:
            v.grad += s * (1.0 - s) * out.grad

        out._backward = _backward
        return out

    W1 = [[Value(w) for w in row] for row in params.W1]
    b1 = [Value(b) for b in params.b1]
    W2 = [Value(w) for w in params.W2]
    b2 = Value(params.b2)
    parameters = [w for row in W1 for w in row] + b1 + W2 + [b2]

    def step(x: list[float], y: float) -> float:
        a1 = [sigmoid(sum((w * xi for w, xi in zip(row, x)), b)) for row, b in zip(W1, b1)]
        z2 = sum((w * a for w, a in zip(W2, a1)), b2)
        L = 0.5 * (z2 - y) ** 2
        for p in parameters:
            p.grad = 0.0
        L.backward()
        for p in parameters:
            p.data -= lr * p.grad
        return float(L.data)

    return step


PEERS: dict[str, Callable[[Params, float], StepFn]] = {"loop": make_loop}
if importlib.util.find_spec("micrograd") is not None:
    PEERS["micrograd"] = make_micrograd


def losses(make: Callable[[Params, float], StepFn], h: int, epochs: int = 2) -> list[float]:
    """The loss of every step of `epochs` passes over the sine data, in order."""
    data = tinynn.get_dataset("sine")
    step = make(init_params(1, h, 0), LR)
    return [step(x, y) for _ in range(epochs) for x, y in data.samples]


def check_equal_work(make: Callable[[Params, float], StepFn], h: int) -> float:
    """The largest relative difference between a peer's losses and tinynn's."""
    ours, theirs = losses(make_tinynn, h), losses(make, h)
    return max(abs(a - b) / max(abs(a), 1e-300) for a, b in zip(ours, theirs))


def peer_batch(make: Callable[[Params, float], StepFn], h: int) -> Callable[[int], float]:
    """A timer of k epochs of a peer; returns CPU microseconds per step."""
    samples = tinynn.get_dataset("sine").samples
    step = make(init_params(1, h, 0), LR)

    def run(k: int) -> float:
        gc.collect()  # nobody pays for the garbage (micrograd's cycles) of the one before
        t = time.process_time_ns()
        for _ in range(k):
            for x, y in samples:
                step(x, y)
        return (time.process_time_ns() - t) / 1000 / (k * len(samples))

    return run


def train_batch(h: int) -> Callable[[int], float]:
    """A timer of `tinynn.train` for k epochs; returns CPU microseconds per step."""
    data = tinynn.get_dataset("sine")
    params = init_params(1, h, 0)

    def run(k: int) -> float:
        gc.collect()
        t = time.process_time_ns()
        train(params, data, LR, k)
        return (time.process_time_ns() - t) / 1000 / (k * len(data))

    return run


def median_per_step(timers: dict[str, Callable[[int], float]], repeats: int) -> dict[str, float]:
    """Each timer's median over `repeats` rounds, the timers taking turns; ~5 ms a batch."""
    sizes = {name: max(1, int(5000 / max(run(1), 0.01) / 21)) for name, run in timers.items()}
    samples: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(repeats):
        for name, run in timers.items():
            samples[name].append(run(sizes[name]))
    return {name: statistics.median(v) for name, v in samples.items()}


def import_ms(runs: int = 10) -> dict[str, float]:
    """Wall time of `python -c "import tinynn"` minus a bare `python -c "pass"`, median of runs."""

    def once(code: str) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return (time.perf_counter() - t) * 1000

    once("import tinynn")  # compile the bytecode first, as an installed package has it
    bare = [once("pass") for _ in range(runs)]
    full = [once("import tinynn") for _ in range(runs)]
    return {
        "bare_ms": statistics.median(bare),
        "with_tinynn_ms": statistics.median(full),
        "tinynn_ms": statistics.median(full) - statistics.median(bare),
    }


def trace_ms(repeats: int = 200) -> float:
    """trace_step of the walkthrough's default network (sine, 1-3-1), median of repeats."""
    data = tinynn.get_dataset("sine")
    params, (x, y) = init_params(1, 3, 0), data.samples[0]
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        trace_step(params, x, y, 0.5)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def run(quick: bool = False) -> dict[str, Any]:
    for name, make in PEERS.items():
        for h in HIDDEN:
            worst = check_equal_work(make, h)
            if worst > TOLERANCE:
                raise SystemExit(f"{name} at h={h} differs from tinynn by {worst:.1e}: not timed")
    table: dict[int, dict[str, float]] = {}
    for h in HIDDEN:
        timers = {"tinynn": train_batch(h)}
        timers.update({name: peer_batch(make, h) for name, make in PEERS.items()})
        if h > 16:
            timers.pop("micrograd", None)  # minutes per run; h = 16 is the target's point
        table[h] = median_per_step(timers, 5 if quick else 21)
    return {
        "us_per_step": table,
        "import": import_ms(3 if quick else 10),
        "trace_step_ms": trace_ms(50 if quick else 200),
        "python": sys.version.split()[0],
    }


def report(result: dict[str, Any]) -> str:
    table = result["us_per_step"]
    lines = [
        "µs per SGD step (n = 1, CPU time, median)",
        f"{'h':>4} {'tinynn':>9} {'loop':>9} {'micrograd':>10} {'tinynn/loop':>12} "
        f"{'micrograd/tinynn':>17}",
    ]
    for h, row in table.items():
        ours, mg = row["tinynn"], row.get("micrograd")
        mg_us, mg_ratio = (f"{mg:.1f}", f"{mg / ours:.1f}") if mg else ("—", "—")
        lines.append(
            f"{h:>4} {ours:>9.1f} {row['loop']:>9.1f} {mg_us:>10} "
            f"{ours / row['loop']:>12.2f} {mg_ratio:>17}"
        )
    imp = result["import"]
    lines += [
        "",
        f"import tinynn: {imp['tinynn_ms']:.1f} ms over a bare interpreter "
        f"({imp['with_tinynn_ms']:.1f} − {imp['bare_ms']:.1f} ms, medians)",
        f"trace_step, default network: {result['trace_step_ms']:.3f} ms",
        f"Targets: {TARGETS}; import under 20 ms.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer repeats: a rough run")
    args = parser.parse_args(argv)
    result = run(args.quick)
    print(report(result))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
