"""Which reader a file needs, judged from its bytes, never its name; ZIP archives opened in
memory within limits so that a ZIP bomb is reported, not expanded.

Extraction never raises for bad input: every file, archive member and page that cannot be read
becomes a `Document` with a status and a message naming what went wrong."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

from rightscreen.extract.archive import InflateBudget, check_office, iter_members, open_archive
from rightscreen.extract.html import extract_html, looks_like_html
from rightscreen.extract.model import Document, Page
from rightscreen.extract.office import extract_docx, extract_xlsx, is_docx, is_xlsx
from rightscreen.extract.pdf import extract_pdf
from rightscreen.safety import DEFAULT_LIMITS, ContentKind, Limits, sniff_content
from rightscreen.textio import decode_bytes

# The streams an encrypted DOCX/XLSX/PPTX keeps inside its OLE container ([MS-OFFCRYPTO]
# 2.3.4), named in UTF-16 in the container's directory.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def iter_documents(paths: list[Path]) -> Iterator[Path]:
    """The files to read: given files, and every file below given folders, in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def extract_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> list[Document]:
    """Every document in one file: one, or one per member of a ZIP archive."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A device or pipe given by name (/dev/zero) would be read without end.
            return [Document(str(path), "unknown", "unsupported",
                             message="not a regular file; not read")]
        data = b""
        if info.st_size <= limits.max_file_bytes:
            with path.open("rb") as stream:
                # The size measured, and a byte past it to see if the file has grown since;
                # asking for the limit at once would allocate all of it.
                data = stream.read(info.st_size + 1)
                if len(data) > info.st_size:
                    data += stream.read(limits.max_file_bytes + 1 - len(data))
    except OSError as exc:
        return [Document(str(path), "unknown", "broken",
                         message=f"cannot read: {exc.strerror or exc}")]
    size = max(len(data), info.st_size)
    if size > limits.max_file_bytes:
        return [Document(str(path), "unknown", "too-large",
                         message=f"{size:,} bytes, over the limit of {limits.max_file_bytes:,}")]
    return extract_bytes(data, str(path), depth=0, path=path, limits=limits)


def extract_bytes(data: bytes, display: str, *, depth: int, path: Path | None = None,
                  limits: Limits = DEFAULT_LIMITS,
                  budget: InflateBudget | None = None) -> list[Document]:
    """The documents in one file's bytes; `display` names it in every document and message,
    `path` (when the bytes are a whole file on disk) lets MuPDF read the file itself."""
    if not data.strip():
        return [Document(display, "empty", "empty", message="file is empty")]
    kind, label = sniff_content(data[:64])
    if kind is ContentKind.PDF:
        return [extract_pdf(path, display, limits=limits) if path
                else extract_pdf(Path(display), display, data, limits=limits)]
    if kind is ContentKind.ZIP:
        if budget is None:  # the file given by the user: its archives share one budget
            budget = InflateBudget(limits.max_archive_bytes)
        return _extract_zip(data, display, depth=depth, limits=limits, budget=budget)
    if kind is ContentKind.OLE:
        return [_ole_document(data, display, label)]
    if kind is not ContentKind.OTHER:
        # Executables, images and archives we do not open: say what they are, since a
        # mislabelled file is a finding in itself for the reviewer.
        return [Document(display, kind.value, "unsupported", message=f"is {label}; not read")]
    return [_extract_text(data, display)]


def _extract_text(data: bytes, display: str) -> Document:
    decoded = decode_bytes(data, path=display)
    if looks_like_html(decoded.text[:2000]):
        return extract_html(decoded.text, display)
    if b"\x00" in data[:4096] and not decoded.encoding.startswith("utf-16"):
        return Document(display, "binary", "unsupported",
                        message="binary data of no known kind; not read")
    return Document(display, "text", "ok", [Page(1, decoded.text)])


def _ole_document(data: bytes, display: str, label: str) -> Document:
    if _ENCRYPTED_PACKAGE in data:
        return Document(display, "ole", "encrypted",
                        message="an OLE container holding a password-protected Office "
                                "document (EncryptedPackage); not read")
    return Document(display, "ole", "unsupported",
                    message=f"is {label}; not read: save it as DOCX or XLSX")


def _extract_zip(data: bytes, display: str, *, depth: int, limits: Limits,
                 budget: InflateBudget) -> list[Document]:
    archive = open_archive(data, display)
    if isinstance(archive, Document):
        return [archive]
    names = archive.namelist()
    for kind, is_kind, extract in (("docx", is_docx, extract_docx),
                                   ("xlsx", is_xlsx, extract_xlsx)):
        if is_kind(names):
            refused = check_office(data, display, kind, limits=limits, budget=budget)
            return [refused or extract(data, display, limits=limits)]
    if depth >= limits.max_archive_depth:
        return [Document(display, "zip", "too-large",
                         message=f"archives nested more than {limits.max_archive_depth} deep; "
                                 "not opened")]
    documents: list[Document] = []
    for inner, content in iter_members(archive, display, archive_bytes=len(data),
                                       limits=limits, budget=budget):
        if isinstance(content, Document):
            documents.append(content)
        else:
            documents.extend(extract_bytes(content, inner, depth=depth + 1, limits=limits,
                                           budget=budget))
    if not documents:
        return [Document(display, "zip", "empty", message="archive holds no files")]
    return documents
