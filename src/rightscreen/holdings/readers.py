"""Holdings in the formats trustees have: CSV or XLSX (iShares-style preamble and disclaimer
too), SEC Form N-PORT XML and SEC 13F information tables. Recognised from content."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from rightscreen.errors import InputError
from rightscreen.holdings.identifiers import clean_identifiers
from rightscreen.holdings.model import Holding, HoldingsFile
from rightscreen.model import RowProblem
from rightscreen.sources.base import iso_date
from rightscreen.tables import find_column, read_raw_rows
from rightscreen.textio import read_head

_ID_FIELDS = ("isin", "cusip", "sedol", "figi", "lei", "ticker", "uscc")
_AS_OF = re.compile(r"(?:as of|as at|holdings as of|截至)[:\s]*([A-Za-z]{3,9}\.? \d{1,2},? \d{4}|"
                    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2} [A-Za-z]{3} \d{4})", re.I)
_US_EXCHANGES = ("nyse", "nasdaq", "new york", "cboe", "nyse arca", "otc")
_CHINA_EXCHANGES = ("shenzhen", "shanghai", "sz", "sh", "ss", "sse", "szse")


def read_holdings(path: Path) -> HoldingsFile:
    head = read_head(path, 4096)
    if "<edgarSubmission" in head and "nport" in head.lower():
        return _read_nport(path)
    if "<informationTable" in head:
        return _read_13f(path)
    return _read_table(path)


def _read_table(path: Path) -> HoldingsFile:
    rows, _ = read_raw_rows(path)
    header_at = _find_header(rows)
    if header_at is None:
        raise InputError("no header row with a name and an identifier, value or weight column "
                         "in the first 40 rows", path=str(path))
    header = rows[header_at]
    cols = {f: find_column(header, f) for f in ("name", "value", "weight", "currency", "country",
                                                 "exchange", "asset_class", *_ID_FIELDS)}
    preamble = " ".join(" ".join(r) for r in rows[:header_at])
    as_of = _AS_OF.search(preamble)
    result = HoldingsFile(str(path), "table", [], as_of=iso_date(as_of.group(1)) if as_of else None)
    percent = cols["weight"] is not None and "%" in header[cols["weight"]]  # type: ignore[index]
    data_rows = []
    after_blank = False
    for index in range(header_at + 1, len(rows)):
        row = rows[index]
        if not any(row):
            after_blank = True
            continue
        if after_blank and _is_note(row):
            break  # the disclaimer after an iShares table
        data_rows.append((index + 1, row))  # the file's own row number
    weights = []
    for number, row in data_rows:
        holding = _table_holding(path, number, row, cols, result.problems)
        if holding is not None:
            result.holdings.append(holding)
            if holding.weight is not None:
                weights.append(holding.weight)
    if not percent and weights and sum(weights) > 1.5:
        percent = True
    if percent:
        for holding in result.holdings:
            if holding.weight is not None:
                holding.weight /= 100
    return result


def _find_header(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows[:40]):
        if find_column(row, "name") is None and find_column(row, "ticker") is None:
            continue
        if any(find_column(row, f) is not None for f in (*_ID_FIELDS, "value", "weight")):
            return index
    return None


def _is_note(row: list[str]) -> bool:
    """A line of prose after the table (a fund's disclaimer), not a position."""
    first = next((c for c in row if c), "")
    return len(first) > 60 and len(first.split()) > 6


def _number(text: str) -> float | None:
    text = text.replace(",", "").replace("$", "").replace("%", "").strip()
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]  # accountants write negatives in brackets
    try:
        return float(text)
    except ValueError:
        return None


