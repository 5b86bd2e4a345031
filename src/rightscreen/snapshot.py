"""A snapshot: the entities of several lists with each list's version. The built-in one ships
inside the package, so rightscreen screens offline from its first command."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import yaml

from rightscreen.errors import SnapshotError
from rightscreen.matching.index import WORD_STATS, count_spellings
from rightscreen.model import Entity, ListInfo, ListSnapshot, RowProblem
from rightscreen.names.analyze import analyze
from rightscreen.sources import load_lists
from rightscreen.supplement import enrich

SNAPSHOT_FORMAT = 1
BUILTIN = "snapshot.json.gz"


@dataclass(slots=True)
class Snapshot:
    lists: list[ListSnapshot]
    skipped: list[str] = field(default_factory=list)

    @property
    def entities(self) -> list[Entity]:
        return [e for lst in self.lists for e in lst.entities]

    @property
    def infos(self) -> list[ListInfo]:
        return [lst.info for lst in self.lists]

    @property
    def problems(self) -> list[RowProblem]:
        return [p for lst in self.lists for p in lst.problems]


def load_snapshot(paths: list[Path] | None = None, *, supplement: bool = True) -> Snapshot:
    """The lists in `paths` (files or folders), or the built-in snapshot when none are given;
    enriched by the curated supplement unless told not to."""
    if paths:
        result = load_lists(paths)
        snapshot = Snapshot(result.snapshots, result.skipped)
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
        data = resources.files("rightscreen.data").joinpath("snapshot_sources.yaml")
        manifest = yaml.safe_load(data.read_text("utf-8"))
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
