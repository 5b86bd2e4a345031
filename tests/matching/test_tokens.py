from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from rightscreen.matching.tokens import (
    allowed_edits,
    deletes,
    is_plural_of,
    plural_forms,
    spelling_similarity,
    token_similarity,
)


def test_identical_and_one_typo() -> None:
    assert token_similarity("hikvision", "hikvision") == (1.0, "same")
    sim, how = token_similarity("hikvison", "hikvision")
    assert how == "spelling" and 0.8 < sim < 1.0


def test_short_words_must_be_exact() -> None:
    assert token_similarity("abc", "abd")[0] == 0.0


def test_numbers_never_fuzzy() -> None:
    assert token_similarity("1", "2")[0] == 0.0
    assert token_similarity("2019", "2018")[0] == 0.0


def test_initial_matches_word_with_same_first_letter() -> None:
    assert token_similarity("v", "vladimir") == (0.7, "initial")
    assert token_similarity("v", "putin")[0] == 0.0


def test_sound_alike() -> None:
    sim, how = token_similarity("mohammed", "muhammad")
    assert sim >= 0.6


def test_deletes_meet_for_one_substitution() -> None:
    assert deletes("dahua") & deletes("dahwa")
    assert deletes("abc") == set()


_WORDS = st.text(alphabet="abcdeiou0123", min_size=1, max_size=12)


@st.composite
def _near_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A word and the same word with up to two letters changed, dropped, added or swapped."""
    a = draw(_WORDS)
    b = a
    for _ in range(draw(st.integers(0, 2))):
        i = draw(st.integers(0, len(b)))
        letter = draw(st.sampled_from("abcdeiou0123"))
        how = draw(st.sampled_from(["change", "drop", "add", "swap"]))
        if how == "add" or not b:
            b = b[:i] + letter + b[i:]
        elif how == "drop":
            b = b[:i] + b[i + 1:]
        elif how == "swap" and i + 1 < len(b):
            b = b[:i] + b[i + 1] + b[i] + b[i + 2:]
        else:
            b = b[:i] + letter + b[i + 1:]
    return a, b


@given(_near_pairs())
def test_spelling_similarity_from_a_known_distance_is_token_similarity(
        pair: tuple[str, str]) -> None:
    # The spelling search passes the distance it measured, when within the query word's
    # allowance; the answer must be the one token_similarity computes on its own.
    a, b = pair
    distance = OSA.distance(a, b)
    if distance <= allowed_edits(len(a)):
        assert spelling_similarity(a, b, distance) == token_similarity(a, b)


def test_a_plural_is_one_edit_from_its_singular() -> None:
    # Registers write one firm both ways: "Sugon Information Industry", "... Industries".
    for plural, singular in (("technologies", "technology"), ("industries", "industry"),
                             ("systems", "system"), ("glasses", "glass"),
                             ("switches", "switch"), ("boxes", "boxe")):
        assert is_plural_of(plural, singular) and is_plural_of(singular, plural)
        assert token_similarity(plural, singular) == token_similarity(singular, plural)
        similarity, how = token_similarity(plural, singular)
        assert how == "spelling"
        assert similarity == 1.0 - 1 / len(plural) * 1.4
    # Not plurals: a name ending in -es after another sound, a short singular, two edits.
    for a, b in (("hughes", "hugh"), ("keys", "key"), ("industrial", "industry"),
                 ("technologist", "technology"), ("glasses", "glas")):
        assert not is_plural_of(a, b), (a, b)
    assert token_similarity("technologies", "technology")[0] > 0


_STEMS = st.text(alphabet="abehsxyz", min_size=4, max_size=10)


@given(_STEMS, st.sampled_from(["s", "es", "ies", ""]))
def test_plural_forms_are_the_words_a_word_is_the_plural_or_singular_of(
        stem: str, ending: str) -> None:
    word = stem[:-1] + ending if ending == "ies" else stem + ending
    forms = plural_forms(word)
    for form in forms:
        assert is_plural_of(word, form)
        assert word in plural_forms(form)  # each way: the index finds the pair from both
    if ending and is_plural_of(word, stem):
        assert stem in forms
    # The spelling search's similarity, from the distance it measured, is the same.
    for form in forms:
        distance = OSA.distance(word, form)
        if distance <= allowed_edits(len(word)):
            assert spelling_similarity(word, form, distance) == token_similarity(word, form)


@given(st.text(alphabet="aehisxyz", min_size=1, max_size=9))
def test_plural_forms_are_every_form_the_rule_accepts(word: str) -> None:
    # Made without trying each: the same as trying every ending added or taken off.
    tried = {word + "s", word + "es", word[:-1] + "ies", word[:-3] + "y", word[:-2],
             word[:-1]}
    assert sorted(plural_forms(word)) == sorted(f for f in tried if is_plural_of(word, f))
