"""Documents made by the tests themselves: real PDF, DOCX, XLSX files written with the same
libraries users' files come from."""

from __future__ import annotations

from pathlib import Path

import pymupdf


def write_pdf(path: Path, pages: list[str], *, encrypt: bool = False) -> Path:
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        # china-s is MuPDF's built-in Simplified Chinese font; it covers ASCII too.
        page.insert_textbox(pymupdf.Rect(40, 40, 560, 800), text, fontname="china-s",
                            fontsize=11)
    if encrypt:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret",
                 owner_pw="owner")
    else:
        doc.save(path)
    doc.close()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A page that is only an image: no text layer."""
    doc = pymupdf.open()
    page = doc.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 60), False)
    pixmap.clear_with(200)
    page.insert_image(pymupdf.Rect(40, 40, 240, 100), pixmap=pixmap)
    doc.save(path)
    doc.close()
    return path


def write_scanned_text_pdf(path: Path, text: str) -> Path:
    """A scan of a typed page: the text rendered to an image, the image alone on the page."""
    source = pymupdf.open()
    page = source.new_page()
    page.insert_textbox(pymupdf.Rect(40, 40, 560, 300), text, fontname="china-s", fontsize=14)
    pixmap = page.get_pixmap(dpi=200)
    scan = pymupdf.open()
    scanned = scan.new_page()
    scanned.insert_image(scanned.rect, pixmap=pixmap)
    scan.save(path)
    return path
