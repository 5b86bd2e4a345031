"""Word tables derived from the dictionaries the Chinese path reads (jieba's word frequencies,
pypinyin's readings, CC-CEDICT), kept as sorted files in the cache directory, so that a process
looks up the few words of its names instead of loading hundreds of thousands of them.

A table is derived once from an installed package's own data, by that package's own code where
it has one, and named by a key over what shapes it: this format, the package's installed
version, the size and time of every data file it is made from, and the source of the code that
derives and reads it. A file is read whole and its checksum checked: one whose magic, key or
checksum does not match is rebuilt, never read. Files hold a JSON header and flat arrays of
UTF-8 text and offsets, read with `json` and `memoryview`: nothing in them can run code. A table
is written to a temporary file and renamed, so a reader never sees half a file.

Where: the cache directory of `rightscreen.cache.default_cache_dir()`, folder `words/`. With no
cache directory (`RIGHTSCREEN_CACHE=off`) or none that can be written, `open_table` gives None
and the callers use the libraries themselves, as before: slower to start, the same words.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Bumped when the layout of a table file changes.
FORMAT = 1
MAGIC = b"rightscreen-words\n"
FOLDER = "words"
# Tables of one name kept, the one in use included.
KEEP = 3
_HEADER_SIZE = 4  # bytes of the header's length, little-endian


class WordTable(Mapping[str, str]):
    """A read-only mapping of words to text over one table file's bytes: keys sorted by their
    UTF-8 bytes (which is code point order), looked up by binary search."""

    def __init__(self, raw: bytes, header: dict[str, Any], start: int):
        count: int = header["count"]
        sizes: list[int] = header["sizes"]
        self.meta: dict[str, Any] = header["meta"]
        self._raw = raw
        self._count = count
        view = memoryview(raw)
        offsets = 4 * (count + 1)
        self._key_offsets = view[start:start + offsets].cast("I")
        self._value_offsets = view[start + offsets:start + 2 * offsets].cast("I")
        self._keys = start + 2 * offsets
        self._values = self._keys + sizes[0]

    def _key(self, position: int) -> bytes:
        offsets = self._key_offsets
        return self._raw[self._keys + offsets[position]:self._keys + offsets[position + 1]]

    def _lower_bound(self, key: bytes) -> int:
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            if self._key(middle) < key:
                low = middle + 1
            else:
                high = middle
        return low

    def _value(self, position: int) -> str:
        offsets = self._value_offsets
        return self._raw[self._values + offsets[position]:
                         self._values + offsets[position + 1]].decode("utf-8")

    def get_text(self, key: str) -> str | None:
        encoded = key.encode("utf-8")
        position = self._lower_bound(encoded)
        if position < self._count and self._key(position) == encoded:
            return self._value(position)
        return None

    def __getitem__(self, key: str) -> str:
        found = self.get_text(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get_text(key) is not None

    def has_prefix(self, prefix: str) -> bool:
        """Whether some key starts with `prefix` (the key itself included)."""
        encoded = prefix.encode("utf-8")
        position = self._lower_bound(encoded)
        return position < self._count and self._key(position).startswith(encoded)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return (self._key(i).decode("utf-8") for i in range(self._count))


@dataclass(frozen=True)
class TableSpec:
    """What a table is made from: `package`'s data `files` (relative to the package folder),
    by `build`, with the code in `modules` (this module is always part of the key)."""

    name: str
    package: str
    files: tuple[str, ...]
    modules: tuple[str, ...]
    build: Callable[[], tuple[dict[str, str], dict[str, Any]]]  # words, meta


def package_folder(package: str) -> Path | None:
    """Where an installed package lives, found without importing it."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def table_key(spec: TableSpec) -> str | None:
    """The key of a table as the installed packages and our code make it now; None when the
    package or a data file is not there."""
    folder = package_folder(spec.package)
    if folder is None:
        return None
    digest = hashlib.sha256()

    def feed(*parts: object) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
            digest.update(b"\0")

    feed("format", FORMAT, "table", spec.name, "python", sys.version_info[:2])
    # The installed version, from its metadata folder's name (reading the metadata itself
    # costs more than the whole lookup this module saves).
    feed(*sorted(p.name for p in folder.parent.glob(f"{spec.package}-*.*-info")))
    for name in spec.files:
        try:
            stat = (folder / name).stat()
        except OSError:
            return None
        feed(name, stat.st_size, stat.st_mtime_ns)
    for module in (__name__, *spec.modules):
        found = find_spec(module)
        origin = found.origin if found else None
        if origin is None:
            return None
        feed(module, Path(origin).read_bytes())
    return digest.hexdigest()[:32]


