"""A name as the matcher sees it: scripts unified, legal forms set aside, words classified."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from anyascii import anyascii
from rigour.names.org_types import extract_org_types, remove_org_types

from rightscreen.data import load_yaml, stopwords
from rightscreen.names.chinese import (
    HanToken,
    has_han,
    latin_places,
    romanise,
    strip_legal_forms,
    to_simplified,
)
from rightscreen.names.orgwords import (
    correct_typos,
    expand_abbreviations,
    generic_words,
    join_broken_words,
    split_legal_affixes,
    strip_letter_forms,
    trailing_legal_forms,
)
from rightscreen.names.readings import readings

__all__ = ["NameForm", "Token", "analyze", "country_words", "generic_words", "han_readings",
           "stopwords", "word_kind"]

# Punctuation becomes a space, except apostrophes and ampersands inside words, which join
# (O'Brien, AT&T), and dots between single letters (E.K.T., S.A.): a dot between two longer
# words separates them like a space ("ALFA.BANK" is Alfa Bank).
_JOINERS = re.compile(r"(?<=\w)['’`&](?=\w)|(?<=\b\w)\.(?=\w\b)"
                      r"|(?<=\w)\.(?=(?:com|net|org|io|cn)\b)")  # Amazon.com is one word
_NON_WORD = re.compile(r"[^\w]+")
_WORD_GLUE = re.compile(r"(?<=\w)[-.](?=\w)")


@cache
def _title_pattern() -> re.Pattern[str]:
    titles = sorted(load_yaml("titles.yaml")["titles"], key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(map(re.escape, titles)) + r")[ .,]+(?=\S{2})")


def _remove_title(folded: str) -> str:
    return _title_pattern().sub("", folded, count=1)


@cache
def _place_words() -> frozenset[str]:
    return latin_places() | country_words()


@cache
def _numbers() -> tuple[dict[str, int], dict[str, int], tuple[str, ...]]:
    data = load_yaml("numbers.yaml")
    return data["units"], data["tens"], tuple(data["ordinal_suffixes"])


@cache
def country_words() -> frozenset[str]:
    """One-word country names (china, russia, switzerland): where, not who."""
    from rigour.territories import get_territories  # 60 ms at import; read once, here

    words = set()
    for territory in get_territories():
        for name in (territory.name, territory.full_name):
            if name and " " not in name:
                words.add(anyascii(name).lower())
    return frozenset(words)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: str  # word, generic, place, gloss, number, initial, stop


@dataclass(frozen=True, slots=True)
class NameForm:
    original: str
    tokens: tuple[Token, ...]
    legal_forms: tuple[str, ...]
    # The Simplified Chinese core (legal forms removed), for names written in Han characters.
    han: str | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens if t.kind != "stop")

    @property
    def compact(self) -> str:
        return "".join(t.text for t in self.tokens if t.kind != "stop")


@lru_cache(maxsize=100_000)
def analyze(name: str) -> NameForm:
    """Normalise a name of any script into classified Latin tokens."""
    text = unicodedata.normalize("NFKC", name).strip()
    if has_han(text):
        return _analyze_han(name, to_simplified(text))
    # Letters joined first: E.K.T. is an acronym, not the German legal form e.K. plus a T.
    folded = expand_abbreviations(join_broken_words(
        _JOINERS.sub("", _remove_title(text.casefold()))))
    # Words joined by a hyphen or a dot are two words to the legal-form search as well
    # ("LIMITED-LIABILITY COMPANY", "Sdn.Bhd").
    folded = correct_typos(split_legal_affixes(_WORD_GLUE.sub(" ", folded)))
    folded, lettered = strip_letter_forms(folded)
    forms = tuple(f for _, f in extract_org_types(folded)) if _maybe_org(folded) else ()
    if forms:
        stripped = remove_org_types(folded)
        if len(_NON_WORD.sub("", stripped)) >= 2:
            folded = stripped
        else:
            forms = ()  # the "legal form" was the name itself
    if not folded.isascii():
        folded = anyascii(folded).lower()
    tokens, trailing = _strip_trailing_forms(_latin_tokens(folded))
    return NameForm(name, tokens, forms + trailing + lettered)


def _strip_trailing_forms(tokens: tuple[Token, ...]) -> tuple[tuple[Token, ...], tuple[str, ...]]:
    suffixes = trailing_legal_forms()
    kept = list(tokens)
    removed: list[str] = []
    while len(kept) > 1 and kept[-1].text in suffixes:
        removed.append(suffixes[kept.pop().text])
    if not removed:
        return tokens, ()
    return tuple(kept), ("".join(reversed(removed)),)


def _maybe_org(folded: str) -> bool:
    # Legal-form search is the costliest step; person names ("PUTIN, Vladimir") rarely need it.
    return len(folded) > 3


def _latin_tokens(text: str) -> tuple[Token, ...]:
    text = _JOINERS.sub("", text).replace("&", " and ")
    words = _read_numbers([w.replace("_", "") for w in _NON_WORD.split(text) if w])
    out: list[Token] = []
    seen: set[str] = set()
    for word in words:
        if not word or word in seen:
            continue  # a repeated word ("Shoigu Shoigu Sergey") says nothing more
        seen.add(word)
        out.append(Token(word, word_kind(word)))
    return tuple(out)


def word_kind(word: str) -> str:
    """What a Latin word of a name says: stop, number, initial, place, generic or word."""
    if word in stopwords():
        return "stop"
    if word.isdigit():
        return "number"
    if len(word) == 1:
        return "initial"
    if word in _place_words():
        return "place"
    if word in generic_words():
        return "generic"
    return "word"


# Kinds of chinese.HanToken kept as token kinds; pinyin and surname words are plain words.
_HAN_KINDS = frozenset({"gloss", "place", "number", "generic"})


def _analyze_han(name: str, simplified: str) -> NameForm:
    core, forms = strip_legal_forms(simplified)
    return _han_form(name, core, tuple(forms), romanise(core))


def han_readings(form: NameForm) -> tuple[NameForm, ...]:
    """A name in Chinese characters as each of its readings (names/readings.py), the form
    itself first; any other name is only itself."""
    if not form.han:
        return (form,)
    found = readings(form.han)
    return (form, *(_han_form(form.original, form.han, form.legal_forms, r)
                    for r in found[1:]))


def _han_form(name: str, core: str, forms: tuple[str, ...],
              romanised: tuple[HanToken, ...]) -> NameForm:
    tokens: list[Token] = []
    for han in romanised:
        if han.kind == "latin":
            tokens.extend(_latin_tokens(han.latin))
            continue
        places = latin_places()
        for part in han.latin.split():
            # chinese.romanise says what each word is; kinds the scorer knows pass through.
            kind = han.kind if han.kind in _HAN_KINDS else "word"
            if part.isdigit():
                kind = "number"
            elif part in places:
                kind = "place"
            elif han.kind == "gloss" and part in generic_words():
                # Only an English gloss is a generic word: pinyin that happens to spell one
                # (达闼 → "data") is the distinctive part of the name.
                kind = "generic"
            tokens.append(Token(part, kind))
    return NameForm(name, tuple(tokens), forms, han=core or None)


def _read_numbers(words: list[str]) -> list[str]:
    """Number words and ordinals as digits: forty four → 44, 1st → 1, third → 3."""
    units, tens, suffixes = _numbers()
    out: list[str] = []
    pending: int | None = None
    for word in words:
        if word[:-2].isdigit() and word[-2:] in suffixes:
            word = word[:-2]
        if word in tens:
            if pending is not None:
                out.append(str(pending))
            pending = tens[word]
            continue
        if word in units:
            value = units[word]
            if pending is not None and pending % 10 == 0 and pending >= 20 and value < 10:
                out.append(str(pending + value))
                pending = None
            else:
                if pending is not None:
                    out.append(str(pending))
                out.append(str(value))
                pending = None
            continue
        if pending is not None:
            out.append(str(pending))
            pending = None
        out.append(word)
    if pending is not None:
        out.append(str(pending))
    return out
