"""rightscreen: screen names, portfolios, documents and devices against restricted-party lists.

The public facade:

    snapshot = load_snapshot()              # the built-in lists, or load_snapshot([path, ...])
    screener = Screener(snapshot.entities, index=snapshot.name_index())  # built once
    hits = screener.screen("Hikvision")     # best first, each with its explanation

load_snapshot keeps the enriched lists and their name index in a warm-start cache (see
rightscreen.cache: RIGHTSCREEN_CACHE, XDG_CACHE_HOME; `use_cache=False` to bypass it), so that
a later process on the same lists starts without parsing, enriching or indexing them again.
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
