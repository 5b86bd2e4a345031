"""How alike two words of a name are: spelling, sound, initials. Retrieval and scoring use
the same rules, so that a candidate is found exactly when it could score."""

from __future__ import annotations

from functools import lru_cache

import jellyfish
from rapidfuzz.distance import OSA

# How much one edit costs, relative to the word's length: hikvison is Hikvision (0.86), but
# isvision is another firm (0.69) that only its other words can bring up to a hit.
SPELLING_COST = 1.4
# Words shorter than this must be spelled exactly alike (short words collide by chance).
MIN_FUZZY = 4


def allowed_edits(length: int) -> int:
    if length < MIN_FUZZY:
        return 0
    return 1 if length < 8 else 2


def deletes(token: str) -> set[str]:
    """The word with one letter removed, each way: keys that meet for words one edit apart."""
    if len(token) < MIN_FUZZY:
        return set()
    return {token[:i] + token[i + 1:] for i in range(len(token))}


@lru_cache(maxsize=200_000)
def sound_key(token: str) -> str:
    if len(token) < 3 or token.isdigit():
        return ""
    return str(jellyfish.metaphone(token))


_VOWELS = str.maketrans("", "", "aeiouyw'`")


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The consonants of a word, doubled letters once: Arabic and Hebrew script write no
    short vowels, so محمد transliterates to mhmd, the skeleton of Mohamed."""
    out: list[str] = []
    for ch in token.translate(_VOWELS):
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=200_000)
def is_vowelless(token: str) -> bool:
    return len(token) >= 2 and not token.isdigit() and skeleton(token) == token


def spelling_similarity(a: str, b: str, distance: int) -> tuple[float, str]:
    """token_similarity(a, b) for two words whose edit distance is known to be `distance` when
    it is at most allowed_edits(len(a)): the spelling search measures it for every word it
    finds, and computing it again for each was a tenth of screening a million entities."""
    if (a != b and len(a) > 1 and len(b) > 1 and not a.isdigit() and not b.isdigit()
            and distance <= allowed_edits(min(len(a), len(b)))):
        return _spelled(a, b, distance)
    return token_similarity(a, b)


def _spelled(a: str, b: str, distance: int) -> tuple[float, str]:
    if distance > 1 and is_plural_of(a, b):
        distance = 1  # a plural costs one edit, however many letters it changes
    return 1.0 - distance / max(len(a), len(b)) * SPELLING_COST, "spelling"


# English plurals in -es: after a hissing sound (glasses, boxes, switches, dishes).
_ES_AFTER = ("s", "x", "z", "ch", "sh")


def is_plural_of(a: str, b: str) -> bool:
    """Whether one word is the other's English plural (technologies, technology; systems,
    system; glasses, glass), the singular four letters or more. Registers write one firm both
    ways ("Sugon Information Industry" and "... Industries"), so the pair is one edit apart
    whatever the letters: industry and industries are three."""
    if len(a) < len(b):
        a, b = b, a
    if len(b) < MIN_FUZZY:
        return False
    if a.endswith("ies"):
        return b.endswith("y") and a[:-3] == b[:-1]
    return a == b + "s" or (a == b + "es" and b.endswith(_ES_AFTER))


def plural_forms(word: str) -> list[str]:
    """The words `word` is the singular or the plural of (see is_plural_of): what the index
    looks up beside the word itself, for every query word, so made without trying each."""
    size, forms = len(word), []
    if size >= MIN_FUZZY:
        if word.endswith("y"):
            forms.append(word[:-1] + "ies")
        if not word.endswith("ie"):  # movie, movies: -ies is not -y's plural there
            forms.append(word + "s")
        if word.endswith(_ES_AFTER):
            forms.append(word + "es")
    if word.endswith("ies"):
        if size - 2 >= MIN_FUZZY:
            forms.append(word[:-3] + "y")
    elif word.endswith("s") and size - 1 >= MIN_FUZZY:
        forms.append(word[:-1])
        if word.endswith("es") and size - 2 >= MIN_FUZZY and word[:-2].endswith(_ES_AFTER):
            forms.append(word[:-2])
    return forms


@lru_cache(maxsize=1_000_000)
def token_similarity(a: str, b: str) -> tuple[float, str]:
    """(similarity from 0 to 1, how) for two words; 0 when they do not count as the same."""
    if a == b:
        return 1.0, "same"
    if a.isdigit() or b.isdigit():
        return 0.0, ""
    if len(a) == 1 or len(b) == 1:
        return (0.7, "initial") if a[0] == b[0] else (0.0, "")
    shorter = min(len(a), len(b))
    if shorter >= MIN_FUZZY and is_plural_of(a, b):
        return _spelled(a, b, 1)
    limit = allowed_edits(shorter)
    if limit:
        # Optimal string alignment: a swap of two letters (Marcon, Macron) is one edit.
        distance = OSA.distance(a, b, score_cutoff=limit)
        if distance <= limit:
            return _spelled(a, b, distance)
    if 3 <= shorter <= 4 and (a.startswith(b) or b.startswith(a)) and max(len(a), len(b)) >= 5:
        return 0.6, "abbreviation"  # Ben ~ Benjamin; weak alone (Bay is not Baykal)
    if (is_vowelless(a) != is_vowelless(b)) and shorter >= 2 and skeleton(a) == skeleton(b):
        return 0.8, "consonants"
    if shorter >= 5:
        key = sound_key(a)
        if key and len(key) >= 3 and key == sound_key(b) and a[0] == b[0]:
            return 0.7, "sound"
    return 0.0, ""
