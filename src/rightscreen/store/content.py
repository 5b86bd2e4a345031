"""What an alert's fingerprints cover, in canonical JSON, and how two versions differ.

The entry side covers what a list says of the entry (its names as the list writes them, its
identifiers, programs, lists and countries), not what our curated supplement adds, so that an
alert comes back when OFAC adds an alias, not when we improve a gloss. The subject side covers
the input's fields for the party (name, country, identifiers...)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from rightscreen.matching.screener import Hit
from rightscreen.model import Entity


def canonical(value: Any) -> str:
    """One spelling of a JSON value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(value: Any) -> str:
    return text_fingerprint(canonical(value))


def text_fingerprint(text: str) -> str:
    """The fingerprint of a value already in canonical JSON."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entity_content(entity: Entity) -> dict[str, Any]:
    """What one list entry says of itself, for noticing that it changed."""
    return {"id": entity.id, "schema": entity.schema,
            "names": sorted({n.value for n in entity.names if n.origin == "list"}),
            "identifiers": sorted({f"{i.scheme}:{i.value}" for i in entity.identifiers
                                   if not (i.source or "").startswith("supplement")}),
            "programs": sorted({s.program for s in entity.sources if s.program}),
            "entries": sorted({f"{s.list_id}:{s.entry_id}" for s in entity.sources}),
            "countries": sorted(set(entity.countries))}


def entry_content(hit: Hit, entities: list[Entity]) -> dict[str, Any]:
    """The listed side of an alert: every list entry the hit rests on."""
    names: set[str] = set()
    identifiers: set[str] = set()
    countries: set[str] = set()
    for entity in entities:
        names.update(n.value for n in entity.names if n.origin == "list")
        identifiers.update(f"{i.scheme}:{i.value}" for i in entity.identifiers
                           if not (i.source or "").startswith("supplement"))
        countries.update(entity.countries)
    entries = sorted({f"{s['list_id']}:{s['entry_id']}" for s in hit.sources})
    programs = sorted({s["program"] for s in hit.sources if s.get("program")})
    return {"entity_id": hit.entity_id, "entries": entries, "lists": sorted(hit.lists),
            "names": sorted(names), "identifiers": sorted(identifiers),
            "programs": programs, "countries": sorted(countries)}


def describe_change(before: dict[str, Any], after: dict[str, Any], *, side: str) -> list[str]:
    """What changed between two versions of one side, in words a reviewer reads."""
    notes: list[str] = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, list) or isinstance(new, list):
            added = sorted(set(new or []) - set(old or []))
            removed = sorted(set(old or []) - set(new or []))
            if added:
                notes.append(f"{side} {key} added: {', '.join(map(str, added))}")
            if removed:
                notes.append(f"{side} {key} removed: {', '.join(map(str, removed))}")
        else:
            notes.append(f"{side} {key} changed: {old!r} → {new!r}")
    return notes
