"""rightscreen: screen names, portfolios, documents and devices against restricted-party lists.

The public facade:

    snapshot = load_snapshot()              # the built-in lists, or load_snapshot([path, ...])
    screener = Screener(snapshot.entities, index=snapshot.name_index())  # built once
    hits = screener.screen("Hikvision")     # best first, each with its explanation

load_snapshot keeps the enriched lists and their name index in a warm-start cache (see
rightscreen.cache: RIGHTSCREEN_CACHE, XDG_CACHE_HOME; `use_cache=False` to bypass it), so that
a later process on the same lists starts without parsing, enriching or indexing them again.

The facade's names are imported on first use (PEP 562): importing a light module of the
package, such as rightscreen.extract.read_ahead at the command's start, does not import the
screener and its name analysis (0.15 s).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from rightscreen.matching.screener import DEFAULT_THRESHOLD, Hit, Query, Screener
    from rightscreen.snapshot import Snapshot, build_snapshot, load_snapshot

# Each name of the facade and the module it comes from.
_FROM = {
    "DEFAULT_THRESHOLD": "rightscreen.matching.screener",
    "Hit": "rightscreen.matching.screener",
    "Query": "rightscreen.matching.screener",
    "Screener": "rightscreen.matching.screener",
    "Snapshot": "rightscreen.snapshot",
    "build_snapshot": "rightscreen.snapshot",
    "load_snapshot": "rightscreen.snapshot",
}

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


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'rightscreen' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FROM))
