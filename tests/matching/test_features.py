"""The scorer on frozen word weights: no snapshot, so that `make snapshot` moves no case here."""

from __future__ import annotations

import pytest

from rightscreen.matching.config import DEFAULT_CONFIG, describe
from rightscreen.matching.features import Explanation
from rightscreen.matching.legal_forms import forms_differ
from rightscreen.matching.scorer import NameScore, compare, prepare
from rightscreen.names.analyze import analyze

# Rarity of each word across some lists, frozen: rare names near 1, organisation words low.
RARITY = {"hikvision": 0.95, "hangzhou": 0.6, "digital": 0.3, "technology": 0.2, "avic": 0.9,
          "avid": 0.9, "casc": 0.9, "casic": 0.9, "cask": 0.9, "orient": 0.8,
          "international": 0.25, "trading": 0.3, "megvii": 0.95, "beijing": 0.5, "sense": 0.6,
          "time": 0.4, "sensetime": 0.95, "hik": 0.9, "vision": 0.4, "acme": 0.9,
          "putin": 0.95, "vladimir": 0.6, "keda": 0.9, "suzhou": 0.6,
          # Chinese names (as the built-in lists weighed them on 2026-11-27).
          "13": 0.7, "14": 0.74, "china": 0.43, "electronics": 0.4, "group": 0.39,
          "corporation": 0.48, "research": 0.37, "institute": 0.35, "jiuyuan": 0.89,
          "materials": 0.59, "center": 0.45, "high": 0.64, "pressure": 0.93, "science": 0.52,
          "advanced": 0.66, "shanggang": 1.0, "shangtang": 0.87, "guangqi": 0.93,
          "haikang": 0.89, "weishi": 0.89, "shengyi": 0.97, "shangyi": 0.97,
          "huawei": 0.9, "hauwei": 0.9}


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
    # Chinese characters against the English of the lists.
    ("中国电子科技集团公司第十三研究所",
     "China Electronics Technology Group Corporation 13th Research Institute"),
    ("中国久远物资贸易公司", "China Jiuyuan Trading Corporation"),   # 公司 is a Corporation
    ("北京高压科学研究中心",                                         # glossed, not generic
     "Center for High Pressure Science and Technology Advanced Research"),
    ("海康威视", "杭州海康威视数字技术股份有限公司"),                 # the same characters
]

NOT_MATCHES = [
    ("AVIC", "Avid"),                                  # one edit on an acronym
    ("CASC", "Cask"),
    ("CASC", "CASIC"),
    ("AVIC International", "AVID International"),
    ("Hangzhou Digital Technology Co., Ltd.", "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ("Orient Trading", "Acme Trading"),
    # Another number: one letter apart when spaces are ignored, another institute.
    ("China Electronics Technology Group Corporation 13th Research Institute",
     "China Electronics Technology Group Corporation 14th Research Institute"),
    ("中国电子科技集团公司第十三研究所",
     "China Electronics Technology Group Corporation 14th Research Institute"),
    # Both in Chinese characters: a pinyin alike is not the characters alike.
    ("上港集团", "商汤科技"),                                          # shanggang, shangtang
    ("广汽集团", "光启集团"),                                          # both guangqi
    # Against a romanised name: pinyin one letter from listed pinyin is another syllable.
    ("生益科技", "Shangyi Technology (Beijing) Co., Ltd."),             # sheng, shang
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


@pytest.mark.parametrize(("query", "listed", "conflict"), [
    (("有限公司",), ("ltd", "co"), False),          # Co., Ltd.
    (("股份有限公司",), ("corp",), False),
    (("股份有限公司",), ("jsc",), False),
    (("公司",), ("corp",), False),
    (("分公司", "有限公司"), ("ltd",), False),       # a branch of a Co., Ltd.
    (("分公司",), ("gmbh",), False),                 # a branch says nothing about the form
    (("有限公司",), ("gmbh",), True),                # a German subsidiary is another person
    (("有限责任公司",), ("kk",), True),
    (("有限公司",), ("股份有限公司",), True),        # both Chinese: compared as written
    (("ag",), ("gmbh",), True),
    (("ooo",), ("llc",), False),
])
def test_legal_forms_differ(query: tuple[str, ...], listed: tuple[str, ...],
                            conflict: bool) -> None:
    assert forms_differ(query, listed) is conflict
    assert forms_differ(listed, query) is conflict


def test_chinese_words_spelled_alike_are_other_characters() -> None:
    result = score("上港集团", "商汤科技")
    refused = [f for f in result.features if f.feature == "chinese_characters"]
    assert result.score == 0.0 and refused and "shanggang" in refused[0].detail


def test_pinyin_near_a_word_that_is_no_pinyin_may_still_be_the_name() -> None:
    # 'hauwei' is no pinyin: a list's typo, or a Cantonese or Wade-Giles spelling.
    result = score("华为技术", "Hauwei Technology")
    assert not [f for f in result.features if f.feature == "chinese_characters"]
    assert [f for f in result.features if "spelling" in f.detail]


def test_a_differing_number_is_not_joined_letters() -> None:
    result = score("中国电子科技集团公司第十三研究所",
                   "China Electronics Technology Group Corporation 14th Research Institute")
    assert not [f for f in result.features if f.feature == "compact"]


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
