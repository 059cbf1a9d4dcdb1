"""Regenerate the engine-made parts of docs/walkthrough.md.

The walkthrough's prose is written by hand; every number in it lives between
marker comments

    <!-- BEGIN GENERATED: name -->
    ...
    <!-- END GENERATED: name -->

and is produced here from the engine (trace_step, gradcheck, compare_outputs,
the errata table) on the shipped lessons. tests/cli/test_walkthrough_doc.py runs
`regenerate` and fails if the file and the engine disagree.

    python docs/make_walkthrough.py           rewrite docs/walkthrough.md
    python docs/make_walkthrough.py --check   exit 1 if it is out of date
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from tinynn import Params, backward, compare_outputs, forward, gradcheck, loss, trace_step, train
from tinynn.core.errata import ERRATA
from tinynn.core.names import key_text
from tinynn.core.numbers import fmt, matrix_text, vector_text
from tinynn.render.tables import EPOCH_LOSS
from tinynn.render.text import PHASE_TITLES, describe_setup, erratum_text
from tinynn.run.config import Setup
from tinynn.run.trace import PHASES
from tinynn.teach.lesson import load_lesson

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


def _figure(rows: list[list[tuple[str, str, str]]]) -> list[str]:
    """Cells (above, middle, below) laid out in columns: values above, gradients below."""
    out = []
    for cells in rows:
        widths = [max(len(a), len(m), len(b)) for a, m, b in cells]
        for k in range(3):
            parts = []
            for (a, m, b), w in zip(cells, widths):
                text = (a, m, b)[k]
                parts.append(text.rjust(w, "─") if text.endswith("▶") else text.ljust(w))
            out.append("  ".join(parts).rstrip())
        out.append("")
    return out[:-1]


def graph() -> str:
    """The by-hand step as a computation graph: one path per hidden unit."""
    s = load_lesson("by-hand").setup()
    v = {e.label: e.value for e in trace_step(s.params, s.x, s.y, s.lr, s.task)}
    p = s.params
    rows = []
    for j in range(p.n_hidden):
        edge = "──▶"
        da1 = v["delta2"] * p.W2[j]  # ∂L/∂a1[j] = δ2·W2[j]
        rows.append([
            ("", f"x = {fmt(s.x[0])}", ""),
            (f"·W1[{j}][0] = {fmt(p.W1[j][0])}", edge,
             f"∂L/∂W1[{j}][0] = {fmt(v[f'dW1[{j}][0]'])}"),
            (f"+b1[{j}] = {fmt(p.b1[j])}", f"z1[{j}] = {fmt(v[f'z1[{j}]'])}",
             f"δ1[{j}] = {fmt(v[f'delta1[{j}]'])}"),
            ("σ", edge, f"σ' = {fmt(v[f'sigma_prime[{j}]'])}"),
            ("", f"a1[{j}] = {fmt(v[f'a1[{j}]'])}", f"∂L/∂a1[{j}] = {fmt(da1)}"),
            (f"·W2[{j}] = {fmt(p.W2[j])}", edge, f"∂L/∂W2[{j}] = {fmt(v[f'dW2[{j}]'])}"),
            (f"+b2 = {fmt(p.b2)}", f"z2 = {fmt(v['z2'])}", f"δ2 = {fmt(v['delta2'])}"),
            ("½(z2 − y)²", edge, ""),
            ("", f"L = {fmt(v['L'])}", "∂L/∂L = 1"),
        ])  # fmt: skip
    lines = [
        f"Lesson `by-hand`, sample {s.sample} (x = {fmt(s.x[0])}, y = {fmt(s.y)}), one path per "
        "hidden unit. Values above and on the line: each edge's weight (or function) above it, "
        "each node's value on it; gradients below: ∂L/∂(the weight) under each edge, ∂L/∂(the "
        "node) under each node.",
        "",
        "```text",
        *_figure(rows),
        "```",
        "",
        "Both paths meet at z2, so z2 = W2[0]·a1[0] + W2[1]·a1[1] + b2 = "
        f"{fmt(p.W2[0] * v['a1[0]'])} + ({fmt(p.W2[1] * v['a1[1]'])}) + {fmt(p.b2)} = "
        f"{fmt(v['z2'])}; going back, each node's gradient is the one below its outgoing edge "
        "times that edge's local slope: δ1[j] = ∂L/∂a1[j]·σ'(z1[j]), "
        f"∂L/∂W1[j][0] = δ1[j]·x = δ1[j]·{fmt(s.x[0])}.",
    ]
    return "\n".join(lines) + "\n"


def matrix_form() -> str:
    """The step of the 2-input lesson as matrices, each with its shape."""
    s = load_lesson("by-hand-2-inputs").setup()
    p = s.params
    st = trace_step(p, s.x, s.y, s.lr, s.task).step
    f, g = st.forward, st.grads
    h, n = p.n_hidden, p.n_inputs
    rows = [
        ("x", f"{n} × 1", "the input", vector_text(s.x)),
        ("z1 = W1 x + b1", f"{h} × {n} · {n} × 1 + {h} × 1 = {h} × 1", "", vector_text(f.z1)),
        ("a1 = σ(z1)", f"{h} × 1", "σ element by element", vector_text(f.a1)),
        ("z2 = W2 a1 + b2", f"1 × {h} · {h} × 1 + 1 = 1 × 1", "W2 is a row", fmt(f.z2)),
        ("δ2 = z2 − y", "1 × 1", "", fmt(g.delta2)),
        ("∂L/∂W2 = δ2 a1ᵀ", f"1 × 1 · 1 × {h} = 1 × {h}", "the shape of W2", vector_text(g.dW2)),
        ("σ'(z1) = a1 ⊙ (1 − a1)", f"{h} × 1", "⊙: element by element", vector_text(g.sigma_prime)),
        (
            "δ1 = (W2ᵀ δ2) ⊙ σ'(z1)",
            f"{h} × 1 · 1 × 1 ⊙ {h} × 1 = {h} × 1",
            "",
            vector_text(g.delta1),
        ),
        ("∂L/∂W1 = δ1 xᵀ", f"{h} × 1 · 1 × {n} = {h} × {n}", "the shape of W1", matrix_text(g.dW1)),
        ("∂L/∂b1 = δ1", f"{h} × 1", "", vector_text(g.db1)),
    ]
    lines = [
        f"Lesson `by-hand-2-inputs`, sample {s.sample}: W1 = {matrix_text(p.W1)}, "
        f"b1 = {vector_text(p.b1)}, W2 = {vector_text(p.W2)}, b2 = {fmt(p.b2)}.",
        "",
        "| quantity | shapes | note | value |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines) + "\n"


def multiplications(n: int, h: int) -> dict[str, int]:
    """Multiplications of the scalar code of section 10 for an n-h-1 network (sigmoid: none)."""
    params = h * n + h + h + 1
    fwd = h * n + h  # W1 x, then W2 a1
    back = h + h + 2 * h + h * n  # δ2·a1, a1(1 − a1), δ2·W2·σ', δ1·x
    loss_mults = 2  # 0.5·e·e
    return {
        "params": params,
        "forward": fwd,
        "backward": back,
        "backprop": fwd + back,
        "differences": 2 * params * (fwd + loss_mults),
    }


def cost() -> str:
    """Backprop against central differences, multiplications counted."""
    lines = [
        "| network | parameters | one forward pass | one backward pass | backprop: both | "
        "central differences: 2 forward passes and losses per parameter |",
        "|---|---|---|---|---|---|",
    ]
    for name, n, h in (("by-hand", 1, 2), ("xor", 2, 2), ("784 inputs, 100 hidden", 784, 100)):
        c = multiplications(n, h)
        lines.append(
            f"| {name} ({n}-{h}-1) | {c['params']} | {c['forward']} | {c['backward']} | "
            f"{c['backprop']} | {c['differences']} |"
        )
    return "\n".join(lines) + "\n"


def _mean_grads(params: Params, X: list[list[float]], Y: list[float], lr: float) -> Params:
    """One full-batch step: against the mean of the per-sample gradients."""
    total = [0.0] * len(params.all_keys())
    for x, y in zip(X, Y):
        g = backward(params, x, y, forward(params, x))
        for k, key in enumerate(params.all_keys()):
            total[k] += g.get(("d" + key[0], key[1]))
    out = params
    for k, key in enumerate(params.all_keys()):
        out = out.with_value(key, params.get(key) - lr * total[k] / len(X))
    return out


def mean_loss() -> str:
    """Per-sample losses of the by-hand data, their mean (the notes' "MSE"), SGD and full batch."""
    s = load_lesson("by-hand").setup()
    X, Y, p = s.data.X, s.data.Y, s.params

    def losses(q: Params) -> list[float]:
        return [loss(forward(q, x), y) for x, y in zip(X, Y)]

    start = losses(p)
    run = train(p, s.data, s.lr, 1, s.task, s.seed)
    sgd = run.params
    batch = _mean_grads(p, X, Y, s.lr)
    after = losses(sgd)
    lines = [
        f"Lesson `by-hand` at its start, η = {fmt(s.lr)}:",
        "",
        "| | " + " | ".join(f"sample {k}" for k in range(len(X))) + " | mean |",
        "|---|" + "---|" * (len(X) + 1),
    ]
    for label, q in (("start", p), ("after one SGD epoch (4 steps)", sgd),
                     ("after one full-batch step", batch)):  # fmt: skip
        ls = losses(q)
        lines.append(
            f"| {label} | " + " | ".join(fmt(v) for v in ls) + f" | {fmt(sum(ls) / len(ls))} |"
        )
    lines += [
        "",
        f"The mean of the per-sample losses, {fmt(sum(start) / len(start))}, is the mean "
        "squared error over the data set, up to the ½. `tinynn train` reports epoch 1's "
        f"{EPOCH_LOSS}, {fmt(run.history[0].loss)}: the mean of the four losses its steps "
        "computed, each before its update; after the epoch the mean loss is "
        f"{fmt(sum(after) / len(after))}.",
    ]
    return "\n".join(lines) + "\n"


def symmetric() -> str:
    """The symmetric-start lesson: the two rows of W1 after training."""
    lesson = load_lesson("symmetric-start")
    s = lesson.setup()
    r = train(s.params, s.data, s.lr, lesson.epochs, s.task, s.seed)
    x = load_lesson("xor")
    xs = x.setup()
    xor = train(xs.params, xs.data, xs.lr, x.epochs, xs.task, xs.seed)
    q = r.params
    lines = [
        f"Lesson `symmetric-start` after {lesson.epochs} epochs (`tinynn train --lesson "
        "symmetric-start`):",
        "",
        "```text",
        f"W1[0] = {vector_text(q.W1[0])}    b1[0] = {fmt(q.b1[0])}    W2[0] = {fmt(q.W2[0])}",
        f"W1[1] = {vector_text(q.W1[1])}    b1[1] = {fmt(q.b1[1])}    W2[1] = {fmt(q.W2[1])}",
        f"the rows equal bit for bit: {q.W1[0] == q.W1[1] and q.b1 == q.b1[:1] * 2}; "
        f"accuracy {_percent(r.history[-1].accuracy)} (the xor lesson, from unequal weights: "
        f"{_percent(xor.history[-1].accuracy)})",
        "```",
    ]
    return "\n".join(lines) + "\n"


def _percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{100 * fraction:.0f} %"


def two_outputs() -> str:
    """Two outputs on the by-hand hidden layer: δ1 is the sum of what each output sends back."""
    s = load_lesson("by-hand").setup()
    p = s.params
    second = Params(p.W1, p.b1, [0.5, 0.5], 0.0)  # a second output unit, target 0
    y2 = 0.0
    ga = backward(p, s.x, s.y, forward(p, s.x))
    gb = backward(second, s.x, y2, forward(second, s.x))
    total = [a + b for a, b in zip(ga.delta1, gb.delta1)]
    lines = [
        f"The by-hand hidden layer with a second output (W2' = {vector_text(second.W2)}, b2' = 0, "
        f"target y' = {fmt(y2)}) beside the first, L = L_1 + L_2:",
        "",
        "```text",
        f"from output 1: δ2 = {fmt(ga.delta2)}, δ2·W2·σ'(z1)   = {vector_text(ga.delta1)}",
        f"from output 2: δ2' = {fmt(gb.delta2)}, δ2'·W2'·σ'(z1) = {vector_text(gb.delta1)}",
        f"δ1 = the sum                          = {vector_text(total)}",
        f"∂L/∂W1 = δ1 xᵀ                        = {vector_text([t * s.x[0] for t in total])}",
        "```",
    ]
    return "\n".join(lines) + "\n"


def errata() -> str:
    """The errata table, from tinynn.core.errata."""
    lines = ["| id | the notes say | correct |", "|---|---|---|"]
    lines += [f"| {e.id} | {e.notes_say} | {e.correct} |" for e in ERRATA.values()]
    return "\n".join(lines) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "worked-example": worked_example,
    "gradient-check": gradient_check,
    "compare-by-hand": compare_by_hand,
    "saturation": saturation,
    "graph": graph,
    "matrix-form": matrix_form,
    "cost": cost,
    "mean-loss": mean_loss,
    "symmetric": symmetric,
    "two-outputs": two_outputs,
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
