"""The candidate index: words, joined word pairs, spelling buckets, sound keys and identifiers,
built once from a snapshot so that no query scans the whole list.

The index is compact: every word is a number, postings and each name's analysed words live in
a few flat arrays, and a name's prepared form is rebuilt from them when it is a candidate. A
million entities would otherwise hold tens of millions of Python objects. The same arrays are
what the warm-start cache (`rightscreen.cache`) writes and reads back."""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from rightscreen.data import word_stats
from rightscreen.matching.forms import (
    FormTable,
    IndexState,
    WordGroups,
    build_state,
    group_words,
    no_collection,
    zeros,
)
from rightscreen.matching.scorer import PreparedName, prepare_words
from rightscreen.matching.skeletons import Skeletons
from rightscreen.matching.spelling_search import (
    LetterSets,
    bucket_key,
    end_length,
    search_keys,
    within_edits,
)
from rightscreen.matching.tokens import (
    MIN_FUZZY,
    allowed_edits,
    is_vowelless,
    plural_forms,
    sound_key,
    spelling_similarity,
    token_similarity,
)
from rightscreen.model import Entity
from rightscreen.names.analyze import NameForm

__all__ = ["IndexState", "IndexedName", "NameIndex", "count_spellings", "index_keys"]

# Lists with fewer distinct names than this borrow word counts from the built-in snapshot.
BACKGROUND_BELOW = 10_000
# A query word found in more names than this is taken as spelled right: no fuzzy search.
KNOWN_WORD = 20
VARIANT_CACHE = 100_000
LARGE_VOCABULARY = 500_000
# Prepared names kept once rebuilt: every name of a list the size of the built-in snapshot, so
# that screening it costs what it did when all were kept; a bounded share of a larger one.
PREPARED_CACHE = 200_000


@dataclass(frozen=True, slots=True)
class IndexedName:
    entity: int  # position in NameIndex.entities
    value: str
    kind: str
    prepared: PreparedName


class Postings(Mapping[str, memoryview]):
    """Name ids by index key, ascending: words[i]'s are ids[start[i]:start[i + 1]]. Two flat
    arrays instead of an array object per key: a large list has millions of keys."""

    def __init__(self, vocabulary: dict[str, int], start: array[int], ids: array[int]):
        self._vocabulary = vocabulary
        self._start = start
        self._ids = memoryview(ids)
        self._size = sum(1 for i in range(len(start) - 1) if start[i] != start[i + 1])

    def get(self, key: str, default: memoryview | None = None) -> memoryview | None:  # type: ignore[override]
        i = self._vocabulary.get(key)
        if i is None:
            return default
        first, end = self._start[i], self._start[i + 1]
        return self._ids[first:end] if end > first else default

    def __getitem__(self, key: str) -> memoryview:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        i = self._vocabulary.get(key) if isinstance(key, str) else None
        return i is not None and self._start[i + 1] > self._start[i]

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        start = self._start
        for word, i in self._vocabulary.items():
            if start[i + 1] > start[i]:
                yield word


class PreparedNames(Sequence[PreparedName]):
    """Each indexed name's prepared form, rebuilt from the index's arrays on first use."""

    def __init__(self, index: NameIndex):
        self._index = index
        self._made: dict[int, PreparedName] = {}

    def __len__(self) -> int:
        return self._index.name_count

    def __getitem__(self, name_id: int) -> PreparedName:  # type: ignore[override]
        made = self._made.get(name_id)
        if made is None:
            made = self._index.prepare(name_id)
            if len(self._made) >= PREPARED_CACHE:
                self._made.clear()
            self._made[name_id] = made
        return made


