"""List updates from their publishers: each known list fetched from its official address (or a
mirror), checked by our own readers before it replaces the version in use, every version kept
dated with its sha256.

A version becomes current only when every file of its feed arrived whole, none is an HTML page
where data was expected, the readers parse it into entities, and it has not lost more than
`MAX_SHRINK` of the entities of the version before (a download cut short can still parse).
Otherwise the previous version stays in use and the problem is reported."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rightscreen.data import load_yaml
from rightscreen.errors import RightscreenError
from rightscreen.safety import DEFAULT_LIMITS
from rightscreen.snapshot import Snapshot, load_snapshot
from rightscreen.sources import load_lists
from rightscreen.userdirs import user_data_dir

LISTS_ENV = "RIGHTSCREEN_LISTS"
MANIFEST = "manifest.json"
# A new version with fewer than this share of the previous version's entities is refused: no
# publisher halves a list overnight, but a cut-short download can.
MAX_SHRINK = 0.5
TIMEOUT_S = 120
USER_AGENT = "rightscreen list updater (+conditional requests)"


@dataclass(frozen=True, slots=True)
class Feed:
    id: str
    publisher: str
    source: str
    expect: str  # csv, xml, text
    files: dict[str, tuple[str, ...]]  # file name -> URLs, tried in order


@dataclass(slots=True)
class FeedUpdate:
    feed: str
    status: str  # updated, unchanged, failed
    version: str | None = None  # the version in use after the update
    sha256: str | None = None
    entities: int | None = None
    lists: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"feed": self.feed, "status": self.status, "version": self.version,
                "sha256": self.sha256, "entities": self.entities, "lists": self.lists,
                "problems": self.problems}


@dataclass(frozen=True, slots=True)
class Fetched:
    status: int  # 200, or 304 not modified
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


Fetcher = Callable[[str, dict[str, str]], Fetched]


def load_feeds() -> list[Feed]:
    data = load_yaml("list_feeds.yaml")
    return [Feed(feed_id, item["publisher"], item["source"], item["expect"],
                 {name: tuple(urls) for name, urls in item["files"].items()})
            for feed_id, item in data.items()]


def default_lists_dir() -> Path:
    return Path(os.environ.get(LISTS_ENV) or user_data_dir() / "lists")


def current_versions(into: Path) -> dict[str, Path]:
    """The folder of the version in use of each feed updated into `into`."""
    manifest = _read_manifest(into)
    return {feed: into / item["current"] for feed, item in sorted(manifest.items())
            if item.get("current")}


def update_lists(into: Path, *, mirror: str | None = None, feeds: list[str] | None = None,
                 fetch: Fetcher | None = None) -> list[FeedUpdate]:
    """Fetch every known list (or those named) into `into`; `mirror` is a folder or a base
    URL holding the same file names, for sites without internet access."""
    into.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(into)
    chosen = [f for f in load_feeds() if feeds is None or f.id in feeds]
    unknown = set(feeds or []) - {f.id for f in chosen}
    if unknown:
        raise RightscreenError(f"no such list feed: {', '.join(sorted(unknown))}; known: "
                               + ", ".join(f.id for f in load_feeds()))
    results = []
    for feed in chosen:
        entry = manifest.setdefault(feed.id, {"current": None, "versions": [], "http": {}})
        results.append(_update_feed(feed, entry, into, mirror, fetch or fetch_http))
        _write_manifest(into, manifest)
    return results


def _update_feed(feed: Feed, entry: dict[str, Any], into: Path, mirror: str | None,
                 fetch: Fetcher) -> FeedUpdate:
    result = FeedUpdate(feed.id, "failed", entry.get("current"))
    bodies: dict[str, bytes] = {}
    validators: dict[str, dict[str, str | None]] = {}
    for name, urls in feed.files.items():
        known = entry["http"].get(name, {}) if entry.get("current") else {}
        got = _fetch_one(name, _addresses(feed.id, name, urls, mirror), known, fetch,
                         feed.expect, result.problems)
        if got is None:
            return result
        if got.status == 304:
            bodies[name] = (into / entry["current"] / name).read_bytes()
        else:
            bodies[name] = got.body
        validators[name] = {"etag": got.etag, "last_modified": got.last_modified}
    digest = _digest(bodies)
    previous = entry["versions"][-1] if entry["versions"] else None
    if previous and previous["sha256"] == digest:
        entry["http"] = validators
        return _done(result, "unchanged", previous)
    return _install(feed, entry, into, bodies, digest, validators, previous, result)


def _install(feed: Feed, entry: dict[str, Any], into: Path, bodies: dict[str, bytes],
             digest: str, validators: dict[str, dict[str, str | None]],
             previous: dict[str, Any] | None, result: FeedUpdate) -> FeedUpdate:
    staging = Path(tempfile.mkdtemp(prefix=f".{feed.id}-", dir=into))
    try:
        for name, body in bodies.items():
            (staging / name).write_bytes(body)
        try:
            loaded = load_lists([staging])
        except RightscreenError as exc:
            result.problems.append(f"the new version does not parse: {exc}")
            return result
        entities = sum(len(s.entities) for s in loaded.snapshots)
        if not loaded.snapshots or entities == 0:
            result.problems.append("the new version holds no list entries")
            return result
        if previous and entities < previous["entities"] * (1 - MAX_SHRINK):
            result.problems.append(f"the new version has {entities} entries against "
                                   f"{previous['entities']} before: refused as cut short")
            return result
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
        name = f"{feed.id}/{stamp}-{digest[:12]}"
        (into / feed.id).mkdir(exist_ok=True)
        os.replace(staging, into / name)
        version = {"dir": name, "fetched_at": stamp, "sha256": digest, "entities": entities,
                   "lists": sorted({s.info.id for s in loaded.snapshots})}
        entry["versions"].append(version)
        entry["current"] = name
        entry["http"] = validators
        return _done(result, "updated", version)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _done(result: FeedUpdate, status: str, version: dict[str, Any]) -> FeedUpdate:
    result.status = status
    result.version = version["dir"]
    result.sha256 = version["sha256"]
    result.entities = version["entities"]
    result.lists = version["lists"]
    return result


def _addresses(feed_id: str, name: str, urls: tuple[str, ...], mirror: str | None,
               ) -> list[str]:
    if mirror is None:
        return list(urls)
    if "://" in mirror:
        return [mirror.rstrip("/") + "/" + name]
    folder = Path(mirror)
    nested = folder / feed_id / name
    return [str(nested if nested.exists() else folder / name)]


def _fetch_one(name: str, addresses: list[str], known: dict[str, str | None], fetch: Fetcher,
               expect: str, problems: list[str]) -> Fetched | None:
    # Imported here, as urllib in fetch_http: every command loads the lists from this module
    # (snapshot_with_updates), and only `lists update` goes on the network.
    import http.client

    for address in addresses:
        try:
            if "://" not in address:
                got = Fetched(200, Path(address).read_bytes())
            else:
                headers = {k: v for k, v in (("If-None-Match", known.get("etag")),
                                             ("If-Modified-Since", known.get("last_modified")))
                           if v}
                got = fetch(address, headers)
        except (OSError, ValueError, http.client.HTTPException) as exc:
            problems.append(f"{name}: {address}: {exc}")
            continue
        if got.status == 200:
            wrong = _wrong_content(got.body, expect)
            if wrong:
                problems.append(f"{name}: {address}: {wrong}")
                continue
        return got
    return None


def _wrong_content(body: bytes, expect: str) -> str | None:
    head = body[:512].lstrip().lower()
    if not body.strip():
        return "empty file"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]:
        return f"an HTML page where {expect} was expected"
    if expect == "xml" and not head.startswith((b"<?xml", b"<")):
        return "not XML"
    return None


def fetch_http(url: str, headers: dict[str, str]) -> Fetched:
    """GET with conditional headers; a 304 is `Fetched(304)`. A body shorter than its
    Content-Length raises ValueError or http.client.IncompleteRead."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            body = response.read(DEFAULT_LIMITS.max_file_bytes + 1)
            if len(body) > DEFAULT_LIMITS.max_file_bytes:
                raise ValueError(f"larger than {DEFAULT_LIMITS.max_file_bytes} bytes")
            length = response.headers.get("Content-Length")
            if length is not None and int(length) != len(body):
                raise ValueError(f"cut short: {len(body)} of {length} bytes")
            return Fetched(200, body, response.headers.get("ETag"),
                           response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304)
        raise


