"""The screener: a query (a name with optional identifiers, country, and for people a date of
birth and nationality) to hits, best first."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rightscreen.identifiers import STRONG_SCHEMES, normalize_identifier
from rightscreen.matching.ceiling import could_reach, profile
from rightscreen.matching.config import DEFAULT_CONFIG, MatchConfig
from rightscreen.matching.evidence import context_evidence
from rightscreen.matching.expansion import joined_form, split_form
from rightscreen.matching.features import Explanation
from rightscreen.matching.hits import Hit, entry_key, merge_entries, merge_subjects
from rightscreen.matching.index import NameIndex, index_keys
from rightscreen.matching.scorer import PreparedName, SimilarityTable, compare, prepare
from rightscreen.model import Entity
from rightscreen.names.analyze import NameForm, analyze, han_readings
from rightscreen.names.orgwords import corrected_word

__all__ = ["DEFAULT_THRESHOLD", "Hit", "Query", "Screener"]

DEFAULT_THRESHOLD = DEFAULT_CONFIG.threshold
# Abbreviations in data/abbreviations.yaml are this long at most ("hldgs"): a shorter word is
# also tried as its expansion, a longer one as the word it may misspell.
ABBREVIATION_MAX = 5
# Names looked at under an index key to tell a word from two words joined: a key that is a word
# of none of the first few names is, in practice, a joined pair.
WORD_CHECK = 8
WORD_CACHE = 100_000
# Names of a tie read at a time when candidates are cut inside it (Screener._best_tied).
TIE_CHUNK = 64


@dataclass(slots=True)
class Query:
    name: str
    country: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)  # scheme -> value
    # For people: evidence beside the name, never a reason for a hit on its own.
    birth_date: str | None = None  # a full date (1962-02-20, 07 Sep 1960) or a year
    nationality: str | None = None


# One reading of the query: its words, their weights, and the listed words each agrees with.
_Reading = tuple[NameForm, PreparedName, SimilarityTable]


class _Seed:
    """The query's rarest word when even that is too common to look up (in more names than
    config.common_word): every name under it is a candidate with its weight, as if the weight
    were added to each, but only the names that other words also reach are scored one by one.
    The rest tie, and ranking keeps those with the highest ids, so only these are read. Same
    candidates, without tens of thousands of additions for 'GirlairgenTechnology Electronics'
    read as written."""

    __slots__ = ("weight", "names", "untouched")

    def __init__(self, weight: float, names: memoryview):
        self.weight, self.names, self.untouched = weight, names, len(names)

    def __contains__(self, name_id: int) -> bool:
        i = bisect_left(self.names, name_id)
        return i < len(self.names) and self.names[i] == name_id

    def weight_of(self, name_id: int) -> float:
        """The score a name reached for the first time starts from: the seed's weight, added
        first as in the plain sum, if the name is the seed's (one fewer untouched)."""
        if name_id in self:
            self.untouched -= 1
            return self.weight
        return 0.0

    def last_untouched(self, count: int, scores: dict[int, float]) -> list[tuple[float, int]]:
        """Up to `count` (weight, id) of the seed's names no other word reached, highest ids
        first: any other untouched name loses the tie-break to these."""
        found: list[tuple[float, int]] = []
        for i in range(len(self.names) - 1, -1, -1):
            if len(found) >= count:
                break
            if self.names[i] not in scores:
                found.append((self.weight, self.names[i]))
        return found

    def in_order(self, ranked: list[int], scores: dict[int, float]) -> list[int]:
        """Few candidates, in the order the plain sum would have listed them: the seed's names
        ascending, then the others as first reached."""
        return sorted(n for n in ranked if n in self) + [n for n in scores
                                                         if n not in self and n in ranked]


