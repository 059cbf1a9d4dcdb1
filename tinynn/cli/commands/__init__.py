"""The subcommands of `tinynn`, one module each.

Every module has `register(subparsers)`, which adds the command's parser with
its help and sets `func` to the module's `run`, and `run(args, out)`, which
runs the command on parsed options, writes to `out` and returns the exit
status. `add_command` is the part each `register` shares: the parser, the
common options of tinynn/args/options.py, and `func`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO, TypeAlias

from tinynn.args.options import Parser, add_common_options

Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"
Run = Callable[[argparse.Namespace, TextIO], int]


def add_command(
    sub: Subparsers, name: str, run: Run, common: bool = True, **kwargs: Any
) -> argparse.ArgumentParser:
    """Add the subcommand `name`, run by `run`, with the common options unless `common` is
    off; `kwargs` (help, description) go to argparse."""
    p: argparse.ArgumentParser = sub.add_parser(name, **kwargs)
    if common:
        add_common_options(p)
    p.set_defaults(func=run)
    return p
