"""What the app holds while it runs: the lists, the screeners built from them, the store, and
the small in-memory tables of keys seen and requests counted."""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from rightscreen.api.auth import KeyCache, RateLimiter
from rightscreen.api.settings import ApiSettings
from rightscreen.matching.screener import Screener
from rightscreen.snapshot import Snapshot
from rightscreen.store import Store


@dataclass(slots=True)
class AppState:
    snapshot: Snapshot
    # The command line's screener (its threshold and number of hits): jobs and alerts.
    screener: Screener
    # The same index, answering up to `max_limit` hits per /match query.
    matcher: Screener
    store: Store
    settings: ApiSettings
    upload_root: Path
    executor: ThreadPoolExecutor
    keys: KeyCache
    limiter: RateLimiter
    failures: RateLimiter
    dataset_ids: frozenset[str] = field(default_factory=frozenset)
    # The list files or folders given at start (None: the built-in snapshot), read again
    # when an admin reloads the lists.
    list_paths: list[Path] | None = None
    # Built on first use and kept: the documents front-end's screener.
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, snapshot: Snapshot, screener: Screener, store: Store,
              settings: ApiSettings) -> AppState:
        return cls(snapshot, screener, _matcher(screener, settings), store, settings,
                   Path(tempfile.mkdtemp(prefix="rightscreen-uploads-")),
                   ThreadPoolExecutor(settings.job_workers, thread_name_prefix="rs-job"),
                   KeyCache(settings.key_cache_seconds),
                   RateLimiter(settings.rate_per_minute),
                   RateLimiter(settings.failed_auth_per_minute),
                   frozenset(i.id for i in snapshot.infos))


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.rightscreen
    return state


def _matcher(screener: Screener, settings: ApiSettings) -> Screener:
    return Screener(screener.index.entities, index=screener.index,
                    threshold=screener.threshold, max_hits=settings.max_limit,
                    config=screener.config)


def swap_lists(state: AppState, snapshot: Snapshot, screener: Screener) -> None:
    """Serve newly loaded lists. Requests and jobs under way finish on the lists they began
    with: each holds its own reference to the old screener."""
    state.snapshot, state.screener = snapshot, screener
    state.matcher = _matcher(screener, state.settings)
    state.dataset_ids = frozenset(i.id for i in snapshot.infos)
    state.extras.clear()
