"""Words by their consonants, for names transliterated from a script that writes no short
vowels (Arabic, Hebrew): mhmd finds mohamed and muhammad."""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable

from rightscreen.matching.tokens import skeleton

__all__ = ["Skeletons"]


class Skeletons:
    """Words by their consonants (mhmd: mohamed, muhammad), as one sorted array of numbers:
    each holds a checksum of a word's skeleton in its high bits and the word's number in its
    low bits. A dict of skeletons would cost a string and a list per word of a large
    vocabulary. Words found by checksum are checked against the skeleton itself. The checksum
    is CRC-32, not hash(), which differs from one process to the next: the array is kept in
    the warm-start cache."""

    def __init__(self, words: list[str], keys: array[int]):
        self._words = words
        self._shift = _skeleton_shift(len(words))
        self._keys = keys

    @staticmethod
    def keys_of(words: list[str], numbers: Iterable[int]) -> array[int]:
        shift = _skeleton_shift(len(words))
        consonants = skeleton.__wrapped__  # in bulk, past the cache meant for query words
        return array("q", sorted(_checksum(consonants(words[n])) << shift | n for n in numbers))

    def get(self, key: str, default: tuple[()] = ()) -> list[str] | tuple[()]:
        low = _checksum(key) << self._shift
        high = low | ((1 << self._shift) - 1)
        keys, words, found = self._keys, self._words, []
        for i in range(bisect_left(keys, low), len(keys)):
            if keys[i] > high:
                break
            number = keys[i] & ((1 << self._shift) - 1)
            if number < len(words) and skeleton(words[number]) == key:
                found.append(words[number])
        return found or default


def _skeleton_shift(words: int) -> int:
    return max(1, words.bit_length())


def _checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))
