from __future__ import annotations

import pytest

from rightscreen.identifiers import country_code, normalize_identifier


@pytest.mark.parametrize("raw", ["002415 CN", "002415.SZ", "SZ002415", "2415", "002415  CN"])
def test_chinese_tickers_normalise(raw: str) -> None:
    assert normalize_identifier("ticker", raw) == "CN:002415"


def test_hong_kong_us_and_other_tickers() -> None:
    assert normalize_identifier("ticker", "00981 HK") == "HK:0981"
    assert normalize_identifier("ticker", "CHL US") == "US:CHL"
    assert normalize_identifier("ticker", "CHL.N") == "US:CHL"
    assert normalize_identifier("ticker", "CTM DE") == "CTM DE"


def test_isin_spacing() -> None:
    assert normalize_identifier("isin", " cne1000 00pm8 ") == "CNE100000PM8"


def test_country_names_and_codes() -> None:
    assert country_code("China") == country_code("CN") == "cn"
    assert country_code("Atlantis") is None
