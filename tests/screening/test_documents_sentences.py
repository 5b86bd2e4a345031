"""The sentence around a term, found by a backward scan in growing steps, is the sentence a
scan of the whole 240 characters before it finds."""

from __future__ import annotations

import random

from rightscreen.screening.text_units import _SENTENCE_END, MAX_SNIPPET, PageText


def _reference(page: PageText, start: int, end: int) -> tuple[int, int]:
    text = page.matching
    begin = max(0, start - MAX_SNIPPET)
    finish = min(len(text), end + MAX_SNIPPET)
    for found in _SENTENCE_END.finditer(text, begin, start):
        begin = found.end()
    after = _SENTENCE_END.search(text, end, finish)
    return begin, after.end() if after is not None else finish


def test_sentence_bounds_match_a_whole_scan() -> None:
    rng = random.Random(13)
    # blank lines and ". " are the sentence ends that span or look past a character
    pieces = ["人脸识别", "word", " ", "\n", "\n \n", "\t", "\u3000", ".", ". ", "。", "；", "!",
              "x.y", "黑名单"]
    checked = 0
    for _ in range(3000):
        page = PageText.build("".join(rng.choice(pieces) for _ in range(rng.randint(0, 160))))
        for _ in range(4):
            start = rng.randint(0, len(page.matching))
            end = min(len(page.matching), start + rng.randint(0, 4))
            assert page.sentence(start, end) == _reference(page, start, end)
            checked += 1
    assert checked == 12000


def test_a_sentence_starts_after_the_last_end_before_it() -> None:
    page = PageText.build("第一句。" + "甲" * 300 + "。系统应支持人脸识别")
    start = page.matching.index("人脸识别")
    begin, _ = page.sentence(start, start + 4)
    assert page.matching[begin:start] == "系统应支持"
