"""PDF pages with PyMuPDF (AGPL-3.0: see the README), OCR for pages without a text layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rightscreen.extract.model import Document, Page
from rightscreen.extract.ocr import ocr_available, ocr_image

# A page with fewer letters than this and an image on it is taken as scanned.
MIN_TEXT = 8


def extract_pdf(path: Path, display: str, data: bytes | None = None) -> Document:
    import pymupdf

    opener: Any = pymupdf.open  # PyMuPDF ships no type hints for its constructors
    try:
        doc = opener(stream=data, filetype="pdf") if data is not None else opener(path)
    except Exception as exc:  # noqa: BLE001 - MuPDF raises its own types for broken files
        return Document(display, "pdf", "broken", message=f"cannot open PDF: {exc}")
    with doc:
        if doc.needs_pass:
            return Document(display, "pdf", "encrypted",
                            message="PDF is password-protected; not read")
        pages: list[Page] = []
        status = "ok"
        for number in range(doc.page_count):
            try:
                page = doc[number]
                text = page.get_text("text")
            except Exception as exc:  # noqa: BLE001 - one broken page must not lose the rest
                pages.append(Page(number + 1, "", "unread"))
                status = "partial"
                del exc
                continue
            if len(text.strip()) < MIN_TEXT and page.get_images():
                if ocr_available():
                    pixmap = page.get_pixmap(dpi=200)
                    pages.append(Page(number + 1, ocr_image(pixmap.tobytes("png")), "ocr"))
                else:
                    pages.append(Page(number + 1, text, "unread"))
                    status = "partial"
                continue
            pages.append(Page(number + 1, text))
        if not pages:
            return Document(display, "pdf", "empty", message="PDF has no pages")
        return Document(display, "pdf", status, pages)
