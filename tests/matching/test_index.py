from __future__ import annotations

import pytest

from rightscreen import Screener
from rightscreen.cache import decode_state, encode_state
from rightscreen.matching.index import BATCH_POOL, NameIndex, _end_length, within_edits
from rightscreen.matching.scorer import prepare
from rightscreen.matching.tokens import allowed_edits
from rightscreen.model import Entity, Name, SourceRef
from rightscreen.names.analyze import analyze
from rightscreen.snapshot import Snapshot


def _entity(number: int, *names: str) -> Entity:
    return Entity(id=f"t:{number}", schema="Company", names=[Name(n) for n in names],
                  sources=[SourceRef("t", str(number))])


def test_every_name_comes_back_as_analysed(fixture_snapshot: Snapshot) -> None:
    """The arrays keep everything analyze() says of a name, fields the index does not know
    of included: the prepared name is the one a fresh analysis gives."""
    index = NameIndex(fixture_snapshot.entities)
    values = [n.value for e in fixture_snapshot.entities for n in e.names]
    assert index.name_count == len(values)
    for name_id, value in enumerate(values):
        assert index.form(name_id) == analyze(value)
        assert index.prepared[name_id] == prepare(analyze(value), index.rarity_of)


def test_postings_hold_each_key_name_ascending() -> None:
    index = NameIndex([_entity(0, "Orion Precision Systems"), _entity(1, "Orion Trading"),
                       _entity(2, "Hik Vision", "Orion")])
    assert list(index.postings["orion"]) == [0, 1, 3]
    assert list(index.postings["hikvision"]) == [2]  # short adjacent words, joined
    assert "absent" not in index.postings and index.postings.get("absent") is None
    assert set(index.postings) >= {"orion", "precision", "trading", "hik", "vision"}
    assert all(len(index.postings[key]) > 0 for key in index.postings)
    assert [index.name_entity[i] for i in range(4)] == [0, 1, 2, 2]
    assert list(index.first_name) == [0, 1, 2, 4]


def test_a_spelling_on_many_entries_counts_once() -> None:
    fillers = [_entity(n, f"Filler{n}") for n in range(3, 12)]
    index = NameIndex([_entity(0, "Zorvex Trading"), _entity(1, "Zorvex Trading"),
                       _entity(2, "Quarn Trading"), *fillers])
    assert index.rarity("zorvex") == index.rarity("quarn")
    assert index.rarity("trading") < index.rarity("zorvex")


def test_state_round_trips_through_cache_parts(fixture_snapshot: Snapshot) -> None:
    entities = fixture_snapshot.entities
    built = NameIndex(entities)
    again = NameIndex.from_state(entities, decode_state(encode_state(built.state)))
    assert encode_state(again.state) == encode_state(built.state)
    for name_id in range(built.name_count):
        assert again.form(name_id) == built.form(name_id)
        assert again.prepared[name_id] == built.prepared[name_id]
    assert again.variants("hikvison") == built.variants("hikvison")
    # words by consonants come back from the state, not rebuilt, and find the same words
    assert len(again.state.skeleton_keys) == len(built.state.skeleton_keys) > 0
    for word in ("hkvsn", "mhmd", "dh"):
        assert again.skeletons.get(word) == built.skeletons.get(word)
    assert "hikvision" in again.skeletons.get("hkvsn")


def test_build_is_deterministic(fixture_snapshot: Snapshot) -> None:
    entities = fixture_snapshot.entities
    assert encode_state(NameIndex(entities).state) == encode_state(NameIndex(entities).state)


def test_state_of_other_entities_is_refused(fixture_snapshot: Snapshot) -> None:
    entities = fixture_snapshot.entities
    state = NameIndex(entities).state
    with pytest.raises(ValueError, match="other entities"):
        NameIndex.from_state(entities[:-1], state)
    state.key_ids[0] = len(state.name_entity)  # a posting past the last name
    with pytest.raises(ValueError, match="past"):
        NameIndex.from_state(entities, state)


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
            ends = _end_length(len(word), large)
            assert query[:ends] == word[:ends] or query[-ends:] == word[-ends:], (word, query)


def test_a_name_prepared_from_the_arrays_is_the_name_prepared_from_its_form(
        screener: Screener) -> None:
    index = screener.index
    for name_id in range(index.name_count):
        assert index.prepare(name_id) == prepare(index.form(name_id), index.rarity), name_id
    assert any(index.prepare(n).acronyms for n in range(index.name_count))
    assert any(index.prepare(n).legal_forms for n in range(index.name_count))
    assert any(index.prepare(n).han for n in range(index.name_count))


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
