"""Every lesson proves its point, and every number its text cites is the engine's.

A number in a lesson's text is either one of the lesson's own values (its
weights, data, η, epochs, or a value of its sample's step as the engine traces
it), matched at the precision it is printed with, or one of the lesson's
claims below, each checked here against a `tinynn.train` run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest

from tinynn import forward, trace_step, train
from tinynn.core.forward import sigmoid
from tinynn.core.params import Params
from tinynn.run.train import accuracy_of
from tinynn.teach.lesson import Lesson, load_lesson, shipped_lessons

NUMBER = re.compile(r"(?<![\w.\[/'])(−?\d+(?:\.\d+)?(?:e[−-]?\d+)?)(?:/(\d+))?")


def cited(text: str) -> list[tuple[str, float]]:
    """The numbers a text cites, as printed and as floats (1/4 is 0.25, −0.5 is -0.5)."""
    out = []
    for m in NUMBER.finditer(text):
        printed = m.group(0)
        v = float(m.group(1).replace("−", "-"))
        out.append((printed, v / float(m.group(2)) if m.group(2) else v))
    return out


def same_at_printed_precision(printed: str, c: float, v: float) -> bool:
    """v printed to the digits of `printed` gives c (0.993 for 0.99330...; 1/4 only 0.25)."""
    if "/" in printed:
        return v == c
    digits = printed.rpartition(".")[2] if "." in printed else ""
    if "e" in printed:
        exp = int(printed.split("e")[1].replace("−", "-"))
        return abs(v - c) <= 0.5 * 10.0**exp
    return abs(v - c) <= 0.5 * 10.0 ** -len(digits) + 1e-15


def own_values(lesson: Lesson) -> list[float]:
    """The lesson's weights, data, η, epochs and every value of its sample's step."""
    s = lesson.setup()
    p = s.params
    values = [*(w for row in p.W1 for w in row), *p.b1, *p.W2, p.b2, s.lr, lesson.epochs]
    values += [v for x in s.data.X for v in x] + list(s.data.Y) + [s.sample]
    values += [e.value for e in trace_step(p, s.x, s.y, s.lr, s.task)]
    return values


class Run:
    """A training run of a lesson, with the numbers its text may claim."""

    def __init__(self, lesson: Lesson) -> None:
        s = lesson.setup()
        self.accuracy: list[float] = []
        self.moved: list[float] = []  # the largest |W1 - W1 at the start| after each epoch

        def record(stats: object, q: Params) -> None:
            if s.task == "classification":
                self.accuracy.append(accuracy_of(q, s.data, s.task))
            self.moved.append(
                max(abs(w - w0) for r, r0 in zip(q.W1, s.params.W1) for w, w0 in zip(r, r0))
            )

        result = train(s.params, s.data, s.lr, lesson.epochs, s.task, s.seed, record)
        self.losses = [h.loss for h in result.history]
        self.params = result.params

    def first_epoch_all_right(self) -> int:
        return next(e for e, a in enumerate(self.accuracy, start=1) if a == 1.0)


def slope(z: float) -> float:
    return sigmoid(z) * (1 - sigmoid(z))


SAT_P = sigmoid(6 * sigmoid(8) - 4 * sigmoid(-6) - 1)  # the saturation lesson's p at x = 1

# lesson -> {number as printed: the check of the claim it makes}
Claim = Callable[[Run], bool]
CLAIMS: dict[str, dict[str, Claim]] = {
    "by-hand": {},
    "by-hand-2-inputs": {},  # its own test below recomputes the swapped-index numbers
    "xor": {"160": lambda r: r.first_epoch_all_right() == 160},
    "saturation": {
        "8": lambda r: True,  # z1 = W1·x = 8 and −6: own values (W1), already matched
        "0.0003": lambda r: round(slope(8), 4) == 0.0003,
        "0.0025": lambda r: round(slope(-6), 4) == 0.0025,
        "0.0067": lambda r: round(SAT_P**2 * (1 - SAT_P), 4) == 0.0067,  # (p − 0)·p·(1 − p)
        "12": lambda r: r.first_epoch_all_right() == 12,
        "0.05": lambda r: r.moved[-1] < 0.05,
    },
    "saturation-stall": {
        "28": lambda r: 8 * 1 + 20 == 28,
        "12": lambda r: 8 * -1 + 20 == 12,
        "7e-6": lambda r: slope(12) < 7e-6 and slope(28) < slope(12),
        "50": lambda r: set(r.accuracy) == {0.5},
        "0.91": lambda r: round(min(r.losses), 2) == 0.91,
        "1.03": lambda r: round(max(r.losses), 2) == 1.03,
        "0.02": lambda r: r.moved[-1] < 0.02,
        "10": lambda r: True,  # "divided by 10": the fix lesson's test checks it
    },
    "saturation-fix": {
        "10": lambda r: True,  # the stall lesson's start / 10: checked below
        "2.8": lambda r: 0.8 * 1 + 2 == 2.8,
        "1.2": lambda r: math.isclose(0.8 * -1 + 2, 1.2),
        "0.054": lambda r: round(slope(2.8), 3) == 0.054,
        "0.18": lambda r: round(slope(1.2), 2) == 0.18,
        "13": lambda r: r.first_epoch_all_right() == 13 and set(r.accuracy[12:]) == {1.0},
        "0.053": lambda r: round(r.losses[99], 3) == 0.053,
        "100": lambda r: len(r.losses) == 100,
        "1": lambda r: True,  # ±1/√n, the default start's range (tinynn/params.py)
    },
    "symmetric-start": {
        "75": lambda r: r.accuracy[-1] == 0.75 and max(r.accuracy) == 0.75,
        "100": lambda r: True,  # the xor lesson's accuracy: see its "160" claim
    },
}


def test_every_shipped_lesson_has_its_claims_listed() -> None:
    assert sorted(CLAIMS) == shipped_lessons()


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_every_number_a_lesson_cites_is_the_engines(name: str) -> None:
    lesson = load_lesson(name)
    own = own_values(lesson)
    claims = CLAIMS[name]
    run = Run(lesson)
    for printed, c in cited(lesson.text):
        if printed in claims:
            assert claims[printed](run), f"{name}: the claim {printed!r} does not hold"
        else:
            assert any(same_at_printed_precision(printed, c, v) for v in own), (
                f"{name}: {printed} is none of the lesson's values"
            )
    for printed in claims:  # a claim no longer in the text is stale
        assert printed in [p for p, _ in cited(lesson.text)], f"{name}: {printed} not cited"


def test_the_citation_reader() -> None:
    text = "δ1 = (−0.125, 0.0625), W1[j][i], σ'(0) = 1/4, 7e−6, z1 = 28 and 12."
    assert cited(text) == [
        ("−0.125", -0.125),
        ("0.0625", 0.0625),
        ("0", 0.0),
        ("1/4", 0.25),
        ("7e−6", 7e-6),
        ("28", 28.0),
        ("12", 12.0),
    ]
    assert same_at_printed_precision("0.993", 0.993, 0.99330714907)
    assert not same_at_printed_precision("0.0625", -0.0625, 0.0625)


# --- each lesson's point, in numbers


def test_saturation_stall_really_stalls_for_thousands_of_epochs() -> None:
    lesson = load_lesson("saturation-stall")
    s = lesson.setup()
    assert lesson.epochs == 2000
    run = Run(lesson)
    assert set(run.accuracy) == {0.5}  # one of the two samples, every epoch
    assert run.moved[-1] < 0.02 and run.moved[999] < 0.01  # of weights of size 8
    # both samples give (almost) the same hidden values: the output cannot tell them apart
    a = [forward(run.params, x, s.task).a1 for x in s.data.X]
    assert all(abs(u - v) < 1e-4 for u, v in zip(*a))


def test_saturation_fix_is_the_stall_start_divided_by_10_and_learns() -> None:
    stall = load_lesson("saturation-stall").setup()
    fix_lesson = load_lesson("saturation-fix")
    fix = fix_lesson.setup()
    for a, b in zip(stall.params.all_keys(), fix.params.all_keys()):
        assert math.isclose(stall.params.get(a) / 10, fix.params.get(b))
    assert (fix.data, fix.lr, fix.seed) == (stall.data, stall.lr, stall.seed)
    run = Run(fix_lesson)
    assert run.accuracy[-1] == 1.0 and run.losses[-1] < run.losses[0] / 10


def test_a_symmetric_start_stays_symmetric_bit_for_bit() -> None:
    lesson = load_lesson("symmetric-start")
    s = lesson.setup()
    p = s.params
    assert p.W1[0] == p.W1[1] and p.b1[0] == p.b1[1] and p.W2[0] == p.W2[1]

    def same(stats: object, q: Params) -> None:
        assert q.W1[0] == q.W1[1] and q.b1[0] == q.b1[1] and q.W2[0] == q.W2[1]

    result = train(p, s.data, s.lr, 3000, s.task, s.seed, same)
    assert result.params.W1[0] == result.params.W1[1]  # still equal after 3000 epochs
    assert accuracy_of(result.params, s.data, s.task) == 0.75
    xor = load_lesson("xor")  # the same data from unequal weights learns it
    xs = xor.setup()
    assert accuracy_of(train(xs.params, xs.data, xs.lr, 1000, xs.task, xs.seed).params,
                     xs.data, xs.task) == 1.0  # fmt: skip


def test_by_hand_2_inputs_a_swapped_index_gives_a_visibly_wrong_number() -> None:
    s = load_lesson("by-hand-2-inputs").setup()
    p = s.params
    v = {e.label: e.value for e in trace_step(p, s.x, s.y, s.lr, s.task)}
    assert (s.x, s.y, v["z1[0]"], v["z1[1]"], v["delta2"]) == ([2.0, 1.0], 1.0, 0.0, 0.0, -0.5)
    delta1 = [v["delta1[0]"], v["delta1[1]"]]
    assert delta1 == [-0.125, 0.0625]
    dW1 = [[v[f"dW1[{j}][{i}]"] for i in range(2)] for j in range(2)]
    assert dW1 == [[-0.25, -0.125], [0.125, 0.0625]]  # δ1 xᵀ
    swapped = [[delta1[i] * s.x[j] for i in range(2)] for j in range(2)]  # δ1[i]·x[j]
    assert swapped[0][1] == 0.125 and swapped[0][1] != dW1[0][1]
    # W1[i][j] for W1[j][i] in the forward pass
    z1_0 = p.W1[0][0] * s.x[0] + p.W1[1][0] * s.x[1] + p.b1[0]
    assert z1_0 == 0.25 != v["z1[0]"]
    # every value of the step is a short binary fraction (at most 5 binary digits)
    assert all((e * 32).is_integer() for e in v.values() if not math.isnan(e))


@pytest.mark.parametrize(("n", "h", "seed"), [(1, 2, 0), (2, 3, 7), (4, 9, 11)])
def test_the_default_start_is_the_one_docs_lessons_md_describes(n: int, h: int, seed: int) -> None:
    """W1 in ±1/√n, W2 in ±1/√h, two decimals, biases 0, W1 drawn first row by row."""
    import random

    from tinynn.core.params import init_params

    rng = random.Random(seed)
    W1 = [[round(rng.uniform(-(n**-0.5), n**-0.5), 2) for _ in range(n)] for _ in range(h)]
    W2 = [round(rng.uniform(-(h**-0.5), h**-0.5), 2) for _ in range(h)]
    assert init_params(n, h, seed) == Params(W1, [0.0] * h, W2, 0.0)


def test_docs_lessons_md_lists_every_shipped_lesson_and_the_start() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "lessons.md").read_text("utf-8")
    for name in shipped_lessons():
        assert f"| `{name}` | {load_lesson(name).title} |" in text
    assert "each W2[j] uniform in ±1/√h (h hidden units), both rounded to two decimals" in text
