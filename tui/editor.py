"""Long text (notes, a debrief's outcome) edited in the user's own editor.

The app hands the terminal over (``App.suspend``), the editor opens a temporary
file readable by the owner only (``0600``, in the private runtime folder when
there is one), and the file is removed as soon as the text is read back.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App


def editor_command() -> list[str] | None:
    """``$VISUAL`` or ``$EDITOR``, split as a shell would (None: neither is set)."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    return shlex.split(editor) if editor and editor.strip() else None


def edit_text(app: App[object], text: str) -> str | None:
    """``text`` after the user edited it in their editor; None when the editor failed.

    Raises FileNotFoundError when no editor is set (``$VISUAL`` / ``$EDITOR``).
    """
    command = editor_command()
    if command is None:
        raise FileNotFoundError("no editor: set $EDITOR (or $VISUAL)")
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = runtime if runtime and os.path.isdir(runtime) else None
    fd, name = tempfile.mkstemp(prefix="allies-", suffix=".md", dir=folder)  # mode 0600
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if app.is_headless:  # no terminal to hand over (tests)
            done = subprocess.run([*command, name], check=False)
        else:
            with app.suspend():
                done = subprocess.run([*command, name], check=False)
        if done.returncode != 0:
            return None
        return path.read_text(encoding="utf-8").rstrip("\n")
    finally:
        path.unlink(missing_ok=True)
