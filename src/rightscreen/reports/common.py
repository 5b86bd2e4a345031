"""What every tabular report shares: a line naming the list versions, a workbook whose sheets
are tables, and the lists and problems sheets."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


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
    book.save(out)


def write_table_csv(out: Path, comment: str, header: Sequence[str],
                    rows: Iterable[Sequence[Any]]) -> None:
    """A CSV whose first line, a comment, names the tool and list versions behind it."""
    with out.open("w", newline="", encoding="utf-8") as fh:
        fh.write(f"# {comment}\n")
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
