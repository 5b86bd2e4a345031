"""A snapshot: the entities of several lists with each list's version. The built-in one ships
inside the package, so rightscreen screens offline from its first command."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from pathlib import Path

from rightscreen.cache import CachedLists, CacheError, WarmCache, cache_key, default_cache_dir
from rightscreen.data import WORD_STATS, load_yaml
from rightscreen.errors import SnapshotError
from rightscreen.matching.forms import no_collection
from rightscreen.matching.index import NameIndex, count_spellings
from rightscreen.model import Entity, ListInfo, ListSnapshot, RowProblem
from rightscreen.names.analyze import analyze
from rightscreen.sources import NO_FORMAT, load_lists
from rightscreen.supplement import enrich

SNAPSHOT_FORMAT = 1
BUILTIN = "snapshot.json.gz"


class Snapshot:
    """The lists loaded, each with its version, entities and problems; and the files skipped.

    From the warm-start cache, the versions come at once and the entities on first use, and the
    name index is read back rather than built (`name_index`)."""

    def __init__(self, lists: list[ListSnapshot] | None = None,
                 skipped: list[str] | None = None, reasons: dict[str, str] | None = None):
        self._lists = lists if lists is not None else []
        self.skipped = skipped if skipped is not None else []
        # Why each skipped file was passed over (sources.LoadResult.reasons).
        self.reasons = reasons if reasons is not None else {}
        self._cached: CachedLists | None = None
        self._cache: WarmCache | None = None
        self._key = ""
        self._index: NameIndex | None = None
        self._rebuild: Callable[[], Snapshot] = lambda: self

    @classmethod
    def from_cache(cls, cached: CachedLists, cache: WarmCache, key: str,
                   rebuild: Callable[[], Snapshot]) -> Snapshot:
        snapshot = cls(skipped=cached.skipped, reasons=cached.reasons)
        snapshot._cached = cached
        snapshot._rebuild = rebuild
        snapshot._remember(cache, key)
        return snapshot

    def skip_reason(self, path: str) -> str:
        return self.reasons.get(path, NO_FORMAT)

    def _remember(self, cache: WarmCache, key: str) -> None:
        self._cache, self._key = cache, key

    @property
    def warm_cache(self) -> tuple[Path, str] | None:
        """The warm-start cache folder and this snapshot's key in it, when it has one: what
        other caches derived from the same lists (the document automata) are keyed by."""
        if self._cache is None or not self._key:
            return None
        return self._cache.directory, self._key

    def combine(self, others: list[ListSnapshot], skipped: list[str],
                reasons: dict[str, str], other: Snapshot) -> Snapshot:
        """A snapshot of `others` (lists taken from this one and from `other`), cached under a
        key made of both snapshots' keys when both have one."""
        merged = Snapshot(others, skipped, reasons)
        mine, theirs = self.warm_cache, other.warm_cache
        if mine is not None and theirs is not None and self._cache is not None:
            digest = hashlib.sha256(f"{mine[1]}+{theirs[1]}".encode("ascii")).hexdigest()
            merged._remember(self._cache, digest)
        return merged

    @property
    def lists(self) -> list[ListSnapshot]:
        if self._cached is not None:
            try:
                self._lists = self._cached.lists()
            except (CacheError, KeyError, TypeError, ValueError):
                # a checksummed file that still does not decode: rebuilt, never half-trusted
                fresh = self._rebuild()
                self._lists, self.skipped = fresh.lists, fresh.skipped
                self.reasons = fresh.reasons
                if self._cache is not None:
                    self._cache.write_lists(self._key, self._lists, self.skipped, self.reasons)
            self._cached = None
        return self._lists

    @property
    def entities(self) -> list[Entity]:
        return [e for lst in self.lists for e in lst.entities]

    @property
    def infos(self) -> list[ListInfo]:
        if self._cached is not None:
            return list(self._cached.infos)
        return [lst.info for lst in self._lists]

    @property
    def problems(self) -> list[RowProblem]:
        if self._cached is not None:
            return [p for problems in self._cached.problems for p in problems]
        return [p for lst in self._lists for p in lst.problems]

    def name_index(self) -> NameIndex:
        """The name index of these entities: from the cache when it holds one for the same
        inputs, else built (and cached). Build a Screener on it with
        `Screener(snapshot.entities, index=snapshot.name_index())`. Entities changed after
        loading are not seen by a cached index: change them before the first call."""
        if self._index is None:
            entities = self.entities
            index = self._cache.read_index(self._key, entities) if self._cache else None
            if index is None:
                index = NameIndex(entities)
                if self._cache is not None:
                    self._cache.write_index(self._key, index)
            self._index = index
        return self._index


