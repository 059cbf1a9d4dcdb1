"""The `tinynn` command: `main` parses the command line (tinynn/cli/parser.py) and runs the
subcommand's module (tinynn/cli/commands/), inside the guard of tinynn/args/options.py.

A user's mistake prints one line, `tinynn: error: ...`, and exits with status 2;
a diverged run, a failed gradient check or an output that cannot be written
exits with 1, an interrupt with 130. `run` and `run_tui` are the console
scripts `tinynn` and `tinynn-tui`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from tinynn.args.options import EXIT_FAILED, EXIT_USAGE, error_line, guarded, open_streams, say
from tinynn.cli.commands.tui import walkthrough
from tinynn.cli.parser import build_parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI on `argv` (default: the command line), writing to `out` (default: stdout);
    returns the exit status."""
    closed = open_streams() if out is None else None
    if closed == "output":
        say(error_line("standard output is closed: there is nowhere to write"))
        return EXIT_FAILED
    output = out or sys.stdout
    argv = sys.argv[1:] if argv is None else list(argv)

    def command() -> int:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return int(args.func(args, output))

    return guarded(command, output)


def run() -> None:
    """Console-script entry point of `tinynn`."""
    sys.exit(main())


def run_tui() -> None:
    """An entry point for `tinynn-tui` whose imports (Textual's) run inside the guard, so that
    Ctrl-C while they load is one line too; the options are those of `tui.command.main`."""
    sys.exit(guarded(lambda: int(walkthrough().main())))
