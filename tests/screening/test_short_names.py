from __future__ import annotations

from typing import Any

import pytest

from rightscreen.screening.short_names import (
    ContextCheck,
    WordCheck,
    load_short_names,
    ordinary_word,
    parse_short_names,
)


def test_every_decision_is_what_the_word_lists_say() -> None:
    # The data records each decision so that screening needs no dictionary; this keeps the
    # record honest whenever CC-CEDICT, jieba or the list of short names changes.
    for short in load_short_names().names:
        assert ordinary_word(short.name) == (short.ordinary, short.evidence), short.name


@pytest.mark.parametrize(("word", "ordinary"), [
    ("大华", True),  # jieba knows it as a frequent word: 强大华夏, "great China"
    ("曙光", True),  # CC-CEDICT: dawn
    ("商汤", False),  # CC-CEDICT: a proper name only
    ("旷视", False),  # in neither list
    ("Huawei", False),
    ("Delta", True),
])
def test_ordinary_word(word: str, ordinary: bool) -> None:
    assert ordinary_word(word)[0] is ordinary


def _data(**entry: Any) -> dict[str, Any]:
    base = {"name": "旷视", "subject": "megvii", "ordinary": False, "evidence": "e",
            "source": "s"}
    return {"sources": {"s": "x"}, "short_names": [{**base, **entry}],
            "context": {"product_words": [], "column_labels": [], "separators": "、"}}


@pytest.mark.parametrize(("entry", "message"), [
    ({"source": "nowhere"}, "unknown source"),
    ({"listed": "Megvii Technology"}, "subject or a listed name"),
    ({" Ltd.": None}, "unknown fields"),  # what an unquoted "Co., Ltd." turns into
])
def test_bad_entries_are_refused(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_short_names(_data(**entry))


@pytest.fixture(scope="module")
def words() -> WordCheck:
    return WordCheck(load_short_names().names)


@pytest.mark.parametrize(("text", "name", "alone"), [
    ("上海康复中心采购病床", "海康", False),
    ("临海康复医院", "海康", False),
    ("强大华夏", "大华", False),
    ("通讯飞速发展", "讯飞", False),
    ("上海光电", "海光", False),
    ("旷视为公安提供人员卡口", "旷视", True),
    ("华为了解到", "华为", True),
    ("采购大华摄像机", "大华", True),
])
def test_a_short_name_counts_only_as_a_word(words: WordCheck, text: str, name: str,
                                            alone: bool) -> None:
    start = text.index(name)
    assert words.stands_alone(text, start, start + len(name)) is alone


@pytest.fixture(scope="module")
def context() -> ContextCheck:
    return ContextCheck(load_short_names())


def test_context_of_an_ordinary_short_name(context: ContextCheck) -> None:
    text = "与海康威视、大华平台兼容"
    at = text.index("大华")
    assert context.before_product(text, at + 2)
    assert context.beside(text, [(1, 5)], at, at + 2)
    assert not context.beside(text, [(0, 1)], at, at + 2)  # 与 is not a brand next to it
    assert not context.before_product("迎接曙光的到来", 4)


def test_brand_field_and_brand_column(context: ContextCheck) -> None:
    assert context.in_brand_field("品牌:海康、大华", 6)
    assert not context.in_brand_field("品牌:海康。迎接大华", 8)
    table = "序号\t名称\t品牌\t数量\n1\t硬盘录像机\t大华\t2\n2\t大华北区运费\t无\t1"
    first = table.index("大华")
    assert context.in_brand_field(table, first)
    assert not context.in_brand_field(table, table.index("大华", first + 1))  # 名称 column


def _finder() -> Any:
    from rightscreen.model import Entity, Name, SourceRef
    from rightscreen.screening.mentions import MentionFinder

    corps = Entity("x:1", "Organization", [
        Name("Xinjiang Production and Construction Corps"),
        Name("兵团", "short", "supplement:facts")], [SourceRef("x", "1")], subject="xpcc")
    megvii = Entity("x:2", "Company", [Name("Megvii Technology")], [SourceRef("x", "2")],
                    subject="megvii")
    return MentionFinder([corps, megvii], lambda word: 1.0)


@pytest.mark.parametrize(("text", "found"), [
    ("旷视为公安提供人员卡口", ["旷视"]),  # a decided short name, on its own
    ("兵团开展民兵训练", []),  # an undecided supplement short name: ordinary until decided
    ("兵团平台", ["兵团"]),  # ... which counts before a product word
])
def test_short_names_in_a_small_snapshot(text: str, found: list[str]) -> None:
    from rightscreen.screening.text_units import PageText

    page = PageText.build(text)
    assert [page.joined[m.start:m.end] for m in _finder().find(page)] == found
