"""A seeded mutation engine: every case is `random.Random(seed name, mutations, case seed)`, so a
crash found once is found again from the same three values.

Each mutation is a function (rng, bytes of the file, its seed) -> new bytes, registered with the
kinds of file it understands. Byte mutations apply to every file; text, CSV, JSON, XML, ZIP and
XLSX mutations to the kinds they parse; bombs are the cases a reader must refuse, fast.
"""

from __future__ import annotations

import gzip
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from .seeds import TEXT_KINDS, ZIP_KINDS, Seed

Apply = Callable[[random.Random, bytes, Seed], bytes]

FIELD_128K = 131_072  # Python's csv default field limit
FIELD_1M = 1 << 20


@dataclass(frozen=True, slots=True)
class Mutation:
    name: str
    apply: Apply
    kinds: frozenset[str] | None = None  # None: every kind
    needs_header: bool = False
    needs_rows: bool = False
    bomb: bool = False  # a case the reader must refuse, in well under a second
    heavy: bool = False  # builds inputs of a MiB or more

    def fits(self, seed: Seed) -> bool:
        if self.kinds is not None and seed.kind not in self.kinds:
            return False
        if self.needs_header and not seed.header:
            return False
        return not (self.needs_rows and not seed.rows)


MUTATIONS: dict[str, Mutation] = {}
# Mutations named with their parameters ("json-type:entities.*.name=null"), by name prefix.
FAMILIES: dict[str, Callable[[random.Random, bytes, Seed, str], bytes]] = {}


def mutation(name: str, *, kinds: frozenset[str] | None = None, needs_header: bool = False,
             needs_rows: bool = False, bomb: bool = False, heavy: bool = False,
             ) -> Callable[[Apply], Apply]:
    def register(func: Apply) -> Apply:
        MUTATIONS[name] = Mutation(name, func, kinds, needs_header, needs_rows, bomb, heavy)
        return func
    return register


def mutate(seed: Seed, names: tuple[str, ...], case_seed: int) -> dict[str, bytes]:
    """The files of one case: the seed's files with `names` applied in turn to its target."""
    rng = random.Random(f"{seed.name}|{'+'.join(names)}|{case_seed}")
    data = seed.files[seed.target]
    for name in names:
        family = next((f for prefix, f in FAMILIES.items() if name.startswith(prefix)), None)
        if family is not None:
            data = family(rng, data, seed, name)
        else:
            data = MUTATIONS[name].apply(rng, data, seed)
    files = dict(seed.files)
    files[seed.target] = data
    return files


def applicable(seed: Seed, *, bombs: bool = False, heavy: bool = True) -> list[str]:
    return [m.name for m in MUTATIONS.values()
            if m.fits(seed) and m.bomb == bombs and (heavy or not m.heavy)]


# --- helpers ---------------------------------------------------------------------------------

def as_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def position(rng: random.Random, data: bytes | str) -> int:
    return rng.randint(0, len(data))


def big_text(rng: random.Random, size: int) -> str:
    unit = rng.choice(["A", "Hikvision ", "海康威视", "x,", "\u00e9"])
    return (unit * (size // len(unit) + 1))[:size + rng.randint(1, 4096)]


def delimiter_of(seed: Seed) -> str:
    return "\t" if seed.kind == "tsv" else ","


# --- bytes: every kind -----------------------------------------------------------------------

@mutation("bit-flip")
def _bit_flip(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8) if out else 0):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


@mutation("byte-insert")
def _byte_insert(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    at = position(rng, data)
    return data[:at] + rng.randbytes(rng.randint(1, 16)) + data[at:]


@mutation("byte-delete")
def _byte_delete(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    at = position(rng, data)
    return data[:at] + data[at + rng.randint(1, 64):]


@mutation("truncate")
def _truncate(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return data[:rng.randrange(len(data))] if data else data


@mutation("duplicate")
def _duplicate(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    if rng.random() < 0.3:
        return data * rng.randint(2, 3)
    start = position(rng, data)
    end = min(len(data), start + rng.randint(1, max(len(data) // 2, 1)))
    return data[:end] + data[start:end] + data[end:]


@mutation("empty")
def _empty(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return rng.choice([b"", b" ", b"\n\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00" * 64])


@mutation("nul-bytes")
def _nul_bytes(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    for _ in range(rng.randint(1, 6)):
        at = position(rng, data)
        data = data[:at] + b"\x00" * rng.randint(1, 8) + data[at:]
    return data


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@mutation("foreign-ole")
def _foreign_ole(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    return header + rng.randbytes(512 - len(header)) + rng.randbytes(1536)


@mutation("foreign-exe")
def _foreign_exe(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    stub = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 43
    return stub + b"\x80\x00\x00\x00" + b"This program cannot be run in DOS mode.\r\r\n$" + (
        rng.randbytes(rng.randint(64, 2048)))


@mutation("foreign-png")
def _foreign_png(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return _png()


@mutation("foreign-gzip")
def _foreign_gzip(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return gzip.compress(data, mtime=0)


@mutation("foreign-pdf", kinds=TEXT_KINDS | ZIP_KINDS)
def _foreign_pdf(rng: random.Random, data: bytes, seed: Seed) -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(rng.randint(0, 400))



# The other mutations register themselves on import.
from . import mutations_structured, mutations_text, mutations_zip  # noqa: E402,F401
