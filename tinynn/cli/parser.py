"""The parser of `tinynn`: the top-level options, and each subcommand registered by its module.

`COMMANDS` lists the modules of tinynn/cli/commands/ in the order `tinynn --help`
shows them; each one's `register` adds its parser.
"""

from __future__ import annotations

from tinynn import __version__
from tinynn.args.options import Parser
from tinynn.cli.commands import (
    bughunt,
    check,
    compare,
    errata,
    explain,
    gradcheck,
    grade,
    lessons,
    quiz,
    train,
    tui,
    worksheet,
)

COMMANDS = (
    explain,
    train,
    gradcheck,
    compare,
    lessons,
    quiz,
    bughunt,
    errata,
    tui,
    check,
    worksheet,
    grade,
)

NO_COMMAND = (
    "'tinynn' alone prints this help on standard error and exits with status 2, "
    "like any other usage mistake; 'tinynn --help' prints it on standard output."
)


def build_parser() -> Parser:
    """The parser of `tinynn` and of every subcommand (each sets `func`, which runs it)."""
    parser = Parser(
        prog="tinynn",
        description="Backpropagation with every number shown: one SGD step of a one-hidden-layer "
        "network, traced scalar by scalar.",
        epilog="Start with 'tinynn explain'. Exit status: 0 ok, 1 diverged run, failed "
        "gradient check or output that cannot be written, 2 a problem with the input, "
        "130 interrupted. " + NO_COMMAND,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS:
        command.register(sub)
    return parser
