"""The case store's commands: the work queue, decisions, the audit trail and monitoring.
A thin shell over `rightscreen.store` and `rightscreen.screening.casework`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from rightscreen.errors import AuditBroken
from rightscreen.reports.tabular import write_report

# Spelled out, not imported: importing the store loads SQLAlchemy and Alembic (~0.6 s), which
# commands that do not touch it should not pay. tests/test_cli.py checks they agree.
STATUS_HELP = "new|open|decided|reopened|delisted|all"
DECISION_HELP = "match|false_positive|escalate"

StoreOption = Annotated[str | None, typer.Option(
    "--store", help="Case store: a SQLite file or a postgresql:// URL (default: "
                    "$RIGHTSCREEN_STORE, else ~/.local/share/rightscreen/store.sqlite).")]
OutputOption = Annotated[Path | None, typer.Option("-o", help=".json, .csv or .xlsx")]


def register(app: typer.Typer, out: Console, err: Console) -> None:
    """Add the store's commands to the command line."""

    @app.command()
    def alerts(
        status: Annotated[str, typer.Option(
            help=STATUS_HELP)] = "all",
        store: StoreOption = None,
        output: OutputOption = None,
    ) -> None:
        """The work queue: alerts by status, with subject, listed entity and decision."""
        from rightscreen.store import Store

        case_store = Store.open(store)
        rows = case_store.alerts(status)
        table = RichTable(title=f"Alerts ({status}) in {case_store.display}")
        for column in ("id", "status", "subject", "listed entity", "lists", "score", "decision"):
            table.add_column(column, overflow="fold")
        for alert in rows[:500]:
            decision = alert["decision"]
            table.add_row(str(alert["id"]), alert["status"], escape(alert["subject"]),
                          escape(alert["entity_name"]), ", ".join(alert["lists"]),
                          f"{alert['score']:.2f}",
                          escape(f"{decision['decision']} by {decision['by']}")
                          if decision else "")
        out.print(table)
        out.print(f"{len(rows)} alerts")
        if output:
            write_report({"kind": "alerts", "store": case_store.display, "status": status,
                          "alerts": rows}, output)
            out.print(f"written: {output}")

    @app.command()
    def decide(
        alert_ids: Annotated[list[int], typer.Argument(metavar="ALERT_ID...")],
        decision: Annotated[str, typer.Option(help=DECISION_HELP)],
        reason: Annotated[str, typer.Option(help="Why: kept with the decision.")],
        by: Annotated[str, typer.Option(help="Who decides.")],
        store: StoreOption = None,
    ) -> None:
        """Decide alerts: the decision holds until the entry or the subject changes."""
        from rightscreen.store import Store

        recorded = Store.open(store).decide(alert_ids, decision=decision, reason=reason, by=by)
        for item in recorded:
            out.print(f"alert {item['alert_id']}: {item['decision']} by {escape(item['by'])} "
                      f"at {item['at']} (decision {item['decision_id']})")

    @app.command()
    def audit(
        verify: Annotated[bool, typer.Option(
            "--verify", help="Check the hash chain; exit non-zero on the first broken record.")
                          ] = False,
        store: StoreOption = None,
        output: OutputOption = None,
    ) -> None:
        """The trail of every run, alert, decision, reopening and list change."""
        from rightscreen.store import Store

        case_store = Store.open(store)
        if verify:
            result = case_store.verify()
            if not result.ok:
                raise AuditBroken(f"{case_store.display}: {result.broken} "
                                  f"({result.records} records hold before it)")
            out.print(f"audit trail holds: {result.records} records verified")
            return
        records = case_store.audit_trail()
        for record in records[-50:]:
            out.print(f"{record['seq']:6} {record['at']} {record['kind']:9} "
                      + escape(_summary(record["payload"])))
        out.print(f"{len(records)} records")
        if output:
            write_report({"kind": "audit", "store": case_store.display, "records": records},
                         output)
            out.print(f"written: {output}")


def _summary(payload: dict[str, Any]) -> str:
    keys = ("run_id", "alert_id", "decision", "by", "reason", "counts", "change", "entity_id")
    return json.dumps({k: payload[k] for k in keys if k in payload}, ensure_ascii=False)
