"""The BIS Denied Persons List as BIS publishes it: tab-separated, quoted, one header row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rightscreen.model import Entity, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.sources.base import clean, date_from_path, iso_date, make_snapshot
from rightscreen.textio import read_head, read_text

FORMAT = "bis-dpl-txt"
LIST_ID = "bis-dpl"


def sniff(path: Path) -> bool:
    head = read_head(path, 1024)
    return head.startswith('"Name"\t"Street_Address"') or head.startswith("Name\tStreet_Address")


def read(path: Path) -> ListSnapshot:
    reader = csv.DictReader(io.StringIO(read_text(path).text, newline=""), delimiter="\t")
    problems: list[RowProblem] = []
    entities: list[Entity] = []
    latest: str | None = None
    for number, rec in enumerate(reader, start=1):
        if None in rec or any(v is None for v in rec.values()):
            problems.append(RowProblem(str(path), number, "wrong number of fields"))
            continue
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
