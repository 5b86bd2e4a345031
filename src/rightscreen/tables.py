"""Reading a user's table (CSV, TSV or XLSX with a header row) into rows that keep their number.

Every failure of a parser on a user's file becomes an `InputError` naming the file (and sheet),
or a `RowProblem` naming the row when only that row is bad; every other row is still read.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rightscreen.data import load_yaml
from rightscreen.errors import FileRefused, InputError
from rightscreen.model import RowProblem
from rightscreen.safety import (
    DEFAULT_LIMITS,
    ContentKind,
    Limits,
    csv_records,
    open_checked_zip,
    refuse_foreign,
)
from rightscreen.textio import decode_bytes, read_bytes

_EXPECTED = "a CSV, TSV or XLSX table"
_TABLE_KINDS = frozenset({ContentKind.ZIP, ContentKind.OTHER})
_SHEET_TAG = re.compile(rb"<(?:[\w.-]{1,32}:)?sheet[\s/>]")  # <sheet .../> or <x:sheet .../>


@dataclass(slots=True)
class Table:
    path: str
    header: list[str]
    # (1-based data row number, cells as strings); a row too long or short is a problem instead.
    rows: list[tuple[int, list[str]]]
    problems: list[RowProblem] = field(default_factory=list)
    encoding: str = "utf-8"

    def column(self, field_name: str) -> int | None:
        return find_column(self.header, field_name)


@dataclass(slots=True)
class RawRows:
    """Every readable row of a table, header or not, each with the file's own 1-based row
    number (a CSV record, or a sheet row), and the rows that could not be read."""

    path: str
    rows: list[tuple[int, list[str]]]
    encoding: str
    problems: list[RowProblem] = field(default_factory=list)


@cache
def column_synonyms(data_file: str = "columns.yaml") -> dict[str, frozenset[str]]:
    """Field -> the header names that mean it, folded, from a data file of column names
    (`columns.yaml` for names tables, `inventory_columns.yaml` for asset inventories)."""
    return {k: frozenset(fold_header(str(v)) for v in values)
            for k, values in load_yaml(data_file).items()}


def fold_header(header: str) -> str:
    """A header cell as the column files spell it: lower case, `_` and `-` as spaces."""
    return " ".join(str(header).strip().lower().replace("_", " ").replace("-", " ").split())


def find_column(header: list[str], field_name: str) -> int | None:
    synonyms = column_synonyms().get(field_name, frozenset({field_name}))
    for index, cell in enumerate(header):
        if fold_header(cell) in synonyms:
            return index
    return None


def read_table(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Table:
    """Read a CSV, TSV or XLSX file; the format comes from its bytes, not its name."""
    data, is_workbook = _table_bytes(path, limits)
    if is_workbook:
        return _xlsx_table(data, str(path), limits)
    return _delimited_table(data, str(path), limits)


def read_raw_rows(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> RawRows:
    """Every row of a CSV, TSV or XLSX file as strings, header or not, with its number."""
    data, is_workbook = _table_bytes(path, limits)
    name = str(path)
    result = RawRows(name, [], "xlsx" if is_workbook else "")
    if is_workbook:
        records = _sheet_rows(data, name, limits, result.problems)
    else:
        records, result.encoding = _csv_rows(data, name, limits, result.problems)
    result.rows = [(number, [c.strip() for c in cells]) for number, cells in records]
    return result


def _table_bytes(path: Path, limits: Limits) -> tuple[bytes, bool]:
    """The file's bytes, refused when they are an executable, an image, an OLE container (a
    legacy .xls or an encrypted XLSX)...; and whether they are a ZIP (an XLSX workbook)."""
    data = read_bytes(path, limits=limits)
    kind = refuse_foreign(data[:64], path=str(path), expected=_EXPECTED, allowed=_TABLE_KINDS)
    return data, kind is ContentKind.ZIP


# --- CSV and TSV ---------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    if delimiter == "," and first_line.count(";") > first_line.count(","):
        delimiter = ";"
    return delimiter


def _csv_rows(data: bytes, path: str, limits: Limits, problems: list[RowProblem],
              ) -> tuple[Iterator[tuple[int, list[str]]], str]:
    """(record number, fields) of every readable record, and the encoding found. Problems
    count records from 1, the header included, as the file does."""
    decoded = decode_bytes(data, path=path)
    text = decoded.text
    if not text.strip():
        raise InputError("file is empty", path=path)
    for line in decoded.mixed_lines:
        problems.append(RowProblem(path, line,
                                   "line is not UTF-8; decoded as GB18030 or Latin-1"))
    records = csv_records(io.StringIO(text, newline=""), path=path, problems=problems,
                          limits=limits, delimiter=_delimiter(text.split("\n", 1)[0]))
    return records, decoded.encoding


def _data_problems(problems: list[RowProblem], header_row: int) -> list[RowProblem]:
    """Problems numbered as the file's rows, renumbered as data rows (the first row after the
    header is 1), in row order."""
    renumbered = [RowProblem(p.file, None if p.row is None else max(p.row - header_row, 0),
                             p.message) for p in problems]
    return sorted(renumbered, key=lambda p: p.row or 0)


def _delimited_table(data: bytes, path: str, limits: Limits) -> Table:
    file_problems: list[RowProblem] = []
    records, encoding = _csv_rows(data, path, limits, file_problems)
    number, first = next(records, (0, []))
    if number != 1:
        # The header itself was unreadable (an endless field, a broken quote): nothing after
        # it can be assigned to columns.
        reason = file_problems[-1].message if file_problems else "no header row"
        raise InputError(f"header row cannot be read: {reason}", path=path, row=1)
    header = [h.strip() for h in first]
    table = Table(path, header, [], [], encoding)
    for record, row in records:
        number = record - 1  # data rows count from 1 after the header
        if not row:
            continue  # a blank line is no row
        if not any(cell.strip() for cell in row):
            table.problems.append(RowProblem(path, number, "row has only empty cells"))
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            table.problems.append(RowProblem(path, number,
                                             f"{len(row)} fields for {len(header)} columns"))
            continue
        table.rows.append((number, [c.strip() for c in row[: len(header)]]
                           + [""] * (len(header) - len(row))))
    table.problems = sorted(table.problems + _data_problems(file_problems, 1),
                            key=lambda p: p.row or 0)
    return table


# --- XLSX ----------------------------------------------------------------------------------


def _xlsx_table(data: bytes, path: str, limits: Limits) -> Table:
    sheet_problems: list[RowProblem] = []
    rows = _sheet_rows(data, path, limits, sheet_problems)
    number, header = next(rows, (0, []))
    if number == 0:
        raise InputError("workbook's first sheet is empty", path=path)
    table = Table(path, header, [], [], encoding="xlsx")
    for sheet_row, cells in rows:
        if not any(cells):
            continue
        cells = (cells + [""] * len(header))[: len(header)]
        table.rows.append((sheet_row - number, cells))
    table.problems = _data_problems(sheet_problems, number)
    return table


def _sheet_rows(data: bytes, path: str, limits: Limits, problems: list[RowProblem],
                ) -> Iterator[tuple[int, list[str]]]:
    """(sheet row number, cells) of the first sheet's rows, from the first row on.

    The archive is inflated and counted before openpyxl sees it (a compression bomb is refused
    there); whatever openpyxl or its XML parser raise later, while rows are read lazily, is an
    `InputError` naming the sheet and the row it stopped at."""
    try:
        with open_checked_zip(data, path=path, limits=limits) as archive:
            _check_sheet_count(archive, path, limits)
    except InputError:
        raise
    except _workbook_failures() as exc:  # zipfile's own refusals the check lets through
        raise InputError(f"not a readable ZIP archive: {type(exc).__name__}: {exc}",
                         path=path) from exc
    book = _open_workbook(data, path, limits)
    number = 0
    where: str | None = None
    try:
        sheet = book.worksheets[0]
        where = f"sheet {sheet.title!r}"
        # The declared <dimension> may lie: a sheet declaring A1:XFD1048576 would have every
        # row padded to 16,384 cells and a million empty rows made up; one stating A1 would cut
        # the data short. Read the rows the sheet really has.
        sheet.reset_dimensions()
        text = 0
        for values in sheet.iter_rows(values_only=True):
            number += 1
            if number > limits.max_rows:
                raise FileRefused(f"more than {limits.max_rows:,} rows", path=path, where=where)
            # Counted before any cell is copied: many cells may share one huge string.
            text += sum(len(v) for v in values if isinstance(v, str))
            if text > limits.max_text_chars:
                raise FileRefused(f"more than {limits.max_text_chars:,} characters of text "
                                  "(cells sharing a huge string?)", path=path, where=where)
            cells = _row_cells(values, path=path, number=number, where=where, limits=limits,
                               problems=problems)
            if cells is not None:
                yield number, cells
    except InputError:
        raise
    except _workbook_failures() as exc:
        raise InputError(f"damaged XLSX workbook, stopped after row {number:,}: "
                         f"{type(exc).__name__}: {exc}", path=path, where=where) from exc
    finally:
        book.close()


def _check_sheet_count(archive: zipfile.ZipFile, path: str, limits: Limits) -> None:
    """Refuse a workbook declaring more sheets than `limits.max_sheets` before openpyxl opens
    it: openpyxl reads the head of every sheet it lists on opening, and a workbook part may
    list one sheet thousands of times. The part's tags are counted as it streams by."""
    for info in archive.infolist():
        if not info.filename.lower().endswith("workbook.xml"):
            continue
        declared = 0
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(1024 * 1024):
                buffer = tail + chunk
                # A tag cut by the chunk boundary is found in the next buffer; one wholly
                # inside the kept tail was counted already (it ends before the new chunk).
                declared += sum(1 for m in _SHEET_TAG.finditer(buffer) if m.end() > len(tail))
                tail = buffer[-64:]
                if declared > limits.max_sheets:
                    raise FileRefused(f"more than {limits.max_sheets:,} sheets, over the limit",
                                      path=path)


