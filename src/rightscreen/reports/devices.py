"""Device verdicts as CSV, XLSX, or the HTML report an asset team hands to its contracting
officer: counts by verdict, manufacturer and site, then each covered or review device with its
evidence and the legal basis."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from rightscreen.reports.common import versions_line, write_table_csv, write_workbook
from rightscreen.reports.html import _STYLE

COLUMNS = ("file", "row", "verdict", "hostname", "mac", "ip", "vendor", "brand", "model",
           "site", "manufacturer", "lists", "basis", "listed", "evidence", "notes")


def device_rows(envelope: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for result in envelope["results"]:
        device = result["device"]
        maker = result["manufacturer"] or {}
        rows.append([result["file"], result["row"], result["verdict"],
                     *(device.get(k, "") for k in ("hostname", "mac", "ip", "vendor", "brand",
                                                   "model", "site")),
                     maker.get("name", ""), "; ".join(maker.get("lists", [])),
                     "; ".join(maker.get("basis", [])),
                     "; ".join(f"{k} {v}" for k, v in sorted(maker.get("listed", {}).items())),
                     " | ".join(f"{e['kind']} ({e['strength']}): {e['value']}: {e['detail']}"
                                for e in result["evidence"]),
                     " | ".join(result["notes"])])
    return rows


def write_devices_csv(envelope: dict[str, Any], out: Path) -> None:
    write_table_csv(out, f"rightscreen {envelope['tool']['version']} devices; "
                         f"lists: {versions_line(envelope)}", COLUMNS, device_rows(envelope))


def write_devices_xlsx(envelope: dict[str, Any], out: Path) -> None:
    write_workbook(out, [("devices", COLUMNS, device_rows(envelope))], envelope)


def render_devices_html(envelope: dict[str, Any]) -> str:
    summary = envelope["summary"]
    counts = summary["by_verdict"]
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<title>rightscreen equipment screening</title>",
             f"<style>{_STYLE}.covered{{background:#b71c1c;color:#fff}}"
             ".review{background:#fbc02d}.clear{background:#c5e1a5}</style></head><body>",
             "<h1>Equipment screening: NDAA s.889 and the FCC Covered List</h1>",
             "<div class='summary'>",
             f"<p>{envelope['devices_read']} devices read: "
             + ", ".join(f"<span class='sev {v}'>{counts[v]} {v}</span>"
                         for v in ("covered", "review", "clear")) + "</p>",
             _table("By manufacturer", ("manufacturer", "devices"),
                    list(summary["by_manufacturer"].items())),
             _table("By site", ("site", "covered", "review", "clear"),
                    [(site, c.get("covered", 0), c.get("review", 0), c.get("clear", 0))
                     for site, c in summary["by_site"].items()]),
             "</div>"]
    for verdict in ("covered", "review"):
        chosen = [r for r in envelope["results"] if r["verdict"] == verdict]
        parts.append(f"<h2>{verdict.capitalize()} ({len(chosen)})</h2>")
        for result in chosen:
            parts.append(_device(result))
    parts.append(_table("Sources", ("source", "date"),
                        [(s["title"], s["date"]) for s in envelope["sources"]]))
    parts.append(_table("List versions", ("list", "date", "sha256"),
                        [(i["title"], i["date"], i["sha256"][:16]) for i in envelope["lists"]]))
    if envelope["problems"]:
        parts.append(_table("Problems", ("file", "row", "message"),
                            [(p["file"], p["row"], p["message"]) for p in envelope["problems"]]))
    parts.append(f"<p class='small'>rightscreen {escape(envelope['tool']['version'])}</p>"
                 "</body></html>")
    return "\n".join(parts)


def _device(result: dict[str, Any]) -> str:
    device = result["device"]
    maker = result["manufacturer"]
    title = device.get("hostname") or device.get("mac") or device.get("ip") or "device"
    where = f"{result['file']}, row {result['row']}"
    head = (f"<h3><span class='sev {result['verdict']}'>{result['verdict']}</span> "
            f"{escape(str(title))} <span class='small'>{escape(where)}</span></h3>")
    facts = ", ".join(f"{escape(k)}: {escape(str(v))}" for k, v in device.items()
                      if isinstance(v, str))
    basis = ""
    if maker:
        listed = "; ".join(f"{k} {v}" for k, v in sorted(maker["listed"].items()))
        basis = (f"<p><b>{escape(maker['name'])}</b> ({escape(', '.join(maker['lists']))}; "
                 f"listed {escape(listed)}). {escape('; '.join(maker['basis']))}. "
                 f"<span class='small'>Scope: {escape(maker['scope'])}</span></p>")
    notes = "".join(f"<p><b>{escape(n)}</b></p>" for n in result["notes"])
    rows = [(e["kind"], e["strength"], e["value"], e["detail"], e["source"])
            for e in result["evidence"]]
    return (head + f"<p class='small'>{facts}</p>" + basis + notes
            + _table(None, ("evidence", "strength", "value", "detail", "source"), rows))


def _table(title: str | None, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    out = [f"<h3>{escape(title)}</h3>"] if title else []
    out.append("<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>")
    out.append("</table>")
    return "".join(out)
