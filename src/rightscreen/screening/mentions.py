"""Listed entities named in a text: every name and alias of the loaded lists and of the curated
supplement, found with Aho-Corasick, Latin names only at word boundaries, and short or common
names left out so that they do not flood the findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ahocorasick
from rigour.names.org_types import remove_org_types

from rightscreen.extract.normalize import normalize_text
from rightscreen.model import Entity
from rightscreen.names.analyze import analyze
from rightscreen.names.chinese import has_han
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
# Chinese names shorter than this are ordinary words (大华 is also "Great China").
MIN_HAN = 3


@dataclass(slots=True)
class Pattern:
    text: str
    name: str  # the name as the list or supplement writes it
    entities: list[int] = field(default_factory=list)
    # Made of dictionary words only ("China Mobile", "Islamic State"): counted only where the
    # text writes it as a proper name, every word capitalised.
    proper: bool = False


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

    def __init__(self, entities: list[Entity], rarity: Any):
        self.entities = entities
        patterns: dict[str, Pattern] = {}
        self.skipped = 0
        for position, entity in enumerate(entities):
            for name in entity.names:
                for key in _keys(name.value):
                    worth = _worth_searching(key, entity.schema, name.origin, rarity)
                    if worth is None:
                        self.skipped += 1
                        continue
                    pattern = patterns.setdefault(key, Pattern(key, name.value, proper=worth))
                    if position not in pattern.entities:
                        pattern.entities.append(position)
        self.automaton = ahocorasick.Automaton()
        for key, pattern in patterns.items():
            self.automaton.add_word(key, pattern)
        self.size = len(patterns)
        if patterns:
            self.automaton.make_automaton()

    def find(self, page: PageText) -> list[Mention]:
        if not self.size:
            return []
        text = page.matching
        found: list[Mention] = []
        for end_index, pattern in self.automaton.iter(text):
            end = end_index + 1
            start = end - len(pattern.text)
            if not has_han(pattern.text) and not word_bounded(text, start, end):
                continue
            if pattern.proper and not _capitalised(page.joined[start:end]):
                continue
            found.append(Mention(pattern, start, end))
        return longest_first(found, lambda mention: (mention.start, mention.end))


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
