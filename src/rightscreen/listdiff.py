"""What changed between two versions of a list: entries added, removed and changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rightscreen.model import Entity, ListSnapshot


@dataclass(slots=True)
class ListDiff:
    old: ListSnapshot
    new: ListSnapshot
    added: list[Entity] = field(default_factory=list)
    removed: list[Entity] = field(default_factory=list)
    changed: list[tuple[Entity, Entity, list[str]]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.info.to_dict(),
            "new": self.new.info.to_dict(),
            "added": [{"entry": e.sources[0].entry_id, "name": e.name} for e in self.added],
            "removed": [{"entry": e.sources[0].entry_id, "name": e.name} for e in self.removed],
            "changed": [{"entry": new.sources[0].entry_id, "name": new.name, "fields": fields}
                        for _, new, fields in self.changed],
        }


def _key(entity: Entity) -> str:
    # Lists keep a stable entry number (OFAC ent_num, UN reference); others fall back to name.
    return entity.sources[0].entry_id if entity.sources[0].entry_id else entity.name


def _fingerprint(entity: Entity) -> dict[str, Any]:
    return {
        "name": entity.name,
        "aliases": sorted(n.value for n in entity.names[1:]),
        "program": entity.sources[0].program,
        "countries": sorted(entity.countries),
        "identifiers": sorted(f"{i.scheme}:{i.value}" for i in entity.identifiers),
        "addresses": sorted(entity.addresses),
        "remarks": entity.remarks,
    }


def diff_lists(old: ListSnapshot, new: ListSnapshot) -> ListDiff:
    result = ListDiff(old, new)
    old_by_key = {_key(e): e for e in old.entities}
    new_by_key = {_key(e): e for e in new.entities}
    for key, entity in new_by_key.items():
        before = old_by_key.get(key)
        if before is None:
            result.added.append(entity)
            continue
        a, b = _fingerprint(before), _fingerprint(entity)
        fields = [f for f in a if a[f] != b[f]]
        if fields:
            result.changed.append((before, entity, fields))
    result.removed = [e for k, e in old_by_key.items() if k not in new_by_key]
    return result
