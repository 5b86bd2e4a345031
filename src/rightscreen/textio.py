"""Reading text files whose encoding nobody wrote down: UTF-8, UTF-16, GBK/GB18030, Latin-1."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rightscreen.errors import FileRefused, InputError
from rightscreen.safety.limits import DEFAULT_LIMITS, Limits

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    # Before UTF-16: a UTF-32 little-endian mark starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
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


def read_bytes(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A whole file, refused before reading when it is larger than `limits.max_file_bytes`."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError("is a folder, not a file", path=str(path))
        if size > limits.max_file_bytes:
            raise FileRefused(f"{size:,} bytes, over the limit of {limits.max_file_bytes:,}",
                              path=str(path))
        with path.open("rb") as fh:
            # Ask for the size the file has (a read of the limit would reserve the limit in
            # memory), and one byte more: a file that grew meanwhile is read on to the limit.
            data = fh.read(size + 1)
            if len(data) > size:
                data += fh.read(limits.max_file_bytes + 1 - len(data))
    except FileNotFoundError as exc:
        raise InputError("file not found", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    if len(data) > limits.max_file_bytes:
        raise FileRefused(f"more than {limits.max_file_bytes:,} bytes", path=str(path))
    return data


def read_text(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> DecodedText:
    return decode_bytes(read_bytes(path, limits=limits), path=str(path))


def read_head(path: Path, size: int = 65536) -> str:
    """The start of a file as text, for recognising its format."""
    try:
        with path.open("rb") as fh:
            data = fh.read(size)
    except FileNotFoundError as exc:
        raise InputError("file not found", path=str(path)) from exc
    except OSError as exc:  # a folder, a file we may not read
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
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
    return any(not line.isascii() and _utf8_line(line) is not None
               for line in data.split(b"\n"))


def _utf8_line(raw: bytes) -> str | None:
    """A line decoded as UTF-8, or None when it is not UTF-8 or only happens to be valid.

    Short GBK lines are valid UTF-8 now and then: 卓胜微 in GBK (D7 BF CA A4 CE A2) reads as
    Hebrew, IPA and Greek letters, two of them unassigned code points. Real text has no
    unassigned, private-use or control characters, and two-byte sequences (U+0080 to U+07FF,
    the range GBK pairs fall into) from one script only."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    scripts: set[str] = set()
    for char in text:
        if char.isascii():
            continue
        category = unicodedata.category(char)
        if category in ("Cn", "Co", "Cc"):
            return None
        if char < "\u0800" and category[0] == "L":
            scripts.add(unicodedata.name(char, "").split(" ", 1)[0])
    return text if len(scripts) <= 1 else None


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
        line = _utf8_line(raw)
        if line is not None:
            out.append(line)
            continue
        mixed.append(number)
        for enc in _FALLBACKS:
            try:
                out.append(raw.decode(enc))
                break
            except UnicodeDecodeError:
                continue
    return DecodedText("\n".join(out), "utf-8 (mixed)", mixed)
