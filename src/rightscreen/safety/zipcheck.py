"""ZIP archives, DOCX and XLSX checked before any parser opens them.

The central directory declares each member's sizes, and may lie; so every member is also
inflated once, in bounded chunks that are counted and thrown away, and refused the moment it
passes a limit. Only then does openpyxl, python-docx or our own archive reader open it, and
what they inflate is what was counted. A 1 MB file that inflates to 1 GiB is refused after
`max_ratio` x its size at most: a fraction of a second and a few MB of memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from rightscreen.errors import FileRefused, InputError
from rightscreen.safety.limits import DEFAULT_LIMITS, Limits

_CHUNK = 1024 * 1024


def open_checked_zip(data: bytes, *, path: str, limits: Limits = DEFAULT_LIMITS,
                     ) -> zipfile.ZipFile:
    """The archive, opened after `check_archive` found every member within the limits."""
    check_archive(data, path=path, limits=limits)
    return zipfile.ZipFile(io.BytesIO(data))


def check_archive(data: bytes, *, path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise `FileRefused` for a member or archive past a limit (declared or real), and
    `InputError` for a damaged archive or member. Encrypted members are skipped: nothing
    inflates them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            IndexError, KeyError, UnicodeDecodeError, NotImplementedError) as exc:
        raise InputError(f"not a readable ZIP archive: {exc}", path=path) from exc
    if len(infos) > limits.max_members:
        raise FileRefused(f"{len(infos)} archive members, over the limit of "
                          f"{limits.max_members}", path=path)
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_archive_bytes:
        raise FileRefused(f"declares {declared:,} bytes uncompressed, over the limit of "
                          f"{limits.max_archive_bytes:,}: refused as a possible ZIP bomb",
                          path=path)
    refuse_overlapping_members(infos, path=path)
    total = 0
    for info in infos:
        if info.is_dir() or info.flag_bits & 0x1:
            continue
        _check_declared(info, path=path, limits=limits, archive_bytes=len(data))
        total += _inflate_counted(archive, info, path=path, limits=limits,
                                  archive_bytes=len(data), budget=limits.max_archive_bytes - total)


def refuse_overlapping_members(infos: list[zipfile.ZipInfo], *, path: str) -> None:
    """Members whose data overlap (one deflate stream inflated again under many names) are
    the overlapping-file bomb: refused before anything is inflated."""
    spans = sorted((i.header_offset, i.header_offset + 30 + len(i.filename.encode("utf-8",
                                                                                  "replace"))
                    + i.compress_size, i.filename) for i in infos if not i.is_dir())
    for (start, end, name), (following, _, other) in zip(spans, spans[1:], strict=False):
        if following < end or following == start:
            raise FileRefused(f"members {name!r} and {other!r} overlap: refused as a ZIP bomb",
                              path=path)


def _check_declared(info: zipfile.ZipInfo, *, path: str, limits: Limits,
                    archive_bytes: int) -> None:
    size = info.file_size
    packed = max(min(info.compress_size, archive_bytes), 1)
    if size > limits.max_member_bytes:
        raise FileRefused(f"declares {size:,} bytes, over the member limit of "
                          f"{limits.max_member_bytes:,}: refused as a possible ZIP bomb",
                          path=path, where=f"member {info.filename}")
    if size > limits.ratio_floor and size / packed > limits.max_ratio:
        raise FileRefused(f"declares {size:,} bytes from {packed:,} (ratio {size // packed}, "
                          f"limit {limits.max_ratio}): refused as a possible ZIP bomb",
                          path=path, where=f"member {info.filename}")


def _inflate_counted(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, path: str,
                     limits: Limits, archive_bytes: int, budget: int) -> int:
    packed = max(min(info.compress_size, archive_bytes), 1)
    where = f"member {info.filename}"
    count = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                count += len(chunk)
                if count > limits.max_member_bytes or count > budget:
                    raise FileRefused(f"inflates past {count:,} bytes, over the limit: refused "
                                      "as a ZIP bomb", path=path, where=where)
                if count > limits.ratio_floor and count / packed > limits.max_ratio:
                    raise FileRefused(f"inflates past {count:,} bytes from {packed:,} "
                                      f"(ratio over {limits.max_ratio}): refused as a ZIP bomb",
                                      path=path, where=where)
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError,
            RuntimeError, IndexError, KeyError, UnicodeDecodeError) as exc:
        raise InputError(f"damaged archive member: {exc}", path=path, where=where) from exc
    return count