class Screener:
    """Built once from the entities of a snapshot; screens names many times."""

    def __init__(self, entities: list[Entity], *, threshold: float | None = None,
                 max_hits: int = 10, index: NameIndex | None = None,
                 config: MatchConfig = DEFAULT_CONFIG):
        # A prebuilt index (from the warm-start cache) must have been built from `entities`.
        self.index = index if index is not None else NameIndex(entities)
        self.config = config
        self.threshold = config.threshold if threshold is None else threshold
        self.max_hits = max_hits
        self._positions: dict[str, int] | None = None
        self._words: dict[str, bool] = {}  # _is_word's answers

    def rarity(self, word: str) -> float:
        return self.index.rarity(word)

    def entity(self, entity_id: str) -> tuple[int, Entity]:
        """An indexed entity by its id, with its position in the index."""
        if self._positions is None:
            self._positions = {e.id: i for i, e in enumerate(self.index.entities)}
        position = self._positions[entity_id]
        return position, self.index.entities[position]

    def compare_names(self, query: str, listed: str) -> tuple[float, list[str]]:
        """Score two names directly, with this screener's word weights; the query is also read
        split where the lists know its run-together words."""
        target = prepare(analyze(listed), self.rarity, self.config)
        results = [compare(prepare(form, self.rarity, self.config), target, explain=True,
                           config=self.config) for form in self._forms(analyze(query))]
        best = max(results, key=lambda r: r.score)  # the first reading wins a tie
        return best.score, best.explanation

    def screen(self, query: Query | str, *, threshold: float | None = None) -> list[Hit]:
        if isinstance(query, str):
            query = Query(query)
        limit = self.threshold if threshold is None else threshold
        readings = [self._reading(form) for form in self._forms(analyze(query.name))]
        best: dict[int, tuple[float, int, int]] = {}  # position -> (score, name id, reading)
        name_entity, names = self.index.name_entity, self.index.prepared
        evidence = self._identifier_matches(query)
        for r, (form, prepared, table) in enumerate(readings):
            reach = profile(prepared, table, self.config)
            for name_id in self._candidates(form, prepared, table):
                listed = names[name_id]
                position = name_entity[name_id]
                if position not in evidence and not could_reach(reach, listed, limit,
                                                                self.config):
                    continue  # nothing below the threshold is reported (see below)
                score = compare(prepared, listed, table, config=self.config).score
                current = best.get(position)
                if current is None or score > current[0]:
                    best[position] = (score, name_id, r)
        for position in evidence:
            score, name_id, r = best.get(position) or self._best_name(readings, position)
            best[position] = (max(score, self.config.identifier_score), name_id, r)
        hits: list[Hit] = []
        keys: dict[str, tuple[str, ...]] = {}  # entry_key by entity id, for merge_entries
        for position, (score, name_id, r) in best.items():
            if score < limit:
                continue  # the checks in _hit only lower a score, so nothing below is needed
            hit = self._hit(query, readings[r], position, score, name_id,
                            evidence.get(position, []))
            if hit.score >= limit:
                hits.append(hit)
                keys[hit.entity_id] = entry_key(self.index.entities[position])
        hits.sort(key=lambda h: (-h.score, h.entity_id))
        hits = merge_subjects(merge_entries(hits, keys))
        return hits[: self.max_hits]

    def screen_many(self, queries: Iterable[Query | str]) -> list[list[Hit]]:
        return [self.screen(q) for q in queries]

    def _known(self, word: str) -> bool:
        """A word the lists contain, as written or as analysis reads it: 'tech' is
        'technology', 'electronic' is 'electronics'."""
        if self._is_word(word):
            return True
        if len(word) > ABBREVIATION_MAX:
            corrected = corrected_word(word)
            return corrected != word and self._is_word(corrected)
        words = analyze(word).words
        return bool(words) and words != (word,) and all(self._is_word(w) for w in words)

    def _near(self, word: str) -> bool:
        """A word a typo away from a listed word: a misspelling, not two words run together."""
        return any(how == "spelling" and self._is_word(other)
                   for other, (_, how) in self.index.variants(word).items())

    def _is_word(self, word: str) -> bool:
        """A word of some listed name: the index also keys adjacent words joined ('kimhyok'
        for "Kim Hyok"), which are not words; a few of the names under the key tell which."""
        found = self._words.get(word)
        if found is None:
            postings = self.index.postings.get(word)
            prepared = self.index.prepared
            found = postings is not None and any(word in prepared[n].texts
                                                 for n in postings[:WORD_CHECK])
            if len(self._words) >= WORD_CACHE:
                self._words.clear()
            self._words[word] = found
        return found

    def _forms(self, form: NameForm) -> list[NameForm]:
        """The query as written, and read with run-together words split and with words the
        lists write as one joined; a name in Chinese characters, as each of its readings."""
        if form.han:
            return list(han_readings(form))
        others = (split_form(form, self._known, self._near), joined_form(form, self._is_word))
        return [form, *(f for f in others if f is not None)]

    def _reading(self, form: NameForm) -> _Reading:
        prepared = prepare(form, self.rarity, self.config)
        return form, prepared, [self.index.variants(text) for text in prepared.texts]

    def _candidates(self, form: NameForm, prepared: PreparedName,
                    table: SimilarityTable) -> list[int]:
        index, config = self.index, self.config
        lookups: list[tuple[float, str]] = []
        factors = config.kind_factor
        for i, variants in enumerate(table):
            factor = factors.get(prepared.kinds[i], 1.0)
            # A listed word found for a query word weighs no more than that word: the rarer
            # 'technologies' must not outrank the names that have 'technology' itself.
            own = self.rarity(prepared.texts[i])
            for variant, (sim, _) in variants.items():
                rarity = self.rarity(variant)
                lookups.append((sim * factor * (rarity if rarity < own else own), variant))
        words = set(prepared.texts)
        for key in index_keys(form):
            if key not in words and key in index.postings:
                lookups.append((self.rarity(key), key))
        if form.han and "han:" + form.han in index.postings:
            lookups.append((2.0, "han:" + form.han))
        lookups.sort(key=lambda item: (-item[0], item[1]))
        scores: dict[int, float] = {}
        seed: _Seed | None = None
        for weight, key in lookups:
            postings = index.postings[key]
            if seed is None and not scores and len(postings) > max(config.common_word,
                                                                    config.candidates):
                seed = _Seed(weight, postings)  # a common word seeds alone: see _Seed
                continue
            reached_only = False
            if scores or seed:
                if len(postings) > config.common_word:
                    continue
                # With many names reached already, a word in hundreds more only raises those:
                # it still tells "Beijing Institute of Technology" from "Mabna Institute".
                size = len(scores) + (seed.untouched if seed else 0)
                reached_only = size >= 4 * config.candidates and len(postings) > 200
                if reached_only and seed is None:
                    for name_id in scores.keys() & postings:  # in C: a few of hundreds
                        scores[name_id] += weight
                    continue
            for name_id in postings:
                score = scores.get(name_id)
                if score is None:
                    if reached_only and (seed is None or name_id not in seed):
                        continue
                    score = seed.weight_of(name_id) if seed else 0.0
                scores[name_id] = score + weight
        if not scores and seed is None:
            return []
        total = sum(w * factors.get(k, 1.0) for w, k in zip(prepared.weights, prepared.kinds,
                                                             strict=True))
        best = max(max(scores.values(), default=0.0), seed.weight if seed else 0.0)
        floor = max(best * config.candidate_floor, total * config.evidence_floor)
        ranked = [(s, n) for n, s in scores.items() if s >= floor]
        if seed is not None:
            # The seed's names no other word reached all rank, or none does.
            untouched = seed.untouched if seed.weight >= floor else 0
            if len(ranked) + untouched <= config.candidates:
                ranked.extend(seed.last_untouched(untouched, scores))
                return seed.in_order([n for _, n in ranked], scores)
            ranked.extend(seed.last_untouched(min(untouched, config.candidates), scores))
            return self._best(ranked, config.candidates, len(form.tokens))
        if len(ranked) > config.candidates:
            return self._best(ranked, config.candidates, len(form.tokens))
        return [n for _, n in ranked]

    def _best(self, ranked: list[tuple[float, int]], count: int, size: int) -> list[int]:
        """The `count` best (score, name id) candidates, best first: by the weight of the
        query's words they have, then by how many words they have beyond the query's `size`,
        then by id. When every word of the query is common ("Beijing Institute of
        Technology", each word in hundreds of listed names), the name that is those words and
        no more comes first, not the one listed last; a name no longer than the query loses
        nothing. Words are counted only where scores tie."""
        top = heapq.nlargest(count + 1, ranked)
        cut = top[min(count, len(top)) - 1][0]
        if len(top) <= count or top[count][0] < cut:  # no tie across the cut
            top = top[:count]
            if len({c[0] for c in top}) == len(top):  # nor among the kept
                return [n for _, n in top]
            above, tied = top, []
        else:
            above = [c for c in top if c[0] > cut]
            tied = [c for c in ranked if c[0] == cut]
        keyed = [(s, -max(c - size, 0), n) for (s, n), c in zip(
            above, self.index.word_counts([n for _, n in above]), strict=True)]
        keyed.sort(reverse=True)
        if tied:
            keyed += self._best_tied([n for _, n in tied], cut, count - len(above), size)
        return [n for _, _, n in keyed]

    def _best_tied(self, ids: list[int], score: float, need: int, size: int
                   ) -> list[tuple[float, int, int]]:
        """`need` of names that tie at `score`, as _best orders them: those no longer than the
        query first, highest ids first. Read a few at a time from the highest id: in a large
        list a tie runs to hundreds of names, and the first few hold enough such names."""
        ids.sort(reverse=True)
        chosen: list[tuple[float, int, int]] = []
        longer: list[tuple[float, int, int]] = []
        for first in range(0, len(ids), TIE_CHUNK):
            chunk = ids[first:first + TIE_CHUNK]
            for name_id, words in zip(chunk, self.index.word_counts(chunk), strict=True):
                if words <= size:
                    chosen.append((score, 0, name_id))
                    if len(chosen) == need:
                        return chosen
                else:
                    longer.append((score, size - words, name_id))
        longer.sort(reverse=True)
        return chosen + longer[:need - len(chosen)]

    def _identifier_matches(self, query: Query) -> dict[int, list[Explanation]]:
        found: dict[int, list[Explanation]] = defaultdict(list)
        for scheme, value in query.identifiers.items():
            if scheme not in STRONG_SCHEMES or not value:
                continue
            normal = normalize_identifier(scheme, value)
            for position in self.index.identifiers.get((scheme, normal), ()):
                found[position].append(Explanation(
                    "identifier", 1.0, f"{scheme.upper()} {normal} is the listed entity's"))
        return found

    def _best_name(self, readings: list[_Reading], position: int) -> tuple[float, int, int]:
        first, end = self.index.first_name[position], self.index.first_name[position + 1]
        best = (0.0, first, 0)
        for r, (_, prepared, table) in enumerate(readings):
            for name_id in range(first, end):
                score = compare(prepared, self.index.prepared[name_id], table,
                                config=self.config).score
                if score > best[0]:
                    best = (score, name_id, r)
        return best

    def _hit(self, query: Query, reading: _Reading, position: int, score: float, name_id: int,
             evidence: list[Explanation]) -> Hit:
        _, prepared, table = reading
        entity = self.index.entities[position]
        matched = self.index.name(name_id)
        origin = "" if matched.kind in ("primary", "alias") else f", {matched.kind} name"
        features = [Explanation("name", score, f"matched '{matched.value}'{origin} at "
                                               f"{score:.2f}"), *evidence]
        features.extend(compare(prepared, matched.prepared, table, explain=True,
                                config=self.config).features)
        if not evidence:  # an identifier of the entity's own outweighs form and country
            context = context_evidence(
                prepared=prepared, entity=entity, matched=matched.prepared,
                country=query.country, birth_date=query.birth_date,
                nationality=query.nationality, config=self.config)
            for item in context:
                score *= item.factor
            features.extend(context)
        return Hit(
            entity_id=entity.id,
            name=entity.name,
            matched_name=matched.value,
            lists=entity.lists,
            score=round(score, 4),
            features=features,
            sources=[s.to_dict() for s in entity.sources],
            subject=entity.subject,
            addresses=list(entity.addresses),
        )
