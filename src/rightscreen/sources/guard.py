"""The guard every list reader stands behind: a broken or hostile file ends as our own error
naming the file (`ListFormatError`, `FileRefused`), a broken row as a `RowProblem`, and never as
whatever a third-party parser happened to raise.

Readers check the file before reading it (size, and what its bytes say it is), read CSV through
`safety.csv_records` so that one oversized or malformed record is one problem, and run their
whole body inside `guard()`, the backstop for anything the checks did not foresee.
"""

from __future__ import annotations

import io
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rightscreen.errors import FileRefused, InputError, ListFormatError, RightscreenError
from rightscreen.model import RowProblem
from rightscreen.safety import ContentKind, Limits, csv_records, refuse_foreign
from rightscreen.textio import DecodedText, read_text

# Where the csv module ends a record outside quotes, and where JSON lines end (JSON escapes
# both inside a string). str.splitlines() also splits at form feeds and U+2028, which csv keeps
# inside a field and JSON may carry unescaped inside a string.
_LINE_END = re.compile(r"\r\n|\r|\n")
TEXT = frozenset({ContentKind.OTHER})
# A user's own list may be an XLSX workbook, which is a ZIP archive.
TEXT_OR_ZIP = frozenset({ContentKind.OTHER, ContentKind.ZIP})


@contextmanager
def guard(path: Path | str, what: str) -> Iterator[None]:
    """Turn any exception that is not ours into a `ListFormatError` naming `path`.

    Checks in the readers catch the failures we know of (wrong JSON types, short rows, deep
    nesting); this is for the ones nobody has seen yet, so that a crafted file costs the user
    one list, with its name, and never a traceback."""
    try:
        yield
    except RightscreenError:
        raise
    except RecursionError as exc:
        raise FileRefused(f"{what} nested too deep to read", path=str(path)) from exc
    except Exception as exc:  # noqa: BLE001 - the guard's purpose: parsers raise any type
        raise ListFormatError(f"{what} cannot be read ({type(exc).__name__}: {exc})",
                              path=str(path)) from exc


def check_file(path: Path, *, limits: Limits, expected: str,
               allowed: frozenset[ContentKind] = TEXT) -> None:
    """Refuse a file before any parser sees it: larger than `limits.max_file_bytes`, or an
    executable, image, OLE container or compressed archive whatever its name says."""
    try:
        status = path.stat()
        # A pipe or device has no end to read to (/dev/zero), or blocks the open (a FIFO).
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused("is not a regular file", path=str(path))
        size = status.st_size
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    if size > limits.max_file_bytes:
        raise FileRefused(f"{size:,} bytes, over the limit of {limits.max_file_bytes:,}",
                          path=str(path))
    refuse_foreign(head, path=str(path), expected=expected, allowed=allowed)


def read_list_text(path: Path, *, limits: Limits, expected: str) -> DecodedText:
    """The decoded text of a list file that passed `check_file`."""
    check_file(path, limits=limits, expected=expected)
    return read_text(path)


def csv_rows(text: str, *, path: Path, problems: list[RowProblem], limits: Limits,
             count_blank: bool = True, **reader_args: Any) -> Iterator[tuple[int, list[str]]]:
    """The header of a CSV text as (0, header), then (number, row) of its data rows.

    Data rows are numbered from 1 as each reader always numbered them: `count_blank` counts
    blank lines (CSL), otherwise they are passed over uncounted as `csv.DictReader`
    does (DPL, DoD 1260H). Records that `csv_records` rejects become problems numbered the
    same way. The header is the first non-blank record; an unreadable header loses the file."""
    scratch: list[RowProblem] = []
    header_at: int | None = None
    blanks = 0

    def flush() -> None:
        # Problems csv_records found before the record it just gave, renumbered as data rows.
        for problem in scratch:
            if header_at is None or problem.row is None:
                raise ListFormatError(f"header row cannot be read: {problem.message}",
                                      path=str(path))
            problems.append(RowProblem(problem.file, problem.row - header_at - blanks,
                                       problem.message))
        scratch.clear()

    records = csv_records(io.StringIO(text, newline=""), path=str(path), problems=scratch,
                          limits=limits, **reader_args)
    for record, row in records:
        flush()
        if header_at is None:
            if row:
                header_at = record
                yield 0, row
            continue
        if not row and not count_blank:
            blanks += 1
            continue
        yield record - header_at - blanks, row
    flush()


def split_lines(text: str) -> list[str]:
    """The lines of a text, split only where a line really ends (see `_LINE_END`)."""
    return _LINE_END.split(text)


def line_rows(text: str, *, path: Path, problems: list[RowProblem], limits: Limits,
              ) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a headerless CSV text whose records never span lines (OFAC's
    legacy files: not one does in any release seen). Each line is parsed alone, so a stray
    quote costs its own row, not every row after it swallowed into one field."""
    for number, line in enumerate(split_lines(text), start=1):
        if number > limits.max_rows:
            raise FileRefused(f"more than {limits.max_rows:,} rows", path=str(path))
        scratch: list[RowProblem] = []
        for _, row in csv_records([line], path=str(path), problems=scratch, limits=limits):
            yield number, row
        problems.extend(RowProblem(p.file, number, p.message) for p in scratch)


# Possessive: a megabyte-long string, or one never closed, is scanned once, not backtracked.
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_JSON_STRUCTURE = re.compile(r'["\[\]{},]')


def blank_deep_entries(text: str, *, key: str, max_depth: int) -> tuple[str, list[int]]:
    """`text` with every entry of the top-level array `key` that nests deeper than `max_depth`
    replaced by `null`, and the 1-based numbers of those entries.

    For a document the JSON parser refused as too deep: one crafted entry then costs one row,
    not the list. Scanned without recursion; anything it cannot follow (an unterminated
    string) ends the scan, and the parser has the last word on what is left."""
    depth, pos, index, start, deep = 0, 0, 0, 0, False
    last_key: str | None = None
    inside = False  # in the array that is the value of `key`
    cuts: list[tuple[int, int, int]] = []
    while match := _JSON_STRUCTURE.search(text, pos):
        char, at = match.group(), match.start()
        pos = at + 1
        if char == '"':
            string = _JSON_STRING.match(text, at)
            if string is None:
                break
            if depth == 1:
                last_key = string.group()[1:-1]  # the key comes right before its value
            pos = string.end()
        elif char in "[{":
            depth += 1
            if depth == 2 and char == "[" and last_key == key:
                inside, index, start = True, 1, pos
            deep = deep or (inside and depth > max_depth + 2)
        elif inside and depth == 2 and char in ",]":  # an entry of `key` ends here
            if deep:
                cuts.append((start, at, index))
            index, start, deep = index + 1, pos, False
            if char == "]":
                inside = False
                depth -= 1
        elif char in "]}":
            depth -= 1
    pieces, kept_from = [], 0
    for begin, end, _ in cuts:
        pieces += [text[kept_from:begin], "null"]
        kept_from = end
    return "".join([*pieces, text[kept_from:]]), [number for _, _, number in cuts]
