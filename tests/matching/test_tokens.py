from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from rightscreen.matching.tokens import (
    allowed_edits,
    deletes,
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
