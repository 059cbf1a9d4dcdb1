"""The one whole-number rule (tinynn.core.validate.whole_problem): an int, not a bool, within
its bounds; every count, size, index and seed of the engine asks it."""

from __future__ import annotations

import pytest

import tinynn as nn
from tinynn.core.errors import ConfigError
from tinynn.core.validate import validate_whole, whole_problem
from tinynn.run.config import MAX_HIDDEN, Config, SetupError, resolve


@pytest.mark.parametrize(
    ("value", "least", "most", "problem"),
    [
        (3, None, None, None),
        (-7, None, None, None),  # no bound: any whole number
        (1, 1, 1, None),  # the bounds are inclusive
        (0, 1, None, "must be at least 1, got 0"),
        (18, 1, 17, "must be at most 17, got 18"),
        (10**30, None, 10, "must be at most 10, got a 31-digit number"),  # one short line
        (1.0, None, None, "must be a whole number, got 1.0"),
        (True, None, None, "must be a whole number, got True"),  # a bool is no count
        ("3", None, None, "must be a whole number, got '3'"),
        (None, 0, None, "must be a whole number, got None"),
    ],
)
def test_whole_problem_says_what_is_wrong(
    value: object, least: int | None, most: int | None, problem: str | None
) -> None:
    assert whole_problem(value, least, most) == problem


def test_check_whole_names_the_value() -> None:
    validate_whole("epochs", 0, 0)
    with pytest.raises(ConfigError, match="^epochs must be at least 0, got -1$"):
        validate_whole("epochs", -1, 0)


@pytest.mark.parametrize(
    ("config", "field", "message"),
    [
        (Config(hidden=0), "hidden", "hidden size must be at least 1, got 0"),
        (Config(hidden=MAX_HIDDEN + 1), "hidden", f"hidden size must be at most {MAX_HIDDEN}, got"),
        (Config(hidden=2.0), "hidden", "hidden size must be a whole number, got 2.0"),  # type: ignore[arg-type]
        (Config(seed=False), "seed", "seed must be a whole number, got False"),  # type: ignore[arg-type]
        (Config(sample=True), "sample", "sample True is out of range"),  # type: ignore[arg-type]
    ],
)  # fmt: skip
def test_resolve_asks_the_one_rule(config: Config, field: str, message: str) -> None:
    with pytest.raises(SetupError, match=f"^{message}") as caught:
        resolve(config)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nn.train(nn.init_params(1, 1), nn.get_dataset("sine"), 0.5, True), "epochs must be a whole number, got True"),  # noqa: E501
        (lambda: nn.train(nn.init_params(1, 1), nn.get_dataset("sine"), 0.5, 1, seed=-1.5), "seed must be a whole number, got -1.5"),  # type: ignore[arg-type]  # noqa: E501
        (lambda: nn.trace_step(nn.init_params(1, 1), [1.0], 0.0, 0.5, digits=18), "digits must be at most 17, got 18"),  # noqa: E501
    ],
)  # fmt: skip
def test_the_api_asks_the_one_rule(call: object, message: str) -> None:
    with pytest.raises(ConfigError, match=f"^{message}$"):
        call()  # type: ignore[operator]
