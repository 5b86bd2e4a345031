"""A self-contained HTML report of document findings: a summary a reviewer reads in a minute,
then findings grouped by document and page, the term highlighted in its sentence, the English
gloss beside it."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem;max-width:70rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
h3{font-size:1rem;color:#444}.summary{background:#f5f5f0;padding:1rem;border-radius:.4rem}
table{border-collapse:collapse;width:100%}td,th{padding:.35rem .5rem;border-bottom:1px solid #eee;
vertical-align:top;text-align:left}mark{background:#ffd54f;padding:0 .1rem}
.sev{font-weight:600;text-transform:uppercase;font-size:.75rem;padding:.1rem .35rem;
border-radius:.2rem}
.critical{background:#b71c1c;color:#fff}.high{background:#e65100;color:#fff}
.medium{background:#fbc02d}.low{background:#c5e1a5}.entity{background:#1a237e;color:#fff}
.gloss{color:#555;font-style:italic}.small{color:#666;font-size:.85rem}
"""


def render_documents_html(envelope: dict[str, Any]) -> str:
    summary = envelope["summary"]
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<title>rightscreen document findings</title>",
             f"<style>{_STYLE}</style></head><body>",
             "<h1>Document screening: listed entities and red-flag requirements</h1>",
             "<div class='summary'>", _summary(summary), "</div>"]
    by_doc: dict[str, dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for finding in envelope["findings"]:
        by_doc[finding["path"]][finding["page"]].append(finding)
    for doc in envelope["documents"]:
        pages = by_doc.get(doc["path"], {})
        status = "" if doc["status"] == "ok" else f" — <b>{escape(doc['status'])}</b>"
        message = f" ({escape(doc['message'])})" if doc.get("message") else ""
        parts.append(f"<h2>{escape(doc['path'])}</h2><p class='small'>{doc['format']}, "
                     f"{doc['pages']} page(s){status}{message}; "
                     f"{sum(len(v) for v in pages.values())} finding(s)</p>")
        for page in sorted(pages):
            parts.append(f"<h3>Page {page}</h3><table><tr><th>what</th><th>term</th>"
                         "<th>English</th><th>sentence</th><th>line</th></tr>")
            for finding in pages[page]:
                parts.append(_row(finding))
            parts.append("</table>")
    parts.append("<h2>List versions</h2><table><tr><th>list</th><th>date</th><th>sha256</th>"
                 "<th>entities</th></tr>")
    for info in envelope["lists"]:
        parts.append(f"<tr><td>{escape(info['title'])}</td><td>{escape(str(info['date']))}</td>"
                     f"<td class='small'>{info['sha256'][:16]}</td>"
                     f"<td>{info['entities']}</td></tr>")
    parts.append(f"</table><p class='small'>rightscreen {escape(envelope['tool']['version'])}"
                 "</p></body></html>")
    return "\n".join(parts)


def _summary(summary: dict[str, Any]) -> str:
    lines = [f"<p><b>{summary['documents']}</b> document(s), <b>{summary['pages']}</b> page(s): "
             f"<b>{summary['entity_findings']}</b> mention(s) of listed entities and "
             f"<b>{summary['red_flag_findings']}</b> red-flag requirement(s).</p>"]
    if summary["severities"]:
        badges = " ".join(f"<span class='sev {escape(k)}'>{escape(k)}</span> {v}"
                          for k, v in summary["severities"].items())
        lines.append(f"<p>Red flags by severity: {badges}</p>")
    if summary["red_flag_categories"]:
        items = "".join(f"<li>{escape(k)}: {v}</li>"
                        for k, v in summary["red_flag_categories"].items())
        lines.append(f"<p>What the documents ask for:</p><ul>{items}</ul>")
    if summary["entities"]:
        items = "".join(f"<li>{escape(str(k))}: {v}</li>" for k, v in summary["entities"].items())
        lines.append(f"<p>Listed entities named:</p><ul>{items}</ul>")
    if summary["unread"]:
        items = "".join(f"<li>{escape(p)}</li>" for p in summary["unread"])
        lines.append(f"<p><b>Not fully read</b> (see status below):</p><ul>{items}</ul>")
    return "\n".join(lines)


def _row(finding: dict[str, Any]) -> str:
    if finding["kind"] == "entity":
        badge = "<span class='sev entity'>listed</span>"
        what = f"{badge} {escape(finding['name'] or '')}<br><span class='small'>" \
               f"{escape(', '.join(finding['lists']))}</span>"
    else:
        severity = finding["severity"] or "low"
        what = f"<span class='sev {escape(severity)}'>{escape(severity)}</span> " \
               f"{escape(finding['category'] or '')}"
        if finding.get("negated"):
            denial = escape(finding.get("negated_by") or "")
            was = escape(finding.get("term_severity") or "")
            what += f"<br><span class='small'>denied by '{denial}' (a {was} term)</span>"
    snippet = escape(finding["snippet"])
    term = escape(finding["term"])
    if term and term in snippet:
        snippet = snippet.replace(term, f"<mark>{term}</mark>", 1)
    gloss = escape(finding["gloss"] or "")
    return (f"<tr><td>{what}</td><td><mark>{term}</mark></td><td class='gloss'>{gloss}</td>"
            f"<td>{snippet}</td><td>{finding['line']}</td></tr>")
