"""Where rightscreen keeps a user's own data (the case store, fetched list versions)."""

from __future__ import annotations

import os
from pathlib import Path


def user_data_dir() -> Path:
    """`$XDG_DATA_HOME/rightscreen`, `~/.local/share/rightscreen` by default."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rightscreen"
