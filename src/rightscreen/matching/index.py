"""The candidate index: words, joined word pairs, one-edit keys, sound keys and identifiers,
built once from a snapshot so that no query scans the whole list."""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rightscreen.identifiers import normalize_identifier
from rightscreen.matching.tokens import deletes, sound_key
from rightscreen.model import Entity
from rightscreen.names.analyze import NameForm, analyze

# A word in more names than this is too common to find candidates by alone.
MAX_POSTINGS = 20_000
# Kind of word → how much it says about identity, on top of its rarity.
KIND_FACTOR = {"word": 1.0, "gloss": 0.8, "number": 1.0, "place": 0.35, "initial": 0.5,
               "stop": 0.0}


@dataclass(frozen=True, slots=True)
class IndexedName:
    entity: int  # position in NameIndex.entities
    value: str
    kind: str
    form: NameForm


class NameIndex:
    """Every name of every entity, searchable by word, spelling variant, sound and identifier."""

    def __init__(self, entities: list[Entity]):
        self.entities = entities
        self.names: list[IndexedName] = []
        postings: dict[str, array[int]] = defaultdict(lambda: array("I"))
        self.identifiers: dict[tuple[str, str], list[int]] = defaultdict(list)
        # Names of one entity are contiguous: entity i owns names first_name[i]..first_name[i+1].
        self.first_name: list[int] = []
        for position, entity in enumerate(entities):
            self.first_name.append(len(self.names))
            for name in entity.names:
                form = analyze(name.value)
                name_id = len(self.names)
                self.names.append(IndexedName(position, name.value, name.kind, form))
                for key in index_keys(form):
                    postings[key].append(name_id)
                if form.han:
                    postings["han:" + form.han].append(name_id)
            for ident in entity.identifiers:
                ident_key = (ident.scheme, normalize_identifier(ident.scheme, ident.value))
                if position not in self.identifiers[ident_key]:
                    self.identifiers[ident_key].append(position)
        self.first_name.append(len(self.names))
        self.postings: dict[str, array[int]] = dict(postings)
        # Rarity counts each distinct spelling once: a firm on ten lists under one name should
        # not make its own name look common.
        seen_forms: set[tuple[str, ...]] = set()
        distinct: dict[str, int] = defaultdict(int)
        for indexed in self.names:
            words = indexed.form.words
            if words in seen_forms:
                continue
            seen_forms.add(words)
            for word in set(words):
                distinct[word] += 1
        self.distinct_frequency = dict(distinct)
        self.distinct_names = max(len(seen_forms), 1)
        self._log_n = math.log(self.distinct_names + 1)
        vocabulary = [k for k in self.postings if ":" not in k]
        by_delete: dict[str, list[str]] = defaultdict(list)
        by_sound: dict[str, list[str]] = defaultdict(list)
        for word in vocabulary:
            for key in deletes(word):
                by_delete[key].append(word)
            sound = sound_key(word)
            if len(sound) >= 2:
                by_sound[sound].append(word)
        self.by_delete = dict(by_delete)
        self.by_sound = dict(by_sound)

    def rarity(self, word: str) -> float:
        """From 0 (in every name) to 1 (in none): the inverse document frequency, scaled."""
        frequency = self.distinct_frequency.get(word, 0)
        return max(0.05, min(1.0, math.log((self.distinct_names + 1) / (frequency + 1))
                             / self._log_n))

    def variants(self, word: str) -> set[str]:
        """Indexed words one edit or one sound away from `word`, and the word itself."""
        found = {word} if word in self.postings else set()
        for key in deletes(word):
            if key in self.postings:
                found.add(key)
            found.update(self.by_delete.get(key, ()))
        found.update(self.by_delete.get(word, ()))
        sound = sound_key(word)
        if len(sound) >= 2:
            found.update(w for w in self.by_sound.get(sound, ()) if w[0] == word[0])
        return found


def index_keys(form: NameForm) -> Iterable[str]:
    """Words of a name, plus adjacent pairs joined, so that `hik vision` finds `hikvision`."""
    words = [t.text for t in form.tokens if t.kind != "stop"]
    keys = set(words)
    for left, right in zip(words, words[1:], strict=False):
        keys.add(left + right)
    if len(words) > 2:
        keys.add("".join(words))
    return keys
