"""One step's bookkeeping: no mutation, old parameters for every gradient, and a
trace whose every value is train_step's value, in the order trace.py documents."""

from __future__ import annotations

import copy
import decimal
import math
import struct

import helpers
import pytest

import tinynn.core.names
import tinynn.run.trace
from tinynn import Params, Step, backward, forward, trace_step, train_step, update
from tinynn.core.forward import sigmoid as sigma

SHAPES = [(1, 1), (1, 2), (2, 3), (3, 2), (4, 8)]
TASKS = ["regression", "classification"]


def random_problem(n: int, h: int, task: str, seed: int = 1) -> tuple[Params, list[float], float]:
    return helpers.random_problem(n, h, task, seed)


def bits(v: float) -> bytes:
    """The float's 8 bytes: equal bits, not merely equal values (-0.0 differs from 0.0)."""
    return struct.pack("<d", v)


def expected_keys(n: int, h: int) -> list[tuple[str, str, tuple[int, ...]]]:
    """(phase, name, index) of every event, in the order documented in tinynn/trace.py."""
    J = [(j,) for j in range(h)]
    JI = [(j, i) for j in range(h) for i in range(n)]
    order = [
        ("forward", "z1", J), ("forward", "a1", J), ("forward", "z2", [()]),
        ("forward", "y_pred", [()]),
        ("loss", "L", [()]),
        ("backward", "delta2", [()]), ("backward", "dW2", J), ("backward", "db2", [()]),
        ("backward", "sigma_prime", J), ("backward", "delta1", J), ("backward", "dW1", JI),
        ("backward", "db1", J),
        ("update", "W2", J), ("update", "b2", [()]), ("update", "W1", JI), ("update", "b1", J),
    ]  # fmt: skip
    return [(phase, name, index) for phase, name, indices in order for index in indices]


def step_value(s: Step, phase: str, name: str, index: tuple[int, ...]) -> float:
    """The field of `s` that the event (phase, name, index) describes."""
    if phase == "loss":
        return s.loss
    source: object = {"forward": s.forward, "backward": s.grads, "update": s.new_params}[phase]
    v = getattr(source, name)
    for k in index:
        v = v[k]
    return v


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize(("n", "h"), SHAPES)
def test_update_leaves_its_input_unchanged(n: int, h: int, task: str) -> None:
    params, x, y = random_problem(n, h, task)
    before = copy.deepcopy(params)
    grads = backward(params, x, y, forward(params, x, task), task)
    grads_before = copy.deepcopy(grads)
    new = update(params, grads, 0.5)
    assert params == before
    assert grads == grads_before
    assert new != params
    assert new.W1 is not params.W1 and all(a is not b for a, b in zip(new.W1, params.W1))
    assert new.b1 is not params.b1 and new.W2 is not params.W2


@pytest.mark.parametrize("task", TASKS)
def test_train_step_and_trace_step_leave_params_unchanged(task: str) -> None:
    params, x, y = random_problem(3, 4, task)
    before, x_before = copy.deepcopy(params), x[:]
    train_step(params, x, y, 0.5, task)
    trace_step(params, x, y, 0.5, task)
    assert params == before
    assert x == x_before


def test_params_are_frozen_and_with_value_copies() -> None:
    params, _, _ = random_problem(2, 2, "regression")
    before = copy.deepcopy(params)
    with pytest.raises(AttributeError):  # an immutable record
        params.b2 = 1.0  # type: ignore[misc]
    edited = params.with_value(("W1", (1, 0)), 42.0)
    assert edited.W1[1][0] == 42.0
    assert params == before


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize(("n", "h"), SHAPES)
def test_trace_order_and_names(n: int, h: int, task: str) -> None:
    params, x, y = random_problem(n, h, task)
    trace = trace_step(params, x, y, 0.5, task)
    assert [(e.phase, e.name, e.index) for e in trace] == expected_keys(n, h)
    assert len(trace) == len(expected_keys(n, h))
    assert [e.phase for e in trace.phase("backward")] == ["backward"] * (2 + 4 * h + n * h)


def test_expected_order_is_the_one_in_trace_docstring() -> None:
    """The order above is read off trace.py's own docstring, so the two cannot drift apart."""
    doc = tinynn.run.trace.__doc__ or ""
    section = doc.split("Order (one equation at a time, every index of it in turn):")[1]
    documented = []
    for line in section.strip().splitlines():
        phase, names = line.split(maxsplit=1)
        documented += [(phase, name.split("[")[0].strip()) for name in names.split(",")]
    ours = []
    for phase, name, _ in expected_keys(2, 2):
        if (phase, name) not in ours:
            ours.append((phase, name))
    assert documented == ours


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize(("n", "h"), SHAPES)
def test_trace_values_are_train_step_values_bit_for_bit(n: int, h: int, task: str) -> None:
    params, x, y = random_problem(n, h, task, seed=n * 10 + h)
    s = train_step(params, x, y, 0.3, task)
    trace = trace_step(params, x, y, 0.3, task)
    assert trace.step == s
    for e in trace:
        v = step_value(s, e.phase, e.name, e.index)
        assert e.value == v, e.label
        assert bits(e.value) == bits(v), e.label


