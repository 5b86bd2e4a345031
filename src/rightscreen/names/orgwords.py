"""How organisations write their names, and how the matcher reads them back: legal forms in
letters ("S A DE C V"), run into a word ("ShipyardJSC") or broken in two ("Lim ited"),
misspelled ("Limted"), and abbreviated organisation words ("Intl", "Mfg"). All of it is data in
legal_forms.yaml, generic_words.yaml and abbreviations.yaml."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from rightscreen.data import load_yaml

_NON_WORD = re.compile(r"[^\w]+")
# A legal form written as separate letters at the end of a name ("S A", "S A DE C V", "L L C").
_LETTER_RUN = re.compile(r"(?:^|(?<=\s))((?:[a-z][\s.]+(?:de[\s.]+)?)+[a-z])[\s.,]*$")


@cache
def generic_words() -> frozenset[str]:
    return frozenset(load_yaml("generic_words.yaml")["generic"])


@cache
def _legal_form_data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("legal_forms.yaml")
    return data


@cache
def trailing_legal_forms() -> dict[str, str]:
    return {str(k): str(v) for k, v in _legal_form_data()["trailing"].items()}


@cache
def _letter_forms() -> dict[str, str]:
    return {str(k): str(v) for k, v in _legal_form_data()["letters"].items()}


def strip_letter_forms(folded: str) -> tuple[str, tuple[str, ...]]:
    """'acme s a de c v' -> ('acme', ('sacv',)): a legal form in separate letters is set
    aside like its dotted spelling; single letters of a person's name ('John F K') stay."""
    found = _LETTER_RUN.search(folded)
    if found is None:
        return folded, ()
    form = _letter_forms().get(re.sub(r"[^a-z]", "", found.group(1)))
    rest = folded[: found.start()]
    if form is None or len(_NON_WORD.sub("", rest)) < 2:
        return folded, ()
    return rest, (form,)


@cache
def _legal_affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = _legal_form_data()
    by_length = sorted(data["joined_suffixes"], key=len, reverse=True)
    return tuple(by_length), tuple(sorted(data["joined_prefixes"], key=len, reverse=True))


# A run-together word is split only when this many letters are left beside the legal form.
AFFIX_REST = 3


def split_legal_affixes(folded: str) -> str:
    """'admiralty shipyardjsc' -> 'admiralty shipyard jsc': a legal form run into the name."""
    return _WORD.sub(_affix_split, folded) if folded.isascii() else folded


def _affix_split(match: re.Match[str]) -> str:
    return _split_affix_word(match.group(0))


@lru_cache(maxsize=50_000)
def _split_affix_word(word: str) -> str:
    suffixes, prefixes = _legal_affixes()
    if len(word) < AFFIX_REST + 3:
        return word
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= AFFIX_REST:
            return _split_affix_word(word[: -len(suffix)]) + " " + suffix
    for prefix in prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= AFFIX_REST:
            return prefix + " " + _split_affix_word(word[len(prefix):])
    return word


@cache
def _whole_legal_words() -> frozenset[str]:
    data = _legal_form_data()
    return frozenset(data["typo_vocabulary"]) | frozenset(data["joined_suffixes"]) | frozenset(
        k for k in data["trailing"] if len(k) >= 4)


@cache
def _whole_words() -> frozenset[str]:
    """Words that, broken in two, are joined again: legal-form and generic words."""
    return _whole_legal_words() | frozenset(w for w in generic_words() if len(w) >= 6)


_SPACES = re.compile(r"(\s+)")


def join_broken_words(folded: str) -> str:
    """'lim ited' -> 'limited', 'res ources' -> 'resources': a legal-form or organisation
    word broken in two."""
    if not folded.isascii() or " " not in folded:
        return folded
    whole = _whole_words()
    parts = _SPACES.split(folded)  # words at even positions, the spaces between at odd ones
    i = 0
    while i + 2 < len(parts):
        joined = parts[i] + parts[i + 2]
        if len(parts[i]) >= 2 and len(parts[i + 2]) >= 2 and joined in whole:
            parts[i:i + 3] = [joined]
        i += 2
    return "".join(parts)


@cache
def _typo_vocabulary() -> tuple[str, ...]:
    return tuple(str(w) for w in _legal_form_data()["typo_vocabulary"])


# Typos are looked for only in words this long: shorter words one edit from "public" or
# "trading" are as often other words ("tradin" no, but "pubic", "tower"/"power") as typos.
TYPO_MIN = 6
_WORD = re.compile(r"[a-z]+")


def correct_typos(folded: str) -> str:
    """Misspelled legal-form and organisation words read as meant ('Limted' -> 'limited')."""
    return _WORD.sub(_corrected, folded) if folded.isascii() else folded


@lru_cache(maxsize=50_000)
def corrected_word(word: str) -> str:
    """The legal-form or organisation word `word` is a typo of, or `word` itself."""
    if len(word) < TYPO_MIN:
        return word
    vocabulary = _typo_vocabulary()
    if word in vocabulary:
        return word
    edits = 2 if len(word) >= 10 else 1
    if len(word) > _longest(vocabulary) + edits:
        return word  # too long to be a typo of any: and no distance is computed on it
    found = process.extractOne(word, vocabulary, scorer=OSA.distance, score_cutoff=edits)
    return word if found is None else str(found[0])


@lru_cache(maxsize=4)
def _longest(vocabulary: tuple[str, ...]) -> int:
    return max(map(len, vocabulary), default=0)


def _corrected(match: re.Match[str]) -> str:
    return corrected_word(match.group(0))


@cache
def _abbreviations() -> tuple[dict[str, str], frozenset[str], re.Pattern[str]]:
    """Abbreviation (one or two words) -> its expansion; the ambiguous ones; a pattern that
    finds any of them as whole words, two-word ones first."""
    expansions: dict[str, str] = {}
    ambiguous: set[str] = set()
    for entry in load_yaml("abbreviations.yaml")["abbreviations"]:
        expansions[entry["abbr"]] = str(entry["expansion"])
        if entry.get("ambiguous"):
            ambiguous.add(entry["abbr"])
    alternatives = sorted(expansions, key=lambda a: (-len(a.split()), -len(a)))
    pattern = re.compile(r"\b(?:" + "|".join(a.replace(" ", r"\s+") for a in alternatives)
                         + r")\b")
    return expansions, frozenset(ambiguous), pattern


def expand_abbreviations(folded: str) -> str:
    """'orient intl trdg co' -> 'orient international trading company', before legal forms are
    looked for, so that 'jt stk co' is found as the joint-stock company it is. Ambiguous ones
    (Dev, Eng, Co) only in a name that is an organisation's by another sign: "Dev Patel" is
    a person."""
    expansions, ambiguous, pattern = _abbreviations()
    if not folded.isascii() or pattern.search(folded) is None:
        return folded
    signs = generic_words() | _whole_legal_words()
    organisation = any(w in signs for w in _WORD.findall(folded)) or any(
        " ".join(m.group(0).split()) not in ambiguous for m in pattern.finditer(folded))

    def expand(match: re.Match[str]) -> str:
        abbreviation = " ".join(match.group(0).split())
        # "Co-operative", "Eng-" are words of their own, not abbreviations.
        hyphenated = folded[match.end():match.end() + 1] == "-"
        if abbreviation in ambiguous and (hyphenated or not organisation):
            return match.group(0)
        return expansions[abbreviation]

    return pattern.sub(expand, folded)
