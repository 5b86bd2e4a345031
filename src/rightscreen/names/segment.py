"""Word segmentation of Chinese names: jieba's, without its whole dictionary in memory.

jieba (https://github.com/fxsjy/jieba, MIT licence) cuts a text by the most probable path
through the words of its dictionary. Its Tokenizer loads all 350,000 words and their prefixes
(half a second) before the first cut. `Segmenter` is that same cut without the HMM
(`Tokenizer.cut(text, HMM=False)`: get_DAG, calc and __cut_DAG_NO_HMM of jieba 0.42, its
regular expressions taken from jieba itself when the table is made) over a word table derived
from jieba's own `gen_pfdict` of its dict.txt (names/lexicon.py), so a process looks up only
the words of its names. `add_word` works as jieba's does. tests/names/test_fast_path.py checks
the cut against jieba's on real names.

With no cache directory for the table, `segmenter()` is jieba's Tokenizer itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from math import log
from typing import Any, Protocol

from rightscreen.names.lexicon import TableSpec, WordTable, open_table


class Cutter(Protocol):
    def add_word(self, word: str, freq: int) -> None: ...

    def cut(self, text: str, HMM: bool = ...) -> Iterator[str]: ...  # noqa: N803 (jieba's)


def _build() -> tuple[dict[str, str], dict[str, Any]]:
    import jieba

    tokenizer = jieba.Tokenizer()
    frequencies, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())  # as initialize()
    meta = {"total": total, "han": jieba.re_han_default.pattern,
            "skip": jieba.re_skip_default.pattern, "eng": jieba.re_eng.pattern}
    return {word: str(frequency) for word, frequency in frequencies.items()}, meta


SPEC = TableSpec(name="jieba", package="jieba", files=("dict.txt",),
                 modules=(__name__,), build=_build)


class Segmenter:
    """jieba's `Tokenizer.cut(text, HMM=False)` over a table of its word frequencies (every
    word and every prefix of a word, a prefix that is no word at 0, as jieba keeps them)."""

    def __init__(self, table: WordTable):
        self._table = table
        self._added: dict[str, int] = {}
        self._total: int = table.meta["total"]
        self._han = re.compile(table.meta["han"], re.U)
        self._skip = re.compile(table.meta["skip"], re.U)
        self._eng = re.compile(table.meta["eng"], re.U)

    def frequency(self, word: str) -> int | None:
        """jieba's FREQ[word]: None for a text that is neither a word nor a word's prefix."""
        if word in self._added:
            return self._added[word]
        found = self._table.get_text(word)
        return None if found is None else int(found)

    def add_word(self, word: str, freq: int) -> None:
        # As jieba's add_word with a frequency and no tag: the total grows even when the word
        # was known.
        self._added[word] = freq
        self._total += freq
        for end in range(1, len(word) + 1):
            if self.frequency(word[:end]) is None:
                self._added[word[:end]] = 0

    def cut(self, text: str, HMM: bool = False) -> Iterator[str]:  # noqa: N803 (jieba's)
        if HMM:
            raise ValueError("Segmenter cuts without jieba's HMM only")
        for block in self._han.split(text):
            if not block:
                continue
            if self._han.match(block):
                yield from self._cut_block(block)
                continue
            for part in self._skip.split(block):
                if self._skip.match(part):
                    yield part
                else:
                    yield from part

    def _cut_block(self, sentence: str) -> Iterator[str]:
        route = self._route(sentence)
        position, size, buffer = 0, len(sentence), ""
        while position < size:
            end = route[position][1] + 1
            word = sentence[position:end]
            if self._eng.match(word) and len(word) == 1:
                buffer += word
            else:
                if buffer:
                    yield buffer
                    buffer = ""
                yield word
            position = end
        if buffer:
            yield buffer

    def _route(self, sentence: str) -> dict[int, tuple[float, int]]:
        size = len(sentence)
        frequencies: dict[str, int | None] = {}

        def frequency(word: str) -> int | None:
            if word not in frequencies:
                frequencies[word] = self.frequency(word)
            return frequencies[word]

        dag: dict[int, list[int]] = {}
        for start in range(size):
            ends = []
            end = start
            fragment = sentence[start]
            while end < size and (found := frequency(fragment)) is not None:
                if found:
                    ends.append(end)
                end += 1
                fragment = sentence[start:end + 1]
            dag[start] = ends or [start]
        route: dict[int, tuple[float, int]] = {size: (0, 0)}
        log_total = log(self._total)
        for start in range(size - 1, -1, -1):
            route[start] = max((log(frequency(sentence[start:end + 1]) or 1) - log_total
                                + route[end + 1][0], end) for end in dag[start])
        return route


def reference() -> Cutter:
    """jieba's own Tokenizer (its whole dictionary loaded on the first cut)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer: Cutter = jieba.Tokenizer()
    return tokenizer


def segmenter() -> Cutter:
    """A fresh segmenter: over the word table when there is a cache directory, else jieba's."""
    table = open_table(SPEC)
    return reference() if table is None else Segmenter(table)
