"""Run the planner in a pseudo-terminal for tests/tui/test_hardening_app.py.

``python pty_driver.py MODE PLAN``: MODE ``crash`` makes the key reference (``?``)
raise an error quoting plan text; ``blocking-exit`` makes the app's shutdown after
a signal block for ever, as Textual's sometimes does once the terminal is gone.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from allies.tui.app import AlliesApp


def main() -> int:
    mode, plan = sys.argv[1], sys.argv[2]
    if mode == "crash":

        def boom(self: AlliesApp) -> None:
            secret = "Dana thinks the CFO is bluffing"
            raise RuntimeError(secret)

        AlliesApp.action_help = boom  # type: ignore[method-assign]
    elif mode == "blocking-exit":
        real_exit = AlliesApp.exit

        def blocking_exit(self: AlliesApp, *args: Any, **kwargs: Any) -> None:
            if kwargs.get("return_code") == 1:  # leaving on a signal
                time.sleep(10**6)
            real_exit(self, *args, **kwargs)

        AlliesApp.exit = blocking_exit  # type: ignore[method-assign]
    from allies.tui.cli import main as cli_main

    return cli_main(["--db", plan])


if __name__ == "__main__":
    sys.exit(main())
