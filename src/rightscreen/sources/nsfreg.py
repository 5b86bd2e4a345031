"""US lists parsed from their official texts into one JSON shape:
`{list_id, source_file, extracted, count, entities: [{name, aliases, country, ...}]}`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rightscreen.errors import FileRefused, InputError, ListFormatError
from rightscreen.model import Entity, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.safety import DEFAULT_LIMITS, Limits, load_json
from rightscreen.sources.base import iso_date, make_snapshot
from rightscreen.sources.guard import blank_deep_entries, guard, read_list_text
from rightscreen.sources.remarks import parse_remarks
from rightscreen.textio import read_head

FORMAT = "us-lists-json"
# An entry nests two levels (the entry, its aliases); past this many it is crafted or broken.
_MAX_ENTRY_DEPTH = 32
# Fields of an entry that hold one string, or null, in every file of this shape.
_TEXT_FIELDS = ("name", "country", "address", "effective_date", "federal_register", "notes")


def sniff(path: Path) -> bool:
    head = read_head(path, 4096).lstrip()
    return head.startswith("{") and '"list_id"' in head and '"entities"' in head


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> ListSnapshot:
    with guard(path, "US lists JSON"):
        return _read(path, limits)


def _read(path: Path, limits: Limits) -> ListSnapshot:
    text = read_list_text(path, limits=limits, expected="a US lists JSON file").text
    data, too_deep = _parse(text, path)
    list_id, records = _envelope(data, path)
    problems: list[RowProblem] = []
    entities: list[Entity] = []
    for number, rec in enumerate(records, start=1):
        wrong = "entry nested too deep to read" if number in too_deep else _shape_error(rec)
        if wrong:
            problems.append(RowProblem(str(path), number, wrong))
            continue
        name = " ".join((rec.get("name") or "").split())
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
    if (isinstance(declared, int) and not isinstance(declared, bool)
            and declared != len(entities) + len(problems)):
        problems.append(RowProblem(str(path), None,
                                   f"file declares {declared} entries, holds {len(entities)}"))
    date = data.get("extracted")
    if date is not None and not isinstance(date, str):
        problems.append(RowProblem(str(path), None, "extracted date is not a string: ignored"))
        date = None
    return make_snapshot(list_id=list_id, entities=entities, files=[path], fmt=FORMAT,
                         date=date, problems=problems)


def _parse(text: str, path: Path) -> tuple[Any, set[int]]:
    """The document, and the numbers of entries left out for nesting too deep to parse."""
    try:
        return load_json(text, path=str(path)), set()
    except FileRefused:
        # One document: an entry nested too deep would refuse it all. Blank such entries and
        # parse again; nesting anywhere else still refuses the file.
        blanked, numbers = blank_deep_entries(text, key="entities", max_depth=_MAX_ENTRY_DEPTH)
        if not numbers:
            raise
        return load_json(blanked, path=str(path)), set(numbers)
    except InputError as exc:
        raise ListFormatError(exc.reason, path=str(path)) from exc


def _envelope(data: Any, path: Path) -> tuple[str, list[Any]]:
    """The list id and the entries; without them there is no list to read."""
    if not isinstance(data, dict):
        raise ListFormatError(f"a JSON {type(data).__name__}, not a list object", path=str(path))
    list_id = data.get("list_id")
    if list_id is not None and not isinstance(list_id, str):
        raise ListFormatError("list_id is not a string", path=str(path))
    records = data.get("entities")
    if records is not None and not isinstance(records, list):
        raise ListFormatError(f"entities is a JSON {type(records).__name__}, not a list",
                              path=str(path))
    return list_id or path.stem, records or []


def _shape_error(rec: Any) -> str | None:
    """What keeps an entry from being read, or None."""
    if not isinstance(rec, dict):
        return f"entry is a JSON {type(rec).__name__}, not an object"
    for key in _TEXT_FIELDS:
        if rec.get(key) is not None and not isinstance(rec[key], str):
            return f"{key} is a JSON {type(rec[key]).__name__}, not a string"
    aliases = rec.get("aliases")
    if aliases is not None and not (isinstance(aliases, list)
                                    and all(isinstance(a, str) for a in aliases)):
        return "aliases is not a list of strings"
    return None
