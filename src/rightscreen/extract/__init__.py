"""Text out of documents: PDF, DOCX, XLSX, HTML, plain text and ZIP archives of them, page by
page, with a status for every file and every page that could not be read."""

from __future__ import annotations

from rightscreen.extract.dispatch import extract_file, iter_documents
from rightscreen.extract.model import Document, Page

__all__ = ["Document", "Page", "extract_file", "iter_documents"]
