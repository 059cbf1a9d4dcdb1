"""Markdown: the trace's one table, the one escaper, and the records as a notebook shows them.

`trace_markdown` is the trace as `tinynn explain --format markdown` prints it, the
walkthrough's `X` exports it and a notebook displays a `Trace`: one table per phase
(equation, with numbers, value, chain rule), then the errata it touched. The other
records (`Step`, `Params`, `GradCheck`, `Comparison`, `TrainResult`) are tables in
the notes' symbols; `markdown` picks the one for a record, and their
`_repr_markdown_` hooks reach it through tinynn.core.display, so this module is
loaded only by a notebook that displays one.

Text that may come from a file (a dataset's or a column's name, a lesson's title)
goes through `md_text`, the one escaper of every Markdown tinynn writes; the
engine's own equations sit in code spans (`md_code`), where only the table's `|`
needs escaping.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tinynn.core.names import key_text, symbol_text
from tinynn.core.numbers import DIGITS, fmt, percent_text, rel_error_text, vector_text
from tinynn.core.params import Params
from tinynn.core.step import Step
from tinynn.io.files import printable
from tinynn.render.tables import EPOCH_LOSS, gradcheck_verdict
from tinynn.render.text import PHASE_TITLES, describe_setup, errata_seen, erratum_text
from tinynn.run.compare import EXPLANATION, Comparison
from tinynn.run.gradcheck import GradCheck
from tinynn.run.trace import PHASES, Trace, chain_text, describe
from tinynn.run.train import TrainResult

if TYPE_CHECKING:
    from tinynn.run.config import Setup

MAX_ROWS = 200  # rows of one table; a wide network's table stops there and says how many more
MAX_EPOCH_ROWS = 12  # epochs of a training history shown (the first, the last, evenly between)

# The characters that Markdown (emphasis, code, links, headings), raw HTML, a table's cells
# or a notebook's maths could act on in the middle of a line. Each is escaped with a
# backslash (`y\_pred` still reads in a text editor, where a worksheet is read; a notebook
# takes `\$` for a dollar, not maths), except the backslash itself, written as a character
# reference: a notebook looks for maths (\\( and \\[) in the source before Markdown reads
# its escapes, and a backslash of the text must not open one. With `[`, `]` and `<` escaped
# no link, image, autolink or HTML can form, so `(`, `)` and `!` may stay as they are.
MD_SPECIAL = frozenset("\\`*_[]<>|$&~^#")
_ESCAPED = {c: "\\" + c for c in MD_SPECIAL} | {"\\": "&#92;"}
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")
# What makes the start of a line a block of its own once `#`, `>`, `*`, `_`, `` ` ``, `~`, `|`
# and `<` are escaped: a list item (`- `, `+ `, `1. `, `1) `) or a setext heading's underline
# (a line of `=` or `-`). Its marker is escaped, so the text starts no block wherever it
# stands; `-1`, `0.05` or `=x` start none and stay as they are.
_BLOCK_START = re.compile(r"^( *)([-+](?=\s|$)|[-=]+(?= *$)|\d{1,9}(?=[.)](?:\s|$)))")


def md_text(text: str) -> str:
    """Text (perhaps from a file) as literal Markdown on one line: line breaks as spaces
    (a table cell, a list item is one line), every other control character as its
    visible escape (`\\x1b`, as `tinynn.io.files.printable` writes it), each of
    MD_SPECIAL escaped, and a first character that would start a list item or a heading
    escaped."""
    flat = printable(_LINE_BREAK.sub(" ", text))
    out = "".join(_ESCAPED.get(c, c) for c in flat)
    return _BLOCK_START.sub(_escape_marker, out, count=1)


def _escape_marker(m: re.Match[str]) -> str:
    spaces, marker = m.group(1), m.group(2)
    if marker[0].isdigit():  # `1.` or `1)`: the dot or parenthesis after the number
        return spaces + marker + "\\"
    return spaces + "\\" + marker


def md_paragraphs(text: str) -> str:
    """Text of several lines (a lesson's) as literal Markdown: each line through `md_text`,
    so each stays a line of its paragraph and none starts a block; blank lines still part
    paragraphs."""
    return "\n".join(md_text(line) if line.strip() else "" for line in text.split("\n"))


def intro_markdown(title: str, text: str) -> str:
    """A lesson's title as the page's heading and its text below, both as literal text."""
    return f"# {md_text(title)}\n\n" + (f"{md_paragraphs(text)}\n\n" if text else "")


def md_code(text: str) -> str:
    """The engine's text in a code span of a table cell: only `|` is escaped (GFM tables split
    cells at it even inside code)."""
    return "`" + text.replace("|", "\\|") + "`"


def _table(head: list[str], rows: list[list[str]], what: str = "rows") -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        out.append(f"\n*… and {len(rows) - MAX_ROWS} more {what} (not shown).*")
    return out + [""]


# --- the trace


def trace_markdown(trace: Trace, setup: Setup | None = None, digits: int = DIGITS) -> str:
    """The trace as Markdown: a table per phase (each gradient with its chain rule) and the
    errata it touched. The errata's sentences are the engine's own, written as they are."""
    out = ["# One SGD step of tinynn, every scalar", ""]
    if setup:
        lines = describe_setup(setup, digits, name=md_text(setup.data.name))
        out += [f"- {line}" for line in lines] + [""]
    for phase in PHASES:
        out += [
            f"## {PHASE_TITLES[phase]}",
            "",
            "| equation | with numbers | value | chain rule |",
            "|---|---|---|---|",
        ]
        for e in trace.phase(phase):
            note = f" ({', '.join(e.errata)})" if e.errata else ""
            rule = chain_text(e, digits)
            rule_cell = md_code(rule) if rule else ""
            out.append(
                f"| {md_code(e.equation)}{note} | {md_code(e.substituted)} | "
                f"{fmt(e.value, digits)} | {rule_cell} |"
            )
        out.append("")
    errata = errata_seen(trace)
    if errata:
        out += ["## Errata of the notes at these equations", ""]
        out += [f"- **{i}**: {erratum_text(i)}" for i in errata]
        out.append("")
    return "\n".join(out)


# --- the other records, as a notebook shows them


def _inputs_lines(s: Step, digits: int = DIGITS) -> list[str]:
    x, y, lr = vector_text(s.x, digits), fmt(s.y, digits), fmt(s.lr, digits)
    return [f"x = {md_code(x)}, y = {md_code(y)}, η = {md_code(lr)}", ""]


def step_markdown(step: Step, digits: int = DIGITS) -> str:
    """A step: every value it computed, by phase, in the notes' symbols (no equations: a
    `Trace` shows those)."""
    trace = describe(step, digits)
    out = [f"**One SGD step** ({step.task}, network {step.params.n_inputs}-"
           f"{step.params.n_hidden}-1), loss L = {fmt(step.loss, digits)}", ""]  # fmt: skip
    out += _inputs_lines(step)
    rows = []
    for e in trace:
        symbol = f"new {symbol_text(e.writes)}" if e.phase == "update" else symbol_text(e.writes)
        old = fmt(step.params.get(e.writes), digits) if e.phase == "update" else ""
        rows.append([e.phase, md_code(symbol), fmt(e.value, digits), old])
    out += _table(["phase", "symbol", "value", "before the step"], rows, "values")
    return "\n".join(out).rstrip() + "\n"


def params_markdown(params: Params, digits: int = DIGITS) -> str:
    """Parameters: one row per weight and bias, in the notes' order W1, b1, W2, b2."""
    head = f"**Parameters** of a {params.n_inputs}-{params.n_hidden}-1 network"
    rows = [[md_code(key_text(k)), fmt(params.get(k), digits)] for k in params.all_keys()]
    return (
        "\n".join([head, "", *_table(["parameter", "value"], rows, "parameters")]).rstrip() + "\n"
    )


