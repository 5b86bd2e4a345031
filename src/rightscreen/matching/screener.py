"""The screener: a query (a name with optional identifiers and country) to hits, best first."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rightscreen.identifiers import STRONG_SCHEMES, country_code, normalize_identifier
from rightscreen.matching.index import IndexedName, NameIndex, index_keys
from rightscreen.matching.scorer import (
    KIND_FACTOR,
    PreparedName,
    SimilarityTable,
    compare,
    prepare,
)
from rightscreen.model import Entity
from rightscreen.names.analyze import NameForm, analyze

DEFAULT_THRESHOLD = 0.7
# Words in more names than this only seed candidates when no rarer word found any.
COMMON_WORD = 2_000
CANDIDATES = 40
# A candidate whose retrieval evidence is below this share of the best one's is not scored.
CANDIDATE_FLOOR = 0.5
EVIDENCE_FLOOR = 0.3
COUNTRY_MISMATCH = 0.9
# "Fox Corp" is not the person a.k.a. "Fox": a company's legal form against a person's entry.
COMPANY_NOT_PERSON = 0.7
# A person's one-word alias (a nickname) is weak evidence on its own.
ONE_WORD_PERSON_ALIAS = 0.85


@dataclass(slots=True)
class Query:
    name: str
    country: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)  # scheme -> value


@dataclass(slots=True)
class Hit:
    entity_id: str
    name: str
    matched_name: str
    lists: list[str]
    score: float
    explanation: list[str]
    sources: list[dict[str, Any]]
    subject: str | None = None
    related: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity_id": self.entity_id,
            "name": self.name,
            "matched_name": self.matched_name,
            "lists": self.lists,
            "score": self.score,
            "explanation": self.explanation,
            "sources": self.sources,
        }
        if self.subject:
            out["subject"] = self.subject
        if self.related:
            out["related_entities"] = self.related
        return out


class Screener:
    """Built once from the entities of a snapshot; screens names many times."""

    def __init__(self, entities: list[Entity], *, threshold: float = DEFAULT_THRESHOLD,
                 max_hits: int = 10, index: NameIndex | None = None):
        # A prebuilt index (from the warm-start cache) must have been built from `entities`.
        self.index = index if index is not None else NameIndex(entities)
        self.threshold = threshold
        self.max_hits = max_hits
        self._positions: dict[str, int] | None = None

    def rarity(self, word: str) -> float:
        return self.index.rarity(word)

    def entity(self, entity_id: str) -> tuple[int, Entity]:
        """An indexed entity by its id, with its position in the index."""
        if self._positions is None:
            self._positions = {e.id: i for i, e in enumerate(self.index.entities)}
        position = self._positions[entity_id]
        return position, self.index.entities[position]

    def compare_names(self, query: str, listed: str) -> tuple[float, list[str]]:
        """Score two names directly, with this screener's word weights."""
        result = compare(prepare(analyze(query), self.rarity),
                         prepare(analyze(listed), self.rarity), explain=True)
        return result.score, result.explanation

    def screen(self, query: Query | str, *, threshold: float | None = None) -> list[Hit]:
        if isinstance(query, str):
            query = Query(query)
        limit = self.threshold if threshold is None else threshold
        form = analyze(query.name)
        prepared = prepare(form, self.rarity)
        table: SimilarityTable = [self.index.variants(text) for text in prepared.texts]
        best: dict[int, tuple[float, int]] = {}
        name_entity, names = self.index.name_entity, self.index.prepared
        for name_id in self._candidates(form, prepared, table):
            position = name_entity[name_id]
            score = compare(prepared, names[name_id], table).score
            current = best.get(position)
            if current is None or score > current[0]:
                best[position] = (score, name_id)
        evidence = self._identifier_matches(query)
        for position in evidence:
            score, name_id = best.get(position) or self._best_name(prepared, table, position)
            best[position] = (max(score, 0.99), name_id)
        hits = []
        for position, (score, name_id) in best.items():
            if score < limit:
                continue  # the checks in _hit only lower a score, so nothing below is needed
            hit = self._hit(query, prepared, table, position, score, name_id,
                            evidence.get(position, []))
            if hit.score >= limit:
                hits.append(hit)
        return _merge_subjects(sorted(hits, key=lambda h: (-h.score, h.entity_id)))[: self.max_hits]

    def screen_many(self, queries: Iterable[Query | str]) -> list[list[Hit]]:
        return [self.screen(q) for q in queries]

    def _candidates(self, form: NameForm, prepared: PreparedName,
                    table: SimilarityTable) -> list[int]:
        index = self.index
        scores: dict[int, float] = defaultdict(float)
        lookups: list[tuple[float, str]] = []
        for i, variants in enumerate(table):
            factor = KIND_FACTOR.get(prepared.kinds[i], 1.0)
            for variant, (sim, _) in variants.items():
                lookups.append((sim * factor * self.rarity(variant), variant))
        words = set(prepared.texts)
        for key in index_keys(form):
            if key not in words and key in index.postings:
                lookups.append((self.rarity(key), key))
        if form.han and "han:" + form.han in index.postings:
            lookups.append((2.0, "han:" + form.han))
        lookups.sort(key=lambda item: -item[0])
        for weight, key in lookups:
            postings = index.postings[key]
            if scores and (len(postings) > COMMON_WORD
                           or (len(scores) >= 4 * CANDIDATES and len(postings) > 200)):
                continue
            for name_id in postings:
                scores[name_id] += weight
        if not scores:
            return []
        # A name whose agreeing words weigh too little next to the whole query cannot reach
        # a hit; the floor is loose so that the scorer, not retrieval, decides.
        total = sum(w * KIND_FACTOR.get(k, 1.0) for w, k in zip(prepared.weights, prepared.kinds,
                                                               strict=True))
        floor = max(max(scores.values()) * CANDIDATE_FLOOR, total * EVIDENCE_FLOOR)
        ranked = [(s, n) for n, s in scores.items() if s >= floor]
        if len(ranked) > CANDIDATES:
            ranked = heapq.nlargest(CANDIDATES, ranked)
        return [n for _, n in ranked]

    def _identifier_matches(self, query: Query) -> dict[int, list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        for scheme, value in query.identifiers.items():
            if scheme not in STRONG_SCHEMES or not value:
                continue
            normal = normalize_identifier(scheme, value)
            for position in self.index.identifiers.get((scheme, normal), ()):
                found[position].append(f"{scheme.upper()} {normal} is the listed entity's")
        return found

    def _best_name(self, prepared: PreparedName, table: SimilarityTable,
                   position: int) -> tuple[float, int]:
        first, end = self.index.first_name[position], self.index.first_name[position + 1]
        best = (0.0, first)
        for name_id in range(first, end):
            score = compare(prepared, self.index.prepared[name_id], table).score
            if score > best[0]:
                best = (score, name_id)
        return best

    def _hit(self, query: Query, prepared: PreparedName, table: SimilarityTable, position: int,
             score: float, name_id: int, evidence: list[str]) -> Hit:
        entity = self.index.entities[position]
        matched = self.index.name(name_id)
        origin = "" if matched.kind in ("primary", "alias") else f", {matched.kind} name"
        explanation = [f"matched '{matched.value}'{origin} at {score:.2f}", *evidence]
        explanation.extend(compare(prepared, matched.prepared, table, explain=True).explanation)
        if not evidence:  # an identifier of the entity's own outweighs form and country
            factor, notes = _context(query, prepared, entity, matched)
            score *= factor
            explanation.extend(notes)
        return Hit(
            entity_id=entity.id,
            name=entity.name,
            matched_name=matched.value,
            lists=entity.lists,
            score=round(score, 4),
            explanation=explanation,
            sources=[s.to_dict() for s in entity.sources],
            subject=entity.subject,
        )


def _context(query: Query, prepared: PreparedName, entity: Entity,
             matched: IndexedName) -> tuple[float, list[str]]:
    """What the kind of party and the country say beyond the name."""
    factor = 1.0
    notes: list[str] = []
    if entity.schema == "Person" and prepared.legal_forms:
        factor *= COMPANY_NOT_PERSON
        notes.append(f"the query has a legal form ({', '.join(prepared.legal_forms)}) and the "
                     f"listed entry is a person (x{COMPANY_NOT_PERSON})")
    elif entity.schema == "Person" and len(matched.prepared.texts) == 1:
        factor *= ONE_WORD_PERSON_ALIAS
        notes.append(f"a one-word alias of a person (x{ONE_WORD_PERSON_ALIAS})")
    if query.country and entity.countries:
        wanted = country_code(query.country)
        listed = {country_code(c) for c in entity.countries} - {None}
        if wanted and listed:
            if wanted in listed:
                notes.append(f"country {wanted.upper()} matches")
            else:
                factor *= COUNTRY_MISMATCH
                notes.append(f"country {wanted.upper()} differs from listed "
                             f"{', '.join(sorted(c.upper() for c in listed if c))}")
    return factor, notes


def _merge_subjects(hits: list[Hit]) -> list[Hit]:
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
        first.lists = sorted(set(first.lists) | set(hit.lists))
        first.sources.extend(hit.sources)
        first.related.append(hit.entity_id)
    return merged
