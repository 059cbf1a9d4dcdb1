"""The cases `tinynn check` runs a student's step on: the lessons, the default set-ups, and
random shapes, each with a call the student can paste to rerun it."""

from __future__ import annotations

import random
from typing import Any, NamedTuple

from tinynn.core.params import Params
from tinynn.core.validate import TASKS
from tinynn.grading.defaults import DEFAULT_CASES
from tinynn.run.config import Config, resolve
from tinynn.teach.lesson import load_lesson, shipped_lessons


class CheckCase(NamedTuple):
    """One set of inputs a student's step is run on."""

    label: str
    params: Params
    x: list[float]
    y: float
    lr: float
    task: str

    def shape(self) -> str:
        n, h = self.params.n_inputs, self.params.n_hidden
        return f"{self.task}, n={n} input{'s' * (n != 1)}, h={h} hidden"

    def call(self, name: str, with_task: bool) -> str:
        """The call, pasteable: step([[0.5]], [0.0], [1.0], 0.0, [2.0], 1.0, 0.5)."""
        W1, b1, W2, b2 = self.params
        args = ", ".join(repr(a) for a in (W1, b1, W2, b2, self.x, self.y, self.lr))
        task = f", task={self.task!r}" if with_task else ""
        return f"{name}({args}{task})"

    def request(self) -> dict[str, Any]:
        W1, b1, W2, b2 = self.params
        return {
            "W1": W1, "b1": b1, "W2": W2, "b2": b2,
            "x": self.x, "y": self.y, "lr": self.lr, "task": self.task,
        }  # fmt: skip


def build_cases(random_cases: int = DEFAULT_CASES, tasks: tuple[str, ...] = TASKS,
                seed: int = 0) -> list[CheckCase]:  # fmt: skip
    """The shipped lessons, the default set-up of each task, then random cases.

    Random case k of a task has n = 1 + k mod 4 inputs and h = 1 + (k div 4) mod 4
    hidden units, and values with two decimals (short enough to paste).
    """
    cases: list[CheckCase] = []
    for name in shipped_lessons():
        s = load_lesson(name).setup()
        if s.task in tasks:
            cases.append(CheckCase(f"lesson {name}", s.params, list(s.x), s.y, s.lr, s.task))
    for task in tasks:
        s = resolve(Config(task=task))
        label = f"default {task} set-up ({s.data.name}, sample {s.sample})"
        cases.append(CheckCase(label, s.params, list(s.x), s.y, s.lr, task))
    for k in range(random_cases):
        for task in tasks:
            cases.append(_random_case(k, task, seed))
    return cases


def _random_case(k: int, task: str, seed: int) -> CheckCase:
    rng = random.Random(f"{seed}-{k}-{task}")
    n, h = 1 + k % 4, 1 + (k // 4) % 4

    def r(s: float = 2.0) -> float:
        return round(rng.uniform(-s, s), 2) or 0.5  # never an exact 0: every path carries

    params = Params([[r() for _ in range(n)] for _ in range(h)], [r() for _ in range(h)],
                    [r() for _ in range(h)], r())  # fmt: skip
    x = [r() for _ in range(n)]
    y = float(rng.randint(0, 1)) if task == "classification" else r()
    lr = rng.choice((0.1, 0.25, 0.5, 1.0))
    return CheckCase(f"random case {k + 1} (seed {seed})", params, x, y, lr, task)
