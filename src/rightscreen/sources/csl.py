"""The US Consolidated Screening List CSV (29 columns), one list per `source` value."""

from __future__ import annotations

from pathlib import Path

from rightscreen.errors import ListFormatError
from rightscreen.model import Entity, Identifier, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.safety import DEFAULT_LIMITS, Limits
from rightscreen.sources.base import (
    clean,
    date_from_path,
    iso_date,
    make_snapshot,
    sha256_of,
    split_multi,
)
from rightscreen.sources.guard import csv_rows, guard, read_list_text
from rightscreen.textio import read_head

FORMAT = "csl-csv"
_HEADER_START = "_id,source,entity_number,type,programs,name"
# The CSL names its sub-lists by agency text; each becomes a list of its own.
_SOURCE_IDS = {
    "(SDN)": "csl-sdn", "(EL)": "csl-el", "(DPL)": "csl-dpl", "(SSI)": "csl-ssi",
    "(UVL)": "csl-uvl", "(ISN)": "csl-isn", "(DTC)": "csl-dtc", "(PLC)": "csl-plc",
    "(MEU)": "csl-meu", "(CMIC)": "csl-cmic", "(NS-MBS List)": "csl-mbs", "(FSE)": "csl-fse",
    "(CAP)": "csl-cap",
}
# Without these a row says nothing; any other column missing (renamed in a damaged copy) loses
# only its facts, which is reported once.
_REQUIRED = ("source", "name")
_COLUMNS = ("_id", "source", "entity_number", "type", "programs", "name", "start_date",
            "federal_register_notice", "addresses", "remarks", "alt_names", "nationalities",
            "citizenships", "dates_of_birth", "ids")
_ID_SCHEMES = {
    "isin": "isin", "unified social credit code (uscc)": "uscc", "equity ticker": "ticker",
    "legal entity number": "lei", "passport": "passport", "national id no.": "national_id",
    "tax id no.": "tax_id", "registration number": "registration",
    "vessel registration identification": "imo",
    "swift/bic": "swift",
}


def sniff(path: Path) -> bool:
    return read_head(path, 1024).lstrip().startswith(_HEADER_START)


def _list_id(source: str) -> str:
    for marker, list_id in _SOURCE_IDS.items():
        if marker in source:
            return list_id
    return "csl-" + "".join(ch for ch in source.lower() if ch.isalnum())[:20]


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> list[ListSnapshot]:
    """One list per CSL `source`; the file's problems go with the first of them."""
    with guard(path, "Consolidated Screening List CSV"):
        return _read(path, limits)


def _read(path: Path, limits: Limits) -> list[ListSnapshot]:
    text = read_list_text(path, limits=limits, expected="a Consolidated Screening List CSV").text
    problems: list[RowProblem] = []
    rows = csv_rows(text, path=path, problems=problems, limits=limits)
    _, header = next(rows, (0, []))
    missing = [c for c in _COLUMNS if c not in header]
    if any(c in missing for c in _REQUIRED):
        raise ListFormatError(f"no {' or '.join(c for c in _REQUIRED if c in missing)} column "
                              "in the header", path=str(path))
    if missing:
        problems.append(RowProblem(str(path), None, f"header lacks {', '.join(missing)}: "
                                                    "those facts are not read"))
    width = len(header)
    by_list: dict[str, list[Entity]] = {}
    for number, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) != width:
            message = f"expected {width} fields, got {len(row)}"
            problems.append(RowProblem(str(path), number, message))
            continue
        rec: dict[str, str] = dict.fromkeys(missing, "") | dict(zip(header, row, strict=True))
        if rec["source"] == "source":
            problems.append(RowProblem(str(path), number, "a repeated header row inside the data"))
            continue
        name = clean(rec["name"])
        if not name:
            problems.append(RowProblem(str(path), number, "row has no name"))
            continue
        list_id = _list_id(rec["source"])
        key = clean(rec["entity_number"]) or clean(rec["_id"]) or str(number)
        ent = Entity(
            id=f"{list_id}:{key}",
            schema={"Individual": "Person", "Vessel": "Vessel", "Aircraft": "Airplane"}.get(
                rec["type"], "LegalEntity"),
            names=[Name(name, "primary")],
            sources=[SourceRef(list_id, key, program=clean(rec["programs"]),
                               listed=iso_date(clean(rec["start_date"])),
                               federal_register=clean(rec["federal_register_notice"]),
                               file=path.name, row=number)],
            addresses=split_multi(rec["addresses"]),
            remarks=clean(rec["remarks"]),
        )
        for alias in split_multi(rec["alt_names"]):
            ent.add_name(alias)
        countries = split_multi(rec["nationalities"], ",") + split_multi(rec["citizenships"], ",")
        for country in countries:
            if country not in ent.countries:
                ent.countries.append(country)
        for dob in split_multi(rec["dates_of_birth"]):
            ent.add_identifier(Identifier("dob", dob, list_id))
        for ident in split_multi(rec["ids"]):
            parts = [p.strip() for p in ident.split(",")]
            scheme = _ID_SCHEMES.get(parts[0].lower())
            if scheme and len(parts) >= 2 and parts[1]:
                ent.add_identifier(Identifier(scheme, parts[1], list_id))
        by_list.setdefault(list_id, []).append(ent)
    checksum = sha256_of([path])
    snapshots = []
    for list_id in sorted(by_list):
        snapshots.append(make_snapshot(list_id=list_id, entities=by_list[list_id], files=[path],
                                       fmt=FORMAT, date=date_from_path(path), sha256=checksum))
    if not snapshots and problems:
        # Not one row read: an empty list still carries the problems, never dropped in silence.
        snapshots.append(make_snapshot(list_id="csl", entities=[], files=[path], fmt=FORMAT,
                                       date=date_from_path(path), sha256=checksum))
    if snapshots:
        snapshots[0].problems.extend(problems)
    return snapshots
