"""Document findings as CSV or XLSX: one line per finding, with the list versions used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rightscreen.reports.common import versions_line, write_table_csv, write_workbook

COLUMNS = ("path", "page", "line", "kind", "severity", "category", "name", "entity_id", "lists",
           "term", "gloss", "snippet", "source", "negated_by", "term_severity")


def rows(envelope: dict[str, Any]) -> list[list[str]]:
    out = []
    for finding in envelope["findings"]:
        out.append(["; ".join(finding[c]) if c == "lists" else
                    ("" if finding.get(c) is None else str(finding[c])) for c in COLUMNS])
    return out


def write_findings_csv(envelope: dict[str, Any], out: Path) -> None:
    write_table_csv(out, f"rightscreen {envelope['tool']['version']} documents; "
                         f"lists: {versions_line(envelope)}", COLUMNS, rows(envelope))


def write_findings_xlsx(envelope: dict[str, Any], out: Path) -> None:
    documents = [(d["path"], d["format"], d["status"], d["pages"],
                  ", ".join(map(str, d["ocr_pages"])), d.get("message") or "")
                 for d in envelope["documents"]]
    write_workbook(out, [("findings", COLUMNS, rows(envelope)),
                         ("documents", ("path", "format", "status", "pages", "ocr_pages",
                                        "message"), documents)], envelope)
