"""What every tabular report shares: a line naming the list versions, a workbook whose sheets
are tables, and the lists and problems sheets."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

# A cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): a vendor name
# "=HYPERLINK(...)" must reach the reviewer as text. Numbers written as text ("-0.5") stay.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet would read this cell as a formula rather than as text."""
    return (isinstance(value, str) and value.startswith(_FORMULA_START)
            and not _NUMBER.match(value))


def csv_safe(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: a leading quote before a formula start."""
    return f"'{value}" if is_formula_like(value) else value


def versions_line(envelope: dict[str, Any]) -> str:
    return "; ".join(f"{i['id']} {i['date']} sha256:{i['sha256'][:12]}"
                     for i in envelope["lists"])


def write_workbook(out: Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
                   envelope: dict[str, Any]) -> None:
    """Sheets of (title, header, rows), then `problems` and `lists` from the envelope."""
    from openpyxl import Workbook

    book = Workbook()
    for extra in book.sheetnames:
        del book[extra]
    problems = [(p["file"], p["row"], p["message"]) for p in envelope.get("problems", [])]
    lists = [(i["id"], i["title"], i["date"], i["sha256"], i["entities"])
             for i in envelope["lists"]]
    for title, header, rows in [*sheets, ("problems", ("file", "row", "message"), problems),
                                ("lists", ("id", "title", "date", "sha256", "entities"), lists)]:
        sheet = book.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if is_formula_like(cell.value):
                    # Kept as typed, but stored as a string: never evaluated.
                    cell.data_type = "s"
    book.save(out)


def write_table_csv(out: Path, comment: str, header: Sequence[str],
                    rows: Iterable[Sequence[Any]]) -> None:
    """A CSV whose first line, a comment, names the tool and list versions behind it."""
    with out.open("w", newline="", encoding="utf-8") as fh:
        fh.write(f"# {' '.join(comment.split())}\n")
        writer = csv.writer(fh)
        writer.writerow([csv_safe(h) for h in header])
        writer.writerows([csv_safe(cell) for cell in row] for row in rows)
