"""Institutional words and numbers in Chinese names, from data/institutions_zh.yaml.

Universities, institutes, group companies and the numbered institutes of the defence groups
have fixed English renderings in the lists (大学 university, 研究所 research institute,
第十四研究所 14th Research Institute); knowing them as data lets a Chinese name meet an English
list entry word for word."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from rightscreen.data import load_sourced_yaml
from rightscreen.names.cedict import choose, english_words


@dataclass(frozen=True, slots=True)
class Institution:
    zh: str
    english: tuple[str, ...]  # the chosen rendering first, then the alternatives
    source: str


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_sourced_yaml("institutions_zh.yaml",
                                             ("suffixes", "numbered", "openings", "terms"), "zh")
    return data


@cache
def suffixes() -> dict[str, Institution]:
    out = {}
    for entry in _data()["suffixes"]:
        english = choose([english_words(e) for e in entry["en"]])
        out[entry["zh"]] = Institution(entry["zh"], english, entry["source"])
    return out


@cache
def openings() -> dict[str, Institution]:
    """Words opening a name, with the other English the lists give them there."""
    return {e["zh"]: Institution(e["zh"], tuple(english_words(x) for x in e["en"]), e["source"])
            for e in _data()["openings"]}


@cache
def terms() -> dict[str, Institution]:
    """Words of institution names read as the institutions write them in English (精密
    precision, also fine), the reading first."""
    return {e["zh"]: Institution(e["zh"], tuple(english_words(x) for x in e["en"]), e["source"])
            for e in _data()["terms"]}


@cache
def _suffixes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(suffixes(), key=len, reverse=True))


def split_suffix(word: str) -> tuple[str, Institution] | None:
    """(distinctive part, institution) for a word that ends in an institutional word."""
    for key in _suffixes_longest_first():
        if word.endswith(key) and len(word) > len(key):
            return word[: -len(key)], suffixes()[key]
    return None


@cache
def branches() -> tuple[str, ...]:
    return tuple(sorted(_data()["branches"], key=len, reverse=True))


@cache
def numbered() -> dict[str, Institution]:
    return {e["zh"]: Institution(e["zh"], (english_words(e["en"]),), e["source"])
            for e in _data()["numbered"]}


def numbered_unit(text: str) -> Institution | None:
    """The institutional word a number's text continues with (所 in 十四所), longest first."""
    for key in sorted(numbered(), key=len, reverse=True):
        if text.startswith(key):
            return numbered()[key]
    return None


@cache
def number_pattern() -> re.Pattern[str]:
    """Numbers that are ordinals (第十四, 第14) or that number an institute (十四所, 14所).
    A numeral elsewhere is left to the word it is part of (三一重工 is Sany, not 31)."""
    data = _data()
    digits = "".join([*data["numerals"], *data["multipliers"]])
    units = "|".join(map(re.escape, sorted(numbered(), key=len, reverse=True)))
    prefix = re.escape(data["ordinal_prefix"])
    return re.compile(rf"{prefix}(?:[{digits}]+|\d+)|(?:[{digits}]+|\d+)(?=(?:{units}))")


def read_number(text: str) -> int | None:
    """十四 → 14, 第三十八 → 38, 一〇二 → 102, 第14 → 14; None if it is not a number."""
    data = _data()
    text = text.removeprefix(data["ordinal_prefix"])
    if text.isdigit():
        return int(text)
    numerals: dict[str, int] = data["numerals"]
    multipliers: dict[str, int] = data["multipliers"]
    if not text or any(ch not in numerals and ch not in multipliers for ch in text):
        return None
    if not any(ch in multipliers for ch in text):
        return int("".join(str(numerals[ch]) for ch in text))  # digit by digit: 七一二 is 712
    total, digit = 0, None
    for ch in text:
        if ch in numerals:
            digit = numerals[ch]
            continue
        total += (1 if digit is None else digit) * multipliers[ch]  # 十四: an implied one
        digit = None
    return total + (digit or 0)


@cache
def numerals() -> dict[str, int]:
    """Chinese numeral characters and their digits (三 → 3), multipliers (十) aside."""
    found: dict[str, int] = _data()["numerals"]
    return found
