"""The ceiling must never be under the score `compare` gives: a candidate skipped for its
ceiling would be a hit lost. Checked on every candidate of real list names written the ways
people write them, and on generated names that stress joins, initials and acronyms."""

from __future__ import annotations

import random
from dataclasses import replace
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightscreen import Screener
from rightscreen.matching.ceiling import ROUNDING, ceiling, could_reach, profile
from rightscreen.matching.config import DEFAULT_CONFIG
from rightscreen.matching.scorer import compare, prepare, similarity_table
from rightscreen.names.analyze import analyze


def _variants(name: str, rng: random.Random) -> list[str]:
    words = name.split()
    out = [name, name.lower().replace(".", "").replace(",", "")]
    if len(words) > 1:
        out.append(" ".join(words[:-1]))                      # last word dropped
        out.append("".join(words[:2]) + " " + " ".join(words[2:]))  # first two run together
        out.append(" ".join(w[0] for w in words))             # initials only
    if len(name) > 6:
        i = rng.randrange(1, len(name) - 1)
        out.append(name[:i] + name[i + 1:])                   # a letter lost
    return out


def _check(screener: Screener, query: str) -> int:
    """Every candidate of every reading of `query`: ceiling >= score. Returns pairs seen."""
    config, seen = screener.config, 0
    for form in screener._forms(analyze(query)):
        _, prepared, table = screener._reading(form)
        reach = profile(prepared, table, config)
        for name_id in screener._candidates(form, prepared, table):
            listed = screener.index.prepared[name_id]
            score = compare(prepared, listed, table, config=config).score
            top = ceiling(reach, listed, config)
            assert top + ROUNDING >= score, (query, listed.texts, top, score)
            assert could_reach(reach, listed, score, config)
            seen += 1
    return seen


def test_ceiling_holds_on_real_names_written_many_ways(screener: Screener) -> None:
    rng = random.Random(7)
    entities = rng.sample(screener.index.entities, 300)
    seen = sum(_check(screener, variant) for entity in entities
               for variant in _variants(entity.name, rng))
    assert seen > 3_000  # the property was tried on many pairs, not a handful


def test_ceiling_is_low_for_a_name_sharing_one_common_word(screener: Screener) -> None:
    # What the ceiling is for: most candidates share a word and nothing else.
    config = screener.config
    query = prepare(analyze("Shenzhen Bright Harbour Logistics"), screener.rarity, config)
    listed = prepare(analyze("Shenzhen Huawei Investment & Holding Co., Ltd."), screener.rarity,
                     config)

    reach = profile(query, similarity_table(query, listed), config)
    assert ceiling(reach, listed, config) < config.threshold


WORDS = st.sampled_from(["hik", "vision", "hikvision", "china", "national", "cn", "c", "n",
                         "electronics", "tech", "technology", "co", "avic", "aviation",
                         "industry", "corp", "al", "majid", "almajid", "sense", "time",
                         "senstime", "i", "ii", "14th", "14", "casc", "cask", "bank",
                         "banks", "ben", "benjamin"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=5), st.lists(WORDS, min_size=1, max_size=5))
def test_ceiling_holds_on_generated_pairs(screener: Screener, left: list[str],
                                          right: list[str]) -> None:
    config = screener.config
    query = prepare(analyze(" ".join(left)), screener.rarity, config)
    listed = prepare(analyze(" ".join(right)), screener.rarity, config)
    table = similarity_table(query, listed)
    score = compare(query, listed, table, config=config).score
    assert ceiling(profile(query, table, config), listed, config) + ROUNDING >= score


@pytest.mark.parametrize("name", ["acronym", "place_conflict", "dominance_floor",
                                  "list_side_penalty_covered"])
def test_a_config_that_would_raise_a_score_is_refused(name: str) -> None:
    # The ceiling takes for granted that a step lowers a score, never raises it.
    with pytest.raises(ValueError, match=name):
        replace(DEFAULT_CONFIG, **{name: 1.2})
    with pytest.raises(ValueError, match="kind_factor"):
        replace(DEFAULT_CONFIG, kind_factor=MappingProxyType({**DEFAULT_CONFIG.kind_factor,
                                                              "place": -0.1}))
    with pytest.raises(ValueError, match="kind_factor lacks"):
        replace(DEFAULT_CONFIG, kind_factor=MappingProxyType({"word": 1.0}))
    with pytest.raises(ValueError, match="shortfall"):  # a penalty turned into a bonus
        replace(DEFAULT_CONFIG, shortfall=-2.0)
    with pytest.raises(ValueError, match="identifier_score"):
        replace(DEFAULT_CONFIG, identifier_score=1.5)
