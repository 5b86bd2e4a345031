"""The words of a pool within a few edits of a query word, compared in C by rapidfuzz. For a
very large vocabulary (a million entities), the pools run to thousands of words, and most of
them are ruled out before any comparison by the letters they use (`LetterSets`).

The rule: an edit adds at most one letter the other word lacks, and takes away at most one
(a substitution does both, a transposition neither). So a word within `edits` edits of another
has at most `edits` letters the other has not, each way. Letters are kept as bits of a 64-bit
mask (a code point's low six bits); two letters that share a bit only make the test looser,
never wrong."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["BATCH_POOL", "LetterSets", "bucket_key", "end_length", "letter_mask", "search_keys",
           "within_edits"]

# A pool of more words than this is compared in one batch (rapidfuzz's cdist: 90 ns a word
# against 220 ns by extract_iter, measured on the million-entity benchmark). Not for lists the
# size of the built-in ones: their few large pools (486 in 6,000 names against BIS and SDN)
# save less than importing numpy costs (0.06 s).
BATCH_POOL = 200


def within_edits(word: str, pool: list[str], edits: int, *,
                 batch: bool = False) -> list[tuple[str, int]]:
    """The words of `pool` at most `edits` edits (adjacent transpositions count one) from
    `word`, with their distance, in pool order; with `batch`, a large pool in one call."""
    if not batch or len(pool) <= BATCH_POOL:
        return [(candidate, int(distance)) for candidate, distance, _ in process.extract_iter(
            word, pool, scorer=OSA.distance, score_cutoff=edits)]
    import numpy  # here: about 0.1 s, paid only by lists that need it

    distances = process.cdist([word], pool, scorer=OSA.distance, score_cutoff=edits,
                              dtype=numpy.uint8)[0]
    return [(pool[i], int(distances[i])) for i in numpy.flatnonzero(distances <= edits).tolist()]


def letter_mask(word: str) -> int:
    """The letters of `word` as bits: bit (code point mod 64) for each."""
    mask = 0
    for letter in set(word):
        mask |= 1 << (ord(letter) & 63)
    return mask


def end_length(length: int, large: bool = False) -> int:
    """How many letters of each end of a word of `length` name its buckets."""
    # One edit leaves one end of a word intact when the two ends do not overlap: two letters
    # each for words of four or five letters, three from six on. In a very large vocabulary
    # the ends grow to half the word (four letters from eight on): one edit is still always
    # found, and a bucket holds a fifth of the words, but two edits, one near each end, are
    # missed more often (measured in benchmarks/scale.py).
    if large:
        return max(2, length // 2)
    return 2 if length <= 5 else 3


def bucket_key(end: str, letters: str, length: int) -> str:
    """The bucket of the words of `length` letters that begin ('f') or end ('l') with
    `letters`."""
    return f"{end}{length}:{letters}"


def search_keys(word: str, edits: int, large: bool) -> list[str]:
    """The buckets a word within `edits` edits of `word` is in, when it keeps one end."""
    keys = []
    for length in range(len(word) - edits, len(word) + edits + 1):
        ends = end_length(length, large)
        keys.append(bucket_key("f", word[:ends], length))
        keys.append(bucket_key("l", word[-ends:], length))
    return keys


class LetterSets:
    """Buckets of words (as `WordGroups` holds them: each bucket a run of one list) searched
    for the words near a query word, ruling most out by their letters before comparing any.

    The words of a bucket share one end with the query word, and two words that share an end
    are as many edits apart as what is left of them. So the letters compared are those of the
    rest: the query word's rest is set against each word's rest, kept as a mask in bucket
    order, so that a bucket's masks are one slice. On the million-entity benchmark's queries
    (benchmarks/scale.py) the pools' search took 0.24 s instead of 0.63 s, a word at a time;
    the masks take 1.3 s to make and 24 MB to keep."""

    def __init__(self, keys: Sequence[str], start: array[int], strings: Sequence[str]):
        """`strings`: the buckets' words in bucket order; bucket g is
        strings[start[g]:start[g + 1]], named keys[g] (see bucket_key)."""
        import numpy

        self._numpy: Any = numpy
        self._group = {key: g for g, key in enumerate(keys)}
        self._start = start
        self._strings = strings
        self._masks = numpy.zeros(len(strings), dtype=numpy.uint64)
        # Words a chunk at a time, as a grid of code points: a word's rest is a run of columns.
        chunk = 20_000  # about 25 MB of grid at a time
        firsts = numpy.frombuffer(start, dtype=numpy.uint32)
        ends = numpy.repeat([len(k) - k.index(":") - 1 for k in keys], numpy.diff(firsts))
        at_front = numpy.repeat([k[0] == "f" for k in keys], numpy.diff(firsts))
        for first in range(0, len(strings), chunk):
            words = numpy.array(strings[first:first + chunk], dtype=str)
            grid = words.view(numpy.uint32).reshape(len(words), -1)
            column = numpy.arange(grid.shape[1])
            size = numpy.char.str_len(words)[:, None]
            end = ends[first:first + chunk, None]
            rest = numpy.where(at_front[first:first + chunk, None], column >= end,
                               column < size - end) & (column < size)
            bits = numpy.left_shift(numpy.uint64(1), (grid & 63).astype(numpy.uint64))
            self._masks[first:first + len(words)] = numpy.bitwise_or.reduce(
                numpy.where(rest, bits, numpy.uint64(0)), axis=1)

    def near(self, word: str, keys: Iterable[str], edits: int) -> list[tuple[str, int]]:
        """As `within_edits(word, pool, edits)` where the pool is the words of the buckets
        `keys`, in that order: the same words, distances and order."""
        numpy, start, masks = self._numpy, self._start, self._masks
        runs, firsts, ends, rests, sizes = [], [], [], [], []
        pooled = 0
        for key in keys:
            g = self._group.get(key)
            if g is None or g + 1 >= len(start) or start[g + 1] <= start[g]:
                continue
            size = start[g + 1] - start[g]
            runs.append(masks[start[g]:start[g + 1]])
            firsts.append(start[g] - pooled)  # from place in the pool to place in buckets
            pooled += size
            ends.append(pooled)
            shared = len(key) - key.index(":") - 1
            rests.append(letter_mask(word[shared:] if key[0] == "f" else word[:-shared]))
            sizes.append(size)
        if not runs:
            return []
        pool = numpy.concatenate(runs) if len(runs) > 1 else runs[0]
        query = numpy.repeat(numpy.array(rests, dtype=numpy.uint64), sizes)
        kept = numpy.flatnonzero((numpy.bitwise_count(pool & ~query) <= edits)
                                 & (numpy.bitwise_count(query & ~pool) <= edits))
        if not len(kept):
            return []
        places = kept + numpy.asarray(firsts)[numpy.searchsorted(ends, kept, side="right")]
        strings = self._strings
        return within_edits(word, [strings[p] for p in places.tolist()], edits, batch=True)
