"""`python -m tinynn` runs the CLI."""

import sys

try:
    from tinynn.cli.main import run
except KeyboardInterrupt:  # Ctrl-C while the CLI loads: one line, as at any other time
    if sys.stderr is not None:
        print("\ntinynn: interrupted", file=sys.stderr)
    sys.exit(130)

run()
