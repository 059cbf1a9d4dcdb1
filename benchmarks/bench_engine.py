"""How fast is one tinynn training step, next to the same step written other ways?

One per-sample SGD step of the regression network (forward, loss, backward,
update) for n inputs and h hidden units, timed for:

    tinynn       sgd_step(params, x, y, lr): what `tinynn.train` does per sample
    train()      tinynn.train over a few epochs, divided by the number of steps
    train_step   tinynn.train_step: the same step keeping every intermediate
                 (Forward, Grads, Step), as the trace and the walkthrough need
    loop         a tight hand-written pure-Python loop of the same equations
    columns      pure Python again, vectorised over the hidden layer (one list
                 comprehension per equation, W1 handled one column at a time)
    numpy        NumPy, one sample at a time, vectorised over the hidden layer
    micrograd    the micrograd package, with a sigmoid operation added here
    torch        PyTorch, one sample at a time, float64, one thread (if installed)

Every peer starts from the same `init_params` and data, and must first produce
the same losses as tinynn over a few epochs (to 1e-12): only equal work is
timed. Times are microseconds of CPU time per step (process_time_ns, so that
other programs on a shared machine count less), the median of many repeats,
each repeat a short batch of steps; the contenders take turns, so a noisy
machine slows them alike. The garbage collector stays on, as in a real run,
but is emptied before each batch: no contender pays for another's garbage.

Also measured: `trace_step` of the walkthrough's default network, the time of
`python -X importtime -c "import tinynn"`, and how the step time grows with n*h.

    python benchmarks/bench_engine.py [--json FILE] [--quick]

NumPy runs single-threaded; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, if set, are
removed (both) from this process's environment before NumPy loads.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import mul
from typing import Any

import tinynn
from tinynn import Dataset, Params, init_params, trace_step, train, train_step
from tinynn.config import Config, resolve
from tinynn.sgd import sgd_step

LR = 0.1
TABLE_HIDDEN = (2, 4, 16, 64)
GRID_INPUTS = (1, 2, 4, 8)
GRID_HIDDEN = (2, 4, 8, 16, 32, 64)
CHECK_EPOCHS = 3
TOLERANCE = 1e-12

StepFn = Callable[[Any, float], float]  # step(x, y) -> loss, updating the peer's parameters
NewParams = tuple[list[list[float]], list[float], list[float], float, float]  # W1, b1, W2, b2, L
RawStep = Callable[
    [list[list[float]], list[float], list[float], float, list[float], float, float], NewParams
]  # (W1, b1, W2, b2, x, y, lr) -> the new parameters and the loss


# ---------------------------------------------------------------- data


def make_data(n: int) -> Dataset:
    """The sine dataset for n = 1; for n > 1, 21 samples of y = sin(mean of x), x in [-3, 3]^n."""
    if n == 1:
        return tinynn.get_dataset("sine")
    rng = random.Random(1)
    X = [[round(rng.uniform(-3.0, 3.0), 2) for _ in range(n)] for _ in range(21)]
    Y = [round(math.sin(sum(x) / n), 3) for x in X]
    return Dataset(f"waves{n}", X, Y, "regression", [f"x{i}" for i in range(n)])


# ---------------------------------------------------------------- the peers


def make_tinynn(params: Params, lr: float) -> StepFn:
    """tinynn's training step: sgd_step returns the new parameters and the loss."""

    def step(x: list[float], y: float) -> float:
        nonlocal params
        params, loss = sgd_step(params, x, y, lr)
        return loss

    return step


def make_train_step(params: Params, lr: float) -> StepFn:
    """tinynn's step with every intermediate: train_step returns a Step."""

    def step(x: list[float], y: float) -> float:
        nonlocal params
        s = train_step(params, x, y, lr)
        params = s.new_params
        return s.loss

    return step