def gradcheck_markdown(result: GradCheck, digits: int = DIGITS) -> str:
    """A gradient check: backprop's ∂L/∂θ beside the central difference, and the verdict."""
    rows = [
        [md_code(f"∂L/∂{e.label}"), fmt(e.analytic, digits), fmt(e.numeric, digits),
         rel_error_text(e.rel_error), "yes" if e.ok else "**NO**"]
        for e in result.entries
    ]  # fmt: skip
    word, rest = gradcheck_verdict(result)
    head = ["gradient", "backprop", "finite difference", "rel. error", "ok"]
    return (
        "\n".join(["**Gradient check**", "", *_table(head, rows, "parameters"), f"**{word}**"])
        + rest
        + "\n"
    )


def comparison_markdown(c: Comparison, digits: int = DIGITS) -> str:
    """The notes' closing question: the three output/loss set-ups side by side."""
    out = [
        "**How the output and the loss change δ2** (one sample: "
        f"x = {md_code(vector_text(c.x, digits))}, y = {md_code(fmt(c.y, digits))}; every case "
        f"has a1 = {md_code(vector_text(c.a1, digits))}, z2 = {md_code(fmt(c.z2, digits))})",
        "",
    ]
    rows = [
        [f"({k.label})", md_code(k.output), md_code(k.loss_name), fmt(k.y_pred, digits),
         fmt(k.loss, digits), md_code(k.delta2_formula), fmt(k.delta2, digits),
         md_code(vector_text(k.dW2, digits))]
        for k in c.cases
    ]  # fmt: skip
    head = ["case", "output", "loss", "y_pred", "L", "δ2", "value of δ2", "∂L/∂W2 = δ2·a1"]
    out += _table(head, rows)
    s = c.saturated
    out += [
        f"Had the output been confidently wrong (z2 = {fmt(s.z2_wrong, digits)}, "
        f"p = {fmt(s.p, digits)}): (b) log loss gives δ2 = {fmt(s.delta2_log_loss, digits)}, "
        f"(c) squared error only δ2 = {fmt(s.delta2_squared_error, digits)}.",
        "",
        md_text(EXPLANATION),
    ]
    return "\n".join(out) + "\n"


