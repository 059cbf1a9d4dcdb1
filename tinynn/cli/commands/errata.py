"""`tinynn errata`: the typos of the source notes and their corrections."""

from __future__ import annotations

import argparse
from typing import TextIO

from tinynn.args.options import EXIT_OK
from tinynn.cli.commands import Subparsers, add_command
from tinynn.render.text import errata_text


def register(sub: Subparsers) -> None:
    add_command(
        sub,
        "errata",
        run,
        common=False,
        help="the typos of the source notes and their corrections",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    out.write(errata_text())
    return EXIT_OK
