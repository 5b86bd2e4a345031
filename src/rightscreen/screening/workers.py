"""Rows of a large file screened by worker processes forked from this one: each worker has the
loaded lists and index as they are here (copy-on-write, nothing is sent but row ranges and the
hits), and the hits come back in input order.

Forking is safe only from a process with one thread (a lock another thread holds would be
copied held) and on Linux (macOS system libraries do not survive a fork): elsewhere, rows are
screened in this process."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from rightscreen.errors import RightscreenError
from rightscreen.forking import can_fork
from rightscreen.matching.forms import frozen_objects
from rightscreen.matching.screener import Hit, Query, Screener

__all__ = ["PARALLEL_MIN_ROWS", "can_share", "default_jobs", "screen_in_workers"]

# Worker processes pay off from this many rows on: below it, forking and sending hits back
# cost more than the screening they share.
PARALLEL_MIN_ROWS = 1_000
# Rows per task handed to a worker: small enough to keep every worker busy to the end, large
# enough that the hits sent back per task outweigh the round trip.
CHUNK_ROWS = 250
MAX_AUTO_JOBS = 4

# What a forked worker screens: set in the parent just before the fork, inherited by the
# children. One run at a time (the lock), from one thread (can_share).
_WORK: tuple[Screener, Sequence[Query], float] | None = None
_RUN = threading.Lock()


def can_share() -> bool:
    """Whether rows may go to forked workers: on Linux, from a process with one thread."""
    return can_fork()


def default_jobs(rows: int) -> int:
    """Worker processes for a file of `rows` names: one per core up to MAX_AUTO_JOBS, or one
    for a file too small to share or where rows cannot be shared."""
    if rows < PARALLEL_MIN_ROWS or not can_share():
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_AUTO_JOBS))


def screen_in_workers(screener: Screener, queries: list[Query], limit: float, jobs: int,
                      progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None
                      ) -> list[list[Hit]]:
    """The hits of every query, screened by `jobs` forked workers, in the order given. A worker
    that dies (out of memory, killed) ends the run with an error, never a hang."""
    global _WORK
    chunks = [(start, min(start + CHUNK_ROWS, len(queries)))
              for start in range(0, len(queries), CHUNK_ROWS)]
    with _RUN:
        _WORK = (screener, queries, limit)
        # Objects that exist now are never collected in the children: their pages stay shared
        # with the parent instead of being copied when the collector touches them.
        try:
            with frozen_objects(), ProcessPoolExecutor(
                    min(jobs, len(chunks)), mp_context=multiprocessing.get_context("fork")) as pool:
                parts = pool.map(_screen_rows, chunks)
                found: list[list[Hit]] = []
                for part in (progress(parts) if progress else parts):
                    found.extend(part)
        except BrokenProcessPool as exc:
            raise RightscreenError(
                "a worker process screening the file stopped (out of memory?); run again with "
                "--jobs 1 to screen in one process") from exc
        finally:
            _WORK = None
    return found


def _screen_rows(bounds: tuple[int, int]) -> list[list[Hit]]:
    if _WORK is None:
        raise RuntimeError("a worker screens rows only inside screen_in_workers")
    screener, queries, limit = _WORK
    return [screener.screen(query, threshold=limit) for query in queries[bounds[0]:bounds[1]]]
