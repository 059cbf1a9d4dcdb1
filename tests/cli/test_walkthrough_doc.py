"""docs/walkthrough.md never drifts: its generated blocks are exactly what the engine produces."""

from __future__ import annotations

import math
import re
from types import ModuleType
from typing import Any

import pytest
from helpers import REPO, load_script, random_problem

from tinynn import Params, forward, loss, trace_step, train_step
from tinynn.teach.lesson import load_lesson


@pytest.fixture(scope="module")
def maker() -> ModuleType:
    return load_script(REPO / "docs" / "make_walkthrough.py")


def test_walkthrough_matches_the_engine(maker: ModuleType) -> None:
    text = maker.DOC.read_text(encoding="utf-8")
    assert maker.regenerate(text) == text, "run: python docs/make_walkthrough.py"
    assert maker.main(["--check"]) == 0


def test_every_value_of_the_worked_example_is_in_the_document(maker: ModuleType) -> None:
    text = maker.DOC.read_text(encoding="utf-8")
    s = load_lesson("by-hand").setup()
    trace = trace_step(s.params, s.x, s.y, s.lr, s.task)
    for event in trace:
        assert event.text() + "\n" in text
    # hand arithmetic of the lesson: delta1[1] = (-1/2)(-1/2)(1/4), b1[0] = -1/2 + 1/16
    assert "δ1[1] = δ2·W2[1]·σ'(z1[1]) = (−0.5)(−0.5)(0.25) = 0.0625\n" in text
    assert "= (−0.5) − (0.5)(−0.125) = −0.4375\n" in text


def test_a_changed_number_is_caught(maker: ModuleType) -> None:
    text = maker.DOC.read_text(encoding="utf-8")
    stale = text.replace("= 0.96875\n", "= 0.97\n", 1)
    assert stale != text
    assert maker.regenerate(stale) == text  # regenerating restores the engine's number


def test_the_prose_is_kept_and_every_block_is_present(maker: ModuleType) -> None:
    text = maker.DOC.read_text(encoding="utf-8")
    emptied = maker.BLOCK.sub(lambda m: m.group(1) + m.group(4), text)
    assert maker.regenerate(emptied) == text
    for name in maker.GENERATORS:
        assert f"<!-- BEGIN GENERATED: {name} -->" in text
    with pytest.raises(ValueError, match="no generator for block 'gone'"):
        maker.regenerate(text.replace("GENERATED: errata", "GENERATED: gone"))
    with pytest.raises(ValueError, match="no block for errata"):
        maker.regenerate(text.replace("GENERATED: errata", "generated: errata"))


# --- section 10: the code, the counts and the numbers of the derivation


def code_block(name: str) -> str:
    text = (REPO / "docs" / "walkthrough.md").read_text(encoding="utf-8")
    m = re.search(rf"<!-- code: {name} -->\n```python\n(.*?)```", text, re.S)
    assert m is not None, name
    return m.group(1)


def run_code(name: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(code_block(name), f"walkthrough.md:{name}", "exec"), namespace)
    return namespace


def problems() -> list[tuple[Params, list[float], float, float]]:
    out = []
    for name in ("by-hand", "by-hand-2-inputs"):
        s = load_lesson(name).setup()
        out.append((s.params, s.x, s.y, s.lr))
    for seed in range(8):
        params, x, y = random_problem(1 + seed % 3, 1 + seed % 4, "regression", seed)
        out.append((params, x, y, 0.1 * (1 + seed)))
    return out


def close(a: list[float] | float, b: list[float] | float) -> bool:
    return bool(a == pytest.approx(b, rel=1e-12, abs=1e-14))


@pytest.mark.parametrize("k", range(10))
def test_the_scalar_step_of_the_page_is_the_engines(k: int) -> None:
    params, x, y, lr = problems()[k]
    step = run_code("scalar-step")["step"]
    W1, b1, W2, b2 = step(params.W1, params.b1, params.W2, params.b2, x, y, lr)
    new = train_step(params, x, y, lr).new_params
    assert all(close(r, e) for r, e in zip(W1, new.W1))
    assert close(b1, new.b1) and close(W2, new.W2) and close(b2, new.b2)


