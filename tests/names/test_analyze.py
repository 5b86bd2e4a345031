from __future__ import annotations

import pytest

from rightscreen.names.analyze import analyze


def test_legal_forms_set_aside_in_several_languages() -> None:
    assert analyze("Hangzhou Hikvision Digital Technology Co., Ltd.").words == (
        "hangzhou", "hikvision", "digital", "technology")
    assert analyze("ООО Ромашка").words == ("romashka",)
    assert "ooo" in analyze("ООО Ромашка").legal_forms
    assert analyze("Siemens Aktiengesellschaft").words == ("siemens",)


def test_places_are_marked() -> None:
    kinds = {t.text: t.kind for t in analyze("Hangzhou Hikvision").tokens}
    assert kinds == {"hangzhou": "place", "hikvision": "word"}


def test_full_width_and_compatibility_forms_fold() -> None:
    assert analyze("ＨＩＫＶＩＳＩＯＮ").words == ("hikvision",)


def test_apostrophes_join_and_ampersand_is_a_stopword() -> None:
    form = analyze("O'Brien & Sons")
    assert form.words == ("obrien", "sons")


def test_traditional_chinese_equals_simplified() -> None:
    traditional = analyze("杭州海康威視數字技術股份有限公司")
    assert traditional.han == analyze("杭州海康威视数字技术股份有限公司").han


def test_chinese_company_romanised_with_glosses() -> None:
    form = analyze("浙江大华技术股份有限公司")
    assert form.words == ("zhejiang", "dahua", "technology")
    assert form.legal_forms == ("股份有限公司",)
    assert form.han == "浙江大华技术"


def test_chinese_person_name_read_as_surname_and_given_name() -> None:
    assert analyze("陈全国").words == ("chen", "quanguo")
    assert analyze("习近平").words == ("xi", "jinping")


def test_cyrillic_transliterated() -> None:
    assert analyze("Владимир Путин").words == ("vladimir", "putin")


@pytest.mark.parametrize(("name", "words", "forms"), [
    ("ALFA.BANK", ("alfa", "bank"), ()),                          # a dot between words
    ("E.K.T.", ("ekt",), ()),                                     # between letters: an acronym
    ("Acme S A DE C V", ("acme",), ("sacv",)),                    # dotted form without dots
    ("Acme S.A. de C.V.", ("acme",), ("sacv",)),
    ("Acme L L C", ("acme",), ("llc",)),
    ("John F K", ("john", "f", "k"), ()),                         # initials of a person stay
    ("Orient Intl Trdg Co", ("orient", "international", "trading"), ("co",)),
    ("Sugon Info Tech", ("sugon", "information", "technology"), ()),
    ("Acme Jt Stk Co", ("acme",), ("jsc",)),
    ("Dev Patel", ("dev", "patel"), ()),                          # an ambiguous one in a person
    ("Co-operative Bank", ("co", "operative", "bank"), ()),
    ("STK Electronics", ("stk", "electronics"), ()),              # "stk" alone is a brand
    ("Acme Limted", ("acme",), ("ltd",)),                         # typos in legal forms
    ("Acme Corporaton", ("acme",), ("corp",)),
    ("Acme Limited Liabilty Company", ("acme",), ("llc",)),
    ("Tower Power", ("tower", "power"), ()),                      # short words are not typos
    ("Admiralty ShipyardJSC", ("admiralty", "shipyard"), ("jsc",)),  # a form run in
    ("LLCMELYTEC", ("melytec",), ("llc",)),
    ("Acme Lim ited", ("acme",), ("ltd",)),                       # a form broken in two
    ("LIMITED-LIABILITY COMPANY VOSTOK", ("vostok",), ("llc",)),
])
def test_word_boundaries_abbreviations_typos(name: str, words: tuple[str, ...],
                                             forms: tuple[str, ...]) -> None:
    form = analyze(name)
    assert form.words == words
    assert form.legal_forms == forms
