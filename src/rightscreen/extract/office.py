"""Word and Excel files: paragraphs and tables of DOCX, cells of every XLSX sheet.

The archive has been checked against the ZIP limits before these run (`archive.check_office`);
what can still go wrong is the XML inside, and a sheet that claims more rows or columns than it
holds. A part that breaks while it is read costs that part, not the document."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from typing import Any

from rightscreen.extract.model import Document, Page
from rightscreen.safety import DEFAULT_LIMITS, Limits


def extract_docx(data: bytes, display: str, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = [p.text for p in document.paragraphs]
        tables = document.tables
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many types on bad parts
        return Document(display, "docx", "broken", message=f"cannot open DOCX: {_say(exc)}")
    problems: list[str] = []
    for number, table in enumerate(tables, start=1):
        try:
            lines.extend(_table_lines(table, limits))
        except Exception as exc:  # noqa: BLE001 - a malformed table must not lose the text
            problems.append(f"table {number} unreadable: {_say(exc)}")
    text = "\n".join(lines)
    status = _status(bool(text.strip()), problems)
    return Document(display, "docx", status, [Page(1, text)],
                    "; ".join(problems) or _NO_TEXT.get(status))


# Vertically merged cells in one table that python-docx may resolve; its cost grows with the
# square of a merge's length. Tender tables seen merge a few rows at a time.
_VERTICAL_MERGES = 200


def _table_lines(table: Any, limits: Limits) -> list[str]:
    """A table's rows as tab-separated lines, a merged cell repeated in every column it spans
    as Word shows it. python-docx builds that repetition from the declared spans: a hostile
    `gridSpan` of 10^8 would make a row of 10^8 cells, and it walks every vertical merge up to
    its first row, so a merge down 3,000 rows took 70 s. Such tables are read cell by cell from
    their XML instead, each merged cell once."""
    element = table._element  # python-docx's own element for the table; it has no other door
    spans = element.xpath(".//w:gridSpan/@w:val")
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    simple = all(span.isdecimal() and int(span) <= limits.max_columns for span in spans)
    if simple and len(element.xpath(".//w:vMerge")) <= _VERTICAL_MERGES:
        try:
            return ["\t".join(cell.text for cell in row.cells) for row in table.rows]
        except Exception:  # noqa: BLE001 - e.g. RecursionError; read below, cell by cell
            pass
    return ["\t".join("\n".join("".join(p.xpath(".//w:t/text()")) for p in tc.xpath("./w:p"))
                      for tc in tr.xpath("./w:tc"))
            for tr in element.xpath("./w:tr")]


def extract_xlsx(data: bytes, display: str, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = list(book.worksheets)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on bad files
        return Document(display, "xlsx", "broken", message=f"cannot open XLSX: {_say(exc)}")
    problems: list[str] = []
    if len(sheets) > limits.max_sheets:
        problems.append(f"{len(sheets):,} sheets, over the limit of {limits.max_sheets}: "
                        f"sheets after {limits.max_sheets} not read")
        sheets = sheets[:limits.max_sheets]
    pages = []
    # Each sheet is a page, so that a finding names the sheet it stands on.
    used = 0
    for number, sheet in enumerate(sheets, start=1):
        # The text limit holds for the whole file, not each sheet.
        text, unread = _read_sheet(sheet, replace(limits,
                                                  max_text_chars=limits.max_text_chars - used))
        used += len(text)
        pages.append(Page(number, text))
        if unread:
            problems.append(f"sheet {number} ({_title(sheet)}): {', '.join(unread)}")
    with contextlib.suppress(Exception):  # closing cannot lose the text already read
        book.close()
    has_text = any(p.text.strip() for p in pages)
    status = _status(has_text, problems)
    return Document(display, "xlsx", status, pages, "; ".join(problems) or _NO_TEXT.get(status))


def _read_sheet(sheet: Any, limits: Limits) -> tuple[str, list[str]]:
    """The sheet's rows as tab-separated lines, one line per row so that line numbers are row
    numbers; and what was left unread, and why."""
    lines: list[str] = []
    problems: list[str] = []
    # openpyxl pads every row to the width the sheet declares (16,384 in a hostile
    # `A1:XFD1048576`): cap the width it pads to, and say so.
    declared = getattr(sheet, "max_column", None)
    width = None
    if isinstance(declared, int) and declared > limits.max_columns:
        width = limits.max_columns
        problems.append(f"declares {declared:,} columns: columns after "
                        f"{limits.max_columns:,} not read")
    # openpyxl fills the rows a sheet skips (row 1, then row 1,000,000) with one shared blank
    # row; known by its identity once seen, a million of them cost a million comparisons, not
    # a million joins.
    blank: Any = None
    wide = False
    text = 0
    try:
        for row in sheet.iter_rows(max_col=width, values_only=True):
            if len(lines) >= limits.max_rows:
                problems.append(f"more than {limits.max_rows:,} rows: rows after "
                                f"{limits.max_rows:,} not read")
                break
            if row is blank:
                lines.append("")
                continue
            cells = row[:limits.max_columns]
            if all(value is None for value in cells):
                blank = row
                lines.append("")
                continue
            wide = wide or len(row) > limits.max_columns
            # Counted before the cells are joined: many may share one huge string.
            text += sum(len(v) for v in cells if isinstance(v, str))
            if text > limits.max_text_chars:
                problems.append(f"more than {limits.max_text_chars:,} characters of text: rows "
                                f"after {len(lines):,} not read")
                break
            # Trailing blanks dropped: padded to a declared width, they are all a row holds.
            line = "\t".join("" if value is None else str(value) for value in cells)
            lines.append(line.rstrip("\t"))
    except Exception as exc:  # noqa: BLE001 - openpyxl parses lazily: a broken sheet breaks here
        problems.append(f"unreadable after row {len(lines)}: {_say(exc)}")
    if wide and width is None:
        problems.append(f"rows over {limits.max_columns:,} columns: columns after "
                        f"{limits.max_columns:,} not read")
    return "\n".join(lines), problems


_NO_TEXT = {"empty": "no text in the document"}


def _status(has_text: bool, problems: list[str]) -> str:
    if problems:
        return "partial" if has_text else "broken"
    return "ok" if has_text else "empty"


def _title(sheet: Any) -> str:
    return str(getattr(sheet, "title", "?"))


def _say(exc: Exception) -> str:
    """An exception as a reader can act on it: its kind, since many say only a number."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def is_docx(names: list[str]) -> bool:
    return "word/document.xml" in names


def is_xlsx(names: list[str]) -> bool:
    return "xl/workbook.xml" in names
