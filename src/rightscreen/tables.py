"""Reading a user's table (CSV, TSV or XLSX with a header row) into rows that keep their number."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from rightscreen.errors import InputError
from rightscreen.model import RowProblem
from rightscreen.textio import read_text


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


@cache
def column_synonyms() -> dict[str, frozenset[str]]:
    text = resources.files("rightscreen.data").joinpath("columns.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {k: frozenset(_fold(str(v)) for v in values) for k, values in data.items()}


def _fold(header: str) -> str:
    return " ".join(header.strip().lower().replace("_", " ").replace("-", " ").split())


def find_column(header: list[str], field_name: str) -> int | None:
    synonyms = column_synonyms().get(field_name, frozenset({field_name}))
    for index, cell in enumerate(header):
        if _fold(cell) in synonyms:
            return index
    return None


def read_table(path: Path) -> Table:
    """Read a CSV, TSV or XLSX file; the format comes from its bytes, not its name."""
    if not path.exists():
        raise InputError("file not found", path=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a table", path=str(path))
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == b"PK\x03\x04":
        return _read_xlsx(path)
    return _read_delimited(path)


def read_raw_rows(path: Path) -> tuple[list[list[str]], str]:
    """Every row of a CSV, TSV or XLSX file as strings, header or not, and the encoding."""
    if not path.exists():
        raise InputError("file not found", path=str(path))
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on bad files
            raise InputError(f"not a readable XLSX workbook: {exc}", path=str(path)) from exc
        rows = [[_cell(c) for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        return rows, "xlsx"
    decoded = read_text(path)
    if not decoded.text.strip():
        raise InputError("file is empty", path=str(path))
    reader = csv.reader(io.StringIO(decoded.text, newline=""),
                        delimiter=_delimiter(decoded.text.split("\n", 1)[0]))
    return [[c.strip() for c in row] for row in reader], decoded.encoding


def _delimiter(first_line: str) -> str:
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    if delimiter == "," and first_line.count(";") > first_line.count(","):
        delimiter = ";"
    return delimiter


def _read_delimited(path: Path) -> Table:
    decoded = read_text(path)
    text = decoded.text
    if not text.strip():
        raise InputError("file is empty", path=str(path))
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    table = Table(str(path), header, [], encoding=decoded.encoding)
    for line in decoded.mixed_lines:
        table.problems.append(RowProblem(str(path), max(line - 1, 0),
                                         "line is not UTF-8; decoded as GB18030 or Latin-1"))
    for number, row in enumerate(reader, start=1):
        if not row:
            continue  # a blank line is no row
        if not any(cell.strip() for cell in row):
            table.problems.append(RowProblem(str(path), number, "row has only empty cells"))
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            table.problems.append(RowProblem(str(path), number,
                                             f"{len(row)} fields for {len(header)} columns"))
            continue
        table.rows.append((number, [c.strip() for c in row[: len(header)]]
                           + [""] * (len(header) - len(row))))
    return table


def _read_xlsx(path: Path) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable XLSX workbook: {exc}", path=str(path)) from exc
    sheet = book.worksheets[0]
    rows: Iterator[tuple[object, ...]] = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(c) for c in next(rows)]
    except StopIteration as exc:
        raise InputError("workbook's first sheet is empty", path=str(path)) from exc
    while header and not header[-1]:
        header.pop()
    table = Table(str(path), header, [], encoding="xlsx")
    for number, values in enumerate(rows, start=1):
        cells = [_cell(c) for c in values]
        if not any(cells):
            continue
        cells = (cells + [""] * len(header))[: len(header)]
        table.rows.append((number, cells))
    book.close()
    return table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
