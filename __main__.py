"""``python -m allies``: the same as the ``allies`` command."""

import sys

from allies.tui.cli import main

sys.exit(main())
