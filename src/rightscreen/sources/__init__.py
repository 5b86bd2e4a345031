"""Restricted-party lists in their official formats, recognised from their content."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rightscreen.errors import InputError, ListFormatError
from rightscreen.model import ListSnapshot
from rightscreen.safety import DEFAULT_LIMITS, Limits, sniff_content
from rightscreen.sources import csl, dod1260h, dpl, ftm, nsfreg, ofac, table, un
from rightscreen.sources.guard import TEXT_OR_ZIP, check_file
from rightscreen.tables import find_column, read_table

__all__ = ["LoadResult", "load_lists", "sniff_format"]


NO_FORMAT = "no list format"


@dataclass(slots=True)
class LoadResult:
    snapshots: list[ListSnapshot] = field(default_factory=list)
    # Files in a folder passed over; a single file given alone is an error instead.
    skipped: list[str] = field(default_factory=list)
    # Why each was passed over: in no list format, refused for its size or for what its bytes
    # are (an executable, an image...), an OFAC part without its main file.
    reasons: dict[str, str] = field(default_factory=dict)


def sniff_format(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """The format of one file, judged from its bytes (names are never trusted). None for a
    file that is no list: in no format we read, foreign content, or too large to open."""
    try:
        with path.open("rb") as fh:
            kind, _ = sniff_content(fh.read(64))
        if kind not in TEXT_OR_ZIP or path.stat().st_size > limits.max_file_bytes:
            return None
        part = ofac.sniff(path)
        if part:
            return f"{ofac.FORMAT}:{part}"
        for module in (csl, un, dpl, nsfreg, ftm, dod1260h):
            if module.sniff(path):
                return str(module.FORMAT)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    except Exception:  # noqa: BLE001 - bytes a sniff trips over are in no format it knows
        return None
    try:
        header = read_table(path).header
    except InputError:
        return None
    except Exception:  # noqa: BLE001 - any unreadable byte soup simply is not a table
        return None
    return table.FORMAT if find_column(header, "name") is not None else None


def load_lists(paths: list[Path], *, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Read every list in the given files and folders (folders recursively).

    A file given by name that cannot be a list (too large, an executable, an image, an OLE
    container, a compressed archive) is refused with `FileRefused`; in a folder it is skipped
    and the reason kept in `LoadResult.reasons`."""
    result = LoadResult()
    ofac_groups: dict[Path, list[ofac.Part]] = defaultdict(list)
    for given in paths:
        if not given.exists():
            raise InputError("list file or folder not found", path=str(given))
        files = sorted(p for p in given.rglob("*") if p.is_file()) if given.is_dir() else [given]
        for path in files:
            try:
                check_file(path, limits=limits, expected="a list", allowed=TEXT_OR_ZIP)
                fmt = sniff_format(path, limits=limits)
            except InputError as exc:
                if not given.is_dir():
                    raise
                result.skipped.append(str(path))
                result.reasons[str(path)] = exc.reason
                continue
            if fmt is None:
                if given.is_dir():
                    result.skipped.append(str(path))
                    result.reasons[str(path)] = NO_FORMAT
                    continue
                raise ListFormatError("not a list in any format rightscreen reads", path=str(path))
            if fmt.startswith(ofac.FORMAT):
                kind = fmt.split(":", 1)[1]
                ofac_groups[path.parent].append(ofac.Part(kind, path))
                if not given.is_dir() and kind == "main":
                    _add_ofac_siblings(path, ofac_groups[path.parent])
                continue
            result.snapshots.extend(_read_one(fmt, path, limits))
    for _, parts in sorted(ofac_groups.items()):
        unique = {p.path: p for p in parts}
        if not any(p.kind == "main" for p in unique.values()):
            for part in unique.values():
                result.skipped.append(str(part.path))
                result.reasons[str(part.path)] = "an OFAC part file without its main file"
            continue
        ordered = sorted(unique.values(), key=lambda p: p.path.name)
        result.snapshots.append(ofac.read(ordered, limits=limits))
    return result


def _add_ofac_siblings(main: Path, parts: list[ofac.Part]) -> None:
    # A main file given alone still joins the add/alt/comments files beside it; a sibling that
    # cannot even be opened is no part of the set.
    for sibling in sorted(main.parent.iterdir()):
        if sibling != main and sibling.is_file():
            try:
                kind = ofac.sniff(sibling)
            except OSError:
                continue
            if kind and kind != "main":
                parts.append(ofac.Part(kind, sibling))


def _read_one(fmt: str, path: Path, limits: Limits) -> list[ListSnapshot]:
    if fmt == csl.FORMAT:
        return csl.read(path, limits=limits)
    readers = {un.FORMAT: un.read, dpl.FORMAT: dpl.read, nsfreg.FORMAT: nsfreg.read,
               ftm.FORMAT: ftm.read, dod1260h.FORMAT: dod1260h.read, table.FORMAT: table.read}
    return [readers[fmt](path, limits=limits)]
