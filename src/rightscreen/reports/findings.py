"""Document findings as CSV or XLSX: one line per finding, with the list versions used."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

COLUMNS = ("path", "page", "line", "kind", "severity", "category", "name", "entity_id", "lists",
           "term", "gloss", "snippet", "source")


def rows(envelope: dict[str, Any]) -> list[list[str]]:
    out = []
    for finding in envelope["findings"]:
        out.append(["; ".join(finding[c]) if c == "lists" else
                    ("" if finding.get(c) is None else str(finding[c])) for c in COLUMNS])
    return out


def write_findings_csv(envelope: dict[str, Any], out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as fh:
        versions = "; ".join(f"{i['id']} {i['date']} sha256:{i['sha256'][:12]}"
                             for i in envelope["lists"])
        fh.write(f"# rightscreen {envelope['tool']['version']} documents; lists: {versions}\n")
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(rows(envelope))


def write_findings_xlsx(envelope: dict[str, Any], out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    findings = book.create_sheet("findings", 0)
    for extra in book.sheetnames[1:]:
        del book[extra]
    findings.append(list(COLUMNS))
    for row in rows(envelope):
        findings.append(row)
    documents = book.create_sheet("documents")
    documents.append(["path", "format", "status", "pages", "ocr_pages", "message"])
    for doc in envelope["documents"]:
        documents.append([doc["path"], doc["format"], doc["status"], doc["pages"],
                          ", ".join(map(str, doc["ocr_pages"])), doc.get("message") or ""])
    lists = book.create_sheet("lists")
    lists.append(["id", "title", "date", "sha256", "entities"])
    for info in envelope["lists"]:
        lists.append([info["id"], info["title"], info["date"], info["sha256"], info["entities"]])
    book.save(out)
