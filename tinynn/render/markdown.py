"""Jupyter display: the engine's records as Markdown tables in the notes' symbols.

A notebook shows an object's `_repr_markdown_` when it has one; `Step`,
`Trace`, `GradCheck`, `Params`, `Comparison` and `TrainResult` each have a
three-line hook that calls `markdown` here, so this module (and the errata's
sentences it uses) is loaded only by a notebook that displays one. A plain
`repr` in a terminal is unchanged.

Markdown is read by the notebook as Markdown and as maths: text that may come
from a file (a CSV column, a lesson's title) goes through `md_text`, which
escapes every character Markdown, HTML or the notebook's maths would act on;
the engine's own equations sit in code spans (`md_code`), where only the
table's `|` needs escaping.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from tinynn.core.names import key_text, symbol_text
from tinynn.render.text import PHASE_TITLES
from tinynn.run.trace import PHASES, Trace, fmt

if TYPE_CHECKING:
    from tinynn.core.params import Params
    from tinynn.core.step import Step
    from tinynn.run.compare import Comparison
    from tinynn.run.config import Setup
    from tinynn.run.gradcheck import GradCheck
    from tinynn.run.train import TrainResult

MAX_ROWS = 200  # rows of one table; a wide network's table stops there and says how many more
MAX_EPOCH_ROWS = 12  # epochs of a training history shown (the first, the last, evenly between)

# The characters that Markdown (emphasis, code, links), raw HTML, a table's cells or the
# notebook's maths could act on in the middle of a line (every such text here is placed
# mid-line). Each is written as a character reference (&#36;), not a backslash escape: the
# notebook looks for maths (\( \[ $) in the source before Markdown reads its escapes.
_MD_SPECIAL = set("\\`*_[]<>|$&~^")


def md_text(text: str) -> str:
    """Text (perhaps from a file) as literal Markdown: each special character a character
    reference, line breaks as spaces (a table cell is one line)."""
    text = " ".join(text.splitlines())
    return "".join(f"&#{ord(c)};" if c in _MD_SPECIAL else c for c in text)


def md_code(text: str) -> str:
    """The engine's text in a code span of a table cell: only `|` is escaped (GFM tables split
    cells at it even inside code)."""
    return "`" + text.replace("|", "\\|") + "`"


def _num(v: float, digits: int = 6) -> str:
    return fmt(v, digits)


def _table(head: list[str], rows: list[list[str]], what: str = "rows") -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        out.append(f"\n*… and {len(rows) - MAX_ROWS} more {what} (not shown).*")
    return out + [""]


def _errata_notes(ids: list[str]) -> list[str]:
    if not ids:
        return []
    from tinynn.render.text import erratum_text

    out = ["**Errata of the notes at these equations**", ""]
    out += [f"- **{i}**: {md_text(erratum_text(i))}" for i in ids]
    return out + [""]


def _vector(values: list[float], digits: int = 6) -> str:
    return "[" + ", ".join(_num(v, digits) for v in values) + "]"


# --- one record each


def trace_markdown(trace: Trace, setup: Setup | None = None, digits: int = 6) -> str:
    """A trace: a table per phase (symbol, equation, with numbers, value), errata noted."""
    s = trace.step
    out = [f"**One SGD step** ({s.task}, network {s.params.n_inputs}-{s.params.n_hidden}-1)", ""]
    out += _setup_lines(setup) if setup else _inputs_lines(s)
    seen: list[str] = []
    for phase in PHASES:
        rows = []
        for e in trace.phase(phase):
            note = " " + ", ".join(f"({i})" for i in e.errata) if e.errata else ""
            symbol = f"new {symbol_text(e.writes)}" if phase == "update" else symbol_text(e.writes)
            rows.append(
                [md_code(symbol), md_code(e.equation) + note, md_code(e.substituted),
                 _num(e.value, digits)]
            )  # fmt: skip
            seen += [i for i in e.errata if i not in seen]
        out += [f"**{PHASE_TITLES[phase]}**", ""]
        out += _table(["symbol", "equation", "with numbers", "value"], rows, "values")
    out += _errata_notes(seen)
    bad = [e.label for e in trace if not math.isfinite(e.value)]
    if bad:
        out.append(f"*Not every value is finite (the first is {md_code(bad[0])}): the numbers "
                   "overflowed a float.*")  # fmt: skip
    return "\n".join(out).rstrip() + "\n"


def _inputs_lines(s: Step) -> list[str]:
    return [
        f"x = {md_code(_vector(s.x))}, y = {md_code(_num(s.y))}, η = {md_code(_num(s.lr))}",
        "",
    ]


def _setup_lines(setup: Setup) -> list[str]:
    """The set-up, with the names read from files (dataset, columns) escaped."""
    d = setup.data
    names = ", ".join(f"{md_code(f'x[{i}]')} = {md_text(n)}" for i, n in enumerate(d.feature_names))
    return [
        f"dataset {md_text(d.name)} (sample {setup.sample} of {len(d)}), η = "
        f"{md_code(_num(setup.lr))}",
        "",
        f"inputs: {names}; target y = {md_text(d.target_name)}",
        "",
        f"x = {md_code(_vector(setup.x))}, y = {md_code(_num(setup.y))}",
        "",
    ]


def step_markdown(step: Step, digits: int = 6) -> str:
    """A step: every value it computed, by phase, in the notes' symbols (no equations: a
    `Trace` shows those)."""
    from tinynn.run.trace import describe

    trace = describe(step, digits)
    out = [f"**One SGD step** ({step.task}, network {step.params.n_inputs}-"
           f"{step.params.n_hidden}-1), loss L = {_num(step.loss, digits)}", ""]  # fmt: skip
    out += _inputs_lines(step)
    rows = []
    for e in trace:
        symbol = f"new {symbol_text(e.writes)}" if e.phase == "update" else symbol_text(e.writes)
        old = _num(step.params.get(e.writes), digits) if e.phase == "update" else ""
        rows.append([e.phase, md_code(symbol), _num(e.value, digits), old])
    out += _table(["phase", "symbol", "value", "before the step"], rows, "values")
    return "\n".join(out).rstrip() + "\n"


def params_markdown(params: Params, digits: int = 6) -> str:
    """Parameters: one row per weight and bias, in the notes' order W1, b1, W2, b2."""
    head = f"**Parameters** of a {params.n_inputs}-{params.n_hidden}-1 network"
    rows = [[md_code(key_text(k)), _num(params.get(k), digits)] for k in params.all_keys()]
    return (
        "\n".join([head, "", *_table(["parameter", "value"], rows, "parameters")]).rstrip() + "\n"
    )


