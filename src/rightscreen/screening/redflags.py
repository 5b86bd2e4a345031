"""Red-flag requirements in documents, from the lexicon in data/red_flags.yaml, found with
Aho-Corasick and kept only where their context rules allow; a term its own clause denies
(系统并无人脸识别, "does not include facial recognition") is kept as negated, at a lower
severity, for a reviewer to read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
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
    negated_by: tuple[int, int] | None = None  # where the words that deny it stand


# What ends a clause: a denial before it does not reach past (、 lists what one denial covers).
_CLAUSE_END = re.compile(r"[，,;；:：。.!?！？()（）\[\]【】\n]")
_WORD = re.compile(r"[\w'’]+")
_LATIN = re.compile("[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Negation:
    """Words that deny a requirement in its own clause, and what does not deny (see
    red_flags.yaml, negation:)."""

    severity: str
    source: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    max_gap_zh: int  # characters between a Chinese cue and the term
    max_gap_en: int  # words between an English cue and the term
    breaks_zh: tuple[str, ...] = ()
    breaks_en: tuple[str, ...] = ()
    not_negations: tuple[str, ...] = ()
    # Words for people: in the clause before the term, a denial there describes the people
    # (对未登记人员进行人脸识别, "people who are not registered"), not the feature.
    people_zh: tuple[str, ...] = ()
    people_en: tuple[str, ...] = ()
    not_people_zh: tuple[str, ...] = ()  # 人脸, 人像: the feature, not people

    def cue(self, text: str, sentence_start: int, start: int) -> tuple[int, int] | None:
        """Where the words that deny the term at `start` stand, or None."""
        clause = sentence_start
        for end in _CLAUSE_END.finditer(text, sentence_start, start):
            clause = end.end()
        if clause >= start:
            return None
        found = self._chinese(text, clause, start) or self._english(text, clause, start)
        return None if found is None or self._about_people(text, clause, start) else found

    def _about_people(self, text: str, clause: int, start: int) -> bool:
        before = text[clause:start]
        for phrase in self.not_people_zh:
            before = before.replace(phrase, " ")
        if any(word in before for word in self.people_zh):
            return True
        # a possessive ("visitors' entrance") names a thing, not the people: it stays a word
        # of its own, apostrophe and all
        return any(m.group() in self.people_en for m in _WORD.finditer(before))

    def _chinese(self, text: str, clause: int, start: int) -> tuple[int, int] | None:
        window = max(clause, start - self.max_gap_zh - _longest(self.zh))
        if _cue_starts(self.zh).isdisjoint(text[window:start]):
            return None  # no cue can begin here: most terms stand with no denial near them
        best: tuple[int, int] | None = None  # end and length: nearest the term, then longest
        for cue in self.zh:
            at = text.rfind(cue, window, start)
            while at >= 0:
                gap = text[at + len(cue):start]
                if (len(gap) <= self.max_gap_zh and not self._holds_cue(text, at, len(cue))
                        and not any(b in gap for b in self.breaks_zh)):
                    found = (at + len(cue), len(cue))
                    best = found if best is None or found > best else best
                    break
                at = text.rfind(cue, window, at)
        return None if best is None else (best[0] - best[1], best[0])

    def _english(self, text: str, clause: int, start: int) -> tuple[int, int] | None:
        if _LATIN.search(text, clause, start) is None and _all_latin(self.en):
            return None  # a clause in Chinese holds no English cue
        words = [(m.start(), m.group()) for m in _WORD.finditer(text, clause, start)]
        for distance, (at, word) in enumerate(reversed(words)):
            if distance > self.max_gap_en:
                break
            if word in self.breaks_en:
                return None
            if word in self.en and not self._holds_cue(text, at, len(word)):
                return at, at + len(word)
        return None

    def _holds_cue(self, text: str, at: int, size: int) -> bool:
        """Whether the cue at `at` is part of words that do not deny (不少于, 'not only')."""
        for phrase in self.not_negations:
            low = max(0, at - len(phrase) + size)
            found = text.find(phrase, low, at + len(phrase))
            if 0 <= found <= at and found + len(phrase) >= at + size:
                return True
        return False


@dataclass(slots=True)
class Lexicon:
    sources: dict[str, str]
    terms: list[RedFlagTerm]
    automaton: Any = field(repr=False, default=None)
    negation: Negation | None = None

    def find(self, page: PageText) -> list[RedFlagHit]:
        text = page.matching
        found: list[tuple[RedFlagTerm, int, int, tuple[int, int] | None]] = []
        for end_index, candidates in self.automaton.iter(text):
            end = end_index + 1
            start = end - len(candidates[0].term)
            # One word may belong to several entries (人脸识别 is surveillance in a police
            # sentence, access control beside 门禁): the first whose rules allow it counts.
            for term in candidates:
                if ((term.latin or term.not_preceded_by or term.not_followed_by)
                        and not _allowed_here(term, text, start, end)):
                    continue
                if not term.requires and not term.excludes:
                    # its sentence only once it is kept: most words found overlap a longer one
                    found.append((term, start, end, None))
                    break
                sentence = _allowed_in(term, page, start, end)
                if sentence is not None:
                    found.append((term, start, end, sentence))
                    break
        kept = longest_first(found, lambda hit: (hit[1], hit[2]))
        hits = [RedFlagHit(term, start, end, sentence or page.sentence(start, end))
                for term, start, end, sentence in kept]
        if self.negation is not None:
            for hit in hits:
                hit.negated_by = self.negation.cue(text, hit.sentence[0], hit.start)
        return hits


def _allowed_here(term: RedFlagTerm, text: str, start: int, end: int) -> bool:
    """Whether the term's rules on the words right around it allow it there."""
    if term.latin and not word_bounded(text, start, end):
        return False
    # str.endswith and startswith try every word of a tuple
    if term.not_preceded_by and text.endswith(term.not_preceded_by, 0, start):
        return False
    return not (term.not_followed_by and text.startswith(term.not_followed_by, end))


