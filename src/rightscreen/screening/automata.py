"""What document screening searches a page with: every listed name worth searching, each with
the firm a finding names, and the red-flag lexicon; built from a snapshot (analysing 40,000
names takes seconds), or read back from the document cache when the snapshot's lists were.

The cache is a faster way to build the same automata, never a second source of truth. A file
is named by a key over the snapshot's own warm-start key (its lists, the packaged data, the
code and libraries that shape them), the source of every module the automata are built with,
and the version of the English word list; it is written with `rightscreen.cache.pack` (magic,
key, kind and sha256) and used only when all of them match and it decodes: otherwise it is
built again and rewritten. It holds JSON only; the Aho-Corasick automata are made again from
it (a tenth of a second), since pyahocorasick's own file formats are pickle or native code
reading raw bytes, and nothing in a cache directory may run code when loaded.

Where: folder `documents/` of the snapshot's warm-start cache directory (lists merged from the
built-in snapshot and `lists update` have a key of both, `Snapshot.combine`); a snapshot read
or written without the cache (`--no-cache`, `RIGHTSCREEN_CACHE=off`) builds its automata every
time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rightscreen
from rightscreen.cache import CacheError, pack, shaping_sources, unpack
from rightscreen.matching.forms import no_collection
from rightscreen.model import Entity
from rightscreen.names.chinese import has_han
from rightscreen.screening.mentions import MentionFinder, Pattern, build_patterns
from rightscreen.screening.redflags import (
    Lexicon,
    Negation,
    RedFlagTerm,
    build_lexicon,
    load_lexicon,
)
from rightscreen.screening.short_names import ShortName, ShortNames, load_short_names

if TYPE_CHECKING:
    from rightscreen.snapshot import Snapshot

# Bumped when the layout of a file changes.
FORMAT = 1
KIND = "documents"
FOLDER = "documents"
SUFFIX = ".documents"
# Files kept: one per version of the lists and of the code; the least recently used go.
KEEP = 8
TEMPORARY = ".tmp-"
# Libraries whose version changes which names are searched.
LIBRARIES = ("english-words",)


@dataclass(frozen=True, slots=True)
class Target:
    """The firm a finding of a name points to: the first entity the name belongs to, and the
    lists of every entity that carries it or stands for the same curated firm."""

    name: str
    entity_id: str
    lists: tuple[str, ...]
    english: str  # the entity's first name in Latin script: the gloss of a Chinese mention


@dataclass(slots=True)
class DocumentAutomata:
    finder: MentionFinder
    lexicon: Lexicon
    targets: dict[str, Target]  # by pattern text


def build_automata(entities: list[Entity], rarity: Callable[[str], float],
                   lexicon: Lexicon | None = None,
                   short_names: ShortNames | None = None) -> DocumentAutomata:
    short_names = short_names or load_short_names()
    patterns, skipped = build_patterns(entities, rarity, short_names)
    finder = MentionFinder.from_patterns(patterns, short_names, skipped)
    return DocumentAutomata(finder, lexicon or load_lexicon(), targets(entities, patterns))


def targets(entities: list[Entity], patterns: dict[str, Pattern]) -> dict[str, Target]:
    by_subject: dict[str, list[int]] = {}
    for position, entity in enumerate(entities):
        if entity.subject:
            by_subject.setdefault(entity.subject, []).append(position)
    found: dict[str, Target] = {}
    for key, pattern in patterns.items():
        positions = list(pattern.entities)
        for position in list(positions):
            subject = entities[position].subject
            if subject:
                positions.extend(p for p in by_subject[subject] if p not in positions)
        first = entities[positions[0]]
        lists = tuple(sorted({lst for p in positions for lst in entities[p].lists}))
        found[key] = Target(first.name, first.id, lists, _english_name(first))
    return found


def _english_name(entity: Entity) -> str:
    for name in entity.names:
        if not has_han(name.value):
            return name.value
    return entity.name


def snapshot_automata(snapshot: Snapshot) -> DocumentAutomata:
    """The automata of a snapshot's entities: from the document cache when the snapshot came
    through the warm-start cache and a file for it is there, else built (and written)."""
    where = _warm_cache_of(snapshot)
    if where is None:
        return _build_for(snapshot)
    directory, snapshot_key = where
    key = automata_key(snapshot_key)
    found = read_automata(directory, key)
    if found is not None:
        return found
    automata = _build_for(snapshot)
    write_automata(directory, key, automata)
    return automata


def _warm_cache_of(snapshot: Snapshot) -> tuple[Path, str] | None:
    where = snapshot.warm_cache
    return None if where is None else (where[0] / FOLDER, where[1])


def _build_for(snapshot: Snapshot) -> DocumentAutomata:
    entities = snapshot.entities
    return build_automata(entities, snapshot.name_index().rarity)


def automata_key(snapshot_key: str) -> str:
    digest = hashlib.sha256()
    package = Path(rightscreen.__file__).parent
    parts: list[object] = ["format", FORMAT, "snapshot", snapshot_key]
    for source in shaping_sources(package, "rightscreen.screening.automata"):
        parts += [source.relative_to(package).as_posix(), hashlib.sha256(
            source.read_bytes()).hexdigest()]
    for library in LIBRARIES:
        parts += [library, _version(library)]
    for part in parts:
        digest.update(str(part).encode("utf-8") + b"\0")
    return digest.hexdigest()


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


def read_automata(directory: Path, key: str) -> DocumentAutomata | None:
    """The automata of the file for `key`; None when there is none, or it is stale, damaged
    or does not decode."""
    path = directory / f"{key}{SUFFIX}"
    try:
        parts = unpack(path.read_bytes(), key=key, kind=KIND)
        with no_collection():  # 40,000 patterns made at once: no collection pass needed
            automata = decode(parts)
        os.utime(path)  # recently used: kept when older keys are pruned
    except (OSError, CacheError, KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
    return automata


def write_automata(directory: Path, key: str, automata: DocumentAutomata) -> None:
    # Written aside and renamed: a reader sees the old file or the new one. A cache that cannot
    # be written is only a slower start.
    temporary: str | None = None
    try:
        raw = pack(encode(automata), key=key, kind=KIND)
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=TEMPORARY, delete=False) as fh:
            temporary = fh.name
            fh.write(raw)
        os.replace(temporary, directory / f"{key}{SUFFIX}")
        temporary = None
        _prune(directory)
    except (OSError, TypeError, ValueError):
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _prune(directory: Path) -> None:
    now = time.time()
    for left in directory.glob(TEMPORARY + "*"):
        if now - left.stat().st_mtime > 3600:  # a writer that died: nobody will rename it
            left.unlink(missing_ok=True)
    files = sorted(directory.glob("*" + SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in files[KEEP:]:
        stale.unlink(missing_ok=True)


def encode(automata: DocumentAutomata) -> dict[str, bytes]:
    finder, lexicon = automata.finder, automata.lexicon
    short_names = finder.short_names
    short_index = {id(short): i for i, short in enumerate(short_names.names)}
    target_index: dict[Target, int] = {}
    patterns: list[list[Any]] = []
    for key, pattern in finder.patterns.items():
        short: int | dict[str, Any] | None = None
        if pattern.short is not None:
            short = short_index.get(id(pattern.short))
            if short is None:
                short = asdict(pattern.short)
        target = target_index.setdefault(automata.targets[key], len(target_index))
        patterns.append([key, pattern.name, pattern.entities, pattern.proper, short, target])
    return {
        "lexicon": _json({"sources": lexicon.sources,
                          "terms": [asdict(term) for term in lexicon.terms],
                          "negation": asdict(lexicon.negation) if lexicon.negation else None}),
        "short_names": _json(asdict(short_names)),
        "targets": _json([[t.name, t.entity_id, t.lists, t.english] for t in target_index]),
        "patterns": _json({"skipped": finder.skipped, "patterns": patterns}),
    }


def decode(parts: dict[str, bytes]) -> DocumentAutomata:
    raw_lexicon = json.loads(parts["lexicon"])
    negation = raw_lexicon["negation"]
    lexicon = build_lexicon({str(k): str(v) for k, v in raw_lexicon["sources"].items()},
                            [_term(t) for t in raw_lexicon["terms"]],
                            None if negation is None else Negation(**_tuples(negation)))
    raw_short = json.loads(parts["short_names"])
    short_names = ShortNames(
        {str(k): str(v) for k, v in raw_short["sources"].items()},
        tuple(_short_name(s) for s in raw_short["names"]),
        tuple(str(w) for w in raw_short["product_words"]),
        tuple(str(w) for w in raw_short["column_labels"]), str(raw_short["separators"]))
    found_targets = [Target(name, entity_id, tuple(lists), english)
                     for name, entity_id, lists, english in json.loads(parts["targets"])]
    raw_patterns = json.loads(parts["patterns"])
    patterns: dict[str, Pattern] = {}
    by_text: dict[str, Target] = {}
    # The file's checksum was checked: its values are those written, and are not converted one
    # by one (40,000 patterns).
    for key, name, entities, proper, short, target in raw_patterns["patterns"]:
        if isinstance(short, int):
            shortname: ShortName | None = short_names.names[short]
        else:
            shortname = None if short is None else _short_name(short)
        patterns[key] = Pattern(key, name, entities, proper, shortname)
        by_text[key] = found_targets[target]
    finder = MentionFinder.from_patterns(patterns, short_names, int(raw_patterns["skipped"]))
    return DocumentAutomata(finder, lexicon, by_text)


def _term(data: dict[str, Any]) -> RedFlagTerm:
    return RedFlagTerm(**_tuples(data))


def _short_name(data: dict[str, Any]) -> ShortName:
    return ShortName(**_tuples(data))


def _tuples(data: dict[str, Any]) -> dict[str, Any]:
    # The dataclasses keep sequences as tuples; JSON gives lists back.
    return {str(k): tuple(v) if isinstance(v, list) else v for k, v in data.items()}


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