def _digest(bodies: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(bodies):
        digest.update(name.encode("utf-8") + b"\0" + bodies[name])
    return digest.hexdigest()


def _read_manifest(into: Path) -> dict[str, Any]:
    path = into / MANIFEST
    if not path.exists():
        return {}
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise RightscreenError(f"{path}: unreadable list manifest: {exc}") from exc
    return data


def _write_manifest(into: Path, manifest: dict[str, Any]) -> None:
    # Written whole and renamed into place: a crash leaves the old manifest or the new one.
    tmp = into / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    os.replace(tmp, into / MANIFEST)


def snapshot_with_updates(lists_dir: Path | None = None, *, cache_dir: Path | None = None,
                          use_cache: bool = True) -> Snapshot:
    """The built-in lists, each replaced by its newest fetched version where `lists update`
    has fetched one; the built-in snapshot alone when nothing was fetched (the offline
    default)."""
    current = current_versions(lists_dir or default_lists_dir())  # {} when nothing fetched
    builtin = load_snapshot(None, cache_dir=cache_dir, use_cache=use_cache)
    if not current:
        return builtin
    updated = load_snapshot(sorted(current.values()), cache_dir=cache_dir, use_cache=use_cache)
    replaced = {info.id for info in updated.infos}
    kept = [lst for lst in builtin.lists if lst.info.id not in replaced]
    return builtin.combine(kept + updated.lists, updated.skipped, updated.reasons, updated)
