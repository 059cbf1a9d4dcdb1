"""The errors tinynn raises for a user's mistake.

Each carries a one-line message that names the problem, so the CLI and the
walkthrough can show it as it is, without a traceback.
"""

from __future__ import annotations


class TinyNNError(ValueError):
    """Base class: a problem with the user's input, not a bug in tinynn."""


class DataError(TinyNNError):
    """A dataset or CSV file that cannot be used."""


class ParamsError(TinyNNError):
    """A parameters file or object that cannot be used."""


class ConfigError(TinyNNError):
    """A setting out of range: a learning rate, a hidden size, a sample index..."""
