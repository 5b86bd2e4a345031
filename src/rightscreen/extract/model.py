"""What extraction yields: a document's pages of text and how each was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What became of a document. Every status but "ok" comes with a message naming the file,
# member, sheet or page that went wrong, and why.
STATUSES = frozenset({"ok", "partial", "encrypted", "broken", "empty", "unsupported",
                      "too-large"})


@dataclass(slots=True)
class Page:
    number: int  # 1-based; 1 for formats without pages
    text: str
    method: str = "text"  # text, ocr, unread


@dataclass(slots=True)
class Document:
    path: str
    format: str
    status: str  # ok, partial, encrypted, broken, empty, unsupported, too-large
    pages: list[Page] = field(default_factory=list)
    message: str | None = None

    @property
    def ocr_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.method == "ocr"]

    @property
    def unread_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.method == "unread"]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "format": self.format, "status": self.status,
                               "pages": len(self.pages), "ocr_pages": self.ocr_pages}
        if self.unread_pages:
            out["unread_pages"] = self.unread_pages
        if self.message:
            out["message"] = self.message
        return out
