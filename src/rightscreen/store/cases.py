"""Runs, subjects, alerts and decisions: what a screening leaves behind, and what a reviewer
decides about it.

An alert is one subject x one listed entity. Screening the same subject against the same lists
again finds the alert it made last time; a decision applies to the content both fingerprints
stood for when it was taken, so the alert stays decided until the entry or the subject
changes, and then comes back as `reopened`, saying what changed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from rightscreen import __version__
from rightscreen.errors import StoreError, UsageError
from rightscreen.model import ListInfo
from rightscreen.store import audit
from rightscreen.store.content import canonical, fingerprint
from rightscreen.store.engine import create_store_engine, display_url, store_url, upgrade_schema
from rightscreen.store.reconcile import decision_rows, reconcile_alerts
from rightscreen.store.records import (
    DECISIONS,
    STATUSES,
    AlertState,
    RunRecord,
    ScreenedSubject,
    utc_now,
)
from rightscreen.store.schema import alerts, chunks, decisions, entries, proposals, runs, subjects


class Store:
    """A case store on SQLite or PostgreSQL, its schema brought up to date on opening."""

    def __init__(self, engine: Engine, *, display: str):
        self.engine = engine
        self.display = display
        self.schema = upgrade_schema(engine, display=display)

    @classmethod
    def open(cls, store: str | None = None) -> Store:
        """`store` is a path, a URL, or None for `RIGHTSCREEN_STORE` or the default file."""
        url = store_url(store)
        return cls(create_store_engine(url), display=display_url(url))

    def close(self) -> None:
        self.engine.dispose()

    def _transaction(self) -> Any:
        return _Transaction(self)

    # -- runs ---------------------------------------------------------------------------

    def record_run(self, *, kind: str, items: Sequence[ScreenedSubject], lists: list[ListInfo],
                   threshold: float, input_name: str | None = None,
                   input_sha256: str | None = None) -> RunRecord:
        """Record one screening: its subjects, and an alert per hit, each with its status."""
        at = utc_now()
        list_versions = [{"id": i.id, "date": i.date, "sha256": i.sha256,
                          "entities": i.entities} for i in lists]
        with self._transaction() as connection:
            run_id = connection.execute(runs.insert().values(
                at=at, kind=kind, input=input_name, input_sha256=input_sha256,
                threshold=threshold, tool_version=__version__,
                lists=canonical(list_versions))).inserted_primary_key[0]
            subject_ids, subject_prints = _upsert_subjects(connection, items, run_id)
            record = RunRecord(run_id, at, {s: 0 for s in STATUSES})
            trail = reconcile_alerts(connection, items, subject_ids, subject_prints, run_id,
                                     record)
            connection.execute(update(runs).where(runs.c.id == run_id)
                               .values(counts=canonical(record.counts)))
            trail.insert(0, ("run", {"run_id": run_id, "kind": kind, "input": input_name,
                                     "input_sha256": input_sha256, "threshold": threshold,
                                     "tool_version": __version__, "lists": list_versions,
                                     "counts": record.counts}))
            audit.append(connection, at, trail)
        return record

    # -- the work queue and decisions -----------------------------------------------------

    def alerts(self, status: str = "all") -> list[dict[str, Any]]:
        """The alerts with a status (or all), oldest first, with subject and decision."""
        if status != "all" and status not in STATUSES:
            raise UsageError(f"status must be one of {', '.join(STATUSES)} or all")
        query = (select(alerts, subjects.c.name.label("subject_name"),
                        subjects.c.key.label("subject_key"))
                 .join(subjects, subjects.c.id == alerts.c.subject_id).order_by(alerts.c.id))
        if status != "all":
            query = query.where(alerts.c.status == status)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
            chosen = _decisions_by_id(connection, [r.decision_id for r in rows if r.decision_id])
        return [_alert_dict(row, chosen.get(row.decision_id)) for row in rows]

    def alert(self, alert_id: int) -> dict[str, Any] | None:
        """One alert with its subject and decision, or None."""
        query = (select(alerts, subjects.c.name.label("subject_name"),
                        subjects.c.key.label("subject_key"))
                 .join(subjects, subjects.c.id == alerts.c.subject_id)
                 .where(alerts.c.id == alert_id))
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
            if row is None:
                return None
            chosen = _decisions_by_id(connection, [row.decision_id] if row.decision_id else [])
        return _alert_dict(row, chosen.get(row.decision_id))

    def status_counts(self) -> dict[str, int]:
        """How many alerts have each status."""
        with self.engine.connect() as connection:
            found: dict[str, int] = {str(status): int(count) for status, count in
                                     connection.execute(select(alerts.c.status, func.count())
                                                        .group_by(alerts.c.status))}
        return {s: int(found.get(s, 0)) for s in STATUSES}

    def next_alert(self, statuses: Iterable[str], *, after: int = 0) -> int | None:
        """The first alert after `after` with one of these statuses (wrapping to the start)."""
        wanted = list(statuses)
        with self.engine.connect() as connection:
            for floor in (after, 0):
                found = connection.execute(select(alerts.c.id).where(
                    alerts.c.status.in_(wanted), alerts.c.id > floor)
                    .order_by(alerts.c.id).limit(1)).scalar()
                if found is not None:
                    return int(found)
        return None

    def decide(self, alert_ids: Iterable[int], *, decision: str, reason: str,
               by: str) -> list[dict[str, Any]]:
        """Record a decision on each alert, for the content it shows now. All or nothing."""
        if decision not in DECISIONS:
            raise UsageError(f"decision must be one of {', '.join(DECISIONS)}")
        if not reason.strip() or not by.strip():
            raise UsageError("a decision needs a reason and who takes it")
        ids = sorted(set(alert_ids))
        at = utc_now()
        out = []
        with self._transaction() as connection:
            found = {r.id: r for r in connection.execute(
                select(alerts, subjects.c.attributes).join(
                    subjects, subjects.c.id == alerts.c.subject_id)
                .where(alerts.c.id.in_(ids)))}
            missing = [str(i) for i in ids if i not in found]
            if missing:
                raise UsageError(f"no alert {', '.join(missing)} in {self.display}")
            trail = []
            for alert_id in ids:
                row = found[alert_id]
                values = {"alert_id": alert_id, "decision": decision, "reason": reason,
                          "by": by, "at": at, "entry_fingerprint": row.entry_fingerprint,
                          "subject_fingerprint": row.subject_fingerprint,
                          "entry_content": row.entry_content,
                          "subject_attributes": row.attributes}
                decision_id = connection.execute(
                    decisions.insert().values(**values)).inserted_primary_key[0]
                connection.execute(update(alerts).where(alerts.c.id == alert_id).values(
                    decision_id=decision_id, status="decided", change=None))
                trail.append(("decision", {
                    "decision_id": decision_id, "alert_id": alert_id, "decision": decision,
                    "reason": reason, "by": by, "at": at,
                    "entry_fingerprint": row.entry_fingerprint,
                    "subject_fingerprint": row.subject_fingerprint}))
                out.append({"decision_id": decision_id, "alert_id": alert_id,
                            "decision": decision, "by": by, "at": at})
            audit.append(connection, at, trail)
        return out

    def propose(self, alert_id: int, *, decision: str, reason: str, by: str) -> dict[str, Any]:
        """An analyst's proposed decision: kept, and on the trail, until a reviewer decides."""
        if decision not in DECISIONS:
            raise UsageError(f"decision must be one of {', '.join(DECISIONS)}")
        if not reason.strip() or not by.strip():
            raise UsageError("a proposal needs a reason and who makes it")
        at = utc_now()
        with self._transaction() as connection:
            if connection.execute(select(alerts.c.id).where(alerts.c.id == alert_id)
                                  ).first() is None:
                raise UsageError(f"no alert {alert_id} in {self.display}")
            proposal_id = connection.execute(proposals.insert().values(
                alert_id=alert_id, decision=decision, reason=reason, by=by, at=at)
            ).inserted_primary_key[0]
            record = {"proposal_id": proposal_id, "alert_id": alert_id, "decision": decision,
                      "reason": reason, "by": by, "at": at}
            audit.append(connection, at, [("proposal", record)])
        return record

    def proposals(self, alert_id: int) -> list[dict[str, Any]]:
        """The proposals made on an alert, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(proposals).where(proposals.c.alert_id == alert_id)
                                      .order_by(proposals.c.id)).all()
        return [{"id": r.id, "decision": r.decision, "reason": r.reason, "by": r.by,
                 "at": r.at} for r in rows]

    def mark_delisted(self, entity_ids_present: set[str], *, run_id: int) -> list[AlertState]:
        """Alerts whose entity is in none of the current lists: status `delisted`."""
        at = utc_now()
        gone = []
        with self._transaction() as connection:
            rows = connection.execute(select(alerts.c.id, alerts.c.entity_id)
                                      .where(alerts.c.status != "delisted")).all()
            trail = []
            for row in rows:
                if row.entity_id in entity_ids_present:
                    continue
                connection.execute(update(alerts).where(alerts.c.id == row.id)
                                   .values(status="delisted", last_run=run_id))
                trail.append(("delisted", {"alert_id": row.id, "entity_id": row.entity_id,
                                           "run_id": run_id}))
                gone.append(AlertState(row.id, "delisted"))
            audit.append(connection, at, trail)
        return gone

    def subjects(self) -> list[tuple[str, dict[str, str]]]:
        """Every stored subject: (key, fields), in the order first seen."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(subjects.c.key, subjects.c.attributes)
                                      .order_by(subjects.c.id)).all()
        return [(r.key, json.loads(r.attributes)) for r in rows]

    def entry_prints(self) -> dict[str, str]:
        """Each list entry's fingerprint at the last monitoring run (empty before the first)."""
        with self.engine.connect() as connection:
            return {r.entity_id: r.fingerprint for r in connection.execute(
                select(entries.c.entity_id, entries.c.fingerprint))}

    def save_entry_prints(self, prints: dict[str, str], *, run_id: int,
                          names: dict[str, list[str]] | None = None) -> None:
        """Remember what each entry said at this run (its fingerprint and names), replacing
        what was remembered."""
        stored = self.entry_prints()
        names = names or {}
        with self._transaction() as connection:
            gone = sorted(set(stored) - set(prints))
            for part in chunks(gone):
                connection.execute(entries.delete().where(entries.c.entity_id.in_(part)))
            fresh = [{"entity_id": k, "fingerprint": v, "run_id": run_id,
                      "names": canonical(names.get(k, []))}
                     for k, v in prints.items() if k not in stored]
            if fresh:
                connection.execute(entries.insert(), fresh)
            moved = [{"eid": k, "fingerprint": v, "run_id": run_id,
                      "names": canonical(names.get(k, []))}
                     for k, v in prints.items() if k in stored and stored[k] != v]
            if moved:
                connection.execute(update(entries).where(
                    entries.c.entity_id == bindparam("eid")).values(
                    fingerprint=bindparam("fingerprint"), run_id=bindparam("run_id"),
                    names=bindparam("names")), moved)

    def entry_names(self, entity_ids: set[str]) -> dict[str, list[str]]:
        """The names remembered for these entries (none for an entry first seen now)."""
        ids = sorted(entity_ids)
        out: dict[str, list[str]] = {}
        with self.engine.connect() as connection:
            for part in chunks(ids):
                for row in connection.execute(select(entries.c.entity_id, entries.c.names).where(
                        entries.c.entity_id.in_(part))):
                    if row.names:
                        out[row.entity_id] = json.loads(row.names)
        return out

    def subjects_with_alerts_on(self, entity_ids: set[str]) -> set[str]:
        """Keys of the subjects that have an alert on any of these entities."""
        ids = sorted(entity_ids)
        keys: set[str] = set()
        with self.engine.connect() as connection:
            for part in chunks(ids):
                keys.update(r.key for r in connection.execute(
                    select(subjects.c.key).join(alerts, alerts.c.subject_id == subjects.c.id)
                    .where(alerts.c.entity_id.in_(part))))
        return keys

    def record_list_update(self, updates: list[dict[str, Any]]) -> None:
        """Put list updates (`FeedUpdate.to_dict()`) on the audit trail."""
        with self._transaction() as connection:
            audit.append(connection, utc_now(), [("list_update", u) for u in updates])

    # -- the trail ----------------------------------------------------------------------

    def audit_trail(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return audit.trail(connection, limit=limit)

    def verify(self) -> audit.Verification:
        with self.engine.connect() as connection:
            return audit.verify(connection)


class _Transaction:
    """A write transaction whose database errors become a `StoreError` naming the store."""

    def __init__(self, store: Store):
        self.store = store
        self.context: Any = None

    def __enter__(self) -> Connection:
        try:
            self.context = self.store.engine.begin()
            connection: Connection = self.context.__enter__()
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.store.display}: cannot write: {exc}") from exc
        return connection

    def __exit__(self, kind: Any, exc: Any, trace: Any) -> None:
        try:
            self.context.__exit__(kind, exc, trace)
        except SQLAlchemyError as error:
            raise StoreError(f"{self.store.display}: nothing written: {error}") from error
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(f"{self.store.display}: nothing written: {exc}") from exc


