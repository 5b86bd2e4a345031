from __future__ import annotations

import pytest

from rightscreen.names import cedict
from rightscreen.names.chinese import (
    characters_spelling,
    latin_legal_forms,
    romanise,
    spelled_in_pinyin,
    strip_legal_forms,
)
from rightscreen.names.institutions import read_number, split_suffix, suffixes, terms


def _latin(core: str) -> list[tuple[str, str]]:
    return [(t.latin, t.kind) for t in romanise(core)]


@pytest.mark.parametrize(("text", "number"), [
    ("十四", 14), ("第十四", 14), ("三十八", 38), ("十", 10), ("二十", 20), ("七〇九", 709),
    ("七一二", 712), ("一百零二", 102), ("第14", 14), ("两百", 200),
])
def test_chinese_numerals_are_read_as_digits(text: str, number: int) -> None:
    assert read_number(text) == number


def test_a_word_with_numerals_in_it_is_not_a_number() -> None:
    assert read_number("十分") is None
    assert ("sanyi", "pinyin") in _latin("三一重工")  # Sany, not 31: no 第 and no 所 after it


def test_numbered_institutes_of_the_defence_groups() -> None:
    tokens = _latin("中国电子科技集团公司第十四研究所")
    assert [latin for latin, _ in tokens] == [
        "china", "electronics technology", "group corporation", "14", "research institute"]
    assert ("14", "number") in tokens
    assert _latin("中国电子科技集团公司十四所")[-2:] == [("14", "number"), ("institute", "gloss")]
    assert ("701", "number") in _latin("中国船舶重工股份有限公司701研究所")


def test_legal_forms_inside_a_name_are_set_aside_but_group_corporation_stays() -> None:
    words = " ".join(latin for latin, _ in _latin("中国船舶重工股份有限公司701研究所"))
    assert "gufen" not in words and "youxian" not in words
    cetc = romanise("中国电子科技集团公司第十四研究所")
    assert "group corporation" in " ".join(t.latin for t in cetc)


def test_gufen_ending_a_short_name_stays() -> None:
    # 晨光股份 (M&G Stationery) must not shrink to 晨光, the pinyin of Chenguang Biotech.
    assert _latin("晨光股份") == [("chenguang", "pinyin"), ("gufen", "pinyin")]


def test_a_dictionary_name_is_glossed_whole() -> None:
    # jieba keeps 北京理工大学 as one word; CC-CEDICT knows it as the Beijing Institute of
    # Technology, which is not what its parts would say (理工大学 is usually "university of
    # science and technology").
    assert " ".join(t.latin for t in romanise("北京理工大学")) == "beijing institute technology"
    assert " ".join(t.latin for t in romanise("西北工业大学")) == (
        "northwestern polytechnical university")


def test_an_institution_without_a_dictionary_entry_is_split_at_its_suffix() -> None:
    assert _latin("哈尔滨工程大学") == [("harbin", "place"), ("engineering university", "gloss")]


def test_institutions_keep_their_other_renderings() -> None:
    found = split_suffix("沈阳工业大学")
    assert found is not None and found[0] == "沈阳"
    assert len(found[1].english) > 1  # university of technology, polytechnical university...
    token = next(t for t in romanise("工业大学") if t.text == "工业大学")
    assert token.alternatives
    assert all(entry.source for entry in suffixes().values())


def test_a_brand_stays_pinyin_and_a_compound_splits_only_around_known_words() -> None:
    assert _latin("海康威视") == [("haikang", "pinyin"), ("weishi", "pinyin")]
    assert _latin("中兴通讯") == [("zhongxing", "pinyin"), ("communications", "gloss")]


def test_connectors_are_dropped() -> None:
    assert "he" not in [latin for latin, _ in _latin("中国科学仪器和材料")]


def test_branches_are_the_firm() -> None:
    core, forms = strip_legal_forms("华为技术有限公司北京分公司")
    assert core == "华为技术"
    assert forms == ["分公司", "有限公司"]
    assert strip_legal_forms("杭州海康威视数字技术股份有限公司")[0] == "杭州海康威视数字技术"


