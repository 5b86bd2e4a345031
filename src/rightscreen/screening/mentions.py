"""Listed entities named in a text: every name and alias of the loaded lists and of the curated
supplement, and the firms' short names (data/short_names_zh.yaml), found with Aho-Corasick;
Latin names only at word boundaries, Chinese short names only where they stand as words, and
short or common names left out so that they do not flood the findings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ahocorasick
from rigour.names.org_types import remove_org_types

from rightscreen.extract.normalize import normalize_text
from rightscreen.model import Entity
from rightscreen.names.analyze import analyze
from rightscreen.names.chinese import has_han
from rightscreen.screening.short_names import (
    ContextCheck,
    ShortName,
    ShortNames,
    WordCheck,
    load_short_names,
)
from rightscreen.screening.text_units import PageText, fold_case, longest_first, word_bounded

_TRAILING_PUNCTUATION = re.compile(r"[\s,.;:()]+$")
# Latin names shorter than this are too likely to be words or initials of something else.
MIN_LATIN = 5
# Curated brands may be shorter (Yitu).
MIN_CURATED = 4
# A one-word Latin name must be at least this long and this rare across the lists (Hikvision,
# Megvii pass; Delta, Orion, Vision do not).
MIN_SINGLE_WORD = 6
MIN_SINGLE_RARITY = 0.75
# Chinese names from the lists shorter than this are too likely to be words; the firms' own
# short names (旷视, 大华) come from short_names_zh.yaml, each decided by what it is.
MIN_HAN = 3
# The automaton holds the first PREFIX characters of each name, and a match of them is checked
# against the whole names that begin so. Listed names share long beginnings ("china national
# ..."): for the built-in lists it has 160,000 nodes instead of 590,000, and is made in 0.03 s
# instead of 0.11 s, at every start; the most names one beginning stands for is 600, checked
# with str.startswith only where the beginning is in the text.
PREFIX = 12


@dataclass(slots=True)
class Pattern:
    text: str
    name: str  # the name as the list or supplement writes it
    entities: list[int] = field(default_factory=list)
    # Made of dictionary words only ("China Mobile", "Islamic State"): counted only where the
    # text writes it as a proper name, every word capitalised.
    proper: bool = False
    # A firm's short name: a Chinese one counts only where it stands as a word, an ordinary
    # word (大华) only in context.
    short: ShortName | None = None


@cache
def english_words() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=True))


@dataclass(slots=True)
class Mention:
    pattern: Pattern
    start: int
    end: int


class MentionFinder:
    """Built once from the entities of a snapshot; finds them in many pages."""

    def __init__(self, entities: list[Entity], rarity: Any,
                 short_names: ShortNames | None = None):
        short_names = short_names or load_short_names()
        patterns, skipped = build_patterns(entities, rarity, short_names)
        self._setup(patterns, short_names, skipped)

    @classmethod
    def from_patterns(cls, patterns: dict[str, Pattern], short_names: ShortNames,
                      skipped: int = 0) -> MentionFinder:
        """A finder over patterns built before (read back from the document cache)."""
        finder = cls.__new__(cls)
        finder._setup(patterns, short_names, skipped)
        return finder

    def _setup(self, patterns: dict[str, Pattern], short_names: ShortNames,
               skipped: int) -> None:
        self.short_names = short_names
        self.patterns = patterns
        self.skipped = skipped
        self._words: WordCheck | None = None
        self.context = ContextCheck(short_names)
        beginnings: dict[str, list[Pattern]] = {}
        for key, pattern in patterns.items():
            beginnings.setdefault(key[:PREFIX], []).append(pattern)
        self.automaton = ahocorasick.Automaton()
        for beginning, group in beginnings.items():
            self.automaton.add_word(beginning, (len(beginning), tuple(group)))
        self.size = len(patterns)
        if patterns:
            self.automaton.make_automaton()

    def occurrences(self, text: str) -> Iterator[tuple[Pattern, int, int]]:
        """Every place a searched name stands in `text` (matching text), with its bounds; no
        rule of where a name counts is applied."""
        if not self.size:
            return
        for end_index, (length, group) in self.automaton.iter(text):
            start = end_index + 1 - length
            for pattern in group:
                if text.startswith(pattern.text, start):
                    yield pattern, start, start + len(pattern.text)

    def find(self, page: PageText) -> list[Mention]:
        if not self.size:
            return []
        text = page.matching
        found: list[Mention] = []
        for pattern, start, end in self.occurrences(text):
            han = has_han(pattern.text)
            if not han and not word_bounded(text, start, end):
                continue
            if pattern.proper and not _capitalised(page.joined[start:end]):
                continue
            if pattern.short is not None and han and not self._stands_alone(pattern.short,
                                                                            text, start, end):
                continue
            found.append(Mention(pattern, start, end))
        kept = longest_first(found, lambda mention: (mention.start, mention.end))
        brands = [(m.start, m.end) for m in kept if m.pattern.short is None
                  or not m.pattern.short.ordinary]
        return [m for m in kept if m.pattern.short is None or not m.pattern.short.ordinary
                or self._in_context(text, m, brands)]

    def prepare(self) -> WordCheck:
        """jieba, loaded once a text names a Chinese short name (about a second), or before
        forking workers that would each load it."""
        if self._words is None:
            self._words = WordCheck(self.short_names.names)
        return self._words

    def _stands_alone(self, short: ShortName, text: str, start: int, end: int) -> bool:
        if short.not_followed_by and text.startswith(short.not_followed_by, end):
            return False
        return self.prepare().stands_alone(text, start, end)

    def _in_context(self, text: str, mention: Mention, brands: list[tuple[int, int]]) -> bool:
        return (self.context.before_product(text, mention.end)
                or self.context.beside(text, brands, mention.start, mention.end)
                or self.context.in_brand_field(text, mention.start))


def build_patterns(entities: list[Entity], rarity: Any,
                   short_names: ShortNames) -> tuple[dict[str, Pattern], int]:
    """Every name worth searching, by its matching key; and how many names were left out."""
    patterns: dict[str, Pattern] = {}
    by_key: dict[str, list[int]] = {}  # every key, searched or not: short names point here
    undecided: dict[str, list[int]] = {}  # short Chinese names of the supplement
    skipped = 0
    for position, entity in enumerate(entities):
        for name in entity.names:
            for key in _keys(name.value):
                by_key.setdefault(key, []).append(position)
                worth = _worth_searching(key, entity.schema, name.origin, rarity)
                if worth is None:
                    skipped += 1
                    if has_han(key) and name.origin.startswith("supplement"):
                        undecided.setdefault(key, []).append(position)
                    continue
                pattern = patterns.setdefault(key, Pattern(key, name.value, proper=worth))
                if position not in pattern.entities:
                    pattern.entities.append(position)
    _add_short_names(patterns, entities, by_key, short_names)
    for key, positions in undecided.items():
        # A short name the curated supplement gives (兵团, 北航) that short_names_zh.yaml
        # has not decided yet: taken for an ordinary word, counted only in context.
        if key not in patterns:
            patterns[key] = Pattern(key, key, list(dict.fromkeys(positions)), short=ShortName(
                key, None, None, ordinary=True, source="supplement",
                evidence="not decided in short_names_zh.yaml: counted only in context"))
    return patterns, skipped


def _add_short_names(patterns: dict[str, Pattern], entities: list[Entity],
                     by_key: dict[str, list[int]], short_names: ShortNames) -> None:
    by_subject: dict[str, list[int]] = {}
    for position, entity in enumerate(entities):
        if entity.subject:
            by_subject.setdefault(entity.subject, []).append(position)
    for short in short_names.names:
        positions = (by_subject.get(short.subject, []) if short.subject else
                     [p for key in _keys(short.listed or "") for p in by_key.get(key, [])])
        key = fold_case(normalize_text(short.name))
        if not positions or key in patterns:
            continue  # the firm is not loaded, or the name is already a listed name
        patterns[key] = Pattern(key, short.name, list(dict.fromkeys(positions)), short=short)


def _keys(name: str) -> list[str]:
    """The name as written, and for Latin names also without its legal form, since documents
    write "Co., Ltd.", "Co. Ltd" and "Company Limited" as they please."""
    key = fold_case(normalize_text(name)).strip()
    if has_han(key):
        return [key]
    core = _TRAILING_PUNCTUATION.sub("", remove_org_types(key))
    core = " ".join(core.split())
    return [key, core] if core and core != key and " " in core else [key]


def _capitalised(text: str) -> bool:
    return all(word[0].isupper() for word in text.split() if word[0].isalpha())


def _worth_searching(key: str, schema: str, origin: str, rarity: Any) -> bool | None:
    """None to leave a name out; otherwise whether it must stand capitalised in the text."""
    if has_han(key):
        return False if len(key) >= MIN_HAN else None
    curated = origin.startswith("supplement")
    if len(key) < (MIN_CURATED if curated else MIN_LATIN):
        return None
    words = [t for t in analyze(key).tokens if t.kind != "stop"]
    if not any(t.kind in ("word", "number") and len(t.text) >= 3 for t in words):
        return None  # only generic words, places or scraps: "Technology Company", "Mr. O"
    dictionary = english_words()
    plain = all(t.text in dictionary or t.kind == "number" for t in words)
    if len(words) == 1:
        if schema == "Person" or plain:
            return None  # a lone given name, or an English word ("People", "Success")
        if curated or (len(key) >= MIN_SINGLE_WORD and rarity(words[0].text) >= MIN_SINGLE_RARITY):
            return False
        return None
    return plain
