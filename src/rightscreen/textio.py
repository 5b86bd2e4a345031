"""Reading text files whose encoding nobody wrote down: UTF-8, UTF-16, GBK/GB18030, Latin-1."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from rightscreen.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order on files that are not valid UTF-8. GB18030 is a superset of GBK and GB2312
# and decodes nearly any byte string, so it is only accepted when it yields Chinese text.
_FALLBACKS = ("gb18030", "cp1252", "latin-1")


@dataclass(slots=True)
class DecodedText:
    text: str
    encoding: str
    # 1-based line numbers that had to be decoded with a different encoding than the file.
    mixed_lines: list[int] = field(default_factory=list)


def decode_bytes(data: bytes, *, path: str = "<bytes>") -> DecodedText:
    """Decode a whole file, reporting lines whose encoding differs from the rest."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return DecodedText(data.decode(enc, errors="replace").lstrip("\ufeff"), enc)
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return DecodedText(data.decode(enc, errors="replace"), enc)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _has_utf8_lines(data):
        # Some lines are real UTF-8 with non-ASCII letters: a file pasted together from two
        # sources. Decode line by line rather than misread the UTF-8 part as GBK.
        return _decode_by_line(data, path)
    whole = _decode_whole(data)
    if whole is not None:
        return whole
    return _decode_by_line(data, path)


def read_text(path: Path) -> DecodedText:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=str(path)) from exc
    return decode_bytes(data, path=str(path))


def read_head(path: Path, size: int = 65536) -> str:
    """The start of a file as text, for recognising its format."""
    with path.open("rb") as fh:
        data = fh.read(size)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="ignore").lstrip("\ufeff")
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return data.decode(enc, errors="ignore")
    return data.decode("utf-8", errors="ignore")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 3


def _has_utf8_lines(data: bytes) -> bool:
    for line in data.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _decode_whole(data: bytes) -> DecodedText | None:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _has_cjk(text):
        return DecodedText(text, "gb18030")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return DecodedText(text, "cp1252")


def _decode_by_line(data: bytes, path: str) -> DecodedText:
    lines = data.split(b"\n")
    out: list[str] = []
    mixed: list[int] = []
    for number, raw in enumerate(lines, start=1):
        try:
            out.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        mixed.append(number)
        for enc in _FALLBACKS:
            try:
                out.append(raw.decode(enc))
                break
            except UnicodeDecodeError:
                continue
    return DecodedText("\n".join(out), "utf-8 (mixed)", mixed)