def loop_step(
    W1: list[list[float]],
    b1: list[float],
    W2: list[float],
    b2: float,
    x: list[float],
    y: float,
    lr: float,
) -> NewParams:
    """The same equations as one tight loop: no objects, sigmoid inlined, loops fused.

    Returns the new W1, b1, W2, b2 and the loss.
    """
    exp = math.exp
    a1 = []
    z2 = b2
    for row, b, w2 in zip(W1, b1, W2):
        z = b
        for w, xi in zip(row, x):
            z += w * xi
        if z >= 0.0:
            a = 1.0 / (1.0 + exp(-z))
        else:
            e = exp(z)
            a = e / (1.0 + e)
        a1.append(a)
        z2 += w2 * a
    delta2 = z2 - y
    L = 0.5 * delta2 * delta2
    new_W1, new_b1, new_W2 = [], [], []
    for row, b, w2, a in zip(W1, b1, W2, a1):
        delta1 = delta2 * w2 * (a * (1.0 - a))
        new_W2.append(w2 - lr * (delta2 * a))
        new_W1.append([w - lr * (delta1 * xi) for w, xi in zip(row, x)])
        new_b1.append(b - lr * delta1)
    return new_W1, new_b1, new_W2, b2 - lr * delta2, L


def columns_step(
    W1: list[list[float]],
    b1: list[float],
    W2: list[float],
    b2: float,
    x: list[float],
    y: float,
    lr: float,
) -> NewParams:
    """The same equations, one list comprehension over the hidden layer per equation.

    W1 is read and written one column (one input i) at a time, so no
    comprehension runs per hidden unit; zip(*columns) rebuilds the rows.
    """
    exp = math.exp
    z1 = b1
    for i, xi in enumerate(x):
        z1 = [z + row[i] * xi for z, row in zip(z1, W1)]
    a1 = [1.0 / (1.0 + exp(-z)) if z >= 0.0 else exp(z) / (1.0 + exp(z)) for z in z1]
    z2 = sum(map(mul, W2, a1)) + b2
    delta2 = z2 - y
    L = 0.5 * delta2 * delta2
    delta1 = [delta2 * w * (a * (1.0 - a)) for w, a in zip(W2, a1)]
    columns = [[row[i] - lr * (d * xi) for row, d in zip(W1, delta1)] for i, xi in enumerate(x)]
    new_W1 = [list(row) for row in zip(*columns)]
    new_b1 = [b - lr * d for b, d in zip(b1, delta1)]
    new_W2 = [w - lr * (delta2 * a) for w, a in zip(W2, a1)]
    return new_W1, new_b1, new_W2, b2 - lr * delta2, L


def stepping(raw_step: RawStep) -> Callable[[Params, float], StepFn]:
    """A peer's maker from a step on bare lists: it keeps W1, b1, W2, b2 between samples."""

    def make(params: Params, lr: float) -> StepFn:
        W1, b1, W2, b2 = params.W1, params.b1, params.W2, params.b2

        def step(x: list[float], y: float) -> float:
            nonlocal W1, b1, W2, b2
            W1, b1, W2, b2, L = raw_step(W1, b1, W2, b2, x, y, lr)
            return L

        return step

    return make


make_loop = stepping(loop_step)
make_columns = stepping(columns_step)