def test_trace_events_carry_the_notes_errata() -> None:
    params, x, y = random_problem(2, 2, "classification")
    for task in TASKS:
        errata = {e.label: e.errata for e in trace_step(params, x, y, 0.5, task)}
        assert errata["z2"] == ("E1",)
        assert errata["delta2"] == ("E5", "E8")  # the error's wording, the truncated sentence
        assert errata["dW1[1][0]"] == ("E2", "E7") and errata["db1[1]"] == ("E2",)
        assert errata["b2"] == errata["b1[0]"] == ("E3",)  # the update events
        assert errata["W2[0]"] == errata["W1[0][0]"] == ()
        assert errata["L"] == (("E6",) if task == "regression" else ())  # "MSE"
        assert errata["y_pred"] == (("E4",) if task == "classification" else ())


def to_python(expr: str) -> str:
    """A trace's substituted formula, in the notes' notation, as a Python expression."""
    for a, b in (
        ("−", "-"),
        (")(", ")*("),
        ("·", "*"),
        ("e^", "exp"),
        ("ln", "log"),
        ("½", "0.5*"),
        ("²", "**2"),
        ("[", "("),
        ("]", ")"),
    ):
        expr = expr.replace(a, b)
    return expr


@pytest.mark.parametrize("task", TASKS)
def test_substituted_numbers_evaluate_to_the_value(task: str) -> None:
    """Each event's formula-with-numbers, evaluated, gives its value (to the 6 digits shown)."""
    params, x, y = random_problem(2, 3, task, seed=5)
    for e in trace_step(params, x, y, 0.25, task):
        got = eval(to_python(e.substituted), {"exp": math.exp, "log": math.log})
        assert math.isclose(got, e.value, rel_tol=1e-4, abs_tol=1e-6), (e.label, e.substituted)
        assert e.text().startswith(e.equation + " = " + e.substituted + " = ")


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize(("n", "h"), SHAPES)
def test_gradients_use_the_parameters_from_before_the_step(n: int, h: int, task: str) -> None:
    params, x, y = random_problem(n, h, task, seed=7)
    s = train_step(params, x, y, 0.5, task)
    W2_old, W2_new = params.W2, s.new_params.W2
    for j in range(h):
        z1 = sum(params.W1[j][i] * x[i] for i in range(n)) + params.b1[j]
        a1 = 1.0 / (1.0 + math.exp(-z1))
        hand_old = s.grads.delta2 * W2_old[j] * a1 * (1.0 - a1)
        hand_new = s.grads.delta2 * W2_new[j] * a1 * (1.0 - a1)
        assert math.isclose(s.grads.delta1[j], hand_old, rel_tol=1e-12)
        assert not math.isclose(s.grads.delta1[j], hand_new, rel_tol=1e-6)
    # and the forward values of the step are those of the old parameters
    assert s.forward == forward(params, x, task)
    assert s.forward != forward(s.new_params, x, task)


