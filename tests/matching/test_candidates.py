"""Retrieval: a word too common to look up that is still a query's rarest word (a `_Seed`)
gives the candidates that adding its weight to each of its names would give, in that order."""

from __future__ import annotations

import heapq
import random
from collections import defaultdict
from dataclasses import replace

import pytest

from rightscreen import Screener
from rightscreen.matching.config import DEFAULT_CONFIG, MatchConfig
from rightscreen.matching.index import index_keys
from rightscreen.names.analyze import analyze


def _plain_sum(screener: Screener, query: str) -> list[list[int]]:
    """Candidates of each reading as the plain sum over every posting gives them. Ranked by
    (score, fewest words beyond the query's, id); of the names only a seed word
    reached, which all tie, the highest ids are taken (the screener does not read thousands
    of names' sizes)."""
    out = []
    start = screener.index.state.token_start
    for form in screener._forms(analyze(query)):
        _, prepared, table = screener._reading(form)
        index, config = screener.index, screener.config
        factors = config.kind_factor
        lookups = [(sim * factors.get(prepared.kinds[i], 1.0)
                    * min(screener.rarity(variant), screener.rarity(prepared.texts[i])), variant)
                   for i, variants in enumerate(table) for variant, (sim, _) in variants.items()]
        lookups += [(screener.rarity(key), key) for key in index_keys(form)
                    if key not in set(prepared.texts) and key in index.postings]
        if form.han and "han:" + form.han in index.postings:
            lookups.append((2.0, "han:" + form.han))
        lookups.sort(key=lambda item: (-item[0], item[1]))
        scores: dict[int, float] = defaultdict(float)
        seed: set[int] = set()  # the first word's names, when it is too common to look up
        touched: set[int] = set()  # names any other word reached
        for number, (weight, key) in enumerate(lookups):
            postings = index.postings[key]
            if number == 0 and len(postings) > max(config.common_word, config.candidates):
                seed = set(postings)
                for name_id in postings:
                    scores[name_id] += weight
                continue
            if scores and len(postings) > config.common_word:
                continue
            reached_only = len(scores) >= 4 * config.candidates and len(postings) > 200
            for name_id in postings:
                if reached_only and name_id not in scores:
                    continue
                touched.add(name_id)
                scores[name_id] += weight
        if not scores:
            out.append([])
            continue
        total = sum(w * factors.get(k, 1.0) for w, k in zip(prepared.weights, prepared.kinds,
                                                             strict=True))
        floor = max(max(scores.values()) * config.candidate_floor,
                    total * config.evidence_floor)
        ranked = [(s, n) for n, s in scores.items() if s >= floor]
        if len(ranked) > config.candidates:
            alone = sorted((n for s, n in ranked if n in seed and n not in touched),
                           reverse=True)[:config.candidates]
            ranked = [(s, n) for s, n in ranked if n not in seed or n in touched or n in alone]
            size = len(form.tokens)
            ranked = heapq.nlargest(config.candidates, ranked, key=lambda c: (
                c[0], -max(start[c[1] + 1] - start[c[1]] - size, 0), c[1]))
        out.append([n for _, n in ranked])
    return out


def _seeded(screener: Screener, query: str) -> list[list[int]]:
    return [screener._candidates(form, prepared, table)
            for form, prepared, table in map(screener._reading,
                                             screener._forms(analyze(query)))]


def _queries(screener: Screener) -> list[str]:
    # Real listed names as written, with a space dropped (so that the reading as written has
    # only common words to go on), a letter dropped, and with a made-up word put first.
    rng = random.Random(5)
    names = [e.name for e in rng.sample(screener.index.entities, 150)]
    out = []
    for name in names:
        cut = rng.randrange(1, max(2, len(name) - 1))
        out += [name, name.replace(" ", "", 1), name[:cut] + name[cut + 1:], "Zorblax " + name]
    return out + ["Technology", "International Trading Company", "Beijing Technology",
                  "ShanghaiTechnology Limited", "Moscow Industrial Group"]


@pytest.mark.parametrize(("config", "seeds"), [
    (replace(DEFAULT_CONFIG, common_word=40, candidates=5), True),  # seeds are frequent
    (replace(DEFAULT_CONFIG, common_word=300, candidates=40), True),
    (DEFAULT_CONFIG, False),  # no word of the built-in lists is in 2,000 names
])
def test_seeded_candidates_are_the_plain_sum(screener: Screener, config: MatchConfig,
                                             seeds: bool) -> None:
    probe = Screener(screener.index.entities, index=screener.index, config=config)
    seeded = 0
    for query in _queries(probe):
        expected = _plain_sum(probe, query)
        assert _seeded(probe, query) == expected, query
        seeded += any(len(probe.index.postings.get(w) or ()) > config.common_word
                      for w in analyze(query).words)
    assert (seeded > 0) == seeds  # the case under test came up where it should
