"""The index's contents as flat arrays: words as numbers, each name's analysed form as runs of
word and kind numbers, postings sorted by key. Built once from the entities, or read back from
the warm-start cache; nothing here is a Python object per word or per name.

Fields of `NameForm` and `Token` beyond the words and kinds (legal forms, the Chinese core, and
any the analyser gains) are kept generically: one array per field of numbers into a table of
distinct values. The index and its cache need not change when the analyser does."""

from __future__ import annotations

import gc
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

from rightscreen.identifiers import normalize_identifier
from rightscreen.model import Entity
from rightscreen.names.analyze import NameForm, Token, analyze

# Stored as numbers rather than as generic values: they are what every name has.
TOKEN_CORE = ("text", "kind")
FORM_CORE = ("original", "tokens")


def token_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Token) if f.name not in TOKEN_CORE)


def form_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(NameForm) if f.name not in FORM_CORE)


@contextmanager
def no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while long-lived objects are made in bulk: each
    pass it makes walks every object alive, the entities of a large list included, and it
    would run hundreds of times (it halves the time to read the built-in lists back)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen_objects() -> Iterator[None]:
    """Every object alive now left out of cyclic collections until the block ends (gc.freeze):
    forked workers' collections then neither walk nor copy them. Left frozen if the caller
    had frozen them already (the CLI freezes its lists for the whole process)."""
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if thaw:
            gc.unfreeze()


def uint_array(values: Iterable[int] = ()) -> array[int]:
    """Unsigned 32-bit numbers: ids of names, words and postings ('I' is 4 bytes on every
    platform CPython runs on; the cache checks the item size before it reads one back)."""
    return array("I", values)


def zeros(count: int) -> array[int]:
    return array("I", bytes(array("I").itemsize * count))


@dataclass(slots=True)
class IndexState:
    """Everything a NameIndex holds beyond its entities, as arrays and plain values."""

    words: list[str]            # every word, index key and background word, by number
    frequency: array[int]       # distinct spellings each word stands in (by word number)
    spellings: int              # distinct spellings, the background's included
    key_start: array[int]       # words[i]'s postings: key_ids[key_start[i]:key_start[i + 1]]
    key_ids: array[int]         # name ids, ascending within a key
    name_entity: array[int]     # per name: its entity's position
    first_name: array[int]      # entity i owns names first_name[i]..first_name[i + 1]
    token_start: array[int]     # name i's tokens: token_start[i]..token_start[i + 1]
    token_text: array[int]      # per token: its word number
    token_kind: array[int]      # per token: its number in `kinds` ('B')
    kinds: list[str]
    values: list[Any]           # distinct values of the generic fields
    token_values: dict[str, array[int]]  # Token field -> per token, its number in `values`
    form_values: dict[str, array[int]]   # NameForm field -> per name, its number in `values`
    identifiers: list[tuple[str, str, list[int]]]  # (scheme, normalised value, positions)
    # Sound keys of the words searched by sound: per word, its number in `sound_keys` (0 for
    # none). Kept because metaphone costs more than the rest of the spelling keys together.
    sound_keys: list[str] = field(default_factory=lambda: [""])
    word_sound: array[int] = field(default_factory=uint_array)
    # Words grouped for the spelling search (see NameIndex): group g is named bucket_keys[g]
    # and holds the word numbers bucket_words[bucket_start[g]:bucket_start[g + 1]]; words by
    # sound likewise, group g being sound_keys[g]. Empty until the index groups them.
    bucket_keys: list[str] = field(default_factory=list)
    bucket_start: array[int] = field(default_factory=lambda: uint_array([0]))
    bucket_words: array[int] = field(default_factory=uint_array)
    sound_start: array[int] = field(default_factory=lambda: uint_array([0]))
    sound_words: array[int] = field(default_factory=uint_array)
    # Words by consonant skeleton, sorted (see matching.skeletons): checksum << shift | word.
    skeleton_keys: array[int] = field(default_factory=lambda: array("q"))

    def check(self) -> None:
        """Raise ValueError unless the arrays fit together: a state read back from disk must
        not send a lookup past the end of an array. Whole-array maxima run in C."""
        names, words, tokens = len(self.name_entity), len(self.words), len(self.token_text)
        shapes = [
            (len(self.frequency), words), (len(self.key_start), words + 1),
            (self.key_start[-1], len(self.key_ids)), (len(self.token_start), names + 1),
            (self.token_start[-1], tokens), (len(self.token_kind), tokens),
            (self.first_name[-1], names), (len(self.word_sound), words),
            (len(self.bucket_start), len(self.bucket_keys) + 1),
            (self.bucket_start[-1], len(self.bucket_words)),
            (self.sound_start[-1], len(self.sound_words)),
        ]
        if len(self.sound_start) > 1:
            shapes.append((len(self.sound_start), len(self.sound_keys) + 1))
        shapes += [(len(c), tokens) for c in self.token_values.values()]
        shapes += [(len(c), names) for c in self.form_values.values()]
        if any(found != wanted for found, wanted in shapes):
            raise ValueError("index arrays do not fit together")
        bounds = [(self.key_ids, names), (self.token_text, words), (self.bucket_words, words),
                  (self.sound_words, words), (self.bucket_start, len(self.bucket_words) + 1),
                  (self.sound_start, len(self.sound_words) + 1),
                  (self.token_kind, len(self.kinds)), (self.word_sound, len(self.sound_keys))]
        bounds += [(c, len(self.values)) for c in self.token_values.values()]
        bounds += [(c, len(self.values)) for c in self.form_values.values()]
        bounds += [(self.key_start, len(self.key_ids) + 1), (self.token_start, tokens + 1),
                   (self.first_name, names + 1)]
        if any(numbers and max(numbers) >= limit for numbers, limit in bounds):
            raise ValueError("an index number points past its table")