def sigma_prime_exact(z: float) -> float:
    """σ'(z) = e^(−z) / (1 + e^(−z))², in 60-digit decimal arithmetic (an independent oracle)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        e = (-decimal.Decimal(z)).exp()
        return float(e / (1 + e) ** 2)


@pytest.mark.parametrize("z", [30.0, 40.0, -30.0, -40.0, 0.5, -2.0, 100.0, 700.0, -700.0])
def test_sigma_prime_is_right_to_1e_12_where_it_is_representable(z: float) -> None:
    """1 − a1 is taken as σ(−z1): at z1 = 30 the subtraction would get the third digit wrong,
    at z1 = 40 it would give 0 (the true slope is 4.25e−18)."""
    params = Params(W1=[[z]], b1=[0.0], W2=[0.5], b2=0.0)
    s = train_step(params, [1.0], 0.0, 0.1)
    assert s.forward.z1 == [z]
    assert math.isclose(s.grads.sigma_prime[0], sigma_prime_exact(z), rel_tol=1e-12)
    assert s.forward.one_minus_a1[0] == sigma(-z)
    assert s.forward.a1[0] == sigma(z)


def test_the_sigma_prime_line_shows_1_minus_a1_as_its_own_number() -> None:
    params = Params(W1=[[40.0]], b1=[0.0], W2=[0.5], b2=0.0)
    e = next(e for e in trace_step(params, [1.0], 0.0, 0.1) if e.name == "sigma_prime")
    assert e.text(6) == "σ'(z1[0]) = a1[0]·(1 − a1[0]) = (1)(4.24835e−18) = 4.24835e−18"


def traces_for_the_precision_policy(digits: int) -> list[tinynn.run.trace.Trace]:
    """Ordinary and saturated networks, both tasks (the saturation lesson among them)."""
    saturated = Params(W1=[[8.0], [-6.0]], b1=[0.0, 0.0], W2=[6.0, -4.0], b2=-1.0)
    out = [
        trace_step(saturated, [1.0], 0.0, 0.5, "classification", digits),
        trace_step(saturated, [-1.0], 1.0, 0.5, "regression", digits),
        trace_step(Params([[30.0], [0.5]], [0.0, 0.1], [0.3, -0.2], 0.1), [1.0], 0.7, 0.5,
                   "regression", digits),
    ]  # fmt: skip
    for seed, (n, h) in enumerate(SHAPES):
        for task in TASKS:
            params, x, y = random_problem(n, h, task, seed=seed + 11)
            out.append(trace_step(params, x, y, 0.37, task, digits))
    return out


def check_printed_line(line: str, left: str, digits: int) -> None:
    """`line` is `left = expression = result`: the expression, evaluated, prints as result."""
    assert line.startswith(left + " = "), line
    expression, result = line[len(left) + 3 :].rsplit(" = ", 1)
    got = eval(to_python(expression), {"exp": math.exp, "log": math.log})
    assert tinynn.run.trace.fmt(got, digits) == result, (line, got)


@pytest.mark.parametrize("digits", [3, 6, 10])
def test_every_printed_line_adds_up_to_its_printed_result(digits: int) -> None:
    """One precision policy: the operands carry enough digits for the printed expression to give
    the printed result to its printed digits; the result is the engine's value, rounded."""
    lines = 0
    for trace in traces_for_the_precision_policy(digits):
        for e in trace:
            line = e.text(digits)
            assert line.endswith(" = " + tinynn.run.trace.fmt(e.value, digits))
            check_printed_line(line, e.equation, digits)
            chain = tinynn.run.trace.chain_text(e, digits)
            if chain is not None:
                assert e.chain is not None
                check_printed_line(chain, e.chain.text, digits)
                lines += 1
            lines += 1
    assert lines > 500


def test_operands_get_more_digits_only_where_the_result_needs_them() -> None:
    """The saturation lesson's σ'(z1[0]) at 6 digits used to print (0.999665)(1 − (0.999665)) =
    0.000335238, whose operands give 0.000334888."""
    saturated = Params(W1=[[8.0], [-6.0]], b1=[0.0, 0.0], W2=[6.0, -4.0], b2=-1.0)
    t = {e.label: e for e in trace_step(saturated, [1.0], 0.0, 0.5, "classification")}
    assert t["sigma_prime[0]"].substituted == "(0.999665)(0.00033535)"
    assert t["z1[0]"].substituted == "(8)(1) + (0)"  # exact numbers stay short


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize(("n", "h"), SHAPES)
def test_every_gradient_carries_its_chain_rule_with_the_steps_values(
    n: int, h: int, task: str
) -> None:
    params, x, y = random_problem(n, h, task, seed=3)
    trace = trace_step(params, x, y, 0.5, task)
    s = trace.step
    f, g = s.forward, s.grads
    p = f.y_pred
    first = p - y  # ∂L/∂z2 = y_pred − y, = p − y for classification
    for e in trace:
        if e.phase in ("forward", "loss"):
            assert e.chain is None and tinynn.run.trace.chain_text(e) is None
            continue
        assert e.chain is not None
        grad = e.writes if e.phase == "backward" else (tinynn.core.names.GRAD[e.name], e.index)
        assert e.chain.value == s.grads.get(grad)
        values = [fa.value for fa in e.chain.factors]
        assert math.isclose(math.prod(values), e.chain.value, rel_tol=1e-12, abs_tol=1e-300)
        record = tinynn.run.trace.chain_record(e)
        assert record is not None and record["value"] == e.chain.value
        name, index = grad
        if name in ("dW1", "db1"):
            j = index[0]
            last = x[index[1]] if name == "dW1" else 1.0
            assert values == [first, params.W2[j], g.sigma_prime[j], last]
            symbols = [fa.symbol for fa in e.chain.factors]
            assert symbols[1:3] == [f"W2[{j}]", f"σ'(z1[{j}])"]
        elif name == "delta1":
            assert values == [first, params.W2[index[0]], g.sigma_prime[index[0]]]
        elif name == "dW2":
            assert values == [first, f.a1[index[0]]]
        elif name == "sigma_prime":
            a = f.a1[index[0]]
            assert values[0] == a and math.isclose(values[1], 1 - a, rel_tol=1e-9)
        elif name == "delta2" and task == "classification":
            # ∂L/∂p = (p − y)/(p(1 − p)) and ∂p/∂z2 = p(1 − p), by hand
            assert math.isclose(values[0], (p - y) / (p * (1 - p)), rel_tol=1e-9)
            assert math.isclose(values[1], p * (1 - p), rel_tol=1e-9)