def make_numpy(params: Params, lr: float) -> StepFn:
    """NumPy per sample; x arrives as a float64 array. Returns new arrays, like tinynn."""
    import numpy as np

    W1, b1, W2 = (np.array(v, dtype=np.float64) for v in (params.W1, params.b1, params.W2))
    b2 = np.float64(params.b2)

    def step(x: Any, y: float) -> float:
        nonlocal W1, b1, W2, b2
        z1 = W1 @ x + b1
        e = np.exp(-np.abs(z1))  # the stable sigmoid, as in tinynn
        a1 = np.where(z1 >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
        z2 = W2 @ a1 + b2
        delta2 = z2 - y
        L = 0.5 * delta2 * delta2
        dW2 = delta2 * a1
        delta1 = delta2 * W2 * (a1 * (1.0 - a1))
        dW1 = np.outer(delta1, x)
        W1, b1, W2, b2 = W1 - lr * dW1, b1 - lr * delta1, W2 - lr * dW2, b2 - lr * delta2
        return float(L)

    return step


def make_micrograd(params: Params, lr: float) -> StepFn:
    """micrograd's Value graph, rebuilt every step as micrograd does, plus a sigmoid op."""
    from micrograd.engine import Value

    def sigmoid(v: Value) -> Value:
        z = v.data
        if z >= 0.0:
            s = 1.0 / (1.0 + math.exp(-z))
        else:
            e = math.exp(z)
            s = e / (1.0 + e)
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
        return L.data

    return step


def make_torch(params: Params, lr: float) -> StepFn:
    """PyTorch autograd per sample, float64, one thread; x arrives as a tensor."""
    import torch

    torch.set_num_threads(1)
    f64 = torch.float64
    W1 = torch.tensor(params.W1, dtype=f64, requires_grad=True)
    b1 = torch.tensor(params.b1, dtype=f64, requires_grad=True)
    W2 = torch.tensor(params.W2, dtype=f64, requires_grad=True)
    b2 = torch.tensor(params.b2, dtype=f64, requires_grad=True)
    parameters = (W1, b1, W2, b2)

    def step(x: Any, y: float) -> float:
        a1 = torch.sigmoid(W1 @ x + b1)
        z2 = W2 @ a1 + b2
        L = 0.5 * (z2 - y) ** 2
        L.backward()
        with torch.no_grad():
            for p in parameters:
                p -= lr * p.grad
                p.grad = None
        return L.item()

    return step


def as_lists(X: list[list[float]]) -> list[Any]:
    return X


def as_numpy(X: list[list[float]]) -> list[Any]:
    import numpy as np

    return [np.array(x, dtype=np.float64) for x in X]


def as_torch(X: list[list[float]]) -> list[Any]:
    import torch

    return [torch.tensor(x, dtype=torch.float64) for x in X]


@dataclass(frozen=True)
class Peer:
    """One way of taking the step: how to build it, and how it wants its inputs."""

    name: str
    make: Callable[[Params, float], StepFn]
    inputs: Callable[[list[list[float]]], list[Any]] = as_lists
    package: str | None = None  # the import it needs, if any

    def missing(self) -> str | None:
        """Why this peer cannot run here, or None."""
        if self.package is None or importlib.util.find_spec(self.package) is not None:
            return None
        return f"{self.package} is not installed: skipped"


TINYNN = Peer("tinynn", make_tinynn)
TRAIN_STEP = Peer("train_step", make_train_step)
LOOP = Peer("loop", make_loop)
COLUMNS = Peer("columns", make_columns)
NUMPY = Peer("numpy", make_numpy, as_numpy, "numpy")
MICROGRAD = Peer("micrograd", make_micrograd, package="micrograd")
TORCH = Peer("torch", make_torch, as_torch, "torch")
PEERS = (TRAIN_STEP, LOOP, COLUMNS, NUMPY, MICROGRAD, TORCH)


# ---------------------------------------------------------------- equal work


def losses(peer: Peer, n: int, h: int, epochs: int = CHECK_EPOCHS) -> list[float]:
    """Per-step losses of `peer` over `epochs` in-order passes, from init_params(n, h)."""
    data = make_data(n)
    step = peer.make(init_params(n, h, seed=0), LR)
    samples = list(zip(peer.inputs(data.X), data.Y))
    return [step(x, y) for _ in range(epochs) for x, y in samples]


def check_equal_work(peer: Peer, n: int, h: int, epochs: int = CHECK_EPOCHS) -> float:
    """The largest difference between the peer's losses and tinynn's (relative above 1)."""
    ours = losses(TINYNN, n, h, epochs)
    theirs = losses(peer, n, h, epochs)
    if len(ours) != len(theirs):
        return math.inf
    return max(abs(a - b) / max(1.0, abs(a)) for a, b in zip(ours, theirs))


# ---------------------------------------------------------------- timing


def batch_timer(peer: Peer, n: int, h: int) -> Callable[[int], float]:
    """time(k): nanoseconds for k steps of `peer`, cycling through the data."""
    data = make_data(n)
    step = peer.make(init_params(n, h, seed=0), LR)
    samples = list(zip(peer.inputs(data.X), data.Y))

    def run(k: int) -> float:
        cycle = (samples * (k // len(samples) + 1))[:k]
        gc.collect()  # nobody pays for the garbage (micrograd's cycles) of the one before
        t0 = time.process_time_ns()
        for x, y in cycle:
            step(x, y)
        return time.process_time_ns() - t0

    return run


def train_timer(n: int, h: int) -> Callable[[int], float]:
    """time(k): nanoseconds of tinynn.train over about k steps (whole epochs)."""
    data = make_data(n)
    params = init_params(n, h, seed=0)

    def run(k: int) -> float:
        epochs = max(1, round(k / len(data)))
        gc.collect()
        t0 = time.process_time_ns()
        train(params, data, LR, epochs)
        return (time.process_time_ns() - t0) * k / (epochs * len(data))

    return run


def median_us(
    timers: dict[str, Callable[[int], float]], repeats: int, batch_ms: float
) -> dict[str, float]:
    """Median microseconds per step of each timer; the timers take turns, repeat by repeat."""
    sizes = {}
    for name, run in timers.items():
        run(3)  # warm up
        per_step = max(run(5) / 5, 1.0)
        sizes[name] = max(5, int(batch_ms * 1e6 / per_step))
    samples: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(repeats):
        for name, run in timers.items():
            samples[name].append(run(sizes[name]) / sizes[name] / 1000)
    return {name: statistics.median(v) for name, v in samples.items()}


def time_call(f: Callable[[], object], repeats: int, number: int) -> float:
    """Median microseconds of one call of f."""
    f()
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.process_time_ns()
        for _ in range(number):
            f()
        times.append((time.process_time_ns() - t0) / number / 1000)
    return statistics.median(times)


# ---------------------------------------------------------------- the measurements


def step_table(
    peers: Sequence[Peer], hidden: Sequence[int], repeats: int, batch_ms: float
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Rows of microseconds per step for n = 1 and each h, and the checks that allowed them."""
    rows = []
    checks: dict[str, float] = {}
    for h in hidden:
        timers = {"tinynn": batch_timer(TINYNN, 1, h), "train()": train_timer(1, h)}
        for peer in peers:
            diff = check_equal_work(peer, 1, h)
            checks[f"{peer.name} h={h}"] = diff
            if diff <= TOLERANCE:
                timers[peer.name] = batch_timer(peer, 1, h)
        rows.append({"n": 1, "h": h, "us": median_us(timers, repeats, batch_ms)})
    return rows, checks


def least_squares(terms: Sequence[Sequence[float]], ys: Sequence[float]) -> dict[str, Any]:
    """Fit y = c0 + c1*t1 + c2*t2 + ... (normal equations); the coefficients and R^2."""
    rows = [[1.0, *t] for t in zip(*terms)]
    k = len(rows[0])
    # A^T A c = A^T y, solved by Gauss-Jordan elimination with partial pivoting
    m = [[sum(r[a] * r[b] for r in rows) for b in range(k)] for a in range(k)]
    v = [sum(r[a] * y for r, y in zip(rows, ys)) for a in range(k)]
    for col in range(k):
        piv = max(range(col, k), key=lambda r: abs(m[r][col]))
        m[col], m[piv], v[col], v[piv] = m[piv], m[col], v[piv], v[col]
        for r in range(k):
            if r != col:
                f = m[r][col] / m[col][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[col])]
                v[r] -= f * v[col]
    coef = [v[r] / m[r][r] for r in range(k)]
    my = statistics.fmean(ys)
    ss_res = sum((y - sum(c * x for c, x in zip(coef, r))) ** 2 for r, y in zip(rows, ys))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return {"coef_us": coef, "r2": 1.0 - ss_res / ss_tot}


FITS = {  # name: (formula, terms from n and h)
    "nh": ("a + b*n*h", lambda n, h: [n * h]),
    "params": ("a + b*P, P = h(n+2)+1 parameters", lambda n, h: [h * (n + 2) + 1]),
    "h_nh": ("a + b*h + c*n*h", lambda n, h: [h, n * h]),
}


def scaling(
    inputs: Sequence[int], hidden: Sequence[int], repeats: int, batch_ms: float
) -> dict[str, Any]:
    """tinynn's step time over a grid of n and h, fitted against n*h (and two richer models)."""
    timers = {f"{n}x{h}": batch_timer(TINYNN, n, h) for n in inputs for h in hidden}
    us = median_us(timers, repeats, batch_ms)
    points = [{"n": n, "h": h, "us": us[f"{n}x{h}"]} for n in inputs for h in hidden]
    ts = [p["us"] for p in points]
    fits = {}
    for name, (formula, terms) in FITS.items():
        columns = list(zip(*(terms(p["n"], p["h"]) for p in points)))
        fits[name] = {"formula": formula, **least_squares(columns, ts)}
    return {"points": points, "fits": fits}


def trace_us(repeats: int) -> float:
    """trace_step of the walkthrough's default network (the default Config)."""
    s = resolve(Config())
    return time_call(lambda: trace_step(s.params, s.x, s.y, s.lr, s.task), repeats, 200)


def import_ms(runs: int) -> dict[str, float]:
    """`python -X importtime -c "import tinynn"`: tinynn's cumulative import time.

    Bytecode is cached in a temporary folder first, as in an installed package
    (the first, compiling run is reported apart).
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        times = [_import_once(env) for _ in range(runs + 1)]
    return {
        "cold_ms": times[0],
        "median_ms": statistics.median(times[1:]),
        "min_ms": min(times[1:]),
    }


def _import_once(env: dict[str, str]) -> float:
    cmd = [sys.executable, "-X", "importtime", "-c", "import tinynn"]
    err = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stderr
    line = [ln for ln in err.splitlines() if re.search(r"\|\s*tinynn$", ln)][-1]
    return int(line.split("|")[1]) / 1000


def machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(ln.split(":", 1)[1].strip() for ln in out.splitlines() if "Model name" in ln)
    except (OSError, subprocess.CalledProcessError, StopIteration):
        pass
    info = {
        "cpu": model,
        "cpus": str(os.cpu_count()),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": platform.platform(),
        "tinynn": tinynn.__version__,
    }
    for package in ("numpy", "micrograd", "torch"):
        if importlib.util.find_spec(package) is not None:
            from importlib.metadata import PackageNotFoundError, version

            try:
                info[package] = version(package)
            except PackageNotFoundError:
                info[package] = "?"
    return info


# ---------------------------------------------------------------- targets and report


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The speed targets, each with its measured value and whether it is met."""
    by_h = {row["h"]: row["us"] for row in result["steps"]}
    out = []

    def add(name: str, value: float | None, limit: float, at_most: bool) -> None:
        met = None if value is None else (value <= limit if at_most else value >= limit)
        out.append({"target": name, "value": value, "limit": limit, "met": met})

    def ratio(h: int, a: str, b: str) -> float | None:
        us = by_h.get(h, {})
        return us[a] / us[b] if a in us and b in us else None

    for h in (16, 64):
        add(f"tinynn / loop at h={h}", ratio(h, "tinynn", "loop"), 1.5, True)
    for h in sorted(h for h in by_h if h <= 16):
        add(f"tinynn / numpy at h={h}", ratio(h, "tinynn", "numpy"), 1.0, True)
    add("micrograd / tinynn at h=16", ratio(16, "micrograd", "tinynn"), 18.0, False)
    add("torch / tinynn at h=16", ratio(16, "torch", "tinynn"), 10.0, False)
    add("trace_step, default network (ms)", result["trace_us"] / 1000, 1.0, True)
    add("import tinynn (ms, median)", result["import"]["median_ms"], 20.0, True)
    if "scaling" in result:
        for fit in result["scaling"]["fits"].values():
            add(f"linear: R^2 of {fit['formula'].split(',')[0]}", fit["r2"], 0.98, False)
    return out


def report(result: dict[str, Any]) -> str:
    names = ["tinynn", "train()", "train_step", "loop", "columns", "numpy", "micrograd", "torch"]
    lines = ["machine: " + ", ".join(f"{k} {v}" for k, v in result["machine"].items()), ""]
    lines.append("microseconds per step (median), n = 1:")
    lines.append(f"{'h':>4} " + "".join(f"{name:>11}" for name in names))
    for row in result["steps"]:
        cells = [f"{row['us'][k]:11.1f}" if k in row["us"] else f"{'-':>11}" for k in names]
        lines.append(f"{row['h']:>4} " + "".join(cells))
    lines.append("")
    lines.append("ratios: each column's time over tinynn's step (above 1: slower than tinynn):")
    lines.append(f"{'h':>4} " + "".join(f"{name:>11}" for name in names[1:]))
    for row in result["steps"]:
        us = row["us"]
        cells = [f"{us[k] / us['tinynn']:11.2f}" if k in us else f"{'-':>11}" for k in names[1:]]
        lines.append(f"{row['h']:>4} " + "".join(cells))
    for name, why in result["skipped"].items():
        lines.append(f"{name}: {why}")
    worst = max(result["checks"].values(), default=0.0)
    lines.append(f"equal work: largest loss difference from tinynn {worst:.1e} (limit {TOLERANCE})")
    bad = [k for k, v in result["checks"].items() if not v <= TOLERANCE]
    if bad:
        lines.append("NOT TIMED, losses differ: " + ", ".join(bad))
    lines.append("")
    lines.append(f"trace_step, default network (hidden 3): {result['trace_us']:.0f} us")
    imp = result["import"]
    lines.append(
        f"import tinynn: {imp['median_ms']:.1f} ms median, {imp['min_ms']:.1f} ms best "
        f"(bytecode cached; first, compiling run {imp['cold_ms']:.1f} ms)"
    )
    if "scaling" in result:
        sc = result["scaling"]
        for fit in sc["fits"].values():
            coef = ", ".join(f"{c:.3g}" for c in fit["coef_us"])
            lines.append(f"step time = {fit['formula']}: ({coef}) us, R^2 = {fit['r2']:.4f}")
        grid = " ".join(f"{p['n']}x{p['h']}:{p['us']:.0f}" for p in sc["points"])
        lines.append(f"  n x h: us  {grid}")
    lines.append("")
    lines.append("targets:")
    for t in result["targets"]:
        mark = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
        value = "-" if t["value"] is None else f"{t['value']:.2f}"
        lines.append(f"  {t['target']:<36} {value:>8}  (limit {t['limit']:g})  {mark}")
    return "\n".join(lines)


def run(quick: bool = False) -> dict[str, Any]:
    """Every measurement; `quick` makes it a few seconds long (fewer repeats, smaller grid)."""
    repeats, batch_ms = (3, 5.0) if quick else (31, 6.0)
    peers = [p for p in PEERS if p.missing() is None]
    result: dict[str, Any] = {
        "machine": machine(),
        "settings": {"lr": LR, "repeats": repeats, "batch_ms": batch_ms, "gc": gc.isenabled()},
        "skipped": {p.name: p.missing() for p in PEERS if p.missing() is not None},
    }
    result["steps"], result["checks"] = step_table(peers, TABLE_HIDDEN, repeats, batch_ms)
    result["trace_us"] = trace_us(repeats)
    result["import"] = import_ms(3 if quick else 9)
    inputs, hidden = ((1, 4), (2, 16)) if quick else (GRID_INPUTS, GRID_HIDDEN)
    result["scaling"] = scaling(inputs, hidden, repeats, batch_ms / 2)
    result["targets"] = targets(result)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--quick", action="store_true", help="a short, rough run")
    args = parser.parse_args(argv)
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # both go, before NumPy loads
        os.environ.pop(name, None)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    result = run(args.quick)
    print(report(result))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
