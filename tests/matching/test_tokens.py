from __future__ import annotations

from rightscreen.matching.tokens import deletes, token_similarity


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
