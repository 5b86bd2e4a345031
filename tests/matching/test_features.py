"""The scorer on frozen word weights: no snapshot, so that `make snapshot` moves no case here."""

from __future__ import annotations

import pytest

from rightscreen.matching.config import DEFAULT_CONFIG, describe
from rightscreen.matching.features import Explanation
from rightscreen.matching.scorer import NameScore, compare, prepare
from rightscreen.names.analyze import analyze

# Rarity of each word across some lists, frozen: rare names near 1, organisation words low.
RARITY = {"hikvision": 0.95, "hangzhou": 0.6, "digital": 0.3, "technology": 0.2, "avic": 0.9,
          "avid": 0.9, "casc": 0.9, "casic": 0.9, "cask": 0.9, "orient": 0.8,
          "international": 0.25, "trading": 0.3, "megvii": 0.95, "beijing": 0.5, "sense": 0.6,
          "time": 0.4, "sensetime": 0.95, "hik": 0.9, "vision": 0.4, "acme": 0.9,
          "putin": 0.95, "vladimir": 0.6, "keda": 0.9, "suzhou": 0.6}


def rarity(word: str) -> float:
    return RARITY.get(word, 0.9)


def score(query: str, listed: str) -> NameScore:
    return compare(prepare(analyze(query), rarity), prepare(analyze(listed), rarity),
                   explain=True)


MATCHES = [
    ("HIKVISION", "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ("Hik Vision", "Hikvision"),                       # split apart
    ("SenseTime", "Sense Time"),                       # run together
    ("Hik Vision Digital Technology", "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ("Orient Intl Trdg Co", "Orient International Trading Company"),
    ("Acme Limted", "Acme Limited"),                   # a typo in the legal form
    ("Acme Compnay", "Acme Company"),
    ("Acme L L C", "Acme LLC"),
    ("Acme S A DE C V", "Acme S.A. de C.V."),
    ("Vladimir Putin", "PUTIN, Vladimir"),
    ("AVIC", "AVIC"),
    ("Megvii", "Beijing Megvii Technology Co., Ltd."),
]

NOT_MATCHES = [
    ("AVIC", "Avid"),                                  # one edit on an acronym
    ("CASC", "Cask"),
    ("CASC", "CASIC"),
    ("AVIC International", "AVID International"),
    ("Hangzhou Digital Technology Co., Ltd.", "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ("Orient Trading", "Acme Trading"),
]


@pytest.mark.parametrize(("query", "listed"), MATCHES)
def test_same_name(query: str, listed: str) -> None:
    result = score(query, listed)
    assert result.score >= DEFAULT_CONFIG.threshold, result.explanation


@pytest.mark.parametrize(("query", "listed"), NOT_MATCHES)
def test_another_name(query: str, listed: str) -> None:
    result = score(query, listed)
    assert result.score < DEFAULT_CONFIG.threshold, result.explanation


@pytest.mark.parametrize(("better", "worse", "listed"), [
    ("Hikvision Digital", "Hikvison Digital", "Hikvision Digital"),        # a typo costs
    ("Megvii", "Megvii Trading", "Megvii"),                                # an extra word costs
    ("Acme GmbH", "Acme AG", "Acme GmbH"),                                 # another legal form
])
def test_better_than(better: str, worse: str, listed: str) -> None:
    assert score(better, listed).score > score(worse, listed).score


def test_explanations_are_data_with_prose() -> None:
    result = score("Hik Vision Digital", "Hangzhou Hikvision Digital Technology")
    assert all(isinstance(f, Explanation) for f in result.features)
    joined = [f for f in result.features if f.feature == "words" and "joined" in f.detail]
    assert joined and joined[0].factor == 1.0
    assert result.explanation == [f.detail for f in result.features]
    assert {"feature", "factor", "detail"} == set(result.features[0].to_dict())


def test_short_name_step_says_why() -> None:
    result = score("CASC", "CASIC")
    step = [f for f in result.features if f.feature == "short_name"]
    assert result.score == 0.0 and step and step[0].factor == 0.0
    assert "spelled exactly" in step[0].detail


def test_a_missing_heavy_word_scales_down() -> None:
    result = score("Hangzhou Digital Technology", "Hangzhou Hikvision Digital Technology")
    dominance = [f for f in result.features if f.feature == "dominance"]
    assert dominance and dominance[0].factor < 1.0


def test_every_setting_is_documented() -> None:
    for item in describe():
        assert item["why"] and item["counterexample"], item["name"]
    names = {item["name"] for item in describe()}
    assert {"threshold", "short_name_max", "birth_year_mismatch"} <= names
