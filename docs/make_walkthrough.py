"""Regenerate the engine-made parts of docs/walkthrough.md.

The walkthrough's prose is written by hand; every number in it lives between
marker comments

    <!-- BEGIN GENERATED: name -->
    ...
    <!-- END GENERATED: name -->

and is produced here from the engine (trace_step, gradcheck, compare_outputs,
the errata table) on the shipped lessons. tests/test_walkthrough_doc.py runs
`regenerate` and fails if the file and the engine disagree.

    python docs/make_walkthrough.py           rewrite docs/walkthrough.md
    python docs/make_walkthrough.py --check   exit 1 if it is out of date
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from tinynn import compare_outputs, forward, gradcheck, loss, trace_step
from tinynn.config import Setup
from tinynn.errata import ERRATA
from tinynn.keys import key_text
from tinynn.lesson import load_lesson
from tinynn.render import (
    PHASE_TITLES,
    describe_setup,
    erratum_text,
    fmt,
    vector_text,
)
from tinynn.trace import PHASES

DOC = Path(__file__).resolve().parent / "walkthrough.md"
BLOCK = re.compile(
    r"(<!-- BEGIN GENERATED: (?P<name>[\w-]+) -->\n)"
    r"(?P<body>.*?)"
    r"(<!-- END GENERATED: (?P=name) -->)",
    re.S,
)


def _setup_lines(s: Setup) -> list[str]:
    return ["```text", *describe_setup(s), "```"]


def worked_example() -> str:
    """Every scalar of one step of the first shipped lesson, phase by phase."""
    lesson = load_lesson("by-hand")
    s = lesson.setup()
    trace = trace_step(s.params, s.x, s.y, s.lr, s.task)
    step = trace.step
    lines = [
        f"Lesson `{lesson.name}` ({lesson.title}):",
        "",
        *_setup_lines(s),
    ]
    for phase in PHASES:
        lines += ["", f"**{PHASE_TITLES[phase]}**", "", "```text"]
        lines += [e.text() for e in trace.phase(phase)]
        lines.append("```")
        notes = sorted({i for e in trace.phase(phase) for i in e.errata})
        for eid in notes:
            lines += ["", f"Erratum {eid}: {erratum_text(eid)}"]
    after = loss(forward(step.new_params, s.x, s.task), s.y, s.task)
    lines += [
        "",
        f"The step lowers this sample's loss from L = {fmt(step.loss)} to "
        f"L = {fmt(after)} (the new parameters, the same x and y).",
    ]
    return "\n".join(lines) + "\n"


def gradient_check() -> str:
    """The worked example's gradients against central differences."""
    s = load_lesson("by-hand").setup()
    check = gradcheck(s.params, s.x, s.y, s.task)
    lines = [
        "| parameter | backprop | central difference | relative error |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {e.label} | {fmt(e.analytic)} | {fmt(e.numeric)} | {_small(e.rel_error)} |"
        for e in check.entries
    ]
    verdict = "all agree" if check.passed else "some disagree"
    lines += [
        "",
        f"ε = {check.eps:g}; the largest relative error is {_small(check.max_rel_error)} "
        f"({verdict} within {check.tol:g}).",
    ]
    return "\n".join(lines) + "\n"


def _small(err: float) -> str:
    """A relative error; below 1e-9 it is rounding noise, whose digits vary by platform."""
    return "< 1e-9" if err < 1e-9 else fmt(err, 2)


def _compare_table(s: Setup) -> list[str]:
    c = compare_outputs(s.params, s.x, s.y)
    lines = [
        "| case | output | loss | y_pred | L | δ2 | ∂L/∂W2 | ∂L/∂b2 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| ({k.label}) | {k.output} | {k.loss_name} | {fmt(k.y_pred)} | {fmt(k.loss)} | "
        f"{k.delta2_formula} = {fmt(k.delta2)} | {vector_text(k.dW2)} | {fmt(k.db2)} |"
        for k in c.cases
    ]
    return lines


def compare_by_hand() -> str:
    """The three output/loss cases on the worked example's sample."""
    s = load_lesson("by-hand").setup()
    c = compare_outputs(s.params, s.x, s.y)
    return "\n".join([
        f"Same sample (x = {vector_text(c.x)}, y = {fmt(c.y)}), same hidden layer "
        f"(a1 = {vector_text(c.a1)}, z2 = {fmt(c.z2)}):",
        "",
        *_compare_table(s),
    ]) + "\n"  # fmt: skip


def saturation() -> str:
    """The saturation lesson: σ'(z1) and δ1 nearly 0, and the three output cases."""
    lesson = load_lesson("saturation")
    s = lesson.setup()
    trace = trace_step(s.params, s.x, s.y, s.lr, s.task)
    v = {e.label: e for e in trace}
    h = s.params.n_hidden
    keys = [key_text((n, (j,))) for n in ("z1", "a1", "sigma_prime") for j in range(h)]
    keys += ["y_pred", "delta2"] + [key_text(("delta1", (j,))) for j in range(h)]
    lines = [
        f"Lesson `{lesson.name}`:",
        "",
        *_setup_lines(s),
        "",
        "```text",
        *(v[k].text() for k in keys),
        "```",
        "",
        *_compare_table(s),
    ]
    return "\n".join(lines) + "\n"


def errata() -> str:
    """The errata table, from tinynn.errata."""
    lines = ["| id | the notes say | correct |", "|---|---|---|"]
    lines += [f"| {e.id} | {e.notes_say} | {e.correct} |" for e in ERRATA.values()]
    return "\n".join(lines) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "worked-example": worked_example,
    "gradient-check": gradient_check,
    "compare-by-hand": compare_by_hand,
    "saturation": saturation,
    "errata": errata,
}


def regenerate(text: str) -> str:
    """`text` with every generated block rebuilt from the engine.

    Raises:
        ValueError: a block has no generator, or a generator has no block.
    """
    seen: list[str] = []

    def fill(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in GENERATORS:
            raise ValueError(f"no generator for block {name!r}")
        seen.append(name)
        return f"{m.group(1)}{GENERATORS[name]()}{m.group(4)}"

    out = BLOCK.sub(fill, text)
    missing = [n for n in GENERATORS if n not in seen]
    if missing:
        raise ValueError(f"walkthrough.md has no block for {', '.join(missing)}")
    return out


def main(argv: list[str]) -> int:
    text = DOC.read_text(encoding="utf-8")
    new = regenerate(text)
    if "--check" in argv:
        if new != text:
            print(f"{DOC} is out of date: run python docs/make_walkthrough.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        DOC.write_text(new, encoding="utf-8")
        print(f"rewrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