def _upsert_subjects(connection: Connection, items: Sequence[ScreenedSubject], run_id: int,
                     ) -> tuple[dict[str, int], dict[str, str]]:
    latest = {item.key: item.fields for item in items}  # a repeated subject: its last row
    existing: dict[str, Any] = {}
    keys = sorted(latest)
    for chunk in chunks(keys):
        for row in connection.execute(select(subjects.c.id, subjects.c.key,
                                             subjects.c.fingerprint)
                                      .where(subjects.c.key.in_(chunk))):
            existing[row.key] = row
    prints = {key: fingerprint(fields) for key, fields in latest.items()}
    fresh = [{"key": k, "name": latest[k]["name"], "attributes": canonical(latest[k]),
              "fingerprint": prints[k], "first_run": run_id, "last_run": run_id}
             for k in keys if k not in existing]
    ids = {k: r.id for k, r in existing.items()}
    if fresh:
        inserted = connection.execute(
            subjects.insert().returning(subjects.c.id, subjects.c.key,
                                        sort_by_parameter_order=True), fresh)
        ids.update({r.key: r.id for r in inserted})
    seen = [{"sid": r.id, "name": latest[k]["name"], "attributes": canonical(latest[k]),
             "fingerprint": prints[k], "run": run_id} for k, r in existing.items()]
    if seen:
        connection.execute(update(subjects).where(subjects.c.id == bindparam("sid")).values(
            name=bindparam("name"), attributes=bindparam("attributes"),
            fingerprint=bindparam("fingerprint"), last_run=bindparam("run")), seen)
    return ids, prints


def _decisions_by_id(connection: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    return {k: decision_dict(row) for k, row in decision_rows(connection, ids).items()}


def decision_dict(row: Any) -> dict[str, Any]:
    return {"id": row.id, "decision": row.decision, "reason": row.reason, "by": row.by,
            "at": row.at}


def _alert_dict(row: Any, decision: dict[str, Any] | None) -> dict[str, Any]:
    return {"id": row.id, "status": row.status, "subject": row.subject_name,
            "subject_key": row.subject_key, "entity_id": row.entity_id,
            "entity_name": row.entity_name, "lists": json.loads(row.lists),
            "score": row.score, "explanation": json.loads(row.explanation),
            "change": json.loads(row.change) if row.change else None,
            "decision": decision, "first_run": row.first_run, "last_run": row.last_run}
