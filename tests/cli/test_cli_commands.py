"""The CLI's commands print the engine's numbers: explain (text, markdown, json), train,
gradcheck and compare. Most run in-process through `tinynn.cli.main`; a few as
`python -m tinynn` to check the real entry point."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from helpers import run, run_process

from tinynn import compare_outputs, load_params, trace_step
from tinynn.run.config import Config, resolve


def number(text: str) -> float:
    """A number as the CLI prints it (a real minus sign, %g notation)."""
    return float(text.strip().replace("\u2212", "-"))


def close6(printed: float, value: float) -> bool:
    """Printed with 6 significant digits: agreement to about 5e-6 relative."""
    return math.isclose(printed, value, rel_tol=1e-5, abs_tol=1e-12)


@pytest.mark.parametrize(
    ("argv", "config"),
    [
        ((), Config()),
        (("--dataset", "xor", "--sample", "2"), Config(dataset="xor", sample=2)),
        (
            ("--dataset", "circle", "--hidden", "2", "--lr", "0.1", "--seed", "3", "--sample", "7"),
            Config(dataset="circle", hidden=2, lr=0.1, seed=3, sample=7),
        ),
    ],
)
def test_explain_text_prints_every_equation_with_the_engines_value(
    argv: tuple[str, ...], config: Config
) -> None:
    code, out, err = run("explain", *argv)
    assert (code, err) == (0, "")
    setup = resolve(config)
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task)
    lines = out.splitlines()
    for e in trace:
        line = next((ln for ln in lines if ln.startswith(e.equation + " = ")), None)
        assert line is not None, f"no line for {e.label}"
        assert close6(number(line.rsplit(" = ", 1)[1]), e.value), line
    for title in ("Forward propagation", "Loss", "Backpropagation", "Gradient-descent update"):
        assert f"== {title} ==" in lines


def test_explain_text_values_checked_by_hand() -> None:
    """Two numbers of the default step recomputed from the printed parameters."""
    code, out, _ = run("explain")
    assert code == 0
    setup = resolve(Config())
    W1, x = setup.params.W1, setup.x
    z1_0 = W1[0][0] * x[0] + setup.params.b1[0]
    line = next(ln for ln in out.splitlines() if ln.startswith("z1[0] = "))
    assert close6(number(line.rsplit(" = ", 1)[1]), z1_0)
    a1_0 = 1.0 / (1.0 + math.exp(-z1_0))
    line = next(ln for ln in out.splitlines() if ln.startswith("a1[0] = "))
    assert close6(number(line.rsplit(" = ", 1)[1]), a1_0)


@pytest.mark.parametrize("task_args", [(), ("--dataset", "xor", "--sample", "3")])
def test_explain_json_matches_trace_step(task_args: tuple[str, ...]) -> None:
    code, out, _ = run("explain", "--format", "json", *task_args)
    assert code == 0
    obj = json.loads(out)
    config = Config(dataset="xor", sample=3) if task_args else Config()
    setup = resolve(config)
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task)
    assert len(obj["events"]) == len(trace)
    for got, e in zip(obj["events"], trace):
        assert (got["phase"], got["name"], tuple(got["index"])) == (e.phase, e.name, e.index)
        assert got["value"] == e.value  # full precision: bit for bit
        assert got["equation"] == e.equation and got["errata"] == list(e.errata)
    assert obj["loss"] == trace.step.loss
    assert obj["new_params"] == trace.step.new_params.to_dict()
    assert obj["task"] == setup.task and obj["x"] == setup.x and obj["y"] == setup.y


def test_explain_markdown_has_headers_and_a_table_row_per_event() -> None:
    code, out, _ = run("explain", "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("# ")
    for title in ("Forward propagation", "Loss", "Backpropagation", "Gradient-descent update"):
        assert f"## {title}" in lines
    assert lines.count("| equation | with numbers | value | chain rule |") == 4
    assert lines.count("|---|---|---|---|") == 4
    setup = resolve(Config())
    n_events = len(trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task))
    rows = [ln for ln in lines if ln.startswith("| `")]
    assert len(rows) == n_events
    assert all(ln.count(" | ") == 3 and ln.endswith(" |") for ln in rows)


def test_explain_digits() -> None:
    """--digits 3 rounds every printed value to 3 significant digits."""
    code, out, _ = run("explain", "--digits", "3")
    assert code == 0
    setup = resolve(Config())
    lines = out.splitlines()
    for e in trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task):
        line = next(ln for ln in lines if ln.startswith(e.equation + " = "))
        assert number(line.rsplit(" = ", 1)[1]) == float(f"{e.value:.3g}"), line


def final_and_first(out: str) -> tuple[float, float]:
    m = re.search(r"final mean loss before each update (\S+) \(epoch 1: (\S+)\)", out)
    assert m, out
    return number(m.group(1)), number(m.group(2))


def test_train_lowers_the_loss() -> None:
    code, out, err = run("train", "--epochs", "60")
    assert (code, err) == (0, "")
    final, first = final_and_first(out)
    assert final < 0.5 * first
    assert "epoch 1/60" in out and "epoch 60/60" in out


def test_train_xor_to_full_accuracy_and_save(tmp_path: Path) -> None:
    path = tmp_path / "xor.json"
    code, out, _ = run("train", "--dataset", "xor", "--epochs", "1000", "--save", str(path))
    assert code == 0
    final, first = final_and_first(out)
    assert final < 0.1 * first
    assert "accuracy 100.0 % (4 of 4)" in out
    params = load_params(str(path))
    assert params.n_inputs == 2 and params.n_hidden == 3
    # explain from the saved parameters: p is on the right side of 0.5 for every sample
    argv = ["--dataset", "xor", "--load", str(path), "--format", "json"]
    for sample, label in ((0, 0.0), (1, 1.0), (2, 1.0), (3, 0.0)):
        code, out, _ = run("explain", *argv, "--sample", str(sample))
        events = json.loads(out)["events"]
        p = next(e["value"] for e in events if e["name"] == "y_pred")
        assert (p >= 0.5) == (label == 1.0)


def test_gradcheck_passes() -> None:
    code, out, _ = run("gradcheck")
    assert code == 0
    assert "PASS: 10 of 10 gradients agree" in out  # sine: 1-3-1 has 3 + 3 + 3 + 1 parameters
    code, out, _ = run("gradcheck", "--dataset", "circle", "--hidden", "4", "--sample", "5")
    assert code == 0 and "PASS: 17 of 17" in out


def test_compare_prints_the_three_delta2() -> None:
    code, out, _ = run("compare", "--dataset", "xor", "--sample", "1")
    assert code == 0
    setup = resolve(Config(dataset="xor", sample=1))
    cases = compare_outputs(setup.params, setup.x, setup.y).cases
    printed = [number(m) for m in re.findall(r"^    δ2 = .* = (\S+)$", out, flags=re.M)]
    assert len(printed) == 3
    for got, case in zip(printed, cases):
        assert close6(got, case.delta2)
    for label in ("(a)", "(b)", "(c)"):
        assert any(ln.startswith(label) for ln in out.splitlines())


def test_python_dash_m_tinynn_runs_explain(repo: Path) -> None:
    proc = run_process(repo, "explain", "--dataset", "xor")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "δ1[0] = δ2·W2[0]·σ'(z1[0])" in proc.stdout


def test_help_and_version() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "explain" in out and "train" in out
    code, out, _ = run("--version")
    assert code == 0 and re.search(r"\d+\.\d+", out)
    code, out, err = run()  # no command: a usage mistake, like argparse's own
    assert code == 2 and out == "" and "explain" in err and err.startswith("usage: tinynn")
    code, out, _ = run("--help")
    assert "'tinynn' alone prints this help on standard error and exits with status 2" in " ".join(
        out.split()
    )


def test_explain_says_when_a_step_overflowed(tmp_path: Path) -> None:
    data = tmp_path / "big.csv"
    data.write_text("x,y\n1e300,1e300\n", encoding="utf-8")
    code, out, _ = run("explain", "--csv", str(data))
    assert code == 0
    last = out.strip().splitlines()[-1]
    assert last.startswith("note: not every value is finite (the first is L)")


def test_compare_names_erratum_e4_and_the_threshold() -> None:
    code, text, _ = run("compare")
    assert code == 0
    assert "erratum E4" in text and "thresholding p at 0.5" in text
