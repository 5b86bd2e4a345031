"""A name as the matcher sees it: scripts unified, legal forms set aside, words classified."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml
from anyascii import anyascii
from rigour.names.org_types import extract_org_types, remove_org_types

from rightscreen.names.chinese import (
    has_han,
    latin_places,
    romanise,
    strip_legal_forms,
    to_simplified,
)

# Punctuation becomes a space, except apostrophes and dots inside words, which join (O'Brien).
_JOINERS = re.compile(r"(?<=\w)['’`.](?=\w)")
_NON_WORD = re.compile(r"[^\w]+")


@cache
def stopwords() -> frozenset[str]:
    text = resources.files("rightscreen.data").joinpath("stopwords.yaml").read_text("utf-8")
    return frozenset(yaml.safe_load(text)["stopwords"])


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: str  # word, place, gloss, number, initial, stop


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
        return "".join(t.text for t in self.tokens if t.kind not in ("stop", "place"))


@lru_cache(maxsize=200_000)
def analyze(name: str) -> NameForm:
    """Normalise a name of any script into classified Latin tokens."""
    text = unicodedata.normalize("NFKC", name).strip()
    if has_han(text):
        return _analyze_han(name, to_simplified(text))
    folded = text.casefold()
    forms = tuple(f for _, f in extract_org_types(folded)) if _maybe_org(folded) else ()
    if forms:
        folded = remove_org_types(folded)
    if not folded.isascii():
        folded = anyascii(folded).lower()
    return NameForm(name, _latin_tokens(folded), forms)


def _maybe_org(folded: str) -> bool:
    # Legal-form search is the costliest step; person names ("PUTIN, Vladimir") rarely need it.
    return len(folded) > 3


def _latin_tokens(text: str) -> tuple[Token, ...]:
    text = _JOINERS.sub("", text).replace("&", " and ")
    places = latin_places()
    stops = stopwords()
    out: list[Token] = []
    for word in _NON_WORD.split(text):
        if not word:
            continue
        word = word.replace("_", "")
        if not word:
            continue
        if word in stops:
            kind = "stop"
        elif word.isdigit():
            kind = "number"
        elif len(word) == 1:
            kind = "initial"
        elif word in places:
            kind = "place"
        else:
            kind = "word"
        out.append(Token(word, kind))
    return tuple(out)


def _analyze_han(name: str, simplified: str) -> NameForm:
    core, forms = strip_legal_forms(simplified)
    tokens: list[Token] = []
    for han in romanise(core):
        if han.kind == "latin":
            tokens.extend(_latin_tokens(han.latin))
            continue
        places = latin_places()
        for part in han.latin.split():
            kind = {"gloss": "gloss", "place": "place"}.get(han.kind, "word")
            tokens.append(Token(part, "place" if part in places else kind))
    return NameForm(name, tuple(tokens), tuple(forms), han=core or None)
