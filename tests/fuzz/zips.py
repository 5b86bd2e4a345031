"""ZIP archives written byte by byte, so that the fuzzer can make them lie.

Python's `zipfile` writes honest archives only; a bomb needs a member whose compressed bytes
are built without inflating a gigabyte first, and a liar needs declared sizes and CRCs that
disagree with the data. Both are easy with a small writer of our own.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace
from functools import cache

MIB = 1 << 20
GIB = 1 << 30

_LOCAL = struct.Struct("<IHHHHHIIIHH")  # signature .. extra length: 30 bytes
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # signature .. local header offset: 46 bytes
_END = struct.Struct("<IHHHHIIH")  # end of central directory: 22 bytes


@dataclass(frozen=True, slots=True)
class Member:
    """One archive member as it will be written: its packed bytes and what the headers say."""

    name: str
    packed: bytes
    method: int  # 0 stored, 8 deflated
    crc: int
    size: int  # the real uncompressed size
    # What the central directory and the local header declare, when they lie.
    central_size: int | None = None
    local_size: int | None = None
    central_crc: int | None = None


def member(name: str, data: bytes, *, deflate: bool = True) -> Member:
    if not deflate:
        return Member(name, data, 0, zlib.crc32(data), len(data))
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, packer.compress(data) + packer.flush(), 8, zlib.crc32(data), len(data))


def write_zip(members: list[Member]) -> bytes:
    out = io.BytesIO()
    central = io.BytesIO()
    for m in members:
        offset = out.tell()
        name = m.name.encode("utf-8")
        local_size = m.size if m.local_size is None else m.local_size
        out.write(_LOCAL.pack(0x04034B50, 20, 0x800, m.method, 0, 0x21, m.crc & 0xFFFFFFFF,
                              len(m.packed), local_size & 0xFFFFFFFF, len(name), 0))
        out.write(name)
        out.write(m.packed)
        size = m.size if m.central_size is None else m.central_size
        crc = m.crc if m.central_crc is None else m.central_crc
        central.write(_CENTRAL.pack(0x02014B50, 20, 20, 0x800, m.method, 0, 0x21,
                                    crc & 0xFFFFFFFF, len(m.packed), size & 0xFFFFFFFF,
                                    len(name), 0, 0, 0, 0, 0, offset))
        central.write(name)
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    count = min(len(members), 0xFFFF)
    out.write(_END.pack(0x06054B50, 0, 0, count, count, len(directory), start, 0))
    return out.getvalue()


def read_members(data: bytes) -> list[Member]:
    """The members of an honest archive (a seed), re-packed by our own writer."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [member(i.filename, archive.read(i)) for i in archive.infolist()]


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


# --- bombs -----------------------------------------------------------------------------------

def repeated_member(name: str, prefix: bytes, unit: bytes, total: int, suffix: bytes) -> Member:
    """A deflated member of `prefix + unit * n + suffix`, about `total` bytes, built from one
    compressed MiB: after a full flush deflate starts afresh, so one MiB of `unit`s packs to the
    same bytes every time and the block can be repeated without inflating anything."""
    return replace(_repeated(prefix, unit, total, suffix), name=name)


