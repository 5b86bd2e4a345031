"""Screening results as JSON, CSV or XLSX, chosen by the output file's extension."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from rightscreen.errors import InputError

FLAT_COLUMNS = ("row", "query_name", "query_id", "hit_rank", "score", "entity_id", "name",
                "matched_name", "lists", "listed", "program", "federal_register", "explanation")


def write_report(envelope: dict[str, Any], out: Path) -> None:
    """Write any result envelope; the format comes from the extension."""
    suffix = out.suffix.lower()
    if "findings" in envelope and suffix != ".json":
        _write_findings(envelope, out, suffix)
    elif "exposures" in envelope and suffix != ".json":
        _write_portfolio(envelope, out, suffix)
    elif suffix == ".json":
        out.write_text(json.dumps(envelope, ensure_ascii=False, indent=2) + "\n", "utf-8")
    elif suffix == ".csv":
        _write_csv(envelope, out)
    elif suffix == ".xlsx":
        _write_xlsx(envelope, out)
    else:
        raise InputError("output format unknown: use .json, .csv or .xlsx", path=str(out))


def _write_findings(envelope: dict[str, Any], out: Path, suffix: str) -> None:
    from rightscreen.reports.findings import write_findings_csv, write_findings_xlsx
    from rightscreen.reports.html import render_documents_html

    if suffix == ".csv":
        write_findings_csv(envelope, out)
    elif suffix == ".xlsx":
        write_findings_xlsx(envelope, out)
    elif suffix in (".html", ".htm"):
        out.write_text(render_documents_html(envelope), "utf-8")
    else:
        raise InputError("output format unknown: use .json, .csv, .xlsx or .html", path=str(out))


def _write_portfolio(envelope: dict[str, Any], out: Path, suffix: str) -> None:
    from rightscreen.reports.portfolio import (
        render_portfolio_html,
        write_portfolio_csv,
        write_portfolio_xlsx,
    )

    if suffix == ".csv":
        write_portfolio_csv(envelope, out)
    elif suffix == ".xlsx":
        write_portfolio_xlsx(envelope, out)
    elif suffix in (".html", ".htm"):
        out.write_text(render_portfolio_html(envelope), "utf-8")
    else:
        raise InputError("output format unknown: use .json, .csv, .xlsx or .html", path=str(out))


def flat_rows(envelope: dict[str, Any]) -> list[list[str]]:
    """One line per hit, and one per row without hits, so that every input row appears."""
    rows: list[list[str]] = []
    for result in envelope["results"]:
        query = result["query"]
        base = [str(result["row"]), query.get("name", ""), query.get("id", "")]
        if not result["hits"]:
            rows.append(base + ["0", "", "", "", "", "", "", "", "", "no hit"])
        for rank, hit in enumerate(result["hits"], start=1):
            sources = hit.get("sources", [])
            rows.append(base + [
                str(rank), f"{hit['score']:.4f}", hit["entity_id"], hit["name"],
                hit["matched_name"], "; ".join(hit["lists"]),
                "; ".join(sorted({s["listed"] for s in sources if s.get("listed")})),
                "; ".join(sorted({s["program"] for s in sources if s.get("program")})),
                "; ".join(sorted({s["federal_register"] for s in sources
                                  if s.get("federal_register")})),
                " | ".join(hit["explanation"]),
            ])
    return rows


def list_versions(envelope: dict[str, Any]) -> list[list[str]]:
    return [[i["id"], i["title"], str(i.get("date") or ""), i["sha256"], str(i["entities"])]
            for i in envelope["lists"]]


def _write_csv(envelope: dict[str, Any], out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        versions = "; ".join(f"{v[0]} {v[2]} sha256:{v[3][:12]}" for v in list_versions(envelope))
        fh.write(f"# rightscreen {envelope['tool']['version']}; threshold "
                 f"{envelope['threshold']}; lists: {versions}\n")
        writer.writerow(FLAT_COLUMNS)
        writer.writerows(flat_rows(envelope))


def _write_xlsx(envelope: dict[str, Any], out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.create_sheet("hits", 0)
    for extra in book.sheetnames[1:]:
        del book[extra]
    sheet.append(list(FLAT_COLUMNS))
    for row in flat_rows(envelope):
        sheet.append(row)
    lists = book.create_sheet("lists")
    lists.append(["id", "title", "date", "sha256", "entities"])
    for version in list_versions(envelope):
        lists.append(version)
    problems = book.create_sheet("problems")
    problems.append(["file", "row", "message"])
    for problem in envelope.get("problems", []):
        problems.append([problem["file"], problem["row"], problem["message"]])
    book.save(out)
