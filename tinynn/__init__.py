"""tinynn: backpropagation with every number shown.

A one-hidden-layer network, n inputs -> h sigmoid units -> 1 output, in pure
Python, named as in the notes (z1, a1, z2, y_pred, delta2, dW1, ...). Read the
modules in the order of the notes: forward, loss, backward, update; then
step, trace, gradcheck and train.
"""

from typing import TYPE_CHECKING

from .backward import Grads, backward
from .errors import ConfigError, DataError, ParamsError, TinyNNError
from .forward import Forward, forward, sigmoid
from .gradcheck import GradCheck, gradcheck  # eager: the function must win over its module's name
from .loss import loss
from .params import Params, init_params
from .step import Step, train_step
from .trace import Event, Trace, trace_step
from .train import Diverged, EpochStats, TrainResult, accuracy, predict, train
from .update import update

# Imported on first use, so that `import tinynn` stays fast as modules are added.
_LAZY = {
    "check": "checker",  # a function named like its module must not be lazy: hence checker
    "Comparison": "compare",
    "compare_outputs": "compare",
    "DATASETS": "data",
    "Dataset": "data",
    "get_dataset": "data",
    "load_csv": "data",
    "ERRATA": "errata",
    "load_params": "params_io",
    "save_params": "params_io",
}

if TYPE_CHECKING:
    from .checker import check
    from .compare import Comparison, compare_outputs
    from .data import DATASETS, Dataset, get_dataset, load_csv
    from .errata import ERRATA
    from .params_io import load_params, save_params


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value  # the next look-up is an ordinary attribute
        return value
    raise AttributeError(f"module 'tinynn' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "DATASETS",
    "ERRATA",
    "ConfigError",
    "Comparison",
    "DataError",
    "Dataset",
    "Diverged",
    "EpochStats",
    "Event",
    "Forward",
    "GradCheck",
    "Grads",
    "Params",
    "ParamsError",
    "Step",
    "TinyNNError",
    "Trace",
    "TrainResult",
    "accuracy",
    "backward",
    "check",
    "compare_outputs",
    "forward",
    "get_dataset",
    "gradcheck",
    "init_params",
    "load_csv",
    "load_params",
    "loss",
    "predict",
    "save_params",
    "sigmoid",
    "train",
    "train_step",
    "trace_step",
    "update",
]
