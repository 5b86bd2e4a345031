"""Screening a file of names (vendors, counterparties, issuers) into one result per row."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightscreen import __version__
from rightscreen.errors import InputError
from rightscreen.matching.screener import Hit, Query, Screener
from rightscreen.model import ListInfo, RowProblem
from rightscreen.tables import Table, read_table

# The longest name screened: the longest on the lists is under 400 characters; a longer cell
# is a pasted paragraph or a hostile file, and would cost seconds for nothing.
MAX_NAME_CHARS = 1_000
# Input columns used as evidence when present, beside the required name. Birth date and
# nationality are evidence for people only (the screener ignores them for companies).
EVIDENCE_COLUMNS = ("id", "country", "isin", "lei", "ticker", "uscc", "birth_date", "nationality")
# Worker processes pay off from this many rows on: below it, forking and sending hits back
# cost more than the screening they share.
PARALLEL_MIN_ROWS = 1_000
# Rows per task handed to a worker: small enough to keep every worker busy to the end, large
# enough that the hits sent back per task outweigh the round trip.
CHUNK_ROWS = 250
MAX_AUTO_JOBS = 4


@dataclass(slots=True)
class RowResult:
    row: int
    query: dict[str, str]
    hits: list[Hit]

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "query": self.query, "hits": [h.to_dict() for h in self.hits]}


@dataclass(slots=True)
class ScreeningResult:
    lists: list[ListInfo]
    threshold: float
    results: list[RowResult]
    problems: list[RowProblem] = field(default_factory=list)
    input: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": {"name": "rightscreen", "version": __version__},
            "lists": [{k: v for k, v in info.to_dict().items() if k != "files"}
                      for info in self.lists],
            "threshold": self.threshold,
            "input": self.input,
            "rows_screened": len(self.results),
            "rows_skipped": len(self.problems),
            "problems": [p.to_dict() for p in self.problems],
            "results": [r.to_dict() for r in self.results],
        }


def queries_from_table(table: Table) -> tuple[list[tuple[int, dict[str, str], Query]],
                                                list[RowProblem]]:
    """Turn each data row into a query; a row without a name is a problem, not a silent gap."""
    name_col = table.column("name")
    if name_col is None:
        raise InputError(f"no name column (looked for name, vendor, company, ... among "
                         f"{table.header})", path=table.path)
    columns = {f: table.column(f) for f in EVIDENCE_COLUMNS}
    if columns["country"] is not None and columns["country"] == columns["nationality"]:
        columns["country"] = None  # a "nationality" column is a person's, not a place of business
    out: list[tuple[int, dict[str, str], Query]] = []
    problems = list(table.problems)
    for number, cells in table.rows:
        name = " ".join(cells[name_col].split())
        if not name:
            problems.append(RowProblem(table.path, number, "empty name; row not screened"))
            continue
        if len(name) > MAX_NAME_CHARS:
            problems.append(RowProblem(table.path, number, f"a name of {len(name):,} characters,"
                                                           f" over {MAX_NAME_CHARS:,}; row not "
                                                           "screened"))
            continue
        fields = {"name": name}
        fields.update({f: cells[i] for f, i in columns.items() if i is not None and cells[i]})
        identifiers: dict[str, str] = {
            s: fields[s] for s in ("isin", "lei", "ticker", "uscc") if s in fields}
        out.append((number, fields, Query(name, fields.get("country"), identifiers,
                                          birth_date=fields.get("birth_date"),
                                          nationality=fields.get("nationality"))))
    return out, problems


def screen_file(path: Path, screener: Screener, lists: list[ListInfo], *,
                threshold: float | None = None,
                progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None
                ) -> ScreeningResult:
    return screen_table(read_table(path), screener, lists, threshold=threshold,
                        progress=progress)


def screen_table(table: Table, screener: Screener, lists: list[ListInfo], *,
                 threshold: float | None = None,
                 progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
                 jobs: int = 1) -> ScreeningResult:
    """Screen a table already read: a caller that reads it first refuses a bad file before
    paying for the lists. With `jobs` > 1 (and enough rows, on a system that forks), rows are
    shared among worker processes; the result is the same, in the same order."""
    path = table.path
    queries, problems = queries_from_table(table)
    limit = screener.threshold if threshold is None else threshold
    plain = [query for _, _, query in queries]
    if jobs > 1 and len(plain) >= PARALLEL_MIN_ROWS and _can_fork():
        found = _screen_in_workers(screener, plain, limit, jobs, progress)
    else:
        iterable: Iterable[Query] = progress(plain) if progress else plain
        found = [screener.screen(query, threshold=limit) for query in iterable]
    results = [RowResult(number, fields, hits)
               for (number, fields, _), hits in zip(queries, found, strict=True)]
    return ScreeningResult(lists, limit, results, problems, input=str(path))


def default_jobs(rows: int) -> int:
    """Worker processes for a file of `rows` names: one per core up to MAX_AUTO_JOBS, or one
    for a file too small to share."""
    if rows < PARALLEL_MIN_ROWS or not _can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_AUTO_JOBS))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# What a forked worker screens: set in the parent just before the fork, inherited by the
# children (nothing is pickled but the row ranges and the hits).
_WORK: tuple[Screener, Sequence[Query], float] | None = None


def _screen_rows(bounds: tuple[int, int]) -> list[list[Hit]]:
    assert _WORK is not None, "a worker runs only inside _screen_in_workers"
    screener, queries, limit = _WORK
    return [screener.screen(query, threshold=limit) for query in queries[bounds[0]:bounds[1]]]


def _screen_in_workers(screener: Screener, queries: list[Query], limit: float, jobs: int,
                       progress: Callable[[Iterable[Any]], Iterable[Any]] | None
                       ) -> list[list[Hit]]:
    global _WORK
    chunks = [(start, min(start + CHUNK_ROWS, len(queries)))
              for start in range(0, len(queries), CHUNK_ROWS)]
    # What every worker would otherwise load for itself: the Chinese dictionaries, once one
    # name in characters is met.
    for query in queries:
        if any("\u3400" <= ch <= "\u9fff" for ch in query.name):
            screener.screen(query, threshold=limit)
            break
    _WORK = (screener, queries, limit)
    # Objects that exist now are never collected in the children: their pages stay shared
    # with the parent instead of being copied when the collector touches them. (The CLI has
    # frozen them already; a library caller may not have.)
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks))) as pool:
            parts = pool.imap(_screen_rows, chunks)
            found: list[list[Hit]] = []
            for part in (progress(parts) if progress else parts):
                found.extend(part)
    finally:
        _WORK = None
        if thaw:
            gc.unfreeze()
    return found
