"""rightscreen: screen names, portfolios, documents and devices against restricted-party lists.

The public facade:

    snapshot = load_snapshot()              # the built-in lists, or load_snapshot([path, ...])
    screener = Screener(snapshot.entities)  # built once
    hits = screener.screen("Hikvision")     # best first, each with its explanation
"""

from __future__ import annotations

__version__ = "0.1.0"

from rightscreen.matching.screener import DEFAULT_THRESHOLD, Hit, Query, Screener  # noqa: E402
from rightscreen.snapshot import Snapshot, build_snapshot, load_snapshot  # noqa: E402

__all__ = [
    "DEFAULT_THRESHOLD",
    "Hit",
    "Query",
    "Screener",
    "Snapshot",
    "__version__",
    "build_snapshot",
    "load_snapshot",
]
