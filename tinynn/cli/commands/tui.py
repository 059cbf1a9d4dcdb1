"""`tinynn tui`: the terminal walkthrough (the `tui` package, the 'tui' extra), on the options
this command has just read; the same as `tinynn-tui`."""

from __future__ import annotations

import argparse
import importlib.util
from types import ModuleType
from typing import TextIO

from tinynn.args.options import add_walkthrough_options
from tinynn.cli.commands import Subparsers, add_command
from tinynn.core.errors import TinyNNError


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "tui",
        run,
        help="the terminal walkthrough (needs the 'tui' extra); the same as tinynn-tui",
        description="Step through one SGD update of a tiny network, every number shown.",
    )
    add_walkthrough_options(p)


def run(args: argparse.Namespace, out: TextIO) -> int:
    return int(walkthrough().run_walkthrough(args))


def walkthrough() -> ModuleType:
    """The walkthrough's command line (tui/command.py), or one line saying how to install it.

    Imported here, when asked for: Textual is an optional front end, slow to load.
    """
    if importlib.util.find_spec("textual") is None:
        raise TinyNNError("the walkthrough needs the 'tui' extra: pip install \"tinynn[tui]\"")
    import tui.command

    return tui.command
