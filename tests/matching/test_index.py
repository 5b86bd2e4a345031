from __future__ import annotations

import pytest

from rightscreen import Screener
from rightscreen.cache import decode_state, encode_state
from rightscreen.matching.index import NameIndex
from rightscreen.matching.scorer import prepare
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
        assert index.prepared[name_id] == prepare(analyze(value), index.rarity)


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


def test_a_name_prepared_from_the_arrays_is_the_name_prepared_from_its_form(
        screener: Screener) -> None:
    index = screener.index
    for name_id in range(index.name_count):
        assert index.prepare(name_id) == prepare(index.form(name_id), index.rarity), name_id
    assert any(index.prepare(n).acronyms for n in range(index.name_count))
    assert any(index.prepare(n).legal_forms for n in range(index.name_count))
    assert any(index.prepare(n).han for n in range(index.name_count))


