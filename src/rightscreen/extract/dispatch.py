"""Which reader a file needs, judged from its bytes; ZIP archives opened in memory with limits
so that a ZIP bomb is reported, not expanded."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from rightscreen.extract.html import extract_html, looks_like_html
from rightscreen.extract.model import Document, Page
from rightscreen.extract.office import extract_docx, extract_xlsx, is_docx, is_xlsx
from rightscreen.extract.pdf import extract_pdf
from rightscreen.textio import decode_bytes

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_ARCHIVE_TOTAL = 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, beyond which a member is a bomb
MAX_MEMBERS = 20_000
MAX_DEPTH = 3


def iter_documents(paths: list[Path]) -> Iterator[Path]:
    """The files to read: given files, and every file below given folders, in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def extract_file(path: Path) -> list[Document]:
    """Every document in one file: one, or one per member of a ZIP archive."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return [Document(str(path), "unknown", "broken", message=f"cannot read: {exc.strerror}")]
    if size > MAX_FILE_BYTES:
        return [Document(str(path), "unknown", "too-large", message=f"{size} bytes")]
    data = path.read_bytes()
    return extract_bytes(data, str(path), depth=0, path=path)


def extract_bytes(data: bytes, display: str, *, depth: int,
                  path: Path | None = None) -> list[Document]:
    if not data.strip():
        return [Document(display, "empty", "empty", message="file is empty")]
    if data.startswith(b"%PDF"):
        return [extract_pdf(path, display) if path else extract_pdf(Path(display), display, data)]
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _extract_zip(data, display, depth)
    decoded = decode_bytes(data, path=display)
    if looks_like_html(decoded.text[:2000]):
        return [extract_html(decoded.text, display)]
    if b"\x00" in data[:4096] and not decoded.encoding.startswith("utf-16"):
        return [Document(display, "binary", "unsupported", message="not a document format")]
    return [Document(display, "text", "ok", [Page(1, decoded.text)])]


def _extract_zip(data: bytes, display: str, depth: int) -> list[Document]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile as exc:
        return [Document(display, "zip", "broken", message=f"not a readable ZIP: {exc}")]
    if is_docx(names):
        return [extract_docx(data, display)]
    if is_xlsx(names):
        return [extract_xlsx(data, display)]
    if depth >= MAX_DEPTH:
        return [Document(display, "zip", "too-large", message="archives nested too deep")]
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        return [Document(display, "zip", "too-large", message=f"{len(infos)} members")]
    documents: list[Document] = []
    total = 0
    for info in infos:
        inner = f"{display}!{info.filename}"
        if info.flag_bits & 0x1:
            documents.append(Document(inner, "zip-member", "encrypted",
                                      message="encrypted archive member; not read"))
            continue
        declared = info.file_size
        ratio = declared / max(info.compress_size, 1)
        if declared > MAX_MEMBER_BYTES or ratio > MAX_RATIO or total + declared > MAX_ARCHIVE_TOTAL:
            documents.append(Document(inner, "zip-member", "too-large",
                                      message=f"expands to {declared} bytes (ratio {ratio:.0f}): "
                                              "refused as a possible ZIP bomb"))
            continue
        with archive.open(info) as fh:
            # The header may lie: never read more than the limit, whatever it declares.
            content = fh.read(MAX_MEMBER_BYTES + 1)
        total += len(content)
        if len(content) > MAX_MEMBER_BYTES:
            documents.append(Document(inner, "zip-member", "too-large", message="member too big"))
            continue
        documents.extend(extract_bytes(content, inner, depth=depth + 1))
    if not documents:
        return [Document(display, "zip", "empty", message="archive holds no files")]
    return documents
