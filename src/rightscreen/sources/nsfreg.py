"""US lists parsed from their official texts into one JSON shape:
`{list_id, source_file, extracted, count, entities: [{name, aliases, country, ...}]}`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rightscreen.errors import ListFormatError
from rightscreen.model import Entity, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.sources.base import iso_date, make_snapshot
from rightscreen.sources.remarks import parse_remarks
from rightscreen.textio import read_head, read_text

FORMAT = "us-lists-json"


def sniff(path: Path) -> bool:
    head = read_head(path, 4096).lstrip()
    return head.startswith("{") and '"list_id"' in head and '"entities"' in head


def read(path: Path) -> ListSnapshot:
    try:
        data: dict[str, Any] = json.loads(read_text(path).text)
    except json.JSONDecodeError as exc:
        raise ListFormatError(f"not valid JSON: {exc}", path=str(path)) from exc
    list_id = str(data.get("list_id") or path.stem)
    problems: list[RowProblem] = []
    entities: list[Entity] = []
    for number, rec in enumerate(data.get("entities") or [], start=1):
        name = " ".join(str(rec.get("name") or "").split()) if isinstance(rec, dict) else ""
        if not name:
            problems.append(RowProblem(str(path), number, "entry has no name"))
            continue
        notes = rec.get("notes")
        fr = rec.get("federal_register")
        ent = Entity(
            id=f"{list_id}:{number}",
            schema="LegalEntity",
            names=[Name(name, "primary")],
            sources=[SourceRef(list_id, str(number),
                               listed=iso_date(rec.get("effective_date")),
                               federal_register="; ".join(str(fr).split("\n")) if fr else None,
                               file=path.name, row=number)],
            countries=[rec["country"]] if rec.get("country") else [],
            addresses=[rec["address"]] if rec.get("address") else [],
            remarks=notes,
        )
        for alias in rec.get("aliases") or []:
            ent.add_name(str(alias))
        for ident in parse_remarks(notes, source=list_id).identifiers:
            ent.add_identifier(ident)
        entities.append(ent)
    declared = data.get("count")
    if isinstance(declared, int) and declared != len(entities) + len(problems):
        problems.append(RowProblem(str(path), None,
                                   f"file declares {declared} entries, holds {len(entities)}"))
    return make_snapshot(list_id=list_id, entities=entities, files=[path], fmt=FORMAT,
                         date=data.get("extracted"), problems=problems)
