"""Remarks parsing: every identifier label is found whatever its case (a remark is scanned for
a pattern only when the pattern's label is in it)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rightscreen.sources.remarks import parse_remarks

REMARK = ("DOB 07 Sep 1960; nationality Iran; Passport K12345678; ISIN CNE100000PM8; "
          "Unified Social Credit Code (USCC) 91330000733796106P; Equity Ticker 002415 CH; "
          "Legal Entity Number 5493001KJTIIGC8Y1R12; IMO 9187629; Tax ID No. 7701234567 (Russia); "
          "Registration Number 1027700132195; National ID No. 1234-56; SWIFT/BIC BKCHCNBJ; "
          "a.k.a. 'HIKVISION'; Linked To: HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.")


def test_every_kind_of_fact_in_one_remark() -> None:
    facts = parse_remarks(REMARK, source="test")
    schemes = {i.scheme for i in facts.identifiers}
    assert schemes == {"dob", "passport", "isin", "uscc", "ticker", "lei", "imo", "inn",
                       "registration", "national_id", "swift"}
    assert facts.nationalities == ["Iran"]
    assert facts.aliases == [("alias", "HIKVISION")]
    # the full stop ends the remark, not the name
    assert facts.linked_to == ["HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.booleans(), min_size=len(REMARK), max_size=len(REMARK)))
def test_labels_are_found_in_any_case(upper: list[bool]) -> None:
    # Only the identifier labels are case-blind in OFAC's patterns; the values keep theirs.
    expected = {(i.scheme, i.value) for i in parse_remarks(REMARK).identifiers}
    labels = ["DOB", "Passport", "ISIN", "Unified Social Credit Code", "USCC", "Equity Ticker",
              "Legal Entity Number", "IMO", "Tax ID No.", "Registration Number",
              "National ID No.", "SWIFT/BIC"]
    text = REMARK
    for n, label in enumerate(labels):
        flipped = "".join(c.upper() if upper[(n * 7 + i) % len(upper)] else c.lower()
                          for i, c in enumerate(label))
        text = text.replace(label, flipped)
    assert {(i.scheme, i.value) for i in parse_remarks(text).identifiers} == expected
