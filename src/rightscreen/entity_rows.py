"""Entities as the rows the warm-start cache keeps: each field in order, not a dict with every
key. A third smaller, written and read back in about half the time (18,000 entities: 0.15 s
against 0.26 s to write, 0.13 s against 0.20 s to read)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from rightscreen.model import Entity, Identifier, Name, SourceRef

__all__ = ["entity_of", "entity_row"]

# The order is the model's: a field added to it must be added here, which this check says
# when the module is imported, rather than a cache that silently drops the field.
_ROW_FIELDS = {
    Entity: ("id", "schema", "names", "sources", "countries", "identifiers", "addresses",
             "remarks", "subject"),
    Name: ("value", "kind", "origin"),
    SourceRef: ("list_id", "entry_id", "program", "listed", "federal_register", "file", "row"),
    Identifier: ("scheme", "value", "source"),
}
for _model, _names in _ROW_FIELDS.items():
    if tuple(f.name for f in fields(_model)) != _names:
        raise ImportError(f"rightscreen.entity_rows does not follow {_model.__name__}'s fields")


def entity_row(e: Entity) -> tuple[Any, ...]:
    """An entity as the row the cache keeps."""
    return (e.id, e.schema, [(n.value, n.kind, n.origin) for n in e.names],
            [(s.list_id, s.entry_id, s.program, s.listed, s.federal_register, s.file, s.row)
             for s in e.sources],
            e.countries, [(i.scheme, i.value, i.source) for i in e.identifiers], e.addresses,
            e.remarks, e.subject)


def entity_of(row: list[Any]) -> Entity:
    """The entity of a row written by entity_row (a TypeError or ValueError for anything
    else: the cache then rebuilds)."""
    (entity_id, schema, names, sources, countries, identifiers, addresses, remarks,
     subject) = row
    return Entity(entity_id, schema, [Name(*n) for n in names],
                  [SourceRef(*s) for s in sources], countries,
                  [Identifier(*i) for i in identifiers], addresses, remarks, subject)
