"""The candidate index: words, joined word pairs, spelling buckets, sound keys and identifiers,
built once from a snapshot so that no query scans the whole list."""

from __future__ import annotations

import gzip
import json
import math
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

from rightscreen.identifiers import normalize_identifier
from rightscreen.matching.scorer import PreparedName, prepare_parts
from rightscreen.matching.tokens import (
    MIN_FUZZY,
    allowed_edits,
    is_vowelless,
    skeleton,
    sound_key,
    token_similarity,
)
from rightscreen.model import Entity
from rightscreen.names.analyze import NameForm, analyze

# Lists with fewer distinct names than this borrow word counts from the built-in snapshot.
BACKGROUND_BELOW = 10_000
# A query word found in more names than this is taken as spelled right: no fuzzy search.
KNOWN_WORD = 20
VARIANT_CACHE = 100_000
LARGE_VOCABULARY = 500_000


@dataclass(frozen=True, slots=True)
class IndexedName:
    entity: int  # position in NameIndex.entities
    value: str
    kind: str
    prepared: PreparedName


class NameIndex:
    """Every name of every entity, searchable by word, spelling variant, sound and identifier."""

    def __init__(self, entities: list[Entity]):
        self.entities = entities
        # Each name's words, kinds, Chinese core and legal forms: the analysed form itself is
        # let go at once, so that a large list never holds millions of token objects.
        forms: list[tuple[tuple[str, ...], tuple[str, ...], str | None, tuple[str, ...]]] = []
        # Per name (in entity order): its entity's position. Names are kept as parallel arrays,
        # not objects, because a large list has millions of them.
        self.name_entity: array[int] = array("I")
        postings: dict[str, array[int]] = defaultdict(lambda: array("I"))
        self.identifiers: dict[tuple[str, str], list[int]] = defaultdict(list)
        # Names of one entity are contiguous: entity i owns names first_name[i]..first_name[i+1].
        self.first_name: list[int] = []
        for position, entity in enumerate(entities):
            self.first_name.append(len(forms))
            for name in entity.names:
                form = analyze(name.value)
                name_id = len(forms)
                kept = [t for t in form.tokens if t.kind != "stop"]
                forms.append((tuple(t.text for t in kept), tuple(t.kind for t in kept),
                              form.han, form.legal_forms))
                self.name_entity.append(position)
                for key in index_keys(form):
                    postings[key].append(name_id)
                if form.han:
                    postings["han:" + form.han].append(name_id)
            for ident in entity.identifiers:
                ident_key = (ident.scheme, normalize_identifier(ident.scheme, ident.value))
                if position not in self.identifiers[ident_key]:
                    self.identifiers[ident_key].append(position)
        self.first_name.append(len(forms))
        self.postings: dict[str, array[int]] = dict(postings)
        self._count_distinct_spellings(forms)
        self._rarity: dict[str, float] = {}
        self._variants: dict[str, dict[str, tuple[float, str]]] = {}
        # Weights come straight from the counts: caching every word's rarity would hold the
        # whole vocabulary twice; the cache is for query words.
        self.prepared = [prepare_parts(*parts, self._rarity_of) for parts in forms]
        del forms
        self._build_spelling_buckets()

    @property
    def name_count(self) -> int:
        return len(self.prepared)

    def name(self, name_id: int) -> IndexedName:
        """One indexed name with its entity, made on demand (for the hits reported)."""
        position = self.name_entity[name_id]
        listed = self.entities[position].names[name_id - self.first_name[position]]
        return IndexedName(position, listed.value, listed.kind, self.prepared[name_id])

    def _count_distinct_spellings(
            self, forms: list[tuple[tuple[str, ...], tuple[str, ...], str | None,
                                    tuple[str, ...]]]) -> None:
        distinct, n = count_spellings(words for words, _, _, _ in forms)
        if n < BACKGROUND_BELOW:
            # A short list (a user's own) says little about which words are common: its counts
            # are added to those of the built-in lists, so that a score means the same on it.
            background, background_n = load_word_stats()
            for word, count in background.items():
                distinct[word] = distinct.get(word, 0) + count
            n += background_n
        self.distinct_frequency = distinct
        self._log_n = math.log(max(n, 1) + 1)
        self._n = max(n, 1)

    def _build_spelling_buckets(self) -> None:
        # Words by (first letters, length) and (last letters, length): a word one or two edits
        # away nearly always keeps one of its two ends and nearly its length, so a query looks
        # at a few dozen words, compared in C by rapidfuzz, not the whole vocabulary.
        buckets: dict[tuple[str, str, int], list[str]] = defaultdict(list)
        sounds: dict[str, list[str]] = defaultdict(list)
        for word in self.postings:
            if ":" in word or word.isdigit() or len(word) < MIN_FUZZY:
                continue
            ends = _end_length(len(word))
            buckets[("first", word[:ends], len(word))].append(word)
            buckets[("last", word[-ends:], len(word))].append(word)
            sound = sound_key(word)
            if len(sound) >= 3:
                sounds[sound].append(word)
        self._vocabulary = len(self.postings)
        self.buckets = dict(buckets)
        self.sounds = dict(sounds)
        self._skeletons: dict[str, list[str]] | None = None

    @property
    def skeletons(self) -> dict[str, list[str]]:
        """Words by their consonants, built on first use: only names transliterated from an
        abjad script (Arabic, Hebrew) need it, and it costs memory on a large list."""
        if self._skeletons is None:
            found: dict[str, list[str]] = defaultdict(list)
            for word in self.postings:
                if ":" not in word and not word.isdigit() and len(word) >= 3:
                    found[skeleton(word)].append(word)
            self._skeletons = dict(found)
        return self._skeletons

    def rarity(self, word: str) -> float:
        """From 0 (in every name) to 1 (in none): the inverse document frequency, scaled."""
        value = self._rarity.get(word)
        if value is None:
            value = self._rarity_of(word)
            if len(self._rarity) >= VARIANT_CACHE:
                self._rarity.clear()
            self._rarity[word] = value
        return value

    def _rarity_of(self, word: str) -> float:
        frequency = self.distinct_frequency.get(word, 0)
        return max(0.05, min(1.0, math.log((self._n + 1) / (frequency + 1)) / self._log_n))

    def variants(self, word: str) -> dict[str, tuple[float, str]]:
        """Indexed words that count as the same word as `word`, with their similarity."""
        cached = self._variants.get(word)
        if cached is not None:
            return cached
        found = self._find_variants(word)
        if len(self._variants) >= VARIANT_CACHE:
            self._variants.clear()
        self._variants[word] = found
        return found

    def _find_variants(self, word: str) -> dict[str, tuple[float, str]]:
        found: dict[str, tuple[float, str]] = {}
        exact = self.postings.get(word)
        if exact is not None:
            found[word] = (1.0, "same")
            if len(exact) > KNOWN_WORD or self._vocabulary > LARGE_VOCABULARY:
                # A word this common, or any known word of a very large vocabulary, is taken
                # as spelled as meant: the fuzzy search is kept for words not seen before.
                return found
        if is_vowelless(word):
            for candidate in _few(self.skeletons.get(word, ())):
                if candidate not in found:
                    found[candidate] = token_similarity(word, candidate)
        edits = allowed_edits(len(word))
        if edits:
            for length in range(len(word) - edits, len(word) + edits + 1):
                ends = _end_length(length)
                for key in (("first", word[:ends], length), ("last", word[-ends:], length)):
                    bucket = self.buckets.get(key)
                    if not bucket:
                        continue
                    for candidate, _, _ in process.extract(word, bucket, scorer=OSA.distance,
                                                           score_cutoff=edits, limit=None):
                        if candidate not in found:
                            found[candidate] = token_similarity(word, candidate)
            sound = sound_key(word) if len(word) >= 5 else ""
            for candidate in _few(self.sounds.get(sound, ())) if len(sound) >= 3 else ():
                if candidate not in found:
                    similarity = token_similarity(word, candidate)
                    if similarity[0] > 0:
                        found[candidate] = similarity
        return found