def load_snapshot(paths: list[Path] | None = None, *, supplement: bool = True,
                  cache_dir: Path | None = None, use_cache: bool = True) -> Snapshot:
    """The lists in `paths` (files or folders), or the built-in snapshot when none are given;
    enriched by the curated supplement unless told not to.

    With `use_cache`, the result is read from the warm-start cache in `cache_dir` (default:
    `cache.default_cache_dir()`, which honours RIGHTSCREEN_CACHE and XDG_CACHE_HOME) when it
    holds one made from the same inputs, and written there otherwise. With or without it, the
    same inputs give the same snapshot and the same hits."""
    directory = (cache_dir or default_cache_dir()) if use_cache else None
    cache = WarmCache(directory) if directory is not None else None
    key = cache_key(paths, supplement=supplement) if cache is not None else ""
    if cache is not None:
        cached = cache.read_lists(key)
        if cached is not None:
            return Snapshot.from_cache(cached, cache, key,
                                       lambda: _load_uncached(paths, supplement))
    snapshot = _load_uncached(paths, supplement)
    if cache is not None:
        cache.write_lists(key, snapshot.lists, snapshot.skipped, snapshot.reasons)
        snapshot._remember(cache, key)
    return snapshot


def _load_uncached(paths: list[Path] | None, supplement: bool) -> Snapshot:
    with no_collection():  # tens of thousands of entities made at once
        if paths:
            result = load_lists(paths)
            snapshot = Snapshot(result.snapshots, result.skipped, result.reasons)
        else:
            snapshot = read_snapshot_file(None)
        if supplement:
            enrich(snapshot.entities)
    return snapshot


def read_snapshot_file(path: Path | None) -> Snapshot:
    """Read a snapshot file; None reads the built-in one shipped in the package."""
    try:
        if path is None:
            raw = resources.files("rightscreen.data").joinpath(BUILTIN).read_bytes()
        else:
            raw = path.read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise SnapshotError(f"snapshot not found ({exc}); run `make snapshot`") from exc
    data = json.loads(gzip.decompress(raw))
    if data.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError(f"snapshot format {data.get('format')} is not {SNAPSHOT_FORMAT}")
    lists = []
    for item in data["lists"]:
        entities = [Entity.from_dict(e) for e in item["entities"]]
        digest = _entities_digest(item["entities"])
        if digest != item["entities_sha256"]:
            raise SnapshotError(f"list {item['info']['id']} does not match its checksum")
        lists.append(ListSnapshot(ListInfo.from_dict(item["info"]), entities))
    return Snapshot(lists)


def build_snapshot(root: Path, out: Path,
                   manifest: list[str | dict[str, str]] | None = None) -> Snapshot:
    """Read the official files named in the manifest under `root` and write a snapshot file.
    The output is byte-for-byte reproducible: sorted keys and a zero gzip timestamp."""
    if manifest is None:
        manifest = load_yaml("snapshot_sources.yaml")
    lists: list[ListSnapshot] = []
    for item in manifest:
        relative, date = (item, None) if isinstance(item, str) else (item["path"], item["date"])
        for lst in load_lists([root / relative]).snapshots:
            if date and not lst.info.date:
                lst.info = replace(lst.info, date=str(date))
            lists.append(lst)
    payload = {"format": SNAPSHOT_FORMAT, "lists": []}
    for lst in lists:
        entities = [e.to_dict() for e in lst.entities]
        payload["lists"].append({  # type: ignore[attr-defined]
            "info": lst.info.to_dict(),
            "entities": entities,
            "entities_sha256": _entities_digest(entities),
            "problems": [p.to_dict() for p in lst.problems],
        })
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write(body.encode("utf-8"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    snapshot = Snapshot(lists)
    write_word_stats(snapshot, out.with_name(WORD_STATS))
    return snapshot


def write_word_stats(snapshot: Snapshot, out: Path) -> None:
    """How common each word is across the enriched lists: short user lists borrow these
    counts so that a score means the same on them as on the built-in lists."""
    entities = [Entity.from_dict(e.to_dict()) for e in snapshot.entities]  # enrich a copy
    enrich(entities)
    counts, n = count_spellings(analyze(name.value).words for e in entities for name in e.names)
    body = json.dumps({"distinct_names": n, "counts": counts}, sort_keys=True,
                      separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write(body.encode("utf-8"))
    out.write_bytes(buffer.getvalue())


def _entities_digest(entities: list[dict[str, object]]) -> str:
    body = json.dumps(entities, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
