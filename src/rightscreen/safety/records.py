"""CSV records and JSON documents read within limits, a bad record reported and skipped."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from rightscreen.errors import FileRefused, InputError
from rightscreen.model import RowProblem
from rightscreen.safety.limits import DEFAULT_LIMITS, Limits


def csv_records(lines: Iterable[str], *, path: str, problems: list[RowProblem],
                limits: Limits = DEFAULT_LIMITS, **reader_args: Any,
                ) -> Iterator[tuple[int, list[str]]]:
    """(1-based record number, fields) of every CSV record; the header is record 1.

    A record with a field over `limits.max_field_chars`, too many columns, or a CSV syntax
    error becomes a `RowProblem` and the records after it are still read. More records than
    `limits.max_rows` refuse the file."""
    reader = csv.reader(lines, **reader_args)
    number = 0
    while True:
        number += 1
        if len(problems) > limits.max_problems:
            raise FileRefused(f"more than {limits.max_problems:,} broken rows", path=path)
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(RowProblem(path, number, f"unreadable CSV record: {exc}"))
            continue
        if number > limits.max_rows:
            raise FileRefused(f"more than {limits.max_rows:,} rows", path=path)
        if len(row) > limits.max_columns:
            problems.append(RowProblem(path, number, f"{len(row)} fields, over the limit of "
                                                     f"{limits.max_columns}"))
            continue
        longest = max((len(f) for f in row), default=0)
        if longest > limits.max_field_chars:
            problems.append(RowProblem(path, number, f"a field of {longest:,} characters, over "
                                                     f"the limit of {limits.max_field_chars:,}"))
            continue
        yield number, row


def load_json(text: str | bytes, *, path: str, row: int | None = None) -> Any:
    """Parse one JSON document. Nesting deeper than the interpreter's recursion limit (about
    1,000 levels: FtM and the US lists JSON nest five) is refused by name, not a crash."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise FileRefused("JSON nested too deep to read", path=path, row=row) from exc
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc}", path=path, row=row) from exc
