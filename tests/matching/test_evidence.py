from __future__ import annotations

import pytest

from rightscreen.matching.config import DEFAULT_CONFIG
from rightscreen.matching.evidence import (
    birth_date_evidence,
    nationality_evidence,
    parse_birth_date,
)
from rightscreen.model import Entity, Identifier, Name, SourceRef


def person(*births: str, countries: tuple[str, ...] = ("Egypt",)) -> Entity:
    return Entity("t:1", "Person", [Name("AL-ZOMOR, Abboud", "primary")],
                  [SourceRef("ofac-sdn", "1")], countries=list(countries),
                  identifiers=[Identifier("dob", b) for b in births])


@pytest.mark.parametrize(("text", "years"), [
    ("19 Apr 1947", {1947}), ("1947-04-19", {1947}), ("1963", {1963}),
    ("circa 1957", {1956, 1957, 1958}), ("1960 to 1962", {1960, 1961, 1962}),
])
def test_birth_dates_as_lists_write_them(text: str, years: set[int]) -> None:
    parsed = parse_birth_date(text)
    assert parsed is not None and parsed.years == years


def test_no_year_is_no_birth_date() -> None:
    assert parse_birth_date("unknown") is None


def test_same_day_same_year_other_year() -> None:
    listed = person("19 Apr 1947")
    assert birth_date_evidence("1947-04-19", listed, DEFAULT_CONFIG)[0].detail.startswith(
        "date of birth 1947-04-19 matches")
    same_year = birth_date_evidence("1947", listed, DEFAULT_CONFIG)[0]
    assert same_year.factor == 1.0 and "1947 matches" in same_year.detail
    other = birth_date_evidence("1970-01-01", listed, DEFAULT_CONFIG)[0]
    assert other.factor == DEFAULT_CONFIG.birth_year_mismatch < 1.0
    assert "differs from listed 1947" in other.detail


def test_any_listed_birth_date_agrees() -> None:
    listed = person("1960", "circa 1965")
    assert birth_date_evidence("1966", listed, DEFAULT_CONFIG)[0].factor == 1.0


def test_nationality() -> None:
    listed = person("1947")
    assert nationality_evidence("EG", listed, DEFAULT_CONFIG)[0].factor == 1.0
    other = nationality_evidence("Syria", listed, DEFAULT_CONFIG)[0]
    assert other.factor == DEFAULT_CONFIG.nationality_mismatch and "differs" in other.detail
