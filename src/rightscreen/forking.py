"""Whether this process may fork workers that inherit what it has loaded.

Forking is safe only from a process with one thread (a lock another thread holds would be
copied held) and on Linux (macOS system libraries do not survive a fork). Kept apart, with no
imports of the package, so that the command's first moments (extract.read_ahead) can ask."""

from __future__ import annotations

import multiprocessing
import sys
import threading


def can_fork() -> bool:
    """On Linux, from a process with one thread, where the fork start method exists."""
    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())
