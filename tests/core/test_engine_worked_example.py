"""A 1-2-1 network worked out by hand, checked against every engine function.

    x = [2],  W1 = [[0.5], [-1]],  b1 = [0, 0.5],  W2 = [1, -2],  b2 = 0.5,  eta = 0.1

Each number below is written out as the arithmetic of the notes (math.exp
directly, no tinynn helper), and its decimal value is in the comment (and
checked too, to 1e-9), so a reader can follow the step with a calculator.
"""

from __future__ import annotations

import math

import pytest

from tinynn import Params, backward, forward, loss, trace_step, train_step, update

X = [2.0]
LR = 0.1
REL = 1e-12  # the engine and the hand formulas may round differently in the last bits


def params() -> Params:
    return Params(W1=[[0.5], [-1.0]], b1=[0.0, 0.5], W2=[1.0, -2.0], b2=0.5)


# forward: identical for both tasks
z1 = [0.5 * 2.0 + 0.0, -1.0 * 2.0 + 0.5]  # [1.0, -1.5]
a1 = [1 / (1 + math.exp(-1.0)), 1 / (1 + math.exp(1.5))]  # [0.7310585786, 0.1824255238]
z2 = 1.0 * a1[0] + (-2.0) * a1[1] + 0.5  # 0.8662075310
sigma_prime = [a1[0] * (1 - a1[0]), a1[1] * (1 - a1[1])]  # [0.1966119332, 0.1491464521]


def expected(y_pred: float, L: float, y: float) -> dict[str, object]:
    """Everything after the output, by the notes' equations, from y_pred and the old W2."""
    delta2 = y_pred - y
    dW2 = [delta2 * a1[0], delta2 * a1[1]]
    db2 = delta2
    delta1 = [delta2 * 1.0 * sigma_prime[0], delta2 * (-2.0) * sigma_prime[1]]
    dW1 = [[delta1[0] * 2.0], [delta1[1] * 2.0]]
    db1 = delta1[:]
    return {
        "y_pred": y_pred,
        "L": L,
        "delta2": delta2,
        "dW2": dW2,
        "db2": db2,
        "delta1": delta1,
        "dW1": dW1,
        "db1": db1,
        "W2": [1.0 - LR * dW2[0], -2.0 - LR * dW2[1]],
        "b2": 0.5 - LR * db2,
        "W1": [[0.5 - LR * dW1[0][0]], [-1.0 - LR * dW1[1][0]]],
        "b1": [0.0 - LR * db1[0], 0.5 - LR * db1[1]],
    }


# regression, y = 1: y_pred = z2, L = 1/2 (z2 - 1)^2
Y_REG = 1.0
REG = expected(z2, 0.5 * (z2 - Y_REG) ** 2, Y_REG)
REG_DECIMALS = {
    "y_pred": 0.8662075310172922,
    "L": 0.008950212378244414,
    "delta2": -0.1337924689827078,
    "dW2": [-0.09781013220589738, -0.024407161235516155],
    "delta1": [-0.026305195979841177, 0.03990934412500185],
    "dW1": [[-0.052610391959682354], [0.0798186882500037]],
    "W2": [1.0097810132205898, -1.9975592838764484],
    "b2": 0.5133792468982707,
    "W1": [[0.5052610391959682], [-1.0079818688250004]],
    "b1": [0.002630519597984118, 0.4960090655874998],
}

# classification, y = 0: p = 1 / (1 + e^-z2), L = -[0 ln p + 1 ln(1 - p)], delta2 = p - 0
Y_CLS = 0.0
p = 1 / (1 + math.exp(-z2))  # 0.7039559518
CLS = expected(p, -(Y_CLS * math.log(p) + (1 - Y_CLS) * math.log(1 - p)), Y_CLS)
CLS_DECIMALS = {
    "y_pred": 0.7039559518045563,
    "L": 1.2172470242583115,
    "delta2": 0.7039559518045563,
    "dW2": [0.5146330375443712, 0.12841953324454833],
    "delta1": [0.13840614060114123, -0.20998506525088761],
    "dW1": [[0.27681228120228246], [-0.41997013050177523]],
    "W2": [0.9485366962455629, -2.012841953324455],
    "b2": 0.42960440481954437,
    "W1": [[0.4723187718797718], [-0.9580029869498224]],
    "b1": [-0.013840614060114123, 0.5209985065250887],
}

CASES = [
    pytest.param("regression", Y_REG, REG, REG_DECIMALS, id="regression"),
    pytest.param("classification", Y_CLS, CLS, CLS_DECIMALS, id="classification"),
]