def _allowed_in(term: RedFlagTerm, page: PageText, start: int,
                end: int) -> tuple[int, int] | None:
    """The sentence bounds when the term's sentence rules allow it there, otherwise None."""
    text = page.matching
    begin, finish = page.sentence(start, end)
    if term.requires and not _any_of(term.requires).search(text, begin, finish):
        return None
    if term.excludes and _any_of(term.excludes).search(text, begin, finish):
        return None
    return begin, finish


@lru_cache(maxsize=1024)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One search for any of `words` (a term's context words), instead of one per word."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=64)
def _all_latin(cues: tuple[str, ...]) -> bool:
    return all(_LATIN.search(cue) for cue in cues)


@lru_cache(maxsize=64)
def _longest(cues: tuple[str, ...]) -> int:
    return max(map(len, cues), default=0)


@lru_cache(maxsize=64)
def _cue_starts(cues: tuple[str, ...]) -> frozenset[str]:
    return frozenset(cue[0] for cue in cues if cue)


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
    return build_lexicon(sources, terms, parse_negation(data.get("negation")))


def parse_negation(data: dict[str, Any] | None) -> Negation | None:
    if not data:
        return None
    if not data.get("avoids"):
        raise ValueError("red flag negation: say how it avoids false denials (avoids:)")

    def words(value: Any) -> tuple[str, ...]:
        # longest first: 不具备 is named as the cue, not 不
        return tuple(sorted({_norm(str(w)) for w in value or []}, key=lambda w: (-len(w), w)))

    breaks, holds = data.get("breaks") or {}, data.get("not_negations") or {}
    people = data.get("people") or {}
    return Negation(
        severity=str(data["severity"]), source=str(data["source"]),
        zh=words(data.get("zh")), en=words(data.get("en")),
        max_gap_zh=int(data["max_gap"]["zh"]), max_gap_en=int(data["max_gap"]["en"]),
        breaks_zh=words(breaks.get("zh")), breaks_en=words(breaks.get("en")),
        not_negations=words([*(holds.get("zh") or []), *(holds.get("en") or [])]),
        people_zh=words(people.get("zh")), people_en=words(people.get("en")),
        not_people_zh=words(people.get("zh_not")))


def build_lexicon(sources: dict[str, str], terms: list[RedFlagTerm],
                  negation: Negation | None = None) -> Lexicon:
    by_text: dict[str, list[RedFlagTerm]] = {}
    for term in terms:
        by_text.setdefault(term.term, []).append(term)
    automaton = ahocorasick.Automaton()
    for text, candidates in by_text.items():
        automaton.add_word(text, tuple(candidates))
    automaton.make_automaton()
    return Lexicon(sources, terms, automaton, negation)