# A sound or consonant key shared by more words than this says too little to search by.
KEY_MAX = 30


def _few(words: list[str] | tuple[()]) -> list[str] | tuple[()]:
    return words if len(words) <= KEY_MAX else ()


def _end_length(length: int) -> int:
    # One edit leaves one end of a word intact when the two ends do not overlap: two letters
    # each for words of four or five letters, three from six on.
    return 2 if length <= 5 else 3


# Adjacent words are also indexed joined when one of them is this short: "Hik Vision" and
# "Sense Time" are written as one word too, "Digital Technology" is not.
JOIN_MAX = 5


def index_keys(form: NameForm) -> Iterable[str]:
    """Words of a name, plus short adjacent pairs joined, so `hik vision` finds `hikvision`."""
    words = [t.text for t in form.tokens if t.kind != "stop"]
    keys = set(words)
    for left, right in zip(words, words[1:], strict=False):
        if min(len(left), len(right)) <= JOIN_MAX:
            keys.add(left + right)
    return keys


def count_spellings(names: Iterable[tuple[str, ...]]) -> tuple[dict[str, int], int]:
    """In how many distinct spellings each word stands, and how many spellings there are.
    Rarity counts each distinct spelling once: a firm on ten lists under one name should not
    make its own name look common."""
    seen: set[tuple[str, ...]] = set()
    distinct: dict[str, int] = defaultdict(int)
    for words in names:
        if words in seen:
            continue
        seen.add(words)
        for word in set(words):
            distinct[word] += 1
    return dict(distinct), len(seen)


@cache
def load_word_stats() -> tuple[dict[str, int], int]:
    """Word counts of the built-in snapshot (written by `make snapshot`), or none."""
    try:
        raw = resources.files("rightscreen.data").joinpath(WORD_STATS).read_bytes()
    except (FileNotFoundError, OSError):
        return {}, 0
    data = json.loads(gzip.decompress(raw))
    return {str(k): int(v) for k, v in data["counts"].items()}, int(data["distinct_names"])


WORD_STATS = "word_stats.json.gz"
