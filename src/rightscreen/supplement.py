"""The curated supplement: Chinese, pinyin and brand names, identifiers and ownership links of
listed Chinese firms, each with its source, recognised in and added to any loaded list."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rightscreen.data import load_yaml
from rightscreen.identifiers import STRONG_SCHEMES, normalize_identifier
from rightscreen.model import Entity, Identifier, Name, OwnershipLink
from rightscreen.names.analyze import analyze

# Trailing words that differ between the lists' spellings of one firm's name.
# "Group" stays: China Telecom Group is the parent of China Telecom Corporation Limited.
_LOOSE_ENDINGS = frozenset({"company", "corporation", "corp", "co", "limited", "ltd", "inc",
                            "incorporated"})


@dataclass(slots=True)
class Subject:
    id: str
    name: str
    names: list[Name]
    identifiers: list[Identifier]
    links: list[OwnershipLink] = field(default_factory=list)


@dataclass(slots=True)
class Supplement:
    sources: dict[str, str]
    subjects: list[Subject]

    @property
    def links(self) -> list[OwnershipLink]:
        return [link for s in self.subjects for link in s.links]


def name_key(name: str) -> str:
    """The words that identify a firm in a name: legal form and loose endings removed. Places
    stay: SMIC (Beijing) is a subsidiary of SMIC, not SMIC. A Chinese name is keyed by its
    characters, not by its English reading: 华为技术有限公司 reads "huawei technology", which is
    also the name of Huawei's Egyptian affiliate, a different entry."""
    form = analyze(name)
    if form.han:
        return "zh:" + form.han
    words = [t.text for t in form.tokens if t.kind != "stop"]
    while len(words) > 1 and words[-1] in _LOOSE_ENDINGS:
        words.pop()
    return " ".join(words)


@cache
def load_supplement() -> Supplement:
    return parse_supplement(load_yaml("supplement.yaml"))


def parse_supplement(data: dict[str, Any]) -> Supplement:
    sources: dict[str, str] = {str(k): str(v) for k, v in data["sources"].items()}
    subjects = []
    for raw in data["subjects"]:
        for fact in [*raw.get("names", []), *raw.get("identifiers", []), *raw.get("links", [])]:
            if fact.get("source") not in sources:
                raise ValueError(f"supplement subject {raw['id']}: "
                                 f"unknown source {fact.get('source')}")
        subjects.append(Subject(
            id=raw["id"],
            name=raw["name"],
            names=[Name(n["value"], n.get("kind", "alias"), f"supplement:{n['source']}")
                   for n in raw.get("names", [])],
            identifiers=[Identifier(i["scheme"], str(i["value"]), f"supplement:{i['source']}")
                         for i in raw.get("identifiers", [])],
            links=[OwnershipLink(raw["id"], link["owned"], link.get("share"), link.get("start"),
                                 link.get("end"), f"supplement:{link['source']}")
                   for link in raw.get("links", [])],
        ))
    return Supplement(sources, subjects)


def enrich(entities: list[Entity], supplement: Supplement | None = None) -> int:
    """Recognise supplement subjects among entities and add their facts; returns how many."""
    supplement = supplement or load_supplement()
    by_key: dict[str, Subject] = {}
    by_ident: dict[tuple[str, str], Subject] = {}
    for subject in supplement.subjects:
        for name in [Name(subject.name), *subject.names]:
            key = name_key(name.value)
            if key:
                by_key.setdefault(key, subject)
        for ident in subject.identifiers:
            if ident.scheme in STRONG_SCHEMES:
                by_ident[(ident.scheme, normalize_identifier(ident.scheme, ident.value))] = subject
    enriched = 0
    for entity in entities:
        found = _recognise(entity, by_key, by_ident)
        if found is None:
            continue
        subject = found
        enriched += 1
        entity.subject = subject.id
        for name in subject.names:
            entity.add_name(name.value, name.kind, name.origin)
        for ident in subject.identifiers:
            entity.add_identifier(ident)
    return enriched


def _recognise(entity: Entity, by_key: dict[str, Subject],
               by_ident: dict[tuple[str, str], Subject]) -> Subject | None:
    for ident in entity.identifiers:
        if ident.scheme in STRONG_SCHEMES:
            found = by_ident.get((ident.scheme, normalize_identifier(ident.scheme, ident.value)))
            if found is not None:
                return found
    for position, name in enumerate(entity.names):
        key = name_key(name.value)
        # A short alias ("CETC" on a CETC subsidiary's entry, "China Mobile" on China Mobile's
        # parent group) may name a relative, not the entry: aliases need three words (or, in
        # Chinese, four characters: 中国移动 is the parent's name too).
        if position > 0 and (len(key) < 7 if key.startswith("zh:") else key.count(" ") < 2):
            continue
        found = by_key.get(key)
        if found is not None:
            return found
    return None
