"""Chinese names: Traditional to Simplified, legal forms, segmentation and romanisation.

A Chinese name becomes Latin tokens so that one engine compares it with every list: generic
organisation words become the English words lists use for them (技术 → technology), place names
stay as their pinyin (and are down-weighted later), and the distinctive rest becomes pinyin,
one token a word (海康威视 → haikang weishi)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


@cache
def _knowledge() -> dict[str, Any]:
    text = resources.files("rightscreen.data").joinpath("names_zh.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    data["legal_forms"] = sorted(data["legal_forms"], key=len, reverse=True)
    data["places"] = frozenset(data["places"])
    data["places_latin"] = frozenset(data["places_latin"])
    data["surnames"] = frozenset(data["surnames"])
    return data


def latin_places() -> frozenset[str]:
    places: frozenset[str] = _knowledge()["places_latin"]
    return places


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _segmenter() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in _knowledge()["glosses"]:
        tokenizer.add_word(word, freq=100000)
    for word in _knowledge()["places"]:
        tokenizer.add_word(word, freq=100000)
    return tokenizer


def to_simplified(text: str) -> str:
    return str(_converter().convert(text)) if has_han(text) else text


def strip_legal_forms(text: str) -> tuple[str, list[str]]:
    """Remove Chinese legal-form suffixes (and a bracketed place, 杭州(中国)) from a name."""
    forms: list[str] = []
    text = re.sub(r"[（(][^）)]*[）)]", "", text).strip()
    changed = True
    while changed:
        changed = False
        for form in _knowledge()["legal_forms"]:
            if text.endswith(form) and len(text) > len(form):
                text = text[: -len(form)].strip()
                forms.append(form)
                changed = True
                break
    return text, forms


@dataclass(frozen=True, slots=True)
class HanToken:
    text: str  # the Chinese word
    latin: str  # its gloss or pinyin, one or more words
    kind: str  # gloss, place, pinyin, surname


@lru_cache(maxsize=65536)
def romanise(core: str) -> tuple[HanToken, ...]:
    """Segment a Simplified Chinese core name and give every word a Latin form."""
    from pypinyin import lazy_pinyin

    knowledge = _knowledge()
    if _looks_like_person(core):
        return (HanToken(core[0], _pinyin(core[0]), "surname"),
                HanToken(core[1:], "".join(lazy_pinyin(core[1:])), "pinyin"))
    words = _merge_single_characters([w for w in _segmenter().cut(core, HMM=False) if w.strip()])
    out: list[HanToken] = []
    for word in words:
        if not has_han(word):
            out.append(HanToken(word, word.lower(), "latin"))
        elif word in knowledge["glosses"]:
            out.append(HanToken(word, knowledge["glosses"][word], "gloss"))
        elif word in knowledge["places"] or word.rstrip("市省") in knowledge["places"]:
            out.append(HanToken(word, _pinyin(word.rstrip("市省")), "place"))
        else:
            out.append(HanToken(word, _pinyin(word), "pinyin"))
    return tuple(out)


def _pinyin(word: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(word)).replace("ü", "u").replace("v", "u") if word else ""


def _looks_like_person(core: str) -> bool:
    if not 2 <= len(core) <= 4 or not all(_HAN.match(ch) for ch in core):
        return False
    knowledge = _knowledge()
    if any(g in core for g in knowledge["glosses"]) or core in knowledge["places"]:
        return False
    return core[0] in knowledge["surnames"]


def _merge_single_characters(words: list[str]) -> list[str]:
    # jieba without its HMM splits an unknown brand into characters (海康 威 视): a run of
    # single characters is taken as one unknown word (威视).
    merged: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and has_han(word):
            run += word
            continue
        if run:
            merged.append(run)
            run = ""
        merged.append(word)
    if run:
        merged.append(run)
    return merged
