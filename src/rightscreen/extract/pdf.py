"""PDF pages with PyMuPDF (AGPL-3.0: see the README), OCR for pages without a text layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rightscreen.extract.model import Document, Page
from rightscreen.extract.ocr import ocr_available, ocr_image

# A page with fewer letters than this and an image on it is taken as scanned.
MIN_TEXT = 8


def page_count(path: Path) -> int:
    """Pages of a PDF on disk, 0 when it cannot be opened or is locked."""
    try:
        with _open(path, None) as doc:
            return 0 if doc.needs_pass else int(doc.page_count)
    except Exception:  # noqa: BLE001 - a broken file is reported by extract_pdf itself
        return 0


def _open(path: Path, data: bytes | None) -> Any:
    import pymupdf

    opener: Any = pymupdf.open  # PyMuPDF ships no type hints for its constructors
    return opener(stream=data, filetype="pdf") if data is not None else opener(path)


def extract_pdf(path: Path, display: str, data: bytes | None = None,
                pages: range | None = None) -> Document:
    """The text of every page, or of the pages in `pages` (0-based), with how each was read."""
    try:
        doc = _open(path, data)
    except Exception as exc:  # noqa: BLE001 - MuPDF raises its own types for broken files
        return Document(display, "pdf", "broken", message=f"cannot open PDF: {exc}")
    with doc:
        if doc.needs_pass:
            return Document(display, "pdf", "encrypted",
                            message="PDF is password-protected; not read")
        read: list[Page] = []
        status = "ok"
        for number in pages if pages is not None else range(doc.page_count):
            try:
                page = doc[number]
                text = page.get_text("text")
            except Exception as exc:  # noqa: BLE001 - one broken page must not lose the rest
                read.append(Page(number + 1, "", "unread"))
                status = "partial"
                del exc
                continue
            if len(text.strip()) < MIN_TEXT and page.get_images():
                if ocr_available():
                    pixmap = page.get_pixmap(dpi=200)
                    read.append(Page(number + 1, ocr_image(pixmap.tobytes("png")), "ocr"))
                else:
                    read.append(Page(number + 1, text, "unread"))
                    status = "partial"
                continue
            read.append(Page(number + 1, text))
        if not read:
            return Document(display, "pdf", "empty", message="PDF has no pages")
        return Document(display, "pdf", status, read)
