"""Shipping the built index to executors, and loading it there once per Python worker.

What travels is the warm-start cache's pair of files (`<key>.snapshot`, `<key>.index`: JSON and
flat number arrays, checksummed, read back without running code), added to the job with
`SparkContext.addFile` so that each executor fetches them once. A broadcast of pickled objects
would be the other way, and a worse one: the index holds memoryviews that do not pickle at all,
its entities and arrays pickle to about as many bytes as the files (13.6 MB against 15.7 MB for
the built-in lists) but cost a second of pickling on the driver, and unpickling can run code
where these files cannot. The files are usually there already, written by the cache.

The key is the cache's own: a hash over the lists' content, the packaged data, the code that
reads and indexes them and the analysers' versions. A worker keeps the screener of each key it
has loaded, so every later task on that worker starts at once."""

from __future__ import annotations

import hashlib
import importlib
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import rightscreen
from rightscreen.cache import WarmCache, cache_key, default_cache_dir, shaping_sources
from rightscreen.errors import RightscreenError
from rightscreen.matching.screener import Screener
from rightscreen.model import ListInfo
from rightscreen.snapshot import load_snapshot

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

INSTALL_HINT = "pip install 'rightscreen[spark]'"
# Screeners a worker keeps: a job screens against one index; two cover a driver that ships a
# new version of the lists while tasks of the old one still run.
KEPT = 2
_SCREENERS: dict[str, Screener] = {}
# Indexes shipped from this driver, by Spark application and key: a file name is added to a
# job once (Spark refuses the same name from another path).
_SHIPPED: dict[tuple[str, str], ShippedIndex] = {}


def require_pyspark() -> None:
    """Raise a RightscreenError that says how to install the extra when pyspark (or the pandas
    and pyarrow that mapInPandas needs) cannot be imported."""
    try:
        for module in ("pyspark", "pandas", "pyarrow"):
            importlib.import_module(module)
    except ImportError as exc:
        raise RightscreenError(
            f"the Spark engine needs pyspark, pandas and pyarrow ({exc}); "
            f"install them with: {INSTALL_HINT}") from exc


@dataclass(frozen=True, slots=True)
class ShippedIndex:
    """An index added to a Spark job: what a task needs to find and check it on an executor,
    and what shipping it cost on the driver."""

    key: str
    code: str  # digest of the code that builds and uses the index; executors must agree
    files: tuple[str, str]  # base names, as SparkFiles.get knows them
    infos: tuple[ListInfo, ...]
    bytes: int
    prepare_seconds: float  # lists loaded and indexed (or read from the cache), files ready


def code_digest() -> str:
    """A digest of the installed rightscreen code that reads, indexes and screens: an executor
    with other code would give other hits, so it refuses to screen."""
    package = Path(rightscreen.__file__).parent
    sources = set(shaping_sources(package))
    sources.update(shaping_sources(package, root="rightscreen.matching.screener"))
    digest = hashlib.sha256(rightscreen.__version__.encode())
    for source in sorted(sources):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(hashlib.sha256(source.read_bytes()).digest())
    return digest.hexdigest()


def ship_index(spark: SparkSession, list_paths: list[Path] | None = None) -> ShippedIndex:
    """Load the lists (the built-in snapshot when none are given) and their index on the driver,
    from the warm-start cache when it holds them, and add the cache files to the job."""
    require_pyspark()
    started = time.perf_counter()
    key = cache_key(list_paths, supplement=True)
    shipped = _SHIPPED.get((spark.sparkContext.applicationId, key))
    if shipped is not None:
        return shipped
    snapshot = load_snapshot(list_paths)
    index = snapshot.name_index()
    directory = default_cache_dir()
    if directory is None or not _has_pair(directory, key):
        # The cache is off or could not be written: the same files, made for this job only.
        directory = Path(tempfile.mkdtemp(prefix="rightscreen-spark-"))
        cache = WarmCache(directory)
        cache.write_lists(key, snapshot.lists, snapshot.skipped)
        cache.write_index(key, index)
        if not _has_pair(directory, key):
            raise RightscreenError(f"could not write the index to ship in {directory}")
    paths = (directory / f"{key}.snapshot", directory / f"{key}.index")
    for path in paths:
        spark.sparkContext.addFile(str(path))
    shipped = ShippedIndex(key=key, code=code_digest(), files=(paths[0].name, paths[1].name),
                           infos=tuple(snapshot.infos),
                           bytes=sum(p.stat().st_size for p in paths),
                           prepare_seconds=time.perf_counter() - started)
    _SHIPPED[(spark.sparkContext.applicationId, key)] = shipped
    return shipped


def _has_pair(directory: Path, key: str) -> bool:
    return all((directory / f"{key}.{kind}").is_file() for kind in ("snapshot", "index"))


def worker_screener(shipped: ShippedIndex) -> Screener:
    """The screener of a shipped index in this Python worker: loaded from the job's files on
    first use, kept for every later batch and task."""
    found = _SCREENERS.get(shipped.key)
    if found is not None:
        return found
    if code_digest() != shipped.code:
        raise RightscreenError("this executor runs another rightscreen than the driver: "
                               "install the same version everywhere")
    from pyspark import SparkFiles

    directory = Path(SparkFiles.get(shipped.files[0])).parent
    cache = WarmCache(directory)
    cached = cache.read_lists(shipped.key)
    if cached is None:
        raise RightscreenError(f"the shipped lists are missing or damaged in {directory}")
    entities = [e for lst in cached.lists() for e in lst.entities]
    index = cache.read_index(shipped.key, entities)
    if index is None:
        raise RightscreenError(f"the shipped index is missing or damaged in {directory}")
    if len(_SCREENERS) >= KEPT:
        _SCREENERS.clear()
    screener = _SCREENERS[shipped.key] = Screener(entities, index=index)
    return screener
