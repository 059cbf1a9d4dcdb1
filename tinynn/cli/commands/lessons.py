"""`tinynn lessons`: the shipped lessons in a list, or one lesson's TOML text."""

from __future__ import annotations

import argparse
from typing import TextIO

from tinynn.args.options import EXIT_OK
from tinynn.cli.commands import Subparsers, add_command
from tinynn.core.errors import ConfigError
from tinynn.teach.lesson_text import lessons_text


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "lessons",
        run,
        common=False,
        help="list the shipped lessons, or print one",
        description="List the lessons that ship with tinynn (name, title, task, shape); with "
        "a name or a path, print that lesson's TOML text (a template for your own).",
    )
    p.add_argument("name", nargs="?", help="a lesson to print")


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.name == "":
        raise ConfigError("a lesson needs a name, got an empty string")
    out.write(lessons_text(args.name))
    return EXIT_OK
