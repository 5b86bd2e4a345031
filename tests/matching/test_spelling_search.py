from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from rightscreen import Screener
from rightscreen.matching import index as index_module
from rightscreen.matching.forms import group_words
from rightscreen.matching.index import NameIndex
from rightscreen.matching.spelling_search import (
    BATCH_POOL,
    LetterSets,
    bucket_key,
    end_length,
    letter_mask,
    search_keys,
    within_edits,
)
from rightscreen.matching.tokens import allowed_edits
from rightscreen.snapshot import Snapshot

# Letters that collide in a mask (code point mod 64: 'a' and '!', 'p' and '0') are in the
# alphabet on purpose, beside Latin, Cyrillic and accented ones.
ALPHABET = "abcdeopqz0!ñéжшç"


@pytest.mark.parametrize("large", [False, True])
def test_one_edit_always_keeps_a_bucket(large: bool) -> None:
    """Whatever the bucket ends, a word one edit from an indexed word shares its first or its
    last letters at the indexed word's length: the fuzzy search looks in that bucket."""
    for word in ("abcd", "abcdef", "abcdefgh", "abcdefghijk", "abcdefghijklm"):
        edits = []
        for i in range(len(word)):
            edits.append(word[:i] + word[i + 1:])                 # a letter missing
            edits.append(word[:i] + "z" + word[i:])               # a letter added
            edits.append(word[:i] + "z" + word[i + 1:])           # a letter changed
        for query in edits:
            if not allowed_edits(len(query)):
                continue
            ends = end_length(len(word), large)
            assert query[:ends] == word[:ends] or query[-ends:] == word[-ends:], (word, query)
            assert (bucket_key("f", word[:ends], len(word)) in search_keys(query, 1, large)
                    or bucket_key("l", word[-ends:], len(word)) in search_keys(query, 1, large))


def test_spelling_search_in_one_batch_finds_what_one_by_one_finds(screener: Screener) -> None:
    # A very large list compares a large pool of words in one rapidfuzz batch; the words and
    # distances must be those of comparing them one by one, in the same order.
    pool = sorted(screener.index.postings)[:5000]
    assert len(pool) > BATCH_POOL
    for word, edits in (("technologies", 2), ("industrial", 2), ("bank", 1), ("abcdef", 1),
                        (pool[100], 1), (pool[2000] + "x", 2)):
        one_by_one = within_edits(word, pool, edits)
        assert within_edits(word, pool, edits, batch=True) == one_by_one
    assert within_edits(pool[100], pool, 1)  # the word itself, at least


@settings(max_examples=400)
@given(st.text(ALPHABET, min_size=1, max_size=12), st.text(ALPHABET, min_size=1, max_size=12))
def test_words_within_edits_differ_in_no_more_letters_than_edits(a: str, b: str) -> None:
    # The rule LetterSets rules words out by: it must never rule out a word within reach.
    distance = OSA.distance(a, b)
    assert bin(letter_mask(a) & ~letter_mask(b)).count("1") <= distance
    assert bin(letter_mask(b) & ~letter_mask(a)).count("1") <= distance


@settings(max_examples=400)
@given(st.text(ALPHABET, max_size=6), st.text(ALPHABET, max_size=8),
       st.text(ALPHABET, max_size=8))
def test_a_shared_end_costs_no_edit(shared: str, a: str, b: str) -> None:
    # LetterSets compares only what is left of two words past the end they share.
    assert OSA.distance(shared + a, shared + b) == OSA.distance(a, b)
    assert OSA.distance(a + shared, b + shared) == OSA.distance(a, b)


def _letter_sets(words: list[str]) -> tuple[LetterSets, dict[str, list[str]]]:
    """Buckets as a very large index makes them, with the same words as text."""
    numbers = {w: i for i, w in enumerate(words)}
    buckets: dict[str, list[int]] = defaultdict(list)
    for word in words:
        if len(word) >= 4:
            ends = end_length(len(word), True)
            buckets[bucket_key("f", word[:ends], len(word))].append(numbers[word])
            buckets[bucket_key("l", word[-ends:], len(word))].append(numbers[word])
    keys, start, members = group_words(buckets)
    strings = [words[n] for n in members]
    return LetterSets(keys, start, strings), {k: [words[n] for n in v]
                                              for k, v in buckets.items()}


def test_letter_sets_find_what_comparing_every_word_finds(screener: Screener) -> None:
    words = sorted(w for w in screener.index.postings if ":" not in w)
    words += ["жукова", "жуковаа", "шукова", "ñandú", "ñandúes", "a!bcdef", "apbcde0"]
    sets, buckets = _letter_sets(words)
    queries = [w[:3] + w[4:] for w in words[::97] if len(w) > 5]       # a letter missing
    queries += [w[:-2] + "q" + w[-2:] for w in words[::89] if len(w) >= 4]  # one added
    queries += ["technolgies", "industiral", "жукова", "ñandu", "abcdef", "a!bcdeff"]
    found = 0
    for word in queries:
        edits = allowed_edits(len(word))
        if not edits:
            continue
        keys = search_keys(word, edits, True)
        pool = [w for key in keys for w in buckets.get(key, [])]
        expected = within_edits(word, pool, edits)
        assert sets.near(word, keys, edits) == expected, word
        found += len(expected)
    assert found > len(queries)  # the queries do reach words, often more than one


def test_a_very_large_index_searches_spellings_by_letter_sets(
        fixture_snapshot: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    # A list past LARGE_VOCABULARY searches its pools through LetterSets: the words it finds
    # for a misspelling are those comparing the whole pool finds.
    monkeypatch.setattr(index_module, "LARGE_VOCABULARY", 0)
    index = NameIndex(fixture_snapshot.entities)
    assert index._letter_sets is not None
    words = sorted(w for w in index.postings if ":" not in w and len(w) >= 6)[:60]
    assert words
    for word in words:
        typo = word[:2] + word[3:]
        edits = allowed_edits(len(typo))
        pool = [w for key in search_keys(typo, edits, True) for w in index.buckets.get(key)]
        found = {w for w, (_, how) in index.variants(typo).items() if how == "spelling"}
        assert {w for w, _ in within_edits(typo, pool, edits)} <= found | {typo}, typo
        if typo not in index.postings:  # a known word is taken as spelled as meant
            assert word in found, typo