@pytest.mark.parametrize("k", range(10))
def test_the_numpy_step_of_the_page_is_the_engines(k: int) -> None:
    np = pytest.importorskip("numpy")
    params, x, y, lr = problems()[k]
    step_np = run_code("numpy-step")["step_np"]
    W1, b1, W2, b2 = step_np(np.array(params.W1), np.array(params.b1), np.array(params.W2),
                             params.b2, np.array(x), y, lr)  # fmt: skip
    new = train_step(params, x, y, lr).new_params
    assert W1.shape == (params.n_hidden, params.n_inputs)
    assert all(close(list(r), e) for r, e in zip(W1, new.W1))
    assert close(list(b1), new.b1) and close(list(W2), new.W2) and close(float(b2), new.b2)


class Counted(float):
    """A float that counts the multiplications it takes part in."""

    count = 0

    def __mul__(self, other: object) -> Counted:
        Counted.count += 1
        return Counted(float(self) * float(other))  # type: ignore[arg-type]

    __rmul__ = __mul__

    def _wrap(op: str) -> Any:  # type: ignore[misc]
        def f(self: float, other: object) -> Counted:
            return Counted(getattr(float, op)(self, other))

        return f

    __add__, __radd__ = _wrap("__add__"), _wrap("__radd__")
    __sub__, __rsub__ = _wrap("__sub__"), _wrap("__rsub__")


@pytest.mark.parametrize(("n", "h"), [(1, 2), (2, 2), (3, 5)])
def test_the_multiplications_counted_on_the_page(maker: ModuleType, n: int, h: int) -> None:
    ns = run_code("scalar-step")
    ns["sigmoid"] = lambda z: Counted(1 / (1 + math.exp(-z)))  # σ counted as none
    params, x, y = random_problem(n, h, "regression", 3)
    c = [Counted(v) for v in x]
    W1 = [[Counted(w) for w in row] for row in params.W1]
    W2 = [Counted(w) for w in params.W2]
    Counted.count = 0
    z1, a1, z2 = ns["forward"](W1, [Counted(b) for b in params.b1], W2, Counted(params.b2), c)
    fwd = Counted.count
    Counted.count = 0
    ns["backward"](W2, c, Counted(y), a1, z2)
    back = Counted.count
    Counted.count = 0
    e = z2 - y
    Counted(0.5) * e * e  # the loss of one finite difference: ½·e·e
    loss_mults = Counted.count
    expected = maker.multiplications(n, h)
    assert (fwd, back, loss_mults) == (expected["forward"], expected["backward"], 2)
    P = len(params.all_keys())
    assert expected["params"] == P
    assert expected["differences"] == 2 * P * (fwd + loss_mults)
    assert expected["backprop"] == fwd + back


def test_gradients_add_at_a_fork(maker: ModuleType) -> None:
    """Two outputs on one hidden layer: ∂(L1 + L2)/∂W1 by central differences is the sum shown."""
    s = load_lesson("by-hand").setup()
    p = s.params
    second = Params(p.W1, p.b1, [0.5, 0.5], 0.0)

    def total(w1: list[list[float]]) -> float:
        a, b = p._replace(W1=w1), second._replace(W1=w1)
        return loss(forward(a, s.x), s.y) + loss(forward(b, s.x), 0.0)

    eps = 1e-6
    numeric = [
        (total([[w + eps] if k == j else [w] for k, [w] in enumerate(p.W1)])
         - total([[w - eps] if k == j else [w] for k, [w] in enumerate(p.W1)])) / (2 * eps)
        for j in range(2)
    ]  # fmt: skip
    assert numeric == pytest.approx([-0.125, 0.25], rel=1e-6)
    assert "∂L/∂W1 = δ1 xᵀ                        = [−0.125, 0.25]" in maker.two_outputs()


def test_the_full_batch_step_follows_the_mean_loss(maker: ModuleType) -> None:
    """The mean of the per-sample gradients is the slope of the mean loss (central differences)."""
    s = load_lesson("by-hand").setup()
    p, X, Y = s.params, s.data.X, s.data.Y

    def mean_loss(q: Params) -> float:
        return sum(loss(forward(q, x), y) for x, y in zip(X, Y)) / len(X)

    stepped = maker._mean_grads(p, X, Y, s.lr)
    for key in p.all_keys():
        eps = 1e-6
        slope = (mean_loss(p.with_value(key, p.get(key) + eps))
                 - mean_loss(p.with_value(key, p.get(key) - eps))) / (2 * eps)  # fmt: skip
        assert (p.get(key) - stepped.get(key)) / s.lr == pytest.approx(slope, rel=1e-6, abs=1e-9)
