"""The work queue and the audit trail as CSV and XLSX."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rightscreen.reports.common import write_table_csv, write_workbook

ALERT_COLUMNS = ("id", "status", "subject", "subject_key", "entity_id", "entity_name", "lists",
                 "score", "decision", "decided_by", "decided_at", "reason", "change",
                 "first_run", "last_run")
AUDIT_COLUMNS = ("seq", "at", "kind", "payload", "hash")


def alert_rows(envelope: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for alert in envelope["alerts"]:
        decision = alert.get("decision") or {}
        rows.append([alert["id"], alert["status"], alert["subject"], alert["subject_key"],
                     alert["entity_id"], alert["entity_name"], "; ".join(alert["lists"]),
                     round(alert["score"], 4), decision.get("decision", ""),
                     decision.get("by", ""), decision.get("at", ""),
                     decision.get("reason", ""), "; ".join(alert.get("change") or []),
                     alert["first_run"], alert["last_run"]])
    return rows


def audit_rows(envelope: dict[str, Any]) -> list[list[Any]]:
    return [[r["seq"], r["at"], r["kind"], json.dumps(r["payload"], ensure_ascii=False),
             r["hash"]] for r in envelope["records"]]


def write_alerts_csv(envelope: dict[str, Any], out: Path) -> None:
    write_table_csv(out, f"rightscreen alerts ({envelope['status']}) in {envelope['store']}",
                    ALERT_COLUMNS, alert_rows(envelope))


def write_alerts_xlsx(envelope: dict[str, Any], out: Path) -> None:
    write_workbook(out, [("alerts", ALERT_COLUMNS, alert_rows(envelope))],
                   {"lists": [], "problems": []})


def write_audit_csv(envelope: dict[str, Any], out: Path) -> None:
    write_table_csv(out, f"rightscreen audit trail of {envelope['store']}", AUDIT_COLUMNS,
                    audit_rows(envelope))


def write_audit_xlsx(envelope: dict[str, Any], out: Path) -> None:
    write_workbook(out, [("audit", AUDIT_COLUMNS, audit_rows(envelope))],
                   {"lists": [], "problems": []})
