"""OFAC's legacy CSV files: sdn.csv / cons_prim.csv joined with add, alt and comments files."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from rightscreen.errors import ListFormatError
from rightscreen.model import Entity, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.safety import DEFAULT_LIMITS, Limits
from rightscreen.sources.base import clean, date_from_path, iso_date, make_snapshot
from rightscreen.sources.guard import guard, line_rows, read_list_text
from rightscreen.sources.remarks import parse_remarks
from rightscreen.textio import read_head

FORMAT = "ofac-legacy-csv"
_TYPES = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", None: "LegalEntity"}
# Programs found only on the non-SDN lists; one of them marks a file as the consolidated list.
_NON_SDN_PROGRAMS = ("CMIC-EO13959", "NS-PLC", "NS-MBS", "NS-ISA", "561-RELATED", "FSE-")


@dataclass(frozen=True, slots=True)
class Part:
    kind: str  # main, add, alt, comments
    path: Path


def sniff(path: Path) -> str | None:
    """Which part of the OFAC legacy set a file is, from its first row."""
    head = read_head(path, 4096)
    first = head.splitlines()[0] if head.strip() else ""
    try:
        row = next(csv.reader(io.StringIO(first, newline="")))
    except (StopIteration, csv.Error):
        return None
    row = [c.strip() for c in row]
    if not row or not row[0].isdigit():
        return None
    if len(row) == 12 and row[2] in ("individual", "vessel", "aircraft", "-0-"):
        return "main"
    if len(row) == 6 and row[1].isdigit():
        return "add"
    if len(row) == 5 and row[1].isdigit() and row[2].lower() in ("aka", "fka", "nka"):
        return "alt"
    if len(row) == 2:
        return "comments"
    return None


def _rows(path: Path, problems: list[RowProblem], width: int,
          limits: Limits) -> list[tuple[int, list[str]]]:
    decoded = read_list_text(path, limits=limits, expected="an OFAC legacy CSV file")
    text = decoded.text.replace("\x1a", "")
    out: list[tuple[int, list[str]]] = []
    for number, row in line_rows(text, path=path, problems=problems, limits=limits):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != width or not row[0].strip().isdigit():
            message = f"expected {width} fields with an entry number, got {len(row)}"
            problems.append(RowProblem(str(path), number, message))
            continue
        out.append((number, row))
    return out


def read(parts: list[Part], *, limits: Limits = DEFAULT_LIMITS) -> ListSnapshot:
    """One OFAC list from its main file and the add, alt and comments files beside it."""
    mains = [p for p in parts if p.kind == "main"]
    if len(mains) != 1:
        where = parts[0].path if parts else "OFAC legacy set"
        raise ListFormatError(f"an OFAC legacy set needs exactly one main file, got {len(mains)}",
                              path=str(where))
    main = mains[0].path
    with guard(main, "OFAC legacy CSV set"):
        return _read(main, parts, limits)


def _read(main: Path, parts: list[Part], limits: Limits) -> ListSnapshot:
    problems: list[RowProblem] = []
    entities: dict[str, Entity] = {}
    remarks: dict[str, str] = {}
    non_sdn_entries = 0
    for number, row in _rows(main, problems, 12, limits):
        ent_num = row[0].strip()
        name = clean(row[1])
        if not name:
            problems.append(RowProblem(str(main), number, "entry has no name"))
            continue
        programs = [p.strip() for p in (clean(row[3]) or "").strip("[]").split("] [") if p.strip()]
        if any(p.upper().startswith(_NON_SDN_PROGRAMS) for p in programs):
            non_sdn_entries += 1
        entity = Entity(
            id=ent_num,
            schema=_TYPES.get(clean(row[2]), "LegalEntity"),
            names=[Name(name, "primary")],
            sources=[SourceRef("", ent_num, program="; ".join(programs) or None,
                               file=main.name, row=number)],
        )
        entities[ent_num] = entity
        remarks[ent_num] = clean(row[11]) or ""
    for part in parts:
        if part.kind == "add":
            for _number, row in _rows(part.path, problems, 6, limits):
                ent = entities.get(row[0].strip())
                if ent is None:
                    continue
                country = clean(row[4])
                if country and country not in ent.countries:
                    ent.countries.append(country)
                address = ", ".join(c for c in (clean(row[2]), clean(row[3]), country) if c)
                if address and address not in ent.addresses:
                    ent.addresses.append(address)
        elif part.kind == "alt":
            for _number, row in _rows(part.path, problems, 5, limits):
                ent = entities.get(row[0].strip())
                alias = clean(row[3])
                if ent is not None and alias:
                    kind = "former" if (clean(row[2]) or "").lower() == "fka" else "alias"
                    ent.add_name(alias, kind)
        elif part.kind == "comments":
            for _number, row in _rows(part.path, problems, 2, limits):
                key = row[0].strip()
                if key in remarks:
                    remarks[key] += row[1]
    # A stray non-SDN program on a few SDN entries happens; the consolidated list is mostly them.
    is_consolidated = non_sdn_entries > 0.2 * max(len(entities), 1)
    list_id = "ofac-nonsdn" if is_consolidated else "ofac-sdn"
    for key, ent in entities.items():
        text = remarks[key]
        ent.remarks = text or None
        facts = parse_remarks(text, source=f"{list_id} remarks")
        for ident in facts.identifiers:
            ent.add_identifier(ident)
        for nat in facts.nationalities:
            if nat not in ent.countries:
                ent.countries.append(nat)
        for kind, alias in facts.aliases:
            ent.add_name(alias, kind)
        src = ent.sources[0]
        ent.id = f"{list_id}:{key}"
        ent.sources[0] = SourceRef(list_id, key, program=src.program,
                                   listed=iso_date(facts.listing_date), file=src.file, row=src.row)
    files = [p.path for p in parts]
    return make_snapshot(list_id=list_id, entities=list(entities.values()), files=files,
                         fmt=FORMAT, date=date_from_path(main), problems=problems)

