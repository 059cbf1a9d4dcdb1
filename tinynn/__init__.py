"""tinynn: backpropagation with every number shown.

A one-hidden-layer network, n inputs -> h sigmoid units -> 1 output, in pure
Python, named as in the notes (z1, a1, z2, y_pred, delta2, dW1, ...). Read the
modules in the order of the notes: tinynn/core/ forward, loss, backward, update
and step; then tinynn/run/ trace, gradcheck and train. This module is the public
API; the `tinynn` command is tinynn/cli/, which `import tinynn` does not load.
"""

import importlib
from typing import TYPE_CHECKING

from tinynn.core.backward import Grads
from tinynn.core.errors import ConfigError, DataError, ParamsError, TinyNNError
from tinynn.core.forward import Forward, forward, sigmoid
from tinynn.core.loss import loss
from tinynn.core.params import Params, init_params
from tinynn.core.step import Step, backward, train_step
from tinynn.core.update import update
from tinynn.run.gradcheck import (  # eager: the function must win over its module's name
    GradCheck,
    gradcheck,
)
from tinynn.run.trace import Event, Trace, trace_step
from tinynn.run.train import Diverged, EpochStats, TrainResult, accuracy, predict, train

# Imported on first use, so that `import tinynn` stays fast as modules are added.
_LAZY = {
    "check": "grading.step_check",  # not in a module named check, which would shadow it
    "Comparison": "run.compare",
    "compare_outputs": "run.compare",
    "DATASETS": "io.data",
    "Dataset": "io.data",
    "get_dataset": "io.data",
    "load_csv": "io.data",
    "ERRATA": "core.errata",
    "load_params": "io.params_io",
    "save_params": "io.params_io",
}

if TYPE_CHECKING:
    from tinynn.core.errata import ERRATA
    from tinynn.grading.step_check import check
    from tinynn.io.data import DATASETS, Dataset, get_dataset, load_csv
    from tinynn.io.params_io import load_params, save_params
    from tinynn.run.compare import Comparison, compare_outputs


def __getattr__(name: str) -> object:
    if name in _LAZY:
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
