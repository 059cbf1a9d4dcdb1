"""`python -m tinynn` runs the CLI."""

from tinynn.cli import run

run()
