"""Entities through the cache's rows: every field comes back, and a row of another shape is an
error the cache rebuilds from, never a half-read entity."""

from __future__ import annotations

import json

import pytest

from rightscreen.entity_rows import entity_of, entity_row
from rightscreen.model import Entity, Identifier, Name, SourceRef
from rightscreen.snapshot import Snapshot


def test_every_listed_entity_comes_back_whole(builtin: Snapshot) -> None:
    for entity in builtin.entities:
        assert entity_of(json.loads(json.dumps(entity_row(entity)))) == entity


def test_every_field_of_a_full_entity_comes_back() -> None:
    entity = Entity("x:1", "Company", [Name("Acme", "primary", "list"), Name("阿克米", "legal",
                                                                            "supplement:s")],
                    [SourceRef("bis-entity-list", "7", "EAR", "2019-10-09", "84 FR 54002",
                               "bis.json", 12)],
                    ["CN"], [Identifier("isin", "CNE100000PM8", "list")], ["Hangzhou"],
                    "remarks", "hikvision")
    assert entity_of(json.loads(json.dumps(entity_row(entity)))) == entity


@pytest.mark.parametrize("row", [[], ["x:1", "Company"], ["x", "C", [["a", "b", "c", "d"]], [],
                                                          [], [], [], None, None]])
def test_a_row_of_another_shape_is_refused(row: list[object]) -> None:
    with pytest.raises((TypeError, ValueError)):
        entity_of(row)
