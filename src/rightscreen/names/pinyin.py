"""Toneless pinyin of Chinese text: pypinyin's, without its dictionaries in memory.

pypinyin (https://github.com/mozillazg/python-pinyin, MIT licence) reads a text by cutting it
into the longest phrases it knows (their readings chosen for the phrase: 银行 yinhang, not
yinxing) and reading the rest character by character. Importing it loads 400,000 phrases and
trains a prefix set over them (a fifth of a second). `lazy_pinyin` here gives what
`pypinyin.lazy_pinyin(text)` gives with its defaults (Style.NORMAL, errors "default", strict)
over a word table derived from pypinyin's own dictionaries and style conversion (names/
lexicon.py); its cut and reading follow pypinyin 0.55 (seg/simpleseg.py, seg/mmseg.py with
no_non_phrases, converter.py). tests/names/test_fast_path.py checks it against pypinyin on
real names. With no cache directory for the table, pypinyin itself reads.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from rightscreen.names.lexicon import TableSpec, WordTable, open_table

PHRASE = "\x01"  # key prefix of a phrase: its readings, one a character, as JSON
CHARACTER = "\x02"  # key prefix of a character: its first reading


def _build() -> tuple[dict[str, str], dict[str, Any]]:
    from pypinyin import Style
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
    from pypinyin.converter import UltimateConverter

    converter = UltimateConverter()
    normal: dict[str, str] = {}

    def plain(han: str, reading: str) -> str:
        # Style.NORMAL takes nothing from the character but its reading.
        if reading not in normal:
            normal[reading] = converter.convert_style(han, reading, Style.NORMAL, True)
        return normal[reading]

    words: dict[str, str] = {}
    for phrase, readings in PHRASES_DICT.items():
        words[PHRASE + phrase] = json.dumps(
            [plain(phrase[i] if i < len(phrase) else "", item[0])
             for i, item in enumerate(readings)], ensure_ascii=False)
    for code, listed in PINYIN_DICT.items():
        words[CHARACTER + chr(code)] = plain(chr(code), listed.split(",")[0])
    meta = {"hans": RE_HANS.pattern, "syllables": sorted(_syllables(PINYIN_DICT.values()))}
    return words, meta


def _syllables(readings: Any) -> set[str]:
    out = set()
    for found in readings:
        for reading in found.split(","):
            plain = "".join(ch for ch in unicodedata.normalize("NFKD", reading)
                            if not unicodedata.combining(ch))
            if any(vowel in plain for vowel in "aeiou"):
                out.add(plain.replace("ü", "u").replace("v", "u"))
    return out


SPEC = TableSpec(name="pinyin", package="pypinyin",
                 files=("phrases_dict.json", "pinyin_dict.json"), modules=(__name__,),
                 build=_build)


class Reader:
    """pypinyin.lazy_pinyin with its defaults, over the word table."""

    def __init__(self, table: WordTable):
        self._table = table
        self._hans = re.compile(table.meta["hans"])
        self.syllables = frozenset(table.meta["syllables"])

    def lazy_pinyin(self, text: str) -> list[str]:
        out: list[str] = []
        for run in self._runs(text):
            if not self._hans.match(run):
                if run:  # no pinyin: kept as written
                    out.append(run)
                continue
            for word in self._phrases(run):
                out.extend(self._read(word))
        return out

    def _runs(self, text: str) -> list[str]:
        # pypinyin's simple_seg: runs of characters with pinyin and runs of others.
        runs: list[str] = []
        run, other = "", False
        for position, char in enumerate(text):
            han = self._hans.match(char) is not None
            if position == 0:
                other = not han
            if han != other:
                run += char
            else:
                runs.append(run)
                other, run = not han, char
        runs.append(run)
        return runs

    def _phrase(self, word: str) -> str | None:
        return self._table.get_text(PHRASE + word)

    def _phrases(self, text: str) -> Iterator[str]:
        # pypinyin's forward maximum matching (mmseg.Seg.cut, no_non_phrases=True).
        remain = text
        while remain:
            last, last_end = "", 0
            for index in range(len(remain)):
                word = remain[:index + 1]
                if self._table.has_prefix(PHRASE + word):
                    if self._phrase(word) is not None:
                        last, last_end = word, index + 1
                else:
                    if last:
                        yield last
                        remain = remain[last_end:]
                    else:
                        yield remain[0]
                        remain = remain[1:]
                    break
            else:
                if last:
                    yield last
                    remain = remain[last_end:]
                else:
                    if self._phrase(remain) is None:
                        yield from remain
                    else:
                        yield remain
                    break

    def _read(self, word: str) -> list[str]:
        found = self._phrase(word)
        if found is not None:
            readings: list[str] = json.loads(found)
            return readings
        # A character without pinyin stays as it is.
        out = []
        for char in word:
            reading = self._table.get_text(CHARACTER + char)
            out.append(char if reading is None else reading)
        return out


@cache
def _reader() -> Reader | None:
    table = open_table(SPEC)
    return None if table is None else Reader(table)


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin.lazy_pinyin(text): one toneless syllable a character (ü written v)."""
    reader = _reader()
    if reader is None:
        return reference(text)
    return reader.lazy_pinyin(text)


def reference(text: str) -> list[str]:
    from pypinyin import lazy_pinyin as read

    return list(read(text))


@cache
def syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin gives a character, ü and v written u."""
    reader = _reader()
    if reader is not None:
        return reader.syllables
    from pypinyin.pinyin_dict import pinyin_dict

    return frozenset(_syllables(pinyin_dict.values()))
