"""Portfolio exposure as CSV, XLSX, or a self-contained HTML report with the charts a trustee
shows a board: exposure by list, by fund and by firm."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any

from rightscreen.reports.common import versions_line, write_table_csv, write_workbook

COLUMNS = ("entity_id", "name", "lists", "exposure_value", "exposure_share", "via", "holding",
           "path_value", "match_by", "match_detail")


def path_rows(envelope: dict[str, Any]) -> list[list[str]]:
    rows = []
    for exposure in envelope["exposures"]:
        for step in exposure["paths"]:
            rows.append([exposure["entity_id"], exposure["name"], "; ".join(exposure["lists"]),
                         f"{exposure['value']:.2f}", f"{exposure['share'] or 0:.6f}",
                         " > ".join(step["via"]), step["holding"], f"{step['value']:.2f}",
                         step["match"]["by"], step["match"]["detail"]])
    return rows


def write_portfolio_csv(envelope: dict[str, Any], out: Path) -> None:
    write_table_csv(out, f"rightscreen {envelope['tool']['version']} portfolio as of "
                         f"{envelope['as_of']}; total {envelope['total_value']}; "
                         f"lists: {versions_line(envelope)}", COLUMNS, path_rows(envelope))


def write_portfolio_xlsx(envelope: dict[str, Any], out: Path) -> None:
    flags = [(f["owner_name"], f["owned_name"], f["share"], ", ".join(f["owner_lists"]),
              ", ".join(f["exposure_under"]), f["note"], f["source"])
             for f in envelope["ownership_flags"]]
    write_workbook(out, [("exposure paths", COLUMNS, path_rows(envelope)),
                         ("ownership flags", ("owner", "owned", "share", "owner lists",
                                              "exposure under", "note", "source"), flags)],
                   envelope)


def _bars(title: str, data: dict[str, float], total: float) -> str:
    """A horizontal bar chart as inline SVG: no script, no outside file."""
    items = sorted(data.items(), key=lambda kv: -kv[1])[:15]
    if not items:
        return f"<h3>{escape(title)}</h3><p>None.</p>"
    top = items[0][1] or 1.0
    height = 26 * len(items) + 10
    bars = []
    for i, (label, value) in enumerate(items):
        width = 420 * value / top
        share = f"{value / total * 100:.3f}%" if total else ""
        y = 10 + 26 * i
        bars.append(f"<text x='0' y='{y + 14}' font-size='12'>{escape(label[:48])}</text>"
                    f"<rect x='330' y='{y}' width='{width:.1f}' height='18' fill='#b71c1c'/>"
                    f"<text x='{336 + width:.1f}' y='{y + 14}' font-size='12'>"
                    f"{value:,.0f} ({share})</text>")
    return (f"<h3>{escape(title)}</h3><svg width='900' height='{height}' role='img' "
            f"aria-label='{escape(title)}'>{''.join(bars)}</svg>")


def _shorts(shorts: list[dict[str, Any]]) -> str:
    if not shorts:
        return ""
    items = "".join(f"<li>{escape(s['holding'])}: {s['value']:,.2f}"
                    f"{' via ' + escape(' > '.join(s['via'])) if s['via'] else ''}</li>"
                    for s in shorts)
    return ("<h2>Short positions</h2><p class='small'>Reported apart, not netted against "
            f"exposure; each is screened like any other position.</p><ul>{items}</ul>")


def _stake(share: float | None) -> str:
    return "a stake in " if share is None else f"{share * 100:.0f}% of "


def render_portfolio_html(envelope: dict[str, Any]) -> str:
    total = envelope["total_value"] or 0.0
    by_list: dict[str, float] = defaultdict(float)
    by_fund: dict[str, float] = defaultdict(float)
    by_firm: dict[str, float] = {}
    for exposure in envelope["exposures"]:
        by_firm[exposure["name"]] = exposure["value"]
        for list_id in exposure["lists"]:
            by_list[list_id] += exposure["value"]
        for step in exposure["paths"]:
            by_fund[" > ".join(step["via"]) or "held directly"] += step["value"]
    exposed = sum(e["value"] for e in envelope["exposures"])
    rows = "".join(
        f"<tr><td>{escape(e['name'])}</td><td>{escape(', '.join(e['lists']))}</td>"
        f"<td>{e['value']:,.2f}</td><td>{(e['share'] or 0) * 100:.3f}%</td><td>"
        + "<br>".join(f"{escape(' > '.join(p['via']) or 'held directly')}: "
                      f"{escape(p['holding'])} ({escape(p['match']['by'])}: "
                      f"{escape(p['match']['detail'])})" for p in e["paths"])
        + "</td></tr>" for e in envelope["exposures"])
    flags = "".join(f"<li>{escape(f['owner_name'])} ({escape(', '.join(f['owner_lists']))}) "
                    f"holds {_stake(f['share'])}{escape(f['owned_name'])}: "
                    f"{escape(f['note'])}</li>" for f in envelope["ownership_flags"])
    coverage = "".join(f"<li>{escape(k.replace('_', ' '))}: {v:,.2f}</li>"
                       for k, v in envelope["coverage"].items())
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>rightscreen portfolio exposure</title><style>
body{{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem;max-width:72rem;color:#1b1b1b}}
.summary{{background:#f5f5f0;padding:1rem;border-radius:.4rem}}
table{{border-collapse:collapse;width:100%}}td,th{{padding:.35rem .5rem;
border-bottom:1px solid #eee;vertical-align:top;text-align:left}}
.small{{color:#666;font-size:.85rem}}</style></head><body>
<h1>Portfolio exposure to listed firms</h1>
<div class="summary"><p>As of <b>{escape(str(envelope['as_of']))}</b>: <b>{exposed:,.2f}</b> of
<b>{total:,.2f}</b> ({(exposed / total * 100) if total else 0:.3f}%) reaches
<b>{len(envelope['exposures'])}</b> listed firm(s).</p><ul>{coverage}</ul>
{('<p>Ownership flags:</p><ul>' + flags + '</ul>') if flags else ''}</div>
{_bars("Exposure by list", by_list, total)}
{_bars("Exposure by fund", by_fund, total)}
{_bars("Exposure by firm", by_firm, total)}
<h2>Exposures and their paths</h2><table><tr><th>firm</th><th>lists</th><th>value</th>
<th>share</th><th>paths</th></tr>{rows}</table>
{_shorts(envelope["short_positions"])}
<p class="small">{len(envelope['problems'])} problem(s) reported; rightscreen
{escape(envelope['tool']['version'])}; lists: {escape(', '.join(
    f"{i['id']} {i['date']}" for i in envelope['lists']))}</p></body></html>"""