def gradcheck_markdown(result: GradCheck, digits: int = 6) -> str:
    """A gradient check: backprop's ∂L/∂θ beside the central difference, and the verdict."""
    rows = [
        [md_code(f"∂L/∂{e.label}"), _num(e.analytic, digits), _num(e.numeric, digits),
         f"{e.rel_error:.2e}", "yes" if e.ok else "**NO**"]
        for e in result.entries
    ]  # fmt: skip
    bad = sum(not e.ok for e in result.entries)
    verdict = "PASS" if result.passed else "FAIL"
    tail = (
        f"**{verdict}**: {len(result.entries) - bad} of {len(result.entries)} gradients agree "
        f"(central differences, ε = {result.eps:g}; tolerance {result.tol:g} relative); largest "
        f"relative error {result.max_rel_error:.2e}"
    )
    head = ["gradient", "backprop", "finite difference", "rel. error", "ok"]
    return "\n".join(["**Gradient check**", "", *_table(head, rows, "parameters"), tail]) + "\n"


def comparison_markdown(c: Comparison, digits: int = 6) -> str:
    """The notes' closing question: the three output/loss set-ups side by side."""
    from tinynn.run.compare import EXPLANATION

    out = [
        "**How the output and the loss change δ2** (one sample: "
        f"x = {md_code(_vector(c.x, digits))}, y = {md_code(_num(c.y, digits))}; every case has "
        f"a1 = {md_code(_vector(c.a1, digits))}, z2 = {md_code(_num(c.z2, digits))})",
        "",
    ]
    rows = [
        [f"({k.label})", md_code(k.output), md_code(k.loss_name), _num(k.y_pred, digits),
         _num(k.loss, digits), md_code(k.delta2_formula), _num(k.delta2, digits),
         md_code(_vector(k.dW2, digits))]
        for k in c.cases
    ]  # fmt: skip
    head = ["case", "output", "loss", "y_pred", "L", "δ2", "value of δ2", "∂L/∂W2 = δ2·a1"]
    out += _table(head, rows)
    s = c.saturated
    out += [
        f"Had the output been confidently wrong (z2 = {_num(s.z2_wrong, digits)}, "
        f"p = {_num(s.p, digits)}): (b) log loss gives δ2 = {_num(s.delta2_log_loss, digits)}, "
        f"(c) squared error only δ2 = {_num(s.delta2_squared_error, digits)}.",
        "",
        md_text(EXPLANATION),
    ]
    return "\n".join(out) + "\n"


def train_markdown(result: TrainResult, digits: int = 6) -> str:
    """A training run: the mean loss (and accuracy) of some epochs, then the final weights."""
    h = result.history
    if len(h) > MAX_EPOCH_ROWS:
        picks = sorted({round(k * (len(h) - 1) / (MAX_EPOCH_ROWS - 1)) for k in
                        range(MAX_EPOCH_ROWS)})  # fmt: skip
        shown = [h[k] for k in picks]
    else:
        shown = list(h)
    with_acc = any(e.accuracy is not None for e in h)
    head = ["epoch", "mean loss"] + (["accuracy"] if with_acc else [])
    rows = [
        [str(e.epoch), _num(e.loss, digits)]
        + ([f"{100 * e.accuracy:.1f} %" if e.accuracy is not None else ""] if with_acc else [])
        for e in shown
    ]
    title = f"**Training**: {len(h)} epoch{'s' * (len(h) != 1)}"
    if h:
        title += f", mean loss {_num(h[0].loss, digits)} → {_num(h[-1].loss, digits)}"
    if len(shown) < len(h):
        title += f" ({len(shown)} of the epochs shown)"
    out = [title, "", *_table(head, rows), params_markdown(result.params, digits)]
    return "\n".join(out)


def markdown(obj: object) -> str:
    """The Markdown of any record this module knows (the display hooks call this)."""
    from tinynn.core.params import Params
    from tinynn.core.step import Step
    from tinynn.run.compare import Comparison
    from tinynn.run.gradcheck import GradCheck
    from tinynn.run.train import TrainResult

    if isinstance(obj, Trace):
        return trace_markdown(obj)
    if isinstance(obj, Step):
        return step_markdown(obj)
    if isinstance(obj, Params):
        return params_markdown(obj)
    if isinstance(obj, GradCheck):
        return gradcheck_markdown(obj)
    if isinstance(obj, Comparison):
        return comparison_markdown(obj)
    if isinstance(obj, TrainResult):
        return train_markdown(obj)
    raise TypeError(f"no Markdown for {type(obj).__name__}")
