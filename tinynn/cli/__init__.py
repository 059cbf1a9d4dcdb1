"""The `tinynn` command: its parser, the prompt loop and one module per subcommand."""

from tinynn.cli.main import run, run_tui

__all__ = ["run", "run_tui"]
