from __future__ import annotations

from rightscreen import Screener
from rightscreen.names.analyze import analyze, han_readings
from rightscreen.names.cedict import word_counts
from rightscreen.names.chinese import romanise, spelled_in_pinyin, syllables_of
from rightscreen.names.readings import (
    MAX_READINGS,
    prefix_joins,
    readings,
    respellings,
    syllable_spellings,
)


def _texts(core: str) -> list[str]:
    return [" ".join(t.latin for t in r) for r in readings(core)]


def test_the_first_reading_is_the_romanisation() -> None:
    for core in ("中国科学仪器和材料", "海康威视", "北京理工大学", "成都精密光学工程研究中心"):
        assert readings(core)[0] == romanise(core)
        assert 1 <= len(readings(core)) <= MAX_READINGS


def test_other_readings_use_other_english_the_lists_know() -> None:
    texts = _texts("中国科学仪器和材料")
    assert "china national science instruments materials" in texts  # an opening, as data
    assert "china scientific instruments materials" in texts  # a CC-CEDICT sense
    assert "china national scientific instruments materials" in texts  # both
    # Fewest changes first: each single change comes before the pair.
    assert texts.index("china national scientific instruments materials") > max(
        texts.index("china national science instruments materials"),
        texts.index("china scientific instruments materials"))


def test_pinyin_and_places_are_not_read_otherwise() -> None:
    assert _texts("海康威视") == ["haikang weishi"]
    assert all(t.startswith("chengdu ") for t in _texts("成都精密光学工程研究中心"))
    assert all("national" not in t for t in _texts("北京中国"))  # 中国 opens no name here


def test_han_readings_are_name_forms_of_the_same_name() -> None:
    form = analyze("中國科學儀器和材料公司")
    found = han_readings(form)
    assert found[0] == form and len(found) == len(readings(form.han or ""))
    assert all(f.han == form.han and f.legal_forms == form.legal_forms for f in found)
    assert ("china", "national", "scientific", "instruments", "materials") in [
        f.words for f in found]
    latin = analyze("Hikvision Digital Technology")
    assert han_readings(latin) == (latin,)


def test_a_syllable_is_also_spelled_in_older_romanisations() -> None:
    assert syllable_spellings("qing") == ("qing", "ching", "tsing")  # Wade-Giles, postal
    assert "chow" in syllable_spellings("zhou")  # postal: 苏州 Soochow
    assert "hoo" in syllable_spellings("hu")
    assert "ssu" in syllable_spellings("si")  # a whole syllable of its own
    assert all("oo" not in s for s in syllable_spellings("ju"))  # ü, never "oo"


def test_a_brand_is_respelled_only_as_a_listed_word_that_is_no_pinyin() -> None:
    assert "qihoo" in respellings("奇虎", "qihu")
    assert "tsinghua" in respellings("清华", "qinghua")
    assert respellings("虎", "hu") == ()  # one syllable respelled meets too many words
    counts = word_counts()
    for text in ("奇虎", "清华", "苏州", "福州", "新华", "海康威视", "伊利", "中兴"):
        for word in respellings(text, "".join(syllables_of(text) or ())):
            assert counts.get(word, 0) > 0 and not spelled_in_pinyin(word)


def test_respellings_are_other_readings_never_the_first() -> None:
    assert _texts("奇虎360") == ["qihu 360", "qihoo 360"]
    assert _texts("北京理工大学")[0] == "beijing institute technology"


def test_a_run_of_numerals_is_also_read_as_digits() -> None:
    assert _texts("三六零") == ["san liuling", "360"]  # two words of the cut, one number
    assert _texts("三一重工") == ["sanyi heavy industry", "31 heavy industry"]
    assert all(" 3 " not in t for t in _texts("新华三半导体技术"))  # one numeral: a word's part
    number = readings("三六零")[1]
    assert [(t.text, t.kind) for t in number] == [("三六零", "number")]


def test_other_romanisations_and_numerals_find_listed_brands(screener: Screener) -> None:
    def listed(query: str) -> set[str]:
        found = set()
        for hit in screener.screen(query):
            for entity in (hit.entity_id, *hit.related):
                found.update(n.value for n in screener.entity(entity)[1].names)
        return found

    assert "Qihoo 360 Technology Company" in listed("奇虎360")
    assert "360 Security Technology Inc." in listed("三六零")
    assert not screener.screen("伊利股份")  # respelled (ili) and still no alert


def test_a_bound_prefix_is_joined_to_the_next_word_as_the_lists_write_it() -> None:
    # 微 is micro-, 尺度 scale (a CC-CEDICT sense the lists use too rarely to be its reading):
    # the lists write microscale. 超级 super- and 计算 computing: supercomputing.
    assert "hefei microscale physical science national research center" in _texts(
        "合肥微尺度物质科学国家研究中心")
    assert _texts("国家超级计算无锡中心")[:2] == ["national chaoji computing wuxi center",
                                             "national supercomputing wuxi center"]
    joined = prefix_joins(romanise("国家超级计算无锡中心"))
    assert [(p, t.text if t else None) for change in joined for p, t in change] == [
        (1, "超级计算"), (2, None)]
    # Only into a word of the lists: no "supertechnology", no "microinformation".
    assert prefix_joins(romanise("超级技术")) == []
    assert prefix_joins(romanise("微信息")) == []
    # A prefix the first reading already glosses is left as it is.
    assert prefix_joins(romanise("上海微电子装备")) == []


def test_terms_give_other_readings_however_rare_their_words() -> None:
    texts = _texts("成都精密光学工程研究中心")
    assert texts[0] == "chengdu precision optical engineering research center"
    assert texts[1] == "chengdu fine optical engineering research center"  # 8 names: rare
    assert "hefei microscale physical science national laboratory" in _texts(
        "合肥微尺度物质科学国家研究中心")


def test_institution_readings_find_listed_institutes_and_no_unlisted_one(
        screener: Screener) -> None:
    def top(query: str) -> str | None:
        hits = screener.screen(query)
        return hits[0].name if hits else None

    assert top("国家超级计算济南中心") == "National Supercomputing Center Jinan"
    assert top("成都精密光学工程研究中心") == "Chengdu Fine Optical Engineering Research Center"
    assert top("合肥微尺度物质科学国家研究中心") == (
        "Hefei National Laboratory for Physical Sciences at Microscale")
    # The other national research centres of 2017 and firms named for precision are on no
    # list: no alert on any of them.
    for unlisted in ("武汉光电国家研究中心", "北京分子科学国家研究中心", "沈阳材料科学国家研究中心",
                     "北京凝聚态物理国家研究中心", "立讯精密", "东山精密"):
        assert screener.screen(unlisted) == [], unlisted

