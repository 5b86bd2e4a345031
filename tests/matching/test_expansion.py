from __future__ import annotations

import pytest

from rightscreen.matching.expansion import joined_form, split_form, split_word
from rightscreen.names.analyze import analyze

VOCABULARY = {"design", "bureau", "university", "hikvision", "samsung", "star", "key", "sam",
              "song", "techsolutions", "technology", "solutions"}


def known(word: str) -> bool:
    return word in VOCABULARY


@pytest.mark.parametrize(("word", "halves"), [
    ("designbureau", ("design", "bureau")),
    ("universityof", ("university", "of")),      # a stop word run on
    ("hikvision", None),                          # a listed word is never split
    ("starkey", None),                            # too short to be two words run together
    ("designbureauu", None),                      # no split into two known words
])
def test_split_word(word: str, halves: tuple[str, str] | None) -> None:
    assert split_word(word, known) == halves


def test_a_word_near_a_listed_one_is_split_only_at_a_stop_word() -> None:
    def near(word: str) -> bool:
        return True

    assert split_word("samsongsong", known, near) is None
    assert split_word("universityof", known, near) == ("university", "of")


def test_split_and_joined_readings_are_analysed_again() -> None:
    split = split_form(analyze("DesignBureau Intl"), known)
    assert split is not None and split.words == ("design", "bureau", "international")
    joined = joined_form(analyze("Hik Vision"), known)
    assert joined is not None and joined.words == ("hikvision",)
    assert joined_form(analyze("Design Bureau"), known) is None