def train_markdown(result: TrainResult, digits: int = DIGITS) -> str:
    """A training run: the EPOCH_LOSS (and accuracy) of some epochs, then the final weights."""
    h = result.history
    if len(h) > MAX_EPOCH_ROWS:
        picks = sorted({round(k * (len(h) - 1) / (MAX_EPOCH_ROWS - 1)) for k in
                        range(MAX_EPOCH_ROWS)})  # fmt: skip
        shown = [h[k] for k in picks]
    else:
        shown = list(h)
    with_acc = any(e.accuracy is not None for e in h)
    head = ["epoch", EPOCH_LOSS] + (["accuracy"] if with_acc else [])
    rows = [
        [str(e.epoch), fmt(e.loss, digits)]
        + ([percent_text(e.accuracy) if e.accuracy is not None else ""] if with_acc else [])
        for e in shown
    ]
    title = f"**Training**: {len(h)} epoch{'s' * (len(h) != 1)}"
    if h:
        title += f", {EPOCH_LOSS} {fmt(h[0].loss, digits)} → {fmt(h[-1].loss, digits)}"
    if len(shown) < len(h):
        title += f" ({len(shown)} of the epochs shown)"
    out = [title, "", *_table(head, rows), params_markdown(result.params, digits)]
    return "\n".join(out)


def markdown(obj: object) -> str:
    """The Markdown of any record this module knows (the display hooks call this)."""
    if isinstance(obj, Trace):
        return trace_markdown(obj, digits=obj.digits)
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
