"""The BIS Denied Persons List as BIS publishes it: tab-separated, quoted, one header row."""

from __future__ import annotations

from pathlib import Path

from rightscreen.model import Entity, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.safety import DEFAULT_LIMITS, Limits
from rightscreen.sources.base import clean, date_from_path, iso_date, make_snapshot
from rightscreen.sources.guard import csv_rows, guard, read_list_text
from rightscreen.textio import read_head

FORMAT = "bis-dpl-txt"
LIST_ID = "bis-dpl"


def sniff(path: Path) -> bool:
    head = read_head(path, 1024)
    return head.startswith('"Name"\t"Street_Address"') or head.startswith("Name\tStreet_Address")


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> ListSnapshot:
    with guard(path, "Denied Persons List text file"):
        return _read(path, limits)


def _read(path: Path, limits: Limits) -> ListSnapshot:
    text = read_list_text(path, limits=limits, expected="a Denied Persons List text file").text
    problems: list[RowProblem] = []
    rows = csv_rows(text, path=path, problems=problems, limits=limits, count_blank=False,
                    delimiter="\t")
    _, header = next(rows, (0, []))
    entities: list[Entity] = []
    latest: str | None = None
    for number, row in rows:
        if len(row) != len(header):
            problems.append(RowProblem(str(path), number, "wrong number of fields"))
            continue
        rec = dict(zip(header, row, strict=True))
        name = clean(rec.get("Name"))
        if not name:
            problems.append(RowProblem(str(path), number, "row has no name"))
            continue
        listed = iso_date(clean(rec.get("Effective_Date")))
        update = iso_date(clean(rec.get("Last_Update")))
        if update and update[:4] <= "2100" and (latest is None or update > latest):
            latest = update
        country = clean(rec.get("Country"))
        address = ", ".join(p for p in (clean(rec.get(k)) for k in
                                        ("Street_Address", "City", "State", "Country")) if p)
        entities.append(Entity(
            id=f"{LIST_ID}:{number}",
            schema="LegalEntity",
            names=[Name(name, "primary")],
            sources=[SourceRef(LIST_ID, str(number), program=clean(rec.get("Action")),
                               listed=listed, federal_register=clean(rec.get("FR_Citation")),
                               file=path.name, row=number)],
            countries=[country] if country else [],
            addresses=[address] if address else [],
        ))
    return make_snapshot(list_id=LIST_ID, entities=entities, files=[path], fmt=FORMAT,
                         date=latest or date_from_path(path), problems=problems)