class WordGroups:
    """Words by a key, as one list in group order and each group's slice of it."""

    def __init__(self, keys: Iterable[str], start: array[int], members: array[int],
                 words: list[str]):
        self._group = {key: g for g, key in enumerate(keys)}
        self._start = start
        self.members = [words[n] for n in members]

    def get(self, key: str, default: tuple[()] = ()) -> list[str] | tuple[()]:
        g = self._group.get(key)
        if g is None or g + 1 >= len(self._start):
            return default
        return self.members[self._start[g]:self._start[g + 1]] or default


def group_words(grouped: dict[str, list[int]]) -> tuple[list[str], array[int], array[int]]:
    """Groups of word numbers as (keys, start, members), in the order the keys came."""
    start, members = uint_array([0]), uint_array()
    for numbers in grouped.values():
        members.extend(numbers)
        start.append(len(members))
    return list(grouped), start, members


class FormTable:
    """Rebuilds a name's NameForm from the state's arrays."""

    def __init__(self, state: IndexState):
        self._state = state
        self._token_fields = list(state.token_values.items())
        self._form_fields = list(state.form_values.items())
        # The kind number of stop words, compared as a number on every candidate's words.
        self._stop = state.kinds.index("stop") if "stop" in state.kinds else -1

    def words(self, name_id: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
        """A name's words, their kinds and their numbers, stop words left out: what the scorer
        weighs, with no Token or NameForm made on the way."""
        state = self._state
        start, end = state.token_start[name_id], state.token_start[name_id + 1]
        numbers: Sequence[int] = state.token_text[start:end]
        kind_numbers: Sequence[int] = state.token_kind[start:end]
        stop = self._stop
        if stop in kind_numbers:
            kept = [i for i, kind in enumerate(kind_numbers) if kind != stop]
            numbers = [numbers[i] for i in kept]
            kind_numbers = [kind_numbers[i] for i in kept]
        words, kinds = state.words, state.kinds
        return (tuple([words[n] for n in numbers]), tuple([kinds[k] for k in kind_numbers]),
                tuple(numbers))

    def value(self, name_id: int, field_name: str, default: Any) -> Any:
        """A NameForm field of a name (legal_forms, han), or `default` if forms lack it."""
        column = self._state.form_values.get(field_name)
        return default if column is None else self._state.values[column[name_id]]

    def form(self, name_id: int, original: str) -> NameForm:
        state = self._state
        words, kinds, values = state.words, state.kinds, state.values
        text, kind = state.token_text, state.token_kind
        span = range(state.token_start[name_id], state.token_start[name_id + 1])
        if self._token_fields:
            tokens = tuple(
                Token(words[text[t]], kinds[kind[t]],
                      **{name: values[column[t]] for name, column in self._token_fields})
                for t in span)
        else:  # Token is text and kind only: a name is rebuilt for every candidate it is
            tokens = tuple(Token(words[text[t]], kinds[kind[t]]) for t in span)
        extra = {name: values[column[name_id]] for name, column in self._form_fields}
        return NameForm(original, tokens, **extra)


class _Builder:
    """Numbers words, kinds and values as they come: first seen, first numbered, so that the
    same entities always give the same arrays."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.words: list[str] = []
        self.frequency = uint_array()
        self.kinds: dict[str, int] = {}
        self.values: list[Any] = []
        # Keyed by type too: 1, 1.0 and True are equal as dict keys but not as values.
        self._value_ids: dict[tuple[type, Any], int] = {}

    def word(self, text: str) -> int:
        number = self.vocabulary.get(text)
        if number is None:
            number = len(self.words)
            self.vocabulary[text] = number
            self.words.append(text)
            self.frequency.append(0)
        return number

    def kind(self, kind: str) -> int:
        return self.kinds.setdefault(kind, len(self.kinds))

    def value(self, value: Any) -> int:
        key = (type(value), value)
        try:
            number = self._value_ids.get(key)
        except TypeError:  # a list or a dict: keyed by its JSON text
            key = (type(value), json.dumps(value, sort_keys=True, default=repr))
            number = self._value_ids.get(key)
        if number is None:
            number = len(self.values)
            self._value_ids[key] = number
            self.values.append(value)
        return number


def build_state(entities: list[Entity], keys_of: Callable[[NameForm], Iterable[str]],
                background_below: int,
                background: Callable[[], tuple[dict[str, int], int]],
                ) -> tuple[IndexState, dict[str, int]]:
    """Analyse every name once and keep what the index needs, as arrays; also returns the
    word numbering as a dict, which the index would otherwise rebuild."""
    with no_collection():
        return _build_state(entities, keys_of, background_below, background)


def _build_state(entities: list[Entity], keys_of: Callable[[NameForm], Iterable[str]],
                 background_below: int,
                 background: Callable[[], tuple[dict[str, int], int]],
                 ) -> tuple[IndexState, dict[str, int]]:
    b = _Builder()
    token_names, form_names = token_fields(), form_fields()
    token_values = {name: uint_array() for name in token_names}
    form_values = {name: uint_array() for name in form_names}
    token_start, token_text, token_kind = uint_array([0]), uint_array(), array("B")
    name_entity, first_name = uint_array(), uint_array()
    pair_key, pair_name = uint_array(), uint_array()  # (key, name) pairs, sorted below
    identifiers: dict[tuple[str, str], list[int]] = {}
    seen: set[bytes] = set()
    for position, entity in enumerate(entities):
        first_name.append(len(name_entity))
        for listed in entity.names:
            form = analyze(listed.value)
            name_id = len(name_entity)
            name_entity.append(position)
            for token in form.tokens:
                token_text.append(b.word(token.text))
                token_kind.append(b.kind(token.kind))
                for name in token_names:
                    token_values[name].append(b.value(getattr(token, name)))
            token_start.append(len(token_text))
            for name in form_names:
                form_values[name].append(b.value(getattr(form, name)))
            # sorted: a set's order changes from one process to the next, the numbers must not
            for key in sorted(keys_of(form)):
                pair_key.append(b.word(key))
                pair_name.append(name_id)
            if form.han:
                pair_key.append(b.word("han:" + form.han))
                pair_name.append(name_id)
            _count_spelling(b, form, seen)
        for ident in entity.identifiers:
            positions = identifiers.setdefault(
                (ident.scheme, normalize_identifier(ident.scheme, ident.value)), [])
            if position not in positions:
                positions.append(position)
    first_name.append(len(name_entity))
    spellings = len(seen)
    del seen
    if spellings < background_below:
        # A short list (a user's own) says little about which words are common: its counts
        # are added to those of the built-in lists, so that a score means the same on it.
        counts, background_n = background()
        for word, count in counts.items():
            b.frequency[b.word(word)] += count
        spellings += background_n
    key_start, key_ids = _sort_postings(len(b.words), pair_key, pair_name)
    kinds = sorted(b.kinds, key=b.kinds.__getitem__)
    state = IndexState(
        words=b.words, frequency=b.frequency, spellings=spellings, key_start=key_start,
        key_ids=key_ids, name_entity=name_entity, first_name=first_name,
        token_start=token_start, token_text=token_text, token_kind=token_kind, kinds=kinds,
        values=b.values, token_values=token_values, form_values=form_values,
        identifiers=[(scheme, value, positions)
                     for (scheme, value), positions in identifiers.items()])
    return state, b.vocabulary


def _count_spelling(b: _Builder, form: NameForm, seen: set[bytes]) -> None:
    # Rarity counts each distinct spelling (the words of a name, stop words out) once; the
    # spelling is keyed by its word numbers, a few bytes, not a tuple of strings.
    numbers = [b.word(word) for word in form.words]
    spelling = uint_array(numbers).tobytes()
    if spelling in seen:
        return
    seen.add(spelling)
    for number in set(numbers):
        b.frequency[number] += 1


def _sort_postings(size: int, pair_key: array[int],
                   pair_name: array[int]) -> tuple[array[int], array[int]]:
    """Counting sort of (key, name) pairs by key; names stay ascending within a key because
    the pairs were made in name order."""
    start = zeros(size + 1)
    for key in pair_key:
        start[key + 1] += 1
    for i in range(size):
        start[i + 1] += start[i]
    fill = uint_array(start)
    ids = zeros(len(pair_key))
    for key, name in zip(pair_key, pair_name, strict=True):
        ids[fill[key]] = name
        fill[key] += 1
    return start, ids
