"""The UN Security Council consolidated list XML, parsed without entity expansion."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from rightscreen.errors import ListFormatError
from rightscreen.model import Entity, Identifier, ListSnapshot, Name, RowProblem, SourceRef
from rightscreen.safety import DEFAULT_LIMITS, Limits
from rightscreen.sources.base import make_snapshot
from rightscreen.sources.guard import check_file, guard
from rightscreen.textio import read_head

FORMAT = "un-xml"
LIST_ID = "un-sc"


def sniff(path: Path) -> bool:
    return "<CONSOLIDATED_LIST" in read_head(path, 2048)


def _text(node: ET.Element, tag: str) -> str | None:
    child = node.find(tag)
    if child is None or child.text is None:
        return None
    return " ".join(child.text.split()) or None


def read(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> ListSnapshot:
    with guard(path, "UN list XML"):
        return _read(path, limits)


def _read(path: Path, limits: Limits) -> ListSnapshot:
    check_file(path, limits=limits, expected="a UN list XML")
    # A truncated or damaged XML loses the file, not its tail in silence: a list read only in
    # part would screen as if complete.
    try:
        root = SafeET.parse(io.BytesIO(path.read_bytes())).getroot()
    except (ET.ParseError, DefusedXmlException) as exc:
        message = f"UN list XML cannot be parsed safely: {exc}"
        raise ListFormatError(message, path=str(path)) from exc
    problems: list[RowProblem] = []
    entities: list[Entity] = []
    for kind, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for number, node in enumerate(root.iter(kind), start=1):
            entity = _entity(node, kind, schema, path, number, problems)
            if entity is not None:
                entities.append(entity)
    date = (root.get("dateGenerated") or "")[:10] or None
    return make_snapshot(list_id=LIST_ID, entities=entities, files=[path], fmt=FORMAT,
                         date=date, problems=problems)


def _entity(node: ET.Element, kind: str, schema: str, path: Path, number: int,
            problems: list[RowProblem]) -> Entity | None:
    parts = [_text(node, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    ref = _text(node, "REFERENCE_NUMBER") or _text(node, "DATAID") or f"{kind}-{number}"
    if not name:
        problems.append(RowProblem(str(path), number, f"{kind} {ref} has no name"))
        return None
    ent = Entity(
        id=f"{LIST_ID}:{ref}",
        schema=schema,
        names=[Name(name, "primary")],
        sources=[SourceRef(LIST_ID, ref, program=_text(node, "UN_LIST_TYPE"),
                           listed=_text(node, "LISTED_ON"), file=path.name, row=number)],
        remarks=_text(node, "COMMENTS1"),
    )
    original = _text(node, "NAME_ORIGINAL_SCRIPT")
    if original:
        ent.add_name(original, "alias")
    for alias in node.iter(f"{kind}_ALIAS"):
        alias_name = _text(alias, "ALIAS_NAME")
        if alias_name:
            quality = (_text(alias, "QUALITY") or "").lower()
            ent.add_name(alias_name, "former" if "f.k.a" in quality else "alias")
    for nat in node.iter("NATIONALITY"):
        for value in nat.iter("VALUE"):
            if value.text and value.text.strip() not in ent.countries:
                ent.countries.append(value.text.strip())
    for addr in node.iter(f"{kind}_ADDRESS"):
        country = _text(addr, "COUNTRY")
        parts = [_text(addr, t) for t in ("STREET", "CITY", "STATE_PROVINCE")] + [country]
        text = ", ".join(p for p in parts if p)
        if text:
            ent.addresses.append(text)
        if country and schema != "Person" and country not in ent.countries:
            ent.countries.append(country)
    for dob in node.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        born = _text(dob, "DATE") or _text(dob, "YEAR")
        if born:
            ent.add_identifier(Identifier("dob", born, LIST_ID))
    for doc in node.iter("INDIVIDUAL_DOCUMENT"):
        number_text = _text(doc, "NUMBER")
        doc_type = (_text(doc, "TYPE_OF_DOCUMENT") or "").lower()
        if number_text:
            scheme = "passport" if "passport" in doc_type else "national_id"
            ent.add_identifier(Identifier(scheme, number_text, LIST_ID))
    return ent
