"""The score of a query name against a listed name, as weighted features that explain themselves.

Every word carries a weight: its rarity across the loaded lists times what kind of word it is
(a place name says where a firm is, not which firm). Matched weight counts for, unmatched weight
counts against: a distinctive listed word that the query lacks (Hikvision, in "Hangzhou Digital
Technology") pulls the score down as much as a distinctive query word the list lacks. The
named steps of `features.STEPS` then scale that score, each for a reason it states.

Names are prepared once (words, kinds, weights) so that one query meets many candidates cheaply;
the explanation is written only for the hits that are reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rightscreen.matching.config import DEFAULT_CONFIG, MatchConfig
from rightscreen.matching.features import (
    STEPS,
    Explanation,
    PreparedName,
    SimilarityTable,
    align,
    describe_alignment,
)
from rightscreen.matching.tokens import token_similarity
from rightscreen.names.analyze import NameForm

__all__ = ["KIND_FACTOR", "NameScore", "PreparedName", "SimilarityTable", "compare", "prepare",
           "prepare_parts", "prepare_words", "similarity_table"]

# Kept for modules that weigh words the way the scorer does (the screener's retrieval).
KIND_FACTOR = DEFAULT_CONFIG.kind_factor
INITIAL_WEIGHT = KIND_FACTOR["initial"]

Weigher = Callable[[str], float]


@dataclass(slots=True)
class NameScore:
    score: float
    features: list[Explanation] = field(default_factory=list)

    @property
    def explanation(self) -> list[str]:
        """The features in words, for a reader."""
        return [f.detail for f in self.features]


def prepare(form: NameForm, rarity: Weigher, config: MatchConfig = DEFAULT_CONFIG
            ) -> PreparedName:
    kept = [t for t in form.tokens if t.kind != "stop"]
    return prepare_words(tuple(t.text for t in kept), tuple(t.kind for t in kept), form.han,
                         form.legal_forms, form.original, rarity, config)


def prepare_words(texts: tuple[str, ...], kinds: tuple[str, ...], han: str | None,
                  legal_forms: tuple[str, ...], original: str, rarity: Weigher,
                  config: MatchConfig = DEFAULT_CONFIG,
                  rarities: tuple[float, ...] | None = None) -> PreparedName:
    """A name's words (stop words already out) with their weights, and the acronyms its
    original spelling writes in capitals: what `prepare` makes of a NameForm, from its parts
    (the index keeps names as parts, not as NameForms). `rarities`, when the caller knows
    them, are each word's rarity(text)."""
    factors = config.kind_factor
    initial = factors["initial"]
    if rarities is None:
        rarities = tuple(rarity(text) for text in texts)
    weights = tuple(initial if kind == "initial" else weight * factors[kind]
                    for weight, kind in zip(rarities, kinds, strict=True))
    acronyms = written_acronyms(original, config.short_name_max) if (
        len(texts) == 1 or legal_forms or "generic" in kinds) else frozenset()
    return PreparedName(texts, kinds, weights, han, legal_forms, acronyms)


_LATIN_WORD = re.compile(r"[^\W\d_]+")


def written_acronyms(original: str, longest: int) -> frozenset[str]:
    """Short words of an organisation's name written in capitals where capitals mean
    something: beside lower-case words ('AVIC International'), or as the whole name ('CASC').
    A name all in capitals ('CHINA OIL CO') says nothing about any one of its words; people's
    names are not asked (OFAC writes surnames in capitals: 'PUTIN, Vladimir')."""
    words = _LATIN_WORD.findall(original)
    caps = [w for w in words if w.isupper() and 2 <= len(w) <= longest and w.isascii()]
    if not caps or (len(words) > 1 and all(w.isupper() for w in words)):
        return frozenset()
    return frozenset(w.casefold() for w in caps)


def prepare_parts(texts: tuple[str, ...], kinds: tuple[str, ...], han: str | None,
                  legal_forms: tuple[str, ...], rarity: Weigher,
                  config: MatchConfig = DEFAULT_CONFIG) -> PreparedName:
    """A name's words (stop words already out) with their weights."""
    factors = config.kind_factor
    initial = factors["initial"]
    weights = tuple(initial if kind == "initial" else rarity(text) * factors[kind]
                    for text, kind in zip(texts, kinds, strict=True))
    return PreparedName(texts, kinds, weights, han, legal_forms)


def similarity_table(query: PreparedName, listed: PreparedName) -> SimilarityTable:
    """Every query word against every listed word: for comparing two names directly."""
    table: SimilarityTable = []
    for qt in query.texts:
        row = {}
        for nt in listed.texts:
            sim = token_similarity(qt, nt)
            if sim[0] > 0:
                row[nt] = sim
        table.append(row)
    return table


def compare(query: PreparedName, listed: PreparedName, table: SimilarityTable | None = None,
            *, explain: bool = False, config: MatchConfig = DEFAULT_CONFIG) -> NameScore:
    """Score two prepared names from 0 to 1; with `explain`, every feature that fired."""
    if query.han and listed.han and query.han == listed.han:
        return NameScore(1.0, [Explanation("chinese_name", 1.0,
                                           f"Chinese name {listed.han} is identical")]
                         if explain else [])
    if not query.texts or not listed.texts:
        return NameScore(0.0, [Explanation("words", 0.0, "no words left to compare")]
                         if explain else [])
    if table is None:
        table = similarity_table(query, listed)
    alignment = align(query, listed, table, config)
    score = alignment.score
    notes = describe_alignment(query, listed, alignment) if explain else []
    for name, step in STEPS:
        factor, detail = step(query, listed, alignment, score, config)
        score *= factor
        if explain and detail:
            notes.append(Explanation(name, factor, detail))
    return NameScore(round(min(score, 1.0), 4), notes)