def test_the_chain_line_of_a_hidden_weight() -> None:
    params = Params(W1=[[0.5]], b1=[0.0], W2=[-0.25], b2=0.0)
    e = next(e for e in trace_step(params, [-3.0], 1.0, 0.1) if e.name == "dW1")
    # by hand: z1 = −1.5, a1 = 0.18243, σ' = 0.14915, z2 = −0.045606, δ2 = −1.045606
    assert tinynn.run.trace.chain_text(e, 3) == (
        "∂L/∂W1[0][0] = ∂L/∂z2 · ∂z2/∂a1[0] · ∂a1[0]/∂z1[0] · ∂z1[0]/∂W1[0][0]"
        " = δ2 · W2[0] · σ'(z1[0]) · x[0] = (−1.05)(−0.25)(0.149)(−3) = −0.117"
    )


def test_a_nudge_measures_what_the_gradient_predicts() -> None:
    """L(θ ± ε) by an independent forward pass written out here, ΔL ≈ ∂L/∂θ·ε."""
    from tinynn.run.nudge import nudge

    params, x, y = random_problem(2, 3, "regression", seed=4)
    s = train_step(params, x, y, 0.5)
    n = nudge(s, ("W1", (1, 0)), 1e-4)

    def loss_by_hand(w: float) -> float:
        W1 = [row[:] for row in params.W1]
        W1[1][0] = w
        a1 = [1 / (1 + math.exp(-(sum(wi * xi for wi, xi in zip(r, x)) + b)))
              for r, b in zip(W1, params.b1)]  # fmt: skip
        z2 = sum(w2 * a for w2, a in zip(params.W2, a1)) + params.b2
        return 0.5 * (z2 - y) ** 2

    theta = params.W1[1][0]
    assert n.theta == theta and n.grad == s.grads.dW1[1][0] and n.loss == s.loss
    assert math.isclose(n.loss_plus, loss_by_hand(theta + 1e-4), rel_tol=1e-12)
    assert math.isclose(n.loss_minus, loss_by_hand(theta - 1e-4), rel_tol=1e-12)
    assert math.isclose(n.change_plus, n.predicted, rel_tol=1e-3)
    assert math.isclose(n.central, n.grad, rel_tol=1e-6)


def test_the_dependency_tree_reaches_the_inputs_with_the_traces_values() -> None:
    params, x, y = random_problem(2, 2, "classification", seed=6)
    trace = trace_step(params, x, y, 0.5, "classification")
    k = next(i for i, e in enumerate(trace) if e.label == "dW1[1][0]")
    deps = tinynn.run.trace.dependencies(trace, k)
    assert deps[0].key == ("dW1", (1, 0)) and deps[0].value == trace[k].value
    values = {e.writes: e.value for e in trace if e.phase != "update"}
    keys = {d.key for d in deps}
    # δ1[1] needs δ2, W2[1], σ'(z1[1]); δ2 needs p (from every hidden unit) and y
    for key in [("delta1", (1,)), ("delta2", ()), ("W2", (1,)), ("sigma_prime", (1,)),
                ("y_pred", ()), ("z2", ()), ("a1", (0,)), ("z1", (0,)), ("x", (0,)),
                ("x", (1,)), ("y", ()), ("W1", (0, 1)), ("b1", (1,)), ("b2", ())]:  # fmt: skip
        assert key in keys, key
    for d in deps:
        expected = values.get(d.key)
        if expected is None:  # a leaf: the sample, the target or a parameter before the step
            expected = {("y", ()): y, **{("x", (i,)): v for i, v in enumerate(x)}}.get(
                d.key, params.get(d.key) if d.key[0] in ("W1", "b1", "W2", "b2") else None
            )
        assert d.value == expected, d
    assert sum(d.key == ("a1", (1,)) and not d.seen for d in deps) == 1  # expanded once
    assert any(d.key == ("a1", (1,)) and d.seen for d in deps)  # then referred to
