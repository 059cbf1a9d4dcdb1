"""What a run is made of: a task, a dataset, a network and a learning rate.

`Config` holds the choices, wherever they come from: the options of the CLI
and of the walkthrough, a lesson file, the walkthrough's settings form.
`resolve` turns a `Config` into a ready `Setup` (data loaded, parameters made,
loaded or taken as given) and holds every check and every cap of a set-up, so
that a mistake becomes one clear `TinyNNError` whoever made it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.params import Params, init_params
from tinynn.core.validate import (
    MAX_EPOCHS,
    shown,
    size_problem,
    validate_lr,
    validate_params,
    validate_task,
    whole_problem,
)
from tinynn.io.data import DEFAULT_DATASET, Dataset, check_for_task, get_dataset, load_csv
from tinynn.io.params_io import load_params

__all__ = ["MAX_EPOCHS"]  # the commands' bound, kept where they find it (core/validate.py)

DEFAULT_HIDDEN = 3
DEFAULT_LR = 0.5
DEFAULT_EPOCHS = 500
DEFAULT_SEED = 0
MAX_HIDDEN = 1024  # a walkthrough network; larger sizes only stall a pure-Python run


class SetupError(ConfigError):
    """A set-up that `resolve` refuses; `field` names the `Config` field at fault.

    A lesson uses `field` to name the key of its file that holds the mistake.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def epochs_problem(epochs: int) -> str | None:
    """What is wrong with a number of epochs ("must be at least 1, got 0"), or None."""
    return whole_problem(epochs, 1, MAX_EPOCHS)


def check_epochs(epochs: int) -> None:
    """Raise ConfigError unless 1 <= epochs <= MAX_EPOCHS."""
    problem = epochs_problem(epochs)
    if problem:
        raise ConfigError(f"epochs {problem}")


@dataclass(frozen=True)
class Config:
    """The choices of a run; None means "the default" (or "follow the data / the weights").

    The data are one of: a built-in `dataset` by name, a `csv` file (with an optional
    `target` column), or inline `data` (what a lesson fixes); none of them means the
    task's default dataset. The weights are one of: explicit `params` (a lesson's, or
    edited by hand), a `load` file of saved parameters, or random ones of `hidden`
    units drawn with `seed`.
    """

    task: str | None = None
    dataset: str | None = None
    csv: str | None = None
    target: str | None = None
    data: Dataset | None = None
    load: str | None = None
    params: Params | None = None
    hidden: int | None = None
    lr: float = DEFAULT_LR
    seed: int = DEFAULT_SEED
    sample: int | None = None

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def data_fixed(self) -> bool:
        """True if the data are not one of the built-in datasets (a CSV or inline data)."""
        return self.csv is not None or self.data is not None

    @property
    def weights_fixed(self) -> bool:
        """True if the weights are given (explicit or loaded) rather than drawn at random."""
        return self.params is not None or self.load is not None


@dataclass(frozen=True)
class Setup:
    """A resolved run: everything needed to trace or train, and the `Config` it came from."""

    config: Config
    task: str
    data: Dataset
    params: Params
    lr: float
    sample: int
    seed: int

    @property
    def x(self) -> list[float]:
        """The input of the sample the run starts on."""
        return self.data.X[self.sample]

    @property
    def y(self) -> float:
        """The target of the sample the run starts on."""
        return self.data.Y[self.sample]


def _data(c: Config) -> Dataset:
    """The data `c` names (a file or an unknown name raises the loader's own error)."""
    if c.data is not None:
        return c.data
    if c.csv is not None:
        return load_csv(c.csv, c.target)
    return get_dataset(c.dataset or DEFAULT_DATASET[c.task or "regression"])


