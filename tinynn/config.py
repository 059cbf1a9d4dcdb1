"""What a run is made of: a task, a dataset, a network and a learning rate.

The CLI and the walkthrough accept the same options; `Config` holds them and
`resolve` turns them into a ready `Setup` (data loaded, parameters made or
loaded), checking every one so that a mistake becomes one clear `TinyNNError`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .checks import check_lr, check_task
from .data import DEFAULT_DATASET, Dataset, check_for_task, get_dataset, load_csv
from .errors import ConfigError
from .params import Params, init_params
from .params_io import load_params

DEFAULT_HIDDEN = 3
DEFAULT_LR = 0.5
DEFAULT_EPOCHS = 500
DEFAULT_SEED = 0
MAX_HIDDEN = 1024  # a walkthrough network; larger sizes only stall a pure-Python run
MAX_EPOCHS = 1_000_000  # hours of pure-Python training already; more is a typo


def epochs_problem(epochs: int) -> str | None:
    """What is wrong with a number of epochs ("must be at least 1, got 0"), or None."""
    if epochs < 1:
        return f"must be at least 1, got {epochs}"
    if epochs > MAX_EPOCHS:
        return f"must be at most {MAX_EPOCHS}, got {epochs}"
    return None


def check_epochs(epochs: int) -> None:
    """Raise ConfigError unless 1 <= epochs <= MAX_EPOCHS."""
    problem = epochs_problem(epochs)
    if problem:
        raise ConfigError(f"epochs {problem}")


@dataclass(frozen=True)
class Config:
    """The options of a run; None means "the default for this task"."""

    task: str | None = None
    dataset: str | None = None
    csv: str | None = None
    target: str | None = None
    hidden: int = DEFAULT_HIDDEN
    lr: float = DEFAULT_LR
    seed: int = DEFAULT_SEED
    sample: int = 0
    load: str | None = None

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]


class AtSample:
    """`x` and `y` of the sample a run starts on, for a class with `data` and `sample`."""

    data: Dataset
    sample: int

    @property
    def x(self) -> list[float]:
        return self.data.X[self.sample]

    @property
    def y(self) -> float:
        return self.data.Y[self.sample]


@dataclass(frozen=True)
class Setup(AtSample):
    """A resolved run: everything needed to trace or train."""

    config: Config
    task: str
    data: Dataset
    params: Params
    lr: float
    sample: int
    seed: int


def resolve(config: Config) -> Setup:
    """Check `config` and load or build its data and parameters.

    The task, if not given, follows the data (a built-in dataset's own task, or
    classification for a CSV whose targets are all 0 or 1); the dataset, if not
    given, is the task's default (sine for regression, xor for classification).

    Raises:
        TinyNNError: any option out of range, any file that cannot be used.
    """
    if config.task is not None:
        check_task(config.task)
    if config.csv is not None and config.dataset is not None:
        raise ConfigError("give either a built-in dataset or a CSV file, not both")
    if config.target is not None and config.csv is None:
        raise ConfigError("a target column only makes sense with a CSV file")
    check_lr(config.lr)
    if config.hidden < 1:
        raise ConfigError(f"hidden size must be at least 1, got {config.hidden}")
    if config.hidden > MAX_HIDDEN:
        raise ConfigError(f"hidden size must be at most {MAX_HIDDEN}, got {config.hidden}")
    if config.csv is not None:
        data = load_csv(config.csv, config.target)
    else:
        name = config.dataset or DEFAULT_DATASET[config.task or "regression"]
        data = get_dataset(name)
    task = config.task or data.task
    check_for_task(data, task)
    if not 0 <= config.sample < len(data):
        raise ConfigError(
            f"sample {config.sample} is out of range: {data.name} has samples 0 to {len(data) - 1}"
        )
    if config.load is not None:
        params = load_params(config.load, data.n_inputs)
    else:
        params = init_params(data.n_inputs, config.hidden, config.seed)
    return Setup(config, task, data, params, float(config.lr), config.sample, config.seed)
