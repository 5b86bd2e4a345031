"""ZIP archives opened in memory, member by member, each inflated within the limits: a bomb or
a damaged member becomes a status of its own and the members beside it are still read."""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from rightscreen.errors import FileRefused, InputError
from rightscreen.extract.model import Document
from rightscreen.safety import Limits, check_archive, refuse_overlapping_members

# What zipfile and the decompressors behind it raise for a damaged archive or member: a bad
# CRC, a lying local header, a cut deflate stream, a method we cannot inflate, a password.
ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, struct.error,
    ValueError, OSError, EOFError, NotImplementedError, RuntimeError, IndexError, KeyError,
    UnicodeDecodeError)
_CHUNK = 1024 * 1024


@dataclass(slots=True)
class InflateBudget:
    """Bytes one file given by the user may still inflate to, its nested archives and Office
    files included: without one shared budget, each level of a nested bomb would get its own."""

    remaining: int


def open_archive(data: bytes, display: str) -> zipfile.ZipFile | Document:
    """The archive, or the `broken` document that says why it cannot be opened."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        return Document(display, "zip", "broken", message=f"not a readable ZIP: {exc}")


def check_office(data: bytes, display: str, kind: str, *, limits: Limits,
                 budget: InflateBudget) -> Document | None:
    """None when a DOCX or XLSX may be handed to its parser; else the document that says why
    not. Every part is inflated once and counted first, because python-docx and openpyxl
    would inflate a bomb whole before we saw a byte of it."""
    try:
        check_archive(data, path=display, limits=limits)
    except FileRefused as exc:
        return Document(display, kind, "too-large", message=_reason(exc))
    except InputError as exc:
        return Document(display, kind, "broken", message=_reason(exc))
    # zipfile stops every member at its declared size, so the declared total is what the
    # parser can inflate at most.
    declared = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    if declared > budget.remaining:
        return Document(display, kind, "too-large",
                        message=f"inflates to {declared:,} bytes, past what is left of the "
                                f"limit of {limits.max_archive_bytes:,} for one file")
    budget.remaining -= declared
    return None


def iter_members(archive: zipfile.ZipFile, display: str, *, archive_bytes: int, limits: Limits,
                 budget: InflateBudget) -> Iterator[tuple[str, bytes | Document]]:
    """(path as `archive!member`, its bytes or the document that says why it was not read)
    for every file in the archive, in archive order."""
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if len(infos) > limits.max_members:
        yield display, Document(display, "zip", "too-large",
                                message=f"{len(infos):,} archive members, over the limit of "
                                        f"{limits.max_members:,}")
        return
    try:
        refuse_overlapping_members(infos, path=display)
    except FileRefused as exc:
        yield display, Document(display, "zip", "too-large", message=exc.reason)
        return
    for info in infos:
        inner = f"{display}!{info.filename}"
        if info.flag_bits & 0x1:
            yield inner, Document(inner, "zip-member", "encrypted",
                                  message="encrypted archive member; not read")
            continue
        try:
            yield inner, read_member(archive, info, archive_bytes=archive_bytes, limits=limits,
                                     budget=budget)
        except FileRefused as exc:
            yield inner, Document(inner, "zip-member", "too-large", message=exc.reason)
        except ZIP_ERRORS as exc:
            yield inner, Document(inner, "zip-member", "broken",
                                  message=f"damaged archive member: {exc}")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, archive_bytes: int,
                limits: Limits, budget: InflateBudget) -> bytes:
    """The member's bytes, refused (`FileRefused`) from its declared sizes, and again while it
    inflates, the moment it passes a limit. The headers may lie: zipfile stops a member at its
    declared size (the CRC then fails), and what it really inflates is counted all the same,
    in 1 MiB pieces, so the limits hold whatever a zipfile version does with a lie."""
    # A declared compressed size larger than the whole archive is a lie that would hide the
    # ratio; the archive's own size bounds it.
    packed = max(min(info.compress_size, archive_bytes), 1)
    _refuse_if_over(info.file_size, packed, limits=limits, budget=budget, verb="declares")
    pieces: list[bytes] = []
    count = 0
    with archive.open(info) as stream:
        while piece := stream.read(_CHUNK):
            count += len(piece)
            _refuse_if_over(count, packed, limits=limits, budget=budget, verb="inflates past")
            pieces.append(piece)
    budget.remaining -= count
    return b"".join(pieces)


def _refuse_if_over(size: int, packed: int, *, limits: Limits, budget: InflateBudget,
                    verb: str) -> None:
    if size > limits.max_member_bytes:
        raise FileRefused(f"{verb} {size:,} bytes, over the member limit of "
                          f"{limits.max_member_bytes:,}: refused as a possible ZIP bomb")
    if size > limits.ratio_floor and size / packed > limits.max_ratio:
        raise FileRefused(f"{verb} {size:,} bytes from {packed:,} (ratio {size // packed}, "
                          f"limit {limits.max_ratio}): refused as a possible ZIP bomb")
    if size > budget.remaining:
        raise FileRefused(f"{verb} {size:,} bytes, past what is left of the limit of "
                          f"{limits.max_archive_bytes:,} for one file: refused as a possible "
                          "ZIP bomb")


def _reason(exc: InputError) -> str:
    return f"{exc.where}: {exc.reason}" if exc.where else exc.reason
