"""One run's hits against the alerts already stored: new, open, decided or reopened."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from rightscreen.store.content import canonical, describe_change, text_fingerprint
from rightscreen.store.records import AlertState, RunRecord, ScreenedSubject
from rightscreen.store.schema import alerts, chunks, decisions

Trail = list[tuple[str, dict[str, Any]]]


def reconcile_alerts(connection: Connection, items: Sequence[ScreenedSubject],
                     subject_ids: dict[str, int], subject_prints: dict[str, str], run_id: int,
                     record: RunRecord) -> Trail:
    """Find or open the alert of every finding; returns the audit records to append."""
    stored = _stored_alerts(connection, sorted(set(subject_ids.values())))
    chosen = decision_rows(connection, [a.decision_id for a in stored.values() if a.decision_id])
    trail: Trail = []
    fresh: list[dict[str, Any]] = []
    # Input rows of each alert to be made: a subject repeated in one input shares it.
    fresh_rows: dict[tuple[int, str], list[int]] = {}
    changes: list[dict[str, Any]] = []
    done: dict[tuple[int, str], AlertState] = {}
    for item in items:
        subject_id = subject_ids[item.key]
        subject_print = subject_prints[item.key]
        for finding in item.findings:
            pair = (subject_id, finding.entity_id)
            if pair in done:  # the same subject twice in one input: one alert
                record.states[(item.row, finding.entity_id)] = done[pair]
                continue
            if pair in fresh_rows:
                fresh_rows[pair].append(item.row)
                continue
            entry_text = canonical(finding.entry)
            entry_print = text_fingerprint(entry_text)
            values = {"entity_name": finding.entity_name, "lists": canonical(finding.lists),
                      "score": finding.score, "explanation": canonical(finding.explanation),
                      "entry_content": entry_text,
                      "entry_fingerprint": entry_print, "subject_fingerprint": subject_print,
                      "last_run": run_id}
            alert = stored.get(pair)
            if alert is None:
                fresh.append({**values, "subject_id": subject_id, "entity_id": finding.entity_id,
                              "status": "new", "first_run": run_id, "change": None,
                              "decision_id": None})
                fresh_rows[pair] = [item.row]
                continue
            state = _state(alert, chosen.get(alert.decision_id), entry_print, subject_print,
                           finding.entry, item.fields)
            if state.status == "reopened" and (alert.status != "reopened"
                                               or json.loads(alert.change or "null")
                                               != state.change):
                trail.append(("reopen", {"alert_id": alert.id, "run_id": run_id,
                                         "change": state.change}))
                record.changed.append(state)
            changes.append({**values, "aid": alert.id, "status": state.status,
                            "change": canonical(state.change) if state.change else None})
            done[pair] = state
            record.states[(item.row, finding.entity_id)] = state
            record.counts[state.status] += 1
    if changes:
        connection.execute(update(alerts).where(alerts.c.id == bindparam("aid")).values(
            {k: bindparam(k) for k in changes[0] if k != "aid"}), changes)
    if fresh:
        created = connection.execute(alerts.insert().returning(
            alerts.c.id, sort_by_parameter_order=True), fresh).all()
        for (pair, rows), values, inserted in zip(fresh_rows.items(), fresh, created,
                                                  strict=True):
            state = AlertState(inserted.id, "new")
            for row in rows:
                record.states[(row, pair[1])] = state
            record.changed.append(state)
            record.counts["new"] += 1
            trail.append(("alert", {"alert_id": inserted.id, "run_id": run_id,
                                    "entity_id": pair[1], "subject_id": pair[0],
                                    "score": values["score"],
                                    "entry_fingerprint": values["entry_fingerprint"],
                                    "subject_fingerprint": values["subject_fingerprint"]}))
    return trail


def _state(alert: Any, decision: Any, entry_print: str, subject_print: str,
           entry: dict[str, Any], fields: dict[str, str]) -> AlertState:
    if decision is None:
        return AlertState(alert.id, "open")
    summary = {"id": decision.id, "decision": decision.decision, "reason": decision.reason,
               "by": decision.by, "at": decision.at}
    if (decision.entry_fingerprint, decision.subject_fingerprint) == (entry_print,
                                                                      subject_print):
        return AlertState(alert.id, "decided", summary)
    change = describe_change(json.loads(decision.entry_content), entry, side="entry")
    change += describe_change(json.loads(decision.subject_attributes), fields, side="subject")
    return AlertState(alert.id, "reopened", summary, change or ["content changed"])


def _stored_alerts(connection: Connection, subject_ids: list[int]) -> dict[tuple[int, str], Any]:
    out: dict[tuple[int, str], Any] = {}
    for part in chunks(subject_ids):
        for row in connection.execute(select(alerts).where(alerts.c.subject_id.in_(part))):
            out[(row.subject_id, row.entity_id)] = row
    return out


def decision_rows(connection: Connection, ids: list[int]) -> dict[int, Any]:
    """The decisions with these ids, by id."""
    out: dict[int, Any] = {}
    unique = sorted(set(ids))
    for part in chunks(unique):
        for row in connection.execute(select(decisions).where(decisions.c.id.in_(part))):
            out[row.id] = row
    return out
