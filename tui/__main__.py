"""`python -m tui`: the terminal walkthrough."""

import sys

from tui.app import main

sys.exit(main())
