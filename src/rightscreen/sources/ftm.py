"""FollowTheMoney entities as JSON lines (OpenSanctions' export format)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rightscreen.model import Entity, Identifier, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.sources.base import make_snapshot
from rightscreen.textio import read_head, read_text

FORMAT = "ftm-json"
_NAME_PROPS = (("name", "primary"), ("alias", "alias"), ("previousName", "former"),
               ("weakAlias", "alias"), ("abbreviation", "alias"))
_COUNTRY_PROPS = ("country", "jurisdiction", "nationality", "citizenship", "mainCountry")
_ID_PROPS = {"isinCode": "isin", "leiCode": "lei", "innCode": "inn", "ogrnCode": "ogrn",
             "imoNumber": "imo", "swiftBic": "swift", "registrationNumber": "registration",
             "taxNumber": "tax_id", "passportNumber": "passport", "idNumber": "national_id",
             "birthDate": "dob", "uniqueEntityId": "uei", "ticker": "ticker"}
# Relations and records (Ownership, Sanction, Address...) carry no name to screen.
_THINGS = {"Person", "Company", "Organization", "LegalEntity", "Vessel", "Airplane",
           "PublicBody", "Security"}


def sniff(path: Path) -> bool:
    first = read_head(path, 65536).lstrip().split("\n", 1)[0]
    try:
        data = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(data, dict) and "schema" in data and "properties" in data


def read(path: Path) -> ListSnapshot:
    problems: list[RowProblem] = []
    entities: list[Entity] = []
    datasets: set[str] = set()
    latest: str | None = None
    for number, line in enumerate(read_text(path).text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(RowProblem(str(path), number, f"not valid JSON: {exc.msg}"))
            continue
        schema = data.get("schema")
        if schema not in _THINGS:
            continue
        props: dict[str, list[str]] = data.get("properties") or {}
        names = [(v, kind) for prop, kind in _NAME_PROPS for v in props.get(prop, [])]
        if not names and data.get("caption"):
            names = [(str(data["caption"]), "primary")]
        if not names:
            problems.append(RowProblem(str(path), number, "entity has no name"))
            continue
        for ds in data.get("datasets") or []:
            datasets.add(str(ds))
        seen = data.get("last_change") or data.get("last_seen")
        if seen and (latest is None or str(seen) > latest):
            latest = str(seen)[:10]
        key = str(data.get("id") or number)
        created: list[str | None] = [*props.get("createdAt", []), None]
        ent = Entity(id=f"ftm:{key}",
                     schema=str(schema) if schema != "PublicBody" else "Organization",
                     names=[Name(names[0][0], "primary")],
                     sources=[SourceRef("", key,
                                        program="; ".join(props.get("program", [])) or None,
                                        listed=created[0], file=path.name, row=number)])
        for value, kind in names[1:]:
            ent.add_name(value, kind if kind != "primary" else "alias")
        for prop in _COUNTRY_PROPS:
            for country in props.get(prop, []):
                if country not in ent.countries:
                    ent.countries.append(country)
        for prop, scheme in _ID_PROPS.items():
            for value in props.get(prop, []):
                ent.add_identifier(Identifier(scheme, value, "ftm"))
        entities.append(ent)
    list_id = "ftm-" + (sorted(datasets)[0] if len(datasets) == 1 else path.stem.split(".")[0])
    for ent in entities:
        src = ent.sources[0]
        ent.id = f"{list_id}:{src.entry_id}"
        ent.sources[0] = SourceRef(list_id, src.entry_id, src.program, src.listed,
                                   file=src.file, row=src.row)
    return make_snapshot(list_id=list_id, entities=entities, files=[path], fmt=FORMAT,
                         date=latest, problems=problems)
