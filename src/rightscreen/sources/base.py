"""What every list reader shares: versions, checksums, titles and dates."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rightscreen.data import load_yaml
from rightscreen.model import Entity, ListInfo, ListSnapshot, RowProblem

_PATH_DATE = re.compile(r"(\d{4})[-_]?(\d{2})(?:[-_]?(\d{2}))?")


@cache
def list_titles() -> dict[str, str]:
    data = load_yaml("lists.yaml")
    return {str(k): str(v) for k, v in data.items()}


def sha256_of(paths: Iterable[Path]) -> str:
    """One checksum over the files of a list version, in name order, so it is reproducible."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def date_from_path(path: Path) -> str | None:
    """A version date written in a folder or file name (`sdn-2024-05-03`), if there is one."""
    for part in (path.name, path.parent.name):
        match = _PATH_DATE.search(part)
        if match and 1990 <= int(match.group(1)) <= 2100 and 1 <= int(match.group(2)) <= 12:
            day = match.group(3)
            return f"{match.group(1)}-{match.group(2)}" + (f"-{day}" if day else "")
    return None


def make_snapshot(
    *,
    list_id: str,
    entities: list[Entity],
    files: list[Path],
    fmt: str,
    date: str | None,
    problems: list[RowProblem] | None = None,
    title: str | None = None,
    sha256: str | None = None,
) -> ListSnapshot:
    info = ListInfo(
        id=list_id,
        title=title or list_titles().get(list_id, list_id),
        date=date,
        sha256=sha256 or sha256_of(files),
        entities=len(entities),
        files=tuple(sorted(p.name for p in files)),
        format=fmt,
    )
    return ListSnapshot(info=info, entities=entities, problems=problems or [])


def clean(value: str | None) -> str | None:
    """Empty-like cells (OFAC writes `-0-`) to None, others stripped."""
    if value is None:
        return None
    value = value.strip()
    if not value or value == "-0-":
        return None
    return value


def split_multi(value: str | None, sep: str = ";") -> list[str]:
    if not value:
        return []
    return [part.strip() for part in value.split(sep) if part.strip()]


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_DMY = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$")
_MDY_TEXT = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: str | None) -> str | None:
    """Dates as lists write them (`03 Jun 2021`, `June 21, 2022`, `06/19/2003`) to ISO 8601."""
    if not value:
        return None
    value = value.strip()
    if m := _ISO.match(value):
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    if (m := _DMY.match(value)) and m.group(2).lower() in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    if (m := _MDY_TEXT.match(value)) and m.group(1).lower() in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
    if m := _MDY.match(value):
        return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    return value
