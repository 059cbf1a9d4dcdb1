"""The table of the step (tinynn/core/table.py) and the table of names (tinynn/core/names.py).

The table's functions are a second implementation of the step, one scalar at a time: on the
step's own operands each must give the step's float bit for bit, for every lesson and for
random shapes of both tasks. Its equations are the ones the trace prints and the handout
typesets, checked here against the notes' text (docs: shared/design/equations.md).
"""

from __future__ import annotations

import math
import struct

import pytest

from tinynn.core.names import (
    ALIASES,
    COMPUTED,
    GIVEN,
    NAME,
    NAMES,
    PARAMS,
    RETURNED,
    RETURNED_ALIASES,
    gradient,
    gradient_key,
    parameter,
    parameter_key,
    symbol_text,
    tex_symbol,
)
from tinynn.core.params import Params
from tinynn.core.step import Step, train_step
from tinynn.core.table import ORDER, TABLE, Formula, formulas, indices, one_minus, step_values
from tinynn.grading.cases import build_cases
from tinynn.run.trace import trace_step
from tinynn.teach.lesson import load_lesson, shipped_lessons


def bits(v: float) -> str:
    return struct.pack("<d", v).hex()


def steps() -> list[tuple[str, Step]]:
    """Every lesson's step, and random cases of every shape (n, h in 1..4) of both tasks."""
    out = []
    for name in shipped_lessons():
        s = load_lesson(name).setup()
        out.append((f"lesson {name}", train_step(s.params, s.x, s.y, s.lr, s.task)))
    for c in build_cases(16):
        out.append((c.label, train_step(c.params, c.x, c.y, c.lr, c.task)))
    # saturated units and outputs, where 1 − a1 and log loss from p would lose every digit
    saturated = Params([[40.0], [-40.0]], [0.0, 0.0], [40.0, 20.0], 0.0)
    out.append(("saturated", train_step(saturated, [1.0], 0.0, 0.5, "classification")))
    return out


STEPS = steps()


@pytest.mark.parametrize(("label", "step"), STEPS, ids=[label for label, _ in STEPS])
def test_every_quantity_recomputed_through_the_table_is_the_steps_float(
    label: str, step: Step
) -> None:
    values = step_values(step)
    n, h = len(step.x), step.params.n_hidden
    for f in formulas(step.task, h, n):
        expected = step.new_params.get(f.key) if f.phase == "update" else values[f.key]
        got = f.value(values.__getitem__)
        assert bits(got) == bits(expected), (label, f.key, got, expected)


def test_the_saturated_case_needs_the_steps_own_forms() -> None:
    # the table's functions are the step's, not the naive formulas: 1 − a1 as σ(−z1) and log
    # loss from the logit keep digits that a1·(1 − a1) and −ln(1 − p) lose
    step = STEPS[-1][1]
    values = step_values(step)
    assert step.forward.a1[0] == 1.0 and step.grads.sigma_prime[0] > 0
    assert 1.0 - step.forward.a1[0] == 0.0
    assert step.forward.y_pred == 1.0 and math.isfinite(step.loss)
    assert one_minus(values["a1", (0,)], values["z1", (0,)]) == step.forward.one_minus_a1[0]
    loss = Formula(("L", ()), (("y_pred", ()), ("y", ())), "classification")
    assert loss.value(values.__getitem__) == step.loss
    assert loss.evaluate(values.__getitem__) == math.inf  # the notes' −ln(1 − p), p = 1


@pytest.mark.parametrize("task", ["regression", "classification"])
@pytest.mark.parametrize(("n", "h"), [(1, 1), (2, 3), (3, 2)])
def test_the_table_writes_every_key_the_trace_has_with_its_operands(
    task: str, n: int, h: int
) -> None:
    params = Params([[0.1 * (i + j) for i in range(n)] for j in range(h)], [0.2] * h,
                    [0.3] * h, 0.4)  # fmt: skip
    trace = trace_step(params, [1.0] * n, 1.0, 0.5, task)
    table = list(formulas(task, h, n))
    assert [(f.key, f.reads, f.phase) for f in table] == [(e.writes, e.reads, e.phase)
                                                         for e in trace]  # fmt: skip
    assert [f.text() for f in table] == [e.equation for e in trace]
    # the quantities: every computed name, then the updates in the notes' order W2, b2, W1, b1
    assert (*COMPUTED, "W2", "b2", "W1", "b1") == ORDER
    assert len(table) == sum(len(indices(name, h, n)) for name in ORDER)