def test_a_name_s_own_english_beats_its_pinyin_only_where_lists_use_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    counts = {"dji": 5, "dajiang": 1, "wave": 12, "langchao": 3, "radar": 18}
    monkeypatch.setattr(cedict, "word_counts", lambda: counts)
    assert (gloss := cedict.lookup("大疆")) is not None and gloss.text == "dji" and gloss.proper
    assert cedict.lookup("浪潮") is None  # the lists write Langchao, not "wave"
    radar = cedict.lookup("雷达")
    assert radar is not None and radar.text == "radar" and not radar.proper
    counts["dajiang"] = 9  # once the lists spell it in pinyin more often, pinyin wins
    assert cedict.lookup("大疆") is None


def test_common_senses_need_the_lists_to_use_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cedict, "word_counts", lambda: {"recovery": 1, "resurgence": 1})
    assert cedict.lookup("中兴") is None  # ZTE is no "recovery"


def test_choose_prefers_the_first_rendering_the_lists_use(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cedict, "word_counts", lambda: {"institute": 9, "technology": 9})
    assert cedict.choose(["polytechnical university", "institute technology"]) == (
        "institute technology", "polytechnical university")
    assert cedict.choose(["a b", "c d"]) == ("a b", "c d")


def test_english_words_match_the_lists_spelling() -> None:
    assert cedict.english_words("Xi'an Institute of Microelectronics") == (
        "xian institute microelectronics")
    assert cedict.english_words("a great power") == "great power"


@pytest.mark.parametrize(("han", "latin", "characters"), [
    ("上港", "shanggang", {"上港"}),
    ("商汤科技", "shangtang", {"商汤"}),
    ("商汤科技", "shanggang", set()),
    ("广汽", "guangqi", {"广汽"}),
    ("光启技术", "guangqi", {"光启"}),
    ("重庆啤酒", "chongqing", {"重庆"}),   # a character read as its word reads it
])
def test_the_characters_behind_a_pinyin(han: str, latin: str, characters: set[str]) -> None:
    assert characters_spelling(han, latin) == characters


def test_no_telling_when_the_name_has_latin_letters_or_digits() -> None:
    assert characters_spelling("奇虎360", "qihu") is None


def test_chinese_legal_forms_have_latin_renderings() -> None:
    found = latin_legal_forms(("有限公司",))
    assert found is not None and {"co", "ltd"} <= found and "gmbh" not in found
    assert latin_legal_forms(("分公司",)) is None  # a branch has no form of its own


@pytest.mark.parametrize(("word", "pinyin"), [
    ("shangyi", True), ("haikang", True), ("zhongxing", True),
    ("jingho", False), ("hikvision", False), ("tsinghua", False), ("megvii", False),
])
def test_words_that_read_as_pinyin(word: str, pinyin: bool) -> None:
    assert spelled_in_pinyin(word) is pinyin


def test_institution_terms_are_read_as_the_institutions_write_them() -> None:
    # 物质科学 is "physical science" (CAS's Hefei Institutes of Physical Science), not what
    # CC-CEDICT's 物质 (material) and 科学 would make of it; 精密 stays "precision" first.
    assert _latin("合肥物质科学") == [("hefei", "place"), ("physical science", "gloss")]
    precision = next(t for t in romanise("成都精密光学工程研究中心") if t.text == "精密")
    assert (precision.latin, precision.alternatives) == ("precision", ("fine",))
    assert all(entry.source and entry.english for entry in terms().values())


def test_a_national_research_centre_is_also_a_national_laboratory() -> None:
    # The six centres of 2017 were pilot national laboratories and kept that English name.
    found = romanise("武汉光电国家研究中心")
    assert [(t.latin, t.alternatives) for t in found][-1] == (
        "national research center", ("national laboratory",))
    assert split_suffix("北京分子科学国家研究中心") == ("北京分子科学", suffixes()["国家研究中心"])


def test_cedict_prefix_senses() -> None:
    assert cedict.prefixes("微") == ("micro",)
    assert cedict.prefixes("超级")[0] == "super"
    assert cedict.prefixes("国") == () and cedict.prefixes("微电子") == ()
    assert "scale" in cedict.senses("尺度")  # a sense the lists need not use

