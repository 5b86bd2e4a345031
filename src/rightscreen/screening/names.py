"""Screening a file of names (vendors, counterparties, issuers) into one result per row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightscreen import __version__
from rightscreen.errors import InputError
from rightscreen.matching.screener import Hit, Query, Screener
from rightscreen.model import ListInfo, RowProblem
from rightscreen.screening.workers import (
    PARALLEL_MIN_ROWS,
    can_share,
    screen_in_workers,
)
from rightscreen.tables import Table, read_table

# The longest name screened: the longest on the lists is under 400 characters; a longer cell
# is a pasted paragraph or a hostile file, and would cost seconds for nothing.
MAX_NAME_CHARS = 1_000
# Input columns used as evidence when present, beside the required name. Birth date and
# nationality are evidence for people only (the screener ignores them for companies).
EVIDENCE_COLUMNS = ("id", "country", "isin", "lei", "ticker", "uscc", "birth_date", "nationality")


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
    paying for the lists. With `jobs` > 1 (and enough rows, see `workers.can_share`), rows are
    shared among worker processes; the result is the same, in the same order."""
    path = table.path
    queries, problems = queries_from_table(table)
    limit = screener.threshold if threshold is None else threshold
    plain = [query for _, _, query in queries]
    if jobs > 1 and len(plain) >= PARALLEL_MIN_ROWS and can_share():
        found = screen_in_workers(screener, plain, limit, jobs, progress)
    else:
        iterable: Iterable[Query] = progress(plain) if progress else plain
        found = [screener.screen(query, threshold=limit) for query in iterable]
    results = [RowResult(number, fields, hits)
               for (number, fields, _), hits in zip(queries, found, strict=True)]
    return ScreeningResult(lists, limit, results, problems, input=str(path))