def test_the_equations_read_as_the_notes_write_them() -> None:
    def text(key: tuple[str, tuple[int, ...]], task: str = "regression") -> str:
        (f,) = [f for f in formulas(task, 2, 2) if f.key == key]
        return f.text()

    assert text(("z1", (1,))) == "z1[1] = W1[1][0]·x[0] + W1[1][1]·x[1] + b1[1]"
    assert text(("a1", (0,))) == "a1[0] = σ(z1[0]) = 1 / (1 + e^(−z1[0]))"
    assert text(("z2", ())) == "z2 = W2[0]·a1[0] + W2[1]·a1[1] + b2"
    assert text(("y_pred", ())) == "y_pred = z2"
    assert text(("y_pred", ()), "classification") == "y_pred = p = σ(z2) = 1 / (1 + e^(−z2))"
    assert text(("L", ())) == "L = ½(y_pred − y)²"
    assert text(("L", ()), "classification") == "L = −[y·ln p + (1 − y)·ln(1 − p)]"
    assert text(("delta2", ())) == "δ2 = y_pred − y"
    assert text(("delta2", ()), "classification") == "δ2 = p − y"
    assert text(("sigma_prime", (1,))) == "σ'(z1[1]) = a1[1]·(1 − a1[1])"
    assert text(("delta1", (0,))) == "δ1[0] = δ2·W2[0]·σ'(z1[0])"
    assert text(("dW1", (1, 0))) == "∂L/∂W1[1][0] = δ1[1]·x[0]"
    assert text(("db2", ())) == "∂L/∂b2 = δ2"
    assert text(("b2", ())) == "b2 ← b2 − η·∂L/∂b2"
    assert text(("W1", (0, 1))) == "W1[0][1] ← W1[0][1] − η·∂L/∂W1[0][1]"


def test_the_equations_in_latex() -> None:
    def tex(key: tuple[str, tuple[int, ...]], task: str = "regression") -> str:
        (f,) = [f for f in formulas(task, 1, 2) if f.key == key]
        return f.tex()

    assert tex(("z1", (0,))) == r"W_1[0][0]\,x[0] + W_1[0][1]\,x[1] + b_1[0]"
    assert tex(("L", ()), "classification") == r"-\bigl[y \ln p + (1 - y)\ln(1 - p)\bigr]"
    assert tex(("sigma_prime", (0,))) == r"a_1[0]\,(1 - a_1[0])"
    assert tex(("W1", (0, 1))) == r"W_1[0][1] - \eta\,\frac{\partial L}{\partial W_1[0][1]}"


def test_one_table_of_names() -> None:
    assert PARAMS == ("W1", "b1", "W2", "b2")
    assert set(GIVEN) == {*PARAMS, "x", "y", "lr"}
    assert COMPUTED == ("z1", "a1", "z2", "y_pred", "L", "delta2", "dW2", "db2",
                        "sigma_prime", "delta1", "dW1", "db1")  # fmt: skip
    assert (*COMPUTED, *PARAMS) == RETURNED
    assert {q.name for q in TABLE} == {*COMPUTED, *PARAMS}
    rows = {q.name: q for q in TABLE}
    assert (rows["dW1"].symbol, rows["dW1"].shape) == ("∂L/∂W1", "h×n")
    assert (rows["sigma_prime"].symbol, rows["sigma_prime"].shape) == ("σ'(z1)", "h")
    assert (rows["L"].symbol, rows["L"].shape, rows["b2"].phase) == ("L", "scalar", "update")
    # every spelling names one name, and none is a name itself
    assert set(ALIASES.values()) <= set(NAME) and not set(ALIASES) & set(NAME)
    assert RETURNED_ALIASES == {"p": "y_pred", "loss": "L"}
    assert all(ALIASES[a] == n for a, n in RETURNED_ALIASES.items())
    assert len({n.name for n in NAMES}) == len(NAMES)


def test_symbols_and_gradient_names() -> None:
    assert symbol_text(("dW1", (1, 0))) == "∂L/∂W1[1][0]"
    assert symbol_text(("sigma_prime", (1,))) == "σ'(z1[1])"
    assert symbol_text(("sigma_prime", ())) == "σ'(z1)"
    assert symbol_text(("lr", ())) == "η"
    assert symbol_text(("unknown", (2,))) == "unknown[2]"
    assert tex_symbol(("y_pred", ())) == r"y_{\mathrm{pred}}"
    assert tex_symbol(("db1", (1,))) == r"\frac{\partial L}{\partial b_1[1]}"
    assert [gradient(p) for p in PARAMS] == ["dW1", "db1", "dW2", "db2"]
    assert [parameter(gradient(p)) for p in PARAMS] == list(PARAMS)
    assert parameter("z1") is None and parameter("W1") is None
    assert gradient_key(("W1", (1, 0))) == ("dW1", (1, 0))
    assert parameter_key(("db2", ())) == ("b2", ())


@pytest.mark.parametrize("name", [n.name for n in NAMES])
def test_a_names_shape_is_the_shape_of_its_numbers(name: str) -> None:
    step = STEPS[1][1]  # by-hand-2-inputs: n = 2, h = 2
    n, h = len(step.x), step.params.n_hidden
    keys = {k for k in step_values(step) if k[0] == name}
    if name in PARAMS:
        keys = {k for k in step.params.all_keys() if k[0] == name}
    assert sorted(keys) == sorted((name, i) for i in indices(name, h, n))
