"""Other ways to read the words of a query, using the words the lists contain: a word run
together from two listed words ("DesignBureau", "Universityof") is also read split, and two
adjacent words that the lists write as one ("Design Bureau" for "DesignBureau") are also looked
up joined. The listed side needs none of this: the scorer pairs joined and split words itself
once both are candidates; this only makes sure they become candidates."""

from __future__ import annotations

from collections.abc import Callable

from rightscreen.names.analyze import NameForm, analyze, stopwords

# A run-together word is split only from this length on, and each half must have this many
# letters unless it is a stop word ("of"): "Starkey" must not become "star" + "key".
SPLIT_MIN_WORD = 8
SPLIT_MIN_HALF = 3
# Longer words are not tried: every cut is a lookup, and the longest run-together names
# on the lists ("Nauchnoproizvodstvennoeobedinenie") stay under 40 letters; a 131,000-letter
# "word" in a hostile file would take minutes.
SPLIT_MAX_WORD = 48

Known = Callable[[str], bool]


def split_word(word: str, known: Known, near: Known | None = None) -> tuple[str, str] | None:
    """The most even split of `word` into two known words (or a known word and a stop word),
    or None. A word the lists contain, or one a typo away from one (`near`: 'samsong'), is
    never split."""
    if not SPLIT_MIN_WORD <= len(word) <= SPLIT_MAX_WORD or word.isdigit() or known(word):
        return None
    stops = stopwords()
    # A word near a listed one is split only where a stop word was run on ('institutionof').
    only_stops = bool(near and near(word))
    best: tuple[int, str, str] | None = None
    for cut in range(2, len(word) - 1):
        left, right = word[:cut], word[cut:]
        if (left in stops and right in stops) or (
                only_stops and left not in stops and right not in stops):
            continue
        if not all(part in stops or (len(part) >= SPLIT_MIN_HALF and known(part))
                   for part in (left, right)):
            continue
        evenness = min(len(p) for p in (left, right) if p not in stops)
        if best is None or evenness > best[0]:
            best = (evenness, left, right)
    return None if best is None else (best[1], best[2])


def split_form(form: NameForm, known: Known, near: Known | None = None) -> NameForm | None:
    """The query read with its run-together words split (and analysed again, so that a half
    that is an abbreviation or a legal form is read as one), or None when none splits."""
    words: list[str] = []
    changed = False
    for token in form.tokens:
        halves = (split_word(token.text, known, near) if token.kind in ("word", "generic")
                  else None)
        if halves is None:
            words.append(token.text)
        else:
            changed = True
            words.extend(halves)
    if not changed:
        return None
    again = analyze(" ".join(words))
    return NameForm(form.original, again.tokens, form.legal_forms + again.legal_forms, form.han)


def joined_form(form: NameForm, known: Known) -> NameForm | None:
    """The query read with adjacent words joined where the lists write them as one word
    ("Hik Vision" -> "hikvision"), analysed again; None when no pair is known joined."""
    words = [t.text for t in form.tokens if t.kind != "stop"]
    out: list[str] = []
    i = 0
    changed = False
    while i < len(words):
        if i + 1 < len(words) and _joinable(words[i], words[i + 1], known):
            out.append(words[i] + words[i + 1])
            changed = True
            i += 2
        else:
            out.append(words[i])
            i += 1
    if not changed:
        return None
    again = analyze(" ".join(out))
    return NameForm(form.original, again.tokens, form.legal_forms + again.legal_forms, form.han)


def _joinable(left: str, right: str, known: Known) -> bool:
    return not (left.isdigit() or right.isdigit()) and known(left + right)
