"""`python -m tui`: the terminal walkthrough."""

import sys

from tui.command import main

sys.exit(main())
