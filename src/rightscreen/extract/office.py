"""Word and Excel files: paragraphs and tables of DOCX, cells of every XLSX sheet."""

from __future__ import annotations

import io

from rightscreen.extract.model import Document, Page


def extract_docx(data: bytes, display: str) -> Document:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on bad zips
        return Document(display, "docx", "broken", message=f"cannot open DOCX: {exc}")
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    status = "ok" if text.strip() else "empty"
    return Document(display, "docx", status, [Page(1, text)])


def extract_xlsx(data: bytes, display: str) -> Document:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on bad files
        return Document(display, "xlsx", "broken", message=f"cannot open XLSX: {exc}")
    pages = []
    # Each sheet is a page, so that a finding names the sheet it stands on.
    for number, sheet in enumerate(book.worksheets, start=1):
        rows = ["\t".join("" if v is None else str(v) for v in row)
                for row in sheet.iter_rows(values_only=True)]
        pages.append(Page(number, "\n".join(rows)))
    book.close()
    status = "ok" if any(p.text.strip() for p in pages) else "empty"
    return Document(display, "xlsx", status, pages)


def is_docx(names: list[str]) -> bool:
    return "word/document.xml" in names


def is_xlsx(names: list[str]) -> bool:
    return "xl/workbook.xml" in names

