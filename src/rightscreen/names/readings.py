"""A Chinese name's other readings, tried by the screener beside its first (chinese.romanise).

A Chinese name can be written in Latin letters in more than one way, and the lists use more
than one: a word in another of its English renderings (科学 science or scientific), a word
opening the name as the lists write it there (中国 China National), a brand in an older or
English-style romanisation rather than pinyin (奇虎 Qihoo, 清华 Tsinghua), a run of
numerals as the digits brands write (三六零 360), and a bound prefix written joined to the word
after it as English writes it (微 micro- and 尺度 scale: microscale). Each is a change to one or
more words of the first reading; readings with fewer changes come first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import combinations, product
from typing import Any

from rightscreen.data import load_sourced_yaml
from rightscreen.names.cedict import COMMON_MIN, known_to_lists, prefixes, senses, word_counts
from rightscreen.names.chinese import HanToken, romanise, spelled_in_pinyin, syllables_of
from rightscreen.names.institutions import numerals, openings, terms

# Readings of a name tried beside its first, the first included.
MAX_READINGS = 6
# Respellings of a word tried at most: its syllables' spellings multiply (4 syllables with 3
# spellings each are 81), and a brand is rarely longer.
MAX_RESPELLINGS = 256
# Pinyin initials, two letters first (zh before z).
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j",
             "q", "x", "r", "z", "c", "s", "y", "w")

# One change to the first reading: positions of its words and what each becomes (None: the
# word is taken into the one before it, as the digits of a numeral run).
_Change = tuple[tuple[int, HanToken | None], ...]


@lru_cache(maxsize=16384)
def readings(core: str) -> tuple[tuple[HanToken, ...], ...]:
    """The romanisation of a core name and its other readings, fewest changes first, at most
    MAX_READINGS. The changes: a word read as another of its English renderings (a CC-CEDICT
    sense or an institution's other name, `HanToken.alternatives`) whose words the lists use as
    often as a common gloss must be used; a word opening the name read as the lists also write
    it there (institutions_zh.yaml `openings`); a word an institution also writes otherwise
    (`terms`); an unknown word's pinyin respelled in another romanisation (`respellings`); a
    run of numerals read as digits (`numeral_runs`). A prefix joined to the next word
    (`prefix_joins`) is tried first: where the lists use the joined word, it is what the two
    characters say, and their pinyin is not."""
    first = romanise(core)
    changes: list[_Change] = prefix_joins(first)
    for position, token in enumerate(first):
        others = [a for a in token.alternatives
                  if a != token.latin and known_to_lists(a, COMMON_MIN)]
        if position == 0 and token.text in openings():
            others = [*openings()[token.text].english, *others]
        if token.text in terms():  # sourced, so tried however rare its words in the lists
            others = [*terms()[token.text].english[1:], *others]
        if token.kind == "pinyin":
            others.extend(respellings(token.text, token.latin))
        changes.extend(((position, replace(token, latin=o)),) for o in dict.fromkeys(others))
    changes.extend(numeral_runs(first))
    out = [first]
    for count in range(1, len(first) + 1):
        for combination in combinations(changes, count):
            positions = [p for change in combination for p, _ in change]
            if len(set(positions)) < len(positions):
                continue  # one change per word
            tokens: list[HanToken | None] = list(first)
            for change in combination:
                for position, changed in change:
                    tokens[position] = changed
            out.append(tuple(t for t in tokens if t is not None))
            if len(out) == MAX_READINGS:
                return tuple(out)
    return tuple(out)


# Kinds of a word whose Latin form is English, which a prefix may be joined to.
_ENGLISH_KINDS = frozenset({"gloss", "english"})


def prefix_joins(tokens: tuple[HanToken, ...]) -> list[_Change]:
    """A word left as pinyin whose CC-CEDICT senses include an English prefix (微 micro-,
    超级 super-), joined to an English word of the word after it (its reading, its other
    renderings, its CC-CEDICT senses) into one word the lists use: 微 尺度 → microscale,
    微 系统 → microsystems, 超级 计算 → supercomputing. Only a word of the lists: 'microchidu'
    or 'supercount' names nothing."""
    counts = word_counts()
    out: list[_Change] = []
    for position, (token, after) in enumerate(zip(tokens, tokens[1:], strict=False)):
        bound = prefixes(token.text) if token.kind == "pinyin" else ()
        if not bound:
            continue
        english = [after.latin, *after.alternatives] if after.kind in _ENGLISH_KINDS else []
        words = [w for w in dict.fromkeys([*english, *senses(after.text)]) if " " not in w]
        joined = next((p + w for w in words for p in bound if counts.get(p + w, 0)), None)
        if joined is not None:
            word = HanToken(token.text + after.text, joined, "gloss")
            out.append(((position, word), (position + 1, None)))
    return out


def numeral_runs(tokens: tuple[HanToken, ...]) -> list[_Change]:
    """Runs of two or more numeral characters, made of whole unknown words, read digit by digit
    as one number (三六零 → 360), as brands write them; the first reading keeps their pinyin, as
    a numeral inside a word is mostly part of it (三一重工 is Sany)."""
    digits = numerals()
    out: list[_Change] = []
    run: list[int] = []
    for position, token in enumerate([*tokens, None]):
        if (token is not None and token.kind == "pinyin"
                and all(ch in digits for ch in token.text)):
            run.append(position)
            continue
        text = "".join(tokens[p].text for p in run)
        if len(text) >= 2:
            number = HanToken(text, "".join(str(digits[ch]) for ch in text), "number")
            out.append(((run[0], number), *((p, None) for p in run[1:])))
        run = []
    return out


@dataclass(frozen=True, slots=True)
class _Spellings:
    initials: dict[str, tuple[str, ...]]
    finals: dict[str, tuple[tuple[str, ...], frozenset[str]]]  # spellings, initials not after
    syllables: dict[str, tuple[str, ...]]


@cache
def _spellings() -> _Spellings:
    data: dict[str, Any] = load_sourced_yaml("romanisations_zh.yaml",
                                             ("initials", "finals", "syllables"), "pinyin")
    initials: dict[str, tuple[str, ...]] = {}
    for entry in data["initials"]:
        initials[entry["pinyin"]] = (*initials.get(entry["pinyin"], ()), *entry["spelled"])
    finals = {e["pinyin"]: (tuple(e["spelled"]), frozenset(e.get("not_after", ())))
              for e in data["finals"]}
    whole = {e["pinyin"]: tuple(e["spelled"]) for e in data["syllables"]}
    return _Spellings(initials, finals, whole)


def syllable_spellings(syllable: str) -> tuple[str, ...]:
    """A pinyin syllable and its spellings in the romanisations of romanisations_zh.yaml,
    the syllable itself first (qing: qing, ching, tsing)."""
    table = _spellings()
    initial = next((i for i in _INITIALS if syllable.startswith(i) and syllable != i), "")
    final = syllable[len(initial):]
    spelled_final = table.finals.get(final)
    finals: tuple[str, ...] = (final,)
    if spelled_final is not None and initial not in spelled_final[1]:
        finals += spelled_final[0]
    found = [i + f for i in (initial, *table.initials.get(initial, ())) for f in finals]
    return tuple(dict.fromkeys([syllable, *found, *table.syllables.get(syllable, ())]))


@lru_cache(maxsize=16384)
def respellings(text: str, latin: str) -> tuple[str, ...]:
    """Other spellings of the pinyin `latin` of the Chinese word `text` (奇虎 qihu → qihoo)
    that the lists use as a word. One that reads as pinyin itself is left out: it would be the
    pinyin of other characters, not this word in another romanisation."""
    syllables = syllables_of(text)
    if syllables is None or "".join(syllables) != latin or len(syllables) < 2:
        return ()  # a single syllable respelled meets too many unrelated words
    options = [syllable_spellings(s) for s in syllables]
    size = 1
    for option in options:
        size *= len(option)
    if size > MAX_RESPELLINGS:
        return ()
    counts = word_counts()
    found = ("".join(parts) for parts in product(*options))
    return tuple(w for w in found
                 if w != latin and counts.get(w, 0) and not spelled_in_pinyin(w))
