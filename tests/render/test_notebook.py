"""Notebook display: the records as Markdown tables; docs/one_step.ipynb run by a real kernel."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import tinynn as nn
from tinynn.cli.main import main
from tinynn.core.numbers import fmt, rel_error_text
from tinynn.io.data import Dataset
from tinynn.render.markdown import markdown, md_code, trace_markdown
from tinynn.render.text import erratum_text
from tinynn.teach.lesson import load_lesson

PARAMS = nn.Params(W1=[[0.25], [-0.5]], b1=[-0.5, 1.0], W2=[1.0, -0.5], b2=0.25)
X, Y, LR = [2.0], 1.0, 0.5


def cells(md: str) -> list[list[str]]:
    """The rows of every Markdown table in `md`, split at unescaped `|` (header rule left out)."""
    rows = []
    for line in md.splitlines():
        if line.startswith("| "):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_a_trace_shows_every_event_with_its_equation_numbers_and_value() -> None:
    trace = nn.trace_step(PARAMS, X, Y, LR)
    rows = cells(trace._repr_markdown_())
    body = [r for r in rows if r[0] != "equation"]
    assert len(body) == len(trace)
    for row, e in zip(body, trace):
        note = f" ({', '.join(e.errata)})" if e.errata else ""
        assert row[:3] == [f"`{e.equation}`{note}", f"`{e.substituted}`", fmt(e.value)]
    # by hand: z1[0] = 0.25·2 − 0.5 = 0, δ1[1] = (−0.5)(−0.5)(1/4) = 1/16, new b1[1] = 1 − 1/32
    values = {r[0].split(" = ")[0].split(" ← ")[0]: r[2] for r in body}
    assert values["`z1[0]"] == "0"
    assert values["`δ1[1]"] == "0.0625"
    assert values["`b1[1]"] == "0.96875"


def test_a_notebook_shows_the_trace_as_explain_writes_it() -> None:
    """One trace table: a notebook's is `tinynn explain --format markdown`'s, to its digits."""
    out = io.StringIO()
    assert (
        main(["explain", "--lesson", "by-hand", "--format", "markdown", "--digits", "4"], out) == 0
    )
    setup = load_lesson("by-hand").setup()
    trace = nn.trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task, digits=4)
    shown = trace._repr_markdown_()
    assert shown == trace_markdown(trace, digits=4)
    tables = shown[shown.index("## Forward propagation") :]
    assert out.getvalue().endswith(tables)  # explain's set-up lines above, then the same
    assert "| `z1[0] = W1[0][0]·x[0] + b1[0]` | `(0.25)(2) + (−0.5)` | 0 |  |" in tables


def test_a_trace_lists_the_errata_it_touches_as_the_notes_sentences() -> None:
    md = nn.trace_step(PARAMS, X, Y, LR)._repr_markdown_()
    for i in ("E1", "E2", "E3", "E5", "E6", "E7", "E8"):
        assert f"- **{i}**: {erratum_text(i)}" in md  # explain's sentences, as they are
    assert "**E4**" not in md  # E4 is about a sigmoid output: classification only
    assert "(E1)" in next(line for line in md.splitlines() if line.startswith("| `z2 ="))


def test_plain_repr_is_unchanged() -> None:
    trace = nn.trace_step(PARAMS, X, Y, LR)
    assert repr(PARAMS) == "Params(W1=[[0.25], [-0.5]], b1=[-0.5, 1.0], W2=[1.0, -0.5], b2=0.25)"
    assert repr(trace.step).startswith("Step(params=Params(W1=[[0.25], [-0.5]]")
    assert str(PARAMS) == repr(PARAMS)


def test_params_gradcheck_comparison_and_training_tables_hold_the_engines_numbers() -> None:
    p_rows = cells(PARAMS._repr_markdown_())[1:]
    assert p_rows == [
        ["`W1[0][0]`", "0.25"], ["`W1[1][0]`", "−0.5"], ["`b1[0]`", "−0.5"], ["`b1[1]`", "1"],
        ["`W2[0]`", "1"], ["`W2[1]`", "−0.5"], ["`b2`", "0.25"],
    ]  # fmt: skip

    check = nn.gradcheck(PARAMS, X, Y)
    g_rows = cells(check._repr_markdown_())[1:]
    assert [r[0] for r in g_rows] == [f"`∂L/∂{e.label}`" for e in check.entries]
    assert [r[1] for r in g_rows] == [fmt(e.analytic) for e in check.entries]
    assert g_rows[0][1] == "−0.25"  # ∂L/∂W1[0][0] = δ1[0]·x = (−1/8)(2)
    assert [r[3] for r in g_rows] == [rel_error_text(e.rel_error) for e in check.entries]
    assert check._repr_markdown_().endswith(
        "\n**PASS**: 7 of 7 gradients agree (central differences, eps = 1e-05; tolerance 1e-06 "
        "relative, or 1e-08 absolute); largest relative error "
        f"{rel_error_text(check.max_rel_error)}\n"
    )  # `tinynn gradcheck`'s line, its verdict in bold

    c = nn.compare_outputs(PARAMS, X, Y)
    c_rows = cells(c._repr_markdown_())[1:]
    assert [r[0] for r in c_rows] == ["(a)", "(b)", "(c)"]
    p = 1 / (1 + 2.718281828459045**-0.5)  # σ(z2), z2 = 0.5
    assert c_rows[1][6] == fmt(p - 1)  # (b) δ2 = p − y
    assert c_rows[2][6] == fmt((p - 1) * p * (1 - p))  # (c) keeps the slope p(1 − p)

    data = Dataset(
        "four", [[2.0], [1.0], [-1.0], [0.0]], [1.0, 0.5, 0.0, 0.25], "regression", ["x"]
    )
    result = nn.train(PARAMS, data, 0.5, 30)
    md = result._repr_markdown_()
    t_rows = cells(md)
    epochs = [r for r in t_rows if r[0].isdigit()]
    assert epochs[0] == ["1", fmt(result.history[0].loss)]
    assert epochs[-1] == ["30", fmt(result.history[-1].loss)]
    assert len(epochs) == 12  # the first, the last and ten between
    assert ["`b2`", fmt(result.params.b2)] in t_rows


def test_a_step_shows_each_value_and_the_parameter_before_it() -> None:
    step = nn.train_step(PARAMS, X, Y, LR)
    rows = {r[1]: r for r in cells(markdown(step))[1:]}
    assert rows["`L`"][2] == "0.125"
    assert rows["`new W1[1][0]`"][2:] == ["−0.5625", "−0.5"]  # −0.5 − 0.5·(1/8)


def test_a_dataset_name_from_a_file_is_escaped_in_the_trace() -> None:
    data = Dataset("a|b<script>_$x$.csv", [[1.0, 2.0]], [0.5], "regression", ["u", "v"])
    from tinynn.run.config import Config, resolve

    setup = resolve(Config(data=data, params=nn.init_params(2, 2, seed=1)))
    md = trace_markdown(nn.trace_step(setup.params, setup.x, setup.y, setup.lr), setup)
    line = next(line for line in md.splitlines() if line.startswith("- task regression"))
    assert "dataset a\\|b\\<script\\>\\_\\$x\\$.csv (sample 0 of 1)" in line
    assert md_code("a | b") == "`a \\| b`"  # a code span in a table cell


def test_markdown_refuses_what_it_does_not_know() -> None:
    with pytest.raises(TypeError):
        markdown(3)


@pytest.mark.slow
def test_the_example_notebook_runs_and_shows_the_engines_numbers(repo: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")

    nb = nbformat.read(repo / "docs" / "one_step.ipynb", as_version=4)
    # the kernel starts in the repository, so it imports this tree's tinynn
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(repo)}}).execute()  # fmt: skip
    code = [c for c in nb.cells if c.cell_type == "code"]
    shown = {c.source.splitlines()[-1]: c.outputs for c in code}

    def md(last_line: str) -> str:
        (out,) = [o for o in shown[last_line] if o.output_type == "execute_result"]
        return str(out.data["text/markdown"])

    trace = nn.trace_step(PARAMS, X, Y, LR)
    assert md("trace") == trace_markdown(trace)
    z1_row = next(r for r in cells(md("trace")) if r[0].startswith("`z1[0] = "))
    assert z1_row[2] == fmt(trace.step.forward.z1[0])
    assert md("params") == PARAMS._repr_markdown_()
    assert md("step") == markdown(trace.step)
    assert md("step.new_params") == markdown(trace.step.new_params)
    assert md("nn.gradcheck(params, x, y)") == markdown(nn.gradcheck(PARAMS, X, Y))
    assert md("nn.compare_outputs(params, x, y)") == markdown(nn.compare_outputs(PARAMS, X, Y))
    data = Dataset("by-hand", [[2.0], [1.0], [-1.0], [0.0]], [1.0, 0.5, 0.0, 0.25], "regression",
                   ["x"])  # fmt: skip
    trained = nn.train(PARAMS, data, lr=0.5, epochs=200)
    assert md("nn.train(params, data, lr=0.5, epochs=200)") == markdown(trained)
    # and the plain form beside it, for a terminal
    (out,) = [o for o in shown["params"] if o.output_type == "execute_result"]
    assert out.data["text/plain"] == repr(PARAMS)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
