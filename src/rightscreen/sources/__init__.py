"""Restricted-party lists in their official formats, recognised from their content."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rightscreen.errors import InputError, ListFormatError
from rightscreen.model import ListSnapshot
from rightscreen.sources import csl, dod1260h, dpl, ftm, nsfreg, ofac, table, un
from rightscreen.tables import find_column, read_table

__all__ = ["LoadResult", "load_lists", "sniff_format"]


@dataclass(slots=True)
class LoadResult:
    snapshots: list[ListSnapshot] = field(default_factory=list)
    # Files in a folder that are in no list format; a single file in no format is an error.
    skipped: list[str] = field(default_factory=list)


def sniff_format(path: Path) -> str | None:
    """The format of one file, judged from its bytes (names are never trusted)."""
    part = ofac.sniff(path)
    if part:
        return f"{ofac.FORMAT}:{part}"
    for module in (csl, un, dpl, nsfreg, ftm, dod1260h):
        if module.sniff(path):
            return str(module.FORMAT)
    try:
        header = read_table(path).header
    except InputError:
        return None
    except Exception:  # noqa: BLE001 - any unreadable byte soup simply is not a table
        return None
    return table.FORMAT if find_column(header, "name") is not None else None


def load_lists(paths: list[Path]) -> LoadResult:
    """Read every list in the given files and folders (folders recursively)."""
    result = LoadResult()
    ofac_groups: dict[Path, list[ofac.Part]] = defaultdict(list)
    for given in paths:
        if not given.exists():
            raise InputError("list file or folder not found", path=str(given))
        files = sorted(p for p in given.rglob("*") if p.is_file()) if given.is_dir() else [given]
        for path in files:
            fmt = sniff_format(path)
            if fmt is None:
                if given.is_dir():
                    result.skipped.append(str(path))
                    continue
                raise ListFormatError("not a list in any format rightscreen reads", path=str(path))
            if fmt.startswith(ofac.FORMAT):
                kind = fmt.split(":", 1)[1]
                ofac_groups[path.parent].append(ofac.Part(kind, path))
                if not given.is_dir() and kind == "main":
                    _add_ofac_siblings(path, ofac_groups[path.parent])
                continue
            result.snapshots.extend(_read_one(fmt, path))
    for _, parts in sorted(ofac_groups.items()):
        unique = {p.path: p for p in parts}
        if not any(p.kind == "main" for p in unique.values()):
            result.skipped.extend(str(p.path) for p in unique.values())
            continue
        result.snapshots.append(ofac.read(sorted(unique.values(), key=lambda p: p.path.name)))
    return result


def _add_ofac_siblings(main: Path, parts: list[ofac.Part]) -> None:
    # A main file given alone still joins the add/alt/comments files beside it.
    for sibling in sorted(main.parent.iterdir()):
        if sibling != main and sibling.is_file():
            kind = ofac.sniff(sibling)
            if kind and kind != "main":
                parts.append(ofac.Part(kind, sibling))


def _read_one(fmt: str, path: Path) -> list[ListSnapshot]:
    if fmt == csl.FORMAT:
        return csl.read(path)
    readers = {un.FORMAT: un.read, dpl.FORMAT: dpl.read, nsfreg.FORMAT: nsfreg.read,
               ftm.FORMAT: ftm.read, dod1260h.FORMAT: dod1260h.read, table.FORMAT: table.read}
    return [readers[fmt](path)]
