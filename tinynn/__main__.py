"""`python -m tinynn` runs the CLI."""

from .cli import run

run()