def _table_holding(path: Path, number: int, row: list[str], cols: dict[str, int | None],
                   problems: list[RowProblem]) -> Holding | None:
    def cell(field: str) -> str:
        index = cols[field]
        return row[index] if index is not None and index < len(row) else ""

    raw = {f: cell(f) for f in _ID_FIELDS if cell(f)}
    if "ticker" in raw and cell("exchange"):
        exchange = cell("exchange").lower()
        if any(e in exchange.split() or exchange.startswith(e) for e in _CHINA_EXCHANGES):
            raw["ticker"] = raw["ticker"] + " CN"
        elif "hong kong" in exchange or exchange == "hk":
            raw["ticker"] = raw["ticker"] + " HK"
        elif any(e in exchange for e in _US_EXCHANGES):
            raw["ticker"] = raw["ticker"] + " US"
    identifiers, bad = clean_identifiers(raw)
    for message in bad:
        problems.append(RowProblem(str(path), number, message + "; matched by name instead"))
    name = " ".join(cell("name").split())
    if not name and not identifiers:
        problems.append(RowProblem(str(path), number, "row has neither a name nor an identifier"))
        return None
    value = _number(cell("value")) if cell("value") else None
    weight = _number(cell("weight")) if cell("weight") else None
    if cell("value") and value is None:
        problems.append(RowProblem(str(path), number, f"value {cell('value')!r} is not a number"))
    asset = cell("asset_class").lower()
    return Holding(number, name or next(iter(identifiers.values())), identifiers, value, weight,
                   cell("currency") or None, is_fund="fund" in asset or "etf" in asset,
                   country=cell("country") or None)


def _strip_ns(root: ET.Element) -> None:
    for element in root.iter():
        if "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]


def _parse_xml(path: Path) -> ET.Element:
    try:
        # Some filings start with a blank line before the XML declaration; parsers refuse it.
        root: ET.Element = SafeET.fromstring(path.read_bytes().lstrip())
    except (ET.ParseError, DefusedXmlException) as exc:
        raise InputError(f"XML cannot be parsed safely: {exc}", path=str(path)) from exc
    _strip_ns(root)
    return root


def _read_nport(path: Path) -> HoldingsFile:
    root = _parse_xml(path)
    gen = root.find(".//genInfo")
    as_of = gen.findtext("repPdDate") if gen is not None else None
    own: dict[str, str] = {}
    if gen is not None and gen.findtext("seriesLei"):
        own["lei"] = str(gen.findtext("seriesLei"))
    result = HoldingsFile(str(path), "n-port", [], as_of=as_of, identifiers=own,
                          name=gen.findtext("seriesName") if gen is not None else None)
    for number, sec in enumerate(root.iter("invstOrSec"), start=1):
        raw = {"lei": sec.findtext("lei") or "", "cusip": sec.findtext("cusip") or ""}
        ids = sec.find("identifiers")
        if ids is not None:
            for child in ids:
                if child.tag in ("isin", "ticker") and child.get("value"):
                    raw[child.tag] = str(child.get("value"))
        identifiers, bad = clean_identifiers({k: v for k, v in raw.items() if v})
        for message in bad:
            result.problems.append(RowProblem(str(path), number, message))
        name = " ".join((sec.findtext("name") or sec.findtext("title") or "").split())
        value = _number(sec.findtext("valUSD") or "")
        pct = _number(sec.findtext("pctVal") or "")
        result.holdings.append(Holding(
            number, name, identifiers, value, pct / 100 if pct is not None else None, "USD",
            is_fund=(sec.findtext("issuerCat") or "") == "RF",
            country=sec.findtext("invCountry") or None))
    return result


def _read_13f(path: Path) -> HoldingsFile:
    root = _parse_xml(path)
    result = HoldingsFile(str(path), "13f", [])
    for number, row in enumerate(root.iter("infoTable"), start=1):
        identifiers, bad = clean_identifiers({"cusip": row.findtext("cusip") or ""})
        for message in bad:
            result.problems.append(RowProblem(str(path), number, message))
        name = " ".join((row.findtext("nameOfIssuer") or "").split())
        # Since 2023 the 13F value is in dollars (before, in thousands).
        result.holdings.append(Holding(number, name, identifiers,
                                       _number(row.findtext("value") or ""), None, "USD"))
    return result
