"""Red-flag requirements in documents, from the lexicon in data/red_flags.yaml, found with
Aho-Corasick and kept only where their context rules allow."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ahocorasick

from rightscreen.data import load_yaml
from rightscreen.extract.normalize import normalize_text
from rightscreen.screening.text_units import PageText, fold_case, longest_first, word_bounded


@dataclass(frozen=True, slots=True)
class RedFlagTerm:
    entry: str
    term: str
    gloss: str
    category: str
    severity: str
    source: str
    latin: bool
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    not_followed_by: tuple[str, ...] = ()
    not_preceded_by: tuple[str, ...] = ()


@dataclass(slots=True)
class RedFlagHit:
    term: RedFlagTerm
    start: int
    end: int
    sentence: tuple[int, int]


@dataclass(slots=True)
class Lexicon:
    sources: dict[str, str]
    terms: list[RedFlagTerm]
    automaton: Any = field(repr=False, default=None)

    def find(self, page: PageText) -> list[RedFlagHit]:
        hits: list[RedFlagHit] = []
        text = page.matching
        for end_index, candidates in self.automaton.iter(text):
            end = end_index + 1
            start = end - len(candidates[0].term)
            # One word may belong to several entries (人脸识别 is surveillance in a police
            # sentence, access control beside 门禁): the first whose rules allow it counts.
            for term in candidates:
                sentence = _allowed(term, page, start, end)
                if sentence is not None:
                    hits.append(RedFlagHit(term, start, end, sentence))
                    break
        return longest_first(hits, lambda hit: (hit.start, hit.end))


def _allowed(term: RedFlagTerm, page: PageText, start: int, end: int) -> tuple[int, int] | None:
    """The sentence bounds when the term's context rules allow it there, otherwise None."""
    text = page.matching
    if term.latin and not word_bounded(text, start, end):
        return None
    if term.not_preceded_by and any(text.endswith(p, 0, start) for p in term.not_preceded_by):
        return None
    if term.not_followed_by and any(text.startswith(f, end) for f in term.not_followed_by):
        return None
    begin, finish = page.sentence(start, end)
    sentence = text[begin:finish]
    if term.requires and not any(w in sentence for w in term.requires):
        return None
    if term.excludes and any(w in sentence for w in term.excludes):
        return None
    return begin, finish


def _norm(word: str) -> str:
    return fold_case(normalize_text(word))


@cache
def load_lexicon() -> Lexicon:
    return parse_lexicon(load_yaml("red_flags.yaml"))


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    sources = {str(k): str(v) for k, v in data["sources"].items()}
    terms: list[RedFlagTerm] = []
    for entry in data["entries"]:
        if entry["source"] not in sources:
            raise ValueError(f"red flag {entry['id']}: unknown source {entry['source']}")
        if not entry.get("avoids"):
            raise ValueError(f"red flag {entry['id']}: say how it avoids flooding (avoids:)")
        glossed = dict(entry.get("zh") or {})
        glossed.update({term: term for term in entry.get("en") or []})
        per_term = entry.get("requires_for") or {}
        for term, gloss in glossed.items():
            requires = per_term.get(term, entry.get("requires") or [])
            terms.append(RedFlagTerm(
                entry=entry["id"], term=_norm(str(term)), gloss=str(gloss),
                category=entry["category"], severity=entry["severity"], source=entry["source"],
                latin=str(term).isascii(),
                requires=tuple(_norm(str(w)) for w in requires),
                excludes=tuple(_norm(str(w)) for w in entry.get("excludes") or []),
                not_followed_by=tuple(_norm(str(w)) for w in entry.get("not_followed_by") or []),
                not_preceded_by=tuple(_norm(str(w)) for w in entry.get("not_preceded_by") or []),
            ))
    by_text: dict[str, list[RedFlagTerm]] = {}
    for term in terms:
        by_text.setdefault(term.term, []).append(term)
    automaton = ahocorasick.Automaton()
    for text, candidates in by_text.items():
        automaton.add_word(text, tuple(candidates))
    automaton.make_automaton()
    return Lexicon(sources, terms, automaton)