def _params(c: Config, data: Dataset) -> Params:
    """The weights `c` gives, loads or draws, checked against the data and the cap."""
    if c.load is not None:
        params, where, has = load_params(c.load, data.n_inputs), c.load, "has"
    elif c.params is not None:
        try:
            validate_params(c.params, data.n_inputs)
        except TinyNNError as e:
            raise SetupError("params", str(e)) from None
        params, where, has = c.params, "the given parameters", "have"
    else:
        return init_params(data.n_inputs, c.hidden or DEFAULT_HIDDEN, c.seed)
    h = params.n_hidden
    if h > MAX_HIDDEN:
        raise SetupError(
            "hidden",
            f"hidden size must be at most {MAX_HIDDEN}, but {where} {has} {h} hidden units",
        )
    if c.hidden is not None and c.hidden != h:
        raise SetupError(
            "hidden", f"hidden size {c.hidden} disagrees with {where}, which {has} {h} hidden units"
        )
    return params


def default_sample(data: Dataset) -> int:
    """The sample a run starts on when none is given: the first whose x is not all zeros.

    At x = 0 every ∂L/∂W1[j][i] = δ1[j]·x[i] is 0 (XOR's first sample, (0, 0)), so the
    first step would show none of the hidden layer's weights learning; 0 if every x is 0.
    """
    return next((k for k, x in enumerate(data.X) if any(v != 0 for v in x)), 0)


def resolve(config: Config, every_number_shown: bool = True) -> Setup:
    """Check `config` and load or build its data and parameters: every check of a set-up.

    The task, if not given, follows the data (a built-in dataset's own task, or
    classification for data whose targets are all 0 or 1); the dataset, if not
    given, is the task's default (sine for regression, xor for classification).
    The sample, if not given, is `default_sample` (the first whose x is not all zeros).
    The hidden size is capped at MAX_HIDDEN wherever it comes from (an option,
    a lesson, a parameters file); inputs × hidden units at MAX_SHOWN_WEIGHTS for a
    set-up whose `every_number_shown` (explain, the quiz, worksheets, the walkthrough:
    all but `tinynn train`, whose output does not grow with the network).

    Raises:
        SetupError: an option out of range or two options that contradict each other
            (its `field` names the culprit).
        TinyNNError: a file or dataset name that cannot be used (the loader's message).
    """
    c = config
    for field, check, value in (("task", validate_task, c.task), ("lr", validate_lr, c.lr)):
        try:  # the engine's own checks of a task and a learning rate, naming the field
            if value is not None:
                check(value)
        except TinyNNError as e:
            raise SetupError(field, str(e)) from None
    sources = (("dataset", c.dataset), ("csv", c.csv), ("data", c.data))
    given = [name for name, v in sources if v is not None]
    if given == ["dataset", "csv"]:
        raise SetupError("data", "give either a built-in dataset or a CSV file, not both")
    if len(given) > 1:
        raise SetupError("data", f"give only one of a dataset, a CSV file or inline data: {given}")
    if c.target is not None and c.csv is None:
        raise SetupError("target", "a target column only makes sense with a CSV file")
    if c.load is not None and c.params is not None:
        raise SetupError("params", "give either parameters or a file to load them from, not both")
    problem = None if c.hidden is None else whole_problem(c.hidden, 1, MAX_HIDDEN)
    if problem:
        raise SetupError("hidden", f"hidden size {problem}")
    problem = whole_problem(c.seed)
    if problem:
        raise SetupError("seed", f"seed {problem}")
    data = _data(c)
    task = c.task or data.task
    try:
        check_for_task(data, task)
    except TinyNNError as e:
        raise SetupError("data", str(e)) from None
    sample = default_sample(data) if c.sample is None else c.sample
    if whole_problem(sample, 0, len(data) - 1):
        raise SetupError(
            "sample",
            f"sample {shown(sample)} is out of range: {data.name} has samples 0 to {len(data) - 1}",
        )
    params = _params(c, data)
    problem = size_problem(params.n_inputs, params.n_hidden) if every_number_shown else None
    if problem:
        raise SetupError("hidden", f"{problem} ('tinynn train' takes it)")
    return Setup(c, task, data, params, float(c.lr), sample, c.seed)