class NameIndex:
    """Every name of every entity, searchable by word, spelling variant, sound and identifier."""

    def __init__(self, entities: list[Entity]):
        state, vocabulary = build_state(entities, index_keys, BACKGROUND_BELOW, word_stats)
        with no_collection():
            self._attach(entities, state, vocabulary)
            self._key_sounds()
            self._build_spelling_buckets()
        self.skeletons  # noqa: B018 - made now, with the index, and cached with it

    @classmethod
    def from_state(cls, entities: list[Entity], state: IndexState) -> NameIndex:
        """An index as it was built from `entities`, without analysing a name again."""
        state.check()
        first = state.first_name
        if len(first) != len(entities) + 1 or any(
                first[i + 1] - first[i] != len(e.names) for i, e in enumerate(entities)) or (
                state.name_entity and max(state.name_entity) >= len(entities)):
            raise ValueError("index state was built from other entities")
        index = cls.__new__(cls)
        with no_collection():
            index._attach(entities, state, {w: i for i, w in enumerate(state.words)})
            index._build_spelling_buckets()
        index.skeletons  # noqa: B018 - read back, or made if the state predates them
        return index

    def _attach(self, entities: list[Entity], state: IndexState,
                vocabulary: dict[str, int]) -> None:
        self.entities = entities
        self.state = state
        self._words = vocabulary
        # Per name (in entity order): its entity's position. Names of one entity are
        # contiguous: entity i owns names first_name[i]..first_name[i + 1].
        self.name_entity = state.name_entity
        self.first_name = state.first_name
        self.postings = Postings(vocabulary, state.key_start, state.key_ids)
        self.identifiers: dict[tuple[str, str], list[int]] = {
            (scheme, value): positions for scheme, value, positions in state.identifiers}
        self._forms = FormTable(state)
        self._log_n = math.log(max(state.spellings, 1) + 1)
        self._n = max(state.spellings, 1)
        self._by_number = array("d", [-1.0]) * len(state.words)  # rarity, -1 until asked
        self._variants: dict[str, dict[str, tuple[float, str]]] = {}
        self.prepared = PreparedNames(self)
        self._vocabulary = len(self.postings)
        self._skeletons: Skeletons | None = None

    @property
    def name_count(self) -> int:
        return len(self.name_entity)

    def word_counts(self, name_ids: Iterable[int]) -> list[int]:
        """How many words each name has, stop words and legal forms included."""
        start = self.state.token_start
        return [start[n + 1] - start[n] for n in name_ids]

    def form(self, name_id: int) -> NameForm:
        """A name's analysed form, as analyze() gave it when the index was built."""
        position = self.name_entity[name_id]
        value = self.entities[position].names[name_id - self.first_name[position]].value
        return self._forms.form(name_id, value)

    def prepare(self, name_id: int) -> PreparedName:
        """A name prepared for scoring, as prepare(self.form(name_id)) gives it, made from the
        arrays directly: a large list rebuilds a name for most candidates it scores."""
        position = self.name_entity[name_id]
        value = self.entities[position].names[name_id - self.first_name[position]].value
        texts, kinds, numbers = self._forms.words(name_id)
        return prepare_words(texts, kinds, self._forms.value(name_id, "han", None),
                             self._forms.value(name_id, "legal_forms", ()), value, self.rarity,
                             rarities=tuple(self._rarity_of_number(n) for n in numbers))

    def name(self, name_id: int) -> IndexedName:
        """One indexed name with its entity, made on demand (for the hits reported)."""
        position = self.name_entity[name_id]
        listed = self.entities[position].names[name_id - self.first_name[position]]
        return IndexedName(position, listed.value, listed.kind, self.prepared[name_id])

    def _build_spelling_buckets(self) -> None:
        # Words by (first letters, length) and (last letters, length): a word one or two edits
        # away nearly always keeps one of its two ends and nearly its length, so a query looks
        # at a few dozen words, compared in C by rapidfuzz, not the whole vocabulary. Grouped
        # once when the index is built and kept in its state, so the warm-start cache has them.
        state = self.state
        if not state.bucket_keys:
            self._group_for_spelling()
        self.buckets = WordGroups(state.bucket_keys, state.bucket_start, state.bucket_words,
                                  state.words)
        self.sounds = WordGroups(state.sound_keys, state.sound_start, state.sound_words,
                                 state.words)
        # A very large vocabulary's pools run to thousands of words: searched by their letters
        # first (spelling_search.LetterSets), in about a third of the time.
        self._letter_sets = (LetterSets(state.bucket_keys, state.bucket_start,
                                        self.buckets.members)
                             if self._vocabulary > LARGE_VOCABULARY else None)

    def _group_for_spelling(self) -> None:
        large = self._vocabulary > LARGE_VOCABULARY
        buckets: dict[str, list[int]] = defaultdict(list)
        sounds: dict[int, list[int]] = defaultdict(list)
        numbers, word_sound = self._words, self.state.word_sound
        for word in self._fuzzy_words():
            ends, n = end_length(len(word), large), numbers[word]
            buckets[bucket_key("f", word[:ends], len(word))].append(n)
            buckets[bucket_key("l", word[-ends:], len(word))].append(n)
            if word_sound[n]:
                sounds[word_sound[n]].append(n)
        state = self.state
        state.bucket_keys, state.bucket_start, state.bucket_words = group_words(buckets)
        by_sound = {str(g): sounds.get(g, []) for g in range(len(state.sound_keys))}
        _, state.sound_start, state.sound_words = group_words(by_sound)

    def _fuzzy_words(self) -> Iterator[str]:
        """Indexed words that a misspelling may find: no joined keys, numbers or short words."""
        for word in self.postings:
            if ":" not in word and not word.isdigit() and len(word) >= MIN_FUZZY:
                yield word

    def _key_sounds(self) -> None:
        # In bulk, past sound_key's cache, which is sized for query words.
        metaphone = sound_key.__wrapped__
        numbers: dict[str, int] = {"": 0}
        word_sound = zeros(len(self.state.words))
        for word in self._fuzzy_words():
            sound = metaphone(word)
            if len(sound) >= 3:
                word_sound[self._words[word]] = numbers.setdefault(sound, len(numbers))
        self.state.sound_keys = list(numbers)
        self.state.word_sound = word_sound

    @property
    def skeletons(self) -> Skeletons:
        """Words by their consonants: names transliterated from an abjad script (Arabic,
        Hebrew) are looked up by them. Made with the index and kept in its state."""
        if self._skeletons is None:
            if not self.state.skeleton_keys and self.state.words:
                with no_collection():
                    self.state.skeleton_keys = Skeletons.keys_of(self.state.words, (
                        self._words[word] for word in self.postings
                        if ":" not in word and not word.isdigit() and len(word) >= 3))
            self._skeletons = Skeletons(self.state.words, self.state.skeleton_keys)
        return self._skeletons

    def rarity(self, word: str) -> float:
        """From 0 (in every name) to 1 (in none): the inverse document frequency, scaled."""
        i = self._words.get(word)
        return self._rarity_of_number(i) if i is not None else self._scaled(0)

    def _rarity_of_number(self, number: int) -> float:
        # By word number, computed once: one array of a float per word, where a cache by text
        # would hold a string and a float per word asked and still compute each logarithm.
        value = self._by_number[number]
        if value < 0:
            value = self._by_number[number] = self._scaled(self.state.frequency[number])
        return value

    def _scaled(self, frequency: int) -> float:
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
        for form in plural_forms(word):  # sought however common the word: few lookups
            if form in self.postings:
                found[form] = token_similarity(word, form)
        if exact is not None and (len(exact) > KNOWN_WORD
                                  or self._vocabulary > LARGE_VOCABULARY):
            # A word this common, or any known word of a very large vocabulary, is taken as
            # spelled as meant: the fuzzy search is kept for words not seen before.
            return found
        if is_vowelless(word):
            for candidate in _few(self.skeletons.get(word, ())):
                if candidate not in found:
                    found[candidate] = token_similarity(word, candidate)
        edits = allowed_edits(len(word))
        if edits:
            keys = search_keys(word, edits, self._letter_sets is not None)
            if self._letter_sets is not None:
                near = self._letter_sets.near(word, keys, edits)
            else:
                near = within_edits(word, [w for key in keys for w in self.buckets.get(key)],
                                    edits)
            for candidate, distance in near:
                if candidate not in found:
                    found[candidate] = spelling_similarity(word, candidate, distance)
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


