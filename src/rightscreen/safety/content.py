"""What a file really is, from its first bytes: a name or extension is never trusted."""

from __future__ import annotations

from enum import StrEnum

from rightscreen.errors import FileRefused


class ContentKind(StrEnum):
    PDF = "pdf"
    ZIP = "zip"
    OLE = "ole"  # Compound File: legacy .doc/.xls, or an encrypted DOCX/XLSX
    EXECUTABLE = "executable"
    IMAGE = "image"
    ARCHIVE = "archive"  # compressed formats we do not open: gzip, 7z, RAR, bzip2, xz
    OTHER = "other"  # text of some encoding, or bytes we have no signature for


# (magic bytes, kind, what to tell the user it is)
_SIGNATURES: tuple[tuple[bytes, ContentKind, str], ...] = (
    (b"%PDF", ContentKind.PDF, "a PDF document"),
    (b"PK\x03\x04", ContentKind.ZIP, "a ZIP archive"),
    (b"PK\x05\x06", ContentKind.ZIP, "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ContentKind.OLE,
     "an OLE compound file (a legacy .doc/.xls, or an encrypted Office file)"),
    (b"MZ", ContentKind.EXECUTABLE, "a Windows executable"),
    (b"\x7fELF", ContentKind.EXECUTABLE, "an ELF executable"),
    (b"\xcf\xfa\xed\xfe", ContentKind.EXECUTABLE, "a Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", ContentKind.EXECUTABLE, "a Mach-O executable"),
    (b"\x89PNG\r\n\x1a\n", ContentKind.IMAGE, "a PNG image"),
    (b"\xff\xd8\xff", ContentKind.IMAGE, "a JPEG image"),
    (b"GIF87a", ContentKind.IMAGE, "a GIF image"),
    (b"GIF89a", ContentKind.IMAGE, "a GIF image"),
    (b"II*\x00", ContentKind.IMAGE, "a TIFF image"),
    (b"MM\x00*", ContentKind.IMAGE, "a TIFF image"),
    (b"BM", ContentKind.IMAGE, "a BMP image"),
    (b"\x1f\x8b", ContentKind.ARCHIVE, "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", ContentKind.ARCHIVE, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", ContentKind.ARCHIVE, "a RAR archive"),
    (b"BZh", ContentKind.ARCHIVE, "a bzip2 archive"),
    (b"\xfd7zXZ\x00", ContentKind.ARCHIVE, "an xz archive"),
)
# Short signatures that also start ordinary text ("MZ..." or "BM..." as the first letters of
# a CSV cell) count only with the binary bytes that follow them in real files.
_NEEDS_BINARY = frozenset({b"MZ", b"BM", b"BZh"})


def sniff_content(head: bytes) -> tuple[ContentKind, str]:
    """The kind of a file from its first bytes (64 are enough), and a phrase naming it."""
    for magic, kind, label in _SIGNATURES:
        if head.startswith(magic):
            if magic in _NEEDS_BINARY and not _binary(head[len(magic):64]):
                continue
            return kind, label
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return ContentKind.IMAGE, "a WebP image"
    return ContentKind.OTHER, "text or data"


def _binary(data: bytes) -> bool:
    return b"\x00" in data or sum(b < 9 for b in data) > 2


def refuse_foreign(head: bytes, *, path: str, expected: str,
                   allowed: frozenset[ContentKind] = frozenset({ContentKind.OTHER})) -> ContentKind:
    """Refuse a file whose content is not one of the `allowed` kinds, saying what it is.

    `expected` names what the reader wanted ("a CSV or XLSX table"), for the message."""
    kind, label = sniff_content(head)
    if kind not in allowed:
        raise FileRefused(f"is {label}, not {expected}", path=path)
    return kind
