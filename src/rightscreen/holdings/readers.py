"""Holdings in the formats trustees have: CSV or XLSX (iShares-style preamble and disclaimer
too), SEC Form N-PORT XML and SEC 13F information tables. Recognised from content."""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import defusedxml.ElementTree as SafeET

from rightscreen.errors import FileRefused, InputError
from rightscreen.holdings.identifiers import clean_identifiers
from rightscreen.holdings.model import Holding, HoldingsFile
from rightscreen.model import RowProblem
from rightscreen.safety import DEFAULT_LIMITS, Limits
from rightscreen.sources.base import iso_date
from rightscreen.tables import find_column, read_raw_rows
from rightscreen.textio import read_bytes, read_head

_ID_FIELDS = ("isin", "cusip", "sedol", "figi", "lei", "ticker", "uscc")
_AS_OF = re.compile(r"(?:as of|as at|holdings as of|截至)[:\s]*([A-Za-z]{3,9}\.? \d{1,2},? \d{4}|"
                    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2} [A-Za-z]{3} \d{4})", re.I)
_US_EXCHANGES = ("nyse", "nasdaq", "new york", "cboe", "nyse arca", "otc")
_CHINA_EXCHANGES = ("shenzhen", "shanghai", "sz", "sh", "ss", "sse", "szse")


def read_holdings(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> HoldingsFile:
    """The positions of one holdings file. A damaged or hostile file raises an `InputError`
    (or `FileRefused`) naming it; a bad row is a problem of the result, the others are read."""
    head = read_head(path, 4096)
    if "<edgarSubmission" in head and "nport" in head.lower():
        return _read_nport(path, limits)
    if "<informationTable" in head:
        return _read_13f(path, limits)
    return _read_table(path, limits)


def _read_table(path: Path, limits: Limits) -> HoldingsFile:
    raw = read_raw_rows(path, limits=limits)
    numbers = [number for number, _ in raw.rows]  # the file's own row numbers
    rows = [cells for _, cells in raw.rows]
    header_at = _find_header(rows)
    if header_at is None:
        raise InputError("no header row with a name and an identifier, value or weight column "
                         "in the first 40 rows", path=str(path))
    header = rows[header_at]
    cols = {f: find_column(header, f) for f in ("name", "value", "weight", "currency", "country",
                                                 "exchange", "asset_class", *_ID_FIELDS)}
    preamble = " ".join(" ".join(r) for r in rows[:header_at])
    as_of = _AS_OF.search(preamble)
    result = HoldingsFile(str(path), "table", [], list(raw.problems),
                          as_of=iso_date(as_of.group(1)) if as_of else None)
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
        data_rows.append((numbers[index], row))
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
        number = float(text)
    except ValueError:
        return None
    # "nan" and "1e999" parse as floats; a sum of exposures must never become one of them.
    return number if math.isfinite(number) else None


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


def _local(tag: object) -> str:
    """An element's name without its namespace; comments and processing instructions have
    none."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml_elements(path: Path, names: frozenset[str], limits: Limits) -> Iterator[ET.Element]:
    """The elements called one of `names` (namespaces stripped inside them), each as soon as
    the parser has read it, then emptied: the tree never holds more than one position, however
    many the filing lists (its bytes are bounded by `limits.max_file_bytes`).

    defusedxml refuses entity declarations (a billion-laughs file) and external references;
    any parse failure is an `InputError` naming the file and the record it stopped at."""
    # Some filings start with a blank line before the XML declaration; parsers refuse it.
    data = read_bytes(path, limits=limits).lstrip()
    count = 0
    try:
        for _event, element in SafeET.iterparse(io.BytesIO(data), events=("end",)):
            if _local(element.tag) not in names:
                continue
            count += 1
            if count > limits.max_rows:
                raise FileRefused(f"more than {limits.max_rows:,} records", path=str(path))
            for child in element.iter():
                child.tag = _local(child.tag) or child.tag
            yield element
            element.clear()
    except InputError:
        raise
    # ParseError is a SyntaxError; defusedxml's refusals are ValueErrors; an unknown declared
    # encoding is a LookupError.
    except (SyntaxError, ValueError, LookupError) as exc:
        raise InputError(f"XML cannot be parsed safely, stopped after record {count:,}: {exc}",
                         path=str(path)) from exc


def _read_nport(path: Path, limits: Limits) -> HoldingsFile:
    result = HoldingsFile(str(path), "n-port", [])
    number = 0
    for element in _xml_elements(path, frozenset({"genInfo", "invstOrSec"}), limits):
        if element.tag == "genInfo":
            _nport_header(element, result)
            continue
        number += 1
        result.holdings.append(_nport_holding(path, number, element, result.problems))
    return result


def _nport_header(gen: ET.Element, result: HoldingsFile) -> None:
    result.as_of = gen.findtext("repPdDate")
    result.name = gen.findtext("seriesName")
    if gen.findtext("seriesLei"):
        result.identifiers["lei"] = str(gen.findtext("seriesLei"))


def _nport_holding(path: Path, number: int, sec: ET.Element,
                   problems: list[RowProblem]) -> Holding:
    raw = {"lei": sec.findtext("lei") or "", "cusip": sec.findtext("cusip") or ""}
    ids = sec.find("identifiers")
    if ids is not None:
        for child in ids:
            if child.tag in ("isin", "ticker") and child.get("value"):
                raw[str(child.tag)] = str(child.get("value"))
    identifiers, bad = clean_identifiers({k: v for k, v in raw.items() if v})
    for message in bad:
        problems.append(RowProblem(str(path), number, message))
    name = " ".join((sec.findtext("name") or sec.findtext("title") or "").split())
    value = _number(sec.findtext("valUSD") or "")
    pct = _number(sec.findtext("pctVal") or "")
    return Holding(number, name, identifiers, value, pct / 100 if pct is not None else None,
                   "USD", is_fund=(sec.findtext("issuerCat") or "") == "RF",
                   country=sec.findtext("invCountry") or None)


def _read_13f(path: Path, limits: Limits) -> HoldingsFile:
    result = HoldingsFile(str(path), "13f", [])
    for number, row in enumerate(_xml_elements(path, frozenset({"infoTable"}), limits),
                                 start=1):
        identifiers, bad = clean_identifiers({"cusip": row.findtext("cusip") or ""})
        for message in bad:
            result.problems.append(RowProblem(str(path), number, message))
        name = " ".join((row.findtext("nameOfIssuer") or "").split())
        # Since 2023 the 13F value is in dollars (before, in thousands).
        result.holdings.append(Holding(number, name, identifiers,
                                       _number(row.findtext("value") or ""), None, "USD"))
    return result
