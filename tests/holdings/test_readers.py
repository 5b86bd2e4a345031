from __future__ import annotations

from pathlib import Path

import pytest

from rightscreen.errors import InputError
from rightscreen.holdings import read_holdings
from rightscreen.holdings.identifiers import clean_identifiers

NPORT = """
<?xml version="1.0" encoding="UTF-8"?><edgarSubmission xmlns="http://www.sec.gov/edgar/nport">
<formData><genInfo><seriesName>Example Fund</seriesName>
<seriesLei>S2FHCT8U6D2VORP0J605</seriesLei><repPdDate>2023-03-31</repPdDate></genInfo><invstments>
<invstOrSec><name>Hangzhou Hikvision Digital Technology Co Ltd</name><lei>N/A</lei>
<title>A shares</title><cusip>000000000</cusip>
<identifiers><isin value="CNE100000PM8"/></identifiers>
<valUSD>1000.00</valUSD><pctVal>1.0</pctVal><issuerCat>CORP</issuerCat></invstOrSec>
<invstOrSec><name>Some Money Market Fund</name><lei>N/A</lei><cusip>38141W273</cusip>
<valUSD>99000.00</valUSD><pctVal>99.0</pctVal><issuerCat>RF</issuerCat></invstOrSec>
</invstments></formData></edgarSubmission>"""

F13 = """<?xml version="1.0" ?><informationTable
 xmlns="http://www.sec.gov/edgar/document/thirteenf/informationtable">
<infoTable><nameOfIssuer>3M CO</nameOfIssuer><cusip>88579Y101</cusip><value>409469</value>
</infoTable><infoTable><nameOfIssuer>BAD CUSIP INC</nameOfIssuer><cusip>88579Y102</cusip>
<value>10</value></infoTable></informationTable>"""


def test_identifiers_validated_and_converted() -> None:
    clean, problems = clean_identifiers({"cusip": "88579Y101", "sedol": "B0YBKJ7",
                                         "isin": "CNE100000PM9", "lei": "N/A"})
    assert clean["cusip"] == "88579Y101" and clean["sedol"] == "B0YBKJ7"
    assert "isin" not in clean  # the given ISIN is invalid, and it wins over conversions
    assert problems == ["invalid ISIN 'CNE100000PM9'"]
    clean, _ = clean_identifiers({"cusip": "88579Y101"})
    assert clean["isin"] == "US88579Y1010"
    clean, _ = clean_identifiers({"ticker": "2415 CH"})
    assert clean["ticker"] == "CN:002415"


def test_nport_with_leading_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "filing.xml"
    path.write_text(NPORT, "utf-8")
    result = read_holdings(path)
    assert result.format == "n-port" and result.as_of == "2023-03-31"
    hik, fund = result.holdings
    assert hik.identifiers == {"isin": "CNE100000PM8"} and hik.weight == pytest.approx(0.01)
    assert fund.is_fund and fund.identifiers["isin"] == "US38141W2733"
    assert result.identifiers == {"lei": "S2FHCT8U6D2VORP0J605"}


def test_13f(tmp_path: Path) -> None:
    path = tmp_path / "info.xml"
    path.write_text(F13, "utf-8")
    result = read_holdings(path)
    assert [h.identifiers.get("isin") for h in result.holdings] == ["US88579Y1010", None]
    assert result.problems[0].row == 2 and "invalid CUSIP" in result.problems[0].message


def test_ishares_style_preamble_and_disclaimer(tmp_path: Path) -> None:
    path = tmp_path / "etf.csv"
    path.write_text(
        "iShares MSCI Example ETF\nFund Holdings as of,\"Jun 28, 2024\"\n\n"
        "Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Exchange\n"
        "2415,HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD,IT,Equity,\"1,234.50\",0.25,Shenzhen\n"
        "700,TENCENT HOLDINGS LTD,Comm,Equity,\"5,000.00\",1.00,Hong Kong Exchanges\n\n"
        "\"The content contained herein is owned or licensed by the fund sponsor and is "
        "protected by applicable copyrights.\"\n", "utf-8")
    result = read_holdings(path)
    assert result.as_of == "2024-06-28"
    assert [h.identifiers["ticker"] for h in result.holdings] == ["CN:002415", "HK:0700"]
    assert result.holdings[0].value == 1234.5 and result.holdings[0].weight == 0.0025


def test_gbk_code_name_file(tmp_path: Path) -> None:
    path = tmp_path / "hs300.csv"
    path.write_bytes("code,name\r\n,\r\n2415,海康威视\r\n600000,浦发银行\r\n".encode("gbk"))
    result = read_holdings(path)
    assert [(h.name, h.identifiers["ticker"]) for h in result.holdings] == [
        ("海康威视", "CN:002415"), ("浦发银行", "CN:600000")]


def test_no_usable_header(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(InputError, match="odd.csv"):
        read_holdings(path)
