"""tinynn: backpropagation with every number shown.

A one-hidden-layer network, n inputs -> h sigmoid units -> 1 output, in pure
Python, named as in the notes (z1, a1, z2, y_pred, delta2, dW1, ...). Read the
modules in the order of the notes: forward, loss, backward, update; then
step, trace, gradcheck and train.
"""

from .backward import Grads, backward
from .compare import Comparison, compare_outputs
from .data import DATASETS, Dataset, get_dataset, load_csv
from .errata import ERRATA
from .errors import ConfigError, DataError, ParamsError, TinyNNError
from .forward import Forward, forward, sigmoid
from .gradcheck import GradCheck, gradcheck
from .loss import loss
from .params import Params, init_params
from .params_io import load_params, save_params
from .step import Step, train_step
from .trace import Event, Trace, trace_step
from .train import Diverged, EpochStats, TrainResult, accuracy, predict, train
from .update import update

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
