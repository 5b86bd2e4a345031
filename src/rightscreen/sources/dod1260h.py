"""The DoD Section 1260H list of Chinese military companies, every tranche in one CSV with its
`Start date` and `End date`. Entries whose end date has passed are no longer listed and are left
out; their count is reported as a note on the list."""

from __future__ import annotations

from pathlib import Path

from rightscreen.model import Entity, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.safety import DEFAULT_LIMITS, Limits
from rightscreen.sources.base import clean, make_snapshot, split_multi
from rightscreen.sources.guard import csv_rows, guard, read_list_text
from rightscreen.textio import read_head

FORMAT = "dod-1260h-csv"
LIST_ID = "dow-1260h"
_HEADER = "Name,Clean Name,Alias,Previous Name,Parent Name"


def sniff(path: Path) -> bool:
    return read_head(path, 1024).lstrip().startswith(_HEADER)


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> ListSnapshot:
    with guard(path, "DoD 1260H CSV"):
        return _read(path, limits)


def _read(path: Path, limits: Limits) -> ListSnapshot:
    text = read_list_text(path, limits=limits, expected="a DoD 1260H CSV").text
    problems: list[RowProblem] = []
    rows = csv_rows(text, path=path, problems=problems, limits=limits, count_blank=False)
    _, header = next(rows, (0, []))
    entities: list[Entity] = []
    latest: str | None = None
    for number, row in rows:
        if len(row) > len(header):
            problems.append(RowProblem(str(path), number, "more fields than the header"))
            continue
        if len(row) < len(header):
            # Every published row has every field: a short one was cut, and may have lost the
            # end date that says it is no longer listed.
            problems.append(RowProblem(str(path), number, "fewer fields than the header"))
            continue
        rec = dict(zip(header, row, strict=True))
        name = clean(rec.get("Clean Name")) or clean(rec.get("Name"))
        if not name:
            problems.append(RowProblem(str(path), number, "row has no name"))
            continue
        start = clean(rec.get("Start date"))
        if start and (latest is None or start > latest):
            latest = start
        if clean(rec.get("End date")):
            continue
        parent = clean(rec.get("Parent Name"))
        ent = Entity(
            id=f"{LIST_ID}:{number}",
            schema="Company",
            names=[Name(name, "primary")],
            sources=[SourceRef(LIST_ID, str(number), program="NDAA FY2021 s.1260H",
                               listed=start, file=path.name, row=number)],
            countries=["China"],
            remarks="; ".join(p for p in (clean(rec.get("Note")),
                                          f"Parent: {parent}" if parent else None) if p) or None,
        )
        raw = clean(rec.get("Name"))
        if raw and raw.rstrip("*") != name:
            ent.add_name(raw.rstrip("*").strip())
        for alias in split_multi(rec.get("Alias")):
            ent.add_name(alias)
        for former in split_multi(rec.get("Previous Name")):
            ent.add_name(former, "former")
        entities.append(ent)
    return make_snapshot(list_id=LIST_ID, entities=entities, files=[path], fmt=FORMAT,
                         date=latest, problems=problems)
