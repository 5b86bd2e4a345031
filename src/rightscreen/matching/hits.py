"""Hits, and the merging of list entries that are one party into one hit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rightscreen.matching.features import Explanation
from rightscreen.model import Entity


@dataclass(slots=True)
class Hit:
    entity_id: str
    name: str
    matched_name: str
    lists: list[str]
    score: float
    features: list[Explanation]
    sources: list[dict[str, Any]]
    subject: str | None = None
    related: list[str] = field(default_factory=list)
    # Addresses of every entry merged into this hit (BIS lists one firm once per address).
    addresses: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> list[str]:
        """The features in words: the first says which name matched, at what score."""
        return [f.detail for f in self.features]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity_id": self.entity_id,
            "name": self.name,
            "matched_name": self.matched_name,
            "lists": self.lists,
            "score": self.score,
            "explanation": self.explanation,
            "features": [f.to_dict() for f in self.features],
            "sources": self.sources,
        }
        if self.subject:
            out["subject"] = self.subject
        if self.related:
            out["related_entities"] = self.related
        if self.addresses:
            out["addresses"] = self.addresses
        return out


def _absorb(first: Hit, other: Hit) -> None:
    first.lists = sorted(set(first.lists) | set(other.lists))
    first.sources.extend(other.sources)
    first.related.append(other.entity_id)
    first.related.extend(other.related)
    first.addresses.extend(a for a in other.addresses if a not in first.addresses)


def entry_key(entity: Entity) -> tuple[str, ...]:
    """Entries with this key in common are one party listed several times: the same name on the
    same lists, once per address. People also need the same birth dates: two listed people may
    share a name."""
    name = " ".join(entity.name.casefold().split())
    births = sorted(i.value for i in entity.identifiers if i.scheme == "dob")
    return (entity.schema if entity.schema == "Person" else "", name, *entity.lists,
            "|", *births)


def merge_entries(hits: list[Hit], keys: dict[str, tuple[str, ...]]) -> list[Hit]:
    """Hits on entries of one party (see `entry_key`; keys by entity id) become one hit that
    names every entry, every address and every source; the best-scoring entry leads."""
    merged: list[Hit] = []
    by_key: dict[tuple[str, ...], Hit] = {}
    for hit in hits:
        key = keys[hit.entity_id]
        first = by_key.get(key)
        if first is None:
            by_key[key] = hit
            merged.append(hit)
        else:
            _absorb(first, hit)
    return merged


def merge_subjects(hits: list[Hit]) -> list[Hit]:
    """Entries that the supplement knows to be one firm become one hit naming every list."""
    merged: list[Hit] = []
    by_subject: dict[str, Hit] = {}
    for hit in hits:
        if hit.subject is None:
            merged.append(hit)
            continue
        first = by_subject.get(hit.subject)
        if first is None:
            by_subject[hit.subject] = hit
            merged.append(hit)
            continue
        _absorb(first, hit)
    return merged