def flat(v: object) -> list[float]:
    """A number, a vector or a matrix as one flat list."""
    if isinstance(v, list):
        return [u for item in v for u in flat(item)]
    return [float(v)]  # type: ignore[arg-type]


def near(a: object, b: object, rel: float = REL, abs_: float = 0.0) -> bool:
    """a and b (numbers, vectors or matrices) agree entry by entry within rel / abs_."""
    fa, fb = flat(a), flat(b)
    return len(fa) == len(fb) and all(
        math.isclose(u, v, rel_tol=rel, abs_tol=abs_) for u, v in zip(fa, fb)
    )


def test_hand_numbers_agree_with_their_decimals() -> None:
    """The hand expressions and the decimals in the comments are the same numbers."""
    assert z1 == [1.0, -1.5]
    assert near(a1, [0.7310585786300049, 0.18242552380635635])
    assert near(sigma_prime, [0.19661193324148185, 0.14914645207033286])
    for exp, dec in ((REG, REG_DECIMALS), (CLS, CLS_DECIMALS)):
        for key, value in dec.items():
            assert near(exp[key], value, rel=0, abs_=1e-9), key


@pytest.mark.parametrize(("task", "y", "exp", "dec"), CASES)
def test_forward(task: str, y: float, exp: dict, dec: dict) -> None:
    f = forward(params(), X, task)
    assert f.x == X
    assert near(f.z1, z1)
    assert near(f.a1, a1)
    assert near(f.one_minus_a1, [1 - a for a in a1])  # kept as σ(−z1), the same number
    assert near(f.z2, z2)
    assert near(f.y_pred, exp["y_pred"])
    assert near(f.y_pred, dec["y_pred"], rel=0, abs_=1e-9)


@pytest.mark.parametrize(("task", "y", "exp", "dec"), CASES)
def test_loss(task: str, y: float, exp: dict, dec: dict) -> None:
    L = loss(forward(params(), X, task), y, task)
    assert near(L, exp["L"])
    assert near(L, dec["L"], rel=0, abs_=1e-9)


@pytest.mark.parametrize(("task", "y", "exp", "dec"), CASES)
def test_backward(task: str, y: float, exp: dict, dec: dict) -> None:
    g = backward(params(), X, y, forward(params(), X, task), task)
    assert near(g.delta2, exp["delta2"])
    assert near(g.dW2, exp["dW2"])
    assert near(g.db2, exp["db2"])
    assert near(g.sigma_prime, sigma_prime)
    assert near(g.delta1, exp["delta1"])
    assert near(g.dW1, exp["dW1"])
    assert near(g.db1, exp["db1"])
    assert near(g.delta1, dec["delta1"], rel=0, abs_=1e-9)


@pytest.mark.parametrize(("task", "y", "exp", "dec"), CASES)
def test_update(task: str, y: float, exp: dict, dec: dict) -> None:
    g = backward(params(), X, y, forward(params(), X, task), task)
    q = update(params(), g, LR)
    assert near(q.W2, exp["W2"])
    assert near(q.b2, exp["b2"])
    assert near(q.W1, exp["W1"])
    assert near(q.b1, exp["b1"])
    assert near(q.b2, dec["b2"], rel=0, abs_=1e-9)


@pytest.mark.parametrize(("task", "y", "exp", "dec"), CASES)
def test_train_step(task: str, y: float, exp: dict, dec: dict) -> None:
    s = train_step(params(), X, y, LR, task)
    assert s.params == params()
    assert (s.x, s.y, s.lr, s.task) == (X, y, LR, task)
    assert near(s.forward.z2, z2)
    assert near(s.loss, exp["L"])
    assert near(s.grads.delta2, exp["delta2"])
    assert near(s.grads.dW1[1], exp["dW1"][1])
    q = s.new_params
    for key in ("W2", "b2", "W1", "b1"):
        assert near(getattr(q, key), exp[key]), key
        assert near(getattr(q, key), dec[key], rel=0, abs_=1e-9), key


@pytest.mark.parametrize(("task", "y", "exp", "dec"), CASES)
def test_trace_values(task: str, y: float, exp: dict, dec: dict) -> None:
    """The trace shows the same hand-checked numbers under the notes' names."""
    values = {e.label: e.value for e in trace_step(params(), X, y, LR, task)}
    assert values["z1[1]"] == -1.5
    assert near(values["a1[0]"], a1[0])
    assert near(values["z2"], z2)
    assert near(values["L"], exp["L"])
    assert near(values["delta2"], exp["delta2"])
    assert near(values["delta1[1]"], exp["delta1"][1])
    assert near(values["dW1[0][0]"], exp["dW1"][0][0])
    assert near(values["W1[1][0]"], exp["W1"][1][0])
    assert near(values["b2"], exp["b2"])
