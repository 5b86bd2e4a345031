"""PDF pages with PyMuPDF (AGPL-3.0: see the README), OCR for pages without a text layer.

MuPDF repairs what it can of a damaged file and raises its own types, or RuntimeError, for what
it cannot: a truncated encrypted PDF fails only when its pages are counted. Every such failure
becomes the document's status, and one bad page costs that page only. The same function reads a
run of pages in each worker of the parallel path, so a failure there is a status too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rightscreen.extract.model import Document, Page
from rightscreen.extract.ocr import ocr_available, ocr_image
from rightscreen.safety import DEFAULT_LIMITS, Limits

# A page with fewer letters than this and an image on it is taken as scanned.
MIN_TEXT = 8
# Pages named one by one in a message; a damaged 8,000-page bundle must not get a message of
# 8,000 reasons.
_NAMED = 10


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


def open_pdf(path: Path) -> Any:
    """A PDF on disk opened for `read_open_pdf`; MuPDF's own exception when it cannot be."""
    return _open(path, None)


def extract_pdf(path: Path, display: str, data: bytes | None = None,
                pages: range | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """The text of every page, or of the pages in `pages` (0-based), with how each was read.
    Pages past `limits.max_pages` are not read, and the message says so."""
    try:
        doc = _open(path, data)
    except Exception as exc:  # noqa: BLE001 - MuPDF raises its own types for broken files
        return Document(display, "pdf", "broken", message=f"cannot open PDF: {exc}")
    try:
        with doc:
            return _read(doc, display, pages, limits)
    except Exception as exc:  # noqa: BLE001 - e.g. RuntimeError counting a truncated file's pages
        return Document(display, "pdf", "broken", message=f"damaged PDF: {exc}")


def read_open_pdf(doc: Any, display: str, pages: range | None = None, *,
                  limits: Limits = DEFAULT_LIMITS) -> Document:
    """As `extract_pdf`, from a PDF opened with `open_pdf`, which stays open: several runs
    of pages read from one opening share the fonts MuPDF loaded for it (8 ms an opening for
    a Chinese font)."""
    try:
        return _read(doc, display, pages, limits)
    except Exception as exc:  # noqa: BLE001 - e.g. RuntimeError counting a truncated file's pages
        return Document(display, "pdf", "broken", message=f"damaged PDF: {exc}")


def _read(doc: Any, display: str, pages: range | None, limits: Limits) -> Document:
    if doc.needs_pass:
        return Document(display, "pdf", "encrypted", message="PDF is password-protected; not read")
    total = int(doc.page_count)
    wanted = range(total) if pages is None else pages
    numbers = range(wanted.start, min(wanted.stop, limits.max_pages), wanted.step)
    notes: list[str] = []
    cut = len(numbers) < len(wanted)
    if cut:
        notes.append(f"{total:,} pages, over the limit of {limits.max_pages:,}: pages after "
                     f"{limits.max_pages:,} not read")
    failed: list[int] = []
    read = [_read_page(doc, number, failed, notes) for number in numbers]
    if len(failed) > _NAMED:
        notes.append(f"{len(failed) - _NAMED:,} more pages unreadable")
    broken = set(failed)
    scanned = [p.number for p in read if p.method == "unread" and p.number not in broken]
    if scanned:
        notes.append(f"scanned pages not read, OCR is not installed: {_numbers(scanned)}")
    has_text = any(p.text.strip() for p in read)
    whole = pages is None  # a run of pages in a worker cannot judge the document
    if doc.is_repaired:
        if whole and not has_text:
            return Document(display, "pdf", "broken", read,
                            "damaged PDF (MuPDF repaired its structure) with no readable "
                            "text: truncated, or encrypted and its key lost")
        notes.append("damaged PDF, repaired by MuPDF: its text may be incomplete")
    if not read and not cut:
        return Document(display, "pdf", "empty", message="PDF has no pages")
    if whole and not has_text and all(p.method == "text" for p in read):
        # Text drawn as outlines, or blank pages: nothing to screen, which a reviewer must see.
        return Document(display, "pdf", "empty", read,
                        f"no text on any of its {len(read):,} pages")
    partial = cut or any(p.method == "unread" for p in read)
    return Document(display, "pdf", "partial" if partial else "ok", read,
                    "; ".join(notes) or None)


def _read_page(doc: Any, number: int, failed: list[int], notes: list[str]) -> Page:
    """One page (0-based `number`), its text layer or its OCR; unread, its number in `failed`
    and the reason in `notes`, when MuPDF cannot read it."""
    try:
        page = doc[number]
        text: str = page.get_text("text")
        if len(text.strip()) >= MIN_TEXT or not page.get_images():
            return Page(number + 1, text)
        if not ocr_available():
            return Page(number + 1, text, "unread")
        pixmap = page.get_pixmap(dpi=200)
        return Page(number + 1, ocr_image(pixmap.tobytes("png")), "ocr")
    except Exception as exc:  # noqa: BLE001 - one broken page must not lose the rest
        failed.append(number + 1)
        if len(failed) <= _NAMED:
            notes.append(f"page {number + 1} unreadable: {exc}")
        return Page(number + 1, "", "unread")


def _numbers(pages: list[int]) -> str:
    listed = ", ".join(map(str, pages[:_NAMED]))
    return listed if len(pages) <= _NAMED else f"{listed} and {len(pages) - _NAMED:,} more"