@cache
def _repeated(prefix: bytes, unit: bytes, total: int, suffix: bytes) -> Member:
    chunk = unit * max(MIB // len(unit), 1)
    count = max((total - len(prefix) - len(suffix)) // len(chunk), 1)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(suffix) + packer.flush()
    packed = head + block * count + tail
    crc = zlib.crc32(prefix)
    view = memoryview(chunk)
    for _ in range(count):
        crc = zlib.crc32(view, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + len(chunk) * count + len(suffix)
    return Member("", packed, 8, crc, size)


def zeros_member(name: str, total: int = GIB) -> Member:
    return repeated_member(name, b"", b"\x00" * 4096, total, b"")


def check_repeated_member() -> None:
    """The block trick holds for this zlib: a small instance inflates to what it claims."""
    small = repeated_member("check", b"<a>", b"<b/>", 3 * MIB, b"</a>")
    data = zlib.decompress(small.packed, -15)
    if len(data) != small.size or zlib.crc32(data) != small.crc:
        raise RuntimeError("repeated deflate blocks do not inflate as built")


@cache
def zip_bomb(total: int = GIB) -> bytes:
    """One member of `total` zeros, declared honestly: the classic ratio-1000 bomb."""
    return write_zip([zeros_member("zeros.txt", total)])


@cache
def lying_zip_bomb(total: int = GIB) -> bytes:
    """The same bomb declaring 1,000 bytes in both headers: only counting what inflates
    catches it."""
    honest = zeros_member("report.txt", total)
    return write_zip([replace(honest, central_size=1000, local_size=1000)])


@cache
def nested_zip_bomb(copies: int = 8, levels: int = 2) -> bytes:
    """Archives of archives, 42.zip style: `copies` ** `levels` one-GiB bombs; each level
    packs the one below it ~1,000 times smaller, because a bomb is itself repetitive."""
    data = zip_bomb()
    for level in range(levels):
        data = write_zip([member(f"level{level}-{i}.zip", data) for i in range(copies)])
    return data


@cache
def deep_nested_zip(depth: int = 12) -> bytes:
    data = b"Hangzhou Hikvision Digital Technology Co., Ltd.\n"
    name = "inner.txt"
    for level in range(depth):
        data = write_zip([member(name, data)])
        name = f"level{level}.zip"
    return data


@cache
def overlapping_zip(entries: int = 250, member_size: int = 4 * MIB, *, lying: bool = False,
                    ) -> bytes:
    """Fifield's non-recursive bomb: one deflated member of zeros, and a central directory
    whose `entries` all point at it, under its own name (Python's zipfile compares the two).
    Each member stays under the ratio floor; only the archive's total stops it. With `lying`,
    each declares 1,000 bytes."""
    body = zeros_member("0.txt", member_size)
    name = body.name.encode()
    out = io.BytesIO()
    out.write(_LOCAL.pack(0x04034B50, 20, 0x800, 8, 0, 0x21, body.crc, len(body.packed),
                          body.size, len(name), 0))
    out.write(name)
    out.write(body.packed)
    central = io.BytesIO()
    size = 1000 if lying else body.size
    for _ in range(entries):
        alias = name
        central.write(_CENTRAL.pack(0x02014B50, 20, 20, 0x800, 8, 0, 0x21, body.crc,
                                    len(body.packed), size, len(alias), 0, 0, 0, 0, 0, 0))
        central.write(alias)
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(_END.pack(0x06054B50, 0, 0, entries, entries, len(directory), start, 0))
    return out.getvalue()


@cache
def many_members_zip(count: int = 30_000) -> bytes:
    return write_zip([member(f"m{i}.txt", b"", deflate=False) for i in range(count)])


# --- damage to an existing archive -----------------------------------------------------------

def _central_offsets(data: bytes) -> list[int]:
    end = data.rfind(b"PK\x05\x06")
    if end < 0 or end + _END.size > len(data):
        return []
    _, _, _, _, count, _, start, _ = _END.unpack_from(data, end)
    offsets = []
    at = start
    for _ in range(count):
        if at + _CENTRAL.size > len(data) or data[at:at + 4] != b"PK\x01\x02":
            break
        fields = _CENTRAL.unpack_from(data, at)
        offsets.append(at)
        at += _CENTRAL.size + fields[10] + fields[11] + fields[12]
    return offsets


def _local_offset(data: bytes, central: int) -> int:
    return int(_CENTRAL.unpack_from(data, central)[16])


def patch_central(data: bytes, rng: random.Random, field: str, value: int) -> bytes:
    """Overwrite one field (crc, packed, size) of a random member's central directory entry."""
    offsets = _central_offsets(data)
    if not offsets:
        return data
    at = rng.choice(offsets) + {"crc": 16, "packed": 20, "size": 24}[field]
    return data[:at] + struct.pack("<I", value & 0xFFFFFFFF) + data[at + 4:]


def patch_local(data: bytes, rng: random.Random, field: str, value: int) -> bytes:
    offsets = _central_offsets(data)
    if not offsets:
        return data
    local = _local_offset(data, rng.choice(offsets))
    if data[local:local + 4] != b"PK\x03\x04":
        return data
    at = local + {"crc": 14, "packed": 18, "size": 22}[field]
    return data[:at] + struct.pack("<I", value & 0xFFFFFFFF) + data[at + 4:]


def member_span(data: bytes, rng: random.Random) -> tuple[int, int] | None:
    """(start, end) of a random member's packed bytes."""
    offsets = _central_offsets(data)
    rng.shuffle(offsets)
    for central in offsets:
        local = _local_offset(data, central)
        if data[local:local + 4] != b"PK\x03\x04" or local + _LOCAL.size > len(data):
            continue
        fields = _LOCAL.unpack_from(data, local)
        start = local + _LOCAL.size + fields[9] + fields[10]
        packed = _CENTRAL.unpack_from(data, central)[8]
        if packed:
            return start, min(start + packed, len(data))
    return None
