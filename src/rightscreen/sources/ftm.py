"""FollowTheMoney entities as JSON lines (OpenSanctions' export format)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rightscreen.errors import InputError
from rightscreen.model import Entity, Identifier, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.safety import DEFAULT_LIMITS, Limits, load_json
from rightscreen.sources.base import make_snapshot
from rightscreen.sources.guard import guard, read_list_text, split_lines
from rightscreen.textio import read_head

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
        data = load_json(first, path=str(path))
    except InputError:
        return False
    return isinstance(data, dict) and "schema" in data and "properties" in data


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> ListSnapshot:
    with guard(path, "FollowTheMoney JSON lines file"):
        return _read(path, limits)


def _read(path: Path, limits: Limits) -> ListSnapshot:
    text = read_list_text(path, limits=limits, expected="FollowTheMoney JSON lines").text
    problems: list[RowProblem] = []
    entities: list[Entity] = []
    datasets: set[str] = set()
    latest: str | None = None
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        try:
            data = load_json(line, path=str(path), row=number)
        except InputError as exc:
            problems.append(RowProblem(str(path), number, _json_message(exc)))
            continue
        schema = data.get("schema") if isinstance(data, dict) else None
        if isinstance(schema, str) and schema not in _THINGS:
            continue
        wrong = _shape_error(data)
        if wrong:
            problems.append(RowProblem(str(path), number, wrong))
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
        if isinstance(seen, str) and seen and (latest is None or seen > latest):
            latest = seen[:10]
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


def _json_message(exc: InputError) -> str:
    # The decoder's own words without its line and column: a line of this file is one row.
    cause = exc.__cause__
    return f"not valid JSON: {cause.msg}" if isinstance(cause, json.JSONDecodeError) else exc.reason


def _shape_error(data: Any) -> str | None:
    """What keeps a parsed line from being an FtM entity, or None: FtM values are strings, and
    every property holds a list of them."""
    if not isinstance(data, dict):
        return f"line is a JSON {type(data).__name__}, not an entity object"
    for key in ("schema", "caption", "last_change", "last_seen"):
        if data.get(key) is not None and not isinstance(data[key], str):
            return f"{key} is a JSON {type(data[key]).__name__}, not a string"
    if data.get("schema") is None:
        return "entity has no schema"
    if not isinstance(data.get("id"), str | int | None) or isinstance(data.get("id"), bool):
        return "id is neither a string nor a number"
    props = data.get("properties")
    if props is not None and not isinstance(props, dict):
        return f"properties is a JSON {type(props).__name__}, not an object"
    for prop, values in (props or {}).items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return f"property {prop!r} is not a list of strings"
    datasets = data.get("datasets")
    if datasets is not None and not (isinstance(datasets, list)
                                     and all(isinstance(d, str) for d in datasets)):
        return "datasets is not a list of strings"
    return None
