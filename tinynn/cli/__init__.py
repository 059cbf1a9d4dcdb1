"""The `tinynn` command line: main.py runs it, parser.py builds its parser from one module per
subcommand (commands/), prompt.py is the prompt loop of the quiz and the bug hunt.

`run` and `run_tui` are the console scripts `tinynn` and `tinynn-tui` (pyproject.toml),
and `python -m tinynn` runs `run`. The command's modules load here, when the console
script imports this package: Ctrl-C while they load is one line, as at any other time.
"""

import sys

try:
    from tinynn.cli.main import run, run_tui
except KeyboardInterrupt:
    if sys.stderr is not None:
        print("\ntinynn: interrupted", file=sys.stderr)
    sys.exit(130)

__all__ = ["run", "run_tui"]