def open_table(spec: TableSpec, directory: Path | None = None) -> WordTable | None:
    """The table for `spec` from the cache directory, built there first if it is missing,
    stale or damaged. None with no usable cache directory: the caller uses the library."""
    if directory is None:
        directory = _cache_folder()
        if directory is None:
            return None
    key = table_key(spec)
    if key is None:
        return None
    path = directory / f"{spec.name}-{key}.words"
    table = read_table(path, key)
    if table is not None:
        return table
    words, meta = spec.build()
    raw = encode_table(words, meta, key=key)
    try:
        _write(path, raw)
    except OSError as error:
        # built already: used from memory this time, written by a later process that can
        log.info("word table %s not written (%s)", path, error)
        return decode_table(raw, key)
    _prune(directory, spec.name, keep=path)
    return decode_table(raw, key)


def _cache_folder() -> Path | None:
    from rightscreen.cache import default_cache_dir

    found = default_cache_dir()
    return None if found is None else found / FOLDER


def encode_table(words: Mapping[str, str], meta: dict[str, Any], *, key: str) -> bytes:
    """A table file's bytes: magic, header length, JSON header, then (4-byte aligned) the key
    offsets, the value offsets, the keys and the values."""
    from array import array

    pairs = sorted((k.encode("utf-8"), v.encode("utf-8")) for k, v in words.items())
    key_offsets, value_offsets = array("I", [0]), array("I", [0])
    for encoded, value in pairs:
        key_offsets.append(key_offsets[-1] + len(encoded))
        value_offsets.append(value_offsets[-1] + len(value))
    keys = b"".join(k for k, _ in pairs)
    values = b"".join(v for _, v in pairs)
    body = key_offsets.tobytes() + value_offsets.tobytes() + keys + values
    header = {"format": FORMAT, "key": key, "count": len(pairs), "byteorder": sys.byteorder,
              "sizes": [len(keys), len(values)], "crc32": zlib.crc32(body), "meta": meta}
    encoded_header = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    start = len(MAGIC) + _HEADER_SIZE + len(encoded_header)
    padding = b" " * (-start % 4)  # JSON ignores trailing spaces
    encoded_header += padding
    return (MAGIC + len(encoded_header).to_bytes(_HEADER_SIZE, "little") + encoded_header
            + body)


def read_table(path: Path, key: str) -> WordTable | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    table = decode_table(raw, key)
    if table is None:
        log.info("word table %s is stale or damaged: rebuilding it", path)
    return table


def decode_table(raw: bytes, key: str) -> WordTable | None:
    """The table in `raw`, or None unless magic, format, key, sizes and checksum all match."""
    if not raw.startswith(MAGIC):
        return None
    at = len(MAGIC)
    length = int.from_bytes(raw[at:at + _HEADER_SIZE], "little")
    start = at + _HEADER_SIZE + length
    try:
        header = json.loads(raw[at + _HEADER_SIZE:start].decode("utf-8"))
        count, sizes, checksum = header["count"], header["sizes"], header["crc32"]
        valid = (header["format"] == FORMAT and header["key"] == key
                 and header["byteorder"] == sys.byteorder and isinstance(header["meta"], dict)
                 and start % 4 == 0
                 and len(raw) == start + 8 * (count + 1) + sizes[0] + sizes[1]
                 and zlib.crc32(memoryview(raw)[start:]) == checksum)
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return WordTable(raw, header, start) if valid else None


def _write(path: Path, raw: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".words")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _prune(directory: Path, name: str, *, keep: Path) -> None:
    """Tables of the same name for other versions of a package or of our code: the newest
    few stay (two working copies may share a cache directory), the rest go."""
    others = []
    for old in directory.glob(f"{name}-*.words"):
        try:
            others.append((old.stat().st_mtime, old))
        except OSError:
            continue
    for _, old in sorted((o for o in others if o[1] != keep), reverse=True)[KEEP - 1:]:
        try:
            old.unlink(missing_ok=True)
        except OSError:  # another user's file in a shared folder: theirs to remove
            continue

