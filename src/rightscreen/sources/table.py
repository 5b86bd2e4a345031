"""A list kept as a table: a user's own CSV or XLSX, or a statutory list published as a CSV
with name and alias columns (NDAA s.889, s.1286, BIS MIEU, Chinese counter-sanctions)."""

from __future__ import annotations

import re
from pathlib import Path

from rightscreen.errors import FileRefused, InputError, ListFormatError
from rightscreen.model import Entity, Identifier, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.safety import DEFAULT_LIMITS, Limits
from rightscreen.sources.base import date_from_path, iso_date, make_snapshot, split_multi
from rightscreen.sources.guard import TEXT_OR_ZIP, check_file, guard
from rightscreen.tables import read_table

FORMAT = "table"
# A statutory list's `program` text names which list it is.
_PROGRAM_IDS = (
    (re.compile(r"Section 889\b"), "ndaa-889"),
    (re.compile(r"Section 1286\b"), "dow-1286"),
    (re.compile(r"Section 154\b"), "ndaa-154"),
    (re.compile(r"Section 5949\b"), "ndaa-5949"),
    (re.compile(r"US-BIS-MIEU"), "bis-mieu"),
)
_SCHEMAS = {"company": "Company", "organization": "Organization", "person": "Person",
            "individual": "Person", "entity": "LegalEntity", "vessel": "Vessel"}


def read(path: Path, list_id: str | None = None, *,
         limits: Limits = DEFAULT_LIMITS) -> ListSnapshot:
    with guard(path, "list table"):
        return _read(path, list_id, limits)


def _read(path: Path, list_id: str | None, limits: Limits) -> ListSnapshot:
    check_file(path, limits=limits, expected="a CSV or XLSX list", allowed=TEXT_OR_ZIP)
    try:
        table = read_table(path)
    except FileRefused:
        raise
    except InputError as exc:
        # Given as a list, a table that cannot be read (empty, a broken workbook) is a list in
        # no readable format.
        raise ListFormatError(exc.reason, path=str(path), row=exc.row, where=exc.where) from exc
    name_col = table.column("name")
    if name_col is None:
        raise ListFormatError(f"no name column among {table.header}", path=str(path))
    cols = {f: table.column(f) for f in ("aliases", "chinese_name", "country", "program",
                                          "listed", "end", "schema", "id", "isin", "lei",
                                          "ticker", "uscc")}

    def cell(row: list[str], field_name: str) -> str:
        index = cols[field_name]
        return row[index] if index is not None and index < len(row) else ""

    if list_id is None:
        programs = " ".join(cell(r, "program") for _, r in table.rows[:50])
        list_id = next((lid for pat, lid in _PROGRAM_IDS if pat.search(programs)),
                       "user-" + re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-"))
    problems = list(table.problems)
    entities: list[Entity] = []
    for number, row in table.rows:
        name = " ".join(row[name_col].split()) if name_col < len(row) else ""
        if not name:
            problems.append(RowProblem(str(path), number, "row has no name"))
            continue
        if cell(row, "end"):
            continue
        key = cell(row, "id") or str(number)
        ent = Entity(
            id=f"{list_id}:{key}",
            schema=_SCHEMAS.get(cell(row, "schema").lower(), "LegalEntity"),
            names=[Name(name, "primary")],
            sources=[SourceRef(list_id, key, program=cell(row, "program") or None,
                               listed=iso_date(cell(row, "listed")) or None,
                               file=path.name, row=number)],
            countries=split_multi(cell(row, "country")),
        )
        for alias in split_multi(cell(row, "aliases")):
            ent.add_name(alias)
        if cell(row, "chinese_name"):
            ent.add_name(cell(row, "chinese_name"), "legal")
        for scheme in ("isin", "lei", "ticker", "uscc"):
            for value in split_multi(cell(row, scheme)):
                ent.add_identifier(Identifier(scheme, value, list_id))
        entities.append(ent)
    return make_snapshot(list_id=list_id, entities=entities, files=[path], fmt=FORMAT,
                         date=date_from_path(path), problems=problems)
