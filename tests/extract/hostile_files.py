"""Hostile and broken files built by the tests themselves: Office compression bombs, ZIP
archives whose headers lie or whose members are damaged, bytes of other kinds of file.

Each starts from a real small file written by the library users' files come from, then
changes the bytes a hostile or broken file would have different."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator

import docx
import pymupdf
from openpyxl import Workbook

MIB = 1024 * 1024

# 4,000 letters in one text node: deflate packs a run like this about 1,000 to 1, the ratio of
# the bombs seen in the wild, while the XML stays valid for python-docx and openpyxl.
_RUN = "A" * 4000
_DOCX_PARAGRAPH = f"<w:p><w:r><w:t>{_RUN}</w:t></w:r></w:p>".encode()
_XLSX_ROW = f'<row><c t="inlineStr"><is><t>{_RUN}</t></is></c></row>'.encode()
DOCX_BODY = "word/document.xml"
XLSX_SHEET = "xl/worksheets/sheet1.xml"


def small_docx(text: str = "设备须兼容海康威视") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "人脸识别"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def small_xlsx(rows: tuple[tuple[str, ...], ...] = (("品名", "夜视摄像机"), ("防暴盾牌", ""))
               ) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    book.create_sheet("second").append(["布控报警"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def small_pdf(pages: tuple[str, ...] = ("第一页 人脸识别", "second page")) -> bytes:
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(40, 40, 560, 800), text, fontname="china-s",
                            fontsize=11)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def encrypted_pdf(pages: tuple[str, ...] = ("秘密 " * 100,) * 3) -> bytes:
    doc = pymupdf.open(stream=small_pdf(pages), filetype="pdf")
    data: bytes = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner",
                              user_pw="secret")
    doc.close()
    return data


def office_bomb(kind: str, inflated: int) -> bytes:
    """A real DOCX or XLSX whose main part is rewritten to inflate to `inflated` bytes, its
    sizes declared truthfully in the headers."""
    if kind == "docx":
        head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
                b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
        body = _repeated(head, _DOCX_PARAGRAPH, b"</w:body></w:document>", inflated)
        return with_member(small_docx(), DOCX_BODY, body)
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    body = _repeated(head, _XLSX_ROW, b"</sheetData></worksheet>", inflated)
    return with_member(small_xlsx(), XLSX_SHEET, body)


def text_bomb(inflated: int, name: str = "bomb.txt") -> bytes:
    """A ZIP archive of one text member inflating to `inflated` bytes."""
    return zip_of({name: _repeated(b"", b"0" * MIB, b"", inflated)})


def _repeated(head: bytes, unit: bytes, tail: bytes, size: int) -> Iterator[bytes]:
    # Yielded in 1 MiB pieces so that building a 256 MiB bomb costs no 256 MiB.
    piece = unit * max(MIB // len(unit), 1)
    yield head
    for _ in range(-(-size // len(piece))):
        yield piece
    yield tail


def with_member(data: bytes, name: str, content: bytes | Iterator[bytes]) -> bytes:
    """The archive with one member's content replaced (or added), every other member kept."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as original, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            if info.filename != name:
                out.writestr(info.filename, original.read(info))
        _write(out, name, content)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes | Iterator[bytes]], *,
           stored: frozenset[str] = frozenset()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            _write(archive, name, content, stored=name in stored)
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, content: bytes | Iterator[bytes], *,
           stored: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as stream:
        for piece in [content] if isinstance(content, bytes) else content:
            stream.write(piece)


def _central_entry(data: bytes, name: str) -> int:
    """Where the central directory's entry for `name` starts, walking the directory from the
    offset the end record gives (a search for the signature could land in compressed data)."""
    end = data.rfind(b"PK\x05\x06")
    count, _, offset = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        if data[offset + 46:offset + 46 + name_len] == name.encode():
            return int(offset)
        offset += 46 + name_len + extra_len + comment_len
    raise KeyError(name)


def _local_header(data: bytes, name: str) -> int:
    return int(struct.unpack_from("<I", data, _central_entry(data, name) + 42)[0])


def _data_start(data: bytes, name: str) -> int:
    local = _local_header(data, name)
    name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
    return int(local + 30 + name_len + extra_len)


def lie_about_size(data: bytes, name: str, *, file_size: int) -> bytes:
    """The member's uncompressed size, as the central directory and local header declare it,
    replaced; the compressed data left as it was."""
    out = bytearray(data)
    struct.pack_into("<I", out, _central_entry(data, name) + 24, file_size)
    struct.pack_into("<I", out, _local_header(data, name) + 22, file_size)
    return bytes(out)


def break_crc(data: bytes, name: str) -> bytes:
    out = bytearray(data)
    entry = _central_entry(data, name)
    crc = struct.unpack_from("<I", data, entry + 16)[0]
    struct.pack_into("<I", out, entry + 16, crc ^ 0xFFFFFFFF)
    struct.pack_into("<I", out, _local_header(data, name) + 14, crc ^ 0xFFFFFFFF)
    return bytes(out)


def break_deflate(data: bytes, name: str) -> bytes:
    """The member's deflate stream cut short: the rest of its bytes turned to 0xFF, which no
    deflate block may hold in that place."""
    start = _data_start(data, name)
    size = struct.unpack_from("<I", data, _central_entry(data, name) + 20)[0]
    keep = max(size // 4, 2)
    return data[:start + keep] + b"\xff" * (size - keep) + data[start + size:]


def lie_in_local_header(data: bytes, name: str) -> bytes:
    """The local header's copy of the member's name changed: a header that does not match the
    central directory, as in an archive spliced from two."""
    local = _local_header(data, name)
    out = bytearray(data)
    out[local + 30] ^= 0x20
    return bytes(out)


# Bytes of files that are not documents, as their first bytes show them.
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
ENCRYPTED_OFFICE = (OLE_HEADER + b"\x00" * 200 + "EncryptionInfo".encode("utf-16-le")
                    + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 300)
LEGACY_DOC = OLE_HEADER + b"\x00" * 200 + "WordDocument".encode("utf-16-le") + b"\x00" * 300
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
PNG_IMAGE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 60