@cache
def _workbook_failures() -> tuple[type[BaseException], ...]:
    """What openpyxl, the XML parsers under it (ElementTree, lxml, defusedxml: their parse
    errors are SyntaxError and ValueError subclasses) and zipfile raise on a damaged workbook,
    found by mutating real workbooks: any of them means the file, not our code, is broken.
    openpyxl is imported here, not with this module: the CSV path never needs it."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (zipfile.BadZipFile, zlib.error, SyntaxError, ValueError, KeyError, IndexError,
            TypeError, AttributeError, ArithmeticError, EOFError, OSError, NotImplementedError,
            RuntimeError, AssertionError, InvalidFileException)


def _open_workbook(data: bytes, path: str, limits: Limits) -> Any:
    from openpyxl import load_workbook

    try:
        # The same bytes that were checked: never the path again, which may have changed.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _workbook_failures() as exc:
        raise InputError(f"not a readable XLSX workbook: {type(exc).__name__}: {exc}",
                         path=path) from exc
    sheets = len(book.worksheets)
    if sheets == 0 or sheets > limits.max_sheets:
        book.close()
        if sheets == 0:
            raise InputError("workbook has no readable worksheet (a sheet part is missing)",
                             path=path)
        raise FileRefused(f"{sheets:,} sheets, over the limit of {limits.max_sheets:,}",
                          path=path)
    return book


def _row_cells(values: tuple[object, ...], *, path: str, number: int, where: str,
               limits: Limits, problems: list[RowProblem]) -> list[str] | None:
    """A sheet row as strings without its trailing empty cells; None, with a problem, for a
    row past the column or cell-size limits."""
    if len(problems) > limits.max_problems:
        raise FileRefused(f"more than {limits.max_problems:,} broken rows", path=path)
    width = len(values)
    if width > limits.max_columns:
        # openpyxl pads a row up to its last cell, which may only be a formatted blank far to
        # the right; count the filled ones past the limit (list.count runs in C).
        past = values[limits.max_columns:]
        if past.count(None) + past.count("") < len(past):
            problems.append(RowProblem(path, number, f"{where}: cells beyond column "
                                                     f"{limits.max_columns:,}, over the limit"))
            return None
        values = values[: limits.max_columns]
    cells = [_cell(v) for v in values]
    while cells and not cells[-1]:
        cells.pop()
    longest = max((len(c) for c in cells), default=0)
    if longest > limits.max_field_chars:
        problems.append(RowProblem(path, number, f"{where}: a cell of {longest:,} characters, "
                                                 f"over the limit of {limits.max_field_chars:,}"))
        return None
    return cells


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
