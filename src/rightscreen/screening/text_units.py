"""A page's text prepared for matching: lines broken inside Chinese words joined again, with a
way back to the original line; and the sentence around any position."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

# PDF text breaks lines inside Chinese words (人脸识\n别): such a break is not a boundary.
_HAN_BREAK = re.compile(r"(?<=[\u3400-\u9fff])[ \t]*\n[ \t]*(?=[\u3400-\u9fff])")
_SENTENCE_END = re.compile(r"[。！？；!?;]|\.(?=\s)|\n\s*\n")
MAX_SNIPPET = 240
# Characters before a term first scanned for the end of the sentence before it.
_FIRST_STEP = 24
# Lower-casing that never changes a string's length, so positions stay valid.
_LOWER = {c: c.lower() for c in map(chr, range(0x41, 0x250)) if len(c.lower()) == 1}
_LOWER_TABLE = str.maketrans({k: v for k, v in _LOWER.items() if k != v})


def fold_case(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered  # the usual case: no letter changed length (İ would)
    return text.translate(_LOWER_TABLE)


@dataclass(slots=True)
class PageText:
    original: str
    joined: str  # the original with line breaks inside Chinese words removed
    matching: str  # `joined`, case folded without changing its length
    cut_at: list[int]  # positions in `joined` where text was removed
    removed_before: list[int]  # characters removed before each cut, cumulated; [0] is 0
    # by sentence bounds: the findings of one sentence share its snippet
    _snippets: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, text: str) -> PageText:
        parts: list[str] = []
        cut_at: list[int] = []
        removed_before = [0]
        last = 0
        length = 0
        for match in _HAN_BREAK.finditer(text):
            parts.append(text[last:match.start()])
            length += match.start() - last
            cut_at.append(length)
            removed_before.append(removed_before[-1] + match.end() - match.start())
            last = match.end()
        parts.append(text[last:])
        joined = "".join(parts)
        return cls(text, joined, fold_case(joined), cut_at, removed_before)

    def line_of(self, offset: int) -> int:
        """The 1-based line of the original page text where a matching position stands."""
        original = offset + self.removed_before[bisect_right(self.cut_at, offset)]
        return self.original.count("\n", 0, original) + 1

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence holding matching-text positions start..end: from the end of
        the last sentence end in the MAX_SNIPPET characters before, to the end of the first
        in the MAX_SNIPPET after."""
        text = self.matching
        begin = _last_end(text, max(0, start - MAX_SNIPPET), start)
        finish = min(len(text), end + MAX_SNIPPET)
        after = _SENTENCE_END.search(text, end, finish)
        if after is not None:
            finish = after.end()
        return begin, finish

    def snippet(self, begin: int, finish: int) -> str:
        found = self._snippets.get((begin, finish))
        if found is None:
            found = self._snippets[begin, finish] = " ".join(self.joined[begin:finish].split())
        return found


def _last_end(text: str, begin: int, stop: int) -> int:
    """Where the last sentence end that a scan of text[begin:stop] finds ends; `begin` when
    it finds none. Scanned backwards in growing steps: where a match ends does not depend on
    where the scan starts (a blank-line run ends at its last newline however much of it is
    scanned), so the last end a shorter scan finds is the last end of the whole; a page of
    long sentences is not scanned 240 characters per term."""
    step = _FIRST_STEP
    low = stop
    while low > begin:
        low = max(begin, low - step)
        last = None
        for last in _SENTENCE_END.finditer(text, low, stop):  # noqa: B007 - the last one
            pass
        if last is not None:
            return last.end()
        step *= 4
    return begin


def word_bounded(text: str, start: int, end: int) -> bool:
    """A Latin match stands alone: no letter or digit right before or after it."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def longest_first(found: list[T], span: Callable[[T], tuple[int, int]]) -> list[T]:
    """Matches that do not overlap, the longest kept where several start together
    (人脸识别 inside 人脸识别系统 is one finding)."""
    def order(item: T) -> tuple[int, int]:
        start, end = span(item)
        return start, start - end

    found.sort(key=order)
    kept: list[T] = []
    covered_to = -1
    for item in found:
        start, end = span(item)
        if start >= covered_to:
            kept.append(item)
        covered_to = max(covered_to, end)
    return kept
